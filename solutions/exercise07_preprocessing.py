"""Reference solution for exercise07: image preprocessing and a stratified split."""

import math

import numpy as np

# ITU-R BT.601 luma weights, the ones tf.image.rgb_to_grayscale uses.
_GRAY_WEIGHTS = np.array([0.2989, 0.5870, 0.1140])


def normalize_images(images):
    """Scale pixel values from [0, 255] to [0, 1] as float32."""
    return np.asarray(images, dtype=np.float32) / np.float32(255.0)


def add_channel_axis(images):
    """Append a channel axis of size 1: (n, h, w) -> (n, h, w, 1), (h, w) -> (h, w, 1)."""
    # np.array copies, so the result never shares memory with the caller's data.
    images = np.array(images)
    if images.ndim not in (2, 3):
        raise ValueError(f"expected shape (h, w) or (n, h, w), got {images.shape}")
    return images[..., np.newaxis]


def rgb_to_grayscale(images):
    """Convert (..., h, w, 3) RGB images to (..., h, w, 1) luma."""
    images = np.asarray(images)
    if images.ndim < 3 or images.shape[-1] != 3:
        raise ValueError(f"expected shape (..., h, w, 3), got {images.shape}")
    # Float images keep their precision; integer pixels become float64.
    dtype = images.dtype if images.dtype.kind == "f" else np.float64
    weights = _GRAY_WEIGHTS.astype(dtype)
    return (images.astype(dtype, copy=False) @ weights)[..., np.newaxis]


def _labels_of(y):
    """Return integer class ids (n,) for labels (n,) / (n, 1) or one-hot (n, c)."""
    y = np.asarray(y)
    if y.ndim == 2 and y.shape[1] > 1:
        return np.argmax(y, axis=1)
    if y.ndim == 2:
        y = y[:, 0]
    if y.ndim != 1:
        raise ValueError(f"y must be labels (n,) or one-hot (n, c), got shape {y.shape}")
    return np.unique(y, return_inverse=True)[1]


def _validation_counts(class_sizes, n_val):
    """Split n_val over the classes in proportion to their sizes (largest remainder method)."""
    n = int(class_sizes.sum())
    # Integer arithmetic keeps the quotas exact: quota_c = size_c * n_val / n.
    floors, remainders = np.divmod(class_sizes * n_val, n)
    leftover = n_val - int(floors.sum())
    # Stable sort so ties go to the lower class id and the result is deterministic.
    winners = np.argsort(-remainders, kind="stable")[:leftover]
    floors[winners] += 1
    return floors


def stratified_split(X, y, test_size=0.2, seed=124):
    """Split (X, y) into train and validation sets that keep the class proportions."""
    if not 0 < test_size < 1:
        raise ValueError(f"test_size must be strictly between 0 and 1, got {test_size}")
    X = np.asarray(X)
    y = np.asarray(y)
    n = len(y)
    if len(X) != n:
        raise ValueError(f"X has {len(X)} samples but y has {n}")
    n_val = math.ceil(test_size * n)
    if n_val >= n:
        raise ValueError(f"test_size={test_size} leaves no training samples out of {n}")

    labels = _labels_of(y)
    class_sizes = np.bincount(labels)
    val_counts = _validation_counts(class_sizes, n_val)

    rng = np.random.default_rng(seed)
    val_parts, train_parts = [], []
    for cls, k in enumerate(val_counts):
        members = rng.permutation(np.flatnonzero(labels == cls))
        val_parts.append(members[:k])
        train_parts.append(members[k:])
    # Shuffle across classes too, so neither set comes out sorted by class.
    train_idx = rng.permutation(np.concatenate(train_parts))
    val_idx = rng.permutation(np.concatenate(val_parts))
    return X[train_idx], X[val_idx], y[train_idx], y[val_idx]
