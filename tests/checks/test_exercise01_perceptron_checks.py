"""exercise01 checks reject typical mistakes and accept other correct implementations."""
import pytest

from conftest import assert_accepted, assert_learner_traceback, assert_rejected
from grader import catalog

# name: (check ids that must fail, word the message must contain, code appended to the solution)
WRONG = {
    "weighted_sum without the bias": (["weighted_sum_single", "weighted_sum_batch"], "weighted_sum", """
        def weighted_sum(x, w, b):
            z = np.asarray(x) @ np.asarray(w)
            return float(z) if z.ndim == 0 else z
    """),
    "weighted_sum with np.sum over everything": (["weighted_sum_batch"], "weighted_sum", """
        def weighted_sum(x, w, b):
            return float(np.sum(np.asarray(x) * np.asarray(w)) + b)
    """),
    "weighted_sum of a batch as a column (n, 1)": (["weighted_sum_batch"], "weighted_sum", """
        def weighted_sum(x, w, b):
            x = np.asarray(x)
            if x.ndim == 1:
                return float(x @ w + b)
            return x @ np.asarray(w).reshape(-1, 1) + b
    """),
    "weighted_sum of one sample as a 1-element array": (["weighted_sum_single"], "weighted_sum", """
        def weighted_sum(x, w, b):
            return np.atleast_1d(np.asarray(x) @ np.asarray(w) + b)
    """),
    "step with > instead of >=": (["step"], "step", """
        def step(z):
            return (np.asarray(z) > 0).astype(int)
    """),
    "step returning booleans": (["step"], "step", """
        def step(z):
            return np.asarray(z) >= 0
    """),
    "step returning floats (np.heaviside)": (["step"], "step", """
        def step(z):
            return np.heaviside(z, 1.0)
    """),
    "predict returning floats": (["predict"], "predict", """
        def predict(X, w, b):
            return np.where(weighted_sum(X, w, b) >= 0, 1.0, 0.0)
    """),
    "predict with > instead of >=": (["predict"], "predict", """
        def predict(X, w, b):
            return (weighted_sum(X, w, b) > 0).astype(int)
    """),
    "perceptron_update with the error sign flipped": (["perceptron_update"], "perceptron_update", """
        def perceptron_update(w, b, x, y, lr):
            error = int(step(weighted_sum(x, w, b))) - y
            return w + lr * error * np.asarray(x), b + lr * error
    """),
    "perceptron_update changing w in place": (["perceptron_update"], "perceptron_update", """
        def perceptron_update(w, b, x, y, lr):
            error = y - int(step(weighted_sum(x, w, b)))
            w += lr * error * np.asarray(x)
            return w, b + lr * error
    """),
    "perceptron_update with the raw sum instead of the step": (["perceptron_update"], "perceptron_update", """
        def perceptron_update(w, b, x, y, lr):
            error = y - weighted_sum(x, w, b)
            return w + lr * error * np.asarray(x), b + lr * error
    """),
    "perceptron_update forgetting the bias": (["perceptron_update"], "perceptron_update", """
        def perceptron_update(w, b, x, y, lr):
            error = y - int(step(weighted_sum(x, w, b)))
            return w + lr * error * np.asarray(x), b
    """),
    "training that never updates b": (["train_learns_gates", "train_matches_reference"], "train_perceptron", """
        def train_perceptron(X, y, lr=0.1, epochs=100):
            X, y = np.asarray(X, dtype=float), np.asarray(y)
            w, b = np.zeros(X.shape[1]), 0.0
            for _ in range(epochs):
                for xi, yi in zip(X, y):
                    w, _ = perceptron_update(w, b, xi, yi, lr)
            return w, b
    """),
    "training that returns inside the epoch loop (one epoch)": (
        ["train_learns_gates", "train_matches_reference"], "train_perceptron", """
        def train_perceptron(X, y, lr=0.1, epochs=100):
            X, y = np.asarray(X, dtype=float), np.asarray(y)
            w, b = np.zeros(X.shape[1]), 0.0
            for _ in range(epochs):
                for xi, yi in zip(X, y):
                    w, b = perceptron_update(w, b, xi, yi, lr)
                return w, b
    """),
    "training that shuffles the samples": (["train_matches_reference"], "train_perceptron", """
        def train_perceptron(X, y, lr=0.1, epochs=100):
            X, y = np.asarray(X, dtype=float), np.asarray(y)
            rng = np.random.default_rng(0)
            w, b = np.zeros(X.shape[1]), 0.0
            for _ in range(epochs):
                mistakes = 0
                for i in rng.permutation(len(X)):
                    mistakes += int(predict(X[i:i + 1], w, b)[0] != y[i])
                    w, b = perceptron_update(w, b, X[i], y[i], lr)
                if mistakes == 0:
                    break
            return w, b
    """),
    "training that starts from random weights": (["train_matches_reference"], "train_perceptron", """
        def train_perceptron(X, y, lr=0.1, epochs=100):
            X, y = np.asarray(X, dtype=float), np.asarray(y)
            w, b = np.random.default_rng(0).normal(size=X.shape[1]), 0.0
            for _ in range(epochs):
                mistakes = 0
                for xi, yi in zip(X, y):
                    mistakes += int(step(weighted_sum(xi, w, b)) != yi)
                    w, b = perceptron_update(w, b, xi, yi, lr)
                if mistakes == 0:
                    break
            return w, b
    """),
    "training that starts from ones": (["train_matches_reference"], "train_perceptron", """
        def train_perceptron(X, y, lr=0.1, epochs=100):
            X, y = np.asarray(X, dtype=float), np.asarray(y)
            w, b = np.ones(X.shape[1]), 1.0
            for _ in range(epochs):
                mistakes = 0
                for xi, yi in zip(X, y):
                    mistakes += int(step(weighted_sum(xi, w, b)) != yi)
                    w, b = perceptron_update(w, b, xi, yi, lr)
                if mistakes == 0:
                    break
            return w, b
    """),
    "training that runs epochs + 1 epochs": (["train_matches_reference"], "train_perceptron", """
        def train_perceptron(X, y, lr=0.1, epochs=100):
            X, y = np.asarray(X, dtype=float), np.asarray(y)
            w, b = np.zeros(X.shape[1]), 0.0
            for _ in range(epochs + 1):
                for xi, yi in zip(X, y):
                    w, b = perceptron_update(w, b, xi, yi, lr)
            return w, b
    """),
    "training that runs epochs - 1 epochs": (["train_matches_reference"], "train_perceptron", """
        def train_perceptron(X, y, lr=0.1, epochs=100):
            X, y = np.asarray(X, dtype=float), np.asarray(y)
            w, b = np.zeros(X.shape[1]), 0.0
            for _ in range(1, epochs):
                for xi, yi in zip(X, y):
                    w, b = perceptron_update(w, b, xi, yi, lr)
            return w, b
    """),
    "training that stops at the first correctly classified sample": (
        ["train_matches_reference"], "train_perceptron", """
        def train_perceptron(X, y, lr=0.1, epochs=100):
            X, y = np.asarray(X, dtype=float), np.asarray(y)
            w, b = np.zeros(X.shape[1]), 0.0
            for _ in range(epochs):
                for xi, yi in zip(X, y):
                    if step(weighted_sum(xi, w, b)) == yi:
                        return w, b
                    w, b = perceptron_update(w, b, xi, yi, lr)
            return w, b
    """),
    "training that stops after the first epoch with mistakes": (
        ["train_matches_reference"], "train_perceptron", """
        def train_perceptron(X, y, lr=0.1, epochs=100):
            X, y = np.asarray(X, dtype=float), np.asarray(y)
            w, b = np.zeros(X.shape[1]), 0.0
            for _ in range(epochs):
                mistakes = 0
                for xi, yi in zip(X, y):
                    mistakes += int(step(weighted_sum(xi, w, b)) != yi)
                    w, b = perceptron_update(w, b, xi, yi, lr)
                if mistakes > 0:
                    break
            return w, b
    """),
    "batch perceptron (one summed update per epoch)": (["train_matches_reference"], "train_perceptron", """
        def train_perceptron(X, y, lr=0.1, epochs=100):
            X, y = np.asarray(X, dtype=float), np.asarray(y)
            w, b = np.zeros(X.shape[1]), 0.0
            for _ in range(epochs):
                error = y - predict(X, w, b)
                if not error.any():
                    break
                w, b = w + lr * error @ X, b + lr * error.sum()
            return w, b
    """),
    "training that ignores lr": (["train_matches_reference"], "train_perceptron", """
        def train_perceptron(X, y, lr=0.1, epochs=100):
            X, y = np.asarray(X, dtype=float), np.asarray(y)
            w, b = np.zeros(X.shape[1]), 0.0
            for _ in range(epochs):
                mistakes = 0
                for xi, yi in zip(X, y):
                    mistakes += int(step(weighted_sum(xi, w, b)) != yi)
                    w, b = perceptron_update(w, b, xi, yi, 0.1)
                if mistakes == 0:
                    break
            return w, b
    """),
}


