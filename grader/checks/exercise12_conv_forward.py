"""Checks for exercise12: convolution and pooling in NumPy (합성곱과 풀링).

Results are compared with the reference solution, which tests/reference cross-checks against
tf.nn.conv2d, tf.nn.max_pool2d and tf.nn.avg_pool2d; no TensorFlow is imported here.
Inputs are multiples of 1/4 in [-2, 2], so every product and sum is exact in float32 and
float64 whatever the summation order: any correct implementation (loops, im2col, einsum,
stride tricks) gives the reference's numbers. Inputs are small enough for a plain six-loop
convolution. When a wrong result equals what a typical mistake computes (a flipped kernel,
padding on the wrong side, ...), the message says so.
"""
import math
from typing import NamedTuple

import numpy as np
from hypothesis import example, given, strategies as st

from grader.checklib.compare import as_numeric, assert_close, tolerance
from grader.checklib.verdicts import Observed
from grader.i18n import t
from grader.sandbox.faults import LearnerException


class Conv(NamedTuple):
    """One convolution case; the arrays are drawn from ``seed``."""

    batch: int
    h: int
    w: int
    c: int
    kh: int
    kw: int
    f: int
    stride: int
    padding: str
    dtype: str
    seed: int

    def arrays(self):
        rng = np.random.default_rng(self.seed)
        quarters = lambda shape: (rng.integers(-8, 9, size=shape) / 4).astype(self.dtype)  # noqa: E731
        x = quarters((self.batch, self.h, self.w, self.c))
        W = quarters((self.kh, self.kw, self.c, self.f))
        b = quarters((self.f,))
        if not b.any():
            b[0] = 0.5
        return x, W, b


@st.composite
def conv_cases(draw, batch=(1, 1), channels=(1, 1), filters=(1, 1), strides=(1, 1), paddings=("valid",),
               kernel=(1, 5)):
    """Convolution cases with the given ranges (inclusive) of sizes; windows always fit the input."""
    kh, kw = draw(st.integers(*kernel)), draw(st.integers(*kernel))
    return Conv(batch=draw(st.integers(*batch)), h=draw(st.integers(kh, 10)), w=draw(st.integers(kw, 10)),
                c=draw(st.integers(*channels)), kh=kh, kw=kw, f=draw(st.integers(*filters)),
                stride=draw(st.integers(*strides)), padding=draw(st.sampled_from(paddings)),
                dtype=draw(st.sampled_from(["float64", "float32"])), seed=draw(st.integers(0, 2**16)))


def same_padding(n, k, s):
    """TensorFlow's (before, after) "same" padding: the odd extra pixel goes after."""
    total = max((math.ceil(n / s) - 1) * s + k - n, 0)
    return total // 2, total - total // 2


def padded_conv(reference, x, W, b, stride, pad_h, pad_w):
    """Valid convolution of x padded explicitly with (before, after) zeros per axis."""
    return reference.conv2d_forward(np.pad(x, ((0, 0), pad_h, pad_w, (0, 0))), W, b, stride, "valid")


