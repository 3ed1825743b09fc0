"""Checks for exercise11: convolution arithmetic and parameter counts (합성곱).

Every number is compared with the reference solution, which tests/reference cross-checks
against Keras (compute_output_shape, count_params and keras.Sequential summaries); these
checks import no TensorFlow. Valid padding is only checked where the window fits (n >= k),
and random layer stacks are only ones Keras can build (grader/checklib/layer_stacks.py).
"""
import numpy as np
from hypothesis import example, given, settings, strategies as st

from grader.checklib.compare import describe
from grader.checklib.layer_stacks import Stack, layer_text, stack_text, valid_stacks
from grader.i18n import t

# The note's CNN (keras-conventions.md section 5), with the keys a learner copies from Keras.
NOTE_CNN = [
    {"type": "conv2d", "filters": 16, "kernel_size": 3, "padding": "same", "activation": "relu"},
    {"type": "conv2d", "filters": 32, "kernel_size": 4, "padding": "same", "activation": "relu"},
    {"type": "conv2d", "filters": 64, "kernel_size": 4, "padding": "valid", "activation": "relu"},
    {"type": "maxpool2d", "pool_size": 2},
    {"type": "flatten"},
    {"type": "dropout", "rate": 0.5},
    {"type": "dense", "units": 50, "activation": "relu"},
    {"type": "dense", "units": 20, "activation": "relu"},
    {"type": "dense", "units": 10, "activation": "softmax"},
]
NOTE_PARAMS = [160, 8224, 32832, 0, 0, 0, 460850, 1020, 210]
NOTE_TOTAL = 503296
# The note's MLP: Flatten(28x28) -> Dense 64 -> Dense 128 -> Dense 10.
NOTE_MLP = [{"type": "flatten"}, {"type": "dense", "units": 64}, {"type": "dense", "units": 128},
            {"type": "dense", "units": 10}]
NOTE_MLP_TOTAL = 59850


def is_number(value):
    """True for a Python or NumPy int or float (not a bool), so comparing it is safe."""
    return isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, (bool, np.bool_))


def wrong_number(value, expected):
    """True when ``value`` is a number other than ``expected`` (the case worth diagnosing)."""
    return is_number(value) and value != expected


def expect_int(value, expected, call, formula=None):
    """Fail unless ``value`` is an int (Python or NumPy) equal to ``expected`` (``formula`` shows how it is found)."""
    is_int = isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_))
    if not is_number(value):
        raise AssertionError(t("exercise11_conv_arithmetic.not_int", call=call, what=describe(value)))
    if value != expected and formula is None:
        raise AssertionError(t("exercise11_conv_arithmetic.wrong", call=call, got=repr(value), expected=expected))
    if value != expected:
        raise AssertionError(t("exercise11_conv_arithmetic.wrong_formula", call=call, got=repr(value),
                               formula=formula, expected=expected))
    if not is_int:
        raise AssertionError(t("exercise11_conv_arithmetic.float", call=call, got=repr(value)))


def with_default(call, defaults):
    """The call as a message names it, saying which defaults it relies on."""
    return t("exercise11_conv_arithmetic.with_default", call=call, defaults=defaults)


# ---------------------------------------------------------------- output sizes

def grid(max_n=12, max_k=6, max_s=4):
    """Every (n, k, s) with 1 <= k <= n <= max_n, k <= max_k and s <= max_s, then a few large ones."""
    cases = [(n, k, s) for n in range(1, max_n + 1) for k in range(1, min(n, max_k) + 1)
             for s in range(1, max_s + 1)]
    return cases + [(28, 4, 1), (28, 3, 2), (224, 7, 2), (227, 11, 4), (1000, 5, 3), (10**6, 3, 7)]


