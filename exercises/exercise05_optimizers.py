"""Exercise 05: optimization (최적화) algorithms for training neural networks.

Plain SGD takes the same-sized step in every direction, which is slow along gentle
slopes and oscillates across steep, narrow valleys. Better optimizers keep some
state between steps: momentum accumulates a velocity that smooths the direction;
Adagrad and RMSprop divide each coordinate's step by the (decaying) root mean square
of its past gradients, so that every parameter gets its own effective learning
rate; Adam combines momentum with RMSprop-style scaling and corrects the bias of its
zero-initialised averages.

Every optimizer here has the same interface::

    next_w, config = update(w, dw, config=None)

``config`` is a dict holding the hyperparameters and the optimizer's state. Fill in
missing hyperparameters with the defaults (``config.setdefault(...)``), create
missing state as ``np.zeros_like(w)``, store the new state back in ``config`` and
return it, so that the caller can pass it to the next call. You may update
``config`` in place, but ``w`` must not be modified: return a new array.

These are the textbook forms. If you compare with ``keras.optimizers`` you will find
that SGD and SGD with momentum agree, but Keras differs in details for the others
(see each docstring), so their numbers differ in the last digits (or more, for
gradients near epsilon).
"""

import numpy as np


def sgd(w, dw, config=None):
    """Vanilla stochastic gradient descent: ``next_w = w - learning_rate * dw``.

    Parameters
    ----------
    w : numpy.ndarray, any shape
        Current parameters. Must not be modified in place.
    dw : numpy.ndarray, same shape as w
        Gradient of the loss with respect to w.
    config : dict or None
        Hyperparameters: ``learning_rate`` (default 1e-2). No state.

    Returns
    -------
    next_w : numpy.ndarray, same shape as w
    config : dict
        The config, with defaults filled in.

    Examples
    --------
    >>> next_w, config = sgd(np.array([1.0, 2.0]), np.array([10.0, -10.0]))
    >>> next_w, config["learning_rate"]
    (array([0.9, 2.1]), 0.01)
    """
    # TODO: fill defaults, compute next_w.
    raise NotImplementedError


def sgd_momentum(w, dw, config=None):
    """SGD with momentum.

    ::

        v = momentum * v - learning_rate * dw
        next_w = w + v

    This is exactly ``keras.optimizers.SGD(learning_rate, momentum)``.

    Parameters
    ----------
    w : numpy.ndarray, any shape
        Current parameters. Must not be modified in place.
    dw : numpy.ndarray, same shape as w
        Gradient.
    config : dict or None
        Hyperparameters ``learning_rate`` (default 1e-2) and ``momentum``
        (default 0.9); state ``velocity`` (same shape as w, starts at zeros).

    Returns
    -------
    next_w : numpy.ndarray, same shape as w
    config : dict
        With the new ``velocity`` stored.
    """
    # TODO: fill defaults, create the velocity if missing, update it and w.
    raise NotImplementedError


def adagrad(w, dw, config=None):
    """Adagrad: scale each coordinate by the root of its summed squared gradients.

    ::

        cache = cache + dw**2
        next_w = w - learning_rate * dw / (sqrt(cache) + epsilon)

    Keras's ``Adagrad`` differs: it puts epsilon inside the root,
    ``sqrt(cache + epsilon)``, starts the accumulator at
    ``initial_accumulator_value=0.1`` instead of 0 (this matters most in the
    first steps), and defaults to ``learning_rate=1e-3`` and ``epsilon=1e-7``.

    Parameters
    ----------
    w : numpy.ndarray, any shape
        Current parameters. Must not be modified in place.
    dw : numpy.ndarray, same shape as w
        Gradient.
    config : dict or None
        Hyperparameters ``learning_rate`` (default 1e-2) and ``epsilon``
        (default 1e-8); state ``cache`` (same shape as w, starts at zeros).

    Returns
    -------
    next_w : numpy.ndarray, same shape as w
    config : dict
        With the new ``cache`` stored.
    """
    # TODO: fill defaults, create the cache if missing, accumulate, step.
    raise NotImplementedError


def rmsprop(w, dw, config=None):
    """RMSprop: like Adagrad, but with an exponentially decaying average of dw**2.

    ::

        cache = decay_rate * cache + (1 - decay_rate) * dw**2
        next_w = w - learning_rate * dw / (sqrt(cache) + epsilon)

    Keras's ``RMSprop`` differs: it puts epsilon inside the root,
    ``sqrt(cache + epsilon)``, and its defaults are ``learning_rate=1e-3``,
    ``rho=0.9`` (our decay_rate) and ``epsilon=1e-7``.

    Parameters
    ----------
    w : numpy.ndarray, any shape
        Current parameters. Must not be modified in place.
    dw : numpy.ndarray, same shape as w
        Gradient.
    config : dict or None
        Hyperparameters ``learning_rate`` (default 1e-2), ``decay_rate``
        (default 0.99) and ``epsilon`` (default 1e-8); state ``cache`` (same shape
        as w, starts at zeros).

    Returns
    -------
    next_w : numpy.ndarray, same shape as w
    config : dict
        With the new ``cache`` stored.
    """
    # TODO: fill defaults, create the cache if missing, decay-average, step.
    raise NotImplementedError


def adam(w, dw, config=None):
    """Adam: momentum plus RMSprop-style scaling, with bias correction.

    ``t`` counts the updates; increment it *before* using it, so the first call
    uses t = 1 (with t = 0 the bias correction divides by zero)::

        t = t + 1
        m = beta1 * m + (1 - beta1) * dw
        v = beta2 * v + (1 - beta2) * dw**2
        m_hat = m / (1 - beta1**t)
        v_hat = v / (1 - beta2**t)
        next_w = w - learning_rate * m_hat / (sqrt(v_hat) + epsilon)

    Keras's ``Adam`` uses the paper's "efficient" form,
    ``w - learning_rate * sqrt(1 - beta2**t) / (1 - beta1**t) * m / (sqrt(v) + epsilon)``,
    which is the same as the formula above with epsilon replaced by
    ``epsilon / sqrt(1 - beta2**t)`` (so its epsilon weighs more in the first
    steps), and defaults to ``epsilon=1e-7``. With
    ordinary gradients the two agree to about 1e-6; they differ clearly only when
    ``sqrt(v)`` is close to epsilon.

    Parameters
    ----------
    w : numpy.ndarray, any shape
        Current parameters. Must not be modified in place.
    dw : numpy.ndarray, same shape as w
        Gradient.
    config : dict or None
        Hyperparameters ``learning_rate`` (default 1e-3), ``beta1`` (default 0.9),
        ``beta2`` (default 0.999) and ``epsilon`` (default 1e-8); state ``m`` and
        ``v`` (same shape as w, start at zeros) and ``t`` (starts at 0).

    Returns
    -------
    next_w : numpy.ndarray, same shape as w
    config : dict
        With the new ``m``, ``v`` and ``t`` stored.

    Examples
    --------
    The first step moves every coordinate by about learning_rate, whatever the
    gradient's scale:

    >>> next_w, config = adam(np.zeros(2), np.array([0.5, -200.0]))
    >>> next_w.round(6), config["t"]
    (array([-0.001,  0.001]), 1)
    """
    # TODO: fill defaults, create m, v, t if missing, increment t, update m and v, step.
    raise NotImplementedError
