"""``dlgrade quiz``: take a quiz in the terminal (or from piped answers), or show its answer key."""
import json
import sys

import click

from grader import kinds, workspace as ws
from grader.cli.common import EXIT_FAILED, EXIT_OK, console, fail, resolve_exercise, workspace_option
from grader.cli.help import command, option
from grader.i18n import t


@command()
@click.argument("quiz")
@workspace_option
@option("--learner-id", default=None)
@option("--show-answers", is_flag=True)
@option("--json", "as_json", is_flag=True)
def quiz(quiz, workspace, learner_id, show_answers, as_json):
    """``dlgrade quiz``: ask a quiz's questions, then record and show the Result (or show the answer key)."""
    entry = resolve_exercise(quiz)
    if not kinds.of(entry).interactive:
        fail(t("quiz.cli.not_a_quiz", exercise=entry.id))
    from grader.quiz import BankError, interactive
    from grader.quiz import render as quiz_render

    try:
        session = interactive.start(entry, workspace=workspace, learner_id=learner_id)
    except (ws.WorkspaceError, BankError) as exc:
        fail(str(exc))
    if show_answers:
        if as_json:
            click.echo(json.dumps(session.instance.to_dict(), ensure_ascii=False, indent=2))
        else:
            console().print(quiz_render.answer_key(entry, session.instance))
        sys.exit(EXIT_OK)
    out = console(stderr=as_json)
    try:
        result, answers = interactive.run(session, console=out, ask=interactive.reader(out))
    except KeyboardInterrupt:
        out.print()
        out.print(t("quiz.cli.stopped"))
        sys.exit(EXIT_FAILED)
    if session.recorded:
        result = interactive.record(session, answers)
    out.print()
    out.print(quiz_render.result_view(result, entry.filename, explanations=False, practice=not session.recorded))
    if session.recorded:
        out.print(t("quiz.cli.saved", filename=entry.filename, exercise=entry.id))
    if as_json:
        click.echo(result.to_json())
    sys.exit(EXIT_OK if result.passed else EXIT_FAILED)


COMMANDS = (quiz,)
