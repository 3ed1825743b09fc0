"""Learning curves that training checks record, for ``dlgrade check EXERCISE --plot FILE``.

The runner opens a log for one check run; ``record`` adds a Keras history to it. Outside such a
run (or when nobody asked for a plot) recording does nothing.
"""
import contextlib
from contextvars import ContextVar

_LOG = ContextVar("training_log", default=None)


@contextlib.contextmanager
def collecting(log):
    """Record the histories of training runs into the list ``log`` (None: record nothing)."""
    token = _LOG.set(log)
    try:
        yield log
    finally:
        _LOG.reset(token)


def record(label, history):
    """Add one training run's per-epoch metrics (a Keras ``history.history`` dict) under ``label``."""
    log = _LOG.get()
    if log is not None:
        log.append((label, {key: [float(v) for v in values] for key, values in history.items()}))
