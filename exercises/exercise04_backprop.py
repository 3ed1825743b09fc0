"""Exercise 04: the multi-layer perceptron (다층 퍼셉트론) and back-propagation (역전파).

A multi-layer perceptron stacks dense layers ``out = x @ W + b`` with a non-linear
activation (here ReLU) between them, and ends in a softmax that turns the last
layer's scores into class probabilities. Training needs the gradient of the loss
with respect to every weight. Back-propagation computes all of them in one backward
sweep by the chain rule: each layer receives ``dout``, the gradient of the loss with
respect to its output, and returns the gradient with respect to its input (and its
parameters). To do that, each ``*_forward`` function returns, besides its output, a
``cache`` holding whatever the matching ``*_backward`` function will need. What you
put in the cache is up to you.

Implement the layers, the loss and a whole L-layer network with NumPy. Your
gradients are compared with the reference and with numerical (finite-difference)
gradients. Never modify the arrays you are given; return new ones.
"""

import numpy as np


def dense_forward(x, W, b):
    """Forward pass of a dense (fully connected) layer: ``out = x @ W + b``.

    Parameters
    ----------
    x : numpy.ndarray, shape (n, d)
        A batch of n inputs.
    W : numpy.ndarray, shape (d, m)
        Weights.
    b : numpy.ndarray, shape (m,)
        Biases (broadcast over the batch).

    Returns
    -------
    out : numpy.ndarray, shape (n, m)
    cache : object
        Anything ``dense_backward`` needs (e.g. the tuple ``(x, W)``).
    """
    # TODO: compute out and return it with a cache.
    raise NotImplementedError


def dense_backward(dout, cache):
    """Backward pass of a dense layer.

    For ``out = x @ W + b`` and upstream gradient ``dout``::

        dx = dout @ W.T        # (n, d)
        dW = x.T @ dout        # (d, m)
        db = dout.sum(axis=0)  # (m,): b was added to every row of the batch

    Parameters
    ----------
    dout : numpy.ndarray, shape (n, m)
        Gradient of the loss with respect to ``out``.
    cache : object
        What ``dense_forward`` returned.

    Returns
    -------
    tuple (dx, dW, db)
        Arrays with the shapes of x (n, d), W (d, m) and b (m,).
    """
    # TODO: unpack the cache and apply the chain rule.
    raise NotImplementedError


def relu_forward(x):
    """Forward pass of ReLU: ``out = max(0, x)`` elementwise.

    Parameters
    ----------
    x : numpy.ndarray, any shape

    Returns
    -------
    out : numpy.ndarray, same shape as x
    cache : object
        Anything ``relu_backward`` needs (e.g. x itself).
    """
    # TODO: compute out and return it with a cache.
    raise NotImplementedError


def relu_backward(dout, cache):
    """Backward pass of ReLU: pass ``dout`` through where ``x > 0``, 0 elsewhere.

    The gradient at ``x == 0`` is taken to be 0.

    Parameters
    ----------
    dout : numpy.ndarray, same shape as x
        Gradient of the loss with respect to the ReLU's output.
    cache : object
        What ``relu_forward`` returned.

    Returns
    -------
    dx : numpy.ndarray, same shape as x
    """
    # TODO: mask dout with x > 0 (a new array; do not zero dout in place).
    raise NotImplementedError


def softmax_cross_entropy(logits, y):
    """Return the mean softmax cross-entropy loss and its gradient with respect to the logits.

    With ``p = softmax(logits)`` row by row and N rows::

        loss    = -sum(y * log(p)) / N
        dlogits = (p - y) / N

    Compute it stably: subtract each row's maximum from the logits before
    exponentiating, and get ``log(p)`` as ``shifted - log(sum(exp(shifted)))``
    rather than as ``log`` of a probability that may have underflowed to 0.

    Parameters
    ----------
    logits : numpy.ndarray, shape (n, c)
        Unnormalised class scores.
    y : numpy.ndarray, shape (n, c)
        One-hot targets.

    Returns
    -------
    loss : float
        The cross-entropy averaged over the batch.
    dlogits : numpy.ndarray, shape (n, c)
        Gradient of ``loss`` with respect to ``logits``.

    Examples
    --------
    >>> loss, dlogits = softmax_cross_entropy(np.zeros((2, 2)), np.eye(2))
    >>> round(loss, 6)
    0.693147
    >>> dlogits
    array([[-0.25,  0.25],
           [ 0.25, -0.25]])
    """
    # TODO: stable log-softmax, batch-mean loss, gradient (don't forget the 1/N).
    raise NotImplementedError


def mlp_loss_and_grads(X, y, params):
    """Return the loss of an L-layer MLP and the gradients of all its parameters.

    ``params`` holds ``"W1", "b1", ..., "WL", "bL"``; infer L (>= 1) from its
    keys. The network is::

        h = X
        for l in 1..L-1:  h = relu(dense(h, W_l, b_l))   # hidden layers
        logits = dense(h, W_L, b_L)                      # output layer, no ReLU
        loss = softmax_cross_entropy(logits, y)

    Run it forward keeping each layer's cache, then backward from ``dlogits``
    through the layers in reverse order.

    Parameters
    ----------
    X : numpy.ndarray, shape (n, d)
        Inputs.
    y : numpy.ndarray, shape (n, c)
        One-hot targets.
    params : dict of str -> numpy.ndarray
        ``W_l`` of shape (d_{l-1}, d_l) and ``b_l`` of shape (d_l,), with d_0 = d
        and d_L = c.

    Returns
    -------
    loss : float
    grads : dict of str -> numpy.ndarray
        Same keys and shapes as ``params``.
    """
    # TODO: forward pass with caches, loss, backward pass filling grads.
    raise NotImplementedError
