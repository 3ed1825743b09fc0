"""Answers: reading one typed answer, and writing/parsing a quiz's answers file.

An answers file is plain text, one ``qNN = answer`` line per question with the question itself as
``#`` comments above it (written for the learner's own numbers by ``dlgrade init``). The parser
never raises on learner input: every problem becomes a :class:`Problem` naming the line and the
question, and scoring turns it into an error on that question. The file is written in the current
language and read in any: only the answer lines, the question rules and the header's quiz and
learner id lines matter, and those are recognised in every language of grader/locales/.
"""
import functools
import math
import re
import textwrap
from dataclasses import dataclass, field

from grader.i18n import LANGUAGES, exercise_title, messages, t
from grader.quiz.formula import format_number
from grader.quiz.questions import LETTERS, MULTIPLE, NUMERIC, SHORT, SINGLE, TRUEFALSE
from grader.text_width import display_width

WIDTH = 92
ANSWER_LINE = re.compile(r"^\s*([A-Za-z]\w*)\s*[=:]\s?(.*?)\s*$")
HEADER_LINE = re.compile(r"^#\s*─+\s*([A-Za-z]\w*)\s+·")
QUIZ_LINE = re.compile(r"^#\s*dlgrade\s+(quiz\w+)\b", re.IGNORECASE)
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?|none", re.IGNORECASE)


@functools.cache
def words_in_any_language(key):
    """The space-separated words of the message ``key`` in every language, lower case (true/false answers)."""
    return frozenset(word.lower() for lang in LANGUAGES for word in messages(lang)[key].split())


@functools.cache
def learner_line():
    """The header line that names the learner id, as any language's answers file writes it."""
    labels = {re.search(r"^(.*?):\s*\{learner_id\}", messages(lang)["quiz.file.header"], re.M).group(1).strip()
              for lang in LANGUAGES}
    return re.compile(r"^#\s*(?:" + "|".join(map(re.escape, sorted(labels))) + r"):\s*(\S+)", re.IGNORECASE)


class AnswerError(ValueError):
    """A typed answer that cannot be read for its question; the message says what to write."""


def type_name(qtype):
    """The name of a question type ('single choice', ...)."""
    return t(f"quiz.kind.{qtype}")


def points_label(value):
    """'1 point', '2 points'."""
    return t("quiz.points_one" if value == 1 else "quiz.points_many", points=format_number(value))


def heading(quiz):
    """'quiz01 · its title' in the current language; an English title is followed by the Korean name."""
    title = exercise_title(quiz)
    term = f" ({quiz.term})" if quiz.term and title == quiz.title else ""
    return f"{quiz.id} · {title}{term}"


def how_to_answer(item):
    """One line telling the learner how to write an answer to this item."""
    if item.type == SINGLE:
        return t("quiz.how.single", first=LETTERS[0], last=LETTERS[len(item.choices) - 1])
    if item.type == SHORT:
        return t("quiz.how.shape" if item.question.match == "shape" else "quiz.how.short")
    return t(f"quiz.how.{item.type}")


def normalize_text(text):
    """How short answers are compared: case-folded, without spaces and surrounding quotes."""
    text = re.sub(r"\s+", "", str(text)).casefold()
    return text.strip("'\"`")


def normalize_shape(text):
    """A shape answer as a tuple of its numbers ('(32, 28, 28, 1)' and '32x28x28x1' agree)."""
    return tuple(token.lower() if token.lower() == "none" else float(token) for token in _NUMBER.findall(str(text)))


def quoted(raw, limit=200):
    """A learner's answer as messages quote it: cut to ``limit`` characters, like learner-code messages."""
    return raw if len(raw) <= limit else raw[:limit - 1] + "…"


