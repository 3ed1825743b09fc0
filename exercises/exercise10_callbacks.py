"""Exercise 10: callbacks (콜백) in Keras: ModelCheckpoint, ReduceLROnPlateau, EarlyStopping.

A callback is an object that ``model.fit(..., callbacks=[...])`` calls at fixed moments of
training: at the start and end of every epoch and batch. At the end of an epoch it receives
the ``logs`` dict of that epoch's metrics, e.g. ``{"loss": 0.41, "acc": 0.87, "val_loss": 0.45,
"val_acc": 0.85}``, and may save the model, change the learning rate or stop training.

The note trains with three of Keras's built-in callbacks, all watching ``val_loss``:

- ``ModelCheckpoint`` saves the weights after every epoch to a file whose name is the template
  ``"weights.{epoch:03d}-{val_loss:.4f}-{acc:.4f}.weights.h5"`` filled in with ``str.format``.
  The epoch in the name is 1-based, as Keras prints it ("Epoch 1/20" writes ``weights.001-...``),
  and the other fields come from that epoch's logs, so the model must be compiled with
  ``metrics=["acc"]`` for ``{acc}`` to exist. ``save_weights_only=True`` saves the weights only
  (Keras then requires the ``.weights.h5`` ending); ``save_best_only=False`` keeps a file for
  every epoch instead of only the best one.
- ``ReduceLROnPlateau`` multiplies the learning rate by ``factor`` (0.1: ten times smaller) once
  ``patience`` epochs have passed without the monitored value improving.
- ``EarlyStopping`` stops training once ``patience`` epochs have passed without an improvement.

``mode`` says which direction is better: ``"min"`` for losses and errors, ``"max"`` for accuracy
and AUC; ``"auto"`` lets Keras decide from the metric. An epoch counts as an improvement only if
it beats the best value so far by more than ``min_delta`` (an equal value is no improvement);
every epoch without one makes the "wait" grow by one, and an improvement resets it to 0.

make_callbacks builds the note's callbacks; the four other functions predict, in plain Python,
what Keras's callbacks do, so that you know exactly when your training will stop.
"""

import keras

CHECKPOINT_TEMPLATE = "weights.{epoch:03d}-{val_loss:.4f}-{acc:.4f}.weights.h5"


def make_callbacks(checkpoint_dir, lr_patience=2, stop_patience=3):
    """The note's three callbacks, in this order: checkpoint, learning-rate reduction, early stop.

    - ``keras.callbacks.ModelCheckpoint``: filepath ``CHECKPOINT_TEMPLATE`` inside
      ``checkpoint_dir``, monitor ``"val_loss"``, ``save_weights_only=True``,
      ``save_best_only=False``, ``mode="min"``.
    - ``keras.callbacks.ReduceLROnPlateau``: monitor ``"val_loss"``, ``factor=0.1``,
      ``patience=lr_patience``, ``mode="min"``.
    - ``keras.callbacks.EarlyStopping``: monitor ``"val_loss"``, ``patience=stop_patience``,
      ``mode="min"``.

    Parameters
    ----------
    checkpoint_dir : str
        Folder the checkpoint files go to (it may not exist yet: Keras creates it).
    lr_patience : int
        Epochs without improvement before the learning rate is reduced.
    stop_patience : int
        Epochs without improvement before training stops.

    Returns
    -------
    list of keras.callbacks.Callback
        ``[ModelCheckpoint, ReduceLROnPlateau, EarlyStopping]``, ready for
        ``model.fit(..., callbacks=make_callbacks("checkpoints"))``.
    """
    # TODO: build the three callbacks with the settings above and return them in a list.
    raise NotImplementedError


