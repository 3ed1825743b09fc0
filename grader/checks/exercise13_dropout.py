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
from grader.i18n import t

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
    """The dropout_forward call as a message names it."""
    extra = "".join(f", {k}={v!r}" for k, v in kwargs.items())
    x_text = x_text or t("exercise13_dropout.x_of_shape", shape=x.shape)
    return t("exercise13_dropout.forward_call", rate=rate, extra=extra, x=x_text, dtype=x.dtype)


def forward(learner, x, rate, x_text=None, **kwargs):
    """``(call, out, mask)`` from the learner, with out numeric and mask a boolean array of x's shape."""
    call = call_text(x, rate, x_text, **kwargs)
    out, mask = expect_tuple(learner.dropout_forward(x, rate, **kwargs), 2, call, "(out, mask)")
    out = as_numeric(out, f"{call}[0] (out)")
    if out.shape != x.shape:
        raise AssertionError(t("exercise13_dropout.out_shape", call=call, shape=out.shape, expected=x.shape))
    if out.dtype.kind != "f":
        raise AssertionError(t("exercise13_dropout.out_not_float", call=call, dtype=out.dtype))
    if not isinstance(mask, np.ndarray):
        raise AssertionError(t("exercise13_dropout.mask_not_array", call=call, what=describe(mask)))
    if mask.dtype != np.bool_:
        raise AssertionError(t("exercise13_dropout.mask_dtype", call=call, dtype=mask.dtype))
    if mask.shape != x.shape:
        raise AssertionError(t("exercise13_dropout.mask_shape", call=call, shape=mask.shape, expected=x.shape))
    return call, out, mask


def close(got, expected):
    """np.allclose with the tolerance of got's dtype (False for other shapes)."""
    got, expected = np.asarray(got), np.asarray(expected)
    if got.shape != expected.shape:
        return False
    rtol, atol = tolerance(got.dtype if np.issubdtype(got.dtype, np.floating) else np.float64)
    return bool(np.allclose(got, expected, rtol=rtol, atol=atol))


def check_kept_fraction(call, mask, rate):
    """Fail unless the mask keeps about 1 - rate of the units (within SIGMAS standard deviations)."""
    keep, kept = 1 - rate, float(mask.mean())
    margin = SIGMAS * math.sqrt(keep * rate / mask.size)
    fields = {"call": call, "kept": f"{kept:.4f}", "rate": rate, "keep": f"{keep:.4g}", "margin": f"{margin:.4f}"}
    if abs(kept - keep) > margin and abs(kept - rate) <= margin:
        raise AssertionError(t("exercise13_dropout.kept_rate", **fields))
    if abs(kept - keep) > margin:
        raise AssertionError(t("exercise13_dropout.kept_fraction", **fields))


def scaling_mistakes(call, mask, rate):
    """(what the mistake returns for x = ones, what the message says) for typical wrong scalings."""
    keep = 1 - rate
    fields = {"call": call, "rate": rate, "keep": f"{keep:.4g}"}
    yield mask * 1.0, t("exercise13_dropout.not_inverted", **fields)
    yield mask * keep, t("exercise13_dropout.times_keep", **fields)
    if rate != 0.5:  # at rate 0.5, rate = 1 - rate: dividing by it is right
        yield mask / rate, t("exercise13_dropout.divided_by_rate", **fields)


@settings(max_examples=12)  # large arrays: each example moves megabytes
@given(RATES, SEEDS, LARGE_SHAPES, DTYPES)
@example(0.2, 0, (400, 500), "float64")
@example(0.75, 1, (200_000,), "float32")
def test_dropout_mask(learner, reference, rate, seed, shape, dtype):
    for small in ((3, 4), (2, 3, 5), (7,)):
        forward(learner, sample(small, dtype, seed), rate, seed=seed)
    x = sample(shape, dtype, seed)
    call, _, mask = forward(learner, x, rate, seed=seed)
    check_kept_fraction(call, mask, rate)


