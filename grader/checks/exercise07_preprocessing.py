"""Checks for exercise07: image preprocessing (전처리) and a stratified train/validation split.

stratified_split may use any seeded scheme, so it is checked by properties only: the validation
size math.ceil(test_size * n), each class's validation count within 1 of n_class * n_val / n,
disjoint and complete parts with rows kept paired (self-identifying X rows), the same split for
the same seed and a seed that matters. Never against one fixed answer.
"""
import math

import numpy as np
from hypothesis import assume, example, given, settings, strategies as st

from grader.checklib.compare import assert_close, assert_equal, describe, expect_raises, expect_tuple
from grader.i18n import t

GRAY_WEIGHTS = np.array([0.2989, 0.5870, 0.1140])
PIXEL_DTYPES = st.sampled_from([np.uint8, np.float32, np.float64])
# A marker "shape" for the pure-colour image; the smallest failing input shows it, so it is in the
# learner's language (fixed when the module is imported, as the worker's language is).
PURE_COLOURS = t("exercise07_preprocessing.pure_colours")


def pixels(seed, shape, dtype):
    """Pixel values in [0, 255] of the given dtype (whole numbers for uint8)."""
    rng = np.random.default_rng(seed)
    if dtype == np.uint8:
        return rng.integers(0, 256, size=shape).astype(np.uint8)
    return (rng.random(size=shape) * 255).astype(dtype)


def images_call(call, images):
    """The call as a message names it, with the shape and dtype of the images."""
    return t("exercise07_preprocessing.images_call", call=call, shape=images.shape, dtype=images.dtype)


def wrong_shape(call, got, expected, advice):
    """A failure for a result of the wrong shape, with advice."""
    return AssertionError(t("exercise07_preprocessing.wrong_shape", call=call, got=got, expected=expected,
                            advice=advice))


# ---------------------------------------------------------------------------------------------
# normalize_images, add_channel_axis, rgb_to_grayscale

@given(st.integers(0, 10**6), st.sampled_from([(4, 4), (2, 3, 3), (3, 2, 2, 1), (2, 2, 2, 3), (1, 5, 4)]),
       PIXEL_DTYPES)
@example(0, (1, 2, 2), np.uint8)
def test_normalize_images(learner, reference, seed, shape, dtype):
    images = pixels(seed, shape, dtype)
    if dtype == np.uint8:
        images.flat[0], images.flat[-1] = 255, 0
    call = images_call("normalize_images(images)", images)
    got = learner.normalize_images(images)
    expected = images.astype(np.float64) / 255.0
    assert_close(got, expected, call=call, rtol=1e-6, atol=1e-7, float_result=True)
    if np.asarray(got).dtype != np.float32:
        raise AssertionError(t("exercise07_preprocessing.not_float32", call=call, dtype=np.asarray(got).dtype))


@given(st.integers(0, 10**6), st.sampled_from([(3, 4), (1, 1), (2, 3, 4), (1, 2, 2), (5, 1, 3)]), PIXEL_DTYPES)
@example(0, (28, 28), np.uint8)
@example(0, (5, 28, 28), np.float32)
def test_add_channel_axis(learner, reference, seed, shape, dtype):
    images = pixels(seed, shape, dtype)
    call = images_call("add_channel_axis(images)", images)
    got = learner.add_channel_axis(images)
    expected = images[..., np.newaxis]
    if isinstance(got, np.ndarray) and got.shape != expected.shape:
        raise wrong_shape(call, got.shape, expected.shape, t("exercise07_preprocessing.axis_goes_last"))
    assert_equal(got, expected, call=call)
    if np.asarray(got).dtype != images.dtype:
        raise AssertionError(t("exercise07_preprocessing.keeps_dtype", call=call, dtype=np.asarray(got).dtype,
                               expected=images.dtype))


