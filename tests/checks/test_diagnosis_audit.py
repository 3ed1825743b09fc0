"""The diagnosis audit: every deliberately wrong implementation in tests/checks has a reviewed hint per check.

tests/checks/diagnosis_audit.toml says, for each case of each module's ``test_rejects``, which hint each
failing check must show (a fragment of the catalog hint, when the check confirmed the mistake that
hint is about) or "" (none: the message states what was observed, or names the mistake itself).
``assert_rejected`` (tests/conftest.py) enforces it while ``test_rejects`` runs; this test makes sure
no case is left out of the review.
"""
import importlib.util
import tomllib
from pathlib import Path

import pytest

from conftest import AUDIT_FILE

MODULES = sorted(Path(__file__).resolve().parent.glob("test_exercise*_checks.py"))


def rejected_cases(path):
    """The case names ``test_rejects`` of a checks test module is parametrized with."""
    spec = importlib.util.spec_from_file_location(f"audit_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    test = getattr(module, "test_rejects", None)
    marks = [m for m in getattr(test, "pytestmark", []) if m.name == "parametrize"]
    return list(marks[0].args[1]) if marks else []


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.stem)
def test_every_wrong_implementation_is_reviewed(path):
    with open(AUDIT_FILE, "rb") as handle:
        audit = tomllib.load(handle)
    if path.stem in audit.get("unaudited", []):
        pytest.skip(f"{path.stem} is listed as not yet audited in {AUDIT_FILE.name}")
    reviewed = audit.get(path.stem, {})
    missing = [case for case in rejected_cases(path) if case not in reviewed]
    assert not missing, f"{AUDIT_FILE.name} lacks [{path.stem}] entries for: {missing}"
    stale = sorted(set(reviewed) - set(rejected_cases(path)))
    assert not stale, f"{AUDIT_FILE.name} reviews cases that no longer exist: {stale}"
