"""Proving a course pack's checks: each must reject the wrong implementations its table lists and accept every
alternative, so a new check cannot pass everything (or refuse a correct answer) unnoticed.

The table is ``checks/<id>_<slug>.proofs.toml`` beside the checks module: ``[[wrong]]`` and
``[[alternative]]`` items, each a ``check`` id, a ``why`` and ``code`` that replaces functions of the
reference (later definitions win). The built-in course proves its checks in tests/checks/ instead.
"""
import tempfile
import tomllib
from pathlib import Path

from grader.i18n import t
from grader.results import PASSED

KEYS = {"check", "why", "code"}


def proofs_path(entry) -> Path:
    """The table of wrong and alternative implementations for ``entry``'s checks."""
    return entry.checks_path.with_suffix(".proofs.toml")


def load(entry):
    """``(items, problem)``: the table's items as ``(role, check, why, code)``, or a one-line problem naming
    the file."""
    path = proofs_path(entry)
    where = f"checks/{path.name}"
    try:
        with open(path, "rb") as handle:
            table = tomllib.load(handle)
    except FileNotFoundError:
        return [], t("verify.proofs_missing", path=where)
    except (OSError, tomllib.TOMLDecodeError) as error:
        return [], t("verify.translation_unreadable", path=where, error=error)
    items, checks = [], {c.id for c in entry.checks}
    for role in ("wrong", "alternative"):
        for index, item in enumerate(table.get(role, [])):
            if not isinstance(item, dict) or set(item) != KEYS or item["check"] not in checks:
                return [], t("verify.proofs_item", path=where, role=role, index=index + 1,
                             keys=", ".join(sorted(KEYS)), checks=", ".join(sorted(checks)))
            items.append((role, item["check"], item["why"], item["code"]))
    return items, None


def _verdict(kind, entry, check_id, code):
    """The status of ``check_id`` on the reference with ``code`` appended, graded like a learner's file."""
    with tempfile.TemporaryDirectory(prefix="dlgrade-proof-") as folder:
        path = Path(folder) / entry.filename
        path.write_text(entry.solution_path.read_text(encoding="utf-8") + "\n\n" + code, encoding="utf-8")
        result = kind.check(entry, module_path=path, checks=[check_id])
    return result.get(check_id).status


def proof_rows(kind, entry):
    """``verify``'s rows for a pack exercise's checks: (what, ok, detail) per check."""
    items, problem = load(entry)
    if problem:
        return [(t("verify.proofs"), False, problem)]
    rows = []
    for check in entry.checks:
        mine = [item for item in items if item[1] == check.id]
        wrong = [why for role, _, why, code in mine if role == "wrong"
                 and _verdict(kind, entry, check.id, code) == PASSED]
        refused = [why for role, _, why, code in mine if role == "alternative"
                   and _verdict(kind, entry, check.id, code) != PASSED]
        listed = sum(role == "wrong" for role, *_ in mine)
        problems = ([t("verify.proofs_no_wrong")] if not listed else []) + \
            [t("verify.proofs_accepted", why=why) for why in wrong] + \
            [t("verify.proofs_refused", why=why) for why in refused]
        rows.append((t("verify.proofs_check", check=check.id), not problems,
                     "; ".join(problems) or t("verify.proofs_ok", wrong=listed, right=len(mine) - listed)))
    return rows
