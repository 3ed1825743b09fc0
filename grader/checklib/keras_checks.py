"""Helpers for checks of Keras exercises: model shape, compile settings, seeded training on made-up images.

Everything here runs in the trusted process on models rebuilt from data (grader/keras_rebuild.py).
"""
import weakref

import numpy as np

from grader.checklib.compare import describe
from grader.checklib.curves import record
from grader.checklib.verdicts import Observed
from grader.i18n import t
from grader.keras_rebuild import LearnerModel, Unsupported, keras

LOSS_NAMES = {"categoricalcrossentropy"}
METRIC_NAMES = {"acc", "accuracy", "categoricalaccuracy"}
# Training must bring the loss below this fraction of its start: measured in
# docs/keras-training-criterion.md, every contract-valid model falls below it in 2 epochs and a model
# that cannot learn does not move.
LOSS_FACTOR = 0.995
KERAS_ADAM_RATE = 0.001  # keras.optimizers.Adam's default learning_rate, also what the string "adam" gives


def name_key(name):
    """A name compared loosely: lower case, no underscores or spaces."""
    return str(name).lower().replace("_", "").replace(" ", "")


def expect_model(value, call):
    """The rebuilt LearnerModel, or a failure saying what came back instead."""
    # These messages say what is wrong and what to do; a check's hint is about its own subject.
    if isinstance(value, Unsupported):
        raise Observed(t("keras_checks.unsupported", call=call, class_name=value.class_name, kind=value.noun,
                         reason=value.reason))
    if not isinstance(value, LearnerModel):
        raise Observed(t("keras_checks.not_model", call=call, what=describe(value)))
    return value


_asked = weakref.WeakKeyDictionary()  # learner proxy -> {(builder, its arguments): what it returned}


def model_from(learner, builder, call, **kwargs):
    """The LearnerModel ``learner.<builder>(**kwargs)`` returns, or a failure saying what came back instead.

    The worker is asked once per grading for each builder and arguments: a builder makes a new model
    from its arguments, and the checks only read or clone the rebuilt copy, so those needing the same
    model share it (each ask costs the learner's build, its export and a rebuild here). A call that
    raised is not kept: the next check asks again.
    """
    asked = _asked.setdefault(learner, {})
    key = (builder, repr(sorted(kwargs.items())))
    if key not in asked:
        asked[key] = getattr(learner, builder)(**kwargs)
    return expect_model(asked[key], call)


def activation_name(layer):
    """The name of a layer's activation function ('relu', 'softmax', 'linear'), or None."""
    activation = getattr(layer, "activation", None)
    return getattr(activation, "__name__", None) if activation is not None else None


def expect_built(learner_model, call):
    """Fail unless the model knows its input shape (so it has weights and a summary)."""
    if not learner_model.model.built:
        raise Observed(t("keras_checks.not_built", call=call))
    return learner_model.model