def test_conv_output_size_valid(learner, reference):
    for n, k, s in grid():
        call = f"conv_output_size({n}, {k}, {s}, 'valid')"
        formula = f"floor(({n} - {k}) / {s}) + 1"
        expected = reference.conv_output_size(n, k, s, "valid")
        got = learner.conv_output_size(n, k, s, "valid")
        fields = {"call": call, "got": repr(got), "formula": formula, "expected": expected}
        if wrong_number(got, expected) and got == n - k + 1:
            raise AssertionError(t("exercise11_conv_arithmetic.valid_stride_one", stride=s, **fields))
        if wrong_number(got, expected) and got == (n - k) // s:
            raise AssertionError(t("exercise11_conv_arithmetic.valid_without_one", **fields))
        expect_int(got, expected, call, formula)
    got = learner.conv_output_size(28, 4)
    expect_int(got, 25, t("exercise11_conv_arithmetic.with_two_defaults", call="conv_output_size(28, 4)",
                          first="stride=1", second="padding='valid'"))


def test_conv_output_size_same(learner, reference):
    for n, k, s in grid():
        call = f"conv_output_size({n}, {k}, {s}, 'same')"
        expected = reference.conv_output_size(n, k, s, "same")
        got = learner.conv_output_size(n, k, s, "same")
        formula = f"ceil({n} / {s})"
        if wrong_number(got, expected) and got == n // s:
            raise AssertionError(t("exercise11_conv_arithmetic.same_rounded_down", call=call, got=repr(got),
                                   formula=formula, expected=expected))
        expect_int(got, expected, call, formula)
    for n, k in ((28, 3), (28, 4), (7, 5)):
        expect_int(learner.conv_output_size(n, k, padding="same"), n, f"conv_output_size({n}, {k}, padding='same')")


def test_pool_output_size(learner, reference):
    # The default pool_size (2) and stride (None -> pool_size) first: MaxPool2D(2) on 25 gives 12.
    for n in (2, 3, 9, 25, 28):
        for padding in ("valid", "same"):
            expected = reference.pool_output_size(n, padding=padding)
            got = learner.pool_output_size(n, padding=padding)
            call = with_default(f"pool_output_size({n}, padding={padding!r})", "pool_size=2, stride=None")
            if wrong_number(got, expected) and got == reference.conv_output_size(n, 2, 1, padding):
                raise AssertionError(t("exercise11_conv_arithmetic.pool_stride_one", call=call, got=repr(got),
                                       expected=expected))
            expect_int(got, expected, call)
    for n, p, s in grid(max_n=12, max_k=5, max_s=3):
        for padding in ("valid", "same"):
            for stride in (None, s):
                expected = reference.pool_output_size(n, p, stride, padding)
                got = learner.pool_output_size(n, p, stride=stride, padding=padding)
                call = f"pool_output_size({n}, {p}, stride={stride}, padding={padding!r})"
                stride_one = reference.conv_output_size(n, p, 1, padding)
                if stride is None and wrong_number(got, expected) and got == stride_one:
                    raise AssertionError(t("exercise11_conv_arithmetic.pool_stride_one_size", call=call,
                                           got=repr(got), expected=expected, pool_size=p))
                expect_int(got, expected, call)
    expect_int(learner.pool_output_size(25, 2), 12, "pool_output_size(25, 2)")


# ---------------------------------------------------------------- parameter counts

KERNELS = st.one_of(st.integers(1, 7), st.tuples(st.integers(1, 7), st.integers(1, 7)))


def conv_call(in_channels, filters, kernel_size, use_bias):
    """The conv2d_param_count call as a message names it."""
    return f"conv2d_param_count({in_channels}, {filters}, {kernel_size!r}, use_bias={use_bias})"


