"""Checks for exercise10: Keras callbacks (콜백): ModelCheckpoint, ReduceLROnPlateau, EarlyStopping.

make_callbacks returns Keras callbacks; they cross from the worker as class name and settings and
are rebuilt here as the real Keras classes (grader/keras_rebuild.py). Their settings are checked,
and then a small model trains with them in this (trusted) process, writing its checkpoints into a
temporary folder the check made (grader/checklib/keras_callbacks.py).

The pure functions are compared with the reference, which tests/reference/test_reference_exercise10_callbacks.py
proves equal to the real callbacks on the metric curves of grader/checklib/callback_sequences.py,
chosen so that Keras's float32 comparisons agree with float64 ones (CURRICULUM.md).
"""
import math
import os
import tempfile

import numpy as np
from hypothesis import example, given, strategies as st

from grader.checklib.callback_sequences import (
    ANY_DELTA, EARLY_STOPPING_EXAMPLES, EARLY_STOPPING_OPTION_EXAMPLES, FACTORS, LEARNING_RATES, REDUCE_LR_EXAMPLES,
    REDUCE_LR_OPTION_EXAMPLES, SHORT, curve_and_delta, decimal_curve, examples, grid_curve)
from grader.checklib.compare import assert_close, describe
from grader.checklib.keras_callbacks import (SCRIPTED_VAL_LOSS, START_LR, expect_callbacks, expect_setting,
                                             files_under, non_default_settings, same_path, scripted_training)
from grader.i18n import t
from grader.keras_rebuild import keras

TEMPLATE = "weights.{epoch:03d}-{val_loss:.4f}-{acc:.4f}.weights.h5"

# ---------------------------------------------------------------- make_callbacks

def expect_contract_settings(callbacks, call, checkpoint_dir, lr_patience, stop_patience, shown_dir):
    """Fail unless the three callbacks have the settings CURRICULUM.md gives them."""
    checkpoint, reduce_lr, early_stopping = callbacks
    expected = os.path.join(checkpoint_dir, TEMPLATE)
    if not same_path(checkpoint.filepath, expected):
        got = str(checkpoint.filepath).replace(shown_dir[0], shown_dir[1])
        raise AssertionError(t("exercise10_callbacks.filepath", call=call, got=repr(got), template=repr(TEMPLATE),
                               expected=repr(expected.replace(shown_dir[0], shown_dir[1]))))
    lower_is_better = t("exercise10_callbacks.mode_min")
    expect_setting(call, checkpoint, "monitor", "val_loss")
    expect_setting(call, checkpoint, "save_weights_only", True, t("exercise10_callbacks.weights_only"))
    expect_setting(call, checkpoint, "save_best_only", False, t("exercise10_callbacks.every_epoch"))
    expect_setting(call, checkpoint, "mode", "min", lower_is_better)
    expect_setting(call, reduce_lr, "monitor", "val_loss")
    expect_setting(call, reduce_lr, "factor", 0.1, t("exercise10_callbacks.ten_times_smaller"))
    expect_setting(call, reduce_lr, "patience", lr_patience, t("exercise10_callbacks.lr_patience"))
    expect_setting(call, reduce_lr, "mode", "min", lower_is_better)
    expect_setting(call, early_stopping, "monitor", "val_loss")
    expect_setting(call, early_stopping, "patience", stop_patience, t("exercise10_callbacks.stop_patience"))
    expect_setting(call, early_stopping, "mode", "min", lower_is_better)


def test_make_callbacks_settings(learner, reference):
    with tempfile.TemporaryDirectory(prefix="dlgrade-ex10-") as root:
        shown = (root, "<tmp>")
        cases = [  # (positional arguments, keyword arguments, lr_patience, stop_patience)
            ((root,), {}, 2, 3),
            ((os.path.join(root, "run1") + os.sep,), {"lr_patience": 1, "stop_patience": 5}, 1, 5),
            ((os.path.join(root, "logs", ".", "run2"), 4, 10), {}, 4, 10),
        ]
        for args, kwargs, lr_patience, stop_patience in cases:
            parts = [repr(a).replace(root, "<tmp>") for a in args] + [f"{k}={v!r}" for k, v in kwargs.items()]
            call = f"make_callbacks({', '.join(parts)})"
            callbacks = expect_callbacks(learner.make_callbacks(*args, **kwargs), call)
            expect_contract_settings(callbacks, call, args[0], lr_patience, stop_patience, shown)


