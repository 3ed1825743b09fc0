"""Course packs: a folder laid out as the built-in course is chosen with --course or DLGRADE_COURSE,
remembered by its workspace, graded through the same code path, and its learners' code cannot reach any
course's references."""
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from grader import catalog, course_pack
from grader.cli import main
from grader.runner.check import check

PACK = Path(__file__).parent / "data" / "course_packs" / "batchnorm"


def run(*args, env=None):
    """Run dlgrade in this process; returns click's result."""
    return CliRunner().invoke(main, list(args), env=env or {}, catch_exceptions=False)


@pytest.fixture
def pack_entry(monkeypatch):
    """The batchnorm pack's exercise, with the pack chosen as DLGRADE_COURSE does."""
    monkeypatch.setenv(course_pack.VARIABLE, str(PACK))
    return catalog.resolve("exercise01")


def test_the_built_in_course_is_a_pack_loaded_the_same_way():
    entries = catalog.load(pack=course_pack.BUILTIN).exercises
    assert entries == catalog.exercises() and all(e.pack.is_builtin for e in entries)
    assert entries[0].solution_path == catalog.PACKAGE_ROOT / "solutions" / entries[0].filename
    assert entries[0].reference_module == f"solutions.{entries[0].module_name}"


def test_a_pack_entry_derives_every_path_from_its_folder(pack_entry):
    assert pack_entry.pack == course_pack.folder(PACK) and pack_entry.title.startswith("Batch normalisation")
    for path in (pack_entry.stub_path, pack_entry.solution_path, pack_entry.checks_path,
                 pack_entry.translation_path("ko")):
        assert path.is_file() and path.is_relative_to(PACK.resolve())
    assert {PACK.resolve() / "solutions", PACK.resolve() / "checks", course_pack.BUILTIN.solutions_dir,
            course_pack.BUILTIN.checks_dir} == set(pack_entry.guarded_dirs)
    assert pack_entry.reference_module != "solutions.exercise01_batchnorm"


def test_a_folder_without_a_catalog_is_refused_as_a_usage_error(tmp_path):
    result = run("--course", str(tmp_path), "list")
    assert result.exit_code == 2
    assert f"{tmp_path}: not a course pack (no catalog.toml in it, and no installed course of that name)" in result.output


def test_a_pack_workspace_remembers_its_course_and_language(tmp_path):
    folder = tmp_path / "ws"
    assert run("--course", str(PACK), "--lang", "ko", "init", str(folder)).exit_code == 0
    marker = json.loads((folder / ".dlgrade" / "workspace.json").read_text(encoding="utf-8"))
    assert (marker["course"], marker["lang"]) == (str(PACK.resolve()), "ko")
    assert sorted(p.name for p in folder.glob("*.py")) == ["exercise01_batchnorm.py"]
    # Later commands name neither the course nor the language.
    stub = json.loads(run("check", "exercise01", "--workspace", str(folder), "--json").output)
    assert (stub["title"], stub["status"]) == ("배치 정규화의 순전파와 역전파", "not_started")
    shutil.copy(PACK / "solutions" / "exercise01_batchnorm.py", folder)
    solved = json.loads(run("check", "exercise01", "--workspace", str(folder), "--json").output)
    assert (solved["status"], solved["score"], solved["max_score"]) == ("passed", 5.0, 5.0)


def test_the_environment_chooses_the_course(tmp_path):
    listed = run("list", env={course_pack.VARIABLE: str(PACK), "DLGRADE_LANG": "en"})
    assert "Batch normalisation" in listed.output and "Perceptron" not in listed.output
    assert "Perceptron" in run("list", env={"DLGRADE_LANG": "en"}).output


def test_a_wrong_backward_pass_fails_the_gradient_check(tmp_path, pack_entry):
    folder = tmp_path / "learner"
    folder.mkdir()
    wrong = pack_entry.solution_path.read_text(encoding="utf-8").replace(
        "(n * dout - dbeta - x_hat * dgamma)", "(n * dout - x_hat * dgamma)")  # forgets the path through the mean
    (folder / pack_entry.filename).write_text(wrong, encoding="utf-8")
    result = check(exercise=pack_entry, workspace=folder)
    assert [(c.id, c.status) for c in result.checks] == [("forward", "passed"), ("backward", "failed")]
    assert "batchnorm_backward with x of shape" in result.checks[1].message and "(dx)" in result.checks[1].message


