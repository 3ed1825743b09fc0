"""Exports of a gradebook: pure functions from loaded records (``Gradebook.load()``) to text.

- ``to_csv``: one row per learner, a column per exercise, the total (for an LMS grade import);
- ``to_json``: everything, Result JSON included;
- ``to_gradescope``: one Gradescope ``results.json`` per submission;
- ``to_junit``: JUnit XML (a test suite per submission, a test case per check) for CI systems;
- ``feedback_markdown``: per-learner feedback with the same content as ``dlgrade check``.
"""
import csv
import io
import json
import re
import xml.etree.ElementTree as ET

from rich.console import Console

from grader import catalog, render
from grader.i18n import t
from grader.results import ERROR, NOT_STARTED, PASSED

FORMAT_VERSION = 1
VISIBILITIES = ("visible", "hidden", "after_due_date", "after_published")
# Characters XML 1.0 cannot carry at all (learner messages may hold them: ANSI escapes, NULs).
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _score(value):
    return int(value) if float(value).is_integer() else round(float(value), 4)


def exercise_columns(records):
    """``[(id, title, max_score)]`` of every exercise in the records: course order, then by id."""
    rank = {e.id: i for i, e in enumerate(catalog.exercises())}
    seen = {}
    for record in records:
        for exercise, graded in record.graded.items():
            title, top = seen.get(exercise, (graded.result.title, 0.0))
            seen[exercise] = (title, max(top, graded.result.max_score))
    order = sorted(seen, key=lambda e: (rank.get(e, len(rank)), e))
    return [(e, seen[e][0], seen[e][1]) for e in order]


def safe_filename(name):
    """A submission name usable as one file name."""
    cleaned = re.sub(r"[^\w.@+=-]+", "_", name, flags=re.UNICODE).strip("._") or "submission"
    return cleaned[:150]


def _spreadsheet_safe(text):
    """Defuse cells a spreadsheet would run as a formula (CSV injection)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def to_csv(records):
    """One row per submission: its score per exercise (empty when not graded), total, max total, percent."""
    columns = exercise_columns(records)
    max_total = sum(top for _, _, top in columns)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["submission", *[e for e, _, _ in columns], "total", "max_total", "percent", "integrity"])
    for record in records:
        cells = [_score(record.graded[e].result.score) if e in record.graded else "" for e, _, _ in columns]
        total = record.total
        notes = "; ".join(f"{e}: {note}" for e, g in record.graded.items() for note in g.result.integrity)
        writer.writerow([_spreadsheet_safe(record.name), *cells, _score(total), _score(max_total),
                         round(100 * total / max_total, 1) if max_total else "", _spreadsheet_safe(notes)])
    return out.getvalue()


def to_json(records):
    """The whole gradebook as one JSON document (stable: format_version)."""
    columns = exercise_columns(records)
    data = {
        "format": "dlgrade-gradebook", "format_version": FORMAT_VERSION,
        "exercises": [{"id": e, "title": t, "max_score": m} for e, t, m in columns],
        "submissions": [{
            "name": r.name, "source": r.source, "content_hash": r.content_hash, "problem": r.problem,
            "total": r.total, "max_total": r.max_total, "duration": round(r.duration, 3),
            "exercises": {e: {"status": g.result.status, "score": g.result.score, "max_score": g.result.max_score,
                              "duration": round(g.duration, 3), "reason": g.reason, "graded_at": g.graded_at,
                              "check_durations": g.check_durations, "result": g.result.to_dict()}
                          for e, g in r.graded.items()},
        } for r in records],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _check_output(check):
    text = check.message or ""
    if check.hint and check.status != PASSED:
        text += ("\n\n" if text else "") + t("detail.hint") + check.hint
    return text


def gradescope(record, *, visibility="visible"):
    """A Gradescope ``results.json`` document (as data) for one submission.

    Top level: score, execution_time, output, visibility, stdout_visibility, extra_data, tests.
    Each test: name, number, score, max_score, status (passed|failed), output, tags, visibility,
    extra_data. A check that did not pass (failed, error, not started) is 'failed'.
    """
    if visibility not in VISIBILITIES:
        raise ValueError(f"visibility must be one of {', '.join(VISIBILITIES)}")
    tests = []
    for number, (exercise, graded) in enumerate(record.graded.items(), start=1):
        for index, check in enumerate(graded.result.checks, start=1):
            tests.append({
                "name": f"{exercise} · {check.title}", "number": f"{number}.{index}",
                "score": check.points, "max_score": check.max_points,
                "status": "passed" if check.status == PASSED else "failed",
                "output": _check_output(check), "tags": [exercise, check.status], "visibility": visibility,
                "extra_data": {"exercise": exercise, "check": check.id, "dlgrade_status": check.status},
            })
    lines = [f"{e}: {_score(g.result.score)}/{_score(g.result.max_score)} ({render.status_word(g.result.status)})"
             for e, g in record.graded.items()]
    if record.problem:
        lines.insert(0, f"{t('batch.export.problem')} {record.problem}")
    return {
        "score": record.total, "execution_time": round(record.duration, 3),
        "output": "\n".join(lines), "visibility": visibility, "stdout_visibility": "hidden",
        "extra_data": {"max_score": record.max_total, "submission": record.name,
                       "content_hash": record.content_hash, "generator": "dlgrade"},
        "tests": tests,
    }


def to_gradescope(record, *, visibility="visible"):
    """The Gradescope ``results.json`` text for one submission."""
    return json.dumps(gradescope(record, visibility=visibility), indent=2, ensure_ascii=False) + "\n"


def _xml_text(text):
    return _XML_ILLEGAL.sub("\ufffd", text or "")


def _first_line(text, limit=200):
    line = (text or "").strip().splitlines()[0] if (text or "").strip() else ""
    return line if len(line) <= limit else line[:limit - 1] + "…"


def to_junit(records):
    """JUnit XML: <testsuites> with a <testsuite> per submission and a <testcase> per check.

    A failed or not-started check is a <failure> (type 'failed' or 'not_started'); an erroring one an
    <error>. The suite's properties carry the score, max score and content hash.
    """
    root = ET.Element("testsuites", name="dlgrade")
    totals = {"tests": 0, "failures": 0, "errors": 0, "time": 0.0}
    for record in records:
        cases = [(e, g, c) for e, g in record.graded.items() for c in g.result.checks]
        failures = sum(c.status not in (PASSED, ERROR) for _, _, c in cases)
        errors = sum(c.status == ERROR for _, _, c in cases)
        suite = ET.SubElement(root, "testsuite", name=_xml_text(record.name), tests=str(len(cases)),
                              failures=str(failures), errors=str(errors), skipped="0",
                              time=f"{record.duration:.3f}")
        properties = ET.SubElement(suite, "properties")
        for key, value in (("score", record.total), ("max_score", record.max_total),
                           ("content_hash", record.content_hash or ""), ("problem", record.problem or "")):
            ET.SubElement(properties, "property", name=key, value=_xml_text(str(value)))
        for exercise, graded, check in cases:
            seconds = graded.check_durations.get(check.id)
            case = ET.SubElement(suite, "testcase", name=_xml_text(check.id),
                                 classname=_xml_text(f"{record.name}.{exercise}"),
                                 time=f"{seconds if seconds is not None else 0.0:.3f}")
            if check.status != PASSED:
                tag = "error" if check.status == ERROR else "failure"
                kind = {ERROR: "error", NOT_STARTED: "not_started"}.get(check.status, "failed")
                detail = ET.SubElement(case, tag, message=_xml_text(_first_line(check.message) or check.status),
                                       type=kind)
                detail.text = _xml_text(f"{check.title}\n\n{_check_output(check)}")
        totals["tests"] += len(cases)
        totals["failures"] += failures
        totals["errors"] += errors
        totals["time"] += record.duration
    root.set("tests", str(totals["tests"]))
    root.set("failures", str(totals["failures"]))
    root.set("errors", str(totals["errors"]))
    root.set("time", f"{totals['time']:.3f}")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _entry(exercise):
    try:
        return catalog.resolve(exercise)
    except catalog.UnknownExercise:
        return None


def result_view(result):
    """The renderable ``dlgrade check`` prints for a Result (quizzes have their own view)."""
    entry = _entry(result.exercise)
    filename = entry.filename if entry else f"{result.exercise}.py"
    if entry is not None and entry.kind == "quiz":
        from grader.quiz.render import result_view as quiz_view

        return quiz_view(result, filename)
    return render.render_result(result, filename)


def rendered_text(result, width=100):
    """``dlgrade check``'s report of a Result, as plain text."""
    console = Console(file=io.StringIO(), record=True, width=width, color_system=None, force_terminal=False,
                      highlight=False, emoji=False, soft_wrap=False)
    console.print(result_view(result))
    return console.export_text(styles=False)


