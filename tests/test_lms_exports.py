"""Canvas and Moodle grade files from a gradebook and a roster; unknown learners are reported, never dropped
silently."""
import csv
import io

import pytest
from click.testing import CliRunner

from grader.batch.exports import BY_NAME, canvas, moodle
from grader.batch.roster import RosterError, load_roster, parse_roster

from test_batch_exports import CLASS, fill

ROSTER = """Submission,Name,Canvas_ID,SIS_User_ID,SIS_Login_ID,Section,Email,ID_Number
alice,"Kim, Alice",101,S-1,alice,A,alice@uni.example,1001
bob,"Lee, Bob",102,S-2,bob,B,bob@uni.example,1002
carol,"Park, Carol",103,S-3,carol,A,carol@uni.example,1003
"""


@pytest.fixture
def records(tmp_path):
    return fill(tmp_path / "results", CLASS)


def rows(text):
    return list(csv.reader(io.StringIO(text)))


def test_canvas_file_has_identity_columns_points_possible_and_a_row_per_roster_learner(records):
    table = rows(canvas.to_canvas(records, parse_roster(ROSTER)))
    assert table[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "exercise01 · Perceptron",
                        "exercise02 · Activation functions"]
    assert table[1] == ["    Points Possible", "", "", "", "", "9", "12"]
    assert table[2] == ["Kim, Alice", "101", "S-1", "alice", "A", "9", "12"]
    assert table[3][:5] == ["Lee, Bob", "102", "S-2", "bob", "B"] and table[3][5:] == ["5", "0"]
    assert table[4] == ["Park, Carol", "103", "S-3", "carol", "A", "", ""]  # no submission: grades unchanged
    assert len(table) == 5  # '=cmd|nasty' is not in the roster


def test_moodle_file_is_keyed_by_email_or_id_number(records):
    table = rows(moodle.to_moodle(records, parse_roster(ROSTER)))
    assert table[0] == ["Email address", "exercise01 · Perceptron", "exercise02 · Activation functions"]
    assert table[1:] == [["alice@uni.example", "9", "12"], ["bob@uni.example", "5", "0"], ["carol@uni.example", "", ""]]
    by_number = parse_roster("submission,id_number\nalice,=1001\n")
    assert rows(moodle.to_moodle(records, by_number))[1] == ["'=1001", "9", "12"]  # no formula injection
    with pytest.raises(RosterError, match="email or id_number"):
        moodle.to_moodle(records, parse_roster("submission,name\nalice,Alice\n"))
    with pytest.raises(RosterError, match="bob"):
        moodle.to_moodle(records, parse_roster("submission,email\nalice,a@x\nbob,\n"))


def test_the_roster_is_validated_when_loaded(tmp_path):
    roster = parse_roster(ROSTER)
    assert [learner.submission for learner in roster.learners] == ["alice", "bob", "carol"]
    for text, words in (("", "empty"), ("name\nx\n", "submission"), ("submission,phone\nx,1\n", "phone"),
                        ("submission\nx\nx\n", "line 3"), ("submission,name\n,Kim\n", "line 2")):
        with pytest.raises(RosterError, match=words):
            parse_roster(text)
    with pytest.raises(RosterError, match="cannot read"):
        load_roster(tmp_path / "missing.csv")
    assert BY_NAME["canvas"].needs_roster and BY_NAME["moodle"].needs_roster and not BY_NAME["csv"].needs_roster


def test_unknown_and_missing_learners_are_named(records):
    roster = parse_roster(ROSTER)
    assert roster.unknown(records) == ["=cmd|nasty"] and roster.without_submission(records) == ["carol"]


def test_the_export_command_reports_unknown_learners_and_exits_1(tmp_path, records):
    from grader.cli import main

    roster = tmp_path / "roster.csv"
    roster.write_text(ROSTER, encoding="utf-8")
    out = tmp_path / "canvas.csv"
    result = CliRunner().invoke(main, ["gradebook", "export", str(tmp_path / "results"), "-f", "canvas",
                                       "--roster", str(roster), "-o", str(out)])
    assert result.exit_code == 1
    assert "1 submission(s) are not in the roster and are not in the file: =cmd|nasty" in result.output
    assert "1 roster learner(s) have no graded submission (their cells are empty): carol" in result.output
    assert rows(out.read_text())[2][0] == "Kim, Alice"
    missing = CliRunner().invoke(main, ["gradebook", "export", str(tmp_path / "results"), "-f", "moodle"])
    assert missing.exit_code == 2 and "--roster" in missing.output
    roster.write_text("submission,email\nalice,a@uni.example\nbob,b@uni.example\n=cmd|nasty,n@uni.example\n")
    fine = CliRunner().invoke(main, ["gradebook", "export", str(tmp_path / "results"), "-f", "moodle",
                                     "--roster", str(roster)])
    assert fine.exit_code == 0 and rows(fine.stdout)[3] == ["n@uni.example", "0", ""]
