"""CI for learner repositories: the JUnit report and job summary of ``dlgrade check --all`` and the GitHub
Actions workflow ``dlgrade init --ci github`` writes (parsed, and its commands run here)."""
import xml.etree.ElementTree as ET

import yaml

from grader import catalog
from grader.ci.github import add_workflow, default_install, workflow_text
from grader.ci.report import checked_function, function_lines, summary_markdown, workspace_junit
from grader.results import ERROR, FAILED, NOT_STARTED, PASSED, CheckResult, Result

PERCEPTRON = catalog.resolve("exercise01")


def result_of(entry, statuses, message="expected 1.0, got 0.0"):
    checks = [CheckResult(c.id, c.title, s, c.points if s == PASSED else 0.0, c.points,
                          "" if s == PASSED else message, None if s == PASSED else c.hint)
              for c, s in zip(entry.checks, statuses)]
    return Result.from_checks(entry.id, entry.title, checks)


def test_each_check_points_at_the_learner_function_it_tests():
    source = PERCEPTRON.solution_path.read_text(encoding="utf-8")
    lines = function_lines(source)
    assert checked_function(PERCEPTRON, "weighted_sum_single", lines) == "weighted_sum"
    assert checked_function(PERCEPTRON, "train_learns_gates", lines) == "train_perceptron"
    assert checked_function(PERCEPTRON, "perceptron_update", lines) == "perceptron_update"
    assert function_lines("def broken(:\n") == {}
    every = {c.id: checked_function(PERCEPTRON, c.id, lines) for c in PERCEPTRON.checks}
    assert None not in every.values(), every


def test_junit_has_a_suite_per_exercise_and_cases_with_file_and_line():
    source = "import numpy as np\n\n\ndef step(z):\n    return 0\n"
    statuses = [PASSED, PASSED, FAILED, ERROR, NOT_STARTED, PASSED, PASSED]
    quiz = catalog.resolve("quiz01")
    graded = [(PERCEPTRON, result_of(PERCEPTRON, statuses), source),
              (quiz, result_of(quiz, [PASSED] * len(quiz.checks)), None)]
    root = ET.fromstring(workspace_junit(graded, path_of=lambda e: f"ws/{e.filename}"))
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == ["exercise01", "quiz01"]
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == (str(7 + len(quiz.checks)), "2", "1")
    step = suites[0].find("testcase[@name='step']")
    assert step.get("classname") == "exercise01_perceptron" and step.get("file") == "ws/exercise01_perceptron.py"
    assert step.get("line") == "4" and step.find("failure").get("message") == "expected 1.0, got 0.0"
    assert suites[0].find("testcase[@name='weighted_sum_single']").get("line") is None  # not in the file
    assert suites[1].find("testcase").get("file") is None  # no learner file read


def test_the_summary_is_a_markdown_table_with_the_total():
    text = summary_markdown([result_of(PERCEPTRON, [PASSED] * 7),
                             result_of(catalog.resolve("exercise02"), [FAILED] * 8)])
    assert text.startswith("## dlgrade: 9/21 points\n")
    assert "| exercise01 · Perceptron | ✓ passed | 9/9 |" in text and "1 of 2 exercises passed." in text


def test_the_workflow_is_valid_yaml_that_installs_grades_and_publishes(tmp_path):
    workflow = yaml.safe_load(workflow_text("git+https://example.org/course/dlgrade@v1"))
    assert workflow["env"]["DLGRADE_INSTALL"] == "git+https://example.org/course/dlgrade@v1"
    assert set(workflow[True]) == {"push", "pull_request", "workflow_dispatch"}  # YAML 1.1 reads 'on' as True
    assert workflow["permissions"] == {"contents": "read", "checks": "write"}
    steps = workflow["jobs"]["grade"]["steps"]
    runs = [s["run"] for s in steps if "run" in s]
    assert runs == ['python -m pip install "$DLGRADE_INSTALL"',
                    'dlgrade check --all --junit dlgrade-junit.xml --summary "$GITHUB_STEP_SUMMARY"']
    publish = next(s for s in steps if s.get("uses", "").startswith("mikepenz/action-junit-report"))
    assert publish["with"]["report_paths"] == "dlgrade-junit.xml" and publish["if"] == "${{ !cancelled() }}"
    assert yaml.safe_load(workflow_text())["env"]["DLGRADE_INSTALL"] == default_install()
    path, created = add_workflow(tmp_path)
    assert created and path == tmp_path / ".github" / "workflows" / "dlgrade.yml"
    path.write_text("# mine\n")
    assert add_workflow(tmp_path) == (path, False) and path.read_text() == "# mine\n"


