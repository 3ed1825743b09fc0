"""Instructor batch grading: parallel, resumable grading into an SQLite gradebook, exports and analytics.

The library is the API (the ``dlgrade grade`` and ``dlgrade gradebook`` commands are thin):

    from grader.batch import grade, Gradebook, exports, report
    summary = grade(submissions="submissions/", out="results/", jobs=4)
    summary = grade(submissions="submissions/", out="results/", executor="dask", scheduler="tcp://host:8786")
    with Gradebook.open("results/") as book:
        records = book.load()
    csv_text = exports.export_text(records, "csv")
"""
from grader.batch.executors import ExecutorUnavailable
from grader.batch.gradebook import Gradebook, GradebookError, merge
from grader.batch.roster import RosterError
from grader.batch.outcomes import BatchSummary, Event, Outcome
from grader.batch.planning import select_exercises
from grader.batch.runner import grade
from grader.batch.submissions import Caps, parse_shard
from grader.batch.supervision import TimeLimits

__all__ = ["BatchSummary", "Caps", "Event", "ExecutorUnavailable", "Gradebook", "GradebookError", "Outcome",
           "RosterError", "TimeLimits", "grade", "merge", "parse_shard", "select_exercises"]
