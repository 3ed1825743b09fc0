"""exercise14 checks reject typical mistakes and accept other correct CNNs.

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


    def _compiled(model, learning_rate):
        model.compile(optimizer=keras.optimizers.Adam(learning_rate=learning_rate),
                      loss="categorical_crossentropy", metrics=["acc"])
        return model
"""

# name: ({check id: word its message must contain}, code appended to the solution)
WRONG = {
    "first convolution 'valid', Dropout missing, SGD": (
        {"conv_layers": "layer 1 is Conv2D(16, 3, padding='valid', relu); expected Conv2D(16, 3, padding='same', relu)",
         "classifier_layers": "Dropout(0.5) is missing after layer 5 (Flatten())",
         "other_arguments": "fix that first", "compile_settings": "SGD"}, """
        def build_cnn(input_shape=(28, 28, 1), num_classes=10, dropout_rate=0.5, learning_rate=0.001):
            model = keras.Sequential([
                keras.Input(shape=input_shape),
                layers.Conv2D(16, 3, activation="relu"),
                layers.Conv2D(32, 4, padding="same", activation="relu"),
                layers.Conv2D(64, 4, activation="relu"),
                layers.MaxPool2D(2),
                layers.Flatten(),
                layers.Dense(50, activation="relu"),
                layers.Dense(20, activation="relu"),
                layers.Dense(num_classes, activation="softmax"),
            ])
            model.compile(optimizer=keras.optimizers.SGD(learning_rate), loss="categorical_crossentropy",
                          metrics=["acc"])
            return model
    """),
    "dropout rate fixed at 0.5, learning rate ignored": (
        {"conv_layers": None, "classifier_layers": None, "other_arguments": "Dropout(0.25)",
         "compile_settings": "learning rate"}, """
        def build_cnn(input_shape=(28, 28, 1), num_classes=10, dropout_rate=0.5, learning_rate=0.001):
            model = keras.Sequential([
                keras.Input(shape=input_shape),
                layers.Conv2D(16, 3, padding="same", activation="relu"),
                layers.Conv2D(32, 4, padding="same", activation="relu"),
                layers.Conv2D(64, 4, padding="valid", activation="relu"),
                layers.MaxPool2D(2),
                layers.Flatten(),
                layers.Dropout(0.5),
                layers.Dense(50, activation="relu"),
                layers.Dense(20, activation="relu"),
                layers.Dense(num_classes, activation="softmax"),
            ])
            return _compiled(model, 0.001)
    """),
    # An unsupported model (a Lambda layer) for the other arguments.
    "Dense(50) missing, kernels initialised to zeros; a Lambda layer for other arguments": (
        {"classifier_layers": "Dense(50, relu) is missing", "learns_images": "does not learn",
         "other_arguments": "fix that first"}, """
        def build_cnn(input_shape=(28, 28, 1), num_classes=10, dropout_rate=0.5, learning_rate=0.001):
            zeros = dict(kernel_initializer="zeros")
            scale = [layers.Lambda(lambda x: x / 255.0)] if tuple(input_shape) != (28, 28, 1) else []
            model = keras.Sequential([
                keras.Input(shape=input_shape),
                *scale,
                layers.Conv2D(16, 3, padding="same", activation="relu", **zeros),
                layers.Conv2D(32, 4, padding="same", activation="relu", **zeros),
                layers.Conv2D(64, 4, padding="valid", activation="relu", **zeros),
                layers.MaxPool2D(2),
                layers.Flatten(),
                layers.Dropout(dropout_rate),
                layers.Dense(20, activation="relu", **zeros),
                layers.Dense(num_classes, activation="softmax", **zeros),
            ])
            return _compiled(model, learning_rate)
    """),
    "pooling after every convolution, relu output": (
        {"conv_layers": "layer 2 (MaxPooling2D(2)) should not be there",
         "classifier_layers": "expected Dense(10, softmax)"}, """
        def build_cnn(input_shape=(28, 28, 1), num_classes=10, dropout_rate=0.5, learning_rate=0.001):
            model = keras.Sequential([
                keras.Input(shape=input_shape),
                layers.Conv2D(16, 3, padding="same", activation="relu"),
                layers.MaxPool2D(2),
                layers.Conv2D(32, 4, padding="same", activation="relu"),
                layers.MaxPool2D(2),
                layers.Conv2D(64, 4, padding="valid", activation="relu"),
                layers.MaxPool2D(2),
                layers.Flatten(),
                layers.Dropout(dropout_rate),
                layers.Dense(50, activation="relu"),
                layers.Dense(20, activation="relu"),
                layers.Dense(num_classes, activation="relu"),
            ])
            return _compiled(model, learning_rate)
    """),
}


