"""exercise12 checks reject typical mistakes and accept other correct implementations."""
import pytest

from conftest import assert_accepted, assert_rejected
from grader import catalog

# A convolution written out with explicit padding amounts, for the padding mistakes below.
PADDED_CONV = """
        _reference_conv = conv2d_forward

        def conv2d_forward_valid(x, W, b, stride):
            return _reference_conv(x, W, b, stride=stride, padding="valid")

        def conv_with_padding(x, W, b, stride, pads):
            x = np.pad(np.asarray(x), ((0, 0), pads[0], pads[1], (0, 0)))
            return conv2d_forward_valid(x, W, b, stride)
"""

# name: (check ids that must fail, word every message must contain (or {check id: word}), code appended to
# the solution)
WRONG = {
    "flipped kernel (textbook convolution)": (
        ["conv2d_valid", "conv2d_strided", "conv2d_same_padding", "conv2d_batch_channels_bias",
         "conv2d_no_kernel_flip"], "flipped the kernel", """
        _reference_conv = conv2d_forward

        def conv2d_forward(x, W, b, stride=1, padding="valid"):
            return _reference_conv(x, np.asarray(W)[::-1, ::-1], b, stride, padding)
    """),
    "no bias": (["conv2d_valid", "conv2d_batch_channels_bias"], "did not add the bias", """
        _reference_conv = conv2d_forward

        def conv2d_forward(x, W, b, stride=1, padding="valid"):
            return _reference_conv(x, W, np.zeros_like(np.asarray(b)), stride, padding)
    """),
    "loops one output row and column short": (["conv2d_valid"], "wrong shape", """
        def conv2d_forward(x, W, b, stride=1, padding="valid"):
            x, W, b = np.asarray(x), np.asarray(W), np.asarray(b)
            kh, kw, c, f = W.shape
            out = np.zeros((x.shape[0], x.shape[1] - kh, x.shape[2] - kw, f))
            for i in range(out.shape[1]):
                for j in range(out.shape[2]):
                    patch = x[:, i:i + kh, j:j + kw, :]
                    out[:, i, j, :] = np.tensordot(patch, W, axes=([1, 2, 3], [0, 1, 2])) + b
            return out
    """),
    "stride only in the output size, windows one step apart": (["conv2d_strided"], "returned wrong values", """
        def conv2d_forward(x, W, b, stride=1, padding="valid"):
            x, W, b = np.asarray(x), np.asarray(W), np.asarray(b)
            kh, kw, c, f = W.shape
            oh, ow = (x.shape[1] - kh) // stride + 1, (x.shape[2] - kw) // stride + 1
            out = np.zeros((x.shape[0], oh, ow, f))
            for i in range(oh):
                for j in range(ow):
                    out[:, i, j, :] = np.tensordot(x[:, i:i + kh, j:j + kw, :], W, axes=3) + b
            return out
    """),
    "strided output one row short (no + 1)": (["conv2d_strided"], "floor((", """
        _reference_conv = conv2d_forward

        def conv2d_forward(x, W, b, stride=1, padding="valid"):
            out = _reference_conv(x, W, b, stride, padding)
            return out[:, :-1, :-1] if stride > 1 else out
    """),
    "same padding with the extra pixel top/left": (["conv2d_same_padding"], "top/left", PADDED_CONV + """
        def conv2d_forward(x, W, b, stride=1, padding="valid"):
            if padding == "valid":
                return conv2d_forward_valid(x, W, b, stride)
            kh, kw = np.shape(W)[:2]
            pads = [_same_padding(n, k, stride)[::-1] for n, k in zip(np.shape(x)[1:3], (kh, kw))]
            return conv_with_padding(x, W, b, stride, pads)
    """),
    "same padding computed as for stride 1": (["conv2d_same_padding"], "as for stride 1", PADDED_CONV + """
        def conv2d_forward(x, W, b, stride=1, padding="valid"):
            if padding == "valid":
                return conv2d_forward_valid(x, W, b, stride)
            kh, kw = np.shape(W)[:2]
            return conv_with_padding(x, W, b, stride, [((kh - 1) // 2, kh // 2), ((kw - 1) // 2, kw // 2)])
    """),
    "same padding of k // 2 on both sides": (["conv2d_same_padding"], "k // 2", PADDED_CONV + """
        def conv2d_forward(x, W, b, stride=1, padding="valid"):
            if padding == "valid":
                return conv2d_forward_valid(x, W, b, stride)
            kh, kw = np.shape(W)[:2]
            return conv_with_padding(x, W, b, stride, [(kh // 2, kh // 2), (kw // 2, kw // 2)])
    """),
    "only the first input channel": (["conv2d_batch_channels_bias"], "conv2d_forward", """
        _reference_conv = conv2d_forward

        def conv2d_forward(x, W, b, stride=1, padding="valid"):
            return _reference_conv(np.asarray(x)[..., :1], np.asarray(W)[:, :, :1], b, stride, padding)
    """),
    "the first filter's bias for every filter": (["conv2d_batch_channels_bias"], "conv2d_forward", """
        _reference_conv = conv2d_forward

        def conv2d_forward(x, W, b, stride=1, padding="valid"):
            b = np.asarray(b)
            return _reference_conv(x, W, np.full_like(b, b[0]), stride, padding)
    """),
    "only the first image of the batch": (["conv2d_batch_channels_bias"], "wrong shape", """
        _reference_conv = conv2d_forward

        def conv2d_forward(x, W, b, stride=1, padding="valid"):
            return _reference_conv(np.asarray(x)[:1], W, b, stride, padding)
    """),
    "max pool stride defaulting to 1": (["max_pool2d"], "stride = pool_size", """
        def max_pool2d(x, pool_size=2, stride=None):
            return _pool_windows(x, pool_size, 1 if stride is None else stride).max(axis=(4, 5))
    """),
    "max pool over the channels too": (["max_pool2d"], "max_pool2d", """
        def max_pool2d(x, pool_size=2, stride=None):
            return _pool_windows(x, pool_size, stride).max(axis=(3, 4, 5))[..., None]
    """),
    "max pool keeping partial windows at the edge": (["max_pool2d"], "run past the edge", """
        def max_pool2d(x, pool_size=2, stride=None):
            x = np.asarray(x)
            s = pool_size if stride is None else stride
            oh = -(-(x.shape[1] - pool_size) // s) + 1
            ow = -(-(x.shape[2] - pool_size) // s) + 1
            out = np.empty((x.shape[0], oh, ow, x.shape[3]), dtype=x.dtype)
            for i in range(oh):
                for j in range(ow):
                    out[:, i, j] = x[:, i * s:i * s + pool_size, j * s:j * s + pool_size].max(axis=(1, 2))
            return out
    """),
    "avg pool dividing by pool_size": (["avg_pool2d"], "instead of the", """
        def avg_pool2d(x, pool_size=2, stride=None):
            return _pool_windows(x, pool_size, stride).sum(axis=(4, 5)) / pool_size
    """),
    "avg pool stride defaulting to 1": (["avg_pool2d"], "stride = pool_size", """
        def avg_pool2d(x, pool_size=2, stride=None):
            return _pool_windows(x, pool_size, 1 if stride is None else stride).mean(axis=(4, 5))
    """),
    "avg pool with integer division": (["avg_pool2d"], "avg_pool2d", """
        def avg_pool2d(x, pool_size=2, stride=None):
            return _pool_windows(x, pool_size, stride).sum(axis=(4, 5)) // (pool_size * pool_size)
    """),
}


