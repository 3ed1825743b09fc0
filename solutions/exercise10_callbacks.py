"""Reference solution for exercise10: Keras callbacks (콜백) and the rules they follow.

make_callbacks builds the note's three callbacks; the other functions restate Keras 3's rules in
plain Python (tests/reference/test_reference_exercise10_callbacks.py drives the real callbacks to prove it).
"""

import os

import keras

CHECKPOINT_TEMPLATE = "weights.{epoch:03d}-{val_loss:.4f}-{acc:.4f}.weights.h5"

# What Keras 3's mode="auto" resolves a compiled metric to (its direction), with or without "val_".
MAX_METRICS = frozenset({
    "acc", "accuracy", "binary_accuracy", "categorical_accuracy", "sparse_categorical_accuracy",
    "top_k_categorical_accuracy", "auc", "precision", "recall", "f1_score", "r2_score",
    "cosine_similarity", "pearson_correlation", "concordance_correlation"})
MIN_METRICS = frozenset({
    "loss", "mse", "mae", "mape", "msle", "mean_squared_error", "mean_absolute_error",
    "mean_absolute_percentage_error", "mean_squared_logarithmic_error", "categorical_crossentropy",
    "binary_crossentropy", "sparse_categorical_crossentropy", "kl_divergence", "poisson", "hinge",
    "squared_hinge", "categorical_hinge", "root_mean_squared_error"})


def make_callbacks(checkpoint_dir, lr_patience=2, stop_patience=3):
    """[ModelCheckpoint, ReduceLROnPlateau, EarlyStopping] as in the note, all watching val_loss."""
    checkpoint = keras.callbacks.ModelCheckpoint(
        filepath=os.path.join(checkpoint_dir, CHECKPOINT_TEMPLATE), monitor="val_loss",
        save_weights_only=True, save_best_only=False, mode="min")
    reduce_lr = keras.callbacks.ReduceLROnPlateau(monitor="val_loss", factor=0.1, patience=lr_patience, mode="min")
    early_stopping = keras.callbacks.EarlyStopping(monitor="val_loss", patience=stop_patience, mode="min")
    return [checkpoint, reduce_lr, early_stopping]


def checkpoint_path(template, epoch, logs):
    """The file name ModelCheckpoint writes after the 1-based ``epoch`` with these logs."""
    return template.format(epoch=epoch, **logs)


def infer_mode(monitor):
    """'min' or 'max': what mode="auto" resolves to for a monitored metric name."""
    name = monitor.removeprefix("val_")
    if name in MIN_METRICS:
        return "min"
    if name in MAX_METRICS:
        return "max"
    raise ValueError(f"cannot tell whether {monitor!r} should go up or down; pass mode='min' or mode='max'")


def _check_mode(mode):
    if mode not in ("min", "max"):
        raise ValueError(f"mode must be 'min' or 'max', got {mode!r}")


def _improves(value, best, mode, min_delta):
    """Keras's shared improvement test: strictly better than best by more than |min_delta|."""
    if best is None:
        return True
    return value + abs(min_delta) < best if mode == "min" else value - abs(min_delta) > best


def early_stopping_epoch(values, patience, mode="min", min_delta=0.0):
    """0-based epoch after which EarlyStopping stops training on ``values``, or None if it never does."""
    _check_mode(mode)
    best, wait = None, 0
    for epoch, value in enumerate(values):
        value = float(value)
        wait += 1
        if _improves(value, best, mode, min_delta):
            best, wait = value, 0
        elif wait >= patience and epoch > 0:
            return epoch
    return None


def reduce_lr_schedule(values, lr, factor=0.1, patience=10, mode="min", min_delta=1e-4, min_lr=0.0):
    """Learning rate in effect after each epoch under ReduceLROnPlateau (cooldown 0)."""
    _check_mode(mode)
    if factor >= 1.0:
        raise ValueError(f"factor must be < 1 (it shrinks the learning rate), got {factor}")
    lr, best, wait, schedule = float(lr), None, 0, []
    for value in values:
        value = float(value)
        if _improves(value, best, mode, min_delta):
            best, wait = value, 0
        else:
            wait += 1
            if wait >= patience and lr > min_lr:
                lr, wait = max(lr * factor, min_lr), 0
        schedule.append(lr)
    return schedule
