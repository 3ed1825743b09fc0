"""Learning curves of the training runs a check made, as in the note: train vs validation."""
from grader.plot_text import plot_text, with_label_font


@with_label_font
def learning_curves(log):
    """A matplotlib Figure: per training run, loss and accuracy per epoch (validation dashed)."""
    from matplotlib.figure import Figure  # only when a plot is asked for
    from matplotlib.ticker import MaxNLocator

    figure = Figure(figsize=(10, 3.6 * len(log)), layout="constrained")
    axes = figure.subplots(len(log), 2, squeeze=False)
    for row, (label, history) in zip(axes, log):
        accuracy = next((k for k in ("acc", "accuracy", "categorical_accuracy") if k in history), None)
        for ax, key, title in ((row[0], "loss", plot_text("plot.loss")),
                               (row[1], accuracy, plot_text("plot.accuracy"))):
            if key is None:
                ax.set_visible(False)
                continue
            epochs = range(1, len(history[key]) + 1)
            ax.plot(epochs, history[key], "o-", label=plot_text("plot.train", metric=key))
            if f"val_{key}" in history:
                ax.plot(epochs, history[f"val_{key}"], "s--", label=plot_text("plot.validation", metric=key))
            ax.set_xlabel(plot_text("plot.epoch"))
            ax.xaxis.set_major_locator(MaxNLocator(integer=True))
            ax.set_ylabel(title)
            ax.set_title(plot_text("plot.title", run=label, metric=title), fontsize=9)
            ax.grid(alpha=0.3)
            ax.legend(fontsize=8)
    return figure
