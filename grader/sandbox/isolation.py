"""Which isolation level new workers get, chosen in this one place, and what doctor says of it.

The levels (grader/sandbox/levels/) share one interface: bubblewrap, where the machine offers it;
otherwise (or with DLGRADE_ISOLATION=process) the plain worker restricting itself with Landlock
where the kernel has it; off Linux (macOS), or with DLGRADE_ISOLATION=portable, the portable level:
POSIX process control only, no kernel confinement and no /proc. At every level resource limits, a
scrubbed environment, the import guard and the audit hook apply, and a root grader's worker runs
as an unprivileged user without capabilities (account.py, privileges.py).
DLGRADE_ISOLATION=bubblewrap insists on bubblewrap. ``dlgrade doctor`` reports what is in force.
"""
import functools
import os
import shutil
import subprocess
import sys
import tempfile

from grader.i18n import t
from grader.sandbox import account, allowlist
from grader.sandbox.levels.base import Portable
from grader.sandbox.levels.bubblewrap import Bubblewrap, bwrap_path
from grader.sandbox.levels.process_landlock import ProcessLandlock, landlock_abi

MODE_VARIABLE = "DLGRADE_ISOLATION"
PRIVILEGES_SCRIPT = os.path.join(allowlist.SANDBOX, "privileges.py")
__all__ = ["MODE_VARIABLE", "bwrap_path", "confinement", "current", "landlock_abi", "level", "mode", "worker_user"]


PORTABLE, BUBBLEWRAP, PROCESS = Portable(), Bubblewrap(), ProcessLandlock()


def current():
    """The isolation level new workers get here, as DLGRADE_ISOLATION and the machine allow."""
    wanted = os.environ.get(MODE_VARIABLE, "auto")
    if wanted == "portable" or not sys.platform.startswith("linux"):
        return PORTABLE
    if wanted != "process" and bwrap_path():
        return BUBBLEWRAP
    return PROCESS


def mode():
    """``"bubblewrap"``, ``"process"`` (Landlock where the kernel has it) or ``"portable"``: what new workers get."""
    return current().name


def worker_user(home):
    """``(user, blocker)`` at the current level (see levels.base.Level.worker_user)."""
    return current().worker_user(home)


def level():
    """A one-line description of the isolation in use."""
    return current().summary()


def confinement():
    """``[(aspect, how)]`` for reads, writes, network, signals and the worker's user, at the current level."""
    return current().confinement() + [("worker user", _user_text(current()))]


def _user_text(isolation):
    """Who workers run as at level ``isolation``, with which capabilities, and why."""
    user, blocker = isolation.worker_user(tempfile.gettempdir())
    if user is None:
        if blocker is None:
            return t("doctor.user.own", uid=os.geteuid())
        return t("doctor.user.root", target=account.describe(account.target_user()), blocker=blocker)
    problem = drop_problem(isolation, user, blocker is not None)
    if problem:
        return t("doctor.user.cannot_drop", user=account.describe(user), error=problem)
    if blocker is None:
        return t("doctor.user.dropped", user=account.describe(user))
    reads = "doctor.user.reads_landlock" if isolation.kernel_confines_reads() else "doctor.user.reads_hook"
    return t("doctor.user.read_past", user=account.describe(user), blocker=blocker, reads=t(reads))


@functools.cache
def drop_problem(isolation, user, read_past):
    """Why a worker at level ``isolation`` cannot leave root for ``user`` here, or None: a child launched as
    a worker would be does what the worker does (privileges.py)."""
    home = tempfile.mkdtemp(prefix="dlgrade-doctor-")
    try:
        command = [sys.executable, "-E", "-s", PRIVILEGES_SCRIPT, str(user[0]), str(user[1]), str(int(read_past))]
        probe = subprocess.run(isolation.wrap(command, home), capture_output=True, text=True, timeout=30, cwd=home)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return str(exc)
    finally:
        shutil.rmtree(home, ignore_errors=True)
    return (probe.stdout or probe.stderr).strip()[-300:] if probe.returncode else None
