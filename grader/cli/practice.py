"""Self-paced practice commands: ``dlgrade hint``, ``progress``, ``solution``, ``reset``, ``watch``."""
import sys

import click

from grader import kinds, practice, render
from grader.cli.common import (EXIT_OK, console, fail, optional_workspace, resolve_exercise, resolve_workspace,
                               workspace_option)
from grader.cli.help import command, option
from grader.i18n import t


@command()
@click.argument("exercise", required=False)
@option("--level", type=int, default=None)
@workspace_option
def hint(exercise, level, workspace):
    """``dlgrade hint``: show a hint (by default for the current exercise) and count it in the progress."""
    if exercise:
        entry, folder = resolve_exercise(exercise), optional_workspace(workspace)
    else:
        folder = resolve_workspace(workspace)
        entry = practice.first_unfinished(folder)
        if entry is None:
            console().print(t("cli.all_passed"))
            sys.exit(EXIT_OK)
    shown = practice.take_hint(folder, entry, level)
    console().print(render.hint_panel(entry, shown))


@command(name="progress")
@workspace_option
def progress_command(workspace):
    """``dlgrade progress``: the workspace's totals and one row per exercise."""
    rows, totals = practice.progress_rows(resolve_workspace(workspace))
    console().print(render.progress_view(rows, totals))


@command()
@click.argument("exercise")
@option("--force", is_flag=True)
@workspace_option
def solution(exercise, force, workspace):
    """``dlgrade solution``: the reference solution (or a quiz's answer key), recorded in the progress."""
    entry = resolve_exercise(exercise)
    folder = resolve_workspace(workspace)
    try:
        practice.open_solution(folder, entry, force=force)
    except practice.SolutionLocked:
        fail(t("cli.solution_locked", exercise=entry.id))
    console().print(kinds.of(entry).solution_view(entry, folder))


@command()
@click.argument("exercise")
@workspace_option
def reset(exercise, workspace):
    """``dlgrade reset``: put the starting file back after backing up the learner's file."""
    entry = resolve_exercise(exercise)
    folder = resolve_workspace(workspace)
    backup = practice.reset(folder, entry)
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

    watching.run(folder, console(), start=start, poll=poll)


COMMANDS = (hint, progress_command, solution, reset, watch)
