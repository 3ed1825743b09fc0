"""The README's Jupyter recipe, run in a real Jupyter kernel: a workspace, a wrong then a right
exercise03 written from cells, and the notebook API's HTML output after each."""
import os
import re
import sys
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")

ROOT = Path(__file__).resolve().parent.parent
SOLUTION = (ROOT / "solutions" / "exercise03_sgd.py").read_text(encoding="utf-8")
# A classic mistake: the float division the contract warns about, so the last partial batch is lost.
WRONG = SOLUTION + ("\n\ndef iterations_per_epoch(n_samples, batch_size, drop_last=False):\n"
                    "    return int(n_samples / batch_size)\n")


def recipe_cells():
    """The python blocks of the README's Jupyter section, without the install cell (the test installs nothing)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("In Jupyter or Colab"):]
    blocks = re.findall(r"```python\n(.*?)```", section, re.S)[:3]
    assert blocks[0].lstrip().startswith("# cell 1") and "%pip install" in blocks[0]
    return blocks[1:]


def html_of(cell):
    """The text/html output of a cell, failing with the cell's errors when it has none."""
    html = [o["data"]["text/html"] for o in cell.outputs if "data" in o and "text/html" in o["data"]]
    assert html, cell.outputs
    return html[-1]


def test_the_readme_recipe_runs_in_a_jupyter_kernel(tmp_path, monkeypatch):
    workspace_cell, check_cell = recipe_cells()
    write = "from pathlib import Path\nPath('ws/exercise03_sgd.py').write_text({!r}, encoding='utf-8')\n"
    cells = [workspace_cell, write.format(WRONG), check_cell, write.format(SOLUTION), check_cell]
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source) for source in cells])
    # The kernel finds `dlgrade` (the `!` cell) and this Python where a learner's activated environment would.
    monkeypatch.setenv("PATH", f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    client = nbclient.NotebookClient(notebook, kernel_name="python3", timeout=600,
                                     resources={"metadata": {"path": str(tmp_path)}})
    client.execute()
    assert (tmp_path / "ws" / ".dlgrade").is_dir()
    wrong, right = html_of(notebook.cells[2]), html_of(notebook.cells[4])
    assert "<!DOCTYPE" not in wrong and "iterations_per_epoch" in wrong and "✗" in wrong
    assert "10/10" in right and "✗" not in right
