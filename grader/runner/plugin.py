"""The pytest plugin that serves the ``learner`` and ``reference`` fixtures and collects outcomes."""
import hashlib
import os
import tempfile
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, seed, settings
from hypothesis.configuration import set_hypothesis_home_dir

from grader.i18n import t
from grader.checklib.verdicts import Observed
from grader.runner.outcomes import classify, leaf
from grader.results import ERROR

# Hypothesis keeps caches in ./.hypothesis by default; the learner's folder must stay clean.
set_hypothesis_home_dir(os.path.join(tempfile.gettempdir(), f"dlgrade-hypothesis-{os.getuid()}"))
settings.register_profile(
    "dlgrade", derandomize=True, database=None, deadline=None, max_examples=40, print_blob=False,
    report_multiple_bugs=False, suppress_health_check=list(HealthCheck),
    phases=(Phase.explicit, Phase.generate, Phase.shrink))
settings.load_profile("dlgrade")


def seed_by_name(check, name):
    """Give a hypothesis test a fixed seed derived from ``name``."""
    return seed(int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big"))(check)


class GradingPlugin:
    """Gives checks their fixtures and records ``{check_id: (status, message)}``."""

    def __init__(self, learner, reference, check_budget):
        self._learner, self._reference, self._budget = learner, reference, check_budget
        self.outcomes, self.collection_errors, self.printed = {}, [], {}
        self.undiagnosed = set()  # checks whose failure is Observed: their hint is not shown

    @pytest.fixture(scope="session")
    def learner(self):
        """The proxy to the learner's module (running in the worker)."""
        return self._learner

    @pytest.fixture(scope="session")
    def reference(self):
        """The reference solution module (trusted, imported here)."""
        return self._reference

    def pytest_collection_modifyitems(self, items):
        """Seed each hypothesis check from its module and name.

        Derandomized hypothesis would seed from the test's source text, so rewording a message inside
        a check would change the examples it draws and could silently stop it catching a mistake.
        """
        for item in items:
            if hasattr(getattr(item, "obj", None), "hypothesis"):
                seed_by_name(item.obj, f"{Path(item.path).stem}::{item.name}")

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_call(self, item):
        """Give each check a total time budget for all its calls into learner code; keep what it printed."""
        self._learner.deadline = time.monotonic() + self._budget
        self._learner.printed.clear()
        yield
        self._learner.deadline = None
        self.printed[item.name.removeprefix("test_")] = self._learner.printed.printed()

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_makereport(self, item, call):
        """Record the outcome of the call phase, or of a setup that failed."""
        outcome = yield
        report = outcome.get_result()
        check_id = item.name.removeprefix("test_")
        if call.when == "call" or (report.failed and check_id not in self.outcomes):
            self.outcomes[check_id] = classify(call.excinfo.value if call.excinfo else None)
            if call.excinfo and isinstance(leaf(call.excinfo.value), Observed):
                self.undiagnosed.add(check_id)

    def pytest_collectreport(self, report):
        """A checks module that fails to import is a grader bug; keep its message."""
        if report.failed:
            self.collection_errors.append(str(report.longrepr)[-2000:])

    def outcome(self, check_id):
        """The recorded outcome of a check, or an error if it never ran."""
        return self.outcomes.get(check_id, (ERROR, t("outcome.did_not_run")))
