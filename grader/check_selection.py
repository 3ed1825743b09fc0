"""Which checks of a Python exercise exercise which of its functions (``dlgrade check ID --only FUNCTION``).

Read from the checks module's code, not declared a second time: a check exercises the stub functions
its test function names (``learner.relu``, a builder's name in a string), directly or through the
module's own helpers and constants.
"""
import ast
import functools

from grader.exercise_files import public_functions


def _names(node, definitions, seen):
    """Attribute names, strings and (followed) module-level names used inside ``node``; a string compared
    with something (``name == "adam"``) only tests, it calls nothing."""
    compared = {id(c) for sub in ast.walk(node) if isinstance(sub, ast.Compare) for c in (sub.left, *sub.comparators)}
    found = set()
    for sub in ast.walk(node):
        if isinstance(sub, ast.Attribute):
            found.add(sub.attr)
        elif isinstance(sub, ast.Constant) and isinstance(sub.value, str) and id(sub) not in compared:
            found.add(sub.value)
        elif isinstance(sub, ast.Name) and sub.id in definitions and sub.id not in seen:
            seen.add(sub.id)
            found |= _names(definitions[sub.id], definitions, seen)
    return found


@functools.cache
def functions_by_check(exercise):
    """{check id: the stub's functions that check calls}."""
    stub = public_functions(exercise.stub_path)
    tree = ast.parse(exercise.checks_path.read_text(encoding="utf-8"))
    definitions = {}
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            definitions[node.name] = node
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            definitions.update({target.id: node for target in targets if isinstance(target, ast.Name)})
    return {check.id: frozenset(_names(definitions[f"test_{check.id}"], definitions, {f"test_{check.id}"}) & stub)
            for check in exercise.checks if f"test_{check.id}" in definitions}


def checks_of(exercise, function):
    """Ids of the checks that call ``function``, in catalog order."""
    calls = functions_by_check(exercise)
    return tuple(check.id for check in exercise.checks if function in calls.get(check.id, ()))
