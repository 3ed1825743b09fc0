"""Shared fixtures: build learner workspaces from a solution or stub plus overriding code."""
import contextlib
import json
import os
import re
import shutil
import textwrap
import time
import tomllib
from pathlib import Path

import jsonschema
import pytest

from grader import catalog
from grader.runner.check import check

# Keep TensorFlow quiet in the tests that cross-check references against it.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")


GRADESCOPE_SCHEMA = json.loads((Path(__file__).parent / "data" / "gradescope_results.schema.json").read_text())


def validate_gradescope(doc):
    """``doc`` is a results.json Gradescope accepts: the schema written from its spec, then what a schema cannot say."""
    jsonschema.validate(doc, GRADESCOPE_SCHEMA, format_checker=jsonschema.FormatChecker())
    for test in doc.get("tests", []):
        assert 0 <= test["score"] <= test["max_score"], test
        assert (test["status"] == "passed") == (test["score"] == test["max_score"]), test
    if "tests" in doc:
        assert doc["score"] == pytest.approx(sum(test["score"] for test in doc["tests"]))
        numbers = [tuple(int(part) for part in test["number"].split(".")) for test in doc["tests"]]
        assert numbers == sorted(set(numbers)), numbers  # unique, in order


def write_submission(folder, exercise_id, code="", base="solution"):
    """Write the exercise's file into ``folder``: the solution or stub text, then ``code`` appended.

    Appended definitions replace the base ones (the later ``def`` wins), so a test states only
    the function it changes. ``base=None`` writes ``code`` alone.
    """
    entry = catalog.resolve(exercise_id)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    text = {"solution": entry.solution_path, "stub": entry.stub_path}.get(base)
    source = text.read_text(encoding="utf-8") if text else ""
    (folder / entry.filename).write_text(source + "\n\n" + textwrap.dedent(code), encoding="utf-8")
    return folder


@pytest.fixture
def grade(tmp_path):
    """``grade(exercise_id, code='', base='solution', checks=None) -> Result`` in a fresh folder."""
    counter = iter(range(10**6))

    def run(exercise_id, code="", base="solution", checks=None):
        folder = write_submission(tmp_path / f"ws{next(counter)}", exercise_id, code, base)
        return check(exercise=exercise_id, workspace=folder, checks=checks)

    return run


def assert_rejected(result, check_ids, mentions=()):
    """Every listed check failed (not errored) and its message names what is wrong.

    Inside a ``test_rejects[case]`` test, the hint each check shows must also be the reviewed one for
    that mistake in tests/checks/diagnosis_audit.toml (the diagnosis audit).
    """
    for check_id in check_ids:
        outcome = result.get(check_id)
        assert outcome.status == "failed", f"{check_id}: {outcome.status}\n{outcome.message}"
        for word in mentions:
            assert word in outcome.message, f"{check_id}: {word!r} not in\n{outcome.message}"
        audit_hint(outcome)


DEPENDS = "fix that first"  # what a check says whose dependency fails (depends_on in the catalog)


def assert_verdicts(result, mentions):
    """``mentions``: {check id: a word its failure message contains, or None: it ran and passed}."""
    for check_id, word in mentions.items():
        if word is None:  # run so that the checks depending on it see it pass
            assert result.get(check_id).status == "passed", f"{check_id}: {result.get(check_id).message}"
        else:
            assert_rejected(result, [check_id], [word])


def checks_rejecting(wrong):
    """The check ids that some case of ``wrong`` ({name: (mentions, code)}) fails with a message of their own."""
    return {check_id for mentions, _ in wrong.values() for check_id, word in mentions.items()
            if word not in (None, DEPENDS)}


AUDIT_FILE = Path(__file__).resolve().parent / "checks" / "diagnosis_audit.toml"
CASE = re.compile(r"^(?:.*/)?(test_\w+)\.py::test_rejects\[(.*)\]$")
_current_test = ""  # the running test's node id (PYTEST_CURRENT_TEST is gone after a grading run's own pytest)


@pytest.fixture(autouse=True)
def current_test(request):
    """Remember which test runs, so the diagnosis audit knows the case it is looking at."""
    global _current_test
    _current_test = request.node.nodeid
    yield
    _current_test = ""


