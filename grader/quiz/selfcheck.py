"""What ``dlgrade verify`` checks for a quiz: its bank is valid and agrees with the catalog, the
reference answers score full marks, wrong answers score 0, an untouched answers file is
'not_started', and the numeric templates really vary between learners.

Everything goes through the same text path as a learner's file: the answers file is rendered,
filled in, parsed and scored.
"""
from grader.quiz import answers as ans
from grader.quiz.bank import BankError, instantiate_bank, load
from grader.quiz.scoring import score_parsed
from grader.results import NOT_STARTED, PASSED

LEARNER_IDS = tuple(f"verify-{i:02d}" for i in range(24))


def _score(quiz, instance, answers):
    text = ans.render_file(quiz, instance, answers)
    return score_parsed(quiz, instance, ans.parse_file(text, instance))


def verify_quiz(quiz, learner_ids=LEARNER_IDS):
    """Rows of ``(what, ok, detail)``."""
    try:
        bank = load(quiz)
        instances = [instantiate_bank(bank, learner) for learner in learner_ids]
    except BankError as exc:
        return [("question bank", False, str(exc))]
    ids = [q.id for q in bank.questions]
    catalog_ids = [c.id for c in quiz.checks]
    kinds = sorted({q.kind for q in bank.questions})
    rows = [("question bank", ids == catalog_ids,
             f"{len(ids)} questions, {sum(q.points for q in bank.questions):g} points ({', '.join(kinds)})"
             if ids == catalog_ids else f"catalog checks {catalog_ids} differ from the bank's questions {ids}")]

    bad = []
    for instance in instances:
        result = _score(quiz, instance, {i.id: ans.reference_answer(i) for i in instance.items})
        bad += [f"{instance.learner_id}/{c.id}" for c in result.checks if c.status != PASSED]
    rows.append(("reference answers score full", not bad,
                 f"{len(instances)} learner ids" + (f"; not passing: {', '.join(bad[:5])}" if bad else "")))

    bad = []
    for instance in instances:
        result = _score(quiz, instance, {i.id: ans.wrong_answer(i) for i in instance.items})
        bad += [f"{instance.learner_id}/{c.id}" for c in result.checks if c.points != 0 or c.status != "failed"]
    rows.append(("wrong answers score 0", not bad, f"{len(instances)} learner ids"
                 + (f"; scored: {', '.join(bad[:5])}" if bad else "")))

    result = _score(quiz, instances[0], None)
    rows.append(("untouched answers file not started", result.status == NOT_STARTED and result.score == 0,
                 f"{result.score:g}/{result.max_score:g}"))

    fixed = [q.id for q in bank.questions
             if q.templated and len({repr(inst.item(q.id).values) for inst in instances}) < 2]
    templated = sum(1 for q in bank.questions if q.templated)
    same = f"; the same for every id: {', '.join(fixed)}" if fixed else ""
    rows.append(("numbers vary per learner", not fixed and templated > 0, f"{templated} templated questions{same}"))
    return rows
