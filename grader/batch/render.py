"""Pure rendering for batch grading: summaries and analytics in, rich renderables out. Nothing prints."""
from rich.console import Group
from rich.progress import BarColumn, MofNCompleteColumn, SpinnerColumn, TextColumn, TimeElapsedColumn, \
    TimeRemainingColumn
from rich.table import Table
from rich.text import Text

from grader.render import points, status_text
from grader.results import ERROR, FAILED, NOT_STARTED, PASSED


def progress_columns():
    """Columns of the batch progress bar: what runs, bar, done/total, live counts, elapsed and ETA."""
    return (SpinnerColumn(), TextColumn("{task.description}", style="bold"), BarColumn(), MofNCompleteColumn(),
            TextColumn("{task.fields[counts]}"), TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn())


def counts_markup(counts):
    """Live counts for the progress bar (rich markup)."""
    failed = counts.get(FAILED, 0) + counts.get(NOT_STARTED, 0)
    return (f"[green]✓ {counts.get(PASSED, 0)}[/] [red]✗ {failed}[/] "
            f"[magenta]! {counts.get(ERROR, 0)}[/]")


def summary_table(summary):
    """After a batch: one row per exercise with outcome counts (this run and unchanged) and mean score."""
    table = Table(title="Batch summary", show_edge=False, pad_edge=False)
    for name, justify in (("Exercise", "left"), ("Passed", "right"), ("Failed", "right"), ("Not started", "right"),
                          ("Error", "right"), ("Unchanged", "right"), ("Mean score", "right")):
        table.add_column(name, justify=justify)
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
    rate = f" ({graded / summary.wall_time:.2f}/s)" if graded and summary.wall_time else ""
    shard = f" · shard {summary.shard[0]}/{summary.shard[1]}" if summary.shard else ""
    lines = [Text(f"{len(summary.submissions)} submissions{shard} · {graded} exercise results graded in "
                  f"{summary.wall_time:.1f} s{rate} with {summary.jobs} jobs · {len(summary.skipped)} unchanged "
                  f"(skipped)"),
             Text(f"Gradebook: {summary.gradebook}", style="dim")]
    if summary.ignored:
        lines.append(Text(f"Not submissions (ignored): {', '.join(summary.ignored)}", style="yellow"))
    problems = [o for o in summary.graded if o.reason]
    if problems:
        lines.append(Text(f"{len(problems)} results recorded with a grading problem "
                          f"({', '.join(sorted({o.reason for o in problems}))}); see the gradebook or "
                          f"'dlgrade gradebook report'.", style="magenta"))
    return Group(table, *lines) if by_exercise else Group(Text("No submissions found."), *lines)


def analytics_view(analytics, top=10):
    """``dlgrade gradebook report`` in the terminal: distribution, exercises, checks, messages, slowest."""
    a = analytics
    if not a.submissions:
        return Text("The gradebook holds no results yet.")
    head = Text(f"{a.submissions} submissions · maximum {points(a.max_total)} · mean {a.mean_percent:.0f}% · "
                f"median {a.median_percent:.0f}%", style="bold")
    peak = max((n for _, n in a.distribution), default=0) or 1
    dist = Table(title="Score distribution", show_edge=False, pad_edge=False, show_header=False)
    dist.add_column(justify="right")
    dist.add_column()
    dist.add_column(justify="right")
    for label, n in a.distribution:
        dist.add_row(label, Text("█" * round(30 * n / peak), style="blue"), str(n))
    exercises = Table(title="Exercises", show_edge=False, pad_edge=False)
    for name in ("Exercise", "Graded", "Mean", "Passed", "Failed", "Not started", "Error"):
        exercises.add_column(name, justify="left" if name == "Exercise" else "right")
    for e in a.exercises:
        exercises.add_row(e.id, str(e.graded), f"{e.mean:.2f}/{points(e.max_score)}",
                          *(str(e.counts.get(s, 0)) for s in (PASSED, FAILED, NOT_STARTED, ERROR)))
    checks = Table(title=f"Checks with the highest failure rate (top {min(top, len(a.checks))})", show_edge=False,
                   pad_edge=False)
    for name in ("Check", "Not passing", "Failed", "Error", "Not started"):
        checks.add_column(name, justify="left" if name == "Check" else "right")
    for c in a.checks[:top]:
        checks.add_row(f"{c.exercise}/{c.check}", f"{100 * c.failure_rate:.0f}%", str(c.counts.get(FAILED, 0)),
                       str(c.counts.get(ERROR, 0)), str(c.counts.get(NOT_STARTED, 0)))
    messages = Table(title="Most common failure messages", show_edge=False, pad_edge=False)
    messages.add_column("Results", justify="right")
    messages.add_column("Message")
    messages.add_column("Where")
    for m in a.messages[:top]:
        messages.add_row(str(m.count), Text(m.message), Text(", ".join(m.checks[:3])))
    slowest = Table(title="Slowest submissions", show_edge=False, pad_edge=False)
    for name in ("Submission", "Seconds", "Slowest exercise"):
        slowest.add_column(name, justify="right" if name == "Seconds" else "left")
    for name, seconds, exercise, its in a.slowest[:top]:
        slowest.add_row(Text(name), f"{seconds:.1f}", f"{exercise} ({its:.1f} s)")
    parts = [head, dist, exercises, checks, messages, slowest]
    if a.problems:
        parts.append(Text("Grading problems: " + ", ".join(f"{k} × {v}" for k, v in sorted(a.problems.items())),
                          style="magenta"))
    if a.integrity:
        notes = Table(title="Integrity notes (what the grader noticed)", show_edge=False, pad_edge=False)
        for name in ("Submission", "Exercise", "Note"):
            notes.add_column(name)
        for submission, exercise, note in a.integrity:
            notes.add_row(Text(submission), exercise, Text(note), style="yellow")
        parts.append(notes)
    return Group(*parts)


def outcome_line(outcome):
    """One finished task, for a log line above the progress bar."""
    return Text.assemble(status_text(outcome.status), f"  {outcome.submission} · {outcome.exercise}  "
                         f"{points(outcome.score)}/{points(outcome.max_score)}  {outcome.duration:.1f} s",
                         (f"  ({outcome.reason})" if outcome.reason else "", "magenta"))
