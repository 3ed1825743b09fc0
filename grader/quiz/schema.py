"""The schema of a bank's ``[[question]]`` tables: keys, kind, points, answer, formulas and placeholders.

A question's words in another language are its ``[question.<lang>]`` table, for any language with a
folder in ``grader/locales/``: ``title``, ``text``, ``concept`` and ``explanation`` (required),
``choices`` (single and multiple choice: as many as the original ones, in the same order) and
``answer`` (short answers: more accepted answers, accepted in every language). Its texts use exactly
the original texts' ``{placeholders}``, so every language shows the same numbers.

Every problem raises :class:`BankError` naming the file and the question, so an author can fix the
bank without reading code; :func:`grader.quiz.bank.parse_bank` checks the bank as a whole.
"""
import re

from grader import catalog
from grader.i18n import LANGUAGES
from grader.quiz.formula import FormulaError, compile_formula, placeholders, template_fields
from grader.quiz.questions import KINDS, LETTERS, MULTIPLE, NUMERIC, SHORT, SINGLE, TRUEFALSE, BankError, Param, \
    Question, Wording

_COMMON = {"id", "kind", "title", "points", "text", "concept", "explanation", "params", "let", "where"}
WORDS = ("title", "text", "concept", "explanation")
_KEYS = {SINGLE: _COMMON | {"choices", "answer", "shuffle"}, MULTIPLE: _COMMON | {"choices", "answer", "shuffle"},
         TRUEFALSE: _COMMON | {"answer"}, NUMERIC: _COMMON | {"answer", "tolerance", "rel_tolerance"},
         SHORT: _COMMON | {"answer", "match"}}
_ID = re.compile(r"^[a-z][a-z0-9_]{0,31}$")
_HANGUL = re.compile(r"[\uac00-\ud7a3]")


def fail(source, question, message):
    """Raise a BankError for ``message`` naming the bank file and, when given, the question."""
    where = f"{source}: question {question}" if question else source
    raise BankError(f"{where}: {message}")


def _text(source, qid, raw, key, required=True):
    value = raw.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or not value.strip():
        fail(source, qid, f"'{key}' must be a non-empty string")
    return value.strip()


def _params(source, qid, raw):
    spec = raw.get("params", {})
    if not isinstance(spec, dict):
        fail(source, qid, "'params' must be a table of name = [values] or name = {min, max, step}")
    params = []
    for name, values in spec.items():
        if not re.fullmatch(r"[A-Za-z_]\w*", name) or name in ("answer",):
            fail(source, qid, f"parameter name '{name}' is not allowed")
        if isinstance(values, dict):
            if set(values) - {"min", "max", "step"} or not {"min", "max"} <= set(values):
                fail(source, qid, f"parameter '{name}': a range needs min and max (and optionally step)")
            lo, hi, step = values["min"], values["max"], values.get("step", 1)
            if not all(isinstance(v, int) and not isinstance(v, bool) for v in (lo, hi, step)) or step < 1 \
                    or hi < lo or (hi - lo) // step > 100_000:
                fail(source, qid, f"parameter '{name}': min <= max and step >= 1 must be integers")
            values = list(range(lo, hi + 1, step))
        if not isinstance(values, list) or not values or \
                not all(isinstance(v, int | float) and not isinstance(v, bool) for v in values):
            fail(source, qid, f"parameter '{name}' must be a non-empty list of numbers or a range")
        params.append(Param(name, tuple(values)))
    return tuple(params)


def _formula(source, qid, text, known, what):
    try:
        formula = compile_formula(text)
    except FormulaError as exc:
        fail(source, qid, f"{what}: {exc}")
    unknown = formula.names - set(known)
    if unknown:
        fail(source, qid, f"{what} uses unknown names {sorted(unknown)} (known: {sorted(known)})")
    return formula


