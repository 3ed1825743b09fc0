"""In a batch, a learner's code cannot reach the other learners' work, the gradebook or the results.

Three learners; ``a`` tries every way to another's answers (by absolute path into the submissions
folder, by listing it, through its own worker's command line to the batch's copies, the gradebook,
the results folder) and uses ``b``'s relu if it gets it. In both isolation modes: every try is refused
and flagged, ``a`` earns nothing from it, and ``b`` and ``c`` are graded as usual.
"""
import multiprocessing.forkserver

import pytest

from conftest import write_submission
from grader.batch.gradebook import Gradebook
from grader.batch.runner import grade

HOSTILE = """
import json, os
_attempts = {}
def _try(name, action):
    try:
        _attempts[name] = action()
    except Exception as exc:
        _attempts[name] = exc
def _workspace():
    config = json.loads(open('/proc/self/cmdline', 'rb').read().split(b'\\0')[-2])
    return config['unflagged'][-1]
def relu(z):
    _try('classmate', lambda: open(SUBMISSIONS + '/b/exercise02_activations.py').read())
    _try('submissions', lambda: os.listdir(SUBMISSIONS))
    _try('gradebook', lambda: open(RESULTS + '/gradebook.sqlite', 'rb').read(100))
    _try('results', lambda: os.listdir(RESULTS))
    _try('parent', lambda: os.listdir('..'))
    _try('batch copies', lambda: os.listdir(os.path.dirname(_workspace())))
    stolen = _attempts['classmate']
    if isinstance(stolen, str):
        namespace = {}
        exec(stolen, namespace)
        return namespace['relu'](z)
    return z
"""


@pytest.fixture
def fresh_forkserver():
    """Batch children fork from a server that keeps the environment it started with: restart it so they
    see the isolation mode this test forces."""
    multiprocessing.forkserver._forkserver._stop()
    yield
    multiprocessing.forkserver._forkserver._stop()


def test_a_learner_cannot_reach_classmates_gradebook_or_results(tmp_path, isolation_mode, fresh_forkserver):
    submissions, results = tmp_path / "submissions", tmp_path / "results"
    write_submission(submissions / "a", "exercise02",
                     f"SUBMISSIONS = {str(submissions)!r}\nRESULTS = {str(results)!r}\n{HOSTILE}")
    write_submission(submissions / "b", "exercise02")
    write_submission(submissions / "c", "exercise02")
    grade(submissions=submissions, out=results, exercises=["exercise02"], jobs=1)
    with Gradebook.open(results, readonly=True) as book:
        graded = {record.name: record.graded["exercise02"].result for record in book.load()}
    a = graded["a"]
    relu = next(c for c in a.checks if c.id == "relu")
    assert relu.status == "failed" and relu.points == 0, relu.message
    assert a.score == a.max_score - relu.max_points
    for note in (f"tried to read {submissions}/b/exercise02_activations.py",
                 f"tried to list the folder {submissions}", f"tried to read {results}/gradebook.sqlite",
                 f"tried to list the folder {results}"):
        assert note in a.integrity, a.integrity
    listed = [note for note in a.integrity if note.startswith("tried to list the folder ")]
    assert len(listed) == 4, a.integrity  # the two folders above, '..' and the batch's copies
    assert not any("dlgrade-batch-" in note for note in a.integrity)  # the batch's temporary paths are hidden
    for name in ("b", "c"):
        assert graded[name].score == graded[name].max_score and graded[name].integrity == []
