"""``dlgrade init --ci github``: the GitHub Actions workflow (``templates/github-workflow.yml``) that grades
a learner's repository on every push, as GitHub Classroom runs it."""
import importlib.metadata
import json
from pathlib import Path

TEMPLATE = Path(__file__).resolve().parent / "templates" / "github-workflow.yml"
WORKFLOW = Path(".github") / "workflows" / "dlgrade.yml"


def default_install():
    """What the workflow installs unless told otherwise: this dlgrade version."""
    return f"dlgrade=={importlib.metadata.version('dlgrade')}"


def workflow_text(install=None):
    """The workflow's YAML, installing ``install`` (a pip requirement or URL; default :func:`default_install`)."""
    return TEMPLATE.read_text(encoding="utf-8").replace("@DLGRADE_INSTALL@", json.dumps(install or default_install()))


def add_workflow(workspace, install=None):
    """Write the workflow into ``workspace`` (kept if one is there); returns (path, created)."""
    from grader.workspace import atomic_write

    path = Path(workspace) / WORKFLOW
    if path.exists():
        return path, False
    atomic_write(path, workflow_text(install))
    return path, True
