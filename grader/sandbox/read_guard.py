"""The worker's audit hook on reads: refuses Python-level reads outside the allow-list and notes the
attempts that look for answers, also those made through another program or a C function.

Standard library only: worker.py loads it as a neighbour file. Landlock or bubblewrap refuse every
read outside the allow-list, however it is made; this hook is what remains where neither is
available, and what tells the grader what was tried. The kernel refuses a program's or a C
function's read without telling the worker, so the hook names what it can see: every argument of a
program the learner starts (``cat /srv/course/solutions/…``) and every absolute path written inside
one (``sh -c``, ``python -c``); a path the program builds itself stays unnamed (and refused). A
C function's arguments are out of its sight (Python audits ctypes' symbol lookups, not its calls),
so it names the file-opening C functions learner code looks up (``libc.open``) instead.
"""
import os
import re
import sys

READ_EVENTS = {"open": "read", "os.listdir": "list", "os.scandir": "list"}
# Audit events that start a program, and where their argument list sits in the event's arguments.
PROGRAM_EVENTS = {"subprocess.Popen": 1, "os.exec": 1, "os.posix_spawn": 1, "os.system": 0}
C_LOOKUP_EVENT = "ctypes.dlsym"  # (library, symbol name)
# C functions that open, list or run files: looked up through ctypes, they get past this hook.
FILE_FUNCTIONS = {"open", "open64", "openat", "openat64", "openat2", "fopen", "fopen64", "opendir", "creat",
                  "open_by_handle_at", "syscall", "execve", "execv", "execvp", "system", "popen", "posix_spawn"}
# An absolute path written inside a longer argument, e.g. in ``open('/srv/x.py')``.
EMBEDDED_PATH = re.compile(r"(?<![\w.~])/[^\s'\"(),;:|&<>`]+")


def _prefixes(paths):
    """Real paths with a trailing separator, for ``startswith`` tests that respect folder boundaries."""
    return tuple(os.path.join(os.path.realpath(p), "") for p in paths)


def _strings(value):
    """The text arguments in ``value`` (a string, bytes, path or a sequence of them)."""
    if isinstance(value, (str, bytes, os.PathLike)):
        value = [value]
    if not isinstance(value, (list, tuple)):
        return []
    texts = []
    for item in value:
        if isinstance(item, (str, bytes, os.PathLike)):
            try:
                texts.append(os.fsdecode(item))
            except (TypeError, UnicodeDecodeError):
                continue
    return texts


def mentioned_paths(arguments):
    """Every path ``arguments`` name: each argument itself, and each absolute path written inside one."""
    paths = []
    for text in _strings(arguments):
        if text and "\0" not in text:
            paths.append(text)
            paths += [p for p in EMBEDDED_PATH.findall(text) if p != text]
    return paths


class ReadGuard:
    """Decides, for one worker, which paths are allowed and which refused reads are worth a note."""

    def __init__(self, config, events):
        self.allowed = _prefixes([*config["readable"], config["home"]])
        self.guarded, self.unflagged = _prefixes(config["guarded_dirs"]), _prefixes(config["unflagged"])
        self.events = events

    def outside(self, path, kind):
        """True when ``path`` is outside the allow-list; notes it as ``kind`` when it looks for answers."""
        real = os.path.realpath(path)
        inside = os.path.join(real, "")
        if inside.startswith(self.allowed):
            return False
        if inside.startswith(self.guarded):
            subject = f"{os.path.basename(os.path.dirname(real))}/{os.path.basename(real)}"
        elif not inside.startswith(self.unflagged):
            subject = real
        else:
            return True
        if f"{kind}\t{subject}" not in self.events:
            self.events.append(f"{kind}\t{subject}")
        return True

    def hook(self, event, args):
        """The audit hook: refuse a Python read outside the allow-list; note paths given to programs, and
        file-opening C functions looked up through ctypes."""
        if event in READ_EVENTS and args:
            path = "." if args[0] is None else args[0]
            if isinstance(path, (str, bytes, os.PathLike)) and self.outside(os.fsdecode(path), READ_EVENTS[event]):
                raise PermissionError(f"reading {os.fsdecode(path)!r} is not allowed in an exercise")
        elif event in PROGRAM_EVENTS and len(args) > PROGRAM_EVENTS[event]:
            arguments = args[PROGRAM_EVENTS[event]]
            if event != "os.system" and isinstance(arguments, (list, tuple)):
                arguments = arguments[1:]  # the program itself is refused or allowed by the kernel
            for path in mentioned_paths(arguments):
                self.outside(path, "program")
        elif event == C_LOOKUP_EVENT and len(args) > 1 and args[1] in FILE_FUNCTIONS:
            if f"c_call\t{args[1]}" not in self.events:
                self.events.append(f"c_call\t{args[1]}")


def install(config, events):
    """Add the read guard's audit hook for this worker (for good: audit hooks cannot be removed)."""
    sys.addaudithook(ReadGuard(config, events).hook)
