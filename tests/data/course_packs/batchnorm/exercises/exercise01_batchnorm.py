"""Batch normalisation (batch normalisation): normalise each feature over the batch, forward and backward."""
import numpy as np


def batchnorm_forward(x, gamma, beta, eps=1e-5):
    """Normalise each column of ``x`` (N, D) over the batch, then scale by ``gamma`` and shift by ``beta`` (D,).

    >>> batchnorm_forward(np.array([[1.0], [3.0]]), np.ones(1), np.zeros(1)).round(3)
    array([[-1.],
           [ 1.]])
    """
    # TODO: mean and variance over axis 0, x_hat = (x - mean) / sqrt(var + eps), gamma * x_hat + beta
    raise NotImplementedError


def batchnorm_backward(dout, x, gamma, eps=1e-5):
    """The gradients ``(dx, dgamma, dbeta)`` of a loss whose gradient at the output is ``dout`` (N, D)."""
    # TODO: dgamma and dbeta sum over the batch; dx goes through x_hat, the mean and the variance
    raise NotImplementedError
