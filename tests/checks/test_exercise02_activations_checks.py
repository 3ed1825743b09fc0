"""exercise02 checks reject typical mistakes and accept other correct implementations."""
import pytest

from conftest import assert_accepted, assert_learner_traceback, assert_rejected
from grader import catalog

# name: (check ids that must fail, word the message must contain, code appended to the solution)
WRONG = {
    "stable sigmoid with the two branches swapped": (["sigmoid"], "sigmoid", """
        def sigmoid(z):
            z = np.asarray(z, dtype=float)
            e = np.exp(-np.abs(z))
            return np.where(z >= 0, e / (1 + e), 1 / (1 + e))
    """),
    "sigmoid with math.exp over the flattened array": (["sigmoid"], "sigmoid", """
        import math

        def sigmoid(z):
            return np.array([1 / (1 + math.exp(-v)) for v in np.ravel(z)])
    """),
    "sigmoid into np.empty_like (integers stay integers)": (["sigmoid"], "sigmoid", """
        def sigmoid(z):
            z = np.asarray(z)
            out = np.empty_like(z)
            positive = z >= 0
            out[positive] = 1 / (1 + np.exp(-z[positive]))
            e = np.exp(z[~positive])
            out[~positive] = e / (1 + e)
            return out
    """),
    "naive sigmoid overflows": (["sigmoid_stable"], "sigmoid", """
        def sigmoid(z):
            return 1 / (1 + np.exp(-np.asarray(z, dtype=float)))
    """),
    "np.where sigmoid evaluates the overflowing branch": (["sigmoid_stable"], "sigmoid", """
        def sigmoid(z):
            z = np.asarray(z, dtype=float)
            return np.where(z >= 0, 1 / (1 + np.exp(-z)), np.exp(z) / (1 + np.exp(z)))
    """),
    "naive tanh gives nan": (["tanh"], "tanh", """
        def tanh(z):
            z = np.asarray(z, dtype=float)
            return (np.exp(z) - np.exp(-z)) / (np.exp(z) + np.exp(-z))
    """),
    "tanh via exp(-2z) overflows for negative z": (["tanh"], "tanh", """
        def tanh(z):
            e = np.exp(-2 * np.asarray(z, dtype=float))
            return (1 - e) / (1 + e)
    """),
    "relu in place": (["relu"], "in place", """
        def relu(z):
            z = np.asarray(z)
            z[z < 0] = 0
            return z
    """),
    "relu keeps integer input integer": (["relu"], "relu", """
        def relu(z):
            return np.maximum(z, 0)
    """),
    "relu by mask multiplication keeps integers": (["relu"], "relu", """
        def relu(z):
            z = np.asarray(z)
            return z * (z > 0)
    """),
    "softmax over the wrong axis": (["softmax"], "softmax", """
        def softmax(z, axis=-1):
            e = np.exp(z - z.max(axis=0, keepdims=True))
            return e / e.sum(axis=0, keepdims=True)
    """),
    "softmax over all elements": (["softmax"], "softmax", """
        def softmax(z, axis=-1):
            e = np.exp(z - np.max(z))
            return e / e.sum()
    """),
    "softmax sum without keepdims": (["softmax"], "softmax", """
        def softmax(z, axis=-1):
            e = np.exp(z - np.max(z, axis=axis, keepdims=True))
            return e / e.sum(axis=axis)
    """),
    "textbook softmax that fails on an empty array": (["softmax"], "an empty array has nothing to normalise", """
        def softmax(z, axis=-1):
            z = np.asarray(z, dtype=float)
            e = np.exp(z - np.max(z, axis=axis, keepdims=True))
            return e / np.sum(e, axis=axis, keepdims=True)
    """),
    "softmax without max subtraction": (["softmax_stable"], "softmax", """
        def softmax(z, axis=-1):
            e = np.exp(z)
            return e / e.sum(axis=axis, keepdims=True)
    """),
    "softmax subtracting one maximum of the whole array": (["softmax_stable"], "softmax", """
        def softmax(z, axis=-1):
            e = np.exp(z - np.max(z))
            return e / e.sum(axis=axis, keepdims=True)
    """),
    "sigmoid_grad as s * (1 + s)": (["sigmoid_tanh_grad"], "sigmoid_grad", """
        def sigmoid_grad(z):
            s = sigmoid(z)
            return s * (1 + s)
    """),
    "sigmoid_grad treating z as the sigmoid output": (["sigmoid_tanh_grad"], "sigmoid_grad", """
        def sigmoid_grad(z):
            z = np.asarray(z, dtype=float)
            return z * (1 - z)
    """),
    "sigmoid_grad from the naive formula overflows": (["sigmoid_tanh_grad"], "sigmoid_grad", """
        def sigmoid_grad(z):
            e = np.exp(-np.asarray(z, dtype=float))
            return e / (1 + e) ** 2
    """),
    "tanh_grad as 1 - tanh(z)": (["sigmoid_tanh_grad"], "tanh_grad", """
        def tanh_grad(z):
            return 1 - tanh(z)
    """),
    "relu_grad(0) == 1": (["relu_grad"], "relu_grad", """
        def relu_grad(z):
            return (np.asarray(z) >= 0).astype(float)
    """),
    "relu_grad returning integers": (["relu_grad"], "relu_grad", """
        def relu_grad(z):
            return (np.asarray(z) > 0).astype(int)
    """),
    "relu_grad returning booleans": (["relu_grad"], "relu_grad", """
        def relu_grad(z):
            return np.asarray(z) > 0
    """),
}