def checkpoint_path(template, epoch, logs):
    """The file name ModelCheckpoint writes after an epoch.

    Parameters
    ----------
    template : str
        A ModelCheckpoint filepath such as ``CHECKPOINT_TEMPLATE``, with ``{epoch}`` and fields
        named after keys of ``logs`` (format specs like ``:03d`` or ``:.4f`` allowed).
    epoch : int
        The epoch number, 1-based as Keras prints it (the first epoch is 1).
    logs : dict of str to float
        That epoch's logs; keys the template does not use are ignored.

    Returns
    -------
    str

    Example
    -------
    >>> checkpoint_path(CHECKPOINT_TEMPLATE, 1, {"loss": 1.3, "acc": 0.34375, "val_loss": 1.34})
    'weights.001-1.3400-0.3438.weights.h5'
    """
    # TODO: fill in the template the way Keras does.
    raise NotImplementedError


def infer_mode(monitor):
    """What ``mode="auto"`` resolves to for a monitored metric: ``"min"`` or ``"max"``.

    ``"min"`` for ``loss``, ``mae`` and ``mse``; ``"max"`` for ``acc``, ``accuracy`` and ``auc``;
    the same for their validation forms (``val_loss``, ``val_acc``, ...).

    Parameters
    ----------
    monitor : str

    Returns
    -------
    str
        ``"min"`` or ``"max"``.

    Raises
    ------
    ValueError
        Advised for names you do not know ("pass mode explicitly").
    """
    # TODO: drop a "val_" prefix, then decide by the metric's name.
    raise NotImplementedError


def early_stopping_epoch(values, patience, mode="min", min_delta=0.0):
    """The 0-based epoch at whose end EarlyStopping stops training, or None.

    Keras's rule, epoch by epoch: the first value is always an improvement. Later, a value
    improves if it is better than the best so far by more than min_delta (``value + min_delta
    < best`` for ``"min"``, ``value - min_delta > best`` for ``"max"``; an equal value does not
    improve). An improvement sets best and resets the wait to 0; any other epoch adds 1 to the
    wait, and training stops as soon as ``wait >= patience`` (never after the first epoch).

    Parameters
    ----------
    values : sequence of float
        The monitored metric after each epoch (e.g. ``history.history["val_loss"]``).
    patience : int
        Epochs without improvement to tolerate, >= 0.
    mode : {"min", "max"}
    min_delta : float
        Smallest change that counts as an improvement, >= 0.

    Returns
    -------
    int or None
        The index of the last epoch run, or None if training would run all epochs.

    Example
    -------
    >>> early_stopping_epoch([1.0, 0.9, 0.95, 0.9, 0.89, 0.91, 0.92, 0.93], patience=2)
    3
    """
    # TODO: track best and wait through the values.
    raise NotImplementedError


def reduce_lr_schedule(values, lr, factor=0.1, patience=10, mode="min", min_delta=1e-4, min_lr=0.0):
    """The learning rate in effect after each epoch under ReduceLROnPlateau (cooldown 0).

    Keras's rule, epoch by epoch: a value improves if it is better than the best so far by more
    than min_delta, exactly as in early_stopping_epoch (the first value always improves).
    An improvement sets best and resets the wait to 0. Otherwise the wait grows by 1, and once
    ``wait >= patience`` (and ``lr > min_lr``) the rate becomes ``max(lr * factor, min_lr)`` and
    the wait restarts at 0. The rate reported for an epoch includes that epoch's reduction.

    Parameters
    ----------
    values : sequence of float
        The monitored metric after each epoch.
    lr : float
        The learning rate before the first epoch.
    factor : float
        Multiplier of a reduction, < 1.
    patience : int
        Epochs without improvement before a reduction, >= 0.
    mode : {"min", "max"}
    min_delta : float
        Smallest change that counts as an improvement (note the default, 1e-4).
    min_lr : float
        The rate never goes below this.

    Returns
    -------
    list of float
        One learning rate per value.

    Example
    -------
    >>> reduce_lr_schedule([1.0, 0.9, 0.95, 0.96, 0.85], lr=0.1, factor=0.5, patience=2)
    [0.1, 0.1, 0.1, 0.05, 0.05]
    """
    # TODO: track best and wait through the values; record lr after each epoch.
    raise NotImplementedError
