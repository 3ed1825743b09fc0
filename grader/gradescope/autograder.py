"""What ``run_autograder`` does on Gradescope: grade ``/autograder/submission``, write ``results.json``.

The upload becomes a one-learner batch (:mod:`grader.gradescope.submission`), graded by the batch
engine with the same checks, worker isolation and time limits as ``dlgrade grade``, as the learner
Gradescope names in its submission metadata (:mod:`grader.gradescope.learner`: their quiz numbers). Only this
process writes ``results/results.json``, from the Results, after grading has finished and every
grading process is gone, by an atomic rename; so nothing learner code wrote there survives. Run as
root (as Gradescope does), the grading runs as an unprivileged user (``dlgrade``, made by setup.sh),
its workers drop further to ``nobody`` (:mod:`grader.sandbox.account`), and the results folder is left
writable by root alone: learner code can reach neither it nor the grader's files, even where the
container allows neither bubblewrap nor Landlock. A course pack shipped in the zip is graded against
(the settings make it the running course) and, run as root, is made readable by the grading user alone.
"""
import json
import os
import pwd
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from grader import catalog, course_pack
from grader.batch.outcomes import error_result
from grader.batch.submissions import SubmissionError
from grader.gradescope.config import CONFIG_NAME, Config, load_config
from grader.gradescope.learner import FALLBACK, learner as upload_learner
from grader.gradescope.results import results_document
from grader.gradescope.submission import collect
from grader.i18n import t
from grader.workspace import atomic_write

USER_VARIABLE = "DLGRADE_AUTOGRADER_USER"
SUBMISSION = FALLBACK  # the upload's name in the batch; its learner id is Gradescope's learner
LEARNER_FILE = "learner_id.txt"  # hands the learner id to the grading step run as another user


def grading_user():
    """The account learner code is graded under when this process is root, or None (not root, or no account)."""
    if os.geteuid() != 0:
        return None
    try:
        return pwd.getpwnam(os.environ.get(USER_VARIABLE, "dlgrade"))
    except KeyError:
        return None


def _grade_batch(scratch, config, learner_id):
    """Grade ``scratch/submissions`` into ``scratch/results`` as ``learner_id`` (in this process's children)."""
    from grader.batch import TimeLimits, grade

    grade(submissions=scratch / "submissions", out=scratch / "results", exercises=list(config.exercises),
          limits=TimeLimits(exercise=config.exercise_timeout, submission=config.submission_timeout),
          roster={SUBMISSION: learner_id})


def _give(tree, user, private=False):
    """Make everything in ``tree`` ``user``'s (``private``: readable by them alone, not by the learner workers'
    ``nobody``)."""
    for folder, dirs, files in os.walk(tree):
        for name in [folder, *(os.path.join(folder, n) for n in dirs + files)]:
            os.chown(name, user.pw_uid, user.pw_gid, follow_symlinks=False)
            if private and not os.path.islink(name):
                os.chmod(name, 0o700 if os.path.isdir(name) else 0o600)


def _grade_as(user, scratch, config, learner_id):
    """Run :func:`_grade_batch` as ``user`` in a child process; the scratch folder becomes theirs, and the
    shipped course pack theirs alone."""
    atomic_write(scratch / CONFIG_NAME, json.dumps(config.to_dict()))
    atomic_write(scratch / LEARNER_FILE, learner_id)
    _give(scratch, user)
    course = course_pack.active()
    if not course.is_builtin:
        _give(course.catalog_file.parent, user, private=True)
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(scratch), "TMPDIR": str(scratch),
           "DLGRADE_LANG": os.environ.get("DLGRADE_LANG", catalog.source_language()), "LANG": "C.UTF-8",
           course_pack.VARIABLE: course.reference}
    subprocess.run([sys.executable, "-m", __name__, str(scratch)], user=user.pw_uid,
                   group=user.pw_gid, extra_groups=[], env=env, cwd=scratch, check=True)


def grade_upload(upload, config, scratch, learner_id=FALLBACK):
    """``(results, problem, notes)`` for the upload in ``upload`` by ``learner_id``, graded in the folder
    ``scratch``."""
    from grader.batch.gradebook import load_records

    entries = [catalog.resolve(e) for e in config.exercises]
    try:
        collected = collect(upload, [e.filename for e in entries], scratch / "submissions" / SUBMISSION,
                            scratch / "unpacked")
    except SubmissionError as problem:
        return [error_result(e, t("batch.not_graded", problem=problem)) for e in entries], str(problem), []
    user = grading_user()
    if user is None:
        _grade_batch(scratch, config, learner_id)
    else:
        _grade_as(user, scratch, config, learner_id)
    record, = load_records(scratch / "results")
    return [record.graded[e.id].result for e in entries], record.problem, collected.notes


def run(root):
    """Grade ``root/submission`` as configured in ``root/source``; write and return the results document."""
    root = Path(root)
    config = load_config(root / "source" / CONFIG_NAME)
    os.environ["DLGRADE_LANG"] = config.lang
    learner = upload_learner(root)
    started = time.monotonic()
    results_dir = root / "results"
    results_dir.mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:
        os.chown(results_dir, 0, 0)
        os.chmod(results_dir, 0o755)
    with tempfile.TemporaryDirectory(prefix="dlgrade-gradescope-") as scratch:
        os.chmod(scratch, 0o700)
        results, problem, notes = grade_upload(root / "submission", config, Path(scratch), learner.id)
    notes = [*([learner.note] if learner.note else []), *notes]
    document = results_document(results, visibility=config.visibility, output_format=config.output_format,
                                execution_time=time.monotonic() - started, problem=problem,
                                extra_data={"notes": notes, "dlgrade_config": config.to_dict(),
                                            "learner_id": learner.id, "learner_id_from": learner.source})
    if notes:
        document["output"] = "\n".join([*notes, document["output"]])
    atomic_write(results_dir / "results.json", json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    return document


def main(argv=None):
    """The unprivileged grading step: ``python -m grader.gradescope.autograder SCRATCH`` (see :func:`_grade_as`)."""
    scratch = Path((argv or sys.argv[1:])[0])
    learner_id = (scratch / LEARNER_FILE).read_text(encoding="utf-8")
    _grade_batch(scratch, load_config(scratch / CONFIG_NAME, course_beside=False), learner_id)
    return 0


if __name__ == "__main__":
    sys.exit(main())
