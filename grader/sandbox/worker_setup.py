"""How the worker process sets itself up before it serves: it leaves root, confines itself, watches the grader.

A neighbour file of worker.py (standard library, NumPy-free): everything here runs once, before
the learner's file is imported, while the worker is still single-threaded.
"""
import importlib.machinery
import os
import select
import signal
import sys
import threading

import landlock
import privileges
import wire


def enter(config, sock):
    """Leave root (a root grader), confine reads, writes and network, and start watching the grader.

    A worker that cannot leave root ends at once with wire.EXIT_SETUP_FAILED, before any learner
    code, so the grader reports its own problem instead of blaming the learner's code.
    """
    if config["user"]:  # the grader is root
        try:
            privileges.drop(config["user"], config["read_past_permissions"])
        except OSError:
            os._exit(wire.EXIT_SETUP_FAILED)
    abi = confine(config)
    watch_grader(sock, scoped=config["bwrap"] or abi >= landlock.SIGNAL_SCOPE_ABI)


def watch_grader(sock, scoped):
    """End this worker and what it started as soon as the grader is gone.

    However the grader ends (Ctrl-C, SIGTERM, SIGHUP, kill -9), the kernel closes its end of the
    socket; this thread waits for that in poll() without reading, so requests stay for the main
    thread. Where signals cannot leave the sandbox (bubblewrap's PID namespace, Landlock ABI >= 6)
    kill(-1) reaches every process the learner's code started, detached or not, and nothing else;
    elsewhere only the worker's process group. Started after Landlock, so it is confined too.
    """

    def wait():
        poller = select.poll()
        # macOS has no POLLRDHUP: asking for it there raised in this thread, which then watched nothing;
        # POLLHUP (reported whatever is asked) is what a closed peer can give instead.
        poller.register(sock, getattr(select, "POLLRDHUP", select.POLLHUP))
        poller.poll()
        try:
            os.kill(-1, signal.SIGKILL) if scoped else os.killpg(0, signal.SIGKILL)
        finally:
            os.kill(os.getpid(), signal.SIGKILL)

    threading.Thread(target=wait, name="dlgrade-watch-grader", daemon=True).start()


def hide_unreadable_modules(readable):
    """Make installed modules outside the allow-list look absent, as they are under bubblewrap.

    Python's path finders remember each folder's listing (primed in confine); a name left in it
    would be found and then refused (PermissionError) where an optional import expects
    ImportError, e.g. TensorFlow trying a package that merely happens to be installed.
    """
    allowed = tuple(os.path.join(p, "") for p in readable)
    for entry in sys.path:
        finder = sys.path_importer_cache.get(entry)
        names = getattr(finder, "_path_cache", None)  # importlib's FileFinder: a set of the folder's names
        if isinstance(names, set):
            finder._path_cache = {n for n in names if os.path.join(entry, n, "").startswith(allowed)}


def confine(config):
    """Outside bubblewrap, let the kernel (Landlock) keep reads to the allow-list, writes in the home, no TCP.

    Landlock binds the calling thread and what it starts later, so this runs while the worker is
    still single-threaded (process.worker_env keeps BLAS to one thread). Python's path finders
    list their folders now, while they still may: afterwards site-packages cannot be listed,
    only the allowed entries in it opened. Best effort: where Landlock is missing or refused,
    the worker runs with the audit hook alone. Returns the Landlock ABI enforced (0: none).
    """
    if config["bwrap"]:
        return 0  # the sandbox holds only the allow-list: nothing to hide, nothing to restrict
    for entry in sys.path:
        importlib.machinery.PathFinder.find_spec("dlgrade-no-such-module", [entry])
    hide_unreadable_modules(config["readable"])
    if not config["landlock"]:
        return 0
    try:
        return landlock.restrict(config["readable"], [config["home"]])
    except OSError:
        return 0
