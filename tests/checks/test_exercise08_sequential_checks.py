"""exercise08 checks reject typical mistakes and accept other correct models.

Each grading run starts a worker that imports TensorFlow, so the wrong models are combined: one
submission carries mistakes that different checks look at, and only those checks run.
"""
import textwrap

import pytest

from conftest import assert_accepted, assert_rejected, assert_verdicts, checks_rejecting
from grader import catalog

HEADER = """
    from tensorflow import keras
    from tensorflow.keras import layers
"""

# name: ({check id: word its message must contain, or None: the check runs and passes}, code appended to the
# solution). "fix that first": the check depends on a failing one (depends_on in the catalog).
WRONG = {
    "Dense(128) missing, SGD": ({"architecture": "Dense(128, relu) is missing", "other_arguments": "fix that first",
                                 "compile_settings": "SGD"}, """
        def build_sequential_mlp(input_size=28, hidden_units=(64, 128), num_classes=10, learning_rate=0.001):
            model = keras.Sequential([keras.Input(shape=(input_size, input_size)), layers.Flatten(),
                                      layers.Dense(hidden_units[0], activation="relu"),
                                      layers.Dense(num_classes, activation="softmax")])
            model.compile(optimizer=keras.optimizers.SGD(learning_rate=learning_rate),
                          loss="categorical_crossentropy", metrics=["acc"])
            return model
    """),
    "relu output, sparse loss": ({"architecture": "layer 4 is Dense(10, relu); expected Dense(10, softmax)",
                                  "softmax_output": "fix that first", "compile_settings": "sparse",
                                  "training_lowers_loss": "fix that first"}, """
        def build_sequential_mlp(input_size=28, hidden_units=(64, 128), num_classes=10, learning_rate=0.001):
            model = keras.Sequential([keras.Input(shape=(input_size, input_size)), layers.Flatten()])
            for units in hidden_units:
                model.add(layers.Dense(units, activation="relu"))
            model.add(layers.Dense(num_classes, activation="relu"))
            model.compile(optimizer=keras.optimizers.Adam(learning_rate=learning_rate),
                          loss="sparse_categorical_crossentropy", metrics=["acc"])
            return model
    """),
    # The keras-io habit: logits out, from_logits=True in the loss. Only the outputs and the compile
    # settings run, so the outputs are judged on their own (with the architecture, they wait for it).
    # The sample and sum quoted come from a seeded copy, not the learner's random weights: the same at
    # every grading (they changed from one run to the next when the learner's own weights were used).
    "no activation on the output layer, from_logits=True (outputs judged alone)": (
        {"softmax_output": "not probabilities: sample 13 sums to 3.5596", "compile_settings": "from_logits"}, """
        def build_sequential_mlp(input_size=28, hidden_units=(64, 128), num_classes=10, learning_rate=0.001):
            model = keras.Sequential([keras.Input(shape=(input_size, input_size)), layers.Flatten()])
            for units in hidden_units:
                model.add(layers.Dense(units, activation="relu"))
            model.add(layers.Dense(num_classes))
            model.compile(optimizer=keras.optimizers.Adam(learning_rate=learning_rate),
                          loss=keras.losses.CategoricalCrossentropy(from_logits=True), metrics=["acc"])
            return model
    """),
    "num_classes fixed at 10, the string 'adam' ignores learning_rate": (
        {"architecture": None, "other_arguments": "layer 3 is Dense(10, softmax); expected Dense(5, softmax)",
         "compile_settings": "0.001 is Keras's default rate"}, """
        def build_sequential_mlp(input_size=28, hidden_units=(64, 128), num_classes=10, learning_rate=0.001):
            model = keras.Sequential([keras.Input(shape=(input_size, input_size)), layers.Flatten()])
            for units in hidden_units:
                model.add(layers.Dense(units, activation="relu"))
            model.add(layers.Dense(10, activation="softmax"))
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
    "kernels initialised to zeros; a custom layer class for other sizes": (
        {"architecture": None, "softmax_output": None, "compile_settings": None,
         "training_lowers_loss": "all-zero kernels", "other_arguments": "not supported in this exercise"}, """
        class Scale(keras.layers.Layer):
            def call(self, x):
                return x / 255.0

        def build_sequential_mlp(input_size=28, hidden_units=(64, 128), num_classes=10, learning_rate=0.001):
            first = [] if input_size == 28 else [Scale()]
            model = keras.Sequential([keras.Input(shape=(input_size, input_size)), *first, layers.Flatten()])
            for units in hidden_units:
                model.add(layers.Dense(units, activation="relu", kernel_initializer="zeros"))
            model.add(layers.Dense(num_classes, activation="softmax", kernel_initializer="zeros"))
            model.compile(optimizer=keras.optimizers.Adam(learning_rate=learning_rate),
                          loss="categorical_crossentropy", metrics=["acc"])
            return model
    """),
    "Dense(32) instead of Dense(64), no metrics": (
        {"architecture": "layer 2 is Dense(32, relu); expected Dense(64, relu)", "compile_settings": "metrics"}, """
        def build_sequential_mlp(input_size=28, hidden_units=(64, 128), num_classes=10, learning_rate=0.001):
            model = keras.Sequential([keras.Input(shape=(input_size, input_size)), layers.Flatten(),
                                      layers.Dense(32, activation="relu"), layers.Dense(128, activation="relu"),
                                      layers.Dense(num_classes, activation="softmax")])
            model.compile(optimizer=keras.optimizers.Adam(learning_rate=learning_rate),
                          loss="categorical_crossentropy")
            return model
    """),
    "no input shape": ({"architecture": "input shape", "softmax_output": "fix that first",
                        "other_arguments": "fix that first"}, """
        def build_sequential_mlp(input_size=28, hidden_units=(64, 128), num_classes=10, learning_rate=0.001):
            model = keras.Sequential([layers.Flatten()])
            for units in hidden_units:
                model.add(layers.Dense(units, activation="relu"))
            model.add(layers.Dense(num_classes, activation="softmax"))
            model.compile(optimizer=keras.optimizers.Adam(learning_rate=learning_rate),
                          loss="categorical_crossentropy", metrics=["acc"])
            return model
    """),
    # The flattened-MNIST habit of many tutorials: (784,) vectors in, no Flatten, mean squared error.
    "784-vector input without Flatten, mean squared error": (
        {"architecture": "input shape is (None, 784); expected (None, 28, 28)", "compile_settings": "'mse'"}, """
        def build_sequential_mlp(input_size=28, hidden_units=(64, 128), num_classes=10, learning_rate=0.001):
            model = keras.Sequential([keras.Input(shape=(input_size * input_size,))])
            for units in hidden_units:
                model.add(layers.Dense(units, activation="relu"))
            model.add(layers.Dense(num_classes, activation="softmax"))
            model.compile(optimizer=keras.optimizers.Adam(learning_rate=learning_rate), loss="mse", metrics=["acc"])
            return model
    """),
    "the model built but not returned": ({"architecture": "returned None", "compile_settings": "returned None",
                                          "softmax_output": "fix that first",
                                          "training_lowers_loss": "fix that first"}, """
        def build_sequential_mlp(input_size=28, hidden_units=(64, 128), num_classes=10, learning_rate=0.001):
            model = keras.Sequential([keras.Input(shape=(input_size, input_size)), layers.Flatten()])
            for units in hidden_units:
                model.add(layers.Dense(units, activation="relu"))
            model.add(layers.Dense(num_classes, activation="softmax"))
            model.compile(optimizer=keras.optimizers.Adam(learning_rate=learning_rate),
                          loss="categorical_crossentropy", metrics=["acc"])
    """),
    # A function of one's own is rebuilt by name only, so it cannot be graded (Keras's own functions can).
    "a loss function of one's own": ({"compile_settings": "Could not locate function 'smooth_loss'"}, """
        def smooth_loss(y_true, y_pred):
            return keras.losses.categorical_crossentropy(y_true, y_pred, label_smoothing=0.1)

        def build_sequential_mlp(input_size=28, hidden_units=(64, 128), num_classes=10, learning_rate=0.001):
            model = keras.Sequential([keras.Input(shape=(input_size, input_size)), layers.Flatten()])
            for units in hidden_units:
                model.add(layers.Dense(units, activation="relu"))
            model.add(layers.Dense(num_classes, activation="softmax"))
            model.compile(optimizer=keras.optimizers.Adam(learning_rate=learning_rate), loss=smooth_loss,
                          metrics=["acc"])
            return model
    """),
}


def grade_wrong(grade, name):
    mentions, code = WRONG[name]
    return grade("exercise08", textwrap.dedent(HEADER) + textwrap.dedent(code), checks=list(mentions))


@pytest.mark.parametrize("name", WRONG)
def test_rejects(grade, name):
    mentions, _ = WRONG[name]
    assert_verdicts(grade_wrong(grade, name), mentions)


def test_every_check_rejects_something():
    assert checks_rejecting(WRONG) == {c.id for c in catalog.resolve("exercise08").checks}


def test_training_verdict_is_deterministic(grade):
    """Seeded training: the same wrong model gets the same message (with its loss values) twice."""
    _, code = next(wrong for name, wrong in WRONG.items() if name.startswith("kernels initialised to zeros"))
    code = textwrap.dedent(HEADER) + textwrap.dedent(code)
    # Only the training check: the case's other checks are proved in test_rejects and cost a Keras model each.
    first, second = (grade("exercise08", code, checks=["training_lowers_loss"]).get("training_lowers_loss").message
                     for _ in range(2))
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
    # An InputLayer, activation functions given as objects, the model kept in float64, a named model.
    "InputLayer, activation objects, float64": """
        import keras
        from keras import activations, layers

        def build_sequential_mlp(input_size=28, hidden_units=(64, 128), num_classes=10, learning_rate=0.001):
            model = keras.Sequential([layers.InputLayer(shape=(input_size, input_size), dtype="float64"),
                                      layers.Flatten(dtype="float64")], name="mlp")
            for i, units in enumerate(hidden_units):
                model.add(layers.Dense(units=units, activation=activations.relu, dtype="float64", name=f"hidden{i}"))
            model.add(layers.Dense(units=num_classes, activation=activations.softmax, dtype="float64"))
            model.compile(optimizer=keras.optimizers.Adam(learning_rate=float(learning_rate)),
                          loss=keras.losses.categorical_crossentropy, metrics=[keras.metrics.CategoricalAccuracy()])
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


@pytest.mark.parametrize("rate, default", [(0.0010000000474974513, True), (0.005, False)])
def test_rate_message_names_keras_default_only_when_seen(rate, default):
    """'0.001 is Keras's default rate' is said only when the compiled rate is that default (a confirmed cause)."""
    from grader.checklib.keras_checks import expect_compile_settings
    from grader.keras_rebuild import LearnerModel

    compiled = LearnerModel(model=None, class_name="Sequential",
                            compile_config={"optimizer": {"class_name": "Adam", "config": {"learning_rate": rate}}})
    with pytest.raises(AssertionError) as failure:
        expect_compile_settings(compiled, "build_sequential_mlp(learning_rate=0.01)", 0.01)
    assert "expected 0.01" in str(failure.value)
    assert ("Keras's default rate" in str(failure.value)) is default