STEAL = """
import numpy as np

def _stolen():
    for target in {targets!r}:
        try:
            namespace = {{}}
            exec(open(target).read(), namespace)
            return namespace
        except Exception as exc:
            print("refused:", type(exc).__name__)
    for name in ("solutions.exercise01_batchnorm", "solutions.exercise02_activations", "grader.checks"):
        try:
            return vars(__import__(name, fromlist=["_"]))
        except Exception as exc:
            print("refused:", type(exc).__name__)
    return None

def batchnorm_forward(x, gamma, beta, eps=1e-5):
    stolen = _stolen()
    if stolen and "batchnorm_forward" in stolen:
        return stolen["batchnorm_forward"](x, gamma, beta, eps)
    return np.zeros_like(x)

def batchnorm_backward(dout, x, gamma, eps=1e-5):
    raise NotImplementedError
"""


def test_learner_code_in_a_pack_cannot_read_or_import_any_course_s_references(tmp_path, pack_entry):
    other = tmp_path / "other-pack"
    shutil.copytree(PACK, other)  # another pack, installed beside this one
    targets = [str(pack_entry.solution_path), str(other / "solutions" / pack_entry.filename),
               str(catalog.load(pack=course_pack.BUILTIN).exercises[1].solution_path)]
    folder = tmp_path / "learner"
    folder.mkdir()
    (folder / pack_entry.filename).write_text(STEAL.format(targets=targets), encoding="utf-8")
    result = check(exercise=pack_entry, workspace=folder, checks=["forward"])
    forward = result.get("forward")
    assert (forward.status, forward.points) == ("failed", 0.0), forward.message
    # Its own pack's and the built-in references (guarded folders) are named by their course path.
    assert {"tried to read solutions/exercise01_batchnorm.py", "tried to read solutions/exercise02_activations.py",
            "tried to import 'solutions'", "tried to import 'grader'"} <= set(result.integrity)
    assert any(line.startswith("tried to read /") for line in result.integrity)  # the other pack's copy


def test_a_batch_records_the_course_and_regrades_what_another_version_graded(tmp_path, monkeypatch):
    import sqlite3

    from grader.batch import Caps, TimeLimits, grade

    pack = Path(shutil.copytree(PACK, tmp_path / "pack"))
    monkeypatch.setenv(course_pack.VARIABLE, str(pack))
    submissions, out = tmp_path / "submissions", tmp_path / "results"
    for name, source in (("ann", pack / "solutions"), ("bob", pack / "exercises")):
        (submissions / name).mkdir(parents=True)
        shutil.copy(source / "exercise01_batchnorm.py", submissions / name)
    options = dict(submissions=submissions, out=out, exercises=["exercise01"], jobs=1,
                   limits=TimeLimits(exercise=300.0, submission=600.0), caps=Caps(max_bytes=1 << 20, max_files=50))

    def rows():
        with sqlite3.connect(out / "gradebook.sqlite") as db:
            return dict(db.execute("SELECT submission, status || ' ' || grader_hash FROM results").fetchall())

    assert len(grade(**options).graded) == 2
    version = course_pack.folder(pack).content_hash()[:16]
    assert {name: row.split()[0] for name, row in rows().items()} == {"ann": "passed", "bob": "not_started"}
    assert all(row.endswith(f" course pack@{version}") for row in rows().values())
    assert not grade(**options).graded  # the same version of the course: nothing to regrade
    with open(pack / "locales" / "ko" / "catalog" / "exercise01_batchnorm.toml", "a", encoding="utf-8") as handle:
        handle.write("# reworded\n")  # a new version of the course, even if only its texts changed
    assert len(grade(**options).graded) == 2
    assert all(f" course pack@{version}" not in row for row in rows().values())


def extending_pack(folder):
    """A pack that extends the built-in course: the batchnorm exercise as exercise15, and quiz01 with the
    batchnorm pack's bank in place of the built-in one."""
    for part in ("exercises", "solutions", "checks", "quizbank"):
        (folder / part).mkdir(parents=True)
    for part in ("exercises", "solutions", "checks"):
        for path in (PACK / part).glob("exercise01_batchnorm*"):
            text = path.read_text(encoding="utf-8").replace("exercise01_batchnorm.", "exercise15_batchnorm.")
            (folder / part / path.name.replace("exercise01", "exercise15")).write_text(text, encoding="utf-8")
    shutil.copy(PACK / "quizbank" / "quiz01_batchnorm.toml", folder / "quizbank" / "quiz01_perceptron_sgd_mlp.toml")
    text = (PACK / "catalog.toml").read_text(encoding="utf-8")
    entry = text[text.index("[[exercise]]"):text.index("[[exercise]]\nid = \"quiz01\"")]
    (folder / "catalog.toml").write_text('format_version = 1\nlanguage = "en"\nextends = "builtin"\n\n'
                                         + entry.replace('id = "exercise01"', 'id = "exercise15"'), encoding="utf-8")
    return folder


