"""Workers started ahead of the check that will use them (watch mode, while the learner edits).

A worker started ahead is a fresh sandboxed process, exactly as any other: it imports the modules
its exercise preloads (TensorFlow for a Keras exercise) and waits, never having held learner code.
The next check of the same file, with the same limits and guards, takes it and has it import the
learner's file as saved by then; a worker is taken once, so no two checks (and no two learners)
ever share one. Why not fork each worker from one TensorFlow-loaded process instead: the workers
would share that process's sandbox (its PID and mount namespaces, its home), so something a
learner's code left running could reach the next check; a worker per check keeps that boundary.
"""
from grader.sandbox.printed import PrintedLog
from grader.sandbox.process import WorkerProcess

_waiting = {}  # the worker's construction arguments -> the WorkerProcess started with them


def start(key, preload):
    """Start a worker for ``key`` = (module path, module name, limits, guarded dirs, blocked modules)."""
    if key not in _waiting:
        # A log of its own until a check takes it (what the preload printed is not the learner's).
        _waiting[key] = WorkerProcess(*key, PrintedLog(), preload=preload)


def take(key):
    """The worker started ahead for ``key`` (the caller owns it from now on), or None."""
    return _waiting.pop(key, None)


def discard():
    """Stop every worker started ahead that no check took."""
    while _waiting:
        _waiting.popitem()[1].stop()
