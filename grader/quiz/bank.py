"""Question banks: load and validate a quiz's TOML file, and instantiate it for one learner.

A bank (``grader/quizbank/<quiz id>_<slug>.toml``) is data, not code. It is the single list of a
quiz's questions: the catalog reads the ids, titles and points from it, and everything else
(text, choices, answers, explanations, numeric templates) lives only here.

Numeric templates draw each parameter from its list or range with a stable hash of
``(learner id, quiz id, question id, parameter, attempt)`` (SHA-256, never ``hash()`` or
``random``), so a learner always sees the same numbers and an instructor can regenerate them.
Choices are shown in a per-learner order drawn the same way (``shuffle = false`` keeps the bank's
order); ``answer`` letters in the bank refer to the bank's order.
"""
import functools
import hashlib
import math
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from grader.quiz.formula import Formula, FormulaError, compile_formula, fill, format_number, placeholders

SINGLE, MULTIPLE, TRUEFALSE, NUMERIC, SHORT = "single", "multiple", "truefalse", "numeric", "short"
KINDS = (SINGLE, MULTIPLE, TRUEFALSE, NUMERIC, SHORT)
KIND_NAMES = {SINGLE: "single choice", MULTIPLE: "multiple choice", TRUEFALSE: "true/false",
              NUMERIC: "numeric", SHORT: "short answer"}
LETTERS = "abcdefghijklmnopqrstuvwxyz"
FORMAT_VERSION = 1
MAX_ATTEMPTS = 200  # draws tried per learner until a template's `where` condition holds

_COMMON = {"id", "kind", "title", "points", "text", "concept", "explanation", "params", "let", "where"}
_KEYS = {SINGLE: _COMMON | {"choices", "answer", "shuffle"}, MULTIPLE: _COMMON | {"choices", "answer", "shuffle"},
         TRUEFALSE: _COMMON | {"answer"}, NUMERIC: _COMMON | {"answer", "tolerance", "rel_tolerance"},
         SHORT: _COMMON | {"answer", "match"}}
_ID = re.compile(r"^[a-z][a-z0-9_]{0,31}$")
_HANGUL = re.compile(r"[\uac00-\ud7a3]")


class BankError(ValueError):
    """A question bank that cannot be used; the message names the file and the question."""


@dataclass(frozen=True)
class Param:
    """One template parameter: the values a learner's variant may take."""

    name: str
    values: tuple

    def pick(self, number):
        """The value selected by a non-negative integer (from the learner's hash)."""
        return self.values[number % len(self.values)]


@dataclass(frozen=True)
class Question:
    """One question as written in the bank (templates not yet filled)."""

    id: str
    kind: str
    title: str
    points: float
    text: str
    concept: str
    explanation: str
    choices: tuple = ()
    answer: object = None  # letter | frozenset of letters | bool | Formula | tuple of accepted strings
    tolerance: float = 0.0
    rel_tolerance: float = 0.0
    match: str = "text"
    shuffle: bool = False  # choices appear in a per-learner order
    params: tuple = ()
    lets: tuple = ()  # (name, Formula) in order
    where: Formula | None = None

    @property
    def templated(self):
        """True when the question's numbers vary per learner."""
        return bool(self.params)


@dataclass(frozen=True)
class Bank:
    """A quiz's validated questions."""

    quiz_id: str
    path: str
    intro: str
    questions: tuple

    def question(self, question_id):
        """The question with this id."""
        return next(q for q in self.questions if q.id == question_id)


@dataclass(frozen=True)
class Item:
    """One question as a particular learner sees it: templates filled, expected answer computed."""

    question: Question
    text: str
    choices: tuple
    explanation: str
    expected: object  # letter | frozenset | bool | number | tuple of accepted strings
    answer_text: str  # the expected answer as shown to people
    values: dict = field(default_factory=dict)

    @property
    def id(self):
        return self.question.id

    @property
    def kind(self):
        return self.question.kind

    @property
    def title(self):
        return self.question.title

    @property
    def points(self):
        return self.question.points

    def to_dict(self):
        """The item as JSON-able data (the instructor's answer key)."""
        expected = self.expected
        if isinstance(expected, frozenset):
            expected = sorted(expected)
        elif isinstance(expected, tuple):
            expected = list(expected)
        return {"id": self.id, "kind": self.kind, "title": self.title, "points": self.points, "text": self.text,
                "choices": list(self.choices), "answer": expected, "answer_text": self.answer_text,
                "tolerance": self.question.tolerance, "rel_tolerance": self.question.rel_tolerance,
                "concept": self.question.concept, "explanation": self.explanation,
                "values": {k: v for k, v in self.values.items()}}


