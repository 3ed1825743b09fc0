"""What a question bank holds: question kinds, questions as written, and the items a learner sees.

A :class:`Bank` is the validated content of one quiz's TOML file (:mod:`grader.quiz.schema`); an
:class:`Instance` is that bank for one learner id and one language, numbers and choice order
filled in (:mod:`grader.quiz.variants`). A question's words in a language are its
:class:`Wording`: the bank's own language is the question's own keys, another language its
``[question.<lang>]`` table.
"""
from dataclasses import dataclass, field

from grader.quiz.formula import Formula

SINGLE, MULTIPLE, TRUEFALSE, NUMERIC, SHORT = "single", "multiple", "truefalse", "numeric", "short"
KINDS = (SINGLE, MULTIPLE, TRUEFALSE, NUMERIC, SHORT)
LETTERS = "abcdefghijklmnopqrstuvwxyz"


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
class Wording:
    """A question's words in one language, placeholders not yet filled."""

    title: str
    text: str
    concept: str
    explanation: str
    choices: tuple = ()  # in the bank's order, as many as the original ones
    answers: tuple = ()  # short answers written in this language: the first one is shown as the answer


@dataclass(frozen=True)
class Question:
    """One question as written in the bank (templates not yet filled)."""

    id: str
    type: str  # one of KINDS, the bank's "kind" key
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
    translations: tuple = ()  # ((lang, Wording), ...): its [question.<lang>] tables

    @property
    def templated(self):
        """True when the question's numbers vary per learner."""
        return bool(self.params)

    def translation(self, lang):
        """Its ``[question.<lang>]`` Wording, or None."""
        return dict(self.translations).get(lang)

    def wording(self, lang):
        """The question's words in ``lang`` (its own ones when it has no such translation)."""
        return self.translation(lang) or Wording(self.title, self.text, self.concept, self.explanation, self.choices)


@dataclass(frozen=True)
class Bank:
    """A quiz's validated questions."""

    quiz_id: str
    path: str
    intro: str
    questions: tuple
    intros: tuple = ()  # ((lang, intro), ...): the intro of its [<lang>] tables

    def intro_in(self, lang):
        """The quiz's introduction in ``lang`` (its own one when it has no such translation)."""
        return dict(self.intros).get(lang) or self.intro

    def question(self, question_id):
        """The question with this id."""
        return next(q for q in self.questions if q.id == question_id)


@dataclass(frozen=True)
class Item:
    """One question as a particular learner sees it in one language: templates filled, answer computed."""

    question: Question
    title: str
    concept: str
    text: str
    choices: tuple
    explanation: str
    expected: object  # letter | frozenset | bool | number | tuple of accepted strings
    answer_text: str  # the expected answer as shown to people
    values: dict = field(default_factory=dict)

    @property
    def id(self):
        """The question's id."""
        return self.question.id

    @property
    def type(self):
        """The question's type (single, multiple, truefalse, numeric, short)."""
        return self.question.type

    @property
    def points(self):
        """The question's points."""
        return self.question.points

    def to_dict(self):
        """The item as JSON-able data (the instructor's answer key)."""
        expected = self.expected
        if isinstance(expected, frozenset):
            expected = sorted(expected)
        elif isinstance(expected, tuple):
            expected = list(expected)
        return {"id": self.id, "kind": self.type, "title": self.title, "points": self.points, "text": self.text,
                "choices": list(self.choices), "answer": expected, "answer_text": self.answer_text,
                "tolerance": self.question.tolerance, "rel_tolerance": self.question.rel_tolerance,
                "concept": self.concept, "explanation": self.explanation,
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
