"""exercise13 checks reject typical mistakes and accept other correct implementations."""
import pytest

from conftest import assert_accepted, assert_rejected
from grader import catalog

# name: (check ids that must fail, word every message must contain (or {check id: word}), code appended to
# the solution)
WRONG = {
    "mask keeping a fraction rate (u < rate)": (["dropout_mask"], "about rate", """
        def dropout_forward(x, rate, training=True, seed=None):
            _check_rate(rate)
            x = np.asarray(x)
            if not training:
                return x.copy(), np.ones(x.shape, dtype=bool)
            mask = np.random.default_rng(seed).random(x.shape) < rate
            return x * mask / (1 - rate), mask
    """),
    "mask of 0.0/1.0 floats": (["dropout_mask"], "boolean", """
        def dropout_forward(x, rate, training=True, seed=None):
            _check_rate(rate)
            x = np.asarray(x)
            if not training:
                return x.copy(), np.ones(x.shape)
            mask = (np.random.default_rng(seed).random(x.shape) >= rate).astype(float)
            return x * mask / (1 - rate), mask
    """),
    "one mask value per row": (["dropout_mask"], "shape", """
        def dropout_forward(x, rate, training=True, seed=None):
            _check_rate(rate)
            x = np.asarray(x)
            if not training:
                return x.copy(), np.ones(x.shape, dtype=bool)
            mask = np.random.default_rng(seed).random((x.shape[0],) + (1,) * (x.ndim - 1)) >= rate
            return x * mask / (1 - rate), mask
    """),
    "non-inverted dropout (no scaling)": (["dropout_inverted_scaling"], "non-inverted", """
        def dropout_forward(x, rate, training=True, seed=None):
            _check_rate(rate)
            x = np.asarray(x)
            if not training:
                return x.copy(), np.ones(x.shape, dtype=bool)
            mask = np.random.default_rng(seed).random(x.shape) >= rate
            return x * mask, mask
    """),
    "scaling by 1 / rate": (["dropout_inverted_scaling"], "divided the kept units by rate", """
        def dropout_forward(x, rate, training=True, seed=None):
            _check_rate(rate)
            x = np.asarray(x)
            if not training:
                return x.copy(), np.ones(x.shape, dtype=bool)
            mask = np.random.default_rng(seed).random(x.shape) >= rate
            return x * mask / rate, mask
    """),
    "out from another draw than the returned mask": (["dropout_inverted_scaling"], "for the mask returned", """
        def dropout_forward(x, rate, training=True, seed=None):
            _check_rate(rate)
            x = np.asarray(x)
            if not training:
                return x.copy(), np.ones(x.shape, dtype=bool)
            rng = np.random.default_rng(seed)
            mask = rng.random(x.shape) >= rate
            return x * (rng.random(x.shape) >= rate) / (1 - rate), mask
    """),
    "rescaling by 1 - rate at inference": (["dropout_inference_identity"], "1 - rate", """
        _forward = dropout_forward

        def dropout_forward(x, rate, training=True, seed=None):
            if not training:
                return np.asarray(x) * (1 - rate), np.ones(np.shape(x), dtype=bool)
            return _forward(x, rate, training, seed)
    """),
    "dropout also at inference": (["dropout_inference_identity"], "at inference", """
        _forward = dropout_forward

        def dropout_forward(x, rate, training=True, seed=None):
            return _forward(x, rate, True, seed)
    """),
    "global random state, seed ignored": (["dropout_seed_reproducible"], "different masks", """
        def dropout_forward(x, rate, training=True, seed=None):
            _check_rate(rate)
            x = np.asarray(x)
            if not training:
                return x.copy(), np.ones(x.shape, dtype=bool)
            mask = np.random.random(x.shape) >= rate
            return x * mask / (1 - rate), mask
    """),
    "fixed seed whatever the argument": (["dropout_seed_reproducible"], "same mask for seeds", """
        def dropout_forward(x, rate, training=True, seed=None):
            _check_rate(rate)
            x = np.asarray(x)
            if not training:
                return x.copy(), np.ones(x.shape, dtype=bool)
            mask = np.random.default_rng(42).random(x.shape) >= rate
            return x * mask / (1 - rate), mask
    """),
    "backward without the scale": (["dropout_backward_uses_mask"], "did not scale", """
        def dropout_backward(dout, mask, rate):
            _check_rate(rate)
            return np.asarray(dout) * np.asarray(mask)
    """),
    "backward drawing a new mask": (["dropout_backward_uses_mask"], "mask", """
        def dropout_backward(dout, mask, rate):
            _check_rate(rate)
            dout = np.asarray(dout)
            new_mask = np.random.default_rng(0).random(dout.shape) >= rate
            return dout * new_mask / (1 - rate)
    """),
    "backward ignoring the mask": (["dropout_backward_uses_mask"], "ignored the mask", """
        def dropout_backward(dout, mask, rate):
            _check_rate(rate)
            return np.asarray(dout) / (1 - rate)
    """),
    "no rate validation": (["dropout_rejects_rate"], "should raise ValueError", """
        def _check_rate(rate):
            pass
    """),
    "negative rates accepted": (["dropout_rejects_rate"], "rate=-0.1", """
        def _check_rate(rate):
            if rate >= 1:
                raise ValueError("rate must be below 1")
    """),
    "rate 0 rejected": (["dropout_rejects_rate"], "rate=0.0 is allowed", """
        def _check_rate(rate):
            if not 0 < rate < 1:
                raise ValueError("rate must be in (0, 1)")
    """),
}


