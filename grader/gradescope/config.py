"""The autograder's settings, chosen by ``dlgrade gradescope build`` and shipped in the zip as JSON.

A course pack graded by the autograder travels in the zip as ``course/<name>/`` beside the settings, which
name it; loading the settings makes that folder the running course (``DLGRADE_COURSE``), so Gradescope
grades against the pack (and the version of it) the instructor built with.
"""
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from grader import catalog, course_pack
from grader.gradescope.results import OUTPUT_FORMATS, Visibility
from grader.i18n import LANGUAGES, t

CONFIG_NAME = "dlgrade-autograder.json"
FORMAT_VERSION = 1
COURSE_FOLDER = "course"  # the zip holds a course pack's files under course/<its name>/


@dataclass(frozen=True)
class Config:
    """Which exercises to grade, who sees which check when, the feedback's format and language, time limits."""

    exercises: tuple[str, ...]
    visibility: Visibility = Visibility()
    output_format: str = "md"
    lang: str = field(default_factory=catalog.source_language)
    exercise_timeout: float = 300.0
    submission_timeout: float = 1800.0
    course: str | None = None  # the name of the course pack bundled in the zip; None: the built-in course

    def __post_init__(self):
        if not self.exercises:
            raise ValueError(t("gradescope.config.no_exercises"))
        for exercise in self.exercises:
            catalog.resolve(exercise)  # raises UnknownExercise
        if self.output_format not in OUTPUT_FORMATS:
            raise ValueError(t("gradescope.bad_output_format", value=self.output_format,
                               choices=", ".join(OUTPUT_FORMATS)))
        if self.lang not in LANGUAGES:
            raise ValueError(t("gradescope.config.bad_lang", value=self.lang, choices=", ".join(LANGUAGES)))
        if not (self.exercise_timeout > 0 and self.submission_timeout > 0):
            raise ValueError(t("gradescope.config.bad_timeout"))
        course_name(self.course)

    def checks(self):
        """(exercise id, check id) of every check graded, in order."""
        return [(e.id, c.id) for e in map(catalog.resolve, self.exercises) for c in e.checks]

    def to_dict(self):
        """The JSON form stored in the zip."""
        return {"format": "dlgrade-autograder", "format_version": FORMAT_VERSION, "exercises": list(self.exercises),
                "visibility": {"default": self.visibility.default, "stdout": self.visibility.stdout,
                               "rules": [list(rule) for rule in self.visibility.rules]},
                "output_format": self.output_format, "lang": self.lang,
                "exercise_timeout": self.exercise_timeout, "submission_timeout": self.submission_timeout,
                "course": self.course}

    @classmethod
    def from_dict(cls, data):
        """Inverse of :meth:`to_dict`; raises ValueError on anything else."""
        try:
            if data.get("format") != "dlgrade-autograder" or data.get("format_version") != FORMAT_VERSION:
                raise ValueError(t("gradescope.config.bad_format"))
            seen = data["visibility"]
            visibility = Visibility(seen["default"], tuple((p, v) for p, v in seen["rules"]), seen["stdout"])
            return cls(tuple(data["exercises"]), visibility, data["output_format"], data["lang"],
                       float(data["exercise_timeout"]), float(data["submission_timeout"]), data.get("course"))
        except (KeyError, TypeError, AttributeError, catalog.UnknownExercise) as exc:
            raise ValueError(t("gradescope.config.bad_format") + f" ({exc})") from None


def course_name(name):
    """``name`` if it can name a bundled course's folder (one plain path component), else ValueError."""
    if name is not None and (not isinstance(name, str) or name in ("", ".", "..") or Path(name).name != name
                             or "\\" in name or "\0" in name):
        raise ValueError(t("gradescope.config.bad_course", value=name))
    return name


def load_config(path, *, course_beside=True):
    """The Config stored at ``path``; raises ValueError saying what is wrong. With ``course_beside`` the course
    it names, bundled in the folder of ``path``, becomes the running course first (its exercises are that
    course's); without, the running course is already chosen (the grading step run as another user)."""
    try:
        data = json.loads(open(path, encoding="utf-8").read())
    except (OSError, ValueError) as exc:
        raise ValueError(t("gradescope.config.unreadable", path=path, error=exc)) from None
    if not isinstance(data, dict):
        raise ValueError(t("gradescope.config.bad_format"))
    if course_beside:
        name = course_name(data.get("course"))
        folder = Path(path).resolve().parent / COURSE_FOLDER / name if name else None
        if folder is not None and not (folder / "catalog.toml").is_file():
            raise ValueError(t("gradescope.config.course_missing", course=name, folder=folder))
        os.environ[course_pack.VARIABLE] = str(folder) if folder else course_pack.BUILTIN_NAME
    return Config.from_dict(data)
