"""Layouts learners really upload: non-UTF-8 names, files one folder down, Jupyter exports, links and pipes."""
import os
import stat
import zipfile

import pytest

from grader import catalog

from grader.batch.submissions import Caps, SubmissionError, discover, disk_name, display_name, \
    is_single_workspace, unpack

CAPS = Caps(max_bytes=100_000, max_files=20)
KOREAN_CP949 = "김철수".encode("cp949")


@pytest.fixture
def subs(tmp_path):
    """A submissions folder; unpacked copies go beside it."""
    folder = tmp_path / "subs"
    folder.mkdir()
    return folder


def unpacked(root, name):
    """Materialize submission ``name`` of ``root`` into a fresh folder beside ``root``."""
    submission = next(s for s in discover(root)[0] if s.name == name)
    return unpack(submission, root.parent / f"ws-{name}", CAPS)


def test_a_cp949_name_gets_a_reversible_display_name_with_a_korean_reading():
    raw = os.fsdecode(KOREAN_CP949 + b"\\x")  # a literal backslash too, so escaping must be reversible
    name, note = display_name(raw)
    assert name.encode("utf-8") and "\\x" in name and disk_name(name) == raw
    assert "김철수" in note and "CP949" in note
    assert display_name("박영희") == ("박영희", None)  # valid names are kept byte for byte


@pytest.mark.skipif(os.uname().sysname == "Darwin", reason="macOS file systems refuse non-UTF-8 names")
def test_discovery_lists_non_utf8_folders_and_zips_under_display_names(subs):
    os.mkdir(os.path.join(os.fsencode(subs), KOREAN_CP949))
    (subs / "alice").mkdir()
    found, ignored = discover(subs)
    names = [s.name for s in found]
    assert names[0] == "alice" and names[1].startswith("\\x") and all(n.encode("utf-8") for n in names)
    assert found[1].note and "김철수" in found[1].note


def test_files_one_folder_down_are_lifted_and_noted(subs):
    (subs / "alice" / "hw").mkdir(parents=True)
    (subs / "alice" / "hw" / "exercise01_perceptron.py").write_text("x = 1\n")
    (subs / "alice" / "hw" / "helper.py").write_text("y = 2\n")
    (subs / "alice" / "README.txt").write_text("hi\n")
    out = unpacked(subs, "alice")
    assert (out.path / "exercise01_perceptron.py").is_file() and (out.path / "helper.py").is_file()
    assert [kind for kind, _ in out.notes] == ["layout"] and "'hw/'" in out.notes[0][1]


def test_a_zip_with_a_name_folder_inside_a_folder_is_found(subs):
    with zipfile.ZipFile(subs / "bob.zip", "w") as archive:
        archive.writestr("export/bob/exercise02_activations.py", "x = 1\n")
        archive.writestr("export/bob/exercise01_perceptron.py", "x = 1\n")
        archive.writestr("export/other.txt", "x")
    out = unpacked(subs, "bob")
    assert (out.path / "exercise01_perceptron.py").is_file() and (out.path / "exercise02_activations.py").is_file()
    assert "'bob/'" in out.notes[0][1]


def test_browser_copies_and_jupyter_exports_are_graded_with_a_note(subs):
    folder = subs / "carol"
    folder.mkdir()
    (folder / "exercise01_perceptron (1).py").write_text(
        "#!/usr/bin/env python\n# coding: utf-8\n\n# In[1]:\n\n\nimport numpy as np\n"
        "get_ipython().run_line_magic('matplotlib', 'inline')\nif True:\n    get_ipython().system('pip install x')\n")
    out = unpacked(subs, "carol")
    text = (out.path / "exercise01_perceptron.py").read_text()
    assert "get_ipython" not in text.replace("IPython-only", "") and "    pass  # dlgrade" in text
    compile(text, "exercise01_perceptron.py", "exec")
    kinds = [kind for kind, _ in out.notes]
    assert kinds == ["layout", "notebook"] and "2 IPython-only" in out.notes[1][1]


@pytest.mark.parametrize("make, words", [
    (lambda path: path.symlink_to("/etc/passwd"), "is a symbolic link; submit the file itself"),
    (lambda path: os.mkfifo(path), "is a named pipe (FIFO)"),
])
def test_a_link_or_pipe_where_an_exercise_file_should_be_is_named(subs, make, words):
    folder = subs / "dave"
    folder.mkdir()
    (folder / "exercise02_activations.py").write_text("x = 1\n")
    make(folder / "exercise01_perceptron.py")
    out = unpacked(subs, "dave")
    assert out.special == {"exercise01_perceptron.py": "symlink" if "symbolic" in words else "fifo"}
    assert any(words in text and text.startswith("exercise01_perceptron.py") for _, text in out.notes)
    assert not (out.path / "exercise01_perceptron.py").exists()


def test_a_symlink_member_of_a_zip_is_not_created_but_named(subs):
    info = zipfile.ZipInfo("exercise01_perceptron.py")
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    with zipfile.ZipFile(subs / "eve.zip", "w") as archive:
        archive.writestr(info, "/etc/passwd")
    out = unpacked(subs, "eve")
    assert out.special == {"exercise01_perceptron.py": "symlink"} and not (out.path / "exercise01_perceptron.py").exists()


def test_a_single_workspace_is_one_submission(subs):
    ws = subs / "my-work"
    ws.mkdir()
    (ws / "exercise01_perceptron.py").write_text("x = 1\n")
    (ws / "data").mkdir()
    assert is_single_workspace(ws)
    found, ignored = discover(ws)
    assert [(s.name, s.form) for s in found] == [("my-work", "folder")] and ignored == []
    (subs / "class").mkdir()
    (subs / "class" / "alice").mkdir()
    assert not is_single_workspace(subs / "class")


def test_an_empty_submission_is_told_apart_from_a_refused_one(subs):
    (subs / "empty").mkdir()
    with pytest.raises(SubmissionError) as caught:
        unpacked(subs, "empty")
    assert caught.value.empty
    (subs / "bad.zip").write_bytes(b"not a zip")
    with pytest.raises(SubmissionError) as caught:
        unpacked(subs, "bad")
    assert not caught.value.empty


def test_a_byte_python_rejects_is_graded_as_an_error_with_the_reason(subs):
    from grader.runner.check import check

    folder = subs / "frank"
    folder.mkdir()
    solution = catalog.resolve("exercise01").solution_path.read_bytes()
    (folder / "exercise01_perceptron.py").write_bytes(b"# auteur: Andr\xe9\n" + solution)
    out = unpacked(subs, "frank")
    result = check(exercise="exercise01", workspace=out.path)  # as Python runs it: the file is refused
    assert result.status == "error" and "line 1" in result.checks[0].message
    assert "not saved as UTF-8" in result.checks[0].message


def test_grade_says_what_layout_it_expects_when_it_finds_no_submission(subs, tmp_path):
    from click.testing import CliRunner

    from grader.cli import main

    (subs / "notes.txt").write_text("my homework is in my head")
    result = CliRunner().invoke(main, ["grade", str(subs), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2 and len(result.output.strip().splitlines()) == 1, result.output
    assert "one subfolder or .zip per learner" in result.output and "notes.txt" in result.output