@pytest.mark.parametrize("name", WRONG)
def test_rejects(grade, name):
    checks, mention, code = WRONG[name]
    result = grade("exercise13", code, checks=checks)
    for check_id in checks:
        assert_rejected(result, [check_id], [mention[check_id] if isinstance(mention, dict) else mention])


def test_every_check_rejects_something():
    covered = {check_id for checks, _, _ in WRONG.values() for check_id in checks}
    assert covered == {c.id for c in catalog.resolve("exercise13").checks}


ALTERNATIVES = {
    "rng.binomial mask and np.where, x itself at inference": """
        import numpy as np

        def dropout_forward(x, rate, training=True, seed=None):
            if rate < 0 or rate >= 1:
                raise ValueError(f"bad rate {rate}")
            if not training:
                return x, np.full(np.shape(x), True)
            x = np.asarray(x)
            mask = np.random.default_rng(seed).binomial(1, 1 - rate, size=x.shape).astype(bool)
            return np.where(mask, x / (1 - rate), 0).astype(x.dtype), mask

        def dropout_backward(dout, mask, rate):
            if not (0 <= rate < 1):
                raise ValueError("rate")
            return np.where(mask, dout, 0.0) / (1 - rate)
    """,
    "legacy RandomState, float64 output, loops in backward": """
        import numpy as np

        def dropout_forward(x, rate, training=True, seed=None):
            if not 0 <= rate < 1:
                raise ValueError("rate must satisfy 0 <= rate < 1")
            x = np.array(x, dtype=np.float64)
            if not training:
                return x, np.ones_like(x, dtype=bool)
            keep = 1.0 - rate
            mask = np.random.RandomState(seed).rand(*x.shape) < keep
            return x * (mask * (1.0 / keep)), mask

        def dropout_backward(dout, mask, rate):
            if not 0 <= rate < 1:
                raise ValueError("rate must satisfy 0 <= rate < 1")
            dout = np.asarray(dout, dtype=np.float64)
            dx = np.zeros_like(dout)
            for index in np.ndindex(dout.shape):
                if mask[index]:
                    dx[index] = dout[index] / (1 - rate)
            return dx
    """,
}


@pytest.mark.parametrize("name", ALTERNATIVES)
def test_accepts_alternative(grade, name):
    assert_accepted(grade("exercise13", ALTERNATIVES[name], base=None))


def test_stub_is_not_started(grade):
    result = grade("exercise13", base="stub")
    assert {c.status for c in result.checks} == {"not_started"}, [(c.id, c.status) for c in result.checks]
