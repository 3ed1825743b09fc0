"""The gradebook's transactional writes and merge, and the exports validated against their formats."""
import csv
import io
import json
import sqlite3
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from grader import catalog
from grader.batch import exports
from grader.batch.exports import csv_table, feedback, gradescope, json_dump, junit
from grader.batch.gradebook import Gradebook, GradebookError, load_records, merge
from grader.results import ERROR, FAILED, NOT_STARTED, PASSED, CheckResult, Result

from conftest import validate_gradescope

NASTY = 'wrong <b>&"\x1b[31m\x00 value\nexpected 1.0, got 0.0 ```'


def make_result(exercise_id, statuses, message="expected 1.0, got 0.0"):
    entry = catalog.resolve(exercise_id)
    checks = []
    for check, status in zip(entry.checks, statuses):
        passed = status == PASSED
        checks.append(CheckResult(check.id, check.title, status, check.points if passed else 0.0, check.points,
                                  "" if passed else message, None if passed else check.hint))
    return Result.from_checks(entry.id, entry.title, checks)


def fill(folder, learners):
    """Write {name: {exercise: statuses}} into a gradebook in ``folder``."""
    with Gradebook.open(folder, create=True) as book:
        for name, exercises in learners.items():
            for exercise, statuses in exercises.items():
                message = NASTY if name == "=cmd|nasty" else "expected 1.0, got 0.0"
                result = make_result(exercise, statuses, message)
                book.record(submission=name, exercise=exercise, result=result, duration=1.5, grader_hash=GRADER_HASH,
                            content_hash=f"sha256:{name}", source=f"/subs/{name}",
                            check_durations={c.id: 0.25 for c in result.checks})
    return load_records(folder)


ALL = [PASSED] * 8
GRADER_HASH = "sha256:g1 course builtin@0123456789abcdef"
CLASS = {
    "alice": {"exercise01": ALL, "exercise02": ALL},
    "bob": {"exercise01": [PASSED, FAILED, PASSED, ERROR, PASSED, PASSED, NOT_STARTED], "exercise02": [FAILED] * 8},
    "=cmd|nasty": {"exercise01": [FAILED] * 7},
}


@pytest.fixture
def records(tmp_path):
    return fill(tmp_path / "results", CLASS)


def test_record_replaces_a_result_in_one_transaction(tmp_path):
    fill(tmp_path, {"alice": {"exercise01": [FAILED] * 7}})
    fill(tmp_path, {"alice": {"exercise01": ALL}})
    with sqlite3.connect(tmp_path / "gradebook.sqlite") as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute("SELECT COUNT(*), SUM(score) FROM checks").fetchone() == (7, 9.0)
        assert db.execute("SELECT status, score FROM results").fetchall() == [("passed", 9.0)]
        assert db.execute("SELECT total, max_total FROM totals").fetchall() == [(9.0, 9.0)]
    with Gradebook.open(tmp_path) as book:
        bad = make_result("exercise01", ALL)
        bad.checks.append(bad.checks[0])  # a duplicate check id violates the key: nothing of it may land
        with pytest.raises(sqlite3.IntegrityError):
            book.record(submission="alice", exercise="exercise01", result=bad, duration=1, grader_hash="g2")
    record, = load_records(tmp_path)
    assert record.graded["exercise01"].result.score == 9.0 and record.graded["exercise01"].grader_hash == GRADER_HASH


def test_missing_or_foreign_gradebooks_are_clear_errors(tmp_path):
    with pytest.raises(GradebookError, match="dlgrade grade"):
        load_records(tmp_path / "nothing")
    (tmp_path / "gradebook.sqlite").write_text("not a database")
    with pytest.raises(GradebookError, match="is damaged"):
        load_records(tmp_path)


def test_merge_keeps_the_latest_result(tmp_path):
    fill(tmp_path / "old", {"alice": {"exercise01": [FAILED] * 7}, "bob": {"exercise01": ALL}})
    fill(tmp_path / "new", {"alice": {"exercise01": ALL}})
    summary = merge(sources=[tmp_path / "old", tmp_path / "new"], out=tmp_path / "all")
    assert (summary.sources, summary.copied, summary.kept, summary.submissions) == (2, 3, 0, 2)
    records = {r.name: r for r in load_records(tmp_path / "all")}
    assert records["alice"].total == 9.0 and records["bob"].total == 9.0
    summary = merge(sources=[tmp_path / "old"], out=tmp_path / "all")  # older: changes nothing
    assert (summary.copied, summary.kept) == (0, 2)
    assert {r.name: r.total for r in load_records(tmp_path / "all")} == {"alice": 9.0, "bob": 9.0}
    with pytest.raises(GradebookError):
        merge(sources=[tmp_path / "nothing"], out=tmp_path / "all")


