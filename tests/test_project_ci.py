"""The project's own GitHub Actions workflow (.github/workflows/tests.yml) stays true to .ci/run,
to the test files that exist and to what the README says macOS gets."""
import shlex
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
WORKFLOW = yaml.safe_load((ROOT / ".github" / "workflows" / "tests.yml").read_text(encoding="utf-8"))


def commands(job):
    """The shell commands of a job's ``run`` steps."""
    return [step["run"] for step in WORKFLOW["jobs"][job]["steps"] if "run" in step]


def ci_run_command():
    """The install-and-test line of .ci/run (its last command)."""
    lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()
    return lines[-1]


def macos_suites():
    """The test files the macOS job runs."""
    words = shlex.split(commands("macos")[-1])
    return [word for word in words if word.startswith("tests/")]


def test_linux_runs_exactly_what_ci_runs():
    assert WORKFLOW["jobs"]["linux"]["runs-on"].startswith("ubuntu")
    assert commands("linux") == [".ci/run"]


def test_macos_installs_as_ci_does_and_runs_the_portable_suites():
    assert WORKFLOW["jobs"]["macos"]["runs-on"].startswith("macos")
    install, test = commands("macos")
    assert ci_run_command() == f"{install} && python -m pytest"
    assert test.startswith(". .venv/bin/activate && python -m pytest ")
    suites = macos_suites()
    assert "tests/test_portable.py" in suites and "tests/test_determinism.py" in suites
    for suite in suites:
        assert (ROOT / suite).is_file(), suite


def test_the_readme_says_what_macos_gets():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    platforms = readme[readme.index("Platforms:"):readme.index("## The course")]
    assert ".github/workflows/tests.yml" in platforms
    for suite in macos_suites():
        assert f"`{suite}`" in platforms, suite


def test_every_job_runs_the_oldest_python_the_package_supports():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    oldest = project["requires-python"].removeprefix(">=")
    for job in WORKFLOW["jobs"].values():
        setup = [step for step in job["steps"] if step.get("uses", "").startswith("actions/setup-python")]
        assert setup and setup[0]["with"]["python-version"] == oldest