def image_dataset(n, size=28, classes=10, channels=None, seed=0):
    """A small, learnable image set made here (no downloads): each class is a bright bar at its own place.

    Returns float32 images (n, size, size) or (n, size, size, channels) in [0, 1] and one-hot labels.
    """
    rng = np.random.default_rng(seed)
    labels = np.arange(n) % classes
    rng.shuffle(labels)
    images = rng.uniform(0.0, 0.3, size=(n, size, size)).astype(np.float32)
    band = max(1, size // (classes + 1))
    for i, label in enumerate(labels):
        start = label * size // classes
        if label % 2:
            images[i, start:start + band, :] += 0.7
        else:
            images[i, :, start:start + band] += 0.7
    images = np.clip(images, 0.0, 1.0)
    if channels:
        images = np.repeat(images[..., None], channels, axis=-1)
    return images, np.eye(classes, dtype=np.float32)[labels]


def reinitialised(learner_model, seed=0):
    """A copy of the learner's model with fresh weights drawn with ``seed`` (uncompiled: for predictions only).

    Its outputs, unlike those of the learner's own random initial weights, are the same at every grading,
    so a message quoting them is too.
    """
    k = keras()
    k.utils.set_random_seed(seed)
    return k.models.clone_model(learner_model.model)


def seeded_copy(learner_model, seed=0):
    """A fresh, identically initialised copy of the learner's model, compiled as they compiled it.

    Training this copy instead of the learner's own weights makes scores reproducible.
    """
    model = reinitialised(learner_model, seed)
    model.compile_from_config(learner_model.compile_config)
    return model


def train(learner_model, x, y, epochs, seed=0, validation_data=None, batch_size=32, label="training"):
    """Train a seeded copy of the model; returns (model, history dict), also kept for --plot."""
    model = seeded_copy(learner_model, seed)
    return model, fit(model, x, y, epochs, validation_data, batch_size, label)


def fit(model, x, y, epochs, validation_data=None, batch_size=32, label="training"):
    """Train ``model`` in place, unshuffled; returns its history dict, also kept for --plot."""
    history = model.fit(x, y, epochs=epochs, batch_size=batch_size, verbose=0, shuffle=False,
                        validation_data=validation_data)
    record(label, history.history)
    return history.history


def _loss_name(loss):
    """'categoricalcrossentropy' for a loss given as a string, a Keras loss object or a Keras function."""
    if isinstance(loss, dict):
        if loss.get("class_name") == "function":
            return name_key(loss.get("config")), False
        return name_key(loss.get("class_name")), bool((loss.get("config") or {}).get("from_logits"))
    return name_key(loss), False


def _metric_name(metric):
    if isinstance(metric, dict):
        name = metric.get("config") if metric.get("class_name") == "function" else metric.get("class_name")
        return str(name)
    return str(metric)


def expect_compile_settings(learner_model, call, learning_rate):
    """Fail unless compiled with Adam(learning_rate), categorical cross-entropy and an accuracy metric."""
    config = learner_model.compile_config
    if not config:
        raise AssertionError(t("keras_checks.not_compiled", call=call))
    optimizer = config.get("optimizer")
    name = optimizer.get("class_name") if isinstance(optimizer, dict) else optimizer
    if name_key(name) != "adam":
        raise AssertionError(t("keras_checks.optimizer", call=call, name=repr(name)))
    rate = (optimizer.get("config") or {}).get("learning_rate") if isinstance(optimizer, dict) else None
    if isinstance(rate, dict):
        raise AssertionError(t("keras_checks.rate_schedule", call=call, learning_rate=learning_rate))
    # Keras keeps the rate as float32: 0.001 comes back as 0.0010000000474974513.
    if not isinstance(rate, (int, float)) or not np.isclose(rate, learning_rate, rtol=1e-6, atol=0.0):
        shown = f"{rate:.6g}" if isinstance(rate, (int, float)) else repr(rate)
        # Named only when seen: the rate is Keras's default although another one was asked for.
        default = isinstance(rate, (int, float)) and np.isclose(rate, KERAS_ADAM_RATE, rtol=1e-6, atol=0.0)
        raise AssertionError(t("keras_checks.rate", call=call, rate=shown, learning_rate=learning_rate)
                             + (t("keras_checks.rate_default", rate=KERAS_ADAM_RATE) if default else ""))
    loss = config.get("loss")
    loss_name, from_logits = _loss_name(loss)
    if loss_name == "sparsecategoricalcrossentropy":
        raise AssertionError(t("keras_checks.sparse_loss", call=call))
    if loss_name not in LOSS_NAMES:
        shown = loss.get("class_name") if isinstance(loss, dict) else loss
        raise AssertionError(t("keras_checks.loss", call=call, loss=repr(shown)))
    if from_logits:
        raise AssertionError(t("keras_checks.from_logits", call=call))
    metrics = config.get("metrics") or []
    metrics = metrics if isinstance(metrics, list) else [metrics]
    names = [_metric_name(m) for m in metrics]
    if not any(name_key(n) in METRIC_NAMES for n in names):
        raise AssertionError(t("keras_checks.metrics", call=call, names=repr(names)))
    if learner_model.compile_error:
        raise AssertionError(t("keras_checks.compile_error", call=call, error=learner_model.compile_error))


def predict(model, inputs, call):
    """The model's output on ``inputs`` (inference mode) as a NumPy array, or a failure saying why not."""
    # The failures below state what was seen; the cause is the architecture check's to name.
    try:
        return np.asarray(model(inputs, training=False))
    except Exception as exc:
        shapes = [np.shape(x) for x in inputs] if isinstance(inputs, list) else np.shape(inputs)
        raise Observed(t("keras_checks.cannot_run", call=call, shapes=shapes, error_type=type(exc).__name__,
                         error=str(exc)[:300])) from None


def expect_probabilities(out, call, n, num_classes):
    """Fail unless ``out`` is (n, num_classes) rows of non-negative numbers that sum to 1."""
    if out.shape != (n, num_classes):
        raise Observed(t("keras_checks.output_shape", call=call, shape=out.shape, n=n, expected=(n, num_classes)))
    sums = out.sum(axis=-1)
    if not np.all(np.isfinite(out)) or np.any(out < 0) or not np.allclose(sums, 1.0, atol=1e-5):
        worst = int(np.argmax(np.abs(sums - 1.0))) if np.all(np.isfinite(sums)) else 0
        raise AssertionError(t("keras_checks.not_probabilities", call=call, sample=worst, total=f"{sums[worst]:.4f}",
                               minimum=f"{np.nanmin(out):.4f}"))


def expect_compiled(learner_model, call):
    """Fail unless the model was compiled, so it can be trained."""
    if not learner_model.compile_config:
        raise Observed(t("keras_checks.not_trainable", call=call))  # says what to do; no hint on learning


def untrainable_layers(model):
    """Words for what keeps a model from learning, found by looking at it: frozen layers, all-zero kernels; or ''.

    Only what inspection finds is named, so a "does not learn" failure blames the initialisers or
    trainability only when they are the cause.
    """
    frozen = [layer.name for layer in model.layers if layer.weights and not layer.trainable]
    found = (("frozen", frozen), ("zero_kernels", zero_kernel_layers(model)))
    return " ".join(layers_text(key, names) for key, names in found if names)


def layers_text(key, names):
    """The sentence ``keras_checks.<key>_one`` or ``_many`` about these layers (one layer, or several)."""
    return t(f"keras_checks.{key}_{'one' if len(names) == 1 else 'many'}", layers=", ".join(names))


def zero_kernel_layers(model):
    """Names of the model's layers whose kernel is all zeros (a relu layer then passes nothing of its input on)."""
    return [layer.name for layer in model.layers
            if getattr(layer, "kernel", None) is not None and not np.any(np.asarray(layer.kernel))]


def not_learning(message, untrained):
    """The failure for a model that did not learn: with its cause if inspection finds one, else only what was seen.

    The checks' hints (keep the initialisers, leave the layers trainable) hold only in the first case.
    """
    cause = untrainable_layers(untrained)
    return AssertionError(f"{message}\n{cause}") if cause else Observed(message)


def expect_loss_falls(learner_model, call, x, y, epochs, factor=LOSS_FACTOR, seed=0, validation_data=None):
    """Train a seeded copy; fail unless the loss on the training set falls below ``factor`` of its start.

    The factor comes from benchmarks/keras_training_criterion.py (docs/keras-training-criterion.md):
    every contract-valid model measured, narrow, deep or with a 2-unit bottleneck, falls below it,
    and a model that cannot learn stays at its start. ``validation_data`` only adds the validation
    curves to ``--plot``; the verdict reads the training set.
    """
    expect_compiled(learner_model, call)
    try:
        # One seeded copy, evaluated before and after training: the numbers of a second, untrained copy,
        # without tracing and running its evaluation twice. A fresh copy is made only to diagnose a failure.
        model = seeded_copy(learner_model, seed)
        start = float(model.evaluate(x, y, verbose=0, batch_size=64)[0])
        history = fit(model, x, y, epochs, validation_data, label=call)
        end = float(model.evaluate(x, y, verbose=0, batch_size=64)[0])
    except Exception as exc:
        raise Observed(t("keras_checks.training_failed", call=call, n=len(y), shape=np.shape(y),
                         error_type=type(exc).__name__, error=str(exc)[:300])) from None
    if not np.isfinite(end) or end > factor * start:
        curve = ", ".join(f"{v:.4f}" for v in history.get("loss", []))
        message = t("keras_checks.loss_stays", call=call, epochs=epochs, n=len(y), start=f"{start:.4f}",
                    end=f"{end:.4f}", curve=curve, threshold=f"{factor * start:.4f}", factor=f"{factor:.1%}")
        raise not_learning(message, seeded_copy(learner_model, seed))
    return start, end
