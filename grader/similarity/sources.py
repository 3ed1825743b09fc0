"""The class's code for similarity: each learner's file per exercise, read from the submissions a gradebook
recorded (folders or zips, unpacked with the batch grader's caps), and every language's stub."""
import tempfile
from pathlib import Path

from grader import catalog
from grader.batch.submissions import FOLDER, MISSING, ZIP, Caps, Submission, SubmissionError, materialize
from grader.i18n import LANGUAGES, t


def stubs(entry):
    """The texts of ``entry``'s stub in every language it ships (none for an entry without a stub file)."""
    paths = {entry.stub_in(lang) for lang in LANGUAGES}
    return [p.read_text(encoding="utf-8") for p in sorted(paths) if p.is_file()]


def compared_entries(records):
    """Catalog entries graded in ``records`` that have a stub file to write code into, in course order."""
    graded = {e for record in records for e in record.graded}
    return [e for e in catalog.exercises() if e.id in graded and e.stub_path.is_file()]


def _submission(record):
    path = Path(record.source or "")
    kind = ZIP if path.suffix.lower() == ".zip" and path.is_file() else FOLDER if path.is_dir() else MISSING
    return Submission(record.name, path, kind)


def class_sources(records, entries, caps=Caps()):
    """``({exercise id: {submission: text}}, {submission: why it could not be read})``."""
    sources, problems = {e.id: {} for e in entries}, {}
    for record in records:
        with tempfile.TemporaryDirectory(prefix="dlgrade-similarity-") as scratch:
            try:
                folder = materialize(_submission(record), Path(scratch) / "s", caps)
            except SubmissionError as exc:
                problems[record.name] = str(exc)
                continue
            for entry in entries:
                path = folder / entry.filename
                if entry.id not in record.graded or not path.is_file():
                    continue
                try:
                    sources[entry.id][record.name] = path.read_text(encoding="utf-8")
                except (OSError, UnicodeDecodeError) as exc:
                    problems[record.name] = t("similarity.unreadable", file=entry.filename, error=exc)
    return sources, problems


def class_similarity(records, settings=None):
    """``(results, sources, problems)``: an ExerciseSimilarity per exercise with code in ``records``, the texts
    compared ({exercise: {submission: text}}, for side-by-side views) and the submissions that could not be read."""
    from grader.similarity.compare import Settings, compare_exercise

    entries = compared_entries(records)
    sources, problems = class_sources(records, entries)
    results = [compare_exercise(e.id, sources[e.id], stubs(e), settings or Settings()) for e in entries]
    return results, sources, problems
