"""exercise08 checks reject typical mistakes and accept other correct models.

Each grading run starts a worker that imports TensorFlow, so the wrong models are combined: one
submission carries mistakes that different checks look at, and only those checks run.
"""
import textwrap

import pytest

from conftest import assert_accepted, assert_rejected
from grader import catalog

HEADER = """
    from tensorflow import keras
    from tensorflow.keras import layers
"""

# name: ({check id: word its message must contain}, code appended to the solution)
WRONG = {
    "Dense(128) missing, SGD": ({"architecture": "Dense(128, relu) is missing", "other_arguments": "missing",
                                 "compile_settings": "SGD"}, """
        def build_sequential_mlp(input_size=28, hidden_units=(64, 128), num_classes=10, learning_rate=0.001):
            model = keras.Sequential([keras.Input(shape=(input_size, input_size)), layers.Flatten(),
                                      layers.Dense(hidden_units[0], activation="relu"),
                                      layers.Dense(num_classes, activation="softmax")])
            model.compile(optimizer=keras.optimizers.SGD(learning_rate=learning_rate),
                          loss="categorical_crossentropy", metrics=["acc"])
            return model
    """),
    "relu output, sparse loss": ({"architecture": "Dense(10, softmax)", "softmax_output": "softmax",
                                  "compile_settings": "sparse"}, """
        def build_sequential_mlp(input_size=28, hidden_units=(64, 128), num_classes=10, learning_rate=0.001):
            model = keras.Sequential([keras.Input(shape=(input_size, input_size)), layers.Flatten()])
            for units in hidden_units:
                model.add(layers.Dense(units, activation="relu"))
            model.add(layers.Dense(num_classes, activation="relu"))
            model.compile(optimizer=keras.optimizers.Adam(learning_rate=learning_rate),
                          loss="sparse_categorical_crossentropy", metrics=["acc"])
            return model
    """),
    "input fixed at 28x28, the string 'adam' ignores learning_rate": (
        {"other_arguments": "input shape", "compile_settings": "learning rate"}, """
        def build_sequential_mlp(input_size=28, hidden_units=(64, 128), num_classes=10, learning_rate=0.001):
            model = keras.Sequential([layers.Flatten(input_shape=(28, 28))])
            for units in hidden_units:
                model.add(layers.Dense(units, activation="relu"))
            model.add(layers.Dense(num_classes, activation="softmax"))
            model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["acc"])
            return model
    """),
    "functional model, not compiled": ({"architecture": "Sequential", "compile_settings": "not compiled",
                                        "training_lowers_loss": "fix that first"}, """
        def build_sequential_mlp(input_size=28, hidden_units=(64, 128), num_classes=10, learning_rate=0.001):
            inputs = keras.Input(shape=(input_size, input_size))
            x = layers.Flatten()(inputs)
            for units in hidden_units:
                x = layers.Dense(units, activation="relu")(x)
            return keras.Model(inputs, layers.Dense(num_classes, activation="softmax")(x))
    """),
    "Dense(32) instead of Dense(64), kernels initialised to zeros; a custom layer class for other sizes": (
        {"architecture": "layer 2 is Dense(32, relu); expected Dense(64, relu)",
         "training_lowers_loss": "does not learn", "other_arguments": "not supported in this exercise"}, """
        class Scale(keras.layers.Layer):
            def call(self, x):
                return x / 255.0

        def build_sequential_mlp(input_size=28, hidden_units=(64, 128), num_classes=10, learning_rate=0.001):
            first = [] if input_size == 28 else [Scale()]
            model = keras.Sequential([keras.Input(shape=(input_size, input_size)), *first, layers.Flatten(),
                                      layers.Dense(32, activation="relu", kernel_initializer="zeros"),
                                      layers.Dense(128, activation="relu", kernel_initializer="zeros"),
                                      layers.Dense(num_classes, activation="softmax", kernel_initializer="zeros")])
            model.compile(optimizer=keras.optimizers.Adam(learning_rate=learning_rate),
                          loss="categorical_crossentropy", metrics=["acc"])
            return model
    """),
    # Unsupported models: a Lambda layer, or a custom layer class, for the other input sizes.
    "no input shape, no metrics; a Lambda layer for other sizes": (
        {"architecture": "input shape", "softmax_output": "input shape", "compile_settings": "metrics",
         "other_arguments": "not supported in this exercise"}, """
        def build_sequential_mlp(input_size=28, hidden_units=(64, 128), num_classes=10, learning_rate=0.001):
            model = keras.Sequential([layers.Flatten()] if input_size == 28 else
                                     [keras.Input(shape=(input_size, input_size)), layers.Lambda(lambda x: x / 255.0),
                                      layers.Flatten()])
            for units in hidden_units:
                model.add(layers.Dense(units, activation="relu"))
            model.add(layers.Dense(num_classes, activation="softmax"))
            model.compile(optimizer=keras.optimizers.Adam(learning_rate=learning_rate),
                          loss="categorical_crossentropy")
            return model
    """),
}


