"""The bubblewrap level (Debian's bwrap), where the machine offers it.

The worker starts in an empty file system holding only the allow-listed paths (read-only) and its
temporary home, with no network and its own PID namespace, so nothing it starts outlives it.
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
from grader.sandbox.levels.base import ASPECTS, Level

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
    """The bwrap executable if it exists and starts Python with the allow-list here, else None."""
    path = shutil.which("bwrap")
    if path is None or not sys.platform.startswith("linux"):
        return None
    # A home of its own, as a worker has: binding the temp folder itself would hide a Python installed
    # beneath it (a clone with its venv under `mktemp -d`, as CI makes), failing the probe there.
    with tempfile.TemporaryDirectory(prefix="dlgrade-probe-") as home:
        try:
            probe = subprocess.run([path, *bwrap_args(home), "--", sys.executable, "-I", "-c", "import encodings"],
                                   capture_output=True, timeout=30)
        except (OSError, subprocess.TimeoutExpired):
            return None
    return path if probe.returncode == 0 else None


class Bubblewrap(Level):
    """The worker inside bwrap; the sandbox itself holds only the allow-list."""

    name = "bubblewrap"

    def worker_config(self):
        return {"landlock": False, "bwrap": True}

    def wrap(self, command, home):
        return [bwrap_path(), *bwrap_args(home), "--", *command]

    def exit_code(self, returncode):
        """bwrap reports a signal death of its child as 128 + signal; turn it back into -signal."""
        if returncode is not None and 128 < returncode < 128 + signal.NSIG:
            return 128 - returncode
        return returncode

    def worker_user(self, home):
        """The sandbox shows the allow-listed paths behind folders every user can pass: nothing blocks."""
        return account.target_user(), None

    def kernel_confines_reads(self):
        return True

    def summary(self):
        return t("doctor.level.bubblewrap", common=t("doctor.level.common"))

    def confinement(self):
        return [(aspect, t(f"doctor.bubblewrap.{aspect}")) for aspect in ASPECTS]
