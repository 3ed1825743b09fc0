"""Which course a command grades: ``--course``, else ``DLGRADE_COURSE``, else its workspace's, else the built-in.

Like the language, the choice lives in ``DLGRADE_COURSE`` for the length of one command, so it reaches the
batch and worker processes too, and is put back afterwards (tests run many commands in one process).
"""
import contextlib
import os

import click

from grader import course_pack, practice, workspace as ws

VARIABLE = course_pack.VARIABLE
_explicit = [False]  # whether --course or the environment chose the course of the running command


@contextlib.contextmanager
def session():
    """One command: the workspace around the cwd sets the course unless the environment did."""
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


def choose(ctx, param, value):
    """``--course``: this course (a pack folder or ``builtin``), whatever the workspace's; a usage error when
    the folder is not a course pack."""
    if value:
        try:
            os.environ[VARIABLE] = course_pack.reference_for(value)
        except course_pack.PackError as error:
            raise click.BadParameter(str(error), ctx=ctx, param=param) from None
        _explicit[0] = True


def adopt(folder):
    """Grade with the course of ``folder`` (a workspace, or any folder or None: nothing) unless --course or
    DLGRADE_COURSE chose one."""
    if folder is not None and not _explicit[0] and ws.is_workspace(folder):
        stored = ws.course(folder)
        if stored:
            os.environ[VARIABLE] = stored
