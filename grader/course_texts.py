"""What ``dlgrade verify`` checks about an exercise's texts: every sentence its checks module asks for exists in
the catalog, and every language its course declares translates the title, the hints, every check and every
sentence. Each problem names the file (and the line of the ``t(...)`` call) it is about.

A translation file may list in ``to_translate`` the keys that still hold the catalog's own text (``dlgrade
new`` writes its translation files so): verify accepts such a file and names what is left to translate, and
learners read those texts in the catalog's language meanwhile (docs/course-packs.md states this policy)."""
import re
import tomllib

from grader.i18n import LANGUAGES, t

# The sentences a checks module writes: t("<module>.<key>", ...) with a literal key.
MESSAGE_CALL = re.compile(r"""\bt\(\s*["']([A-Za-z0-9_]+)\.([A-Za-z0-9_]+)["']""")


def declared_languages(pack, source_language):
    """The languages a course declares besides its catalog's: those with a ``locales/<lang>/catalog/`` folder."""
    return [lang for lang in LANGUAGES if lang != source_language and (pack.locales_dir / lang / "catalog").is_dir()]


def used_messages(exercise):
    """``[(key, line)]``: the keys of the exercise's own sentences its checks module asks for, in order."""
    source = exercise.checks_path.read_text(encoding="utf-8")
    return [(m.group(2), source.count("\n", 0, m.start()) + 1) for m in MESSAGE_CALL.finditer(source)
            if m.group(1) == exercise.module_name]


TO_TRANSLATE = "to_translate"  # a translation file's list of the keys still in the catalog's language


def _read(exercise, lang):
    """``(where, texts)`` of an entry's translation file in ``lang``; texts is None when it is missing, or the
    error when it is unreadable."""
    path = exercise.translation_path(lang)
    where = f"locales/{lang}/catalog/{path.name}"
    if not path.is_file():
        return where, None
    try:
        with open(path, "rb") as handle:
            return where, tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as error:
        return where, error


def _translation(exercise, lang):
    """The problems of one language's translation file, or its absence."""
    where, texts = _read(exercise, lang)
    if texts is None:
        return [t("verify.translation_missing", path=where)]
    if isinstance(texts, Exception):
        return [t("verify.translation_unreadable", path=where, error=texts)]
    missing = [key for key in ("title", "section") if not isinstance(texts.get(key), str)]
    if len(texts.get("hints", ())) != len(exercise.hints):
        missing.append("hints")
    checks = texts.get("checks", {})
    missing += [f"checks.{c.id}.{key}" for c in exercise.checks for key in ("title", "hint")
                if (key == "title" or c.hint) and key not in checks.get(c.id, {})]
    missing += [f"messages.{key}" for key in exercise.messages if key not in texts.get("messages", {})]
    return [t("verify.translation_incomplete", path=where, keys=", ".join(missing))] if missing else []


def to_translate_rows(entry):
    """Verify rows ``(what, ok, detail)`` naming, per language its course declares, the texts of the entry that
    its translation file marks as still to translate (accepted), or a ``to_translate`` that is not a list of keys."""
    rows = []
    for lang in declared_languages(entry.pack, entry.source_language):
        where, texts = _read(entry, lang)
        keys = texts.get(TO_TRANSLATE) if isinstance(texts, dict) else None
        what = t("verify.to_translate", language=t(f"language.{lang}"))
        if keys is None or keys == []:
            continue
        if not isinstance(keys, list) or not all(isinstance(key, str) for key in keys):
            rows.append((what, False, t("verify.to_translate_bad", path=where)))
        else:
            rows.append((what, True, t("verify.to_translate_detail", path=where, keys=", ".join(keys))))
    return rows


def text_problems(exercise):
    """Problems with an exercise's texts: sentences its checks ask for that the catalog lacks, translations
    missing or incomplete in a language its course declares."""
    problems = [t("verify.message_missing", path=f"checks/{exercise.checks_path.name}", line=line, name=key)
                for key, line in used_messages(exercise) if key not in exercise.messages]
    for lang in declared_languages(exercise.pack, exercise.source_language):
        problems += _translation(exercise, lang)
    return problems