@pytest.mark.parametrize("name", WRONG)
def test_rejects(grade, name):
    checks, mention, code = WRONG[name]
    assert_rejected(grade("exercise01", code, checks=checks), checks, [mention])


def test_every_check_rejects_something():
    covered = {check_id for checks, _, _ in WRONG.values() for check_id in checks}
    assert covered == {c.id for c in catalog.resolve("exercise01").checks}


ALTERNATIVES = {
    "loops, no vectorisation, no early stop": """
        import numpy as np

        def weighted_sum(x, w, b):
            x = np.asarray(x, dtype=float)
            if x.ndim == 1:
                total = float(b)
                for xi, wi in zip(x, w):
                    total += xi * wi
                return total
            return np.array([weighted_sum(row, w, b) for row in x])

        def step(z):
            z = np.asarray(z)
            out = np.zeros(z.shape, dtype=int)
            for index in np.ndindex(z.shape):
                if z[index] >= 0:
                    out[index] = 1
            return out

        def predict(X, w, b):
            return np.array([int(weighted_sum(row, w, b) >= 0) for row in np.asarray(X)], dtype=int)

        def perceptron_update(w, b, x, y, lr):
            prediction = 1 if weighted_sum(x, w, b) >= 0 else 0
            error = y - prediction
            new_w = [wi + lr * error * xi for wi, xi in zip(w, x)]
            return np.array(new_w), b + lr * error

        def train_perceptron(X, y, lr=0.1, epochs=100):
            # Without an early stop: after an epoch without mistakes nothing changes any more.
            w, b = np.zeros(len(X[0])), 0.0
            for _ in range(epochs):
                for i in range(len(X)):
                    w, b = perceptron_update(w, b, X[i], y[i], lr)
            return w, b
    """,
    "float32 arithmetic and np.where / np.dot": """
        import numpy as np

        def weighted_sum(x, w, b):
            z = np.dot(np.asarray(x, dtype=np.float32), np.asarray(w, dtype=np.float32)) + np.float32(b)
            return float(z) if np.ndim(z) == 0 else z

        def step(z):
            return np.where(np.asarray(z) >= 0, 1, 0).astype(np.int32)

        def predict(X, w, b):
            return step(weighted_sum(X, w, b))

        def perceptron_update(w, b, x, y, lr):
            w = np.asarray(w, dtype=np.float32)
            error = np.float32(y - step(weighted_sum(x, w, b)))
            return w + np.float32(lr) * error * np.asarray(x, dtype=np.float32), float(b + lr * error)

        def train_perceptron(X, y, lr=0.1, epochs=100):
            X = np.asarray(X, dtype=np.float32)
            w, b = np.zeros(X.shape[1], dtype=np.float32), 0.0
            epoch = 0
            converged = False
            while epoch < epochs and not converged:
                converged = True
                for xi, yi in zip(X, y):
                    if predict(xi[None, :], w, b)[0] != yi:
                        converged = False
                        w, b = perceptron_update(w, b, xi, yi, lr)
                epoch += 1
            return w, b
    """,
    "heaviside step, stop when the whole set is classified": """
        import numpy as np

        def weighted_sum(x, w, b):
            return np.dot(x, w) + b

        def step(z):
            return np.heaviside(z, 1).astype(np.int8)

        def predict(X, w, b):
            return step(weighted_sum(X, w, b)).astype(int)

        def perceptron_update(w, b, x, y, lr):
            error = y - predict(np.atleast_2d(x), w, b)[0]
            return np.add(w, lr * error * np.asarray(x)), b + lr * error

        def train_perceptron(X, y, lr=0.1, epochs=100):
            w, b = np.zeros(np.shape(X)[1]), 0.0
            for _ in range(epochs):
                if np.array_equal(predict(X, w, b), y):
                    break  # the epoch would make no mistakes
                for xi, yi in zip(X, y):
                    w, b = perceptron_update(w, b, xi, yi, lr)
            return w, b
    """,
}


