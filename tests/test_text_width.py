"""Terminal widths without a rendering library: Hangul takes two columns, combining marks none, and every
text the course shows measures as rich measures it."""
import glob

from rich.cells import cell_len

from grader.catalog import GRADER_DIR
from grader.text_width import display_width


def test_hangul_takes_two_columns_and_combining_marks_none():
    assert display_width("abc") == 3
    assert display_width("퍼셉트론") == 8
    assert display_width("x̄") == 1  # x + COMBINING MACRON
    assert display_width("# ─── q01 · 단일 선택 ") == 22


def test_every_character_of_the_banks_and_catalogues_measures_as_rich_does():
    paths = glob.glob(str(GRADER_DIR / "quizbank" / "*.toml")) + glob.glob(str(GRADER_DIR / "locales" / "**" / "*.toml"),
                                                                        recursive=True)
    chars = {char for path in paths for char in open(path, encoding="utf-8").read() if char.isprintable()}
    assert len(chars) > 500
    assert {char for char in chars if display_width(char) != cell_len(char)} == set()
