"""Exercise 14: a CNN (합성곱 신경망) in Keras.

A multi-layer perceptron flattens the image first and so throws away which
pixels are neighbours. A convolutional network keeps the image's 2-D layout:
each ``Conv2D`` layer slides small kernels over it (exercise12) and learns
local patterns such as edges and strokes, with far fewer weights than a Dense
layer over all pixels, because every kernel is shared across positions.

The note's network for 28x28 grayscale images (NHWC, channel axis last, batch
axis left out; exercise11 computes these shapes and counts):

    layer                                       output         parameters
    Conv2D(16, 3, padding="same", relu)         (28, 28, 16)   3*3*1*16+16  =    160
    Conv2D(32, 4, padding="same", relu)         (28, 28, 32)   4*4*16*32+32 =  8,224
    Conv2D(64, 4, padding="valid", relu)        (25, 25, 64)   4*4*32*64+64 = 32,832
    MaxPool2D(2)                                (12, 12, 64)                       0
    Flatten                                     (9216,)                            0
    Dropout(0.5)                                (9216,)                            0
    Dense(50, relu)                             (50,)          9216*50+50   = 460,850
    Dense(20, relu)                             (20,)                          1,020
    Dense(10, softmax)                          (10,)                            210
                                                               total          503,296

"same" padding keeps 28x28; "valid" shrinks it to 28 - 4 + 1 = 25; the pool
halves it (rounding down) to 12. Dropout (exercise13) switches off half of
the 9,216 flattened features at random during training only, which fights
over-fitting in the large Dense(50) layer that holds most of the weights.

Use Keras's own layers only (no Lambda layers or custom layer classes: the
grader rebuilds your model from its config). The checks also train your model
for a moment on a small set of made-up images and expect it to learn them.
"""

from tensorflow import keras


def build_cnn(input_shape=(28, 28, 1), num_classes=10, dropout_rate=0.5, learning_rate=0.001):
    """Build and compile the note's CNN.

    Layers, in order, after ``keras.Input(shape=input_shape)``:

        Conv2D(16, 3, padding="same", activation="relu")
        Conv2D(32, 4, padding="same", activation="relu")
        Conv2D(64, 4, padding="valid", activation="relu")
        MaxPool2D(2)
        Flatten()
        Dropout(dropout_rate)
        Dense(50, activation="relu")
        Dense(20, activation="relu")
        Dense(num_classes, activation="softmax")

    Compile it as in exercise08: ``keras.optimizers.Adam(learning_rate=learning_rate)``,
    ``"categorical_crossentropy"``, ``metrics=["acc"]``.

    Parameters
    ----------
    input_shape : tuple of int
        ``(height, width, channels)`` of one image, e.g. ``(28, 28, 1)``.
    num_classes : int
        Number of output classes.
    dropout_rate : float
        Fraction of the flattened features Dropout switches off during training.
    learning_rate : float
        Adam's learning rate.

    Returns
    -------
    keras.Model
        The compiled model (a ``keras.Sequential`` or a functional
        ``keras.Model``). With the defaults it maps ``(n, 28, 28, 1)`` images
        to ``(n, 10)`` class probabilities and has 503,296 parameters.
    """
    # TODO: stack the layers (keras.Sequential is simplest), compile and return the model.
    raise NotImplementedError
