"""A damaged gradebook is found, not trusted: one clear line and exit 2 in every command, no traceback."""
import shutil

import pytest
from click.testing import CliRunner

from grader.batch import Gradebook, GradebookError
from grader.batch.gradebook import load_records
from grader.cli import main
from grader.results import CheckResult, Result


def _result(index):
    checks = [CheckResult(f"c{i}", f"check {i}", "failed", 0.0, 1.0, f"message {index}/{i} " + "x" * 300, None)
              for i in range(8)]
    return Result.from_checks("exercise01", "Perceptron", checks)


@pytest.fixture
def healthy(tmp_path):
    """A results folder whose gradebook spans many pages."""
    folder = tmp_path / "healthy"
    with Gradebook.open(folder, create=True) as book:
        for index in range(150):
            book.record(submission=f"learner{index:03}", exercise="exercise01", result=_result(index), duration=1.0,
                        grader_hash="g", content_hash=f"c{index}")
        book.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return folder


def _damaged(healthy, tmp_path, how):
    folder = tmp_path / how
    shutil.copytree(healthy, folder)
    path = folder / "gradebook.sqlite"
    data = bytearray(path.read_bytes())
    if how == "truncated":
        data = data[:len(data) // 2]
    elif how == "garbage":
        data = bytearray(b"\x8f garbage " * (len(data) // 10))
    else:  # mid-file: one b-tree page in the middle overwritten
        page = 4096
        middle = (len(data) // page // 2) * page
        data[middle:middle + page] = b"\xa5" * page
    path.write_bytes(bytes(data))
    return folder


@pytest.mark.parametrize("how", ["truncated", "garbage", "mid-file"])
def test_every_command_refuses_a_damaged_gradebook_with_one_line_and_exit_2(healthy, tmp_path, how):
    folder = _damaged(healthy, tmp_path, how)
    with pytest.raises(GradebookError, match="is damaged"):
        load_records(folder, check=how == "mid-file")
    (tmp_path / "subs" / "alice").mkdir(parents=True)
    (tmp_path / "subs" / "alice" / "exercise01_perceptron.py").write_text("x = 1\n")
    runner = CliRunner()
    for args in (["gradebook", "export", str(folder)], ["gradebook", "report", str(folder)],
                 ["gradebook", "export", str(folder), "--check"],
                 ["gradebook", "merge", str(folder), "--out", str(tmp_path / "merged")],
                 ["grade", str(tmp_path / "subs"), "--out", str(folder)]):
        result = runner.invoke(main, args)
        assert result.exit_code == 2, (args, result.output)
        lines = result.output.strip().splitlines()
        assert len(lines) == 1 and "Traceback" not in result.output, result.output
        assert "is damaged" in lines[0] and "dlgrade gradebook merge" in lines[0] and "dlgrade grade" in lines[0]


def test_a_healthy_gradebook_passes_both_checks(healthy):
    assert len(load_records(healthy)) == len(load_records(healthy, check=True)) == 150
