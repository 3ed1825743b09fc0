"""Rich renderables as an HTML fragment for notebook cells: a ``<pre>`` that inherits the page's theme.

Rich's ``export_html`` writes a whole page (``<!DOCTYPE>``, a ``body`` rule) with the terminal theme's
foreground and background baked in, which turns into a white box, or black text on black, inside a
dark JupyterLab. Here unstyled text keeps the notebook's own colour, font and background; only the
colours the feedback chooses (red for a failure, green for a pass) are set, from a palette of
mid-tones that stay legible on light and dark backgrounds alike.
"""
import html
import io

from rich.console import Console
from rich.segment import Segment
from rich.terminal_theme import TerminalTheme

# Mid-tone ANSI palette (normal, then bright): readable on white and on near-black.
PALETTE = TerminalTheme(
    (0, 0, 0), (128, 128, 128),
    [(128, 128, 128), (214, 61, 57), (46, 160, 67), (191, 140, 0), (56, 132, 222), (178, 82, 190),
     (32, 160, 170), (150, 150, 150)],
    [(150, 150, 150), (235, 90, 80), (70, 185, 90), (214, 165, 30), (90, 160, 240), (200, 110, 210),
     (60, 185, 195), (170, 170, 170)],
)
PRE_STYLE = ("margin: 0; padding: 0; background: transparent; color: inherit; white-space: pre; "
             "overflow-x: auto; line-height: 1.15; "
             "font-family: var(--jp-code-font-family, Menlo, 'DejaVu Sans Mono', Consolas, monospace); "
             "font-size: var(--jp-code-font-size, 13px)")


def _css(style):
    """Inline CSS for one Rich style; empty for plain text, so it inherits the page's colours."""
    if style is None:
        return ""
    rules = []
    if style.color is not None and not style.color.is_default:
        rules.append(f"color: {style.color.get_truecolor(PALETTE).hex}")
    if style.bgcolor is not None and not style.bgcolor.is_default:
        rules.append(f"background-color: {style.bgcolor.get_truecolor(PALETTE, foreground=False).hex}")
    if style.bold:
        rules.append("font-weight: bold")
    if style.dim:
        rules.append("opacity: 0.7")  # relative to whatever colour the text has, unlike a blended colour
    if style.italic:
        rules.append("font-style: italic")
    decorations = [name for name, on in (("underline", style.underline), ("line-through", style.strike)) if on]
    if decorations:
        rules.append(f"text-decoration: {' '.join(decorations)}")
    return "; ".join(rules)


def html_fragment(renderable, width=100):
    """``renderable`` laid out ``width`` columns wide, as one ``<pre>`` element with inline styles."""
    console = Console(width=width, file=io.StringIO(), force_terminal=True, color_system="truecolor")
    lines = console.render_lines(renderable, console.options.update(width=width), pad=False, new_lines=False)
    out = []
    for line in lines:
        for segment in Segment.simplify(line):
            if segment.control:
                continue
            css, text = _css(segment.style), html.escape(segment.text)
            out.append(f'<span style="{css}">{text}</span>' if css else text)
        out.append("\n")
    return f'<pre class="dlgrade-feedback" style="{PRE_STYLE}">{"".join(out).rstrip()}</pre>'
