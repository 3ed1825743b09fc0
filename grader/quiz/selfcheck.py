"""What ``dlgrade verify`` checks for a quiz: its bank is valid and agrees with the catalog, the
reference answers score full marks, wrong answers score 0, an untouched answers file is
'not_started', the numeric templates really vary between learners, and in every other language each
question has its words and grades exactly the same.

Everything goes through the same text path as a learner's file: the answers file is rendered,
filled in, parsed and scored.
"""
from grader import catalog
from grader.course_texts import declared_languages
from grader.i18n import t
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


def _listed(key, items):
    """The message ``key`` naming the first few ``items``, or nothing when there are none."""
    return t(key, items=", ".join(items[:5])) if items else ""


def translation_row(quiz, bank, instances, lang):
    """Every question has its words in ``lang``, and any answers file grades the same in it."""
    missing = ([] if lang in dict(bank.intros) or not bank.intro else [f"[{lang}] intro"]) + \
        [q.id for q in bank.questions if q.translation(lang) is None]
    differ = []
    for own in instances:
        translated = instantiate_bank(bank, own.learner_id, lang)
        for answers in ({i.id: ans.reference_answer(i) for i in own.items},
                        {i.id: ans.wrong_answer(i) for i in own.items}):
            expected = _outcomes(_score(quiz, own, answers))
            if _outcomes(_score(quiz, translated, answers)) != expected or \
                    _outcomes(_score(quiz, translated, answers, own)) != expected:
                differ.append(own.learner_id)
    name = t(f"language.{lang}")
    detail = t("verify.quiz.translated", done=len(bank.questions) - len(missing), total=len(bank.questions),
               language=name) + _listed("verify.quiz.missing", missing)
    detail += _listed("verify.quiz.differ", sorted(set(differ)))
    return t("verify.quiz.translation", language=name), not missing and not differ, detail


def verify_quiz(quiz, learner_ids=LEARNER_IDS):
    """Rows of ``(what, ok, detail)``."""
    try:
        bank = load(quiz)
        instances = [instantiate_bank(bank, learner, catalog.source_language()) for learner in learner_ids]
    except BankError as exc:
        return [(t("verify.quiz.bank"), False, str(exc))]
    ids = [q.id for q in bank.questions]
    catalog_ids = [c.id for c in quiz.checks]
    kinds = sorted({q.type for q in bank.questions})
    rows = [(t("verify.quiz.bank"), ids == catalog_ids,
             t("verify.quiz.bank_detail", count=len(ids), points=f"{sum(q.points for q in bank.questions):g}",
               kinds=", ".join(kinds))
             if ids == catalog_ids else t("verify.quiz.bank_differs", catalog=catalog_ids, bank=ids))]

    bad = []
    for instance in instances:
        result = _score(quiz, instance, {i.id: ans.reference_answer(i) for i in instance.items})
        bad += [f"{instance.learner_id}/{c.id}" for c in result.checks if c.status != PASSED]
    rows.append((t("verify.quiz.reference"), not bad,
                 t("verify.quiz.learners", count=len(instances)) + _listed("verify.quiz.not_passing", bad)))

    bad = []
    for instance in instances:
        result = _score(quiz, instance, {i.id: ans.wrong_answer(i) for i in instance.items})
        bad += [f"{instance.learner_id}/{c.id}" for c in result.checks if c.points != 0 or c.status != "failed"]
    rows.append((t("verify.quiz.wrong"), not bad,
                 t("verify.quiz.learners", count=len(instances)) + _listed("verify.quiz.scored", bad)))

    result = _score(quiz, instances[0], None)
    rows.append((t("verify.quiz.untouched"), result.status == NOT_STARTED and result.score == 0,
                 f"{result.score:g}/{result.max_score:g}"))

    fixed = [q.id for q in bank.questions
             if q.templated and len({repr(inst.item(q.id).values) for inst in instances}) < 2]
    templated = sum(1 for q in bank.questions if q.templated)
    rows.append((t("verify.quiz.vary"), not fixed and templated > 0,
                 t("verify.quiz.templated", count=templated) + _listed("verify.quiz.same", fixed)))
    # The languages its course declares (a folder in its locales/) must grade the same.
    return rows + [translation_row(quiz, bank, instances, lang)
                   for lang in declared_languages(quiz.pack, quiz.source_language)]
