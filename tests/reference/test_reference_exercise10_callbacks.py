"""The exercise10 reference agrees with the real Keras callbacks.

The callbacks are driven by hand, as keras-callback-rules.md describes: a tiny compiled model,
``cb.set_model(model)``, ``on_train_begin()``, then ``on_epoch_end(i, {"val_loss": v})``, reading
``model.stop_training`` and the optimizer's learning rate after every epoch. The hypothesis
strategies are the checks' own (grader/checklib/callback_sequences.py), so this proves the
reference equal to Keras on exactly the sequences learners are graded on.
"""
import os

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import solutions.exercise10_callbacks as ref
from grader.checklib import callback_sequences as sequences, keras_callbacks
from grader.checks import exercise10_callbacks as checks

SETTINGS = settings(max_examples=150, deadline=None, derandomize=True, database=None)


@pytest.fixture(scope="module")
def keras():
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    return pytest.importorskip("keras")


@pytest.fixture(scope="module")
def model(keras):
    """A tiny compiled model whose optimizer holds the learning rate the callbacks change."""
    net = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
    net.compile(optimizer=keras.optimizers.SGD(learning_rate=0.1), loss="mse")
    return net


def learning_rate(keras, model):
    return float(keras.ops.convert_to_numpy(model.optimizer.learning_rate))


def keras_stop_epoch(keras, model, values, patience, mode="min", min_delta=0.0, monitor="val_loss"):
    """The epoch after which the real EarlyStopping sets stop_training, or None."""
    callback = keras.callbacks.EarlyStopping(monitor=monitor, patience=patience, mode=mode, min_delta=min_delta)
    callback.set_model(model)
    model.stop_training = False
    callback.on_train_begin()
    for epoch, value in enumerate(values):
        callback.on_epoch_end(epoch, {monitor: value})
        if model.stop_training:
            model.stop_training = False
            return epoch
    return None


def keras_schedule(keras, model, values, lr, **kwargs):
    """The real ReduceLROnPlateau's learning rate after each epoch's on_epoch_end."""
    model.optimizer.learning_rate = lr
    callback = keras.callbacks.ReduceLROnPlateau(monitor="val_loss", **kwargs)
    callback.set_model(model)
    callback.on_train_begin()
    rates = []
    for epoch, value in enumerate(values):
        callback.on_epoch_end(epoch, {"val_loss": value})
        rates.append(learning_rate(keras, model))
    return rates


def assert_schedules_agree(got_keras, want):
    np.testing.assert_allclose(got_keras, want, rtol=1e-6, atol=0)


# ---------------------------------------------------------------- EarlyStopping

@SETTINGS
@given(st.one_of(sequences.grid_curve(), sequences.decimal_curve()), st.integers(0, 5))
def test_early_stopping_matches_keras_on_the_basic_check_strategy(keras, model, values, patience):
    assert ref.early_stopping_epoch(values, patience) == keras_stop_epoch(keras, model, values, patience)


@SETTINGS
@given(sequences.curve_and_delta(), st.integers(0, 5), st.sampled_from(["min", "max"]))
def test_early_stopping_matches_keras_on_the_options_check_strategy(keras, model, case, patience, mode):
    values, min_delta = case
    assert (ref.early_stopping_epoch(values, patience, mode, min_delta)
            == keras_stop_epoch(keras, model, values, patience, mode, min_delta))


def test_early_stopping_matches_keras_on_the_pinned_examples(keras, model):
    for values, patience in sequences.EARLY_STOPPING_EXAMPLES:
        assert ref.early_stopping_epoch(values, patience) == keras_stop_epoch(keras, model, values, patience)
    for (values, min_delta), patience, mode in sequences.EARLY_STOPPING_OPTION_EXAMPLES:
        assert (ref.early_stopping_epoch(values, patience, mode, min_delta)
                == keras_stop_epoch(keras, model, values, patience, mode, min_delta))


def test_early_stopping_worked_examples(keras, model):
    """keras-conventions.md section 6: the equal 0.90 is no improvement."""
    curve = sequences.NOTE_CURVE
    for patience, min_delta, expected in [(2, 0.0, 3), (3, 0.0, 7), (2, 0.05, 3)]:
        assert ref.early_stopping_epoch(curve, patience, min_delta=min_delta) == expected
        assert keras_stop_epoch(keras, model, curve, patience, min_delta=min_delta) == expected
    assert ref.early_stopping_epoch([1.0, 1.1], 0) == keras_stop_epoch(keras, model, [1.0, 1.1], 0) == 1
    assert ref.early_stopping_epoch([1.0, 0.9, 0.8], 0) is None
    # NaN never improves; a first NaN stops after max(patience, 1) epochs.
    nan = float("nan")
    for values, patience in [([1.0, nan, nan, nan], 2), ([nan, 1.0, 0.5], 0), ([nan, 1.0, 0.5, 0.2], 3)]:
        assert ref.early_stopping_epoch(values, patience) == keras_stop_epoch(keras, model, values, patience)


