"""Every stub against its reference solution and the contract: the same functions and signatures, a bare
``raise NotImplementedError`` under a docstring and a TODO in each, examples that hold for the solution,
and no TensorFlow in a NumPy exercise. The exercises come from the catalog; a new one is covered once its
functions have plausible arguments below."""
import ast
import doctest
import importlib
import inspect
import re
import subprocess
import sys

import numpy as np
import pytest

from grader import catalog
from reference_helpers import NOTE_CNN, X_LOGIC

EXERCISES = [e for e in catalog.exercises() if e.kind != "quiz"]
NUMPY = [e for e in EXERCISES if e.kind == "numpy"]
ROOT = catalog.PACKAGE_ROOT

CONTRACT = {
    "exercise01_perceptron": [
        "weighted_sum", "step", "predict", "perceptron_update", "train_perceptron",
    ],
    "exercise02_activations": [
        "sigmoid", "tanh", "relu", "softmax", "sigmoid_grad", "tanh_grad", "relu_grad",
    ],
    "exercise03_sgd": [
        "iterations_per_epoch", "minibatches", "sgd_step", "train_linear_regression",
    ],
    "exercise04_backprop": [
        "dense_forward", "dense_backward", "relu_forward", "relu_backward",
        "softmax_cross_entropy", "mlp_loss_and_grads",
    ],
    "exercise05_optimizers": ["sgd", "sgd_momentum", "adagrad", "rmsprop", "adam"],
}


# Plausible arguments for every function of exercises 01-05, so a stub is exercised as a learner would call it.
SAMPLE_ARGS = {
    "weighted_sum": (np.ones(2), np.ones(2), 0.0),
    "step": (np.zeros(3),),
    "predict": (np.ones((3, 2)), np.ones(2), 0.0),
    "perceptron_update": (np.zeros(2), 0.0, np.ones(2), 1, 0.1),
    "train_perceptron": (X_LOGIC, np.array([0, 0, 0, 1])),
    "sigmoid": (np.linspace(-2, 2, 5),),
    "tanh": (np.linspace(-2, 2, 5),),
    "relu": (np.linspace(-2, 2, 5),),
    "softmax": (np.linspace(-2, 2, 5),),
    "sigmoid_grad": (np.linspace(-2, 2, 5),),
    "tanh_grad": (np.linspace(-2, 2, 5),),
    "relu_grad": (np.linspace(-2, 2, 5),),
    "iterations_per_epoch": (10, 3),
    "minibatches": (np.ones((4, 2)), np.ones(4), 2),
    "sgd_step": ({"w": np.ones(2)}, {"w": np.ones(2)}, 0.1),
    "train_linear_regression": (np.ones((8, 2)), np.ones(8)),
    "dense_forward": (np.ones((2, 3)), np.ones((3, 4)), np.zeros(4)),
    "dense_backward": (np.ones((2, 4)), (np.ones((2, 3)), np.ones((3, 4)))),
    "relu_forward": (np.ones(3),),
    "relu_backward": (np.ones(3), np.ones(3)),
    "softmax_cross_entropy": (np.zeros((2, 3)), np.eye(3)[:2]),
    "mlp_loss_and_grads": (np.ones((2, 3)), np.eye(2), {"W1": np.ones((3, 2)), "b1": np.zeros(2)}),
    "sgd": (np.ones(3), np.ones(3)),
    "sgd_momentum": (np.ones(3), np.ones(3)),
    "adagrad": (np.ones(3), np.ones(3)),
    "rmsprop": (np.ones(3), np.ones(3)),
    "adam": (np.ones(3), np.ones(3)),
}


# Arguments for exercises 06-13, which the reference must accept too.
STUB_CALLS = {
    "to_categorical": ([0, 1],),
    "categorical_crossentropy": ([[1.0, 0.0]], [[0.5, 0.5]]),
    "binary_crossentropy": ([1.0], [0.5]),
    "mean_squared_error": ([1.0], [0.5]),
    "accuracy": ([0], [[0.9, 0.1]]),
    "normalize_images": (np.zeros((2, 3, 3)),),
    "add_channel_axis": (np.zeros((2, 3, 3)),),
    "rgb_to_grayscale": (np.zeros((2, 3, 3, 3)),),
    "stratified_split": (np.zeros((10, 2)), np.arange(10) % 2),
    "conv_output_size": (28, 3),
    "pool_output_size": (28,),
    "conv2d_param_count": (1, 16, 3),
    "dense_param_count": (10, 5),
    "summarize": ((28, 28, 1), NOTE_CNN),
    "total_params": ((28, 28, 1), NOTE_CNN),
    "conv2d_forward": (np.zeros((1, 5, 5, 1)), np.zeros((3, 3, 1, 2)), np.zeros(2)),
    "max_pool2d": (np.zeros((1, 4, 4, 1)),),
    "avg_pool2d": (np.zeros((1, 4, 4, 1)),),
    "dropout_forward": (np.ones(4), 0.5),
    "dropout_backward": (np.ones(4), np.ones(4, dtype=bool), 0.5),
}
# Arguments for exercise10 (the Keras model builders take none).
CALLBACK_ARGS = {
    "make_callbacks": ("checkpoints",),
    "checkpoint_path": ("weights.{epoch:03d}-{val_loss:.4f}.weights.h5", 0, {"val_loss": 0.5}),
    "infer_mode": ("val_loss",),
    "early_stopping_epoch": ([1.0, 0.5, 0.7], 1),
    "reduce_lr_schedule": ([1.0, 0.5, 0.7], 0.1),
}


