"""Quizzes: question banks with per-learner numbers, answers files, scoring and the terminal flow.

A quiz is a catalog entry with ``kind = "quiz"``; its questions are its checks and live only in
its bank, ``grader/quizbank/<id>_<slug>.toml``. The library API:

- :func:`instantiate` (``quiz, learner_id[, lang]``) → the questions with that learner's numbers and
  answers, in the current language (DLGRADE_LANG) or ``lang``: only the words differ between languages;
- :func:`answers_file_text` → the answers file ``dlgrade init`` writes into a workspace;
- :func:`check_quiz` → the Result of a workspace's answers file (``check()`` dispatches here);
- :func:`score_text` → the Result of an answers file's text for a learner id;
- :func:`is_untouched` → whether an answers file is still as ``dlgrade init`` wrote it;
- :mod:`grader.quiz.interactive` → the terminal flow behind ``dlgrade quiz``.
"""
from pathlib import Path

from grader.quiz.answers import parse_file, reference_answer, render_file, wrong_answer
from grader.quiz.bank import BankError, instantiate, load
from grader.quiz.scoring import check_quiz, score_text, workspace_learner_id


def answers_file_text(quiz, learner_id, answers=None):
    """The text of ``quiz``'s answers file for ``learner_id`` (``answers`` pre-fills {question id: text})."""
    return render_file(quiz, instantiate(quiz, learner_id), answers)


def reference_answers(quiz, learner_id):
    """{question id: the right answer as a learner would type it} for this learner's variant."""
    return {item.id: reference_answer(item) for item in instantiate(quiz, learner_id).items}


def is_untouched(quiz, path):
    """True when the answers file at ``path`` has no answers and nothing unreadable."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    learner_id = workspace_learner_id(Path(path).parent) or "unknown"
    try:
        return parse_file(text, instantiate(quiz, learner_id)).untouched
    except BankError:
        return False


__all__ = ["BankError", "answers_file_text", "check_quiz", "instantiate", "is_untouched", "load",
           "reference_answers", "score_text", "wrong_answer"]