def test_check_all_grades_every_exercise_writes_junit_json_and_summary(tmp_path, monkeypatch):
    import json

    from click.testing import CliRunner

    from conftest import write_submission
    from grader.cli import main
    from grader.practice import init

    folder, _, _ = init(tmp_path / "ws")
    write_submission(folder, "exercise01")
    two = [PERCEPTRON, catalog.resolve("exercise02")]  # the whole course takes minutes; the loop is the same
    monkeypatch.setattr(catalog, "exercises", lambda: two)
    monkeypatch.chdir(tmp_path)
    junit, summary = tmp_path / "junit.xml", tmp_path / "summary.md"
    summary.write_text("earlier step\n")
    result = CliRunner().invoke(main, ["check", "--all", "-w", str(folder), "--junit", str(junit),
                                       "--summary", str(summary)])
    assert result.exit_code == 1, result.output
    assert "Total 9/21 · 1 of 2 passed" in result.output
    suites = ET.parse(junit).getroot().findall("testsuite")
    assert [(s.get("name"), s.get("failures")) for s in suites] == [("exercise01", "0"), ("exercise02", "8")]
    assert suites[1].find("testcase").get("file") == "ws/exercise02_activations.py"
    assert summary.read_text().startswith("earlier step\n## dlgrade: 9/21 points")
    data = json.loads(CliRunner().invoke(main, ["check", "--all", "-w", str(folder), "--json"]).stdout)
    assert (data["status"], data["score"], [r["exercise"] for r in data["results"]]) == \
        ("failed", 9.0, ["exercise01", "exercise02"])
    for wrong in (["check", "ex1", "--all"], ["check", "--junit", "x.xml"], ["check", "--all", "--plot", "p.png"]):
        assert CliRunner().invoke(main, [*wrong, "-w", str(folder)]).exit_code == 2


def test_init_with_ci_writes_the_workflow(tmp_path):
    from click.testing import CliRunner

    from grader.cli import main

    result = CliRunner().invoke(main, ["init", str(tmp_path / "repo"), "--ci", "github", "--ci-install",
                                       "git+https://example.org/course/dlgrade@v1"])
    assert result.exit_code == 0 and ".github/workflows/dlgrade.yml" in result.output
    workflow = yaml.safe_load((tmp_path / "repo" / ".github" / "workflows" / "dlgrade.yml").read_text())
    assert workflow["env"]["DLGRADE_INSTALL"] == "git+https://example.org/course/dlgrade@v1"


def test_the_workflow_commands_run_here(tmp_path):
    """Every ``run`` step of the workflow, executed as GitHub would (bash, in the repository, with
    GITHUB_STEP_SUMMARY), except pip installing dlgrade over this test environment: the packaging tests
    install the wheel elsewhere. The whole course is graded, so this takes a while."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    from conftest import write_submission

    bin_dir = Path(sys.executable).parent
    subprocess.run([str(bin_dir / "dlgrade"), "init", "repo", "--ci", "github"], cwd=tmp_path, check=True,
                   capture_output=True)
    repo = tmp_path / "repo"
    write_submission(repo, "exercise01")
    workflow = yaml.safe_load((repo / ".github" / "workflows" / "dlgrade.yml").read_text())
    summary = tmp_path / "summary.md"
    env = {**os.environ, "GITHUB_STEP_SUMMARY": str(summary), "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
           **workflow["env"]}
    runs = [step["run"] for step in workflow["jobs"]["grade"]["steps"] if "run" in step]
    assert runs[0] == 'python -m pip install "$DLGRADE_INSTALL"'
    for command in runs[1:]:
        done = subprocess.run(["bash", "-e", "-c", command], cwd=repo, env=env, capture_output=True, text=True,
                              timeout=1800)
        assert done.returncode == 1, done.stderr[-2000:]  # the stubs are not started: the job fails, as it should
    publish = next(s for s in workflow["jobs"]["grade"]["steps"] if "action-junit-report" in s.get("uses", ""))
    report = ET.parse(repo / publish["with"]["report_paths"]).getroot()
    assert len(report.findall("testsuite")) == len(catalog.exercises())
    assert report.find("testsuite[@name='exercise01']").get("failures") == "0"
    assert "| exercise01 · Perceptron | ✓ passed | 9/9 |" in summary.read_text(encoding="utf-8")
