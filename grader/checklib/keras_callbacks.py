"""Helpers for exercise10's checks of Keras callbacks: the returned list, one setting, a scripted training run.

The callbacks cross from the worker as class name and settings and are rebuilt here as the real
Keras classes (grader/keras_rebuild.py), so they can train a model in this (trusted) process.
"""
import math
import os

import numpy as np

from grader.checklib.compare import describe
from grader.checklib.keras_checks import image_dataset
from grader.i18n import t
from grader.keras_rebuild import Unsupported, keras

ORDER = ("ModelCheckpoint", "ReduceLROnPlateau", "EarlyStopping")


def expect_callbacks(value, call, ordered=True):
    """The three rebuilt Keras callbacks (in the contract's order), or a failure saying what is wrong."""
    if not isinstance(value, (list, tuple)) or len(value) != 3:
        raise AssertionError(t("keras_callbacks.not_three", call=call, what=describe(value)))
    for index, item in enumerate(value):
        if isinstance(item, Unsupported):
            raise AssertionError(t("keras_callbacks.unsupported", call=call, index=index, class_name=item.class_name,
                                   kind=item.noun, reason=item.reason))
        if not isinstance(item, keras().callbacks.Callback):
            raise AssertionError(t("keras_callbacks.not_callback", call=call, index=index, what=describe(item)))
    names = [type(item).__name__ for item in value]
    if (tuple(names) if ordered else tuple(sorted(names))) != (ORDER if ordered else tuple(sorted(ORDER))):
        key = "keras_callbacks.wrong_order" if ordered else "keras_callbacks.wrong_callbacks"
        raise AssertionError(t(key, call=call, got=", ".join(names), expected=", ".join(ORDER)))
    return sorted(value, key=lambda item: ORDER.index(type(item).__name__))


def same_path(got, expected):
    """True when two paths name the same file once normalised ('dir//x', 'dir/./x', Path objects)."""
    if not isinstance(got, str):
        return False
    if os.path.normpath(got) == os.path.normpath(expected):
        return True
    return os.path.isabs(got) and os.path.realpath(got) == os.path.realpath(expected)


def expect_setting(call, callback, name, expected, advice=""):
    """Fail unless ``callback.<name>`` equals ``expected`` (floats within 1e-9)."""
    got = getattr(callback, name, None)
    if isinstance(expected, float) and isinstance(got, (int, float, np.number)) and not isinstance(got, bool):
        equal = math.isclose(got, expected, rel_tol=1e-9)
    else:
        equal = isinstance(got, (bool, int, str, np.number, np.bool_)) and bool(got == expected)
    if not equal:
        key = "keras_callbacks.setting_advice" if advice else "keras_callbacks.setting"
        raise AssertionError(t(key, call=call, callback=type(callback).__name__, name=name, got=repr(got),
                               expected=repr(expected), advice=advice))


# The val_loss the callbacks see in the training check (the research doc's worked example, extended).
# The tie 0.9 == 0.9 is no improvement; 0.8995 improves by 5e-4, more than ReduceLROnPlateau's default
# min_delta (1e-4) but not more than a min_delta of 1e-3. ReduceLROnPlateau (patience 2) reduces after
# epochs 4 and 7 (1-based), EarlyStopping (patience 3) stops after epoch 8.
SCRIPTED_VAL_LOSS = [1.0, 0.9, 0.95, 0.9, 0.8995, 0.91, 0.92, 0.93, 0.94, 0.95, 0.96, 0.97]
START_LR = 0.01


def scripted_training(callbacks):
    """Train a small seeded model with ``callbacks``, feeding them SCRIPTED_VAL_LOSS; returns (model, history)."""
    k = keras()

    class ScriptedValLoss(k.callbacks.Callback):
        """Runs first at each epoch end and replaces the measured val_loss with the scripted one."""

        def on_epoch_end(self, epoch, logs=None):
            logs["val_loss"] = SCRIPTED_VAL_LOSS[epoch]

    x, y = image_dataset(64, size=6, classes=4, seed=0)
    x_val, y_val = image_dataset(16, size=6, classes=4, seed=1)
    k.utils.set_random_seed(0)
    model = k.Sequential([k.Input((36,)), k.layers.Dense(4, activation="softmax")])
    model.compile(optimizer=k.optimizers.SGD(learning_rate=START_LR), loss="categorical_crossentropy",
                  metrics=["acc"], jit_compile=False)
    history = model.fit(x.reshape(64, -1), y, validation_data=(x_val.reshape(16, -1), y_val),
                        epochs=len(SCRIPTED_VAL_LOSS), batch_size=32, shuffle=False, verbose=0,
                        callbacks=[ScriptedValLoss(), *callbacks])
    return model, history.history


def files_under(folder):
    """Relative paths of all files under ``folder``."""
    return sorted(os.path.relpath(os.path.join(d, f), folder) for d, _, files in os.walk(folder) for f in files)


def non_default_settings(callbacks):
    """'EarlyStopping(min_delta=0.05)'-style notes on settings that change when the callbacks act."""
    defaults = {"ReduceLROnPlateau": {"min_delta": 1e-4, "cooldown": 0, "min_lr": 0.0},
                "EarlyStopping": {"min_delta": 0, "baseline": None, "start_from_epoch": 0},
                "ModelCheckpoint": {"save_freq": "epoch", "initial_value_threshold": None}}
    notes = []
    for callback in callbacks:
        for name, default in defaults.get(type(callback).__name__, {}).items():
            value = getattr(callback, name, default)
            value = abs(value) if name == "min_delta" and isinstance(value, (int, float)) else value
            if value != default:
                notes.append(f"{type(callback).__name__}({name}={value!r})")
    return t("keras_callbacks.non_default", settings=", ".join(notes)) if notes else ""
