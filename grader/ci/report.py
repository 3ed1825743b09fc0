"""What ``dlgrade check --all`` writes for CI: JUnit XML pointing at the learner's functions, and a
Markdown score summary for the job page (pure functions: Results and file texts in, text out)."""
import ast

from grader import render
from grader.batch.cells import score_number
from grader.i18n import t
from grader.junit import Case, Suite, junit_xml


def function_lines(source):
    """{top-level function name: its ``def`` line} of ``source``; empty when it does not parse."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return {}
    return {node.name: node.lineno for node in tree.body if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))}


def checked_function(entry, check_id, lines):
    """The learner function a check is about: its title starts with the function's name (the catalog's
    convention), or its id does; None when neither names a function in ``lines``."""
    check = next(c for c in entry.checks if c.id == check_id)
    first = check.title.split(maxsplit=1)[0].rstrip(":,") if check.title else ""
    if first in lines:
        return first
    prefixes = [name for name in lines if check_id == name or check_id.startswith(name + "_")]
    return max(prefixes, key=len) if prefixes else None


def workspace_junit(graded, *, path_of):
    """JUnit XML for ``graded`` ([(catalog entry, Result, learner file text or None)]): a suite per exercise.

    ``path_of(entry)`` is the file's path as the CI job sees it (relative to the repository).
    """
    suites = []
    for entry, result, source in graded:
        lines = function_lines(source) if source is not None else {}
        cases = []
        for check in result.checks:
            function = checked_function(entry, check.id, lines)
            cases.append(Case(check, entry.module_name, file=path_of(entry) if source is not None else None,
                              line=lines.get(function)))
        suites.append(Suite(result.exercise, cases, properties=(("score", result.score),
                                                                  ("max_score", result.max_score))))
    return junit_xml(suites)


def summary_markdown(results):
    """A Markdown table of every exercise's score and status, with the total: the CI job's summary."""
    total, top = sum(r.score for r in results), sum(r.max_score for r in results)
    lines = [f"## {t('ci.summary.title', score=score_number(total), max_score=score_number(top))}", "",
             f"| {t('column.exercise')} | {t('column.status')} | {t('column.score')} |", "|---|---|---|"]
    for result in results:
        icon = render.ICONS.get(result.status, ("?", ""))[0]
        title = f"{result.exercise} · {result.title}".replace("|", "\\|")
        lines.append(f"| {title} | {icon} {render.status_word(result.status)} | "
                     f"{score_number(result.score)}/{score_number(result.max_score)} |")
    passed = sum(r.passed for r in results)
    lines += ["", t("ci.summary.passed", passed=passed, total=len(results))]
    return "\n".join(lines) + "\n"
