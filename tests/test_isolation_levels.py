"""The isolation levels behind one interface, chosen in one place (grader/sandbox/isolation.py)."""
import os
import sys
import tempfile

import pytest

from grader.sandbox import isolation
from grader.sandbox.levels import bubblewrap
from grader.sandbox.levels.base import ASPECTS, Level, Portable
from grader.sandbox.levels.bubblewrap import Bubblewrap
from grader.sandbox.levels.process_landlock import ProcessLandlock

LEVELS = [Bubblewrap(), ProcessLandlock(), Portable()]


@pytest.mark.parametrize("level", LEVELS, ids=lambda level: level.name)
def test_every_level_says_what_it_confines(level):
    assert isinstance(level, Level) and level.name
    assert [aspect for aspect, _ in level.confinement()] == list(ASPECTS)
    assert all(how for _, how in level.confinement()) and level.summary()
    assert set(level.worker_config()) == {"landlock", "bwrap"}


def test_only_bubblewrap_wraps_the_worker():
    command = ["python", "worker.py"]
    assert ProcessLandlock().wrap(command, "/tmp/home") == Portable().wrap(command, "/tmp/home") == command
    assert Bubblewrap().exit_code(128 + 9) == -9 and ProcessLandlock().exit_code(137) == 137


@pytest.mark.parametrize("wanted, platform, bwrap, expected", [
    ("auto", "linux", "/usr/bin/bwrap", "bubblewrap"), ("auto", "linux", None, "process"),
    ("process", "linux", "/usr/bin/bwrap", "process"), ("portable", "linux", "/usr/bin/bwrap", "portable"),
    ("bubblewrap", "linux", "/usr/bin/bwrap", "bubblewrap"), ("auto", "darwin", None, "portable"),
])
def test_the_level_is_chosen_in_one_place(monkeypatch, wanted, platform, bwrap, expected):
    monkeypatch.setenv(isolation.MODE_VARIABLE, wanted)
    monkeypatch.setattr(isolation.sys, "platform", platform)
    monkeypatch.setattr(isolation, "bwrap_path", lambda: bwrap)
    assert isolation.current().name == isolation.mode() == expected


def test_bubblewrap_works_where_python_lies_beneath_the_temp_folder(monkeypatch):
    """A clone with its venv under `mktemp -d` (as CI makes): the probe once bound the temp folder over
    the Python it had just mounted, so bubblewrap looked unusable there and process isolation ran."""
    bubblewrap.bwrap_path.cache_clear()
    if bubblewrap.bwrap_path() is None:
        pytest.skip("bubblewrap does not run here")
    monkeypatch.setattr(tempfile, "tempdir", os.path.dirname(sys.prefix))  # the folder holding the venv
    bubblewrap.bwrap_path.cache_clear()
    try:
        assert bubblewrap.bwrap_path() is not None
    finally:
        monkeypatch.undo()
        bubblewrap.bwrap_path.cache_clear()
