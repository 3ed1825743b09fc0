"""Checks for exercise08: an MLP with the Keras Sequential API (순차 API).

The learner's model arrives rebuilt from its config and weights (grader/keras_rebuild.py). Its
layers are compared, one by one, with the reference model built here with the same arguments.
The helpers above the checks are shared with exercise09 and exercise14.
"""
import functools

import numpy as np

from grader.checklib.keras_checks import activation_name, expect_built, expect_model, image_dataset, seeded_copy, train

# --------------------------------------------------------------------------------------------
# Shared helpers for the Keras model exercises (08, 09, 14)
# --------------------------------------------------------------------------------------------

# A separate activation layer right after a Dense or Conv2D layer without activation is the same
# function as the activation inside the layer: Dense(64) + Activation("relu") == Dense(64, "relu").
# "Relu" and "Softmax" are also the operations keras.ops.relu and keras.ops.softmax leave in a
# functional model.
ACTIVATION_LAYERS = ("Activation", "ReLU", "Softmax", "Relu")
LOSS_NAMES = {"categoricalcrossentropy"}
METRIC_NAMES = {"acc", "accuracy", "categoricalaccuracy"}


def _key(name):
    return str(name).lower().replace("_", "").replace(" ", "")


def call_text(function, **kwargs):
    """'build_cnn(num_classes=4)' for messages."""
    return f"{function}({', '.join(f'{k}={v!r}' for k, v in kwargs.items())})"


def _pair_text(value):
    value = tuple(value) if isinstance(value, (list, tuple)) else (value, value)
    return str(value[0]) if len(set(value)) == 1 else str(value)


def standalone_activation(layer):
    """The activation a standalone activation layer applies, or None if it is not a plain one."""
    kind = type(layer).__name__
    try:
        config = layer.get_config()
    except Exception:
        config = {}
    if kind == "Activation":
        return activation_name(layer)
    if kind == "Relu":
        return "relu"
    if kind == "ReLU":
        plain = not config.get("max_value") and not config.get("negative_slope") and not config.get("threshold")
        return "relu" if plain else None
    if kind == "Softmax":
        return "softmax" if config.get("axis", -1) in (-1, [-1]) else None
    return None


class Spec:
    """One layer as the checks see it: its type, main settings, output shape and parameter count."""

    def __init__(self, layer):
        self.layer, self.kind = layer, type(layer).__name__
        self.activation = activation_name(layer) if self.kind in ("Dense", "Conv2D") else None
        try:
            self.shape = tuple(layer.output.shape[1:])
        except Exception:  # a shared layer has several outputs; an operation may have none
            self.shape = None
        try:
            self.params = int(layer.count_params()) if getattr(layer, "built", False) else 0
        except Exception:
            self.params = None
        self.position = 0

    def merge_activation(self, layer):
        """Fold a following activation layer into this Dense/Conv2D layer."""
        self.activation = standalone_activation(layer)
        try:
            self.shape = tuple(layer.output.shape[1:])
        except Exception:
            pass

    @property
    def settings(self):
        """The settings that the contract fixes, as the learner would write them, in order."""
        kind = self.kind
        try:
            config = self.layer.get_config()
        except Exception:
            config = {}
        parts = {}
        if kind == "Dense":
            parts["units"] = str(config.get("units"))
        elif kind == "Conv2D":
            parts["filters"] = str(config.get("filters"))
            parts["kernel_size"] = _pair_text(config.get("kernel_size"))
            parts["padding"] = f"padding={config.get('padding')!r}"
            if tuple(config.get("strides") or (1, 1)) != (1, 1):
                parts["strides"] = f"strides={_pair_text(config.get('strides'))}"
        elif kind == "MaxPooling2D":
            parts["pool_size"] = _pair_text(config.get("pool_size"))
            strides = config.get("strides")
            if strides is not None and tuple(strides) != tuple(config.get("pool_size")):
                parts["strides"] = f"strides={_pair_text(strides)}"
            if config.get("padding", "valid") != "valid":
                parts["padding"] = f"padding={config.get('padding')!r}"
        elif kind == "Dropout":
            rate = config.get("rate")
            parts["rate"] = f"{rate:g}" if isinstance(rate, (int, float)) else repr(rate)
        elif kind in ACTIVATION_LAYERS:
            parts["activation"] = repr(standalone_activation(self.layer) or kind)
        if kind in ("Dense", "Conv2D"):
            if self.activation not in (None, "linear"):
                parts["activation"] = self.activation
            if config.get("use_bias") is False:
                parts["use_bias"] = "use_bias=False"
        return parts

    @property
    def text(self):
        """How the learner would write the layer: "Conv2D(16, 3, padding='same', relu)"."""
        return f"{self.kind}({', '.join(self.settings.values())})"

    def where(self):
        return f"layer {self.position} ({self.text})"


