"""Exports of a gradebook, one module per format; this registry is where the CLI finds them.

Each format module defines ``FORMAT``, an :class:`ExportFormat`: its name (the ``--format`` choice),
the message key of its one-line help, and its renderer, a pure function from loaded records
(``Gradebook.load()``) to text — the whole gradebook in one file, or one file per submission.
"""
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from grader.i18n import t


@dataclass(frozen=True)
class ExportFormat:
    """One export format: ``render(records, options)`` or, per submission, ``render(record, options)``."""

    name: str
    help_key: str
    render: Callable[..., str]
    file_name: str | None = None  # per submission: the file for a submission's stem, e.g. "{stem}.md"
    needs_roster: bool = False  # identifies learners as an LMS does: options["roster"] is a batch.roster.Roster

    @property
    def per_submission(self):
        """Whether it writes one file per submission into a folder."""
        return self.file_name is not None


def _formats():
    from grader.batch.exports import canvas, csv_table, feedback, gradescope, json_dump, junit, moodle

    return tuple(module.FORMAT for module in (csv_table, json_dump, gradescope, junit, feedback, canvas, moodle))


FORMATS = _formats()
BY_NAME = {fmt.name: fmt for fmt in FORMATS}


def help_text():
    """The ``--format`` option's help: every format's name and description, in the current language."""
    listed = t("help.gradebook.export.format_separator").join(f"{fmt.name}: {t(fmt.help_key)}" for fmt in FORMATS)
    return t("help.gradebook.export.format", formats=listed)


def export_text(records, fmt, **options):
    """The text of a whole-gradebook export ``fmt`` of the records."""
    return BY_NAME[fmt].render(records, options)


def safe_filename(name):
    """A submission name usable as one file name."""
    cleaned = re.sub(r"[^\w.@+=-]+", "_", name, flags=re.UNICODE).strip("._") or "submission"
    return cleaned[:150]


def write_per_submission(records, folder, *, kind, **options):
    """Write one file per submission into ``folder`` (Gradescope ``<name>/results.json``, feedback ``<name>.md``).

    Returns the paths written. Names that clash once made file-safe get a short hash suffix.
    """
    from grader.workspace import atomic_write

    fmt = BY_NAME.get(kind)
    if fmt is None or not fmt.per_submission:
        raise ValueError(f"unknown per-submission export '{kind}'")
    folder, used, written = Path(folder), set(), []
    for record in records:
        stem = safe_filename(record.name)
        if stem.lower() in used:
            stem = f"{stem}-{hashlib.sha256(record.name.encode('utf-8', 'surrogateescape')).hexdigest()[:8]}"
        used.add(stem.lower())
        path = folder / fmt.file_name.format(stem=stem)
        atomic_write(path, fmt.render(record, options))
        written.append(path)
    return written
