"""`dlgrade quiz`: the terminal flow driven through stdin, recording, practice runs, the answer key."""
import io
import json

import pytest
from click.testing import CliRunner
from rich.console import Console

from grader import catalog, practice
from grader import workspace as ws
from grader.cli import main
from grader.quiz import bank, interactive, reference_answers, wrong_answer
from grader.runner.check import check

QUIZ02 = catalog.resolve("quiz02")


@pytest.fixture(autouse=True)
def english(monkeypatch):
    monkeypatch.delenv("DLGRADE_LANG", raising=False)


@pytest.fixture
def workspace(tmp_path, monkeypatch):
    folder = tmp_path / "ws"
    assert CliRunner().invoke(main, ["init", str(folder), "--learner-id", "learner-1"]).exit_code == 0
    monkeypatch.chdir(folder)
    return folder


def take(*args, answers=()):
    """Run `dlgrade quiz ...` with the answers piped on stdin, one per line."""
    return CliRunner().invoke(main, ["quiz", *map(str, args)], input="".join(f"{a}\n" for a in answers))


def right_answers(learner="learner-1", quiz=QUIZ02):
    return list(reference_answers(quiz, learner).values())


def recorded(folder, quiz=QUIZ02):
    path = folder / ws.MARKER_DIR / "results" / f"{quiz.id}.json"
    return json.loads(path.read_text(encoding="utf-8"))["result"] if path.is_file() else None


def test_all_right_through_stdin_passes_records_and_saves_the_answers(workspace):
    result = take("quiz02", answers=right_answers())
    assert result.exit_code == 0, result.output
    assert "Score 20/20" in result.output and "Traceback" not in result.output
    assert "Correct:" in result.output and "소프트맥스" in result.output  # explanation after each answer
    assert recorded(workspace)["status"] == "passed"
    again = check(exercise="quiz02", workspace=workspace)  # the file now holds the same answers
    assert again.status == "passed" and again.score == 20
    assert practice.status(workspace, QUIZ02) == ("passed", 20.0)


def test_each_question_is_shown_with_this_learners_numbers(workspace):
    result = take("quiz02", answers=right_answers())
    for item in bank.instantiate(QUIZ02, "learner-1").items:
        assert item.id in result.output
    assert "1/14" in result.output and "14/14" in result.output


def test_wrong_and_unreadable_answers(workspace):
    instance = bank.instantiate(QUIZ02, "learner-1")
    answers = right_answers()
    answers[0] = wrong_answer(instance.item("q01"))
    answers[1:1] = ["zz", "maybe not"]  # unreadable for q02: asked again, twice
    result = take("quiz02", answers=answers)
    assert result.exit_code == 1
    assert "the answer is" in result.output and instance.item("q01").answer_text.split(")")[0] in result.output
    assert " ".join(result.output.split()).count("Try again, or press Enter to skip") == 2
    saved = recorded(workspace)
    assert saved["score"] == 19 and saved["status"] == "failed"
    assert [c["id"] for c in saved["checks"] if c["status"] != "passed"] == ["q01"]


def test_input_ending_early_leaves_the_rest_unanswered(workspace):
    result = take("quiz02", answers=right_answers()[:3])
    assert result.exit_code == 1
    assert "Input ended" in result.output and "Traceback" not in result.output
    saved = recorded(workspace)
    assert saved["score"] == 3
    assert {c["status"] for c in saved["checks"][3:]} == {"not_started"}


def test_blank_lines_skip_or_keep_the_files_answers(workspace):
    answers = right_answers()
    take("quiz02", answers=answers[:5])
    result = take("quiz02", answers=[""] * 5 + answers[5:])  # Enter keeps q01-q05, the rest are new
    assert result.exit_code == 0, result.output
    assert f"[{answers[0]}]" in result.output  # the kept answer is offered as the default
    assert recorded(workspace)["score"] == 20


def test_skipping_with_nothing_to_keep(workspace):
    result = take("quiz02", answers=["", *right_answers()[1:]])
    assert "Skipped." in result.output
    saved = recorded(workspace)
    assert saved["checks"][0]["status"] == "not_started" and saved["score"] == 19


def test_practice_run_for_another_learner_records_nothing(workspace):
    before = (workspace / QUIZ02.filename).read_text(encoding="utf-8")
    result = take("quiz02", "--learner-id", "guest", answers=right_answers("guest"))
    assert result.exit_code == 0, result.output
    assert "Practice run for learner id guest" in result.output
    assert recorded(workspace) is None
    assert (workspace / QUIZ02.filename).read_text(encoding="utf-8") == before


