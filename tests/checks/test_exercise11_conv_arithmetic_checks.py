"""exercise11 checks reject typical mistakes and accept other correct implementations."""
import pytest

from conftest import assert_accepted, assert_rejected
from grader import catalog

# name: (check ids that must fail, word every message must contain (or {check id: word}), code appended to
# the solution)
WRONG = {
    "valid size without the + 1": (["conv_output_size_valid"], "add 1", """
        def conv_output_size(n, kernel_size, stride=1, padding="valid"):
            if padding == "same":
                return math.ceil(n / stride)
            return (n - kernel_size) // stride
    """),
    "valid size with true division": (["conv_output_size_valid"], "conv_output_size", """
        def conv_output_size(n, kernel_size, stride=1, padding="valid"):
            if padding == "same":
                return math.ceil(n / stride)
            return (n - kernel_size) / stride + 1
    """),
    "valid size as a float from np.floor": (["conv_output_size_valid"], "return an int", """
        import numpy as np

        def conv_output_size(n, kernel_size, stride=1, padding="valid"):
            if padding == "same":
                return math.ceil(n / stride)
            return np.floor((n - kernel_size) / stride) + 1
    """),
    "valid size ignoring the stride": (["conv_output_size_valid"], "stride-1 result", """
        def conv_output_size(n, kernel_size, stride=1, padding="valid"):
            if padding == "same":
                return math.ceil(n / stride)
            return n - kernel_size + 1
    """),
    "same size rounded down": (["conv_output_size_same"], "rounds up", """
        def conv_output_size(n, kernel_size, stride=1, padding="valid"):
            if padding == "same":
                return n // stride
            return (n - kernel_size) // stride + 1
    """),
    "same size from symmetric k // 2 padding": (["conv_output_size_same"], "ceil(", """
        def conv_output_size(n, kernel_size, stride=1, padding="valid"):
            pad = 2 * (kernel_size // 2) if padding == "same" else 0
            return (n + pad - kernel_size) // stride + 1
    """),
    "pool stride defaulting to 1": (["pool_output_size"], "stride = pool_size", """
        def pool_output_size(n, pool_size=2, stride=None, padding="valid"):
            return conv_output_size(n, pool_size, 1 if stride is None else stride, padding)
    """),
    "conv params without the input channels": (
        ["conv2d_param_count", "summarize_note_cnn"],
        {"conv2d_param_count": "input channels", "summarize_note_cnn": "fix that first"}, """
        def conv2d_param_count(in_channels, filters, kernel_size, use_bias=True):
            kh, kw = _pair(kernel_size, "kernel_size")
            return kh * kw * filters + (filters if use_bias else 0)
    """),
    "conv params ignoring use_bias": (["conv2d_param_count"], "use_bias=False", """
        def conv2d_param_count(in_channels, filters, kernel_size, use_bias=True):
            kh, kw = _pair(kernel_size, "kernel_size")
            return kh * kw * in_channels * filters + filters
    """),
    "conv params with a square kernel from kernel_size[0]": (["conv2d_param_count"], "square", """
        def conv2d_param_count(in_channels, filters, kernel_size, use_bias=True):
            k = kernel_size if isinstance(kernel_size, int) else kernel_size[0]
            return k * k * in_channels * filters + (filters if use_bias else 0)
    """),
    "dense params without biases": (["dense_param_count", "summarize_note_cnn"],
                                    {"dense_param_count": "biases", "summarize_note_cnn": "fix that first"}, """
        def dense_param_count(in_features, units, use_bias=True):
            return in_features * units
    """),
    "dense params ignoring use_bias": (["dense_param_count"], "use_bias=False", """
        def dense_param_count(in_features, units, use_bias=True):
            return in_features * units + units
    """),
    "summarize using the input's channel count for every conv": (
        ["summarize_note_cnn", "summarize_random_stacks", "total_params"],
        {"summarize_note_cnn": "8224", "summarize_random_stacks": "parameter count in row",
         "total_params": "fix that first"}, """
        def summarize(input_shape, layers):
            shape, rows = tuple(input_shape), []
            for layer in layers:
                out, params = _layer_summary(shape, layer)
                if layer["type"] == "conv2d":
                    params = conv2d_param_count(input_shape[2], layer["filters"], layer["kernel_size"])
                shape = tuple(out)
                rows.append((layer["type"], shape, params))
            return rows
    """),
    "summarize with the batch axis": (["summarize_note_cnn", "summarize_random_stacks"], "batch axis", """
        _summarize = summarize

        def summarize(input_shape, layers):
            return [(kind, (None,) + shape, params) for kind, shape, params in _summarize(input_shape, layers)]
    """),
    "summarize ignoring conv strides": (["summarize_random_stacks"], "output_shape", """
        _layer_summary_ok = _layer_summary

        def _layer_summary(shape, layer):
            if layer["type"] == "conv2d":
                layer = {k: v for k, v in layer.items() if k != "strides"}
            return _layer_summary_ok(shape, layer)
    """),
    "summarize using strides[0] for both axes": (["summarize_random_stacks"], "output_shape", """
        _layer_summary_ok = _layer_summary

        def _layer_summary(shape, layer):
            if isinstance(layer.get("strides"), tuple):
                layer = dict(layer, strides=layer["strides"][0])
            return _layer_summary_ok(shape, layer)
    """),
    "summarize ignoring the padding of pooling layers": (["summarize_random_stacks"], "maxpool2d", """
        _layer_summary_ok = _layer_summary

        def _layer_summary(shape, layer):
            if layer["type"] in ("maxpool2d", "avgpool2d"):
                layer = dict(layer, padding="valid")
            return _layer_summary_ok(shape, layer)
    """),
    "total_params of the last layer only": (["total_params"], "total_params", """
        def total_params(input_shape, layers):
            return summarize(input_shape, layers)[-1][2]
    """),
    "total_params counting only conv layers": (["total_params"], "503296", """
        def total_params(input_shape, layers):
            return sum(p for kind, _, p in summarize(input_shape, layers) if kind == "conv2d")
    """),
}


