"""Per-learner variants: a bank's questions with one learner's numbers, choice order and answers.

Numeric templates draw each parameter from its list or range with a stable hash of
``(learner id, quiz id, question id, parameter, attempt)`` (SHA-256, never ``hash()`` or
``random``), so a learner always sees the same numbers and an instructor can regenerate them.
Choices are shown in a per-learner order drawn the same way (``shuffle = false`` keeps the bank's
order); ``answer`` letters in the bank refer to the bank's order. The language only chooses the
words: numbers, choice order and expected answers are the same in English and Korean, so an answers
file grades the same whatever the language.
"""
import hashlib
import math

from grader.i18n import language, messages
from grader.quiz.formula import FormulaError, fill, format_number
from grader.quiz.questions import LETTERS, MULTIPLE, NUMERIC, SINGLE, TRUEFALSE, BankError, Instance, Item

MAX_ATTEMPTS = 200  # draws tried per learner until a template's `where` condition holds


def draw(*parts):
    """A stable 64-bit number from the parts (SHA-256 of their text joined by U+001F)."""
    text = "\x1f".join(str(p) for p in parts)
    return int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:8], "big")


def variant(question, *, quiz_id, learner_id):
    """The parameter and derived values of a question for a learner (empty for fixed questions)."""
    if not question.params:
        return _derive(question, {})
    for attempt in range(MAX_ATTEMPTS):
        values = {p.name: p.pick(draw(learner_id, quiz_id, question.id, p.name, attempt)) for p in question.params}
        env = _derive(question, values)
        if question.where is None or question.where(env):
            return env
    raise BankError(f"{quiz_id}: question {question.id}: no parameter values satisfy "
                    f"'{question.where.text}' for learner {learner_id!r}")


def _derive(question, values):
    env = dict(values)
    for name, formula in question.lets:
        env[name] = formula(env)
    return env


def choice_order(question, *, quiz_id, learner_id):
    """The bank indices of a question's choices in the order this learner sees them."""
    order = tuple(range(len(question.choices)))
    if not question.shuffle:
        return order
    return tuple(sorted(order, key=lambda i: draw(learner_id, quiz_id, question.id, "choice", i)))


def _instantiate_question(question, *, quiz_id, learner_id, lang):
    words = question.wording(lang)
    try:
        env = variant(question, quiz_id=quiz_id, learner_id=learner_id)
        text = fill(words.text, env)
        order = choice_order(question, quiz_id=quiz_id, learner_id=learner_id)
        choices = tuple(fill(words.choices[i], env) for i in order)
        letter = {LETTERS[original]: LETTERS[shown] for shown, original in enumerate(order)}
        if question.type == SINGLE:
            expected = letter[question.answer]
            answer_text = f"{expected}) {choices[LETTERS.index(expected)]}"
        elif question.type == MULTIPLE:
            expected = frozenset(letter[a] for a in question.answer)
            answer_text = ", ".join(sorted(expected))
        elif question.type == TRUEFALSE:
            expected = question.answer
            answer_text = messages(lang)["quiz.true" if expected else "quiz.false"]
        elif question.type == NUMERIC:
            expected = question.answer(env)
            if isinstance(expected, bool) or not isinstance(expected, int | float) or not math.isfinite(expected):
                raise FormulaError(f"the answer is {expected!r}, not a finite number")
            answer_text = format_number(expected)
            env = {**env, "answer": expected}
        else:
            expected = tuple(fill(a, env) for a in question.answer)
            answer_text = fill(words.answers[0], env) if words.answers else expected[0]
            env = {**env, "answer": answer_text}
        explanation = fill(words.explanation, env)
    except FormulaError as exc:
        raise BankError(f"{quiz_id}: question {question.id}: {exc}") from None
    return Item(question=question, title=words.title, concept=words.concept, text=text, choices=choices,
                explanation=explanation, expected=expected, answer_text=answer_text, values=env)


def instantiate_bank(bank, learner_id, lang=None):
    """The bank's questions with this learner's numbers, in ``lang`` (default: the current language)."""
    lang = lang or language()
    items = tuple(_instantiate_question(q, quiz_id=bank.quiz_id, learner_id=str(learner_id), lang=lang)
                  for q in bank.questions)
    return Instance(quiz_id=bank.quiz_id, learner_id=str(learner_id), intro=bank.intro_in(lang), items=items)
