"""Measure the training criterion of the Keras "learns" checks on a family of contract-valid models.

exercise09's two-input model is free in its hidden layers, so the check that trains it must hold for
every contract-valid architecture and fail the models that cannot learn. This script trains each
model of a family (narrow and wide branches, hidden layers before and after the merge, one to three
layers, a small bottleneck) from several seeds on the check's own data, and prints the loss on the
training set before and after each epoch relative to its start.

    python benchmarks/keras_training_criterion.py [--epochs 6] [--seeds 0 1 2 3 4] > table.txt

The numbers it printed when the criterion was chosen are in docs/keras-training-criterion.md.
"""
import argparse

import numpy as np

from grader.checklib.keras_checks import image_dataset
from grader.keras_rebuild import keras


def _branch(x, units, activation="relu"):
    for n in units:
        x = keras().layers.Dense(n, activation=activation)(x)
    return x


def two_input(image_units, feature_units, merged_units, activation="relu", kernel_initializer=None,
              trainable=True):
    """A contract-valid two-input model: image and features, Concatenate, Dense(10, softmax)."""
    k = keras()
    image = k.Input(shape=(28, 28))
    features = k.Input(shape=(8,))
    a = _branch(k.layers.Flatten()(image), image_units, activation)
    b = _branch(features, feature_units, activation)
    x = _branch(k.layers.Concatenate()([a, b]), merged_units, activation)
    outputs = k.layers.Dense(10, activation="softmax")(x)
    model = k.Model([image, features], outputs)
    if kernel_initializer:
        for layer in model.layers:
            if hasattr(layer, "kernel"):
                layer.kernel.assign(np.zeros(layer.kernel.shape, dtype=np.float32))
    if not trainable:
        for layer in model.layers:
            layer.trainable = False
    model.compile(optimizer=k.optimizers.Adam(learning_rate=0.001), loss="categorical_crossentropy",
                  metrics=["acc"])
    return model


FAMILY = {
    "reference (64 / 16 -> 64)": dict(image_units=[64], feature_units=[16], merged_units=[64]),
    "no hidden layer": dict(image_units=[], feature_units=[], merged_units=[]),
    "narrow (16 / 8 -> 8)": dict(image_units=[16], feature_units=[8], merged_units=[8]),
    "narrow, nothing after merge (16 / 8)": dict(image_units=[16], feature_units=[8], merged_units=[]),
    "only after merge (32)": dict(image_units=[], feature_units=[], merged_units=[32]),
    "wide (256 / 64 -> 128)": dict(image_units=[256], feature_units=[64], merged_units=[128]),
    "deep (128,64,32 / 16,16,8 -> 32,16,16)": dict(image_units=[128, 64, 32], feature_units=[16, 16, 8],
                                                  merged_units=[32, 16, 16]),
    "bottleneck 4 after merge (16 / 8 -> 4)": dict(image_units=[16], feature_units=[8], merged_units=[4]),
    "bottleneck 2 on the image (2 / 8)": dict(image_units=[2], feature_units=[8], merged_units=[]),
    "tanh (32 / 8 -> 16)": dict(image_units=[32], feature_units=[8], merged_units=[16], activation="tanh"),
    "sigmoid (32 / 8 -> 16)": dict(image_units=[32], feature_units=[8], merged_units=[16], activation="sigmoid"),
}
UNTRAINABLE = {
    "zero kernels (reference shape)": dict(image_units=[64], feature_units=[16], merged_units=[64],
                                           kernel_initializer="zeros"),
    "zero kernels, no hidden layer": dict(image_units=[], feature_units=[], merged_units=[],
                                          kernel_initializer="zeros"),
    "all layers frozen": dict(image_units=[64], feature_units=[16], merged_units=[64], trainable=False),
}
# Contract-valid but degenerate: a 1-unit ReLU layer after the merge is dead for some seeds (all
# information passes through one unit that can start inactive); the stub says so.
EDGE = {
    "1-unit ReLU layer after the merge (16 / 8 -> 1)": dict(image_units=[16], feature_units=[8], merged_units=[1]),
}


def data():
    """The exercise09 check's training data: 256 bar images and their noisy feature hints."""
    x, y = image_dataset(256, size=28, classes=10, seed=9)
    noise = np.random.default_rng(9).normal(0.0, 1.0, size=(256, 8)).astype(np.float32)
    return [x, 0.5 * noise + y[:, :8]], y


def curve(kwargs, seed, epochs, inputs, y):
    """Training-set loss before and after each epoch (batch 32, no shuffling, as the check trains)."""
    keras().utils.set_random_seed(seed)
    model = two_input(**kwargs)
    losses = [float(model.evaluate(inputs, y, verbose=0, batch_size=64)[0])]
    for _ in range(epochs):
        model.fit(inputs, y, epochs=1, batch_size=32, verbose=0, shuffle=False)
        losses.append(float(model.evaluate(inputs, y, verbose=0, batch_size=64)[0]))
    return losses


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=6)
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2, 3, 4])
    parser.add_argument("--only", default="", help="only the models whose name contains this text")
    args = parser.parse_args()
    inputs, y = data()
    print("| model | seed | start | " + " | ".join(f"end/start after {e}" for e in range(1, args.epochs + 1)) + " |")
    print("|---|---|---|" + "---|" * args.epochs)
    for group in (FAMILY, UNTRAINABLE, EDGE):
        for name, kwargs in group.items():
            if args.only not in name:
                continue
            for seed in args.seeds:
                losses = curve(kwargs, seed, args.epochs, inputs, y)
                ratios = " | ".join(f"{v / losses[0]:.3f}" for v in losses[1:])
                print(f"| {name} | {seed} | {losses[0]:.3f} | {ratios} |", flush=True)


if __name__ == "__main__":
    main()
