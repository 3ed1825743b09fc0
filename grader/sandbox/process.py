"""Starting, talking to and stopping one learner worker process (trusted side)."""
import collections
import json
import os
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass

from grader.i18n import t
from grader.sandbox import account, allowlist, isolation, wire
from grader.sandbox.faults import LearnerFault
from grader.sandbox.printed import PrintedPipe

WORKER_SCRIPT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "worker.py")
# Variables passed through: the locale, and OpenBLAS settings that some CPUs need for correct results.
PASSED_ENV = ("LANG", "LC_ALL", "OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "TZ")


@dataclass(frozen=True)
class Limits:
    """Resource limits of a worker."""

    timeout: float = 5.0
    import_timeout: float = 20.0
    memory_mb: int = 2048
    cpu_seconds: int = 900
    file_mb: int = 64
    max_reply_mb: int = 512


def _set_limits(limits):
    """Return the preexec function applying ``limits`` in the child."""

    def apply():
        memory = limits.memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        resource.setrlimit(resource.RLIMIT_CPU, (limits.cpu_seconds, limits.cpu_seconds + 5))
        resource.setrlimit(resource.RLIMIT_FSIZE, (limits.file_mb << 20, limits.file_mb << 20))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))

    return apply


def worker_env(home):
    """A scrubbed environment: no secrets, single-threaded maths, quiet TensorFlow."""
    env = {k: os.environ[k] for k in PASSED_ENV if k in os.environ}
    env.update(PATH=os.defpath, HOME=home, TMPDIR=home, PYTHONHASHSEED="0", PYTHONDONTWRITEBYTECODE="1",
               PYTHONIOENCODING="utf-8", OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1",
               MKL_NUM_THREADS="1", TF_CPP_MIN_LOG_LEVEL="3", TF_ENABLE_ONEDNN_OPTS="0",
               DLGRADE_WORKER_TOKEN=os.path.basename(home))
    return env


class OutputTail:
    """Drains a worker's output in a thread, keeping the last bytes and a total count."""

    def __init__(self, stream, keep=16384):
        self.tail, self.total, self.keep = collections.deque(), 0, keep
        self.thread = threading.Thread(target=self._drain, args=(stream,), daemon=True)
        self.thread.start()

    def _drain(self, stream):
        while chunk := stream.read1(65536):
            self.total += len(chunk)
            self.tail.append(chunk)
            while sum(map(len, self.tail)) - len(self.tail[0]) > self.keep:
                self.tail.popleft()

    def text(self):
        """The kept output, decoded leniently."""
        return b"".join(self.tail)[-self.keep:].decode("utf-8", "replace")


# What each worker killed from outside (SIGKILL it did not get from the grader, e.g. the host's OOM killer)
# was doing; a batch child reads it to record a grading problem instead of a verdict on the learner's code.
HOST_KILLS = []
# What each worker that could not set itself up (wire.EXIT_SETUP_FAILED) was asked to do; likewise.
SETUP_FAILURES = []

SIGNAL_MESSAGES = {signal.SIGSEGV: "exit.segfault", signal.SIGXCPU: "exit.cpu", signal.SIGXFSZ: "exit.file_size",
                   signal.SIGABRT: "exit.abort", signal.SIGKILL: "exit.killed"}


def describe_exit(returncode):
    """Learner-facing words for how the worker process ended."""
    if returncode is None:
        return t("exit.unresponsive")
    if returncode < 0:
        sig = signal.Signals(-returncode) if -returncode in signal.Signals._value2member_map_ else None
        if sig in SIGNAL_MESSAGES:
            return t(SIGNAL_MESSAGES[sig])
        return t("exit.signal", signal=sig.name if sig else -returncode)
    return t("exit.code", code=returncode)