def grade_wrong(grade, name):
    mentions, code = WRONG[name]
    return grade("exercise08", textwrap.dedent(HEADER) + textwrap.dedent(code), checks=list(mentions))


@pytest.mark.parametrize("name", WRONG)
def test_rejects(grade, name):
    mentions, _ = WRONG[name]
    result = grade_wrong(grade, name)
    for check_id, word in mentions.items():
        assert_rejected(result, [check_id], [word])


def test_every_check_rejects_something():
    covered = {check_id for mentions, _ in WRONG.values() for check_id in mentions}
    assert covered == {c.id for c in catalog.resolve("exercise08").checks}


def test_training_verdict_is_deterministic(grade):
    """Seeded training: the same wrong model gets the same message (with its loss values) twice."""
    name = next(name for name in WRONG if name.startswith("Dense(32)"))
    first, second = (grade_wrong(grade, name).get("training_lowers_loss").message for _ in range(2))
    assert "before training and" in first and "all-zero kernels" in first and first == second


ALTERNATIVES = {
    # The note's own code: tf.keras imports, Flatten(input_shape=...), Adam object, string loss, "acc".
    "the note's code": """
        from tensorflow.keras.models import Sequential
        from tensorflow.keras.layers import Flatten, Dense
        from tensorflow.keras.optimizers import Adam

        def build_sequential_mlp(input_size=28, hidden_units=(64, 128), num_classes=10, learning_rate=0.001):
            model = Sequential([Flatten(input_shape=(input_size, input_size)),
                                *[Dense(units, activation='relu') for units in hidden_units],
                                Dense(num_classes, activation='softmax')])
            model.compile(optimizer=Adam(learning_rate=learning_rate), loss='categorical_crossentropy',
                          metrics=['acc'])
            return model
    """,
    # import keras, model.add, activation layers, loss and metric objects, "accuracy", list hidden_units.
    "separate activation layers, loss object, 'accuracy'": """
        import keras

        def build_sequential_mlp(input_size=28, hidden_units=(64, 128), num_classes=10, learning_rate=0.001):
            model = keras.Sequential()
            model.add(keras.Input(shape=(input_size, input_size)))
            model.add(keras.layers.Flatten())
            for units in list(hidden_units):
                model.add(keras.layers.Dense(units))
                model.add(keras.layers.Activation("relu") if units % 2 else keras.layers.ReLU())
            model.add(keras.layers.Dense(num_classes))
            model.add(keras.layers.Softmax())
            model.compile(optimizer=keras.optimizers.Adam(learning_rate), metrics=["accuracy"],
                          loss=keras.losses.CategoricalCrossentropy())
            return model
    """,
}


@pytest.mark.parametrize("name", ALTERNATIVES)
def test_accepts_alternative(grade, name):
    assert_accepted(grade("exercise08", ALTERNATIVES[name], base=None))


def test_literal_note_code_fails_only_other_arguments(grade):
    """The note's model pasted as is (sizes written out) passes every check of the default arguments."""
    code = """
        from tensorflow import keras
        from tensorflow.keras.layers import Flatten, Dense
        from tensorflow.keras.optimizers import Adam

        def build_sequential_mlp(input_size=28, hidden_units=(64, 128), num_classes=10, learning_rate=0.001):
            model = keras.Sequential([Flatten(input_shape=(28, 28)), Dense(64, activation='relu'),
                                      Dense(128, activation='relu'), Dense(10, activation='softmax')])
            model.compile(optimizer=Adam(learning_rate=learning_rate), loss='categorical_crossentropy',
                          metrics=['acc'])
            return model
    """
    result = grade("exercise08", code, base=None)
    assert_rejected(result, ["other_arguments"], ["input shape is (None, 28, 28); expected (None, 16, 16)"])
    assert {c.id for c in result.checks if c.status != "passed"} == {"other_arguments"}
