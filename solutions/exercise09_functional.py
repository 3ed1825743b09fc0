"""Reference solution for exercise09: the Keras Functional API, one and two inputs."""

from tensorflow import keras


def _compile(model, learning_rate):
    """Compile as in exercise08: Adam(learning_rate), categorical cross-entropy, accuracy as "acc"."""
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=learning_rate),
                  loss="categorical_crossentropy", metrics=["acc"])
    return model


def build_functional_mlp(input_size=28, hidden_units=(64, 128), num_classes=10, learning_rate=0.001):
    """The exercise08 MLP built from keras.Input and keras.Model instead of keras.Sequential."""
    inputs = keras.Input(shape=(input_size, input_size))
    x = keras.layers.Flatten()(inputs)
    for units in hidden_units:
        x = keras.layers.Dense(units, activation="relu")(x)
    outputs = keras.layers.Dense(num_classes, activation="softmax")(x)
    return _compile(keras.Model(inputs=inputs, outputs=outputs, name="functional_mlp"), learning_rate)


def build_two_input_model(image_size=28, n_features=8, num_classes=10):
    """Image (image_size, image_size) and features (n_features,) -> concatenated -> softmax."""
    image = keras.Input(shape=(image_size, image_size), name="image")
    features = keras.Input(shape=(n_features,), name="features")
    x = keras.layers.Flatten()(image)
    x = keras.layers.Dense(64, activation="relu")(x)
    y = keras.layers.Dense(16, activation="relu")(features)
    merged = keras.layers.Concatenate()([x, y])
    hidden = keras.layers.Dense(64, activation="relu")(merged)
    outputs = keras.layers.Dense(num_classes, activation="softmax")(hidden)
    return _compile(keras.Model(inputs=[image, features], outputs=outputs, name="two_input_model"), 0.001)
