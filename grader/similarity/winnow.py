"""Document fingerprints by winnowing (Schleimer, Wilkerson and Aiken, SIGMOD 2003), as MOSS does.

Every run of ``k`` consecutive tokens (a k-gram) is hashed; in each window of ``window`` consecutive
k-grams the smallest hash is kept (the rightmost on ties), so any match of at least
``k + window - 1`` tokens shares at least one fingerprint while a match shorter than ``k`` shares
none. Hashes are BLAKE2b of the token texts, never Python's ``hash()``, which is salted per
process: the same class must give the same fingerprints, and so the same report, on every run.
"""
import hashlib

_SEPARATOR = "\x1f"


def kgram_hashes(texts, k):
    """The 64-bit hash of every k-gram of ``texts`` (a list of strings), in order."""
    return [int.from_bytes(hashlib.blake2b(_SEPARATOR.join(texts[i:i + k]).encode("utf-8", "surrogatepass"),
                                           digest_size=8).digest(), "big")
            for i in range(len(texts) - k + 1)]


def winnow(hashes, window):
    """``{hash: [k-gram positions]}`` selected by robust winnowing from the k-gram ``hashes``."""
    if window < 1:
        raise ValueError("window must be at least 1")
    selected, last = {}, -1
    for start in range(max(len(hashes) - window + 1, 1 if hashes else 0)):
        chunk = hashes[start:start + window]
        low = min(chunk)
        position = start + max(i for i, value in enumerate(chunk) if value == low)
        if position != last:
            selected.setdefault(low, []).append(position)
            last = position
    return selected