def test_make_callbacks_training(learner, reference):
    with tempfile.TemporaryDirectory(prefix="dlgrade-ex10-") as folder:
        call = "make_callbacks(checkpoint_dir)"
        callbacks = expect_callbacks(learner.make_callbacks(folder), call, ordered=False)
        filepath = callbacks[0].filepath
        inside = isinstance(filepath, str) and os.path.realpath(filepath).startswith(
            os.path.realpath(folder) + os.sep)
        if not inside:
            shown = str(filepath).replace(folder, "<checkpoint_dir>")
            raise AssertionError(t("exercise10_callbacks.outside", call=call, filepath=repr(shown)))
        for callback in callbacks:
            callback.verbose = 0  # nothing printed into the grader's output
        context = t("exercise10_callbacks.context", rate=START_LR, call=call, values=SCRIPTED_VAL_LOSS)
        try:
            model, history = scripted_training(callbacks)
        except Exception as exc:  # e.g. a template field that is not in the logs
            raise AssertionError(t("exercise10_callbacks.training_failed", context=context,
                                   error_type=type(exc).__name__, error=str(exc)[:300])) from None
        extra = non_default_settings(callbacks)
        stop = reference.early_stopping_epoch(SCRIPTED_VAL_LOSS, 3)
        ran, want = len(history["acc"]), len(SCRIPTED_VAL_LOSS) if stop is None else stop + 1
        if ran != want:
            raise AssertionError(t("exercise10_callbacks.epochs", context=context, ran=ran, want=want, extra=extra))
        expected = sorted(TEMPLATE.format(epoch=e + 1, val_loss=SCRIPTED_VAL_LOSS[e], acc=history["acc"][e])
                          for e in range(ran))
        written = files_under(folder)
        if written != expected:
            missing = [f for f in expected if f not in written]
            unexpected = [f for f in written if f not in expected]
            raise AssertionError(t("exercise10_callbacks.files", context=context, ran=ran, count=len(written),
                                   missing=missing[:4], unexpected=unexpected[:4], extra=extra))
        rate = float(keras().ops.convert_to_numpy(model.optimizer.learning_rate))
        expected_rate = reference.reduce_lr_schedule(SCRIPTED_VAL_LOSS[:ran], START_LR, 0.1, 2)[-1]
        if not math.isclose(rate, expected_rate, rel_tol=1e-5):
            raise AssertionError(t("exercise10_callbacks.final_rate", context=context, rate=f"{rate:.6g}",
                                   expected=f"{expected_rate:.6g}", extra=extra))


# ---------------------------------------------------------------- checkpoint_path

TEMPLATES = [TEMPLATE, "model-{epoch:02d}-{val_acc:.2f}.keras", "ckpt/epoch_{epoch}.weights.h5",
             "{epoch:04d}_{loss:.3f}_{val_loss:.3f}.h5", "best.weights.h5"]
LOG_VALUES = st.floats(0.0, 10.0, allow_nan=False, allow_infinity=False)
LOGS = st.fixed_dictionaries({"loss": LOG_VALUES, "acc": LOG_VALUES, "val_loss": LOG_VALUES, "val_acc": LOG_VALUES,
                              "learning_rate": st.sampled_from([0.01, 0.001])})


@given(st.sampled_from(TEMPLATES), st.integers(1, 999), LOGS)
@example(TEMPLATE, 1, {"loss": 1.3, "acc": 0.34375, "val_loss": 1.34, "val_acc": 0.3, "learning_rate": 0.01})
@example(TEMPLATE, 12, {"loss": 0.5, "acc": 0.9, "val_loss": 0.61, "val_acc": 0.85, "learning_rate": 0.01})
def test_checkpoint_path(learner, reference, template, epoch, logs):
    call = f"checkpoint_path({template!r}, {epoch}, logs)"
    got = learner.checkpoint_path(template, epoch, logs)
    want = reference.checkpoint_path(template, epoch, logs)
    if not isinstance(got, str):
        raise AssertionError(t("exercise10_callbacks.name_not_str", call=call, what=describe(got)))
    if got != want:
        note = ""
        for shift in (-1, 1):
            if epoch + shift >= 0 and got == reference.checkpoint_path(template, epoch + shift, logs):
                note = t("exercise10_callbacks.name_shifted", epoch=epoch + shift)
        raise AssertionError(t("exercise10_callbacks.wrong_name", call=call, got=repr(got), want=repr(want),
                               note=note))


# ---------------------------------------------------------------- infer_mode

MODES = {name: mode for base, mode in [("loss", "min"), ("mae", "min"), ("mse", "min"), ("acc", "max"),
                                       ("accuracy", "max"), ("auc", "max")]
         for name in (base, f"val_{base}")}


def test_infer_mode(learner, reference):
    for monitor, expected in MODES.items():
        got = learner.infer_mode(monitor)
        if got != expected or not isinstance(got, str):
            key = "exercise10_callbacks.mode_lower" if expected == "min" else "exercise10_callbacks.mode_higher"
            raise AssertionError(t(key, monitor=repr(monitor), got=repr(got), expected=repr(expected),
                                   metric=monitor.removeprefix("val_")))


# ---------------------------------------------------------------- early_stopping_epoch