def test_csv_keeps_ids_as_submitted_and_defuses_formulas_beside_them(records):
    rows = list(csv.reader(io.StringIO(csv_table.to_csv(records))))
    assert rows[0] == ["submission", "display_name", "status", "course", "exercise01", "exercise02", "total",
                       "max_total", "percent", "integrity"]
    course = "builtin@0123456789abcdef"
    assert rows[1:] == [["=cmd|nasty", "'=cmd|nasty", "graded", course, "0", "", "0", "21", "0.0", ""],
                        ["alice", "alice", "graded", course, "9", "12", "21", "21", "100.0", ""],
                        ["bob", "bob", "graded", course, "5", "0", "5", "21", "23.8", ""]]
    plain = list(csv.reader(io.StringIO(csv_table.to_csv([r for r in records if r.name != "=cmd|nasty"]))))
    assert plain[0][:3] == ["submission", "status", "course"]  # no display column when no id needs one


def test_csv_status_tells_empty_refused_and_grading_problems_from_grades(tmp_path):
    from grader.batch.outcomes import error_result

    entry = catalog.resolve("exercise01")
    with Gradebook.open(tmp_path, create=True) as book:
        for name, reason in (("crashed", "crash"), ("nothing", "empty"), ("bomb", "submission"), ("ok", None)):
            result = make_result("exercise01", ALL) if reason is None else error_result(entry, "why")
            book.record(submission=name, exercise="exercise01", result=result, duration=1.0, grader_hash="g",
                        reason=reason)
    rows = {row[0]: row for row in csv.reader(io.StringIO(csv_table.to_csv(load_records(tmp_path))))}
    assert {name: (row[1], row[3]) for name, row in rows.items() if name != "submission"} == {
        "bomb": ("refused", "0"), "crashed": ("grading_problem", ""), "nothing": ("empty", "0"), "ok": ("graded", "9")}


def test_json_export_round_trips_the_results(records):
    data = json.loads(json_dump.to_json(records))
    assert data["format"] == "dlgrade-gradebook" and data["format_version"] == 1
    assert [e["id"] for e in data["exercises"]] == ["exercise01", "exercise02"]
    bob = next(s for s in data["submissions"] if s["name"] == "bob")
    assert Result.from_dict(bob["exercises"]["exercise01"]["result"]) == records[2].graded["exercise01"].result
    assert bob["total"] == 5.0 and bob["exercises"]["exercise02"]["check_durations"]["sigmoid"] == 0.25


def test_gradescope_results_follow_the_specification(records, tmp_path):
    for record in records:
        doc = json.loads(gradescope.to_gradescope(record, visibility="after_published"))
        validate_gradescope(doc)
        assert doc["extra_data"]["max_score"] == record.max_total
    bob = gradescope.gradescope(records[2])
    assert [t["status"] for t in bob["tests"][:7]] == ["passed", "failed", "passed", "failed", "passed", "passed",
                                                        "failed"]
    assert bob["tests"][0]["name"].startswith("exercise01 · ") and "expected 1.0, got 0.0" in bob["tests"][1]["output"]
    assert "Hint:" in bob["tests"][1]["output"] and bob["tests"][7]["number"] == "2.1"
    with pytest.raises(ValueError):
        gradescope.gradescope(records[0], visibility="sometimes")
    written = exports.write_per_submission(records, tmp_path / "gs", kind="gradescope")
    assert sorted(p.relative_to(tmp_path / "gs").as_posix() for p in written) == [
        "=cmd_nasty/results.json", "alice/results.json", "bob/results.json"]


