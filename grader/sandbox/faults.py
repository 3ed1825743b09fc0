"""Exceptions that carry what learner code did back into the trusted checks.

A learner's ordinary exception becomes an instance of the same builtin class (so
``pytest.raises(ValueError)`` works in a check) that also carries the learner's traceback.
Faults that make further calls pointless (a timeout, a crash, an exit, a stub) derive from
BaseException so that hypothesis ends the test at once instead of shrinking through restarts.
"""
import builtins

from grader.i18n import t

_CLASSES = {}


class LearnerFault(BaseException):
    """Learner code could not run to a value: the check is an error (or not started)."""

    def __init__(self, cause, message, details=""):
        super().__init__(message)
        self.cause, self.message, self.details = cause, message, details

    def __str__(self):
        return self.message


class MissingFunction(LearnerFault, AttributeError):
    """The learner's module lacks a function the check calls.

    Also an AttributeError, so ``hasattr(learner, name)`` and introspection by tools stay quiet.
    """


class NotStarted(LearnerFault):
    """The learner's function still raises NotImplementedError (an untouched stub)."""

    def __init__(self, function):
        super().__init__("not_started", t("fault.stub", function=function))


class LearnerException(Exception):
    """Mixin for exceptions re-raised from learner code; holds their traceback text."""

    learner_type = "Exception"
    learner_traceback = ""
    call = ""

    def __str__(self):
        return self.args[0] if self.args else ""


def _exception_class(names):
    """A LearnerException subclass of the builtin exception classes named in ``names``."""
    bases = tuple(getattr(builtins, n) for n in names if isinstance(getattr(builtins, n, None), type)
                  and issubclass(getattr(builtins, n), Exception))
    key = bases[:2]
    if key not in _CLASSES:
        for candidate in (key, key[:1], ()):
            try:
                name = "Learner" + (candidate[0].__name__ if candidate else "Exception")
                _CLASSES[key] = type(name, (LearnerException, *candidate), {})
                break
            except TypeError:  # builtin classes with incompatible layouts cannot be combined
                continue
    return _CLASSES[key]


def learner_exception(record, call, memory_mb):
    """Build the exception to raise in a check from the worker's error record."""
    cause = record.get("kind")
    if cause == "exit":
        return LearnerFault("exit", t("fault.exit", call=call, code=record.get("code", "")))
    if cause == "too_large":
        return LearnerFault("too_large", t("fault.too_large", call=call, size=record.get("size_mb", "?")))
    if cause == "missing":
        return LearnerFault("missing", t("fault.missing_call", call=call))
    types = [str(t) for t in record.get("types", [])]
    if "NotImplementedError" in types:
        return NotStarted(call.partition("(")[0])
    if "MemoryError" in types:
        return LearnerFault("memory", t("fault.memory", call=call, limit=memory_mb),
                            str(record.get("traceback", "")))
    text = f"{record.get('type', 'Exception')}: {record.get('message', '')}".rstrip(": ")
    try:
        exc = _exception_class(types)(text)
    except Exception:  # e.g. UnicodeDecodeError's constructor wants five arguments
        exc = _exception_class([])(text)
    exc.learner_type = str(record.get("type", "Exception"))
    exc.learner_traceback = str(record.get("traceback", ""))
    exc.call = call
    return exc
