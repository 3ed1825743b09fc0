"""Text on plots in the learner's language, drawn with a font that has its characters.

matplotlib draws empty boxes for characters its font lacks, so a label falls back to the catalog's
language when no installed font can draw the current language's script (``FONT_SAMPLE`` of its
module in ``grader/languages/``). matplotlib is imported only when a plot is drawn.
"""
import functools

from grader import catalog, languages
from grader.i18n import language, messages, t


@functools.cache
def font_drawing(sample):
    """The name of an installed font with a distinct glyph for every character of ``sample``, or None."""
    from matplotlib import font_manager, ft2font

    for entry in font_manager.fontManager.ttflist:
        try:
            glyphs = ft2font.FT2Font(entry.fname).get_charmap()
        except (OSError, RuntimeError):
            continue
        found = [glyphs.get(ord(char)) for char in sample]
        # Distinct glyphs, not one placeholder per Unicode block (matplotlib's own Last Resort font).
        if None not in found and len(set(found)) == len(found):
            return entry.name
    return None


def label_font():
    """The font the current language's labels need: a name, None for matplotlib's default, or False if none can."""
    sample = languages.font_sample(language())
    if sample is None:
        return None
    return font_drawing(sample) or False


def plot_text(key, **fields):
    """A plot label in the current language; in the catalog's language when no installed font can draw it."""
    if label_font() is False:
        return messages(catalog.source_language())[key].format(**fields)
    return t(key, **fields)


def with_label_font(draw):
    """Run a plot function with a font that can draw its labels."""
    @functools.wraps(draw)
    def plot(*args, **kwargs):
        from matplotlib import rc_context

        font = label_font()
        with rc_context({"font.family": [font, "DejaVu Sans"]} if font else {}):
            return draw(*args, **kwargs)

    return plot
