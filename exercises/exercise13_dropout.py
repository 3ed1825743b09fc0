"""Exercise 13: dropout (드롭아웃).

Dropout fights over-fitting by switching off a random subset of units on
every training step, so no unit can rely on a particular partner being
present. With ``rate = 0.5`` each activation is zeroed with probability 0.5.

Switching units off shrinks the layer's expected output by the keep
probability ``1 - rate``. *Inverted* dropout, which Keras uses, makes up for
it during training by dividing the survivors by ``1 - rate``; the expected
output is then unchanged and the layer does nothing at all at inference time
(Keras's ``Dropout(0.5)`` turns a kept 1.0 into 2.0 while training and leaves
it at 1.0 when predicting).

The backward pass must send the gradient through the *same* units the
forward pass kept, with the same scale, so the forward pass returns its mask
for the backward pass to reuse.

Implement both functions with NumPy only.
"""

import numpy as np


def dropout_forward(x, rate, training=True, seed=None):
    """Forward pass of inverted dropout.

    Draw ``u = np.random.default_rng(seed).random(x.shape)`` and keep the
    units where ``u >= rate`` (probability ``1 - rate``). Then

        out = x * mask / (1 - rate)

    Parameters
    ----------
    x : array-like of float, any shape
    rate : float
        Probability of dropping a unit, ``0 <= rate < 1``.
    training : bool
        If False (inference), dropout is the identity.
    seed : int or None
        Seed for ``np.random.default_rng``; the same seed gives the same mask.

    Returns
    -------
    out : np.ndarray of float, x's shape
        During inference ``out`` equals x (x itself or a copy).
    mask : np.ndarray of bool, x's shape
        True where the unit was kept; all True during inference.

    Raises
    ------
    ValueError
        Unless ``0 <= rate < 1``.
    """
    # TODO: validate rate, handle inference, draw the mask, scale the survivors.
    raise NotImplementedError


def dropout_backward(dout, mask, rate):
    """Backward pass of inverted dropout.

    Formula: ``dx = dout * mask / (1 - rate)``

    Parameters
    ----------
    dout : array-like of float, any shape
        Upstream gradient, same shape as the forward input.
    mask : array-like of bool, dout's shape
        The mask returned by ``dropout_forward``.
    rate : float
        The rate used in the forward pass, ``0 <= rate < 1``.

    Returns
    -------
    np.ndarray of float, dout's shape

    Raises
    ------
    ValueError
        Unless ``0 <= rate < 1``.
    """
    # TODO: reuse the forward mask and scale.
    raise NotImplementedError
