"""The ``dlgrade`` command: each command parses, calls the library, renders and sets the exit code.

``group`` holds the group, ``help`` the click classes with translated help, ``common`` what commands
share; the commands live in one module per verb group (workspace, practice, quiz, course, batch).
Heavy modules (pytest, NumPy, the runner) are imported inside the commands that need them, so
``dlgrade --help`` and ``dlgrade list`` start fast.
"""
from grader.cli.group import main

__all__ = ["main"]
