"""Scoring quiz answers into the same Result as exercises: one check per question."""
from pathlib import Path

from grader import workspace as ws
from grader.i18n import exercise_title, language, t
from grader.quiz import answers as ans
from grader.quiz.bank import BankError, instantiate, load
from grader.results import ERROR, FAILED, NOT_STARTED, PASSED, CheckResult, Result


def _sentence(text):
    return text if text.endswith((".", "!", "?")) else f"{text}."


def outcome(item, value, *, raw="", line=None):
    """The CheckResult of one item given its parsed answer (``None`` = not answered)."""
    q = item.question
    if value is None:
        message = t("quiz.score.not_answered_line", line=line, question=item.id) if line else \
            t("quiz.score.not_answered", question=item.id)
        return CheckResult(item.id, item.title, NOT_STARTED, 0.0, q.points, message, None)
    answer = _sentence(item.answer_text)
    if ans.is_correct(item, value):
        return CheckResult(item.id, item.title, PASSED, q.points, q.points,
                           t("quiz.score.correct", answer=answer, explanation=item.explanation), None)
    return CheckResult(item.id, item.title, FAILED, 0.0, q.points,
                       t("quiz.score.wrong", raw=ans.quoted(raw), answer=answer, explanation=item.explanation),
                       t("quiz.score.review", concept=item.concept))


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
                                       t("quiz.score.no_line", question=item.id), None))
        else:
            results.append(outcome(item, value, raw=raw, line=line))
    notes = list(integrity) + [str(problem) for problem in parsed.stray]
    if parsed.learner_id and parsed.learner_id != instance.learner_id:
        notes.append(t("quiz.score.other_learner", found=ans.quoted(parsed.learner_id), learner_id=instance.learner_id))
    return Result.from_checks(quiz.id, exercise_title(quiz), results, notes)


def score_text(quiz, text, learner_id, *, checks=None):
    """The Result of an answers file's text for ``learner_id``."""
    instance = instantiate(quiz, learner_id)
    return score_parsed(quiz, instance, ans.parse_file(text, instance), checks=checks)


def _titles(quiz):
    """{question id: title in the current language}; empty when the bank cannot be loaded."""
    try:
        return {q.id: q.wording(language()).title for q in load(quiz).questions}
    except BankError:
        return {}


def _error_result(quiz, message, checks=None):
    selected = [c for c in quiz.checks if checks is None or c.id in checks]
    titles = _titles(quiz)
    checks_ = [CheckResult(c.id, titles.get(c.id, c.title), ERROR, 0.0, c.points, message, None) for c in selected]
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
        missing = t("quiz.score.missing", file=path.name, workspace=workspace) if workspace else \
            t("quiz.score.missing_here", file=path.name)
        return _error_result(quiz, missing, checks)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return _error_result(quiz, t("quiz.score.not_text", file=path.name, error=exc), checks)
    if learner_id is None:
        learner_id = workspace_learner_id(workspace if workspace else path.parent)
    try:
        if learner_id is None:
            learner_id = ans.header_learner_id(text)
        if learner_id is None:
            return _error_result(quiz, t("quiz.score.no_learner", file=path.name), checks)
        return score_text(quiz, text, learner_id, checks=checks)
    except BankError as exc:
        return _error_result(quiz, t("quiz.score.internal", error=exc), checks)
