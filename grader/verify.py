"""``verify()``: every reference solution passes, every stub is 'not started', the files agree."""
import ast
from dataclasses import dataclass

from grader import catalog
from grader.i18n import LANGUAGES, t
from grader.results import NOT_STARTED, PASSED
from grader.runner.check import check


@dataclass(frozen=True)
class Row:
    """One verification outcome."""

    exercise: str
    what: str
    ok: bool
    detail: str = ""


def public_functions(path):
    """Names of the top-level public functions defined in a Python file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {n.name for n in tree.body if isinstance(n, ast.FunctionDef) and not n.name.startswith("_")}


def code_without_docstrings(path):
    """The AST dump of a Python file with every docstring removed (comments never reach the AST)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if (isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and body
                and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant)
                and isinstance(body[0].value.value, str)):
            node.body = body[1:] or [ast.Pass()]
    return ast.dump(tree)


def translations_differ(exercise):
    """The languages whose translated stub differs from the catalog-language stub as code (an exercise without
    a translated stub gives that language's learners the catalog-language one)."""
    english = code_without_docstrings(exercise.stub_path)
    return [lang for lang in LANGUAGES if code_without_docstrings(exercise.stub_in(lang)) != english]


def structure(exercise):
    """Problems with an exercise's files: missing ones, names that differ, checks without tests."""
    problems = [t("verify.missing", path=f"{p.parent.name}/{p.name}")
                for p in (exercise.stub_path, exercise.solution_path, exercise.checks_path) if not p.is_file()]
    if problems:
        return problems
    stub, solution = public_functions(exercise.stub_path), public_functions(exercise.solution_path)
    if stub != solution:
        problems.append(t("verify.functions_differ", names=sorted(stub ^ solution)))
    tests = {name.removeprefix("test_") for name in public_functions(exercise.checks_path)
             if name.startswith("test_")}
    declared = {c.id for c in exercise.checks}
    if tests != declared:
        problems.append(t("verify.checks_differ", names=sorted(tests ^ declared)))
    if differ := translations_differ(exercise):
        problems.append(t("verify.translation_differs", langs=", ".join(differ),
                          own=t(f"language.{exercise.source_language}")))
    return problems


def verify_exercise(exercise):
    """The verification rows of one exercise."""
    if exercise.kind == "quiz":
        from grader.quiz.selfcheck import verify_quiz

        return [Row(exercise.id, what, ok, detail) for what, ok, detail in verify_quiz(exercise)]
    problems = structure(exercise)
    rows = [Row(exercise.id, t("verify.files"), not problems, "; ".join(problems))]
    if problems:
        return rows
    solved = check(exercise=exercise, module_path=exercise.solution_path)
    bad = [c.id for c in solved.checks if c.status != PASSED]
    rows.append(Row(exercise.id, t("verify.solution_passes"),
                    solved.status == PASSED and solved.score == solved.max_score,
                    score_detail(solved, "verify.not_passing", bad)))
    stub = check(exercise=exercise, module_path=exercise.stub_path)
    started = [c.id for c in stub.checks if c.status != NOT_STARTED]
    rows.append(Row(exercise.id, t("verify.stub_not_started"), stub.status == NOT_STARTED and stub.score == 0,
                    score_detail(stub, "verify.started", started)))
    return rows


def score_detail(result, key, check_ids):
    """'score/max', then the message ``key`` naming ``check_ids`` if there are any."""
    detail = f"{result.score:g}/{result.max_score:g}"
    return detail + t(key, checks=", ".join(check_ids)) if check_ids else detail


def verify(*, exercises=None):
    """Verify the named exercises (all by default); returns the rows."""
    chosen = [catalog.resolve(e) for e in exercises] if exercises else list(catalog.exercises())
    return [row for exercise in chosen for row in verify_exercise(exercise)]