@pytest.mark.parametrize("name", WRONG)
def test_rejects(grade, name):
    checks, mention, code = WRONG[name]
    result = grade("exercise12", code, checks=checks)
    for check_id in checks:
        assert_rejected(result, [check_id], [mention[check_id] if isinstance(mention, dict) else mention])


def test_every_check_rejects_something():
    covered = {check_id for checks, _, _ in WRONG.values() for check_id in checks}
    assert covered == {c.id for c in catalog.resolve("exercise12").checks}


ALTERNATIVES = {
    "six plain loops, output in x's dtype": """
        import math
        import numpy as np

        def conv2d_forward(x, W, b, stride=1, padding="valid"):
            x, W, b = np.asarray(x), np.asarray(W), np.asarray(b)
            n, h, w, c = x.shape
            kh, kw, _, f = W.shape
            if padding == "same":
                oh, ow = math.ceil(h / stride), math.ceil(w / stride)
                ph = max((oh - 1) * stride + kh - h, 0)
                pw = max((ow - 1) * stride + kw - w, 0)
                top, left = ph // 2, pw // 2
            else:
                oh, ow = (h - kh) // stride + 1, (w - kw) // stride + 1
                top = left = 0
            out = np.zeros((n, oh, ow, f), dtype=x.dtype)
            for m in range(n):
                for i in range(oh):
                    for j in range(ow):
                        for k in range(f):
                            total = b[k]
                            for p in range(kh):
                                r = i * stride + p - top
                                if r < 0 or r >= h:
                                    continue
                                for q in range(kw):
                                    s = j * stride + q - left
                                    if 0 <= s < w:
                                        total += x[m, r, s, :] @ W[p, q, :, k]
                            out[m, i, j, k] = total
            return out

        def _pool(x, pool_size, stride, reduce):
            x = np.asarray(x)
            s = pool_size if stride is None else stride
            n, h, w, c = x.shape
            oh, ow = (h - pool_size) // s + 1, (w - pool_size) // s + 1
            out = np.zeros((n, oh, ow, c), dtype=x.dtype)
            for i in range(oh):
                for j in range(ow):
                    out[:, i, j, :] = reduce(x[:, i * s:i * s + pool_size, j * s:j * s + pool_size, :], axis=(1, 2))
            return out

        def max_pool2d(x, pool_size=2, stride=None):
            return _pool(x, pool_size, stride, np.max)

        def avg_pool2d(x, pool_size=2, stride=None):
            return _pool(x, pool_size, stride, np.mean)
    """,
    "im2col with einsum, float32 output, pooling by index arithmetic": """
        import numpy as np

        def _pads(n, k, s):
            out = -(-n // s)
            total = max((out - 1) * s + k - n, 0)
            return total // 2, total - total // 2

        def conv2d_forward(x, W, b, stride=1, padding="valid"):
            x = np.asarray(x, dtype=np.float32)
            W = np.asarray(W, dtype=np.float32)
            kh, kw = W.shape[:2]
            if padding == "same":
                x = np.pad(x, [(0, 0), _pads(x.shape[1], kh, stride), _pads(x.shape[2], kw, stride), (0, 0)])
            rows = np.arange(0, x.shape[1] - kh + 1, stride)
            cols = np.arange(0, x.shape[2] - kw + 1, stride)
            r = rows[:, None, None, None] + np.arange(kh)[None, None, :, None]
            c = cols[None, :, None, None] + np.arange(kw)[None, None, None, :]
            patches = x[:, r, c, :]  # (n, oh, ow, kh, kw, c)
            return np.einsum("nijpqc,pqcf->nijf", patches, W) + np.asarray(b, dtype=np.float32)

        def _windows(x, pool_size, stride):
            x = np.asarray(x)
            s = stride or pool_size
            rows = np.arange(0, x.shape[1] - pool_size + 1, s)
            cols = np.arange(0, x.shape[2] - pool_size + 1, s)
            r = rows[:, None, None, None] + np.arange(pool_size)[None, None, :, None]
            c = cols[None, :, None, None] + np.arange(pool_size)[None, None, None, :]
            return x[:, r, c, :]  # (n, oh, ow, p, p, c)

        def max_pool2d(x, pool_size=2, stride=None):
            return _windows(x, pool_size, stride).max(axis=(3, 4))

        def avg_pool2d(x, pool_size=2, stride=None):
            return _windows(x, pool_size, stride).astype(np.float32).mean(axis=(3, 4))
    """,
}


