"""What a language needs beyond its message files: an optional module ``grader/languages/<lang>.py``.

A language's texts live in ``grader/locales/<lang>/``; most languages need nothing else. One whose
grammar or script does defines, in a module named after it, any of:

- ``finish(text) -> str``: settles what a template cannot know before its placeholders are filled
  (Korean particles);
- ``FONT_SAMPLE``: characters a plotting font must draw for a plot's labels in the language (None: any
  font);
- ``WIDE``: True when its script takes two terminal columns a character, so help is wrapped by columns.

Nothing outside that module names the language.
"""
import functools
import importlib
import importlib.util


@functools.cache
def _module(lang):
    name = f"{__name__}.{lang}"
    return importlib.import_module(name) if importlib.util.find_spec(name) else None


def finish(lang, text):
    """``text`` in ``lang`` as its module finishes a filled template (unchanged when it has none)."""
    module = _module(lang)
    return module.finish(text) if module is not None and hasattr(module, "finish") else text


def font_sample(lang):
    """Characters a plot font must draw for labels in ``lang``, or None when any font will do."""
    return getattr(_module(lang), "FONT_SAMPLE", None)


def wide(lang):
    """Whether ``lang``'s script takes two terminal columns a character."""
    return getattr(_module(lang), "WIDE", False)
