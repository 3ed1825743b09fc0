"""The learner worker: imports one learner module and runs calls sent by the grader.

Started as a script (``python -I worker.py FD CONFIG_JSON``) in a child process with resource
limits; it imports the learner's module when the grader sends ``load``. It imports nothing of the
grader package and knows only the wire format. Whatever happens here can change the data it sends
back, never the verdict, which the grader computes.
"""
import builtins
import collections
import collections.abc
import faulthandler
import importlib.abc
import importlib.util
import inspect
import json
import linecache
import os
import socket
import sys
import traceback
import warnings

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import keras_export  # noqa: E402
import read_guard  # noqa: E402
import wire  # noqa: E402
import worker_setup  # noqa: E402  (neighbour files, loaded before the learner's code can interfere)

import numpy as np  # noqa: E402

del sys.path[0]

MAX_GENERATOR_ITEMS = 1_000_000
MAX_WARNINGS = 5


class Guard(importlib.abc.MetaPathFinder):
    """Refuses imports of the reference solutions and the grader, and notes the attempt."""

    def __init__(self, blocked, events):
        self.blocked, self.events = blocked, events

    def find_spec(self, name, path=None, target=None):
        """Raise ImportError for a blocked top-level package."""
        if name.partition(".")[0] in self.blocked:
            self.events.append(f"import\t{name}")
            raise ImportError(f"importing '{name}' is not allowed in an exercise")
        return None


class Worker:
    """Holds the learner module, the handles and the integrity events."""

    def __init__(self, sock, config):
        self.sock, self.config = sock, config
        self.learner_dir = os.path.dirname(os.path.realpath(config["module_path"]))
        self.events, self.sent_events = [], 0
        self.handles = {}
        self.module = None

    def opaque(self, value, out):
        """Describe a Keras object as data; keep any other non-data value here behind a handle."""
        if keras_export.is_keras_object(value):
            return keras_export.export(value, lambda v: wire.encode(v, out, lambda o: self.opaque(o, out)))
        handle = len(self.handles) + 1
        self.handles[handle] = value
        return {wire.TAG: "handle", "id": handle, "type": type(value).__name__}

    def resolve(self, record):
        """Turn a handle record sent back by the grader into the value it stands for."""
        if record.get(wire.TAG) != "handle" or record.get("id") not in self.handles:
            raise wire.WireError("a value from an earlier worker was sent back")
        return self.handles[record["id"]]

    def learner_traceback(self, exc):
        """Format ``exc`` with only the frames in the learner's own files."""
        frames = traceback.StackSummary.extract(traceback.walk_tb(exc.__traceback__), lookup_lines=False)
        lines = []
        for frame in frames:
            if not os.path.realpath(frame.filename).startswith(os.path.join(self.learner_dir, "")):
                continue
            name = os.path.relpath(frame.filename, self.learner_dir)
            lines.append(f'  File "{name}", line {frame.lineno}, in {frame.name}\n')
            code = linecache.getline(frame.filename, frame.lineno).strip()
            if code:
                lines.append(f"    {code}\n")
        text = "".join(traceback.format_exception_only(type(exc), exc))
        text = text.replace(self.config["module_path"], os.path.basename(self.config["module_path"]))
        return ("Traceback (most recent call last):\n" + "".join(lines) if lines else "") + text

    def error_record(self, exc):
        """Describe a learner exception as data."""
        if isinstance(exc, SystemExit):
            return {"kind": "exit", "code": repr(exc.code), "types": ["SystemExit"]}
        types = [c.__name__ for c in type(exc).__mro__ if getattr(builtins, c.__name__, None) is c]
        message = str(exc) if type(exc).__str__ is not object.__str__ else ""
        return {"kind": "exception", "type": type(exc).__name__, "types": types,
                "message": message[:2000], "traceback": self.learner_traceback(exc)[-6000:]}

    def new_events(self):
        """Integrity events not yet reported."""
        events = self.events[self.sent_events:]
        self.sent_events = len(self.events)
        return events

    def load(self):
        """Import the learner module; returns the hello message."""
        path, name = self.config["module_path"], self.config["module_name"]
        sys.path.insert(0, self.learner_dir)
        try:
            spec = importlib.util.spec_from_file_location(name, path)
            module = importlib.util.module_from_spec(spec)
            sys.modules[name] = module
            spec.loader.exec_module(module)
        except BaseException as exc:  # the learner's module may raise anything, even SystemExit
            return {"ok": False, "error": self.error_record(exc), "integrity": self.new_events()}
        finally:
            flush_output()
        self.module = module
        names = sorted(n for n, v in vars(module).items() if callable(v) and not n.startswith("_"))
        return {"ok": True, "names": names, "integrity": self.new_events()}

    def call(self, header, arrays):
        """Run one learner function; returns the reply header and its arrays."""
        args = wire.decode(header["args"], arrays, self.resolve)
        kwargs = wire.decode(header["kwargs"], arrays, self.resolve)
        function = getattr(self.module, header["name"], None)
        if not callable(function):
            return {"ok": False, "error": {"kind": "missing", "message": header["name"]}}, []
        snapshots = snapshot_arguments(function, args, kwargs)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                value = function(*args, **kwargs)
                if isinstance(value, collections.abc.Iterator):
                    value = materialise(value)
            except BaseException as exc:  # includes SystemExit: a learner's exit is a failed call
                return {"ok": False, "error": self.error_record(exc), "integrity": self.new_events()}, []
            finally:
                flush_output()
        out = []
        try:
            data = wire.encode(value, out, lambda o: self.opaque(o, out))
        except (MemoryError, RecursionError, ValueError) as exc:
            return {"ok": False, "error": self.error_record(exc), "integrity": self.new_events()}, []
        size = sum(a.nbytes for a in out)
        if size > self.config["max_reply_mb"] << 20:
            return {"ok": False, "error": {"kind": "too_large", "size_mb": size >> 20}}, []
        reply = {"ok": True, "value": data,
                 "mutated": [path for path, value, before in snapshots if changed(value, before)],
                 "warnings": unique_warnings(caught), "integrity": self.new_events()}
        return reply, out

    def serve(self):
        """Import what the exercise preloads, wait for the grader's ``load`` (the learner's file is in the
        home by then), import the learner's module, then answer requests until the grader closes the
        connection."""
        preload(self.config["preload"])
        try:
            header, _ = wire.recv(self.sock)
        except EOFError:
            return
        if header.get("op") != "load":
            return
        wire.send(self.sock, self.load())
        while True:
            try:
                header, arrays = wire.recv(self.sock)
            except EOFError:
                return
            if self.module is None:
                return
            reply, out = self.call(header, arrays)
            wire.send(self.sock, reply, out)


