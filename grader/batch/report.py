"""The class report as one self-contained HTML page: :func:`html_report` of :mod:`grader.batch.analytics`.

The page answers the instructor's questions first (who needs help, which checks fail among those
who tried, the common mistakes, grading problems and integrity notes naming learners) in compact
collapsible sections; plots (matplotlib, embedded as base64 PNG) and timings come after, folded.
No scripts, no external resources; learner text is escaped. matplotlib is imported only here.
"""
import base64
import datetime
import html
import io

from grader.batch.analytics import analyse
from grader.batch.cells import courses_line
from grader.batch.render import status_headers
from grader.i18n import language, t
from grader.plot_text import plot_text, with_label_font
from grader.results import ERROR, FAILED, NOT_STARTED, PASSED

BAR = "#1f77b4"
HELP_BELOW = 50.0  # percent: a learner under it is counted as needing help
TOP_CHECKS = 10  # failing checks shown before the rest is folded
__all__ = ["analyse", "html_report"]


# ---- plots -----------------------------------------------------------------------------------------
def _png(figure):
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=100, bbox_inches="tight")
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def _figure(width, height):
    from matplotlib.figure import Figure  # Agg through the Figure API: no pyplot, no global backend change

    figure = Figure(figsize=(width, height))
    return figure, figure.add_subplot()


@with_label_font
def plot_distribution(analytics):
    figure, axes = _figure(7, 3.2)
    labels = [label for label, _ in analytics.distribution]
    axes.bar(range(len(labels)), [n for _, n in analytics.distribution], color=BAR)
    axes.set_xticks(range(len(labels)), labels, rotation=30, ha="right", fontsize=8)
    axes.set_ylabel(plot_text("batch.plot.submissions"))
    axes.set_title(plot_text("batch.plot.total_score"))
    axes.yaxis.get_major_locator().set_params(integer=True)
    return _png(figure)


@with_label_font
def plot_exercises(analytics):
    figure, axes = _figure(7, 0.5 + 0.35 * max(3, len(analytics.exercises)))
    names = [e.id for e in analytics.exercises][::-1]
    colours = {PASSED: "#2ca02c", FAILED: "#d62728", NOT_STARTED: "#bbbbbb", ERROR: "#9467bd"}
    left = [0] * len(names)
    for status, colour in colours.items():
        values = [e.counts.get(status, 0) for e in analytics.exercises][::-1]
        axes.barh(names, values, left=left, color=colour, label=plot_text(f"status.{status}"))
        left = [a + b for a, b in zip(left, values)]
    axes.set_xlabel(plot_text("batch.plot.submissions"))
    axes.set_title(plot_text("batch.plot.outcomes"))
    axes.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, frameon=False)
    return _png(figure)


@with_label_font
def plot_checks(analytics, limit=20):
    shown = analytics.checks[:limit][::-1]
    figure, axes = _figure(7, 0.5 + 0.3 * max(3, len(shown)))
    axes.barh([f"{c.exercise}/{c.check}" for c in shown], [100 * c.failure_rate for c in shown], color=BAR)
    axes.set_xlim(0, 100)
    axes.set_xlabel(plot_text("batch.plot.not_passing"))
    axes.set_title(plot_text("batch.report.worst_checks", count=len(shown)))
    axes.tick_params(axis="y", labelsize=8)
    return _png(figure)


# ---- HTML ------------------------------------------------------------------------------------------
STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI","Noto Sans CJK KR","Noto Sans KR","Apple SD Gothic Neo",
     "Malgun Gothic",NanumGothic,sans-serif;margin:1.5rem auto;max-width:1100px;color:#222;background:#fff;
     padding:0 1rem;font-size:15px}
