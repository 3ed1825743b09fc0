"""The two isolation modes a worker runs in, and what each confines.

bubblewrap (Debian's bwrap), where the machine offers it: the worker starts in an empty file
system holding only the allow-listed paths (read-only) and its temporary home, with no network
and its own PID namespace, so nothing it starts outlives it. Otherwise (or with
DLGRADE_ISOLATION=process) the plain worker runs and, where the kernel has Landlock, confines
itself to the same allow-list (landlock.py). Off Linux (macOS), or with DLGRADE_ISOLATION=portable,
the portable level runs: POSIX process control only, no kernel confinement and no /proc. In both, resource limits, a scrubbed environment,
the import guard and the audit hook apply, and a root grader's worker runs as an unprivileged
user without capabilities (account.py, privileges.py). DLGRADE_ISOLATION=bubblewrap insists on bubblewrap. ``dlgrade doctor``
reports what is in force.
"""
import functools
import os
import shutil
import signal
import subprocess
import sys
import tempfile

from grader.i18n import t
from grader.sandbox import account, allowlist

LANDLOCK_SCRIPT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "landlock.py")
MODE_VARIABLE = "DLGRADE_ISOLATION"
BWRAP_FLAGS = ["--dev", "/dev", "--proc", "/proc", "--unshare-pid", "--unshare-net", "--unshare-ipc",
               "--unshare-uts", "--die-with-parent", "--new-session"]
# bubblewrap mounts its own /dev and /proc; allow-list entries beneath them need no bind.
PROVIDED_BY_BWRAP = ("/dev", "/proc")
# A root grader lets the worker keep just what it needs to change user and empty its capability
# sets (privileges.py); it loses them when it does.
DROP_CAPABILITIES = ["--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID", "--cap-add", "CAP_SETPCAP"]


def _folders(path, made):
    """``--dir`` arguments creating the folders above ``path`` (bwrap would make them 0700, closed to a
    dropped worker user)."""
    args, parent = [], os.path.dirname(path)
    chain = []
    while parent not in ("/", "") and parent not in made:
        chain.append(parent)
        parent = os.path.dirname(parent)
    for folder in reversed(chain):
        made.add(folder)
        args += ["--dir", folder]
    return args


def bwrap_args(home):
    """bwrap's options: the allow-listed paths read-only, ``home`` writable and the working directory."""
    args, made = list(BWRAP_FLAGS), set()
    for path in allowlist.readable_paths():
        if not path.startswith(tuple(os.path.join(p, "") for p in PROVIDED_BY_BWRAP)):
            args += [*_folders(path, made), "--ro-bind", path, path]
    args += [*_folders(home, made), "--bind", home, home, "--chdir", home]
    if account.target_user() is not None:
        args += DROP_CAPABILITIES
    return args


