"""Layer-by-layer comparison of a learner's Keras model with the reference model.

A model becomes a list of layer specs (class name, size, activation, padding, output shape, params);
the learner's list is aligned with the reference's so a message can name the missing, extra or
different layer. Shared by the checks of exercises 08, 09 and 14.
"""
import functools

from grader.checklib.keras_checks import activation_name
from grader.i18n import t

# A separate activation layer right after a Dense or Conv2D layer without activation is the same
# function as the activation inside the layer: Dense(64) + Activation("relu") == Dense(64, "relu").
# "Relu" and "Softmax" are also the operations keras.ops.relu and keras.ops.softmax leave in a
# functional model.
ACTIVATION_LAYERS = ("Activation", "ReLU", "Softmax", "Relu")


def call_text(function, **kwargs):
    """'build_cnn(num_classes=4)' for messages."""
    return f"{function}({', '.join(f'{k}={v!r}' for k, v in kwargs.items())})"


def _pair_text(value):
    value = tuple(value) if isinstance(value, (list, tuple)) else (value, value)
    return str(value[0]) if len(set(value)) == 1 else str(value)


def standalone_activation(layer):
    """The activation a standalone activation layer applies, or None if it is not a plain one."""
    class_name = type(layer).__name__
    try:
        config = layer.get_config()
    except Exception:
        config = {}
    if class_name == "Activation":
        return activation_name(layer)
    if class_name == "Relu":
        return "relu"
    if class_name == "ReLU":
        plain = not config.get("max_value") and not config.get("negative_slope") and not config.get("threshold")
        return "relu" if plain else None
    if class_name == "Softmax":
        return "softmax" if config.get("axis", -1) in (-1, [-1]) else None
    return None


class Spec:
    """One layer as the checks see it: its type, main settings, output shape and parameter count."""

    def __init__(self, layer):
        self.layer, self.class_name = layer, type(layer).__name__
        self.activation = activation_name(layer) if self.class_name in ("Dense", "Conv2D") else None
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
        class_name = self.class_name
        try:
            config = self.layer.get_config()
        except Exception:
            config = {}
        parts = {}
        if class_name == "Dense":
            parts["units"] = str(config.get("units"))
        elif class_name == "Conv2D":
            parts["filters"] = str(config.get("filters"))
            parts["kernel_size"] = _pair_text(config.get("kernel_size"))
            parts["padding"] = f"padding={config.get('padding')!r}"
            if tuple(config.get("strides") or (1, 1)) != (1, 1):
                parts["strides"] = f"strides={_pair_text(config.get('strides'))}"
        elif class_name == "MaxPooling2D":
            parts["pool_size"] = _pair_text(config.get("pool_size"))
            strides = config.get("strides")
            if strides is not None and tuple(strides) != tuple(config.get("pool_size")):
                parts["strides"] = f"strides={_pair_text(strides)}"
            if config.get("padding", "valid") != "valid":
                parts["padding"] = f"padding={config.get('padding')!r}"
        elif class_name == "Dropout":
            rate = config.get("rate")
            parts["rate"] = f"{rate:g}" if isinstance(rate, (int, float)) else repr(rate)
        elif class_name in ACTIVATION_LAYERS:
            parts["activation"] = repr(standalone_activation(self.layer) or class_name)
        if class_name in ("Dense", "Conv2D"):
            if self.activation not in (None, "linear"):
                parts["activation"] = self.activation
            if config.get("use_bias") is False:
                parts["use_bias"] = "use_bias=False"
        return parts

    @property
    def text(self):
        """How the learner would write the layer: "Conv2D(16, 3, padding='same', relu)"."""
        return f"{self.class_name}({', '.join(self.settings.values())})"

    def where(self):
        return t("keras_layers.layer", position=self.position, text=self.text)


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
                and previous.class_name in ("Dense", "Conv2D") and previous.activation == "linear"):
            previous.merge_activation(op)
            continue
        specs.append(Spec(op))
    for position, spec in enumerate(specs, start=1):
        spec.position = position
    return specs


def chain_text(specs):
    return " -> ".join(s.text for s in specs) if specs else t("keras_layers.no_layers")


