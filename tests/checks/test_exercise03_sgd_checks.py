"""exercise03 checks reject typical mistakes and accept other correct implementations."""
import pytest

from conftest import assert_accepted, assert_learner_traceback, assert_rejected
from grader import catalog

ITERATIONS_HEAD = """
    def iterations_per_epoch(n_samples, batch_size, drop_last=False):
        if batch_size < 1 or n_samples < 0:
            raise ValueError("batch_size must be >= 1 and n_samples >= 0")
"""
MINIBATCHES_HEAD = """
    def minibatches(X, y, batch_size, shuffle=True, seed=None):
        X, y = np.asarray(X), np.asarray(y)
        if len(X) != len(y) or batch_size < 1:
            raise ValueError("X and y must have the same length and batch_size must be >= 1")
"""
TRAIN_HEAD = """
    def train_linear_regression(X, y, lr=0.01, epochs=100, batch_size=32, seed=0):
        X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
        w, b = np.zeros(X.shape[1]), 0.0
        rng = np.random.default_rng(seed)
        losses = []
"""


def shaped_training(y_reshape, init):
    """A correct training loop whose y and initial (w, b) take other shapes than the contract's."""
    return f"""
        def train_linear_regression(X, y, lr=0.01, epochs=100, batch_size=32, seed=0):
            X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float){y_reshape}
            w, b = {init}
            rng = np.random.default_rng(seed)
            losses = []
            for _ in range(epochs):
                for xb, yb in minibatches(X, y, batch_size, seed=rng):
                    r = xb @ w + b - yb
                    w, b = w - lr * 2 / len(yb) * xb.T @ r, b - lr * 2 / len(yb) * r.sum()
                losses.append(float(np.mean((X @ w + b - y) ** 2)))
            return w, b, losses
    """


