"""CPU seconds per batch task (grading child + learner workers), NumPy versus Keras, with the grading
children forked from a server that did or did not import TensorFlow first.

    python benchmarks/task_cpu.py [--learners 2] [--exercises exercise02,exercise08]

Each mode runs in its own process (a process has one forkserver) with one task at a time. A task's
CPU time is measured inside the grading child (its own and its reaped learner workers'), so it is
what the task costs a core whatever else the machine runs; tasks per core-minute = 60 / that.
The server's one-off import is reported apart (paid once per batch and core).

Workers run in process isolation (Landlock) here: a bubblewrap worker's CPU never reaches the grading
child's getrusage (the grader kills the sandbox, whose init dies without reaping the worker), so under
bubblewrap a task would seem to cost only its grading child.
"""
import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

MODES = {"cold": (), "tensorflow-preloaded": ("grader.keras_preload",)}  # the second: the Keras kind's preload


def _cpu():
    own, reaped = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + reaped.ru_utime + reaped.ru_stime


def measured_main(conn, exercise_id, workspace, task_dir, hard_limit):
    """The batch child's entry point, recording the task's CPU seconds in $BENCH_OUT."""
    from grader.batch import child

    before = _cpu()
    child.main(conn, exercise_id, workspace, task_dir, hard_limit)
    with open(os.environ["BENCH_OUT"], "a") as out:
        out.write(json.dumps({"exercise": exercise_id, "cpu": _cpu() - before}) + "\n")


def measured_env(log):
    """The environment of a measured batch: its tasks' CPU goes to ``log``; workers in process isolation."""
    return {**os.environ, "BENCH_OUT": str(log), "DLGRADE_ISOLATION": "process"}


def preloading(modules, jobs):
    """A local executor whose grading children's server imports ``modules`` ahead, whatever the kinds ask for."""
    from grader.batch import supervision
    from grader.batch.executors import LocalExecutor

    class Preloading(LocalExecutor):
        def open(self, tmp, limits, entries):
            super().open(tmp, limits, entries)
            self.ctx = supervision.context(modules)

    return Preloading(jobs=jobs, child_main=measured_main)


def run_mode(mode, submissions, exercises):
    """Grade the class with one child at a time; print the CPU seconds of each task as JSON lines."""
    from grader.batch import TimeLimits, grade

    with tempfile.TemporaryDirectory() as out:
        started = time.perf_counter()
        server = _cpu()
        grade(submissions=submissions, out=out, exercises=exercises, limits=TimeLimits(exercise=600, submission=3600),
              executor=preloading(MODES[mode], jobs=1))
        print(json.dumps({"wall": time.perf_counter() - started, "batch_cpu": _cpu() - server}))


def build_class(root, learners, exercises):
    from grader import catalog

    for i in range(learners):
        for exercise in exercises:
            entry = catalog.resolve(exercise)
            folder = root / f"learner{i:03d}"
            folder.mkdir(parents=True, exist_ok=True)
            (folder / entry.filename).write_bytes(entry.solution_path.read_bytes())


def server_import_cpu(modules):
    """CPU seconds a fresh interpreter spends importing ``modules`` (what a forkserver pays once)."""
    code = f"import resource; import {', '.join(modules)}; r = resource.getrusage(resource.RUSAGE_SELF); " \
           "print(r.ru_utime + r.ru_stime)"
    return float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                check=True).stdout.split()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=2)
    parser.add_argument("--exercises", default="exercise02,exercise08")
    parser.add_argument("--mode", choices=list(MODES), help=argparse.SUPPRESS)
    parser.add_argument("--submissions", help=argparse.SUPPRESS)
    args = parser.parse_args()
    exercises = args.exercises.split(",")
    if args.mode:
        return run_mode(args.mode, args.submissions, exercises)
    report = {}
    with tempfile.TemporaryDirectory() as tmp:
        build_class(Path(tmp) / "submissions", args.learners, exercises)
        for mode in MODES:
            log = Path(tmp) / f"{mode}.jsonl"
            command = [sys.executable, __file__, "--mode", mode, "--submissions", str(Path(tmp) / "submissions"),
                       "--exercises", args.exercises]
            out = subprocess.run(command, env=measured_env(log), capture_output=True, text=True, check=True).stdout
            tasks = [json.loads(line) for line in log.read_text().splitlines()]
            per = {e: [t["cpu"] for t in tasks if t["exercise"] == e] for e in exercises}
            report[mode] = {"batch": json.loads(out.splitlines()[-1]),
                            "server_import_cpu": server_import_cpu(["grader.batch.child", *MODES[mode]]),
                            "cpu_per_task": {e: round(statistics.median(v), 2) for e, v in per.items()},
                            "tasks_per_core_minute": {e: round(60 / statistics.median(v), 1) for e, v in per.items()},
                            "samples": per}
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
