"""Watch mode's re-check latency: from a save to the verdict on screen's data, for NumPy and Keras exercises.

    python benchmarks/watch_latency.py [--repeat 3] [--exercises exercise02,exercise08] [--idle 25]
                                       [--modes check,at-save,ahead]

Drives the job runner `dlgrade watch` uses (grader.watch_jobs.ProcessJobs) on a workspace holding the
reference solutions, and `dlgrade check` for comparison, alternating the modes:

- check: `dlgrade check EXERCISE --json` in a fresh process;

- at the save: the check's grading child is forked and its worker started when the file is saved
  (what watch mode did before it started them ahead; a `dlgrade check` pays the same plus Python's
  start and the grader's imports);
- started ahead: `prepare` ran while the learner edited (``--idle`` seconds), as watch mode does when it
  shows its waiting line, so the child has TensorFlow imported (Keras) and the worker waits with it.

Wall times depend on the machine's load (the CPU here is shared): compare the columns, which are
measured alternately, and read the load average printed with them. The at-save mode runs on a
grader from before watch mode started checks ahead too (PYTHONPATH=an older tree, --modes at-save).
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from grader import catalog, watch_jobs


def solved_workspace(folder, exercises):
    """A workspace whose files for ``exercises`` are the reference solutions."""
    subprocess.run([sys.executable, "-m", "grader", "init", str(folder)], check=True, capture_output=True)
    for exercise_id in exercises:
        entry = catalog.resolve(exercise_id)
        shutil.copyfile(entry.solution_path, folder / entry.filename)
    return folder


class Timed:
    """ProcessJobs with a blocking ``check``: seconds from start to the finished payload."""

    def __init__(self):
        self.finished = threading.Event()
        self.payload = None
        self.jobs = watch_jobs.ProcessJobs(self._done)

    def _done(self, token, payload):
        self.payload = payload
        self.finished.set()

    def check(self, workspace, exercise_id, ahead=False):
        """Seconds from the save to the Result; ``ahead``: ``prepare`` ran while the learner edited."""
        if ahead:
            self.jobs.prepare(workspace, exercise_id)
        self.finished.clear()
        time.sleep(IDLE[0])
        started = time.perf_counter()
        self.jobs.start(1, watch_jobs.check_one, workspace, exercise_id)
        self.finished.wait(600)
        seconds = time.perf_counter() - started
        if self.payload is None or self.payload["status"] != "passed":
            raise SystemExit(f"{exercise_id}: the reference did not pass: {self.payload}")
        return seconds


def cli_check(workspace, exercise_id):
    """Seconds `dlgrade check` takes in a fresh process (after the same editing pause)."""
    time.sleep(IDLE[0])
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "grader", "check", exercise_id, "--workspace", workspace, "--json"],
                   check=True, capture_output=True)
    return time.perf_counter() - started


IDLE = [25.0]  # seconds the learner edits between saves (--idle)


def main():
    """Measure and print a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--exercises", default="exercise02,exercise08")
    parser.add_argument("--idle", type=float, default=25.0, help="seconds the learner edits between saves")
    parser.add_argument("--modes", default="check,at-save,ahead")
    args = parser.parse_args()
    IDLE[0] = args.idle
    exercises, modes = args.exercises.split(","), args.modes.split(",")
    with tempfile.TemporaryDirectory() as tmp:
        workspace = str(solved_workspace(Path(tmp) / "ws", exercises))
        timed = Timed()
        timed.check(workspace, exercises[0])  # starts the forkserver, as a session's first check does
        measure = {"check": lambda e: cli_check(workspace, e), "at-save": lambda e: timed.check(workspace, e),
                   "ahead": lambda e: timed.check(workspace, e, ahead=True)}
        rows, loads = [], []
        for exercise_id in exercises:
            samples = {mode: [] for mode in modes}
            for _ in range(args.repeat):
                for mode in modes:
                    samples[mode].append(measure[mode](exercise_id))
                    loads.append(os.getloadavg()[0])
            rows.append((exercise_id, catalog.resolve(exercise_id).kind, samples))
        timed.jobs.cancel()
    print(f"{os.cpu_count()} cores, load average (1 min) {min(loads):.1f}-{max(loads):.1f} during the checks, "
          f"{args.idle:g} s of editing before each save, medians of {args.repeat} (range)\n")
    titles = {"check": "`dlgrade check`", "at-save": "watch re-check, started at the save",
              "ahead": "watch re-check, started ahead"}
    print("| exercise | kind | " + " | ".join(titles[m] + " (s)" for m in modes) + " |\n|---|---|"
          + "---:|" * len(modes))
    for exercise_id, kind, samples in rows:
        cells = [f"{statistics.median(v):.2f} ({min(v):.2f}-{max(v):.2f})" for v in samples.values()]
        print(f"| {exercise_id} | {kind} | {' | '.join(cells)} |")


if __name__ == "__main__":
    main()
