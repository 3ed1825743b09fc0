"""Learner-facing text in English and Korean, from the message catalogues in grader/locales/.

The language comes from ``DLGRADE_LANG`` (``en`` or ``ko``; the CLI's ``--lang`` sets it), so it
reaches every process of a run. Catalog texts (titles, hints) have their own translation file.
The sentences a check module writes live next to each other in both languages, one file per module
(``locales/checks/<module>.toml`` with ``[en]`` and ``[ko]`` tables), and are looked up as
``t("<module>.<key>")``.
"""
import functools
import os
import tomllib
from pathlib import Path

LOCALES = Path(__file__).resolve().parent / "locales"
LANGUAGES = ("en", "ko")


def language():
    """The current language: 'ko' for DLGRADE_LANG=ko (or ko_KR...), else 'en'."""
    value = os.environ.get("DLGRADE_LANG", "en").lower()
    return "ko" if value.startswith("ko") else "en"


def _load(path):
    with open(path, "rb") as handle:
        return tomllib.load(handle)


@functools.cache
def messages(lang):
    """The message catalogue of a language: the engine's messages and every check module's."""
    merged = dict(_load(LOCALES / f"{lang}.toml")["messages"])
    for path in sorted((LOCALES / "checks").glob("*.toml")):
        merged.update({f"{path.stem}.{key}": text for key, text in _load(path).get(lang, {}).items()})
    return merged


def t(key, **fields):
    """The message ``key`` in the current language, with its placeholders filled."""
    template = messages(language()).get(key) or messages("en")[key]
    return template.format(**fields)


@functools.cache
def catalog_texts(lang):
    """Translated titles and hints of exercises and checks (empty for English, the catalog's own)."""
    path = LOCALES / f"catalog.{lang}.toml"
    if lang == "en" or not path.is_file():
        return {}
    return _load(path)


def exercise_title(exercise):
    """The exercise's title in the current language."""
    return catalog_texts(language()).get(exercise.id, {}).get("title", exercise.title)


def hints(exercise):
    """The exercise's graded hints in the current language."""
    return tuple(catalog_texts(language()).get(exercise.id, {}).get("hints", exercise.hints))


def check_text(exercise, check):
    """``(title, hint)`` of a check in the current language."""
    text = catalog_texts(language()).get(exercise.id, {}).get("checks", {}).get(check.id, {})
    return text.get("title", check.title), text.get("hint", check.hint)
