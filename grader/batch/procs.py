"""Finding and killing a process's descendants, so a stopped grading child leaves no learner worker behind.

Learner workers run in their own session (see grader.sandbox.process), so killing a grading child's
process group would miss them; they are found through /proc on Linux instead. Elsewhere only the
child itself is killed and the workers end at their own CPU limit.
"""
import os
import signal


def _parents():
    """``{pid: ppid}`` of every visible process (empty where /proc is missing)."""
    table = {}
    try:
        names = os.listdir("/proc")
    except OSError:
        return table
    for name in names:
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as handle:
                stat = handle.read()
        except OSError:
            continue
        fields = stat[stat.rfind(b")") + 2:].split()
        if len(fields) > 1:
            table[int(name)] = int(fields[1])
    return table


def descendants(pid):
    """The pids of every descendant of ``pid``."""
    children = {}
    for child, parent in _parents().items():
        children.setdefault(parent, []).append(child)
    found, todo = [], list(children.get(pid, []))
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(children.get(current, []))
    return found


def _signal(pid, sig):
    try:
        os.kill(pid, sig)
    except (ProcessLookupError, PermissionError):
        pass


def kill_descendants(pid):
    """SIGKILL every descendant of ``pid`` and the process groups they lead."""
    found = descendants(pid)
    for child in found:
        _signal(child, signal.SIGSTOP)  # freeze first so nothing forks while we look
    found = list(dict.fromkeys(found + descendants(pid)))
    for child in found:
        try:
            if os.getpgid(child) == child:
                os.killpg(child, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        _signal(child, signal.SIGKILL)


def kill_tree(pid):
    """Stop ``pid``, kill its descendants (learner workers included), then kill ``pid``."""
    _signal(pid, signal.SIGSTOP)
    kill_descendants(pid)
    _signal(pid, signal.SIGKILL)