@dataclass(frozen=True)
class Instance:
    """A quiz instantiated for one learner id."""

    quiz_id: str
    learner_id: str
    intro: str
    items: tuple

    def item(self, question_id):
        """The item with this id."""
        return next(i for i in self.items if i.id == question_id)

    def to_dict(self):
        """The whole answer key as JSON-able data."""
        return {"quiz": self.quiz_id, "learner_id": self.learner_id, "questions": [i.to_dict() for i in self.items]}


# ----------------------------------------------------------------------------------------- loading


def _fail(source, question, message):
    where = f"{source}: question {question}" if question else source
    raise BankError(f"{where}: {message}")


def _text(source, qid, raw, key, required=True):
    value = raw.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or not value.strip():
        _fail(source, qid, f"'{key}' must be a non-empty string")
    return value.strip()


def _params(source, qid, raw):
    spec = raw.get("params", {})
    if not isinstance(spec, dict):
        _fail(source, qid, "'params' must be a table of name = [values] or name = {min, max, step}")
    params = []
    for name, values in spec.items():
        if not re.fullmatch(r"[A-Za-z_]\w*", name) or name in ("answer",):
            _fail(source, qid, f"parameter name '{name}' is not allowed")
        if isinstance(values, dict):
            if set(values) - {"min", "max", "step"} or not {"min", "max"} <= set(values):
                _fail(source, qid, f"parameter '{name}': a range needs min and max (and optionally step)")
            lo, hi, step = values["min"], values["max"], values.get("step", 1)
            if not all(isinstance(v, int) and not isinstance(v, bool) for v in (lo, hi, step)) or step < 1 \
                    or hi < lo or (hi - lo) // step > 100_000:
                _fail(source, qid, f"parameter '{name}': min <= max and step >= 1 must be integers")
            values = list(range(lo, hi + 1, step))
        if not isinstance(values, list) or not values or \
                not all(isinstance(v, int | float) and not isinstance(v, bool) for v in values):
            _fail(source, qid, f"parameter '{name}' must be a non-empty list of numbers or a range")
        params.append(Param(name, tuple(values)))
    return tuple(params)


def _formula(source, qid, text, known, what):
    try:
        formula = compile_formula(text)
    except FormulaError as exc:
        _fail(source, qid, f"{what}: {exc}")
    unknown = formula.names - set(known)
    if unknown:
        _fail(source, qid, f"{what} uses unknown names {sorted(unknown)} (known: {sorted(known)})")
    return formula


def _letters(source, qid, answer, choices):
    picked = [answer] if isinstance(answer, str) else answer
    if not isinstance(picked, list) or not picked or not all(isinstance(a, str) for a in picked):
        _fail(source, qid, "'answer' must be a letter or a list of letters")
    letters = {a.strip().lower() for a in picked}
    valid = set(LETTERS[:len(choices)])
    if not letters <= valid:
        _fail(source, qid, f"answer letters {sorted(letters - valid)} are not among the choices "
                           f"{LETTERS[0]}-{LETTERS[len(choices) - 1]}")
    return letters


