"""What ``dlgrade verify`` checks for a quiz: its bank is valid and agrees with the catalog, the
reference answers score full marks, wrong answers score 0, an untouched answers file is
'not_started', the numeric templates really vary between learners, and every question has its
Korean words and grades exactly the same in Korean.

Everything goes through the same text path as a learner's file: the answers file is rendered,
filled in, parsed and scored.
"""
from grader.quiz import answers as ans
from grader.quiz.bank import BankError, instantiate_bank, load
from grader.quiz.scoring import score_parsed
from grader.results import NOT_STARTED, PASSED

LEARNER_IDS = tuple(f"verify-{i:02d}" for i in range(24))


def _score(quiz, instance, answers, grader=None):
    """The Result of ``instance``'s answers file with ``answers``, scored for ``grader`` (default: the same)."""
    text = ans.render_file(quiz, instance, answers)
    grader = grader or instance
    return score_parsed(quiz, grader, ans.parse_file(text, grader))


def _outcomes(result):
    return [(c.id, c.status, c.points) for c in result.checks]


def _korean_row(quiz, bank, instances):
    """Every question has Korean words, and any answers file grades the same in both languages."""
    missing = ([] if bank.intro_ko or not bank.intro else ["[ko] intro"]) + [q.id for q in bank.questions
                                                                              if q.ko is None]
    differ = []
    for english in instances:
        korean = instantiate_bank(bank, english.learner_id, "ko")
        for answers in ({i.id: ans.reference_answer(i) for i in english.items},
                        {i.id: ans.wrong_answer(i) for i in english.items}):
            expected = _outcomes(_score(quiz, english, answers))
            if _outcomes(_score(quiz, korean, answers)) != expected or \
                    _outcomes(_score(quiz, korean, answers, english)) != expected:
                differ.append(english.learner_id)
    detail = f"{len(bank.questions) - len(missing)} of {len(bank.questions)} questions in Korean"
    detail += f"; missing: {', '.join(missing)}" if missing else ""
    detail += f"; graded differently for: {', '.join(sorted(set(differ))[:5])}" if differ else ""
    return "Korean version grades the same", not missing and not differ, detail


def verify_quiz(quiz, learner_ids=LEARNER_IDS):
    """Rows of ``(what, ok, detail)``."""
    try:
        bank = load(quiz)
        instances = [instantiate_bank(bank, learner, "en") for learner in learner_ids]
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
    rows.append(_korean_row(quiz, bank, instances))
    return rows
