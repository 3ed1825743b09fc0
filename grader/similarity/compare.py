"""Pairs of submissions whose code for one exercise is suspiciously alike (pure functions).

A submission's file is normalised (:mod:`grader.similarity.tokens`) and fingerprinted
(:mod:`grader.similarity.winnow`). Fingerprints of the stub (every language's: they are the same
code) are dropped, so code the learners were given is never counted, and so are fingerprints found
in more than ``common_share`` of the class (MOSS's ``-m``): what most of a class writes is how the
exercise is solved, not evidence of copying. A pair's ``share`` is the larger of the two fractions
of each file's remaining fingerprinted tokens that the other file also has; a pair is flagged when
that share reaches ``threshold`` and at least ``min_tokens`` tokens match, so two independent
correct solutions of one short function never are.
"""
import ast
import math
from dataclasses import dataclass, field
from itertools import combinations

from grader.similarity.tokens import Unparsable, normalise
from grader.similarity.winnow import kgram_hashes, winnow


@dataclass(frozen=True)
class Settings:
    """How similarity is measured and when a pair is flagged."""

    k: int = 10                # tokens per k-gram: shorter matches are noise
    window: int = 6            # winnowing window: any match of k + window - 1 tokens is seen
    threshold: float = 0.6     # share of a file's own code found in the other
    min_tokens: int = 40       # matched tokens, at least, to flag a pair
    common_share: float = 0.25  # fingerprints in more than this share of the class (and > 3 files) are common


@dataclass(frozen=True)
class Region:
    """Matching code: lines ``a`` (first, last) of one file and ``b`` of the other, and its size in tokens."""

    a: tuple[int, int]
    b: tuple[int, int]
    tokens: int


@dataclass(frozen=True)
class Pair:
    """Two submissions' files for one exercise and how much of them match."""

    a: str
    b: str
    share: float
    share_a: float
    share_b: float
    matched_tokens: int
    flagged: bool
    regions: tuple[Region, ...] = ()


@dataclass
class ExerciseSimilarity:
    """One exercise across a class: its pairs (most similar first) and the files that could not be read."""

    exercise: str
    pairs: list[Pair] = field(default_factory=list)
    skipped: dict[str, str] = field(default_factory=dict)  # submission → why

    @property
    def flagged(self):
        """The pairs at or above the threshold."""
        return [p for p in self.pairs if p.flagged]


@dataclass(frozen=True)
class _Document:
    tokens: tuple
    prints: dict  # hash → k-gram positions (stub fingerprints removed)


def contract_names(stub_source):
    """Names the stub defines at module level (the contract's functions, classes and constants)."""
    names = set()
    for node in ast.parse(stub_source).body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names.update(t.id for t in targets if isinstance(t, ast.Name))
    return frozenset(names)


def _fingerprints(tokens, settings):
    return winnow(kgram_hashes([t.text for t in tokens], settings.k), settings.window)


def _covered(positions, k):
    return {i for p in positions for i in range(p, p + k)}


def _regions(doc_a, doc_b, shared, k):
    """Matching stretches as line ranges: fingerprints that continue one another on both sides merge."""
    candidates = {}
    for h in shared:
        for pa in doc_a.prints[h][:4]:
            candidates.setdefault(pa, set()).update(doc_b.prints[h][:4])
    runs = []
    for pa in sorted(candidates):
        continuing = [(r, pb) for pb in sorted(candidates[pa]) for r in runs
                      if 0 < pa - r[1] <= k and pa - r[1] == pb - r[3]]
        if continuing:  # one copied stretch continues; other places with the same snippet are not new matches
            run, pb = continuing[0]
            run[1], run[3] = pa, pb
        else:
            pb = min(candidates[pa])
            runs.append([pa, pa, pb, pb])
    regions = []
    for first_a, last_a, first_b, last_b in runs:
        end_a, end_b = min(last_a + k, len(doc_a.tokens)) - 1, min(last_b + k, len(doc_b.tokens)) - 1
        regions.append(Region((doc_a.tokens[first_a].line, doc_a.tokens[end_a].line),
                              (doc_b.tokens[first_b].line, doc_b.tokens[end_b].line), end_a - first_a + 1))
    kept = []
    for region in sorted(_joined(regions), key=lambda r: (-r.tokens, r.a, r.b)):
        if not any(_inside(region.a, other.a) and _inside(region.b, other.b) for other in kept):
            kept.append(region)  # a repeated snippet matched again inside a stretch already shown is not news
    return tuple(kept)


def _inside(lines, outer):
    return outer[0] <= lines[0] and lines[1] <= outer[1]


def _joined(regions):
    """Regions that touch or overlap on both sides, one after the other, as one (what a reader sees as one stretch)."""
    joined = []
    for region in sorted(regions, key=lambda r: (r.a, r.b)):
        last = joined[-1] if joined else None
        if last and region.a[0] <= last.a[1] + 1 and last.b[0] <= region.b[0] <= last.b[1] + 1:
            joined[-1] = Region((last.a[0], max(last.a[1], region.a[1])), (last.b[0], max(last.b[1], region.b[1])),
                                last.tokens + region.tokens)
        else:
            joined.append(region)
    return joined


def compare_exercise(exercise, sources, stubs, settings=Settings()):
    """An :class:`ExerciseSimilarity` over ``sources`` ({submission: file text}) given the ``stubs`` (texts)."""
    keep = frozenset().union(*(contract_names(s) for s in stubs)) if stubs else frozenset()
    stub_prints = set()
    for stub in stubs:
        stub_prints.update(_fingerprints(normalise(stub, keep), settings))
    result, documents = ExerciseSimilarity(exercise), {}
    for name in sorted(sources):
        try:
            tokens = tuple(normalise(sources[name], keep))
        except Unparsable as exc:
            result.skipped[name] = str(exc)
            continue
        prints = {h: p for h, p in _fingerprints(tokens, settings).items() if h not in stub_prints}
        documents[name] = _Document(tokens, prints)
    seen = {}
    for doc in documents.values():
        for h in doc.prints:
            seen[h] = seen.get(h, 0) + 1
    limit = max(3, math.floor(settings.common_share * len(documents)))
    common = {h for h, count in seen.items() if count > limit}
    for name_a, name_b in combinations(documents, 2):
        result.pairs.append(_pair(name_a, documents[name_a], name_b, documents[name_b], common, settings))
    result.pairs.sort(key=lambda p: (-p.share, -p.matched_tokens, p.a, p.b))
    return result


def _pair(name_a, doc_a, name_b, doc_b, common, settings):
    own_a = {h: p for h, p in doc_a.prints.items() if h not in common}
    own_b = {h: p for h, p in doc_b.prints.items() if h not in common}
    shared = own_a.keys() & own_b.keys()
    k = settings.k
    total_a, total_b = _covered((p for ps in own_a.values() for p in ps), k), \
        _covered((p for ps in own_b.values() for p in ps), k)
    hit_a = _covered((p for h in shared for p in own_a[h]), k)
    hit_b = _covered((p for h in shared for p in own_b[h]), k)
    share_a = len(hit_a) / len(total_a) if total_a else 0.0
    share_b = len(hit_b) / len(total_b) if total_b else 0.0
    share, matched = max(share_a, share_b), min(len(hit_a), len(hit_b))
    flagged = share >= settings.threshold and matched >= settings.min_tokens
    regions = _regions(doc_a, doc_b, shared, k) if shared else ()
    return Pair(name_a, name_b, round(share, 4), round(share_a, 4), round(share_b, 4), matched, flagged, regions)