@settings(max_examples=15)
@given(RATES, SEEDS, SMALL_SHAPES, DTYPES)
@example(0.2, 0, (16, 32), "float64")
def test_dropout_inverted_scaling(learner, reference, rate, seed, shape, dtype):
    keep = 1 - rate
    ones = np.ones(100_000, dtype=dtype)
    call, out, mask = forward(learner, ones, rate, x_text=f"x = np.ones({ones.size})", seed=seed)
    if not close(out, mask / keep):
        for wrong, message in scaling_mistakes(call, mask, rate):
            if close(out, wrong):
                raise AssertionError(message)
        assert_close(out, mask / keep, call=t("exercise13_dropout.out_should_be", call=call))
    margin = SIGMAS * math.sqrt(rate / keep / ones.size)
    mean = float(np.mean(out, dtype=np.float64))
    if abs(mean - 1.0) > margin:
        raise AssertionError(t("exercise13_dropout.mean", call=call, mean=f"{mean:.4f}", margin=f"{margin:.4f}"))
    x = sample(shape, dtype, seed)
    call, out, mask = forward(learner, x, rate, seed=seed)
    expected = x.astype(np.float64) * mask / keep
    if not close(out, expected) and close(out, x * mask):
        raise AssertionError(t("exercise13_dropout.not_scaled", call=call))
    assert_close(out, expected, call=t("exercise13_dropout.out_should_be", call=call))


@given(st.sampled_from([0.0, 0.1, 0.5, 0.9]), SEEDS, SMALL_SHAPES, DTYPES)
@example(0.5, 0, (3, 4), "float64")
@example(0.0, 0, (3, 4), "float64")
def test_dropout_inference_identity(learner, reference, rate, seed, shape, dtype):
    x = sample(shape, dtype, seed) + 1.0
    call, out, mask = forward(learner, x, rate, training=False, seed=seed)
    if rate and not close(out, x) and close(out, x * (1 - rate)):
        raise AssertionError(t("exercise13_dropout.inference_scaled", call=call))
    if not mask.all():
        raise AssertionError(t("exercise13_dropout.inference_dropped", call=call, dropped=int((~mask).sum()),
                               total=mask.size))
    assert_equal(out, x, call=t("exercise13_dropout.inference_out", call=call))
    if rate:  # training at rate 0 is the identity too, checked with the drawn rate so the example shows it
        return
    call, out, mask = forward(learner, x, rate, seed=seed)
    if not mask.all():
        raise AssertionError(t("exercise13_dropout.rate_zero_dropped", call=call, dropped=int((~mask).sum()),
                               total=mask.size))
    assert_close(out, x, call=t("exercise13_dropout.rate_zero_out", call=call))


@given(st.sampled_from([0.1, 0.3, 0.5, 0.8]), st.integers(0, 2**31 - 4), DTYPES)
@example(0.5, 0, "float64")
def test_dropout_seed_reproducible(learner, reference, rate, seed, dtype):
    x = sample((20, 30), dtype, seed)
    call, out, mask = forward(learner, x, rate, seed=seed)
    again, out2, mask2 = forward(learner, x, rate, seed=seed)
    if not np.array_equal(mask, mask2):
        raise AssertionError(t("exercise13_dropout.masks_differ", call=call))
    assert_equal(out2, out, call=t("exercise13_dropout.second_call", call=call))
    masks = [mask] + [forward(learner, x, rate, seed=other)[2] for other in (seed + 1, seed + 2, seed + 3)]
    if all(np.array_equal(mask, m) for m in masks[1:]):
        raise AssertionError(t("exercise13_dropout.same_mask", call=call, first=seed, second=seed + 1,
                               third=seed + 2, fourth=seed + 3))


@given(st.sampled_from([0.0, 0.2, 0.5, 0.7]), SEEDS, SMALL_SHAPES, DTYPES)
@example(0.2, 0, (16, 32), "float64")
def test_dropout_backward_uses_mask(learner, reference, rate, seed, shape, dtype):
    rng = np.random.default_rng(seed)
    dout = rng.normal(size=shape).astype(dtype)
    mask = rng.random(shape) >= 0.4  # any mask: the backward pass must not draw its own
    call = t("exercise13_dropout.backward_call", rate=rate, shape=shape, dtype=dtype)
    got = as_numeric(learner.dropout_backward(dout, mask, rate), call)
    expected = dout.astype(np.float64) * mask / (1 - rate)
    if got.shape == expected.shape and not close(got, expected):
        if rate and close(got, dout * mask):
            raise AssertionError(t("exercise13_dropout.backward_not_scaled", call=call))
        if close(got, dout / (1 - rate)) or close(got, dout):
            raise AssertionError(t("exercise13_dropout.backward_ignored_mask", call=call))
        if np.any((got != 0) & ~mask):
            raise AssertionError(t("exercise13_dropout.backward_new_mask", call=call))
    assert_close(got, expected, call=t("exercise13_dropout.backward_should_be", call=call), float_result=True)


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
                raise AssertionError(t("exercise13_dropout.rate_allowed", call=call, error=str(exc),
                                       rate=rate)) from None
