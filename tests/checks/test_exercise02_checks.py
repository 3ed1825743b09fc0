"""exercise02 checks reject typical mistakes and accept other correct implementations."""
import pytest

from conftest import assert_accepted, assert_rejected

WRONG = {
    "naive sigmoid overflows": (["sigmoid_stable"], "sigmoid", """
        def sigmoid(z):
            return 1 / (1 + np.exp(-np.asarray(z, dtype=float)))
    """),
    "softmax without max subtraction": (["softmax_stable"], "softmax", """
        def softmax(z, axis=-1):
            e = np.exp(z)
            return e / e.sum(axis=axis, keepdims=True)
    """),
    "softmax over the wrong axis": (["softmax"], "softmax", """
        def softmax(z, axis=-1):
            e = np.exp(z - z.max(axis=0, keepdims=True))
            return e / e.sum(axis=0, keepdims=True)
    """),
    "relu in place": (["relu"], "in place", """
        def relu(z):
            z = np.asarray(z)
            z[z < 0] = 0
            return z
    """),
    "relu_grad(0) == 1": (["relu_grad"], "relu_grad", """
        def relu_grad(z):
            return (np.asarray(z) >= 0).astype(float)
    """),
}


@pytest.mark.parametrize("name", WRONG)
def test_rejects(grade, name):
    checks, mention, code = WRONG[name]
    assert_rejected(grade("exercise02", code, checks=checks), checks, [mention])


def test_accepts_reference(grade):
    assert_accepted(grade("exercise02"))
