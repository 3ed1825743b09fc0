"""Watch mode: check the current exercise, re-check on every save, move on when it passes.

The loop consumes events from a queue, so it can be driven by real file-system events and key
presses (``run``) or by a test that puts events itself.
"""
import contextlib
import os
import queue
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

from rich.text import Text

from grader import catalog, kinds, practice, render
from grader.i18n import t


@dataclass(frozen=True)
class Event:
    """A saved file (``type='change'``, value = path) or a key press (``type='key'``)."""

    type: str
    value: str = ""


class Watcher:
    """The state of a watch session: the workspace, the current exercise, the output console."""

    def __init__(self, workspace, console, start=None):
        self.workspace, self.console = Path(workspace), console
        self.current = start or practice.first_unfinished(workspace)

    def run_check(self):
        """Check the current exercise; on a pass, announce and move to the next unfinished one."""
        while self.current is not None:
            result = practice.attempt(self.current, self.workspace)
            self.console.print(kinds.of(self.current).render_result(result, self.current))
            if not result.passed:
                break
            following = practice.first_unfinished(self.workspace)
            self.console.print(Text(t("watch.passed", exercise=self.current.id) + (
                t("watch.next", exercise=following.id, filename=following.filename) if following
                else t("watch.done")), style="bold green"))
            self.current = following
        self.prompt()

    def prompt(self):
        """The waiting line."""
        if self.current is not None:
            self.console.print(Text(t("watch.waiting", filename=self.current.filename), style="dim"))

    def handle(self, event):
        """React to one event; returns False when the session should end."""
        if event.type == "change":
            if self.current is not None and Path(event.value).name in kinds.of(self.current).files_to_watch(
                    self.current):
                self.run_check()
            return self.current is not None
        key = event.value[:1].lower()
        if key == "q":
            return False
        if key == "h" and self.current is not None:
            self.console.print(render.hint_panel(self.current, practice.take_hint(self.workspace, self.current)))
        elif key == "l":
            self.console.print(render.exercise_table([(e, *practice.status(self.workspace, e)) for e in
                                                      catalog.exercises()]))
        elif key == "n":
            order = list(catalog.exercises())
            index = order.index(self.current) + 1 if self.current in order else 0
            self.current = order[index % len(order)]
            self.run_check()
            return True
        elif key == "r" and self.current is not None:
            backup = practice.reset(self.workspace, self.current)
            self.console.print(t("watch.reset", filename=self.current.filename) + (
                t("watch.reset_backup", backup=backup.relative_to(self.workspace)) if backup else ""))
        self.prompt()
        return True


def watched_names():
    """Names of the workspace files any exercise's kind asks to be re-checked on save."""
    return {name for entry in catalog.exercises() for name in kinds.of(entry).files_to_watch(entry)}


def file_events(workspace, events, stop, poll):
    """Put a 'change' event for every saved exercise or answers file (watchfiles; polling where there are
    no events)."""
    import watchfiles

    names = watched_names()
    for changes in watchfiles.watch(workspace, stop_event=stop, force_polling=poll, recursive=False,
                                    watch_filter=lambda change, path: Path(path).name in names):
        for _, path in changes:
            events.put(Event("change", path))


@contextlib.contextmanager
def single_keys(stream):
    """Read key presses without Enter on a terminal; leave pipes alone."""
    if not stream.isatty():
        yield
        return
    import termios
    import tty

    saved = termios.tcgetattr(stream)
    tty.setcbreak(stream)
    try:
        yield
    finally:
        termios.tcsetattr(stream, termios.TCSADRAIN, saved)


def key_events(stream, events):
    """Put a 'key' event for every key press (or line, when stdin is a pipe)."""
    while True:
        text = stream.read(1) if stream.isatty() else stream.readline()
        if not text:
            return
        if text.strip():
            events.put(Event("key", text.strip()))


def run(workspace, console, *, start=None, poll=None, stdin=sys.stdin):
    """Watch until 'q', Ctrl-C or the end of the course."""
    poll = bool(os.environ.get("DLGRADE_POLL")) if poll is None else poll
    events, stop = queue.Queue(), threading.Event()
    watcher = Watcher(workspace, console, start)
    threading.Thread(target=file_events, args=(str(workspace), events, stop, poll), daemon=True).start()
    threading.Thread(target=key_events, args=(stdin, events), daemon=True).start()
    with single_keys(stdin):
        try:
            watcher.run_check()
            while watcher.current is not None and watcher.handle(events.get()):
                pass
        except KeyboardInterrupt:
            pass
        finally:
            stop.set()
    console.print(t("watch.stopped"))
