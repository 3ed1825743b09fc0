"""exercise07 checks reject typical mistakes and accept other correct implementations.

The alternatives include stratified splits that share nothing with the reference but the
contract: other random generators, other roundings (per-class rounding with a fix-up pass,
cumulative rounding), other orders of the returned rows.
"""
import textwrap

import pytest

from conftest import assert_accepted, assert_rejected
from grader import catalog

# A correct stratified split on the reference's helpers, with the validation size and the seed
# handling left to each wrong variant below.
SPLIT_WITH = """
    def stratified_split(X, y, test_size=0.2, seed=124):
        if not 0 < test_size < 1:
            raise ValueError("test_size must be in (0, 1)")
        X, y = np.asarray(X), np.asarray(y)
        n = len(y)
        n_val = {n_val}
        labels = _labels_of(y)
        val_counts = _validation_counts(np.bincount(labels), n_val)
        rng = {rng}
        val_parts, train_parts = [], []
        for cls, k in enumerate(val_counts):
            members = rng.permutation(np.flatnonzero(labels == cls))
            val_parts.append(members[:k])
            train_parts.append(members[k:])
        train_idx, val_idx = np.concatenate(train_parts), np.concatenate(val_parts)
        return X[train_idx], X[val_idx], y[train_idx], y[val_idx]
"""


def split_with(n_val="math.ceil(test_size * n)", rng="np.random.default_rng(seed)"):
    return SPLIT_WITH.format(n_val=n_val, rng=rng)


