"""Learner identity comes from the submission: quizzes graded with that id, shared answers files flagged."""
import csv
import io
import os
import re

import pytest
from click.testing import CliRunner

from conftest import write_submission
from grader import catalog
from grader.batch import RosterError, grade
from grader.batch.gradebook import load_records
from grader.batch.identity import copied_answers
from grader.batch.roster import load_roster
from grader.cli import main
from grader.quiz import answers_file_text, reference_answers

QUIZ = catalog.resolve("quiz01")


def answers_file(folder, learner_id, header_id=None):
    """``learner_id``'s right answers, in a file whose header names ``header_id`` (default: the same)."""
    text = answers_file_text(QUIZ, header_id or learner_id, reference_answers(QUIZ, learner_id))
    folder.mkdir(parents=True, exist_ok=True)
    (folder / QUIZ.filename).write_text(text, encoding="utf-8")


def test_two_learners_sharing_one_answers_file_are_each_graded_as_themselves_and_flagged(tmp_path):
    subs = tmp_path / "subs"
    answers_file(subs / "ann", "ann")
    answers_file(subs / "cal", "cal")
    (subs / "ben").mkdir()
    (subs / "ben" / QUIZ.filename).write_bytes((subs / "ann" / QUIZ.filename).read_bytes())  # ann's file, as is
    summary = grade(submissions=subs, out=tmp_path / "out", exercises=["quiz01"], jobs=2)
    records = {r.name: r for r in load_records(tmp_path / "out")}
    top = QUIZ.max_score if hasattr(QUIZ, "max_score") else records["ann"].graded["quiz01"].result.max_score
    assert records["ann"].graded["quiz01"].result.score == top
    assert records["cal"].graded["quiz01"].result.score == top
    ben = records["ben"].graded["quiz01"].result
    assert ben.score < top / 2  # graded with ben's own numbers, not the header's 'ann'
    assert any("ann" in note and "ben" in note for note in ben.integrity)  # the header names another learner
    copied = [note for _, kind, note in records["ben"].notes if kind == "copied"]
    assert len(copied) == 1 and "fit the numbers of ann" in copied[0]
    assert not [n for r in ("ann", "cal") for _, kind, n in records[r].notes if kind == "copied"]
    assert any(note.startswith("ben · quiz01") for note in summary.notes)


def test_a_copy_without_the_header_is_still_found_by_its_numbers(tmp_path):
    subs = tmp_path / "subs"
    answers_file(subs / "ann", "ann")
    answers_file(subs / "ben", "ann", header_id="ben")  # ann's answers under ben's own header
    grade(submissions=subs, out=tmp_path / "out", exercises=["quiz01"], jobs=1)
    records = {r.name: r for r in load_records(tmp_path / "out")}
    assert not records["ben"].graded["quiz01"].result.integrity
    assert [kind for _, kind, _ in records["ben"].notes] == ["copied"]


def test_a_roster_maps_submissions_to_learner_ids(tmp_path):
    subs = tmp_path / "subs"
    answers_file(subs / "Kim Minji_12345_assignsubmission_file", "minji")
    roster = tmp_path / "roster.csv"
    roster.write_text("submission,learner_id\nKim Minji_12345_assignsubmission_file,minji\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["grade", str(subs), "--out", str(tmp_path / "out"), "-e", "quiz01",
                                       "--roster", str(roster)])
    assert result.exit_code == 0, result.output
    roster.write_text("learner,id\nx,y\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["grade", str(subs), "--out", str(tmp_path / "out"), "-e", "quiz01",
                                       "--roster", str(roster)])
    assert result.exit_code == 2 and len(result.output.strip().splitlines()) == 1
    assert "no 'submission' column" in result.output


