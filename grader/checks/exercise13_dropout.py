"""Checks for exercise13: inverted dropout (드롭아웃).

Masks are random and any seeded scheme is accepted (default_rng(seed).random, rng.binomial,
np.random.RandomState(seed), ...), so dropout_forward is checked by properties, never against
one fixed mask: the mask is boolean with x's shape and keeps a fraction of the units within
six standard deviations of 1 - rate on a large array (a correct implementation misses that
about once in 500 million draws), out equals x * mask / (1 - rate) for the mask returned,
the mean of a large all-ones input is preserved, training=False is the identity, and the same
seed gives the same mask.
"""
import math

import numpy as np
from hypothesis import example, given, settings, strategies as st

from grader.checklib.compare import (as_numeric, assert_close, assert_equal, describe, expect_raises,
                                     expect_tuple, tolerance)

RATES = st.sampled_from([0.1, 0.2, 0.25, 0.3, 0.5, 0.6, 0.75, 0.8, 0.9])
SEEDS = st.integers(0, 2**31 - 1)
DTYPES = st.sampled_from(["float64", "float32"])
LARGE_SHAPES = st.sampled_from([(200_000,), (400, 500), (50, 40, 100)])
SMALL_SHAPES = st.sampled_from([(1,), (7,), (3, 4), (2, 3, 5), (16, 32)])
SIGMAS = 6.0


def sample(shape, dtype, seed):
    """A float array of normal values, with some exact zeros."""
    x = np.random.default_rng(seed).normal(size=shape).astype(dtype)
    x.flat[::7] = 0.0
    return x


def call_text(x, rate, x_text=None, **kwargs):
    extra = "".join(f", {k}={v!r}" for k, v in kwargs.items())
    x_text = x_text or f"x of shape {x.shape}"
    return f"dropout_forward(x, rate={rate}{extra}) with {x_text} ({x.dtype})"


def forward(learner, x, rate, x_text=None, **kwargs):
    """``(call, out, mask)`` from the learner, with out numeric and mask a boolean array of x's shape."""
    call = call_text(x, rate, x_text, **kwargs)
    out, mask = expect_tuple(learner.dropout_forward(x, rate, **kwargs), 2, call, "(out, mask)")
    out = as_numeric(out, f"{call}[0] (out)")
    if out.shape != x.shape:
        raise AssertionError(f"the out returned by {call} has shape {out.shape}; expected x's shape {x.shape}")
    if out.dtype.kind != "f":
        raise AssertionError(f"the out returned by {call} should hold floats, but has dtype {out.dtype}")
    if not isinstance(mask, np.ndarray):
        raise AssertionError(f"the mask returned by {call} should be a boolean array of x's shape, but is "
                             f"{describe(mask)}")
    if mask.dtype != np.bool_:
        raise AssertionError(f"the mask returned by {call} has dtype {mask.dtype}; it should be boolean (True where "
                             f"the unit is kept), e.g. rng.random(x.shape) >= rate")
    if mask.shape != x.shape:
        raise AssertionError(f"the mask returned by {call} has shape {mask.shape}; expected x's shape {x.shape}")
    return call, out, mask


def close(got, expected):
    """np.allclose with the tolerance of got's dtype (False for other shapes)."""
    got, expected = np.asarray(got), np.asarray(expected)
    if got.shape != expected.shape:
        return False
    rtol, atol = tolerance(got.dtype if got.dtype.kind == "f" else np.float64)
    return bool(np.allclose(got, expected, rtol=rtol, atol=atol))


