"""The reference solution of exercise14, the note's CNN in Keras, checked directly against the contract
(parameter counts from keras-conventions.md section 5, worked out by hand in the stubs).
"""
import importlib

import pytest

from reference_helpers import compiled_as_contract, rows


@pytest.fixture(scope="module")
def ex14(keras):
    return importlib.import_module("solutions.exercise14_cnn")


def test_cnn_defaults(ex14):
    model = ex14.build_cnn()
    assert tuple(model.inputs[0].shape) == (None, 28, 28, 1)
    assert rows(model) == [
        ("Conv2D", (28, 28, 16), 160), ("Conv2D", (28, 28, 32), 8_224), ("Conv2D", (25, 25, 64), 32_832),
        ("MaxPooling2D", (12, 12, 64), 0), ("Flatten", (9216,), 0), ("Dropout", (9216,), 0),
        ("Dense", (50,), 460_850), ("Dense", (20,), 1_020), ("Dense", (10,), 210)]
    assert model.count_params() == 503_296
    convs = [layer for layer in model.layers if type(layer).__name__ == "Conv2D"]
    assert [(c.kernel_size, c.padding) for c in convs] == [((3, 3), "same"), ((4, 4), "same"), ((4, 4), "valid")]
    assert [layer.activation.__name__ for layer in model.layers if hasattr(layer, "activation")] == \
        ["relu"] * 5 + ["softmax"]
    assert model.layers[5].rate == 0.5
    compiled_as_contract(model, 0.001)


def test_cnn_other_arguments(ex14):
    model = ex14.build_cnn(input_shape=(20, 20, 3), num_classes=4, dropout_rate=0.25, learning_rate=0.0005)
    # 20 -> 20 -> 20 -> 17 (valid 4x4) -> 8 (pool); 8 * 8 * 64 = 4096 features.
    assert rows(model) == [
        ("Conv2D", (20, 20, 16), 3 * 3 * 3 * 16 + 16), ("Conv2D", (20, 20, 32), 8_224),
        ("Conv2D", (17, 17, 64), 32_832), ("MaxPooling2D", (8, 8, 64), 0), ("Flatten", (4096,), 0),
        ("Dropout", (4096,), 0), ("Dense", (50,), 4096 * 50 + 50), ("Dense", (20,), 1_020), ("Dense", (4,), 84)]
    assert model.layers[5].rate == 0.25
    compiled_as_contract(model, 0.0005)


def test_cnn_learns_the_grader_images(ex14, keras):
    """The reference clears the learns_images threshold with a wide margin (measured: 100%)."""
    import numpy as np

    from grader.checklib.keras_checks import image_dataset, train
    from grader.checks import exercise14_cnn as checks
    from grader.keras_rebuild import LearnerModel

    model = ex14.build_cnn()
    x, y = image_dataset(checks.TRAIN_SIZE, size=28, classes=10, channels=1, seed=14)
    x_val, y_val = image_dataset(checks.VALIDATION_SIZE, size=28, classes=10, channels=1, seed=15)
    trained, _ = train(LearnerModel(model, "Sequential", model.get_compile_config()), x, y, epochs=checks.EPOCHS)
    accuracy = np.mean(np.argmax(trained.predict(x_val, verbose=0), 1) == np.argmax(y_val, 1))
    assert accuracy >= 0.98 > checks.MIN_ACCURACY
