"""CSV export: one row per learner, a column per exercise, the total (for an LMS grade import).

The submission column holds each id exactly as submitted, so an LMS can match it; when an id would
start a spreadsheet formula a ``display_name`` column beside it holds the defused form. The status
column tells a grade from an empty, refused or not yet gradable submission, the course column which
course (``<name>@<version>``) graded it, and an exercise whose result is a grading problem has an
empty cell, not a 0.
"""
import csv
import io

from grader.batch.cells import exercise_columns, record_courses, score_number as _score, \
    spreadsheet_safe as _spreadsheet_safe
from grader.batch.exports import ExportFormat


def _notes(record):
    """Everything noticed about a learner: the results' integrity notes, then the batch's notes."""
    notes = [f"{e}: {note}" for e, g in record.graded.items() for note in g.result.integrity]
    notes += [f"{e}: {note}" if e else note for e, _, note in record.notes]
    return "; ".join(notes)


def to_csv(records):
    """One row per submission: id, status, course, its score per exercise (empty when not graded), total, max
    total, percent and notes."""
    columns = exercise_columns(records)
    max_total = sum(top for _, _, top in columns)
    display = any(_spreadsheet_safe(r.name) != r.name for r in records)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["submission", *(["display_name"] if display else []), "status", "course", *[e for e, _, _ in columns],
                     "total", "max_total", "percent", "integrity"])
    for record in records:
        problems = set(record.grading_problems)
        cells = [_score(record.graded[e].result.score) if e in record.graded and e not in problems else ""
                 for e, _, _ in columns]
        total = record.total
        writer.writerow([record.name, *([_spreadsheet_safe(record.name)] if display else []), record.status,
                         _spreadsheet_safe("; ".join(record_courses(record))), *cells,
                         _score(total), _score(max_total), round(100 * total / max_total, 1) if max_total else "",
                         _spreadsheet_safe(_notes(record))])
    return out.getvalue()


FORMAT = ExportFormat(name="csv", help_key="export.csv.help", render=lambda records, options: to_csv(records))
