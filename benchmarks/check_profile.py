"""Where a check's time goes, phase by phase, for the reference solution of each exercise given.

    python benchmarks/check_profile.py [--exercises exercise02,exercise08,exercise14] [--repeat 3]

Each repetition runs in a fresh interpreter, so every import is paid as `dlgrade check` pays it:

- grader imports: the runner, pytest, hypothesis, NumPy (``import grader.runner.check``);
- worker start: a sandboxed worker started until it answers for an empty module;
- TensorFlow in the worker: the same for a module that imports TensorFlow, minus the worker start;
- TensorFlow in the grader: ``keras_rebuild.keras()`` (`dlgrade check` overlaps it with the worker's);
- learner import: a worker started ahead with the exercise's worker preload, then the learner's file
  loaded (what watch mode waits for after a save);
- each check, run alone in its own pytest session (so each includes pytest's collection, ~0.05 s),
  split into the calls into the learner's worker (its code, the model's export and transfer),
  rebuilding models in safe mode, training epochs, predictions, and the rest (hypothesis, comparisons);
- teardown: stopping the worker.

Prints a Markdown table of medians (seconds) per exercise.
"""
import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

PHASES = ["grader imports", "worker start", "TensorFlow in the worker", "TensorFlow in the grader", "learner import"]
SPLIT = ["learner calls", "rebuild", "training", "predictions", "rest"]


class Split:
    """Exclusive time per label of wrapped functions (an inner wrapped call is not counted in its caller)."""

    def __init__(self):
        self.totals, self.stack = defaultdict(float), []

    def wrap(self, owner, name, label):
        original = getattr(owner, name)

        def timed(*args, **kwargs):
            start = time.perf_counter()
            self.stack.append(0.0)
            try:
                return original(*args, **kwargs)
            finally:
                elapsed, inner = time.perf_counter() - start, self.stack.pop()
                self.totals[label] += elapsed - inner
                if self.stack:
                    self.stack[-1] += elapsed

        setattr(owner, name, timed)


def hello_time(path, preload=None):
    """Seconds from asking a worker for ``path`` to import it to its hello; with ``preload``, the worker
    was started ahead with those modules and has finished importing them (as in watch mode)."""
    from grader.sandbox.proxy import Learner

    learner = Learner(path)
    if preload is not None:
        learner.start_ahead(preload)
        wait_idle(learner)
    start = time.perf_counter()
    learner.start()
    seconds = time.perf_counter() - start
    learner.close()
    return seconds


def _tree_cpu(pid):
    """CPU clock ticks used so far by process ``pid`` and its descendants."""
    stats = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            stats[int(entry.name)] = (int(fields[1]), int(fields[11]) + int(fields[12]))
    tree, total, grew = {pid}, 0, True
    while grew:
        grew = False
        for child, (parent, _) in stats.items():
            if parent in tree and child not in tree:
                tree.add(child)
                grew = True
    return sum(stats[p][1] for p in tree if p in stats)


def wait_idle(learner):
    """Wait until the worker started ahead for ``learner`` stops using CPU (its preload is imported)."""
    from grader.sandbox import ahead

    process = ahead._waiting[learner._worker_key()]
    used = -1
    while (now := _tree_cpu(process.proc.pid)) != used:
        used = now
        time.sleep(0.5)


def one_run(exercise_id):
    """The phases of one check of the reference, in this (fresh) interpreter; printed as JSON."""
    started = time.perf_counter()
    from grader.runner import check as runner  # noqa: the grader's imports, timed

    phases = {"grader imports": time.perf_counter() - started}
    from grader import catalog, kinds
    from grader.checklib import keras_checks
    from grader import keras_rebuild
    from grader.sandbox import proxy

    entry = catalog.resolve(exercise_id)
    with tempfile.TemporaryDirectory() as tmp:
        empty, with_tf = Path(tmp) / "empty.py", Path(tmp) / "with_tf.py"
        empty.write_text("")
        with_tf.write_text("import tensorflow\n")
        phases["worker start"] = hello_time(empty)
        preload = kinds.of(entry).worker_preload
        phases["TensorFlow in the worker"] = hello_time(with_tf) - phases["worker start"] if preload else 0.0
    if entry.kind == "keras":
        start = time.perf_counter()
        keras_rebuild.keras()
        phases["TensorFlow in the grader"] = time.perf_counter() - start
    else:
        phases["TensorFlow in the grader"] = 0.0
    learner = runner.learner_for(entry, entry.solution_path)
    learner.start_ahead(preload)
    wait_idle(learner)
    start = time.perf_counter()
    learner.start()
    phases["learner import"] = time.perf_counter() - start
    split = Split()
    split.wrap(proxy.Learner, "_call", "learner calls")
    split.wrap(keras_rebuild, "rebuild_model", "rebuild")
    split.wrap(keras_rebuild, "rebuild_callback", "rebuild")
    split.wrap(keras_checks, "fit", "training")
    split.wrap(keras_checks, "predict", "predictions")
    checks = []
    for item in entry.checks:
        before = dict(split.totals)
        start = time.perf_counter()
        [result] = runner.run_checks(entry, learner, [item])
        seconds = time.perf_counter() - start
        parts = {label: split.totals[label] - before.get(label, 0.0) for label in SPLIT[:-1]}
        parts["rest"] = seconds - sum(parts.values())
        checks.append({"id": item.id, "seconds": seconds, "status": result.status, **parts})
    start = time.perf_counter()
    learner.close()
    phases["teardown"] = time.perf_counter() - start
    print(json.dumps({"phases": phases, "checks": checks}))


def median_of(runs, pick):
    return statistics.median(pick(run) for run in runs)


def main():
    """Run the repetitions in fresh interpreters and print the table."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--exercises", default="exercise02,exercise08,exercise14")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--one", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        one_run(args.one)
        return
    for exercise_id in args.exercises.split(","):
        runs = []
        for _ in range(args.repeat):
            out = subprocess.run([sys.executable, __file__, "--one", exercise_id], capture_output=True, text=True,
                                 check=True)
            runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
        print(f"\n### {exercise_id} (medians of {args.repeat}, seconds)\n")
        print("| phase | seconds |\n|---|---:|")
        for phase in [*PHASES, "teardown"]:
            print(f"| {phase} | {median_of(runs, lambda r: r['phases'][phase]):.2f} |")
        print(f"\n| check | total | {' | '.join(SPLIT)} | status |\n|---|---:|{'---:|' * len(SPLIT)}---|")
        for index, check in enumerate(runs[0]["checks"]):
            cells = [median_of(runs, lambda r: r["checks"][index][key]) for key in ["seconds", *SPLIT]]
            print(f"| {check['id']} | {' | '.join(f'{c:.2f}' for c in cells)} | {check['status']} |")


if __name__ == "__main__":
    main()