def conv_mistakes(reference, case, x, W, b):
    """(what the mistake computes, what the message says) for typical wrong convolutions."""
    kh, kw, s = case.kh, case.kw, case.stride
    if (kh > 1 or kw > 1) and not np.array_equal(W, W[::-1, ::-1]):
        yield (lambda: reference.conv2d_forward(x, W[::-1, ::-1], b, s, case.padding),
               t("exercise12_conv_forward.flipped_kernel"))
    yield (lambda: reference.conv2d_forward(x, W, np.zeros_like(b), s, case.padding),
           t("exercise12_conv_forward.no_bias"))
    if case.padding != "same":
        return
    tf_h, tf_w = same_padding(case.h, kh, s), same_padding(case.w, kw, s)
    if tf_h[0] != tf_h[1] or tf_w[0] != tf_w[1]:
        yield (lambda: padded_conv(reference, x, W, b, s, tf_h[::-1], tf_w[::-1]),
               t("exercise12_conv_forward.extra_padding_first"))
    stride1_h, stride1_w = ((kh - 1) // 2, kh // 2), ((kw - 1) // 2, kw // 2)
    if s > 1 and (stride1_h, stride1_w) != (tf_h, tf_w):
        yield (lambda: padded_conv(reference, x, W, b, s, stride1_h, stride1_w),
               t("exercise12_conv_forward.stride_one_padding", stride=s))
    if kh % 2 == 0 or kw % 2 == 0:
        yield (lambda: padded_conv(reference, x, W, b, s, (kh // 2, kh // 2), (kw // 2, kw // 2)),
               t("exercise12_conv_forward.half_kernel_padding"))


def explain(got, candidates, call):
    """Raise the messages of the mistakes whose result equals ``got`` (several can coincide).

    The message names the mistake, so the check's own hint (about another one) is not shown.
    """
    got = np.asarray(got)
    rtol, atol = tolerance(got.dtype if np.issubdtype(got.dtype, np.floating) else np.float64)
    matches = []
    for compute, message in candidates:
        wrong = compute()
        if wrong.shape == got.shape and np.allclose(got, wrong, rtol=rtol, atol=atol):
            matches.append(message)
    if matches:
        raise Observed(t("exercise12_conv_forward.mistake", call=call, mistake=matches[0]) + "".join(
            t("exercise12_conv_forward.also", mistake=m) for m in matches[1:]))


def allowing_remainder(call, function, sizes, step, *args, **kwargs):
    """``function(*args, **kwargs)``; if it raises where a window size does not fit the stride, say so.

    ``sizes`` are the (input, window) sizes of the two axes, ``step`` the stride. The contract drops the positions at the end
    that do not fit (floor), so code that asserts divisibility is wrong, and this is why it failed.
    """
    try:
        return function(*args, **kwargs)
    except LearnerException as exc:
        uneven = [(n, k) for n, k in sizes if (n - k) % step]
        if not uneven:
            raise
        n, k = uneven[0]
        message = t("exercise12_conv_forward.remainder_refused", call=call, error=exc.learner_type, n=n, k=k,
                    stride=step, out=(n - k) // step + 1)
        raise Observed(f"{message}\n\n{exc.learner_traceback.rstrip()}") from None


def check_conv(learner, reference, case):
    x, W, b = case.arrays()
    call = t("exercise12_conv_forward.conv_call", stride=case.stride, padding=repr(case.padding), x_shape=x.shape,
             w_shape=W.shape, dtype=case.dtype)
    sizes = [(case.h, case.kh), (case.w, case.kw)] if case.padding == "valid" else []
    got = as_numeric(allowing_remainder(call, learner.conv2d_forward, sizes, case.stride, x, W, b,
                                        stride=case.stride, padding=case.padding), call)
    expected = reference.conv2d_forward(x, W, b, case.stride, case.padding)
    rtol, atol = tolerance(got.dtype if np.issubdtype(got.dtype, np.floating) else np.float64)
    if got.shape != expected.shape or not np.allclose(got, expected, rtol=rtol, atol=atol):
        explain(got, conv_mistakes(reference, case, x, W, b), call)
    if got.shape != expected.shape:
        oh, ow = expected.shape[1:3]
        formula = (f"ceil({case.h} / {case.stride}) x ceil({case.w} / {case.stride})" if case.padding == "same" else
                   f"(floor(({case.h} - {case.kh}) / {case.stride}) + 1) x (floor(({case.w} - {case.kw}) / "
                   f"{case.stride}) + 1)")
        raise AssertionError(t("exercise12_conv_forward.conv_shape", call=call, expected=expected.shape,
                               got=got.shape, formula=formula, out_h=oh, out_w=ow))
    assert_close(got, expected, call=call, float_result=True)


@given(conv_cases())
@example(Conv(1, 5, 5, 1, 3, 3, 1, 1, "valid", "float64", 0))
@example(Conv(1, 6, 7, 1, 2, 4, 1, 1, "valid", "float32", 1))
def test_conv2d_valid(learner, reference, case):
    check_conv(learner, reference, case)


@given(conv_cases(strides=(2, 3)))
@example(Conv(1, 9, 9, 1, 3, 3, 1, 2, "valid", "float64", 0))
@example(Conv(1, 10, 8, 1, 2, 3, 1, 3, "valid", "float64", 1))
def test_conv2d_strided(learner, reference, case):
    check_conv(learner, reference, case)


@given(conv_cases(strides=(1, 3), paddings=("same",)))
# keras-conventions.md section 4: (n, k, s) with an odd total padding.
@example(Conv(1, 6, 6, 1, 4, 4, 1, 1, "same", "float64", 0))
@example(Conv(1, 7, 7, 1, 4, 4, 1, 2, "same", "float64", 1))
@example(Conv(1, 8, 8, 1, 3, 3, 1, 2, "same", "float64", 2))
@example(Conv(1, 5, 5, 1, 5, 5, 1, 3, "same", "float64", 3))
@example(Conv(1, 6, 9, 1, 2, 3, 1, 1, "same", "float32", 4))
def test_conv2d_same_padding(learner, reference, case):
    check_conv(learner, reference, case)


@given(conv_cases(batch=(2, 3), channels=(2, 3), filters=(2, 4), strides=(1, 3), paddings=("valid", "same")))
@example(Conv(2, 6, 6, 3, 3, 3, 4, 1, "valid", "float64", 0))
@example(Conv(3, 7, 8, 2, 4, 2, 3, 2, "same", "float32", 1))
def test_conv2d_batch_channels_bias(learner, reference, case):
    check_conv(learner, reference, case)


def check_single_one(learner, reference):
    """conv2d_forward on a single 1 with W = 1..9, where a flipped kernel shows itself."""
    # A single 1 shows the kernel: cross-correlation returns it rotated by 180 degrees, a flipped
    # kernel (textbook convolution) returns it as it is.
    x = np.zeros((1, 5, 5, 1))
    x[0, 2, 2, 0] = 1.0
    W = np.arange(1.0, 10.0).reshape(3, 3, 1, 1)
    call = t("exercise12_conv_forward.single_one_call")
    got = as_numeric(learner.conv2d_forward(x, W, np.zeros(1), padding="same"), call)
    flipped = np.zeros((1, 5, 5, 1))
    flipped[0, 1:4, 1:4, 0] = W[:, :, 0, 0]
    if got.shape == flipped.shape and np.allclose(got, flipped):
        raise AssertionError(t("exercise12_conv_forward.single_one_flipped", call=call))
    assert_close(got, reference.conv2d_forward(x, W, np.zeros(1), 1, "same"), call=call, float_result=True)


@given(conv_cases(channels=(1, 2), filters=(1, 2), strides=(1, 2), paddings=("valid", "same"), kernel=(2, 4)))
def test_conv2d_no_kernel_flip(learner, reference, case):
    check_single_one(learner, reference)
    check_conv(learner, reference, case)


# ---------------------------------------------------------------- pooling

class Pool(NamedTuple):
    """One pooling case; stride None means the default (pool_size)."""

    batch: int
    h: int
    w: int
    c: int
    pool_size: int
    stride: int | None
    dtype: str
    seed: int

    def array(self):
        rng = np.random.default_rng(self.seed)
        return (rng.integers(-8, 9, size=(self.batch, self.h, self.w, self.c)) / 4).astype(self.dtype)


@st.composite
def pool_cases(draw):
    p = draw(st.integers(1, 4))
    return Pool(batch=draw(st.integers(1, 3)), h=draw(st.integers(p, 10)), w=draw(st.integers(p, 10)),
                c=draw(st.integers(1, 3)), pool_size=p, stride=draw(st.sampled_from([None, None, 1, 2, 3])),
                dtype=draw(st.sampled_from(["float64", "float32"])), seed=draw(st.integers(0, 2**16)))


def check_pool(learner, reference, name, case):
    x = case.array()
    function = getattr(learner, name)
    p, s = case.pool_size, case.stride
    if s is None:
        calls = [(f"{name}(x, {p})", (p,), {})] + ([(f"{name}(x)", (), {})] if p == 2 else [])
    else:
        calls = [(f"{name}(x, pool_size={p}, stride={s})", (), {"pool_size": p, "stride": s})]
    for text, args, kwargs in calls:
        call = t("exercise12_conv_forward.pool_call", call=text, shape=x.shape, dtype=case.dtype)
        step = p if s is None else s
        got = as_numeric(allowing_remainder(call, function, [(case.h, p), (case.w, p)], step, x, *args, **kwargs),
                         call)
        expected = getattr(reference, name)(x, p, s)
        if got.shape != expected.shape:
            if s is None and got.shape == getattr(reference, name)(x, p, 1).shape:
                raise AssertionError(t("exercise12_conv_forward.pool_stride_one", call=call, got=got.shape,
                                       expected=expected.shape, pool_size=p))
            partial = (case.batch, math.ceil(max(case.h - p, 0) / step) + 1, math.ceil(max(case.w - p, 0) / step) + 1,
                       case.c)
            if got.shape == partial:
                raise AssertionError(t("exercise12_conv_forward.pool_partial_windows", call=call, got=got.shape,
                                       expected=expected.shape))
        elif name == "avg_pool2d" and p > 1:
            explain(got, [(lambda: expected * p, t("exercise12_conv_forward.avg_divided_by_size", pool_size=p,
                                                   count=p * p))], call)
        assert_close(got, expected, call=call, float_result=name == "avg_pool2d")


@given(pool_cases())
@example(Pool(1, 4, 4, 1, 2, None, "float64", 0))
@example(Pool(2, 9, 7, 3, 3, None, "float64", 1))
@example(Pool(1, 9, 9, 2, 3, 2, "float32", 2))
def test_max_pool2d(learner, reference, case):
    check_pool(learner, reference, "max_pool2d", case)


@given(pool_cases())
@example(Pool(1, 4, 4, 1, 2, None, "float64", 0))
@example(Pool(2, 9, 7, 3, 3, None, "float64", 1))
@example(Pool(1, 9, 9, 2, 3, 2, "float32", 2))
def test_avg_pool2d(learner, reference, case):
    check_pool(learner, reference, "avg_pool2d", case)
