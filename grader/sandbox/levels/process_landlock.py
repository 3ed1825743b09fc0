"""The process level: the plain worker, restricting itself with Landlock where the kernel has it.

The worker reads the real file system, so Landlock (worker.py, landlock.py) is what keeps its
reads to the allow-list, its writes to its temporary home, TCP shut (ABI >= 4) and its signals
inside its own processes (ABI >= 6). Without Landlock the audit hook alone guards Python's reads.
"""
import functools
import os
import subprocess
import sys

from grader.i18n import t
from grader.sandbox import allowlist
from grader.sandbox.levels.base import Level

LANDLOCK_SCRIPT = os.path.join(allowlist.SANDBOX, "landlock.py")
NETWORK_ABI, SIGNAL_ABI = 4, 6


@functools.cache
def landlock_abi():
    """The Landlock ABI a worker can enforce here, 0 if none: a child process really restricts itself."""
    try:
        probe = subprocess.run([sys.executable, "-I", LANDLOCK_SCRIPT], capture_output=True, text=True, timeout=20)
        return int(probe.stdout)
    except (OSError, ValueError, subprocess.TimeoutExpired):
        return 0


class ProcessLandlock(Level):
    """The plain worker process, confined by Landlock as far as the running kernel's ABI allows."""

    name = "process"

    def worker_config(self):
        return {"landlock": True, "bwrap": False}

    def kernel_confines_reads(self):
        return landlock_abi() > 0

    def summary(self):
        common, abi = t("doctor.level.common"), landlock_abi()
        if not abi:
            return t("doctor.level.no_landlock", common=common)
        network = t("doctor.level.no_tcp") if abi >= NETWORK_ABI else ""
        return t("doctor.level.landlock", abi=abi, network=network, common=common)

    def confinement(self):
        abi = landlock_abi()
        kernel = f"Landlock ABI {abi}"
        return [("read", t("doctor.landlock.read", kernel=kernel) if abi else t("doctor.audit_hook_only")),
                ("write", t("doctor.landlock.write", kernel=kernel) if abi else t("doctor.off.no_landlock")),
                ("network", t("doctor.landlock.network", kernel=kernel) if abi >= NETWORK_ABI
                 else t("doctor.off.abi", abi=NETWORK_ABI)),
                ("signal", t("doctor.landlock.signal", kernel=kernel) if abi >= SIGNAL_ABI
                 else t("doctor.off.abi", abi=SIGNAL_ABI))]