@given(st.integers(0, 10**6), st.sampled_from([(2, 3, 3), (1, 1, 3), (4, 4, 3), (2, 2, 3, 3), (3, 1, 2, 3)]),
       PIXEL_DTYPES)
@example(0, PURE_COLOURS, np.float64)
@example(0, (5, 4, 3), np.uint8)
def test_rgb_to_grayscale(learner, reference, seed, shape, dtype):
    if shape == PURE_COLOURS:  # wrong weights cannot hide behind the other channels
        images = np.array([[[255.0, 0.0, 0.0], [0.0, 255.0, 0.0]], [[0.0, 0.0, 255.0], [255.0, 255.0, 255.0]]])
    else:
        images = pixels(seed, shape, dtype)
    call = images_call("rgb_to_grayscale(images)", images)
    got = learner.rgb_to_grayscale(images)
    expected = (images.astype(np.float64) @ GRAY_WEIGHTS)[..., np.newaxis]
    if isinstance(got, np.ndarray) and got.shape != expected.shape:
        advice = (t("exercise07_preprocessing.keep_channel_axis") if got.shape == expected.shape[:-1]
                  else t("exercise07_preprocessing.reduce_last_axis"))
        raise wrong_shape(call, got.shape, expected.shape, advice)
    try:
        assert_close(got, expected, call=call, float_result=True)
    except AssertionError as exc:
        raise AssertionError(f"{exc}\n{t('exercise07_preprocessing.gray_weights')}") from None


# ---------------------------------------------------------------------------------------------
# stratified_split

def split_data(counts, order_seed, feature_shape):
    """Shuffled labels with the given class counts and self-identifying rows X[i] = i + pattern."""
    labels = np.repeat(np.arange(len(counts)), counts)
    labels = np.random.default_rng(order_seed).permutation(labels)
    n = labels.size
    pattern = np.arange(int(np.prod(feature_shape)), dtype=np.float64).reshape(feature_shape) / 8.0
    X = np.arange(n, dtype=np.float64).reshape((n,) + (1,) * len(feature_shape)) * 1.0 + pattern
    return X, labels


def one_hot(labels, c):
    out = np.zeros((labels.size, c), dtype=np.float32)
    out[np.arange(labels.size), labels] = 1
    return out


def split_call(X, y, test_size=None, seed=None):
    kw = "".join([f", test_size={test_size!r}" if test_size is not None else "",
                  f", seed={seed}" if seed is not None else ""])
    call = f"stratified_split(X, y{kw})"
    if np.ndim(y) == 2:
        return t("exercise07_preprocessing.split_call_one_hot", call=call, n=len(y), shape=X.shape)
    return t("exercise07_preprocessing.split_call_labels", call=call, n=len(y), shape=X.shape)


def call_split(learner, X, y, test_size=None, seed=None):
    kwargs = {k: v for k, v in (("test_size", test_size), ("seed", seed)) if v is not None}
    call = split_call(X, y, test_size, seed)
    parts = expect_tuple(learner.stratified_split(X, y, **kwargs), 4, call, "(X_train, X_val, y_train, y_val)")
    return call, parts


def sample_ids(call, part_name, X_part, y_part, X, y):
    """The sample indices of one returned part, after checking shapes and X/y pairing."""
    n = len(X)
    X_part, y_part = np.asarray(X_part), np.asarray(y_part)
    for name, part, full in ((f"X_{part_name}", X_part, X), (f"y_{part_name}", y_part, y)):
        if part.dtype.kind not in "biuf" or part.ndim != full.ndim or part.shape[1:] != full.shape[1:]:
            form = t("exercise07_preprocessing.one_hot" if y.ndim == 2 else "exercise07_preprocessing.labels")
            raise AssertionError(t("exercise07_preprocessing.part_form", call=call, name=name, what=describe(part),
                                   source=name[0], shape=full.shape[1:], form=form))
    if len(X_part) != len(y_part):
        raise AssertionError(t("exercise07_preprocessing.rows_differ", call=call, part=part_name,
                               x_rows=len(X_part), y_rows=len(y_part)))
    flat = X_part.reshape(len(X_part), X[0].size).astype(np.float64)  # not -1: it cannot be inferred for 0 rows
    ids = np.rint(flat[:, 0]).astype(np.int64) if len(flat) else np.zeros(0, dtype=np.int64)
    valid = (ids >= 0) & (ids < n)
    if not valid.all() or not np.array_equal(flat, X.reshape(n, -1)[ids]):
        raise AssertionError(t("exercise07_preprocessing.not_rows_of_X", call=call, part=part_name))
    if not np.array_equal(y_part, y[ids]):
        raise AssertionError(t("exercise07_preprocessing.unpaired", call=call, part=part_name))
    return ids


