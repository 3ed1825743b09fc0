"""Checks for exercise09: the Keras Functional API (함수형 API), one and two inputs.

Model-comparison helpers live in grader/checklib/keras_layers.py (shared with 08 and 14).
"""
import itertools

import numpy as np

from grader.checklib.keras_checks import (
    expect_built, expect_compile_settings, expect_loss_falls, expect_probabilities, image_dataset, layers_text,
    model_from, predict, reinitialised, seeded_copy, zero_kernel_layers)
from grader.checklib.keras_layers import (
    ACTIVATION_LAYERS, MLP_ARGUMENTS, Spec, call_text, expect_mlp, expect_total_params, standalone_activation)
from grader.checklib.verdicts import Observed
from grader.i18n import t

TWO_INPUT_ARGUMENTS = [{}, dict(image_size=12, n_features=5, num_classes=3)]
MERGE_LAYERS = ("Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum", "Dot")


def functional_model(learner, builder, **kwargs):
    """Call a builder; check it returned a built Functional model; (call, LearnerModel)."""
    call = call_text(builder, **kwargs)
    built = model_from(learner, builder, call, **kwargs)
    if built.class_name == "Sequential":  # the message says what to do; the check's hint is about the layers
        raise Observed(t("exercise09_functional.sequential", call=call))
    if built.class_name != "Functional":
        raise Observed(t("exercise09_functional.not_functional", call=call, class_name=built.class_name))
    expect_built(built, call)
    return call, built


def _producer(tensor):
    """The layer or operation that produced a symbolic tensor."""
    history = getattr(tensor, "_keras_history", None)
    return history[0] if history else None


def _parents(op):
    """The layers/operations whose outputs ``op`` is called on (over all its calls)."""
    return [parent.operation for node in getattr(op, "_inbound_nodes", []) for parent in node.parent_nodes]


def _source_inputs(op):
    """The Input layers that ``op`` depends on."""
    seen, stack, found = set(), [op], []
    while stack:
        current = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        if type(current).__name__ == "InputLayer":
            found.append(current)
        stack.extend(_parents(current))
    return found


def _output_head(model):
    """The Spec of the layer that produces the model's output (a following activation layer folded in)."""
    op = _producer(model.outputs[0])
    activation = None
    if type(op).__name__ in ACTIVATION_LAYERS and standalone_activation(op):
        activation = standalone_activation(op)
        parents = _parents(op)
        op = parents[0] if len(parents) == 1 else op
    spec = Spec(op)
    if spec.class_name == "Dense" and spec.activation == "linear" and activation:
        spec.activation = activation
    return spec


def expect_two_inputs(model, call, image_size, n_features, num_classes):
    """Two inputs in order, merged by concatenation, ending in Dense(num_classes, softmax)."""
    shapes = [tuple(t.shape) for t in model.inputs]
    want = [(None, image_size, image_size), (None, n_features)]
    if shapes != want:
        swapped = sorted(map(str, shapes)) == sorted(map(str, want))
        key = "exercise09_functional.swapped_inputs" if swapped else "exercise09_functional.input_shapes"
        raise AssertionError(t(key, call=call, shapes=shapes, image=want[0], features=want[1]))
    sources = [_producer(t) for t in model.inputs]
    ops = [op for op in model.operations if type(op).__name__ != "InputLayer"]
    merges = [op for op in ops if type(op).__name__ == "Concatenate"]
    if not any(all(any(s is source for s in _source_inputs(op)) for source in sources) for op in merges):
        others = [type(op).__name__ for op in ops if type(op).__name__ in MERGE_LAYERS]
        found = t("exercise09_functional.other_merge", layer=others[0]) if others else ""
        raise AssertionError(t("exercise09_functional.no_concatenate", call=call, other_merge=found))
    if len(model.outputs) != 1:
        raise AssertionError(t("exercise09_functional.outputs", call=call, count=len(model.outputs),
                               num_classes=num_classes))
    head = _output_head(model)
    units = head.layer.get_config().get("units") if head.class_name == "Dense" else None
    if head.class_name != "Dense" or units != num_classes or head.activation != "softmax":
        raise AssertionError(t("exercise09_functional.head", call=call, head=head.text, num_classes=num_classes))


def test_functional_mlp(learner, reference):
    call, built = functional_model(learner, "build_functional_mlp")
    got, _ = expect_mlp(built, call, reference.build_functional_mlp, {})
    expect_total_params(got, call, 59_850)


