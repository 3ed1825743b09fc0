"""A Python exercise (catalog kinds ``numpy`` and ``keras``): a stub module the learner fills in, graded by
the pytest checks of ``grader/checks/`` against the reference in ``solutions/``, the learner's code run
in the sandboxed worker."""
import contextlib
import importlib
from pathlib import Path

from grader.exercise_files import structure
from grader.i18n import t
from grader.results import NOT_STARTED, PASSED
from grader.workspace import file_digest, language


def score_detail(result, key, check_ids):
    """'score/max', then the message ``key`` naming ``check_ids`` if there are any."""
    detail = f"{result.score:g}/{result.max_score:g}"
    return detail + t(key, checks=", ".join(check_ids)) if check_ids else detail


class PythonExercise:
    """The Kind of a stub module checked in the worker; ``warm_up`` runs in the grader while the worker
    starts (Keras exercises import TensorFlow on both sides at once, not one after the other), a
    batch's grading children find the ``preload`` modules already imported, and a worker started ahead
    (watch mode) has the ``worker_preload`` modules imported before the learner's file."""

    group = "exercises"
    interactive = False

    def __init__(self, warm_up=None, preload=(), worker_preload=()):
        self.warm_up, self.preload, self.worker_preload = warm_up, preload, worker_preload

    def check(self, entry, *, workspace=None, module_path=None, checks=None, limits=None, training_log=None):
        """The Result of the learner's module, its code run in the worker."""
        from grader.runner.check import check_module

        path = Path(module_path) if module_path else Path(workspace) / entry.filename
        return check_module(entry, path, checks=checks, limits=limits, training_log=training_log,
                            warm_up=self.warm_up)

    @contextlib.contextmanager
    def prepared(self, entry, workspace):
        """Start the learner's worker ahead (``worker_preload`` imported in it) and import ``preload`` here,
        both at once; a worker no check took is stopped on leaving."""
        from grader.runner.check import start_worker_ahead
        from grader.sandbox import ahead

        try:
            start_worker_ahead(entry, Path(workspace) / entry.filename, self.worker_preload)
            for module in self.preload:
                importlib.import_module(module)
            yield
        finally:
            ahead.discard()

    def starting_text(self, entry, workspace):
        """The stub shipped in ``exercises/``, in the workspace's language (None when the package has none)."""
        stub = entry.stub_in(language(workspace))
        return stub.read_text(encoding="utf-8") if stub.is_file() else None

    def is_untouched(self, entry, path):
        """True when the file is byte for byte the stub in its workspace's language."""
        return file_digest(path) == file_digest(entry.stub_in(language(Path(path).parent)))

    def render_result(self, result, entry, *, every_failure=False):
        """The checks table, the failures' details (the first three unless ``every_failure``) and what to do next."""
        from grader.render import render_result

        return render_result(result, entry.filename, max_details=None if every_failure else 3)

    def checks_of(self, entry, name):
        """The checks that call the stub's function ``name`` (read from the checks module)."""
        from grader.check_selection import checks_of

        return checks_of(entry, name)

    def solution_view(self, entry, workspace):
        """The reference module, syntax-highlighted."""
        from grader.render import solution_view

        return solution_view(entry, entry.solution_path.read_text(encoding="utf-8"))

    def verify(self, entry):
        """The files agree, the reference scores full marks, the stub scores 0 as 'not started'."""
        problems = structure(entry)
        rows = [(t("verify.files"), not problems, "; ".join(problems))]
        if problems:
            return rows
        solved = self.check(entry, module_path=entry.solution_path)
        bad = [c.id for c in solved.checks if c.status != PASSED]
        rows.append((t("verify.solution_passes"), solved.status == PASSED and solved.score == solved.max_score,
                     score_detail(solved, "verify.not_passing", bad)))
        stub = self.check(entry, module_path=entry.stub_path)
        started = [c.id for c in stub.checks if c.status != NOT_STARTED]
        rows.append((t("verify.stub_not_started"), stub.status == NOT_STARTED and stub.score == 0,
                     score_detail(stub, "verify.started", started)))
        if entry.pack.proves_checks:
            from grader.check_proofs import proof_rows

            rows += proof_rows(self, entry)
        return rows

    def fingerprint_inputs(self, entry):
        """The checks module, the shared check helpers, the reference."""
        return [entry.checks_path, entry.solution_path, *entry.check_helpers]

    def answers_text(self, entry, workspace):
        """None: code is compared by grader.similarity, not as answers."""
        return None

    def files_to_watch(self, entry):
        """The learner's module."""
        return (entry.filename,)


def _import_keras():
    from grader.keras_rebuild import keras

    keras()


KINDS = {"numpy": PythonExercise(),
         "keras": PythonExercise(warm_up=_import_keras, preload=("grader.keras_preload",),
                                 worker_preload=("tensorflow", "keras"))}