def parse_question(source, raw, index):
    """Validate one ``[[question]]`` table; returns a Question or raises BankError."""
    if not isinstance(raw, dict):
        _fail(source, f"#{index + 1}", "each [[question]] must be a table")
    qid = raw.get("id")
    if not isinstance(qid, str) or not _ID.match(qid):
        _fail(source, f"#{index + 1}", "'id' must be a short lowercase identifier such as 'q01'")
    kind = raw.get("kind")
    if kind not in KINDS:
        _fail(source, qid, f"'kind' must be one of {', '.join(KINDS)}, not {kind!r}")
    extra = set(raw) - _KEYS[kind]
    if extra:
        _fail(source, qid, f"unknown keys for a {kind} question: {sorted(extra)}")
    points = raw.get("points")
    if not isinstance(points, int | float) or isinstance(points, bool) or not points > 0:
        _fail(source, qid, "'points' must be a positive number")
    title, text = _text(source, qid, raw, "title"), _text(source, qid, raw, "text")
    concept, explanation = _text(source, qid, raw, "concept"), _text(source, qid, raw, "explanation")
    if not _HANGUL.search(concept) or not _HANGUL.search(explanation):
        _fail(source, qid, "'concept' and 'explanation' must name the concept's Korean term")
    params = _params(source, qid, raw)
    known = [p.name for p in params]
    lets = []
    let_spec = raw.get("let", {})
    if not isinstance(let_spec, dict):
        _fail(source, qid, "'let' must be a table of name = \"formula\"")
    for name, text_ in let_spec.items():
        if name in known or name == "answer" or not re.fullmatch(r"[A-Za-z_]\w*", name):
            _fail(source, qid, f"'let' name '{name}' is not allowed or defined twice")
        lets.append((name, _formula(source, qid, text_, known, f"let {name}")))
        known.append(name)
    where = _formula(source, qid, raw["where"], known, "where") if "where" in raw else None
    fields = {}
    if kind in (SINGLE, MULTIPLE):
        choices = raw.get("choices")
        if not isinstance(choices, list) or not 2 <= len(choices) <= len(LETTERS) or \
                not all(isinstance(c, str) and c.strip() for c in choices):
            _fail(source, qid, "'choices' must be a list of at least two non-empty strings")
        letters = _letters(source, qid, raw.get("answer"), choices)
        if kind == SINGLE and (len(letters) != 1 or not isinstance(raw["answer"], str)):
            _fail(source, qid, "a single-choice 'answer' is one letter")
        if not isinstance(raw.get("shuffle", True), bool):
            _fail(source, qid, "'shuffle' is true or false")
        fields.update(choices=tuple(c.strip() for c in choices), shuffle=raw.get("shuffle", True),
                      answer=next(iter(letters)) if kind == SINGLE else frozenset(letters))
    elif kind == TRUEFALSE:
        if not isinstance(raw.get("answer"), bool):
            _fail(source, qid, "a true/false 'answer' is true or false")
        fields["answer"] = raw["answer"]
    elif kind == NUMERIC:
        if "answer" not in raw:
            _fail(source, qid, "a numeric question needs 'answer' (a number or a formula)")
        fields["answer"] = _formula(source, qid, raw["answer"], known, "answer")
        for key in ("tolerance", "rel_tolerance"):
            value = raw.get(key, 0.0)
            if not isinstance(value, int | float) or isinstance(value, bool) or not 0 <= value < 1e6:
                _fail(source, qid, f"'{key}' must be a number >= 0")
            fields[key] = float(value)
        if fields["rel_tolerance"] >= 1:
            _fail(source, qid, "'rel_tolerance' must be below 1")
    else:
        accepted = raw.get("answer")
        accepted = [accepted] if isinstance(accepted, str) else accepted
        if not isinstance(accepted, list) or not accepted or not all(isinstance(a, str) and a.strip()
                                                                     for a in accepted):
            _fail(source, qid, "a short answer's 'answer' is a string or a list of accepted strings")
        match = raw.get("match", "text")
        if match not in ("text", "shape"):
            _fail(source, qid, "'match' is 'text' or 'shape'")
        fields.update(answer=tuple(accepted), match=match)
    templates = [text, *fields.get("choices", ())]
    if kind == SHORT:
        templates += list(fields["answer"])
    for template in templates:
        unknown = placeholders(template) - set(known)
        if unknown:
            _fail(source, qid, f"unknown placeholders {sorted('{' + u + '}' for u in unknown)}; "
                               f"write {{{{ and }}}} for literal braces")
    unknown = placeholders(explanation) - set(known) - {"answer"}
    if unknown:
        _fail(source, qid, f"the explanation uses unknown placeholders {sorted(unknown)}")
    return Question(id=qid, kind=kind, title=title, points=float(points), text=text, concept=concept,
                    explanation=explanation, params=params, lets=tuple(lets), where=where, **fields)


