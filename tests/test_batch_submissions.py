"""Submissions for batch grading: discovery, content hashes, safe unpacking, shards, exercise selection."""
import stat
import zipfile

import pytest

from grader import catalog
from grader.batch import select_exercises
from grader.batch.submissions import Caps, SubmissionError, discover, fingerprint, in_shard, materialize, \
    parse_shard, unpack

CAPS = Caps(max_bytes=10_000, max_files=5)


def make_zip(path, members):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            if isinstance(data, zipfile.ZipInfo):
                archive.writestr(data, b"target")
            else:
                archive.writestr(name, data)
    return path


def only(root, name):
    return next(s for s in discover(root)[0] if s.name == name)


def test_discover_folders_and_zips_sorted_with_clashes_and_strays(tmp_path):
    (tmp_path / "bob").mkdir()
    (tmp_path / "alice").mkdir()
    make_zip(tmp_path / "carol.zip", {"a.py": "x = 1"})
    make_zip(tmp_path / "bob.zip", {"a.py": "x = 1"})  # clashes with the folder bob
    (tmp_path / ".hidden").mkdir()
    (tmp_path / "notes.txt").write_text("hi")
    (tmp_path / "gone").symlink_to(tmp_path / "nowhere")
    found, ignored = discover(tmp_path)
    assert [(s.name, s.form) for s in found] == [("alice", "folder"), ("bob", "folder"), ("bob.zip", "zip"),
                                                  ("carol", "zip"), ("gone", "missing")]
    assert ignored == [".hidden (hidden)", "notes.txt"]  # listed, never skipped silently
    assert [s.name for s in discover(tmp_path, only=["b*"])[0]] == ["bob", "bob.zip"]
    with pytest.raises(FileNotFoundError):
        discover(tmp_path / "absent")


def test_content_hash_follows_content_not_caches(tmp_path):
    folder = tmp_path / "subs" / "alice"
    folder.mkdir(parents=True)
    (folder / "exercise01_perceptron.py").write_text("x = 1\n")
    first, problem = fingerprint(only(tmp_path / "subs", "alice"))
    assert problem is None and first.startswith("sha256:")
    (folder / "__pycache__").mkdir()
    (folder / "__pycache__" / "junk.pyc").write_bytes(b"\0")
    (folder / ".DS_Store").write_bytes(b"\0")
    assert fingerprint(only(tmp_path / "subs", "alice"))[0] == first
    (folder / "exercise01_perceptron.py").write_text("x = 2\n")
    assert fingerprint(only(tmp_path / "subs", "alice"))[0] != first
    assert "more than the limit" in fingerprint(only(tmp_path / "subs", "alice"), Caps(max_bytes=3))[1]


def test_zip_with_one_top_folder_is_that_folder_and_litter_is_dropped(tmp_path):
    make_zip(tmp_path / "alice.zip", {"alice/exercise01_perceptron.py": "x = 1", "alice/sub/helper.py": "y = 2",
                                      "__MACOSX/alice/._exercise01_perceptron.py": "junk", "alice/.DS_Store": "junk"})
    out = unpack(only(tmp_path, "alice"), tmp_path / "ws", CAPS).path
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) == [
        ".dlgrade/workspace.json", "exercise01_perceptron.py", "sub/helper.py"]
    make_zip(tmp_path / "bob.zip", {"exercise01_perceptron.py": "x = 1", "sub/helper.py": "y = 2"})
    out = unpack(only(tmp_path, "bob"), tmp_path / "ws2", CAPS).path
    assert (out / "exercise01_perceptron.py").is_file() and (out / "sub" / "helper.py").is_file()


def _link(name):
    info = zipfile.ZipInfo(name)
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return info


