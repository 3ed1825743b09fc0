"""Answers files: written by init, scored by `dlgrade check` like exercises, malformed ones explained."""
import dataclasses
import json
import re
import shutil

import pytest
from click.testing import CliRunner

from grader import catalog, practice
from grader.cli import main
from grader.quiz import answers as ans
from grader.quiz import bank, reference_answers, selfcheck, wrong_answer
from grader.runner.check import check

RESULT_KEYS = {"exercise", "title", "status", "score", "max_score", "checks", "integrity"}
CHECK_KEYS = {"id", "title", "status", "points", "max_points", "message", "hint", "output", "output_omitted"}
QUIZ02 = catalog.resolve("quiz02")


@pytest.fixture(autouse=True)
def english(monkeypatch):
    monkeypatch.delenv("DLGRADE_LANG", raising=False)


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture
def workspace(tmp_path):
    folder = tmp_path / "ws"
    result = run("init", folder, "--learner-id", "learner-1")
    assert result.exit_code == 0, result.output
    return folder


def fill(path, answers):
    """Write answers after the '=' of their answer lines."""
    lines = path.read_text(encoding="utf-8").splitlines()
    out = []
    for line in lines:
        match = re.match(r"^(q\d+) =$", line)
        out.append(f"{match.group(1)} = {answers[match.group(1)]}" if match and match.group(1) in answers else line)
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


def line_of(path, prefix):
    """1-based number of the first line starting with prefix."""
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if line.startswith(prefix))


def test_init_writes_an_answers_file_per_quiz_with_this_learners_numbers(workspace):
    for quiz in (e for e in catalog.exercises() if e.kind == "quiz"):
        text = (workspace / quiz.filename).read_text(encoding="utf-8")
        instance = bank.instantiate(quiz, "learner-1")
        assert "# Learner id: learner-1" in text and f"dlgrade check {quiz.id}" in text
        for item in instance.items:
            assert f"\n{item.id} =\n" in text
            assert item.text.split()[0] in text
        assert ans.parse_file(text, instance).untouched


def test_the_answers_file_shows_the_questions_as_comments(workspace):
    text = (workspace / QUIZ02.filename).read_text(encoding="utf-8")
    block = text[text.index("# ─── q01"):text.index("\nq01 =")]
    item = bank.instantiate(QUIZ02, "learner-1").item("q01")
    assert all(line.startswith("#") for line in block.splitlines())
    assert "single choice · 1 point" in block
    for letter, choice in zip("abcd", item.choices):
        assert f"#   {letter}) {choice}" in block


def test_init_never_overwrites_an_answers_file(workspace):
    path = workspace / QUIZ02.filename
    fill(path, {"q01": "b"})
    before = path.read_text(encoding="utf-8")
    again = run("init", workspace)
    assert again.exit_code == 0
    assert path.read_text(encoding="utf-8") == before
    path.unlink()
    run("init", workspace)
    assert ans.parse_file(path.read_text(encoding="utf-8"), bank.instantiate(QUIZ02, "learner-1")).untouched


def test_an_untouched_answers_file_is_not_started(workspace):
    result = run("check", "quiz02", "--workspace", workspace, "--json")
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert set(data) == RESULT_KEYS and data["status"] == "not_started" and data["score"] == 0
    assert data["max_score"] == QUIZ02.max_score == 20
    assert [c["id"] for c in data["checks"]] == [c.id for c in QUIZ02.checks]
    for item in data["checks"]:
        assert set(item) == CHECK_KEYS and item["status"] == "not_started"
    report = run("check", "quiz02", "--workspace", workspace)
    assert "not started" in report.output and "dlgrade quiz quiz02" in report.output


