"""exercise10 checks reject typical mistakes and accept other correct implementations.

Every grading run starts a worker that imports TensorFlow, so wrong functions aimed at different
checks share one submission, and each run is limited to the checks it targets.
"""
import pytest

from conftest import assert_accepted, assert_rejected
from grader import catalog

# Wrong versions, one per function, combined into submissions (the later def wins over the solution's).
ORDER = """
    def make_callbacks(checkpoint_dir, lr_patience=2, stop_patience=3):
        checkpoint, reduce_lr, early_stopping = _reference_callbacks(checkpoint_dir, lr_patience, stop_patience)
        return [early_stopping, reduce_lr, checkpoint]
"""
HELPER = """
    import os

    def _reference_callbacks(checkpoint_dir, lr_patience, stop_patience, **changes):
        settings = {
            "checkpoint": dict(filepath=os.path.join(checkpoint_dir, CHECKPOINT_TEMPLATE), monitor="val_loss",
                               save_weights_only=True, save_best_only=False, mode="min"),
            "reduce_lr": dict(monitor="val_loss", factor=0.1, patience=lr_patience, mode="min"),
            "early_stopping": dict(monitor="val_loss", patience=stop_patience, mode="min"),
        }
        for name, update in changes.items():
            settings[name].update(update)
        return (keras.callbacks.ModelCheckpoint(**settings["checkpoint"]),
                keras.callbacks.ReduceLROnPlateau(**settings["reduce_lr"]),
                keras.callbacks.EarlyStopping(**settings["early_stopping"]))
"""


def changed(**changes):
    """A make_callbacks that differs from the note's in the given constructor settings."""
    return HELPER + f"""
    def make_callbacks(checkpoint_dir, lr_patience=2, stop_patience=3):
        return list(_reference_callbacks(checkpoint_dir, lr_patience, stop_patience, **{changes!r}))
"""


