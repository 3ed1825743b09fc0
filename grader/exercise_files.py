"""What ``dlgrade verify`` checks about a Python exercise's files before running them: they exist, the stub
and the reference define the same functions, every catalog check has its test function, and every
translated stub is the English one as code."""
import ast

from grader.catalog import public_functions
from grader.i18n import LANGUAGES, t


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
