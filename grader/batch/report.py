"""Class analytics of a gradebook and a self-contained HTML report.

``analyse(records)`` computes plain data (score distribution, per-exercise and per-check outcome
rates, the most common failure messages, the slowest submissions, grading problems);
``html_report(analytics)`` turns it into one HTML page with matplotlib plots embedded as base64 PNG
(no scripts, no external resources; learner text is escaped). matplotlib is imported only here.
"""
import base64
import datetime
import html
import io
import re
import statistics
from collections import Counter
from dataclasses import dataclass, field

from grader.batch.cells import exercise_columns
from grader.batch.render import status_headers
from grader.i18n import language, t
from grader.plot_text import plot_text, with_label_font
from grader.results import ERROR, FAILED, NOT_STARTED, PASSED

BAR = "#1f77b4"
BINS = 10


@dataclass
class ExerciseStats:
    id: str
    title: str
    max_score: float
    graded: int = 0
    mean: float = 0.0
    median: float = 0.0
    counts: dict = field(default_factory=dict)  # status -> n


@dataclass
class CheckStats:
    exercise: str
    check: str
    title: str
    graded: int = 0
    counts: dict = field(default_factory=dict)

    @property
    def failure_rate(self):
        """Share of submissions where this check did not pass (failed, error or not started)."""
        return (self.graded - self.counts.get(PASSED, 0)) / self.graded if self.graded else 0.0


@dataclass
class MessageStats:
    message: str
    count: int    # submission × exercise results whose failures carry this message
    checks: list  # "exercise/check" where it occurred, most frequent first


@dataclass
class Analytics:
    submissions: int
    max_total: float
    totals: list          # (name, total) sorted by name
    distribution: list    # (label, count) of totals as percent of max_total, BINS bins
    exercises: list       # ExerciseStats, course order
    checks: list          # CheckStats, highest failure rate first
    messages: list        # MessageStats, most common first
    slowest: list         # (name, seconds, slowest exercise, its seconds), slowest first
    problems: dict        # reason -> number of results recorded without a normal check()
    integrity: list = field(default_factory=list)  # (submission, exercise, note): what the grader noticed

    @property
    def mean_percent(self):
        return 100 * statistics.fmean(t for _, t in self.totals) / self.max_total if self.totals and self.max_total \
            else 0.0

    @property
    def median_percent(self):
        return 100 * statistics.median(t for _, t in self.totals) / self.max_total if self.totals and self.max_total \
            else 0.0


def normalise_message(message, limit=160):
    """The part of a failure message that repeats across learners: its first line, whitespace collapsed."""
    line = next((l for l in (message or "").splitlines() if l.strip()), "")
    line = re.sub(r"\s+", " ", line).strip()
    return line if len(line) <= limit else line[:limit - 1] + "…"


