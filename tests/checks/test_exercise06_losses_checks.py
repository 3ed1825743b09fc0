"""exercise06 checks reject typical mistakes and accept other correct implementations."""
import pytest

from conftest import assert_accepted, assert_rejected
from grader import catalog

# name: (check ids that must fail, word the message must contain, code appended to the solution)
WRONG = {
    "one-hot with c = max(y) (off by one)": (["to_categorical"], "max(y) + 1", """
        def to_categorical(y, num_classes=None):
            y = np.asarray(y).reshape(-1).astype(int)
            c = int(y.max()) if num_classes is None else num_classes
            return np.eye(c)[y]
    """),
    "one-hot without squeezing (n, 1) labels": (["to_categorical"], "to_categorical", """
        def to_categorical(y, num_classes=None):
            y = np.asarray(y).astype(int)
            c = int(y.max()) + 1 if num_classes is None else num_classes
            if y.min() < 0 or y.max() >= c:
                raise ValueError("label out of range")
            out = np.zeros((len(y), c))
            out[np.arange(len(y)), y] = 1.0
            return out
    """),
    "one-hot of integers": (["to_categorical"], "float", """
        def to_categorical(y, num_classes=None):
            y = np.asarray(y).reshape(-1).astype(int)
            c = int(y.max()) + 1 if num_classes is None else num_classes
            return (y[:, None] == np.arange(c)).astype(int)
    """),
    "one-hot ignoring num_classes": (["to_categorical"], "num_classes", """
        def to_categorical(y, num_classes=None):
            y = np.asarray(y).reshape(-1).astype(int)
            return np.eye(int(y.max()) + 1)[y]
    """),
    "float labels used as indices": (["to_categorical"], "integral floats", """
        def to_categorical(y, num_classes=None):
            y = np.asarray(y).reshape(-1)
            c = int(y.max()) + 1 if num_classes is None else num_classes
            out = np.zeros((len(y), c))
            out[np.arange(len(y)), y] = 1.0
            return out
    """),
    "np.eye indexing wraps -1 silently": (["to_categorical_rejects_bad_labels"], "negative label", """
        def to_categorical(y, num_classes=None):
            y = np.asarray(y).reshape(-1).astype(int)
            c = int(y.max()) + 1 if num_classes is None else num_classes
            return np.eye(c)[y]
    """),
    "only negatives rejected, labels >= num_classes raise IndexError": (
        ["to_categorical_rejects_bad_labels"], "IndexError", """
        def to_categorical(y, num_classes=None):
            y = np.asarray(y).reshape(-1).astype(int)
            if y.min() < 0:
                raise ValueError("negative label")
            c = int(y.max()) + 1 if num_classes is None else num_classes
            out = np.zeros((len(y), c))
            out[np.arange(len(y)), y] = 1.0
            return out
    """),
    "CCE averaged over the classes too": (["categorical_crossentropy"], "categorical_crossentropy", """
        def categorical_crossentropy(y_true, y_pred, epsilon=1e-7):
            p = np.clip(np.asarray(y_pred, dtype=float), epsilon, 1 - epsilon)
            return float(np.mean(-np.asarray(y_true) * np.log(p)))
    """),
    "CCE per sample (no batch mean)": (["categorical_crossentropy", "loss_clipping"], "one number", """
        def categorical_crossentropy(y_true, y_pred, epsilon=1e-7):
            p = np.clip(np.asarray(y_pred, dtype=float), epsilon, 1 - epsilon)
            return -np.sum(np.asarray(y_true) * np.log(p), axis=-1)
    """),
    "CCE summed over the batch": (["categorical_crossentropy"], "categorical_crossentropy", """
        def categorical_crossentropy(y_true, y_pred, epsilon=1e-7):
            p = np.clip(np.asarray(y_pred, dtype=float), epsilon, 1 - epsilon)
            return float(-np.sum(np.asarray(y_true) * np.log(p)))
    """),
    "no clipping": (["loss_clipping"], "Clip y_pred", """
        def categorical_crossentropy(y_true, y_pred, epsilon=1e-7):
            return float(np.mean(-np.sum(np.asarray(y_true) * np.log(y_pred), axis=-1)))

        def binary_crossentropy(y_true, y_pred, epsilon=1e-7):
            y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
            return float(np.mean(-(y_true * np.log(y_pred) + (1 - y_true) * np.log(1 - y_pred))))
    """),
    "BCE clipped only from below": (["loss_clipping"], "binary_crossentropy", """
        def binary_crossentropy(y_true, y_pred, epsilon=1e-7):
            y_true = np.asarray(y_true, dtype=float)
            p = np.maximum(np.asarray(y_pred, dtype=float), epsilon)
            return float(np.mean(-(y_true * np.log(p) + (1 - y_true) * np.log(1 - p))))
    """),
    "epsilon argument ignored (always 1e-7)": (["loss_clipping"], "epsilon=", """
        def categorical_crossentropy(y_true, y_pred, epsilon=1e-7):
            p = np.clip(np.asarray(y_pred, dtype=float), 1e-7, 1 - 1e-7)
            return float(np.mean(-np.sum(np.asarray(y_true) * np.log(p), axis=-1)))
    """),
    "CCE ignoring epsilon (always 1e-3)": (["categorical_crossentropy"], "instead of the epsilon argument", """
        def categorical_crossentropy(y_true, y_pred, epsilon=1e-7):
            p = np.clip(np.asarray(y_pred, dtype=float), 1e-3, 1 - 1e-3)
            return float(np.mean(-np.sum(np.asarray(y_true) * np.log(p), axis=-1)))
    """),
    "clipping y_pred in place": (["loss_clipping"], "in place", """
        def binary_crossentropy(y_true, y_pred, epsilon=1e-7):
            y_true = np.asarray(y_true, dtype=float)
            np.clip(y_pred, epsilon, 1 - epsilon, out=y_pred)
            return float(np.mean(-(y_true * np.log(y_pred) + (1 - y_true) * np.log(1 - y_pred))))
    """),
    "BCE with one term": (["binary_crossentropy"], "binary_crossentropy", """
        def binary_crossentropy(y_true, y_pred, epsilon=1e-7):
            p = np.clip(np.asarray(y_pred, dtype=float), epsilon, 1 - epsilon)
            return float(np.mean(-np.asarray(y_true) * np.log(p)))
    """),
    "BCE summed instead of averaged": (["binary_crossentropy"], "binary_crossentropy", """
        def binary_crossentropy(y_true, y_pred, epsilon=1e-7):
            y_true = np.asarray(y_true, dtype=float)
            p = np.clip(np.asarray(y_pred, dtype=float), epsilon, 1 - epsilon)
            return float(np.sum(-(y_true * np.log(p) + (1 - y_true) * np.log(1 - p))))
    """),
    "MSE summed over the last axis": (["mean_squared_error"], "mean_squared_error", """
        def mean_squared_error(y_true, y_pred):
            diff = np.asarray(y_true, dtype=float) - np.asarray(y_pred, dtype=float)
            return float(np.mean(np.sum(diff ** 2, axis=-1)))
    """),
    "mean absolute error instead of MSE": (["mean_squared_error"], "mean_squared_error", """
        def mean_squared_error(y_true, y_pred):
            return float(np.mean(np.abs(np.asarray(y_true) - np.asarray(y_pred))))
    """),
    "accuracy comparing one-hot matrices element-wise": (["accuracy"], "one-hot", """
        def accuracy(y_true, y_pred):
            y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
            predicted = np.argmax(y_pred, axis=-1)
            if y_true.ndim == 2:
                return float(np.mean(y_true == np.eye(y_pred.shape[-1])[predicted]))
            return float(np.mean(predicted == y_true))
    """),
    "accuracy comparing one-hot y_true with predicted labels": (["accuracy"], "accuracy", """
        def accuracy(y_true, y_pred):
            return float(np.mean(np.argmax(y_pred, axis=-1) == np.asarray(y_true)))
    """),
    "accuracy with argmax over the batch axis": (["accuracy"], "accuracy", """
        def accuracy(y_true, y_pred):
            y_true = np.asarray(y_true)
            labels = y_true.argmax(axis=-1) if y_true.ndim == 2 else y_true
            predicted = np.argmax(np.asarray(y_pred), axis=0)
            return float(np.mean(predicted[:len(labels)] == labels[:len(predicted)]))
    """),
    "accuracy returning the count": (["accuracy"], "fraction", """
        def accuracy(y_true, y_pred):
            y_true = np.asarray(y_true)
            labels = y_true.argmax(axis=-1) if y_true.ndim == 2 else y_true
            return int(np.sum(np.argmax(y_pred, axis=-1) == labels))
    """),
}


