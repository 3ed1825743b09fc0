"""Checks for exercise09: the Keras Functional API (함수형 API), one and two inputs.

Model-comparison helpers live in grader/checklib/keras_layers.py (shared with 08 and 14).
"""
import numpy as np

from grader.checklib.keras_checks import (
    expect_built, expect_compile_settings, expect_loss_falls, expect_model, expect_probabilities,
    image_dataset, predict)
from grader.checklib.keras_layers import (
    ACTIVATION_LAYERS, MLP_ARGUMENTS, Spec, call_text, expect_mlp, standalone_activation, total_params)

TWO_INPUT_ARGUMENTS = [{}, dict(image_size=12, n_features=5, num_classes=3)]
MERGE_LAYERS = ("Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum", "Dot")


def functional_model(learner, builder, **kwargs):
    """Call a builder; check it returned a built Functional model; (call, LearnerModel)."""
    call = call_text(builder, **kwargs)
    built = expect_model(getattr(learner, builder)(**kwargs), call)
    if built.class_name == "Sequential":
        raise AssertionError(f"{call} returned a keras.Sequential model; this exercise is about the Functional "
                             f"API: call each layer on the tensor before it, starting from keras.Input(shape=...), "
                             f"and return keras.Model(inputs, outputs)")
    if built.class_name != "Functional":
        raise AssertionError(f"{call} returned a {built.class_name}; expected keras.Model(inputs, outputs)")
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
    if spec.kind == "Dense" and spec.activation == "linear" and activation:
        spec.activation = activation
    return spec


def expect_two_inputs(model, call, image_size, n_features, num_classes):
    """Two inputs in order, merged by concatenation, ending in Dense(num_classes, softmax)."""
    shapes = [tuple(t.shape) for t in model.inputs]
    want = [(None, image_size, image_size), (None, n_features)]
    if shapes != want:
        if sorted(map(str, shapes)) == sorted(map(str, want)):
            raise AssertionError(f"{call} takes its inputs in the wrong order: {shapes}; expected the image "
                                 f"{want[0]} first and the features {want[1]} second: "
                                 f"keras.Model(inputs=[image, features], ...)")
        raise AssertionError(f"{call} takes inputs of shapes {shapes}; expected two inputs, the image {want[0]} "
                             f"(from image_size) and the features {want[1]} (from n_features), in that order")
    sources = [_producer(t) for t in model.inputs]
    ops = [op for op in model.operations if type(op).__name__ != "InputLayer"]
    merges = [op for op in ops if type(op).__name__ == "Concatenate"]
    if not any(all(any(s is source for s in _source_inputs(op)) for source in sources) for op in merges):
        others = [type(op).__name__ for op in ops if type(op).__name__ in MERGE_LAYERS]
        found = f" ({others[0]} mixes the values of equal-shaped tensors instead)" if others else ""
        raise AssertionError(f"{call} does not join the image branch and the feature branch with a Concatenate "
                             f"layer{found}: merged = keras.layers.Concatenate()([image_branch, feature_branch]) "
                             f"keeps both side by side")
    if len(model.outputs) != 1:
        raise AssertionError(f"{call} has {len(model.outputs)} outputs; expected one, Dense({num_classes}, softmax)")
    head = _output_head(model)
    units = head.layer.get_config().get("units") if head.kind == "Dense" else None
    if head.kind != "Dense" or units != num_classes or head.activation != "softmax":
        raise AssertionError(f"{call} ends in {head.text}; expected Dense({num_classes}, softmax) as the output "
                             f"layer (num_classes units)")


def test_functional_mlp(learner, reference):
    call, built = functional_model(learner, "build_functional_mlp")
    got, _ = expect_mlp(built, call, reference.build_functional_mlp, {})
    if total_params(got) != 59_850:
        raise AssertionError(f"{call} has {total_params(got):,} parameters; expected 59,850")


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
    out = predict(built.model, [images[0], features[0]], call)
    expect_probabilities(out, call, 16, 10)
    for changed, which in (([images[1], features[0]], "image"), ([images[0], features[1]], "features")):
        if np.allclose(predict(built.model, changed, call), out, rtol=0.0, atol=1e-7):
            raise AssertionError(f"the outputs of the model from {call} do not change when only the {which} input "
                                 f"changes: both inputs must reach the output through the concatenation")


def test_compile_settings(learner, reference):
    for builder, kwargs, rate in (("build_functional_mlp", {}, 0.001),
                                  ("build_functional_mlp", {"learning_rate": 0.01}, 0.01),
                                  ("build_two_input_model", {}, 0.001)):
        call = call_text(builder, **kwargs)
        expect_compile_settings(expect_model(getattr(learner, builder)(**kwargs), call), call, rate)


def test_training_lowers_loss(learner, reference):
    call, built = functional_model(learner, "build_functional_mlp")
    x, y = image_dataset(256, size=28, classes=10, seed=9)
    expect_loss_falls(built, call, x, y, epochs=2)
    call, built = functional_model(learner, "build_two_input_model")
    # The features carry a noisy hint of the label, the image the label itself.
    noise = np.random.default_rng(9).normal(0.0, 1.0, size=(256, 8)).astype(np.float32)
    features = 0.5 * noise + y[:, :8]
    expect_loss_falls(built, call, [x, features], y, epochs=2)

