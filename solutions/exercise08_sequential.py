"""Reference solution for exercise08: an MLP with the Keras Sequential API."""

from tensorflow import keras


def build_sequential_mlp(input_size=28, hidden_units=(64, 128), num_classes=10, learning_rate=0.001):
    """Flatten -> Dense(relu) per hidden width -> Dense(num_classes, softmax), compiled with Adam."""
    model = keras.Sequential(name="sequential_mlp")
    model.add(keras.Input(shape=(input_size, input_size)))
    model.add(keras.layers.Flatten())
    for units in hidden_units:
        model.add(keras.layers.Dense(units, activation="relu"))
    model.add(keras.layers.Dense(num_classes, activation="softmax"))
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=learning_rate),
                  loss="categorical_crossentropy", metrics=["acc"])
    return model
