"""Commands about the course and the machine: ``dlgrade verify`` and ``dlgrade doctor``."""
import sys

import click

from grader import render
from grader.cli.common import EXIT_FAILED, EXIT_OK, console, resolve_exercise
from grader.cli.help import command
from grader.i18n import t


@command()
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


@command()
def doctor():
    """``dlgrade doctor``: a table of grader.doctor's facts."""
    from grader.doctor import facts

    console().print(render.facts_table(facts()))


COMMANDS = (verify, doctor)