SUBMISSIONS = {
    # name: ({check id: word its message must contain}, code appended to the solution)
    "wrong order, 0-based file names, 'acc' in name, ties improve, rate before the reduction": (
        {"make_callbacks_settings": "in this order", "checkpoint_path": "already 1-based", "infer_mode": "'auc'",
         "early_stopping_epoch": "early_stopping_epoch", "reduce_lr_schedule": "during"},
        HELPER + ORDER + """
    def checkpoint_path(template, epoch, logs):
        return template.format(epoch=epoch - 1, **logs)

    def infer_mode(monitor):
        return "max" if "acc" in monitor else "min"

    def early_stopping_epoch(values, patience, mode="min", min_delta=0.0):
        best, wait = None, 0
        for epoch, value in enumerate(values):
            wait += 1
            if best is None or value + min_delta <= best:
                best, wait = value, 0
            elif wait >= patience and epoch > 0:
                return epoch
        return None

    def reduce_lr_schedule(values, lr, factor=0.1, patience=10, mode="min", min_delta=1e-4, min_lr=0.0):
        best, wait, rates = None, 0, []
        for value in values:
            rates.append(lr)
            if best is None or value < best - min_delta:
                best, wait = value, 0
            else:
                wait += 1
                if wait >= patience and lr > min_lr:
                    lr, wait = max(lr * factor, min_lr), 0
        return rates
    """),
    "save_best_only, epoch + 1, 'loss' in name, wait > patience, wait not reset": (
        {"make_callbacks_settings": "save_best_only", "checkpoint_path": "already 1-based",
         "infer_mode": "'mae'", "early_stopping_epoch": "late", "reduce_lr_schedule": "reduce_lr_schedule"},
        changed(checkpoint={"save_best_only": True}) + """
    def checkpoint_path(template, epoch, logs):
        return template.format(epoch=epoch + 1, **logs)

    def infer_mode(monitor):
        return "min" if "loss" in monitor else "max"

    def early_stopping_epoch(values, patience, mode="min", min_delta=0.0):
        best, wait = None, 0
        for epoch, value in enumerate(values):
            if best is None or value + min_delta < best:
                best, wait = value, 0
            else:
                wait += 1
                if wait > patience:
                    return epoch
        return None

    def reduce_lr_schedule(values, lr, factor=0.1, patience=10, mode="min", min_delta=1e-4, min_lr=0.0):
        best, wait, rates = None, 0, []
        for value in values:
            if best is None or value < best - min_delta:
                best, wait = value, 0
            else:
                wait += 1
                if wait >= patience:
                    lr = max(lr * factor, min_lr)
            rates.append(lr)
        return rates
    """),
    "hard-coded patience, the note's file name only, stops at epoch 0, min_delta ignored": (
        {"make_callbacks_settings": "lr_patience", "checkpoint_path": "checkpoint_path",
         "early_stopping_epoch": "epoch 0", "reduce_lr_schedule": "reduce_lr_schedule"},
        HELPER + """
    def make_callbacks(checkpoint_dir, lr_patience=2, stop_patience=3):
        return list(_reference_callbacks(checkpoint_dir, 2, 3))

    def checkpoint_path(template, epoch, logs):
        return f"weights.{epoch:03d}-{logs['val_loss']:.4f}-{logs['acc']:.4f}.weights.h5"

    def early_stopping_epoch(values, patience, mode="min", min_delta=0.0):
        best, wait = values[0], 0
        for epoch, value in enumerate(values):
            if value + min_delta < best:
                best, wait = value, 0
            else:
                wait += 1
                if wait >= patience:
                    return epoch
        return None

    def reduce_lr_schedule(values, lr, factor=0.1, patience=10, mode="min", min_delta=1e-4, min_lr=0.0):
        best, wait, rates = float("inf"), 0, []
        for value in values:
            if value < best:
                best, wait = value, 0
            else:
                wait += 1
                if wait >= patience and lr > min_lr:
                    lr, wait = max(lr * factor, min_lr), 0
            rates.append(lr)
        return rates
    """),
    "mode left to 'auto', max handled as min, min_lr ignored": (
        {"make_callbacks_settings": "mode", "early_stopping_options": "mode='max'",
         "reduce_lr_options": "min_lr"},
        """
    def make_callbacks(checkpoint_dir, lr_patience=2, stop_patience=3):
        return [keras.callbacks.ModelCheckpoint(os.path.join(checkpoint_dir, CHECKPOINT_TEMPLATE),
                                                save_weights_only=True),
                keras.callbacks.ReduceLROnPlateau(factor=0.1, patience=lr_patience),
                keras.callbacks.EarlyStopping(patience=stop_patience)]

    def early_stopping_epoch(values, patience, mode="min", min_delta=0.0):
        best, wait = None, 0
        for epoch, value in enumerate(values):
            wait += 1
            if best is None or value + min_delta < best:
                best, wait = value, 0
            elif wait >= patience and epoch > 0:
                return epoch
        return None

    def reduce_lr_schedule(values, lr, factor=0.1, patience=10, mode="min", min_delta=1e-4, min_lr=0.0):
        better = (lambda v, b: v < b - min_delta) if mode == "min" else (lambda v, b: v > b + min_delta)
        best, wait, rates = None, 0, []
        for value in values:
            if best is None or better(value, best):
                best, wait = value, 0
            else:
                wait += 1
                if wait >= patience:
                    lr, wait = lr * factor, 0
            rates.append(lr)
        return rates
    """),
    "custom callback subclass, min_delta ignored, mode ignored": (
        {"make_callbacks_settings": "not supported in this exercise", "make_callbacks_training": "not supported",
         "early_stopping_options": "min_delta", "reduce_lr_options": "mode='max'"},
        HELPER + """
    class PatientEarlyStopping(keras.callbacks.EarlyStopping):
        def on_epoch_end(self, epoch, logs=None):
            print("epoch", epoch)
            super().on_epoch_end(epoch, logs)

    def make_callbacks(checkpoint_dir, lr_patience=2, stop_patience=3):
        checkpoint, reduce_lr, _ = _reference_callbacks(checkpoint_dir, lr_patience, stop_patience)
        return [checkpoint, reduce_lr, PatientEarlyStopping(monitor="val_loss", patience=stop_patience, mode="min")]

    def early_stopping_epoch(values, patience, mode="min", min_delta=0.0):
        best, wait = None, 0
        for epoch, value in enumerate(values):
            wait += 1
            better = best is None or (value < best if mode == "min" else value > best)
            if better:
                best, wait = value, 0
            elif wait >= patience and epoch > 0:
                return epoch
        return None

    def reduce_lr_schedule(values, lr, factor=0.1, patience=10, mode="min", min_delta=1e-4, min_lr=0.0):
        best, wait, rates = None, 0, []
        for value in values:
            if best is None or value < best - min_delta:
                best, wait = value, 0
            else:
                wait += 1
                if wait >= patience and lr > min_lr:
                    lr, wait = max(lr * factor, min_lr), 0
            rates.append(lr)
        return rates
    """),
    "template glued to the folder without a separator": (
        {"make_callbacks_settings": "filepath", "make_callbacks_training": "not inside checkpoint_dir"},
        changed() + """
    def make_callbacks(checkpoint_dir, lr_patience=2, stop_patience=3):
        checkpoint, reduce_lr, early_stopping = _reference_callbacks(checkpoint_dir, lr_patience, stop_patience)
        checkpoint = keras.callbacks.ModelCheckpoint(checkpoint_dir + CHECKPOINT_TEMPLATE, monitor="val_loss",
                                                     save_weights_only=True, save_best_only=False, mode="min")
        return [checkpoint, reduce_lr, early_stopping]
    """),
    "EarlyStopping with min_delta=0.001": (
        {"make_callbacks_training": "EarlyStopping(min_delta=0.001)"},
        changed(early_stopping={"min_delta": 0.001}),
    ),
    "ReduceLROnPlateau with min_lr=0.001": (
        {"make_callbacks_training": "ReduceLROnPlateau(min_lr=0.001)"},
        changed(reduce_lr={"min_lr": 0.001}),
    ),
}


