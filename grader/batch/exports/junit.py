"""JUnit XML export: a test suite per submission, a test case per check, for CI systems."""
from grader.batch.exports import ExportFormat
from grader.junit import Case, Suite, junit_xml


def to_junit(records):
    """JUnit XML (:mod:`grader.junit`): a <testsuite> per submission whose properties carry the score, max
    score, content hash and problem, and a <testcase> per check named ``submission.exercise``."""
    suites = []
    for record in records:
        cases = [Case(c, f"{record.name}.{exercise}", graded.check_durations.get(c.id) or 0.0)
                 for exercise, graded in record.graded.items() for c in graded.result.checks]
        properties = (("score", record.total), ("max_score", record.max_total),
                      ("content_hash", record.content_hash or ""), ("problem", record.problem or ""))
        suites.append(Suite(record.name, cases, record.duration, properties))
    return junit_xml(suites)


FORMAT = ExportFormat(name="junit", help_key="export.junit.help", render=lambda records, options: to_junit(records))
