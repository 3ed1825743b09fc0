"""The schema of ``catalog.toml``: what a catalog may hold, checked before anything uses it.

``validate`` raises :class:`CatalogError` with one line naming the file, the entry (and check) and the
problem, so a typo in a key, a duplicate id or a check without its test function never loads silently.
"""
import re
from dataclasses import dataclass
from pathlib import Path

FORMAT_VERSION = 1


@dataclass(frozen=True)
class KindSchema:
    """What the catalog asks of an entry of one kind."""

    suffix: str  # the learner's file in a workspace: <id>_<slug><suffix>
    hint_levels: int  # graded hints, from a nudge to the formula
    checks_in_bank: bool  # its checks are the questions of its bank, not [[exercise.check]] tables


KINDS = {
    "numpy": KindSchema(suffix=".py", hint_levels=3, checks_in_bank=False),
    "keras": KindSchema(suffix=".py", hint_levels=3, checks_in_bank=False),
    "quiz": KindSchema(suffix=".txt", hint_levels=0, checks_in_bank=True),
}
DEFAULT_KIND = "numpy"
TOP_KEYS = {"format_version": int, "language": str, "exercise": list, "extends": str}
TOP_REQUIRED = ("format_version", "language")  # a pack that extends another may only override its banks
ENTRY_KEYS = {"id": str, "slug": str, "title": str, "section": str, "term": str, "kind": str, "hints": list,
              "check": list, "messages": dict, "timeout": (int, float), "import_timeout": (int, float),
              "memory_mb": int, "check_budget": (int, float), "mutable_arguments": list}
ENTRY_REQUIRED = ("id", "slug", "title", "section")
CHECK_KEYS = {"id": str, "title": str, "points": (int, float), "hint": str, "depends_on": list}
CHECK_REQUIRED = ("id", "title")
POSITIVE = ("timeout", "import_timeout", "memory_mb", "check_budget", "points")
ID = re.compile(r"[a-z]+\d+")
NAME = re.compile(r"[a-z_][a-z0-9_]*")
# Test functions are found by their line rather than by importing or parsing the module: loading the
# catalog happens on every command and must stay instant.
TEST_FUNCTION = re.compile(r"^(?:async\s+)?def\s+test_(\w+)\s*\(", re.M)


class CatalogError(ValueError):
    """A catalog that breaks the schema; the message is one line naming the file and the entry."""


def _fail(file, where, problem):
    raise CatalogError(f"{file}: {where}: {problem}")


def _check_table(table, allowed, required, file, where):
    """Fail on unknown keys, missing required keys, wrong types and non-positive numbers."""
    if not isinstance(table, dict):
        _fail(file, where, "must be a table")
    unknown = sorted(set(table) - set(allowed))
    if unknown:
        _fail(file, where, f"unknown key '{unknown[0]}' (allowed: {', '.join(sorted(allowed))})")
    for key in required:
        if key not in table:
            _fail(file, where, f"missing key '{key}'")
    for key, value in table.items():
        if not isinstance(value, allowed[key]) or isinstance(value, bool):
            _fail(file, where, f"'{key}' has the wrong type ({type(value).__name__})")
        if key in POSITIVE and value <= 0:
            _fail(file, where, f"'{key}' must be positive, not {value}")


def _strings(values, file, where, key):
    if not all(isinstance(v, str) and v.strip() for v in values):
        _fail(file, where, f"every item of '{key}' must be a non-empty string")


def _no_cycle(checks, file, where):
    """Fail when ``depends_on`` names an unknown check or goes round in a circle."""
    needs = {c["id"]: list(c.get("depends_on", ())) for c in checks}
    for check_id, wanted in needs.items():
        _strings(wanted, file, f"{where}, check '{check_id}'", "depends_on")
        for other in wanted:
            if other not in needs or other == check_id:
                _fail(file, f"{where}, check '{check_id}'", f"depends_on names '{other}', not another check of it")
    state = {}

    def visit(check_id, path):
        if state.get(check_id) == "done":
            return
        if state.get(check_id) == "visiting":
            _fail(file, f"{where}, check '{check_id}'", f"depends_on goes round: {' -> '.join(path + [check_id])}")
        state[check_id] = "visiting"
        for other in needs[check_id]:
            visit(other, path + [check_id])
        state[check_id] = "done"

    for check_id in needs:
        visit(check_id, [])