@settings(max_examples=12)  # large arrays: each example moves megabytes
@given(RATES, SEEDS, LARGE_SHAPES, DTYPES)
@example(0.2, 0, (400, 500), "float64")
@example(0.75, 1, (200_000,), "float32")
def test_dropout_mask(learner, reference, rate, seed, shape, dtype):
    for small in ((3, 4), (2, 3, 5), (7,)):
        forward(learner, sample(small, dtype, seed), rate, seed=seed)
    x = sample(shape, dtype, seed)
    call, _, mask = forward(learner, x, rate, seed=seed)
    keep, kept = 1 - rate, float(mask.mean())
    margin = SIGMAS * math.sqrt(keep * rate / mask.size)
    if abs(kept - keep) > margin:
        if abs(kept - rate) <= margin:
            raise AssertionError(f"{call} kept {kept:.4f} of the units, about rate = {rate}, instead of the keep "
                                 f"probability 1 - rate = {keep:.4g}: keep a unit when its uniform draw u >= rate "
                                 f"(u < rate is the probability of dropping it)")
        raise AssertionError(f"{call} kept {kept:.4f} of the units (mask.mean()); expected about 1 - rate = "
                             f"{keep:.4g} (within {margin:.4f}): keep each unit independently with probability "
                             f"1 - rate")


@settings(max_examples=15)
@given(RATES, SEEDS, SMALL_SHAPES, DTYPES)
@example(0.2, 0, (16, 32), "float64")
def test_dropout_inverted_scaling(learner, reference, rate, seed, shape, dtype):
    keep = 1 - rate
    ones = np.ones(100_000, dtype=dtype)
    call, out, mask = forward(learner, ones, rate, x_text=f"x = np.ones({ones.size})", seed=seed)
    if not close(out, mask / keep):
        mistakes = [(mask * 1.0, f"left the kept units at 1.0: this is non-inverted dropout. Inverted dropout "
                                 f"divides the kept units by the keep probability 1 - rate = {keep:.4g}, so the "
                                 f"expected output stays equal to x and inference needs no rescaling"),
                    (mask * keep, f"multiplied the kept units by 1 - rate; inverted dropout divides them by 1 - rate "
                                  f"= {keep:.4g}")]
        if rate != 0.5:
            mistakes.append((mask / rate, f"divided the kept units by rate = {rate}; divide by the keep probability "
                                          f"1 - rate = {keep:.4g}"))
        for wrong, message in mistakes:
            if close(out, wrong):
                raise AssertionError(f"{call} {message}")
        assert_close(out, mask / keep, call=f"{call}[0] (it should be x * mask / (1 - rate) for the mask returned)")
    margin = SIGMAS * math.sqrt(rate / keep / ones.size)
    mean = float(np.mean(out, dtype=np.float64))
    if abs(mean - 1.0) > margin:
        raise AssertionError(f"the mean of {call}[0] is {mean:.4f}; inverted dropout preserves the expectation, so "
                             f"it should be about 1 (within {margin:.4f})")
    x = sample(shape, dtype, seed)
    call, out, mask = forward(learner, x, rate, seed=seed)
    expected = x.astype(np.float64) * mask / keep
    if not close(out, expected) and close(out, x * mask):
        raise AssertionError(f"{call} did not scale the kept units: inverted dropout returns x * mask / (1 - rate)")
    assert_close(out, expected, call=f"{call}[0] (it should be x * mask / (1 - rate) for the mask returned)")


@given(st.sampled_from([0.0, 0.1, 0.5, 0.9]), SEEDS, SMALL_SHAPES, DTYPES)
@example(0.5, 0, (3, 4), "float64")
def test_dropout_inference_identity(learner, reference, rate, seed, shape, dtype):
    x = sample(shape, dtype, seed) + 1.0
    call, out, mask = forward(learner, x, rate, training=False, seed=seed)
    if rate and not close(out, x) and close(out, x * (1 - rate)):
        raise AssertionError(f"{call} multiplied x by 1 - rate. That rescaling belongs to non-inverted dropout; "
                             f"inverted dropout already scaled during training, so inference returns x unchanged")
    if not mask.all():
        raise AssertionError(f"{call} dropped {int((~mask).sum())} of {mask.size} units; at inference "
                             f"(training=False) dropout does nothing: return x and an all-True mask")
    assert_equal(out, x, call=f"{call}[0] (at inference it should be x itself)")
    call, out, mask = forward(learner, x, 0.0, seed=seed)
    if not mask.all():
        raise AssertionError(f"{call} dropped {int((~mask).sum())} of {mask.size} units; rate=0 keeps every unit")
    assert_close(out, x, call=f"{call}[0] (rate=0 keeps every unit unscaled)")


