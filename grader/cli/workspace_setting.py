"""A setting a command takes from its option, else its environment variable, else its workspace.

The choice lives in the environment variable for the length of one command, so it reaches the batch and
worker processes too, and is put back afterwards (tests run many commands in one process). The language
and the course are two such settings.
"""
import contextlib
import os

from grader import practice, workspace as ws


class WorkspaceSetting:
    """One setting: ``variable`` holds it; ``stored(folder)`` reads a workspace's value (or None)."""

    def __init__(self, variable, stored):
        self.variable = variable
        self.stored = stored
        self.explicit = False  # whether the option or the environment chose it for the running command

    @contextlib.contextmanager
    def session(self):
        """One command: the workspace around the cwd sets the value unless the environment did."""
        saved = os.environ.get(self.variable)
        self.explicit = bool(saved)
        try:
            self.adopt(practice.find_workspace())
        except (ws.WorkspaceError, OSError):
            pass  # no readable workspace here: the command says so itself if it needs one
        try:
            yield
        finally:
            if saved is None:
                os.environ.pop(self.variable, None)
            else:
                os.environ[self.variable] = saved

    def choose(self, value):
        """The option: this value, whatever the workspace's."""
        os.environ[self.variable] = value
        self.explicit = True

    def adopt(self, folder):
        """Take the value of ``folder`` (a workspace, or any folder or None: nothing) unless the option or the
        environment chose one."""
        if folder is not None and not self.explicit and ws.is_workspace(folder):
            value = self.stored(folder)
            if value:
                os.environ[self.variable] = value