def test_roster_rows_must_name_each_submission_once(tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_text("submission,learner_id\na,1\na,2\n", encoding="utf-8")
    with pytest.raises(RosterError, match="3"):
        load_roster(roster)


def test_the_cross_check_needs_answers_that_fit_another_learner_better_than_ones_own():
    ids = ["ann", "ben", "cal"]
    right = {i: reference_answers(QUIZ, i) for i in ids}
    assert not copied_answers([(i, "quiz01", i, right[i]) for i in ids])  # everyone honest
    assert not copied_answers([(i, "quiz01", i, {}) for i in ids])  # everyone blank
    found = copied_answers([("ann", "quiz01", "ann", right["ann"]), ("ben", "quiz01", "ben", right["ann"])])
    assert [(c.submission, c.source) for c in found] == [("ben", "ann")] and found[0].own < found[0].matches


@pytest.mark.skipif(os.uname().sysname == "Darwin", reason="macOS file systems refuse non-UTF-8 names")
def test_a_cp949_folder_in_a_batch_of_three_is_graded_under_its_display_name(tmp_path):
    subs = tmp_path / "subs"
    write_submission(subs / "alice", "exercise01")
    write_submission(subs / "bob", "exercise01")
    korean = os.path.join(os.fsencode(subs), "김철수".encode("cp949"))
    os.mkdir(korean)
    with open(os.path.join(korean, b"exercise01_perceptron.py"), "wb") as handle:
        handle.write((subs / "alice" / "exercise01_perceptron.py").read_bytes())
    result = CliRunner().invoke(main, ["grade", str(subs), "--out", str(tmp_path / "out"), "-e", "exercise01",
                                       "--jobs", "2", "--json"])
    assert result.exit_code == 0, result.output
    records = {r.name: r for r in load_records(tmp_path / "out")}
    korean_name = next(name for name in records if name.startswith("\\x"))
    assert sorted(records) == sorted(["alice", "bob", korean_name])
    assert all(r.graded["exercise01"].result.score == 9 for r in records.values())
    assert any("김철수" in note for _, kind, note in records[korean_name].notes if kind == "name")
    csv_text = CliRunner().invoke(main, ["gradebook", "export", str(tmp_path / "out")]).output
    assert korean_name in csv_text


def test_csv_ids_are_byte_identical_to_the_folder_names(tmp_path):
    subs = tmp_path / "subs"
    names = ["=SUM(A1)", "-5 kim", "김민지 (2)", "Lee, Jiwoo_1234_assignsubmission_file", "@home"]
    for name in names:
        answers_file(subs / name, name)
    grade(submissions=subs, out=tmp_path / "out", exercises=["quiz01"], jobs=2)
    csv_text = CliRunner().invoke(main, ["gradebook", "export", str(tmp_path / "out")]).output
    rows = list(csv.reader(io.StringIO(csv_text)))
    assert sorted(row[0] for row in rows[1:]) == sorted(names)
    assert rows[0][:3] == ["submission", "display_name", "status"]
    assert all(row[1] == ("'" + row[0] if row[0][0] in "=-@" else row[0]) and row[2] == "graded" for row in rows[1:])


def test_hints_used_come_from_the_workspace_progress_file_where_there_is_one(tmp_path):
    import json
    import zipfile

    from grader.batch.analytics import analyse

    subs = tmp_path / "subs"
    answers_file(subs / "ann", "ann")
    progress = {"exercises": {"quiz01": {"hints_used": 2}}}
    (subs / "ann" / ".dlgrade").mkdir()
    (subs / "ann" / ".dlgrade" / "progress.json").write_text(json.dumps(progress))
    answers_file(tmp_path / "ben", "ben")
    with zipfile.ZipFile(subs / "ben.zip", "w") as archive:
        archive.write(tmp_path / "ben" / QUIZ.filename, f"ben/{QUIZ.filename}")
        archive.writestr("ben/.dlgrade/progress.json", json.dumps({"exercises": {"quiz01": {"hints_used": 1}}}))
    answers_file(subs / "cal", "cal")
    (subs / "cal" / ".dlgrade").mkdir()
    (subs / "cal" / ".dlgrade" / "progress.json").write_text('{"exercises": {"quiz01": 7}}')  # edited by hand
    grade(submissions=subs, out=tmp_path / "out", exercises=["quiz01"], jobs=1)
    rows = {row.name: row for row in analyse(load_records(tmp_path / "out")).learners}
    assert (rows["ann"].hints, rows["ben"].hints, rows["cal"].hints) == (2, 1, None)


def test_a_copy_across_shards_is_found_when_the_shards_are_merged(tmp_path):
    from grader.batch import merge

    subs = tmp_path / "subs"
    answers_file(subs / "ann", "ann")
    answers_file(subs / "ben", "ann", header_id="ben")
    grade(submissions=subs, out=tmp_path / "s1", exercises=["quiz01"], jobs=1, only=["ann"])
    grade(submissions=subs, out=tmp_path / "s2", exercises=["quiz01"], jobs=1, only=["ben"])
    assert not [n for r in load_records(tmp_path / "s2") for _, kind, n in r.notes if kind == "copied"]
    merge(sources=[tmp_path / "s1", tmp_path / "s2"], out=tmp_path / "all")
    records = {r.name: r for r in load_records(tmp_path / "all")}
    assert [kind for _, kind, _ in records["ben"].notes] == ["copied"] and not records["ann"].notes


def test_a_huge_quiz_answer_is_quoted_cut_and_the_gradebook_stays_small(tmp_path):
    subs = tmp_path / "subs"
    answers_file(subs / "ann", "ann")
    path = subs / "ann" / QUIZ.filename
    huge = "7" * 3_000_000
    path.write_text(re.sub(r"^q01 = .*$", f"q01 = {huge}", path.read_text(encoding="utf-8"), flags=re.M),
                    encoding="utf-8")
    grade(submissions=subs, out=tmp_path / "out", exercises=["quiz01"], jobs=1)
    result = load_records(tmp_path / "out")[0].graded["quiz01"].result
    assert result.get("q01").status in ("failed", "error") and len(result.get("q01").message) < 2000
    assert len(result.to_json()) < 100_000
