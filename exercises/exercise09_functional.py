"""Exercise 09: the Keras Functional API (함수형 API).

A Sequential model is a single stack: one input, one output, each layer
feeding the next. The *Functional* API describes the same network as a graph
of tensors instead. You create a symbolic input with ``keras.Input``, call
each layer on the tensor before it (a layer is a function from tensors to
tensors), and finally wrap the input and output tensors in ``keras.Model``:

    inputs = keras.Input(shape=(28, 28))
    x = keras.layers.Flatten()(inputs)                       # (None, 784)
    x = keras.layers.Dense(64, activation="relu")(x)         # (None, 64)
    outputs = keras.layers.Dense(10, activation="softmax")(x)
    model = keras.Model(inputs=inputs, outputs=outputs)

The note writes this inside a ``create_model()`` function; here the builder
takes the same arguments as exercise08's and must build exactly the same
layers (same shapes, same 59,850 parameters with the defaults), but through
``keras.Input`` and ``keras.Model`` rather than ``keras.Sequential``.

What Sequential cannot express is a graph with several inputs or outputs.
``build_two_input_model`` takes an image *and* a small vector of extra
features (say, metadata about the image). Each input gets its own branch,
and ``keras.layers.Concatenate()`` joins the branches side by side (a
(None, 64) and a (None, 16) tensor become (None, 80)) before the classifier.
``Add`` would not do: it needs equal shapes and mixes the values instead of
keeping both. A model with several inputs is called with a list of arrays in
the same order as its inputs: ``model([images, features])``.

Use Keras's own layers only (no Lambda layers or custom layer classes: the
grader rebuilds your models from their configs).
"""

from tensorflow import keras


def build_functional_mlp(input_size=28, hidden_units=(64, 128), num_classes=10, learning_rate=0.001):
    """Build and compile exercise08's MLP with the Functional API.

    Architecture (batch axis left out):

        keras.Input(shape=(input_size, input_size))
        -> Flatten                              (input_size * input_size,)
        -> one Dense(units, relu) per entry of hidden_units, in order
        -> Dense(num_classes, softmax)          (num_classes,)

    With the defaults: Flatten -> Dense(64, relu) -> Dense(128, relu) ->
    Dense(10, softmax), 59,850 parameters.

    Compile it with ``keras.optimizers.Adam(learning_rate=learning_rate)``,
    the loss ``"categorical_crossentropy"`` and ``metrics=["acc"]``.

    Parameters
    ----------
    input_size : int
        Height and width of the input images.
    hidden_units : tuple of int
        Number of units of each hidden Dense layer (``()``: no hidden layer).
    num_classes : int
        Number of output classes.
    learning_rate : float
        Adam's learning rate.

    Returns
    -------
    keras.Model
        The compiled model, made by ``keras.Model(inputs, outputs)`` (not a
        ``keras.Sequential``).
    """
    # TODO: start from keras.Input, call the layers on the tensors in turn, wrap them in keras.Model, compile.
    raise NotImplementedError


def build_two_input_model(image_size=28, n_features=8, num_classes=10):
    """Build and compile a classifier with two inputs: an image and a feature vector.

    Inputs, in this order:

        image     keras.Input(shape=(image_size, image_size))
        features  keras.Input(shape=(n_features,))

    Give each input its own branch (for example Flatten -> Dense(64, relu)
    for the image and Dense(16, relu) for the features; the hidden layers are
    your choice), join the branches with ``keras.layers.Concatenate()``, and
    end in ``Dense(num_classes, activation="softmax")``.

    Compile it as in exercise08, with ``keras.optimizers.Adam(learning_rate=0.001)``,
    ``"categorical_crossentropy"`` and ``metrics=["acc"]``.

    The checks train it for two epochs on 256 simple images, and its loss must
    fall below 99.5 % of where it started. Any branches do, narrow ones too
    (Dense(2) on the image was measured); what fails is a model that cannot
    learn at all: frozen layers, all-zero kernels before a ReLU, or a single
    ReLU unit that every value must pass through (it can start switched off).

    Parameters
    ----------
    image_size : int
        Height and width of the input images.
    n_features : int
        Length of the feature vector.
    num_classes : int
        Number of output classes.

    Returns
    -------
    keras.Model
        ``keras.Model(inputs=[image, features], outputs=...)``, compiled. Its
        output for ``model([images, features])`` with images
        ``(n, image_size, image_size)`` and features ``(n, n_features)`` has
        shape ``(n, num_classes)``.
    """
    # TODO: two keras.Input tensors, a branch for each, Concatenate, a softmax output layer; compile.
    raise NotImplementedError
