"""Trusted side: rebuild the learner's Keras models and callbacks from data, in safe mode.

The worker sends a model as its config JSON, compile config and weights, and a callback as its
class name and constructor settings (grader/sandbox/keras_export.py). Only Keras's own classes
are rebuilt, with ``safe_mode`` deserialisation, so no learner code runs in this process.
TensorFlow is imported here, lazily and once, with its log output silenced.
"""
import functools
import json
import os
import warnings
from dataclasses import dataclass, field

from grader.i18n import t


@functools.cache
def keras():
    """Import Keras quietly (once per process) and return the module."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import keras as module
    try:
        import absl.logging

        absl.logging.set_verbosity(absl.logging.ERROR)
    except ImportError:
        pass
    return module


@dataclass
class Unsupported:
    """A Keras object the grader cannot rebuild (custom class, Lambda layer, custom loss)."""

    what: str  # "model" or "callback"
    class_name: str
    reason: str

    @property
    def noun(self):
        """'model' or 'callback' in the current language."""
        return t("keras_checks.rebuild_model") if self.what == "model" else t("keras_checks.rebuild_callback")

    def __repr__(self):
        return t("keras_checks.rebuild_unsupported_repr", class_name=self.class_name, kind=self.noun,
                 reason=self.reason)


@dataclass
class LearnerModel:
    """A learner's model rebuilt here: the Keras model, its compile settings and its class name."""

    model: object
    class_name: str
    compile_config: dict | None = None
    compile_error: str = ""
    weights: list = field(default_factory=list)

    def __repr__(self):
        return t("keras_checks.rebuild_model_repr", class_name=self.class_name, count=len(self.model.layers))


def foreign_classes(config):
    """Names of the classes in a model config that are not Keras's own (custom layers, models, losses)."""
    found = []
    if isinstance(config, dict):
        module = config.get("module")
        # A function (keras.losses.categorical_crossentropy) is recorded by name, module "builtins": Keras
        # rebuilds it from its own registry and refuses a name it does not know, so it is no custom class.
        function = config.get("class_name") == "function" and module == "builtins"
        if "class_name" in config and isinstance(module, str) and not module.startswith("keras") and not function:
            found.append(t("keras_checks.rebuild_class_from", name=config["class_name"], module=module))
        for value in config.values():
            found += foreign_classes(value)
    elif isinstance(config, list):
        for value in config:
            found += foreign_classes(value)
    return found


def rebuild_model(record, decode):
    """A LearnerModel (or Unsupported) from the worker's model record."""
    name = str(record.get("class", "Model"))
    if record.get("error"):
        return Unsupported("model", name, t("keras_checks.rebuild_no_config", error=record["error"]))
    try:
        custom = foreign_classes(json.loads(record["json"]))
    except (ValueError, KeyError, TypeError):
        return Unsupported("model", name, t("keras_checks.rebuild_bad_json"))
    if custom:
        classes = ", ".join(sorted(set(custom)))
        return Unsupported("model", name, t("keras_checks.rebuild_custom_class", classes=classes))
    k = keras()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            model = k.models.model_from_json(record["json"])  # safe_mode: no Python lambdas, no custom code
    except Exception as exc:
        return Unsupported("model", name, t("keras_checks.rebuild_refused", error=str(exc)[:300]))
    weights = decode(record.get("weights") or [])
    rebuilt = LearnerModel(model=model, class_name=name, weights=list(weights))
    if weights and model.built:
        try:
            model.set_weights(weights)
        except ValueError as exc:
            return Unsupported("model", name, t("keras_checks.rebuild_weights", error=exc))
    config = decode(record.get("compile"))
    if config:
        rebuilt.compile_config = config
        try:
            model.compile_from_config(config)
        except Exception as exc:  # a custom loss or metric is stored by name only
            rebuilt.compile_error = f"{type(exc).__name__}: {str(exc)[:300]}"
    return rebuilt


def rebuild_callback(record, decode):
    """A real Keras callback (or Unsupported) from the worker's callback record."""
    name = str(record.get("class", "Callback"))
    cls = getattr(keras().callbacks, name, None)
    if not str(record.get("module", "")).startswith("keras") or not isinstance(cls, type):
        return Unsupported("callback", name, t("keras_checks.rebuild_foreign_callback"))
    if record.get("error") or record.get("skipped"):
        return Unsupported("callback", name, t("keras_checks.rebuild_settings", settings=record.get("skipped")))
    try:
        return cls(**decode(record.get("settings") or {}))
    except Exception as exc:
        return Unsupported("callback", name, f"{type(exc).__name__}: {exc}")


def rebuild(record, decode):
    """Rebuild whatever Keras object the record describes."""
    if record.get("$") == "keras_model":
        return rebuild_model(record, decode)
    return rebuild_callback(record, decode)