def public_functions(module):
    """Return {name: function} for the public functions defined in module."""
    return {
        name: obj for name, obj in vars(module).items()
        if inspect.isfunction(obj) and obj.__module__ == module.__name__ and not name.startswith("_")
    }


def modules(exercise):
    """The stub and the reference solution of an exercise, imported."""
    return (importlib.import_module(f"exercises.{exercise.module_name}"),
            importlib.import_module(exercise.reference_module))


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.id)
def test_stub_and_solution_expose_the_same_signatures(exercise):
    """Stub and solution define the same functions (exactly the contract's, where listed) with identical signatures."""
    stub, ref = (public_functions(module) for module in modules(exercise))
    assert stub and stub.keys() == ref.keys()
    if exercise.module_name in CONTRACT:
        assert set(stub) == set(CONTRACT[exercise.module_name])
    for name, function in stub.items():
        assert inspect.signature(function) == inspect.signature(ref[name]), name


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.id)
def test_stub_functions_raise_not_implemented(exercise):
    """Every stub function raises NotImplementedError on plausible arguments."""
    stub, ref = modules(exercise)
    for name, function in public_functions(stub).items():
        args = {**SAMPLE_ARGS, **STUB_CALLS, **CALLBACK_ARGS}.get(name, ())
        with pytest.raises(NotImplementedError):
            result = function(*args)
            if inspect.isgenerator(result):
                list(result)
        if name in STUB_CALLS:
            getattr(ref, name)(*args)  # the reference accepts the same call


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.id)
def test_stub_source_shape(exercise):
    """A stub has a prompt naming the Korean term, docstrings, a TODO and a bare raise in every function."""
    source = exercise.stub_path.read_text(encoding="utf-8")
    assert len(source.splitlines()) < 300
    tree = ast.parse(source)
    docstring = ast.get_docstring(tree)
    assert re.search("[\uac00-\ud7a3]", docstring)
    if exercise.kind == "keras":
        assert docstring.count(exercise.term) == 1
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            assert ast.get_docstring(node), node.name
            assert "# TODO:" in ast.get_source_segment(source, node), node.name
            body = node.body[1:]
            assert len(body) == 1 and isinstance(body[0], ast.Raise), node.name
            assert ast.unparse(body[0]) == "raise NotImplementedError", node.name


@pytest.mark.parametrize("tree_name", ["exercises", "solutions"])
@pytest.mark.parametrize("exercise", NUMPY, ids=lambda e: e.id)
def test_no_tensorflow_import(tree_name, exercise):
    """NumPy stubs import only NumPy (and the standard library); their solutions never import TensorFlow or Keras."""
    path = ROOT / tree_name / exercise.filename
    tree = ast.parse(path.read_text(encoding="utf-8"))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            imported.add((node.module or "").split(".")[0])
    assert not imported & {"tensorflow", "keras"}
    if tree_name == "exercises":
        assert "numpy" in imported and imported <= {"numpy", *sys.stdlib_module_names}


def test_numpy_modules_do_not_import_tensorflow():
    """Importing every NumPy stub and solution loads neither TensorFlow nor Keras."""
    imports = "; ".join(f"import {tree}.{e.module_name}" for tree in ("exercises", "solutions") for e in NUMPY)
    loaded = "'tensorflow' in sys.modules or 'keras' in sys.modules"
    code = f"import sys; {imports}; assert not ({loaded})"
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, timeout=60)


@pytest.mark.parametrize("exercise", NUMPY, ids=lambda e: e.id)
def test_stub_examples_hold_for_the_solution(exercise):
    """The examples in the stubs' docstrings are true of the reference solution."""
    stub, ref = modules(exercise)
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE)
    report = []
    for test in doctest.DocTestFinder().find(stub):
        test.globs = dict(vars(ref))
        runner.run(test, out=report.append)
    assert runner.failures == 0, "".join(report)