@pytest.mark.parametrize("name", ALTERNATIVES)
def test_accepts_alternative(grade, name):
    assert_accepted(grade("exercise01", ALTERNATIVES[name], base=None))


def test_error_names_the_learner_line(grade):
    code = """
        def step(z):
            return (np.asarray(z) >= 0).astype(integer)
    """
    outcome = grade("exercise01", code, checks=["step"]).get("step")
    assert outcome.status == "error", outcome.message
    assert_learner_traceback(outcome.message, "exercise01", code, ".astype(integer)", "NameError")


def test_stub_is_not_started(grade):
    result = grade("exercise01", base="stub")
    assert {c.status for c in result.checks} == {"not_started"}, [(c.id, c.status) for c in result.checks]


STRICT_TRAINING = """
    def train_perceptron(X, y, lr=0.1, epochs=100):
        X, y = np.asarray(X, dtype=float), np.asarray(y)
        w, b = np.zeros(X.shape[1]), 0.0
        for _ in range(epochs):
            mistakes = 0
            for xi, yi in zip(X, y):
                error = yi - int(xi @ w + b > 0)
                if error:
                    mistakes += 1
                    w, b = w + lr * error * xi, b + lr * error
            if mistakes == 0:
                break
        return w, b
"""


def test_training_with_a_strict_step_is_named(grade):
    """predict is right, but training decides mistakes with z > 0: say which step rule gave the numbers."""
    result = grade("exercise01", STRICT_TRAINING, checks=["predict", "train_learns_gates", "train_matches_reference"])
    assert result.get("predict").status == "passed"
    assert_rejected(result, ["train_matches_reference"], ["fires only where x @ w + b > 0", "z = 0"])
    assert result.get("train_matches_reference").hint is None
    gates = result.get("train_learns_gates")
    if gates.status != "passed":
        assert "with the contract's step (1 where x @ w + b >= 0)" in gates.message and gates.hint is None
