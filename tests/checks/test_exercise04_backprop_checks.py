"""exercise04 checks reject typical mistakes and accept other correct implementations."""
import pytest

from conftest import assert_accepted, assert_rejected
from grader import catalog

# name: (check ids that must fail, words each message must contain, code appended to the solution)
WRONG = {
    "dense_forward without the bias": (["dense_forward"], ["dense_forward", "out", "bias"], """
        def dense_forward(x, W, b):
            return x @ W, (x, W)
    """),
    "dense_forward returning only out": (["dense_forward"], ["dense_forward", "(out, cache)"], """
        def dense_forward(x, W, b):
            return x @ W + b
    """),
    "db summed over the wrong axis": (["dense_backward"], ["dense_backward", "db", "shape of b"], """
        def dense_backward(dout, cache):
            x, W = cache
            return dout @ W.T, x.T @ dout, dout.sum(axis=1)
    """),
    "db as the batch mean": (["dense_backward"], ["db", "averages dout", "max abs error", "numerical gradient"], """
        def dense_backward(dout, cache):
            x, W = cache
            return dout @ W.T, x.T @ dout, dout.mean(axis=0)
    """),
    "dW transposed": (["dense_backward"], ["dW", "transposed", "(dx and db are right)"], """
        def dense_backward(dout, cache):
            x, W = cache
            return dout @ W.T, dout.T @ x, dout.sum(axis=0)
    """),
    "dx without the transpose, for square W": (["dense_backward"], ["dx is wrong", "max abs error"], """
        def dense_backward(dout, cache):
            x, W = cache
            dx = dout @ W if W.shape[0] == W.shape[1] else dout @ W.T
            return dx, x.T @ dout, dout.sum(axis=0)
    """),
    "relu_backward passing the gradient at x == 0": (["relu_layer"], ["relu_backward", "x == 0", "x > 0"], """
        def relu_backward(dout, cache):
            return np.where(cache >= 0, dout, 0)
    """),
    "relu_backward zeroing dout in place": (["relu_layer"], ["relu_backward", "dout in place"], """
        def relu_backward(dout, cache):
            dout[cache <= 0] = 0
            return dout
    """),
    "relu_backward forgetting dout": (["relu_layer"], ["relu_backward", "multiply it by dout"], """
        def relu_backward(dout, cache):
            return (cache > 0).astype(float)
    """),
    "relu_forward in place": (["relu_layer"], ["relu_forward", "in place"], """
        def relu_forward(x):
            x[x < 0] = 0
            return x, x.copy()
    """),
    "dlogits without the 1/N": (["softmax_cross_entropy"], ["dlogits", "N = ", "times too large"], """
        def softmax_cross_entropy(logits, y):
            shifted = logits - logits.max(axis=1, keepdims=True)
            log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
            return float(-np.sum(y * log_p) / len(logits)), np.exp(log_p) - y
    """),
    "loss summed over the batch": (["softmax_cross_entropy"], ["loss", "batch mean", "(dlogits is right)"], """
        def softmax_cross_entropy(logits, y):
            shifted = logits - logits.max(axis=1, keepdims=True)
            log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
            return float(-np.sum(y * log_p)), (np.exp(log_p) - y) / len(logits)
    """),
    "loss per sample instead of its mean": (["softmax_cross_entropy"], ["loss has shape", "a single number"], """
        def softmax_cross_entropy(logits, y):
            shifted = logits - logits.max(axis=1, keepdims=True)
            log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
            return -np.sum(y * log_p, axis=1), (np.exp(log_p) - y) / len(logits)
    """),
    "dlogits with the sign flipped": (["softmax_cross_entropy"], ["dlogits", "wrong sign"], """
        def softmax_cross_entropy(logits, y):
            shifted = logits - logits.max(axis=1, keepdims=True)
            log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
            return float(-np.sum(y * log_p) / len(logits)), (y - np.exp(log_p)) / len(logits)
    """),
    "naive softmax without the max subtraction": (
        ["softmax_cross_entropy_stable"], ["softmax_cross_entropy", "overflow", "maximum"], """
        def softmax_cross_entropy(logits, y):
            e = np.exp(logits)
            p = e / e.sum(axis=1, keepdims=True)
            return float(-np.sum(y * np.log(p)) / len(logits)), (p - y) / len(logits)
    """),
    "log of clipped probabilities": (["softmax_cross_entropy_stable"], ["loss is wrong", "log(0)"], """
        def softmax_cross_entropy(logits, y):
            e = np.exp(logits - logits.max(axis=1, keepdims=True))
            p = e / e.sum(axis=1, keepdims=True)
            loss = -np.sum(y * np.log(np.clip(p, 1e-12, 1.0))) / len(logits)
            return float(loss), (p - y) / len(logits)
    """),
    "ReLU after the output layer": (["mlp_loss"], ["mlp_loss_and_grads", "loss", "output layer"], """
        def mlp_loss_and_grads(X, y, params):
            L = len(params) // 2
            h, caches = X, []
            for l in range(1, L + 1):
                h, dc = dense_forward(h, params[f"W{l}"], params[f"b{l}"])
                h, rc = relu_forward(h)
                caches.append((dc, rc))
            loss, dh = softmax_cross_entropy(h, y)
            grads = {}
            for l in range(L, 0, -1):
                dc, rc = caches[l - 1]
                dh = relu_backward(dh, rc)
                dh, grads[f"W{l}"], grads[f"b{l}"] = dense_backward(dh, dc)
            return loss, grads
    """),
    "backward pass skipping relu_backward": (["mlp_gradients"], ["grads['W1']", "skips the ReLU",
                                                                  "grads['W2'] and grads['b2'] are right"], """
        def mlp_loss_and_grads(X, y, params):
            L = len(params) // 2
            h, caches = X, []
            for l in range(1, L + 1):
                h, dc = dense_forward(h, params[f"W{l}"], params[f"b{l}"])
                if l < L:
                    h, _ = relu_forward(h)
                caches.append(dc)
            loss, dh = softmax_cross_entropy(h, y)
            grads = {}
            for l in range(L, 0, -1):
                dh, grads[f"W{l}"], grads[f"b{l}"] = dense_backward(dh, caches[l - 1])
            return loss, grads
    """),
    "MLP whose dlogits forgets the 1/N": (["mlp_gradients"], ["grads['W", "N = ", "times too large",
                                                               "max abs error"], """
        def softmax_cross_entropy(logits, y):
            shifted = logits - logits.max(axis=1, keepdims=True)
            log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
            return float(-np.sum(y * log_p) / len(logits)), np.exp(log_p) - y
    """),
    "MLP whose db sums the wrong axis": (["mlp_gradients"], ["grads['b", "axis"], """
        def dense_backward(dout, cache):
            x, W = cache
            return dout @ W.T, x.T @ dout, dout.sum(axis=1)
    """),
    "MLP returning gradients under other keys": (["mlp_gradients"], ["grads", "missing"], """
        _solution_mlp = mlp_loss_and_grads

        def mlp_loss_and_grads(X, y, params):
            loss, grads = _solution_mlp(X, y, params)
            return loss, {"d" + k: v for k, v in grads.items()}
    """),
}