def parse_answer(item, raw):
    """The value of a typed, non-blank answer for ``item``; raises AnswerError."""
    text = raw.strip()
    shown = quoted(text)
    qtype = item.type
    if qtype in (SINGLE, MULTIPLE):
        valid = LETTERS[:len(item.choices)]
        cleaned = re.sub(r"[()\[\].]", " ", text.lower())
        tokens = [token for token in re.split(r"[\s,;/]+", cleaned) if token]
        if len(tokens) == 1 and qtype == MULTIPLE and tokens[0].isalpha() and len(tokens[0]) > 1:
            tokens = list(tokens[0])  # "ac" means a and c
        if not tokens or any(len(token) != 1 or token not in valid for token in tokens):
            how = how_to_answer(item)
            raise AnswerError(t("quiz.parse.not_letter" if qtype == SINGLE else "quiz.parse.not_letters", text=shown,
                                first=valid[0], last=valid[-1], how=how[0].lower() + how[1:]))
        if qtype == SINGLE:
            if len(set(tokens)) != 1:
                raise AnswerError(t("quiz.parse.several", text=shown))
            return tokens[0]
        return frozenset(tokens)
    if qtype == TRUEFALSE:
        word = text.lower().strip(".!")
        if word in words_in_any_language("quiz.answer.true_words"):
            return True
        if word in words_in_any_language("quiz.answer.false_words"):
            return False
        raise AnswerError(t("quiz.parse.not_truefalse", text=shown))
    if qtype == NUMERIC:
        cleaned = text.replace("_", "").replace(" ", "")
        if _THOUSANDS.match(cleaned):
            cleaned = cleaned.replace(",", "")
        try:
            value = float(cleaned)
        except ValueError:
            raise AnswerError(t("quiz.parse.not_number", text=shown)) from None
        if not math.isfinite(value):
            raise AnswerError(t("quiz.parse.not_finite", text=shown))
        return value
    if item.question.match == "shape":
        shape = normalize_shape(text)
        if not shape:
            raise AnswerError(t("quiz.parse.not_shape", text=shown))
        return shape
    return normalize_text(text)


def is_correct(item, value):
    """Whether a parsed answer value is right for this item."""
    if item.type == NUMERIC:
        q = item.question
        allowed = max(q.tolerance, q.rel_tolerance * abs(item.expected), 1e-9 * max(1.0, abs(item.expected)))
        return abs(value - item.expected) <= allowed
    if item.type == SHORT:
        if item.question.match == "shape":
            return any(value == normalize_shape(a) for a in item.expected)
        return any(value == normalize_text(a) for a in item.expected)
    return value == item.expected


def reference_answer(item):
    """The expected answer written as a learner would type it."""
    if item.type == SINGLE:
        return item.expected
    if item.type == MULTIPLE:
        return ", ".join(sorted(item.expected))
    if item.type == TRUEFALSE:
        return "true" if item.expected else "false"
    if item.type == NUMERIC:
        text = format_number(item.expected)
        return text if is_correct(item, float(text)) else repr(float(item.expected))
    return item.expected[0]


def wrong_answer(item):
    """A well-formed answer that is wrong for this item (for self-checks and tests)."""
    if item.type == SINGLE:
        return LETTERS[(LETTERS.index(item.expected) + 1) % len(item.choices)]
    if item.type == MULTIPLE:
        toggled = frozenset({"b"}) if item.expected == {"a"} else item.expected ^ {"a"}
        return ", ".join(sorted(toggled))
    if item.type == TRUEFALSE:
        return "false" if item.expected else "true"
    if item.type == NUMERIC:
        q = item.question
        return format_number(item.expected + 3 * (abs(item.expected) + 1) + 10 * q.tolerance)
    if item.question.match == "shape":
        return "(" + ", ".join("7" for _ in normalize_shape(item.expected[0])) + ", 7)"
    return "definitely not the answer"


# -------------------------------------------------------------------------------------- the file


def _wrap(paragraph, columns, subsequent_indent):
    """textwrap.wrap into ``columns`` terminal columns (textwrap counts characters; Hangul takes two columns)."""
    width = columns * len(paragraph) // max(display_width(paragraph), 1) or columns
    while True:
        lines = textwrap.wrap(paragraph, width, subsequent_indent=subsequent_indent, break_long_words=False,
                              break_on_hyphens=False) or [""]
        if width <= columns // 2 or all(display_width(line) <= max(columns, len(line)) for line in lines):
            return lines
        width -= 1


def _comment(text, indent=""):
    lines = []
    for paragraph in text.splitlines() or [""]:
        wrapped = _wrap(paragraph, WIDTH - 2 - len(indent), "   " if indent else "")
        lines += [f"# {indent}{line}".rstrip() for line in wrapped]
    return lines


def header_rule(item):
    """The comment line that starts a question's block in the answers file."""
    label = f"# ─── {item.id} · {type_name(item.type)} · {points_label(item.points)} "
    return label + "─" * max(3, WIDTH - display_width(label))


