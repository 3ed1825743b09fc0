"""How gradebook values read in exports and the report: the exercise columns, a score, a check's output."""
import re

from grader import catalog
from grader.course_pack import BUILTIN_NAME
from grader.i18n import t
from grader.results import PASSED


def score_number(value):
    """A score as an int when whole, else rounded to 4 decimals."""
    return int(value) if float(value).is_integer() else round(float(value), 4)


def exercise_columns(records):
    """``[(id, title, max_score)]`` of every exercise in the records: course order, then by id."""
    rank = {e.id: i for i, e in enumerate(catalog.exercises())}
    seen = {}
    for record in records:
        for exercise, graded in record.graded.items():
            title, top = seen.get(exercise, (graded.result.title, 0.0))
            seen[exercise] = (title, max(top, graded.result.max_score))
    order = sorted(seen, key=lambda e: (rank.get(e, len(rank)), e))
    return [(e, seen[e][0], seen[e][1]) for e in order]


def record_courses(record):
    """The courses (``<name>@<version>``) a learner's results were graded against, sorted (none recorded: [])."""
    return sorted({graded.course for graded in record.graded.values() if graded.course})


def courses_line(courses):
    """The report's line naming the courses (and versions) results were graded against, with their counts."""
    listed = ", ".join(t("batch.report.course", course=course or t("batch.report.course_unknown"), count=count)
                       for course, count in courses)
    return t("batch.report.courses", courses=listed)


def exercise_courses(records):
    """``{exercise id: name}`` of the course other than the built-in one that graded it (names without their
    versions, joined by '+' when several did), for the columns an LMS keeps across versions of a course."""
    names = {}
    for record in records:
        for exercise, graded in record.graded.items():
            name = (graded.course or "").partition("@")[0]
            if name and name != BUILTIN_NAME:
                names.setdefault(exercise, set()).add(name)
    return {exercise: "+".join(sorted(found)) for exercise, found in names.items()}


def check_output(check):
    """A check's message followed by its hint when it did not pass."""
    text = check.message or ""
    if check.hint and check.status != PASSED:
        text += ("\n\n" if text else "") + t("detail.hint") + check.hint
    return text


def code_block(text, info="text"):
    """``text`` as a Markdown fenced block whose fence is longer than any run of backticks inside."""
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{info}\n{text}\n{fence}"


def spreadsheet_safe(text):
    """Defuse a cell a spreadsheet would run as a formula (CSV injection)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