def split_ids(call, parts, X, y):
    """(train ids, validation ids), checked to be disjoint and complete."""
    X_train, X_val, y_train, y_val = parts
    train = sample_ids(call, "train", X_train, y_train, X, y)
    val = sample_ids(call, "val", X_val, y_val, X, y)
    for name, ids in (("X_val", val), ("X_train", train)):
        if len(np.unique(ids)) != len(ids):
            raise AssertionError(t("exercise07_preprocessing.duplicate", call=call, name=name))
    both = np.intersect1d(train, val)
    if both.size:
        raise AssertionError(t("exercise07_preprocessing.in_both", call=call, count=both.size, sample=both[0]))
    missing = np.setdiff1d(np.arange(len(X)), np.concatenate([train, val]))
    if missing.size:
        raise AssertionError(t("exercise07_preprocessing.left_out", call=call, count=missing.size,
                               sample=missing[0]))
    return train, val


def check_sizes(call, train, val, n, test_size):
    n_val = math.ceil(test_size * n)
    if len(val) != n_val:
        raise AssertionError(t("exercise07_preprocessing.validation_size", call=call, got=len(val),
                               test_size=repr(test_size), n=n, n_val=n_val))


def check_proportions(call, val, labels, n):
    n_val = len(val)
    classes, sizes = np.unique(labels, return_counts=True)
    got = np.array([np.sum(labels[val] == c) for c in classes])
    # |got_c - size_c * n_val / n| <= 1, in integers.
    bad = np.flatnonzero(np.abs(got * n - sizes * n_val) > n)
    if bad.size:
        c = bad[0]
        raise AssertionError(t("exercise07_preprocessing.not_stratified", call=call, label=classes[c],
                               size=sizes[c], n=n, n_val=n_val, share=f"{sizes[c] * n_val / n:.2f}", got=got[c]))


@st.composite
def split_specs(draw, max_classes=4):
    """(class counts, test_size, order seed, feature shape, seed), with at least one training sample."""
    counts = tuple(draw(st.lists(st.integers(1, 25), min_size=1, max_size=max_classes)))
    n = sum(counts)
    assume(n >= 2)
    test_size = draw(st.one_of(st.sampled_from([0.1, 0.2, 0.25, 0.3, 1 / 3, 0.5, 0.7]),
                               st.floats(0.02, 0.95, allow_nan=False, allow_subnormal=False)))
    assume(math.ceil(test_size * n) < n)
    return (counts, test_size, draw(st.integers(0, 2**16)), draw(st.sampled_from([(2,), (3,), (2, 2)])),
            draw(st.integers(0, 2**16)))


IMBALANCED = ((60, 30, 10), 0.25, 1, (2,), 7)
ROUND_UP = ((7, 4), 0.3, 2, (2,), 5)  # 0.3 * 11 = 3.3 -> 4 validation samples


@given(split_specs())
@example(ROUND_UP)
@example(((8, 7, 5), 0.2, 3, (2, 2), 124))
@example(((1, 1), 0.5, 0, (2,), 0))
def test_stratified_split_sizes(learner, reference, spec):
    counts, test_size, order_seed, feature_shape, seed = spec
    X, labels = split_data(counts, order_seed, feature_shape)
    call, parts = call_split(learner, X, labels, test_size, seed)
    train, val = split_ids(call, parts, X, labels)
    check_sizes(call, train, val, len(X), test_size)


