"""exercise09 checks reject typical mistakes and accept other correct models.

Each grading run starts a worker that imports TensorFlow, so every wrong submission carries one
mistake in build_functional_mlp and another in build_two_input_model, and only the checks that
look at them run.
"""
import textwrap

import pytest

from conftest import assert_accepted, assert_rejected, assert_verdicts, checks_rejecting
from grader import catalog

HEADER = """
    from tensorflow import keras
    from tensorflow.keras import layers


    def _compiled(model, learning_rate=0.001):
        model.compile(optimizer=keras.optimizers.Adam(learning_rate=learning_rate),
                      loss="categorical_crossentropy", metrics=["acc"])
        return model
"""

# name: ({check id: word its message must contain, or None: the check runs and passes}, code appended to the
# solution). "fix that first": the check depends on a failing one (depends_on in the catalog).
WRONG = {
    "Sequential MLP; inputs in the wrong order": (
        {"functional_mlp": "Sequential", "functional_mlp_arguments": "fix that first",
         "two_input_architecture": "wrong order", "two_input_predictions": "fix that first"}, """
        def build_functional_mlp(input_size=28, hidden_units=(64, 128), num_classes=10, learning_rate=0.001):
            model = keras.Sequential([keras.Input(shape=(input_size, input_size)), layers.Flatten()])
            for units in hidden_units:
                model.add(layers.Dense(units, activation="relu"))
            model.add(layers.Dense(num_classes, activation="softmax"))
            return _compiled(model, learning_rate)

        def build_two_input_model(image_size=28, n_features=8, num_classes=10):
            image = keras.Input(shape=(image_size, image_size))
            features = keras.Input(shape=(n_features,))
            merged = layers.Concatenate()([layers.Flatten()(image), features])
            outputs = layers.Dense(num_classes, activation="softmax")(merged)
            return _compiled(keras.Model([features, image], outputs))
    """),
    "MLP ignores hidden_units and is not compiled; branches added instead of concatenated": (
        {"functional_mlp": None, "functional_mlp_arguments": "expected Dense(32, relu)",
         "compile_settings": "not compiled", "two_input_architecture": "Concatenate"}, """
        def build_functional_mlp(input_size=28, hidden_units=(64, 128), num_classes=10, learning_rate=0.001):
            inputs = keras.Input(shape=(input_size, input_size))
            x = layers.Flatten()(inputs)
            x = layers.Dense(64, activation="relu")(x)
            x = layers.Dense(128, activation="relu")(x)
            return keras.Model(inputs, layers.Dense(num_classes, activation="softmax")(x))

        def build_two_input_model(image_size=28, n_features=8, num_classes=10):
            image = keras.Input(shape=(image_size, image_size))
            features = keras.Input(shape=(n_features,))
            a = layers.Dense(32, activation="relu")(layers.Flatten()(image))
            b = layers.Dense(32, activation="relu")(features)
            outputs = layers.Dense(num_classes, activation="softmax")(layers.Add()([a, b]))
            return _compiled(keras.Model([image, features], outputs))
    """),
    "relu output and SGD in the MLP; the features input is never used": (
        {"functional_mlp": "Dense(10, softmax)", "compile_settings": "SGD",
         "two_input_architecture": "Concatenate", "two_input_predictions": "fix that first"}, """
        def build_functional_mlp(input_size=28, hidden_units=(64, 128), num_classes=10, learning_rate=0.001):
            inputs = keras.Input(shape=(input_size, input_size))
            x = layers.Flatten()(inputs)
            for units in hidden_units:
                x = layers.Dense(units, activation="relu")(x)
            model = keras.Model(inputs, layers.Dense(num_classes, activation="relu")(x))
            model.compile(optimizer=keras.optimizers.SGD(learning_rate=learning_rate),
                          loss="categorical_crossentropy", metrics=["acc"])
            return model

        def build_two_input_model(image_size=28, n_features=8, num_classes=10):
            image = keras.Input(shape=(image_size, image_size))
            features = keras.Input(shape=(n_features,))
            x = layers.Dense(64, activation="relu")(layers.Flatten()(image))
            outputs = layers.Dense(num_classes, activation="softmax")(x)
            return _compiled(keras.Model([image, features], outputs))
    """),
    "MLP kernels initialised to zeros": (
        {"functional_mlp": None, "two_input_architecture": None, "two_input_predictions": None,
         "compile_settings": None, "training_lowers_loss": "all-zero kernels"}, """
        def build_functional_mlp(input_size=28, hidden_units=(64, 128), num_classes=10, learning_rate=0.001):
            inputs = keras.Input(shape=(input_size, input_size))
            x = layers.Flatten()(inputs)
            for units in hidden_units:
                x = layers.Dense(units, activation="relu", kernel_initializer="zeros")(x)
            outputs = layers.Dense(num_classes, activation="softmax", kernel_initializer="zeros")(x)
            return _compiled(keras.Model(inputs, outputs), learning_rate)
    """),
    "MLP input fixed at 28x28; two-input model ends in relu": (
        {"functional_mlp": None, "functional_mlp_arguments": "input shape is (None, 28, 28); expected (None, 16, 16)",
         "two_input_architecture": "ends in Dense(10, relu)", "two_input_predictions": "fix that first"}, """
        def build_functional_mlp(input_size=28, hidden_units=(64, 128), num_classes=10, learning_rate=0.001):
            inputs = keras.Input(shape=(28, 28))
            x = layers.Flatten()(inputs)
            for units in hidden_units:
                x = layers.Dense(units, activation="relu")(x)
            return _compiled(keras.Model(inputs, layers.Dense(num_classes, activation="softmax")(x)), learning_rate)

        def build_two_input_model(image_size=28, n_features=8, num_classes=10):
            image = keras.Input(shape=(image_size, image_size))
            features = keras.Input(shape=(n_features,))
            merged = layers.Concatenate()([layers.Flatten()(image), features])
            outputs = layers.Dense(num_classes, activation="relu")(merged)
            return _compiled(keras.Model([image, features], outputs))
    """),
    # Concatenated, but a relu branch whose kernel starts at zero passes nothing of the features on.
    "MLP learning_rate ignored; feature branch initialised to zeros": (
        {"compile_settings": "0.001 is Keras's default rate", "two_input_architecture": None,
         "two_input_predictions": "starts with an all-zero kernel"}, """
        def build_functional_mlp(input_size=28, hidden_units=(64, 128), num_classes=10, learning_rate=0.001):
            inputs = keras.Input(shape=(input_size, input_size))
            x = layers.Flatten()(inputs)
            for units in hidden_units:
                x = layers.Dense(units, activation="relu")(x)
            return _compiled(keras.Model(inputs, layers.Dense(num_classes, activation="softmax")(x)))

        def build_two_input_model(image_size=28, n_features=8, num_classes=10):
            image = keras.Input(shape=(image_size, image_size))
            features = keras.Input(shape=(n_features,))
            f = layers.Dense(16, activation="relu", kernel_initializer="zeros")(features)
            merged = layers.Concatenate()([layers.Flatten()(image), f])
            outputs = layers.Dense(num_classes, activation="softmax")(merged)
            return _compiled(keras.Model([image, features], outputs))
    """),
    "sigmoid hidden layers in the MLP; input sizes fixed in the two-input model": (
        {"functional_mlp": "layer 2 is Dense(64, sigmoid); expected Dense(64, relu)",
         "two_input_architecture": "expected two inputs, the image (None, 12, 12)"}, """
        def build_functional_mlp(input_size=28, hidden_units=(64, 128), num_classes=10, learning_rate=0.001):
            inputs = keras.Input(shape=(input_size, input_size))
            x = layers.Flatten()(inputs)
            for units in hidden_units:
                x = layers.Dense(units, activation="sigmoid")(x)
            return _compiled(keras.Model(inputs, layers.Dense(num_classes, activation="softmax")(x)), learning_rate)

        def build_two_input_model(image_size=28, n_features=8, num_classes=10):
            image = keras.Input(shape=(28, 28))
            features = keras.Input(shape=(8,))
            merged = layers.Concatenate()([layers.Flatten()(image), features])
            outputs = layers.Dense(num_classes, activation="softmax")(merged)
            return _compiled(keras.Model([image, features], outputs))
    """),
    "Lambda layer in the MLP; custom layer class in the two-input model": (
        {"functional_mlp": "not supported in this exercise",
         "two_input_architecture": "not supported in this exercise"}, """
        class Scale(keras.layers.Layer):
            def call(self, x):
                return x / 255.0

        def build_functional_mlp(input_size=28, hidden_units=(64, 128), num_classes=10, learning_rate=0.001):
            inputs = keras.Input(shape=(input_size, input_size))
            x = layers.Flatten()(layers.Lambda(lambda t: t / 255.0)(inputs))
            for units in hidden_units:
                x = layers.Dense(units, activation="relu")(x)
            return _compiled(keras.Model(inputs, layers.Dense(num_classes, activation="softmax")(x)), learning_rate)

        def build_two_input_model(image_size=28, n_features=8, num_classes=10):
            image = keras.Input(shape=(image_size, image_size))
            features = keras.Input(shape=(n_features,))
            merged = layers.Concatenate()([layers.Flatten()(Scale()(image)), features])
            outputs = layers.Dense(num_classes, activation="softmax")(merged)
            return _compiled(keras.Model([image, features], outputs))
    """),
}