@pytest.mark.parametrize("name", WRONG)
def test_rejects(grade, name):
    checks, mention, code = WRONG[name]
    assert_rejected(grade("exercise02", code, checks=checks), checks, [mention])


def test_every_check_rejects_something():
    covered = {check_id for checks, _, _ in WRONG.values() for check_id in checks}
    assert covered == {c.id for c in catalog.resolve("exercise02").checks}


ALTERNATIVES = {
    # np.asarray(z, dtype=float) turns float32 input into float64: the most common way to start.
    "float64 throughout, softmax via logsumexp": """
        import numpy as np

        def sigmoid(z):
            z = np.asarray(z, dtype=float)
            e = np.exp(-np.abs(z))
            return np.where(z >= 0, 1 / (1 + e), e / (1 + e))

        def tanh(z):
            return np.tanh(np.asarray(z, dtype=float))

        def relu(z):
            return np.maximum(np.asarray(z, dtype=float), 0)

        def softmax(z, axis=-1):
            # exp(z - logsumexp(z)); in float32 the subtraction of two numbers near 1e4 loses digits.
            z = np.asarray(z, dtype=float)
            m = np.max(z, axis=axis, keepdims=True, initial=-np.inf)  # initial: empty arrays too
            log_sum_exp = m + np.log(np.sum(np.exp(z - m), axis=axis, keepdims=True))
            return np.exp(z - log_sum_exp)

        def sigmoid_grad(z):
            s = sigmoid(z)
            return s * (1 - s)

        def tanh_grad(z):
            return 1 - tanh(z) ** 2

        def relu_grad(z):
            return (np.asarray(z, dtype=float) > 0).astype(float)
    """,
    "float32 arithmetic, tanh from sigmoid, clip and heaviside": """
        import numpy as np

        def _f32(z):
            return np.asarray(z, dtype=np.float32)

        def sigmoid(z):
            z = _f32(z)
            e = np.exp(-np.abs(z))
            return np.where(z >= 0, 1 / (1 + e), e / (1 + e)).astype(np.float32)

        def tanh(z):
            return 2 * sigmoid(2 * _f32(z)) - 1

        def relu(z):
            return np.clip(_f32(z), 0, None)

        def softmax(z, axis=-1):
            if np.size(z) == 0:
                return _f32(z)
            e = np.exp(_f32(z) - np.max(_f32(z), axis=axis, keepdims=True))
            return e / np.sum(e, axis=axis, keepdims=True)

        def sigmoid_grad(z):
            s = sigmoid(z)
            return s - s * s

        def tanh_grad(z):
            return 4 * sigmoid_grad(2 * _f32(z))

        def relu_grad(z):
            return np.heaviside(_f32(z), 0)
    """,
    "boolean masks and the symmetric gradient formula": """
        import numpy as np

        def _float(z):
            z = np.asarray(z)
            return z if z.dtype.kind == "f" else z.astype(float)

        def sigmoid(z):
            z = _float(z)
            out = np.empty(z.shape, dtype=z.dtype)
            positive = z >= 0
            out[positive] = 1 / (1 + np.exp(-z[positive]))
            e = np.exp(z[~positive])
            out[~positive] = e / (1 + e)
            return out

        def tanh(z):
            return np.tanh(_float(z))

        def relu(z):
            z = _float(z)
            return z * (z > 0)

        def softmax(z, axis=-1):
            z = np.moveaxis(_float(z), axis, -1)
            shifted = z - z.max(axis=-1, initial=-np.inf)[..., None]
            e = np.exp(shifted)
            return np.moveaxis(e / e.sum(axis=-1)[..., None], -1, axis)

        def sigmoid_grad(z):
            e = np.exp(-np.abs(_float(z)))
            return e / (1 + e) ** 2

        def tanh_grad(z):
            t = tanh(z)
            return (1 - t) * (1 + t)

        def relu_grad(z):
            z = _float(z)
            grad = np.zeros_like(z)
            grad[z > 0] = 1
            return grad
    """,
}


@pytest.mark.parametrize("name", ALTERNATIVES)
def test_accepts_alternative(grade, name):
    assert_accepted(grade("exercise02", ALTERNATIVES[name], base=None))


def test_learner_exception_is_an_error_at_the_learner_line(grade):
    code = """
        def relu(z):
            z = np.asarray(z, dtype=float)
            return np.maximum(z, zero)
    """
    result = grade("exercise02", code, checks=["relu", "sigmoid"])
    outcome = result.get("relu")
    assert outcome.status == "error", outcome.message
    assert "relu" in outcome.message
    assert_learner_traceback(outcome.message, "exercise02", code, "np.maximum(z, zero)", "NameError")
    assert result.get("sigmoid").status == "passed"


def test_stub_is_not_started(grade):
    result = grade("exercise02", base="stub")
    assert {c.status for c in result.checks} == {"not_started"}, [(c.id, c.status) for c in result.checks]
    assert result.score == 0
