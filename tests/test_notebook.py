"""The notebook API renders the same feedback as the CLI, as an HTML fragment in the notebook's theme."""
import html
import re
import subprocess

import numpy as np

from click.testing import CliRunner

from grader import catalog, notebook
from grader.cli import main


def failing_softmax_feedback(tmp_path, monkeypatch):
    """notebook.check on exercise02 with a textbook (overflowing) softmax."""
    folder = tmp_path / "ws"
    CliRunner().invoke(main, ["init", str(folder)])
    exercise = catalog.resolve("exercise02")
    (folder / exercise.filename).write_text(exercise.solution_path.read_text() + """
def softmax(z, axis=-1):
    e = np.exp(z)
    return e / e.sum(axis=axis, keepdims=True)
""")
    monkeypatch.chdir(folder)
    return notebook.check("exercise02")


def test_notebook_check_renders_an_html_fragment(tmp_path, monkeypatch):
    feedback = failing_softmax_feedback(tmp_path, monkeypatch)
    page = feedback._repr_html_()
    assert page.startswith("<pre") and page.endswith("</pre>")
    lowered = page.lower()
    assert "<!doctype" not in lowered and "<html" not in lowered and "<body" not in lowered
    assert "<style" not in lowered and "body {" not in lowered and "body{" not in lowered
    assert "background: transparent" in page and "color: inherit" in page
    text = html.unescape(re.sub(r"<[^>]+>", "", page))
    assert "softmax is finite and warning-free" in text and "expected: array([[0.5, 0.5]])" in text
    assert "Score 10/12" in text
    assert feedback.result.get("softmax_stable").status == "failed"
    assert "Score 10/12" in repr(feedback)


JUPYTERLAB_DARK = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><style>
:root {{ --jp-layout-color0: #111111; --jp-ui-font-color0: #e0e0e0;
        --jp-code-font-family: 'DejaVu Sans Mono', monospace; --jp-code-font-size: 13px; }}
body {{ background: var(--jp-layout-color0); color: var(--jp-ui-font-color0); margin: 0; }}
.jp-OutputArea-output {{ padding: 8px 12px; }}
</style></head>
<body><div class="jp-Cell"><div class="jp-OutputArea-output">{fragment}</div></div></body></html>
"""


def test_feedback_inherits_a_dark_notebook_theme_in_chromium(tmp_path, monkeypatch, chromium):
    """Rendered in a JupyterLab-like dark page, the feedback has no light box and its plain text is the
    theme's light foreground; the failure's red border shows."""
    from PIL import Image

    feedback = failing_softmax_feedback(tmp_path, monkeypatch)
    page = tmp_path / "notebook.html"
    page.write_text(JUPYTERLAB_DARK.format(fragment=feedback._repr_html_()), encoding="utf-8")
    shot = tmp_path / "notebook.png"
    subprocess.run([*chromium, f"--screenshot={shot}", "--window-size=1000,1400", "--hide-scrollbars",
                    page.as_uri()], capture_output=True, timeout=90)
    pixels = np.asarray(Image.open(shot).convert("RGB")).reshape(-1, 3).astype(int)
    luminance = pixels @ [0.299, 0.587, 0.114]
    assert (luminance < 40).mean() > 0.8  # the page stays dark: the fragment paints no background
    assert (np.abs(pixels - [17, 17, 17]).max(axis=1) <= 2).mean() > 0.6
    light_grey = (np.abs(pixels - [224, 224, 224]).max(axis=1) <= 24).sum()
    assert light_grey > 500, "plain text does not take the theme's foreground colour"
    red = ((pixels[:, 0] > 170) & (pixels[:, 1] < 110) & (pixels[:, 2] < 110)).sum()
    assert red > 300, "the failed check's red panel is not visible"


def test_notebook_check_of_a_quiz_speaks_of_answers_not_code(tmp_path, monkeypatch):
    folder = tmp_path / "ws"
    CliRunner().invoke(main, ["init", str(folder)])
    monkeypatch.chdir(folder)
    feedback = notebook.check("quiz01")
    assert feedback.result.status == "not_started"
    assert "NotImplementedError" not in repr(feedback)
    assert "write your answers after the '=' signs" in " ".join(repr(feedback).split())
