"""Watch mode: check the current exercise, re-check on every save, move on when it passes.

The loop consumes events from a queue, so it can be driven by real file-system events and key
presses (``run``) or by a test that puts events itself.
"""
import contextlib
import itertools
import os
import queue
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

from rich.text import Text

from grader import catalog, kinds, practice, render, watch_jobs
from grader.i18n import t


@dataclass(frozen=True)
class Event:
    """A saved file (``type='change'``, value = path), a key press (``'key'``) or a finished check
    (``'result'``, value = (token, payload))."""

    type: str
    value: object = ""


class Watcher:
    """The state of a watch session: the workspace, the current exercise, the output console, the running
    check. ``jobs`` runs checks (``watch_jobs.ProcessJobs`` in the background; by default in place)."""

    def __init__(self, workspace, console, start=None, jobs=None):
        self.workspace, self.console = Path(workspace), console
        self.current = start or practice.first_unfinished(workspace)
        self.jobs = jobs or watch_jobs.InlineJobs(lambda token, payload: self.finished(token, payload))
        self.token, self._tokens = None, itertools.count(1)  # the check whose result is awaited

    def run_check(self, clear=True):
        """Start checking the current exercise (a running check is cancelled first); a new screen per run."""
        if self.current is None:
            return
        if clear:
            self.console.clear()
        self.console.print(Text(t("watch.checking", exercise=self.current.id), style="dim"))
        self.start(watch_jobs.check_one, str(self.workspace), self.current.id)

    def check_everything(self):
        """``c``: check every exercise, then show where each stands and go to the first unfinished."""
        self.console.clear()
        self.console.print(Text(t("watch.checking_all"), style="dim"))
        self.start(watch_jobs.check_every, str(self.workspace))

    def start(self, job, *args):
        """Run ``job`` (cancelling the one running); its result is the one awaited from now on."""
        self.token = next(self._tokens)
        self.jobs.start(self.token, job, *args)

    def finished(self, token, payload):
        """Show a finished check (stale ones are ignored); on a pass, announce and check the next exercise."""
        if token != self.token:
            return
        self.token = None
        results = watch_jobs.decode(payload)
        if isinstance(results, list):
            for entry, result in zip(catalog.exercises(), results):
                practice.record(self.workspace, entry, result)
            self.console.print(render.exercise_table([(e, *practice.status(self.workspace, e))
                                                      for e in catalog.exercises()]))
            self.current = practice.first_unfinished(self.workspace)
            self.prompt()
            return
        practice.record(self.workspace, self.current, results)
        self.console.print(kinds.of(self.current).render_result(results, self.current))
        if not results.passed:
            self.prompt()
            return
        following = practice.first_unfinished(self.workspace)
        self.console.print(Text(t("watch.passed", exercise=self.current.id) + (
            t("watch.next", exercise=following.id, filename=following.filename) if following
            else t("watch.done")), style="bold green"))
        self.current = following
        self.run_check(clear=False)  # keep the announcement on screen

    def prompt(self):
        """The waiting line; while the learner edits, the next check of the current exercise gets ready."""
        if self.current is not None:
            self.console.print(Text(t("watch.waiting", filename=self.current.filename), style="dim"))
            self.jobs.prepare(str(self.workspace), self.current.id)

    def move(self, step):
        """``n``/``p``: the next or previous exercise in course order, checked at once."""
        order = list(catalog.exercises())
        index = order.index(self.current) + step if self.current in order else 0
        self.current = order[index % len(order)]
        self.run_check()

    def handle(self, event):
        """React to one event; returns False when the session should end."""
        if event.type == "result":
            self.finished(*event.value)
            return self.current is not None or self.token is not None
        if event.type == "change":
            if self.current is not None and Path(event.value).name in kinds.of(self.current).files_to_watch(
                    self.current):
                self.run_check()  # a save during a run restarts it
            return self.current is not None or self.token is not None
        key = event.value[:1].lower()
        if key == "q":
            self.jobs.cancel()
            return False
        if key == "h" and self.current is not None:
            self.console.print(render.hint_panel(self.current, practice.take_hint(self.workspace, self.current),
                                                 again=t("watch.hint_again")))
        elif key == "l":
            self.console.print(render.exercise_table([(e, *practice.status(self.workspace, e)) for e in
                                                      catalog.exercises()]))
        elif key in ("n", "p"):
            self.move(1 if key == "n" else -1)
            return True
        elif key == "c":
            self.check_everything()
            return True
        elif key == "r" and self.current is not None:
            backup = practice.reset(self.workspace, self.current)
            self.console.print(t("watch.reset", filename=self.current.filename) + (
                t("watch.reset_backup", backup=backup.relative_to(self.workspace)) if backup else ""))
        if self.token is None:
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
    """Watch until 'q', Ctrl-C or the end of the course; checks run in the background, so keys and saves
    are handled while one runs."""
    poll = bool(os.environ.get("DLGRADE_POLL")) if poll is None else poll
    events, stop = queue.Queue(), threading.Event()
    jobs = watch_jobs.ProcessJobs(lambda token, payload: events.put(Event("result", (token, payload))))
    watcher = Watcher(workspace, console, start, jobs)
    threading.Thread(target=file_events, args=(str(workspace), events, stop, poll), daemon=True).start()
    threading.Thread(target=key_events, args=(stdin, events), daemon=True).start()
    with single_keys(stdin):
        try:
            watcher.run_check()
            while (watcher.current is not None or watcher.token is not None) and watcher.handle(events.get()):
                pass
        except KeyboardInterrupt:
            pass
        finally:
            jobs.close()
            stop.set()
    console.print(t("watch.stopped"))