def test_practice_outside_a_workspace_needs_a_learner_id(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = take("quiz02", answers=["a"])
    assert result.exit_code == 2
    assert "dlgrade init" in result.output and "--learner-id" in result.output
    assert take("quiz02", "--learner-id", "guest", answers=right_answers("guest")).exit_code == 0


def test_json_mode_prints_the_result_on_stdout(workspace):
    result = take("quiz02", "--json", answers=right_answers())
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["exercise"] == "quiz02" and data["status"] == "passed" and data["score"] == 20


def test_show_answers_regenerates_any_learners_variant(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["quiz", "quiz04", "--learner-id", "X", "--show-answers"])
    assert result.exit_code == 0
    instance = bank.instantiate(catalog.resolve("quiz04"), "X")
    assert "answer key for learner id X" in result.output
    for item in instance.items:
        assert item.id in result.output
    key = json.loads(CliRunner().invoke(main, ["quiz", "q4", "--learner-id", "X", "--show-answers",
                                               "--json"]).stdout)
    assert key["learner_id"] == "X" and [q["id"] for q in key["questions"]] == [i.id for i in instance.items]
    assert key["questions"][1]["answer"] == instance.item("q02").expected
    same = json.loads(CliRunner().invoke(main, ["quiz", "quiz04", "--learner-id", "X", "--show-answers",
                                                "--json"]).stdout)
    assert same == key


def test_show_answers_defaults_to_the_workspace_learner(workspace):
    result = CliRunner().invoke(main, ["quiz", "quiz02", "--show-answers", "--json"])
    assert json.loads(result.stdout)["learner_id"] == "learner-1"


def test_quiz_refuses_exercises_and_unknown_names(workspace):
    result = take("exercise03")
    assert result.exit_code == 2 and "not a quiz" in result.output
    assert take("quiz09").exit_code == 2


def test_no_color_output_has_no_escape_codes(workspace, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    result = take("quiz02", answers=right_answers()[:2])
    assert "\x1b[" not in result.output


def test_the_library_flow_with_a_scripted_reader():
    """The same flow without the CLI: a notebook or a test passes its own ask()."""
    session = interactive.start(QUIZ02, learner_id="lib-user")
    assert not session.recorded
    out = Console(file=io.StringIO(), width=100, color_system=None)
    answers = iter(right_answers("lib-user"))
    result, given = interactive.run(session, console=out, ask=lambda prompt: next(answers, None))
    assert result.status == "passed" and result.score == 20
    assert given == reference_answers(QUIZ02, "lib-user")
    assert "Correct:" in out.file.getvalue()


def test_reader_reads_lines_and_echoes_them():
    out = Console(file=io.StringIO(), width=80, color_system=None)
    ask = interactive.reader(out, io.StringIO("b\n"))
    assert ask("q01: ") == "b" and ask("q02: ") is None
    assert "q01: b" in out.file.getvalue()


def test_a_korean_quiz_asks_in_korean_and_records_what_english_grades_the_same(workspace, monkeypatch):
    monkeypatch.setenv("DLGRADE_LANG", "ko")
    answers = right_answers()
    answers[1] = wrong_answer(bank.instantiate(QUIZ02, "learner-1").item("q02"))
    result = take("quiz02", answers=["zz", *answers])
    korean = bank.instantiate(QUIZ02, "learner-1")
    assert result.exit_code == 1 and "Traceback" not in result.output
    for text in ("14문항, 20점", "q01 답: zz", "'zz'는 글자 a-d 중 하나가 아닙니다", "다시 답하거나 Enter를",
                 "정답입니다: ", "라고 답했습니다. 정답: ", "복습할 개념: ", "단일 선택 · 1점", "점수 19/20 · 오답 1개",
                 "답은 quiz02_activations_optimizers.txt에 저장했습니다", korean.intro[:20], korean.item("q14").title):
        assert " ".join(text.split()) in " ".join(result.output.split()), text  # lines wrap at spaces
    assert "your answer" not in result.output and "Score" not in result.output
    assert recorded(workspace)["score"] == 19
    monkeypatch.delenv("DLGRADE_LANG")
    again = check(exercise="quiz02", workspace=workspace)  # the Korean answers file, graded in English
    assert (again.status, again.score) == ("failed", 19) and again.get("q02").status == "failed"
    assert again.get("q02").title == "Output activation of a binary classifier"