# name: (check ids that must fail, word the message must contain, code appended to the solution)
WRONG = {
    "normalize returning float64 (images / 255.0)": (["normalize_images"], "float32", """
        def normalize_images(images):
            return np.asarray(images) / 255.0
    """),
    "normalize dividing by 256": (["normalize_images"], "normalize_images", """
        def normalize_images(images):
            return np.asarray(images, dtype=np.float32) / 256
    """),
    "normalize with integer division": (["normalize_images"], "normalize_images", """
        def normalize_images(images):
            return np.asarray(images) // 255
    """),
    "normalize in place": (["normalize_images"], "in place", """
        def normalize_images(images):
            images = np.asarray(images, dtype=np.float32)
            images /= 255
            return images
    """),
    "channel axis in front": (["add_channel_axis"], "goes last", """
        def add_channel_axis(images):
            return np.expand_dims(images, axis=0)
    """),
    "channel axis that always adds a batch axis": (["add_channel_axis"], "add_channel_axis", """
        def add_channel_axis(images):
            images = np.asarray(images)
            return images.reshape(-1, images.shape[-2], images.shape[-1], 1)
    """),
    "channel axis converting to float": (["add_channel_axis"], "dtype", """
        def add_channel_axis(images):
            return np.asarray(images, dtype=np.float64)[..., np.newaxis]
    """),
    "grayscale dropping the channel axis": (["rgb_to_grayscale"], "keep the channel axis", """
        def rgb_to_grayscale(images):
            return np.asarray(images) @ np.array([0.2989, 0.5870, 0.1140])
    """),
    "grayscale as the plain channel mean": (["rgb_to_grayscale"], "0.2989", """
        def rgb_to_grayscale(images):
            return np.mean(images, axis=-1, keepdims=True)
    """),
    "grayscale with the weights 0.299, 0.587, 0.114": (["rgb_to_grayscale"], "rgb_to_grayscale", """
        def rgb_to_grayscale(images):
            return (np.asarray(images) @ np.array([0.299, 0.587, 0.114]))[..., np.newaxis]
    """),
    "grayscale in BGR order": (["rgb_to_grayscale"], "rgb_to_grayscale", """
        def rgb_to_grayscale(images):
            return (np.asarray(images) @ np.array([0.1140, 0.5870, 0.2989]))[..., np.newaxis]
    """),
    "split without stratification": (["stratified_split_proportions"], "not stratified", """
        def stratified_split(X, y, test_size=0.2, seed=124):
            if not 0 < test_size < 1:
                raise ValueError("test_size must be in (0, 1)")
            X, y = np.asarray(X), np.asarray(y)
            n_val = math.ceil(test_size * len(y))
            order = np.random.default_rng(seed).permutation(len(y))
            return X[order[n_val:]], X[order[:n_val]], y[order[n_val:]], y[order[:n_val]]
    """),
    "split with floor instead of ceil": (["stratified_split_sizes"], "math.ceil",
                                         split_with(n_val="int(test_size * n)")),
    "split with round instead of ceil": (["stratified_split_sizes"], "math.ceil",
                                         split_with(n_val="round(test_size * n)")),
    "per-class floor without a fix-up": (["stratified_split_sizes"], "validation samples", """
        def stratified_split(X, y, test_size=0.2, seed=124):
            if not 0 < test_size < 1:
                raise ValueError("test_size must be in (0, 1)")
            X, y = np.asarray(X), np.asarray(y)
            labels = _labels_of(y)
            rng = np.random.default_rng(seed)
            val, train = [], []
            for cls in np.unique(labels):
                members = rng.permutation(np.flatnonzero(labels == cls))
                k = int(len(members) * test_size)
                val.append(members[:k])
                train.append(members[k:])
            train, val = np.concatenate(train), np.concatenate(val)
            return X[train], X[val], y[train], y[val]
    """),
    "overlapping parts (training set keeps every row)": (["stratified_split_sizes"], "both", """
        def stratified_split(X, y, test_size=0.2, seed=124):
            X_train, X_val, y_train, y_val = _reference_split(X, y, test_size, seed)
            return np.asarray(X), X_val, np.asarray(y), y_val
    """),
    "validation drawn with replacement": (["stratified_split_sizes"], "more than once", """
        def stratified_split(X, y, test_size=0.2, seed=124):
            if not 0 < test_size < 1:
                raise ValueError("test_size must be in (0, 1)")
            X, y = np.asarray(X), np.asarray(y)
            n = len(y)
            val = np.random.default_rng(seed).choice(n, math.ceil(test_size * n))
            train = np.setdiff1d(np.arange(n), val)
            return X[train], X[val], y[train], y[val]
    """),
    "X and y shuffled separately": (["stratified_split_sizes"], "pairs", """
        def stratified_split(X, y, test_size=0.2, seed=124):
            X_train, X_val, y_train, y_val = _reference_split(X, y, test_size, seed)
            rng = np.random.default_rng(seed + 1)
            return X_train, X_val, rng.permutation(y_train), rng.permutation(y_val)
    """),
    "split shuffling X in place": (["stratified_split_sizes"], "in place", """
        def stratified_split(X, y, test_size=0.2, seed=124):
            rng = np.random.default_rng(seed)
            order = rng.permutation(len(y))
            X[:] = X[order]
            return _reference_split(X, np.asarray(y)[order], test_size, seed)
    """),
    "one-hot y returned as labels": (["stratified_split_one_hot"], "one-hot", """
        def stratified_split(X, y, test_size=0.2, seed=124):
            y = np.asarray(y)
            labels = np.argmax(y, axis=1) if y.ndim == 2 else y
            return _reference_split(X, labels, test_size, seed)
    """),
    "split ignoring the seed (fixed 124)": (["stratified_split_seed"], "same validation set",
                                            split_with(rng="np.random.default_rng(124)")),
    "split with an unseeded generator": (["stratified_split_seed"], "different validation sets",
                                         split_with(rng="np.random.default_rng()")),
    "no test_size validation": (["stratified_split_rejects_test_size"], "ValueError", """
        def stratified_split(X, y, test_size=0.2, seed=124):
            X, y = np.asarray(X), np.asarray(y)
            n = len(y)
            order = np.random.default_rng(seed).permutation(n)
            n_val = math.ceil(test_size * n)
            return X[order[n_val:]], X[order[:n_val]], y[order[n_val:]], y[order[:n_val]]
    """),
    "test_size == 1 accepted": (["stratified_split_rejects_test_size"], "test_size=1", """
        def stratified_split(X, y, test_size=0.2, seed=124):
            if not 0 < test_size <= 1:
                raise ValueError("test_size must be in (0, 1]")
            X, y = np.asarray(X), np.asarray(y)
            order = np.random.default_rng(seed).permutation(len(y))
            n_val = math.ceil(test_size * len(y))
            return X[order[n_val:]], X[order[:n_val]], y[order[n_val:]], y[order[:n_val]]
    """),
}

# The wrong variants above that reuse the reference's split call it under this name.
PREAMBLE = """
    _reference_split = stratified_split
"""
WRONG = {name: (checks, mention, textwrap.dedent(PREAMBLE) + textwrap.dedent(code))
         for name, (checks, mention, code) in WRONG.items()}


@pytest.mark.parametrize("name", WRONG)
def test_rejects(grade, name):
    checks, mention, code = WRONG[name]
    assert_rejected(grade("exercise07", code, checks=checks), checks, [mention])


def test_every_check_rejects_something():
    covered = {check_id for checks, _, _ in WRONG.values() for check_id in checks}
    assert covered == {c.id for c in catalog.resolve("exercise07").checks}


