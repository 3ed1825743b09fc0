"""Who a submission belongs to, and quiz answers that belong to someone else.

A learner's id comes from the submission (its name, or a roster file mapping submission names to
ids), never from the answers file's header, which the learner can edit. Quiz numbers are per
learner, so answers that are right for another learner's numbers (and not for one's own) were
copied from that learner's file: :func:`copied_answers` finds them among a gradebook's stored
answers. Everything here is pure but :func:`load_roster`.
"""
import functools
from dataclasses import dataclass

from grader import catalog
from grader.batch.roster import load_roster as load_class_roster
from grader.i18n import t
from grader.quiz import answers as ans
from grader.quiz.bank import BankError, instantiate

COPIED = "copied"  # the notes kind of a finding
MAX_ANSWER = 200  # characters of one raw answer kept for the cross-check
MIN_MATCHES = 2   # answers right for another learner's numbers before it is a finding, not chance


def load_roster(path):
    """``{submission name: learner id}`` from the class roster (:mod:`grader.batch.roster`); a row without a
    learner_id keeps the submission's name as the id."""
    return {learner.submission: learner.learner_id or learner.submission
            for learner in load_class_roster(path).learners}


def learner_id(name, roster):
    """The learner id of submission ``name``: the roster's, else the name itself."""
    return roster.get(name, name) if roster else name


def read_answers(quiz, text, learner):
    """``{question id: raw answer}`` of an answers file's text (each cut to MAX_ANSWER characters)."""
    try:
        parsed = ans.parse_file(text, instantiate(quiz, learner))
    except BankError:
        return {}
    return {qid: raw[:MAX_ANSWER] for qid, (_, raw) in parsed.answers.items() if raw}


@functools.lru_cache(maxsize=4096)
def _items(quiz_id, learner):
    return {item.id: item for item in instantiate(catalog.resolve(quiz_id), learner).items}


def _right(item, raw):
    try:
        return ans.is_correct(item, ans.parse_answer(item, raw))
    except ans.AnswerError:
        return False


@dataclass(frozen=True)
class Copy:
    """Submission ``submission``'s answers to ``quiz`` fit ``source``'s numbers: ``matches`` of ``compared``."""

    submission: str
    quiz: str
    source: str
    matches: int
    own: int
    compared: int


def copied_answers(stored):
    """The Copy findings among ``stored`` = [(submission, quiz id, learner id, {question id: raw})].

    Only questions whose right answer differs between the two learners count. A submission is
    flagged when at least MIN_MATCHES of them are right for the other learner and more are right for
    the other learner than for its own.
    """
    by_quiz = {}
    for submission, quiz, learner, answers in stored:
        by_quiz.setdefault(quiz, []).append((submission, learner, answers))
    found = []
    for quiz, entries in sorted(by_quiz.items()):
        for submission, learner, answers in entries:
            mine = _items(quiz, learner)
            best = None
            for other, other_learner, _ in entries:
                if other == submission or other_learner == learner:
                    continue
                theirs = _items(quiz, other_learner)
                differing = [q for q in answers if q in mine and q in theirs
                             and mine[q].expected != theirs[q].expected]
                matches = sum(_right(theirs[q], answers[q]) for q in differing)
                own = sum(_right(mine[q], answers[q]) for q in differing)
                if matches >= MIN_MATCHES and matches > own and (best is None or matches > best.matches):
                    best = Copy(submission, quiz, other, matches, own, len(differing))
            if best:
                found.append(best)
    return found


def copy_note(copy):
    """The integrity note of a Copy, for the report and the exports."""
    return t("batch.identity.copied", source=copy.source, matches=copy.matches, compared=copy.compared,
             own=copy.own)


def flag_copies(book):
    """Recompute the gradebook's copied-answers notes from every learner's stored quiz answers."""
    findings = copied_answers(book.stored_answers())
    book.replace_notes(COPIED, [(c.submission, c.quiz, copy_note(c)) for c in findings])
    return findings
