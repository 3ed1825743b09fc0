"""Benchmark: wall time of `dlgrade check` per exercise against its reference solution with the peak
memory of its worker, `dlgrade verify` for the whole course, and the proxy's per-call overhead.

Run from the repository with the package installed:  python benchmarks/check_latency.py [--repeat 3]
Prints Markdown tables (quoted in the README). Timings are medians of --repeat runs.
"""
import argparse
import importlib
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from grader import catalog
from grader.sandbox.proxy import Learner


def solved_workspace(folder):
    """A workspace holding every reference solution as the learner's file."""
    subprocess.run([sys.executable, "-m", "grader", "init", str(folder)], check=True, capture_output=True)
    for exercise in catalog.exercises():
        if exercise.kind != "quiz" and exercise.solution_path.is_file():
            shutil.copyfile(exercise.solution_path, folder / exercise.filename)
    return folder


def worker_peaks(marker):
    """Peak resident memory (VmHWM, MB) of each running worker whose command line contains ``marker``."""
    peaks = {}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            command = Path(f"/proc/{pid}/cmdline").read_bytes()
            if b"worker.py" not in command or marker.encode() not in command:
                continue
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmHWM:"):
                peaks[pid] = int(line.split()[1]) / 1024
    return peaks


def time_command(args, repeat, marker=None):
    """Median wall time of a command, its exit code and the peak memory of its workers (MB)."""
    times, code, peak = [], None, 0.0
    for _ in range(repeat):
        start = time.perf_counter()
        process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        while process.poll() is None:
            if marker:
                peak = max([peak, *worker_peaks(marker).values()])
            time.sleep(0.02)
        code = process.returncode
        times.append(time.perf_counter() - start)
    return statistics.median(times), code, peak


def check_latency(workspace, repeat):
    """Rows: exercise id, kind, median seconds, exit code, worker peak memory (MB)."""
    rows = []
    for exercise in catalog.exercises():
        if exercise.kind == "quiz":
            continue
        seconds, code, peak = time_command([sys.executable, "-m", "grader", "check", exercise.id, "--workspace",
                                            str(workspace), "--json"], repeat, marker=str(workspace))
        rows.append((exercise.id, exercise.kind, seconds, code, peak))
    return rows


def proxy_overhead(calls=2000):
    """Microseconds per call: direct sigmoid vs the same function through the worker proxy."""
    exercise = catalog.resolve("exercise02")
    module = importlib.import_module(f"solutions.{exercise.module_name}")
    learner = Learner(exercise.solution_path)
    rows = []
    for label, value in (("(10,) float64", np.linspace(-3, 3, 10)),
                         ("(64, 28, 28, 1) float32", np.zeros((64, 28, 28, 1), np.float32))):
        n = calls if value.size < 1000 else calls // 10
        learner.sigmoid(value)
        start = time.perf_counter()
        for _ in range(n):
            module.sigmoid(value)
        direct = (time.perf_counter() - start) / n
        start = time.perf_counter()
        for _ in range(n):
            learner.sigmoid(value)
        proxied = (time.perf_counter() - start) / n
        rows.append((label, direct * 1e6, proxied * 1e6))
    learner.close()
    return rows


def main():
    """Run the benchmarks and print Markdown tables."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"Machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python "
          f"{platform.python_version()}, NumPy {np.__version__}\n")
    with tempfile.TemporaryDirectory() as tmp:
        workspace = solved_workspace(Path(tmp) / "ws")
        print("| exercise | kind | `dlgrade check` wall time (s) | exit | worker peak RSS (MB) |\n"
              "|---|---|---|---|---|")
        for exercise_id, kind, seconds, code, peak in check_latency(workspace, args.repeat):
            print(f"| {exercise_id} | {kind} | {seconds:.2f} | {code} | {peak:.0f} |")
        seconds, code, _ = time_command([sys.executable, "-m", "grader", "verify"], 1)
        print(f"\n`dlgrade verify` (whole course): {seconds:.1f} s, exit {code}")
    print("\n| call | direct (µs) | through the proxy (µs) |\n|---|---|---|")
    for label, direct, proxied in proxy_overhead():
        print(f"| sigmoid {label} | {direct:.1f} | {proxied:.1f} |")



if __name__ == "__main__":
    main()
