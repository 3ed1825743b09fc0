"""Question banks: load a quiz's TOML file, validated and cached, and instantiate it for one learner.

A bank (``grader/quizbank/<quiz id>_<slug>.toml``) is data, not code. It is the single list of a
quiz's questions: the catalog reads the ids, titles and points from it, and everything else
(text, choices, answers, explanations, numeric templates) lives only here, in the catalog's language
and, in its ``[<lang>]`` and ``[question.<lang>]`` tables, in the others.

This module checks a bank as a whole and is its public face; the rest lives in
:mod:`grader.quiz.questions` (the data classes), :mod:`grader.quiz.schema` (each question's
validation) and :mod:`grader.quiz.variants` (per-learner numbers and choice order). Their public
names are re-exported here, so ``bank.X`` keeps working for the callers and tests that use it.
"""
import functools
import tomllib
from pathlib import Path

from grader.i18n import LANGUAGES
from grader.quiz.answers import normalize_shape, normalize_text
from grader.quiz.questions import KINDS, LETTERS, MULTIPLE, NUMERIC, SHORT, SINGLE, TRUEFALSE, Bank, BankError, \
    Instance, Item, Param, Question, Wording
from grader.quiz.schema import fail, parse_question, translated_languages
from grader.quiz.variants import MAX_ATTEMPTS, choice_order, draw, instantiate_bank, variant

FORMAT_VERSION = 1


def parse_bank(data, *, quiz_id, source="<bank>"):
    """Validate a bank's parsed TOML ``data``; returns a Bank or raises BankError."""
    if data.get("format_version") != FORMAT_VERSION:
        fail(source, None, f"format_version must be {FORMAT_VERSION}")
    extra = set(data) - {"format_version", "intro", "question", *translated_languages()}
    if extra:
        fail(source, None, f"unknown top-level keys {sorted(extra)}")
    raw_questions = data.get("question")
    if not isinstance(raw_questions, list) or not raw_questions:
        fail(source, None, "a bank needs at least one [[question]]")
    questions = tuple(parse_question(source, raw, i) for i, raw in enumerate(raw_questions))
    seen = set()
    for q in questions:
        if q.id in seen:
            fail(source, q.id, "the id is used twice")
        seen.add(q.id)
    intro = data.get("intro", "")
    if not isinstance(intro, str):
        fail(source, None, "'intro' must be a string")
    intros = tuple((lang, text) for lang in translated_languages()
                   if (text := _intro(source, lang, data.get(lang, {}))))
    bank = Bank(quiz_id=quiz_id, path=source, intro=intro.strip(), questions=questions, intros=intros)
    for lang in LANGUAGES:  # every formula and template evaluates for at least one learner
        instantiate_bank(bank, "validation", lang)
    return bank


def _intro(source, lang, table):
    if not isinstance(table, dict) or set(table) - {"intro"} or not isinstance(table.get("intro", ""), str):
        fail(source, None, f"[{lang}] holds only intro = \"the introduction in that language\"")
    return table.get("intro", "").strip()


@functools.cache
def _load(path, quiz_id):
    try:
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
    except OSError as exc:
        raise BankError(f"{Path(path).name}: cannot read the question bank ({exc.strerror})") from None
    except tomllib.TOMLDecodeError as exc:
        raise BankError(f"{Path(path).name}: not valid TOML: {exc}") from None
    return parse_bank(data, quiz_id=quiz_id, source=Path(path).name)


def load(quiz):
    """The validated Bank of a quiz catalog entry (cached)."""
    return _load(str(quiz.bank_path), quiz.id)


def instantiate(quiz, learner_id, lang=None):
    """A quiz (catalog entry) for ``learner_id`` in ``lang`` (default: the current language)."""
    return instantiate_bank(load(quiz), learner_id, lang)


__all__ = ["FORMAT_VERSION", "KINDS", "LETTERS", "MAX_ATTEMPTS", "MULTIPLE", "NUMERIC", "SHORT", "SINGLE",
           "TRUEFALSE", "Bank", "BankError", "Instance", "Item", "Param", "Question", "Wording", "choice_order", "draw",
           "instantiate", "instantiate_bank", "load", "normalize_shape", "normalize_text", "parse_bank",
           "parse_question", "variant"]
