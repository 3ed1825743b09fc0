"""Commands about the course and the machine: ``dlgrade verify`` and ``dlgrade doctor``."""
import sys

import click

from grader import render
from grader.cli import course_choice
from grader.cli.common import EXIT_FAILED, EXIT_OK, console, fail, resolve_exercise
from grader.cli.help import command, group, option
from grader.i18n import t



@command()
@click.argument("exercises", nargs=-1)
@course_choice.option
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


@command()
def doctor():
    """``dlgrade doctor``: a table of grader.doctor's facts."""
    from grader.doctor import facts

    console().print(render.facts_table(facts()))


@group()
def new():
    """The ``dlgrade new`` group: scaffold entries of a course pack."""


def _scaffold(kind, entry_id, slug, folder):
    """Write a new ``kind`` entry into the pack ``folder``, list the files and say how to prove it."""
    from grader.scaffold import ScaffoldError, new_entry
    from grader.catalog import CatalogError

    try:
        written = new_entry(folder, kind, entry_id, slug)
    except (ScaffoldError, CatalogError, OSError) as error:
        fail(str(error))
    out = console()
    for path in written:
        out.print(t("cli.new_wrote", path=path))
    out.print(t("cli.new_next", course=folder))


def _new_command(kind):
    """``dlgrade new <kind> ID --course DIR [--slug SLUG]``."""

    @new.command(name=kind)
    @click.argument("entry_id", metavar="ID")
    @option("--course", "folder", required=True, type=click.Path(file_okay=False), metavar="PATH")
    @option("--slug", default="new")
    def scaffold(entry_id, folder, slug):
        _scaffold(kind, entry_id, slug, folder)

    scaffold.__doc__ = f"``dlgrade new {kind}``: scaffold a {kind} entry that verify accepts at once."
    return scaffold


for _kind in ("exercise", "quiz"):
    _new_command(_kind)


COMMANDS = (verify, doctor, new)
