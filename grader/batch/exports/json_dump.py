"""JSON export: the whole gradebook, Result JSON included (stable: ``format_version``)."""
import json

from grader.batch.cells import exercise_columns, record_courses
from grader.batch.exports import ExportFormat

FORMAT_VERSION = 1


def to_json(records):
    """The whole gradebook as one JSON document (stable: format_version)."""
    columns = exercise_columns(records)
    data = {
        "format": "dlgrade-gradebook", "format_version": FORMAT_VERSION,
        "exercises": [{"id": e, "title": t, "max_score": m} for e, t, m in columns],
        "submissions": [{
            "name": r.name, "status": r.status, "source": r.source, "content_hash": r.content_hash,
            "problem": r.problem, "notes": [{"exercise": e or None, "kind": k, "note": n} for e, k, n in r.notes],
            "courses": record_courses(r), "total": r.total, "max_total": r.max_total, "duration": round(r.duration, 3),
            "exercises": {e: {"status": g.result.status, "score": g.result.score, "max_score": g.result.max_score,
                              "duration": round(g.duration, 3), "reason": g.reason, "graded_at": g.graded_at, "course": g.course,
                              "check_durations": g.check_durations, "result": g.result.to_dict()}
                          for e, g in r.graded.items()},
        } for r in records],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


FORMAT = ExportFormat(name="json", help_key="export.json.help", render=lambda records, options: to_json(records))
