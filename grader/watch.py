"""Watch mode: check the current exercise, re-check on every save, move on when it passes.

The loop consumes events from a queue, so it can be driven by real file-system events and key
presses (``run``) or by a test that puts events itself.
"""
import contextlib
import datetime
import os
import queue
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

from rich.text import Text

from grader import catalog, progress, render, workspace as ws
from grader.i18n import t



@dataclass(frozen=True)
class Event:
    """A saved file (``kind='change'``, value = path) or a key press (``kind='key'``)."""

    kind: str
    value: str = ""


class Watcher:
    """The state of a watch session: the workspace, the current exercise, the output console."""

    def __init__(self, workspace, console, check, start=None):
        self.workspace, self.console, self.check = Path(workspace), console, check
        self.current = start or ws.first_unfinished(workspace)

    def run_check(self):
        """Check the current exercise; on a pass, announce and move to the next unfinished one."""
        while self.current is not None:
            result = self.check(exercise=self.current, workspace=self.workspace)
            ws.save_result(self.workspace, self.current, result)
            progress.record_attempt(self.workspace, result)
            self.console.print(render.render_result(result, self.current.filename))
            if not result.passed:
                break
            following = ws.first_unfinished(self.workspace)
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
        if event.kind == "change":
            if self.current is not None and Path(event.value).name == self.current.filename:
                self.run_check()
            return self.current is not None
        key = event.value[:1].lower()
        if key == "q":
            return False
        if key == "h" and self.current is not None:
            state, level = progress.with_hint(progress.load(self.workspace), self.current)
            progress.save(self.workspace, state)
            self.console.print(render.hint_panel(self.current, level or 1))
        elif key == "l":
            self.console.print(render.exercise_table([(e, *ws.status(self.workspace, e)) for e in
                                                      catalog.exercises()]))
        elif key == "n":
            order = list(catalog.exercises())
            index = order.index(self.current) + 1 if self.current in order else 0
            self.current = order[index % len(order)]
            self.run_check()
            return True
        elif key == "r" and self.current is not None:
            backup = progress.reset_file(self.workspace, self.current,
                                         datetime.datetime.now().strftime("%Y%m%d-%H%M%S"))
            self.console.print(t("watch.reset", filename=self.current.filename) + (
                t("watch.reset_backup", backup=backup.relative_to(self.workspace)) if backup else ""))
        self.prompt()
        return True


def file_events(workspace, events, stop, poll):
    """Put a 'change' event for every saved .py file (watchfiles; polling where there are no events)."""
    import watchfiles

    for changes in watchfiles.watch(workspace, stop_event=stop, force_polling=poll, recursive=False,
                                    watch_filter=lambda change, path: path.endswith(".py")):
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


def run(workspace, console, check, *, start=None, poll=None, stdin=sys.stdin):
    """Watch until 'q', Ctrl-C or the end of the course."""
    poll = bool(os.environ.get("DLGRADE_POLL")) if poll is None else poll
    events, stop = queue.Queue(), threading.Event()
    watcher = Watcher(workspace, console, check, start)
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
