"""The wheel ships stubs, solutions and checks, and works when installed outside the repository."""
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from grader import catalog
from grader.gradescope.build import build_wheel

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    """A wheel built from this checkout, as ``dlgrade gradescope build`` builds the one it ships."""
    return build_wheel(tmp_path_factory.mktemp("wheel"))


def test_wheel_contains_every_exercise_file(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {"grader/catalog.toml", "grader/checks/pytest.ini", "grader/sandbox/worker.py",
            "grader/gradescope/templates/setup.sh", "grader/gradescope/templates/run_autograder"} <= names
    assert {f"grader/{path.relative_to(REPO / 'grader').as_posix()}" for path in (REPO / "grader/locales").rglob("*.toml")} <= names
    for exercise in catalog.exercises():
        if exercise.kind == "quiz":
            assert f"grader/quizbank/{exercise.module_name}.toml" in names
            continue
        for folder in ("exercises", "exercises/ko", "solutions", "grader/checks"):
            assert f"{folder}/{exercise.filename}" in names, f"{folder}/{exercise.filename}"


def test_installed_copy_creates_and_checks_a_workspace(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target),
                    str(wheel)], check=True)
    env = dict(os.environ, PYTHONPATH=str(target))
    run = [sys.executable, "-c", "import sys; from grader.cli import main; sys.exit(main())"]
    where = subprocess.run([sys.executable, "-c", "import grader; print(grader.__file__)"], env=env,
                           cwd=tmp_path, capture_output=True, text=True, check=True)
    assert where.stdout.startswith(str(target))
    subprocess.run([*run, "init", "ws"], env=env, cwd=tmp_path, check=True, capture_output=True)
    assert (tmp_path / "ws" / "exercise01_perceptron.py").is_file()
    done = subprocess.run([*run, "check", "ex1", "--workspace", "ws", "--json"], env=env, cwd=tmp_path,
                          capture_output=True, text=True)
    assert done.returncode == 1, done.stderr
    assert json.loads(done.stdout)["status"] == "not_started"
