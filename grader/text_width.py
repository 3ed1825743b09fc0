"""How many terminal columns a text takes: what wrapping by columns needs (help, answers files), without a
rendering library."""
import unicodedata


def char_width(char):
    """Columns of one character: East Asian wide characters (Hangul) take two, combining marks none."""
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in "WF" else 1


def display_width(text):
    """Terminal columns of ``text``."""
    return sum(char_width(char) for char in text)