@pytest.mark.parametrize("members, words", [
    ({"/etc/evil.py": "x"}, "absolute path"),
    ({"C:/evil.py": "x"}, "absolute path"),
    ({"a/../../evil.py": "x"}, "outside the folder"),
    ({"..\\evil.py": "x"}, "outside the folder"),
    ({f"f{i}.py": "x" for i in range(6)}, "more than the limit of 5"),
    ({"big.py": "#" * 20_000}, "would unpack to"),
    ({}, "empty"),
    ({"__MACOSX/._x": "junk", "dir/": ""}, "empty"),
])
def test_dangerous_or_empty_zips_are_refused(tmp_path, members, words):
    make_zip(tmp_path / "sub.zip", members)
    with pytest.raises(SubmissionError, match=words.replace("(", r"\(")):
        materialize(only(tmp_path, "sub"), tmp_path / "ws", CAPS)
    assert not (tmp_path / "evil.py").exists() and not (tmp_path.parent / "evil.py").exists()


def test_unreadable_missing_and_oversized_submissions_are_refused(tmp_path):
    (tmp_path / "broken.zip").write_bytes(b"this is not a zip")
    with pytest.raises(SubmissionError, match="not a readable zip"):
        materialize(only(tmp_path, "broken"), tmp_path / "ws1", CAPS)
    (tmp_path / "gone").symlink_to(tmp_path / "nowhere")
    assert fingerprint(only(tmp_path, "gone")) == (None, "gone is a link to something that does not exist")
    with pytest.raises(SubmissionError, match="does not exist"):
        materialize(only(tmp_path, "gone"), tmp_path / "ws2", CAPS)
    (tmp_path / "big").mkdir()
    (tmp_path / "big" / "data.bin").write_bytes(b"\0" * 20_000)
    content_hash, problem = fingerprint(only(tmp_path, "big"), CAPS)
    assert content_hash and "more than the limit" in problem
    with pytest.raises(SubmissionError, match="more than the limit"):
        materialize(only(tmp_path, "big"), tmp_path / "ws3", CAPS)


def test_folder_copy_skips_symlinks_and_caches(tmp_path):
    folder = tmp_path / "subs" / "alice"
    folder.mkdir(parents=True)
    (folder / "exercise01_perceptron.py").write_text("x = 1\n")
    (folder / "secret").symlink_to("/etc/passwd")
    (folder / ".git").mkdir()
    (folder / ".git" / "HEAD").write_text("ref")
    out = unpack(only(tmp_path / "subs", "alice"), tmp_path / "ws", CAPS).path
    assert sorted(p.name for p in out.iterdir()) == [".dlgrade", "exercise01_perceptron.py"]


def test_shards_partition_the_names_deterministically():
    names = [f"learner{i:03d}" for i in range(200)]
    shards = [[n for n in names if in_shard(n, (i, 4))] for i in range(1, 5)]
    assert sorted(sum(shards, [])) == names
    assert all(20 < len(s) < 80 for s in shards)
    assert shards == [[n for n in names if in_shard(n, (i, 4))] for i in range(1, 5)]
    assert in_shard("anyone", None)
    assert parse_shard("3/10") == (3, 10) and parse_shard(" 1 / 1 ") == (1, 1)
    for bad in ("0/3", "4/3", "x", "1/0", ""):
        with pytest.raises(ValueError):
            parse_shard(bad)


def test_select_exercises_ranges_lists_and_unknown_names():
    ids = [e.id for e in catalog.exercises()]
    assert [e.id for e in select_exercises(None)] == ids
    assert [e.id for e in select_exercises("exercise01-exercise03")] == ["exercise01", "exercise02", "exercise03"]
    assert [e.id for e in select_exercises("3,1 , ex2")] == ["exercise01", "exercise02", "exercise03"]
    assert [e.id for e in select_exercises("exercise03-exercise01")] == ["exercise01", "exercise02", "exercise03"]
    with pytest.raises(catalog.UnknownExercise):
        select_exercises("exercise01-nosuch")
    with pytest.raises(catalog.UnknownExercise):
        select_exercises("nosuch")
