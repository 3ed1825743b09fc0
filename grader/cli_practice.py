"""Self-paced practice commands: hint, progress, solution, reset, watch."""
import datetime
import sys

import click

from grader import catalog, progress, render, workspace as ws
from grader.i18n import t
from grader.cli_common import (EXIT_OK, command, console, fail, option, optional_workspace, resolve_exercise,
                               resolve_workspace, workspace_option)
from grader.results import PASSED


@command()
@click.argument("exercise")
@option("--level", type=int, default=None)
@workspace_option
def hint(exercise, level, workspace):
    """``dlgrade hint``: show a hint and count it in the workspace's progress."""
    entry = resolve_exercise(exercise)
    folder = optional_workspace(workspace)
    state = progress.load(folder) if folder else {"exercises": {}}
    state, shown = progress.with_hint(state, entry, level)
    if folder:
        progress.save(folder, state)
    console().print(render.hint_panel(entry, shown or 1))


@command(name="progress")
@workspace_option
def progress_command(workspace):
    """``dlgrade progress``: the workspace's totals and one row per exercise."""
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


@command()
@click.argument("exercise")
@option("--force", is_flag=True)
@workspace_option
def solution(exercise, force, workspace):
    """``dlgrade solution``: the reference solution (or a quiz's answer key), recorded in the progress."""
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


@command()
@click.argument("exercise")
@workspace_option
def reset(exercise, workspace):
    """``dlgrade reset``: put the stub back after backing up the learner's file."""
    entry = resolve_exercise(exercise)
    folder = resolve_workspace(workspace)
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    backup = progress.reset_file(folder, entry, stamp)
    out = console()
    if backup:
        out.print(t("cli.reset_backup", filename=entry.filename, backup=backup.relative_to(folder)))
    out.print(t("cli.reset_done", filename=entry.filename))
    sys.exit(EXIT_OK)


@command()
@click.argument("exercise", required=False)
@workspace_option
@option("--poll", is_flag=True, default=None)
def watch(exercise, workspace, poll):
    """``dlgrade watch``: re-check on every save (grader.watch)."""
    folder = resolve_workspace(workspace)
    start = resolve_exercise(exercise) if exercise else None
    from grader import watch as watching
    from grader.runner.check import check

    watching.run(folder, console(), check, start=start, poll=poll)


@command()
def doctor():
    """``dlgrade doctor``: a table of grader.doctor's facts."""
    from rich.table import Table

    from grader.doctor import facts

    table = Table(show_header=False, show_edge=False, pad_edge=False)
    for name, value in facts():
        table.add_row(name, value)
    console().print(table)


COMMANDS = (hint, progress_command, solution, reset, watch, doctor)
