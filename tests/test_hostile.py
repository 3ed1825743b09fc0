"""Hostile submissions: for each, the grader survives, stays within its limits, leaves no process
behind, gives no unearned points and says what happened.

Every case replaces ``relu`` in the exercise02 solution (or the whole module) and is graded on the
``relu`` and ``relu_grad`` checks: relu_grad stays correct, so it must still pass wherever the
learner's module can be imported at all, proving the other checks still run.
"""
import os
import re
import socket
import subprocess
from pathlib import Path

import pytest

from conftest import assert_accepted, isolation_forced, settled, write_submission
from grader import catalog
from grader.runner.check import check
from grader.sandbox.process import Limits

SOLUTION = catalog.resolve("exercise02").solution_path
LIMITS = Limits(timeout=4.0, import_timeout=5.0, memory_mb=1024)  # a memory bomb fills it fast, even on a loaded machine

# name: (code appended to the solution, expected relu status, words the relu message must contain)
CASES = {
    "infinite loop in a call": ("def relu(z):\n    while True: pass", "error", ["took longer than 4 s"]),
    "sleeping forever": ("import time\ndef relu(z):\n    time.sleep(10**6)", "error", ["took longer than"]),
    "deep recursion": ("def relu(z, d=0):\n    return relu(z, d + 1)", "error", ["RecursionError"]),
    "unbounded recursion limit": ("import sys\nsys.setrecursionlimit(10**9)\n"
                                  "def relu(z, d=0):\n    return relu(z, d + 1)", "error", []),
    "memory bomb": ("def relu(z):\n    return np.ones((1 << 38,))", "error", ["memory"]),
    "memory bomb in a list": ("def relu(z):\n    x = []\n    while True: x.append(bytearray(10**8))", "error",
                              ["memory"]),
    "sleeping threads": ("import threading, time\nfor _ in range(20):\n"
                         "    threading.Thread(target=time.sleep, args=(60,), daemon=True).start()\n"
                         "def relu(z):\n    return np.maximum(z, 0.0)", "passed", []),
    "a thread bomb": ("import threading, time\ndef relu(z):\n    while True:\n"
                      "        threading.Thread(target=time.sleep, args=(60,), daemon=True).start()", "error",
                      ["can't start new thread"]),
    # Python is the one program a worker may start (the allow-list has no /bin): it sleeps for them.
    "many processes": ("import subprocess, sys\ndef relu(z):\n    for _ in range(20):\n"
                       "        subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(6001)'])\n"
                       "    return np.maximum(z, 0.0)", "passed", []),
    "detached process": ("import subprocess, sys\ndef relu(z):\n    subprocess.Popen([sys.executable, '-c', "
                         "'import time; time.sleep(6002)'], start_new_session=True)\n    return np.maximum(z, 0.0)",
                         "passed", []),
    "double fork": ("import os, time\ndef relu(z):\n    if os.fork() == 0:\n        os.setsid()\n"
                    "        if os.fork() == 0:\n            time.sleep(6003)\n        os._exit(0)\n"
                    "    return np.maximum(z, 0.0)", "passed", []),
    "sys.exit in a call": ("import sys\ndef relu(z):\n    sys.exit(0)", "error", ["sys.exit(0)"]),
    "os._exit in a call": ("import os\ndef relu(z):\n    os._exit(0)", "error", ["exited with code 0"]),
    "killing its own process": ("import os, signal\ndef relu(z):\n    os.kill(os.getpid(), signal.SIGKILL)",
                                "error", ["killed"]),
    "segfault through ctypes": ("import ctypes\ndef relu(z):\n    return ctypes.string_at(0)", "error",
                                ["segmentation fault"]),
    "alarm signal": ("import signal\ndef relu(z):\n    signal.alarm(1)\n    while True: pass", "error", []),
    "ignoring SIGTERM": ("import signal\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)\n"
                         "def relu(z):\n    while True: pass", "error", ["took longer than"]),
    "10 MB of stdout and stderr": ("import sys\ndef relu(z):\n    sys.stdout.write('x' * 10**7)\n"
                                   "    sys.stderr.write('y' * 10**7)\n    return np.maximum(z, 0.0)", "passed", []),
    "fake result printed": ("print('{\"status\": \"passed\", \"score\": 12.0}')\n"
                            "def relu(z):\n    print('PASSED 12/12')\n    return z", "failed", ["relu"]),
    "changing directory": ("import os\ndef relu(z):\n    os.chdir('/')\n    return z", "failed", ["relu"]),
    "patching pytest and hypothesis": ("import pytest, hypothesis\npytest.approx = lambda *a, **k: None\n"
                                       "hypothesis.given = lambda *a, **k: (lambda f: f)\n"
                                       "def relu(z):\n    return z", "failed", ["relu"]),
    "ndarray subclass with a lying __eq__": (
        "class Sneaky(np.ndarray):\n    def __eq__(self, other):\n        return np.ones(self.shape, bool)\n"
        "def relu(z):\n    return np.asarray(z, dtype=float).view(Sneaky) * 0 - 1", "failed", ["wrong values"]),
    "object with __array__": ("class Fake:\n    def __init__(self, z): self.z = z\n"
                              "    def __array__(self, *a, **k): return np.maximum(self.z, 0.0)\n"
                              "def relu(z):\n    return Fake(z)", "failed", ["Fake"]),
    "hunting expected values with gc": (
        "import gc, sys\ndef relu(z):\n    arrays = [o for o in gc.get_objects() if isinstance(o, np.ndarray)]\n"
        "    frame = sys._getframe()\n    while frame.f_back: frame = frame.f_back\n"
        "    return arrays[-1] if arrays else z", "failed", []),
    "importing the grader": ("def relu(z):\n    import grader.checks\n    return z", "error",
                             ["not allowed"]),
    "importing the reference by path": (
        f"import importlib.util\ndef relu(z):\n    spec = importlib.util.spec_from_file_location('r', "
        f"{str(SOLUTION)!r})\n    module = importlib.util.module_from_spec(spec)\n"
        f"    spec.loader.exec_module(module)\n    return module.relu(z)", "error", []),
    "writing into the socket": ("import os\ndef relu(z):\n    for fd in range(3, 20):\n        try:\n"
                                "            os.write(fd, b'\\x05\\x00\\x00\\x00\\x00\\x00\\x00\\x00{\"ok\"')\n"
                                "        except OSError:\n            pass\n    return z", "error", []),
    "protocol frames printed to fds 1 and 2": (
        "import os\ndef relu(z):\n    for fd in (1, 2):\n"
        "        os.write(fd, b'\\x05\\x00\\x00\\x00\\x00\\x00\\x00\\x00{\"ok\"')\n"
        "    return np.maximum(z, 0.0)", "passed", []),
    "huge return value": ("def relu(z):\n    return np.zeros((700, 1024, 1024), np.uint8)", "error", ["MB"]),
    "background thread printing after the call": (
        "import threading, time\ndef _spam():\n    while True:\n        print('spam')\n        time.sleep(0.001)\n"
        "def relu(z):\n    threading.Thread(target=_spam, daemon=True).start()\n    return np.maximum(z, 0.0)",
        "passed", []),
}


