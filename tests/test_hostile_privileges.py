"""A root grader's worker keeps none of root's powers, in every isolation mode on Linux.

The learner's code tries what only root (or a capability) could do and reports each outcome as
data: read /etc/shadow (by path and by file handle), change a root-owned file's mode or owner,
open a raw socket, enter new namespaces or mount, become root again. Each must be refused, and the
worker's capability sets must be empty (CAP_DAC_READ_SEARCH alone where doctor says why).
"""
import ast
import os
import shutil
import subprocess
import sys
import textwrap

import pytest

from conftest import write_submission
from grader.batch.gradebook import load_records
from grader.sandbox import isolation
from grader.sandbox.process import Limits
from grader.sandbox.proxy import Learner

pytestmark = [pytest.mark.skipif(not sys.platform.startswith("linux"), reason="capabilities are Linux's"),
              pytest.mark.skipif(os.geteuid() != 0, reason="only a root grader's worker has root to lose")]

PROBE = textwrap.dedent("""
    import ctypes, os, socket
    libc = ctypes.CDLL(None, use_errno=True)
    CLONE_NEWNS, CLONE_NEWNET, CLONE_NEWUSER = 0x20000, 0x40000000, 0x10000000

    def _outcome(action):
        try:
            result = action()
        except Exception as exc:
            return f"refused: {type(exc).__name__} {exc}"
        if isinstance(result, int) and result < 0:
            return f"refused: errno {ctypes.get_errno()}"
        return f"allowed: {result!r}"[:200]

    class _Handle(ctypes.Structure):
        _fields_ = [("size", ctypes.c_uint), ("type", ctypes.c_int), ("data", ctypes.c_ubyte * 128)]

    def _by_handle(path, folder):
        handle, mount = _Handle(128), ctypes.c_int()
        if libc.name_to_handle_at(-100, path.encode(), ctypes.byref(handle), ctypes.byref(mount), 0) < 0:
            return -1
        fd = libc.open_by_handle_at(os.open(folder, os.O_RDONLY), ctypes.byref(handle), 0)
        return fd if fd < 0 else os.read(fd, 20)

    def _status():
        lines = open("/proc/self/status").read().splitlines()
        return {k: v.strip() for k, _, v in (line.partition(":") for line in lines) if k.startswith("Cap")}

    def probe(root_file):
        return {
            "uid": os.getresuid(),
            "gid": os.getresgid(),
            "groups": os.getgroups(),
            "capabilities": _status(),
            "read /etc/shadow": _outcome(lambda: open("/etc/shadow").read(10)),
            "read /etc/shadow by handle": _outcome(lambda: _by_handle("/etc/shadow", os.getcwd())),
            "chmod a root file": _outcome(lambda: os.chmod(root_file, 0o666)),
            "chown a root file": _outcome(lambda: os.chown(root_file, os.getuid(), os.getgid())),
            "raw socket": _outcome(lambda: socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)),
            "new mount namespace": _outcome(lambda: libc.unshare(CLONE_NEWNS)),
            "new network namespace": _outcome(lambda: libc.unshare(CLONE_NEWNET)),
            "mount": _outcome(lambda: libc.mount(b"none", os.getcwd().encode(), b"tmpfs", 0, None)),
            "setuid(0)": _outcome(lambda: os.setuid(0)),
            "setresuid(0)": _outcome(lambda: os.setresuid(0, 0, 0)),
        }

    def in_new_user_namespace():
        # A single-threaded child may enter a user namespace (the worker has a watch thread, so not itself).
        read_end, write_end = os.pipe()
        child = os.fork()
        if child == 0:
            seen = {"unshare": _outcome(lambda: libc.unshare(CLONE_NEWUSER | CLONE_NEWNS)),
                    "mount": _outcome(lambda: libc.mount(b"none", os.getcwd().encode(), b"tmpfs", 0, None)),
                    "raw socket": _outcome(lambda: socket.socket(socket.AF_INET, socket.SOCK_RAW, 1))}
            os.write(write_end, repr(seen).encode())
            os._exit(0)
        os.close(write_end)
        os.waitpid(child, 0)
        return os.read(read_end, 65536).decode()
""")
CAP_DAC_READ_SEARCH = 2  # linux/capability.h (privileges.py is the worker's, loaded beside landlock.py)
REFUSED = ["read /etc/shadow", "read /etc/shadow by handle", "chmod a root file", "chown a root file", "raw socket",
           "new mount namespace", "new network namespace", "mount", "setuid(0)", "setresuid(0)"]


@pytest.fixture
def learner(tmp_path):
    """The probe module in a worker of the isolation mode in force."""
    (tmp_path / "probe.py").write_text(PROBE)
    proxy = Learner(tmp_path / "probe.py", limits=Limits(timeout=20.0, import_timeout=20.0))
    yield proxy
    proxy.close()


