"""docs/contract-coverage.md maps every contract clause to the check that exercises it: no check without a row."""
import re
from pathlib import Path

from grader import catalog

TABLE = Path(__file__).resolve().parents[2] / "docs" / "contract-coverage.md"


def rows():
    """{exercise id: {check ids named in its table}} read from the document."""
    found, exercise = {}, None
    for line in TABLE.read_text(encoding="utf-8").splitlines():
        heading = re.match(r"## (exercise\d+)\s*$", line)
        if heading:
            exercise = heading.group(1)
            found[exercise] = set()
        cells = [c.strip() for c in line.replace("\\|", "").strip().strip("|").split("|")] if line.startswith("|") else []
        if exercise and len(cells) == 3 and re.fullmatch(r"`\w+`", cells[1]):
            found[exercise].add(cells[1].strip("`"))
    return found


def test_every_check_has_a_row_and_every_row_a_check():
    table = rows()
    for exercise in catalog.exercises():
        if not exercise.functions:  # a quiz: its questions are not contract clauses
            continue
        ids = {c.id for c in exercise.checks}
        assert exercise.id in table, f"docs/contract-coverage.md has no section for {exercise.id}"
        assert not ids - table[exercise.id], f"{exercise.id}: checks without a row: {sorted(ids - table[exercise.id])}"
        assert not table[exercise.id] - ids, f"{exercise.id}: rows naming no check: {sorted(table[exercise.id] - ids)}"
