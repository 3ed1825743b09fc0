"""The Gradescope autograder: built into a zip, unpacked into a stand-in for /autograder, run on good, bad and
hostile uploads; every results.json validated against the schema written from Gradescope's spec."""
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from types import SimpleNamespace

import pytest

from grader import catalog
from grader.gradescope.build import BuildError, build, constraints, warnings_for
from grader.gradescope.config import CONFIG_NAME, Config, load_config
from grader.gradescope.results import Visibility, results_document, check_feedback
from grader.results import CheckResult, Result

from conftest import validate_gradescope, write_submission

PERCEPTRON = catalog.resolve("exercise01")
RULES = ("exercise01.train_*=hidden", "exercise01.perceptron_update=after_due_date")


@pytest.fixture(scope="module")
def autograder_zip(tmp_path_factory):
    folder = tmp_path_factory.mktemp("zip")
    wheel = folder / "dlgrade-0.1.0-py3-none-any.whl"
    wheel.write_bytes(b"stand-in: these tests run the package installed here")
    config = Config(("exercise01",), Visibility.parse("visible", RULES))
    return build(config=config, out=folder / "autograder.zip", wheel=wheel)


def autograder_root(tmp_path, autograder_zip):
    """A folder laid out as Gradescope lays out /autograder once the image is built."""
    root = tmp_path / "autograder"
    with zipfile.ZipFile(autograder_zip.path) as archive:
        archive.extractall(root / "source")
    shutil.copy(root / "source" / "run_autograder", root / "run_autograder")
    (root / "run_autograder").chmod(0o755)
    (root / "submission").mkdir()
    (root / "results").mkdir()
    return root


def _others_can_run(path):
    """Whether an unprivileged account can run the interpreter at ``path`` (every folder above it searchable)."""
    path = Path(os.path.realpath(path))
    return all(p.stat().st_mode & 0o001 for p in path.parents) and path.stat().st_mode & 0o001


# As root, run_autograder grades as an unprivileged account; 'nobody' stands in for setup.sh's 'dlgrade'
# where this interpreter is reachable by others (elsewhere the grading runs as the current user).
GRADING_USER = "nobody" if os.geteuid() == 0 and _others_can_run(sys.executable) else "no-such-user"