class WorkerProcess:
    """One running worker for one learner file: started (with ``preload`` imported), then told to ``load``
    the file, which it imports before answering calls; what it prints goes to the PrintedLog ``printed``."""

    def __init__(self, module_path, module_name, limits, guarded_dirs, blocked_modules, printed, preload=()):
        self.limits = limits
        self.home = tempfile.mkdtemp(prefix="dlgrade-worker-")
        self.level = isolation.current()
        user, blocker = self.level.worker_user(self.home)
        account.hand_over(self.home, user)
        parent, child = socket.socketpair()
        learner_dir = os.path.dirname(os.path.realpath(module_path))
        self.module_copy = os.path.join(self.home, os.path.basename(module_path))
        config = {"module_path": self.module_copy, "module_name": module_name, "preload": list(preload),
                  "max_reply_mb": limits.max_reply_mb, "guarded_dirs": [str(d) for d in guarded_dirs],
                  "blocked_modules": list(blocked_modules), "home": self.home, "user": user,
                  "read_past_permissions": user is not None and blocker is not None,
                  "readable": list(allowlist.readable_paths()), "unflagged": [*allowlist.unflagged(), learner_dir],
                  **self.level.worker_config()}
        cmd = self.level.wrap([sys.executable, "-I", "-X", "utf8", WORKER_SCRIPT, str(child.fileno()),
                              json.dumps(config)], self.home)
        self.proc = subprocess.Popen(cmd, pass_fds=[child.fileno()], stdin=subprocess.DEVNULL,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=self.home,
                                     env=worker_env(self.home), start_new_session=True,
                                     preexec_fn=_set_limits(limits))
        child.close()
        self.sock = parent
        self.output = OutputTail(self.proc.stderr)  # the worker's own crash report, not the learner's prints
        self.printed = PrintedPipe(self.proc.stdout, printed)
        self.killed_by_grader = False

    def load(self, module_path):
        """Copy the learner's file (as it is now) into the home and have the worker import it; its hello
        is read by ``receive``. A worker already gone is reported there, as a crash."""
        account.copy_module(module_path, self.module_copy)
        try:
            wire.send(self.sock, {"op": "load"})
        except OSError:
            pass

    def receive(self, timeout, what):
        """Wait for the worker's next message, turning every way of failing into a LearnerFault."""
        try:
            message = wire.recv(self.sock, time.monotonic() + timeout, self.limits.max_reply_mb << 20)
            self.printed.catch_up()  # the worker printed it before it replied: it belongs to this call
            return message
        except TimeoutError:
            self.stop()
            raise LearnerFault("timeout", t("fault.timeout", what=what, seconds=f"{timeout:g}")) from None
        except wire.WireError as exc:
            self.stop()
            raise LearnerFault("protocol", t("fault.protocol", what=what, error=exc)) from None
        except (EOFError, OSError):
            code = self.level.exit_code(self.stop(grace=2.0))
            raise LearnerFault("crash", t("fault.crash", what=what, how=self._describe_death(code, what)),
                               self.crash_details()) from None

    def request(self, header, arrays, timeout, what):
        """Send one request and wait for its reply."""
        try:
            wire.send(self.sock, header, arrays)
        except OSError:
            code = self.level.exit_code(self.stop(grace=2.0))
            raise LearnerFault("crash", t("fault.crash", what=what, how=self._describe_death(code, what))) from None
        return self.receive(timeout, what)

    def _describe_death(self, code, what):
        """How the worker ended; a SIGKILL the grader did not send is the host's doing (its memory limit
        gives MemoryError, its CPU limit SIGXCPU), recorded in HOST_KILLS; a failed set-up is the grader's,
        recorded in SETUP_FAILURES."""
        if code == -signal.SIGKILL and not self.killed_by_grader:
            HOST_KILLS.append(what)
            return t("exit.host_killed")
        if code == wire.EXIT_SETUP_FAILED:
            SETUP_FAILURES.append(what)
            return t("exit.setup_failed")
        return describe_exit(code)

    def crash_details(self):
        """Lines of the worker's own crash report (faulthandler) that point at learner code."""
        text = self.output.text()
        start = text.rfind("Fatal Python error")
        return text[start:][:2000] if start >= 0 else ""

    def stop(self, grace=0.0):
        """Kill the worker and everything in its session; returns its exit code."""
        if grace:  # it is exiting by itself: let it, to learn its real exit code
            try:
                self.proc.wait(timeout=grace)
            except subprocess.TimeoutExpired:
                pass
        self.killed_by_grader = self.proc.poll() is None
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        try:
            code = self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            code = None
        self.sock.close()
        self.level.kill_strays(os.path.basename(self.home))
        self.output.thread.join(timeout=1)
        self.printed.thread.join(timeout=1)  # to the pipe's end: what was printed before a crash or timeout
        self.printed.catch_up()  # a process that escaped the kill may still hold the pipe open
        shutil.rmtree(self.home, ignore_errors=True)
        return code