@pytest.mark.parametrize("name", WRONG)
def test_rejects(grade, name):
    checks, mention, code = WRONG[name]
    result = grade("exercise11", code, checks=checks)
    for check_id in checks:
        assert_rejected(result, [check_id], [mention[check_id] if isinstance(mention, dict) else mention])


def test_every_check_rejects_something():
    covered = {check_id for checks, _, _ in WRONG.values() for check_id in checks}
    assert covered == {c.id for c in catalog.resolve("exercise11").checks}


ALTERNATIVES = {
    "counting loops, list rows, no math module": """
        def conv_output_size(n, kernel_size, stride=1, padding="valid"):
            if padding == "same":
                return -(-n // stride)
            count, start = 0, 0
            while start + kernel_size <= n:
                count += 1
                start += stride
            return count

        def pool_output_size(n, pool_size=2, stride=None, padding="valid"):
            if stride is None:
                stride = pool_size
            return conv_output_size(n, pool_size, stride, padding)

        def conv2d_param_count(in_channels, filters, kernel_size, use_bias=True):
            if isinstance(kernel_size, (tuple, list)):
                kh, kw = kernel_size
            else:
                kh = kw = kernel_size
            total = 0
            for _ in range(filters):
                total += kh * kw * in_channels
                if use_bias:
                    total += 1
            return total

        def dense_param_count(in_features, units, use_bias=True):
            return units * (in_features + 1) if use_bias else units * in_features

        def pair(v):
            return (v, v) if isinstance(v, int) else (v[0], v[1])

        def summarize(input_shape, layers):
            shape = list(input_shape)
            rows = []
            for layer in layers:
                kind = layer["type"]
                if kind == "conv2d":
                    kh, kw = pair(layer["kernel_size"])
                    sh, sw = pair(layer.get("strides", 1))
                    pad = layer.get("padding", "valid")
                    params = conv2d_param_count(shape[2], layer["filters"], (kh, kw))
                    shape = [conv_output_size(shape[0], kh, sh, pad), conv_output_size(shape[1], kw, sw, pad),
                             layer["filters"]]
                elif kind in ("maxpool2d", "avgpool2d"):
                    p = layer.get("pool_size", 2)
                    s = layer.get("strides")
                    sh, sw = pair(p if s is None else s)
                    pad = layer.get("padding", "valid")
                    shape = [pool_output_size(shape[0], p, sh, pad), pool_output_size(shape[1], p, sw, pad), shape[2]]
                    params = 0
                elif kind == "flatten":
                    size = 1
                    for d in shape:
                        size *= d
                    shape, params = [size], 0
                elif kind == "dense":
                    params = dense_param_count(shape[0], layer["units"])
                    shape = [layer["units"]]
                elif kind == "dropout":
                    params = 0
                else:
                    raise ValueError(kind)
                rows.append([kind, list(shape), params])
            return rows

        def total_params(input_shape, layers):
            total = 0
            for row in summarize(input_shape, layers):
                total += row[2]
            return total
    """,
    "numpy integers and a layer table": """
        import numpy as np

        def conv_output_size(n, kernel_size, stride=1, padding="valid"):
            if padding.lower() == "same":
                return np.int64(np.ceil(n / stride))
            return np.int64((n - kernel_size) // stride + 1)

        def pool_output_size(n, pool_size=2, stride=None, padding="valid"):
            return conv_output_size(n, pool_size, stride or pool_size, padding)

        def conv2d_param_count(in_channels, filters, kernel_size, use_bias=True):
            return int(np.prod(np.broadcast_to(kernel_size, 2))) * in_channels * filters + filters * bool(use_bias)

        def dense_param_count(in_features, units, use_bias=True):
            return in_features * units + units * int(use_bias)

        def _conv(shape, layer):
            k = np.broadcast_to(layer["kernel_size"], 2)
            s = np.broadcast_to(layer.get("strides", 1), 2)
            pad = layer.get("padding", "valid")
            out = tuple(conv_output_size(shape[i], k[i], s[i], pad) for i in range(2)) + (layer["filters"],)
            return out, conv2d_param_count(shape[2], layer["filters"], tuple(k))

        def _pool(shape, layer):
            p = layer.get("pool_size", 2)
            s = np.broadcast_to(p if layer.get("strides") is None else layer["strides"], 2)
            pad = layer.get("padding", "valid")
            return tuple(pool_output_size(shape[i], p, s[i], pad) for i in range(2)) + (shape[2],), 0

        TABLE = {
            "conv2d": _conv,
            "maxpool2d": _pool,
            "avgpool2d": _pool,
            "flatten": lambda shape, layer: ((np.prod(shape),), 0),
            "dense": lambda shape, layer: ((layer["units"],), dense_param_count(shape[0], layer["units"])),
            "dropout": lambda shape, layer: (shape, 0),
        }

        def summarize(input_shape, layers):
            rows, shape = [], tuple(input_shape)
            for layer in layers:
                shape, params = TABLE[layer["type"]](shape, layer)
                rows.append((layer["type"], shape, np.int64(params)))
            return rows

        def total_params(input_shape, layers):
            return int(np.sum([row[2] for row in summarize(input_shape, layers)]))
    """,
}


@pytest.mark.parametrize("name", ALTERNATIVES)
def test_accepts_alternative(grade, name):
    assert_accepted(grade("exercise11", ALTERNATIVES[name], base=None))


def test_stub_is_not_started(grade):
    result = grade("exercise11", base="stub")
    assert {c.status for c in result.checks} == {"not_started"}, [(c.id, c.status) for c in result.checks]