@pytest.mark.parametrize("name", WRONG)
def test_rejects(grade, name):
    mentions, code = WRONG[name]
    result = grade("exercise14", textwrap.dedent(HEADER) + textwrap.dedent(code), checks=list(mentions))
    for check_id, word in mentions.items():
        if word is None:  # run so that the checks depending on it can see it pass
            assert result.get(check_id).status == "passed", result.get(check_id).message
        else:
            assert_rejected(result, [check_id], [word])
            if word == "fix that first":
                assert result.get(check_id).hint is None


def test_every_check_rejects_something():
    covered = {check_id for mentions, _ in WRONG.values() for check_id, word in mentions.items()
               if word not in (None, "fix that first")}
    assert covered == {c.id for c in catalog.resolve("exercise14").checks}


ALTERNATIVES = {
    # The note's style: tf.keras imports, model.add, input_shape on the first Conv2D, tuples for sizes.
    "the note's code": """
        from tensorflow.keras.models import Sequential
        from tensorflow.keras.layers import Conv2D, MaxPool2D, Flatten, Dropout, Dense
        from tensorflow.keras.optimizers import Adam

        def build_cnn(input_shape=(28, 28, 1), num_classes=10, dropout_rate=0.5, learning_rate=0.001):
            model = Sequential()
            model.add(Conv2D(16, (3, 3), padding='same', activation='relu', input_shape=input_shape))
            model.add(Conv2D(32, (4, 4), padding='same', activation='relu'))
            model.add(Conv2D(64, (4, 4), padding='valid', activation='relu'))
            model.add(MaxPool2D(pool_size=(2, 2)))
            model.add(Flatten())
            model.add(Dropout(dropout_rate))
            model.add(Dense(50, activation='relu'))
            model.add(Dense(20, activation='relu'))
            model.add(Dense(num_classes, activation='softmax'))
            model.compile(optimizer=Adam(learning_rate=learning_rate), loss='categorical_crossentropy',
                          metrics=['acc'])
            return model
    """,
    # Functional API, separate activation layers, explicit strides, a loss object and "accuracy".
    "functional, activation layers, explicit strides": """
        import keras
        from keras import layers

        def build_cnn(input_shape=(28, 28, 1), num_classes=10, dropout_rate=0.5, learning_rate=0.001):
            inputs = keras.Input(shape=input_shape)
            x = layers.Conv2D(16, kernel_size=(3, 3), strides=(1, 1), padding="same")(inputs)
            x = layers.Activation("relu")(x)
            x = layers.Conv2D(32, kernel_size=4, strides=1, padding="same", activation="relu")(x)
            x = layers.ReLU()(layers.Conv2D(64, kernel_size=4, padding="valid")(x))
            x = layers.MaxPooling2D(pool_size=2, strides=2)(x)
            x = layers.Dropout(rate=dropout_rate)(layers.Flatten()(x))
            x = layers.Dense(50, activation="relu")(x)
            x = layers.Dense(20, activation="relu")(x)
            outputs = layers.Softmax()(layers.Dense(num_classes)(x))
            model = keras.Model(inputs, outputs)
            model.compile(optimizer=keras.optimizers.Adam(learning_rate=learning_rate), metrics=["accuracy"],
                          loss=keras.losses.CategoricalCrossentropy())
            return model
    """,
}


@pytest.mark.parametrize("name", ALTERNATIVES)
def test_accepts_alternative(grade, name):
    assert_accepted(grade("exercise14", ALTERNATIVES[name], base=None))
