"""Batch grading shows what the grader noticed (integrity notes) in the report and the CSV export."""
from click.testing import CliRunner

from conftest import write_submission
from grader.cli import main


def test_integrity_notes_reach_the_report_and_the_export(tmp_path):
    submissions = tmp_path / "submissions"
    write_submission(submissions / "honest", "exercise01")
    write_submission(submissions / "peeker", "exercise01", """
        def step(z):
            from solutions.exercise01_perceptron import step as real
            return real(z)
    """)
    results = tmp_path / "results"
    graded = CliRunner().invoke(main, ["grade", str(submissions), "--out", str(results), "-e", "exercise01",
                                       "--jobs", "1"])
    assert graded.exit_code == 1, graded.output
    report = CliRunner().invoke(main, ["gradebook", "report", str(results), "--html", str(tmp_path / "r.html")])
    assert "Integrity notes" in report.output and "peeker" in report.output
    assert "tried to import &#x27;solutions" in (tmp_path / "r.html").read_text()
    csv_text = CliRunner().invoke(main, ["gradebook", "export", str(results), "--format", "csv"]).output
    rows = {line.split(",")[0]: line for line in csv_text.splitlines()[1:]}
    assert "tried to import" in rows["peeker"] and "tried to import" not in rows["honest"]