h1{margin-bottom:.2rem} .muted{color:#666}
.cards{display:flex;gap:.8rem;flex-wrap:wrap;margin:.8rem 0}
.card{border:1px solid #ddd;border-radius:8px;padding:.5rem 1rem;min-width:7rem}
.card b{display:block;font-size:1.4rem} .card.alert b{color:#b00020}
details{border:1px solid #e3e3e3;border-radius:8px;margin:.6rem 0;padding:.2rem .8rem}
summary{cursor:pointer;font-weight:600;font-size:1.05rem;padding:.35rem 0}
td details{border:0;margin:0;padding:0} td summary{font-size:.88rem;font-weight:400;padding:0;color:#1f4fa0}
summary .count{font-weight:400;color:#666}
table{border-collapse:collapse;margin:.3rem 0 .8rem;width:100%;font-size:.88rem}
th,td{border-bottom:1px solid #eee;padding:.25rem .45rem;text-align:left;vertical-align:top;word-break:keep-all}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
.bar{display:inline-block;height:.6rem;background:#1f77b4;vertical-align:middle;margin-right:.3rem}
.bar.low{background:#d62728}
.flag{display:inline-block;background:#fff3b0;border-radius:4px;padding:0 .3rem;margin:0 .2rem .1rem 0;
      font-size:.8rem}
.flag.problem{background:#f3d1ff}
img{max-width:100%;height:auto;display:block;margin:.5rem 0 1rem}
code{white-space:pre-wrap;word-break:break-word;font-size:.82rem}
.side-by-side{display:grid;grid-template-columns:1fr 1fr;gap:.5rem;margin:.3rem 0 1rem}
.side-by-side pre{margin:0;padding:.4rem;background:#f6f6f6;overflow-x:auto;font-size:.8rem}
.side-by-side mark{background:#fff3b0;display:block} .ln{color:#999;display:inline-block;width:3em}
"""


def _e(value):
    return html.escape(str(value), quote=True)


def _num(value):
    return f"{value:g}" if isinstance(value, float) else str(value)


def _table(headers, rows, numeric=()):
    head = "".join(f'<th class="n">{_e(h)}</th>' if i in numeric else f"<th>{_e(h)}</th>"
                   for i, h in enumerate(headers))
    body = "".join("<tr>" + "".join(f'<td class="n">{cell}</td>' if i in numeric else f"<td>{cell}</td>"
                                    for i, cell in enumerate(row)) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _section(anchor, title, body, *, count=None, open_=False):
    """A collapsible section; ``count`` follows the title in grey."""
    extra = f' <span class="count">({_e(count)})</span>' if count is not None else ""
    return (f'<details id="{anchor}"{" open" if open_ else ""}><summary>{_e(title)}{extra}</summary>'
            f"{body}</details>")


def _names(names, limit=12):
    shown = ", ".join(_e(n) for n in names[:limit])
    return shown + (f", … (+{len(names) - limit})" if len(names) > limit else "")


def _learners(a):
    rows = []
    for row in a.learners:
        low = " low" if row.percent < HELP_BELOW else ""
        bar = f'<span class="bar{low}" style="width:{row.percent * 0.8:.0f}px"></span>'
        flags = "".join(f'<span class="flag{" problem" if problem else ""}">{_e(text)}</span>'
                        for text, problem in row.flags)
        rows.append((_e(row.name), f"{_num(row.total)}/{_num(row.max_total)}", f"{bar}{row.percent:.0f}%",
                     f"{row.passed}/{len(a.exercises)}", row.attempted, "–" if row.hints is None else row.hints,
                     _e(t(f"batch.status.{row.status}")), flags))
    return _table([t("batch.column.submission"), t("column.score"), "%", t("batch.column.passed_exercises"),
                   t("batch.column.attempted"), t("batch.column.hints"), t("column.status"), t("batch.column.flags")],
                  rows, numeric=(1, 3, 4, 5))


def _checks(a, status, shown=TOP_CHECKS):
    """The checks with failures, worst first: the first ``shown`` in view, the others folded below them."""
    rows = [(f'<span id="{_e(c.anchor)}">{_e(c.exercise)}/{_e(c.check)}</span>', _e(c.title), c.attempted,
             f"{100 * c.failure_rate:.0f}%", c.counts.get(FAILED, 0), c.counts.get(ERROR, 0),
             c.counts.get(NOT_STARTED, 0), f"<details><summary>{len(c.failing)}</summary>"
             f"{_names(c.failing, limit=200)}</details>") for c in a.checks if c.failing]
    headers = [t("column.check"), t("column.title"), t("batch.column.attempted"), t("batch.column.failing"),
               *(status[s] for s in (FAILED, ERROR, NOT_STARTED)), t("batch.column.who")]
    body = _table(headers, rows[:shown], numeric=range(2, 7))
    if len(rows) > shown:
        rest = _table(headers, rows[shown:], numeric=range(2, 7))
        body += _section("checks-more", t("batch.report.more_checks"), rest, count=len(rows) - shown)
    return body


def _mistakes(a):
    if not a.mistakes:
        return f"<p>{_e(t('batch.report.no_failures'))}</p>"
    rows = [(len(m.learners), _e(m.exercise), f"<code>{_e(m.text)}</code><br><span class=\"muted\">"
             f"{_e(t('batch.report.example'))} <code>{_e(m.example)}</code></span>",
             ", ".join(f'<a href="#check-{_e(m.exercise)}-{_e(c)}">{_e(c)}</a>' for c in m.checks[:4]),
             _names(m.learners)) for m in a.mistakes]
    return _table([t("batch.column.learners"), t("column.exercise"), t("batch.column.diagnosis"),
                   t("batch.column.where"), t("batch.column.who")], rows, numeric=(0,))


def html_report(analytics, *, title=None, generated=None, sections=()):
    """The analytics as one self-contained HTML page (plots as base64 PNG, no scripts); ``sections`` are
    further HTML sections placed at its end (the similarity section)."""
    title = title or t("batch.report.default_title")
    generated = generated or datetime.datetime.now().strftime("%Y-%m-%d %H:%M")
    a = analytics
    need_help = sum(row.percent < HELP_BELOW for row in a.learners)
    problem_learners = sorted({s for s, *_ in a.problems})
    flagged = sorted({s for s, *_ in a.notes})
    cards = [(t("batch.card.submissions"), a.submissions, False),
             (t("batch.column.mean"), f"{a.mean_percent:.0f}%", False),
             (t("batch.column.median"), f"{a.median_percent:.0f}%", False),
             (t("batch.card.need_help", percent=f"{HELP_BELOW:g}"), need_help, need_help > 0),
             (t("batch.report.problems"), len(problem_learners), bool(problem_learners)),
             (t("batch.card.flagged"), len(flagged), bool(flagged))]
    parts = [
        "<!DOCTYPE html>", f'<html lang="{language()}"><head><meta charset="utf-8">',
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; "
        "style-src 'unsafe-inline'\">",
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(title)}</title><style>{STYLE}</style></head><body>",
        f"<h1>{_e(title)}</h1><p class=\"muted\">{_e(t('batch.report.generated', time=generated))}</p>",
        *([f'<p class="muted">{_e(courses_line(a.courses))}</p>'] if a.courses else []),
        '<div class="cards">' + "".join(f'<div class="card{" alert" if alert else ""}"><b>{_e(v)}</b>{_e(k)}</div>'
                                        for k, v, alert in cards) + "</div>",
    ]
    if not a.submissions:
        parts.append(f"<p>{_e(t('batch.report.empty'))}</p></body></html>")
        return "\n".join(parts)
    status = status_headers()
    if a.problems:
        table = _table([t("batch.column.submission"), t("column.exercise"), t("batch.column.reason"),
                        t("batch.column.message")],
                       [(_e(s), _e(e), _e(r), f"<code>{_e(m)}</code>") for s, e, r, m in a.problems])
        parts.append(_section("problems", t("batch.report.problems"),
                              f"<p>{_e(t('batch.report.problems_why'))}</p>{table}", count=len(a.problems), open_=True))
    parts += [
        _section("learners", t("batch.report.learners"), _learners(a), count=len(a.learners), open_=True),
        _section("checks", t("batch.report.per_check"), f"<p class=\"muted\">{_e(t('batch.report.per_check_why'))}</p>"
                 + _checks(a, status), count=sum(1 for c in a.checks if c.failing), open_=True),
        _section("mistakes", t("batch.report.messages"), _mistakes(a), count=len(a.mistakes), open_=True),
    ]
    if a.notes:
        parts.append(_section("integrity", t("batch.report.integrity_title"), _table(
            [t("batch.column.submission"), t("column.exercise"), t("batch.column.kind"), t("batch.column.noticed")],
            [(_e(s), _e(e), _e(t(f"batch.note.{k}")), _e(n)) for s, e, k, n in a.notes]),
            count=len(flagged), open_=True))
    parts += [
        _section("distribution", t("batch.report.distribution"),
                 _plot_image("distribution", t("batch.report.histogram"), plot_distribution(a))
                 + _plot_image("exercises", t("batch.plot.outcomes"), plot_exercises(a))
                 + _plot_image("checks", t("batch.report.check_rates"), plot_checks(a))),
        _section("exercises", t("batch.report.exercises"), _table(
            [t("column.exercise"), t("column.title"), t("batch.column.graded"), t("batch.column.mean"),
             t("batch.column.median"), t("batch.column.max"),
             *(status[s] for s in (PASSED, FAILED, NOT_STARTED, ERROR))],
            [(_e(e.id), _e(e.title), e.graded, f"{e.mean:.2f}", _num(e.median), _num(e.max_score),
              *(e.counts.get(s, 0) for s in (PASSED, FAILED, NOT_STARTED, ERROR))) for e in a.exercises],
            numeric=range(2, 10))),
        _section("slowest", t("batch.report.slowest"), _table(
            [t("batch.column.submission"), t("batch.column.seconds"), t("batch.column.slowest_exercise"),
             t("batch.column.its_seconds")],
            [(_e(n), f"{s:.1f}", _e(e), f"{es:.1f}") for n, s, e, es in a.slowest], numeric=(1, 3))),
        *sections, "</body></html>",
    ]
    return "\n".join(parts) + "\n"


def _plot_image(name, alt, png):
    return f'<img id="plot-{name}" alt="{_e(alt)}" src="data:image/png;base64,{png}">'
