"""A synthetic class over the whole course, graded by each executor configuration that runs on this machine:
wall time, tasks per minute, and CPU per task by kind (tasks per core-minute).

    python benchmarks/course_class.py [--learners 100] [--configs local-1,local-2,dask-2,local-2-cold]

The class: learner i hands in, for every exercise, the stub (i % 5 == 0: not started), the reference
with its last function left as the stub's (i % 5 == 1: half done, some checks not started) or the
reference (the rest), each with a unique comment so no two files are alike; for every quiz, the
blank answers file (i % 5 == 0) or the right answers for that learner's numbers. A task is one
learner × exercise or quiz (18 per learner). CPU per task is measured inside each grading child
(its own and its reaped workers', benchmarks/task_cpu.py, with workers in process isolation so their
CPU is counted), so it holds whatever else the machine runs; wall times do not (the load average is
printed). ``local-2-cold`` is ``local-2`` before the Keras kind's preload: its grading children's server
imports no TensorFlow, so every Keras task's child imports it again.
"""
import argparse
import ast
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from grader import catalog
from grader.batch import TimeLimits, executors, grade
from grader.quiz import answers_file_text, reference_answers
from task_cpu import measured_env, measured_main, preloading  # records each task's CPU, measured in its child

CONFIGS = {"local-1": ("local", 1), "local-2": ("local", 2), "dask-2": ("dask", 2), "local-2-cold": ("cold", 2)}


def half_done(entry):
    """The reference with its last function replaced by the stub's (a later ``def`` wins)."""
    stub = entry.stub_path.read_text(encoding="utf-8")
    last = [node for node in ast.parse(stub).body if isinstance(node, ast.FunctionDef)][-1]
    return entry.solution_path.read_text(encoding="utf-8") + "\n\n" + ast.get_source_segment(stub, last) + "\n"


def build_class(root, learners):
    """``learners`` submission folders over every catalog entry; returns the folder."""
    for i in range(learners):
        name = f"learner{i:03d}"
        folder = root / name
        folder.mkdir(parents=True)
        for entry in catalog.exercises():
            if entry.kind == "quiz":
                answers = None if i % 5 == 0 else reference_answers(entry, name)
                text = answers_file_text(entry, name, answers)
            else:
                text = {0: entry.stub_path.read_text(encoding="utf-8"), 1: half_done(entry)}.get(
                    i % 5, entry.solution_path.read_text(encoding="utf-8")) + f"\n# {name}\n"
            (folder / entry.filename).write_text(text, encoding="utf-8")
    return root


def run(config, submissions, out):
    """Grade the class with one configuration, in this (fresh) process; prints wall seconds and outcomes."""
    name, jobs = CONFIGS[config]
    executor = preloading((), jobs) if name == "cold" else executors.create(name, jobs=jobs, child_main=measured_main)
    started = time.perf_counter()
    summary = grade(submissions=submissions, out=out, executor=executor,
                    limits=TimeLimits(exercise=900, submission=7200))
    print(json.dumps({"wall": time.perf_counter() - started, "counts": summary.counts()}))


def run_apart(config, submissions, out, log):
    """``run`` in a process of its own (one forkserver per process, started with its environment)."""
    command = [sys.executable, __file__, "--run", config, "--submissions", str(submissions), "--out", str(out)]
    done = subprocess.run(command, env=measured_env(log), capture_output=True, text=True, check=True)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    return result["wall"], result["counts"], [json.loads(line) for line in log.read_text().splitlines()]


def report(config, wall, counts, records, load):
    """One row of the executor table and the per-kind CPU figures."""
    kind_of = {entry.id: entry.kind for entry in catalog.exercises()}  # the catalog's kinds: numpy, keras, quiz
    by_kind = {}
    for record in records:
        by_kind.setdefault(kind_of[record["exercise"]], []).append(record["cpu"])
    cpu = sum(r["cpu"] for r in records)
    return {"config": config, "tasks": len(records), "wall": round(wall, 1), "load": round(load, 1),
            "tasks_per_minute": round(len(records) / wall * 60, 1),
            "tasks_per_core_minute": round(len(records) / cpu * 60, 1), "counts": counts,
            "cpu_per_task": {k: round(statistics.median(v), 2) for k, v in sorted(by_kind.items())},
            "per_core_minute_by_kind": {k: round(60 / statistics.median(v), 1) for k, v in sorted(by_kind.items())}}


def main():
    """Build the class, grade it with each configuration, print JSON and a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--learners", type=int, default=100)
    parser.add_argument("--configs", default="local-1,local-2,dask-2")
    parser.add_argument("--run", choices=list(CONFIGS), help=argparse.SUPPRESS)
    parser.add_argument("--submissions", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run:
        return run(args.run, args.submissions, args.out)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        submissions = build_class(Path(tmp) / "submissions", args.learners)
        for config in args.configs.split(","):
            loads = os.getloadavg()[0]
            wall, counts, records = run_apart(config, submissions, Path(tmp) / f"out-{config}",
                                              Path(tmp) / f"{config}.jsonl")
            rows.append(report(config, wall, counts, records, max(loads, os.getloadavg()[0])))
            print(json.dumps(rows[-1]), flush=True)
    print(f"\n{args.learners} learners x {len(catalog.exercises())} items, {os.cpu_count()} cores\n")
    print("| executor | tasks | wall (s) | tasks/min | tasks/core-min (CPU) | CPU s per task: "
          + " / ".join(rows[0]["cpu_per_task"]) + " | load |\n|---|---:|---:|---:|---:|---|---:|")
    for row in rows:
        print(f"| {row['config']} | {row['tasks']} | {row['wall']} | {row['tasks_per_minute']} | "
              f"{row['tasks_per_core_minute']} | {' / '.join(str(v) for v in row['cpu_per_task'].values())} | "
              f"{row['load']} |")


if __name__ == "__main__":
    main()