def _fence(text):
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    return "`" * max(3, longest + 1)


def _cell(text):
    return text.replace("|", "\\|").replace("\n", " ")


def feedback_markdown(record, *, width=100):
    """Markdown feedback for one learner: a score table, then ``dlgrade check``'s report per exercise."""
    lines = [f"# {t('batch.feedback.title', name=record.name)}", ""]
    if record.problem:
        lines += [f"> **{t('batch.export.problem')}** {record.problem}", ""]
    percent = f" ({100 * record.total / record.max_total:.0f}%)" if record.max_total else ""
    lines += [f"{t('batch.feedback.total')} **{_score(record.total)}/{_score(record.max_total)}**{percent}", "",
              f"| {t('column.exercise')} | {t('column.status')} | {t('column.score')} |", "|---|---|---|"]
    for exercise, graded in record.graded.items():
        result = graded.result
        lines.append(f"| {_cell(exercise)} · {_cell(result.title)} | {render.status_word(result.status)}"
                     f" | {_score(result.score)}/{_score(result.max_score)} |")
    for exercise, graded in record.graded.items():
        text = rendered_text(graded.result, width).rstrip()
        fence = _fence(text)
        lines += ["", f"## {exercise} · {graded.result.title}", "", f"{fence}text", text, fence]
    return "\n".join(lines) + "\n"


def write_per_submission(records, folder, *, kind, visibility="visible"):
    """Write one file per submission into ``folder``: Gradescope ``<name>/results.json`` or feedback ``<name>.md``.

    Returns the paths written. Names that clash once made file-safe get a short hash suffix.
    """
    import hashlib
    from pathlib import Path

    from grader.workspace import atomic_write

    folder, used, written = Path(folder), set(), []
    for record in records:
        stem = safe_filename(record.name)
        if stem.lower() in used:
            stem = f"{stem}-{hashlib.sha256(record.name.encode('utf-8', 'surrogateescape')).hexdigest()[:8]}"
        used.add(stem.lower())
        if kind == "gradescope":
            path = folder / stem / "results.json"
            text = to_gradescope(record, visibility=visibility)
        elif kind == "feedback":
            path, text = folder / f"{stem}.md", feedback_markdown(record)
        else:
            raise ValueError(f"unknown per-submission export '{kind}'")
        atomic_write(path, text)
        written.append(path)
    return written
