"""Checks for exercise08: an MLP with the Keras Sequential API (순차 API).

The learner's model arrives rebuilt from its config and weights (grader/keras_rebuild.py). Its
layers are compared, one by one, with the reference model built here with the same arguments
(grader/checklib/keras_layers.py).
"""
import numpy as np

from grader.checklib.keras_checks import (expect_built, expect_compile_settings, expect_loss_falls,
                                          expect_probabilities, image_dataset, model_from, predict, reinitialised)
from grader.checklib.keras_layers import MLP_ARGUMENTS, call_text, expect_mlp, expect_total_params
from grader.checklib.verdicts import Observed
from grader.i18n import t


def sequential_model(learner, sequential=True, **kwargs):
    """Call build_sequential_mlp, check it returned a built (Sequential) model; (call, LearnerModel)."""
    call = call_text("build_sequential_mlp", **kwargs)
    built = model_from(learner, "build_sequential_mlp", call, **kwargs)
    if sequential and built.class_name != "Sequential":
        raise Observed(t("exercise08_sequential.not_sequential", call=call, class_name=built.class_name))
    expect_built(built, call)
    return call, built


def test_architecture(learner, reference):
    call, built = sequential_model(learner)
    got, _ = expect_mlp(built, call, reference.build_sequential_mlp, {})
    expect_total_params(got, call, 59_850)


def test_other_arguments(learner, reference):
    for kwargs in MLP_ARGUMENTS:
        call, built = sequential_model(learner, sequential=False, **kwargs)
        expect_mlp(built, call, reference.build_sequential_mlp, kwargs)


def test_compile_settings(learner, reference):
    for kwargs in ({}, {"learning_rate": 0.01}, {"learning_rate": 0.0005}):
        call = call_text("build_sequential_mlp", **kwargs)
        built = model_from(learner, "build_sequential_mlp", call, **kwargs)
        expect_compile_settings(built, call, kwargs.get("learning_rate", 0.001))


def test_softmax_output(learner, reference):
    call, built = sequential_model(learner, sequential=False)
    x = np.random.default_rng(8).normal(0.0, 1.0, size=(16, 28, 28)).astype(np.float32)
    # A seeded copy, not the learner's random weights: the sample and sum a failure quotes stay the same.
    expect_probabilities(predict(reinitialised(built), x, call), call, 16, 10)


def test_training_lowers_loss(learner, reference):
    call, built = sequential_model(learner, sequential=False)
    x, y = image_dataset(256, size=28, classes=10, seed=8)
    expect_loss_falls(built, call, x, y, epochs=2, validation_data=image_dataset(64, size=28, classes=10, seed=18))

