"""Learner code reads only what it needs: the read allow-list, in both isolation modes.

Each hostile submission tries to get at the reference solution (or other files it has no business
reading) and, if it succeeds, answers ``relu`` with the reference's own function. The reads must be
refused, the check must earn nothing and the grader must say what was tried. (That the allow-list still lets
every reference earn full marks, in both modes, is proved in test_determinism.py.)
"""
import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import write_submission
from grader import catalog
from grader.cli import main
from grader.runner.check import check
from grader.sandbox import account, allowlist, isolation, read_guard
from grader.sandbox.process import Limits

SOLUTION = catalog.resolve("exercise02").solution_path
LIMITS = Limits(timeout=8.0, import_timeout=10.0, memory_mb=2048)
# Appended to a submission: relu cheats with whatever source ``_steal()`` returns, else answers wrongly.
CHEAT = """
def relu(z):
    try:
        namespace = {}
        exec(_steal(), namespace)
        return namespace["relu"](z)
    except Exception as exc:
        print("refused:", type(exc).__name__, exc)
        return np.asarray(z, dtype=float) * 0 - 1
"""
STEALERS = {
    "open": "def _steal():\n    return open(TARGET).read()",
    "cat": "import subprocess\ndef _steal():\n    return subprocess.run(['cat', TARGET], capture_output=True, "
           "check=True, text=True).stdout",
    "python subprocess": "import subprocess, sys\ndef _steal():\n    return subprocess.run([sys.executable, '-c', "
                         "f'print(open({TARGET!r}).read())'], capture_output=True, check=True, text=True).stdout",
    "ctypes": "import ctypes\ndef _steal():\n    libc = ctypes.CDLL(None, use_errno=True)\n"
              "    fd = libc.open(TARGET.encode(), 0)\n    assert fd >= 0, 'open refused'\n"
              "    buffer = ctypes.create_string_buffer(1 << 20)\n    size = libc.read(fd, buffer, 1 << 20)\n"
              "    return buffer.raw[:size].decode()",
}


def cheat(target, how="open"):
    """Submission code that reads ``target`` the way ``how`` names and uses it as the reference."""
    return f"TARGET = {str(target)!r}\n{STEALERS[how]}\n{CHEAT}"


def grade_relu(folder, code):
    """The Result of grading ``relu`` in a fresh exercise02 submission in ``folder``."""
    return check(exercise="exercise02", workspace=write_submission(folder, "exercise02", code), checks=["relu"],
                 limits=LIMITS)


def assert_refused(result):
    """relu earned nothing: the stolen reference was never used."""
    relu = result.get("relu")
    assert relu.status == "failed" and relu.points == 0, relu.message


@pytest.fixture
def reference_copies():
    """Copies of the exercise02 reference solution where a learner might look for one: next to the venv, in
    the home folder and in the temporary folder (one grading tries them all: each must be refused and named)."""
    folders = [Path(tempfile.mkdtemp(prefix="course-copy-", dir=base))
               for base in (Path(sys.prefix).parent, Path.home(), Path(tempfile.gettempdir()))]
    copies = []
    for folder in folders:
        (folder / "solutions").mkdir()
        copies.append(folder / "solutions" / SOLUTION.name)
        shutil.copyfile(SOLUTION, copies[-1])
    yield copies
    for folder in folders:
        shutil.rmtree(folder)


def test_a_copy_of_the_references_elsewhere_cannot_be_read(tmp_path, isolation_mode, reference_copies):
    steal_any = (f"def _steal():\n    for target in {[str(c) for c in reference_copies]!r}:\n"
                 "        try:\n            return open(target).read()\n        except OSError:\n            pass\n"
                 "    raise LookupError('every copy refused')\n")
    result = grade_relu(tmp_path / "learner", steal_any + CHEAT)
    assert_refused(result)
    for copy in reference_copies:
        assert f"tried to read {copy}" in result.integrity, result.integrity


def test_a_copy_of_the_references_elsewhere_cannot_be_found(tmp_path, isolation_mode, reference_copies):
    tops = [str(c.parents[2]) for c in reference_copies] + [str(Path.home())]
    search = (f"import os\ndef _steal():\n    for top in {tops!r}:\n"
              "        for folder, _, files in os.walk(top):\n"
              f"            if {SOLUTION.name!r} in files:\n"
              "                return open(os.path.join(folder, files[0])).read()\n"
              "    raise LookupError('no copy found')\n")
    result = grade_relu(tmp_path / "learner", search + CHEAT)
    assert_refused(result)
    for copy in reference_copies:
        assert f"tried to list the folder {copy.parents[2]}" in result.integrity, result.integrity


@pytest.mark.parametrize("how", ["cat", "python subprocess", "ctypes"])
def test_the_reference_cannot_be_read_past_python(tmp_path, isolation_mode, how):
    """Not only Python's open(): a program started by the learner, or libc called directly, is refused too,
    and the grader names the path a program was given, or the C function looked up."""
    result = grade_relu(tmp_path, cheat(SOLUTION, how))
    assert_refused(result)
    note = ("looked up the C function open() through ctypes, which gets past Python's checks" if how == "ctypes"
            else f"tried to reach solutions/{SOLUTION.name} through another program")
    assert note in result.integrity, result.integrity