@given(split_specs())
@example(IMBALANCED)
@example(((40, 8), 0.3, 4, (3,), 11))
@example(((5, 20, 3, 12), 0.15, 5, (2,), 3))
def test_stratified_split_proportions(learner, reference, spec):
    counts, test_size, order_seed, feature_shape, seed = spec
    X, labels = split_data(counts, order_seed, feature_shape)
    call, parts = call_split(learner, X, labels, test_size, seed)
    train, val = split_ids(call, parts, X, labels)
    check_sizes(call, train, val, len(X), test_size)
    check_proportions(call, val, labels, len(X))


@settings(max_examples=25)
@given(split_specs(max_classes=5).filter(lambda spec: len(spec[0]) >= 2))
@example(IMBALANCED)
@example(((6, 9, 5), 0.2, 8, (2, 2), 124))
def test_stratified_split_one_hot(learner, reference, spec):
    counts, test_size, order_seed, feature_shape, seed = spec
    X, labels = split_data(counts, order_seed, feature_shape)
    y = one_hot(labels, len(counts))
    call, parts = call_split(learner, X, y, test_size, seed)
    for name, part in (("y_train", parts[2]), ("y_val", parts[3])):
        part = np.asarray(part)
        if part.ndim != 2 or part.shape[1] != y.shape[1]:
            raise AssertionError(t("exercise07_preprocessing.parts_stay_one_hot", call=call, name=name,
                                   what=describe(part), classes=y.shape[1]))
    train, val = split_ids(call, parts, X, y)
    check_sizes(call, train, val, len(X), test_size)
    check_proportions(call, val, labels, len(X))


@settings(max_examples=20)
@given(st.integers(0, 2**20), st.sampled_from([(20, 20), (25, 10, 5), (30, 12)]), st.sampled_from([0.2, 0.25, 0.4]))
@example(124, (20, 20), 0.2)
def test_stratified_split_seed(learner, reference, seed, counts, test_size):
    X, labels = split_data(counts, 9, (2,))
    first_call, first = call_split(learner, X, labels, test_size, seed)
    _, first_val = split_ids(first_call, first, X, labels)
    call, again = call_split(learner, X, labels, test_size, seed)
    _, again_val = split_ids(call, again, X, labels)
    if not np.array_equal(np.sort(first_val), np.sort(again_val)):
        raise AssertionError(t("exercise07_preprocessing.seed_not_repeatable", call=call))
    call, default = call_split(learner, X, labels)
    _, default_val = split_ids(call, default, X, labels)
    _, default_again = call_split(learner, X, labels)
    if not np.array_equal(np.sort(default_val), np.sort(split_ids(call, default_again, X, labels)[1])):
        raise AssertionError(t("exercise07_preprocessing.default_seed_not_repeatable", call=call))
    sets = {tuple(np.sort(first_val))}
    for other in (seed + 1, seed + 2, seed + 3):
        call, parts = call_split(learner, X, labels, test_size, other)
        sets.add(tuple(np.sort(split_ids(call, parts, X, labels)[1])))
    if len(sets) == 1:
        raise AssertionError(t("exercise07_preprocessing.seed_ignored", call=first_call, first=seed, last=seed + 3))


@given(st.sampled_from([0, 0.0, 1, 1.0, -0.2, 1.5, 2, 10]), st.booleans())
@example(1.0, False)
@example(0.0, False)
def test_stratified_split_rejects_test_size(learner, reference, test_size, one_hot_y):
    X, labels = split_data((6, 4), 0, (2,))
    y = one_hot(labels, 2) if one_hot_y else labels
    expect_raises(ValueError, split_call(X, y, test_size), learner.stratified_split, X, y, test_size=test_size)
