"""Class analytics and the HTML report: who needs help, failing checks among attempters, mistakes grouped by
diagnosis, grading problems and integrity notes naming learners; rendered in headless Chromium when installed."""
import subprocess

import numpy as np
import pytest

from grader import catalog
from grader.batch import report
from grader.batch.analytics import analyse, normalise_message
from grader.batch.diagnoses import diagnosis
from grader.batch.gradebook import Gradebook, load_records
from grader.batch.outcomes import error_result
from grader.batch.render import analytics_view
from grader.results import ERROR, FAILED, NOT_STARTED, PASSED
from test_batch_exports import ALL, fill, make_result

XSS = "<script>alert('x')</script> expected 1.0"
STUB = [NOT_STARTED] * 8


@pytest.fixture
def records(tmp_path):
    learners = {f"learner{i:02d}": {"exercise01": ALL if i % 3 else [FAILED, PASSED, PASSED, PASSED, ERROR, PASSED,
                                                                       NOT_STARTED],
                                    "exercise02": ALL if i % 2 else [FAILED] * 8}
                for i in range(12)}
    learners["stub"] = {"exercise01": STUB[:7], "exercise02": STUB}  # not started: no failure rate moves
    return fill(tmp_path / "results", learners)


def test_rates_count_only_learners_who_attempted_the_exercise(records):
    a = analyse(records)
    assert a.submissions == 13 and a.max_total == 21
    assert sum(n for _, n in a.distribution) == 13
    first = a.checks[0]
    assert (first.exercise, first.attempted, first.failure_rate) == ("exercise02", 12, 0.5)
    weighted = next(c for c in a.checks if c.check == "weighted_sum_single")
    assert weighted.counts == {FAILED: 4, PASSED: 8} and weighted.failure_rate == pytest.approx(4 / 12)
    assert weighted.failing == ["learner00", "learner03", "learner06", "learner09"]
    assert weighted.anchor == "check-exercise01-weighted_sum_single"
    assert [e.id for e in a.exercises] == ["exercise01", "exercise02"]
    assert a.exercises[1].counts == {PASSED: 6, FAILED: 6, NOT_STARTED: 1}


def test_learners_are_sorted_so_those_who_need_help_come_first(records):
    a = analyse(records)
    assert [row.name for row in a.learners[:2]] == ["stub", "learner00"]
    assert (a.learners[0].percent, a.learners[0].attempted, a.learners[0].passed) == (0.0, 0, 0)
    assert a.learners[-1].percent == 100.0 and a.learners[-1].passed == 2
    assert analytics_view(a) is not None


def test_common_mistakes_group_by_diagnosis_not_by_the_values_in_the_text(tmp_path):
    template = "{call} returned the wrong shape: expected {expected}, got {got}"
    assert diagnosis("sigmoid(z) returned the wrong shape: expected (2,), got (3,)") == "compare.shape"
    learners = {}
    for i, (call, got) in enumerate([("relu(z)", "(1,)"), ("relu(array([1.]))", "(7, 2)"), ("sigmoid(x)", "()")]):
        learners[f"l{i}"] = {"exercise02": [FAILED] * 8}
    records = fill(tmp_path / "r", learners)
    for i, record in enumerate(records):
        for check in record.graded["exercise02"].result.checks:
            check.message = template.format(call=f"f{i}(x)", expected="(2,)", got=f"({i},)") + "\n  details"
    a = analyse(records)
    mistake, = a.mistakes
    assert mistake.key == "compare.shape" and mistake.learners == ["l0", "l1", "l2"]
    assert mistake.text == "… returned the wrong shape: expected …, got …" and mistake.exercise == "exercise02"
    assert len(mistake.checks) == 8 and mistake.example.startswith("f0(x) returned the wrong shape")


