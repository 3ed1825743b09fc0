"""Learner-facing text in every language that has a folder in grader/locales/ (its message catalogues).

The language comes from ``DLGRADE_LANG`` (a language code; the CLI's ``--lang`` sets it), so it
reaches every process of a run. The languages are the folders found in ``locales/``, each with
``messages.toml`` (the engine's), ``checks/<module>.toml`` (the sentences of a shared check helper) and
``catalog/<id>_<slug>.toml`` (an exercise's title, hints, checks and its checks module's sentences,
translated). The catalog's own language needs no ``catalog/`` folder: its entries hold those texts.
What a language needs beyond text (Korean particles) is its module in ``grader/languages/``.
A check module's sentences are looked up as ``t("<module>.<key>")``.
"""
import functools
import os
import tomllib
from pathlib import Path

from grader import catalog, course_pack, languages

LOCALES = Path(__file__).resolve().parent / "locales"
LANGUAGES = tuple(sorted(path.parent.name for path in LOCALES.glob("*/messages.toml")))


def language():
    """The current language: the one DLGRADE_LANG names (``ko`` or ``ko_KR.UTF-8`` → ko), else the catalog's."""
    value = os.environ.get("DLGRADE_LANG", "").lower()
    return next((lang for lang in LANGUAGES if value.startswith(lang)), catalog.source_language())


def _load(path):
    with open(path, "rb") as handle:
        return tomllib.load(handle)


def messages(lang):
    """The message catalogue of a language: the engine's messages and every check module's (of the running
    command's course)."""
    return _messages(lang, _course())


def _course():
    """The running command's course, or the built-in one while the named course is unusable (the command
    reports that itself; its error message still needs words)."""
    try:
        return course_pack.active()
    except course_pack.PackError:
        return course_pack.BUILTIN


@functools.cache
def _messages(lang, pack):
    merged = dict(_load(LOCALES / lang / "messages.toml")["messages"])
    for path in sorted((LOCALES / lang / "checks").glob("*.toml")):
        merged.update({f"{path.stem}.{key}": text for key, text in _load(path).items()})
    try:
        loaded = catalog.of_pack(pack)
    except catalog.CatalogError:
        return merged  # the command that needs the catalog reports what is wrong with it
    for exercise in loaded.exercises:
        own = exercise.messages if lang == loaded.language else \
            _catalog_texts(lang, pack).get(exercise.id, {}).get("messages", {})
        merged.update({f"{exercise.module_name}.{key}": text for key, text in own.items()})
    return merged


def t(key, **fields):
    """The message ``key`` in the current language, with its placeholders filled."""
    lang = language()
    text = (messages(lang).get(key) or messages(catalog.source_language())[key]).format(**fields)
    return languages.finish(lang, text)


def catalog_texts(lang):
    """Translated titles and hints of exercises and checks (empty for the catalog's own language)."""
    return _catalog_texts(lang, _course())


@functools.cache
def _catalog_texts(lang, pack):
    loaded = catalog.of_pack(pack)
    if lang == loaded.language:
        return {}
    return {e.id: _load(e.translation_path(lang)) for e in loaded.exercises if e.translation_path(lang).is_file()}


def exercise_title(exercise):
    """The exercise's title in the current language."""
    return catalog_texts(language()).get(exercise.id, {}).get("title", exercise.title)


def exercise_section(exercise):
    """The note's section an exercise follows, in the current language."""
    return catalog_texts(language()).get(exercise.id, {}).get("section", exercise.section)


def hints(exercise):
    """The exercise's graded hints in the current language."""
    return tuple(catalog_texts(language()).get(exercise.id, {}).get("hints", exercise.hints))


def check_text(exercise, check):
    """``(title, hint)`` of a check in the current language."""
    text = catalog_texts(language()).get(exercise.id, {}).get("checks", {}).get(check.id, {})
    return text.get("title", check.title), text.get("hint", check.hint)
