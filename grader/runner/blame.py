"""Blame each defect once: a check that fails because a check it depends on fails says so, without a hint.

The dependency order is data: ``depends_on`` of a check in grader/catalog.toml.
"""
from dataclasses import replace

from grader.i18n import check_text, t
from grader.results import ERROR, FAILED

PROBLEMS = (FAILED, ERROR)


def blame_dependencies(exercise, results):
    """``results`` with each failing check whose dependency fails reworded to name that dependency.

    The check keeps its status and gets no points, as before; its own message and hint go, because
    they describe a symptom of the other check's defect.
    """
    by_id = {r.id: r for r in results}
    blamed = []
    for result in results:
        failing = [d for d in exercise.check(result.id).depends_on
                   if d in by_id and by_id[d].status in PROBLEMS]
        if result.status in PROBLEMS and failing:
            title, _ = check_text(exercise, exercise.check(failing[0]))
            result = replace(result, message=t("outcome.depends_on", title=title), hint=None)
        blamed.append(result)
    return blamed
