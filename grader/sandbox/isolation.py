"""Stronger isolation with bubblewrap (Debian's bwrap) where the machine offers it.

Inside bwrap the worker sees a read-only file system with the reference solutions and the checks
hidden, no network, and its own PID namespace, so nothing it starts outlives it. Without bwrap
(or with DLGRADE_ISOLATION=process) the plain worker runs: resource limits, scrubbed
environment, import guard and audit hook still apply, and where the kernel has Landlock the
worker confines itself (landlock.py): writes only in its temporary home, no TCP.
``dlgrade doctor`` reports which is used.
"""
import functools
import os
import shutil
import signal
import subprocess
import sys

LANDLOCK_SCRIPT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "landlock.py")

BWRAP_FLAGS = ["--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "--unshare-pid",
               "--unshare-net", "--unshare-ipc", "--unshare-uts", "--die-with-parent", "--new-session"]


@functools.cache
def bwrap_path():
    """The bwrap executable if it exists and can create its namespaces here, else None."""
    if os.environ.get("DLGRADE_ISOLATION", "auto") == "process":
        return None
    path = shutil.which("bwrap")
    if path is None:
        return None
    try:
        probe = subprocess.run([path, *BWRAP_FLAGS, "true"], capture_output=True, timeout=20)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return path if probe.returncode == 0 else None


@functools.cache
def landlock_abi():
    """The Landlock ABI a worker can enforce here, 0 if none: a child process really restricts itself."""
    try:
        probe = subprocess.run([sys.executable, "-I", LANDLOCK_SCRIPT], capture_output=True, text=True, timeout=20)
        return int(probe.stdout)
    except (OSError, ValueError, subprocess.TimeoutExpired):
        return 0


def level():
    """A one-line description of the isolation in use."""
    if bwrap_path():
        return ("bubblewrap: read-only file system, reference solutions hidden, no network, own PID "
                "namespace; plus resource limits, import guard and audit hook")
    common = "resource limits, per-call timeouts, scrubbed environment, import guard and audit hook"
    abi = landlock_abi()
    if not abi:
        return f"process (Landlock unavailable here): {common} (install bubblewrap for more)"
    network = ", no TCP" if abi >= 4 else ""
    return (f"process + Landlock (ABI {abi}): writes only in the worker's temporary folder{network}; "
            f"plus {common} (install bubblewrap for more)")


def wrap(command, home, hidden_dirs, module_path):
    """``command`` run inside bwrap when available (hiding ``hidden_dirs`` unless they hold the module)."""
    path = bwrap_path()
    if path is None:
        return command
    module = os.path.realpath(module_path)
    args = [path, *BWRAP_FLAGS, "--bind", home, home, "--chdir", home]
    for folder in hidden_dirs:
        real = os.path.realpath(folder)
        if os.path.isdir(real) and not module.startswith(os.path.join(real, "")):
            args += ["--tmpfs", real]
    return [*args, "--", *command]


def exit_code(returncode):
    """bwrap reports a signal death of its child as 128 + signal; turn it back into -signal."""
    if bwrap_path() and returncode is not None and 128 < returncode < 128 + signal.NSIG:
        return 128 - returncode
    return returncode


def kill_strays(token):
    """Kill processes a worker left behind (e.g. started in a new session), found by the token in
    their environment. Inside bwrap the PID namespace already took them down."""
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
