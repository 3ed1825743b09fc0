"""Learner workspaces: the folder and its marker, finding them, and the results stored in them.

What goes into the learner's files depends on the exercise kinds and is grader.practice's business."""
import datetime
import hashlib
import json
import os
import tempfile
import uuid
from pathlib import Path

from grader import catalog, course_pack
from grader.i18n import LANGUAGES, language as current_language, t
from grader.results import Result

MARKER_DIR = ".dlgrade"
MARKER_FILE = "workspace.json"
FORMAT = 2  # 2 added "lang"; a format-1 workspace is English


class WorkspaceError(Exception):
    """No workspace where one was expected, or one that cannot be created."""


def atomic_write(path, text):
    """Write ``text`` to ``path`` so that a crash leaves either the old or the new file, never half."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def is_workspace(path):
    """True when ``path`` holds a workspace marker."""
    return (Path(path) / MARKER_DIR / MARKER_FILE).is_file()


def find(start=None):
    """The workspace containing ``start`` (default: the current directory), walking up."""
    here = Path(start or os.getcwd()).resolve()
    for folder in (here, *here.parents):
        if is_workspace(folder):
            return folder
    raise WorkspaceError(t("cli.no_workspace", path=here))


def resolve(workspace=None):
    """The workspace to use: the given folder (which must exist) or the one around the cwd."""
    if workspace is None:
        return find()
    path = Path(workspace).resolve()
    if not path.is_dir():
        raise WorkspaceError(t("cli.workspace_missing", path=workspace))
    return path


def create(directory, *, learner_id=None, lang=None):
    """The folder ``directory``, made a workspace (a marker with a learner id, its language, by default the
    current one, and its course, the running command's) unless it is one already; an existing workspace's
    language and course are never overwritten."""
    path = Path(directory).resolve()
    if path.exists() and not path.is_dir():
        raise WorkspaceError(f"'{directory}' exists and is not a folder")
    path.mkdir(parents=True, exist_ok=True)
    marker = path / MARKER_DIR / MARKER_FILE
    if not marker.is_file():
        info = {"format": FORMAT, "learner_id": learner_id or uuid.uuid4().hex[:12],
                "created": datetime.date.today().isoformat(), "lang": lang or current_language(),
                "course": course_pack.reference_for(os.environ.get(course_pack.VARIABLE, ""))}
        atomic_write(marker, json.dumps(info, indent=2) + "\n")
    return path


def info(workspace):
    """The workspace's marker data (format, learner id, language)."""
    return json.loads((Path(workspace) / MARKER_DIR / MARKER_FILE).read_text(encoding="utf-8"))


def language(workspace):
    """The language the workspace was created in (the catalog's for workspaces from before languages were stored)."""
    try:
        lang = info(workspace).get("lang")
    except (OSError, ValueError, AttributeError):
        lang = None
    return lang if lang in LANGUAGES else catalog.source_language()


def course(workspace):
    """What the workspace's marker names as its course (``builtin`` or a pack folder), or None when it names
    none (a workspace from before courses were stored grades with the built-in one) or is unreadable."""
    try:
        stored = info(workspace).get("course")
    except (OSError, ValueError, AttributeError):
        return None
    return stored if isinstance(stored, str) and stored else None


def file_digest(path):
    """SHA-256 of a file's bytes, or None when it is missing."""
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return None


def _result_path(workspace, exercise):
    return Path(workspace) / MARKER_DIR / "results" / f"{exercise.id}.json"


def save_result(workspace, exercise, result):
    """Remember the latest Result of an exercise with the digest of the file it graded."""
    if not is_workspace(workspace):
        return
    record = {"digest": file_digest(Path(workspace) / exercise.filename), "result": result.to_dict()}
    atomic_write(_result_path(workspace, exercise), json.dumps(record, ensure_ascii=False) + "\n")


def last_result(workspace, exercise):
    """``(result, digest)``: the last saved Result of an exercise and the digest of the file it graded, or
    ``(None, None)`` when there is none (or it is unreadable)."""
    try:
        record = json.loads(_result_path(workspace, exercise).read_text(encoding="utf-8"))
        return Result.from_dict(record["result"]), record.get("digest")
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None, None