@pytest.mark.parametrize("name", WRONG)
def test_rejects(grade, name):
    mentions, code = WRONG[name]
    result = grade("exercise09", textwrap.dedent(HEADER) + textwrap.dedent(code), checks=list(mentions))
    assert_verdicts(result, mentions)


def test_every_check_rejects_something():
    assert checks_rejecting(WRONG) == {c.id for c in catalog.resolve("exercise09").checks}


ALTERNATIVES = {
    # The note's create_model() style with tf.keras imports; the image concatenated straight after Flatten.
    "the note's create_model() style": """
        from tensorflow.keras.layers import Input, Flatten, Dense, concatenate
        from tensorflow.keras.models import Model
        from tensorflow.keras.optimizers import Adam

        def build_functional_mlp(input_size=28, hidden_units=(64, 128), num_classes=10, learning_rate=0.001):
            inputs = Input(shape=(input_size, input_size))
            x = Flatten()(inputs)
            for units in hidden_units:
                x = Dense(units, activation='relu')(x)
            outputs = Dense(num_classes, activation='softmax')(x)
            model = Model(inputs, outputs)
            model.compile(optimizer=Adam(learning_rate=learning_rate), loss='categorical_crossentropy',
                          metrics=['acc'])
            return model

        def build_two_input_model(image_size=28, n_features=8, num_classes=10):
            x = Input(shape=(image_size, image_size))
            f = Input(shape=(n_features,))
            merged = concatenate([Flatten()(x), f])
            outputs = Dense(num_classes, activation='softmax')(Dense(32, activation='relu')(merged))
            model = Model(inputs=[x, f], outputs=outputs)
            model.compile(optimizer=Adam(learning_rate=0.001), loss='categorical_crossentropy', metrics=['acc'])
            return model
    """,
    # import keras, activation layers, keras.ops.concatenate, a loss object and "accuracy".
    "activation layers, keras.ops.concatenate, loss object": """
        import keras

        def _compile(model, learning_rate):
            model.compile(optimizer=keras.optimizers.Adam(learning_rate), metrics=["accuracy"],
                          loss=keras.losses.CategoricalCrossentropy())
            return model

        def build_functional_mlp(input_size=28, hidden_units=(64, 128), num_classes=10, learning_rate=0.001):
            inputs = keras.Input(shape=(input_size, input_size))
            x = keras.layers.Flatten()(inputs)
            for units in hidden_units:
                x = keras.layers.ReLU()(keras.layers.Dense(units)(x))
            x = keras.layers.Dense(num_classes)(x)
            return _compile(keras.Model(inputs=inputs, outputs=keras.layers.Activation("softmax")(x)), learning_rate)

        def build_two_input_model(image_size=28, n_features=8, num_classes=10):
            image = keras.Input(shape=(image_size, image_size), name="image")
            features = keras.Input(shape=(n_features,), name="features")
            a = keras.layers.Dense(32, activation="relu")(keras.layers.Flatten()(image))
            merged = keras.ops.concatenate([a, features], axis=-1)
            logits = keras.layers.Dense(num_classes)(merged)
            return _compile(keras.Model([image, features], keras.layers.Softmax()(logits)), 0.001)
    """,
    # layers.Input, Concatenate(axis=1), one-element input and output lists, separate activation layers and
    # Keras's loss function instead of a loss object.
    "Concatenate(axis=1), an output list of one, the loss function": """
        import keras
        from keras import layers

        def build_functional_mlp(input_size=28, hidden_units=(64, 128), num_classes=10, learning_rate=0.001):
            x = inputs = layers.Input(shape=(input_size, input_size), name="pixels")
            x = layers.Flatten()(x)
            for units in hidden_units:
                x = layers.Dense(units)(x)
                x = layers.Activation("relu")(x)
            model = keras.Model(inputs=[inputs], outputs=[layers.Dense(num_classes, activation="softmax")(x)])
            model.compile(optimizer=keras.optimizers.Adam(learning_rate=learning_rate),
                          loss=keras.losses.categorical_crossentropy, metrics=["acc"])
            return model

        def build_two_input_model(image_size=28, n_features=8, num_classes=10):
            image = layers.Input(shape=(image_size, image_size))
            features = layers.Input(shape=(n_features,))
            branch = layers.Dense(16, activation="relu")(layers.Flatten()(image))
            merged = layers.Concatenate(axis=1)([branch, features])
            outputs = [layers.Dense(num_classes, activation="softmax")(merged)]
            model = keras.Model(inputs=[image, features], outputs=outputs)
            model.compile(optimizer=keras.optimizers.Adam(0.001), loss=keras.losses.categorical_crossentropy,
                          metrics=["acc"])
            return model
    """,
    # An output layer that starts at zero: at its first weights the softmax ignores both inputs (uniform
    # probabilities), but its kernel gets gradients at once, so it learns to use both: the contract allows it.
    "an output layer initialised to zeros": """
        import keras
        from keras import layers

        def _compiled(model, learning_rate=0.001):
            model.compile(optimizer=keras.optimizers.Adam(learning_rate=learning_rate),
                          loss="categorical_crossentropy", metrics=["acc"])
            return model

        def build_functional_mlp(input_size=28, hidden_units=(64, 128), num_classes=10, learning_rate=0.001):
            inputs = keras.Input(shape=(input_size, input_size))
            x = layers.Flatten()(inputs)
            for units in hidden_units:
                x = layers.Dense(units, activation="relu")(x)
            outputs = layers.Dense(num_classes, activation="softmax", kernel_initializer="zeros")(x)
            return _compiled(keras.Model(inputs, outputs), learning_rate)

        def build_two_input_model(image_size=28, n_features=8, num_classes=10):
            image = keras.Input(shape=(image_size, image_size))
            features = keras.Input(shape=(n_features,))
            merged = layers.Concatenate()([layers.Dense(32, activation="relu")(layers.Flatten()(image)), features])
            outputs = layers.Dense(num_classes, activation="softmax", kernel_initializer="zeros")(merged)
            return _compiled(keras.Model([image, features], outputs))
    """,
}


