"""The reference solution of exercise07, image preprocessing and the stratified split, cross-checked against
TensorFlow/Keras wherever an equivalent exists (TensorFlow is imported lazily, by a fixture).
"""
import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import solutions.exercise06_losses as ex06
import solutions.exercise07_preprocessing as ex07
from reference_helpers import SETTINGS, assert_arrays_unchanged


def test_normalize_images_float32():
    images = np.array([[0, 51], [255, 128]], dtype=np.uint8)
    out = ex07.normalize_images(images)
    assert out.dtype == np.float32
    np.testing.assert_allclose(out, images / 255.0, rtol=1e-6)
    assert ex07.normalize_images([[255]]).dtype == np.float32


@pytest.mark.parametrize("shape", [(28, 28), (5, 28, 28), (3, 4, 5)])
def test_add_channel_axis(shape):
    images = np.arange(math.prod(shape)).reshape(shape)
    out = ex07.add_channel_axis(images)
    assert out.shape == shape + (1,)
    np.testing.assert_array_equal(out[..., 0], images)


@pytest.mark.parametrize("shape", [(4, 5, 3), (2, 4, 5, 3)])
def test_rgb_to_grayscale_matches_tf(tf, shape):
    images = np.random.default_rng(4).uniform(0, 255, shape)
    before = images.copy()
    out = ex07.rgb_to_grayscale(images)
    assert out.shape == shape[:-1] + (1,)
    np.testing.assert_allclose(out, tf.image.rgb_to_grayscale(images).numpy(), rtol=1e-6)
    assert_arrays_unchanged([before], images)


@st.composite
def labelled_data(draw):
    n = draw(st.integers(2, 120))
    n_classes = draw(st.integers(1, 5))
    labels = np.array(draw(st.lists(st.integers(0, n_classes - 1), min_size=n, max_size=n)))
    test_size = draw(st.floats(0.01, 0.99))
    one_hot = draw(st.booleans())
    return labels, test_size, one_hot


@SETTINGS
@given(labelled_data())
def test_stratified_split_properties(data):
    labels, test_size, one_hot = data
    n = labels.size
    n_val = math.ceil(test_size * n)
    X = np.arange(n)[:, None] * 10 + np.arange(2)  # row i identifies sample i
    y = ex06.to_categorical(labels, labels.max() + 1) if one_hot else labels
    if n_val >= n:
        return  # no training sample left; the reference refuses this
    before = (X.copy(), y.copy())
    X_train, X_val, y_train, y_val = ex07.stratified_split(X, y, test_size, seed=7)
    assert len(X_val) == len(y_val) == n_val
    assert len(X_train) == len(y_train) == n - n_val
    assert y_train.shape[1:] == y_val.shape[1:] == y.shape[1:]
    ids_train, ids_val = X_train[:, 0] // 10, X_val[:, 0] // 10
    assert sorted(np.concatenate([ids_train, ids_val]).tolist()) == list(range(n))
    np.testing.assert_array_equal(y_val, y[ids_val])
    np.testing.assert_array_equal(y_train, y[ids_train])
    for cls in np.unique(labels):
        n_class = np.sum(labels == cls)
        assert abs(np.sum(labels[ids_val] == cls) - n_class * n_val / n) < 1 + 1e-9
    again = ex07.stratified_split(X, y, test_size, seed=7)
    for first, second in zip((X_train, X_val, y_train, y_val), again, strict=True):
        np.testing.assert_array_equal(first, second)
    assert_arrays_unchanged(before, X, y)


def test_stratified_split_seed_changes_split():
    labels = np.repeat([0, 1, 2], 20)
    X = np.arange(60)
    splits = {tuple(np.sort(ex07.stratified_split(X, labels, 0.25, seed=s)[1])) for s in range(5)}
    assert len(splits) > 1
    assert ex07.stratified_split(X, labels)[1].size == 12  # default test_size 0.2


@pytest.mark.parametrize("test_size", [0, 1, -0.2, 1.5])
def test_stratified_split_rejects_test_size(test_size):
    with pytest.raises(ValueError):
        ex07.stratified_split(np.zeros((10, 2)), np.arange(10) % 2, test_size)
