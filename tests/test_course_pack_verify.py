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
