"""Gradescope export: one ``results.json`` per submission."""
import json

from grader import render
from grader.batch.cells import check_output as _check_output, score_number as _score
from grader.batch.exports import ExportFormat
from grader.i18n import t
from grader.results import PASSED

VISIBILITIES = ("visible", "hidden", "after_due_date", "after_published")


def gradescope(record, *, visibility="visible"):
    """A Gradescope ``results.json`` document (as data) for one submission.

    Top level: score, execution_time, output, visibility, stdout_visibility, extra_data, tests.
    Each test: name, number, score, max_score, status (passed|failed), output, tags, visibility,
    extra_data. A check that did not pass (failed, error, not started) is 'failed'.
    """
    if visibility not in VISIBILITIES:
        raise ValueError(f"visibility must be one of {', '.join(VISIBILITIES)}")
    tests = []
    for number, (exercise, graded) in enumerate(record.graded.items(), start=1):
        for index, check in enumerate(graded.result.checks, start=1):
            tests.append({
                "name": f"{exercise} · {check.title}", "number": f"{number}.{index}",
                "score": check.points, "max_score": check.max_points,
                "status": "passed" if check.status == PASSED else "failed",
                "output": _check_output(check), "tags": [exercise, check.status], "visibility": visibility,
                "extra_data": {"exercise": exercise, "check": check.id, "dlgrade_status": check.status},
            })
    lines = [f"{e}: {_score(g.result.score)}/{_score(g.result.max_score)} ({render.status_word(g.result.status)})"
             for e, g in record.graded.items()]
    if record.problem:
        lines.insert(0, f"{t('batch.export.problem')} {record.problem}")
    return {
        "score": record.total, "execution_time": round(record.duration, 3),
        "output": "\n".join(lines), "visibility": visibility, "stdout_visibility": "hidden",
        "extra_data": {"max_score": record.max_total, "submission": record.name,
                       "content_hash": record.content_hash, "generator": "dlgrade"},
        "tests": tests,
    }


def to_gradescope(record, *, visibility="visible"):
    """The Gradescope ``results.json`` text for one submission."""
    return json.dumps(gradescope(record, visibility=visibility), indent=2, ensure_ascii=False) + "\n"


FORMAT = ExportFormat(name="gradescope", help_key="export.gradescope.help", file_name="{stem}/results.json",
                      render=lambda record, options: to_gradescope(record, **options))
