"""CSV export: one row per learner, a column per exercise, the total (for an LMS grade import)."""
import csv
import io

from grader.batch.cells import exercise_columns, score_number as _score, spreadsheet_safe as _spreadsheet_safe
from grader.batch.exports import ExportFormat


def to_csv(records):
    """One row per submission: its score per exercise (empty when not graded), total, max total, percent."""
    columns = exercise_columns(records)
    max_total = sum(top for _, _, top in columns)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["submission", *[e for e, _, _ in columns], "total", "max_total", "percent", "integrity"])
    for record in records:
        cells = [_score(record.graded[e].result.score) if e in record.graded else "" for e, _, _ in columns]
        total = record.total
        notes = "; ".join(f"{e}: {note}" for e, g in record.graded.items() for note in g.result.integrity)
        writer.writerow([_spreadsheet_safe(record.name), *cells, _score(total), _score(max_total),
                         round(100 * total / max_total, 1) if max_total else "", _spreadsheet_safe(notes)])
    return out.getvalue()


FORMAT = ExportFormat(name="csv", help_key="export.csv.help", render=lambda records, options: to_csv(records))
