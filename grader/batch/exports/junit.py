"""JUnit XML export: a test suite per submission, a test case per check, for CI systems."""
import re
import xml.etree.ElementTree as ET

from grader.batch.cells import check_output as _check_output
from grader.batch.exports import ExportFormat
from grader.results import ERROR, NOT_STARTED, PASSED

# Characters XML 1.0 cannot carry at all (learner messages may hold them: ANSI escapes, NULs).
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


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


FORMAT = ExportFormat(name="junit", help_key="export.junit.help", render=lambda records, options: to_junit(records))
