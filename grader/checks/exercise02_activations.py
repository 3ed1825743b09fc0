"""Checks for exercise02: activation functions (활성화 함수)."""
import numpy as np
from hypothesis import example, given, strategies as st
from hypothesis.extra import numpy as hnp

from grader.checklib.compare import assert_close, assert_equal, expect_no_warnings, tolerance
from grader.checklib.strategies import float_arrays, shapes
from grader.checklib.verdicts import Observed
from grader.i18n import t
from grader.sandbox.faults import LearnerException

ANY_SHAPE = float_arrays(bound=20.0, max_dims=3)
# The contract: integer input gives float output (np.maximum(z, 0) or np.empty_like(z) would keep integers).
INTEGERS = hnp.arrays(np.int64, shapes(max_dims=2, max_side=4), elements=st.integers(-20, 20))
ANY_INPUT = st.one_of(ANY_SHAPE, INTEGERS)
EXTREMES = st.sampled_from([-1e4, -1000.0, -710.0, -100.0, -1.0, 0.0, 1.0, 100.0, 710.0, 1000.0, 1e4])
LARGE = st.lists(EXTREMES, min_size=1, max_size=8).map(lambda v: np.array(v, dtype=np.float64))


def with_input(call, z):
    """'sigmoid(z) with z of shape (2, 3) and dtype float32', or '... with z = 0.5 (a Python float)'."""
    if isinstance(z, (np.ndarray, np.generic)):
        return t("exercise02_activations.with_array", call=call, shape=z.shape, dtype=z.dtype)
    return t("exercise02_activations.with_scalar", call=call, value=repr(z), type=type(z).__name__)


def expect_stable(learner, call):
    """Fail if the learner's last call warned (an overflow in np.exp), with advice on the stable formula."""
    expect_no_warnings(learner, call, t("exercise02_activations.stability_advice"))


def assert_activation(learner, reference, name, z, **kwargs):
    """Call ``name`` on the learner and the reference and compare as floats, without warnings."""
    arguments = "".join(f", {k}={v}" for k, v in kwargs.items())
    call = with_input(f"{name}(z{arguments})", z)
    got = getattr(learner, name)(z, **kwargs)
    want = getattr(reference, name)(z, **kwargs)
    # The reference keeps float32 input float32, so it is only float32-accurate there: a learner who
    # computes in float64 (np.asarray(z, dtype=float)) is compared within float32's tolerance too.
    rtol, atol = tolerance(np.float32) if np.asarray(want).dtype == np.float32 else (None, None)
    assert_close(got, want, call=call, float_result=True, rtol=rtol, atol=atol)
    return call


@given(ANY_INPUT)
@example(np.float64(0.5))
@example(-2.0)
def test_sigmoid(learner, reference, z):
    assert_activation(learner, reference, "sigmoid", z)


@given(LARGE)
@example(np.array([-1000.0, 0.0, 1000.0]))
def test_sigmoid_stable(learner, reference, z):
    call = assert_activation(learner, reference, "sigmoid", z)
    expect_stable(learner, call)


@given(st.one_of(ANY_INPUT, LARGE))
def test_tanh(learner, reference, z):
    call = assert_activation(learner, reference, "tanh", z)
    expect_stable(learner, call)


@given(ANY_INPUT)
@example(np.array([-2, 0, 3]))
@example(3)
def test_relu(learner, reference, z):
    assert_activation(learner, reference, "relu", z)


@st.composite
def array_and_axis(draw, bound=20.0):
    """A float array of at least one dimension and a valid (possibly negative) axis."""
    z = draw(float_arrays(bound=bound, min_dims=1, max_dims=3, min_side=1))
    return z, draw(st.integers(-z.ndim, z.ndim - 1))


def expect_empty_softmax(learner, reference, z, axis):
    """An empty array (the contract: any shape of at least one dimension) gives an empty array back."""
    call = with_input(f"softmax(z, axis={axis})", z)
    try:
        got = learner.softmax(z, axis=axis)
    except LearnerException as exc:
        raise Observed(t("exercise02_activations.empty_raised", call=call, error=exc.learner_type)) from None
    assert_close(got, reference.softmax(z, axis=axis), call=call, float_result=True)


@given(array_and_axis())
@example((np.arange(6.0).reshape(2, 3), 0))
@example((np.zeros((2, 0)), -1))
@example((np.zeros((0, 3)), -1))
@example((np.zeros((3, 0, 2), dtype=np.float32), 1))
def test_softmax(learner, reference, case):
    z, axis = case
    if z.size == 0:
        return expect_empty_softmax(learner, reference, z, axis)
    call = assert_activation(learner, reference, "softmax", z, axis=axis)
    sums = np.sum(learner.softmax(z, axis=axis), axis=axis)
    assert_close(sums, np.ones_like(sums), call=t("exercise02_activations.sums", axis=axis, call=call))


@st.composite
def large_scores(draw):
    """Rows of extreme scores (rows at different scales: the maximum must be taken per slice) and an axis."""
    rows, cols = draw(st.integers(1, 3)), draw(st.integers(1, 5))
    z = np.array(draw(st.lists(st.lists(EXTREMES, min_size=cols, max_size=cols), min_size=rows, max_size=rows)))
    return z, draw(st.sampled_from([-1, 0]))


@given(large_scores())
@example((np.array([[1000.0, 1000.0]]), -1))
@example((np.array([[-1000.0, -1000.0, -999.0]]), -1))
@example((np.array([[0.0, 0.0], [-1000.0, -1000.0]]), -1))
def test_softmax_stable(learner, reference, case):
    z, axis = case
    call = assert_activation(learner, reference, "softmax", z, axis=axis)
    expect_no_warnings(learner, call, t("exercise02_activations.softmax_advice"))


@given(st.one_of(ANY_INPUT, LARGE), st.sampled_from(["sigmoid_grad", "tanh_grad"]))
def test_sigmoid_tanh_grad(learner, reference, z, name):
    call = assert_activation(learner, reference, name, z)
    expect_stable(learner, call)


@given(float_arrays(bound=3.0, max_dims=2).map(np.round) | st.just(np.array([-1.0, 0.0, 1.0])) | INTEGERS)
@example(np.array([0.0]))
def test_relu_grad(learner, reference, z):
    # Whole numbers (rounded floats, integers) make exact zeros, where the two conventions differ, likely.
    call = assert_activation(learner, reference, "relu_grad", z)
    assert_equal(learner.relu_grad(z), reference.relu_grad(z), call=call)
