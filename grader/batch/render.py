"""Pure rendering for batch grading: summaries and analytics in, rich renderables out. Nothing prints."""
from rich.console import Group
from rich.progress import BarColumn, MofNCompleteColumn, SpinnerColumn, TextColumn, TimeElapsedColumn, \
    TimeRemainingColumn
from rich.table import Table
from rich.text import Text

from grader.batch.cells import courses_line
from grader.i18n import t
from grader.render import points, status_text
from grader.results import ERROR, FAILED, NOT_STARTED, PASSED

LEFT, RIGHT = "left", "right"


def progress_columns():
    """Columns of the batch progress bar: what runs, bar, done/total, live counts, elapsed and ETA."""
    return (SpinnerColumn(), TextColumn("{task.description}", style="bold"), BarColumn(), MofNCompleteColumn(),
            TextColumn("{task.fields[counts]}"), TimeElapsedColumn(), TextColumn(t("batch.progress.eta")),
            TimeRemainingColumn())


def counts_markup(counts):
    """Live counts for the progress bar (rich markup)."""
    failed = counts.get(FAILED, 0) + counts.get(NOT_STARTED, 0)
    return (f"[green]✓ {counts.get(PASSED, 0)}[/] [red]✗ {failed}[/] "
            f"[magenta]! {counts.get(ERROR, 0)}[/]")


def summary_table(summary):
    """After a batch: one row per exercise with outcome counts (this run and unchanged) and mean score."""
    table = _table(t("batch.summary.title"), (t("column.exercise"), LEFT), *_status_columns(),
                   (t("batch.column.unchanged"), RIGHT), (t("batch.column.mean_score"), RIGHT))
    by_exercise = {}
    for outcome in summary.outcomes:
        by_exercise.setdefault(outcome.exercise, []).append(outcome)
    for exercise, outcomes in by_exercise.items():
        counts = summary.counts(outcomes)
        mean = sum(o.score for o in outcomes) / len(outcomes)
        top = max(o.max_score for o in outcomes)
        table.add_row(exercise, str(counts[PASSED]), str(counts[FAILED]), str(counts[NOT_STARTED]),
                      str(counts[ERROR]), str(sum(o.skipped for o in outcomes)), f"{mean:.2f}/{points(top)}")
    graded = len(summary.graded)
    rate = t("batch.summary.rate", rate=f"{graded / summary.wall_time:.2f}") if graded and summary.wall_time else ""
    shard = t("batch.summary.shard", index=summary.shard[0], count=summary.shard[1]) if summary.shard else ""
    lines = [Text(t("batch.summary.line", submissions=len(summary.submissions), shard=shard, graded=graded,
                    seconds=f"{summary.wall_time:.1f}", rate=rate, jobs=summary.jobs,
                    skipped=len(summary.skipped))),
             Text(t("batch.summary.gradebook", path=summary.gradebook), style="dim")]
    if summary.ignored:
        lines.append(Text(t("batch.summary.ignored", names=", ".join(summary.ignored)), style="yellow"))
    lines += [Text(note, style="yellow") for note in summary.notes]
    if problems := summary.grading_problems:
        lines.append(Text(t("batch.summary.problems", count=len(problems),
                            where=_where(problems)), style="magenta"))
    if refused := summary.refused:
        lines.append(Text(t("batch.summary.refused", count=len({o.submission for o in refused}),
                            names=", ".join(dict.fromkeys(o.submission for o in refused))), style="magenta"))
    return Group(table, *lines) if by_exercise else Group(Text(t("batch.summary.none")), *lines)


def _where(outcomes, limit=12):
    """'alice · exercise01 (crash), ...' for the first ``limit`` outcomes."""
    shown = [f"{o.submission} · {o.exercise} ({o.reason})" for o in outcomes[:limit]]
    return ", ".join(shown) + (f", … (+{len(outcomes) - limit})" if len(outcomes) > limit else "")


def _table(title, *columns, **options):
    """A borderless table with ``(header, justify)`` columns."""
    table = Table(title=title, show_edge=False, pad_edge=False, **options)
    for header, justify in columns:
        table.add_column(header, justify=justify)
    return table


def status_headers():
    """Column headers of outcome counts by status ('Passed', 'Not started', ...)."""
    return {PASSED: t("batch.column.passed"), FAILED: t("batch.column.failed"),
            NOT_STARTED: t("batch.column.not_started"), ERROR: t("batch.column.error")}