def audit_hint(outcome):
    """Fail unless the hint shown for a wrong implementation is the reviewed one for its mistake (or none).

    The audit names each case by the running ``test_rejects[case]`` test. With DLGRADE_RECORD_HINTS set
    to a file, the hints shown are appended there instead, for review.
    """
    match = CASE.match(_current_test)
    if not match:
        return
    module, case = match.groups()
    record = os.environ.get("DLGRADE_RECORD_HINTS")
    if record:
        with open(record, "a", encoding="utf-8") as handle:
            handle.write(json.dumps([module, case, outcome.id, outcome.hint]) + "\n")
        return
    with open(AUDIT_FILE, "rb") as handle:
        audit = tomllib.load(handle)
    if module in audit.get("unaudited", []):
        return
    reviewed = audit.get(module, {}).get(case, {})
    assert outcome.id in reviewed, f"{AUDIT_FILE.name} has no reviewed hint for {module} [{case}] {outcome.id}"
    want = reviewed[outcome.id]
    if want:
        assert outcome.hint and want in outcome.hint, f"{case} / {outcome.id}: hint {outcome.hint!r}, reviewed {want!r}"
    else:
        assert outcome.hint is None, f"{case} / {outcome.id}: no hint fits this mistake, but shown: {outcome.hint!r}"


def assert_accepted(result):
    """Every check passed with full points."""
    bad = {c.id: c.message for c in result.checks if c.status != "passed"}
    assert not bad and result.score == result.max_score, bad


def submission_line(exercise_id, code, needle, base="solution"):
    """The 1-based line of ``needle`` inside ``code`` in the file ``write_submission`` writes."""
    entry = catalog.resolve(exercise_id)
    text = {"solution": entry.solution_path, "stub": entry.stub_path}.get(base)
    prefix = (text.read_text(encoding="utf-8") if text else "") + "\n\n"
    body = textwrap.dedent(code)
    return prefix.count("\n") + body[:body.index(needle)].count("\n") + 1


def assert_learner_traceback(message, exercise_id, code, needle, error_type, base="solution"):
    """An error message that shows the learner's file and the line of ``needle``, without grader frames."""
    filename = catalog.resolve(exercise_id).filename
    line = submission_line(exercise_id, code, needle, base)
    assert error_type in message, message
    assert f'File "{filename}", line {line}' in message, f"line {line} of {filename} not in\n{message}"
    assert needle.strip() in message, message
    for internal in ("grader/", "grader\\", "site-packages", "worker.py", "proxy.py"):
        assert internal not in message, f"{internal!r} in\n{message}"


SETTLE_SECONDS = 60  # generous: a loaded CI machine may take seconds to reap a killed process tree


def settled(probe, seconds=SETTLE_SECONDS):
    """Poll ``probe()`` until it returns something falsy (at most ``seconds``) and return its last value.

    For what the system finishes on its own time (killed processes disappearing): the caller asserts on the
    value, so a failure still shows what was left, and a slow machine is not mistaken for a leak."""
    deadline = time.monotonic() + seconds
    while (value := probe()) and time.monotonic() < deadline:
        time.sleep(0.1)
    return value


@pytest.fixture(autouse=True)
def english_by_default(monkeypatch):
    """Every test starts in English; `--lang ko` in one test sets the variable only for that test."""
    monkeypatch.delenv("DLGRADE_LANG", raising=False)


CHROMIUM = next((p for p in (shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome")) if p), None)
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture
def chromium(tmp_path):
    """The headless Chromium command line (a fresh profile per test); skips when Chromium is missing."""
    if CHROMIUM is None:
        pytest.skip("headless Chromium is not installed (Debian: apt-get install -y chromium); pages cannot be "
                    "rendered")
    return [CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'chromium-profile'}"]


ISOLATION_MODES = ("process", "bubblewrap", "portable")


@contextlib.contextmanager
def isolation_forced(mode):
    """New workers get isolation ``mode`` (forced through DLGRADE_ISOLATION) inside the block, which receives
    why this machine cannot offer it (no bubblewrap; no Landlock for process isolation), or None."""
    from grader.sandbox import isolation

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DLGRADE_ISOLATION", mode)
        isolation.bwrap_path.cache_clear()
        try:
            if isolation.mode() != mode:
                yield "bubblewrap is not usable on this machine"
            elif mode == "process" and not isolation.landlock_abi():
                yield "this kernel offers no Landlock, so process isolation confines reads only in Python"
            else:
                yield None
        finally:
            isolation.bwrap_path.cache_clear()  # the next caller probes again under its own environment


@pytest.fixture(params=["process", "bubblewrap"])
def isolation_mode(request):
    """Run a test once per kernel-confined isolation mode (skipped where this machine lacks it)."""
    with isolation_forced(request.param) as missing:
        if missing:
            pytest.skip(missing)
        yield request.param


@pytest.fixture(scope="session")
def tf():
    """TensorFlow, its logging silenced (for the reference tests that compare with it)."""
    return pytest.importorskip("tensorflow")


@pytest.fixture(scope="session")
def keras(tf):
    """Keras 3, imported as the grader imports it (after TensorFlow, quietly)."""
    from grader.keras_rebuild import keras as quiet_keras

    return quiet_keras()