@given(st.sampled_from([0.1, 0.3, 0.5, 0.8]), st.integers(0, 2**31 - 4), DTYPES)
@example(0.5, 0, "float64")
def test_dropout_seed_reproducible(learner, reference, rate, seed, dtype):
    x = sample((20, 30), dtype, seed)
    call, out, mask = forward(learner, x, rate, seed=seed)
    again, out2, mask2 = forward(learner, x, rate, seed=seed)
    if not np.array_equal(mask, mask2):
        raise AssertionError(f"two calls of {call} returned different masks: draw the mask from a generator created "
                             f"from seed inside the function, np.random.default_rng(seed), not from np.random's "
                             f"global state")
    assert_equal(out2, out, call=f"a second call of {call}[0] with the same seed")
    masks = [mask] + [forward(learner, x, rate, seed=other)[2] for other in (seed + 1, seed + 2, seed + 3)]
    if all(np.array_equal(mask, m) for m in masks[1:]):
        raise AssertionError(f"{call} returned the same mask for seeds {seed}, {seed + 1}, {seed + 2} and {seed + 3}: "
                             f"the mask must depend on the seed argument (np.random.default_rng(seed))")


@given(st.sampled_from([0.0, 0.2, 0.5, 0.7]), SEEDS, SMALL_SHAPES, DTYPES)
@example(0.2, 0, (16, 32), "float64")
def test_dropout_backward_uses_mask(learner, reference, rate, seed, shape, dtype):
    rng = np.random.default_rng(seed)
    dout = rng.normal(size=shape).astype(dtype)
    mask = rng.random(shape) >= 0.4  # any mask: the backward pass must not draw its own
    call = f"dropout_backward(dout, mask, rate={rate}) with dout of shape {shape} ({dtype})"
    got = as_numeric(learner.dropout_backward(dout, mask, rate), call)
    expected = dout.astype(np.float64) * mask / (1 - rate)
    if got.shape == expected.shape and not close(got, expected):
        if rate and close(got, dout * mask):
            raise AssertionError(f"{call} did not scale the gradient: the forward pass multiplied the kept units by "
                                 f"1 / (1 - rate), so the backward pass must too (dout * mask / (1 - rate))")
        if close(got, dout / (1 - rate)) or close(got, dout):
            raise AssertionError(f"{call} ignored the mask: the gradient must be 0 for the units the forward pass "
                                 f"dropped (mask False)")
        if np.any((got != 0) & ~mask):
            raise AssertionError(f"{call} let gradient through units where the given mask is False: use the mask "
                                 f"you are given (the forward pass's), do not draw a new one")
    assert_close(got, expected, call=f"{call} (it should be dout * mask / (1 - rate))", float_result=True)


BAD_RATES = [1.0, 1.5, -0.1, -1.0, 2.0]


def test_dropout_rejects_rate(learner, reference):
    x = np.linspace(-1.0, 1.0, 12).reshape(3, 4)
    mask = np.ones((3, 4), dtype=bool)
    for rate in BAD_RATES:
        expect_raises(ValueError, f"dropout_forward(x, rate={rate}, seed=0)", learner.dropout_forward, x, rate,
                      seed=0)
        expect_raises(ValueError, f"dropout_backward(dout, mask, rate={rate})", learner.dropout_backward, x, mask,
                      rate)
    for rate in (0.0, 0.999):
        for call, function, args, kwargs in (
                (f"dropout_forward(x, rate={rate}, seed=0)", learner.dropout_forward, (x, rate), {"seed": 0}),
                (f"dropout_backward(dout, mask, rate={rate})", learner.dropout_backward, (x, mask, rate), {})):
            try:
                function(*args, **kwargs)
            except ValueError as exc:
                raise AssertionError(f"{call} raised {exc}, but rate={rate} is allowed: only rates "
                                     f"outside 0 <= rate < 1 are errors") from None
