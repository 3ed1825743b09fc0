"""The ``learner`` object the checks call: a data-only proxy to the learner's module.

``learner.sigmoid(z)`` sends ``z`` to the worker, runs the learner's function there and
returns the result as plain data. The worker is started on first use and again after a
crash or timeout, so one bad call never stops the remaining checks.
"""
import os
import time
from dataclasses import dataclass, field

import numpy as np

from grader.checklib.verdicts import Observed
from grader.i18n import t
from grader.sandbox import ahead, wire
from grader.sandbox.faults import LearnerFault, MissingFunction, learner_exception
from grader.sandbox.printed import PrintedLog
from grader.sandbox.process import Limits, WorkerProcess


class Handle:
    """A value the learner returned that cannot cross as data; it stays in the worker."""

    def __init__(self, record, generation):
        self.id, self.type_name, self.generation = record["id"], str(record.get("type")), generation

    def __repr__(self):
        return f"<{self.type_name} object>"


@dataclass
class CallInfo:
    """What the worker observed during the last call."""

    name: str = ""
    warnings: list = field(default_factory=list)
    mutated: list = field(default_factory=list)


def strings(value):
    """``value`` as a list of strings, or WireError: replies are checked before they are used."""
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise wire.WireError("expected a list of strings")
    return value


def integrity_note(event):
    """The learner-facing words for a worker's integrity event ``"<kind>\t<subject>"``."""
    kind, tab, subject = event.partition("\t")
    if tab and kind in ("import", "read", "list", "program", "c_call"):
        return t(f"integrity.{kind}", subject=subject)
    return event  # the learner's code shares the worker's socket and may have sent any text


def short_repr(value, limit=120):
    """A one-line, bounded repr of a call argument for messages."""
    if isinstance(value, np.ndarray):
        with np.printoptions(threshold=8, edgeitems=2, precision=4):
            text = repr(value)
    else:
        text = repr(value)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def describe_call(name, args, kwargs):
    """``name(arg, key=value)`` with bounded argument reprs."""
    parts = [short_repr(a) for a in args] + [f"{k}={short_repr(v)}" for k, v in kwargs.items()]
    return f"{name}({', '.join(parts)})"


