"""NumPy exercises and the CLI's fast paths never import TensorFlow, in the grader or the worker."""
import json
import subprocess
import sys

import pytest

from conftest import write_submission
from grader import catalog

FRAMEWORKS = "{'tensorflow', 'keras'}"
PROBE = f"""
def loaded_frameworks():
    import sys
    return sorted({{m.split(".")[0] for m in sys.modules}} & {FRAMEWORKS})
"""
NUMPY_EXERCISES = [e.id for e in catalog.exercises() if e.kind == "numpy"]


@pytest.mark.parametrize("exercise", NUMPY_EXERCISES)
def test_numpy_exercise_imports_no_tensorflow(tmp_path, exercise):
    entry = catalog.resolve(exercise)
    folder = write_submission(tmp_path, exercise, PROBE)
    # A fresh interpreter: the check, then the worker's own view of its loaded modules.
    code = f"""
import json, sys
from grader.runner.check import check
from grader.sandbox.proxy import Learner
result = check(exercise={exercise!r}, workspace={str(folder)!r})
learner = Learner({str(folder / entry.filename)!r})
worker = learner.loaded_frameworks()
learner.close()
grader = sorted({{m.split(".")[0] for m in sys.modules}} & {FRAMEWORKS})
print(json.dumps({{"status": result.status, "worker": worker, "grader": grader}}))
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    report = json.loads(out.stdout.strip().splitlines()[-1])
    assert report == {"status": "passed", "worker": [], "grader": []}


@pytest.mark.parametrize("args", [["--help"], ["list"], ["hint", "ex1"]])
def test_cli_fast_paths_import_no_heavy_modules(args):
    code = ("import sys\nfrom grader.cli import main\ntry:\n    main(%r)\nexcept SystemExit:\n    pass\n"
            "heavy = {m.split('.')[0] for m in sys.modules} & {'tensorflow', 'keras', 'pytest', 'hypothesis'}\n"
            "print('HEAVY', sorted(heavy))\n" % (args,))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "HEAVY []" in out.stdout
