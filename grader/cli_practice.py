"""Self-paced practice commands: hint, progress, solution, reset, watch."""
import datetime
import sys

import click

from grader import catalog, progress, render, workspace as ws
from grader.i18n import t
from grader.cli_common import (EXIT_OK, console, fail, optional_workspace, resolve_exercise, resolve_workspace,
                               workspace_option)
from grader.results import PASSED


@click.command()
@click.argument("exercise")
@click.option("--level", type=int, default=None,
              help="Show this level (1 nudge, 2 concept, 3 formula); default: the next one.")
@workspace_option
def hint(exercise, level, workspace):
    """Show the next hint for EXERCISE (nudge, then concept, then formula)."""
    entry = resolve_exercise(exercise)
    folder = optional_workspace(workspace)
    state = progress.load(folder) if folder else {"exercises": {}}
    state, shown = progress.with_hint(state, entry, level)
    if folder:
        progress.save(folder, state)
    console().print(render.hint_panel(entry, shown or 1))


@click.command(name="progress")
@workspace_option
def progress_command(workspace):
    """Show your progress: points, passed exercises, hints used, last attempts."""
    folder = resolve_workspace(workspace)
    state = progress.load(folder)
    rows, totals = [], {"score": 0.0, "max_score": 0.0, "passed": 0, "count": 0, "hints": 0}
    for exercise in catalog.exercises():
        status, score = ws.status(folder, exercise)
        record = progress.entry(state, exercise.id)
        rows.append((exercise, record, status, score))
        totals["score"] += score or 0.0
        totals["max_score"] += exercise.max_score
        totals["passed"] += status == PASSED
        totals["count"] += 1
        totals["hints"] += record["hints_used"]
    console().print(render.progress_view(rows, totals))


@click.command()
@click.argument("exercise")
@click.option("--force", is_flag=True, help="Show it before you have passed (this is recorded).")
@workspace_option
def solution(exercise, force, workspace):
    """Show the reference solution of EXERCISE once you have passed it."""
    entry = resolve_exercise(exercise)
    folder = resolve_workspace(workspace)
    state = progress.load(folder)
    passed = progress.entry(state, entry.id)["passed"] or ws.status(folder, entry)[0] == PASSED
    if not passed and not force:
        fail(t("cli.solution_locked", exercise=entry.id))
    progress.save(folder, progress.with_solution_view(state, entry.id, forced=not passed))
    if entry.kind == "quiz":
        from grader.quiz import instantiate
        from grader.quiz.render import answer_key

        console().print(answer_key(entry, instantiate(entry, ws.info(folder)["learner_id"])))
    else:
        console().print(render.solution_view(entry, entry.solution_path.read_text(encoding="utf-8")))


@click.command()
@click.argument("exercise")
@workspace_option
def reset(exercise, workspace):
    """Restore the stub of EXERCISE, keeping a backup of your file."""
    entry = resolve_exercise(exercise)
    folder = resolve_workspace(workspace)
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    backup = progress.reset_file(folder, entry, stamp)
    out = console()
    if backup:
        out.print(t("cli.reset_backup", filename=entry.filename, backup=backup.relative_to(folder)))
    out.print(t("cli.reset_done", filename=entry.filename))
    sys.exit(EXIT_OK)


@click.command()
@click.argument("exercise", required=False)
@workspace_option
@click.option("--poll", is_flag=True, default=None,
              help="Poll for changes, for file systems that send no events (some network drives, WSL).")
def watch(exercise, workspace, poll):
    """Check your current exercise on every save and move on when it passes."""
    folder = resolve_workspace(workspace)
    start = resolve_exercise(exercise) if exercise else None
    from grader import watch as watching
    from grader.runner.check import check

    watching.run(folder, console(), check, start=start, poll=poll)


@click.command()
def doctor():
    """Print the environment, versions and the isolation level grading uses here."""
    from rich.table import Table

    from grader.doctor import facts

    table = Table(show_header=False, show_edge=False, pad_edge=False)
    for name, value in facts():
        table.add_row(name, value)
    console().print(table)


COMMANDS = (hint, progress_command, solution, reset, watch, doctor)
