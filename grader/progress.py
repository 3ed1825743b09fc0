"""A learner's progress in a workspace: attempts, best scores, hints used, solutions viewed.

State is one JSON file written atomically (a crash mid-write leaves the previous state). The
transition functions are pure (state in, state out); ``load``/``save`` are the I/O edges.
"""
import datetime
import json
from pathlib import Path

from grader.results import PASSED
from grader.workspace import MARKER_DIR, atomic_write, is_workspace

STATE_FILE = "progress.json"


def _path(workspace):
    return Path(workspace) / MARKER_DIR / STATE_FILE


def load(workspace):
    """The stored state, or an empty one (also when the file is unreadable)."""
    try:
        state = json.loads(_path(workspace).read_text(encoding="utf-8"))
        return state if isinstance(state, dict) and isinstance(state.get("exercises"), dict) else {"exercises": {}}
    except (OSError, ValueError):
        return {"exercises": {}}


def save(workspace, state):
    """Write the state atomically (only inside a real workspace)."""
    if is_workspace(workspace):
        atomic_write(_path(workspace), json.dumps(state, indent=2, ensure_ascii=False) + "\n")


def entry(state, exercise_id):
    """The record of one exercise (empty defaults when never touched)."""
    record = state["exercises"].get(exercise_id, {})
    return {"attempts": 0, "best_score": 0.0, "passed": False, "last_attempt": None, "last_status": None,
            "hints_used": 0, "solution_viewed": False, "solution_forced": False, **record}


def _with(state, exercise_id, **changes):
    exercises = dict(state["exercises"])
    exercises[exercise_id] = {**entry(state, exercise_id), **changes}
    return {**state, "exercises": exercises}


def now():
    """The current time as an ISO string (seconds)."""
    return datetime.datetime.now().isoformat(timespec="seconds")


def with_attempt(state, result, when):
    """State after a check of ``result.exercise`` finished at ``when``."""
    old = entry(state, result.exercise)
    return _with(state, result.exercise, attempts=old["attempts"] + 1, last_attempt=when,
                 last_status=result.status, best_score=max(old["best_score"], result.score),
                 passed=old["passed"] or result.status == PASSED)


def with_hint(state, exercise, level=None):
    """``(state, level)``: the next hint level (or ``level``), recorded as used."""
    used = entry(state, exercise.id)["hints_used"]
    level = min(level or used + 1, len(exercise.hints)) if exercise.hints else 0
    return _with(state, exercise.id, hints_used=max(used, level)), level


def with_solution_view(state, exercise_id, forced):
    """State after the learner looked at the reference solution."""
    old = entry(state, exercise_id)
    return _with(state, exercise_id, solution_viewed=True, solution_forced=old["solution_forced"] or forced)


def record_attempt(workspace, result):
    """Load, add an attempt, save."""
    save(workspace, with_attempt(load(workspace), result, now()))
