"""``dlgrade new``: a new exercise or quiz in a course pack, complete enough that ``dlgrade verify`` accepts it
at once (stub, reference, checks module with one example check and its table of wrong and alternative
implementations, or a question bank; and its catalog entry). The texts are the files in grader/scaffold/.

Every other language (a new pack: every language dlgrade speaks, so Korean; an existing pack: those it
declares) gets the entry's translation file, and a quiz's bank its ``[question.<lang>]`` tables, holding the
catalog's own texts and listing them in ``to_translate``: verify names what is left to translate."""
import json
import string
import tomllib
from pathlib import Path

from grader import catalog, course_pack
from grader.catalog_schema import ID, KINDS, NAME
from grader.course_texts import TO_TRANSLATE, declared_languages
from grader.i18n import LANGUAGES, messages, t
from grader.quiz.schema import WORDS

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
        raise ScaffoldError(t("scaffold.bad_id", id=entry_id))
    if not NAME.fullmatch(slug):
        raise ScaffoldError(t("scaffold.bad_slug", slug=slug))
    root = Path(pack_dir).expanduser().resolve()
    catalog_file = root / "catalog.toml"
    languages = [lang for lang in LANGUAGES if lang != "en"]  # a new pack: the scaffold's catalog is in English
    if catalog_file.is_file():
        existing = catalog.load(pack=course_pack.folder(root))
        if entry_id in {e.id for e in existing.exercises}:
            raise ScaffoldError(t("scaffold.entry_exists", path=catalog_file, id=entry_id))
        languages = declared_languages(course_pack.folder(root), existing.language)
    module = f"{entry_id}_{slug}"
    fields = {"id": entry_id, "slug": slug, "module": module, "title": slug.replace("_", " ").capitalize()}
    targets = [(template, root / where.format(module=module)) for template, where in FILES[group]]
    if taken := [str(path) for _, path in targets if path.exists()]:
        raise ScaffoldError(t("scaffold.file_exists", path=taken[0]))
    written = []
    for template, path in targets:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_fill(template, **fields), encoding="utf-8")
        written.append(path)
    head = catalog_file.read_text(encoding="utf-8") if catalog_file.is_file() else _fill("catalog.toml")
    catalog_file.write_text(head + _fill(f"{group}.toml", **fields), encoding="utf-8")
    entry = next(e for e in catalog.load(pack=course_pack.folder(root)).exercises if e.id == entry_id)
    translated = [path for lang in languages for path in _translate(entry, lang)]
    return list(dict.fromkeys([*written, catalog_file, *translated]))


def _toml(text):
    """``text`` as a TOML basic string: JSON's string escapes are all TOML ones (TOML also wants DEL escaped)."""
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def _entry_texts(entry):
    """``(keys, TOML lines)`` of an entry's own texts: title, section, hints, checks and sentences."""
    keys, lines = ["title", "section"], [f"title = {_toml(entry.title)}", f"section = {_toml(entry.section)}"]
    if entry.hints:
        keys.append("hints")
        lines += ["hints = [", *(f"  {_toml(hint)}," for hint in entry.hints), "]"]
    for check in () if KINDS[entry.kind].checks_in_bank else entry.checks:  # else its bank's questions, not here
        keys += [f"checks.{check.id}.title"] + ([f"checks.{check.id}.hint"] if check.hint else [])
        lines += ["", f"[checks.{check.id}]", f"title = {_toml(check.title)}",
                  *([f"hint = {_toml(check.hint)}"] if check.hint else [])]
    if entry.messages:
        keys += [f"messages.{key}" for key in entry.messages]
        lines += ["", "[messages]", *(f"{key} = {_toml(text)}" for key, text in entry.messages.items())]
    return keys, lines


def _bank_texts(bank, lang):
    """``(keys, TOML lines)`` of a new bank's words in ``lang``: its one question's ``[question.<lang>]`` table (the
    scaffold's bank has one question, so a table appended at its end is that question's), then its intro."""
    data = tomllib.loads(bank.read_text(encoding="utf-8"))
    keys, lines = [], []
    for question in data["question"]:
        keys.append(f"question.{question['id']}")
        lines += ["", f"[question.{lang}]", *(f"{key} = {_toml(question[key])}" for key in WORDS)]
    if "intro" in data:
        keys.append("intro")
        lines += ["", f"[{lang}]", f"intro = {_toml(data['intro'])}"]
    return keys, lines


def _translate(entry, lang):
    """Write ``entry``'s translation file into ``lang`` (and its bank's tables), the texts still in the catalog's
    language and listed in ``to_translate``; returns the files written."""
    keys, lines = _entry_texts(entry)
    written = []
    if KINDS[entry.kind].checks_in_bank:
        bank_keys, bank_lines = _bank_texts(entry.bank_path, lang)
        keys += bank_keys
        entry.bank_path.write_text(entry.bank_path.read_text(encoding="utf-8") + "\n".join(bank_lines) + "\n",
                                   encoding="utf-8")
        written.append(entry.bank_path)
    path = entry.translation_path(lang)
    path.parent.mkdir(parents=True, exist_ok=True)
    english = messages("en")  # the scaffold's comments are in English, as its other files
    head = _fill("translation.toml", id=entry.id, marker=TO_TRANSLATE, keys=json.dumps(keys),
                 language=english[f"language.{lang}"], source=english[f"language.{entry.source_language}"])
    path.write_text(head + "\n".join(lines) + "\n", encoding="utf-8")
    return [path, *written]