def render_file(quiz, instance, answers=None):
    """The text of a quiz's answers file for this learner; ``answers`` pre-fills {question id: text}."""
    answers = answers or {}
    header = t("quiz.file.header", learner_id=instance.learner_id, quiz=quiz.id)
    lines = [f"# dlgrade {heading(quiz)}", *(f"# {line}".rstrip() for line in header.splitlines())]
    if instance.intro:
        lines += ["#", *_comment(instance.intro)]
    for item in instance.items:
        lines += ["", header_rule(item), *_comment(item.text)]
        for letter, choice in zip(LETTERS, item.choices):
            lines += _comment(f"{letter}) {choice}", indent="  ")
        lines.append(f"{item.id} = {answers.get(item.id, '')}".rstrip())
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class Problem:
    """Something wrong in an answers file: its 1-based line, the question it concerns, what to do."""

    line: int
    question: str | None
    message: str

    def __str__(self):
        if self.question:
            return t("quiz.file.problem_question", line=self.line, question=self.question, message=self.message)
        return t("quiz.file.problem", line=self.line, message=self.message)


@dataclass
class ParsedFile:
    """What an answers file says: raw answers by question id with their lines, and problems."""

    answers: dict = field(default_factory=dict)  # question id -> (line, raw text)
    problems: list = field(default_factory=list)  # Problem, each tied to a question
    file_problems: list = field(default_factory=list)  # Problem that concerns the whole file
    stray: list = field(default_factory=list)  # Problem: a line answering no question of the quiz (ignored)
    learner_id: str | None = None
    quiz_id: str | None = None

    def answered(self):
        """Question ids with a non-blank answer."""
        return {qid for qid, (_, raw) in self.answers.items() if raw}

    @property
    def untouched(self):
        """True when nothing is answered and nothing is wrong: the file as ``dlgrade init`` wrote it."""
        return not self.answered() and not self.problems and not self.file_problems and not self.stray


def parse_file(text, instance):
    """Parse an answers file for ``instance``; never raises on the file's content."""
    ids = [item.id for item in instance.items]
    known = set(ids)
    parsed = ParsedFile()
    block = None  # the question whose comment block we are in
    previous = None  # the question of the previous answer line
    unknown = []  # (line, question block it is in, message) of answer lines with an unknown id
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped:
            continue
        if stripped.startswith("#"):
            header = HEADER_LINE.match(stripped)
            if header and header.group(1) in known:
                block = header.group(1)
            if parsed.quiz_id is None and (quiz := QUIZ_LINE.match(stripped)):
                parsed.quiz_id = quiz.group(1).lower()
                if parsed.quiz_id != instance.quiz_id:
                    parsed.file_problems.append(Problem(number, None, t(
                        "quiz.file.other_quiz", found=parsed.quiz_id, quiz=instance.quiz_id)))
            if parsed.learner_id is None and (learner := learner_line().match(stripped)):
                parsed.learner_id = learner.group(1)
            continue
        content = re.sub(r"\s+#.*$", "", line)
        match = ANSWER_LINE.match(content)
        if not match:
            near = block or previous or ids[0]
            parsed.problems.append(Problem(number, near, t("quiz.file.cannot_read", line=stripped[:60], question=near)))
            continue
        qid, raw = match.group(1).lower(), match.group(2).strip()
        if qid not in known:
            unknown.append((number, block, t("quiz.file.unknown_id", name=quoted(match.group(1)),
                                             quiz=instance.quiz_id, first=ids[0], last=ids[-1])))
            continue
        if qid in parsed.answers:
            first = parsed.answers[qid][0]
            parsed.problems.append(Problem(number, qid, t("quiz.file.twice", question=qid, line=first)))
            continue
        parsed.answers[qid] = (number, raw)
        previous = block = qid
    for number, near, message in unknown:  # a mistyped id where a question's answer line is missing is that
        if near is not None and near not in parsed.answers:  # question's; any other is reported on its own
            parsed.problems.append(Problem(number, near, message))
        else:
            parsed.stray.append(Problem(number, None, message))
    return parsed


def header_learner_id(text):
    """The learner id written in an answers file's header comments, or None."""
    for line in text.splitlines()[:20]:
        if match := learner_line().match(line.strip()):
            return match.group(1)
    return None


def read_answers(item, parsed):
    """``(value, line, raw, problem)`` of one item from a parsed file; value None when blank or unreadable."""
    line, raw = parsed.answers.get(item.id, (None, ""))
    if not raw:
        return None, line, raw, None
    try:
        return parse_answer(item, raw), line, raw, None
    except AnswerError as exc:
        return None, line, raw, Problem(line, item.id, str(exc))
