"""Turn what a check raised into one of the four outcomes and a learner-facing message."""
import re
import textwrap

from hypothesis.errors import Flaky

from grader.i18n import t
from grader.results import ERROR, FAILED, NOT_STARTED, PASSED
from grader.sandbox.faults import LearnerException, LearnerFault, NotStarted

# Hypothesis versions word it "Falsifying example: test_x(" or "Failing test case: test_x(".
EXAMPLE_NOTE = re.compile(r"^[A-Z][\w ]*(example|test case): test_\w+\(\n")
DRAW_NOTE = re.compile(r"^Draw (?P<number>\d+)(?: \((?P<label>[^)]*)\))?: (?P<value>.*)", re.S)
HIDDEN_ARGUMENTS = ("learner=", "reference=", "self=")


def falsifying_example(exc):
    """The arguments of the smallest failing input hypothesis found, one per line, or ''."""
    notes = getattr(exc, "__notes__", ())
    draws = [_draw(match) for match in map(DRAW_NOTE.match, notes) if match]  # values drawn with st.data()
    for note in notes:
        if not EXAMPLE_NOTE.match(note):
            continue
        body = textwrap.dedent("\n".join(note.strip().splitlines()[1:-1]))  # drop "... test_x(" and ")"
        arguments = []
        for line in body.splitlines():
            if not line.strip():
                continue
            if line[0].isspace() and arguments:
                arguments[-1].append(line)  # a continuation of a multi-line value
            else:
                arguments.append([line])
        shown = ["\n".join(lines).rstrip().rstrip(",") for lines in arguments
                 if not lines[0].startswith(HIDDEN_ARGUMENTS) and not lines[0].startswith("data=")]
        return "\n".join(shown + draws)
    return ""


def _draw(match):
    """A value drawn with st.data(): 'label=value' like the arguments, or numbered in the learner's language."""
    if match["label"]:
        return f"{match['label']}={match['value']}"
    return f"{t('outcome.draw', number=match['number'])}: {match['value']}"


def leaf(exc):
    """The first leaf of an exception group (hypothesis may report several)."""
    while isinstance(exc, BaseExceptionGroup) and exc.exceptions:
        exc = exc.exceptions[0]
    return exc


def with_example(message, exc):
    """Append the smallest failing input to ``message`` when hypothesis found one."""
    example = falsifying_example(exc)
    return f"{message}\n\n{t('outcome.example')}\n{example}" if example else message


def classify(exc):
    """``(status, message)`` for the exception a check raised (None means it passed)."""
    if exc is None:
        return PASSED, ""
    top, exc = exc, leaf(exc)
    if isinstance(exc, NotStarted):
        return NOT_STARTED, t("outcome.not_started", message=exc.message)
    if isinstance(exc, LearnerFault):
        return ERROR, "\n\n".join(part for part in (exc.message, exc.details) if part)
    if isinstance(exc, LearnerException):
        message = f"{t('outcome.raised', call=exc.call, type=exc.learner_type)}\n\n{exc.learner_traceback.rstrip()}"
        return ERROR, with_example(message, exc if getattr(exc, "__notes__", None) else top)
    if isinstance(exc, AssertionError):
        return FAILED, with_example(str(exc) or t("outcome.failed"), exc if getattr(exc, "__notes__", None) else top)
    if isinstance(exc, Flaky):
        return FAILED, t("outcome.flaky")
    return ERROR, t("outcome.internal", error=f"{type(exc).__name__}: {exc}")
