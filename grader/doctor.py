"""``dlgrade doctor``: the facts that decide how grading behaves on this machine."""
import collections
import importlib.metadata
import os
import platform
import sys

from grader import catalog, i18n, kinds
from grader.sandbox import isolation

PACKAGES = ("dlgrade", "numpy", "tensorflow-cpu", "tensorflow", "keras", "pytest", "hypothesis", "rich", "click",
            "watchfiles", "matplotlib")


def version(package):
    """The installed version of a distribution, or None."""
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return None


def _group_name(group):
    # A kind's plural noun in the current language; a kind without a translation keeps its own noun.
    return i18n.messages(i18n.language()).get(f"doctor.group.{group}", group)


def facts():
    """``[(name, value)]`` describing the environment, versions, isolation level and what each confinement does."""
    rows = [("python", f"{platform.python_version()} ({sys.executable})"),
            ("platform", f"{platform.system()} {platform.release()} {platform.machine()}, {os.cpu_count()} CPUs"),
            ("isolation", isolation.level()),
            *isolation.confinement(),
            ("language", i18n.language()),
            ("package root", str(catalog.PACKAGE_ROOT)),
            ("exercises", ", ".join(i18n.t("doctor.count", count=count, group=_group_name(group))
                                    for group, count in
                                    collections.Counter(kinds.of(e).group for e in catalog.exercises()).items()))]
    rows = [(i18n.t(f"doctor.label.{name.replace(' ', '_')}"), value) for name, value in rows]
    return rows + [(package, version(package)) for package in PACKAGES if version(package)]
