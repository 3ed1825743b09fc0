"""Hints a learner used, where their submission tells: the workspace's own progress file.

``dlgrade hint`` records each hint level in ``.dlgrade/progress.json``; a learner who hands in the
whole workspace hands that in too. The file is the learner's to edit, so the report shows the
counts as what the workspace says, never as part of a grade. Submissions without it have no count.
"""
import zipfile
from pathlib import Path, PurePosixPath

from grader import progress
from grader.batch.submissions import ZIP
from grader.workspace import MARKER_DIR

KIND = "hints"  # the gradebook notes kind: one note per exercise, its text the count
MAX_BYTES = 1 << 20
SUFFIX = (MARKER_DIR, progress.STATE_FILE)


def _from_folder(folder):
    for pattern in (f"{MARKER_DIR}/{progress.STATE_FILE}", f"*/{MARKER_DIR}/{progress.STATE_FILE}",
                    f"*/*/{MARKER_DIR}/{progress.STATE_FILE}"):
        for path in sorted(Path(folder).glob(pattern)):
            if path.is_file() and not path.is_symlink() and path.stat().st_size <= MAX_BYTES:
                return path.read_bytes()
    return None


def _from_zip(path):
    with zipfile.ZipFile(path) as archive:
        members = [info for info in archive.infolist() if not info.is_dir() and info.file_size <= MAX_BYTES
                   and PurePosixPath(info.filename.replace("\\", "/")).parts[-2:] == SUFFIX]
        if not members:
            return None
        shortest = min(members, key=lambda info: (info.filename.count("/"), info.filename))
        return archive.read(shortest)[:MAX_BYTES]


def copy_progress(submission, workspace):
    """Copy the progress file of ``submission`` (a folder or a zip) into its unpacked ``workspace``."""
    try:
        data = _from_zip(submission.path) if submission.form == ZIP else _from_folder(submission.path)
    except (OSError, zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, RuntimeError):
        data = None
    if data is not None:
        target = Path(workspace, *SUFFIX)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def hints_used(workspace, exercise_ids):
    """``{exercise id: hints used}`` recorded in an unpacked workspace's progress file (empty without one)."""
    if not Path(workspace, *SUFFIX).is_file():
        return {}
    state = progress.load(workspace)
    counts = {}
    for exercise in exercise_ids:
        try:  # the learner's own file: anything may be in it
            used = progress.entry(state, exercise)["hints_used"]
        except (TypeError, ValueError):
            continue
        if isinstance(used, int) and not isinstance(used, bool) and 0 <= used <= 100:
            counts[exercise] = used
    return counts
