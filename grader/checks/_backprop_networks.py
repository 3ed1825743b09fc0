"""Random inputs and trusted float64 MLP maths for exercise04's checks, with switches for the usual mistakes.

A learner's wrong loss or gradient is compared with what each mistake gives, so that a failure can
say which mistake it is.
"""
import numpy as np

from grader.i18n import t


def dense_inputs(n, d, m, seed, dtype):
    """x (n, d), W (d, m), b (m,), dout (n, m): random normals in ``dtype``."""
    rng = np.random.default_rng(seed)
    return tuple(rng.normal(size=s).astype(dtype) for s in ((n, d), (d, m), (m,), (n, m)))


def one_hot(labels, classes, label_type):
    """One-hot rows of ``labels``, as integers or floats."""
    return np.eye(classes, dtype=np.int64 if label_type == "int" else np.float64)[labels]


def network(layers, seed, n, dtype):
    """``(X, y, params, sizes)`` for a random ``layers``-layer MLP: small, well scaled, biases nonzero."""
    rng = np.random.default_rng(seed)
    sizes = [int(rng.integers(1, 5))] + [int(rng.integers(1, 5)) for _ in range(layers - 1)] + \
        [int(rng.integers(2, 5))]
    X = rng.normal(size=(n, sizes[0])).astype(dtype)
    params = {}
    for l in range(1, layers + 1):
        params[f"W{l}"] = (rng.normal(size=(sizes[l - 1], sizes[l])) * 1.5 / np.sqrt(sizes[l - 1])).astype(dtype)
        params[f"b{l}"] = (rng.normal(size=sizes[l]) * 0.5).astype(dtype)
    y = one_hot(rng.integers(0, sizes[-1], size=n), sizes[-1], "int" if seed % 2 else "float")
    return X, y, params, sizes


def describe_network(sizes, n, dtype):
    """'a 2-layer network (sizes 3 -> 4 -> 2, batch of N = 5, float32)', for messages."""
    arrow = " -> ".join(str(s) for s in sizes)
    return t("_backprop_networks.network", layers=len(sizes) - 1, sizes=arrow, n=n, dtype=dtype)


def log_softmax(z):
    """Stable row-wise log-softmax in float64."""
    shifted = z - z.max(axis=1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))


def mlp_loss(X, y, params, *, relu_output=False, hidden_relu=True, mean=True):
    """The MLP's loss in float64, optionally with one of the usual mistakes."""
    layers = len(params) // 2
    h = np.asarray(X, dtype=np.float64)
    for l in range(1, layers + 1):
        h = h @ params[f"W{l}"] + params[f"b{l}"]
        if (l < layers and hidden_relu) or (l == layers and relu_output):
            h = np.maximum(h, 0)
    total = -np.sum(y * log_softmax(h))
    return total / len(X) if mean else total


def mlp_grads(X, y, params, *, relu_backward=True, relu_output=False):
    """Back-propagated gradients in float64 (optionally with one of the usual mistakes), and per layer
    the gradient with respect to the dense layer's output (its ``dout``)."""
    layers = len(params) // 2
    hs, zs = [np.asarray(X, dtype=np.float64)], []
    for l in range(1, layers + 1):
        z = hs[-1] @ params[f"W{l}"] + params[f"b{l}"]
        zs.append(z)
        hs.append(np.maximum(z, 0) if l < layers or relu_output else z)
    p = np.exp(log_softmax(hs[-1]))
    dh = (p - y) / len(X)
    grads, douts = {}, {}
    for l in range(layers, 0, -1):
        if (l < layers or relu_output) and relu_backward:
            dh = dh * (zs[l - 1] > 0)
        douts[l] = dh
        grads[f"W{l}"], grads[f"b{l}"] = hs[l - 1].T @ dh, dh.sum(axis=0)
        dh = dh @ params[f"W{l}"].T
    return grads, douts


def wrong_axis(dout):
    """What db is when it sums dout over axis 1 (comparable only when dout is square)."""
    return (t("_backprop_networks.wrong_axis"), dout.sum(axis=1) if dout.shape[0] == dout.shape[1] else None)
