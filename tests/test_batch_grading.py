"""Batch grading end to end: a mixed class, resuming, SIGKILL midway, shards and merge.

Uses exercises 01 and 02 (NumPy, fast) and short time limits.
"""
import json
import multiprocessing.util
import os
import shutil
import signal
import sqlite3
import stat
import subprocess
import sys
import tempfile
import time
import zipfile

import pytest

from conftest import settled, write_submission
from grader import catalog, course_pack
from grader.quiz import answers_file_text, reference_answers
from grader.batch import Caps, TimeLimits, grade, merge
from grader.batch.gradebook import load_records
from grader.batch.submissions import discover, in_shard
from grader.cli import main as cli_main

EXERCISES = ["exercise01", "exercise02"]
LIMITS = TimeLimits(exercise=120.0, submission=600.0)  # generous: a busy machine must not turn grades into problems
CAPS = Caps(max_bytes=1 << 20, max_files=50)
N_CHECKS = {e: len(catalog.resolve(e).checks) for e in EXERCISES}


def _zip_folder(zip_path, members):
    """Write a zip from {name: bytes | ('link', target)}."""
    with zipfile.ZipFile(zip_path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            if isinstance(data, tuple):
                info = zipfile.ZipInfo(name)
                info.external_attr = (stat.S_IFLNK | 0o777) << 16
                archive.writestr(info, data[1])
            else:
                archive.writestr(name, data)


def solution_text(exercise_id):
    return catalog.resolve(exercise_id).solution_path.read_bytes()


def build_class(root):
    """A mixed class: what each submission is, keyed by name."""
    root.mkdir()
    for exercise in EXERCISES:
        write_submission(root / "correct", exercise)
    write_submission(root / "partial", "exercise01", """
        def step(z):
            return (np.asarray(z) > 0).astype(int)
        """)
    write_submission(root / "partial", "exercise02", base="stub")
    write_submission(root / "syntax", "exercise01", "def broken(:\n", base=None)
    write_submission(root / "loop", "exercise01", "while True:\n    pass\n")
    (root / "empty").mkdir()
    (root / "nonutf").mkdir()
    (root / "nonutf" / "exercise01_perceptron.py").write_bytes(b'name = "\xff\xfe caf\xe9"\n')
    write_submission(root / "flood", "exercise01", """
        import sys as _sys
        _sys.stdout.write("x" * 20_000_000)
        _sys.stderr.write("y" * 5_000_000)
        """)
    _zip_folder(root / "zipped.zip", {
        "bob/exercise01_perceptron.py": solution_text("exercise01"),
        "bob/exercise02_activations.py": solution_text("exercise02"),
        "bob/.DS_Store": b"junk",
        "__MACOSX/bob/._exercise01_perceptron.py": b"junk",
    })
    _zip_folder(root / "bomb.zip", {"exercise01_perceptron.py": b"#" * (3 << 20)})
    _zip_folder(root / "evil.zip", {"../escape.py": b"x = 1", "exercise01_perceptron.py": solution_text("exercise01")})
    _zip_folder(root / "link.zip", {"exercise01_perceptron.py": ("link", "/etc/passwd")})
    (root / "README.txt").write_text("not a submission")
    return root


@pytest.fixture(scope="module")
def graded_class(tmp_path_factory):
    """The mixed class graded once with 2 jobs: (submissions folder, results folder, summary, events)."""
    base = tmp_path_factory.mktemp("batch")
    submissions = build_class(base / "submissions")
    events, scratch, saved = [], base / "tmp", tempfile.tempdir
    scratch.mkdir()
    multiprocessing.util.get_temp_dir()  # multiprocessing's own folder stays where it was
    tempfile.tempdir = str(scratch)  # the batch's temporary folders go here, to check they are removed
    try:
        summary = grade(submissions=submissions, out=base / "results", exercises=EXERCISES, jobs=2, limits=LIMITS,
                        caps=CAPS, on_event=events.append)
    finally:
        tempfile.tempdir = saved
    return submissions, base / "results", summary, events, scratch


def table(results, name):
    with sqlite3.connect(results / "gradebook.sqlite") as db:
        db.row_factory = sqlite3.Row
        return [dict(r) for r in db.execute(f"SELECT * FROM {name}")]


def by_key(results):
    return {(r["submission"], r["exercise"]): r for r in table(results, "results")}


def messages(results, submission, exercise):
    return [r["message"] for r in table(results, "checks")
            if (r["submission"], r["exercise"]) == (submission, exercise)]


def assert_complete(results, expected_pairs):
    """Exactly one result row and one full set of check rows per submission × exercise; no strays."""
    rows = table(results, "results")
    pairs = [(r["submission"], r["exercise"]) for r in rows]
    assert sorted(pairs) == sorted(expected_pairs)
    checks = table(results, "checks")
    for submission, exercise in expected_pairs:
        ids = [c["check_id"] for c in checks if (c["submission"], c["exercise"]) == (submission, exercise)]
        assert sorted(ids) == sorted(c.id for c in catalog.resolve(exercise).checks), (submission, exercise)
    assert len(checks) == sum(N_CHECKS[e] for _, e in expected_pairs)


def test_mixed_class_gives_the_expected_gradebook(graded_class):
    submissions, results, summary, events, _ = graded_class
    names = ["bomb", "correct", "empty", "evil", "flood", "link", "loop", "nonutf", "partial", "syntax", "zipped"]
    assert summary.submissions == names
    assert summary.ignored == ["README.txt"]
    assert_complete(results, [(n, e) for n in names for e in EXERCISES])
    rows = by_key(results)

    def status(name, exercise):
        return rows[(name, exercise)]["status"], rows[(name, exercise)]["score"]

    assert status("correct", "exercise01") == ("passed", 9.0)
    assert status("correct", "exercise02") == ("passed", 12.0)
    assert status("zipped", "exercise01") == ("passed", 9.0)  # one top-level folder, macOS litter ignored
    assert status("zipped", "exercise02") == ("passed", 12.0)
    assert status("flood", "exercise01") == ("passed", 9.0)  # 25 MB of output changes nothing
    state, score = status("partial", "exercise01")
    assert state == "failed" and 0 < score < 9
    assert status("partial", "exercise02") == ("not_started", 0.0)
    assert rows[("syntax", "exercise01")]["status"] == "error"
    assert any("SyntaxError" in m for m in messages(results, "syntax", "exercise01"))
    assert any("missing" in m for m in messages(results, "syntax", "exercise02"))
    assert any("utf-8" in m.lower() for m in messages(results, "nonutf", "exercise01"))
    loop = rows[("loop", "exercise01")]
    assert loop["status"] == "error" and loop["reason"] is None  # the learner's own loop: a verdict, not a problem
    assert all("importing exercise01_perceptron.py took longer than" in m
               for m in messages(results, "loop", "exercise01"))
    for name, words, reason in (("empty", "empty", "empty"), ("bomb", "limit", "submission"),
                                ("evil", "outside the folder", "submission")):
        for exercise in EXERCISES:
            assert rows[(name, exercise)]["status"] == "error"
            assert rows[(name, exercise)]["reason"] == reason
            assert all(words in m for m in messages(results, name, exercise)), (name, messages(results, name, exercise))
    assert (rows[("link", "exercise01")]["status"], rows[("link", "exercise01")]["reason"]) == ("error", "layout")
    assert all("exercise01_perceptron.py is a symbolic link; submit the file itself" in m
               for m in messages(results, "link", "exercise01"))
    assert all("is missing" in m for m in messages(results, "link", "exercise02"))
    for row in rows.values():
        assert row["content_hash"].startswith("sha256:") and row["grader_hash"].startswith("sha256:")
        assert json.loads(row["result_json"])["status"] == row["status"]
    timed = [c for c in table(results, "checks") if c["submission"] == "correct" and c["duration"] is not None]
    assert len(timed) == N_CHECKS["exercise01"] + N_CHECKS["exercise02"]
    kinds = [e.type for e in events]
    assert kinds[0] == "plan" and kinds.count("done") == len(names) * len(EXERCISES)
    assert not summary.all_passed


def test_batch_leaves_no_temporary_folders(graded_class):
    scratch = graded_class[4]
    # pymp-* is multiprocessing's own folder (the forkserver's socket), removed when the process exits.
    assert not [p.name for p in scratch.iterdir() if not p.name.startswith("pymp-")]


def test_rerun_skips_unchanged_and_regrades_changed(graded_class, tmp_path):
    submissions, results, _, _, _ = graded_class
    subs, out = tmp_path / "submissions", tmp_path / "results"
    shutil.copytree(submissions, subs, symlinks=True)
    shutil.copytree(results, out)
    before = by_key(out)
    events = []
    again = grade(submissions=subs, out=out, exercises=EXERCISES, jobs=2, limits=LIMITS, caps=CAPS,
                  on_event=events.append)
    assert not [e for e in events if e.type == "start"] and not again.graded
    assert len(again.skipped) == len(before)
    assert by_key(out) == before
    write_submission(subs / "partial", "exercise01")  # the learner fixed it
    again = grade(submissions=subs, out=out, exercises=EXERCISES, jobs=2, limits=LIMITS, caps=CAPS,
                  only=["partial", "syntax"])
    assert sorted((o.submission, o.exercise) for o in again.graded) == [("partial", e) for e in EXERCISES]
    assert by_key(out)[("partial", "exercise01")]["status"] == "passed"
    forced = grade(submissions=subs, out=out, exercises=["exercise02"], jobs=1, caps=CAPS, only=["empty"], force=True)
    assert [(o.submission, o.exercise, o.skipped) for o in forced.outcomes] == [("empty", "exercise02", False)]
    assert_complete(out, list(before))


def _canonical(results, names, exercises=EXERCISES):
    keep = ("submission", "exercise", "status", "score", "max_score", "reason", "content_hash", "grader_hash")
    res = sorted(tuple(r[k] for k in keep) for r in table(results, "results")
                 if r["submission"] in names and r["exercise"] in exercises)
    keep = ("submission", "exercise", "check_id", "position", "title", "status", "score", "max_score", "message",
            "hint", "content_hash")
    checks = sorted(tuple(r[k] for k in keep) for r in table(results, "checks")
                    if r["submission"] in names and r["exercise"] in exercises)
    return res, checks


def test_shards_merged_equal_a_single_run(graded_class, tmp_path):
    submissions, results, _, _, _ = graded_class
    names = ["correct", "partial", "syntax", "empty", "zipped", "evil"]
    found, _ = discover(submissions, only=names)
    shard_of = {s.name: [i for i in (1, 2) if in_shard(s.name, (i, 2))] for s in found}
    assert all(len(v) == 1 for v in shard_of.values())  # every submission in exactly one shard
    outs = []
    for index in (1, 2):
        out = tmp_path / f"results-{index}"
        summary = grade(submissions=submissions, out=out, exercises=["exercise01"], jobs=2, limits=LIMITS,
                        caps=CAPS, only=names, shard=f"{index}/2")
        assert sorted(summary.submissions) == sorted(n for n, v in shard_of.items() if v == [index])
        outs.append(out)
    merged = merge(sources=outs, out=tmp_path / "all")
    assert merged.sources == 2 and merged.copied == len(names)
    assert _canonical(tmp_path / "all", names) == _canonical(results, names, ["exercise01"])
    again = merge(sources=outs, out=tmp_path / "all")  # merging twice changes nothing
    assert again.copied == 0 and again.kept == len(names)
    assert _canonical(tmp_path / "all", names) == _canonical(results, names, ["exercise01"])
    records = load_records(tmp_path / "all")
    assert [r.name for r in records] == sorted(names)


# ---- killed with SIGKILL midway, then rerun ----------------------------------------------------------
def _processes_mentioning(text):
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/environ", "rb") as handle:
                environ = handle.read()
            with open(f"/proc/{pid}/stat", "rb") as handle:
                state = handle.read().rsplit(b")", 1)[1].split()[0]
        except OSError:
            continue
        if text.encode() in environ and state != b"Z":
            found.append(int(pid))
    return found


@pytest.mark.skipif(not os.path.isdir("/proc"), reason="needs /proc to find leftover processes")
def test_sigkill_midway_then_rerun_gives_one_complete_row_set_each(tmp_path):
    subs = tmp_path / "submissions"
    names = [f"learner{i}" for i in range(3)]
    for i, name in enumerate(names):
        write_submission(subs / name, "exercise01", f"# learner {i}\n")
    out, tmp = tmp_path / "results", tmp_path / "tmp"
    tmp.mkdir()
    env = {**os.environ, "TMPDIR": str(tmp)}
    command = [sys.executable, "-c", "import sys; from grader.cli import main; sys.exit(main())", "grade",
               str(subs), "--out", str(out), "--exercises", "exercise01", "--jobs", "1", "--json"]
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    gradebook = out / "gradebook.sqlite"
    done, deadline = 0, time.monotonic() + 90
    while time.monotonic() < deadline and process.poll() is None:
        try:
            with sqlite3.connect(f"file:{gradebook}?mode=ro", uri=True) as db:
                done = db.execute("SELECT COUNT(*) FROM results").fetchone()[0]
        except sqlite3.Error:
            done = 0
        if done >= 1:
            break
        time.sleep(0.05)
    if process.poll() is not None:
        pytest.fail(f"the batch finished before it could be killed: {process.communicate()[1].decode()[-3000:]}")
    process.send_signal(signal.SIGKILL)
    process.wait(10)
    # Nothing half-written: every stored result has its full set of check rows.
    kept = [(r["submission"], r["exercise"]) for r in table(out, "results")]
    assert 1 <= len(kept) < len(names)
    assert_complete(out, kept)
    with sqlite3.connect(gradebook) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    # The running grading child and its learner worker notice and go away.
    assert not settled(lambda: _processes_mentioning(str(tmp)))
    assert list(tmp.glob("dlgrade-batch-*"))  # the killed batch could not clean up after itself...
    rerun = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    assert rerun.returncode == 0, rerun.stderr
    assert not list(tmp.glob("dlgrade-batch-*"))  # ...the next start does, and says so
    summary = json.loads(rerun.stdout)
    assert any("Removed 1 temporary folder" in note for note in summary["notes"])
    assert summary["skipped"] == len(kept)
    assert sorted((o["submission"], o["skipped"]) for o in summary["outcomes"]) == sorted(
        (n, (n, "exercise01") in kept) for n in names)
    assert_complete(out, [(n, "exercise01") for n in names])
    assert {r["status"] for r in table(out, "results")} == {"passed"}


# ---- the command line ---------------------------------------------------------------------------------
def test_cli_usage_errors_exit_2(tmp_path):
    from click.testing import CliRunner

    runner = CliRunner()
    (tmp_path / "subs").mkdir()
    cases = [["grade", str(tmp_path / "missing"), "--out", str(tmp_path / "o")],
             ["grade", str(tmp_path / "subs"), "--out", str(tmp_path / "o"), "--exercises", "exercise01-nosuch"],
             ["grade", str(tmp_path / "subs"), "--out", str(tmp_path / "o"), "--shard", "3/2"],
             ["gradebook", "export", str(tmp_path / "nothing")],
             ["gradebook", "report", str(tmp_path / "nothing")],
             ["gradebook", "merge", str(tmp_path / "nothing"), "--out", str(tmp_path / "all")]]
    for args in cases:
        result = runner.invoke(cli_main, args)
        assert result.exit_code == 2, (args, result.output)
        assert len(result.output.strip().splitlines()) == 1, result.output


def test_cli_grade_and_export_round_trip(graded_class, tmp_path):
    from click.testing import CliRunner

    submissions, results, _, _, _ = graded_class
    runner = CliRunner()
    out = tmp_path / "results"
    shutil.copytree(results, out)
    result = runner.invoke(cli_main, ["grade", str(submissions), "--out", str(out), "-e", "exercise01,exercise02",
                                      "--max-submission-mb", "1", "--max-files", "50"])
    assert result.exit_code == 2, result.output  # refused submissions are the batch's problem, not a grade
    words = " ".join(result.output.split())
    assert "Batch summary" in words and "22 unchanged" in words
    assert "2 submissions refused (see the reason in the gradebook or the report): bomb, evil" in words
    csv_text = runner.invoke(cli_main, ["gradebook", "export", str(out)]).output
    assert csv_text.splitlines()[0] == "submission,status,course,exercise01,exercise02,total,max_total,percent,integrity"
    course = f"builtin@{course_pack.BUILTIN.content_hash()[:16]}"
    assert f"correct,graded,{course},9,12,21,21,100.0," in csv_text.splitlines()
    assert f"empty,empty,{course},0,0,0,21,0.0," in csv_text.splitlines()
    result = runner.invoke(cli_main, ["gradebook", "export", str(out), "-f", "feedback"])
    assert result.exit_code == 0 and (out / "feedback" / "partial.md").is_file()
    result = runner.invoke(cli_main, ["gradebook", "export", str(out), "-f", "gradescope"])
    assert result.exit_code == 0 and (out / "gradescope" / "zipped" / "results.json").is_file()
    result = runner.invoke(cli_main, ["gradebook", "report", str(out), "--html", str(out / "report.html")])
    assert result.exit_code == 0 and "Score distribution" in result.output
    assert (out / "report.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def _lines(text):
    return [line.rstrip() for line in text.strip().splitlines()]


def test_feedback_has_the_same_content_as_dlgrade_check(graded_class):
    from click.testing import CliRunner

    from grader.batch.exports import feedback

    submissions, results, _, _, _ = graded_class
    record = next(r for r in load_records(results) if r.name == "partial")
    shown = CliRunner(env={"COLUMNS": "100"}).invoke(
        cli_main, ["check", "exercise01", "--workspace", str(submissions / "partial")])
    assert shown.exit_code == 1
    stored = feedback.rendered_text(record.graded["exercise01"].result, width=100)
    assert _lines(stored) == _lines(shown.output)
    feedback = feedback.feedback_markdown(record)
    assert "\n".join(_lines(stored)) in "\n".join(line.rstrip() for line in feedback.splitlines())
    assert feedback.startswith("# Feedback: partial") and "| exercise02 · " in feedback


def test_a_changed_answer_key_regrades_on_resume(tmp_path, monkeypatch):
    quiz = catalog.resolve("quiz01")
    answers = answers_file_text(quiz, "kim", reference_answers(quiz, "kim"))
    (tmp_path / "submissions" / "kim").mkdir(parents=True)
    (tmp_path / "submissions" / "kim" / quiz.filename).write_text(answers, encoding="utf-8")

    def run():
        summary = grade(submissions=tmp_path / "submissions", out=tmp_path / "results", exercises=["quiz01"],
                        jobs=1, limits=LIMITS, caps=CAPS)
        return [(o.submission, o.exercise, o.skipped) for o in summary.outcomes]

    assert run() == [("kim", "quiz01", False)]
    assert run() == [("kim", "quiz01", True)]  # nothing changed: the stored score stands
    key = quiz.bank_path.read_text(encoding="utf-8")
    assert '\nanswer = "a"\n' in key
    changed = tmp_path / quiz.bank_path.name
    changed.write_text(key.replace('\nanswer = "a"\n', '\nanswer = "b"\n', 1), encoding="utf-8")
    original = catalog.Exercise.bank_path
    monkeypatch.setattr(catalog.Exercise, "bank_path",
                        property(lambda entry: changed if entry.id == quiz.id else original.fget(entry)))
    assert run() == [("kim", "quiz01", False)]  # the key changed: the stored score is stale
