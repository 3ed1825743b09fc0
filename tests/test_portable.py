"""The portable isolation level (what macOS gets), forced on Linux so it never rots: no kernel
confinement, but limits, timeouts, process groups, the import guard and the audit hook still hold."""
import pytest
from click.testing import CliRunner

from conftest import assert_accepted
from grader import catalog
from grader.cli import main
from grader.runner.check import check
from grader.sandbox import isolation
from test_hostile import assert_case_handled

# The hostile cases whose defence needs no kernel confinement (no Landlock, namespaces or /proc).
PORTABLE_CASES = ["infinite loop in a call", "sleeping forever", "deep recursion", "memory bomb",
                  "sys.exit in a call", "os._exit in a call", "killing its own process", "segfault through ctypes",
                  "ignoring SIGTERM", "fake result printed", "patching pytest and hypothesis",
                  "ndarray subclass with a lying __eq__", "importing the grader", "importing the reference by path",
                  "writing into the socket"]


@pytest.fixture(autouse=True)
def portable(monkeypatch):
    monkeypatch.setenv("DLGRADE_ISOLATION", "portable")
    isolation.bwrap_path.cache_clear()
    yield
    monkeypatch.undo()
    isolation.bwrap_path.cache_clear()


def test_doctor_states_the_portable_level():
    output = CliRunner().invoke(main, ["doctor"]).output
    assert "portable (no kernel confinement)" in output
    assert dict(isolation.confinement())["write"].startswith("off")


@pytest.mark.parametrize("name", PORTABLE_CASES)
def test_hostile_cases_that_need_no_kernel_hold(tmp_path, name):
    assert_case_handled(tmp_path, name)


@pytest.mark.parametrize("exercise", [e.id for e in catalog.exercises() if e.kind != "quiz"])
def test_every_reference_passes(exercise):
    entry = catalog.resolve(exercise)
    assert_accepted(check(exercise=entry, module_path=entry.solution_path))
