"""Batch grading in Korean: the instructor's terminal output and HTML report are Korean, the exports are not.

The learners' feedback stored in the gradebook (titles, messages, hints) is in the language the batch
was graded in; everything machine-readable (CSV, JSON keys, statuses, scores) is the same in both.
"""
import json
import re

import pytest
from click.testing import CliRunner

from conftest import write_submission
from grader import plot_text
from grader.cli import main

HANGUL = re.compile("[가-힣]")
TEXTS = {"title", "message", "hint", "problem"}    # learner feedback: in the grading language
TIMES = {"graded_at", "duration", "check_durations"}


@pytest.fixture(scope="module")
def submissions(tmp_path_factory):
    root = tmp_path_factory.mktemp("korean") / "submissions"
    write_submission(root / "correct", "exercise01")
    write_submission(root / "unstarted", "exercise01", base="stub")
    (root / "empty").mkdir()
    return root


def run_batch(submissions, out, lang):
    """Grade, report and export under DLGRADE_LANG=lang: (grade output, report output, HTML, exports)."""
    runner = CliRunner(env={"DLGRADE_LANG": lang, "COLUMNS": "200"})
    graded = runner.invoke(main, ["grade", str(submissions), "--out", str(out), "-e", "exercise01", "--jobs", "2"])
    assert graded.exit_code == 1, graded.output
    shown = runner.invoke(main, ["gradebook", "report", str(out), "--html", str(out / "report.html")])
    assert shown.exit_code == 0, shown.output
    return graded.output, shown.output, (out / "report.html").read_text(encoding="utf-8"), exports(out, lang)


def exports(out, lang):
    runner = CliRunner(env={"DLGRADE_LANG": lang})
    return {fmt: runner.invoke(main, ["gradebook", "export", str(out), "-f", fmt]).stdout for fmt in ("csv", "json")}


def machine_readable(value):
    """The JSON export without learner texts and times: what must not depend on the language."""
    if isinstance(value, dict):
        return {key: ("<text>" if key in TEXTS and value[key] else "<time>" if key in TIMES else machine_readable(v))
                for key, v in value.items()}
    if isinstance(value, list):
        return [machine_readable(v) for v in value]
    return value


def test_a_korean_batch_prints_korean_and_exports_the_same_data(submissions, tmp_path):
    english = run_batch(submissions, tmp_path / "en", "en")
    graded, shown, page, korean_exports = run_batch(submissions, tmp_path / "ko", "ko")

    assert "일괄 채점 요약" in graded and "평균 점수" in graded and "시작 안 함" in graded
    assert "제출물 3개" in graded and "Batch summary" not in graded and "submissions" not in graded
    assert "점수 분포" in shown and "학습자 (도움이 필요한 순)" in shown and "Score distribution" not in shown
    assert '<html lang="ko">' in page and "dlgrade 수업 보고서" in page and "시도한 학습자 사이에서 실패하는 검사" in page
    assert "Score distribution" not in page and "Checks that fail" not in page
    assert "Batch summary" in english[0] and '<html lang="en">' in english[2]

    assert korean_exports["csv"] == english[3]["csv"]
    data, english_data = json.loads(korean_exports["json"]), json.loads(english[3]["json"])
    assert machine_readable(data) == machine_readable(english_data)
    results = {s["name"]: s["exercises"]["exercise01"]["result"] for s in data["submissions"]}
    assert HANGUL.search(results["empty"]["title"]) and HANGUL.search(results["empty"]["checks"][0]["message"])
    assert HANGUL.search(results["unstarted"]["checks"][0]["message"])  # from the grading child
    assert exports(tmp_path / "ko", "en") == korean_exports  # exporting does not depend on the language


def test_plot_labels_fall_back_to_english_without_a_hangul_font(monkeypatch):
    monkeypatch.setenv("DLGRADE_LANG", "ko")
    monkeypatch.setattr(plot_text, "font_drawing", lambda sample: None)
    assert plot_text.plot_text("batch.plot.outcomes") == "Outcome per exercise"
    monkeypatch.setattr(plot_text, "font_drawing", lambda sample: "NanumGothic" if "가" in sample else None)
    assert plot_text.plot_text("batch.plot.outcomes") == "연습별 결과"
    monkeypatch.setenv("DLGRADE_LANG", "en")
    assert plot_text.label_font() is None  # English labels need no particular font
