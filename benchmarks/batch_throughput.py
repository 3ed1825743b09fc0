"""Benchmark: batch grading throughput with --jobs 1 and --jobs 2 (and more if asked), the speedup, the
cost of a resumed run with nothing changed, and a serial baseline of one fresh process per check.

Run from the repository with the package installed:
    python benchmarks/batch_throughput.py [--submissions 24] [--exercises exercise01-exercise03] [--jobs 1,2]
Prints a Markdown table (quoted in the README). The submissions are synthetic: reference solutions,
stubs and a partly wrong exercise01, each with a unique comment so every content hash differs.
"""
import argparse
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from grader.batch import grade, select_exercises

WRONG_STEP = "\n\ndef step(z):\n    return (np.asarray(z) > 0).astype(int)\n"


def make_submissions(folder, count, entries):
    """``count`` learner folders: 1 in 4 hands in the stubs, 1 in 4 a wrong step(), the rest solutions."""
    for i in range(count):
        learner = folder / f"learner{i:03d}"
        learner.mkdir(parents=True)
        for entry in entries:
            source = entry.stub_path if i % 4 == 0 else entry.solution_path
            text = source.read_text(encoding="utf-8")
            if i % 4 == 1 and entry.id == "exercise01":
                text += WRONG_STEP
            (learner / entry.filename).write_text(text + f"\n# learner {i}\n", encoding="utf-8")
    return folder


def serial_baseline(submissions, entries, learners):
    """Seconds for the first ``learners`` submissions graded one fresh Python process per check (a shell
    loop over check); a multiple of 4 keeps the mix of solutions, stubs and wrong code of the batch."""
    tasks = [(learner, entry) for learner in sorted(submissions.iterdir())[:learners] for entry in entries]
    start = time.perf_counter()
    for learner, entry in tasks:
        code = (f"from grader.runner.check import check; check(exercise={entry.id!r}, workspace={str(learner)!r})")
        subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)
    return len(tasks), time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=24)
    parser.add_argument("--exercises", default="exercise01-exercise03")
    parser.add_argument("--jobs", default="1,2", help="comma-separated job counts to compare")
    parser.add_argument("--baseline", type=int, default=4, help="submissions in the serial baseline (0: skip)")
    args = parser.parse_args()
    entries = select_exercises(args.exercises)
    jobs_list = [int(j) for j in args.jobs.split(",")]
    root = Path(tempfile.mkdtemp(prefix="dlgrade-bench-"))
    try:
        submissions = make_submissions(root / "submissions", args.submissions, entries)
        rows = []
        for jobs in jobs_list:
            out = root / f"results-j{jobs}"
            start = time.perf_counter()
            summary = grade(submissions=submissions, out=out, exercises=entries, jobs=jobs)
            seconds = time.perf_counter() - start
            rows.append((jobs, len(summary.graded), seconds, summary.counts()))
        start = time.perf_counter()
        resumed = grade(submissions=submissions, out=root / f"results-j{jobs_list[-1]}", exercises=entries,
                        jobs=jobs_list[-1])
        resume_seconds = time.perf_counter() - start
        baseline = serial_baseline(submissions, entries, args.baseline) if args.baseline else None
    finally:
        shutil.rmtree(root, ignore_errors=True)

    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"Batch throughput: {args.submissions} submissions × {len(entries)} exercises "
          f"({', '.join(e.id for e in entries)}); Python {platform.python_version()}, {os.cpu_count()} CPUs, "
          f"load average {load:.1f} at the end\n")
    print("| Mode | Tasks | Wall s | Tasks/s | Speedup vs --jobs 1 |")
    print("|---|---:|---:|---:|---:|")
    base = rows[0][1] / rows[0][2]
    for jobs, tasks, seconds, counts in rows:
        print(f"| `--jobs {jobs}` | {tasks} | {seconds:.1f} | {tasks / seconds:.2f} | {tasks / seconds / base:.2f}× |")
    print(f"| rerun, nothing changed (`--jobs {jobs_list[-1]}`) | {len(resumed.skipped)} skipped | "
          f"{resume_seconds:.3f} | – | – |")
    if baseline:
        tasks, seconds = baseline
        print(f"| serial, a fresh process per check | {tasks} | {seconds:.1f} | {tasks / seconds:.2f} | "
              f"{tasks / seconds / base:.2f}× |")
    print(f"\nOutcomes per run: {rows[0][3]}")


if __name__ == "__main__":
    main()
