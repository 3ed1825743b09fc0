"""The portable isolation level (what macOS gets), forced on Linux so it never rots: no kernel
confinement, but limits, timeouts, process groups, the import guard and the audit hook still hold. (Every
reference earning full marks at this level is proved in test_determinism.py, with the other modes.)"""
import pytest
from click.testing import CliRunner

from conftest import isolation_forced
from grader.cli import main
from grader.sandbox import isolation
from test_hostile import assert_case_handled

# The hostile cases whose defence needs no kernel confinement (no Landlock, namespaces or /proc).
PORTABLE_CASES = ["infinite loop in a call", "sleeping forever", "deep recursion", "memory bomb",
                  "sys.exit in a call", "os._exit in a call", "killing its own process", "segfault through ctypes",
                  "ignoring SIGTERM", "fake result printed", "patching pytest and hypothesis",
                  "ndarray subclass with a lying __eq__", "importing the grader", "importing the reference by path",
                  "writing into the socket"]


@pytest.fixture(autouse=True)
def portable():
    with isolation_forced("portable"):
        yield


def test_doctor_states_the_portable_level():
    output = CliRunner().invoke(main, ["doctor"]).output
    assert "portable (no kernel confinement)" in output
    assert dict(isolation.confinement())["write"].startswith("off")


@pytest.mark.parametrize("name", PORTABLE_CASES)
def test_hostile_cases_that_need_no_kernel_hold(tmp_path, name):
    assert_case_handled(tmp_path, name)
