"""Gradescope's ``results.json`` from dlgrade Results: every field of Gradescope's autograder spec.

Top level: ``score`` (the total, hidden checks included), ``execution_time``, ``output`` (a line per
exercise, counting only the checks a learner may see now), ``output_format``, ``test_output_format``,
``test_name_format``, ``visibility``, ``stdout_visibility``, ``extra_data`` and ``tests``. One test per
check: ``name``, ``name_format``, ``number`` ("exercise position.check position"), ``score``,
``max_score``, ``status``, ``output`` (the terminal's feedback, as Markdown or ANSI), ``output_format``,
``tags``, ``visibility`` and ``extra_data``. No leaderboard: dlgrade grades, it does not rank.
"""
import fnmatch
import io
from dataclasses import dataclass

from rich.console import Console

from grader import render
from grader.batch.cells import check_output, code_block, score_number
from grader.i18n import t
from grader.results import PASSED, overall_status

VISIBILITIES = ("visible", "hidden", "after_due_date", "after_published")
OUTPUT_FORMATS = ("md", "ansi")
WIDTH = 100


@dataclass(frozen=True)
class Visibility:
    """When learners see each check: ``default``, overridden by ``rules`` (pattern, visibility), last match wins.

    A pattern is an exercise id or ``exercise.check`` (shell wildcards allowed), e.g.
    ``("exercise03.train_*", "hidden")``.
    """

    default: str = "visible"
    rules: tuple[tuple[str, str], ...] = ()
    stdout: str = "hidden"

    def __post_init__(self):
        for value in (self.default, self.stdout, *(v for _, v in self.rules)):
            if value not in VISIBILITIES:
                raise ValueError(t("gradescope.bad_visibility", value=value, choices=", ".join(VISIBILITIES)))

    @classmethod
    def parse(cls, default="visible", rules=(), stdout="hidden"):
        """From ``PATTERN=VISIBILITY`` texts; raises ValueError naming a malformed one."""
        parsed = []
        for rule in rules:
            pattern, sep, value = rule.partition("=")
            if not sep or not pattern.strip():
                raise ValueError(t("gradescope.bad_rule", rule=rule))
            parsed.append((pattern.strip(), value.strip()))
        return cls(default, tuple(parsed), stdout)

    def of(self, exercise, check):
        """The visibility of ``check`` (an id) of ``exercise`` (an id)."""
        chosen = self.default
        for pattern, value in self.rules:
            if fnmatch.fnmatchcase(f"{exercise}.{check}", pattern) or fnmatch.fnmatchcase(exercise, pattern):
                chosen = value
        return chosen

    def unmatched(self, checks):
        """The rule patterns that match none of ``checks`` ((exercise, check) ids): probably typos."""
        return [p for p, _ in self.rules
                if not any(fnmatch.fnmatchcase(f"{e}.{c}", p) or fnmatch.fnmatchcase(e, p) for e, c in checks)]

    def withheld(self, checks):
        """The checks learners do not see at once (any visibility but 'visible')."""
        return [(e, c) for e, c in checks if self.of(e, c) != "visible"]


def _ansi(renderable):
    console = Console(file=io.StringIO(), width=WIDTH, force_terminal=True, color_system="standard",
                      highlight=False, emoji=False, soft_wrap=False)
    console.print(renderable)
    return console.file.getvalue().rstrip("\n")


def check_feedback(check, output_format):
    """One check's feedback as ``dlgrade check`` shows it: its status, then message and hint when it did not pass."""
    if output_format == "ansi":
        return _ansi(render.status_text(check.status) if check.status == PASSED else render.detail_panel(check))
    head = f"**{render.status_word(check.status)}** · {score_number(check.points)}/{score_number(check.max_points)}"
    if check.status == PASSED:
        return head
    body = check.message or t("detail.none")
    hint = f"\n\n**{t('detail.hint').strip()}** {check.hint}" if check.hint else ""
    return f"{head}\n\n{code_block(body)}{hint}"


def _summary(results, visibility):
    lines, withheld = [], 0
    for result in results:
        shown = [c for c in result.checks if visibility.of(result.exercise, c.id) == "visible"]
        withheld += len(result.checks) - len(shown)
        if shown:
            lines.append(t("gradescope.output.exercise", exercise=result.exercise, title=result.title,
                           score=score_number(sum(c.points for c in shown)),
                           max_score=score_number(sum(c.max_points for c in shown)),
                           status=render.status_word(overall_status(shown))))
    if withheld:
        lines.append(t("gradescope.output.withheld", count=withheld))
    return lines


def results_document(results, *, visibility=Visibility(), output_format="md", execution_time=0.0, problem=None,
                     extra_data=None):
    """The ``results.json`` document (as data) for one submission's ``results`` (Results, in course order)."""
    if output_format not in OUTPUT_FORMATS:
        raise ValueError(t("gradescope.bad_output_format", value=output_format, choices=", ".join(OUTPUT_FORMATS)))
    tests = []
    for number, result in enumerate(results, start=1):
        for index, check in enumerate(result.checks, start=1):
            tests.append({
                "name": f"{result.exercise} · {check.title}", "name_format": "text", "number": f"{number}.{index}",
                "score": check.points, "max_score": check.max_points,
                "status": "passed" if check.status == PASSED else "failed",
                "output": check_feedback(check, output_format), "output_format": output_format,
                "tags": [result.exercise, check.status], "visibility": visibility.of(result.exercise, check.id),
                "extra_data": {"exercise": result.exercise, "check": check.id, "dlgrade_status": check.status},
            })
    lines = _summary(results, visibility)
    if problem:
        lines.insert(0, f"{t('batch.export.problem')} {problem}")
    integrity = sorted({note for result in results for note in result.integrity})
    return {
        "score": float(sum(r.score for r in results)), "execution_time": round(float(execution_time), 3),
        "output": "\n".join(lines), "output_format": "text", "test_output_format": output_format,
        "test_name_format": "text", "visibility": visibility.default, "stdout_visibility": visibility.stdout,
        "extra_data": {"max_score": float(sum(r.max_score for r in results)), "generator": "dlgrade",
                       "integrity": integrity, **(extra_data or {})},
        "tests": tests,
    }