def test_a_pack_extends_the_built_in_course_adding_an_exercise_and_overriding_a_quiz_bank(tmp_path, monkeypatch):
    folder = extending_pack(tmp_path / "extended")
    monkeypatch.setenv(course_pack.VARIABLE, str(folder))
    entries = catalog.exercises()
    builtin = catalog.load(pack=course_pack.BUILTIN).exercises
    assert [e.id for e in entries] == [e.id for e in builtin] + ["exercise15"]
    assert entries[0] == builtin[0] and entries[-1].solution_path == folder.resolve() / "solutions" / \
        "exercise15_batchnorm.py"
    quiz = catalog.resolve("quiz01")
    assert quiz.bank_path == folder.resolve() / "quizbank" / "quiz01_perceptron_sgd_mlp.toml"
    assert [c.id for c in quiz.checks] == ["q01", "q02", "q03"]
    code = run("verify", "quiz01", env={course_pack.VARIABLE: str(folder), "COLUMNS": "200"})
    assert code.exit_code == 0 and "3 of 3 questions in Korean" in code.output, code.output
    (folder / "catalog.toml").write_text((folder / "catalog.toml").read_text().replace("exercise15", "exercise14"))
    for path in folder.glob("*/exercise15_*"):
        path.rename(path.with_name(path.name.replace("exercise15", "exercise14")))
    with pytest.raises(catalog.CatalogError, match="exercise 'exercise14': duplicate id: the extended course has it"):
        catalog.load(pack=course_pack.folder(folder))


def test_a_relative_extends_is_read_from_the_pack_s_folder_wherever_the_command_runs(tmp_path, monkeypatch):
    base = extending_pack(tmp_path / "courses" / "base")
    top = tmp_path / "courses" / "top"
    (top / "quizbank").mkdir(parents=True)
    (top / "catalog.toml").write_text('format_version = 1\nlanguage = "en"\nextends = "../base"\n', encoding="utf-8")
    elsewhere = tmp_path / "elsewhere" / "base"  # what the same relative path names from the working folder
    elsewhere.mkdir(parents=True)
    monkeypatch.chdir(elsewhere)
    entries = catalog.load(pack=course_pack.folder(top)).exercises
    assert entries[-1].id == "exercise15" and entries[-1].solution_path.is_relative_to(base.resolve())


def test_an_installed_distribution_offers_a_pack_by_name(tmp_path, monkeypatch):
    # What `pip install` of a distribution declaring [project.entry-points."dlgrade.courses"] leaves behind.
    shutil.copytree(PACK, tmp_path / "bn_course")
    (tmp_path / "bn_course" / "__init__.py").write_text('"""A dlgrade course pack."""\n', encoding="utf-8")
    info = tmp_path / "bn_course-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: bn-course\nVersion: 1.0\n", encoding="utf-8")
    (info / "entry_points.txt").write_text("[dlgrade.courses]\nbatchnorm-installed = bn_course\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.chdir(tmp_path.parent)  # no folder of that name here
    pack = course_pack.named("batchnorm-installed")
    assert pack.catalog_file == (tmp_path / "bn_course" / "catalog.toml").resolve()
    listed = run("--course", "batchnorm-installed", "list", env={"DLGRADE_LANG": "en"})
    assert listed.exit_code == 0 and "Batch normalisation" in listed.output, listed.output


def test_a_batch_grades_an_extended_quiz_with_the_extending_course_s_bank(tmp_path, monkeypatch):
    from grader.batch import TimeLimits, grade
    from grader.batch.gradebook import load_records

    folder = extending_pack(tmp_path / "extended")
    monkeypatch.setenv(course_pack.VARIABLE, str(folder))
    submission = tmp_path / "submissions" / "ann"
    submission.mkdir(parents=True)
    shutil.copy(folder / "solutions" / "exercise15_batchnorm.py", submission)
    grade(submissions=submission.parent, out=tmp_path / "out", exercises=["quiz01"], jobs=1,
          limits=TimeLimits(exercise=300.0, submission=600.0))
    [record] = load_records(tmp_path / "out")
    assert [c.id for c in record.graded["quiz01"].result.checks] == ["q01", "q02", "q03"]
