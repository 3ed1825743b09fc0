"""A class roster: who each submission belongs to in the LMS, loaded from a CSV file and validated.

Columns (header names, any case; only ``submission`` is required): ``submission`` (the name the
gradebook knows the learner by: their folder or zip), ``learner_id`` (the id their quiz numbers were
made for), ``name`` (as the LMS shows it, e.g. "Kim, Minji"), ``canvas_id``, ``sis_user_id``,
``sis_login_id``, ``section``, ``email``, ``id_number``. One file serves grading and every LMS export.
"""
import csv
import io
from dataclasses import dataclass

from grader.i18n import t

FIELDS = ("submission", "learner_id", "name", "canvas_id", "sis_user_id", "sis_login_id", "section", "email",
          "id_number")


class RosterError(ValueError):
    """A roster file that cannot be used; the message names the file and what is wrong."""


@dataclass(frozen=True)
class Learner:
    """One roster row."""

    submission: str
    learner_id: str = ""
    name: str = ""
    canvas_id: str = ""
    sis_user_id: str = ""
    sis_login_id: str = ""
    section: str = ""
    email: str = ""
    id_number: str = ""


@dataclass(frozen=True)
class Roster:
    """The learners in roster order, and a lookup by submission name."""

    learners: tuple

    def get(self, submission):
        """The Learner whose submission is ``submission``, or None."""
        return next((learner for learner in self.learners if learner.submission == submission), None)

    def unknown(self, records):
        """Submissions in the gradebook that the roster does not list, sorted."""
        known = {learner.submission for learner in self.learners}
        return sorted(r.name for r in records if r.name not in known)

    def without_submission(self, records):
        """Roster learners the gradebook has nothing for."""
        graded = {r.name for r in records}
        return [learner.submission for learner in self.learners if learner.submission not in graded]

    def has(self, field):
        """Whether any learner has a value for ``field``."""
        return any(getattr(learner, field) for learner in self.learners)


def parse_roster(text, source="roster"):
    """A Roster from CSV ``text``; raises :class:`RosterError` for a missing column, duplicates or empty ids."""
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    if not rows:
        raise RosterError(t("roster.empty", source=source))
    header = [cell.strip().lower().replace(" ", "_") for cell in rows[0]]
    if "submission" not in header:
        raise RosterError(t("roster.no_submission", source=source, fields=",".join(FIELDS)))
    unknown = [name for name in header if name and name not in FIELDS]
    if unknown:
        raise RosterError(t("roster.unknown_columns", source=source, columns=", ".join(unknown),
                            fields=",".join(FIELDS)))
    learners, seen = [], set()
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        values = {name: (row[i].strip() if i < len(row) else "") for i, name in enumerate(header) if name}
        if not values["submission"]:
            raise RosterError(t("roster.empty_submission", source=source, line=number))
        if values["submission"] in seen:
            raise RosterError(t("roster.duplicate", source=source, line=number, name=values["submission"]))
        seen.add(values["submission"])
        learners.append(Learner(**values))
    return Roster(tuple(learners))


def load_roster(path):
    """The Roster in the CSV file ``path``; RosterError when it cannot be read or used."""
    try:
        with open(path, encoding="utf-8", newline="") as handle:
            text = handle.read()
    except (OSError, UnicodeDecodeError) as exc:
        raise RosterError(t("roster.unreadable", source=path, error=exc)) from None
    return parse_roster(text, str(path))
