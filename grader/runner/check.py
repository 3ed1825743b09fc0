"""``check()``: grade one learner file against an exercise's checks and return a Result."""
import importlib.util
import io
import os
import sys
import tokenize
from dataclasses import replace
from pathlib import Path

import pytest

from grader import catalog, kinds
from grader.checklib import curves
from grader.i18n import check_text, exercise_title, t
from grader.results import ERROR, CheckResult, Result
from grader.runner.blame import blame_dependencies
from grader.runner.outcomes import classify
from grader.runner.plugin import GradingPlugin
from grader.sandbox.faults import LearnerFault
from grader.sandbox.process import Limits
from grader.sandbox.proxy import Learner


def limits_for(exercise):
    """The worker limits an exercise asks for in the catalog (the worker's defaults where it names none)."""
    return Limits(**dict(exercise.worker_limits))


def _check_result(exercise, check, status, message, printed=None):
    """A CheckResult with the check's title and, unless passed, the hint in the learner's language and what
    the learner's code printed."""
    title, hint = check_text(exercise, check)
    if status == "passed":
        return CheckResult(check.id, title, status, check.points, check.points, message, None)
    return CheckResult(check.id, title, status, 0.0, check.points, message, hint,
                       "\n".join(printed.lines) if printed and printed.lines else None,
                       printed.omitted if printed else 0)


def _file_fault(exercise, selected, status, message, printed=None):
    """Every check with one message about the whole file, and no check's hint (the file is the problem)."""
    return [replace(_check_result(exercise, c, status, message, printed), hint=None) for c in selected]


def _result(exercise, checks, integrity=()):
    return Result.from_checks(exercise.id, exercise_title(exercise), checks, integrity)


def reference_of(exercise):
    """The reference solution module of an exercise, imported here (trusted) from its course's file under the
    course's own import name, so two courses' references never shadow each other."""
    name = exercise.reference_module
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, exercise.solution_path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        try:
            spec.loader.exec_module(module)
        except BaseException:
            del sys.modules[name]
            raise
    return sys.modules[name]


def run_checks(exercise, learner, selected, training_log=None):
    """Run the selected checks in this (trusted) process through pytest; returns CheckResults."""
    reference = reference_of(exercise)
    plugin = GradingPlugin(learner, reference, exercise.check_budget)
    targets = [f"{exercise.checks_path}::test_{c.id}" for c in selected]
    args = [*targets, "-c", str(exercise.pytest_ini), "--rootdir", str(exercise.pytest_ini.parent), "-p", "no:terminal",
            "-p", "no:cacheprovider", "-p", "no:randomly", "--assert=plain", "--capture=no",
            "--import-mode=importlib", "-W", "ignore::DeprecationWarning"]
    with curves.collecting(training_log):
        pytest.main(args, plugins=[plugin])
    results = []
    for c in selected:
        status, message = plugin.outcome(c.id)
        if plugin.collection_errors:
            status, message = ERROR, t("outcome.checks_broken")
        result = _check_result(exercise, c, status, message, plugin.printed.get(c.id))
        results.append(replace(result, hint=None) if c.id in plugin.undiagnosed else result)
    return results


def check(*, exercise, workspace=None, module_path=None, checks=None, limits=None, training_log=None) -> Result:
    """Grade the learner's file for ``exercise`` (an id or catalog entry); its kind decides how.

    The file is ``workspace/<exercise file>`` unless ``module_path`` names one directly.
    ``checks`` limits the run to some check ids (all by default); ``limits`` overrides the
    catalog's worker limits (a ``Limits``); a list given as ``training_log`` receives the
    ``(label, history)`` of every training run the checks make (for learning-curve plots).
    """
    entry = exercise if isinstance(exercise, catalog.Exercise) else catalog.resolve(exercise)
    return kinds.of(entry).check(entry, workspace=workspace, module_path=module_path, checks=checks, limits=limits,
                                 training_log=training_log)


def encoding_problem(path):
    """What to tell a learner whose file Python cannot read as source (a Korean editor's CP949/EUC-KR), or None.

    Python would stop at a SyntaxError about a codec; the learner needs to hear which line and what to do.
    """
    data = path.read_bytes()
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)  # honours a coding cookie
        data.decode(encoding)
        return None
    except (SyntaxError, UnicodeDecodeError, LookupError) as exc:
        position = getattr(exc, "start", 0)
    line = data[:position].count(b"\n") + 1
    try:
        data.decode("cp949")
        return t("fault.not_utf8_korean", file=path.name, line=line)
    except UnicodeDecodeError:
        return t("fault.not_utf8", file=path.name, line=line)


def learner_for(entry, path, limits=None):
    """The proxy to the learner's module at ``path`` for ``entry``, with its worker limits and guards."""
    return Learner(os.path.abspath(path), limits=limits or limits_for(entry), guarded_dirs=list(entry.guarded_dirs),
                   mutable_arguments=entry.mutable_arguments)


def start_worker_ahead(entry, path, preload):
    """Start the worker that the next ``check_module(entry, path)`` in this process takes, with ``preload``
    (module names) already imported in it."""
    learner_for(entry, path).start_ahead(preload)


def check_module(entry, path, *, checks=None, limits=None, training_log=None, warm_up=None) -> Result:
    """Grade the learner's Python module at ``path``: import it in a worker, run the checks here.

    ``warm_up`` (if given) runs in this process while the worker imports the module.
    """
    path = Path(path)
    selected = [c for c in entry.checks if checks is None or c.id in checks]
    if not path.is_file():
        message = t("fault.missing_file", file=path.name, exercise=entry.id)
        return _result(entry, _file_fault(entry, selected, ERROR, message))
    if (message := encoding_problem(path)) is not None:
        return _result(entry, _file_fault(entry, selected, ERROR, message))
    learner = learner_for(entry, path, limits)
    try:
        learner.spawn()
        if warm_up is not None:
            warm_up()
        names = learner.start()
    except LearnerFault as fault:
        status, message = classify(fault)
        printed = learner.printed.printed()  # what the module printed while it was imported
        return _result(entry, _file_fault(entry, selected, status, message, printed), learner.integrity)
    except BaseException:  # Ctrl-C while the module imports: its worker must not outlive this call
        learner.close()
        raise
    if entry.functions and not entry.functions & names:
        learner.close()
        message = t("fault.no_functions", file=path.name, functions=", ".join(sorted(entry.functions)),
                    exercise=entry.id)
        return _result(entry, _file_fault(entry, selected, ERROR, message), learner.integrity)
    try:
        results = run_checks(entry, learner, selected, training_log)
    finally:
        learner.close()
    return _result(entry, blame_dependencies(entry, results), learner.integrity)
