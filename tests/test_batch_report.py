"""Class analytics and the HTML report, rendered in headless Chromium when it is installed."""
import subprocess

import numpy as np
import pytest

from grader.batch import report
from grader.batch.render import analytics_view
from grader.results import ERROR, FAILED, NOT_STARTED, PASSED
from test_batch_exports import ALL, fill

XSS = "<script>alert('x')</script> expected 1.0"
@pytest.fixture
def records(tmp_path):
    learners = {f"learner{i:02d}": {"exercise01": ALL if i % 3 else [FAILED, PASSED, PASSED, PASSED, ERROR, PASSED,
                                                                       NOT_STARTED],
                                    "exercise02": ALL if i % 2 else [FAILED] * 8}
                for i in range(12)}
    return fill(tmp_path / "results", learners)


def test_analytics_numbers(records):
    a = report.analyse(records)
    assert a.submissions == 12 and a.max_total == 21
    assert sum(n for _, n in a.distribution) == 12
    assert dict(a.distribution)["90–100%"] == 4  # i % 3 and i % 2: 1, 5, 7, 11
    first = a.checks[0]
    assert (first.exercise, first.failure_rate) == ("exercise02", 0.5)
    weighted = next(c for c in a.checks if c.check == "weighted_sum_single")
    assert weighted.counts == {FAILED: 4, PASSED: 8} and weighted.failure_rate == pytest.approx(4 / 12)
    assert a.messages[0].message == "expected 1.0, got 0.0" and a.messages[0].count == 6 + 4
    assert [e.id for e in a.exercises] == ["exercise01", "exercise02"]
    assert a.exercises[1].counts == {PASSED: 6, FAILED: 6} and a.exercises[1].mean == 6.0
    assert len(a.slowest) == 10 and a.slowest[0][1] == 3.0
    assert analytics_view(a) is not None


def test_message_normalisation():
    assert report.normalise_message("\n  first   line \nsecond") == "first line"
    assert len(report.normalise_message("x" * 500)) == 160


def test_html_is_self_contained_and_escapes_learner_text(records, tmp_path):
    records[0].graded["exercise01"].result.checks[0].message = XSS
    page = report.html_report(report.analyse(records), title="Course <1>")
    assert page.startswith("<!DOCTYPE html>") and "Content-Security-Policy" in page
    assert "<script" not in page and "&lt;script&gt;" in page and "Course &lt;1&gt;" in page
    assert page.count('src="data:image/png;base64,') == 3
    assert "http://" not in page and "https://" not in page
    empty = report.html_report(report.analyse([]))
    assert "no results yet" in empty


def test_html_report_renders_in_headless_chromium(records, tmp_path, chromium):
    from PIL import Image

    records[0].graded["exercise01"].result.checks[0].message = XSS
    page = tmp_path / "report.html"
    page.write_text(report.html_report(report.analyse(records)), encoding="utf-8")
    flags = chromium
    dom = subprocess.run([*flags, "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=90).stdout
    assert dom.count("<img") == 3 and "Per-check failure rates" in dom
    assert "&lt;script&gt;" in dom and "<script" not in dom  # the learner's text stayed text
    shot = tmp_path / "shot.png"
    subprocess.run([*flags, f"--screenshot={shot}", "--window-size=1200,1600", "--hide-scrollbars", page.as_uri()],
                   capture_output=True, timeout=90)
    image = Image.open(shot).convert("RGB")
    assert image.size == (1200, 1600)
    pixels = np.asarray(image).reshape(-1, 3).astype(int)
    assert (pixels != 255).any(axis=1).mean() > 0.05  # not blank
    bars = (np.abs(pixels - [31, 119, 180]) < 8).all(axis=1).sum()
    assert bars > 2000, "the plots' bars are not visible"
