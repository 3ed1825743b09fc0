"""Data-only wire format between the trusted grader and the learner worker.

A message is an 8-byte length, a JSON header and the arrays it refers to, each an
``np.save(..., allow_pickle=False)`` blob. Nothing is ever pickled, so a message can carry
numbers, strings, lists, tuples, dicts and NumPy arrays, and nothing that runs code when read.

This module is loaded by the worker as a plain script neighbour (it must not import the
grader package), so it depends on the standard library and NumPy only.
"""
import io
import json
import select
import struct
import time

import numpy as np

_LEN = struct.Struct("<Q")
MAX_DEPTH = 64
TAG = "$"
# The worker's exit code when it could not set itself up (e.g. leave root) before any learner code ran:
# the grader's problem on this machine, never a verdict on the learner's code (sysexits' EX_CONFIG).
EXIT_SETUP_FAILED = 78


class WireError(Exception):
    """The other side sent something that is not a valid message."""


def encode(value, arrays, opaque, depth=0):
    """Turn ``value`` into JSON-able data, appending arrays to ``arrays``.

    ``opaque(value)`` is called for anything that is not plain data and returns the JSON to send
    instead (the worker stores the value behind a handle; the grader refuses).
    """
    if depth > MAX_DEPTH:
        return opaque(value)
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, (np.ndarray, np.generic)):
        # ndarray.view on the class, not the instance: a subclass may override view().
        array = np.ndarray.view(value, np.ndarray) if isinstance(value, np.ndarray) else np.asarray(value)
        if array.dtype.hasobject or np.issubdtype(array.dtype, np.void):
            return opaque(value)
        arrays.append(array)
        kind = "nd" if isinstance(value, np.ndarray) else "npscalar"
        return {TAG: kind, "i": len(arrays) - 1}
    if isinstance(value, str):
        return str.__str__(value)
    if isinstance(value, int):
        return int.__int__(value)
    if isinstance(value, float):
        return float.__float__(value)
    if isinstance(value, list):
        return [encode(v, arrays, opaque, depth + 1) for v in list.__iter__(value)]
    if isinstance(value, tuple):
        return {TAG: "tuple", "v": [encode(v, arrays, opaque, depth + 1) for v in tuple.__iter__(value)]}
    if isinstance(value, dict):
        keys, vals = [], []
        for k, v in dict.items(value):
            keys.append(encode(k, arrays, opaque, depth + 1))
            vals.append(encode(v, arrays, opaque, depth + 1))
        return {TAG: "dict", "k": keys, "v": vals}
    return opaque(value)


def _hashable(key):
    """Make a decoded key usable in a dict (lists and arrays are not)."""
    if isinstance(key, list):
        return tuple(_hashable(k) for k in key)
    if isinstance(key, np.ndarray):
        raise WireError("an array cannot be a dict key")
    return key


def decode(data, arrays, resolve, depth=0):
    """Inverse of :func:`encode`; ``resolve(dict)`` turns a handle record into a value."""
    if depth > MAX_DEPTH + 2:
        raise WireError("value nested too deeply")
    if isinstance(data, list):
        return [decode(v, arrays, resolve, depth + 1) for v in data]
    if not isinstance(data, dict):
        if data is None or isinstance(data, (bool, int, float, str)):
            return data
        raise WireError(f"unexpected JSON value of type {type(data).__name__}")
    tag = data.get(TAG)
    if tag in ("nd", "npscalar"):
        array = arrays[data["i"]]
        return array[()] if tag == "npscalar" else array
    if tag == "tuple":
        return tuple(decode(v, arrays, resolve, depth + 1) for v in data["v"])
    if tag == "dict":
        keys = [_hashable(decode(k, arrays, resolve, depth + 1)) for k in data["k"]]
        return dict(zip(keys, (decode(v, arrays, resolve, depth + 1) for v in data["v"])))
    return resolve(data)  # handles and Keras objects: the receiving side decides


def _array_bytes(array):
    buffer = io.BytesIO()
    np.save(buffer, array, allow_pickle=False)
    return buffer.getvalue()


def pack(header, arrays):
    """Serialise one message: the JSON header plus its arrays."""
    blobs = [_array_bytes(a) for a in arrays]
    header = dict(header, blobs=[len(b) for b in blobs])
    text = json.dumps(header, allow_nan=True, separators=(",", ":")).encode()
    return b"".join([_LEN.pack(len(text)), text, *blobs])


def send(sock, header, arrays=()):
    """Send one message on a connected socket."""
    sock.sendall(pack(header, list(arrays)))


def _read_exact(sock, n, deadline):
    chunks, remaining = [], n
    while remaining:
        if deadline is not None:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([sock], [], [], left)[0]:
                raise TimeoutError
        chunk = sock.recv(min(remaining, 1 << 20))
        if not chunk:
            raise EOFError
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)


def recv(sock, deadline=None, max_bytes=1 << 30):
    """Read one message; returns ``(header, arrays)``.

    Raises TimeoutError past ``deadline`` (a ``time.monotonic()`` value), EOFError when the
    peer is gone and WireError for anything malformed or larger than ``max_bytes``.
    """
    (length,) = _LEN.unpack(_read_exact(sock, _LEN.size, deadline))
    if length > max_bytes:
        raise WireError(f"message of {length} bytes exceeds the limit")
    try:
        header = json.loads(_read_exact(sock, length, deadline))
        sizes = [int(s) for s in header.pop("blobs")]
    except (ValueError, KeyError, TypeError, RecursionError, AttributeError) as exc:
        raise WireError(f"malformed header: {exc}") from None
    if any(s < 0 for s in sizes) or sum(sizes) > max_bytes:
        raise WireError("arrays exceed the size limit")
    arrays = []
    for size in sizes:
        try:
            arrays.append(np.load(io.BytesIO(_read_exact(sock, size, deadline)), allow_pickle=False))
        except (ValueError, OSError) as exc:
            raise WireError(f"malformed array: {exc}") from None
    return header, arrays
