"""Reference: batch normalisation forward and backward."""
import numpy as np


def batchnorm_forward(x, gamma, beta, eps=1e-5):
    """Normalise each column of ``x`` over the batch, then scale by ``gamma`` and shift by ``beta``."""
    x = np.asarray(x, dtype=float)
    x_hat = (x - x.mean(axis=0)) / np.sqrt(x.var(axis=0) + eps)
    return gamma * x_hat + beta


def batchnorm_backward(dout, x, gamma, eps=1e-5):
    """The gradients ``(dx, dgamma, dbeta)`` of a loss whose gradient at the output is ``dout``."""
    x = np.asarray(x, dtype=float)
    n = x.shape[0]
    inv_std = 1.0 / np.sqrt(x.var(axis=0) + eps)
    x_hat = (x - x.mean(axis=0)) * inv_std
    dgamma = (dout * x_hat).sum(axis=0)
    dbeta = dout.sum(axis=0)
    dx = gamma * inv_std / n * (n * dout - dbeta - x_hat * dgamma)
    return dx, dgamma, dbeta