@functools.cache
def bwrap_path():
    """The bwrap executable if it is wanted, exists and starts Python with the allow-list here, else None."""
    if os.environ.get(MODE_VARIABLE, "auto") in ("process", "portable") or not sys.platform.startswith("linux"):
        return None
    path = shutil.which("bwrap")
    if path is None:
        return None
    home = tempfile.gettempdir()  # any folder outside the allow-list does for the probe
    try:
        probe = subprocess.run([path, *bwrap_args(home), "--", sys.executable, "-I", "-c", "import encodings"],
                               capture_output=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return path if probe.returncode == 0 else None


def mode():
    """``"bubblewrap"``, ``"process"`` (Landlock where the kernel has it) or ``"portable"``: what new workers get."""
    if os.environ.get(MODE_VARIABLE) == "portable" or not sys.platform.startswith("linux"):
        return "portable"
    return "bubblewrap" if bwrap_path() else "process"


@functools.cache
def landlock_abi():
    """The Landlock ABI a worker can enforce here, 0 if none: a child process really restricts itself."""
    try:
        probe = subprocess.run([sys.executable, "-I", LANDLOCK_SCRIPT], capture_output=True, text=True, timeout=20)
        return int(probe.stdout)
    except (OSError, ValueError, subprocess.TimeoutExpired):
        return 0


def worker_user(home):
    """``(user, blocker)``: the ``(uid, gid)`` a root grader's worker becomes (None: it keeps the grader's
    user) and the allowed path that user cannot reach, for which it keeps CAP_DAC_READ_SEARCH on Linux
    (privileges.py) and stays root elsewhere (else None)."""
    user = account.target_user()
    if user is None or mode() == "bubblewrap":
        return user, None
    blocker = account.unreachable([*allowlist.readable_paths(), home], user)
    if blocker and not sys.platform.startswith("linux"):
        return None, blocker
    return user, blocker


def confinement():
    """``[(aspect, how)]`` for reads, writes, network, signals and the worker's user, in the mode in use."""
    if mode() == "bubblewrap":
        rows = [(aspect, t(f"doctor.bubblewrap.{aspect}")) for aspect in ("read", "write", "network", "signal")]
    elif mode() == "portable":
        off = t("doctor.off.portable")
        rows = [("read", t("doctor.audit_hook_only")), ("write", off), ("network", off), ("signal", off)]
    else:
        abi = landlock_abi()
        kernel = f"Landlock ABI {abi}"
        rows = [("read", t("doctor.landlock.read", kernel=kernel) if abi else t("doctor.audit_hook_only")),
                ("write", t("doctor.landlock.write", kernel=kernel) if abi else t("doctor.off.no_landlock")),
                ("network", t("doctor.landlock.network", kernel=kernel) if abi >= 4 else t("doctor.off.abi", abi=4)),
                ("signal", t("doctor.landlock.signal", kernel=kernel) if abi >= 6 else t("doctor.off.abi", abi=6))]
    return rows + [("worker user", _user_text())]


def _user_text():
    """Who workers run as here, with which capabilities, and why."""
    user, blocker = worker_user(tempfile.gettempdir())
    if user is None:
        if blocker is None:
            return t("doctor.user.own", uid=os.geteuid())
        return t("doctor.user.root", target=account.describe(account.target_user()), blocker=blocker)
    if blocker is None:
        return t("doctor.user.dropped", user=account.describe(user))
    reads = "doctor.user.reads_landlock" if mode() == "process" and landlock_abi() else "doctor.user.reads_hook"
    return t("doctor.user.read_past", user=account.describe(user), blocker=blocker, reads=t(reads))


def level():
    """A one-line description of the isolation in use."""
    common = t("doctor.level.common")
    if mode() == "bubblewrap":
        return t("doctor.level.bubblewrap", common=common)
    if mode() == "portable":
        return t("doctor.level.portable", common=common)
    abi = landlock_abi()
    if not abi:
        return t("doctor.level.no_landlock", common=common)
    network = t("doctor.level.no_tcp") if abi >= 4 else ""
    return t("doctor.level.landlock", abi=abi, network=network, common=common)


def wrap(command, home):
    """``command`` run inside bwrap when available."""
    path = bwrap_path()
    if path is None:
        return command
    return [path, *bwrap_args(home), "--", *command]


def exit_code(returncode):
    """bwrap reports a signal death of its child as 128 + signal; turn it back into -signal."""
    if bwrap_path() and returncode is not None and 128 < returncode < 128 + signal.NSIG:
        return 128 - returncode
    return returncode


def kill_strays(token):
    """Kill processes a worker left behind (e.g. started in a new session), found by the token in
    their environment. Inside bwrap the PID namespace already took them down."""
    needle = f"DLGRADE_WORKER_TOKEN={token}".encode()
    if mode() == "portable":
        return  # no /proc to search (macOS): killing the worker's process group is all there is
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(os.path.join(entry.path, "environ"), "rb") as handle:
                found = needle in handle.read().split(b"\0")
        except OSError:
            continue
        if found:
            try:
                os.kill(int(entry.name), signal.SIGKILL)
            except OSError:
                pass
