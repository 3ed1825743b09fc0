"""Scoring quiz answers into the same Result as exercises: one check per question."""
from pathlib import Path

from grader import workspace as ws
from grader.i18n import exercise_title
from grader.quiz import answers as ans
from grader.quiz.bank import BankError, instantiate
from grader.results import ERROR, FAILED, NOT_STARTED, PASSED, CheckResult, Result


def _sentence(text):
    return text if text.endswith((".", "!", "?")) else f"{text}."


def outcome(item, value, *, raw="", line=None):
    """The CheckResult of one item given its parsed answer (``None`` = not answered)."""
    q = item.question
    if value is None:
        where = f" on line {line}" if line else ""
        return CheckResult(item.id, item.title, NOT_STARTED, 0.0, q.points,
                           f"Not answered yet: write your answer{where} as '{item.id} = ...'.", None)
    if ans.is_correct(item, value):
        return CheckResult(item.id, item.title, PASSED, q.points, q.points,
                           f"Correct: {_sentence(item.answer_text)}\n{item.explanation}", None)
    return CheckResult(item.id, item.title, FAILED, 0.0, q.points,
                       f"You answered '{raw}'; the answer is {_sentence(item.answer_text)}\n{item.explanation}",
                       f"Review: {q.concept}.")


def score_answers(quiz, instance, values, *, raws=None, checks=None):
    """Results of items from {question id: parsed value or None}, in question order."""
    raws = raws or {}
    selected = [i for i in instance.items if checks is None or i.id in checks]
    results = [outcome(i, values.get(i.id), raw=raws.get(i.id, "")) for i in selected]
    return Result.from_checks(quiz.id, exercise_title(quiz), results)


def score_parsed(quiz, instance, parsed, *, checks=None, integrity=()):
    """The Result of a parsed answers file."""
    selected = [i for i in instance.items if checks is None or i.id in checks]
    results = []
    for item in selected:
        problems = list(parsed.file_problems) + [p for p in parsed.problems if p.question == item.id]
        value, line, raw, problem = ans.read_answers(item, parsed)
        if problem is not None:
            problems.append(problem)
        if problems:
            results.append(CheckResult(item.id, item.title, ERROR, 0.0, item.points,
                                       "\n".join(str(p) for p in problems), None))
        elif item.id not in parsed.answers:
            results.append(CheckResult(item.id, item.title, NOT_STARTED, 0.0, item.points,
                                       f"No answer line for {item.id}; add a line '{item.id} = your answer'.",
                                       None))
        else:
            results.append(outcome(item, value, raw=raw, line=line))
    notes = list(integrity)
    if parsed.learner_id and parsed.learner_id != instance.learner_id:
        notes.append(f"the answers file was written for learner id '{parsed.learner_id}', but it was scored "
                     f"for '{instance.learner_id}' (the workspace's id), whose numbers may differ")
    return Result.from_checks(quiz.id, exercise_title(quiz), results, notes)


def score_text(quiz, text, learner_id, *, checks=None):
    """The Result of an answers file's text for ``learner_id``."""
    instance = instantiate(quiz, learner_id)
    return score_parsed(quiz, instance, ans.parse_file(text, instance), checks=checks)


def _error_result(quiz, message, checks=None):
    selected = [c for c in quiz.checks if checks is None or c.id in checks]
    checks_ = [CheckResult(c.id, c.title, ERROR, 0.0, c.points, message, None) for c in selected]
    return Result.from_checks(quiz.id, exercise_title(quiz), checks_)


def workspace_learner_id(folder):
    """The learner id of the workspace around ``folder``, or None."""
    try:
        return ws.info(ws.find(folder))["learner_id"]
    except (ws.WorkspaceError, OSError, ValueError, KeyError, TypeError):
        return None


def check_quiz(quiz, *, workspace=None, answers_path=None, checks=None, learner_id=None):
    """Score a quiz's answers file: ``workspace/<quiz file>`` or ``answers_path``.

    The numbers are those of ``learner_id``, else of the workspace's learner (from its marker), else
    of the id written in the file's header.
    """
    path = Path(answers_path) if answers_path else Path(workspace) / quiz.filename
    if not path.is_file():
        where = f"'dlgrade init {workspace}'" if workspace else "'dlgrade init' on the workspace"
        return _error_result(quiz, f"{path.name} is missing; {where} writes it again (existing files are kept)",
                             checks)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return _error_result(quiz, f"cannot read {path.name} as UTF-8 text ({exc}); save it as plain text", checks)
    if learner_id is None:
        learner_id = workspace_learner_id(workspace if workspace else path.parent)
    try:
        if learner_id is None:
            learner_id = ans.header_learner_id(text)
        if learner_id is None:
            return _error_result(quiz, f"cannot tell whose numbers {path.name} answers: it is in no workspace and "
                                       f"has no '# Learner id:' line; grade it with learner_id=...", checks)
        return score_text(quiz, text, learner_id, checks=checks)
    except BankError as exc:
        return _error_result(quiz, f"internal grader error: {exc}", checks)
