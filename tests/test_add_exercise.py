"""Adding an exercise touches its stub, its solution, its checks module, one catalog entry (and its tests),
plus at most one file for each other language: shown on a throwaway exercise in a copy of the package.

The copy is the package as shipped (grader/, exercises/, solutions/); the new exercise is graded there by
``python -m grader`` run from the copy, so nothing is registered anywhere but in those files.
"""
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from grader import catalog

STUB = '''"""Exercise 15: cubes (세제곱), a throwaway exercise for the project's tests."""
import numpy as np


def cube(x):
    """Every element of x cubed, as a float array.

    >>> cube(np.array([2.0]))
    array([8.])
    """
    # TODO: return x ** 3 as a float array
    raise NotImplementedError
'''
SOLUTION = STUB.replace('''    # TODO: return x ** 3 as a float array
    raise NotImplementedError''', '''    return np.asarray(x, dtype=float) ** 3''')
CHECKS = '''"""Checks for exercise15: cubes (세제곱)."""
import numpy as np

from grader.checklib.compare import assert_close, describe
from grader.i18n import t


def test_cube_values(learner, reference):
    x = np.array([-2.0, 0.5, 3.0])
    got = learner.cube(x)
    if not isinstance(got, np.ndarray):
        raise AssertionError(t("exercise15_cube.not_array", what=describe(got)))
    assert_close(got, reference.cube(x), call="cube(x)")
'''
ENTRY = '''
[[exercise]]
id = "exercise15"
slug = "cube"
title = "Cubes"
term = "세제곱"
section = "15. A throwaway exercise"
hints = ["One line of NumPy.", "Raise every element to the third power.", "np.asarray(x, dtype=float) ** 3"]

[[exercise.check]]
id = "cube_values"
title = "cube returns x ** 3 elementwise as an array"
points = 2
hint = "Use x ** 3 on a NumPy array, not a loop building a list."

[exercise.messages]
not_array = "cube(x) should return a NumPy array, but returned {what}"
'''
KOREAN = '''title = "세제곱"
section = "15. 시험용 연습 문제"
hints = ["NumPy 한 줄이면 됩니다.", "모든 원소를 세제곱하세요.", "np.asarray(x, dtype=float) ** 3"]

[checks.cube_values]
title = "cube는 원소마다 x ** 3을 배열로 반환합니다"
hint = "리스트를 만드는 반복문 대신 NumPy 배열에 x ** 3을 쓰세요."

[messages]
not_array = "cube(x)는 NumPy 배열을 반환해야 하는데 {what}을(를) 반환했습니다"
'''
WRONG = STUB.replace('''    # TODO: return x ** 3 as a float array
    raise NotImplementedError''', '''    return [float(v) ** 3 for v in x]''')


def snapshot(root):
    """{relative path: bytes} of every file under ``root`` (caches left out)."""
    return {path.relative_to(root).as_posix(): path.read_bytes() for path in root.rglob("*")
            if path.is_file() and "__pycache__" not in path.parts}


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """A copy of the package with exercise15 added; returns (root, the files the addition changed)."""
    root = tmp_path_factory.mktemp("course")
    for folder in ("grader", "exercises", "solutions"):
        shutil.copytree(catalog.PACKAGE_ROOT / folder, root / folder, ignore=shutil.ignore_patterns("__pycache__"))
    before = snapshot(root)
    (root / "exercises" / "exercise15_cube.py").write_text(STUB, encoding="utf-8")
    (root / "solutions" / "exercise15_cube.py").write_text(SOLUTION, encoding="utf-8")
    (root / "grader" / "checks" / "exercise15_cube.py").write_text(CHECKS, encoding="utf-8")
    with open(root / "grader" / "catalog.toml", "a", encoding="utf-8") as handle:
        handle.write(ENTRY)
    for lang in os.listdir(root / "grader" / "locales"):
        if lang != catalog.source_language():
            translation = root / "grader" / "locales" / lang / "catalog" / "exercise15_cube.toml"
            translation.write_text(KOREAN, encoding="utf-8")
    after = snapshot(root)
    changed = {path for path in after if before.get(path) != after[path]} | (set(before) - set(after))
    return root, changed


def dlgrade(root, *args, lang="en", cwd=None):
    """``python -m grader ARGS`` run on the copy; returns the CompletedProcess."""
    env = {**os.environ, "PYTHONPATH": str(root), "DLGRADE_LANG": lang}
    return subprocess.run([sys.executable, "-m", "grader", *args], cwd=cwd or root, env=env, capture_output=True,
                          text=True, timeout=600)


def test_adding_an_exercise_touches_only_its_own_files(course):
    root, changed = course
    assert changed == {"exercises/exercise15_cube.py", "solutions/exercise15_cube.py",
                       "grader/checks/exercise15_cube.py",
                       "grader/catalog.toml", "grader/locales/ko/catalog/exercise15_cube.toml"}


def test_the_new_exercise_verifies_and_grades_in_every_language(course, tmp_path):
    root, _ = course
    verified = dlgrade(root, "verify", "exercise15")
    assert verified.returncode == 0, verified.stdout + verified.stderr
    workspace = tmp_path / "ws"
    assert dlgrade(root, "init", str(workspace), cwd=tmp_path).returncode == 0
    (workspace / "exercise15_cube.py").write_text(WRONG, encoding="utf-8")
    english = json.loads(dlgrade(root, "check", "ex15", "--workspace", str(workspace), "--json").stdout)
    assert english["status"] == "failed" and english["title"] == "Cubes"
    assert english["checks"][0]["message"].startswith("cube(x) should return a NumPy array, but returned a list")
    korean = json.loads(dlgrade(root, "check", "ex15", "--workspace", str(workspace), "--json", lang="ko").stdout)
    assert korean["title"] == "세제곱" and korean["checks"][0]["hint"].startswith("리스트를 만드는")
    assert "cube(x)는 NumPy 배열을 반환해야 하는데" in korean["checks"][0]["message"]
    assert "을(를)" not in korean["checks"][0]["message"]
