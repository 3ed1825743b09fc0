"""Worker side: describe Keras models and callbacks as data (config JSON, weights, settings).

Loaded next to worker.py only when the learner's code has imported Keras; it never imports
Keras itself, so NumPy exercises stay free of TensorFlow. The grader rebuilds the objects from
this data with Keras's safe mode (grader/keras_rebuild.py); no learner code crosses.
"""
import inspect
import sys

MODEL_TAG, CALLBACK_TAG = "keras_model", "keras_callback"
DATA_TYPES = (bool, int, float, str, type(None))


def _keras():
    return sys.modules.get("keras")


def is_keras_object(value):
    """True for a Keras model or callback (only possible once the learner imported Keras)."""
    keras = _keras()
    return keras is not None and isinstance(value, (keras.Model, keras.callbacks.Callback))


def _settings(callback):
    """The constructor arguments of a callback, read back from its attributes when they are data."""
    settings, skipped = {}, []
    for name, parameter in inspect.signature(type(callback).__init__).parameters.items():
        if name == "self" or parameter.kind in (parameter.VAR_KEYWORD, parameter.VAR_POSITIONAL):
            continue
        if not hasattr(callback, name):
            continue
        value = getattr(callback, name)
        if isinstance(value, DATA_TYPES) or type(value).__module__ == "pathlib":
            settings[name] = value if isinstance(value, DATA_TYPES) else str(value)
        else:
            skipped.append(name)
    return settings, skipped


def export(value, encode):
    """The data record for a Keras model or callback; ``encode`` turns nested values into wire data."""
    cls = type(value)
    record = {"$": MODEL_TAG if isinstance(value, _keras().Model) else CALLBACK_TAG, "class": cls.__name__,
              "module": cls.__module__}
    try:
        if record["$"] == CALLBACK_TAG:
            settings, skipped = _settings(value)
            record.update(settings=encode(settings), skipped=skipped)
            return record
        record["json"] = value.to_json()
        record["compile"] = encode(value.get_compile_config() if value.compiled else None)
        record["weights"] = encode(value.get_weights() if value.built else [])
    except Exception as exc:  # an unserialisable custom layer or model: the grader says why
        record["error"] = f"{type(exc).__name__}: {exc}"[:500]
    return record
