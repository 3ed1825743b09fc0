"""Landlock self-restriction through raw syscalls (ctypes), for the worker in process isolation.

Standard library only: worker.py loads it as a neighbour file, like wire.py. Best effort, as the
kernel documentation recommends: the ruleset handles only the access rights the running ABI knows,
so an older kernel restricts less instead of failing. Reads, folder listings and program starts
are allowed only beneath the given readable paths (the allow-list, every ABI); writes (and device
ioctls, ABI >= 5) only beneath the given writable folders and on the null devices; TCP bind and
connect are refused (ABI >= 4); signals and abstract UNIX sockets stay inside the sandbox
(ABI >= 6), so learner code cannot signal the grader. The kernel applies this to every way of
opening a file: Python's open(), a subprocess, a ctypes call into libc.
Run as a script, it restricts itself and prints the ABI it enforced: ``dlgrade doctor``'s probe.
"""
import ctypes
import os
import sys

# Syscall numbers shared by every Linux architecture's unified table (alpha aside).
SYS_CREATE_RULESET, SYS_ADD_RULE, SYS_RESTRICT_SELF = 444, 445, 446
CREATE_RULESET_VERSION = 1 << 0
RULE_PATH_BENEATH = 1
PR_SET_NO_NEW_PRIVS = 38

FS_EXECUTE, FS_WRITE_FILE, FS_READ_FILE, FS_READ_DIR = 1 << 0, 1 << 1, 1 << 2, 1 << 3
FS_REMOVE_DIR, FS_REMOVE_FILE, FS_MAKE_CHAR, FS_MAKE_DIR = 1 << 4, 1 << 5, 1 << 6, 1 << 7
FS_MAKE_REG, FS_MAKE_SOCK, FS_MAKE_FIFO, FS_MAKE_BLOCK, FS_MAKE_SYM = 1 << 8, 1 << 9, 1 << 10, 1 << 11, 1 << 12
FS_REFER, FS_TRUNCATE, FS_IOCTL_DEV = 1 << 13, 1 << 14, 1 << 15
NET_BIND_TCP, NET_CONNECT_TCP = 1 << 0, 1 << 1
SCOPE_ABSTRACT_UNIX_SOCKET, SCOPE_SIGNAL = 1 << 0, 1 << 1

FS_READS = FS_EXECUTE | FS_READ_FILE | FS_READ_DIR
# The write-like rights each ABI introduced.
FS_WRITES_BY_ABI = {
    1: (FS_WRITE_FILE | FS_REMOVE_DIR | FS_REMOVE_FILE | FS_MAKE_CHAR | FS_MAKE_DIR | FS_MAKE_REG | FS_MAKE_SOCK
        | FS_MAKE_FIFO | FS_MAKE_BLOCK | FS_MAKE_SYM),
    2: FS_REFER,
    3: FS_TRUNCATE,
    5: FS_IOCTL_DEV,
}
# The only rights a rule on a single file may grant.
FILE_RIGHTS = FS_EXECUTE | FS_READ_FILE | FS_WRITE_FILE | FS_TRUNCATE | FS_IOCTL_DEV
NET_BY_ABI = {4: NET_BIND_TCP | NET_CONNECT_TCP}
SIGNAL_SCOPE_ABI = 6
SCOPES_BY_ABI = {SIGNAL_SCOPE_ABI: SCOPE_ABSTRACT_UNIX_SOCKET | SCOPE_SIGNAL}
DEVICES = ("/dev/null", "/dev/zero", "/dev/full")


class RulesetAttr(ctypes.Structure):
    """struct landlock_ruleset_attr; older kernels accept its later fields when they are zero."""

    _fields_ = [("handled_access_fs", ctypes.c_uint64), ("handled_access_net", ctypes.c_uint64),
                ("scoped", ctypes.c_uint64)]


class PathBeneathAttr(ctypes.Structure):
    """struct landlock_path_beneath_attr (packed)."""

    _pack_ = 1
    _fields_ = [("allowed_access", ctypes.c_uint64), ("parent_fd", ctypes.c_int32)]


def load_libc():
    """The C library, with errno kept for ``checked`` and ``syscall`` returning a long."""
    library = ctypes.CDLL(None, use_errno=True)
    library.syscall.restype = ctypes.c_long
    return library


def checked(result):
    """``result`` of a libc call, or OSError from errno when it failed."""
    if result < 0:
        errno = ctypes.get_errno()
        raise OSError(errno, os.strerror(errno))
    return result


def _syscall(libc, number, *args):
    """Call ``syscall(number, *args)``, raising OSError on failure."""
    return checked(libc.syscall(ctypes.c_long(number), *args))


def _rights(by_abi, abi):
    """The union of the rights introduced up to ``abi``."""
    mask = 0
    for version, rights in by_abi.items():
        if version <= abi:
            mask |= rights
    return mask


def abi_version():
    """The Landlock ABI version the kernel supports, 0 when Landlock is absent or disabled."""
    if not sys.platform.startswith("linux"):
        return 0
    try:
        return _syscall(load_libc(), SYS_CREATE_RULESET, None, ctypes.c_size_t(0),
                        ctypes.c_uint32(CREATE_RULESET_VERSION))
    except OSError:
        return 0


def _allow(libc, ruleset, path, rights):
    """Add a rule granting ``rights`` beneath ``path`` (a folder or a single file)."""
    fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
    try:
        attr = PathBeneathAttr(rights, fd)
        _syscall(libc, SYS_ADD_RULE, ctypes.c_int(ruleset), ctypes.c_int(RULE_PATH_BENEATH), ctypes.byref(attr),
                 ctypes.c_uint32(0))
    finally:
        os.close(fd)


def _rule_rights(path, rights):
    """``rights`` narrowed to what a rule on ``path`` may hold (a file takes file rights only)."""
    return rights if os.path.isdir(path) else rights & FILE_RIGHTS


def restrict(readable, writable_dirs, writable_files=DEVICES):
    """Restrict this thread (and what it starts later) as described above; returns the ABI enforced.

    Returns 0 without restricting anything when the kernel has no Landlock; raises OSError when
    the kernel refuses the ruleset. Missing paths are skipped.
    """
    abi = abi_version()
    if abi == 0:
        return 0
    libc = load_libc()
    handled_fs = FS_READS | _rights(FS_WRITES_BY_ABI, abi)
    attr = RulesetAttr(handled_fs, _rights(NET_BY_ABI, abi), _rights(SCOPES_BY_ABI, abi))
    ruleset = _syscall(libc, SYS_CREATE_RULESET, ctypes.byref(attr), ctypes.c_size_t(ctypes.sizeof(attr)),
                       ctypes.c_uint32(0))
    try:
        for path in readable:
            if os.path.exists(path):
                _allow(libc, ruleset, path, _rule_rights(path, FS_READS))
        for folder in writable_dirs:
            _allow(libc, ruleset, folder, handled_fs)
        for path in writable_files:
            if os.path.exists(path):
                _allow(libc, ruleset, path, _rule_rights(path, handled_fs))
        # Required for an unprivileged process; also stops setuid programs from gaining rights.
        checked(libc.prctl(PR_SET_NO_NEW_PRIVS, ctypes.c_ulong(1), ctypes.c_ulong(0), ctypes.c_ulong(0),
                            ctypes.c_ulong(0)))
        _syscall(libc, SYS_RESTRICT_SELF, ctypes.c_int(ruleset), ctypes.c_uint32(0))
    finally:
        os.close(ruleset)
    return abi


if __name__ == "__main__":
    try:
        print(restrict([], []))
    except OSError:
        print(0)
