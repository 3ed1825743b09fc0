"""A learner's workspace commands: ``dlgrade init``, ``dlgrade check``, ``dlgrade list``."""
import sys

import click

from grader import catalog, kinds, practice, render, workspace as ws
from grader.cli.common import (EXIT_FAILED, EXIT_OK, console, fail, optional_workspace, resolve_exercise,
                               resolve_workspace, workspace_option)
from grader.cli.help import command, option
from grader.i18n import t


@command()
@click.argument("directory", type=click.Path())
@option("--learner-id", default=None)
def init(directory, learner_id):
    """``dlgrade init``: create a workspace."""
    try:
        path, created, kept = practice.init(directory, learner_id=learner_id)
    except (ws.WorkspaceError, OSError) as exc:
        fail(str(exc))
    out = console()
    out.print(t("cli.init_ready", path=path))
    out.print(t("cli.init_files", created=len(created)) + (t("cli.init_kept", kept=len(kept)) if kept else ""))
    out.print(t("cli.init_next", directory=directory))


@command(name="check")
@click.argument("exercise", required=False)
@workspace_option
@option("--json", "as_json", is_flag=True)
@option("--plot", "plot_path", type=click.Path(dir_okay=False), default=None)
def check_command(exercise, workspace, as_json, plot_path):
    """``dlgrade check``: grade one exercise of the workspace, save and show the Result."""
    folder = resolve_workspace(workspace)
    entry = resolve_exercise(exercise) if exercise else practice.first_unfinished(folder)
    if entry is None:
        console().print(t("cli.all_passed"))
        sys.exit(EXIT_OK)
    training_log = [] if plot_path else None
    result = practice.attempt(entry, folder, training_log=training_log)
    if as_json:
        click.echo(result.to_json())
    else:
        console().print(kinds.of(entry).render_result(result, entry))
    if plot_path:
        save_plot(training_log, plot_path)
    sys.exit(EXIT_OK if result.passed else EXIT_FAILED)


def save_plot(training_log, path):
    """Write the learning curves to ``path``, or say why there are none."""
    err = console(stderr=True)
    if not training_log:
        err.print(t("plot.none"))
        return
    from grader.plots import learning_curves

    learning_curves(training_log).savefig(path, dpi=100)
    err.print(t("plot.saved", path=path))


@command(name="list")
@workspace_option
def list_command(workspace):
    """``dlgrade list``: the catalog, with the workspace's status when there is one."""
    folder = optional_workspace(workspace)
    rows = [(e, *(practice.status(folder, e) if folder else (None, None))) for e in catalog.exercises()]
    console().print(render.exercise_table(rows))


COMMANDS = (init, check_command, list_command)
