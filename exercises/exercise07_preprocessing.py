"""Exercise 07: image preprocessing (전처리) and a stratified train/validation split.

Before images reach a network they are usually rescaled and reshaped. Raw
pixels are integers in [0, 255]; dividing by 255 brings them into [0, 1],
which keeps the first layer's activations and gradients in a sensible range.
Keras's ``Conv2D`` expects a channel axis (NHWC), so grayscale MNIST images of
shape (n, 28, 28) must become (n, 28, 28, 1). Colour images can be reduced to
one channel with the standard luma weights 0.2989 R + 0.5870 G + 0.1140 B.

Finally we hold out a validation set. A purely random split can, by bad luck,
give the validation set too few samples of a rare class. A *stratified* split
keeps every class's share the same in both parts (scikit-learn's
``train_test_split(..., stratify=y)``).

Implement, with NumPy only:

- ``normalize_images``: float32 ``images / 255``.
- ``add_channel_axis``: append a channel axis of size 1.
- ``rgb_to_grayscale``: RGB -> one luma channel.
- ``stratified_split``: a reproducible stratified split.

Do not modify the arrays you receive; return new ones.
"""

import math

import numpy as np


def normalize_images(images):
    """Scale pixel values from [0, 255] to [0, 1].

    Parameters
    ----------
    images : array-like, any shape, typically uint8 (n, h, w) or (n, h, w, c)

    Returns
    -------
    np.ndarray, float32, same shape
        ``images / 255.0``.
    """
    # TODO: convert to float32 and divide.
    raise NotImplementedError


def add_channel_axis(images):
    """Append a channel axis of size 1.

    Parameters
    ----------
    images : array-like, shape (n, h, w) or (h, w)

    Returns
    -------
    np.ndarray, shape (n, h, w, 1) or (h, w, 1), same dtype
        The same values with a trailing axis of length 1.

    Example
    -------
    >>> add_channel_axis(np.zeros((5, 28, 28))).shape
    (5, 28, 28, 1)
    """
    # TODO: add a new last axis (np.newaxis, np.expand_dims or reshape).
    raise NotImplementedError


def rgb_to_grayscale(images):
    """Convert RGB images to grayscale, keeping a channel axis of 1.

    Formula: ``gray = 0.2989 * R + 0.5870 * G + 0.1140 * B``

    Parameters
    ----------
    images : array-like, shape (..., h, w, 3)
        Channels last, in R, G, B order.

    Returns
    -------
    np.ndarray, float, shape (..., h, w, 1)
        Note the trailing axis: (h, w, 3) -> (h, w, 1), not (h, w).
    """
    # TODO: a weighted sum over the last axis, then put the axis back.
    raise NotImplementedError


def stratified_split(X, y, test_size=0.2, seed=124):
    """Split a data set into training and validation parts, stratified by class.

    Rules:

    - The validation set has ``n_val = math.ceil(test_size * n)`` samples.
    - Each class c with ``n_c`` samples contributes ``n_c * n_val / n``
      validation samples, rounded either way (within 1). Rounding every
      class down may leave you short of n_val; hand the missing samples to
      the classes with the largest fractional parts (largest remainder).
    - Every sample lands in exactly one of the two parts.
    - The choice of samples comes from ``np.random.default_rng(seed)``, so
      the same seed gives the same split.

    Parameters
    ----------
    X : array-like, shape (n, ...)
        Samples; rows are split along the first axis.
    y : array-like, shape (n,) of labels or (n, c) one-hot
        Targets; one-hot rows belong to class ``argmax(row)``.
    test_size : float
        Fraction of the samples that goes to validation, ``0 < test_size < 1``.
    seed : int or None
        Seed for ``np.random.default_rng``.

    Returns
    -------
    (X_train, X_val, y_train, y_val) : tuple of np.ndarray
        X parts keep X's trailing shape; y parts keep y's format
        (labels stay labels, one-hot stays one-hot).

    Raises
    ------
    ValueError
        Unless ``0 < test_size < 1``; also if X and y have different lengths.
    """
    # TODO: find each sample's class, work out how many of each class go to
    # validation, then shuffle each class's indices with the rng and cut.
    raise NotImplementedError
