"""Checks for exercise14: the note's CNN (합성곱 신경망) in Keras.

The layers are compared with the reference model built here with the same arguments (shared
helpers in grader/checklib/keras_layers.py). The convolutional part and the classifier after it are separate
checks: the classifier's shapes and parameter counts are only compared when the convolutions
hand it the right shape, so one mistake is reported once.
"""
import numpy as np

from grader.checklib.keras_checks import (
    expect_built, expect_compile_settings, expect_compiled, expect_probabilities, image_dataset, model_from, predict,
    not_learning, seeded_copy, train)
from grader.checklib.keras_layers import (
    call_text, compare_layers, expect_input_shape, expect_total_params, layer_specs, reference_specs)
from grader.checklib.verdicts import Observed
from grader.i18n import t

NOTE_CONV_PARAMS = (160, 8224, 32832)
NOTE_TOTAL = 503_296
OTHER_ARGUMENTS = [dict(input_shape=(20, 20, 3), num_classes=4, dropout_rate=0.25),
                   dict(input_shape=(16, 24, 1), num_classes=2, dropout_rate=0.3, learning_rate=0.01)]
# Learning: 320 made-up 28x28 images (a bright bar whose place is the class), 2 epochs, judged on
# 200 others. The reference reaches validation accuracy 1.0 (loss 0.16 after the second epoch);
# chance is 0.1.
TRAIN_SIZE, EPOCHS, VALIDATION_SIZE, MIN_ACCURACY = 320, 2, 200, 0.9


def cnn(learner, input_check=True, **kwargs):
    """Call build_cnn; check it returned a built model (of the right input shape); (call, model, its Specs)."""
    call = call_text("build_cnn", **kwargs)
    built = model_from(learner, "build_cnn", call, **kwargs)
    model = expect_built(built, call)
    if input_check:
        expect_input_shape(model, call, tuple(kwargs.get("input_shape", (28, 28, 1))), "input_shape")
    return call, built, layer_specs(model)


def split_at_last_conv(specs):
    """(the layers up to the last Conv2D, the layers after it)."""
    last = max((i for i, s in enumerate(specs) if s.class_name == "Conv2D"), default=-1)
    return specs[:last + 1], specs[last + 1:]


def note_specs(reference, **kwargs):
    return reference_specs(reference.build_cnn, tuple(sorted(kwargs.items())))


def test_conv_layers(learner, reference):
    call, _, specs = cnn(learner)
    got, _ = split_at_last_conv(specs)
    want = note_specs(reference)[:3]
    compare_layers(got, want, call, what=t("exercise14_cnn.conv_part"))
    params = tuple(s.params for s in got)
    if params != NOTE_CONV_PARAMS:  # implied by the comparison; kept as the note's numbers
        raise AssertionError(t("exercise14_cnn.conv_params", call=call, got=params, expected=NOTE_CONV_PARAMS))


def test_classifier_layers(learner, reference):
    call, _, specs = cnn(learner, input_check=False)  # a wrong input shape is the conv_layers check's to report
    conv, got = split_at_last_conv(specs)
    reference_all = note_specs(reference)
    want_conv, want = reference_all[:3], reference_all[3:]
    # Shapes and parameters after the convolutions only mean something if the convolutions hand on
    # the right shape; a convolution mistake is the conv_layers check's to report.
    same_start = bool(conv) and conv[-1].shape == want_conv[-1].shape
    compare_layers(got, want, call, previous=conv[-1] if conv else None, shapes=same_start,
                   what=t("exercise14_cnn.classifier_part"))
    if same_start:
        expect_total_params(specs, call, NOTE_TOTAL)


def test_other_arguments(learner, reference):
    for kwargs in OTHER_ARGUMENTS:
        call, _, specs = cnn(learner, **kwargs)
        compare_layers(specs, note_specs(reference, **kwargs), call)


def test_compile_settings(learner, reference):
    for kwargs in ({}, {"learning_rate": 0.0005}):
        call = call_text("build_cnn", **kwargs)
        expect_compile_settings(model_from(learner, "build_cnn", call, **kwargs), call,
                                kwargs.get("learning_rate", 0.001))


def test_learns_images(learner, reference):
    call, built, _ = cnn(learner)
    expect_compiled(built, call)
    x, y = image_dataset(TRAIN_SIZE, size=28, classes=10, channels=1, seed=14)
    x_val, y_val = image_dataset(VALIDATION_SIZE, size=28, classes=10, channels=1, seed=15)
    try:
        model, history = train(built, x, y, epochs=EPOCHS, seed=0, validation_data=(x_val, y_val), label=call)
    except Exception as exc:
        raise Observed(t("exercise14_cnn.training_failed", call=call, x_shape=x.shape, y_shape=y.shape,
                         error_type=type(exc).__name__, error=str(exc)[:300])) from None
    out = predict(model, x_val, call)
    expect_probabilities(out, call, VALIDATION_SIZE, 10)
    accuracy = float(np.mean(np.argmax(out, axis=1) == np.argmax(y_val, axis=1)))
    if accuracy < MIN_ACCURACY:
        curve = ", ".join(f"{v:.0%}" for v in history.get("val_acc", history.get("val_accuracy", [])))
        message = t("exercise14_cnn.low_accuracy", call=call, epochs=EPOCHS, train=TRAIN_SIZE,
                    accuracy=f"{accuracy:.0%}", validation=VALIDATION_SIZE, minimum=f"{MIN_ACCURACY:.0%}",
                    curve=curve or "-")
        raise not_learning(message, seeded_copy(built, 0))
