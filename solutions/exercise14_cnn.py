"""Reference solution for exercise14: the note's CNN in Keras."""

from tensorflow import keras


def build_cnn(input_shape=(28, 28, 1), num_classes=10, dropout_rate=0.5, learning_rate=0.001):
    """Conv2D x3 -> MaxPool2D -> Flatten -> Dropout -> Dense(50) -> Dense(20) -> Dense(num_classes, softmax)."""
    layers = keras.layers
    model = keras.Sequential([
        keras.Input(shape=tuple(input_shape)),
        layers.Conv2D(16, 3, padding="same", activation="relu"),
        layers.Conv2D(32, 4, padding="same", activation="relu"),
        layers.Conv2D(64, 4, padding="valid", activation="relu"),
        layers.MaxPool2D(2),
        layers.Flatten(),
        layers.Dropout(dropout_rate),
        layers.Dense(50, activation="relu"),
        layers.Dense(20, activation="relu"),
        layers.Dense(num_classes, activation="softmax"),
    ], name="cnn")
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=learning_rate),
                  loss="categorical_crossentropy", metrics=["acc"])
    return model