ALTERNATIVES = {
    "per-class rounding with a fix-up pass, one global permutation, RandomState": """
        import math

        import numpy as np


        def normalize_images(images):
            return np.divide(images, 255, dtype=np.float32)


        def add_channel_axis(images):
            images = np.array(images, copy=True)
            return images.reshape(images.shape + (1,))


        def rgb_to_grayscale(images):
            images = np.asarray(images, dtype=np.float32)
            gray = 0.2989 * images[..., 0] + 0.5870 * images[..., 1] + 0.1140 * images[..., 2]
            return np.expand_dims(gray.astype(np.float32), -1)


        def stratified_split(X, y, test_size=0.2, seed=124):
            if not (test_size > 0 and test_size < 1):
                raise ValueError(f"bad test_size {test_size}")
            X, y = np.asarray(X), np.asarray(y)
            n = len(X)
            if len(y) != n:
                raise ValueError("X and y differ in length")
            labels = y.argmax(axis=1) if y.ndim == 2 else y
            classes = sorted(set(labels.tolist()))
            n_val = math.ceil(test_size * n)
            sizes = np.array([np.sum(labels == c) for c in classes])
            quota = sizes * n_val / n
            counts = np.round(quota).astype(int)
            while counts.sum() < n_val:
                counts[np.argmax(quota - counts)] += 1
            while counts.sum() > n_val:
                counts[np.argmax(counts - quota)] -= 1
            order = np.random.RandomState(seed).permutation(n)
            taken = {c: 0 for c in classes}
            in_val = np.zeros(n, dtype=bool)
            for i in order:
                c = classes.index(labels[i])
                if taken[classes[c]] < counts[c]:
                    in_val[i] = True
                    taken[classes[c]] += 1
            return X[~in_val], X[in_val], y[~in_val], y[in_val]
    """,
    "cumulative rounding, rng.choice without replacement, rows in their original order": """
        import math

        import numpy as np


        def normalize_images(images):
            out = np.array(images, dtype=np.float32)
            out *= np.float32(1 / 255)
            return out


        def add_channel_axis(images):
            return np.expand_dims(np.asarray(images), axis=-1)


        def rgb_to_grayscale(images):
            weights = np.array([0.2989, 0.5870, 0.1140])
            return np.sum(np.asarray(images) * weights, axis=-1, keepdims=True)


        def stratified_split(X, y, test_size=0.2, seed=124):
            if test_size <= 0 or test_size >= 1:
                raise ValueError("test_size must lie strictly between 0 and 1")
            X, y = np.asarray(X), np.asarray(y)
            labels = np.argmax(y, axis=-1) if y.ndim > 1 else y
            n = len(labels)
            n_val = math.ceil(test_size * n)
            classes, sizes = np.unique(labels, return_counts=True)
            # Systematic allocation: round the cumulative quotas, take differences (integers only).
            cumulative = np.concatenate([[0], np.cumsum(sizes)]) * n_val
            rounded = (2 * cumulative + n) // (2 * n)
            counts = np.diff(rounded)
            rng = np.random.default_rng(seed)
            mask = np.zeros(n, dtype=bool)
            for c, k in zip(classes, counts):
                members = np.flatnonzero(labels == c)
                mask[rng.choice(members, size=int(k), replace=False)] = True
            return X[~mask], X[mask], y[~mask], y[mask]
    """,
    "pure-Python random.Random, largest remainder with random tie-breaks, loops": """
        import math
        import random

        import numpy as np


        def normalize_images(images):
            return (np.asarray(images).astype(np.float32) / np.float32(255)).astype(np.float32)


        def add_channel_axis(images):
            images = np.asarray(images)
            return images[:, :, None] if images.ndim == 2 else images[:, :, :, None]


        def rgb_to_grayscale(images):
            images = np.asarray(images, dtype=np.float64)
            out = np.zeros(images.shape[:-1] + (1,))
            for channel, weight in enumerate((0.2989, 0.5870, 0.1140)):
                out[..., 0] += weight * images[..., channel]
            return out


        def stratified_split(X, y, test_size=0.2, seed=124):
            if not 0 < test_size < 1:
                raise ValueError("test_size must be strictly between 0 and 1")
            n = len(y)
            n_val = math.ceil(test_size * n)
            rows = np.asarray(y)
            members = {}
            for i in range(n):
                key = int(np.argmax(rows[i])) if rows.ndim == 2 else rows[i].item()
                members.setdefault(key, []).append(i)
            rng = random.Random(seed)
            counts, remainders = {}, []
            for key, idx in members.items():
                counts[key], rem = divmod(len(idx) * n_val, n)
                remainders.append((rem, rng.random(), key))
            for _, _, key in sorted(remainders, reverse=True)[:n_val - sum(counts.values())]:
                counts[key] += 1
            train, val = [], []
            for key, idx in members.items():
                idx = list(idx)
                rng.shuffle(idx)
                val += idx[:counts[key]]
                train += idx[counts[key]:]
            rng.shuffle(train)
            rng.shuffle(val)
            X = np.asarray(X)
            return X[train], X[val], rows[train], rows[val]
    """,
}


@pytest.mark.parametrize("name", ALTERNATIVES)
def test_accepts_alternative(grade, name):
    assert_accepted(grade("exercise07", ALTERNATIVES[name], base=None))


def test_stub_is_not_started(grade):
    result = grade("exercise07", base="stub")
    assert {c.status for c in result.checks} == {"not_started"}, [(c.id, c.status) for c in result.checks]