@pytest.mark.parametrize("how", ["open", "ctypes"])
def test_etc_shadow_is_refused_to_a_root_grader(tmp_path, isolation_mode, how):
    """relu answers correctly only if it could read /etc/shadow."""
    if os.geteuid() != 0:
        pytest.skip("only a root grader could read /etc/shadow")
    probe = "def relu(z):\n    try:\n        _steal()\n    except Exception:\n        return z\n" \
            "    return np.maximum(z, 0.0)"
    result = grade_relu(tmp_path, f"TARGET = '/etc/shadow'\n{STEALERS[how]}\n{probe}")
    assert_refused(result)
    if how == "open":
        assert "tried to read /etc/shadow" in result.integrity


def test_the_worker_never_runs_as_root(tmp_path, isolation_mode):
    """As root, the worker becomes nobody in both modes, also where nobody cannot reach the Python
    installation (test_hostile_privileges.py holds what it keeps then)."""
    code = "import os\ndef relu(z):\n    return np.maximum(z, 0.0) if 0 not in os.getresuid() else z"
    result = grade_relu(tmp_path, code)
    assert result.get("relu").status == "passed", result.get("relu").message
    user_row = dict(isolation.confinement())["worker user"]
    assert user_row.startswith("nobody" if os.geteuid() == 0 else "the grader's own user"), user_row


def test_the_worker_reads_its_own_file_and_writes_only_its_home(tmp_path, isolation_mode):
    code = ("import os\ndef relu(z):\n    own = open(__file__).read()\n    open('scratch.txt', 'w').write(own)\n"
            "    assert os.listdir('.') == [os.path.basename(__file__), 'scratch.txt'] or True\n"
            "    return np.maximum(z, 0.0) if 'def relu' in own else z")
    result = grade_relu(tmp_path, code)
    assert result.get("relu").status == "passed", result.get("relu").message
    assert result.integrity == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["exercise02_activations.py"]


def test_doctor_reports_each_confinement(isolation_mode):
    output = CliRunner().invoke(main, ["doctor"]).output
    rows = {line.split("│")[0].strip(): line for line in output.splitlines() if "│" in line}
    for aspect in ("read", "write", "network", "signal", "worker user"):
        assert aspect in rows, output
    expected = "bubblewrap" if isolation_mode == "bubblewrap" else "Landlock ABI"
    assert expected in rows["read"] and expected in rows["write"]


def test_the_allow_list_holds_no_reference_nor_grader_code():
    """Only the worker's own files of the grader; nothing of the references, the checks or the tree above."""
    readable = allowlist.readable_paths()
    root = catalog.PACKAGE_ROOT.resolve()
    grader_files = {os.path.join(allowlist.SANDBOX, f) for f in allowlist.WORKER_FILES}
    closed = [root / "solutions", root / "grader", root / "exercises"]
    for path in readable:
        real = Path(path).resolve()
        assert real not in (root, *root.parents), path
        overlaps = [c for c in closed if c == real or c in real.parents or real in c.parents]
        assert path in grader_files or not overlaps, path
    assert not any(p.endswith(("site-packages", "dist-packages")) for p in readable)
    assert not any(Path(p) == Path.home() or Path(p) in Path.home().parents for p in readable)


def test_an_unprivileged_user_cannot_reach_behind_a_closed_folder(tmp_path):
    inside = tmp_path / "closed" / "lib"
    inside.mkdir(parents=True)
    (tmp_path / "closed").chmod(0o700)
    nobody = (65534, 65534)
    assert account.unreachable([str(inside)], nobody) == str(inside)
    (tmp_path / "closed").chmod(0o755)
    tmp_path.chmod(0o755)
    assert account.unreachable([str(inside)], nobody) in (None, str(inside))
    assert account.unreachable([str(inside)], (os.stat(tmp_path).st_uid, 0)) is None


def test_the_worker_user_is_configurable(monkeypatch):
    if os.geteuid() != 0:
        pytest.skip("only a root grader changes the worker's user")
    monkeypatch.setenv(account.UID_VARIABLE, "4242:4343")
    assert account.target_user() == (4242, 4343)
    monkeypatch.setenv(account.UID_VARIABLE, "not-a-number")
    with pytest.raises(ValueError, match=account.UID_VARIABLE):
        account.target_user()


def test_the_paths_a_program_is_given_are_seen():
    mentioned = read_guard.mentioned_paths(["-c", "print(open('/srv/course/solutions/x.py').read())", b"../b"])
    assert mentioned == ["-c", "print(open('/srv/course/solutions/x.py').read())", "/srv/course/solutions/x.py",
                         "../b"]
    assert read_guard.mentioned_paths("cat /srv/a.py; ls /srv") == ["cat /srv/a.py; ls /srv", "/srv/a.py", "/srv"]
    assert read_guard.mentioned_paths(42) == []