@pytest.fixture
def probed(tmp_path, isolation_mode, learner):
    """What the probe saw in a worker of the isolation mode under test, and the root-owned file it tried."""
    root_file = tmp_path / "owned-by-root.txt"
    root_file.write_text("root's\n")
    root_file.chmod(0o644)
    return learner.probe(str(root_file)), root_file


def test_the_worker_is_not_root(probed):
    seen, _ = probed
    assert 0 not in seen["uid"] and 0 not in seen["gid"] and seen["groups"] == [], seen


def test_the_worker_keeps_no_capability(probed):
    seen, _ = probed
    caps = {name: int(value, 16) for name, value in seen["capabilities"].items()}
    assert caps["CapInh"] == caps["CapBnd"] == caps["CapAmb"] == 0, caps
    _, blocker = isolation.worker_user(isolation.tempfile.gettempdir())
    allowed = 1 << CAP_DAC_READ_SEARCH if blocker else 0  # doctor names the path that needs it
    assert caps["CapEff"] == caps["CapPrm"] == allowed, caps


@pytest.mark.parametrize("attempt", REFUSED)
def test_what_only_root_may_do_is_refused(probed, attempt):
    seen, _ = probed
    assert seen[attempt].startswith("refused"), seen[attempt]


def test_a_root_file_keeps_its_mode_and_owner(probed):
    _, root_file = probed
    info = root_file.stat()
    assert (info.st_uid, info.st_mode & 0o777) == (0, 0o644)


def test_doctor_says_which_capability_the_worker_keeps_and_why(isolation_mode):
    row = dict(isolation.confinement())["worker user"]
    _, blocker = isolation.worker_user(isolation.tempfile.gettempdir())
    if blocker:
        assert f"but CAP_DAC_READ_SEARCH (reading past file permissions), which it needs to reach {blocker}" in row
        assert "Landlock still keeps its reads to the allow-list" in row
    else:
        assert row.endswith(", without any capability"), row


def test_a_new_user_namespace_gives_no_power_over_the_host(isolation_mode, learner):
    """Where the kernel lets any user enter a user namespace, the learner's child may, but the host's network
    stays closed to raw sockets, and Landlock still forbids mounting (under bubblewrap a mount changes only
    the child's own view of the sandbox)."""
    seen = ast.literal_eval(learner.in_new_user_namespace())
    assert seen["raw socket"].startswith("refused"), seen
    if isolation_mode == "process":
        assert seen["mount"].startswith("refused"), seen


needs_setpriv = pytest.mark.skipif(shutil.which("setpriv") is None,
                                   reason="needs util-linux's setpriv to take a capability away")
# A root grader without CAP_SETPCAP (e.g. a container that drops it): its workers cannot empty their sets.
WITHOUT_SETPCAP = ["setpriv", "--bounding-set", "-setpcap", "--inh-caps=-all", sys.executable, "-c",
                   "from grader.cli.group import main; main()", "--lang", "en"]


@needs_setpriv
def test_doctor_says_when_the_worker_cannot_leave_root():
    """A root grader without CAP_SETPCAP (e.g. a container that drops it) cannot empty the worker's capability
    sets: the worker refuses to go on as root, and doctor says so instead of promising nobody."""
    command = [*WITHOUT_SETPCAP, "doctor"]
    output = subprocess.run(command, capture_output=True, text=True, check=True,
                            env={**os.environ, isolation.MODE_VARIABLE: "process", "COLUMNS": "300"}).stdout
    assert "root: the worker cannot become nobody (65534) here ([Errno 1] Operation not permitted)" in output


@needs_setpriv
def test_a_worker_that_cannot_leave_root_is_the_graders_problem_not_the_learners(tmp_path):
    """The worker ends before any learner code runs; check says the grader could not start it safely
    (not "sys.exit or os._exit?"), and a batch records a grading problem, retried next run, exit 2."""
    write_submission(tmp_path / "submissions" / "alice", "exercise01")
    env = {**os.environ, isolation.MODE_VARIABLE: "process", "COLUMNS": "300"}
    checked = subprocess.run([*WITHOUT_SETPCAP, "check", "exercise01", "--workspace",
                              str(tmp_path / "submissions" / "alice")], capture_output=True, text=True, env=env)
    assert checked.returncode == 1
    assert "could not take root's powers from it" in checked.stdout and "sys.exit" not in checked.stdout
    graded = subprocess.run([*WITHOUT_SETPCAP, "grade", str(tmp_path / "submissions"), "--out", str(tmp_path / "out"),
                             "-e", "exercise01"], capture_output=True, text=True, env=env)
    assert graded.returncode == 2, graded.stdout + graded.stderr
    result = load_records(tmp_path / "out")[0].graded["exercise01"]
    assert result.reason == "grader_error" and "could not leave root" in result.result.checks[0].message