def _letters(source, qid, answer, choices):
    picked = [answer] if isinstance(answer, str) else answer
    if not isinstance(picked, list) or not picked or not all(isinstance(a, str) for a in picked):
        fail(source, qid, "'answer' must be a letter or a list of letters")
    letters = {a.strip().lower() for a in picked}
    valid = set(LETTERS[:len(choices)])
    if not letters <= valid:
        fail(source, qid, f"answer letters {sorted(letters - valid)} are not among the choices "
                          f"{LETTERS[0]}-{LETTERS[len(choices) - 1]}")
    return letters


def _accepted(source, qid, answer):
    accepted = [answer] if isinstance(answer, str) else answer
    if not isinstance(accepted, list) or not accepted or not all(isinstance(a, str) and a.strip() for a in accepted):
        fail(source, qid, "a short answer's 'answer' is a string or a list of accepted strings")
    return tuple(accepted)


def _check_placeholders(source, qid, templates, known):
    for template in templates:
        unknown = placeholders(template) - set(known)
        if unknown:
            fail(source, qid, f"unknown placeholders {sorted('{' + u + '}' for u in unknown)}; "
                              f"write {{{{ and }}}} for literal braces")


def translated_languages():
    """The languages a bank may translate its texts into: every one but the catalog's own."""
    return tuple(lang for lang in LANGUAGES if lang != catalog.source_language())


def _same_fields(source, where, what, original, translated):
    if template_fields(original) != template_fields(translated):
        fail(source, where, f"{what} must use the same placeholders as the original one: "
                            f"{sorted(template_fields(original))}, not {sorted(template_fields(translated))}")


def _translation(source, qid, lang, spec, qtype, english, known):
    """The ``[question.<lang>]`` table checked against the question's own Wording ``english``; None when absent."""
    if spec is None:
        return None
    where = f"{qid} [question.{lang}]"
    if not isinstance(spec, dict):
        fail(source, where, f"must be a table (write [question.{lang}] after the question's keys)")
    allowed = {*WORDS, *(["choices"] if qtype in (SINGLE, MULTIPLE) else []), *(["answer"] if qtype == SHORT else [])}
    extra = set(spec) - allowed
    if extra:
        fail(source, where, f"unknown keys for a {qtype} question: {sorted(extra)} (allowed: {sorted(allowed)})")
    words = {key: _text(source, where, spec, key) for key in WORDS}
    _same_fields(source, where, "'text'", english.text, words["text"])
    _same_fields(source, where, "'explanation'", english.explanation, words["explanation"])
    choices = ()
    if qtype in (SINGLE, MULTIPLE):
        choices = spec.get("choices")
        if not isinstance(choices, list) or not all(isinstance(c, str) and c.strip() for c in choices):
            fail(source, where, "'choices' must be a list of non-empty strings, in the order of the original choices")
        if len(choices) != len(english.choices):
            fail(source, where, f"'choices' has {len(choices)} entries but the original has {len(english.choices)}; "
                                f"translate each original choice, in the same order")
        choices = tuple(c.strip() for c in choices)
        for number, (english_choice, choice) in enumerate(zip(english.choices, choices), start=1):
            _same_fields(source, where, f"choice {number}", english_choice, choice)
    answers = _accepted(source, where, spec["answer"]) if "answer" in spec else ()
    _check_placeholders(source, where, answers, known)
    return Wording(**words, choices=choices, answers=answers)


