"""docs/course-packs.md, step by step: scaffold with `dlgrade new`, which verifies at once; the finished files
(tests/data/course_packs/batchnorm) replace the scaffold's and verify; a workspace grades them."""
import json
import shutil
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from grader.cli import main

FINISHED = Path(__file__).parent / "data" / "course_packs" / "batchnorm"


def run(*args):
    """Run dlgrade in this process; returns (exit code, output)."""
    result = CliRunner().invoke(main, list(args), env={"COLUMNS": "250"}, catch_exceptions=False)
    return result.exit_code, result.output


def command(*args, cwd):
    """Run dlgrade as its own process, as the tutorial does (the pack changes between commands)."""
    done = subprocess.run([sys.executable, "-m", "grader", *args], cwd=cwd, capture_output=True, text=True,
                          env={"PATH": "/usr/bin:/bin", "COLUMNS": "250", "HOME": str(cwd)})
    return done.returncode, done.stdout + done.stderr


def test_the_tutorial_s_commands_build_a_pack_that_verifies_and_grades(tmp_path):
    pack = tmp_path / "bn"
    assert run("new", "exercise", "exercise01", "--slug", "batchnorm", "--course", str(pack))[0] == 0
    assert run("new", "quiz", "quiz01", "--slug", "batchnorm", "--course", str(pack))[0] == 0
    code, output = run("verify", "--course", str(pack))
    assert code == 0 and output.count("still to translate into Korean") == 2, output
    scaffolded = sorted(p.relative_to(pack) for p in pack.rglob("*") if p.is_file())
    finished = sorted(p.relative_to(FINISHED) for p in FINISHED.rglob("*") if p.is_file())
    assert scaffolded == finished  # the tutorial edits exactly the files the scaffold wrote, translations too
    shutil.copytree(FINISHED, pack, dirs_exist_ok=True)
    code, output = command("verify", "--course", str(pack), cwd=tmp_path)
    assert code == 0 and "check backward proven" in output and "Korean version grades the same" in output, output
    assert "still to translate" not in output

    workspace = tmp_path / "ws"
    assert command("--course", str(pack), "init", str(workspace), cwd=tmp_path)[0] == 0
    stub = json.loads(command("check", "exercise01", "--json", cwd=workspace)[1])
    assert stub["status"] == "not_started"
    wrong = (pack / "solutions" / "exercise01_batchnorm.py").read_text(encoding="utf-8").replace(
        "x.var(axis=0) + eps)\n    return", "x.var() + eps)\n    return")  # the variance of the whole array
    (workspace / "exercise01_batchnorm.py").write_text(wrong, encoding="utf-8")
    graded = json.loads(command("check", "exercise01", "--json", cwd=workspace)[1])
    forward = graded["checks"][0]
    assert (forward["id"], forward["status"]) == ("forward", "failed")
    assert "batchnorm_forward with x of shape" in forward["message"], forward["message"]
