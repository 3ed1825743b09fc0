"""Similarity results for people: a terminal view (rich) and an HTML section for the class report, both
showing each flagged pair's matching regions side by side. Pure: results and source texts in."""
import html

from rich.console import Group
from rich.table import Table
from rich.text import Text

from grader.i18n import t

MAX_REGIONS = 3   # regions shown per pair, largest first
MAX_LINES = 12    # lines shown per side of a region


def _excerpt(text, first, last):
    lines = text.splitlines()
    last = min(last, first + MAX_LINES - 1, len(lines))
    return [(number, lines[number - 1]) for number in range(first, last + 1)]


def _numbered(lines, index):
    if index >= len(lines):
        return Text("")
    number, line = lines[index]
    return Text(f"{number:>4} {line}", no_wrap=True, overflow="ellipsis")


def _percent(value):
    return f"{100 * value:.0f}%"


def pairs_table(result, pairs):
    """One row per pair: the two submissions, share of code in common, matched tokens, regions."""
    table = Table(title=t("similarity.exercise", exercise=result.exercise, count=len(result.flagged)),
                  title_justify="left", show_edge=False, pad_edge=False)
    for key in ("first", "second", "share", "tokens", "regions"):
        table.add_column(t(f"similarity.column.{key}"), justify="right" if key in ("share", "tokens", "regions")
                         else "left")
    for pair in pairs:
        table.add_row(pair.a, pair.b, _percent(pair.share), str(pair.matched_tokens), str(len(pair.regions)),
                      style="bold red" if pair.flagged else "")
    return table


def side_by_side(pair, sources):
    """The pair's largest matching regions, each as two columns of numbered source lines."""
    parts = []
    for region in pair.regions[:MAX_REGIONS]:
        table = Table(show_edge=False, pad_edge=False, expand=True, show_lines=False)
        table.add_column(f"{pair.a} · {t('similarity.lines', first=region.a[0], last=region.a[1])}", ratio=1)
        table.add_column(f"{pair.b} · {t('similarity.lines', first=region.b[0], last=region.b[1])}", ratio=1)
        left = _excerpt(sources[pair.a], *region.a)
        right = _excerpt(sources[pair.b], *region.b)
        for index in range(max(len(left), len(right))):
            table.add_row(_numbered(left, index), _numbered(right, index))
        parts.append(table)
    return Group(*parts)


def similarity_view(results, sources, *, show=10):
    """The terminal report: per exercise its most similar pairs, then the flagged ones side by side."""
    parts = []
    for result in results:
        pairs = result.flagged or result.pairs[:min(show, 3)]
        parts.append(pairs_table(result, pairs[:show]))
        for pair in result.flagged[:show]:
            parts.append(Text(t("similarity.pair", a=pair.a, b=pair.b, share=_percent(pair.share)), style="bold"))
            parts.append(side_by_side(pair, sources[result.exercise]))
        for name, why in sorted(result.skipped.items()):
            parts.append(Text(t("similarity.skipped", name=name, why=why), style="yellow"))
        parts.append(Text(""))
    return Group(*parts)


def _pre(text, first, last, marked):
    rows = []
    for number, line in _excerpt(text, first, last):
        cell = f'<span class="ln">{number}</span>{html.escape(line)}'
        rows.append(f"<mark>{cell}</mark>" if marked else cell)
    return "<pre>" + "\n".join(rows) + "</pre>"


def html_section(results, sources, *, show=10):
    """An HTML ``<section>`` for the class report: flagged pairs per exercise with their regions side by side."""
    out = [f'<section id="similarity"><h2>{html.escape(t("similarity.heading"))}</h2>',
           f"<p>{html.escape(t('similarity.explained'))}</p>"]
    for result in results:
        out.append(f"<h3>{html.escape(t('similarity.exercise', exercise=result.exercise, count=len(result.flagged)))}"
                   "</h3>")
        for pair in result.flagged[:show]:
            out.append(f"<h4>{html.escape(t('similarity.pair', a=pair.a, b=pair.b, share=_percent(pair.share)))}"
                       "</h4>")
            for region in pair.regions[:MAX_REGIONS]:
                out.append('<div class="side-by-side">'
                           f"{_pre(sources[result.exercise][pair.a], *region.a, True)}"
                           f"{_pre(sources[result.exercise][pair.b], *region.b, True)}</div>")
        if not result.flagged:
            out.append(f"<p>{html.escape(t('similarity.none'))}</p>")
    out.append("</section>")
    return "\n".join(out)