# name: (check ids that must fail, word the message must contain, code appended to the solution)
WRONG = {
    "ceil as int(n / b) + 1": (["iterations_per_epoch"], "iterations_per_epoch", ITERATIONS_HEAD + """
        return n_samples // batch_size if drop_last else int(n_samples / batch_size) + 1
    """),
    "ceil as n // b + 1": (["iterations_per_epoch"], "iterations_per_epoch", ITERATIONS_HEAD + """
        return n_samples // batch_size + (0 if drop_last else 1)
    """),
    "drop_last ignored": (["iterations_per_epoch"], "iterations_per_epoch", ITERATIONS_HEAD + """
        return -(-n_samples // batch_size)
    """),
    "np.ceil returns a float": (["iterations_per_epoch"], "iterations_per_epoch", ITERATIONS_HEAD + """
        return np.floor(n_samples / batch_size) if drop_last else np.ceil(n_samples / batch_size)
    """),
    "float32 division rounds large n": (["iterations_per_epoch"], "iterations_per_epoch", ITERATIONS_HEAD + """
        quotient = np.float32(n_samples) / np.float32(batch_size)
        return int(np.floor(quotient)) if drop_last else int(np.ceil(quotient))
    """),
    "no argument checks": (["iterations_per_epoch_errors"], "iterations_per_epoch", """
        def iterations_per_epoch(n_samples, batch_size, drop_last=False):
            return n_samples // batch_size if drop_last else -(-n_samples // batch_size)
    """),
    "assert instead of ValueError": (["iterations_per_epoch_errors"], "iterations_per_epoch", """
        def iterations_per_epoch(n_samples, batch_size, drop_last=False):
            assert batch_size >= 1 and n_samples >= 0, "bad arguments"
            return n_samples // batch_size if drop_last else -(-n_samples // batch_size)
    """),
    "only batch_size checked": (["iterations_per_epoch_errors"], "iterations_per_epoch", """
        def iterations_per_epoch(n_samples, batch_size, drop_last=False):
            if batch_size < 1:
                raise ValueError("batch_size must be >= 1")
            return n_samples // batch_size if drop_last else -(-n_samples // batch_size)
    """),
    "minibatches dropping the last partial batch": (["minibatches_cover", "minibatches_order"],
                                                    "minibatches", MINIBATCHES_HEAD + """
        order = np.random.default_rng(seed).permutation(len(X)) if shuffle else np.arange(len(X))
        for i in range(len(X) // batch_size):
            index = order[i * batch_size:(i + 1) * batch_size]
            yield X[index], y[index]
    """),
    "X and y shuffled with different permutations": (["minibatches_cover"], "same index order",
                                                     MINIBATCHES_HEAD + """
        rng = np.random.default_rng(seed)
        if shuffle:
            X, y = X[rng.permutation(len(X))], y[rng.permutation(len(y))]
        for i in range(0, len(X), batch_size):
            yield X[i:i + batch_size], y[i:i + batch_size]
    """),
    "rng.shuffle on the caller's arrays": (["minibatches_cover"], "in place", MINIBATCHES_HEAD + """
        if shuffle:
            rng = np.random.default_rng(seed)
            rng.shuffle(X)
            rng.shuffle(y)
        for i in range(0, len(X), batch_size):
            yield X[i:i + batch_size], y[i:i + batch_size]
    """),
    "last batch overlapping the previous one": (["minibatches_cover"], "minibatches", MINIBATCHES_HEAD + """
        order = np.random.default_rng(seed).permutation(len(X)) if shuffle else np.arange(len(X))
        for start in range(0, len(X), batch_size):
            start = min(start, max(len(X) - batch_size, 0))
            yield X[order[start:start + batch_size]], y[order[start:start + batch_size]]
    """),
    "shuffle=False ignored": (["minibatches_order"], "minibatches", MINIBATCHES_HEAD + """
        order = np.random.default_rng(seed).permutation(len(X))
        for i in range(0, len(X), batch_size):
            yield X[order[i:i + batch_size]], y[order[i:i + batch_size]]
    """),
    "seed ignored (global np.random)": (["minibatches_seed"], "minibatches", MINIBATCHES_HEAD + """
        order = np.random.permutation(len(X)) if shuffle else np.arange(len(X))
        for i in range(0, len(X), batch_size):
            yield X[order[i:i + batch_size]], y[order[i:i + batch_size]]
    """),
    "seed ignored (a fixed seed)": (["minibatches_seed"], "minibatches", MINIBATCHES_HEAD + """
        order = np.random.default_rng(42).permutation(len(X)) if shuffle else np.arange(len(X))
        for i in range(0, len(X), batch_size):
            yield X[order[i:i + batch_size]], y[order[i:i + batch_size]]
    """),
    "shuffle=True not shuffling": (["minibatches_seed"], "minibatches", MINIBATCHES_HEAD + """
        for i in range(0, len(X), batch_size):
            yield X[i:i + batch_size], y[i:i + batch_size]
    """),
    "minibatches without argument checks": (["minibatches_errors"], "minibatches", """
        def minibatches(X, y, batch_size, shuffle=True, seed=None):
            order = np.random.default_rng(seed).permutation(len(X)) if shuffle else np.arange(len(X))
            for i in range(0, len(X), batch_size):
                yield X[order[i:i + batch_size]], y[order[i:i + batch_size]]
    """),
    "minibatches checking only the lengths": (["minibatches_errors"], "minibatches", """
        def minibatches(X, y, batch_size, shuffle=True, seed=None):
            if len(X) != len(y):
                raise ValueError("X and y must have the same length")
            order = np.random.default_rng(seed).permutation(len(X)) if shuffle else np.arange(len(X))
            for i in range(0, len(X), batch_size):
                yield X[order[i:i + batch_size]], y[order[i:i + batch_size]]
    """),
    "sgd_step updating the arrays in place": (["sgd_step"], "sgd_step", """
        def sgd_step(params, grads, lr):
            if params.keys() != grads.keys():
                raise ValueError("params and grads must have the same keys")
            for k in params:
                params[k] -= lr * grads[k]
            return params
    """),
    "sgd_step without a key check": (["sgd_step"], "sgd_step", """
        def sgd_step(params, grads, lr):
            return {k: params[k] - lr * grads[k] for k in params}
    """),
    "sgd_step checking only keys of grads": (["sgd_step"], "sgd_step", """
        def sgd_step(params, grads, lr):
            new = {}
            for k in grads:
                if k not in params:
                    raise ValueError(f"no parameter {k}")
                new[k] = params[k] - lr * grads[k]
            return new
    """),
    "sgd_step climbing the gradient": (["sgd_step"], "sgd_step", """
        def sgd_step(params, grads, lr):
            if params.keys() != grads.keys():
                raise ValueError("params and grads must have the same keys")
            return {k: params[k] + lr * grads[k] for k in params}
    """),
    "loss recorded before the epoch's updates": (["train_linear_regression"], "train_linear_regression",
                                                 TRAIN_HEAD + """
        for _ in range(epochs):
            losses.append(float(np.mean((X @ w + b - y) ** 2)))
            for xb, yb in minibatches(X, y, batch_size, seed=rng):
                r = xb @ w + b - yb
                w, b = w - lr * 2 / len(yb) * xb.T @ r, b - lr * 2 / len(yb) * r.sum()
        return w, b, losses
    """),
    "only epochs - 1 losses": (["train_linear_regression"], "train_linear_regression", TRAIN_HEAD + """
        for epoch in range(epochs):
            for xb, yb in minibatches(X, y, batch_size, seed=rng):
                r = xb @ w + b - yb
                w, b = w - lr * 2 / len(yb) * xb.T @ r, b - lr * 2 / len(yb) * r.sum()
            if epoch > 0:
                losses.append(float(np.mean((X @ w + b - y) ** 2)))
        return w, b, losses
    """),
    "loss of the last batch instead of the whole data": (["train_linear_regression"], "train_linear_regression",
                                                         TRAIN_HEAD + """
        for _ in range(epochs):
            for xb, yb in minibatches(X, y, batch_size, seed=rng):
                r = xb @ w + b - yb
                w, b = w - lr * 2 / len(yb) * xb.T @ r, b - lr * 2 / len(yb) * r.sum()
            losses.append(float(np.mean(r ** 2)))
        return w, b, losses
    """),
    "gradient with the wrong sign diverges": (["train_linear_regression"], "train_linear_regression",
                                              TRAIN_HEAD + """
        for _ in range(epochs):
            for xb, yb in minibatches(X, y, batch_size, seed=rng):
                r = yb - (xb @ w + b)
                w, b = w - lr * 2 / len(yb) * xb.T @ r, b - lr * 2 / len(yb) * r.sum()
            losses.append(float(np.mean((X @ w + b - y) ** 2)))
        return w, b, losses
    """),
    "gradient summed, not averaged, over the batch": (["train_linear_regression"], "train_linear_regression",
                                                      TRAIN_HEAD + """
        for _ in range(epochs):
            for xb, yb in minibatches(X, y, batch_size, seed=rng):
                r = xb @ w + b - yb
                w, b = w - lr * 2 * xb.T @ r, b - lr * 2 * r.sum()
            losses.append(float(np.mean((X @ w + b - y) ** 2)))
        return w, b, losses
    """),
    "bias never trained": (["train_linear_regression"], "train_linear_regression", TRAIN_HEAD + """
        for _ in range(epochs):
            for xb, yb in minibatches(X, y, batch_size, seed=rng):
                r = xb @ w + b - yb
                w = w - lr * 2 / len(yb) * xb.T @ r
            losses.append(float(np.mean((X @ w + b - y) ** 2)))
        return w, b, losses
    """),
    "lr ignored (a hard-coded 0.01)": (["train_linear_regression"], "train_linear_regression", TRAIN_HEAD + """
        for _ in range(epochs):
            for xb, yb in minibatches(X, y, batch_size, seed=rng):
                r = xb @ w + b - yb
                w, b = w - 0.01 * 2 / len(yb) * xb.T @ r, b - 0.01 * 2 / len(yb) * r.sum()
            losses.append(float(np.mean((X @ w + b - y) ** 2)))
        return w, b, losses
    """),
    "batch_size ignored (a hard-coded 32)": (["train_linear_regression"], "train_linear_regression",
                                             TRAIN_HEAD + """
        for _ in range(epochs):
            for xb, yb in minibatches(X, y, 32, seed=rng):
                r = xb @ w + b - yb
                w, b = w - lr * 2 / len(yb) * xb.T @ r, b - lr * 2 / len(yb) * r.sum()
            losses.append(float(np.mean((X @ w + b - y) ** 2)))
        return w, b, losses
    """),
    "full-batch gradient descent": (["train_linear_regression"], "train_linear_regression", TRAIN_HEAD + """
        for _ in range(epochs):
            r = X @ w + b - y
            w, b = w - lr * 2 / len(y) * X.T @ r, b - lr * 2 / len(y) * r.sum()
            losses.append(float(np.mean((X @ w + b - y) ** 2)))
        return w, b, losses
    """),
    "batch gradient divided by n instead of the batch size": (["train_linear_regression"],
                                                              "train_linear_regression", TRAIN_HEAD + """
        for _ in range(epochs):
            for xb, yb in minibatches(X, y, batch_size, seed=rng):
                r = xb @ w + b - yb
                w, b = w - lr * 2 / len(y) * xb.T @ r, b - lr * 2 / len(y) * r.sum()
            losses.append(float(np.mean((X @ w + b - y) ** 2)))
        return w, b, losses
    """),
    "one batch per epoch": (["train_linear_regression"], "train_linear_regression", TRAIN_HEAD + """
        for _ in range(epochs):
            for xb, yb in minibatches(X, y, batch_size, seed=rng):
                r = xb @ w + b - yb
                w, b = w - lr * 2 / len(yb) * xb.T @ r, b - lr * 2 / len(yb) * r.sum()
                break
            losses.append(float(np.mean((X @ w + b - y) ** 2)))
        return w, b, losses
    """),
    "b kept as a 1-element array": (["train_linear_regression"], "b of shape (1,)",
                                    shaped_training("", "np.zeros(X.shape[1]), np.zeros(1)")),
    "w as a column and y as (n, 1)": (["train_linear_regression"], "w of shape",
                                      shaped_training(".reshape(-1, 1)", "np.zeros((X.shape[1], 1)), 0.0")),
}


