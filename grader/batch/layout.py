"""Layouts learners really upload: exercise files one or two folders down, browser-renamed copies,
Jupyter-exported scripts, and links or pipes where a file should be.

These functions work on an unpacked copy of a submission (never on the learner's original) and
return notes for the instructor; each note is ``(kind, text)`` with ``kind`` one of the constants
below. Messages name files relative to the submission, never the grader's temporary folder.
"""
import os
import re
import shutil
import stat
from pathlib import Path

from grader import catalog
from grader.i18n import t

LAYOUT, SPECIAL, NOTEBOOK = "layout", "special", "notebook"
MAX_DEPTH = 3
# 'exercise01_perceptron (1).py', 'exercise01_perceptron-copy.py': what browsers and file managers do to a name.
COPY_SUFFIX = re.compile(r"(?:\s*\(\d+\)|[ _-]copy(?:\s*\d+)?|\s+-\s+copy)$", re.IGNORECASE)
# Lines nbconvert writes for notebook magics (%matplotlib, !pip): they fail outside IPython.
IPYTHON_LINE = re.compile(rb"^([ \t]*)get_ipython\(\)\.[^\n]*$", re.MULTILINE)


def expected_files():
    """The file name of every exercise and quiz in the catalog."""
    return {entry.filename for entry in catalog.exercises()}


def _canonical(name, expected):
    """The catalog file a learner's file name stands for (case and copy suffixes aside), or None."""
    path = Path(name)
    stem = COPY_SUFFIX.sub("", path.stem).strip()
    for wanted in expected:
        if stem.lower() == Path(wanted).stem.lower() and path.suffix.lower() == Path(wanted).suffix:
            return wanted
    return None


def _depth_first_files(root):
    for current, dirs, names in os.walk(root):
        depth = len(Path(current).relative_to(root).parts)
        dirs[:] = sorted(dirs) if depth < MAX_DEPTH else []
        for name in sorted(names):
            yield Path(current) / name


def lift(root, expected=None):
    """Move the folder holding the exercise files up to ``root`` when none is at the top; returns notes.

    The folder with the most exercise files wins (the shallowest on a tie): an LMS export's ``hw/``
    or ``<name>/``. Files already at the top are never overwritten.
    """
    expected = expected or expected_files()
    if any((root / name).is_file() for name in expected):
        return []
    counts = {}
    for path in _depth_first_files(root):
        if _canonical(path.name, expected):
            counts[path.parent] = counts.get(path.parent, 0) + 1
    if not counts:
        return []
    folder = min(counts, key=lambda f: (-counts[f], len(f.relative_to(root).parts), str(f)))
    if folder == root:
        return []
    for child in sorted(folder.iterdir()):
        if not (root / child.name).exists():
            shutil.move(str(child), str(root / child.name))
    where = folder.relative_to(root).as_posix()
    return [(LAYOUT, t("batch.layout.lifted", folder=where))]


def rename_copies(root, expected=None):
    """Give browser-renamed copies ('exercise01_perceptron (1).py') their catalog name; returns notes."""
    expected = expected or expected_files()
    notes = []
    for path in sorted(p for p in root.iterdir() if p.is_file()):
        wanted = _canonical(path.name, expected)
        if wanted and path.name != wanted and not (root / wanted).exists():
            path.rename(root / wanted)
            notes.append((LAYOUT, t("batch.layout.renamed", found=path.name, file=wanted)))
    return notes


def strip_ipython(root, expected=None):
    """Turn the IPython-only lines of Jupyter-exported exercise files into ``pass``; returns notes."""
    expected = expected or expected_files()
    notes = []
    for name in sorted(expected):
        path = root / name
        if not name.endswith(".py") or not path.is_file():
            continue
        data = path.read_bytes()
        fixed, count = IPYTHON_LINE.subn(rb"\1pass  # dlgrade: IPython-only line left out", data)
        if count:
            path.write_bytes(fixed)
            notes.append((NOTEBOOK, t("batch.layout.ipython", file=name, count=count)))
    return notes


def special_kind(mode):
    """'symlink', 'fifo', 'socket' or 'device' for a file mode that is not a regular file or folder, else None."""
    for test, kind in ((stat.S_ISLNK, "symlink"), (stat.S_ISFIFO, "fifo"), (stat.S_ISSOCK, "socket"),
                       (stat.S_ISCHR, "device"), (stat.S_ISBLK, "device")):
        if test(mode):
            return kind
    return None


def special_message(name, kind):
    """What to tell the learner when ``name`` is a link, pipe or device instead of a file."""
    return t(f"batch.layout.special.{kind}", file=name)


def special_notes(special, expected=None):
    """Notes for the exercise files that were links or pipes: ``{file name: kind}`` in, notes out."""
    expected = expected or expected_files()
    return [(SPECIAL, special_message(name, kind)) for name, kind in sorted(special.items()) if name in expected]


def arrange(root):
    """Make an unpacked submission look like a workspace; returns the notes saying what was changed."""
    expected = expected_files()
    return lift(root, expected) + rename_copies(root, expected) + strip_ipython(root, expected)
