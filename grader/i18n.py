"""Learner-facing text in English and Korean, from the message catalogues in grader/locales/.

The language comes from ``DLGRADE_LANG`` (``en`` or ``ko``; the CLI's ``--lang`` sets it), so it
reaches every process of a run. Each language has a folder, ``locales/<lang>/``: ``messages.toml``
(the engine's), ``checks/<module>.toml`` (the sentences of a shared check helper) and
``catalog/<id>_<slug>.toml`` (an exercise's title, hints, checks and its checks module's sentences,
translated). The catalog's own language needs no ``catalog/`` folder: its entries hold those texts.
A check module's sentences are looked up as ``t("<module>.<key>")``.
"""
import functools
import os
import re
import tomllib
from pathlib import Path

from grader import catalog

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
    merged = dict(_load(LOCALES / lang / "messages.toml")["messages"])
    for path in sorted((LOCALES / lang / "checks").glob("*.toml")):
        merged.update({f"{path.stem}.{key}": text for key, text in _load(path).items()})
    for exercise in catalog.exercises():
        own = exercise.messages if lang == catalog.source_language() else \
            catalog_texts(lang).get(exercise.id, {}).get("messages", {})
        merged.update({f"{exercise.module_name}.{key}": text for key, text in own.items()})
    return merged


def t(key, **fields):
    """The message ``key`` in the current language, with its placeholders filled."""
    lang = language()
    text = (messages(lang).get(key) or messages("en")[key]).format(**fields)
    return resolve_particles(text) if lang == "ko" else text


# Korean particles depend on the sound before them, which a template cannot know for a {placeholder}:
# translators write both forms, "을(를)", and they are settled once the word before is known.
_PARTICLES = {"을(를)": ("을", "를"), "이(가)": ("이", "가"), "은(는)": ("은", "는"), "과(와)": ("과", "와"),
              "와(과)": ("과", "와"), "(으)로": ("으로", "로"), "(이)라": ("이라", "라")}
_PARTICLE = re.compile(r"([가-힣0-9])(['\"`]*)(" + "|".join(re.escape(p) for p in _PARTICLES) + ")")
# The final consonant of each digit as read in Korean (영 일 이 삼 사 오 육 칠 팔 구): "" none, "ㄹ", or "+" another.
_DIGIT_CODA = dict(zip("0123456789", ["+", "ㄹ", "", "+", "", "", "+", "ㄹ", "ㄹ", ""]))


def _coda(char):
    """'' if ``char`` (a Hangul syllable or a digit) ends in a vowel, 'ㄹ' for a final ㄹ, '+' otherwise."""
    if char.isdigit():
        return _DIGIT_CODA[char]
    final = (ord(char) - 0xAC00) % 28
    return "" if final == 0 else "ㄹ" if final == 8 else "+"


def resolve_particles(text):
    """Korean ``text`` with each dual particle after Hangul or a digit in its one right form."""
    def pick(match):
        word, quotes, particle = match.groups()
        with_coda, without = _PARTICLES[particle]
        coda = _coda(word)
        has_coda = coda == "+" if particle == "(으)로" else bool(coda)  # ㄹ takes 로, like a vowel
        return word + quotes + (with_coda if has_coda else without)
    return _PARTICLE.sub(pick, text)


@functools.cache
def catalog_texts(lang):
    """Translated titles and hints of exercises and checks (empty for the catalog's own language)."""
    if lang == catalog.source_language():
        return {}
    return {e.id: _load(e.translation_path(lang)) for e in catalog.exercises() if e.translation_path(lang).is_file()}


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