def _status_columns(order=(PASSED, FAILED, NOT_STARTED, ERROR)):
    """Right-aligned count columns headed by the statuses in ``order``."""
    headers = status_headers()
    return [(headers[status], RIGHT) for status in order]


def analytics_view(analytics, top=10):
    """``dlgrade gradebook report`` in the terminal: who needs help, failing checks, common mistakes, grading
    problems and integrity notes, then the distribution and exercises."""
    a = analytics
    if not a.submissions:
        return Text(t("batch.report.empty"))
    head = Text(t("batch.report.head", submissions=a.submissions, maximum=points(a.max_total),
                  mean=f"{a.mean_percent:.0f}", median=f"{a.median_percent:.0f}"), style="bold")
    parts = [head, *([Text(courses_line(a.courses))] if a.courses else [])]
    if a.problems:
        problems = _table(t("batch.report.problems"), (t("batch.column.submission"), LEFT),
                          (t("column.exercise"), LEFT), (t("batch.column.reason"), LEFT))
        for submission, exercise, reason, _ in a.problems:
            problems.add_row(Text(submission), exercise, reason, style="magenta")
        parts.append(problems)
    learners = _table(t("batch.report.learners"), (t("batch.column.submission"), LEFT), (t("column.score"), RIGHT),
                      (t("batch.column.passed_exercises"), RIGHT), (t("batch.column.flags"), LEFT))
    for row in a.learners[:top]:
        learners.add_row(Text(row.name), f"{row.percent:.0f}%", f"{row.passed}/{len(a.exercises)}",
                         Text(", ".join(text for text, _ in row.flags)))
    checks = _table(t("batch.report.per_check"), (t("column.check"), LEFT), (t("batch.column.attempted"), RIGHT),
                    (t("batch.column.failing"), RIGHT), *_status_columns((FAILED, ERROR, NOT_STARTED)))
    for c in [c for c in a.checks if c.failing][:top]:
        checks.add_row(f"{c.exercise}/{c.check}", str(c.attempted), f"{100 * c.failure_rate:.0f}%",
                       str(c.counts.get(FAILED, 0)), str(c.counts.get(ERROR, 0)), str(c.counts.get(NOT_STARTED, 0)))
    mistakes = _table(t("batch.report.messages"), (t("batch.column.learners"), RIGHT), (t("column.exercise"), LEFT),
                      (t("batch.column.diagnosis"), LEFT), (t("batch.column.who"), LEFT))
    for m in a.mistakes[:top]:
        mistakes.add_row(str(len(m.learners)), m.exercise, Text(m.text), Text(", ".join(m.learners[:5])))
    parts += [learners, checks, mistakes]
    if a.notes:
        notes = _table(t("batch.report.integrity_title"), (t("batch.column.submission"), LEFT),
                       (t("column.exercise"), LEFT), (t("batch.column.note"), LEFT))
        for submission, exercise, _, note in a.notes:
            notes.add_row(Text(submission), exercise, Text(note), style="yellow")
        parts.append(notes)
    peak = max((n for _, n in a.distribution), default=0) or 1
    dist = _table(t("batch.report.distribution"), ("", RIGHT), ("", LEFT), ("", RIGHT), show_header=False)
    for label, n in a.distribution:
        dist.add_row(label, Text("█" * round(30 * n / peak), style="blue"), str(n))
    exercises = _table(t("batch.report.exercises"), (t("column.exercise"), LEFT), (t("batch.column.graded"), RIGHT),
                       (t("batch.column.mean"), RIGHT), *_status_columns())
    for e in a.exercises:
        exercises.add_row(e.id, str(e.graded), f"{e.mean:.2f}/{points(e.max_score)}",
                          *(str(e.counts.get(s, 0)) for s in (PASSED, FAILED, NOT_STARTED, ERROR)))
    return Group(*parts, dist, exercises)


def outcome_line(outcome):
    """One finished task, for a log line above the progress bar."""
    return Text.assemble(status_text(outcome.status),
                         t("batch.outcome", submission=outcome.submission, exercise=outcome.exercise,
                           score=points(outcome.score), max_score=points(outcome.max_score),
                           seconds=f"{outcome.duration:.1f}"),
                         (f"  ({outcome.reason})" if outcome.reason else "", "magenta"))