@pytest.mark.parametrize("name", ALTERNATIVES)
def test_accepts_alternative(grade, name):
    assert_accepted(grade("exercise09", ALTERNATIVES[name], base=None))


def two_input_variant(image_units, feature_units, merged_units, activation="relu", extra=""):
    """A contract-valid build_two_input_model with these hidden layers (appended to the solution)."""
    return f"""
        def build_two_input_model(image_size=28, n_features=8, num_classes=10):
            def branch(x, units):
                for n in units:
                    x = layers.Dense(n, activation={activation!r})(x)
                return x
            image = keras.Input(shape=(image_size, image_size))
            features = keras.Input(shape=(n_features,))
            merged = layers.Concatenate()([branch(layers.Flatten()(image), {image_units}),
                                           branch(features, {feature_units})])
            model = keras.Model([image, features],
                                layers.Dense(num_classes, activation="softmax")(branch(merged, {merged_units})))
            {extra}
            return _compiled(model)
    """


# The narrowest and oddest of the family measured in docs/keras-training-criterion.md.
VALID_TWO_INPUT = {
    "narrow branches (16 | 8 -> 8)": two_input_variant([16], [8], [8]),
    "a 2-unit image branch": two_input_variant([2], [8], []),
    "three layers on each side of the merge": two_input_variant([128, 64, 32], [16, 16, 8], [32, 16, 16]),
    "sigmoid hidden layers": two_input_variant([32], [8], [16], activation="sigmoid"),
    # Wired to the image but dead at the learner's own weights (as a Dense(2, relu) is at some random
    # initialisations): the predictions check must judge the wiring, not one draw of the weights.
    "a 2-unit image branch dead at its own initial weights": two_input_variant(
        [2], [8], [], extra="dead = [l for l in model.layers if getattr(l, 'units', None) == 2][0]; "
                            "dead.set_weights([-abs(dead.get_weights()[0]) - 0.01, dead.get_weights()[1] - 1.0])"),
}