def command_lines():
    """Every process's command line: from /proc on Linux, from ps where there is no /proc (macOS)."""
    if not os.path.isdir("/proc"):
        return subprocess.run(["ps", "-A", "-ww", "-o", "command="], capture_output=True, check=True).stdout.splitlines()
    lines = []
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                with open(os.path.join(entry.path, "cmdline"), "rb") as handle:
                    lines.append(handle.read())
            except OSError:
                continue
    return lines


def stray_processes(folder, code=""):
    """Processes left from grading ``folder``: its workers (their command line names the folder) and
    the ``time.sleep(600N)`` processes this case's code starts (N differs per case)."""
    markers = [m.encode() for m in re.findall(r"600\d", code)]
    return [command.replace(b"\x00", b" ")[:80] for command in command_lines()
            if str(folder).encode() in command or any(b"time.sleep(" + m in command for m in markers)]


def assert_case_handled(tmp_path, name):
    """Grade the case ``name``: its relu outcome, relu_grad still passing, nothing left behind."""
    code, expected, words = CASES[name]
    folder = write_submission(tmp_path, "exercise02", code)
    before = sorted(p.name for p in folder.iterdir())
    result = check(exercise="exercise02", workspace=folder, checks=["relu", "relu_grad"], limits=LIMITS)
    relu = result.get("relu")
    assert relu.status == expected, relu.message
    assert relu.points == (relu.max_points if expected == "passed" else 0)
    for word in words:
        assert word in relu.message, relu.message
    if expected != "passed":
        assert relu.message.strip()
    assert result.get("relu_grad").status == "passed", result.get("relu_grad").message
    assert settled(lambda: stray_processes(folder, code)) == []
    assert sorted(p.name for p in folder.iterdir()) == before