def operations(model):
    """The model's layers and operations in order, Input layers left out."""
    ops = getattr(model, "operations", None)
    ops = model.layers if ops is None or type(model).__name__ == "Sequential" else ops
    return [op for op in ops if type(op).__name__ != "InputLayer"]


def layer_specs(model):
    """The model's layers as Specs, numbered from 1, activation layers folded into the layer before."""
    specs = []
    for op in operations(model):
        previous = specs[-1] if specs else None
        if (previous is not None and type(op).__name__ in ACTIVATION_LAYERS and standalone_activation(op)
                and previous.kind in ("Dense", "Conv2D") and previous.activation == "linear"):
            previous.merge_activation(op)
            continue
        specs.append(Spec(op))
    for position, spec in enumerate(specs, start=1):
        spec.position = position
    return specs


def chain_text(specs):
    return " -> ".join(s.text for s in specs) if specs else "(no layers)"


def _substitution_cost(got, want):
    """0 for the same layer; about 0.5 for the same type with other settings; 1.9 for another type.

    A different size counts more than a different activation or padding, so a missing hidden layer
    is reported as missing rather than as the next layer with the wrong size.
    """
    if got.text == want.text:
        return 0.0
    if got.kind != want.kind:
        return 1.9
    g, w = got.settings, want.settings
    weights = {"units": 0.2, "filters": 0.2, "kernel_size": 0.2}
    return 0.4 + sum(weights.get(k, 0.1) for k in set(g) | set(w) if g.get(k) != w.get(k))


def _sequence_problems(got, want, offset, previous=None):
    """Learner-facing differences between two layer lists, from the cheapest alignment of the two."""
    n, m = len(got), len(want)
    cost = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n + 1):
        for j in range(m + 1):
            if i == 0 or j == 0:
                cost[i][j] = float(i + j)
                continue
            cost[i][j] = min(cost[i - 1][j] + 1, cost[i][j - 1] + 1,
                             cost[i - 1][j - 1] + _substitution_cost(got[i - 1], want[j - 1]))
    steps, i, j = [], n, m
    while i or j:  # on ties, pair the earlier layers and call the later ones missing or extra
        if i and cost[i][j] == cost[i - 1][j] + 1:
            steps.append(("extra", i - 1, None))
            i -= 1
        elif j and cost[i][j] == cost[i][j - 1] + 1:
            steps.append(("missing", i, j - 1))
            j -= 1
        else:
            steps.append(("pair", i - 1, j - 1))
            i, j = i - 1, j - 1
    problems = []
    for step, i, j in reversed(steps):
        if step == "pair" and got[i].text != want[j].text:
            problems.append(f"layer {offset + i + 1} is {got[i].text}; expected {want[j].text}")
        elif step == "extra":
            problems.append(f"layer {offset + i + 1} ({got[i].text}) should not be there")
        elif step == "missing":
            if i > 0:
                after = f"after layer {offset + i} ({got[i - 1].text})"
            else:
                after = f"after layer {offset} ({previous.text})" if previous else "at the start"
            problems.append(f"{want[j].text} is missing {after}")
    return problems


def compare_layers(got, want, call, previous=None, shapes=True, what="layers"):
    """Fail unless the learner's layers match the expected ones: types, settings, shapes, parameters.

    ``previous`` is the learner's layer before ``got`` when ``got`` is the later part of a model.
    """
    problems = _sequence_problems(got, want, previous.position if previous else 0, previous)
    if problems:
        raise AssertionError(f"{call} builds the {what} {chain_text(got)}\nexpected {chain_text(want)}:\n"
                             + "\n".join(f"- {p}" for p in problems[:4]))
    if not shapes:
        return
    for g, w in zip(got, want):
        if g.shape != w.shape:
            raise AssertionError(f"{call}: {g.where()} outputs shape {(None, *g.shape) if g.shape else g.shape}; "
                                 f"expected {(None, *w.shape)}")
        if g.params != w.params:
            raise AssertionError(f"{call}: {g.where()} has {_count(g.params)} parameters; expected "
                                 f"{_count(w.params)}")


def _count(params):
    return f"{params:,}" if isinstance(params, int) else "an unknown number of"


def expect_input_shape(model, call, shape, argument):
    """Fail unless the model takes one input of ``shape`` (batch axis left out)."""
    inputs = list(getattr(model, "inputs", None) or [])
    got = [tuple(t.shape[1:]) for t in inputs]
    if got != [tuple(shape)]:
        shown = ", ".join(str((None, *s)) for s in got) or "none"
        raise AssertionError(f"{call} builds a model whose input shape is {shown}; expected {(None, *shape)} "
                             f"(from {argument})")


