"""``dlgrade quiz``: take a quiz in the terminal (or from piped answers), or show its answer key."""
import json
import sys

import click

from grader import progress, workspace as ws
from grader.cli_common import EXIT_FAILED, EXIT_OK, console, fail, resolve_exercise, workspace_option
from grader.i18n import t


@click.command()
@click.argument("quiz")
@workspace_option
@click.option("--learner-id", default=None,
              help="Use this learner's numbers (default: the workspace's learner). Another id is a practice run.")
@click.option("--show-answers", is_flag=True,
              help="Instructor view: every question with this learner's numbers, its answer and explanation.")
@click.option("--json", "as_json", is_flag=True,
              help="Print JSON on stdout: the answer key with --show-answers, else the Result (transcript on stderr).")
def quiz(quiz, workspace, learner_id, show_answers, as_json):
    """Take QUIZ (e.g. quiz02 or q2) in the terminal; answers may also be piped on stdin, one per line."""
    entry = resolve_exercise(quiz)
    if entry.kind != "quiz":
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
        ws.save_result(session.folder, entry, result)
        progress.record_attempt(session.folder, result)
    out.print()
    out.print(quiz_render.result_view(result, entry.filename, explanations=False, practice=not session.recorded))
    if session.recorded:
        out.print(t("quiz.cli.saved", filename=entry.filename, exercise=entry.id))
    if as_json:
        click.echo(result.to_json())
    sys.exit(EXIT_OK if result.passed else EXIT_FAILED)


COMMANDS = (quiz,)
