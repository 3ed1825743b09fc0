"""``dlgrade verify --course DIR`` proves a pack, and a broken pack fails it with one line naming the file (and
the line) for each problem: a broken check, a missing solution, a missing translation or sentence."""
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from grader.cli import main

PACK = Path(__file__).parent / "data" / "course_packs" / "batchnorm"
MODULE = "exercise01_batchnorm"


def verify(pack):
    """Run ``dlgrade --course PACK verify``; returns (exit code, output)."""
    result = CliRunner().invoke(main, ["--course", str(pack), "verify"], env={"COLUMNS": "250"},
                                catch_exceptions=False)
    return result.exit_code, result.output


@pytest.fixture
def pack(tmp_path):
    """A copy of the batchnorm pack to break."""
    return Path(shutil.copytree(PACK, tmp_path / "pack"))


def edit(path, old, new):
    """Replace ``old`` (which must be there) with ``new`` in the file ``path``."""
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_tutorial_pack_verifies():
    code, output = verify(PACK)
    assert code == 0 and "All solutions pass and all stubs are not started." in output, output


def test_a_check_that_does_not_compile_is_one_line_naming_file_and_line(pack):
    edit(pack / "checks" / f"{MODULE}.py", "    x, gamma, beta = batch\n", "    x, gamma, beta = batch)\n")
    code, output = verify(pack)
    assert code == 1 and f"checks/{MODULE}.py, line 20: SyntaxError: unmatched ')'" in output, output


def test_a_check_that_fails_to_import_is_one_line_naming_file_and_line(pack):
    edit(pack / "checks" / f"{MODULE}.py", "FEATURES = st.floats", "FEATURES = sd.floats")
    code, output = verify(pack)
    assert code == 1 and f"checks/{MODULE}.py, line 10: NameError: name 'sd' is not defined" in output, output


def test_a_missing_solution_is_one_line(pack):
    (pack / "solutions" / f"{MODULE}.py").unlink()
    code, output = verify(pack)
    assert code == 1 and f"missing solutions/{MODULE}.py" in output, output


def test_a_missing_translation_is_one_line(pack):
    (pack / "locales" / "ko" / "catalog" / f"{MODULE}.toml").unlink()
    code, output = verify(pack)
    assert code == 1 and f"missing locales/ko/catalog/{MODULE}.toml: the course declares this language" in output


def test_an_incomplete_translation_names_the_keys_it_lacks(pack):
    edit(pack / "locales" / "ko" / "catalog" / f"{MODULE}.toml", '[messages]\ncall = "x의 모양이 {shape}일 때 {name}"\n', "")
    edit(pack / "locales" / "ko" / "catalog" / f"{MODULE}.toml", 'hint = "dx에는', 'note = "dx에는')
    code, output = verify(pack)
    assert code == 1 and f"locales/ko/catalog/{MODULE}.toml lacks checks.backward.hint, messages.call" in output


def test_a_sentence_the_checks_ask_for_must_be_in_the_catalog(pack):
    edit(pack / "checks" / f"{MODULE}.py", 't("exercise01_batchnorm.call", name="batchnorm_backward"',
         't("exercise01_batchnorm.cal", name="batchnorm_backward"')
    code, output = verify(pack)
    assert code == 1 and f"checks/{MODULE}.py, line 30: the sentence 'cal' is not in the entry's " \
                         "[exercise.messages]" in output, output


def run(*args):
    """Run dlgrade in this process; returns (exit code, output)."""
    result = CliRunner().invoke(main, list(args), env={"COLUMNS": "250"}, catch_exceptions=False)
    return result.exit_code, result.output


def test_new_exercise_and_quiz_scaffold_what_verify_accepts_at_once(tmp_path):
    folder = tmp_path / "course"
    code, output = run("new", "exercise", "exercise01", "--slug", "scaling", "--course", str(folder))
    assert code == 0 and f"wrote {folder / 'checks' / 'exercise01_scaling.proofs.toml'}" in output
    assert run("new", "quiz", "quiz01", "--course", str(folder))[0] == 0
    code, output = run("verify", "--course", str(folder))
    assert code == 0 and "check scale proven" in output and "rejects 1 wrong, accepts 1 alternative" in output
    assert "quiz01" in output and "numbers vary per learner" in output, output
    code, output = run("new", "exercise", "exercise01", "--course", str(folder))
    assert code == 2 and "there is already an entry 'exercise01'" in output