@pytest.mark.parametrize("name", ALTERNATIVES)
def test_accepts_alternative(grade, name):
    assert_accepted(grade("exercise12", ALTERNATIVES[name], base=None))


def test_stub_is_not_started(grade):
    result = grade("exercise12", base="stub")
    assert {c.status for c in result.checks} == {"not_started"}, [(c.id, c.status) for c in result.checks]


def test_code_that_asserts_divisibility_is_told_why(grade):
    """conv and pool code asserting that the stride divides the size: named as that, not given another hint."""
    result = grade("exercise12", """
        _conv, _pool = conv2d_forward, max_pool2d

        def conv2d_forward(x, W, b, stride=1, padding="valid"):
            if padding == "valid":
                assert (x.shape[1] - W.shape[0]) % stride == 0 and (x.shape[2] - W.shape[1]) % stride == 0
            return _conv(x, W, b, stride, padding)

        def max_pool2d(x, pool_size=2, stride=None):
            assert (x.shape[1] - pool_size) % (stride or pool_size) == 0
            return _pool(x, pool_size, stride)
    """, checks=["conv2d_strided", "conv2d_no_kernel_flip", "max_pool2d"])
    for check_id in ("conv2d_strided", "conv2d_no_kernel_flip", "max_pool2d"):
        outcome = result.get(check_id)
        assert outcome.status == "failed" and outcome.hint is None, (check_id, outcome.status, outcome.hint)
        assert "does not fit a whole number of strides" in outcome.message and "AssertionError" in outcome.message