# A structural check of JUnit XML after the Ant/Jenkins schema (junit-10.xsd): element nesting and order,
# required and numeric attributes, and counts that add up.
JUNIT_SUITES = {"name", "time", "tests", "failures", "errors", "disabled"}
JUNIT_SUITE = {"name", "tests", "failures", "errors", "skipped", "disabled", "time", "timestamp", "hostname", "id",
               "package", "file", "log", "url", "version"}
JUNIT_CASE = {"name", "classname", "assertions", "time", "status", "file", "line"}
SUITE_ORDER = ["properties", "testcase", "system-out", "system-err"]


def _count(element, name):
    value = element.get(name, "0")
    assert value.isdigit(), f"{name}={value!r}"
    return int(value)


def _time(element):
    float(element.get("time", "0"))


def validate_junit(text):
    root = ET.fromstring(text.encode("utf-8"))
    assert root.tag == "testsuites" and set(root.attrib) <= JUNIT_SUITES
    _time(root)
    totals = {"tests": 0, "failures": 0, "errors": 0}
    for suite in root:
        assert suite.tag == "testsuite" and set(suite.attrib) <= JUNIT_SUITE and suite.get("name")
        _time(suite)
        order = [SUITE_ORDER.index(child.tag) for child in suite]
        assert order == sorted(order), [child.tag for child in suite]
        assert len(suite.findall("properties")) <= 1
        for prop in suite.iter("property"):
            assert set(prop.attrib) == {"name", "value"}
        cases = suite.findall("testcase")
        failures = errors = 0
        for case in cases:
            assert set(case.attrib) <= JUNIT_CASE and case.get("name")
            _time(case)
            tags = [child.tag for child in case]
            assert set(tags) <= {"skipped", "error", "failure", "system-out", "system-err"}
            for detail in case:
                assert set(detail.attrib) <= {"message", "type"}
            failures += "failure" in tags
            errors += "error" in tags
        assert (_count(suite, "tests"), _count(suite, "failures"), _count(suite, "errors")) == (
            len(cases), failures, errors)
        for key, value in (("tests", len(cases)), ("failures", failures), ("errors", errors)):
            totals[key] += value
    for key, value in totals.items():
        assert _count(root, key) == value
    return root


def test_junit_is_valid_and_carries_every_check(records):
    text = junit.to_junit(records)
    root = validate_junit(text)
    suites = {s.get("name"): s for s in root}
    assert set(suites) == {"alice", "bob", "=cmd|nasty"}
    bob = suites["bob"]
    cases = bob.findall("testcase")
    assert len(cases) == 15 and cases[0].get("classname") == "bob.exercise01" and cases[0].get("time") == "0.250"
    assert cases[1].find("failure").get("type") == "failed" and cases[3].find("error") is not None
    assert cases[6].find("failure").get("type") == "not_started"
    nasty = suites["=cmd|nasty"].find("testcase/failure")
    assert "<b>&" in nasty.get("message") and "\x00" not in nasty.text  # escaped, illegal characters replaced


def test_feedback_markdown_has_the_check_report_in_a_safe_fence(records, tmp_path):
    text = feedback.feedback_markdown(records[2])
    assert text.startswith("# Feedback: bob\n") and "Total: **5/21** (24%)" in text
    assert "| exercise01 · Perceptron | error | 5/9 |" in text
    assert feedback.rendered_text(records[2].graded["exercise01"].result).splitlines()[0] in text
    nasty = feedback.feedback_markdown(records[0])
    assert "\n````text\n" in nasty  # the learner's ``` cannot close the fence
    paths = exports.write_per_submission(records, tmp_path / "fb", kind="feedback")
    assert sorted(p.name for p in paths) == ["=cmd_nasty.md", "alice.md", "bob.md"]


def test_the_cli_offers_exactly_the_registered_formats_and_the_report_needs_none():
    from grader.cli import main
    from grader.i18n import t

    command = main.commands["gradebook"].commands["export"]
    choices = next(param for param in command.params if param.name == "fmt").type.choices
    assert list(choices) == [fmt.name for fmt in exports.FORMATS]
    assert all(f"{fmt.name}: {t(fmt.help_key)}" in exports.help_text() for fmt in exports.FORMATS)
    loaded = subprocess.run([sys.executable, "-c", "import sys, grader.batch.report; "
                             "print(sorted(m for m in sys.modules if m.startswith('grader.batch.exports')))"],
                            capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "[]"