def test_new_scaffolds_korean_marked_to_translate_and_verify_names_what_is_left(tmp_path):
    import tomllib

    folder = tmp_path / "course"
    code, output = run("new", "exercise", "exercise01", "--slug", "scaling", "--course", str(folder))
    translation = folder / "locales" / "ko" / "catalog" / "exercise01_scaling.toml"
    assert code == 0 and f"wrote {translation}" in output
    assert run("new", "quiz", "quiz01", "--slug", "basics", "--course", str(folder))[0] == 0
    with open(translation, "rb") as handle:
        texts = tomllib.load(handle)
    assert texts["to_translate"] == ["title", "section", "hints", "checks.scale.title", "checks.scale.hint",
                                     "messages.call"]
    code, output = verify(folder)
    lines = [" ".join(line.split()) for line in output.splitlines()]
    assert code == 0, output  # accepted, as docs/course-packs.md says, with what is left named
    assert any(line.startswith("exercise01 │ still to translate into Korean │ ok │ locales/ko/catalog/"
                               "exercise01_scaling.toml: title, section, hints, checks.scale.title") for line in lines)
    assert "locales/ko/catalog/quiz01_basics.toml: title, section, question.q01, intro" in " ".join(lines)
    edit(translation, 'title = "Scaling"', 'title = "배율 조정"')  # translated: its key leaves the list
    edit(translation, '"title", "section"', '"section"')
    assert "exercise01_scaling.toml: section, hints" in " ".join(verify(folder)[1].split())
    edit(translation, 'to_translate = ["section"', 'to_translate = "section" #')  # not a list: refused
    code, output = verify(folder)
    assert code == 1 and "exercise01_scaling.toml: to_translate must be a list of the keys still to translate" in \
        " ".join(output.split())


def test_new_in_a_pack_without_korean_does_not_declare_it(tmp_path):
    folder = tmp_path / "course"
    assert run("new", "exercise", "exercise01", "--course", str(folder))[0] == 0
    shutil.rmtree(folder / "locales")  # an English-only pack
    code, output = run("new", "exercise", "exercise02", "--course", str(folder))
    assert code == 0 and "locales" not in output and not (folder / "locales").exists()
    assert verify(folder)[0] == 0


def test_verify_proves_every_check_rejects_its_wrong_and_accepts_its_alternatives(pack):
    proofs = pack / "checks" / f"{MODULE}.proofs.toml"
    # A check weakened to compare only shapes accepts both listed wrong implementations of the forward pass.
    edit(pack / "checks" / f"{MODULE}.py", "assert_close(learner.batchnorm_forward(x, gamma, beta), "
         "reference.batchnorm_forward(x, gamma, beta), call=call,\n                 float_result=True)",
         "assert learner.batchnorm_forward(x, gamma, beta).shape == x.shape")
    # An "alternative" that is in fact wrong (no path through the mean) is refused by the backward check.
    edit(proofs, "+ dvar * 2.0 * (x - mean) / n + dmean / n", "+ dvar * 2.0 * (x - mean) / n")
    code, output = verify(pack)
    assert code == 1, output
    assert "accepts the wrong implementation 'normalises over the whole array instead of each feature'" in output
    assert "accepts the wrong implementation 'forgets eps'" in output
    assert "refuses the alternative 'the step-by-step chain rule through the variance and the mean'" in output


def test_a_check_without_a_listed_wrong_implementation_fails_verify(pack):
    proofs = pack / "checks" / f"{MODULE}.proofs.toml"
    text = proofs.read_text(encoding="utf-8")
    start = text.index('[[wrong]]\ncheck = "backward"')
    proofs.write_text(text[:start] + text[text.index("[[alternative]]", start):], encoding="utf-8")
    code, output = verify(pack)
    assert code == 1 and "check backward proven" in output and "no [[wrong]] implementation is listed" in output


def test_new_refuses_bad_ids_and_slugs_in_the_learner_s_language(tmp_path):
    folder = str(tmp_path / "course")
    code, output = run("new", "exercise", "3rd", "--course", folder)
    assert code == 2 and "'3rd' is not an id: letters then a number, like exercise03" in output
    code, output = run("--lang", "ko", "new", "exercise", "exercise03", "--slug", "Batch-Norm", "--course", folder)
    assert code == 2 and "'Batch-Norm'은 슬러그가 아닙니다" in output, output
