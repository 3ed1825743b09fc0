"""Moodle export: the CSV of Moodle's grade import (Grades → Import → CSV file), keyed by email or ID number.

The first column is "Email address" when the roster has emails, else "ID number" (map it to the user
field of that name on import); then one grade column per exercise, mapped to grade items on import
(named with its course as in the Canvas export).
Submissions the roster does not list are not in the file, and the CLI names them.
"""
import csv
import io

from grader.batch.cells import exercise_columns, exercise_courses, score_number, spreadsheet_safe
from grader.batch.exports import ExportFormat
from grader.batch.exports.canvas import column_name
from grader.batch.roster import RosterError
from grader.i18n import t

KEYS = (("email", "Email address"), ("id_number", "ID number"))


def to_moodle(records, roster):
    """The Moodle grade import CSV; RosterError when the roster has neither emails nor ID numbers for everyone."""
    field, header = next(((f, h) for f, h in KEYS if roster.has(f)), (None, None))
    if field is None:
        raise RosterError(t("roster.moodle_key"))
    missing = [learner.submission for learner in roster.learners if not getattr(learner, field)]
    if missing:
        raise RosterError(t("roster.moodle_missing", column=field, names=", ".join(missing)))
    columns, courses = exercise_columns(records), exercise_courses(records)
    by_name = {r.name: r for r in records}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([header, *[spreadsheet_safe(column_name(e, title, courses.get(e))) for e, title, _ in columns]])
    for learner in roster.learners:
        record = by_name.get(learner.submission)
        writer.writerow([spreadsheet_safe(getattr(learner, field)),
                         *[score_number(record.graded[e].result.score) if record and e in record.graded else ""
                           for e, _, _ in columns]])
    return out.getvalue()


FORMAT = ExportFormat(name="moodle", help_key="export.moodle.help", needs_roster=True,
                      render=lambda records, options: to_moodle(records, options["roster"]))
