"""Taking a quiz in the terminal: ask each question, score it at once, explain, record.

The flow reads answers through an ``ask(prompt) -> str | None`` function (None = end of input), so
it works the same at a terminal, with answers piped on stdin, and in tests. Inside a workspace the
answers are written into the quiz's answers file and the Result recorded, so ``dlgrade check`` on
that file gives the same score; the file's existing answers are offered as defaults.
"""
import sys
from dataclasses import dataclass
from pathlib import Path

from rich.text import Text

from grader import practice, workspace as ws
from grader.i18n import t
from grader.quiz import answers as ans
from grader.quiz import render
from grader.quiz.bank import instantiate
from grader.quiz.scoring import outcome, score_answers


@dataclass(frozen=True)
class Session:
    """Who takes which quiz where: the instance to ask, and the workspace to record in (or None)."""

    quiz: object
    instance: object
    folder: Path | None

    @property
    def recorded(self):
        """True when the answers and the Result are saved in a workspace."""
        return self.folder is not None


def start(quiz, *, workspace=None, learner_id=None):
    """A Session for ``quiz``; raises ``workspace.WorkspaceError`` when no learner id can be found.

    The learner id is ``learner_id`` or the workspace's. A run is recorded only in a workspace whose
    learner id it uses; with another ``learner_id`` it is a practice (or instructor) run.
    """
    folder = practice.find_workspace(workspace)
    folder = folder if folder and ws.is_workspace(folder) else None
    own = ws.info(folder).get("learner_id") if folder else None
    if learner_id is None and own is None:
        raise ws.WorkspaceError(t("quiz.ask.not_workspace", workspace=workspace) if workspace else
                                t("quiz.ask.no_workspace"))
    learner = str(learner_id) if learner_id is not None else own
    return Session(quiz=quiz, instance=instantiate(quiz, learner), folder=folder if learner == own else None)


def current_answers(session):
    """The readable answers already in the workspace's answers file: {question id: text}."""
    if not session.recorded:
        return {}
    try:
        text = (session.folder / session.quiz.filename).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return {}
    parsed = ans.parse_file(text, session.instance)
    found = {}
    for item in session.instance.items:
        value, _, raw, problem = ans.read_answers(item, parsed)
        if value is not None and problem is None:
            found[item.id] = raw
    return found


def reader(console, stream=None):
    """``ask(prompt)`` reading lines from ``stream`` (default stdin); at a terminal with line editing.

    When the input is not a terminal, each answer read is echoed so the transcript reads naturally.
    """
    stream = stream or sys.stdin
    at_terminal = hasattr(stream, "isatty") and stream.isatty()

    def ask(prompt):
        if at_terminal:
            try:
                return console.input(prompt)
            except EOFError:
                console.print()
                return None
        console.print(prompt, end="")
        line = stream.readline()
        if not line:
            console.print()
            return None
        line = line.rstrip("\r\n")
        console.print(Text(line))
        return line

    return ask


def _prompt(item, default):
    text = Text.assemble((f"{item.id} ", "bold cyan"), t("quiz.ask.prompt"))
    if default:
        text.append(f" [{default}]", style="dim")
    return text.append(": ")


def ask_item(item, ask, console, default=None):
    """Ask one item until the answer is readable: ``(raw, stopped)``; raw '' when skipped."""
    while True:
        raw = ask(_prompt(item, default))
        if raw is None:
            return "", True
        raw = raw.strip() or (default or "")
        if not raw:
            return "", False
        try:
            ans.parse_answer(item, raw)
            return raw, False
        except ans.AnswerError as exc:
            console.print(Text(t("quiz.ask.retry", problem=str(exc).rstrip(".")), style="yellow"))


def run(session, *, console, ask):
    """Ask every question, show each verdict and explanation; returns ``(result, answers)``.

    ``answers`` maps question ids to the text given (or kept from the answers file). After the
    input ends, the remaining questions keep the answers the file already had.
    """
    instance = session.instance
    defaults = current_answers(session)
    given = {}
    console.print(render.intro(session.quiz, instance, recorded=session.recorded))
    total = len(instance.items)
    for number, item in enumerate(instance.items, start=1):
        console.print()
        console.print(render.question_panel(item, number, total))
        raw, stopped = ask_item(item, ask, console, defaults.get(item.id))
        if stopped:
            ended = t("quiz.ask.ended_kept", filename=session.quiz.filename) if defaults else t("quiz.ask.ended")
            console.print(Text(ended, style="dim"))
            break
        given[item.id] = raw
        value = ans.parse_answer(item, raw) if raw else None
        console.print(render.feedback(outcome(item, value, raw=raw)))
    final = {**defaults, **given}
    final = {qid: raw for qid, raw in final.items() if raw}
    values = {item.id: ans.parse_answer(item, final[item.id]) for item in instance.items if item.id in final}
    result = score_answers(session.quiz, instance, values, raws=final)
    return result, final


def record(session, answers):
    """Write the answers into the workspace's answers file, then check it as ``dlgrade check`` does (the
    Result saved and the attempt counted); returns the Result.

    The file is rewritten (from the template, with these answers) only when its readable answers
    differ from ``answers`` or it is missing.
    """
    path = session.folder / session.quiz.filename
    if not path.is_file() or current_answers(session) != answers:
        ws.atomic_write(path, ans.render_file(session.quiz, session.instance, answers))
    return practice.attempt(session.quiz, session.folder)