def parse_question(source, raw, index):
    """Validate one ``[[question]]`` table; returns a Question or raises BankError."""
    if not isinstance(raw, dict):
        fail(source, f"#{index + 1}", "each [[question]] must be a table")
    qid = raw.get("id")
    if not isinstance(qid, str) or not _ID.match(qid):
        fail(source, f"#{index + 1}", "'id' must be a short lowercase identifier such as 'q01'")
    qtype = raw.get("kind")
    if qtype not in KINDS:
        fail(source, qid, f"'kind' must be one of {', '.join(KINDS)}, not {qtype!r}")
    extra = set(raw) - _KEYS[qtype] - set(translated_languages())
    if extra:
        fail(source, qid, f"unknown keys for a {qtype} question: {sorted(extra)}")
    points = raw.get("points")
    if not isinstance(points, int | float) or isinstance(points, bool) or not points > 0:
        fail(source, qid, "'points' must be a positive number")
    title, text = _text(source, qid, raw, "title"), _text(source, qid, raw, "text")
    concept, explanation = _text(source, qid, raw, "concept"), _text(source, qid, raw, "explanation")
    if not _HANGUL.search(concept) or not _HANGUL.search(explanation):
        fail(source, qid, "'concept' and 'explanation' must name the concept's Korean term")
    params = _params(source, qid, raw)
    known = [p.name for p in params]
    lets = []
    let_spec = raw.get("let", {})
    if not isinstance(let_spec, dict):
        fail(source, qid, "'let' must be a table of name = \"formula\"")
    for name, text_ in let_spec.items():
        if name in known or name == "answer" or not re.fullmatch(r"[A-Za-z_]\w*", name):
            fail(source, qid, f"'let' name '{name}' is not allowed or defined twice")
        lets.append((name, _formula(source, qid, text_, known, f"let {name}")))
        known.append(name)
    where = _formula(source, qid, raw["where"], known, "where") if "where" in raw else None
    fields = {}
    if qtype in (SINGLE, MULTIPLE):
        choices = raw.get("choices")
        if not isinstance(choices, list) or not 2 <= len(choices) <= len(LETTERS) or \
                not all(isinstance(c, str) and c.strip() for c in choices):
            fail(source, qid, "'choices' must be a list of at least two non-empty strings")
        letters = _letters(source, qid, raw.get("answer"), choices)
        if qtype == SINGLE and (len(letters) != 1 or not isinstance(raw["answer"], str)):
            fail(source, qid, "a single-choice 'answer' is one letter")
        if not isinstance(raw.get("shuffle", True), bool):
            fail(source, qid, "'shuffle' is true or false")
        fields.update(choices=tuple(c.strip() for c in choices), shuffle=raw.get("shuffle", True),
                      answer=next(iter(letters)) if qtype == SINGLE else frozenset(letters))
    elif qtype == TRUEFALSE:
        if not isinstance(raw.get("answer"), bool):
            fail(source, qid, "a true/false 'answer' is true or false")
        fields["answer"] = raw["answer"]
    elif qtype == NUMERIC:
        if "answer" not in raw:
            fail(source, qid, "a numeric question needs 'answer' (a number or a formula)")
        fields["answer"] = _formula(source, qid, raw["answer"], known, "answer")
        for key in ("tolerance", "rel_tolerance"):
            value = raw.get(key, 0.0)
            if not isinstance(value, int | float) or isinstance(value, bool) or not 0 <= value < 1e6:
                fail(source, qid, f"'{key}' must be a number >= 0")
            fields[key] = float(value)
        if fields["rel_tolerance"] >= 1:
            fail(source, qid, "'rel_tolerance' must be below 1")
    else:
        accepted = _accepted(source, qid, raw.get("answer"))
        match = raw.get("match", "text")
        if match not in ("text", "shape"):
            fail(source, qid, "'match' is 'text' or 'shape'")
        fields.update(answer=accepted, match=match)
    _check_placeholders(source, qid, [text, *fields.get("choices", ()), *(fields["answer"] if qtype == SHORT else ())],
                        known)
    # only numeric and short answers are text the explanation can quote; a choice is shown by its letter
    unknown = placeholders(explanation) - set(known) - ({"answer"} if qtype in (NUMERIC, SHORT) else set())
    if unknown:
        fail(source, qid, f"the explanation uses unknown placeholders {sorted(unknown)}")
    english = Wording(title, text, concept, explanation, fields.get("choices", ()))
    translations = tuple((lang, wording) for lang in translated_languages()
                         if (wording := _translation(source, qid, lang, raw.get(lang), qtype, english, known)))
    if qtype == SHORT:  # any language's answers are right in all of them
        fields["answer"] = tuple(dict.fromkeys(fields["answer"] + tuple(a for _, w in translations for a in w.answers)))
    return Question(id=qid, type=qtype, title=title, points=float(points), text=text, concept=concept,
                    explanation=explanation, params=params, lets=tuple(lets), where=where, translations=translations,
                    **fields)
