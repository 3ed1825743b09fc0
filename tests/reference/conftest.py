"""TensorFlow and Keras for the reference tests, imported quietly once and only by the tests that compare with them."""
import os

import pytest


@pytest.fixture(scope="session")
def tf():
    """TensorFlow, its logging silenced."""
    os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
    return pytest.importorskip("tensorflow")


@pytest.fixture(scope="session")
def keras(tf):
    """Keras 3, imported as the grader imports it (after TensorFlow, quietly)."""
    from grader.keras_rebuild import keras as quiet_keras

    return quiet_keras()
