"""exercise14 checks reject typical mistakes and accept other correct CNNs.

Each grading run starts a worker that imports TensorFlow, so the wrong models are combined: one
submission carries mistakes that different checks look at, and only those checks run.
"""
import textwrap

import pytest

from conftest import assert_accepted, assert_verdicts, checks_rejecting
from grader import catalog

HEADER = """
    from tensorflow import keras
    from tensorflow.keras import layers


    def _compiled(model, learning_rate):
        model.compile(optimizer=keras.optimizers.Adam(learning_rate=learning_rate),
                      loss="categorical_crossentropy", metrics=["acc"])
        return model
"""

# name: ({check id: word its message must contain, or None: the check runs and passes}, code appended to the
# solution). "fix that first": the check depends on a failing one (depends_on in the catalog).
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
         "compile_settings": "0.001 is Keras's default rate"}, """
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
    "kernels initialised to zeros; a Lambda layer for other arguments": (
        {"conv_layers": None, "classifier_layers": None, "compile_settings": None,
         "learns_images": "all-zero kernels", "other_arguments": "not supported in this exercise"}, """
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
                layers.Dense(50, activation="relu", **zeros),
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
    # Dense layers on the (12, 12, 64) feature maps act on the last axis only: the model still builds.
    "Flatten forgotten, sparse loss": (
        {"conv_layers": None, "classifier_layers": "Flatten() is missing after layer 4 (MaxPooling2D(2))",
         "compile_settings": "sparse", "learns_images": "fix that first"}, """
        def build_cnn(input_shape=(28, 28, 1), num_classes=10, dropout_rate=0.5, learning_rate=0.001):
            model = keras.Sequential([
                keras.Input(shape=input_shape),
                layers.Conv2D(16, 3, padding="same", activation="relu"),
                layers.Conv2D(32, 4, padding="same", activation="relu"),
                layers.Conv2D(64, 4, padding="valid", activation="relu"),
                layers.MaxPool2D(2),
                layers.Dropout(dropout_rate),
                layers.Dense(50, activation="relu"),
                layers.Dense(20, activation="relu"),
                layers.Dense(num_classes, activation="softmax"),
            ])
            model.compile(optimizer=keras.optimizers.Adam(learning_rate), loss="sparse_categorical_crossentropy",
                          metrics=["acc"])
            return model
    """),
    "no activation on the convolutions, mean squared error": (
        {"conv_layers": "expected Conv2D(16, 3, padding='same', relu)", "classifier_layers": None,
         "other_arguments": "fix that first", "compile_settings": "'mse'"}, """
        def build_cnn(input_shape=(28, 28, 1), num_classes=10, dropout_rate=0.5, learning_rate=0.001):
            model = keras.Sequential([
                keras.Input(shape=input_shape),
                layers.Conv2D(16, 3, padding="same"),
                layers.Conv2D(32, 4, padding="same"),
                layers.Conv2D(64, 4, padding="valid"),
                layers.MaxPool2D(2),
                layers.Flatten(),
                layers.Dropout(dropout_rate),
                layers.Dense(50, activation="relu"),
                layers.Dense(20, activation="relu"),
                layers.Dense(num_classes, activation="softmax"),
            ])
            model.compile(optimizer=keras.optimizers.Adam(learning_rate), loss="mse", metrics=["acc"])
            return model
    """),
    # The keras-io CIFAR-10 habit; the classifier's layers are judged on their own, the shape is blamed once.
    "input shape fixed at CIFAR-10's (32, 32, 3)": (
        {"conv_layers": "input shape is (None, 32, 32, 3); expected (None, 28, 28, 1)", "classifier_layers": None,
         "compile_settings": None, "learns_images": "fix that first"}, """
        def build_cnn(input_shape=(28, 28, 1), num_classes=10, dropout_rate=0.5, learning_rate=0.001):
            model = keras.Sequential([
                keras.Input(shape=(32, 32, 3)),
                layers.Conv2D(16, 3, padding="same", activation="relu"),
                layers.Conv2D(32, 4, padding="same", activation="relu"),
                layers.Conv2D(64, 4, padding="valid", activation="relu"),
                layers.MaxPool2D(2),
                layers.Flatten(),
                layers.Dropout(dropout_rate),
                layers.Dense(50, activation="relu"),
                layers.Dense(20, activation="relu"),
                layers.Dense(num_classes, activation="softmax"),
            ])
            return _compiled(model, learning_rate)
    """),
    "input shape and classes fixed": (
        {"conv_layers": None, "classifier_layers": None,
         "other_arguments": "input shape is (None, 28, 28, 1); expected (None, 20, 20, 3)"}, """
        def build_cnn(input_shape=(28, 28, 1), num_classes=10, dropout_rate=0.5, learning_rate=0.001):
            model = keras.Sequential([
                keras.Input(shape=(28, 28, 1)),
                layers.Conv2D(16, 3, padding="same", activation="relu"),
                layers.Conv2D(32, 4, padding="same", activation="relu"),
                layers.Conv2D(64, 4, padding="valid", activation="relu"),
                layers.MaxPool2D(2),
                layers.Flatten(),
                layers.Dropout(dropout_rate),
                layers.Dense(50, activation="relu"),
                layers.Dense(20, activation="relu"),
                layers.Dense(10, activation="softmax"),
            ])
            return _compiled(model, learning_rate)
    """),
}


@pytest.mark.parametrize("name", WRONG)
def test_rejects(grade, name):
    mentions, code = WRONG[name]
    result = grade("exercise14", textwrap.dedent(HEADER) + textwrap.dedent(code), checks=list(mentions))
    assert_verdicts(result, mentions)


def test_every_check_rejects_something():
    assert checks_rejecting(WRONG) == {c.id for c in catalog.resolve("exercise14").checks}


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
    # An InputLayer, upper-case padding, pooling written out, a softmax layer after the logits, float64.
    "InputLayer, 'SAME', MaxPooling2D((2, 2), strides=(2, 2)), Activation('softmax'), float64": """
        import keras
        from keras import layers

        def build_cnn(input_shape=(28, 28, 1), num_classes=10, dropout_rate=0.5, learning_rate=0.001):
            f64 = dict(dtype="float64")
            model = keras.Sequential([
                layers.InputLayer(shape=input_shape, **f64),
                layers.Conv2D(filters=16, kernel_size=(3, 3), padding="SAME", activation="relu", **f64),
                layers.Conv2D(filters=32, kernel_size=(4, 4), padding="SAME", activation="relu", **f64),
                layers.Conv2D(filters=64, kernel_size=(4, 4), padding="VALID", activation="relu", **f64),
                layers.MaxPooling2D(pool_size=(2, 2), strides=(2, 2), **f64),
                layers.Flatten(**f64),
                layers.Dropout(rate=dropout_rate, **f64),
                layers.Dense(50, activation="relu", **f64),
                layers.Dense(20, activation="relu", **f64),
                layers.Dense(num_classes, **f64),
                layers.Activation("softmax", **f64),
            ])
            model.compile(optimizer=keras.optimizers.Adam(learning_rate=learning_rate),
                          loss="categorical_crossentropy", metrics=["accuracy"])
            return model
    """,
}


@pytest.mark.parametrize("name", ALTERNATIVES)
def test_accepts_alternative(grade, name):
    assert_accepted(grade("exercise14", ALTERNATIVES[name], base=None))