class Learner:
    """Proxy to one learner module running in a worker process."""

    def __init__(self, module_path, *, limits=Limits(), guarded_dirs=(), blocked_modules=("solutions", "grader"),
                 mutable_arguments=()):
        self._path = os.fspath(module_path)
        self._file = os.path.basename(self._path)
        self._limits, self._guarded, self._blocked = limits, tuple(guarded_dirs), tuple(blocked_modules)
        self._mutable = set(mutable_arguments)
        self._process, self._spawned, self._names, self._generation = None, None, None, 0
        self.integrity = []
        self.last_call = CallInfo()
        self.deadline = None  # time.monotonic() by which the current check must be done
        self.printed = PrintedLog()  # what the learner's code printed; the runner starts it afresh per check

    def __repr__(self):
        return f"<learner {self._file}>"

    def _note(self, events):
        for event in map(integrity_note, strings(events)):
            if event not in self.integrity:
                self.integrity.append(event)

    def _worker_key(self):
        """What a worker for this learner is started with (a worker started ahead must match all of it)."""
        return self._path, os.path.splitext(self._file)[0], self._limits, self._guarded, self._blocked

    def start_ahead(self, preload):
        """Start, ahead of this learner's next check, a worker with ``preload`` imported (grader/sandbox/ahead.py)."""
        ahead.start(self._worker_key(), preload)

    def spawn(self):
        """Start a worker process (or take the one started ahead) and have it import the learner's module,
        without waiting for it."""
        if self._spawned is None and self._process is None:
            process = ahead.take(self._worker_key())
            if process is not None:
                process.printed.hand_to(self.printed)
            else:
                process = WorkerProcess(*self._worker_key(), self.printed)
            try:
                process.load(self._path)
            except OSError:
                process.stop()
                raise
            self._spawned = process

    def start(self):
        """Start the worker if needed and return the learner's public names (raises LearnerFault)."""
        if self._process is not None:
            return self._names
        self.spawn()
        process, self._spawned = self._spawned, None
        what = t("fault.importing", file=self._file)
        hello, _ = process.receive(self._limits.import_timeout, what)
        try:  # the learner's module ran during the import and could have written anything to the socket
            self._note(hello.get("integrity"))
            names = set(strings(hello.get("names")))
        except wire.WireError as exc:
            process.stop()
            raise LearnerFault("protocol", t("fault.protocol", what=what, error=exc)) from None
        if not hello.get("ok"):
            process.stop()
            error = hello.get("error") or {}
            if error.get("kind") == "exit":
                raise LearnerFault("import", t("fault.exit_import", file=self._file, code=error.get("code", "")))
            raise LearnerFault("import", t("fault.import", file=self._file),
                               str(error.get("traceback") or error.get("message", "")))
        self._process, self._names = process, names
        self._generation += 1
        return self._names

    def close(self):
        """Stop the worker (and one still starting)."""
        for process in (self._process, self._spawned):
            if process is not None:
                process.stop()
        self._process = self._spawned = None

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        if name not in self.start():
            raise MissingFunction("missing", t("fault.missing", file=self._file, name=name))
        return lambda *args, **kwargs: self._call(name, args, kwargs)

    def _encode_argument(self, value):
        if isinstance(value, Handle):
            if value.generation != self._generation:
                raise LearnerFault("crash", t("fault.lost_handle"))
            return {wire.TAG: "handle", "id": value.id}
        raise TypeError(f"cannot send {type(value).__name__} to the learner's process")

    def _resolve(self, record, arrays):
        """A handle for a value kept in the worker, or a Keras object rebuilt from its data."""
        tag = record.get(wire.TAG)
        if tag == "handle":
            return Handle(record, self._generation)
        if tag not in ("keras_model", "keras_callback"):
            raise wire.WireError(f"unknown tag {tag!r}")
        from grader.keras_rebuild import rebuild  # TensorFlow only for the Keras exercises

        return rebuild(record, lambda data: wire.decode(data, arrays, lambda r: self._resolve(r, arrays)))

    def _call(self, name, args, kwargs):
        what = describe_call(name, args, kwargs)
        arrays = []
        header = {"op": "call", "name": name, "args": wire.encode(list(args), arrays, self._encode_argument),
                  "kwargs": wire.encode(dict(kwargs), arrays, self._encode_argument)}
        timeout = self._limits.timeout
        if self.deadline is not None:
            left = self.deadline - time.monotonic()
            if left <= 0:
                raise LearnerFault("timeout", t("fault.budget"))
            timeout = min(timeout, left)
        self.start()
        try:
            reply, out = self._process.request(header, arrays, timeout, what)
        except LearnerFault:
            self._process = None
            raise
        try:
            self._note(reply.get("integrity"))
            error = reply.get("error") or {}
            if not reply.get("ok") and not isinstance(error, dict):
                raise wire.WireError("malformed error")
            info = CallInfo(name, strings(reply.get("warnings")), strings(reply.get("mutated")))
        except wire.WireError as exc:
            self.close()
            raise LearnerFault("protocol", t("fault.protocol", what=what, error=exc)) from None
        if not reply.get("ok"):
            fault = learner_exception(error, what, self._limits.memory_mb)
            if isinstance(fault, LearnerFault) and fault.cause == "exit":
                self.close()  # the exit may have left the module half torn down
            raise fault
        try:
            value = wire.decode(reply.get("value"), out, lambda r: self._resolve(r, out))
        except (wire.WireError, IndexError, KeyError, TypeError) as exc:
            self.close()
            raise LearnerFault("protocol", t("fault.protocol", what=what, error=exc)) from None
        self.last_call = info
        forbidden = [p for p in self.last_call.mutated if p.partition("[")[0] not in self._mutable]
        if forbidden:
            # The message is the diagnosis (and says what to do); the check's hint is about other mistakes.
            raise Observed(t("fault.mutated", call=what, argument=forbidden[0]))
        return value
