"""Exercise 08: an MLP with the Keras Sequential API (순차 API).

Exercises 01-07 built networks by hand in NumPy. Keras does the bookkeeping
for you: you list the layers, and it creates the weights, the forward pass,
the gradients and the training loop. The simplest way to list them is the
*Sequential* API, a plain stack in which each layer feeds the next:

    model = keras.Sequential([
        keras.Input(shape=(28, 28)),             # one 28x28 grayscale image
        keras.layers.Flatten(),                  # (28, 28) -> (784,)
        keras.layers.Dense(64, activation="relu"),
        keras.layers.Dense(10, activation="softmax"),
    ])

The note writes the first layer as ``Flatten(input_shape=(28, 28))``; that
still works, but Keras 3 prefers an explicit ``keras.Input`` and warns about
``input_shape``. Either is accepted here. The batch axis is never part of the
shape: Keras shows it as ``None`` (``(None, 784)`` after the Flatten).

A Dense layer with d inputs and u units has ``d * u + u`` parameters (a
weight per input-unit pair plus one bias per unit), so the default network
below has 784*64+64 + 64*128+128 + 128*10+10 = 59,850; ``model.summary()``
shows the count per layer.

Before training, ``model.compile`` chooses the optimizer, the loss and the
metrics. With one-hot labels (exercise06's ``to_categorical``) the loss is
``"categorical_crossentropy"``; ``"sparse_categorical_crossentropy"`` is the
variant for integer labels. The note logs accuracy under the name
``"acc"``, so the history has ``acc`` and ``val_acc`` keys.

Implement ``build_sequential_mlp`` with Keras's own layers (no Lambda layers
or custom layer classes: the grader rebuilds your model from its config).
"""

from tensorflow import keras


def build_sequential_mlp(input_size=28, hidden_units=(64, 128), num_classes=10, learning_rate=0.001):
    """Build and compile a multi-layer perceptron for square grayscale images.

    Architecture (batch axis left out):

        input (input_size, input_size)
        -> Flatten                              (input_size * input_size,)
        -> Dense(hidden_units[0], relu)         (hidden_units[0],)
        -> ... one Dense(units, relu) per entry of hidden_units, in order
        -> Dense(num_classes, softmax)          (num_classes,)

    With the defaults: Flatten -> Dense(64, relu) -> Dense(128, relu) ->
    Dense(10, softmax), 59,850 parameters. ``hidden_units=()`` means no hidden
    layer at all.

    Compile it with ``keras.optimizers.Adam(learning_rate=learning_rate)``,
    the loss ``"categorical_crossentropy"`` and ``metrics=["acc"]``.

    Parameters
    ----------
    input_size : int
        Height and width of the input images.
    hidden_units : tuple of int
        Number of units of each hidden Dense layer.
    num_classes : int
        Number of output classes (units of the softmax layer).
    learning_rate : float
        Adam's learning rate.

    Returns
    -------
    keras.Sequential
        The compiled model. It must know its input shape (start with
        ``keras.Input(shape=(input_size, input_size))``), so that
        ``model.summary()`` and ``model.count_params()`` work before training.
    """
    # TODO: stack the layers in keras.Sequential, then call model.compile(...) and return the model.
    raise NotImplementedError
