"""A pytest plugin loaded in batch grading children (PYTEST_PLUGINS) that times each check.

It only observes reports; the verdicts are the runner's. Durations are summed over setup, call and
teardown and keyed by check id (the test function ``test_<id>``).
"""
import re

DURATIONS = {}


def pytest_runtest_logreport(report):
    name = re.sub(r"\[.*\]$", "", report.nodeid.rsplit("::", 1)[-1])
    if name.startswith("test_"):
        check_id = name[len("test_"):]
        DURATIONS[check_id] = DURATIONS.get(check_id, 0.0) + float(report.duration)