def _substitution_cost(got, want):
    """0 for the same layer; about 0.5 for the same type with other settings; 1.9 for another type.

    A different size counts more than a different activation or padding, so a missing hidden layer
    is reported as missing rather than as the next layer with the wrong size.
    """
    if got.text == want.text:
        return 0.0
    if got.class_name != want.class_name:
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
            problems.append(t("keras_layers.different", position=offset + i + 1, got=got[i].text,
                              expected=want[j].text))
        elif step == "extra":
            problems.append(t("keras_layers.extra", position=offset + i + 1, text=got[i].text))
        elif step == "missing":
            problems.append(_missing_text(want[j], got[i - 1] if i > 0 else previous, offset + i))
    return problems


def _missing_text(layer, before, position):
    """'<layer> is missing after layer <position> (<before>)', or '... at the start' with no layer before."""
    if before is None:
        return t("keras_layers.missing_at_start", layer=layer.text)
    return t("keras_layers.missing_after", layer=layer.text, position=position, before=before.text)


def compare_layers(got, want, call, previous=None, shapes=True, what=None):
    """Fail unless the learner's layers match the expected ones: types, settings, shapes, parameters.

    ``previous`` is the learner's layer before ``got`` when ``got`` is the later part of a model;
    ``what`` names the part ("the layers" by default).
    """
    problems = _sequence_problems(got, want, previous.position if previous else 0, previous)
    if problems:
        raise AssertionError(t("keras_layers.builds", call=call, what=what or t("keras_layers.layers"),
                               got=chain_text(got), expected=chain_text(want))
                             + "\n".join(f"- {p}" for p in problems[:4]))
    if not shapes:
        return
    for g, w in zip(got, want):
        if g.shape != w.shape:
            raise AssertionError(t("keras_layers.shape", call=call, where=g.where(),
                                   got=(None, *g.shape) if g.shape else g.shape, expected=(None, *w.shape)))
        if g.params != w.params:
            raise AssertionError(_params_text(call, g, w))


def _params_text(call, got, want):
    """The message for a layer whose parameter count differs from the reference's."""
    if got.params is None:
        return t("keras_layers.params_unknown", call=call, where=got.where(), expected=f"{want.params:,}")
    return t("keras_layers.params", call=call, where=got.where(), got=f"{got.params:,}", expected=f"{want.params:,}")


def expect_total_params(specs, call, expected):
    """Fail unless the layers have ``expected`` parameters in all."""
    if total_params(specs) != expected:
        raise AssertionError(t("keras_layers.total_params", call=call, got=f"{total_params(specs):,}",
                               expected=f"{expected:,}"))


def expect_input_shape(model, call, shape, argument):
    """Fail unless the model takes one input of ``shape`` (batch axis left out)."""
    inputs = list(getattr(model, "inputs", None) or [])
    got = [tuple(t.shape[1:]) for t in inputs]
    if got != [tuple(shape)]:
        shown = ", ".join(str((None, *s)) for s in got) or t("keras_layers.no_input")
        raise AssertionError(t("keras_layers.input_shape", call=call, got=shown, expected=(None, *shape),
                               argument=argument))


def total_params(specs):
    return sum(s.params or 0 for s in specs)


@functools.cache
def reference_specs(builder, items):
    """The reference model's Specs for these arguments (built once per process)."""
    return layer_specs(builder(**dict(items)))


# Non-default arguments for the MLP builders of exercises 08 and 09.
MLP_ARGUMENTS = [dict(input_size=16, hidden_units=(32,), num_classes=5),
                   dict(input_size=8, hidden_units=(24, 16, 12), num_classes=3, learning_rate=0.01),
                   dict(input_size=10, hidden_units=(), num_classes=4)]


def expect_mlp(learner_model, call, reference_builder, kwargs):
    """Compare the learner's MLP with the reference one built with the same arguments."""
    size = kwargs.get("input_size", 28)
    expect_input_shape(learner_model.model, call, (size, size), "(input_size, input_size)")
    want = reference_specs(reference_builder, tuple(sorted(kwargs.items())))
    got = layer_specs(learner_model.model)
    compare_layers(got, want, call)
    return got, want