def _bins(percents):
    counts = [0] * BINS
    for p in percents:
        counts[min(BINS - 1, max(0, int(p // (100 / BINS))))] += 1
    width = 100 // BINS
    return [(f"{i * width}–{(i + 1) * width}%", n) for i, n in enumerate(counts)]


def analyse(records, *, top=10):
    """Class analytics of loaded gradebook records."""
    columns = exercise_columns(records)
    max_total = sum(m for _, _, m in columns)
    exercises = {e: ExerciseStats(e, t, m) for e, t, m in columns}
    scores, checks, messages, where, problems, integrity = {}, {}, Counter(), {}, Counter(), []
    for record in records:
        for exercise, graded in record.graded.items():
            integrity += [(record.name, exercise, note) for note in graded.result.integrity]
            stats = exercises[exercise]
            stats.graded += 1
            stats.counts[graded.result.status] = stats.counts.get(graded.result.status, 0) + 1
            scores.setdefault(exercise, []).append(graded.result.score)
            if graded.reason:
                problems[graded.reason] += 1
            seen = set()  # a message counts once per submission × exercise, however many checks repeat it
            for check in graded.result.checks:
                key = (exercise, check.id)
                entry = checks.setdefault(key, CheckStats(exercise, check.id, check.title))
                entry.graded += 1
                entry.counts[check.status] = entry.counts.get(check.status, 0) + 1
                if check.status in (FAILED, ERROR):
                    text = normalise_message(check.message)
                    if text:
                        messages[text] += text not in seen
                        seen.add(text)
                        where.setdefault(text, Counter())[f"{exercise}/{check.id}"] += 1
    for exercise, values in scores.items():
        exercises[exercise].mean = statistics.fmean(values)
        exercises[exercise].median = statistics.median(values)
    totals = [(r.name, r.total) for r in records]
    slowest = []
    for record in sorted(records, key=lambda r: -r.duration)[:top]:
        worst = max(record.graded.values(), key=lambda g: g.duration, default=None)
        slowest.append((record.name, record.duration, worst.exercise if worst else "", worst.duration if worst else 0))
    ranked = sorted(checks.values(), key=lambda c: (-c.failure_rate, c.exercise, c.check))
    common = [MessageStats(text, n, [k for k, _ in where[text].most_common()]) for text, n in messages.most_common(top)]
    percents = [100 * t / max_total for _, t in totals] if max_total else []
    return Analytics(submissions=len(records), max_total=max_total, totals=totals, distribution=_bins(percents),
                     exercises=list(exercises.values()), checks=ranked, messages=common, slowest=slowest,
                     problems=dict(problems), integrity=integrity)


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
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem auto;max-width:1100px;color:#222;
     background:#fff;padding:0 1rem}
h1{margin-bottom:.2rem} .muted{color:#666}
.cards{display:flex;gap:1rem;flex-wrap:wrap;margin:1rem 0}
.card{border:1px solid #ddd;border-radius:8px;padding:.8rem 1.2rem;min-width:9rem}
.card b{display:block;font-size:1.6rem}
table{border-collapse:collapse;margin:.5rem 0 1.5rem;width:100%;font-size:.9rem}
th,td{border-bottom:1px solid #e5e5e5;padding:.3rem .5rem;text-align:left;vertical-align:top}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
img{max-width:100%;height:auto;display:block;margin:.5rem 0 1.5rem}
code{white-space:pre-wrap;word-break:break-word}
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


def html_report(analytics, *, title=None, generated=None, sections=()):
    """The analytics as one self-contained HTML page (plots as base64 PNG, no scripts); ``sections`` are
    further HTML sections placed at its end (the similarity section)."""
    title = title or t("batch.report.default_title")
    generated = generated or datetime.datetime.now().strftime("%Y-%m-%d %H:%M")
    a = analytics
    cards = [(t("batch.card.submissions"), a.submissions), (t("batch.card.maximum"), _num(a.max_total)),
             (t("batch.column.mean"), f"{a.mean_percent:.0f}%"), (t("batch.column.median"), f"{a.median_percent:.0f}%"),
             (t("batch.report.problems"), sum(a.problems.values())), (t("summary.integrity"), len(a.integrity))]
    parts = [
        "<!DOCTYPE html>", f'<html lang="{language()}"><head><meta charset="utf-8">',
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; "
        "style-src 'unsafe-inline'\">",
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(title)}</title><style>{STYLE}</style></head><body>",
        f"<h1>{_e(title)}</h1><p class=\"muted\">{_e(t('batch.report.generated', time=generated))}</p>",
        '<div class="cards">' + "".join(f'<div class="card"><b>{_e(v)}</b>{_e(k)}</div>' for k, v in cards) + "</div>",
    ]
    if not a.submissions:
        parts.append(f"<p>{_e(t('batch.report.empty'))}</p></body></html>")
        return "\n".join(parts)
    status = status_headers()
    parts += [
        _heading("distribution", t("batch.report.distribution")),
        _plot_image("distribution", t("batch.report.histogram"), plot_distribution(a)),
        _heading("exercises", t("batch.report.exercises")),
        _plot_image("exercises", t("batch.plot.outcomes"), plot_exercises(a)),
        _table([t("column.exercise"), t("column.title"), t("batch.column.graded"), t("batch.column.mean"),
                t("batch.column.median"), t("batch.column.max"),
                *(status[s] for s in (PASSED, FAILED, NOT_STARTED, ERROR))],
               [(_e(e.id), _e(e.title), e.graded, f"{e.mean:.2f}", _num(e.median), _num(e.max_score),
                 *(e.counts.get(s, 0) for s in (PASSED, FAILED, NOT_STARTED, ERROR))) for e in a.exercises],
               numeric=range(2, 10)),
        _heading("checks", t("batch.report.per_check")),
        _plot_image("checks", t("batch.report.check_rates"), plot_checks(a)),
        _table([t("column.check"), t("column.title"), t("batch.column.graded"), t("batch.column.not_passing"),
                *(status[s] for s in (FAILED, ERROR, NOT_STARTED))],
               [(f"{_e(c.exercise)}/{_e(c.check)}", _e(c.title), c.graded, f"{100 * c.failure_rate:.0f}%",
                 c.counts.get(FAILED, 0), c.counts.get(ERROR, 0), c.counts.get(NOT_STARTED, 0)) for c in a.checks],
               numeric=range(2, 7)),
        _heading("messages", t("batch.report.messages")),
        _table([t("batch.column.results"), t("batch.column.message"), t("batch.column.where")],
               [(m.count, f"<code>{_e(m.message)}</code>", _e(", ".join(m.checks[:5]))) for m in a.messages],
               numeric=(0,)) if a.messages else f"<p>{_e(t('batch.report.no_failures'))}</p>",
        _heading("slowest", t("batch.report.slowest")),
        _table([t("batch.column.submission"), t("batch.column.seconds"), t("batch.column.slowest_exercise"),
                t("batch.column.its_seconds")],
               [(_e(n), f"{s:.1f}", _e(e), f"{es:.1f}") for n, s, e, es in a.slowest], numeric=(1, 3)),
    ]
    if a.problems:
        parts += [_heading("problems", t("batch.report.problems")),
                  _table([t("batch.column.reason"), t("batch.column.results")],
                         [(_e(k), v) for k, v in sorted(a.problems.items())], numeric=(1,))]
    if a.integrity:
        parts += [_heading("integrity", t("summary.integrity")),
                  _table([t("batch.column.submission"), t("column.exercise"), t("batch.column.noticed")],
                         [(_e(s), _e(e), _e(n)) for s, e, n in a.integrity])]
    parts += [*sections, "</body></html>"]
    return "\n".join(parts) + "\n"


def _heading(anchor, text):
    return f'<h2 id="{anchor}">{_e(text)}</h2>'


def _plot_image(name, alt, png):
    return f'<img id="plot-{name}" alt="{_e(alt)}" src="data:image/png;base64,{png}">'
