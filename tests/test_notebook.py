"""The notebook API renders the same feedback as the CLI, as HTML."""
import html
import re

from click.testing import CliRunner

from grader import catalog, notebook
from grader.cli import main


def test_notebook_check_renders_html(tmp_path, monkeypatch):
    folder = tmp_path / "ws"
    CliRunner().invoke(main, ["init", str(folder)])
    exercise = catalog.resolve("exercise02")
    (folder / exercise.filename).write_text(exercise.solution_path.read_text() + """
def softmax(z, axis=-1):
    e = np.exp(z)
    return e / e.sum(axis=axis, keepdims=True)
""")
    monkeypatch.chdir(folder)
    feedback = notebook.check("exercise02")
    page = feedback._repr_html_()
    assert page.lstrip().lower().startswith("<!doctype html>") and "<pre" in page
    text = html.unescape(re.sub(r"<[^>]+>", "", page))
    assert "softmax is finite and warning-free" in text and "expected: array([[0.5, 0.5]])" in text
    assert "Score 10/12" in text
    assert feedback.result.get("softmax_stable").status == "failed"
    assert "Score 10/12" in repr(feedback)
