"""``dlgrade gradescope build``: the autograder zip Gradescope takes.

At the zip's root: ``setup.sh`` and ``run_autograder`` (from ``templates/``), the settings
(``dlgrade-autograder.json``), the dlgrade wheel and ``constraints.txt`` pinning every dependency to
the version installed here, so Gradescope grades with the code and libraries the instructor tried;
and for a course pack (the settings name it), the pack's files under ``course/<name>/``.
"""
import importlib.metadata
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import tomllib

from grader import catalog, course_pack
from grader.gradescope.config import CONFIG_NAME, COURSE_FOLDER
from grader.i18n import t

TEMPLATES = Path(__file__).resolve().parent / "templates"
EXECUTABLES = ("setup.sh", "run_autograder")
STAMP = (2020, 1, 1, 0, 0, 0)  # fixed member times: the same inputs give the same zip


class BuildError(Exception):
    """The zip cannot be built; the message says why and what to do."""


@dataclass
class Built:
    """The zip written, its members, and warnings for the instructor."""

    path: Path
    members: list = field(default_factory=list)
    warnings: list = field(default_factory=list)


def constraints():
    """``name==version`` of every distribution installed here but dlgrade, sorted (pip's constraints format)."""
    pins = {}
    for dist in importlib.metadata.distributions():
        name = (dist.metadata["Name"] or "").strip()
        if name and name.lower() != "dlgrade":
            pins[name.lower()] = f"{name}=={dist.version}"
    return "".join(f"{pins[key]}\n" for key in sorted(pins))


def build_wheel(folder):
    """A dlgrade wheel built with pip from the source tree this package runs from, in ``folder``."""
    if not (catalog.PACKAGE_ROOT / "pyproject.toml").is_file():
        raise BuildError(t("gradescope.build.no_source", root=catalog.PACKAGE_ROOT))
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w",
                           str(folder), str(catalog.PACKAGE_ROOT)], capture_output=True, text=True)
    wheels = sorted(Path(folder).glob("dlgrade-*.whl"))
    if done.returncode != 0 or not wheels:
        raise BuildError(t("gradescope.build.wheel_failed", error=(done.stderr or done.stdout).strip()[-500:]))
    return wheels[0]


def _add(archive, name, data, executable=False):
    info = zipfile.ZipInfo(name, STAMP)
    info.external_attr = (0o100755 if executable else 0o100644) << 16
    info.compress_type = zipfile.ZIP_DEFLATED
    archive.writestr(info, data)


def warnings_for(config):
    """What the instructor should know before uploading: checks learners do not see, and what that hides."""
    withheld = config.visibility.withheld(config.checks())
    if not withheld:
        return []
    return [t("gradescope.build.withheld", count=len(withheld), total=len(config.checks()))]


def course_files(config):
    """``{member name: bytes}`` of the running course pack for a ``config`` that names one (nothing for the
    built-in course); BuildError for a pack that extends another pack's folder, which the zip would lack."""
    if config.course is None:
        return {}
    pack = course_pack.active()
    with open(pack.catalog_file, "rb") as handle:
        extends = tomllib.load(handle).get("extends")
    if extends not in (None, course_pack.BUILTIN_NAME):
        raise BuildError(t("gradescope.build.extends_folder", course=pack.name, extends=extends))
    return {f"{COURSE_FOLDER}/{config.course}/{name}": data for name, data in pack.files().items()}


def build(*, config, out, wheel=None):
    """Write the autograder zip for ``config`` (a Config) to ``out``; returns :class:`Built`.

    ``wheel`` is a dlgrade wheel to ship; by default one is built from this source tree. A config that
    names a course ships the running course pack's files.
    """
    import json

    course = course_files(config)
    unmatched = config.visibility.unmatched(config.checks())
    if unmatched:
        raise BuildError(t("gradescope.build.unmatched", patterns=", ".join(unmatched)))
    out = Path(out)
    with tempfile.TemporaryDirectory() as scratch:
        wheel = Path(wheel) if wheel else build_wheel(scratch)
        if not (wheel.is_file() and wheel.name.startswith("dlgrade-") and wheel.suffix == ".whl"):
            raise BuildError(t("gradescope.build.bad_wheel", path=wheel))
        out.parent.mkdir(parents=True, exist_ok=True)
        built = Built(out, warnings=warnings_for(config))
        with zipfile.ZipFile(out, "w") as archive:
            for name in EXECUTABLES:
                _add(archive, name, (TEMPLATES / name).read_bytes(), executable=True)
            _add(archive, CONFIG_NAME, json.dumps(config.to_dict(), indent=2) + "\n")
            _add(archive, "constraints.txt", constraints())
            _add(archive, wheel.name, wheel.read_bytes())
            for name, data in course.items():
                _add(archive, name, data)
            built.members = archive.namelist()
    return built