@pytest.mark.parametrize("name", WRONG)
def test_rejects(grade, name):
    checks, mention, code = WRONG[name]
    assert_rejected(grade("exercise06", code, checks=checks), checks, [mention])


def test_every_check_rejects_something():
    covered = {check_id for checks, _, _ in WRONG.values() for check_id in checks}
    assert covered == {c.id for c in catalog.resolve("exercise06").checks}


ALTERNATIVES = {
    "loops, math.log and Python floats": """
        import math

        import numpy as np


        def to_categorical(y, num_classes=None):
            labels = []
            for value in np.asarray(y).reshape(-1).tolist():
                if value != int(value) or value < 0:
                    raise ValueError(f"bad label {value}")
                labels.append(int(value))
            c = max(labels) + 1 if num_classes is None else num_classes
            rows = []
            for label in labels:
                if label >= c:
                    raise ValueError(f"label {label} >= num_classes {c}")
                row = [0.0] * c
                row[label] = 1.0
                rows.append(row)
            return np.array(rows)


        def _clip(p, epsilon):
            return min(max(p, epsilon), 1 - epsilon)


        def categorical_crossentropy(y_true, y_pred, epsilon=1e-7):
            total = 0.0
            for t_row, p_row in zip(np.asarray(y_true).tolist(), np.asarray(y_pred).tolist()):
                total += -sum(t * math.log(_clip(p, epsilon)) for t, p in zip(t_row, p_row))
            return total / len(y_true)


        def binary_crossentropy(y_true, y_pred, epsilon=1e-7):
            ts = np.asarray(y_true, dtype=float).reshape(-1).tolist()
            ps = np.asarray(y_pred, dtype=float).reshape(-1).tolist()
            total = 0.0
            for t, p in zip(ts, ps):
                p = _clip(p, epsilon)
                total -= t * math.log(p) + (1 - t) * math.log(1 - p)
            return total / len(ts)


        def mean_squared_error(y_true, y_pred):
            ts = np.asarray(y_true, dtype=float).reshape(-1).tolist()
            ps = np.asarray(y_pred, dtype=float).reshape(-1).tolist()
            return sum((t - p) ** 2 for t, p in zip(ts, ps)) / len(ts)


        def accuracy(y_true, y_pred):
            y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
            correct = 0
            for i in range(len(y_pred)):
                label = int(np.argmax(y_true[i])) if y_true.ndim == 2 else int(y_true[i])
                correct += int(np.argmax(y_pred[i])) == label
            return correct / len(y_pred)
    """,
    "float32 throughout, as Keras computes": """
        import numpy as np


        def to_categorical(y, num_classes=None):
            y = np.asarray(y)
            if y.ndim == 2 and y.shape[-1] == 1:
                y = np.squeeze(y, axis=-1)
            labels = y.astype(np.int64)
            if np.any(labels < 0):
                raise ValueError("labels must be >= 0")
            if num_classes is None:
                num_classes = int(np.max(labels)) + 1
            if np.any(labels >= num_classes):
                raise ValueError("label out of range")
            return np.eye(num_classes, dtype=np.float32)[labels]


        def categorical_crossentropy(y_true, y_pred, epsilon=1e-7):
            y_true = np.asarray(y_true, dtype=np.float32)
            p = np.clip(np.asarray(y_pred, dtype=np.float32), epsilon, 1.0 - epsilon)
            return np.mean(-np.sum(y_true * np.log(p), axis=-1))


        def binary_crossentropy(y_true, y_pred, epsilon=1e-7):
            y_true = np.asarray(y_true, dtype=np.float32)
            p = np.clip(np.asarray(y_pred, dtype=np.float32), epsilon, 1.0 - epsilon)
            return np.mean(-(y_true * np.log(p) + (1.0 - y_true) * np.log1p(-p)))


        def mean_squared_error(y_true, y_pred):
            return np.mean(np.square(np.subtract(y_true, y_pred, dtype=np.float32)))


        def accuracy(y_true, y_pred):
            y_true = np.asarray(y_true)
            if y_true.ndim > 1:
                y_true = np.argmax(y_true, axis=-1)
            return np.mean(np.equal(np.argmax(y_pred, axis=-1), y_true).astype(np.float32))
    """,
}


