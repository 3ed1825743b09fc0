"""Checks for exercise01: batch normalisation forward and backward (a gradient check for the backward pass)."""
import numpy as np
from hypothesis import given, strategies as st
from hypothesis.extra import numpy as hnp

from grader.checklib.compare import assert_close, expect_tuple
from grader.checklib.gradients import numerical_gradient
from grader.i18n import t

FEATURES = st.floats(-10, 10, allow_nan=False, width=64)
# A batch of 2 to 6 rows and 1 to 4 features, a positive scale and any shift per feature.
BATCHES = st.tuples(st.integers(2, 6), st.integers(1, 4)).flatmap(lambda shape: st.tuples(
    hnp.arrays(np.float64, shape, elements=FEATURES),
    hnp.arrays(np.float64, shape[1:], elements=st.floats(0.5, 2.0)),
    hnp.arrays(np.float64, shape[1:], elements=st.floats(-1.0, 1.0))))


@given(BATCHES)
def test_forward(learner, reference, batch):
    x, gamma, beta = batch
    call = t("exercise01_batchnorm.call", name="batchnorm_forward", shape=x.shape)
    assert_close(learner.batchnorm_forward(x, gamma, beta), reference.batchnorm_forward(x, gamma, beta), call=call,
                 float_result=True)


@given(BATCHES, st.integers(0, 2**32 - 1))
def test_backward(learner, reference, batch, seed):
    x, gamma, beta = batch
    dout = np.random.default_rng(seed).normal(size=x.shape)
    call = t("exercise01_batchnorm.call", name="batchnorm_backward", shape=x.shape)
    dx, dgamma, dbeta = expect_tuple(learner.batchnorm_backward(dout, x, gamma), 3, call, "dx, dgamma, dbeta")
    # The gradient check: centred differences of sum(dout * forward(x)), computed here with the reference.
    loss = lambda arrays: float(np.sum(dout * reference.batchnorm_forward(arrays["x"], gamma, beta)))
    assert_close(dx, numerical_gradient(loss, {"x": x.copy()}, "x"), call=call + " (dx)", rtol=1e-4, atol=1e-5)
    _, want_dgamma, want_dbeta = reference.batchnorm_backward(dout, x, gamma)
    assert_close(dgamma, want_dgamma, call=call + " (dgamma)")
    assert_close(dbeta, want_dbeta, call=call + " (dbeta)")
