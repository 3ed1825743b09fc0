"""`dlgrade watch` in a real terminal (a pty): keys and saves act while a check is still running."""
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import settled
from grader import catalog
from grader.cli import main

HANG = """
import time


def weighted_sum(x, w, b):
    time.sleep(30)


step = predict = perceptron_update = train_perceptron = weighted_sum
"""


class Terminal:
    """``dlgrade watch`` on a pseudo-terminal, its output collected as it comes."""

    def __init__(self, workspace):
        master, slave = os.openpty()
        env = dict(os.environ, DLGRADE_POLL="1", COLUMNS="100", DLGRADE_LANG="en")
        self.proc = subprocess.Popen([sys.executable, "-m", "grader", "watch"], cwd=workspace, env=env,
                                     stdin=slave, stdout=slave, stderr=slave, start_new_session=True)
        os.close(slave)
        self.master, self.output, self.lock = master, b"", threading.Lock()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        while True:
            try:
                chunk = os.read(self.master, 65536)
            except OSError:
                return
            if not chunk:
                return
            with self.lock:
                self.output += chunk

    def text(self):
        with self.lock:
            return self.output.decode("utf-8", "replace")

    def wait_for(self, text, count=1, timeout=120):
        """Wait until ``text`` has appeared ``count`` times (failing after a generous ``timeout``)."""
        deadline = time.monotonic() + timeout
        while self.text().count(text) < count:
            assert time.monotonic() < deadline, f"never saw {text!r} x{count}:\n{self.text()[-3000:]}"
            time.sleep(0.2)

    def press(self, key):
        os.write(self.master, key.encode())

    def close(self):
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, 9)
        self.proc.wait()
        os.close(self.master)


def workers_of(workspace):
    """Process ids whose command line names the workspace (its learner workers)."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if entry.name.isdigit() and int(entry.name) != os.getpid() and str(workspace) in cmdline \
                and "worker" in cmdline:
            found.append(entry.name)
    return found


def in_learner_sleep(pid):
    """Whether the process is blocked in a sleep (the kernel's wait channel), i.e. inside HANG's code."""
    try:
        return "nanosleep" in Path(f"/proc/{pid}/wchan").read_text()
    except OSError:
        return False


def wait_for_hanging_check(workspace, terminal):
    """Wait until a worker of ``workspace`` is inside the learner's sleep, so the first run has read HANG."""
    deadline = time.monotonic() + 60
    while not any(in_learner_sleep(pid) for pid in workers_of(workspace)):
        assert time.monotonic() < deadline, terminal.text()
        time.sleep(0.2)


@pytest.fixture
def hanging(tmp_path, monkeypatch):
    monkeypatch.delenv("DLGRADE_LANG", raising=False)
    folder = tmp_path / "ws"
    assert CliRunner().invoke(main, ["init", str(folder), "--lang", "en"]).exit_code == 0
    (folder / catalog.resolve("exercise01").filename).write_text(HANG)
    terminal = Terminal(folder)
    yield folder, terminal
    terminal.close()


def test_q_quits_during_a_running_check_and_leaves_no_worker(hanging):
    folder, terminal = hanging
    terminal.wait_for("Checking exercise01")
    wait_for_hanging_check(folder, terminal)
    terminal.press("q")
    terminal.proc.wait(timeout=20)  # the hanging check alone would take minutes
    assert "Stopped watching" in terminal.text() and "Score" not in terminal.text()
    assert settled(lambda: workers_of(folder)) == []


def test_a_save_during_a_running_check_restarts_it(hanging):
    folder, terminal = hanging
    terminal.wait_for("Checking exercise01")
    wait_for_hanging_check(folder, terminal)  # saved earlier, the first run would read the solution
    solution = catalog.resolve("exercise01").solution_path.read_text()
    (folder / catalog.resolve("exercise01").filename).write_text(solution)
    terminal.wait_for("exercise01 passed!")
    assert "an infinite loop?" not in terminal.text()  # the hanging run was cancelled, not waited out
    assert terminal.text().count("Checking exercise01") == 2  # the save restarted the check
    terminal.wait_for("Checking exercise02")
    terminal.press("p")  # back to the previous exercise
    terminal.wait_for("Checking exercise01", count=3)
    terminal.press("h")
    terminal.wait_for("press h for hint 2")
    terminal.press("q")
    terminal.proc.wait(timeout=60)


def test_c_checks_every_exercise(tmp_path, monkeypatch):
    monkeypatch.delenv("DLGRADE_LANG", raising=False)
    folder = tmp_path / "ws"
    CliRunner().invoke(main, ["init", str(folder), "--lang", "en"])
    terminal = Terminal(folder)
    try:
        terminal.wait_for("Watching exercise01_perceptron.py")
        terminal.press("c")
        terminal.wait_for("Checking every exercise")
        terminal.wait_for("Watching exercise01_perceptron.py", count=2, timeout=600)
        text = terminal.text()
        assert "quiz04" in text and "not started" in text
        terminal.press("q")
        terminal.proc.wait(timeout=60)
    finally:
        terminal.close()
