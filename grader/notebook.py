"""dlgrade in Jupyter: ``from grader import notebook; notebook.check("exercise03")``.

Checks the workspace file (not the notebook's variables) and shows the same feedback as
``dlgrade check``, rendered as HTML in the cell output.
"""
import io

from rich.console import Console

from grader import catalog, kinds, practice, workspace as ws
from grader.html_fragment import html_fragment


class Feedback:
    """A checked exercise: the Result, shown as an HTML fragment in the notebook's own theme and as text
    elsewhere."""

    def __init__(self, result, view, width=100):
        self.result = result
        self.html = html_fragment(view, width)
        console = Console(record=True, width=width, file=io.StringIO())
        console.print(view)
        self.text = console.export_text(clear=False)

    def _repr_html_(self):
        return self.html

    def __repr__(self):
        return self.text


def check(exercise=None, workspace=None):
    """Check ``exercise`` (default: the first unfinished one) in the workspace around the notebook."""
    folder = ws.resolve(workspace)
    entry = catalog.resolve(exercise) if exercise else practice.first_unfinished(folder)
    if entry is None:
        raise ValueError("every exercise in this workspace has passed")
    result = practice.attempt(entry, folder)
    return Feedback(result, kinds.of(entry).render_result(result, entry))