@pytest.mark.parametrize("name", ALTERNATIVES)
def test_accepts_alternative(grade, name):
    assert_accepted(grade("exercise06", ALTERNATIVES[name], base=None))


def test_stub_is_not_started(grade):
    result = grade("exercise06", base="stub")
    assert {c.status for c in result.checks} == {"not_started"}, [(c.id, c.status) for c in result.checks]


# The hint each case must show, by check: the catalog hint when the check confirmed the mistake it names,
# None when the message states only what was observed or names another mistake.
HINTS = {
    "CCE averaged over the classes too": {"categorical_crossentropy": "Sum over the class axis"},
    "CCE summed over the batch": {"categorical_crossentropy": None},
    "CCE ignoring epsilon (always 1e-3)": {"categorical_crossentropy": None},
    "epsilon argument ignored (always 1e-7)": {"loss_clipping": "using the epsilon argument"},
    "BCE with one term": {"binary_crossentropy": "Both terms are needed"},
    "BCE summed instead of averaged": {"binary_crossentropy": None},
    "MSE summed over the last axis": {"mean_squared_error": "not only one axis"},
}


@pytest.mark.parametrize("name", HINTS)
def test_hint_is_the_one_for_the_mistake(grade, name):
    checks, _, code = WRONG[name]
    result = grade("exercise06", code, checks=list(HINTS[name]))
    for check_id, hint in HINTS[name].items():
        shown = result.get(check_id).hint
        assert (shown is None) if hint is None else (shown is not None and hint in shown), (check_id, shown)
