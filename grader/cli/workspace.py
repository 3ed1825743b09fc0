"""A learner's workspace commands: ``dlgrade init``, ``dlgrade check``, ``dlgrade list``."""
import contextlib
import json
import sys
from pathlib import Path

import click

from grader import catalog, kinds, practice, render, workspace as ws
from grader.ci import github
from grader.cli import language
from grader.cli.common import (EXIT_FAILED, EXIT_OK, console, fail, optional_workspace, resolve_exercise,
                               resolve_workspace, workspace_option)
from grader.cli.help import command, option
from grader.i18n import LANGUAGES, language as current_language, t


@command()
@click.argument("directory", type=click.Path())
@option("--learner-id", default=None)
@option("--lang", "lang", type=click.Choice(LANGUAGES), default=None)
@option("--ci", type=click.Choice(["github"]), default=None)
@option("--ci-install", default=None, metavar="REQUIREMENT")
def init(directory, learner_id, lang, ci, ci_install):
    """``dlgrade init``: create a workspace whose stubs and later commands speak ``--lang`` (or the current
    language), with a CI workflow that grades it on every push if asked."""
    if lang:
        language.choose(lang)
    try:
        path, created, kept = practice.init(directory, learner_id=learner_id, lang=current_language())
        workflow = github.add_workflow(path, ci_install) if ci else None
    except (ws.WorkspaceError, OSError) as exc:
        fail(str(exc))
    out = console()
    out.print(t("cli.init_ready", path=path))
    out.print(t("cli.init_files", created=len(created)) + (t("cli.init_kept", kept=len(kept)) if kept else ""))
    if workflow:
        workflow_path, written = workflow
        out.print(t("cli.init_workflow" if written else "cli.init_workflow_kept", path=workflow_path.relative_to(path)))
    first = catalog.exercises()[0]
    out.print(t("cli.init_next", directory=directory, file=first.filename, exercise=first.id))


@command(name="check")
@click.argument("exercise", required=False)
@workspace_option
@option("--all", "every", is_flag=True)
@option("--json", "as_json", is_flag=True)
@option("--junit", "junit_path", type=click.Path(dir_okay=False), default=None)
@option("--summary", "summary_path", type=click.Path(dir_okay=False), default=None)
@option("--plot", "plot_path", type=click.Path(dir_okay=False), default=None)
@option("-v", "--all-failures", "every_failure", is_flag=True)
@option("--only", "only", default=None, metavar="FUNCTION")
def check_command(exercise, workspace, every, as_json, junit_path, summary_path, plot_path, every_failure, only):
    """``dlgrade check``: grade one exercise (or ``--all``) of the workspace, save and show the Result(s)."""
    folder = resolve_workspace(workspace)
    if every or junit_path or summary_path:
        if exercise or not every or plot_path:
            fail(t("cli.all_usage"))
        check_all(folder, as_json, junit_path, summary_path)
    entry = resolve_exercise(exercise) if exercise else practice.first_unfinished(folder)
    if entry is None:
        console().print(t("cli.all_passed"))
        sys.exit(EXIT_OK)
    training_log = [] if plot_path else None
    result = practice.attempt(entry, folder, training_log=training_log, checks=only_checks(entry, only))
    if as_json:
        click.echo(result.to_json())
    else:
        console().print(kinds.of(entry).render_result(result, entry, every_failure=every_failure))
    if plot_path:
        save_plot(training_log, plot_path, result)
    sys.exit(EXIT_OK if result.passed else EXIT_FAILED)


def only_checks(entry, name):
    """``--only NAME``: the ids of the checks about ``name`` (None without the option), or a usage error."""
    if name is None:
        return None
    ids = kinds.of(entry).checks_of(entry, name)
    if not ids:
        fail(t("cli.only_unknown", name=name, exercise=entry.id))
    return list(ids)


def check_all(folder, as_json, junit_path, summary_path):
    """``dlgrade check --all``: every exercise in course order; exit 1 unless all passed."""
    from grader.ci import report

    entries = catalog.exercises()
    status = None if as_json else console(stderr=True).status("")
    results = []
    with status or contextlib.nullcontext():
        for entry in entries:
            if status:
                status.update(t("cli.checking", exercise=entry.id))
            results.append(practice.attempt(entry, folder))
    if junit_path:
        texts = [(entry, result, _source(folder / entry.filename)) for entry, result in zip(entries, results)]
        ws.atomic_write(junit_path, report.workspace_junit(texts, path_of=lambda e: _shown_path(folder / e.filename)))
    if summary_path:
        with open(summary_path, "a", encoding="utf-8") as handle:  # GitHub's job summary is appended to
            handle.write(report.summary_markdown(results))
    passed = all(r.passed for r in results)
    if as_json:
        click.echo(json.dumps({"status": "passed" if passed else "failed",
                               "score": sum(r.score for r in results), "max_score": sum(r.max_score for r in results),
                               "results": [r.to_dict() for r in results]}, indent=2, ensure_ascii=False))
    else:
        out = console()
        out.print(render.exercise_table([(e, r.status, r.score) for e, r in zip(entries, results)]))
        out.print(t("cli.all_total", score=render.points(sum(r.score for r in results)),
                    max_score=render.points(sum(r.max_score for r in results)),
                    passed=sum(r.passed for r in results), total=len(results)))
    sys.exit(EXIT_OK if passed else EXIT_FAILED)


def _source(path):
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def _shown_path(path):
    """``path`` relative to the current folder when inside it (as a CI job names files), else absolute."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path.resolve())


def save_plot(training_log, path, result):
    """Write the learning curves to ``path``, or say why there are none: no check trains a model, or the
    training (or building the model) failed, which the failing checks above explain."""
    err = console(stderr=True)
    if not training_log:
        err.print(t("plot.none" if result.passed else "plot.no_run"))
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
