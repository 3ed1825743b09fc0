"""Who handed in a Gradescope upload: the learner id, read from Gradescope's ``submission_metadata.json``.

Gradescope writes ``/autograder/submission_metadata.json`` beside the upload; its ``users`` list the
learners of the submission (several for a group), each with ``email``, ``id`` and ``name``. The first
user's email is the learner id, as learners know it (``dlgrade init --learner-id`` with it gives them the
same quiz numbers), else their numeric id. When the file is missing or names no usable learner, the id
is ``submission`` and the output says so: the upload is still graded, with that id's quiz numbers.
"""
import json
from dataclasses import dataclass
from pathlib import Path

from grader.i18n import t

METADATA_NAME = "submission_metadata.json"
FALLBACK = "submission"
MAX_BYTES = 1 << 20  # far above any real metadata; a larger file is not read
MAX_ID = 200
KEYS = ("email", "id")  # in order of preference


@dataclass(frozen=True)
class Learner:
    """The learner id, the metadata key it came from (``email``, ``id`` or None: the fallback) and a note."""

    id: str
    source: str | None = None
    note: str | None = None


def _metadata(path):
    """The parsed metadata, or None when it is missing; ValueError when it cannot be read as JSON."""
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        return None
    except OSError as error:
        raise ValueError(error) from None
    if len(raw) > MAX_BYTES:
        raise ValueError("too large")
    return json.loads(raw.decode("utf-8"))  # UnicodeDecodeError and JSONDecodeError are ValueErrors


def _usable(value):
    """``value`` as a learner id (a one-line printable text, or a whole number), or None."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if isinstance(value, str) and (value := value.strip()) and len(value) <= MAX_ID and value.isprintable():
        return value
    return None


def learner(root) -> Learner:
    """The learner of the upload graded under ``root`` (the folder holding ``submission_metadata.json``)."""
    try:
        data = _metadata(Path(root) / METADATA_NAME)
    except ValueError:
        data = {}
    if data is None:
        return Learner(FALLBACK, note=t("gradescope.learner.missing", learner=FALLBACK))
    users = data.get("users") if isinstance(data, dict) else None
    first = users[0] if isinstance(users, list) and users and isinstance(users[0], dict) else {}
    for key in KEYS:
        if (value := _usable(first.get(key))) is not None:
            note = t("gradescope.learner.group", learner=value, count=len(users)) if len(users) > 1 else None
            return Learner(value, key, note)
    return Learner(FALLBACK, note=t("gradescope.learner.malformed", learner=FALLBACK))
