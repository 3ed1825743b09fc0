"""``dlgrade new``: a new exercise or quiz in a course pack, complete enough that ``dlgrade verify`` accepts it
at once (stub, reference, checks module with one example check and its table of wrong and alternative
implementations, or a question bank; and its catalog entry). The texts are the files in grader/scaffold/."""
import string
from pathlib import Path

from grader import catalog, course_pack
from grader.catalog_schema import ID, NAME

TEMPLATES = Path(__file__).resolve().parent / "scaffold"
# What each kind of entry gets: (template, where it goes in the pack, relative to the pack's folder).
FILES = {
    "exercise": (("exercise_stub.py", "exercises/{module}.py"), ("exercise_solution.py", "solutions/{module}.py"),
                 ("exercise_checks.py", "checks/{module}.py"), ("exercise_proofs.toml", "checks/{module}.proofs.toml")),
    "quiz": (("quiz_bank.toml", "quizbank/{module}.toml"),),
}


class ScaffoldError(ValueError):
    """An id, slug or pack that a new entry cannot be made with; the message says which and why."""


def _fill(template, **fields):
    return string.Template((TEMPLATES / template).read_text(encoding="utf-8")).substitute(**fields)


def new_entry(pack_dir, group, entry_id, slug):
    """Add a ``group`` ('exercise' or 'quiz') entry ``entry_id``/``slug`` to the pack in ``pack_dir`` (made a
    pack if it is not one yet); returns the files written, the catalog last."""
    if not ID.fullmatch(entry_id):
        raise ScaffoldError(f"'{entry_id}' is not an id: letters then a number, like exercise03")
    if not NAME.fullmatch(slug):
        raise ScaffoldError(f"'{slug}' is not a slug: a Python name in lower case, like batch_norm")
    root = Path(pack_dir).expanduser().resolve()
    catalog_file = root / "catalog.toml"
    if catalog_file.is_file():
        known = {e.id for e in catalog.load(pack=course_pack.folder(root)).exercises}
        if entry_id in known:
            raise ScaffoldError(f"{catalog_file}: there is already an entry '{entry_id}'")
    module = f"{entry_id}_{slug}"
    fields = {"id": entry_id, "slug": slug, "module": module, "title": slug.replace("_", " ").capitalize()}
    targets = [(template, root / where.format(module=module)) for template, where in FILES[group]]
    if taken := [str(path) for _, path in targets if path.exists()]:
        raise ScaffoldError(f"{taken[0]} exists already; choose another id or slug")
    written = []
    for template, path in targets:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_fill(template, **fields), encoding="utf-8")
        written.append(path)
    head = catalog_file.read_text(encoding="utf-8") if catalog_file.is_file() else _fill("catalog.toml")
    catalog_file.write_text(head + _fill(f"{group}.toml", **fields), encoding="utf-8")
    return [*written, catalog_file]
