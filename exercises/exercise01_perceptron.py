"""Exercise 01: the single-layer perceptron (단층 퍼셉트론).

Rosenblatt's perceptron is the smallest neural network there is: one neuron that
computes a weighted sum of its inputs, adds a bias and passes the result through a
step function, so it outputs a hard 0/1 label. It learns with a simple rule: after
each sample, nudge the weights towards the right answer by ``lr * error * x``. When
the classes can be separated by a straight line (a hyperplane), this rule is
guaranteed to find one; when they cannot, as for XOR, it never stops making mistakes.
That failure is why we later stack neurons into multi-layer networks.

Implement the five functions below with NumPy:

1. ``weighted_sum`` -- the neuron's pre-activation ``x @ w + b``;
2. ``step`` -- the threshold activation (1 where z >= 0, else 0);
3. ``predict`` -- labels for a batch of samples;
4. ``perceptron_update`` -- one Rosenblatt learning step for one sample;
5. ``train_perceptron`` -- repeat the learning step epoch by epoch until an epoch
   makes no mistakes.

Never modify the arrays you are given; return new ones.
"""

import numpy as np


def weighted_sum(x, w, b):
    """Return the perceptron's pre-activation ``x @ w + b``.

    Parameters
    ----------
    x : array_like, shape (d,) or (n, d)
        One sample, or a batch of n samples with d features each.
    w : array_like, shape (d,)
        Weights, one per feature.
    b : float
        Bias.

    Returns
    -------
    float or numpy.ndarray of shape (n,)
        A Python ``float`` for one sample of shape (d,); a float array of
        shape (n,) (one value per sample) for a batch of shape (n, d).

    Examples
    --------
    >>> weighted_sum([1.0, 2.0], [0.5, -1.0], 0.25)
    -1.25
    >>> weighted_sum([[1.0, 2.0], [3.0, 4.0]], [0.5, -1.0], 0.25)
    array([-1.25, -2.25])
    """
    # TODO: compute x @ w + b; turn the 0-d result for a single sample into a float.
    raise NotImplementedError


def step(z):
    """Return the Heaviside step of ``z``: 1 where ``z >= 0``, else 0.

    Note that z == 0 maps to 1.

    Parameters
    ----------
    z : array_like or scalar, any shape
        Pre-activations.

    Returns
    -------
    numpy.ndarray of int, same shape as z
        Integer labels (e.g. ``np.int64``); a 0-d array (or an int) for a scalar.

    Examples
    --------
    >>> step([-0.5, 0.0, 2.0])
    array([0, 1, 1])
    """
    # TODO: threshold z at 0 and return integers.
    raise NotImplementedError


def predict(X, w, b):
    """Return the perceptron's labels ``step(weighted_sum(X, w, b))``.

    Parameters
    ----------
    X : array_like, shape (n, d)
        Batch of n samples.
    w : array_like, shape (d,)
        Weights.
    b : float
        Bias.

    Returns
    -------
    numpy.ndarray of int, shape (n,)
        Predicted labels, each 0 or 1.
    """
    # TODO: reuse weighted_sum and step.
    raise NotImplementedError


def perceptron_update(w, b, x, y, lr):
    """Apply one Rosenblatt learning step for the single sample ``(x, y)``.

    With ``error = y - step(x @ w + b)`` (0 if the sample is classified
    correctly, +1 or -1 otherwise) the update is::

        w_new = w + lr * error * x
        b_new = b + lr * error

    Parameters
    ----------
    w : numpy.ndarray, shape (d,)
        Current weights (float). Must not be modified in place.
    b : float
        Current bias.
    x : array_like, shape (d,)
        One sample.
    y : int
        Its true label, 0 or 1.
    lr : float
        Learning rate.

    Returns
    -------
    tuple (numpy.ndarray of shape (d,), float)
        The new weights (a new array) and the new bias.

    Examples
    --------
    >>> w, b = perceptron_update(np.zeros(2), 0.0, [1.0, 1.0], 0, 0.5)
    >>> w, b
    (array([-0.5, -0.5]), -0.5)
    """
    # TODO: compute the error for this sample, then return the updated (w, b).
    raise NotImplementedError


def train_perceptron(X, y, lr=0.1, epochs=100):
    """Train a perceptron with Rosenblatt's rule and return ``(w, b)``.

    Start from ``w = np.zeros(d)`` and ``b = 0.0``. In each epoch visit the
    samples in their given order (no shuffling) and apply
    ``perceptron_update`` to each one. Stop after the first epoch in which no
    sample was misclassified, or after ``epochs`` epochs, whichever comes first.

    Parameters
    ----------
    X : array_like, shape (n, d)
        Training samples.
    y : array_like of int, shape (n,)
        Labels, each 0 or 1.
    lr : float, default 0.1
        Learning rate.
    epochs : int, default 100
        Maximum number of passes over the data.

    Returns
    -------
    tuple (numpy.ndarray of float64, shape (d,), float)
        The learned weights and bias.

    Examples
    --------
    Logical AND is linearly separable, so the perceptron learns it:

    >>> X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])
    >>> w, b = train_perceptron(X, np.array([0, 0, 0, 1]))
    >>> predict(X, w, b)
    array([0, 0, 0, 1])
    """
    # TODO: loop over epochs and samples, count mistakes, stop early when there are none.
    raise NotImplementedError