def test_reading_the_reference_sets_the_integrity_flag(tmp_path):
    code, _, _ = CASES["importing the reference by path"]
    result = check(exercise="exercise02", workspace=write_submission(tmp_path, "exercise02", code),
                   checks=["relu"], limits=LIMITS)
    assert "tried to read solutions/exercise02_activations.py" in result.integrity


@pytest.mark.parametrize("source, status", [
    (b"import numpy as np\ndef relu(z):\n    return '\xe9'\n", "error"),
    (b"\xef\xbb\xbf" + SOLUTION.read_bytes(), "passed"),
])
def test_source_encodings(tmp_path, source, status):
    (tmp_path / "exercise02_activations.py").write_bytes(source)
    result = check(exercise="exercise02", workspace=tmp_path, checks=["relu"], limits=LIMITS)
    assert result.get("relu").status == status, result.get("relu").message
    if status == "error":
        # Python would refuse it with a SyntaxError; the learner is told what to do instead.
        assert "not saved as UTF-8" in result.get("relu").message and "line 3" in result.get("relu").message


def test_infinite_loop_at_import(tmp_path):
    folder = write_submission(tmp_path, "exercise02", "while True:\n    pass\n")
    result = check(exercise="exercise02", workspace=folder, limits=LIMITS)
    assert result.status == "error" and result.score == 0
    assert "took longer than 5 s" in result.checks[0].message
    assert settled(lambda: stray_processes(folder)) == []


@pytest.mark.parametrize("name", ["detached process", "double fork", "many processes", "infinite loop in a call"])
def test_without_bubblewrap_too(tmp_path, name):
    """The plain worker (no bubblewrap on the machine) also leaves nothing behind."""
    with isolation_forced("process"):
        code, expected, _ = CASES[name]
        folder = write_submission(tmp_path, "exercise02", code)
        result = check(exercise="exercise02", workspace=folder, checks=["relu"], limits=LIMITS)
    assert result.get("relu").status == expected
    assert settled(lambda: stray_processes(folder, code)) == []


def test_forged_replies_on_the_socket_are_a_protocol_error(tmp_path):
    """Learner code that writes well-formed but wrong-typed messages to the grader's socket."""
    forge = """
        import json, os, struct
        def _forge(header):
            text = json.dumps(dict(header, blobs=[])).encode()
            for fd in range(3, 20):
                try:
                    os.write(fd, struct.pack("<Q", len(text)) + text)
                except OSError:
                    pass
    """
    at_import = forge + "\n_forge({'ok': True, 'names': 5, 'integrity': 7})\n"
    folder = write_submission(tmp_path / "import", "exercise02", at_import)
    result = check(exercise="exercise02", workspace=folder, checks=["relu"], limits=LIMITS)
    assert result.get("relu").status == "error" and result.score == 0
    in_call = forge + "\ndef relu(z):\n    _forge({'ok': True, 'value': 1.0, 'warnings': 3, 'mutated': [1]})\n" \
                      "    import time; time.sleep(3)\n"
    folder = write_submission(tmp_path / "call", "exercise02", in_call)
    result = check(exercise="exercise02", workspace=folder, checks=["relu"], limits=LIMITS)
    assert result.get("relu").status == "error" and result.score == 0


@pytest.fixture
def landlock_process():
    """Grade in process isolation (DLGRADE_ISOLATION=process), where the worker confines itself with Landlock."""
    from grader.sandbox import isolation

    with isolation_forced("process") as missing:
        if missing:
            pytest.skip(missing)
        yield isolation.landlock_abi()


def vandal_targets(tmp_path):
    """Files a worker must not write: the learner's own submission, another learner's next to it and
    a new file in the real home."""
    write_submission(tmp_path / "other", "exercise02")
    return {"workspace": tmp_path / "learner" / "exercise02_activations.py",
            "sibling": tmp_path / "other" / "exercise02_activations.py",
            "home": Path.home() / f".dlgrade-landlock-test-{os.getpid()}"}


def contents(paths):
    """The bytes of each existing file, by name."""
    return {name: path.read_bytes() for name, path in paths.items() if path.exists()}