def run_autograder(root, user=GRADING_USER):
    env = {**os.environ, "DLGRADE_AUTOGRADER_ROOT": str(root), "DLGRADE_AUTOGRADER_PYTHON": sys.executable,
           "DLGRADE_AUTOGRADER_USER": user}
    done = subprocess.run([str(root / "run_autograder")], env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    document = json.loads((root / "results" / "results.json").read_text(encoding="utf-8"))
    validate_gradescope(document)
    return document


def test_the_zip_holds_the_scripts_at_its_root_executable(autograder_zip):
    with zipfile.ZipFile(autograder_zip.path) as archive:
        names = archive.namelist()
        modes = {info.filename: info.external_attr >> 16 for info in archive.infolist()}
        config = json.loads(archive.read(CONFIG_NAME))
        pins = archive.read("constraints.txt").decode()
    assert {"setup.sh", "run_autograder", CONFIG_NAME, "constraints.txt", "dlgrade-0.1.0-py3-none-any.whl"} == set(names)
    assert modes["setup.sh"] & 0o111 and modes["run_autograder"] & 0o111
    assert config["exercises"] == ["exercise01"] and config["visibility"]["rules"][0] == ["exercise01.train_*", "hidden"]
    assert "numpy==" in pins and "dlgrade" not in pins.lower().split("==")[0::2]
    for script in ("setup.sh", "run_autograder"):
        with zipfile.ZipFile(autograder_zip.path) as archive:
            text = archive.read(script).decode()
        assert subprocess.run(["bash", "-n", "-c", text]).returncode == 0  # valid bash
    assert len(autograder_zip.warnings) == 1
    config = Config(("exercise01",), Visibility.parse("visible", RULES))
    assert "hides a learner's total" in warnings_for(config)[0] and warnings_for(Config(("exercise01",))) == []


def test_setup_installs_the_shipped_wheel_with_the_pinned_versions(autograder_zip):
    with zipfile.ZipFile(autograder_zip.path) as archive:
        text = archive.read("setup.sh").decode()
    assert '--constraint "$SOURCE/constraints.txt" "$SOURCE"/dlgrade-*.whl' in text and "useradd" in text
    assert {line.split("==")[0].lower() for line in constraints().splitlines()} >= {"numpy", "pytest", "hypothesis"}


def test_building_refuses_patterns_that_match_no_check(tmp_path):
    wheel = tmp_path / "dlgrade-0.1.0-py3-none-any.whl"
    wheel.write_bytes(b"x")
    with pytest.raises(BuildError, match="exercise01.trian"):
        build(config=Config(("exercise01",), Visibility.parse("visible", ["exercise01.trian_*=hidden"])),
              out=tmp_path / "a.zip", wheel=wheel)
    with pytest.raises(BuildError, match="not a dlgrade wheel"):
        build(config=Config(("exercise01",)), out=tmp_path / "a.zip", wheel=tmp_path / "other.whl")
    with pytest.raises(ValueError, match="PATTERN=VISIBILITY"):
        Visibility.parse("visible", ["exercise01"])
    with pytest.raises(ValueError, match="sometimes"):
        Visibility.parse("sometimes")


def test_a_correct_upload_scores_full_marks_with_per_check_visibility(tmp_path, autograder_zip):
    root = autograder_root(tmp_path, autograder_zip)
    write_submission(root / "submission", "exercise01")
    document = run_autograder(root)
    assert document["score"] == 9 and document["extra_data"]["max_score"] == 9
    visibility = {t["extra_data"]["check"]: t["visibility"] for t in document["tests"]}
    assert {v for c, v in visibility.items() if c.startswith("train_")} == {"hidden"}
    assert visibility["perceptron_update"] == "after_due_date" and visibility["step"] == "visible"
    assert [t["number"] for t in document["tests"]][:2] == ["1.1", "1.2"]
    assert all(t["status"] == "passed" and t["output_format"] == "md" for t in document["tests"])
    withheld = sum(1 for v in visibility.values() if v != "visible")
    assert f"{withheld} more check(s) are graded but shown later." in document["output"]
    shown = sum(c.points for c in PERCEPTRON.checks if visibility[c.id] == "visible")
    assert f"exercise01 · Perceptron: {shown:g}/{shown:g} (passed)" in document["output"]


def test_a_zipped_folder_with_mistakes_gets_the_terminal_feedback(tmp_path, autograder_zip):
    root = autograder_root(tmp_path, autograder_zip)
    folder = write_submission(tmp_path / "ws" / "my-workspace", "exercise01", '''
        def step(z):
            return (np.asarray(z) > 0).astype(int)
        ''')
    write_submission(tmp_path / "ws" / "old-copy", "exercise01", base="stub")
    with zipfile.ZipFile(root / "submission" / "upload.zip", "w") as archive:
        for path in sorted((tmp_path / "ws").rglob("*.py")):
            archive.write(path, path.relative_to(tmp_path / "ws").as_posix())
    document = run_autograder(root)
    step = next(t for t in document["tests"] if t["extra_data"]["check"] == "step")
    assert step["status"] == "failed" and step["score"] == 0 and "step" in step["output"]
    assert step["output"].startswith("**failed**") and "```" in step["output"] and "**Hint:**" in step["output"]
    assert "graded my-workspace/exercise01_perceptron.py" in document["output"] or \
        "graded upload.zip/my-workspace/exercise01_perceptron.py" in document["output"]
    assert 0 < document["score"] < 9


def test_an_upload_without_the_files_is_a_defined_zero(tmp_path, autograder_zip):
    root = autograder_root(tmp_path, autograder_zip)
    (root / "submission" / "notes.txt").write_text("I did it on paper")
    document = run_autograder(root)
    assert document["score"] == 0 and "exercise01_perceptron.py" in document["output"]
    assert {t["extra_data"]["dlgrade_status"] for t in document["tests"]} == {"error"}


HOSTILE = '''
import os, subprocess, sys
RESULTS = {results!r}
FAKE = '{{"score": 1000, "tests": []}}'
def _forge():
    for name in ("results.json", "forged.txt"):
        try:
            with open(os.path.join(RESULTS, name), "w") as handle:
                handle.write(FAKE)
        except OSError:
            pass
    try:
        os.chmod(RESULTS, 0o777)
    except OSError:
        pass
_forge()
try:  # a process that outlives the grader and keeps forging
    subprocess.Popen([sys.executable, "-c", "import time\\nexec(" + repr(open(__file__).read()) + ")\\n"],
                     start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
except Exception:
    pass
def step(z):
    _forge()
    return 1
'''


def test_learner_code_cannot_write_results_json(tmp_path, autograder_zip):
    root = autograder_root(tmp_path, autograder_zip)
    write_submission(root / "submission", "exercise01", HOSTILE.format(results=str(root / "results")))
    document = run_autograder(root)
    assert document["score"] < 9 and json.loads((root / "results" / "results.json").read_text()) == document
    assert not (root / "results" / "forged.txt").exists()
    assert (root / "results").stat().st_mode & 0o022 == 0


def test_results_documents_render_every_outcome_in_md_and_ansi():
    checks = [CheckResult("a", "A works", "passed", 1.0, 1.0),
              CheckResult("b", "B works", "failed", 0.0, 2.0, "expected ```1```, got 2", "look at B"),
              CheckResult("c", "C works", "error", 0.0, 1.0, "Traceback ...\nNameError"),
              CheckResult("d", "D works", "not_started", 0.0, 1.0, "d() still raises NotImplementedError")]
    result = Result.from_checks("exercise01", "Perceptron", checks)
    for output_format in ("md", "ansi"):
        document = results_document([result], output_format=output_format, execution_time=1.5)
        validate_gradescope(document)
        assert document["test_output_format"] == output_format
    assert "````text\nexpected ```1```, got 2\n````" in check_feedback(checks[1], "md")
    assert "\x1b[" in check_feedback(checks[1], "ansi") and "look at B" in check_feedback(checks[1], "ansi")
    with pytest.raises(ValueError):
        results_document([result], output_format="html")


def test_a_damaged_configuration_is_refused_with_a_message(tmp_path):
    (tmp_path / CONFIG_NAME).write_text('{"format": "dlgrade-autograder", "format_version": 1}')
    with pytest.raises(ValueError, match="rebuild the zip"):
        load_config(tmp_path / CONFIG_NAME)
    with pytest.raises(ValueError, match="cannot read"):
        load_config(tmp_path / "missing.json")


def test_the_build_command_writes_the_zip_and_warns_about_hidden_checks(tmp_path):
    from click.testing import CliRunner

    from grader.cli import main

    wheel = tmp_path / "dlgrade-0.1.0-py3-none-any.whl"
    wheel.write_bytes(b"x")
    out = tmp_path / "autograder.zip"
    result = CliRunner().invoke(main, ["gradescope", "build", "-e", "exercise01-exercise02", "-o", str(out),
                                       "--check-visibility", "exercise02=after_published", "--wheel", str(wheel)])
    assert result.exit_code == 0, result.output
    assert "exercise01, exercise02; 15 checks" in result.output and "8 of 15 checks are not visible" in result.output
    assert json.loads(zipfile.ZipFile(out).read(CONFIG_NAME))["exercises"] == ["exercise01", "exercise02"]
    bad = CliRunner().invoke(main, ["gradescope", "build", "-e", "exercise01", "-o", str(out), "--wheel", str(wheel),
                                    "--check-visibility", "exercise09=hidden"])
    assert bad.exit_code == 2 and "exercise09" in bad.output
    unknown = CliRunner().invoke(main, ["gradescope", "build", "-e", "exercize01", "--wheel", str(wheel)])
    assert unknown.exit_code == 2 and "did you mean exercise01" in unknown.output


PACK = Path(__file__).parent / "data" / "course_packs" / "batchnorm"


def build_with_course(tmp_path, pack, *more):
    """``dlgrade gradescope build --course PACK`` of the pack's exercise01 and quiz01; (exit code, output, zip)."""
    from click.testing import CliRunner

    from grader.cli import main

    wheel = tmp_path / "dlgrade-0.1.0-py3-none-any.whl"
    wheel.write_bytes(b"stand-in: these tests run the package installed here")
    out = tmp_path / "autograder.zip"
    result = CliRunner().invoke(main, ["gradescope", "build", "-e", "exercise01,quiz01", "-o", str(out), "--wheel",
                                       str(wheel), "--course", str(pack), *more])
    return result.exit_code, result.output, out


def test_a_zip_built_with_a_course_pack_grades_uploads_against_that_pack(tmp_path, monkeypatch):
    code, output, out = build_with_course(tmp_path, PACK)
    assert code == 0 and "exercise01, quiz01; 5 checks" in output, output
    with zipfile.ZipFile(out) as archive:
        names = set(archive.namelist())
        assert json.loads(archive.read(CONFIG_NAME))["course"] == "batchnorm"
    assert {f"course/batchnorm/{p.relative_to(PACK).as_posix()}" for p in PACK.rglob("*") if p.is_file()} <= names
    root = autograder_root(tmp_path, SimpleNamespace(path=out))
    shutil.copy(PACK / "solutions" / "exercise01_batchnorm.py", root / "submission")
    monkeypatch.setenv("DLGRADE_COURSE", "builtin")  # Gradescope's environment names no course: the zip's counts
    document = run_autograder(root)
    tests = {t["name"]: t["score"] for t in document["tests"]}
    assert document["score"] == 5.0 and sum(1 for name in tests if name.startswith("exercise01")) == 2, tests
    assert any("batchnorm_backward" in name for name in tests), tests


def test_a_broken_course_setting_in_the_zip_is_refused_with_a_message(tmp_path):
    for course, message in (("../../etc", "cannot name a course folder"), ("nowhere", "holds no course pack")):
        data = Config(("exercise01",)).to_dict() | {"course": course}
        (tmp_path / CONFIG_NAME).write_text(json.dumps(data), encoding="utf-8")
        with pytest.raises(ValueError, match=message):
            load_config(tmp_path / CONFIG_NAME)


def test_a_pack_extending_another_pack_s_folder_cannot_be_shipped(tmp_path):
    pack = tmp_path / "extending"
    pack.mkdir()
    (pack / "catalog.toml").write_text(f'format_version = 1\nlanguage = "en"\nextends = "{PACK}"\n', encoding="utf-8")
    code, output, _ = build_with_course(tmp_path, pack)
    assert code == 2 and f"extends {PACK}, which the autograder zip cannot hold" in " ".join(output.split()), output


EMAIL = "kim.minji@uni.example"


def metadata(root, users):
    """Gradescope's submission_metadata.json (its documented shape) with ``users``."""
    data = {"id": 123456, "created_at": "2026-12-01T14:22:32.365935+09:00", "submission_method": "upload",
            "assignment": {"id": 25828, "title": "Quiz 1", "group_submission": False}, "users": users,
            "previous_submissions": []}
    (root / "submission_metadata.json").write_text(json.dumps(data), encoding="utf-8")


@pytest.fixture(scope="module")
def quiz_zip(tmp_path_factory):
    folder = tmp_path_factory.mktemp("quizzip")
    wheel = folder / "dlgrade-0.1.0-py3-none-any.whl"
    wheel.write_bytes(b"stand-in: these tests run the package installed here")
    return build(config=Config(("quiz01",)), out=folder / "autograder.zip", wheel=wheel)


def test_a_quiz_is_graded_with_the_numbers_of_the_learner_gradescope_names(tmp_path, quiz_zip):
    from grader.quiz import answers_file_text, reference_answers

    quiz = catalog.resolve("quiz01")
    root = autograder_root(tmp_path, quiz_zip)
    metadata(root, [{"email": EMAIL, "id": 1234, "name": "Kim Minji"}])
    (root / "submission" / quiz.filename).write_text(answers_file_text(quiz, EMAIL, reference_answers(quiz, EMAIL)),
                                                      encoding="utf-8")
    document = run_autograder(root)
    assert document["score"] == quiz.max_score and document["extra_data"]["learner_id"] == EMAIL
    assert document["extra_data"]["learner_id_from"] == "email"


def test_without_metadata_the_upload_is_graded_as_submission_and_says_so(tmp_path, quiz_zip):
    from grader.quiz import answers_file_text, reference_answers

    quiz = catalog.resolve("quiz01")
    root = autograder_root(tmp_path, quiz_zip)
    (root / "submission" / quiz.filename).write_text(answers_file_text(quiz, EMAIL, reference_answers(quiz, EMAIL)),
                                                      encoding="utf-8")
    document = run_autograder(root)  # another learner's numbers: not full marks, and the output says why
    assert document["extra_data"]["learner_id"] == "submission" and document["score"] < quiz.max_score
    assert document["output"].startswith("Gradescope gave no submission_metadata.json: quizzes are graded with the "
                                         "numbers of the learner id 'submission'.")


@pytest.mark.parametrize("content, expected", [
    (json.dumps({"users": [{"email": EMAIL, "id": 7}]}), (EMAIL, "email", False)),
    (json.dumps({"users": [{"email": "  ", "id": 7}]}), ("7", "id", False)),  # a blank email: the id
    (json.dumps({"users": [{"email": "a\nb@x", "id": True}]}), ("submission", None, True)),  # no usable value
    (json.dumps({"users": [{"email": "x" * 300}]}), ("submission", None, True)),
    (json.dumps({"users": [{"email": EMAIL}, {"email": "lee@uni.example"}]}), (EMAIL, "email", True)),  # a group
    (json.dumps({"users": []}), ("submission", None, True)),
    (json.dumps({"users": "kim"}), ("submission", None, True)),
    (json.dumps([1, 2]), ("submission", None, True)),
    ("{not json", ("submission", None, True)),
    (b"\xff\xfe", ("submission", None, True)),
    (" " * (2 << 20), ("submission", None, True)),  # larger than any real metadata: not read
    (None, ("submission", None, True)),  # missing
])
def test_the_learner_comes_from_users_0_with_a_defined_fallback(tmp_path, content, expected, monkeypatch):
    from grader.gradescope.learner import learner

    if isinstance(content, str):
        (tmp_path / "submission_metadata.json").write_text(content, encoding="utf-8")
    elif content is not None:
        (tmp_path / "submission_metadata.json").write_bytes(content)
    found = learner(tmp_path)
    assert (found.id, found.source, found.note is not None) == expected
    monkeypatch.setenv("DLGRADE_LANG", "ko")
    if expected[2]:
        assert "퀴즈는" in learner(tmp_path).note


def test_the_grading_step_run_as_another_user_grades_as_the_learner_it_is_handed(tmp_path):
    from grader.batch.gradebook import load_records
    from grader.gradescope import autograder
    from grader.quiz import answers_file_text, reference_answers

    quiz = catalog.resolve("quiz01")
    upload = tmp_path / "submissions" / autograder.SUBMISSION
    upload.mkdir(parents=True)
    (upload / quiz.filename).write_text(answers_file_text(quiz, EMAIL, reference_answers(quiz, EMAIL)),
                                        encoding="utf-8")
    (tmp_path / CONFIG_NAME).write_text(json.dumps(Config(("quiz01",)).to_dict()), encoding="utf-8")
    (tmp_path / autograder.LEARNER_FILE).write_text(EMAIL, encoding="utf-8")  # what _grade_as writes
    assert autograder.main([str(tmp_path)]) == 0
    [record] = load_records(tmp_path / "results")
    assert record.graded["quiz01"].result.score == quiz.max_score