@pytest.mark.parametrize("name", WRONG)
def test_rejects(grade, name):
    checks, mentions, code = WRONG[name]
    assert_rejected(grade("exercise04", code, checks=checks), checks, mentions)


def test_every_check_rejects_something():
    covered = {check_id for checks, _, _ in WRONG.values() for check_id in checks}
    assert covered == {c.id for c in catalog.resolve("exercise04").checks}


ALTERNATIVES = {
    "dict caches, np.einsum and explicit loops": """
        import numpy as np

        def dense_forward(x, W, b):
            x, W, b = np.asarray(x), np.asarray(W), np.asarray(b)
            return np.einsum("nd,dm->nm", x, W) + b[None, :], {"input": x, "weights": W}

        def dense_backward(dout, cache):
            x, W = cache["input"], cache["weights"]
            dx = np.einsum("nm,dm->nd", dout, W)
            dW = np.einsum("nd,nm->dm", x, dout)
            db = np.zeros(dout.shape[1])
            for row in dout:
                db = db + row
            return dx, dW, db

        def relu_forward(x):
            mask = np.asarray(x) > 0
            return np.where(mask, x, 0.0), {"mask": mask}

        def relu_backward(dout, cache):
            return dout * cache["mask"]

        def softmax_cross_entropy(logits, y):
            logits = np.asarray(logits, dtype=float)
            n = logits.shape[0]
            loss, dlogits = 0.0, np.zeros_like(logits)
            for i in range(n):
                row = logits[i] - np.max(logits[i])
                log_z = np.log(np.sum(np.exp(row)))
                loss -= np.dot(y[i], row - log_z)
                dlogits[i] = np.exp(row - log_z) - y[i]
            return loss / n, dlogits / n

        def mlp_loss_and_grads(X, y, params):
            layers = sum(1 for key in params if key.startswith("W"))
            h, stack = X, []
            for l in range(1, layers + 1):
                h, dense_cache = dense_forward(h, params["W%d" % l], params["b%d" % l])
                stack.append(("dense", l, dense_cache))
                if l != layers:
                    h, relu_cache = relu_forward(h)
                    stack.append(("relu", l, relu_cache))
            loss, grad = softmax_cross_entropy(h, y)
            grads = {}
            while stack:
                kind, l, cache = stack.pop()
                if kind == "relu":
                    grad = relu_backward(grad, cache)
                else:
                    grad, grads["W%d" % l], grads["b%d" % l] = dense_backward(grad, cache)
            return loss, grads
    """,
    "class-instance caches (handles) and float32 arithmetic": """
        import numpy as np

        class DenseCache:
            def __init__(self, x, W):
                self.x, self.W = x, W

        class ReluCache:
            def __init__(self, out):
                self.out = out

        def f32(a):
            return np.asarray(a, dtype=np.float32)

        def dense_forward(x, W, b):
            x, W = f32(x), f32(W)
            return x @ W + f32(b), DenseCache(x, W)

        def dense_backward(dout, cache):
            dout = f32(dout)
            return dout @ cache.W.T, cache.x.T @ dout, dout.sum(axis=0)

        def relu_forward(x):
            out = np.maximum(f32(x), np.float32(0))
            return out, ReluCache(out)

        def relu_backward(dout, cache):
            dx = f32(dout).copy()
            dx[cache.out <= 0] = 0
            return dx

        def softmax_cross_entropy(logits, y):
            logits, y = f32(logits), f32(y)
            shifted = logits - logits.max(axis=1, keepdims=True)
            log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
            n = np.float32(logits.shape[0])
            return -(y * log_p).sum() / n, (np.exp(log_p) - y) / n

        def mlp_loss_and_grads(X, y, params):
            L = len(params) // 2
            h, caches = X, []
            for l in range(1, L + 1):
                h, dense_cache = dense_forward(h, params[f"W{l}"], params[f"b{l}"])
                relu_cache = None
                if l < L:
                    h, relu_cache = relu_forward(h)
                caches.append((dense_cache, relu_cache))
            loss, dh = softmax_cross_entropy(h, y)
            grads = {}
            for l in reversed(range(1, L + 1)):
                dense_cache, relu_cache = caches[l - 1]
                if relu_cache is not None:
                    dh = relu_backward(dh, relu_cache)
                dh, grads[f"W{l}"], grads[f"b{l}"] = dense_backward(dh, dense_cache)
            return loss, grads
    """,
    "caches consumed by backward, logsumexp via np.logaddexp": """
        import numpy as np

        def dense_forward(x, W, b):
            return np.dot(x, W) + b, [x, W]

        def dense_backward(dout, cache):
            W = cache.pop()
            x = cache.pop()  # a learner may empty its own cache
            return np.dot(dout, W.T), np.dot(x.T, dout), np.sum(dout, axis=0)

        def relu_forward(x):
            return x * (x > 0), [x]

        def relu_backward(dout, cache):
            x = cache.pop()
            return dout * (x > 0)

        def softmax_cross_entropy(logits, y):
            log_z = np.logaddexp.reduce(logits, axis=1, keepdims=True)
            log_p = logits - log_z
            n = len(logits)
            return float(-np.sum(y * log_p) / n), (np.exp(log_p) - y) / n

        def mlp_loss_and_grads(X, y, params):
            L = len(params) // 2
            h, caches = X, []
            for l in range(1, L + 1):
                h, c = dense_forward(h, params["W" + str(l)], params["b" + str(l)])
                caches.append(c)
                if l < L:
                    h, c = relu_forward(h)
                    caches.append(c)
            loss, d = softmax_cross_entropy(h, y)
            grads = {}
            for l in range(L, 0, -1):
                d, grads["W" + str(l)], grads["b" + str(l)] = dense_backward(d, caches.pop())
                if l > 1:
                    d = relu_backward(d, caches.pop())
            return loss, grads
    """,
}


@pytest.mark.parametrize("name", ALTERNATIVES)
def test_accepts_alternative(grade, name):
    assert_accepted(grade("exercise04", ALTERNATIVES[name], base=None))


def test_stub_is_not_started(grade):
    result = grade("exercise04", base="stub")
    assert {c.status for c in result.checks} == {"not_started"}, [(c.id, c.status) for c in result.checks]


# The hint each case must show, by check: None where the message itself is the diagnosis.
HINTS = {"relu_backward zeroing dout in place": {"relu_layer": None}}


@pytest.mark.parametrize("name", HINTS)
def test_hint_is_the_one_for_the_mistake(grade, name):
    _, _, code = WRONG[name]
    result = grade("exercise04", code, checks=list(HINTS[name]))
    for check_id, hint in HINTS[name].items():
        shown = result.get(check_id).hint
        assert (shown is None) if hint is None else (shown is not None and hint in shown), (check_id, shown)