@pytest.mark.parametrize("name", WRONG)
def test_rejects(grade, name):
    checks, mention, code = WRONG[name]
    assert_rejected(grade("exercise03", code, checks=checks), checks, [mention])


def test_every_check_rejects_something():
    covered = {check_id for checks, _, _ in WRONG.values() for check_id in checks}
    assert covered == {c.id for c in catalog.resolve("exercise03").checks}


def test_rejects_sgd_step_returning_the_same_dict(grade):
    code = """
        def sgd_step(params, grads, lr):
            if params.keys() != grads.keys():
                raise ValueError("params and grads must have the same keys")
            for k in params:
                params[k] = params[k] - lr * grads[k]
            return params
    """
    assert_rejected(grade("exercise03", code, checks=["sgd_step"]), ["sgd_step"], ["sgd_step", "in place"])


ALTERNATIVES = {
    "math.ceil, legacy RandomState, a list of batches, 1/m gradient": """
        import math

        import numpy as np

        def iterations_per_epoch(n_samples, batch_size, drop_last=False):
            if batch_size < 1:
                raise ValueError(f"batch_size must be positive, got {batch_size}")
            if n_samples < 0:
                raise ValueError(f"n_samples must be non-negative, got {n_samples}")
            # Exact for the checked range: the fractional part is at least 1/b, far above the rounding error.
            return math.floor(n_samples / batch_size) if drop_last else math.ceil(n_samples / batch_size)

        def minibatches(X, y, batch_size, shuffle=True, seed=None):
            X, y = np.asarray(X), np.asarray(y)
            if X.shape[0] != y.shape[0]:
                raise ValueError("X and y have different lengths")
            if batch_size < 1:
                raise ValueError("batch_size must be positive")
            order = np.random.RandomState(seed).permutation(len(X)) if shuffle else np.arange(len(X))
            return [(X[order[i:i + batch_size]], y[order[i:i + batch_size]])
                    for i in range(0, len(X), batch_size)]

        def sgd_step(params, grads, lr):
            if set(params) != set(grads):
                raise ValueError("params and grads have different keys")
            new_params = {}
            for name in params:
                new_params[name] = params[name] - lr * grads[name]
            return new_params

        def train_linear_regression(X, y, lr=0.01, epochs=100, batch_size=32, seed=0):
            X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
            params = {"w": np.zeros(X.shape[1]), "b": 0.0}
            losses = []
            for epoch in range(epochs):
                for xb, yb in minibatches(X, y, batch_size, seed=seed + epoch):
                    error = xb @ params["w"] + params["b"] - yb
                    grads = {"w": xb.T @ error / len(yb), "b": error.mean()}  # gradient of MSE / 2
                    params = sgd_step(params, grads, lr)
                losses.append(np.mean((X @ params["w"] + params["b"] - y) ** 2))
            return params["w"], params["b"], np.array(losses)
    """,
    "divmod, rng.shuffle of indices, a generator validating lazily, own batching loop": """
        import numpy as np

        def iterations_per_epoch(n_samples, batch_size, drop_last=False):
            if not (batch_size >= 1 and n_samples >= 0):
                raise ValueError("need batch_size >= 1 and n_samples >= 0")
            full, rest = divmod(n_samples, batch_size)
            return full if drop_last or rest == 0 else full + 1

        def minibatches(X, y, batch_size, shuffle=True, seed=None):
            # A generator function: the checks run only when iteration starts, which the contract allows.
            if len(X) != len(y):
                raise ValueError("X and y must have the same number of rows")
            if batch_size < 1:
                raise ValueError("batch_size must be at least 1")
            indices = np.arange(len(X))
            if shuffle:
                np.random.default_rng(seed).shuffle(indices)
            for start in range(0, len(indices), batch_size):
                batch = indices[start:start + batch_size]
                yield X[batch], y[batch]

        def sgd_step(params, grads, lr):
            if sorted(params) != sorted(grads):
                raise ValueError("keys differ")
            return {key: np.subtract(value, lr * np.asarray(grads[key])) for key, value in params.items()}

        def train_linear_regression(X, y, lr=0.01, epochs=100, batch_size=32, seed=0):
            X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
            n, d = X.shape
            w, b = np.zeros(d), 0.0
            rng = np.random.default_rng(seed)
            losses = []
            for _ in range(epochs):
                order = rng.permutation(n)
                for start in range(0, n, batch_size):
                    rows = order[start:start + batch_size]
                    residual = X[rows] @ w + b - y[rows]
                    w = w - lr * 2 * X[rows].T @ residual / len(rows)
                    b = b - lr * 2 * residual.mean()
                residual = X @ w + b - y
                losses.append(residual @ residual / n)
            return w, b, losses
    """,
    "global np.random.seed and a plain loop over samples in a batch": """
        import numpy as np

        def iterations_per_epoch(n_samples, batch_size, drop_last=False):
            if batch_size <= 0 or n_samples < 0:
                raise ValueError("invalid arguments")
            count = n_samples // batch_size
            if not drop_last and count * batch_size < n_samples:
                count += 1
            return count

        def minibatches(X, y, batch_size, shuffle=True, seed=None):
            if len(X) != len(y) or batch_size < 1:
                raise ValueError("invalid arguments")
            if shuffle:
                np.random.seed(seed)
                order = np.random.permutation(len(X))
            else:
                order = list(range(len(X)))
            batches = []
            for i in range(iterations_per_epoch(len(X), batch_size)):
                idx = order[i * batch_size:(i + 1) * batch_size]
                batches.append((np.asarray(X)[idx], np.asarray(y)[idx]))
            return iter(batches)

        def sgd_step(params, grads, lr):
            if params.keys() != grads.keys():
                raise ValueError("keys differ")
            return dict((k, params[k] - lr * grads[k]) for k in params)

        def train_linear_regression(X, y, lr=0.01, epochs=100, batch_size=32, seed=0):
            X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
            w, b = np.zeros(X.shape[1]), 0.0
            losses = []
            for epoch in range(epochs):
                for xb, yb in minibatches(X, y, batch_size, shuffle=True, seed=seed * 1000 + epoch):
                    dw, db = np.zeros_like(w), 0.0
                    for xi, yi in zip(xb, yb):
                        err = xi @ w + b - yi
                        dw += 2 * err * xi / len(yb)
                        db += 2 * err / len(yb)
                    w, b = w - lr * dw, b - lr * db
                losses.append(float(np.mean((X @ w + b - y) ** 2)))
            return w, float(b), losses
    """,
}


@pytest.mark.parametrize("name", ALTERNATIVES)
def test_accepts_alternative(grade, name):
    assert_accepted(grade("exercise03", ALTERNATIVES[name], base=None))


def test_generator_exception_is_an_error_at_the_learner_line(grade):
    code = """
        def minibatches(X, y, batch_size, shuffle=True, seed=None):
            order = np.arange(len(X))
            for start in range(0, len(X), batch_size):
                index = order[start:start + batch_size]
                yield X[index], y[indexes]
    """
    result = grade("exercise03", code, checks=["minibatches_order"])
    outcome = result.get("minibatches_order")
    assert outcome.status == "error", outcome.message
    assert "minibatches" in outcome.message
    assert_learner_traceback(outcome.message, "exercise03", code, "yield X[index], y[indexes]", "NameError")


def test_stub_is_not_started(grade):
    result = grade("exercise03", base="stub")
    assert {c.status for c in result.checks} == {"not_started"}, [(c.id, c.status) for c in result.checks]
