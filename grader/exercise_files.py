"""What ``dlgrade verify`` checks about a Python exercise's files before running them: they exist, the stub
and the reference define the same functions, every catalog check has its test function, and every
translated stub is the English one as code."""
import ast
import importlib.util
import sys
import traceback

from grader.catalog import public_functions
from grader.course_texts import text_problems
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


def _where(path):
    """A course file named from the course's folder (``checks/exercise01_x.py``)."""
    return f"{path.parent.name}/{path.name}"


def syntax_problem(path):
    """'checks/x.py, line 3: invalid syntax' when Python cannot compile the file, else None."""
    try:
        compile(path.read_bytes(), str(path), "exec")
    except SyntaxError as error:
        return t("verify.broken", path=_where(path), line=error.lineno, error=f"SyntaxError: {error.msg}")
    return None


def import_problem(path):
    """'checks/x.py, line 3: NameError: ...' when importing the (trusted) module fails, else None: a checks
    module that cannot load grades every learner as an error."""
    name = f"dlgrade_verify_{path.stem}"
    spec = importlib.util.spec_from_file_location(name, path)
    sys.modules[name] = importlib.util.module_from_spec(spec)  # dataclasses look their module up there
    try:
        spec.loader.exec_module(sys.modules[name])
    except Exception as error:  # any failure of the module's own code is the course's problem to report
        frames = [f for f in traceback.extract_tb(error.__traceback__) if f.filename == str(path)]
        line = frames[-1].lineno if frames else 1
        return t("verify.broken", path=_where(path), line=line, error=f"{type(error).__name__}: {error}")
    finally:
        del sys.modules[name]
    return None


def structure(exercise):
    """Problems with an exercise's files: missing or broken ones, names that differ, checks without tests."""
    files = (exercise.stub_path, exercise.solution_path, exercise.checks_path)
    problems = [t("verify.missing", path=_where(p)) for p in files if not p.is_file()]
    problems += [problem for p in files if p.is_file() and (problem := syntax_problem(p))]
    if problems:
        return problems
    if problem := import_problem(exercise.checks_path):
        return [problem]
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
    return problems + text_problems(exercise)
