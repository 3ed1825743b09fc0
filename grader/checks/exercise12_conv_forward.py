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
               "flipped the kernel (a textbook convolution, x[i + p, j + q] * W[kh-1-p, kw-1-q]). Conv2D and "
               "tf.nn.conv2d compute cross-correlation: multiply x[i*s + p, j*s + q] by W[p, q], unflipped")
    yield (lambda: reference.conv2d_forward(x, W, np.zeros_like(b), s, case.padding),
           "did not add the bias: add b[f] to every output of filter f")
    if case.padding != "same":
        return
    tf_h, tf_w = same_padding(case.h, kh, s), same_padding(case.w, kw, s)
    if tf_h[0] != tf_h[1] or tf_w[0] != tf_w[1]:
        yield (lambda: padded_conv(reference, x, W, b, s, tf_h[::-1], tf_w[::-1]),
               "put the odd extra row/column of 'same' padding at the top/left. TensorFlow puts it at the "
               "bottom/right: floor(P / 2) zeros before and P - floor(P / 2) after")
    stride1_h, stride1_w = ((kh - 1) // 2, kh // 2), ((kw - 1) // 2, kw // 2)
    if s > 1 and (stride1_h, stride1_w) != (tf_h, tf_w):
        yield (lambda: padded_conv(reference, x, W, b, s, stride1_h, stride1_w),
               f"padded as for stride 1 (k - 1 zeros in total). With stride {s} TensorFlow pads "
               f"P = max((ceil(n / s) - 1) * s + k - n, 0) zeros in total, floor(P / 2) before and the rest after")
    if kh % 2 == 0 or kw % 2 == 0:
        yield (lambda: padded_conv(reference, x, W, b, s, (kh // 2, kh // 2), (kw // 2, kw // 2)),
               "padded k // 2 zeros on both sides, one too many for an even kernel. TensorFlow pads "
               "P = max((ceil(n / s) - 1) * s + k - n, 0) zeros in total, floor(P / 2) before and the rest after")


def explain(got, candidates, call):
    """Raise the messages of the mistakes whose result equals ``got`` (several can coincide)."""
    got = np.asarray(got)
    rtol, atol = tolerance(got.dtype if got.dtype.kind == "f" else np.float64)
    matches = []
    for compute, message in candidates:
        wrong = compute()
        if wrong.shape == got.shape and np.allclose(got, wrong, rtol=rtol, atol=atol):
            matches.append(message)
    if matches:
        raise AssertionError(f"{call} {matches[0]}." + "".join(f" (Equivalently here, it {m}.)" for m in matches[1:]))


def check_conv(learner, reference, case):
    x, W, b = case.arrays()
    call = (f"conv2d_forward(x, W, b, stride={case.stride}, padding={case.padding!r}) with x of shape {x.shape}, "
            f"W of shape {W.shape} ({case.dtype})")
    got = as_numeric(learner.conv2d_forward(x, W, b, stride=case.stride, padding=case.padding), call)
    expected = reference.conv2d_forward(x, W, b, case.stride, case.padding)
    rtol, atol = tolerance(got.dtype if got.dtype.kind == "f" else np.float64)
    if got.shape != expected.shape or not np.allclose(got, expected, rtol=rtol, atol=atol):
        explain(got, conv_mistakes(reference, case, x, W, b), call)
    if got.shape != expected.shape:
        oh, ow = expected.shape[1:3]
        formula = (f"ceil({case.h} / {case.stride}) x ceil({case.w} / {case.stride})" if case.padding == "same" else
                   f"(floor(({case.h} - {case.kh}) / {case.stride}) + 1) x (floor(({case.w} - {case.kw}) / "
                   f"{case.stride}) + 1)")
        raise AssertionError(f"{call} returned the wrong shape: expected {expected.shape} (n, out_h, out_w, "
                             f"filters), got {got.shape}; out_h x out_w = {formula} = {oh} x {ow}")
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


@given(conv_cases(channels=(1, 2), filters=(1, 2), strides=(1, 2), paddings=("valid", "same"), kernel=(2, 4)))
def test_conv2d_no_kernel_flip(learner, reference, case):
    # A single 1 shows the kernel: cross-correlation returns it rotated by 180 degrees, a flipped
    # kernel (textbook convolution) returns it as it is.
    x = np.zeros((1, 5, 5, 1))
    x[0, 2, 2, 0] = 1.0
    W = np.arange(1.0, 10.0).reshape(3, 3, 1, 1)
    call = "conv2d_forward(x, W, b=[0.0], padding='same') with a single 1 at the centre of a 5x5 x and W = 1..9"
    got = as_numeric(learner.conv2d_forward(x, W, np.zeros(1), padding="same"), call)
    flipped = np.zeros((1, 5, 5, 1))
    flipped[0, 1:4, 1:4, 0] = W[:, :, 0, 0]
    if got.shape == flipped.shape and np.allclose(got, flipped):
        raise AssertionError(f"{call} flipped the kernel (a textbook convolution): the output around the 1 is W "
                             f"itself. Conv2D and tf.nn.conv2d compute cross-correlation, multiplying x[i + p, j + q] "
                             f"by W[p, q] without flipping, so here the output is W rotated by 180 degrees.")
    assert_close(got, reference.conv2d_forward(x, W, np.zeros(1), 1, "same"), call=call, float_result=True)
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
        call = f"{text} with x of shape {x.shape} ({case.dtype})"
        got = as_numeric(function(x, *args, **kwargs), call)
        expected = getattr(reference, name)(x, p, s)
        step = p if s is None else s
        if got.shape != expected.shape:
            if s is None and got.shape == getattr(reference, name)(x, p, 1).shape:
                raise AssertionError(f"{call} returned shape {got.shape}, the stride-1 result; expected "
                                     f"{expected.shape}: stride=None means stride = pool_size ({p}), "
                                     f"non-overlapping windows")
            partial = (case.batch, math.ceil(max(case.h - p, 0) / step) + 1, math.ceil(max(case.w - p, 0) / step) + 1,
                       case.c)
            if got.shape == partial:
                raise AssertionError(f"{call} returned shape {got.shape}, counting windows that run past the edge; "
                                     f"expected {expected.shape}: valid padding keeps only windows that fit, "
                                     f"floor((h - pool_size) / stride) + 1 of them")
        elif name == "avg_pool2d" and p > 1:
            explain(got, [(lambda: expected * p, f"divided the window sums by pool_size ({p}) instead of the "
                                                 f"{p * p} values in each {p}x{p} window")], call)
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
