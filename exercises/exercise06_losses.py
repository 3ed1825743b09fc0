"""Exercise 06: loss functions (손실 함수), one-hot encoding and accuracy.

A classifier that ends in a softmax outputs one probability per class, so the
labels must be brought into the same shape before a loss can compare them.
One-hot encoding turns the label 2 of a 4-class problem into [0, 0, 1, 0];
Keras calls this ``keras.utils.to_categorical``.

Cross-entropy measures how much probability the model gave to the right
answer: ``-log(p_true)``. It is 0 for a perfect prediction and grows without
bound as ``p_true`` approaches 0, so every practical implementation clips the
predictions to ``[epsilon, 1 - epsilon]`` first (Keras uses epsilon = 1e-7,
which caps the loss of one sample at -log(1e-7) ~= 16.118). Mean squared error
is the regression counterpart, and accuracy is the metric people actually read.

Implement, with NumPy only:

- ``to_categorical``: labels -> one-hot matrix.
- ``categorical_crossentropy`` and ``binary_crossentropy``: batch-mean losses
  with clipping.
- ``mean_squared_error``: mean over all elements.
- ``accuracy``: fraction of correct argmax predictions.

Do not modify the arrays you receive; return new ones.
"""

import numpy as np


def to_categorical(y, num_classes=None):
    """One-hot encode integer class labels.

    Parameters
    ----------
    y : array-like of int, shape (n,) or (n, 1), n >= 1
        Class labels. Integral floats such as 3.0 are accepted.
    num_classes : int or None
        Number of classes c. If None, ``c = max(y) + 1``.

    Returns
    -------
    np.ndarray, float (float32 or float64), shape (n, c)
        Row i is all zeros except a 1.0 in column ``y[i]``.

    Raises
    ------
    ValueError
        If a label is negative or a label is ``>= num_classes``. (Keras
        silently wraps -1 to the last class; we refuse it.)

    Example
    -------
    >>> to_categorical([0, 2, 1])
    array([[1., 0., 0.],
           [0., 0., 1.],
           [0., 1., 0.]])
    """
    # TODO: validate the labels, build a zero matrix and set one 1.0 per row.
    raise NotImplementedError


def categorical_crossentropy(y_true, y_pred, epsilon=1e-7):
    """Batch-mean categorical cross-entropy with clipped predictions.

    Formula: ``mean_i( -sum_j y_true[i, j] * log(clip(y_pred[i, j], eps, 1 - eps)) )``

    Parameters
    ----------
    y_true : array-like of float, shape (n, c)
        One-hot (or soft) targets.
    y_pred : array-like of float, shape (n, c)
        Predicted probabilities; rows sum to 1 (no renormalisation needed).
    epsilon : float
        Clipping constant.

    Returns
    -------
    float
        The mean loss over the batch (a scalar, not one value per row).
    """
    # TODO: clip y_pred, take the log, sum over classes, average over samples.
    raise NotImplementedError


def binary_crossentropy(y_true, y_pred, epsilon=1e-7):
    """Mean binary cross-entropy with clipped predictions.

    Formula, with ``p = clip(y_pred, eps, 1 - eps)``:
    ``mean( -(y_true * log(p) + (1 - y_true) * log(1 - p)) )`` over all elements.

    Parameters
    ----------
    y_true : array-like of float, shape (n,) or (n, k)
        Targets in {0, 1}.
    y_pred : array-like of float, same shape as y_true
        Predicted probabilities of the positive class.
    epsilon : float
        Clipping constant.

    Returns
    -------
    float
        The mean loss.
    """
    # TODO: clip y_pred, then average the two-term log loss.
    raise NotImplementedError


def mean_squared_error(y_true, y_pred):
    """Mean squared error over all elements.

    Formula: ``mean((y_true - y_pred) ** 2)``

    Parameters
    ----------
    y_true, y_pred : array-like of float, same shape (any)

    Returns
    -------
    float
        The mean of the squared differences.
    """
    # TODO: one line of NumPy.
    raise NotImplementedError


def accuracy(y_true, y_pred):
    """Fraction of samples whose predicted class equals the true class.

    The predicted class of row i is ``argmax(y_pred[i])`` (the last axis).

    Parameters
    ----------
    y_true : array-like, shape (n,) of int labels or (n, c) one-hot
    y_pred : array-like of float, shape (n, c)
        Scores or probabilities.

    Returns
    -------
    float
        A number in [0, 1].

    Example
    -------
    >>> accuracy([0, 1], [[0.9, 0.1], [0.8, 0.2]])
    0.5
    """
    # TODO: turn one-hot targets into labels, compare with argmax of y_pred.
    raise NotImplementedError