def preload(names):
    """Import the modules every learner of the exercise imports (TensorFlow for a Keras exercise) before
    the learner's file is here, so a worker started ahead (watch mode) waits with them imported. The
    worker is already confined and guarded, as for the learner's own import; a module that fails here
    fails again, and is reported, when the learner's file imports it."""
    for name in names:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                importlib.import_module(name)
        except Exception:
            pass


def flush_output():
    """Push the learner's buffered prints (Python's and C's stdio) into the output pipe before the reply."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:  # the learner may have replaced or closed the stream
            pass
    if LIBC is not None:
        LIBC.fflush(None)


def c_library():
    """The C library with its stdout line-buffered as on a terminal (printf lines arrive in order with
    Python's and before a hang), or None where ctypes cannot load it."""
    try:
        import ctypes

        libc = ctypes.CDLL(None)
    except (ImportError, OSError):
        return None
    try:
        libc.setvbuf(ctypes.c_void_p.in_dll(libc, "stdout"), None, 1, 0)  # 1: _IOLBF in glibc, musl and macOS
    except (ValueError, AttributeError):  # no ``stdout`` symbol (macOS names it __stdoutp): fflush still works
        pass
    return libc


LIBC = c_library()


def materialise(iterator):
    """Run a generator to the end so its items can cross as a list."""
    items = []
    for item in iterator:
        items.append(item)
        if len(items) > MAX_GENERATOR_ITEMS:
            raise RuntimeError(f"the generator yielded more than {MAX_GENERATOR_ITEMS} items")
    return items


def snapshot_arguments(function, args, kwargs):
    """Copies of every array, list and dict passed in, named by parameter, to detect in-place changes.

    Containers are remembered by their items' identities, so replacing an entry counts as a change.
    """
    try:
        bound = inspect.signature(function).bind(*args, **kwargs).arguments
    except (TypeError, ValueError):
        bound = {f"argument {i + 1}": a for i, a in enumerate(args)} | kwargs
    found = []

    def walk(path, value, depth):
        if isinstance(value, np.ndarray):
            found.append((path, value, value.copy()))
        elif depth < 3 and isinstance(value, dict):
            found.append((path, value, [(key, id(item)) for key, item in value.items()]))
            for key, item in value.items():
                walk(f"{path}[{key!r}]", item, depth + 1)
        elif depth < 3 and isinstance(value, (list, tuple)):
            if isinstance(value, list):
                found.append((path, value, [id(item) for item in value]))
            for index, item in enumerate(value):
                walk(f"{path}[{index}]", item, depth + 1)

    for name, value in bound.items():
        walk(name, value, 0)
    return found


def changed(value, before):
    """True when an argument no longer equals what was recorded before the call."""
    if isinstance(value, dict):
        return [(key, id(item)) for key, item in value.items()] != before
    if isinstance(value, list):
        return [id(item) for item in value] != before
    if value.shape != before.shape or value.dtype != before.dtype:
        return True
    return value.tobytes() != before.tobytes()


def unique_warnings(caught):
    """The distinct warnings a call emitted, as text."""
    seen = []
    for item in caught:
        text = f"{item.category.__name__}: {item.message}"
        if text not in seen:
            seen.append(text)
    return seen[:MAX_WARNINGS]


def main():
    """Entry point: set up the process, then serve."""
    fd, config = int(sys.argv[1]), json.loads(sys.argv[2])
    sock = socket.socket(fileno=fd)
    # fd 1 is the pipe of the learner's output, fd 2 the worker's own (crash reports): the learner's
    # stderr joins their stdout in order, and the crash report keeps a descriptor of its own.
    faulthandler.enable(os.fdopen(os.dup(2), "w"))
    os.dup2(1, 2)
    sys.stdout.reconfigure(line_buffering=True)  # lines printed before a hang or a crash still arrive
    sys.dont_write_bytecode = True
    worker_setup.enter(config, sock)
    worker = Worker(sock, config)
    sys.meta_path.insert(0, Guard(set(config["blocked_modules"]), worker.events))
    read_guard.install(config, worker.events)
    worker.serve()
    flush_output()
    os._exit(0)  # skip interpreter teardown, where learner threads or atexit hooks could hang


if __name__ == "__main__":
    main()
