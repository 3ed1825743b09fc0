"""Checks for exercise02: activation functions (활성화 함수)."""
import numpy as np
from hypothesis import example, given, strategies as st

from grader.checklib.compare import assert_close, assert_equal, expect_no_warnings
from grader.checklib.strategies import float_arrays

STABILITY_ADVICE = ("np.exp overflows for arguments above ~709; rewrite the formula so it never exponentiates a "
                    "large positive number (np.where evaluates both branches, so it does not help).")
ANY_SHAPE = float_arrays(bound=20.0, max_dims=3)
EXTREMES = st.sampled_from([-1e4, -1000.0, -710.0, -100.0, -1.0, 0.0, 1.0, 100.0, 710.0, 1000.0, 1e4])
LARGE = st.lists(EXTREMES, min_size=1, max_size=8).map(lambda v: np.array(v, dtype=np.float64))


def assert_activation(learner, reference, name, z, **kwargs):
    """Call ``name`` on the learner and the reference and compare as floats, without warnings."""
    call = f"{name}(z)" if not kwargs else f"{name}(z, {', '.join(f'{k}={v}' for k, v in kwargs.items())})"
    call += f" with z of shape {np.shape(z)} and dtype {np.asarray(z).dtype}"
    got = getattr(learner, name)(z, **kwargs)
    assert_close(got, getattr(reference, name)(z, **kwargs), call=call, float_result=True)
    return call


@given(ANY_SHAPE)
@example(np.float64(0.5))
def test_sigmoid(learner, reference, z):
    assert_activation(learner, reference, "sigmoid", z)


@given(LARGE)
@example(np.array([-1000.0, 0.0, 1000.0]))
def test_sigmoid_stable(learner, reference, z):
    call = assert_activation(learner, reference, "sigmoid", z)
    expect_no_warnings(learner, call, STABILITY_ADVICE)


@given(st.one_of(ANY_SHAPE, LARGE))
def test_tanh(learner, reference, z):
    call = assert_activation(learner, reference, "tanh", z)
    expect_no_warnings(learner, call, STABILITY_ADVICE)


@given(ANY_SHAPE)
def test_relu(learner, reference, z):
    assert_activation(learner, reference, "relu", z)


@st.composite
def array_and_axis(draw, bound=20.0):
    """A float array of at least one dimension and a valid (possibly negative) axis."""
    z = draw(float_arrays(bound=bound, min_dims=1, max_dims=3, min_side=1))
    return z, draw(st.integers(-z.ndim, z.ndim - 1))


@given(array_and_axis())
@example((np.arange(6.0).reshape(2, 3), 0))
def test_softmax(learner, reference, case):
    z, axis = case
    call = assert_activation(learner, reference, "softmax", z, axis=axis)
    sums = np.sum(learner.softmax(z, axis=axis), axis=axis)
    assert_close(sums, np.ones_like(sums), call=f"the sums along axis {axis} of {call}")


@given(LARGE.map(lambda v: v.reshape(1, -1)))
@example(np.array([[1000.0, 1000.0]]))
@example(np.array([[-1000.0, -1000.0, -999.0]]))
def test_softmax_stable(learner, reference, z):
    call = assert_activation(learner, reference, "softmax", z, axis=-1)
    expect_no_warnings(learner, call, "Subtract the maximum along the axis before np.exp.")


@given(st.one_of(ANY_SHAPE, LARGE), st.sampled_from(["sigmoid_grad", "tanh_grad"]))
def test_sigmoid_tanh_grad(learner, reference, z, name):
    call = assert_activation(learner, reference, name, z)
    expect_no_warnings(learner, call, STABILITY_ADVICE)


@given(float_arrays(bound=3.0, max_dims=2) | st.just(np.array([-1.0, 0.0, 1.0])))
@example(np.array([0.0]))
def test_relu_grad(learner, reference, z):
    z = np.round(z)  # whole numbers make exact zeros, where the two conventions differ, likely
    call = assert_activation(learner, reference, "relu_grad", z)
    assert_equal(learner.relu_grad(z), reference.relu_grad(z), call=call)
