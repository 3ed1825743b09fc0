"""Stop means stop: however the grader ends, its worker and everything the learner's code started end too.

The learner's module forks a child in its own process group and a detached one (new session), then
loops forever while being imported (forks, because a worker may start no other program). The grader is stopped with Ctrl-C typed into a real terminal (a
pty) during ``dlgrade check`` and ``dlgrade watch``, and with SIGTERM, SIGHUP and SIGKILL; afterwards
no process of that submission may be left. In both isolation modes.
"""
import os
import pty
import signal
import subprocess
import sys
import threading

import pytest

from conftest import SETTLE_SECONDS, settled, write_submission

LOOP_AT_IMPORT = """
import os, time
for detach in (False, True):
    if os.fork() == 0:
        if detach:
            os.setsid()
        while True:
            time.sleep(1)
while True:
    pass
"""


def leftovers(folder):
    """Processes of this submission: its worker and the learner's forks (their command line names the
    folder and the worker script), not the grader's."""
    found = []
    for entry in os.scandir("/proc"):
        if entry.name.isdigit() and int(entry.name) != os.getpid():
            try:
                with open(os.path.join(entry.path, "cmdline"), "rb") as handle:
                    command = handle.read()
            except OSError:
                continue
            if str(folder).encode() in command and b"worker.py" in command:
                found.append(int(entry.name))
    return found


def wait_for(condition, what):
    """Poll ``condition`` until it holds; fail naming ``what`` after SETTLE_SECONDS."""
    if settled(lambda: not condition()):
        pytest.fail(f"gave up waiting for {what}")


@pytest.fixture
def looping(tmp_path):
    """A workspace whose exercise02 file forks two children and never finishes importing."""
    return write_submission(tmp_path / "ws", "exercise02", LOOP_AT_IMPORT, base=None)


def until_running(folder):
    """Wait until the learner's code runs: the worker and both its children exist."""
    wait_for(lambda: len(leftovers(folder)) >= 3, "the learner's code to fork its children")


def assert_nothing_left(folder):
    """No process of the submission is left (waited for, not timed: a failure lists what was still there)."""
    assert settled(lambda: leftovers(folder)) == []


def dlgrade(*args):
    return [sys.executable, "-m", "grader", *args]


def run_in_pty(command):
    """Start ``command`` on a new pseudo-terminal; returns its pid and the terminal's master end (drained)."""
    pid, master = pty.fork()
    if pid == 0:
        os.execvp(command[0], command)
    threading.Thread(target=_drain, args=(master,), daemon=True).start()
    return pid, master


def _drain(master):
    try:
        while os.read(master, 65536):
            pass
    except OSError:
        pass


def wait_exit(pid):
    """Wait for the child ``pid`` to end; fail if it does not."""
    ended = []
    wait_for(lambda: ended.append(os.waitpid(pid, os.WNOHANG)) or ended[-1][0] == pid, "the grader to exit")


@pytest.mark.parametrize("command", ["check", "watch"])
def test_ctrl_c_in_a_terminal_ends_the_worker_and_its_children(isolation_mode, looping, command):
    folder = looping
    pid, master = run_in_pty(dlgrade(command, "exercise02", "--workspace", str(folder)))
    try:
        until_running(folder)
        os.write(master, b"\x03")
        wait_exit(pid)
    finally:
        os.close(master)
    assert_nothing_left(folder)


@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGHUP, signal.SIGKILL], ids=lambda s: s.name)
def test_the_graders_death_ends_the_worker_and_its_children(isolation_mode, looping, how):
    folder = looping
    grader = subprocess.Popen(dlgrade("check", "exercise02", "--workspace", str(folder)),
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    until_running(folder)
    grader.send_signal(how)
    grader.wait(timeout=SETTLE_SECONDS)
    assert_nothing_left(folder)
