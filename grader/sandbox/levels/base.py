"""What an isolation level is: how it launches a worker, what it confines, what doctor says of it.

Every level shares the resource limits, the scrubbed environment, the import guard and the audit
hook (process.py, worker.py); a level adds what its platform's kernel offers. ``Level`` holds the
behaviour of a plain worker process on Linux; a level overrides only where it differs.
"""
import os
import signal
import sys

from grader.i18n import t
from grader.sandbox import account, allowlist

ASPECTS = ("read", "write", "network", "signal")


class Level:
    """One isolation level. Subclasses set ``name`` and say what they confine."""

    name = ""

    def worker_config(self):
        """What the worker does itself: restrict itself with Landlock (``landlock``), or trust a
        sandbox that already holds only the allow-list (``bwrap``)."""
        return {"landlock": False, "bwrap": False}

    def wrap(self, command, home):
        """The command line that starts the worker ``command`` with ``home`` as its only writable folder."""
        return command

    def exit_code(self, returncode):
        """The worker's own exit code, from what the launched process returned."""
        return returncode

    def worker_user(self, home):
        """``(user, blocker)``: the ``(uid, gid)`` a root grader's worker becomes (None: it keeps the
        grader's user) and the allowed path that user cannot reach, for which it keeps
        CAP_DAC_READ_SEARCH on Linux (privileges.py) and stays root elsewhere (else None)."""
        user = account.target_user()
        if user is None:
            return None, None
        blocker = account.unreachable([*allowlist.readable_paths(), home], user)
        if blocker and not sys.platform.startswith("linux"):
            return None, blocker
        return user, blocker

    def kernel_confines_reads(self):
        """True when the kernel, not only the audit hook, keeps the worker's reads to the allow-list."""
        return False

    def summary(self):
        """One line for doctor: the level and everything it enforces."""
        raise NotImplementedError

    def confinement(self):
        """``[(aspect, how)]`` for reads, writes, network and signals, in doctor's words."""
        raise NotImplementedError

    def kill_strays(self, token):
        """Kill processes a worker left behind (e.g. started in a new session), found by the token in
        their environment under /proc."""
        needle = f"DLGRADE_WORKER_TOKEN={token}".encode()
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


class Portable(Level):
    """POSIX process control only (macOS; DLGRADE_ISOLATION=portable on Linux): no kernel confinement
    and no /proc, so the worker's process group is all that can be killed."""

    name = "portable"

    def summary(self):
        return t("doctor.level.portable", common=t("doctor.level.common"))

    def confinement(self):
        off = t("doctor.off.portable")
        return [("read", t("doctor.audit_hook_only")), ("write", off), ("network", off), ("signal", off)]

    def kill_strays(self, token):
        return  # no /proc to search (macOS): killing the worker's process group is all there is