def total_params(specs):
    return sum(s.params or 0 for s in specs)


def _loss_name(loss):
    """'categoricalcrossentropy' for a loss given as a string, a Keras loss object or a Keras function."""
    if isinstance(loss, dict):
        if loss.get("class_name") == "function":
            return _key(loss.get("config")), False
        return _key(loss.get("class_name")), bool((loss.get("config") or {}).get("from_logits"))
    return _key(loss), False


def _metric_name(metric):
    if isinstance(metric, dict):
        name = metric.get("config") if metric.get("class_name") == "function" else metric.get("class_name")
        return str(name)
    return str(metric)


def expect_compile_settings(learner_model, call, learning_rate):
    """Fail unless compiled with Adam(learning_rate), categorical cross-entropy and an accuracy metric."""
    config = learner_model.compile_config
    if not config:
        raise AssertionError(f"{call} returned a model that is not compiled: call model.compile(optimizer=..., "
                             f"loss=..., metrics=[...]) before returning it")
    optimizer = config.get("optimizer")
    name = optimizer.get("class_name") if isinstance(optimizer, dict) else optimizer
    if _key(name) != "adam":
        raise AssertionError(f"{call} compiled with the optimizer {name!r}; expected Adam: "
                             f"optimizer=keras.optimizers.Adam(learning_rate=learning_rate)")
    rate = (optimizer.get("config") or {}).get("learning_rate") if isinstance(optimizer, dict) else None
    if isinstance(rate, dict):
        raise AssertionError(f"{call} compiled Adam with a learning-rate schedule; expected the constant "
                             f"learning_rate={learning_rate}")
    # Keras keeps the rate as float32: 0.001 comes back as 0.0010000000474974513.
    if not isinstance(rate, (int, float)) or not np.isclose(rate, learning_rate, rtol=1e-6, atol=0.0):
        shown = f"{rate:.6g}" if isinstance(rate, (int, float)) else repr(rate)
        raise AssertionError(f"{call} compiled Adam with learning rate {shown}; expected {learning_rate} "
                             f"(pass it on: Adam(learning_rate=learning_rate))")
    loss = config.get("loss")
    loss_name, from_logits = _loss_name(loss)
    if loss_name == "sparsecategoricalcrossentropy":
        raise AssertionError(f"{call} compiled with the loss sparse_categorical_crossentropy, which takes integer "
                             f"labels; the labels here are one-hot, so use 'categorical_crossentropy'")
    if loss_name not in LOSS_NAMES:
        shown = loss.get("class_name") if isinstance(loss, dict) else loss
        raise AssertionError(f"{call} compiled with the loss {shown!r}; expected 'categorical_crossentropy' "
                             f"(or keras.losses.CategoricalCrossentropy()) for one-hot labels")
    if from_logits:
        raise AssertionError(f"{call} compiled with CategoricalCrossentropy(from_logits=True), but the model "
                             f"already ends in softmax: leave from_logits at False")
    metrics = config.get("metrics") or []
    metrics = metrics if isinstance(metrics, list) else [metrics]
    names = [_metric_name(m) for m in metrics]
    if not any(_key(n) in METRIC_NAMES for n in names):
        raise AssertionError(f"{call} compiled with metrics={names!r}; expected metrics=['acc'] (the note's "
                             f"name; 'accuracy' works too)")
    if learner_model.compile_error:
        raise AssertionError(f"{call}: the compile settings cannot be rebuilt here "
                             f"({learner_model.compile_error}); use Keras's own optimizer, loss and metrics")


def predict(model, inputs, call):
    """The model's output on ``inputs`` (inference mode) as a NumPy array, or a failure saying why not."""
    try:
        return np.asarray(model(inputs, training=False))
    except Exception as exc:
        shapes = [np.shape(x) for x in inputs] if isinstance(inputs, list) else np.shape(inputs)
        raise AssertionError(f"the model from {call} cannot be run on inputs of shape {shapes}: "
                             f"{type(exc).__name__}: {str(exc)[:300]}") from None


