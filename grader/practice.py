"""Self-paced practice, the library behind ``dlgrade check/hint/progress/solution/reset/watch``, the
notebook and the quiz: a workspace's files and statuses, attempts, hints, totals and the solution gate.

What differs between exercises and quizzes is asked of their kind (grader.kinds); the CLI, watch mode
and the notebook only render what these functions return.
"""
import datetime
import shutil
from pathlib import Path

from grader import catalog, kinds, progress, workspace as ws
from grader.results import NOT_STARTED, PASSED

# statuses besides a Result's: no file, or a file edited since its last check
MISSING, CHANGED = "missing", "changed"


class SolutionLocked(Exception):
    """The reference was asked for before the exercise passed, without ``force``."""


def find_workspace(path=None):
    """The workspace ``path`` (a folder that must exist), else the one around the cwd, else None."""
    if path is not None:
        return ws.resolve(path)
    try:
        return ws.find()
    except ws.WorkspaceError:
        return None


def init(directory, *, learner_id=None, lang=None):
    """Create a workspace with every exercise's starting file in ``lang`` (default: the current language);
    existing learner files and an existing workspace's language are never overwritten.

    Returns ``(path, created_files, kept_files)``.
    """
    path = ws.create(directory, learner_id=learner_id, lang=lang)
    created, kept = [], []
    for exercise in catalog.exercises():
        target = path / exercise.filename
        if target.exists():
            kept.append(exercise.filename)
            continue
        text = kinds.of(exercise).starting_text(exercise, path)
        if text is not None:
            ws.atomic_write(target, text)
            created.append(exercise.filename)
    return path, created, kept


def status(workspace, exercise):
    """``(status, score)`` of an exercise in a workspace, from its file and the last check.

    The status is a Result status, 'missing', 'changed' (edited since the last check) or
    'not started' for a file that is as the workspace was given it.
    """
    path = Path(workspace) / exercise.filename
    digest = ws.file_digest(path)
    if digest is None:
        return MISSING, None
    last, checked_digest = ws.last_result(workspace, exercise)
    if last is not None and checked_digest == digest:
        return last.status, last.score
    if kinds.of(exercise).is_untouched(exercise, path):
        return NOT_STARTED, 0.0
    return CHANGED, last.score if last else None


def first_unfinished(workspace):
    """The first exercise in course order that has not passed in this workspace, or None."""
    return next((e for e in catalog.exercises() if status(workspace, e)[0] != PASSED), None)


def record(workspace, exercise, result):
    """Save ``result`` as the exercise's latest and count the attempt in the progress."""
    ws.save_result(workspace, exercise, result)
    progress.record_attempt(workspace, result)


def attempt(exercise, workspace, *, training_log=None, checks=None):
    """Check the learner's file for ``exercise``, save the Result and record the attempt; returns the Result.

    A run of only some ``checks`` (ids) is returned but not recorded: it is no verdict on the exercise.
    """
    result = kinds.of(exercise).check(exercise, workspace=workspace, training_log=training_log, checks=checks)
    if checks is None:
        record(workspace, exercise, result)
    return result


def take_hint(workspace, exercise, level=None):
    """The hint level to show next (or ``level``), counted in the workspace's progress when there is one."""
    state = progress.load(workspace) if workspace else {"exercises": {}}
    state, shown = progress.with_hint(state, exercise, level)
    if workspace:
        progress.save(workspace, state)
    return shown or 1


def progress_rows(workspace):
    """``(rows, totals)``: (exercise, progress record, status, score) per exercise in course order, and the
    workspace's totals: score, max_score, passed, count, hints."""
    state = progress.load(workspace)
    rows = []
    for exercise in catalog.exercises():
        rows.append((exercise, progress.entry(state, exercise.id), *status(workspace, exercise)))
    return rows, totals(rows)


def totals(rows):
    """Sum of scores, maximum scores, passed exercises, exercises and hints used over progress rows."""
    return {"score": sum(score or 0.0 for _, _, _, score in rows),
            "max_score": sum(exercise.max_score for exercise, *_ in rows),
            "passed": sum(status == PASSED for _, _, status, _ in rows), "count": len(rows),
            "hints": sum(record["hints_used"] for _, record, _, _ in rows)}


def solution_unlocked(workspace, exercise, state=None):
    """True once the exercise has passed in this workspace (now or in any earlier attempt)."""
    state = progress.load(workspace) if state is None else state
    return progress.entry(state, exercise.id)["passed"] or status(workspace, exercise)[0] == PASSED


def open_solution(workspace, exercise, *, force=False):
    """Record that the learner looks at the reference; raises SolutionLocked before a pass unless ``force``."""
    state = progress.load(workspace)
    unlocked = solution_unlocked(workspace, exercise, state)
    if not unlocked and not force:
        raise SolutionLocked(exercise.id)
    progress.save(workspace, progress.with_solution_view(state, exercise.id, forced=not unlocked))


def reset(workspace, exercise, stamp=None):
    """Back up the learner's file under .dlgrade/backups and restore the starting one; returns the backup."""
    stamp = stamp or datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = Path(workspace) / exercise.filename
    backup = None
    if target.exists():
        backup = Path(workspace) / ws.MARKER_DIR / "backups" / f"{target.stem}-{stamp}{target.suffix}"
        backup.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(target, backup)
    ws.atomic_write(target, kinds.of(exercise).starting_text(exercise, workspace))
    return backup
