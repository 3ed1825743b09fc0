"""A quiz (catalog kind ``quiz``): a plain-text answers file with the learner's own numbers, scored from
its question bank in ``grader/quizbank/``; no learner code runs."""
import contextlib
from pathlib import Path

from grader import workspace as ws

QUIZ_PACKAGE = Path(__file__).resolve().parent.parent / "quiz"


def _learner_id(workspace):
    return ws.info(workspace)["learner_id"]


class Quiz:
    """The Kind of a quiz entry."""

    group = "quizzes"
    interactive = True
    preload = ()

    def check(self, entry, *, workspace=None, module_path=None, checks=None, limits=None, training_log=None):
        """The Result of the answers file, one check per question (no worker: there is no code to run)."""
        from grader.quiz import check_quiz

        return check_quiz(entry, workspace=workspace, answers_path=module_path, checks=checks)

    def prepared(self, entry, workspace):
        """Nothing to start ahead: a quiz is scored here, from its answers file, without a worker."""
        return contextlib.nullcontext()

    def starting_text(self, entry, workspace):
        """The answers file with the numbers of the workspace's learner."""
        from grader.quiz import answers_file_text

        return answers_file_text(entry, _learner_id(workspace))

    def is_untouched(self, entry, path):
        """True when the answers file holds no answer and nothing unreadable."""
        from grader.quiz import is_untouched

        return is_untouched(entry, path)

    def render_result(self, result, entry, *, every_failure=False):
        """The questions table, each answered question's explanation (all of them, always) and what to do next."""
        from grader.quiz.render import result_view

        return result_view(result, entry.filename)

    def checks_of(self, entry, name):
        """The question ``name`` (a question is a quiz's check)."""
        return tuple(check.id for check in entry.checks if check.id == name)

    def solution_view(self, entry, workspace):
        """The answer key with the numbers of the workspace's learner."""
        from grader.quiz import instantiate
        from grader.quiz.render import answer_key

        return answer_key(entry, instantiate(entry, _learner_id(workspace)))

    def verify(self, entry):
        """The bank is valid, its answers score full marks, wrong and missing answers score 0 (quiz.selfcheck)."""
        from grader.quiz.selfcheck import verify_quiz

        return list(verify_quiz(entry))

    def fingerprint_inputs(self, entry):
        """The question bank (answer keys, points, templates) and the code that parses and scores answers."""
        return [entry.bank_path, *sorted(QUIZ_PACKAGE.glob("*.py"))]

    def answers_text(self, entry, workspace):
        """The answers file's text (None when it is missing or not UTF-8)."""
        try:
            return (Path(workspace) / entry.filename).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None

    def files_to_watch(self, entry):
        """The answers file."""
        return (entry.filename,)


KINDS = {"quiz": Quiz()}
