"""Canvas export: the gradebook CSV Canvas imports (Grades → Import), learners identified through a roster.

Columns: Student, ID, SIS User ID, SIS Login ID, Section, then one per exercise; the second row gives
each exercise's points possible, as in Canvas's own export. An exercise graded by a course other than the
built-in one is named with that course (``bn · exercise01 · title``), so two courses' exercise01 are two
assignments; the course's version is not in the name, or each edit of the course would make a new one. Roster learners without a submission get
empty cells (Canvas leaves those grades unchanged); submissions the roster does not list are not in
the file, and the CLI names them.
"""
import csv
import io

from grader.batch.cells import exercise_columns, exercise_courses, score_number, spreadsheet_safe
from grader.batch.exports import ExportFormat

IDENTITY = ("Student", "ID", "SIS User ID", "SIS Login ID", "Section")
POINTS_POSSIBLE = "    Points Possible"  # Canvas's own label, leading spaces included


def column_name(exercise, title, course=None):
    """An exercise's assignment column, named with its ``course`` when one is given (no trailing '(number)',
    which Canvas would read as an assignment id)."""
    return f"{course} · {exercise} · {title}" if course else f"{exercise} · {title}"


def to_canvas(records, roster):
    """The Canvas grade import CSV for ``records`` and ``roster`` (a :class:`grader.batch.roster.Roster`)."""
    columns, courses = exercise_columns(records), exercise_courses(records)
    by_name = {r.name: r for r in records}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*IDENTITY, *[spreadsheet_safe(column_name(e, title, courses.get(e))) for e, title, _ in columns]])
    writer.writerow([POINTS_POSSIBLE, "", "", "", "", *[score_number(top) for _, _, top in columns]])
    for learner in roster.learners:
        record = by_name.get(learner.submission)
        cells = [score_number(record.graded[e].result.score) if record and e in record.graded else ""
                 for e, _, _ in columns]
        writer.writerow([spreadsheet_safe(v) for v in (learner.name, learner.canvas_id, learner.sis_user_id,
                                                       learner.sis_login_id, learner.section)] + cells)
    return out.getvalue()


FORMAT = ExportFormat(name="canvas", help_key="export.canvas.help", needs_roster=True,
                      render=lambda records, options: to_canvas(records, options["roster"]))
