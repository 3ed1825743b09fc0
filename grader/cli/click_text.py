"""Click's own messages (usage errors, "Try ... for help.", "Aborted!") in the learner's language.

Click passes each message id through gettext (``_`` and ``ngettext`` in its modules) before filling
in its fields; that is the translation hook click offers. Installing it compiled catalogues would take
.mo files, so the modules' ``_`` and ``ngettext`` are pointed at ``locales/<lang>/click.toml`` instead,
read in the language of the moment (a message id without a translation stays click's English).
"""
import functools
import importlib
import tomllib

from grader.i18n import LOCALES, language

CLICK_MODULES = ("click.core", "click.exceptions", "click.parser", "click.types", "click.decorators",
                 "click.formatting", "click.termui", "click.utils")


@functools.cache
def catalogue(lang):
    """{click's message id: its translation} for ``lang`` (empty when the language has none)."""
    path = LOCALES / lang / "click.toml"
    if not path.is_file():
        return {}
    with open(path, "rb") as handle:
        return tomllib.load(handle)


def gettext(message):
    """``message`` (a click message id) in the current language."""
    return catalogue(language()).get(message, message)


def ngettext(singular, plural, count):
    """The singular or plural click message id for ``count``, in the current language."""
    return gettext(singular if count == 1 else plural)


def install():
    """Point click's gettext hooks at the catalogues (idempotent)."""
    for name in CLICK_MODULES:
        module = importlib.import_module(name)
        if hasattr(module, "_"):
            module._ = gettext
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext
