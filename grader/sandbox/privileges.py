"""Leaving root in the worker: its user and, on Linux, every capability, before learner code runs.

Standard library only: worker.py loads it as a neighbour file, like landlock.py (whose libc
helpers it uses). On Linux the worker does what bubblewrap does for its own sandboxed child
(keep-caps, setuid, then only the capabilities it names): it empties the bounding and ambient
sets, locks the securebits that give uid 0 its powers back (so no setuid program or exec can
restore them), changes group and user, and keeps no capability, unless the unprivileged user
cannot reach the Python installation (e.g. under /root, 0700): then it keeps CAP_DAC_READ_SEARCH
alone, which only bypasses read and search permissions; Landlock, where the kernel has it, still
limits reads (even by file handle) to the allow-list. Capabilities belong to a thread, so this
runs while the worker has one; a program the learner starts gets none (no ambient set, NOROOT).
Elsewhere (macOS) a plain change of user is all there is.
"""
import ctypes
import os
import sys

import landlock  # the neighbour file's libc helpers

CAP_DAC_READ_SEARCH = 2
PR_CAPBSET_READ, PR_CAPBSET_DROP, PR_SET_SECUREBITS, PR_CAP_AMBIENT = 23, 24, 28, 47
PR_CAP_AMBIENT_CLEAR_ALL = 4
# linux/securebits.h: uid 0 gains nothing on exec or setuid, capabilities are never kept across a
# change of user by prctl, ambient capabilities cannot be raised; every bit locked.
SECBIT_NOROOT, SECBIT_NOROOT_LOCKED = 1 << 0, 1 << 1
SECBIT_NO_SETUID_FIXUP, SECBIT_NO_SETUID_FIXUP_LOCKED = 1 << 2, 1 << 3
SECBIT_KEEP_CAPS_LOCKED = 1 << 5
SECBIT_NO_CAP_AMBIENT_RAISE, SECBIT_NO_CAP_AMBIENT_RAISE_LOCKED = 1 << 6, 1 << 7
SECUREBITS = (SECBIT_NOROOT | SECBIT_NOROOT_LOCKED | SECBIT_NO_SETUID_FIXUP | SECBIT_NO_SETUID_FIXUP_LOCKED
              | SECBIT_KEEP_CAPS_LOCKED | SECBIT_NO_CAP_AMBIENT_RAISE | SECBIT_NO_CAP_AMBIENT_RAISE_LOCKED)
CAPABILITY_VERSION_3 = 0x20080522  # 64-bit capability sets, as two 32-bit halves


class CapHeader(ctypes.Structure):
    """struct __user_cap_header_struct."""

    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class CapData(ctypes.Structure):
    """struct __user_cap_data_struct (one 32-bit half of each set)."""

    _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32), ("inheritable", ctypes.c_uint32)]


def _prctl(libc, option, *args):
    values = [*args, 0, 0, 0, 0][:4]
    return libc.prctl(ctypes.c_int(option), *(ctypes.c_ulong(v) for v in values))


def _single_threaded():
    """True when this process has one thread (capabilities set now would not reach another)."""
    return len(os.listdir("/proc/self/task")) == 1


def _drop_bounding_set(libc):
    """Remove every capability the kernel knows from the bounding set (ends where PR_CAPBSET_READ fails)."""
    cap = 0
    while _prctl(libc, PR_CAPBSET_READ, cap) >= 0:
        landlock.checked(_prctl(libc, PR_CAPBSET_DROP, cap))
        cap += 1


def _set_capabilities(libc, keep):
    """Effective and permitted sets exactly ``keep`` (capability numbers); inheritable empty."""
    halves = (CapData * 2)()
    for cap in keep:
        halves[cap // 32].effective |= 1 << cap % 32
        halves[cap // 32].permitted |= 1 << cap % 32
    landlock.checked(libc.capset(ctypes.byref(CapHeader(CAPABILITY_VERSION_3, 0)), halves))


def drop(user, read_past_permissions=False):
    """Become ``user`` (``(uid, gid)``) with no capability, or CAP_DAC_READ_SEARCH alone when
    ``read_past_permissions``; raises OSError if any step fails, so the worker never goes on as root."""
    uid, gid = user
    if not sys.platform.startswith("linux"):
        os.setgroups([])
        os.setgid(gid)
        os.setuid(uid)
        return
    if not _single_threaded():
        raise OSError("the worker started a thread before leaving root")
    libc = landlock.load_libc()
    _drop_bounding_set(libc)
    landlock.checked(_prctl(libc, PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL))
    landlock.checked(_prctl(libc, PR_SET_SECUREBITS, SECUREBITS))
    os.setgroups([])
    os.setresgid(gid, gid, gid)
    os.setresuid(uid, uid, uid)  # NO_SETUID_FIXUP: the sets stay as they were, until the next line
    _set_capabilities(libc, [CAP_DAC_READ_SEARCH] if read_past_permissions else [])


if __name__ == "__main__":
    # ``dlgrade doctor``'s probe: python -E -s privileges.py UID GID READ_PAST(0|1) leaves root as a worker
    # would (not -I, which would keep this folder, and landlock.py, off sys.path).
    try:
        drop((int(sys.argv[1]), int(sys.argv[2])), sys.argv[3] == "1")
    except OSError as exc:
        print(exc)
        sys.exit(1)