def _validate_checks(entry, file, where, checks_file):
    checks = entry.get("check", [])
    if not checks:
        _fail(file, where, "has no [[exercise.check]]")
    seen = set()
    for index, check in enumerate(checks):
        name = check.get("id", f"#{index + 1}") if isinstance(check, dict) else f"#{index + 1}"
        check_where = f"{where}, check '{name}'"
        _check_table(check, CHECK_KEYS, CHECK_REQUIRED, file, check_where)
        if not NAME.fullmatch(check["id"]):
            _fail(file, check_where, "the id must be a Python name in lower case")
        if check["id"] in seen:
            _fail(file, check_where, "duplicate check id")
        seen.add(check["id"])
    _no_cycle(checks, file, where)
    try:
        defined = set(TEST_FUNCTION.findall(Path(checks_file).read_text(encoding="utf-8")))
    except OSError:
        _fail(file, where, f"its checks module {checks_file} cannot be read")
    for check in checks:
        if check["id"] not in defined:
            _fail(file, f"{where}, check '{check['id']}'", f"no test function test_{check['id']} in {checks_file}")


def _validate_entry(entry, file, checks_dir):
    where = f"exercise '{entry.get('id', '?')}'" if isinstance(entry, dict) else "exercise"
    _check_table(entry, ENTRY_KEYS, ENTRY_REQUIRED, file, where)
    if not ID.fullmatch(entry["id"]):
        _fail(file, where, "the id must be letters then a number, like exercise03")
    if not NAME.fullmatch(entry["slug"]):
        _fail(file, where, "the slug must be a Python name in lower case")
    kind = entry.get("kind", DEFAULT_KIND)
    if kind not in KINDS:
        _fail(file, where, f"unknown kind '{kind}' (known: {', '.join(KINDS)})")
    schema = KINDS[kind]
    hints = entry.get("hints", [])
    _strings(hints, file, where, "hints")
    if len(hints) != schema.hint_levels:
        _fail(file, where, f"has {len(hints)} hints; a {kind} entry has {schema.hint_levels}")
    _strings(entry.get("mutable_arguments", []), file, where, "mutable_arguments")
    messages = entry.get("messages", {})
    for key, text in messages.items():
        if not isinstance(text, str) or not re.fullmatch(r"\w+", key):
            _fail(file, where, f"message '{key}' must be a string under a name of letters, digits and _")
    if schema.checks_in_bank:
        for key in ("check", "messages"):
            if key in entry:
                _fail(file, where, f"a {kind} entry has no '{key}': its questions are in its bank")
    else:
        _validate_checks(entry, file, where, Path(checks_dir) / f"{entry['id']}_{entry['slug']}{schema.suffix}")


def validate(data, file, *, checks_dir):
    """The entries of the catalog ``data`` read from ``file``, whose checks modules are in ``checks_dir``.

    Raises CatalogError on the first problem.
    """
    _check_table(data, TOP_KEYS, TOP_REQUIRED, file, "top level")
    if "exercise" not in data and "extends" not in data:
        _fail(file, "top level", "missing key 'exercise'")
    if data["format_version"] != FORMAT_VERSION:
        _fail(file, "top level", f"format_version {data['format_version']} is not {FORMAT_VERSION}, "
                                 "the one this dlgrade reads")
    if not NAME.fullmatch(data["language"]):
        _fail(file, "top level", f"language '{data['language']}' is not a language code like 'en'")
    seen = set()
    for entry in data.get("exercise", []):
        _validate_entry(entry, file, checks_dir)
        if entry["id"] in seen:
            _fail(file, f"exercise '{entry['id']}'", "duplicate id: an earlier entry has it")
        seen.add(entry["id"])
    return data.get("exercise", [])
