"""The autograder's settings, chosen by ``dlgrade gradescope build`` and shipped in the zip as JSON."""
import json
from dataclasses import dataclass, field

from grader import catalog
from grader.gradescope.results import OUTPUT_FORMATS, Visibility
from grader.i18n import LANGUAGES, t

CONFIG_NAME = "dlgrade-autograder.json"
FORMAT_VERSION = 1


@dataclass(frozen=True)
class Config:
    """Which exercises to grade, who sees which check when, the feedback's format and language, time limits."""

    exercises: tuple[str, ...]
    visibility: Visibility = Visibility()
    output_format: str = "md"
    lang: str = field(default_factory=catalog.source_language)
    exercise_timeout: float = 300.0
    submission_timeout: float = 1800.0

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

    def checks(self):
        """(exercise id, check id) of every check graded, in order."""
        return [(e.id, c.id) for e in map(catalog.resolve, self.exercises) for c in e.checks]

    def to_dict(self):
        """The JSON form stored in the zip."""
        return {"format": "dlgrade-autograder", "format_version": FORMAT_VERSION, "exercises": list(self.exercises),
                "visibility": {"default": self.visibility.default, "stdout": self.visibility.stdout,
                               "rules": [list(rule) for rule in self.visibility.rules]},
                "output_format": self.output_format, "lang": self.lang,
                "exercise_timeout": self.exercise_timeout, "submission_timeout": self.submission_timeout}

    @classmethod
    def from_dict(cls, data):
        """Inverse of :meth:`to_dict`; raises ValueError on anything else."""
        try:
            if data.get("format") != "dlgrade-autograder" or data.get("format_version") != FORMAT_VERSION:
                raise ValueError(t("gradescope.config.bad_format"))
            seen = data["visibility"]
            visibility = Visibility(seen["default"], tuple((p, v) for p, v in seen["rules"]), seen["stdout"])
            return cls(tuple(data["exercises"]), visibility, data["output_format"], data["lang"],
                       float(data["exercise_timeout"]), float(data["submission_timeout"]))
        except (KeyError, TypeError, AttributeError, catalog.UnknownExercise) as exc:
            raise ValueError(t("gradescope.config.bad_format") + f" ({exc})") from None


def load_config(path):
    """The Config stored at ``path``; raises ValueError saying what is wrong."""
    try:
        data = json.loads(open(path, encoding="utf-8").read())
    except (OSError, ValueError) as exc:
        raise ValueError(t("gradescope.config.unreadable", path=path, error=exc)) from None
    if not isinstance(data, dict):
        raise ValueError(t("gradescope.config.bad_format"))
    return Config.from_dict(data)