@given(st.integers(1, 64), st.integers(1, 128), KERNELS, st.booleans())
@example(1, 16, 3, True)
@example(16, 32, 4, True)
@example(32, 64, 4, True)
@example(3, 5, (2, 3), False)
@example(4, 6, (5, 1), True)
def test_conv2d_param_count(learner, reference, in_channels, filters, kernel_size, use_bias):
    call = conv_call(in_channels, filters, kernel_size, use_bias)
    got = learner.conv2d_param_count(in_channels, filters, kernel_size, use_bias=use_bias)
    expected = reference.conv2d_param_count(in_channels, filters, kernel_size, use_bias)
    kh, kw = (kernel_size, kernel_size) if isinstance(kernel_size, int) else kernel_size
    bias = filters if use_bias else 0
    formula = f"{kh} * {kw} * {in_channels} * {filters} + {bias}"
    fields = {"call": call, "got": repr(got), "formula": formula, "expected": expected}
    if wrong_number(got, expected):
        if got == kh * kw * filters + bias and in_channels > 1:
            raise AssertionError(t("exercise11_conv_arithmetic.no_input_channels", in_channels=in_channels,
                                   kh=kh, kw=kw, **fields))
        if got == expected + filters and not use_bias:
            raise AssertionError(t("exercise11_conv_arithmetic.counted_biases", count=filters, **fields))
        if got == expected - filters and use_bias:
            raise AssertionError(t("exercise11_conv_arithmetic.no_filter_biases", count=filters, **fields))
        if kh != kw and got in (kh * kh * in_channels * filters + bias, kw * kw * in_channels * filters + bias):
            raise AssertionError(t("exercise11_conv_arithmetic.square_kernel", **fields))
    expect_int(got, expected, call, formula)
    if use_bias:  # the default
        expect_int(learner.conv2d_param_count(in_channels, filters, kernel_size), expected,
                   with_default(f"conv2d_param_count({in_channels}, {filters}, {kernel_size!r})", "use_bias=True"))


@given(st.integers(1, 10000), st.integers(1, 512), st.booleans())
@example(9216, 50, True)
@example(784, 64, True)
@example(7, 3, False)
def test_dense_param_count(learner, reference, in_features, units, use_bias):
    call = f"dense_param_count({in_features}, {units}, use_bias={use_bias})"
    got = learner.dense_param_count(in_features, units, use_bias=use_bias)
    expected = reference.dense_param_count(in_features, units, use_bias)
    fields = {"call": call, "got": repr(got), "count": units, "expected": expected}
    if wrong_number(got, expected) and got == expected + units and not use_bias:
        raise AssertionError(t("exercise11_conv_arithmetic.counted_biases", **fields))
    if wrong_number(got, expected) and got == expected - units and use_bias:
        raise AssertionError(t("exercise11_conv_arithmetic.no_unit_biases", **fields))
    expect_int(got, expected, call, f"{in_features} * {units} + {units if use_bias else 0}")
    if use_bias:
        expect_int(learner.dense_param_count(in_features, units), expected,
                   with_default(f"dense_param_count({in_features}, {units})", "use_bias=True"))


# ---------------------------------------------------------------- summaries

def summary_rows(learner, input_shape, layers):
    """The learner's summary as [(type, output_shape, params)], checked for form."""
    call = f"summarize({input_shape!r}, layers)"
    got = learner.summarize(input_shape, layers)
    if not isinstance(got, (list, tuple)) or len(got) != len(layers):
        raise AssertionError(t("exercise11_conv_arithmetic.not_rows", call=call, count=len(layers),
                               what=describe(got), stack=stack_text(input_shape, layers)))
    rows = []
    for i, row in enumerate(got):
        where = row_text(call, i, layers)
        if not isinstance(row, (list, tuple)) or len(row) != 3:
            raise AssertionError(t("exercise11_conv_arithmetic.not_row", where=where, what=describe(row)))
        kind, shape, params = row
        if not isinstance(shape, (list, tuple)):
            raise AssertionError(t("exercise11_conv_arithmetic.shape_not_tuple", where=where, what=describe(shape)))
        if any(d is None for d in shape):
            raise AssertionError(t("exercise11_conv_arithmetic.shape_batch_axis", where=where,
                                   shape=repr(tuple(shape))))
        for d in shape:
            if isinstance(d, (bool, np.bool_)) or not isinstance(d, (int, np.integer, float, np.floating)):
                raise AssertionError(t("exercise11_conv_arithmetic.shape_not_ints", where=where, shape=repr(shape)))
        rows.append((kind, tuple(shape), params))
    return call, rows