@pytest.mark.parametrize("when", ["import", "call"])
@pytest.mark.parametrize("target", ["workspace", "sibling", "home"])
def test_landlock_refuses_writes_outside_the_worker(tmp_path, landlock_process, target, when):
    paths = vandal_targets(tmp_path)
    vandalise = f"open({str(paths[target])!r}, 'w').write('overwritten')"
    code = vandalise if when == "import" else f"def relu(z):\n    {vandalise}\n    return np.maximum(z, 0.0)"
    folder = write_submission(tmp_path / "learner", "exercise02", code)
    before = contents(paths)
    try:
        result = check(exercise="exercise02", workspace=folder, checks=["relu", "relu_grad"], limits=LIMITS)
    finally:
        after = contents(paths)
        paths["home"].unlink(missing_ok=True)
    relu = result.get("relu")
    assert relu.status == "error" and "PermissionError" in relu.message, relu.message
    assert result.get("relu_grad").status == ("error" if when == "import" else "passed")
    assert after == before


@pytest.mark.parametrize("operation", ["os.remove(target)", "os.rename(target, target + '.bak')",
                                       "os.truncate(target, 0)", "os.mkdir(target + '.d')",
                                       "os.symlink('/etc/passwd', target + '.link')"])
def test_landlock_refuses_other_changes_to_a_sibling(tmp_path, landlock_process, operation):
    sibling = vandal_targets(tmp_path)["sibling"]
    code = f"import os\ndef relu(z):\n    target = {str(sibling)!r}\n    {operation}\n    return z"
    folder = write_submission(tmp_path / "learner", "exercise02", code)
    before = {p.name: p.read_bytes() for p in sibling.parent.iterdir()}
    result = check(exercise="exercise02", workspace=folder, checks=["relu"], limits=LIMITS)
    assert "PermissionError" in result.get("relu").message, result.get("relu").message
    assert {p.name: p.read_bytes() for p in sibling.parent.iterdir()} == before


@pytest.mark.parametrize("isolated_by", ["process", "bubblewrap"])
def test_no_tcp_connection_from_the_worker(tmp_path, request, isolated_by):
    """Landlock refuses connect() (PermissionError); inside bubblewrap, as before, the worker has no network."""
    if isolated_by == "process":
        if request.getfixturevalue("landlock_process") < 4:
            pytest.skip("Landlock below ABI 4 has no network rules")
        expected = "PermissionError"
    else:
        from grader.sandbox import isolation

        if not isolation.bwrap_path():
            pytest.skip("bubblewrap is not usable here")
        expected = "ConnectionRefusedError"
    with socket.create_server(("127.0.0.1", 0)) as server:
        port = server.getsockname()[1]
        code = f"import socket\ndef relu(z):\n    socket.create_connection(('127.0.0.1', {port}), timeout=2)\n    return z"
        result = check(exercise="exercise02", workspace=write_submission(tmp_path, "exercise02", code),
                       checks=["relu"], limits=LIMITS)
        server.setblocking(False)
        with pytest.raises(BlockingIOError):
            server.accept()
    assert expected in result.get("relu").message, result.get("relu").message


def test_landlock_keeps_the_grader_out_of_reach_of_signals(tmp_path, landlock_process):
    if landlock_process < 6:
        pytest.skip("Landlock below ABI 6 does not scope signals")
    code = "import os\ndef relu(z):\n    os.kill(os.getppid(), 0)\n    return np.maximum(z, 0.0)"
    result = check(exercise="exercise02", workspace=write_submission(tmp_path, "exercise02", code),
                   checks=["relu"], limits=LIMITS)
    assert "PermissionError" in result.get("relu").message, result.get("relu").message


def test_a_correct_submission_passes_under_landlock(tmp_path, landlock_process):
    from grader.sandbox import isolation

    assert isolation.level().startswith(f"process + Landlock (ABI {landlock_process})")
    code = "import tempfile\ndef relu(z):\n    with tempfile.TemporaryFile() as f:\n        f.write(b'scratch')\n" \
           "    open('scratch.npy', 'wb').close()\n    return np.maximum(z, 0.0)"
    result = check(exercise="exercise02", workspace=write_submission(tmp_path, "exercise02", code), limits=LIMITS)
    assert_accepted(result)
    assert [p.name for p in tmp_path.iterdir()] == ["exercise02_activations.py"]