def test_functional_mlp_arguments(learner, reference):
    for kwargs in MLP_ARGUMENTS:
        call, built = functional_model(learner, "build_functional_mlp", **kwargs)
        expect_mlp(built, call, reference.build_functional_mlp, kwargs)


def test_two_input_architecture(learner, reference):
    for kwargs in TWO_INPUT_ARGUMENTS:
        call, built = functional_model(learner, "build_two_input_model", **kwargs)
        expect_two_inputs(built.model, call, kwargs.get("image_size", 28), kwargs.get("n_features", 8),
                          kwargs.get("num_classes", 10))


def test_two_input_predictions(learner, reference):
    call, built = functional_model(learner, "build_two_input_model")
    rng = np.random.default_rng(9)
    images = rng.uniform(0.0, 1.0, size=(2, 16, 28, 28)).astype(np.float32)
    features = rng.normal(0.0, 1.0, size=(2, 16, 8)).astype(np.float32)
    inputs = [images[0], features[0]]
    # A seeded copy, not the learner's random weights: the verdict and the numbers it quotes stay the same.
    first = reinitialised(built, 0)
    out = predict(first, inputs, call)
    expect_probabilities(out, call, 16, 10)
    for changed, which in (([images[1], features[0]], t("exercise09_functional.image")),
                           ([images[0], features[1]], t("exercise09_functional.features"))):
        if _ignores(built, first, inputs, changed, call, trained_on=(images[1], features[1])):
            raise _ignored(built.model, t("exercise09_functional.input_ignored", call=call, which=which))


def _ignores(built, first, inputs, changed, call, trained_on):
    """Whether the output stays the same when ``inputs`` become ``changed``: at seed 0 (``first``), at seeds
    1 and 2, and after a little training on ``trained_on``; the later ones are tried only while it does.

    A narrow ReLU branch (Dense(2) on the image) can be dead at one random initialisation while wired to
    its input, so one initialisation is not enough to say the input is ignored.
    """
    models = itertools.chain([first], (reinitialised(built, seed) for seed in (1, 2)))
    return not any(_responds(model, inputs, changed, call) for model in models) \
        and not _responds(_briefly_trained(built, *trained_on), inputs, changed, call)


def _briefly_trained(built, images, features):
    """A seeded copy trained one epoch on random labels (the untrained seed-0 copy when it is not compiled).

    An output layer that starts at zero ignores every input at any initialisation, yet its kernel gets
    gradients at once and learns to use both; a ReLU branch that starts at zero stays at zero. So an
    input counts as ignored only when a little training does not make the output respond to it either.
    """
    if not built.compile_config:
        return reinitialised(built, 0)
    model = seeded_copy(built)
    labels = np.eye(model.output_shape[-1], dtype=np.float32)[np.arange(len(images)) % model.output_shape[-1]]
    model.fit([images, features], labels, epochs=1, batch_size=8, verbose=0, shuffle=False)
    return model


def _ignored(model, message):
    """The failure for an ignored input: with the all-zero kernels that explain it, else only what was seen.

    The architecture check has confirmed the concatenation, so a cause is named only when inspection finds it.
    """
    zeros = zero_kernel_layers(model)
    if zeros:
        return AssertionError(f"{message}\n{layers_text('zero_kernels', zeros)}")
    return Observed(message)


def _responds(model, inputs, changed, call):
    """Whether the model's output changes with the input."""
    return not np.allclose(predict(model, changed, call), predict(model, inputs, call), rtol=0.0, atol=1e-7)


def test_compile_settings(learner, reference):
    for builder, kwargs, rate in (("build_functional_mlp", {}, 0.001),
                                  ("build_functional_mlp", {"learning_rate": 0.01}, 0.01),
                                  ("build_two_input_model", {}, 0.001)):
        call = call_text(builder, **kwargs)
        expect_compile_settings(model_from(learner, builder, call, **kwargs), call, rate)


def test_training_lowers_loss(learner, reference):
    call, built = functional_model(learner, "build_functional_mlp")
    x, y = image_dataset(256, size=28, classes=10, seed=9)
    expect_loss_falls(built, call, x, y, epochs=2, validation_data=image_dataset(64, size=28, classes=10, seed=19))
    call, built = functional_model(learner, "build_two_input_model")
    # The features carry a noisy hint of the label, the image the label itself.
    noise = np.random.default_rng(9).normal(0.0, 1.0, size=(256, 8)).astype(np.float32)
    features = 0.5 * noise + y[:, :8]
    expect_loss_falls(built, call, [x, features], y, epochs=2)