def test_float32_comparisons_are_why_the_checks_avoid_near_ties(keras, model):
    """Keras compares in float32: these two sequences are excluded from the checks by construction."""
    assert keras_stop_epoch(keras, model, [1.0, 1.0 - 1e-9], 1) == 1
    assert ref.early_stopping_epoch([1.0, 1.0 - 1e-9], 1) is None
    assert keras_stop_epoch(keras, model, [0.07, 0.06], 1, min_delta=0.01) == 1
    assert ref.early_stopping_epoch([0.07, 0.06], 1, min_delta=0.01) is None


# ---------------------------------------------------------------- ReduceLROnPlateau

@SETTINGS
@given(sequences.grid_curve(max_size=sequences.SHORT), sequences.LEARNING_RATES,
       st.one_of(st.none(), sequences.FACTORS), st.one_of(st.none(), st.integers(0, 4)))
def test_reduce_lr_matches_keras_on_the_basic_check_strategy(keras, model, values, lr, factor, patience):
    kwargs = {k: v for k, v in (("factor", factor), ("patience", patience)) if v is not None}
    assert_schedules_agree(keras_schedule(keras, model, values, lr, **kwargs),
                           ref.reduce_lr_schedule(values, lr, **kwargs))


@SETTINGS
@given(sequences.curve_and_delta(deltas=(None, *sequences.ANY_DELTA[:5]), max_size=sequences.SHORT),
       st.sampled_from(["min", "max"]), st.sampled_from([0.0, 1e-4, 1e-3, 0.005, 0.02]), st.sampled_from([0.1, 0.01]),
       st.sampled_from([0.1, 0.5]), st.integers(0, 3))
def test_reduce_lr_matches_keras_on_the_options_check_strategy(keras, model, case, mode, min_lr, lr, factor, patience):
    values, min_delta = case
    kwargs = {"factor": factor, "patience": patience, "mode": mode, "min_lr": min_lr}
    if min_delta is not None:
        kwargs["min_delta"] = min_delta
    assert_schedules_agree(keras_schedule(keras, model, values, lr, **kwargs),
                           ref.reduce_lr_schedule(values, lr, **kwargs))


def test_reduce_lr_matches_keras_on_the_pinned_examples(keras, model):
    for values, lr, factor, patience in sequences.REDUCE_LR_EXAMPLES:
        kwargs = {k: v for k, v in (("factor", factor), ("patience", patience)) if v is not None}
        assert_schedules_agree(keras_schedule(keras, model, values, lr, **kwargs),
                               ref.reduce_lr_schedule(values, lr, **kwargs))
    for (values, min_delta), mode, min_lr, lr, factor, patience in sequences.REDUCE_LR_OPTION_EXAMPLES:
        kwargs = {"factor": factor, "patience": patience, "mode": mode, "min_lr": min_lr}
        if min_delta is not None:
            kwargs["min_delta"] = min_delta
        assert_schedules_agree(keras_schedule(keras, model, values, lr, **kwargs),
                               ref.reduce_lr_schedule(values, lr, **kwargs))


# keras-conventions.md section 6 logs the rate *during* each epoch (before its reduction);
# the schedule the exercise asks for is the rate after each epoch, i.e. that table shifted by one.
WORKED_SCHEDULES = [
    ([1.0] * 10, {"factor": 0.5, "patience": 2, "min_lr": 0.01},
     [0.1, 0.1, 0.1, 0.05, 0.05, 0.025, 0.025, 0.0125, 0.0125, 0.01]),
    ([1.0 - 5e-5 * i for i in range(7)], {"factor": 0.1, "patience": 2}, [0.1, 0.1, 0.1, 0.01, 0.01, 0.01, 0.001]),
    ([1.0 - 5e-5 * i for i in range(7)], {"factor": 0.1, "patience": 2, "min_delta": 0.0}, [0.1] * 7),
    ([1, 0.9, 0.95, 0.96, 0.85, 0.86, 0.87, 0.88, 0.89], {"factor": 0.2, "patience": 2, "min_lr": 0.001},
     [0.1, 0.1, 0.1, 0.1, 0.02, 0.02, 0.02, 0.004, 0.004]),
]


