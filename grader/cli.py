"""The ``dlgrade`` command: parses, calls the library, renders, sets the exit code.

Heavy modules (pytest, NumPy, the runner) are imported inside the commands that need them,
so ``dlgrade --help`` and ``dlgrade list`` start fast.
"""
import os
import sys

import click

from grader import catalog, progress, render, workspace as ws
from grader.i18n import LANGUAGES, t
from grader.cli_batch import COMMANDS as batch_commands
from grader.cli_practice import COMMANDS as practice_commands
from grader.cli_quiz import COMMANDS as quiz_commands
from grader.cli_common import (EXIT_FAILED, EXIT_OK, Option, console, fail, group, option, resolve_exercise,
                               resolve_workspace, workspace_option)


def set_language(ctx, param, lang):
    """``--lang``: set DLGRADE_LANG while parsing, before any --help is shown."""
    if lang:
        os.environ["DLGRADE_LANG"] = lang  # an environment variable reaches batch and worker processes too


@group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="dlgrade", cls=Option)
@option("--lang", type=click.Choice(LANGUAGES), default=None, is_eager=True, expose_value=False,
        callback=set_language)
def main():
    """The ``dlgrade`` group; its help and its commands' are in grader/locales (help.* keys)."""


@main.command()
@click.argument("directory", type=click.Path())
@option("--learner-id", default=None)
def init(directory, learner_id):
    """``dlgrade init``: create a workspace."""
    try:
        path, created, kept = ws.init(directory, learner_id=learner_id)
    except (ws.WorkspaceError, OSError) as exc:
        fail(str(exc))
    out = console()
    out.print(t("cli.init_ready", path=path))
    out.print(t("cli.init_files", created=len(created)) + (t("cli.init_kept", kept=len(kept)) if kept else ""))
    out.print(t("cli.init_next", directory=directory))


@main.command(name="check")
@click.argument("exercise", required=False)
@workspace_option
@option("--json", "as_json", is_flag=True)
@option("--plot", "plot_path", type=click.Path(dir_okay=False), default=None)
def check_command(exercise, workspace, as_json, plot_path):
    """``dlgrade check``: grade one exercise of the workspace, save and show the Result."""
    folder = resolve_workspace(workspace)
    entry = resolve_exercise(exercise) if exercise else ws.first_unfinished(folder)
    if entry is None:
        console().print(t("cli.all_passed"))
        sys.exit(EXIT_OK)
    from grader.runner.check import check

    training_log = [] if plot_path else None
    result = check(exercise=entry, workspace=folder, training_log=training_log)
    ws.save_result(folder, entry, result)
    progress.record_attempt(folder, result)
    if as_json:
        click.echo(result.to_json())
    elif entry.kind == "quiz":
        from grader.quiz.render import result_view

        console().print(result_view(result, entry.filename))
    else:
        console().print(render.render_result(result, entry.filename))
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


@main.command(name="list")
@workspace_option
def list_command(workspace):
    """``dlgrade list``: the catalog, with the workspace's status when there is one."""
    folder = None
    if workspace is not None:
        folder = resolve_workspace(workspace)
    else:
        try:
            folder = ws.find()
        except ws.WorkspaceError:
            folder = None
    rows = [(e, *(ws.status(folder, e) if folder else (None, None))) for e in catalog.exercises()]
    console().print(render.exercise_table(rows))


@main.command()
@click.argument("exercises", nargs=-1)
def verify(exercises):
    """``dlgrade verify``: the reference solutions and stubs against the checks."""
    for name in exercises:
        resolve_exercise(name)
    from grader.verify import verify as run_verify

    with console(stderr=True).status(t("cli.verifying")):
        rows = run_verify(exercises=list(exercises) or None)
    out = console()
    out.print(render.verify_table([(r.exercise, r.what, r.ok, r.detail) for r in rows]))
    ok = all(r.ok for r in rows)
    out.print(t("cli.verify_ok") if ok else t("cli.verify_failed"))
    sys.exit(EXIT_OK if ok else EXIT_FAILED)


for command in (*practice_commands, *quiz_commands, *batch_commands):
    main.add_command(command)