def expect_probabilities(out, call, n, num_classes):
    """Fail unless ``out`` is (n, num_classes) rows of non-negative numbers that sum to 1."""
    if out.shape != (n, num_classes):
        raise AssertionError(f"the model from {call} outputs shape {out.shape} for {n} samples; expected "
                             f"{(n, num_classes)}")
    sums = out.sum(axis=-1)
    if not np.all(np.isfinite(out)) or np.any(out < 0) or not np.allclose(sums, 1.0, atol=1e-5):
        worst = int(np.argmax(np.abs(sums - 1.0))) if np.all(np.isfinite(sums)) else 0
        raise AssertionError(f"the outputs of the model from {call} are not probabilities: sample {worst} sums to "
                             f"{sums[worst]:.4f} (min value {np.nanmin(out):.4f}); the last layer needs "
                             f"activation='softmax'")


def expect_loss_falls(learner_model, call, x, y, epochs, factor=0.75, seed=0):
    """Train a seeded copy; fail unless the loss on the training set falls below ``factor`` of its start."""
    if not learner_model.compile_config:
        raise AssertionError(f"the model from {call} is not compiled, so it cannot be trained: call "
                             f"model.compile(...) before returning it")
    try:
        start = float(seeded_copy(learner_model, seed).evaluate(x, y, verbose=0, batch_size=64)[0])
        model, _ = train(learner_model, x, y, epochs=epochs, seed=seed)
        end = float(model.evaluate(x, y, verbose=0, batch_size=64)[0])
    except Exception as exc:
        raise AssertionError(f"the model from {call} could not be trained on {len(y)} images with one-hot labels "
                             f"of shape {np.shape(y)}: {type(exc).__name__}: {str(exc)[:300]}") from None
    if not np.isfinite(end) or end > factor * start:
        raise AssertionError(f"the model from {call} does not learn: {epochs} epochs of training on {len(y)} "
                             f"simple images moved the loss from {start:.4f} to {end:.4f}; it should fall below "
                             f"{factor:.0%} of its start. Check that the layers are trainable and not initialised "
                             f"to zeros, and the optimizer settings.")
    return start, end


@functools.cache
def reference_specs(builder, items):
    """The reference model's Specs for these arguments (built once per process)."""
    return layer_specs(builder(**dict(items)))


# --------------------------------------------------------------------------------------------
# exercise08
# --------------------------------------------------------------------------------------------

OTHER_ARGUMENTS = [dict(input_size=16, hidden_units=(32,), num_classes=5),
                   dict(input_size=8, hidden_units=(24, 16, 12), num_classes=3, learning_rate=0.01),
                   dict(input_size=10, hidden_units=(), num_classes=4)]


def sequential_model(learner, sequential=True, **kwargs):
    """Call build_sequential_mlp, check it returned a built (Sequential) model; (call, LearnerModel)."""
    call = call_text("build_sequential_mlp", **kwargs)
    built = expect_model(learner.build_sequential_mlp(**kwargs), call)
    if sequential and built.class_name != "Sequential":
        raise AssertionError(f"{call} returned a {built.class_name} model; this exercise is about the Sequential "
                             f"API: return keras.Sequential([...])")
    expect_built(built, call)
    return call, built


def expect_mlp(learner_model, call, reference_builder, kwargs):
    """Compare the learner's MLP with the reference one built with the same arguments."""
    size = kwargs.get("input_size", 28)
    expect_input_shape(learner_model.model, call, (size, size), "(input_size, input_size)")
    want = reference_specs(reference_builder, tuple(sorted(kwargs.items())))
    got = layer_specs(learner_model.model)
    compare_layers(got, want, call)
    return got, want


def test_architecture(learner, reference):
    call, built = sequential_model(learner)
    got, _ = expect_mlp(built, call, reference.build_sequential_mlp, {})
    if total_params(got) != 59_850:
        raise AssertionError(f"{call} has {total_params(got):,} parameters; expected 59,850")


def test_other_arguments(learner, reference):
    for kwargs in OTHER_ARGUMENTS:
        call, built = sequential_model(learner, sequential=False, **kwargs)
        expect_mlp(built, call, reference.build_sequential_mlp, kwargs)


def test_compile_settings(learner, reference):
    for kwargs in ({}, {"learning_rate": 0.01}, {"learning_rate": 0.0005}):
        call = call_text("build_sequential_mlp", **kwargs)
        built = expect_model(learner.build_sequential_mlp(**kwargs), call)
        expect_compile_settings(built, call, kwargs.get("learning_rate", 0.001))


def test_softmax_output(learner, reference):
    call, built = sequential_model(learner, sequential=False)
    x = np.random.default_rng(8).normal(0.0, 1.0, size=(16, 28, 28)).astype(np.float32)
    expect_probabilities(predict(built.model, x, call), call, 16, 10)


def test_training_lowers_loss(learner, reference):
    call, built = sequential_model(learner, sequential=False)
    x, y = image_dataset(256, size=28, classes=10, seed=8)
    expect_loss_falls(built, call, x, y, epochs=2)

