"""Exercise 03: mini-batch stochastic gradient descent (확률적 경사 하강법).

Gradient descent moves the parameters a small step against the gradient of the
loss: ``theta <- theta - lr * grad``. Computing that gradient on the whole data set
is slow for large data; stochastic gradient descent estimates it on a small random
subset, a mini-batch, instead. One pass over all the mini-batches is an epoch. The
data is reshuffled so that the batches differ, which makes the gradient estimates
noisy but cheap, and in practice is what trains every deep network.

Implement the bookkeeping and the training loop with NumPy:

1. ``iterations_per_epoch`` -- how many updates one epoch makes;
2. ``minibatches`` -- a generator that cuts (shuffled) data into mini-batches;
3. ``sgd_step`` -- one gradient-descent update of a dict of parameters;
4. ``train_linear_regression`` -- put them together to fit ``y ~ X @ w + b`` by
   minimising the mean squared error.

Never modify the arrays you are given; return new ones.
"""

import numpy as np


def iterations_per_epoch(n_samples, batch_size, drop_last=False):
    """Return the number of mini-batches (updates) in one epoch.

    That is ``ceil(n_samples / batch_size)``, or ``floor(n_samples / batch_size)``
    when ``drop_last`` is true (a final, incomplete batch is then skipped).
    Use integer arithmetic (``//``): floating-point division is inexact for
    large n (it must be exact for n up to 10**9 and beyond).

    Parameters
    ----------
    n_samples : int
        Number of training samples, >= 0.
    batch_size : int
        Samples per mini-batch, >= 1.
    drop_last : bool, default False
        Whether an incomplete last batch is dropped.

    Returns
    -------
    int

    Raises
    ------
    ValueError
        If ``batch_size < 1`` or ``n_samples < 0``.

    Examples
    --------
    >>> iterations_per_epoch(1000, 100)
    10
    >>> iterations_per_epoch(1001, 100), iterations_per_epoch(1001, 100, drop_last=True)
    (11, 10)
    """
    # TODO: validate the arguments, then ceil or floor with integer arithmetic only.
    raise NotImplementedError


def minibatches(X, y, batch_size, shuffle=True, seed=None):
    """Yield ``(X_batch, y_batch)`` pairs that cover the data set once.

    Every sample appears in exactly one batch; row i of ``X_batch`` still belongs
    with element i of ``y_batch``; every batch holds ``batch_size`` samples except
    possibly the last one, which holds the rest. With ``shuffle=False`` the
    samples keep their original order. With ``shuffle=True`` draw the order from
    ``np.random.default_rng(seed).permutation(len(X))``, so the same seed always
    gives the same batches.

    This is a generator: use ``yield``. Python runs a generator's body only when
    it is first iterated, so your ValueError may be raised then.

    Parameters
    ----------
    X : array_like, shape (n, ...)
        Samples.
    y : array_like, shape (n, ...)
        Targets, one per sample.
    batch_size : int
        Samples per batch, >= 1.
    shuffle : bool, default True
        Whether to shuffle the samples first.
    seed : int, numpy.random.Generator or None, default None
        Seed for ``np.random.default_rng`` (which passes a Generator through).

    Yields
    ------
    tuple (numpy.ndarray of shape (m, ...), numpy.ndarray of shape (m, ...))
        A batch of m <= batch_size samples and their targets.

    Raises
    ------
    ValueError
        If ``len(X) != len(y)`` or ``batch_size < 1``.

    Examples
    --------
    >>> X, y = np.arange(10).reshape(5, 2), np.arange(5)
    >>> [yb.tolist() for _, yb in minibatches(X, y, 2, shuffle=False)]
    [[0, 1], [2, 3], [4]]
    """
    # TODO: validate, build an index order (np.arange or a permutation), slice it in steps of batch_size.
    raise NotImplementedError


def sgd_step(params, grads, lr):
    """Return the parameters after one gradient-descent step.

    The result is a new dict ``{k: params[k] - lr * grads[k]}``; neither the input
    dicts nor their arrays are changed.

    Parameters
    ----------
    params : dict of str -> numpy.ndarray
        Current parameters, e.g. ``{"w": array of shape (d,), "b": 0.0}``.
    grads : dict of str -> numpy.ndarray
        Gradients of the loss, same keys and shapes as ``params``.
    lr : float
        Learning rate.

    Returns
    -------
    dict of str -> numpy.ndarray
        The updated parameters, same keys as ``params``.

    Raises
    ------
    ValueError
        If ``params`` and ``grads`` do not have the same set of keys.

    Examples
    --------
    >>> sgd_step({"w": np.array([1.0, 2.0])}, {"w": np.array([10.0, -10.0])}, 0.1)
    {'w': array([0., 3.])}
    """
    # TODO: check the keys match, then build a new dict.
    raise NotImplementedError


def train_linear_regression(X, y, lr=0.01, epochs=100, batch_size=32, seed=0):
    """Fit ``y ~ X @ w + b`` with mini-batch SGD on the mean squared error.

    Start from ``w = np.zeros(d)`` and ``b = 0.0``. In each epoch iterate over
    ``minibatches(X, y, batch_size, seed=...)`` (shuffled). Tip: create
    ``rng = np.random.default_rng(seed)`` once and pass ``seed=rng`` (``default_rng``
    returns a Generator it is given unchanged): each epoch then gets a new order,
    yet the whole run is reproducible. For each batch of m samples
    with residual ``r = X_batch @ w + b - y_batch``, take one SGD step with the
    gradient of the batch MSE ``mean(r**2)``::

        dw = (2 / m) * X_batch.T @ r
        db = (2 / m) * sum(r)

    (Dropping the factor 2 is a common convention too; it only rescales lr.) After
    each epoch record the MSE on the whole data set, ``mean((X @ w + b - y)**2)``.

    Parameters
    ----------
    X : array_like, shape (n, d)
        Features.
    y : array_like, shape (n,)
        Targets.
    lr : float, default 0.01
        Learning rate.
    epochs : int, default 100
        Number of passes over the data.
    batch_size : int, default 32
        Samples per mini-batch.
    seed : int or None, default 0
        Seed for the shuffling.

    Returns
    -------
    tuple (numpy.ndarray of shape (d,), float, list of float)
        The weights ``w``, the bias ``b`` and ``losses``, where ``losses[i]`` is
        the whole-data MSE after epoch i (so ``len(losses) == epochs``).
    """
    # TODO: initialise, loop over epochs and minibatches, step, record the loss.
    raise NotImplementedError