@pytest.mark.parametrize("name", SUBMISSIONS)
def test_rejects(grade, name):
    expected, code = SUBMISSIONS[name]
    result = grade("exercise10", code, checks=list(expected))
    for check_id, mention in expected.items():
        assert_rejected(result, [check_id], [mention])


def test_every_check_rejects_something():
    covered = {check_id for expected, _ in SUBMISSIONS.values() for check_id in expected}
    assert covered == {c.id for c in catalog.resolve("exercise10").checks}


ALTERNATIVES = {
    "Path objects, positional arguments, format_map, best-epoch bookkeeping, NumPy array of rates": """
        import itertools
        from pathlib import Path

        import keras
        import numpy as np
        from keras.callbacks import EarlyStopping, ModelCheckpoint, ReduceLROnPlateau

        NAME = "weights.{epoch:03d}-{val_loss:.4f}-{acc:.4f}.weights.h5"
        MODES = {"loss": "min", "mae": "min", "mse": "min", "acc": "max", "accuracy": "max", "auc": "max"}

        def make_callbacks(checkpoint_dir, lr_patience=2, stop_patience=3):
            # ModelCheckpoint(filepath, monitor, verbose, save_best_only, save_weights_only, mode)
            return [ModelCheckpoint(Path(checkpoint_dir) / NAME, "val_loss", 0, False, True, "min"),
                    ReduceLROnPlateau("val_loss", 0.1, lr_patience, mode="min"),
                    EarlyStopping(monitor="val_loss", patience=stop_patience, mode="min", restore_best_weights=True)]

        def checkpoint_path(template, epoch, logs):
            return template.format_map({**logs, "epoch": epoch})

        def infer_mode(monitor):
            return MODES[monitor[4:] if monitor.startswith("val_") else monitor]

        def early_stopping_epoch(values, patience, mode="min", min_delta=0.0):
            sign = 1.0 if mode == "min" else -1.0
            best, best_epoch = None, 0
            for epoch, value in zip(itertools.count(), values):
                score = sign * value
                if best is None or score + abs(min_delta) < best:
                    best, best_epoch = score, epoch
                elif epoch - best_epoch >= max(patience, 1):
                    return epoch
            return None

        def reduce_lr_schedule(values, lr, factor=0.1, patience=10, mode="min", min_delta=1e-4, min_lr=0.0):
            better = (lambda v, b: v < b - min_delta) if mode == "min" else (lambda v, b: v > b + min_delta)
            rates = np.empty(len(values))
            best, wait = None, 0
            for i, value in enumerate(values):
                if best is None or better(value, best):
                    best, wait = value, 0
                else:
                    wait += 1
                    if wait >= patience and lr > min_lr:
                        lr, wait = max(lr * factor, min_lr), 0
                rates[i] = lr
            return rates
    """,
    "string paths, verbose callbacks, a tuple, Keras's own file naming, while loops and a generator": """
        import keras
        import numpy as np

        def make_callbacks(checkpoint_dir, lr_patience=2, stop_patience=3):
            path = checkpoint_dir.rstrip("/") + "/weights.{epoch:03d}-{val_loss:.4f}-{acc:.4f}.weights.h5"
            cbs = keras.callbacks
            return (cbs.ModelCheckpoint(filepath=path, monitor="val_loss", verbose=1, save_best_only=False,
                                        save_weights_only=True, mode="min"),
                    cbs.ReduceLROnPlateau(monitor="val_loss", factor=0.1, patience=lr_patience, mode="min", verbose=1),
                    cbs.EarlyStopping(monitor="val_loss", patience=stop_patience, mode="min", verbose=1))

        def checkpoint_path(template, epoch, logs):
            # Let Keras name it: ModelCheckpoint counts epochs from 0 internally.
            return keras.callbacks.ModelCheckpoint(template)._get_file_path(epoch - 1, None, logs)

        def infer_mode(monitor):
            name = monitor.replace("val_", "", 1) if monitor.startswith("val_") else monitor
            if name in ("acc", "accuracy", "auc"):
                return "max"
            if name in ("loss", "mae", "mse"):
                return "min"
            raise ValueError(f"pass mode explicitly for {monitor}")

        def early_stopping_epoch(values, patience, mode="min", min_delta=0.0):
            values = np.asarray(values, dtype=float)
            if mode == "max":
                values = -values
            i, wait, best = 0, 0, np.inf
            while i < len(values):
                if values[i] < best - min_delta or i == 0:
                    best, wait = values[i], 0
                else:
                    wait += 1
                    if wait >= patience:
                        return np.int64(i)
                i += 1
            return None

        def reduce_lr_schedule(values, lr, factor=0.1, patience=10, mode="min", min_delta=1e-4, min_lr=0.0):
            def rates():
                nonlocal lr
                best, wait = (np.inf if mode == "min" else -np.inf), 0
                for value in values:
                    improved = value < best - min_delta if mode == "min" else value > best + min_delta
                    if improved:
                        best, wait = value, 0
                        yield lr
                        continue
                    wait += 1
                    if wait >= patience and lr > min_lr:
                        lr = max(lr * factor, min_lr)
                        wait = 0
                    yield lr
            return list(rates())
    """,
}


@pytest.mark.parametrize("name", ALTERNATIVES)
def test_accepts_alternative(grade, name):
    assert_accepted(grade("exercise10", ALTERNATIVES[name], base=None))


def test_stub_is_not_started(grade):
    result = grade("exercise10", base="stub")
    assert {c.status for c in result.checks} == {"not_started"}, [(c.id, c.status) for c in result.checks]
    assert result.score == 0
