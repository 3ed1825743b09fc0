"""What a learner worker may read: the one allow-list that Landlock, bubblewrap and the audit hook enforce.

Everything else — the reference solutions and checks, other submissions, the gradebook, $HOME,
/etc — is out of reach. Python packages are allowed entry by entry (``numpy/``, ``numpy.libs/``,
…), never a whole site-packages folder or a source tree on sys.path, so an editable install or
a course repository next to the venv exposes nothing.
"""
import functools
import importlib.metadata
import os
import site
import sys
import sysconfig

from packaging.requirements import InvalidRequirement, Requirement

SANDBOX = os.path.dirname(os.path.abspath(__file__))
# The worker's own files, loaded before it restricts itself; nothing else of the grader.
WORKER_FILES = ("worker.py", "worker_setup.py", "wire.py", "landlock.py", "privileges.py", "read_guard.py",
                "keras_export.py")
# The distribution whose dependencies a worker may import; its own files (grader, solutions) stay out.
GRADER_DISTRIBUTION = "dlgrade"
STDLIB_EXCLUDED = ("site-packages", "dist-packages")

_MULTIARCH = sysconfig.get_config_var("MULTIARCH") or ""
# System paths, found by tracing a NumPy and a Keras check (strace -f -e trace=openat,execve on
# `dlgrade check`; the README's security section says how to repeat it). Missing ones are skipped.
SYSTEM_PATHS = {
    "/etc/ld.so.cache": "the dynamic loader's index of shared libraries",
    f"/lib/{_MULTIARCH}": "libc, libm, libstdc++, libz, libffi: Python, NumPy's and TensorFlow's extensions",
    f"/usr/lib/{_MULTIARCH}": "the same libraries where /lib is not merged into /usr, plus gconv (codecs)",
    "/lib64": "the dynamic loader (the ELF interpreter of every x86-64 program)",
    "/usr/lib64": "the dynamic loader's target where /lib64 is a link, and libraries on Fedora-like systems",
    "/usr/lib/locale": "compiled locale data (C.UTF-8) read when Python sets up its locale",
    "/usr/share/locale/locale.alias": "glibc's locale names, read with the locale data",
    "/etc/localtime": "the machine's time zone, for time.localtime",
    "/usr/share/zoneinfo": "time-zone data /etc/localtime links into, and TZ names",
    "/usr/lib/ssl/openssl.cnf": "OpenSSL's configuration, read when TensorFlow loads libcrypto",
    "/etc/ssl/openssl.cnf": "the file /usr/lib/ssl/openssl.cnf links to on Debian",
    "/dev/null": "the null device (also writable)",
    "/dev/zero": "zero bytes, for anonymous memory in some allocators (also writable)",
    "/dev/full": "the always-full device (also writable)",
    "/dev/urandom": "randomness for Python's hash seed fallback and NumPy's default generator",
    "/proc/self": "the worker's own status, thread names, cpuset, command line and mounts (TensorFlow)",
    "/proc/cpuinfo": "CPU features, probed by TensorFlow and OpenBLAS",
    "/proc/meminfo": "total memory, probed by TensorFlow's allocator",
    "/sys/devices/system": "CPU count, topology and caches, NUMA nodes (OpenBLAS, TensorFlow's thread pools)",
    "/sys/bus/cpu": "the same CPU topology through its bus links (TensorFlow)",
    "/sys/bus/node": "NUMA nodes' memory and huge pages (TensorFlow)",
    "/sys/fs/cgroup": "the container's CPU and memory limits (TensorFlow, os.process_cpu_count)",
    "/sys/kernel/mm/hugepages": "huge page sizes (TensorFlow's allocator)",
}
# Under these, a refused read is a library probing the machine, not a learner looking for answers.
UNFLAGGED_SYSTEM = ("/usr", "/proc", "/sys", "/dev")


def _children(folder):
    """The entries of ``folder`` except site-packages (the standard library without installed packages)."""
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return []
    return [os.path.join(folder, name) for name in names if name not in STDLIB_EXCLUDED]


def python_paths():
    """The interpreter, its shared library, its venv marker and the standard library, entry by entry."""
    paths = [sys.executable, os.path.realpath(sys.executable), os.path.join(sys.prefix, "pyvenv.cfg")]
    libdir, soname = sysconfig.get_config_var("LIBDIR"), sysconfig.get_config_var("INSTSONAME")
    if libdir and soname:
        paths.append(os.path.join(libdir, soname))
    folders = {sysconfig.get_path("stdlib"),
               sysconfig.get_path("platstdlib", vars={"platbase": sys.base_exec_prefix}),
               os.path.join(sysconfig.get_path("platstdlib", vars={"platbase": sys.base_exec_prefix}),
                            "lib-dynload")}
    for folder in sorted(f for f in folders if f):
        paths += _children(folder)
    return paths


def _requirements(distribution):
    """The names of the distributions ``distribution`` needs on this machine (markers evaluated, no extras)."""
    names = []
    for text in distribution.requires or ():
        try:
            requirement = Requirement(text)
        except InvalidRequirement:
            continue
        if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
            names.append(requirement.name)
    return names


def _distribution_entries(distribution):
    """The top-level files and folders a distribution installed (``numpy/``, ``six.py``, its dist-info)."""
    entries = set()
    for file in distribution.files or ():
        parts = file.parts
        if not parts or parts[0] == "..":
            continue  # console scripts in bin/
        depth = 2 if parts[0] == "__pycache__" else 1  # single-module distributions cache beside others
        entries.add(os.path.abspath(str(distribution.locate_file(os.path.join(*parts[:depth])))))
    if distribution.files is None:  # no RECORD (some distro packages): fall back to its import names
        location = distribution.locate_file("")
        for name in (distribution.read_text("top_level.txt") or "").split():
            entries.update(os.path.join(location, n) for n in (name, name + ".py"))
    return entries


def package_paths(root=GRADER_DISTRIBUTION):
    """The installed entries of every distribution ``root`` depends on, directly or not (not ``root``'s own)."""
    seen, todo, paths = set(), [root], set()
    while todo:
        name = todo.pop().lower().replace("_", "-")
        if name in seen:
            continue
        seen.add(name)
        try:
            distribution = importlib.metadata.distribution(name)
        except importlib.metadata.PackageNotFoundError:
            continue
        todo += _requirements(distribution)
        if name != root:
            paths |= _distribution_entries(distribution)
    return sorted(paths)


@functools.cache
def readable_paths():
    """Every path a worker may read (existing ones, outermost first, none inside another)."""
    candidates = [*python_paths(), *package_paths(), *(os.path.join(SANDBOX, f) for f in WORKER_FILES),
                  *SYSTEM_PATHS]
    kept = []
    for path in sorted({os.path.abspath(p) for p in candidates if os.path.lexists(p)}, key=lambda p: p.split(os.sep)):
        if not kept or not path.startswith(os.path.join(kept[-1], "")):
            kept.append(path)
    return tuple(kept)


def unflagged():
    """Folders where a refused read is not worth an integrity note: system folders libraries probe, and
    the package folders themselves (importlib.metadata lists them; what is inside stays guarded)."""
    return [*UNFLAGGED_SYSTEM, *site.getsitepackages(), sysconfig.get_path("purelib"), sysconfig.get_path("platlib")]
