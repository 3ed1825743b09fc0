"""Where a learner's worker can run: POSIX systems (Linux, with kernel confinement; macOS, with process
control only). Native Windows has neither the resource limits nor the process groups the worker needs."""
import sys

SUPPORTED = ("linux", "darwin")


def supported(platform=None):
    """True when workers can run on ``platform`` (``sys.platform`` by default)."""
    platform = sys.platform if platform is None else platform
    return platform.startswith(SUPPORTED)