def test_grading_problems_and_notes_name_learners_and_stay_out_of_the_rates(tmp_path):
    entry = catalog.resolve("exercise01")
    with Gradebook.open(tmp_path, create=True) as book:
        book.record(submission="ann", exercise="exercise01", result=make_result("exercise01", ALL), duration=1,
                    grader_hash="g")
        book.record(submission="ben", exercise="exercise01", result=error_result(entry, "the grading process was "
                    "killed by SIGKILL"), duration=1, grader_hash="g", reason="crash")
        book.set_notes("ann", [("", "layout", "the exercise files were in 'hw/'"), ("exercise01", "hints", "2")],
                       kinds=("layout", "hints"))
        book.replace_notes("copied", [("ann", "quiz01", "the quiz answers fit the numbers of cal")])
    a = analyse(load_records(tmp_path))
    assert a.problems == [("ben", "exercise01", "crash", "the grading process was killed by SIGKILL")]
    assert all(c.attempted == 1 and not c.failing for c in a.checks)  # ben's row is no grade
    assert {(s, k) for s, _, k, _ in a.notes} == {("ann", "layout"), ("ann", "copied")}
    ben = next(row for row in a.learners if row.name == "ben")
    assert ben.flags == [("exercise01: crash", True)] and ben.status == "grading_problem" and ben.hints is None
    assert next(row for row in a.learners if row.name == "ann").hints == 2  # as ann's workspace recorded them
    page = report.html_report(a)
    assert page.index('id="problems"') < page.index('id="learners"')
    assert "ben" in page[page.index('id="problems"'):page.index('id="learners"')]
    assert "copied quiz answers" in page and "fit the numbers of cal" in page and "layout" in page


def test_message_normalisation():
    assert normalise_message("\n  first   line \nsecond") == "first line"
    assert len(normalise_message("x" * 500)) == 160


def test_html_is_self_contained_compact_and_escapes_learner_text(records):
    records[0].graded["exercise01"].result.checks[0].message = XSS
    page = report.html_report(analyse(records), title="Course <1>")
    assert page.startswith("<!DOCTYPE html>") and "Content-Security-Policy" in page
    assert "<script" not in page and "&lt;script&gt;" in page and "Course &lt;1&gt;" in page
    assert page.count('src="data:image/png;base64,') == 3
    assert "http://" not in page and "https://" not in page
    assert page.count("<details") >= 6 and '<details id="learners" open>' in page
    assert '<details id="distribution">' in page  # plots are folded away
    assert 'href="#check-exercise01-weighted_sum_single"' in page and 'id="check-exercise01-weighted_sum_single"' in page
    empty = report.html_report(analyse([]))
    assert "no results yet" in empty


def test_html_report_renders_in_headless_chromium_with_korean_names(tmp_path, chromium):
    from PIL import Image

    learners = {name: {"exercise01": ALL if i % 2 else [FAILED] * 7, "exercise02": [FAILED] * 8}
                for i, name in enumerate(["김민지", "박서준", "이하은", "최도윤", "alice", "bob"])}
    records = fill(tmp_path / "results", learners)
    records[0].graded["exercise01"].result.checks[0].message = XSS
    page = tmp_path / "report.html"
    page.write_text(report.html_report(analyse(records)), encoding="utf-8")
    dom = subprocess.run([*chromium, "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=90).stdout
    assert "Checks that fail among learners who attempted them" in dom and "김민지" in dom
    assert "&lt;script&gt;" in dom and "<script" not in dom  # the learner's text stayed text
    shot = tmp_path / "shot.png"
    subprocess.run([*chromium, f"--screenshot={shot}", "--window-size=1200,1400", "--hide-scrollbars", page.as_uri()],
                   capture_output=True, timeout=90)
    image = Image.open(shot).convert("RGB")
    assert image.size == (1200, 1400)
    pixels = np.asarray(image).reshape(-1, 3).astype(int)
    assert (pixels != 255).any(axis=1).mean() > 0.03  # not blank
    red = (np.abs(pixels - [214, 39, 40]) < 8).all(axis=1).sum()
    assert red > 200, "the score bars of learners who need help are not visible"
