"""JUnit XML from Results, the one writer behind ``dlgrade gradebook export --format junit`` and
``dlgrade check --all --junit``: ``<testsuites>`` of ``<testsuite>`` of a ``<testcase>`` per check.

A failed or not-started check is a ``<failure>`` (type ``failed`` or ``not_started``), an erroring one an
``<error>``; the message is the feedback's first line and the body its title, message and hint. A case
may name the learner's ``file`` and ``line``, which CI systems turn into annotations on that line.
"""
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from grader.batch.cells import check_output
from grader.results import ERROR, NOT_STARTED, PASSED

# Characters XML 1.0 cannot carry at all (learner messages may hold them: ANSI escapes, NULs).
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@dataclass(frozen=True)
class Case:
    """One check as a test case."""

    check: object  # a CheckResult
    classname: str
    seconds: float = 0.0
    file: str | None = None
    line: int | None = None


@dataclass(frozen=True)
class Suite:
    """A test suite: its cases, time and properties ((name, value) pairs)."""

    name: str
    cases: list = field(default_factory=list)
    seconds: float = 0.0
    properties: tuple = ()


def xml_text(text):
    """``text`` with the characters XML cannot hold replaced."""
    return _XML_ILLEGAL.sub("\ufffd", text or "")


def _first_line(text, limit=200):
    line = (text or "").strip().splitlines()[0] if (text or "").strip() else ""
    return line if len(line) <= limit else line[:limit - 1] + "…"


def _case(suite_element, case):
    check = case.check
    attributes = {"name": xml_text(check.id), "classname": xml_text(case.classname), "time": f"{case.seconds:.3f}"}
    if case.file:
        attributes["file"] = xml_text(case.file)
        if case.line:
            attributes["line"] = str(case.line)
    element = ET.SubElement(suite_element, "testcase", attributes)
    if check.status != PASSED:
        tag = "error" if check.status == ERROR else "failure"
        kind = {ERROR: "error", NOT_STARTED: "not_started"}.get(check.status, "failed")
        detail = ET.SubElement(element, tag, message=xml_text(_first_line(check.message) or check.status), type=kind)
        detail.text = xml_text(f"{check.title}\n\n{check_output(check)}")


def junit_xml(suites, name="dlgrade"):
    """The JUnit XML document for ``suites`` (:class:`Suite` objects)."""
    root = ET.Element("testsuites", name=name)
    totals = {"tests": 0, "failures": 0, "errors": 0, "time": 0.0}
    for suite in suites:
        failures = sum(c.check.status not in (PASSED, ERROR) for c in suite.cases)
        errors = sum(c.check.status == ERROR for c in suite.cases)
        element = ET.SubElement(root, "testsuite", name=xml_text(suite.name), tests=str(len(suite.cases)),
                                failures=str(failures), errors=str(errors), skipped="0", time=f"{suite.seconds:.3f}")
        properties = ET.SubElement(element, "properties")
        for key, value in suite.properties:
            ET.SubElement(properties, "property", name=key, value=xml_text(str(value)))
        for case in suite.cases:
            _case(element, case)
        totals["tests"] += len(suite.cases)
        totals["failures"] += failures
        totals["errors"] += errors
        totals["time"] += suite.seconds
    for key in ("tests", "failures", "errors"):
        root.set(key, str(totals[key]))
    root.set("time", f"{totals['time']:.3f}")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