def row_text(call, index, layers):
    """A row of the learner's summary as a message names it."""
    return t("exercise11_conv_arithmetic.row", index=index, call=call, layer=layer_text(layers[index]))


def compare_rows(call, rows, expected, input_shape, layers):
    """Fail at the first row that differs from the reference, naming the layer."""
    for i, (row, want) in enumerate(zip(rows, expected)):
        where = row_text(call, i, layers)
        kind, shape, params = row
        if not isinstance(kind, str) or kind != want[0]:
            raise AssertionError(t("exercise11_conv_arithmetic.wrong_type", where=where, got=repr(kind),
                                   expected=repr(want[0])))
        if tuple(shape) != want[1]:
            inputs = expected[i - 1][1] if i else tuple(input_shape)
            raise AssertionError(t("exercise11_conv_arithmetic.wrong_shape", where=where, got=repr(tuple(shape)),
                                   expected=repr(want[1]), inputs=repr(inputs), stack=stack_text(input_shape, layers)))
        if not all(isinstance(d, (int, np.integer)) for d in shape):
            raise AssertionError(t("exercise11_conv_arithmetic.float_shape", where=where, shape=repr(tuple(shape))))
        expect_int(params, want[2], t("exercise11_conv_arithmetic.row_params", where=where,
                                      stack=stack_text(input_shape, layers)))


def test_summarize_note_cnn(learner, reference):
    for layers in (NOTE_CNN, [l for l in NOTE_CNN if l["type"] != "dropout"]):
        call, rows = summary_rows(learner, (28, 28, 1), layers)
        expected = reference.summarize((28, 28, 1), layers)
        for i, want in enumerate(NOTE_PARAMS[:3]):
            if not is_number(rows[i][2]) or rows[i][2] != want:
                raise AssertionError(t("exercise11_conv_arithmetic.note_cnn_params", index=i, call=call,
                                       layer=layer_text(layers[i]), got=repr(rows[i][2]), expected=want))
        compare_rows(call, rows, expected, (28, 28, 1), layers)


@settings(max_examples=60)
@given(valid_stacks())
@example(Stack((9, 9, 3), [{"type": "maxpool2d"}, {"type": "flatten"}, {"type": "dense", "units": 4}]))
@example(Stack((28, 28, 1), [{"type": "conv2d", "filters": 8, "kernel_size": 5, "strides": 2},
                             {"type": "avgpool2d", "pool_size": 3, "strides": None, "padding": "same"}]))
@example(Stack((12, 7, 2), [{"type": "conv2d", "filters": 3, "kernel_size": (2, 3), "strides": (2, 1),
                            "padding": "same"}, {"type": "flatten"}]))
def test_summarize_random_stacks(learner, reference, stack):
    input_shape, layers = stack
    call, rows = summary_rows(learner, input_shape, layers)
    compare_rows(call, rows, reference.summarize(input_shape, layers), input_shape, layers)


# The note's models, each with the message key of its name.
NOTE_TOTALS = {"exercise11_conv_arithmetic.note_cnn": ((28, 28, 1), NOTE_CNN, NOTE_TOTAL),
               "exercise11_conv_arithmetic.note_mlp": ((28, 28), NOTE_MLP, NOTE_MLP_TOTAL)}


@settings(max_examples=30)
@given(valid_stacks())
@example(Stack((28, 28, 1), NOTE_CNN))
@example(Stack((28, 28), NOTE_MLP))
def test_total_params(learner, reference, stack):
    input_shape, layers = stack
    call = t("exercise11_conv_arithmetic.total_call", shape=repr(input_shape), stack=stack_text(input_shape, layers))
    expected = reference.total_params(input_shape, layers)
    for name, (note_shape, note_layers, total) in NOTE_TOTALS.items():
        if (input_shape, layers) == (note_shape, note_layers):
            assert expected == total
            call = t("exercise11_conv_arithmetic.total_call_note", shape=repr(input_shape), name=t(name))
    expect_int(learner.total_params(input_shape, layers), expected, call,
               t("exercise11_conv_arithmetic.per_layer_sum"))
