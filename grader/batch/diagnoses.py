"""Which message template (diagnosis) a failure message came from, so common mistakes group by cause.

A check's message is a template from the catalogues filled with values (``{call} returned wrong
values.``). Two learners with the same mistake get different texts (other inputs, other numbers),
but the same template. :func:`diagnosis` finds the template of a message's first line among every
language's catalogue (a gradebook holds messages in the language they were graded in) and returns
its key; the Result JSON needs no extra field for it.
"""
import functools
import re
from dataclasses import dataclass

from grader.i18n import LANGUAGES, messages

PLACEHOLDER = re.compile(r"\{[^{}]*\}")
# A translator's alternative forms, "을(를)" or "(으)로", settled once the word before is known.
ALTERNATIVE = re.compile(r"(\w+)\\\((\w+)\\\)|\\\((\w+)\\\)(\w+)")
MIN_LITERAL = 6  # characters of fixed text a template needs to identify a message (not '{message}')


@dataclass(frozen=True)
class Template:
    """One catalogue entry's first line as a pattern, with its longest fixed part for a quick test."""

    key: str
    pattern: re.Pattern
    anchor: str
    literal: int  # how much fixed text it has: the more, the more specific
    closed: bool  # it ends with fixed text (its last placeholder is not the end of the line)

    def reach(self, match):
        """Where in the line this template's fixed text ends: the outer template of a message built from
        several ('{call} emitted {warning}' around '{name} with z of shape {shape}') reaches furthest."""
        return match.end() if self.closed or not match.re.groups else match.start(match.re.groups)


def first_line(text):
    """The first non-blank line of a message, stripped."""
    return next((line.strip() for line in (text or "").splitlines() if line.strip()), "")


def _alternatives(match):
    if match.group(1):
        word, other = match.group(1), match.group(2)
        return f"(?:{word}|{other}|{word}\\({other}\\))"
    inner, rest = match.group(3), match.group(4)
    return f"(?:{inner}{rest}|{rest}|\\({inner}\\){rest})"


def _template(key, text):
    line = first_line(text)
    pieces = PLACEHOLDER.split(line)
    literal = sum(len(p.strip()) for p in pieces)
    if literal < MIN_LITERAL:
        return None
    pattern = "(.+?)".join(ALTERNATIVE.sub(_alternatives, re.escape(piece)) for piece in pieces)
    anchor = max((p for p in pieces), key=len).strip()
    anchor = re.split(r"[()]", anchor)[0] if "(" in anchor else anchor  # particles may rewrite what follows
    return Template(key, re.compile(f"^{pattern}$", re.DOTALL), anchor, literal, bool(pieces[-1].strip()))


@functools.cache
def _templates():
    found = {}
    for lang in LANGUAGES:
        for key, text in messages(lang).items():
            if isinstance(text, str) and (template := _template(key, text)):
                found.setdefault(key, []).append(template)
    return [t for group in found.values() for t in group]


@functools.lru_cache(maxsize=65536)
def diagnosis(message):
    """The key of the template ``message``'s first line was made from, or None: the outer template when
    several nest ('{call} returned wrong values.' with a call described by another), else the most specific."""
    line = first_line(message)
    best, rank = None, None
    for template in _templates():
        if template.anchor in line and (match := template.pattern.match(line)):
            if rank is None or (template.reach(match), template.literal) > rank:
                best, rank = template.key, (template.reach(match), template.literal)
    return best


def template_text(key, lang):
    """A template's first line in ``lang``, placeholders shown as '…': how the report names a diagnosis."""
    return PLACEHOLDER.sub("…", first_line(messages(lang).get(key, key)))
