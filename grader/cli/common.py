"""What the dlgrade commands share: exit codes, consoles, one-line usage errors, exercise and workspace lookup."""
import os
import sys

import click
from rich.console import Console
from rich.text import Text

from grader import catalog, practice, workspace as ws
from grader.cli import course_choice, language
from grader.cli.help import option
from grader.i18n import t

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


PIPED_WIDTH = 100  # columns when the output is not a terminal and COLUMNS does not say


def console(stderr=False):
    """A console that honours NO_COLOR; when the output is not a terminal it is plain and COLUMNS (else
    PIPED_WIDTH) wide, not as wide as whatever terminal the pipe was started from."""
    stream = sys.stderr if stderr else sys.stdout
    columns = os.environ.get("COLUMNS", "")
    width = None if stream.isatty() else int(columns) if columns.isdigit() else PIPED_WIDTH
    return Console(stderr=stderr, highlight=False, width=width)


def fail(message):
    """Print a one-line usage or input error and exit with code 2."""
    console(stderr=True).print(Text.assemble((t("cli.error"), "bold red"), message), soft_wrap=True)
    sys.exit(EXIT_USAGE)


def unknown_exercise(exc):
    """The message for a ``catalog.UnknownExercise``, with its suggestion, in the current language."""
    if exc.suggestion:
        return t("cli.unknown_exercise", name=exc.name, suggestion=exc.suggestion)
    return t("cli.unknown_exercise_list", name=exc.name)


def resolve_exercise(name):
    """The catalog entry for ``name`` or a usage error with a suggestion."""
    try:
        return catalog.resolve(name)
    except catalog.UnknownExercise as exc:
        fail(unknown_exercise(exc))


def resolve_workspace(path):
    """The workspace folder (whose language the command then speaks) or a usage error that says how to make one."""
    try:
        folder = ws.resolve(path)
    except ws.WorkspaceError as exc:
        fail(str(exc))
    language.adopt(folder)
    course_choice.adopt(folder)
    return folder


workspace_option = option("-w", "--workspace", type=click.Path(), default=None, help_key="help.common.workspace")


def optional_workspace(path):
    """The given workspace (which must exist), else the one around the cwd, else None; a usage error when
    the given folder is missing."""
    try:
        folder = practice.find_workspace(path)
    except ws.WorkspaceError as exc:
        fail(str(exc))
    language.adopt(folder)
    course_choice.adopt(folder)
    return folder
