"""Which course graded each result: the gradebook's course column (and its migration from schema 1, which
still opens and resumes), the CSV, JSON, Canvas and Moodle exports and the report's header (HTML and terminal)."""
import csv
import io
import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from rich.console import Console

from grader import course_pack
from grader.batch import Caps, TimeLimits, grade
from grader.batch.analytics import analyse
from grader.batch.exports import canvas, export_text, moodle
from grader.batch.gradebook import Gradebook, GradebookError, course_of, load_records
from grader.batch.render import analytics_view
from grader.batch.report import html_report
from grader.batch.roster import parse_roster

PACK = Path(__file__).parent / "data" / "course_packs" / "batchnorm"
ROSTER = "Submission,Name,Canvas_ID,Email\nann,Ann,1,ann@uni.example\nbob,Bob,2,bob@uni.example\n"


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """A class of two graded with a copy of the tutorial's pack named ``bn``: (results folder, its course)."""
    root = tmp_path_factory.mktemp("courses")
    pack = Path(shutil.copytree(PACK, root / "bn"))
    submissions = root / "submissions"
    for name, source in (("ann", pack / "solutions"), ("bob", pack / "exercises")):
        (submissions / name).mkdir(parents=True)
        shutil.copy(source / "exercise01_batchnorm.py", submissions / name)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(course_pack.VARIABLE, str(pack))
        grade(submissions=submissions, out=root / "results", exercises=["exercise01"], jobs=1,
              limits=TimeLimits(exercise=300.0, submission=600.0), caps=Caps(max_bytes=1 << 20, max_files=50))
    return root, f"bn@{course_pack.folder(pack).content_hash()[:16]}"


@pytest.fixture
def course_env(graded, monkeypatch):
    monkeypatch.setenv(course_pack.VARIABLE, str(graded[0] / "bn"))
    return graded


def results_folder(graded, tmp_path):
    """A copy of the graded class's results, to change freely."""
    return Path(shutil.copytree(graded[0] / "results", tmp_path / "results"))


def test_each_result_records_the_course_and_version_it_was_graded_against(graded):
    root, course = graded
    with sqlite3.connect(root / "results" / "gradebook.sqlite") as db:
        rows = db.execute("SELECT submission, course, grader_hash FROM results ORDER BY submission").fetchall()
    assert [(name, value) for name, value, _ in rows] == [("ann", course), ("bob", course)]
    assert all(grader_hash.endswith(" course " + value) for _, value, grader_hash in rows)
    assert [g.course for record in load_records(root / "results") for g in record.graded.values()] == [course] * 2


def test_csv_and_json_exports_name_each_learner_s_course(graded):
    records = load_records(graded[0] / "results")
    table = list(csv.DictReader(io.StringIO(export_text(records, "csv"))))
    assert [(row["submission"], row["course"], row["exercise01"]) for row in table] == [
        ("ann", graded[1], "5"), ("bob", graded[1], "0")]
    data = json.loads(export_text(records, "json"))
    assert [s["courses"] for s in data["submissions"]] == [[graded[1]]] * 2
    assert {s["exercises"]["exercise01"]["course"] for s in data["submissions"]} == {graded[1]}


def test_lms_columns_name_the_course_but_not_its_version(graded):
    records, roster = load_records(graded[0] / "results"), parse_roster(ROSTER)
    header = next(csv.reader(io.StringIO(canvas.to_canvas(records, roster))))
    assert header[-1].startswith("bn · exercise01 · ") and "@" not in header[-1]
    assert next(csv.reader(io.StringIO(moodle.to_moodle(records, roster))))[1] == header[-1]


def test_the_report_header_says_which_course_graded_the_class_in_both_languages(graded, monkeypatch):
    analytics = analyse(load_records(graded[0] / "results"))
    assert analytics.courses == [(graded[1], 2)]
    assert f"Graded against: {graded[1]} (2 graded)" in html_report(analytics)
    console = Console(width=200, record=True)
    console.print(analytics_view(analytics))
    assert f"Graded against: {graded[1]} (2 graded)" in console.export_text()  # the terminal report too
    monkeypatch.setenv("DLGRADE_LANG", "ko")
    assert f"채점 기준 코스: {graded[1]}(채점 2건)" in html_report(analytics)


def as_schema_1(gradebook):
    """Turn a gradebook back into what dlgrade wrote before the course column (schema version 1)."""
    with sqlite3.connect(gradebook) as db:
        db.execute("ALTER TABLE results DROP COLUMN course")
        db.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
        db.execute("UPDATE results SET grader_hash = 'sha256:old' WHERE submission = 'bob'")  # before courses


def test_a_schema_1_gradebook_is_read_as_it_is_and_migrated_without_loss_when_a_batch_resumes(course_env, tmp_path):
    results = results_folder(course_env, tmp_path)
    book = results / "gradebook.sqlite"
    as_schema_1(book)
    with sqlite3.connect(book) as db:
        before = db.execute("SELECT submission, result_json, graded_at FROM results ORDER BY submission").fetchall()
    records = load_records(results)  # read-only: not migrated, the course read from the grader hash
    assert [g.course for r in records for g in r.graded.values()] == [course_env[1], None]
    assert "Graded against: " + course_env[1] + " (1 graded), a course not recorded" in html_report(analyse(records))
    with sqlite3.connect(book) as db:
        assert db.execute("SELECT value FROM meta").fetchone() == ("1",)
    summary = grade(submissions=course_env[0] / "submissions", out=results, exercises=["exercise01"], jobs=1,
                    limits=TimeLimits(exercise=300.0, submission=600.0))
    assert [o.submission for o in summary.skipped] == ["ann"]  # resumed: ann's result stands
    assert [o.submission for o in summary.graded] == ["bob"]  # graded before courses were recorded
    with sqlite3.connect(book) as db:
        assert db.execute("SELECT value FROM meta").fetchone() == ("2",)
        after = db.execute("SELECT submission, result_json, graded_at, course FROM results ORDER BY submission")
        after = after.fetchall()
    assert after[0] == (*before[0], course_env[1]) and after[1][3] == course_env[1]


def test_a_gradebook_of_an_unknown_schema_is_refused_with_one_line(graded, tmp_path):
    results = results_folder(graded, tmp_path)
    for value in ("3", "x"):
        with sqlite3.connect(results / "gradebook.sqlite") as db:
            db.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (value,))
        for readonly in (True, False):
            with pytest.raises(GradebookError, match="gradebook schema .*reads schema 2"):
                Gradebook.open(results, readonly=readonly)


@pytest.mark.parametrize("grader_hash, course", [
    ("sha256:ab course bn@0123456789abcdef", "bn@0123456789abcdef"), ("sha256:ab course my course@1", "my course@1"),
    ("sha256:ab", None), ("sha256:ab course ", None), ("", None), (None, None)])
def test_the_course_is_read_from_a_grader_hash_or_is_none(grader_hash, course):
    assert course_of(grader_hash) == course
