"""Small feedback details: the smallest failing input names its arguments in the call's order; numbers
that are plain ints are shown as ints; counts agree with their nouns."""
import numpy as np

from grader.checklib.compare import assert_equal


def test_the_smallest_failing_input_names_arguments_in_the_calls_order(grade):
    result = grade("exercise01", """
        def perceptron_update(w, b, x, y, lr):
            error = int(step(weighted_sum(x, w, b))) - y
            return w + lr * error * np.asarray(x), b + lr * error
    """, checks=["perceptron_update"])
    message = result.get("perceptron_update").message
    example = message.split("Smallest failing input:\n", 1)[1]
    assert example.startswith("case=UpdateInputs(w="), example
    assert example.index("w=") < example.index("b=") < example.index("x=") < example.index("y=") < example.index("lr=")


def test_a_plain_int_is_shown_as_an_int():
    try:
        assert_equal(4, np.int64(3), call="f()")
    except AssertionError as failure:
        text = str(failure)
    assert "array(" not in text and "int64" not in text and "3" in text and "4" in text, text


def test_one_sample_is_singular(grade):
    result = grade("exercise03", """
        def minibatches(X, y, batch_size, shuffle=True, seed=None):
            return [(X[i:i + batch_size], y[i:i + batch_size]) for i in range(0, len(X) - 1, batch_size)]
    """, checks=["minibatches_cover"])
    message = result.get("minibatches_cover").message
    assert "with 1 sample" in message and "1 samples" not in message, message
