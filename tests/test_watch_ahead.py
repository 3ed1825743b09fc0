"""Watch mode starts the next check's grading child and worker ahead, while the learner edits: the worker
has the exercise's libraries imported (TensorFlow for Keras) and takes the learner's file as saved at the
check; each check still gets a fresh worker, so nothing a learner's run did reaches the next."""
import json
import os
import subprocess
import sys
import threading

from conftest import write_submission
from grader import catalog, watch_jobs
from grader.runner.check import learner_for, start_worker_ahead
from grader.sandbox import ahead

REPORT = """

def report():
    import os, sys
    return {"home": os.environ["HOME"], "version": VERSION, "tensorflow_before_me": TENSORFLOW_BEFORE_ME}
"""

# A hostile first version: it changes every piece of shared state it can reach from the worker, at import
# and in the function the first check calls, and leaves a process running.
HOSTILE = """
import builtins, os, subprocess, sys
import numpy as np
from tensorflow import keras


def _patch():
    np.mean = lambda *args, **kwargs: 0.0
    np.mean.hostile = True
    keras.Sequential.hostile = True
    keras.Model.fit = lambda *args, **kwargs: None
    keras.HOSTILE = True
    builtins.HOSTILE = True
    os.environ["HOSTILE"] = "1"
    os.makedirs(os.path.expanduser("~/.keras"), exist_ok=True)
    with open(os.path.expanduser("~/.keras/keras.json"), "w") as handle:
        handle.write('{"floatx": "float16", "epsilon": 1.0, "backend": "tensorflow"}')
    with open(os.path.expanduser("~/hostile.txt"), "w") as handle:
        handle.write("left for the next check")
    subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"], start_new_session=True)


_patch()


def build_sequential_mlp(input_size=28, hidden_units=(64, 128), num_classes=10, learning_rate=0.001):
    _patch()
    raise RuntimeError("hostile")
"""

# The second version refuses to import if anything of the first version's run is visible to it.
PROBE = """
import builtins, os
import numpy as np
from tensorflow import keras

_leaked = [name for name, seen in [
    ("numpy.mean", getattr(np.mean, "hostile", False)),
    ("keras.Sequential", getattr(keras.Sequential, "hostile", False)),
    ("keras.Model.fit", keras.Model.fit.__name__ == "<lambda>"),
    ("a keras module global", hasattr(keras, "HOSTILE")),
    ("builtins", hasattr(builtins, "HOSTILE")),
    ("the environment", "HOSTILE" in os.environ),
    ("~/.keras/keras.json", keras.config.floatx() != "float32"),
    ("a file in the home", os.path.exists(os.path.expanduser("~/hostile.txt"))),
] if seen]
if _leaked:
    raise RuntimeError("left by the previous check: " + ", ".join(_leaked))
"""


class Collect:
    """ProcessJobs whose results are awaited one at a time."""

    def __init__(self):
        self.event, self.payload = threading.Event(), None
        self.jobs = watch_jobs.ProcessJobs(self.done)

    def done(self, token, payload):
        self.payload = payload
        self.event.set()

    def check(self, workspace, exercise_id):
        self.event.clear()
        self.jobs.start(1, watch_jobs.check_one, str(workspace), exercise_id)
        assert self.event.wait(600)
        return self.payload


def test_a_check_takes_the_worker_started_ahead_with_the_file_as_saved_at_the_check(tmp_path):
    entry = catalog.resolve("exercise02")
    path = write_submission(tmp_path, "exercise02", "VERSION = 1\nTENSORFLOW_BEFORE_ME = False\n" + REPORT) \
        / entry.filename
    start_worker_ahead(entry, path, ("json",))
    started_ahead = next(iter(ahead._waiting.values()))
    write_submission(tmp_path, "exercise02", "VERSION = 2\nTENSORFLOW_BEFORE_ME = False\n" + REPORT)
    learner = learner_for(entry, path)
    try:
        first = learner.report()
        assert not ahead._waiting  # taken, never to be taken again
        assert first["version"] == 2  # the file as saved when the check began, not when the worker started
        assert started_ahead.proc.poll() is None and learner._process is started_ahead
        again = learner_for(entry, path)
        second = again.report()  # no worker waits ahead now: a new one is started
        assert second["home"] != first["home"]
        again.close()
    finally:
        learner.close()
        ahead.discard()


def test_a_keras_worker_started_ahead_has_tensorflow_before_the_learners_file(tmp_path):
    entry = catalog.resolve("exercise08")
    probe = "import sys\nVERSION = 1\nTENSORFLOW_BEFORE_ME = 'tensorflow' in sys.modules\n" + REPORT
    folder = write_submission(tmp_path, "exercise08", probe)
    from grader import kinds

    with kinds.of(entry).prepared(entry, folder):
        learner = learner_for(entry, folder / entry.filename)
        try:
            assert learner.report()["tensorflow_before_me"] is True
        finally:
            learner.close()
    assert not ahead._waiting


def test_a_hostile_check_leaves_nothing_for_the_next_check_started_ahead(tmp_path):
    folder = write_submission(tmp_path / "ws", "exercise08", HOSTILE, base=None)
    runner = Collect()
    try:
        first = runner.check(folder, "exercise08")
        assert first["score"] == 0 and first["status"] == "error"
        runner.jobs.prepare(str(folder), "exercise08")  # as watch mode does while it waits for a save
        write_submission(folder, "exercise08", PROBE, base="solution")
        second = runner.check(folder, "exercise08")
        assert [c["message"] for c in second["checks"] if c["status"] != "passed"] == []
        assert second["score"] == second["max_score"] > 0
    finally:
        runner.jobs.close()


def test_watch_mode_never_imports_tensorflow_for_a_numpy_exercise(tmp_path):
    entry = catalog.resolve("exercise02")
    folder = write_submission(tmp_path, "exercise02", "VERSION = 1\nTENSORFLOW_BEFORE_ME = False\n" + REPORT)
    # A fresh interpreter: the kind gets the next check ready, the check takes its worker.
    code = f"""
import json, sys
from grader import catalog, kinds
from grader.runner.check import learner_for
from grader.sandbox import ahead
entry = catalog.resolve("exercise02")
with kinds.of(entry).prepared(entry, {str(folder)!r}):
    waiting = len(ahead._waiting)
    learner = learner_for(entry, {str(folder / entry.filename)!r})
    worker = learner.frameworks()
    learner.close()
grader = sorted({{m.split(".")[0] for m in sys.modules}} & {{"tensorflow", "keras"}})
print(json.dumps({{"waiting": waiting, "worker": worker, "grader": grader}}))
"""
    (folder / entry.filename).write_text((folder / entry.filename).read_text() + """

def frameworks():
    import sys
    return sorted({m.split(".")[0] for m in sys.modules} & {"tensorflow", "keras"})
""")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env=dict(os.environ))
    assert json.loads(out.stdout.strip().splitlines()[-1]) == {"waiting": 1, "worker": [], "grader": []}
