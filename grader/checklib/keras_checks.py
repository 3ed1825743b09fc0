"""Helpers for checks of Keras exercises: model shape, compile settings, seeded training on made-up images.

Everything here runs in the trusted process on models rebuilt from data (grader/keras_rebuild.py).
"""
import numpy as np

from grader.checklib.compare import describe
from grader.keras_rebuild import LearnerModel, Unsupported, keras

NOT_SUPPORTED = ("this exercise supports models built from Keras's own layers only (no Lambda layers, "
                 "custom layer or model classes, or custom losses)")


def expect_model(value, call):
    """The rebuilt LearnerModel, or a failure saying what came back instead."""
    if isinstance(value, Unsupported):
        raise AssertionError(f"{call} returned a {value.class_name} {value.kind} that is not supported in this "
                             f"exercise: {value.reason}. Note: {NOT_SUPPORTED}.")
    if not isinstance(value, LearnerModel):
        raise AssertionError(f"{call} should return a Keras model, but returned {describe(value)}")
    return value


def layer_rows(model):
    """Per layer (Input layers excluded): (class name, layer, output shape without batch, params)."""
    rows = []
    for layer in model.layers:
        shape = tuple(layer.output.shape[1:]) if getattr(layer, "output", None) is not None else None
        rows.append((type(layer).__name__, layer, shape, layer.count_params() if layer.built else None))
    return rows


def activation_name(layer):
    """The name of a layer's activation function ('relu', 'softmax', 'linear'), or None."""
    activation = getattr(layer, "activation", None)
    return getattr(activation, "__name__", None) if activation is not None else None


def describe_layer(index, layer):
    """'layer 2 (Dense(64, relu))' for messages."""
    kind = type(layer).__name__
    size = getattr(layer, "units", None) or getattr(layer, "filters", None)
    parts = [str(size)] if size else []
    if activation_name(layer) not in (None, "linear"):
        parts.append(activation_name(layer))
    return f"layer {index} ({kind}({', '.join(parts)}))"


def expect_built(learner_model, call):
    """Fail unless the model knows its input shape (so it has weights and a summary)."""
    if not learner_model.model.built:
        raise AssertionError(f"{call} returned a model without an input shape, so Keras cannot build it: start "
                             f"with keras.Input(shape=...) (or give the first layer input_shape=...)")
    return learner_model.model


def expect_compiled(learner_model, call, optimizer, learning_rate, loss_names, metric_names):
    """Fail unless the model was compiled with this optimizer class, learning rate, loss and metrics."""
    config = learner_model.compile_config
    if not config:
        raise AssertionError(f"{call} returned a model that is not compiled: call model.compile(...) before "
                             f"returning it")
    got_optimizer = config.get("optimizer") or {}
    name = got_optimizer.get("class_name") if isinstance(got_optimizer, dict) else str(got_optimizer)
    if str(name).lower() != optimizer.lower():
        raise AssertionError(f"{call} compiled with optimizer {name!r}; expected {optimizer}")
    rate = (got_optimizer.get("config") or {}).get("learning_rate") if isinstance(got_optimizer, dict) else None
    if not isinstance(rate, (int, float)) or not np.isclose(rate, learning_rate, rtol=1e-6):
        raise AssertionError(f"{call} compiled with learning rate {rate!r}; expected {learning_rate} "
                             f"(pass {optimizer}(learning_rate=...))")
    loss = config.get("loss")
    loss_name = loss.get("class_name") if isinstance(loss, dict) else loss
    if str(loss_name).lower().replace("_", "") not in {n.lower().replace("_", "") for n in loss_names}:
        raise AssertionError(f"{call} compiled with loss {loss_name!r}; expected categorical cross-entropy "
                             f"for one-hot labels (not the sparse version, which takes integer labels)")
    metrics = config.get("metrics") or []
    names = [m.get("class_name") if isinstance(m, dict) else m for m in metrics]
    if not any(str(n) in metric_names for n in names):
        raise AssertionError(f"{call} compiled with metrics {names!r}; expected one of {list(metric_names)}")
    if learner_model.compile_error:
        raise AssertionError(f"{call}: the compile settings cannot be rebuilt ({learner_model.compile_error})")


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


def seeded_copy(learner_model, seed=0):
    """A fresh, identically initialised copy of the learner's model, compiled as they compiled it.

    Training this copy instead of the learner's own weights makes scores reproducible.
    """
    k = keras()
    k.utils.set_random_seed(seed)
    model = k.models.clone_model(learner_model.model)
    model.compile_from_config(learner_model.compile_config)
    return model


def train(learner_model, x, y, epochs, seed=0, validation_data=None, batch_size=32):
    """Train a seeded copy of the model; returns (model, history dict)."""
    model = seeded_copy(learner_model, seed)
    history = model.fit(x, y, epochs=epochs, batch_size=batch_size, verbose=0, shuffle=False,
                        validation_data=validation_data)
    return model, history.history
