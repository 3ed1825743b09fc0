"""Which language a command speaks: ``--lang``, else ``DLGRADE_LANG``, else its workspace's, else the catalog's.

The choice lives in ``DLGRADE_LANG`` for the length of one command, so it reaches the batch and worker
processes too, and is put back afterwards (tests run many commands in one process).
"""
import contextlib
import os

from grader import practice, workspace as ws

VARIABLE = "DLGRADE_LANG"
_explicit = [False]  # whether --lang or the environment chose the language of the running command


@contextlib.contextmanager
def session():
    """One command: the workspace around the cwd sets the language unless the environment did."""
    saved = os.environ.get(VARIABLE)
    _explicit[0] = bool(saved)
    try:
        adopt(practice.find_workspace())
    except (ws.WorkspaceError, OSError):
        pass  # no readable workspace here: the command says so itself if it needs one
    try:
        yield
    finally:
        if saved is None:
            os.environ.pop(VARIABLE, None)
        else:
            os.environ[VARIABLE] = saved


def choose(lang):
    """``--lang``: this language, whatever the workspace's."""
    os.environ[VARIABLE] = lang
    _explicit[0] = True


def adopt(folder):
    """Speak the language of ``folder`` (a workspace, or any folder or None: nothing) unless --lang or
    DLGRADE_LANG chose one."""
    if folder is not None and not _explicit[0] and ws.is_workspace(folder):
        os.environ[VARIABLE] = ws.language(folder)