def test_reference_answers_pass_with_exit_0(workspace):
    path = workspace / QUIZ02.filename
    fill(path, reference_answers(QUIZ02, "learner-1"))
    result = run("check", "q2", "--workspace", workspace, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["status"] == "passed" and data["score"] == data["max_score"] == 20
    report = run("check", "quiz02", "--workspace", workspace)
    assert report.exit_code == 0 and "Score 20/20" in report.output and "소프트맥스" in report.output


def test_wrong_answers_fail_with_the_answer_and_explanation(workspace):
    path = workspace / QUIZ02.filename
    instance = bank.instantiate(QUIZ02, "learner-1")
    fill(path, {item.id: wrong_answer(item) for item in instance.items})
    result = check(exercise="quiz02", workspace=workspace)
    assert result.status == "failed" and result.score == 0
    for item, outcome in zip(instance.items, result.checks):
        assert outcome.status == "failed"
        assert "the answer is" in outcome.message and item.explanation in outcome.message
        assert outcome.hint.startswith("Review: ")


def test_another_learners_answers_do_not_transfer(workspace):
    """Numbers differ per learner: a neighbour's right answers are wrong here."""
    path = workspace / QUIZ02.filename
    fill(path, reference_answers(QUIZ02, "someone-else"))
    result = check(exercise="quiz02", workspace=workspace)
    numeric = [q.id for q in bank.load(QUIZ02).questions if q.templated]
    assert any(result.get(qid).status == "failed" for qid in numeric)


def test_partial_answers_score_what_is_answered(workspace):
    path = workspace / QUIZ02.filename
    answers = reference_answers(QUIZ02, "learner-1")
    fill(path, {"q01": answers["q01"], "q04": answers["q04"]})
    result = check(exercise=QUIZ02, workspace=workspace)
    assert result.status == "failed" and result.score == 3
    assert result.get("q02").status == "not_started"
    assert f"line {line_of(path, 'q02 =')}" in result.get("q02").message


MALFORMED = [
    ("q03", "q03 = zz", "'zz' is not one of the letters a-d"),
    ("q04", "q04 = about 1e-5", "is not a number"),
    ("q05", "q05 = maybe", "neither true nor false"),
    ("q12", "q12 = a, z", "is not a list of letters"),
    ("q01", "q01 = a, b", "exactly one answer"),
]


@pytest.mark.parametrize("qid, line, fragment", MALFORMED)
def test_unreadable_answers_name_the_line_and_question(workspace, qid, line, fragment):
    path = workspace / QUIZ02.filename
    number = line_of(path, f"{qid} =")
    fill(path, {qid: line.split("= ", 1)[1]})
    result = run("check", "quiz02", "--workspace", workspace)
    assert result.exit_code == 1 and "Traceback" not in result.output
    data = check(exercise="quiz02", workspace=workspace)
    outcome = data.get(qid)
    assert outcome.status == "error" and outcome.points == 0
    assert outcome.message.startswith(f"line {number} ({qid}): ") and fragment in outcome.message
    assert data.status == "error"
    assert all(c.status == "not_started" for c in data.checks if c.id != qid)


def test_stray_lines_unknown_ids_and_duplicates(workspace):
    path = workspace / QUIZ02.filename
    text = path.read_text(encoding="utf-8")
    text = text.replace("\nq05 =\n", "\nq05 = true\nI think it is true\n")  # a note without '#'
    text = text.replace("\nq11 =\n", "\nq99 = 3\n")  # the answer line's id mistyped
    text += "q01 = b\nq01 = c\n"  # answered twice
    path.write_text(text, encoding="utf-8")
    result = check(exercise="quiz02", workspace=workspace)
    lines = text.splitlines()
    stray, unknown = lines.index("I think it is true") + 1, lines.index("q99 = 3") + 1
    assert result.get("q05").status == "error"
    assert result.get("q05").message.startswith(f"line {stray} (q05): cannot read 'I think it is true'")
    assert "'q05 = your answer'" in result.get("q05").message
    assert result.get("q11").status == "error"
    assert result.get("q11").message.startswith(f"line {unknown} (q11): 'q99' is not a question of quiz02")
    assert result.get("q01").status == "error" and "answered twice" in result.get("q01").message
    cli = run("check", "quiz02", "--workspace", workspace)
    assert cli.exit_code == 1 and "Traceback" not in cli.output and f"line {stray} (q05)" in cli.output


def test_an_unknown_question_after_the_last_answer_is_reported_on_its_own(workspace):
    path = workspace / QUIZ02.filename
    text = path.read_text(encoding="utf-8") + "q99 = 3\n"
    path.write_text(text, encoding="utf-8")
    result = check(exercise="quiz02", workspace=workspace)
    line = text.splitlines().index("q99 = 3") + 1
    assert all(c.status == "not_started" for c in result.checks)  # no question is blamed
    assert result.integrity == [f"line {line}: 'q99' is not a question of quiz02 (they are q01-q14); the line is ignored."]
    cli = run("check", "quiz02", "--workspace", workspace)
    assert "About the answers file" in cli.output and f"line {line}: 'q99'" in cli.output


def test_a_file_for_another_quiz_is_an_error_on_every_question(workspace):
    shutil.copyfile(workspace / catalog.resolve("quiz01").filename, workspace / QUIZ02.filename)
    result = check(exercise="quiz02", workspace=workspace)
    assert result.status == "error"
    assert all("this answers file is for quiz01, not quiz02" in c.message for c in result.checks)


def test_missing_and_unreadable_files_are_errors_not_tracebacks(workspace):
    path = workspace / QUIZ02.filename
    path.write_bytes(b"q01 = \xff\xfe\n")
    result = run("check", "quiz02", "--workspace", workspace, "--json")
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert data["status"] == "error" and "UTF-8" in data["checks"][0]["message"]
    path.unlink()
    data = json.loads(run("check", "quiz02", "--workspace", workspace, "--json").output)
    assert data["status"] == "error" and "dlgrade init" in data["checks"][0]["message"]


def test_a_missing_answer_line_is_not_started(workspace):
    path = workspace / QUIZ02.filename
    path.write_text(path.read_text(encoding="utf-8").replace("\nq07 =\n", "\n"), encoding="utf-8")
    outcome = check(exercise="quiz02", workspace=workspace).get("q07")
    assert outcome.status == "not_started" and "No answer line for q07" in outcome.message


def test_inline_comments_and_spacing_are_tolerated(workspace):
    path = workspace / QUIZ02.filename
    answers = reference_answers(QUIZ02, "learner-1")
    text = path.read_text(encoding="utf-8")
    text = text.replace("\nq01 =\n", f"\n  q01:{answers['q01'].upper()}   # fairly sure\n")
    path.write_text(text, encoding="utf-8")
    assert check(exercise="quiz02", workspace=workspace).get("q01").status == "passed"


def test_scored_with_the_workspace_learner_and_a_note_when_the_file_says_otherwise(workspace):
    path = workspace / QUIZ02.filename
    path.write_text(ans.render_file(QUIZ02, bank.instantiate(QUIZ02, "friend"),
                                    reference_answers(QUIZ02, "friend")), encoding="utf-8")
    result = check(exercise="quiz02", workspace=workspace)
    assert any("'friend'" in note and "'learner-1'" in note for note in result.integrity)


def test_a_loose_answers_file_uses_the_learner_id_in_its_header(tmp_path):
    """Batch grading may get the answers file without the workspace marker."""
    folder = tmp_path / "submission"
    folder.mkdir()
    (folder / QUIZ02.filename).write_text(ans.render_file(QUIZ02, bank.instantiate(QUIZ02, "s-42"),
                                                          reference_answers(QUIZ02, "s-42")), encoding="utf-8")
    result = check(exercise="quiz02", workspace=folder)
    assert result.status == "passed" and result.integrity == []
    bare = tmp_path / "bare.txt"
    bare.write_text("q01 = b\n", encoding="utf-8")
    result = check(exercise="quiz02", module_path=bare)
    assert result.status == "error" and "Learner id" in result.checks[0].message


def test_checks_can_be_selected(workspace):
    fill(workspace / QUIZ02.filename, reference_answers(QUIZ02, "learner-1"))
    result = check(exercise="quiz02", workspace=workspace, checks={"q01", "q04"})
    assert [c.id for c in result.checks] == ["q01", "q04"] and result.score == 3


def test_list_shows_quizzes_with_exercises(workspace, monkeypatch):
    monkeypatch.chdir(workspace)
    listing = CliRunner().invoke(main, ["list"])
    assert listing.exit_code == 0
    rows = {line.split()[0]: line for line in listing.output.splitlines() if line.split()}
    assert "exercise01" in rows
    for quiz_id in ("quiz01", "quiz02", "quiz03", "quiz04"):
        assert "not started" in rows[quiz_id], listing.output
    fill(workspace / QUIZ02.filename, reference_answers(QUIZ02, "learner-1"))
    assert "changed" in CliRunner().invoke(main, ["list"]).output.split("quiz02")[1].splitlines()[0]
    run("check", "quiz02", "--workspace", workspace)
    row = next(line for line in CliRunner().invoke(main, ["list"]).output.splitlines() if line.startswith("quiz02"))
    assert "passed" in row and "20/20" in row


def test_workspace_status_of_quizzes(workspace):
    assert practice.status(workspace, QUIZ02) == ("not_started", 0.0)
    fill(workspace / QUIZ02.filename, {"q01": "a"})
    assert practice.status(workspace, QUIZ02)[0] == "changed"


def test_the_file_round_trips_the_answers():
    instance = bank.instantiate(QUIZ02, "learner-1")
    answers = {"q01": "c", "q04": "0.5", "q14": "기울기 소실"}
    parsed = ans.parse_file(ans.render_file(QUIZ02, instance, answers), instance)
    assert {k: raw for k, (_, raw) in parsed.answers.items() if raw} == answers
    assert parsed.learner_id == "learner-1" and parsed.quiz_id == "quiz02" and not parsed.problems


def test_verify_checks_the_quizzes():
    result = run("verify", "quiz01", "quiz04")
    assert result.exit_code == 0, result.output
    for what in ("reference answers score full", "wrong answers score 0", "untouched answers file not",
                 "numbers vary per learner", "Korean version grades the"):
        assert what in result.output


# ----------------------------------------------------------------------------------------- Korean

QUIZ01 = catalog.resolve("quiz01")


def outcomes(data):
    return [(c["id"], c["status"], c["points"]) for c in data["checks"]], data["score"]


def mixed_answers(quiz):
    """Right, wrong, unreadable and missing answers (q12 answered in Korean)."""
    instance = bank.instantiate(quiz, "learner-1", "en")
    right = reference_answers(quiz, "learner-1")
    return {"q01": right["q01"], "q02": wrong_answer(instance.item("q02")), "q03": "O", "q05": "many",
            "q07": right["q07"], "q12": "역전파"}


def test_a_korean_check_shows_korean_and_grades_like_english(workspace, monkeypatch):
    fill(workspace / QUIZ01.filename, mixed_answers(QUIZ01))
    english = json.loads(run("check", "quiz01", "--workspace", workspace, "--json").output)
    statuses = {c["id"]: c["status"] for c in english["checks"]}
    assert [statuses[q] for q in ("q01", "q02", "q05", "q12", "q13")] == \
        ["passed", "failed", "error", "passed", "not_started"]
    monkeypatch.setenv("DLGRADE_LANG", "ko")
    korean = json.loads(run("check", "quiz01", "--workspace", workspace, "--json").output)
    assert outcomes(korean) == outcomes(english)
    item = bank.instantiate(QUIZ01, "learner-1").item("q02")
    failed = next(c for c in korean["checks"] if c["id"] == "q02")
    assert failed["title"] == item.title == "퍼셉트론 갱신 한 번을 손으로 계산하기"
    assert "라고 답했습니다. 정답: " in failed["message"] and item.explanation in failed["message"]
    assert failed["hint"].startswith("복습할 개념: ")
    report = run("check", "quiz01", "--workspace", workspace).output
    assert "점수 " in report and "오답 2개" in report and "q05): 'many'는 숫자가 아닙니다" in report
    assert not re.search(r"\b(Score|answer|Correct|line)\b", report)


def test_an_answers_file_written_in_korean_grades_the_same_in_english(tmp_path, monkeypatch):
    monkeypatch.setenv("DLGRADE_LANG", "ko")
    folder = tmp_path / "ko"
    assert run("init", folder, "--learner-id", "learner-1").exit_code == 0
    path = folder / QUIZ01.filename
    text = path.read_text(encoding="utf-8")
    korean_item = bank.instantiate(QUIZ01, "learner-1").item("q01")
    assert "# 학습자 id: learner-1" in text and "# ─── q01 · 단일 선택 · 1점 ─" in text
    assert korean_item.text.split()[0] in text and f"#   a) {korean_item.choices[0]}" in text
    assert ans.parse_file(text, bank.instantiate(QUIZ01, "learner-1", "en")).untouched
    assert ans.header_learner_id(text) == "learner-1"  # a loose Korean file still says whose numbers it has
    fill(path, mixed_answers(QUIZ01))
    korean = json.loads(run("check", "quiz01", "--workspace", folder, "--json").output)
    monkeypatch.setenv("DLGRADE_LANG", "en")  # the Korean workspace, graded in English on request
    english = json.loads(run("check", "quiz01", "--workspace", folder, "--json").output)
    assert outcomes(korean) == outcomes(english) and english["score"] == 4
    assert english["checks"][0]["title"] == "Perceptron update rule after a mistake"


def test_korean_file_problems_name_the_line(workspace, monkeypatch):
    monkeypatch.setenv("DLGRADE_LANG", "ko")
    path = workspace / QUIZ02.filename
    path.write_text(path.read_text(encoding="utf-8").replace("\nq05 =\n", "\nq05 = true\n메모\n"), encoding="utf-8")
    stray = path.read_text(encoding="utf-8").splitlines().index("메모") + 1
    message = check(exercise="quiz02", workspace=workspace).get("q05").message
    assert message.startswith(f"{stray}번째 줄 (q05): '메모'를 읽을 수 없습니다")
    path.unlink()
    assert "파일이 없습니다" in check(exercise="quiz02", workspace=workspace).get("q01").message


def test_verify_names_the_questions_without_korean_words():
    full = bank.load(QUIZ01)
    partial = dataclasses.replace(full, questions=tuple(dataclasses.replace(q, translations=()) if q.id == "q03" else q
                                                        for q in full.questions))
    what, ok, detail = selfcheck.translation_row(QUIZ01, partial, [bank.instantiate_bank(partial, "x", "en")], "ko")
    assert not ok and "12 of 13 questions in Korean; missing: q03" in detail
    assert selfcheck.translation_row(QUIZ01, full, [bank.instantiate_bank(full, "x", "en")], "ko")[1]