@pytest.mark.parametrize("values, kwargs, logged", WORKED_SCHEDULES)
def test_reduce_lr_worked_examples(keras, model, values, kwargs, logged):
    schedule = ref.reduce_lr_schedule(values, 0.1, **kwargs)
    np.testing.assert_allclose(schedule[:-1], logged[1:], rtol=1e-9)
    assert_schedules_agree(keras_schedule(keras, model, values, 0.1, **kwargs), schedule)


def test_reduce_lr_rejects_factor_of_one_or_more(keras):
    with pytest.raises(ValueError):
        keras.callbacks.ReduceLROnPlateau(factor=1.0)
    with pytest.raises(ValueError):
        ref.reduce_lr_schedule([1.0], 0.1, factor=1.0)


# ---------------------------------------------------------------- ModelCheckpoint

@SETTINGS
@given(st.sampled_from(checks.TEMPLATES), st.integers(1, 999), checks.LOGS)
def test_checkpoint_path_matches_keras(keras, template, epoch, logs):
    callback = keras.callbacks.ModelCheckpoint(template)
    # Keras formats its 0-based epoch + 1 (private helper, the one on_epoch_end uses).
    assert ref.checkpoint_path(template, epoch, logs) == callback._get_file_path(epoch - 1, None, logs)


def test_checkpoint_path_worked_example():
    logs = {"loss": 1.3, "acc": 0.34375, "val_loss": 1.34}
    assert ref.checkpoint_path(ref.CHECKPOINT_TEMPLATE, 1, logs) == "weights.001-1.3400-0.3438.weights.h5"


def test_make_callbacks_writes_the_notes_files_in_a_real_fit(keras, tmp_path):
    """The reference's callbacks in model.fit: one file per 1-based epoch, as the training check expects."""
    callbacks = ref.make_callbacks(str(tmp_path / "ckpt"))
    model, history = keras_callbacks.scripted_training(callbacks)
    ran = len(history["acc"])
    assert ran == ref.early_stopping_epoch(keras_callbacks.SCRIPTED_VAL_LOSS, 3) + 1
    expected = sorted(ref.checkpoint_path(ref.CHECKPOINT_TEMPLATE, e + 1, {k: v[e] for k, v in history.items()})
                      for e in range(ran))
    assert sorted(os.listdir(tmp_path / "ckpt")) == expected
    assert expected[0].startswith("weights.001-1.0000-")
    scripted = keras_callbacks.SCRIPTED_VAL_LOSS[:ran]
    np.testing.assert_allclose(learning_rate(keras, model),
                               ref.reduce_lr_schedule(scripted, keras_callbacks.START_LR, 0.1, 2)[-1], rtol=1e-6)


# ---------------------------------------------------------------- mode="auto"

def test_infer_mode_matches_what_keras_auto_resolves(keras):
    """Compile every metric the check names, build them, and watch which way EarlyStopping(mode='auto') goes."""
    net = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1, activation="sigmoid")])
    net.compile(optimizer="sgd", loss="binary_crossentropy",
                metrics=["acc", "accuracy", "mae", "mse", keras.metrics.AUC(name="auc")])
    x = np.array([[0.0, 1.0], [1.0, 0.0], [1.0, 1.0], [0.0, 0.0]], dtype="float32")
    y = np.array([0.0, 1.0, 1.0, 0.0], dtype="float32")
    net.evaluate(x, y, verbose=0)  # builds the metrics, so Keras can look up their direction
    assert set(checks.MODES) == {f"{p}{m}" for p in ("", "val_") for m in ("loss", "mae", "mse", "acc", "accuracy",
                                                                            "auc")}
    for monitor, mode in checks.MODES.items():
        # A rise is an improvement only when higher is better: patience 0 then never stops.
        stop = keras_stop_epoch(keras, net, [0.5, 0.75], 0, mode="auto", monitor=monitor)
        keras_mode = "max" if stop is None else "min"
        assert keras_mode == mode == ref.infer_mode(monitor), monitor


def test_infer_mode_rejects_unknown_names():
    for monitor in ("foo", "val_my_loss", "lr"):
        with pytest.raises(ValueError):
            ref.infer_mode(monitor)