@pytest.mark.parametrize("name", VALID_TWO_INPUT)
def test_accepts_every_valid_two_input_model(grade, name):
    checks = ["two_input_architecture", "two_input_predictions", "training_lowers_loss"]
    result = grade("exercise09", textwrap.dedent(HEADER) + textwrap.dedent(VALID_TWO_INPUT[name]), checks=checks)
    assert_accepted(result)


def test_frozen_model_is_named_as_frozen(grade):
    code = two_input_variant([64], [16], [64], extra="model.trainable = False")
    result = grade("exercise09", textwrap.dedent(HEADER) + textwrap.dedent(code), checks=["training_lowers_loss"])
    assert_rejected(result, ["training_lowers_loss"], ["does not learn", "it must fall below", "trainable=False"])
    assert "all-zero" not in result.get("training_lowers_loss").message


def test_sparse_loss_is_blamed_once(grade):
    """A sparse loss with one-hot labels is the compile check's finding; training says to fix that first."""
    code = two_input_variant([64], [16], [64]).replace("return _compiled(model)", """model.compile(
                optimizer=keras.optimizers.Adam(0.001), loss="sparse_categorical_crossentropy", metrics=["acc"])
            return model""")
    result = grade("exercise09", textwrap.dedent(HEADER) + textwrap.dedent(code),
                   checks=["compile_settings", "training_lowers_loss"])
    assert_rejected(result, ["compile_settings"], ["sparse"])
    training = result.get("training_lowers_loss")
    assert training.status in ("failed", "error") and "fix that first" in training.message, training.message
    assert training.hint is None and "initialis" not in training.message