def parse_bank(data, *, quiz_id, source="<bank>"):
    """Validate a bank's parsed TOML ``data``; returns a Bank or raises BankError."""
    if data.get("format_version") != FORMAT_VERSION:
        _fail(source, None, f"format_version must be {FORMAT_VERSION}")
    extra = set(data) - {"format_version", "intro", "question"}
    if extra:
        _fail(source, None, f"unknown top-level keys {sorted(extra)}")
    raw_questions = data.get("question")
    if not isinstance(raw_questions, list) or not raw_questions:
        _fail(source, None, "a bank needs at least one [[question]]")
    questions = tuple(parse_question(source, raw, i) for i, raw in enumerate(raw_questions))
    seen = set()
    for q in questions:
        if q.id in seen:
            _fail(source, q.id, "the id is used twice")
        seen.add(q.id)
    intro = data.get("intro", "")
    if not isinstance(intro, str):
        _fail(source, None, "'intro' must be a string")
    bank = Bank(quiz_id=quiz_id, path=source, intro=intro.strip(), questions=questions)
    instantiate_bank(bank, "validation")  # every formula and template evaluates for at least one learner
    return bank


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


# ----------------------------------------------------------------------------------- instantiation


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


def normalize_text(text):
    """How short answers are compared: case-folded, without spaces and surrounding quotes."""
    text = re.sub(r"\s+", "", str(text)).casefold()
    return text.strip("'\"`")


_NUMBER = re.compile(r"-?\d+(?:\.\d+)?|none", re.IGNORECASE)


def normalize_shape(text):
    """A shape answer as a tuple of its numbers ('(32, 28, 28, 1)' and '32x28x28x1' agree)."""
    return tuple(token.lower() if token.lower() == "none" else float(token) for token in _NUMBER.findall(str(text)))


def choice_order(question, *, quiz_id, learner_id):
    """The bank indices of a question's choices in the order this learner sees them."""
    order = tuple(range(len(question.choices)))
    if not question.shuffle:
        return order
    return tuple(sorted(order, key=lambda i: draw(learner_id, quiz_id, question.id, "choice", i)))


def _instantiate_question(question, *, quiz_id, learner_id):
    try:
        env = variant(question, quiz_id=quiz_id, learner_id=learner_id)
        text = fill(question.text, env)
        order = choice_order(question, quiz_id=quiz_id, learner_id=learner_id)
        choices = tuple(fill(question.choices[i], env) for i in order)
        letter = {LETTERS[original]: LETTERS[shown] for shown, original in enumerate(order)}
        if question.kind == SINGLE:
            expected = letter[question.answer]
            answer_text = f"{expected}) {choices[LETTERS.index(expected)]}"
        elif question.kind == MULTIPLE:
            expected = frozenset(letter[a] for a in question.answer)
            answer_text = ", ".join(sorted(expected))
        elif question.kind == TRUEFALSE:
            expected = question.answer
            answer_text = "true" if expected else "false"
        elif question.kind == NUMERIC:
            expected = question.answer(env)
            if isinstance(expected, bool) or not isinstance(expected, int | float) or not math.isfinite(expected):
                raise FormulaError(f"the answer is {expected!r}, not a finite number")
            answer_text = format_number(expected)
            env = {**env, "answer": expected}
        else:
            accepted = tuple(fill(a, env) for a in question.answer)
            expected = accepted
            answer_text = accepted[0]
            env = {**env, "answer": answer_text}
        explanation = fill(question.explanation, env)
    except FormulaError as exc:
        raise BankError(f"{quiz_id}: question {question.id}: {exc}") from None
    return Item(question=question, text=text, choices=choices, explanation=explanation, expected=expected,
                answer_text=answer_text, values=env)


def instantiate_bank(bank, learner_id):
    """The bank's questions with this learner's numbers."""
    items = tuple(_instantiate_question(q, quiz_id=bank.quiz_id, learner_id=str(learner_id))
                  for q in bank.questions)
    return Instance(quiz_id=bank.quiz_id, learner_id=str(learner_id), intro=bank.intro, items=items)


def instantiate(quiz, learner_id):
    """A quiz (catalog entry) instantiated for ``learner_id``: what that learner sees and must answer."""
    return instantiate_bank(load(quiz), learner_id)
