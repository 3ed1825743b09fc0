"""Who the worker runs as: never root. A root grader's worker drops to an unprivileged user.

The user is ``nobody`` unless DLGRADE_WORKER_UID names another (``UID`` or ``UID:GID``). The
worker changes user itself, after its first imports and before any learner code (worker.py);
under bubblewrap the sandbox shows it only the allow-listed paths, each behind folders it can
traverse. In process isolation it reads the real file system: where that user cannot reach an
allowed path (Python under /root), it keeps the one capability that reads past file permissions
(privileges.py, Linux) and ``dlgrade doctor`` names the path in the way.
"""
import functools
import os
import pwd
import stat

DEFAULT_USER = "nobody"
UID_VARIABLE = "DLGRADE_WORKER_UID"


def target_user():
    """``(uid, gid)`` the worker should run as when the grader is root; None when it is not root."""
    if os.geteuid() != 0:
        return None
    configured = os.environ.get(UID_VARIABLE, "").strip()
    if configured:
        uid, _, gid = configured.partition(":")
        try:
            return int(uid), int(gid or uid)
        except ValueError:
            raise ValueError(f"{UID_VARIABLE} must be UID or UID:GID, not {configured!r}") from None
    entry = pwd.getpwnam(DEFAULT_USER)
    return entry.pw_uid, entry.pw_gid


def _permits(info, user, bits):
    """True when ``user`` has the permission ``bits`` (4 read, 1 search/execute) on a file with ``info``."""
    uid, gid = user
    shift = 6 if info.st_uid == uid else 3 if info.st_gid == gid else 0
    return (info.st_mode >> shift) & bits == bits


@functools.cache
def _folder_reachable(folder, user):
    """True when ``user`` may pass through ``folder`` and every folder above it."""
    parent = os.path.dirname(folder)
    if parent != folder and not _folder_reachable(parent, user):
        return False
    try:
        return _permits(os.stat(folder), user, 1)
    except OSError:
        return False


def unreachable(paths, user):
    """The first of ``paths`` that ``user`` cannot open (a folder above it closed, or no read right), or None."""
    for path in paths:
        real = os.path.realpath(path)
        try:
            info = os.stat(real)
        except OSError:
            continue
        wanted = 4 | 1 if stat.S_ISDIR(info.st_mode) else 4
        if not (_folder_reachable(os.path.dirname(real), user) and _permits(info, user, wanted)):
            return real
    return None


def hand_over(home, user):
    """Give the worker's home to ``user`` (when the grader is root and the worker drops to it)."""
    if user is not None:
        os.chown(home, *user)


def copy_module(module_path, copy):
    """Copy the learner's file to ``copy`` in the worker's home, where the worker reads it.

    The learner's folder (and every folder above it) needs no opening up, and nothing the worker
    does can touch the original. The copy must be a new file: a link put in its place is refused,
    never followed, although no learner code has run in the worker before its file is copied.
    """
    with open(module_path, "rb") as source:
        data = source.read()
    fd = os.open(copy, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
    with os.fdopen(fd, "wb") as target:
        target.write(data)
    os.chmod(copy, 0o644)  # whatever the grader's umask


def describe(user):
    """``name (uid)`` for a user pair."""
    try:
        name = pwd.getpwuid(user[0]).pw_name
    except KeyError:
        name = "uid"
    return f"{name} ({user[0]})"