def expect_stop_epoch(got, want, call):
    """Fail unless ``got`` is the same epoch index (or None) as ``want``."""
    is_int = isinstance(got, (int, np.integer)) and not isinstance(got, (bool, np.bool_))
    if want is None and got is None or is_int and got == want:
        return
    if got is not None and not is_int:
        raise AssertionError(t("exercise10_callbacks.epoch_not_int", call=call, what=describe(got)))
    said = t("exercise10_callbacks.never_stops") if want is None else t("exercise10_callbacks.stops_at", epoch=want)
    raise AssertionError(t("exercise10_callbacks.wrong_epoch", call=call, got=repr(got), said=said,
                           note=_stop_note(got, want, is_int)))


def _stop_note(got, want, is_int):
    """Advice on a wrong stopping epoch: one late, at epoch 0, too late or too early."""
    if is_int and want is not None and got == want + 1:
        return t("exercise10_callbacks.one_late")
    if is_int and got == 0:
        return t("exercise10_callbacks.at_zero")
    if want is not None and (got is None or got > want):
        return t("exercise10_callbacks.too_late")
    return t("exercise10_callbacks.too_early")


@given(st.one_of(grid_curve(), decimal_curve()), st.integers(0, 5))
@examples(EARLY_STOPPING_EXAMPLES)
def test_early_stopping_epoch(learner, reference, values, patience):
    call = f"early_stopping_epoch(values, patience={patience})"
    expect_stop_epoch(learner.early_stopping_epoch(values, patience),
                      reference.early_stopping_epoch(values, patience), call)


@given(curve_and_delta(), st.integers(0, 5), st.sampled_from(["min", "max"]))
@examples(EARLY_STOPPING_OPTION_EXAMPLES)
def test_early_stopping_options(learner, reference, case, patience, mode):
    values, min_delta = case
    call = f"early_stopping_epoch(values, patience={patience}, mode={mode!r}, min_delta={min_delta!r})"
    expect_stop_epoch(learner.early_stopping_epoch(values, patience, mode=mode, min_delta=min_delta),
                      reference.early_stopping_epoch(values, patience, mode, min_delta), call)


# ---------------------------------------------------------------- reduce_lr_schedule

def expect_schedule(got, want, call, lr):
    """Compare a learning-rate schedule with rtol 1e-6 (Keras keeps the rate in float32)."""
    if not isinstance(got, (list, tuple, np.ndarray)):
        raise AssertionError(t("exercise10_callbacks.not_list", call=call, what=describe(got)))
    during = [lr, *want[:-1]]  # the rate before each epoch's reduction, a common mix-up
    if np.ndim(got) == 1 and len(got) == len(want) and not np.allclose(want, during, rtol=1e-6, atol=0):
        try:
            shifted = np.allclose(np.asarray(got, dtype=float), during, rtol=1e-6, atol=0)
        except (TypeError, ValueError):
            shifted = False
        if shifted:
            raise AssertionError("\n".join([t("exercise10_callbacks.rate_during", call=call),
                                             t("compare.expected", value=want), t("compare.got", value=list(got))]))
    assert_close(got, want, call=call, rtol=1e-6, atol=0.0)


@given(grid_curve(max_size=SHORT), LEARNING_RATES, st.one_of(st.none(), FACTORS),
       st.one_of(st.none(), st.integers(0, 4)))
@examples(REDUCE_LR_EXAMPLES)
def test_reduce_lr_schedule(learner, reference, values, lr, factor, patience):
    kwargs = {k: v for k, v in (("factor", factor), ("patience", patience)) if v is not None}
    call = f"reduce_lr_schedule(values, {lr!r}{''.join(f', {k}={v!r}' for k, v in kwargs.items())})"
    expect_schedule(learner.reduce_lr_schedule(values, lr, **kwargs),
                    reference.reduce_lr_schedule(values, lr, **kwargs), call, lr)


@given(curve_and_delta(deltas=(None, *ANY_DELTA[:5]), max_size=SHORT), st.sampled_from(["min", "max"]),
       st.sampled_from([0.0, 1e-4, 1e-3, 0.005, 0.02]), st.sampled_from([0.1, 0.01]), st.sampled_from([0.1, 0.5]),
       st.integers(0, 3))
@examples(REDUCE_LR_OPTION_EXAMPLES)
def test_reduce_lr_options(learner, reference, case, mode, min_lr, lr, factor, patience):
    values, min_delta = case
    kwargs = {"factor": factor, "patience": patience, "mode": mode, "min_lr": min_lr}
    if min_delta is not None:
        kwargs["min_delta"] = min_delta
    call = f"reduce_lr_schedule(values, {lr!r}, {', '.join(f'{k}={v!r}' for k, v in kwargs.items())})"
    expect_schedule(learner.reduce_lr_schedule(values, lr, **kwargs),
                    reference.reduce_lr_schedule(values, lr, **kwargs), call, lr)
