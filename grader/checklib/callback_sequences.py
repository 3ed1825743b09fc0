"""Metric curves and pinned cases for exercise10's checks, on which float32 and float64 agree.

Keras compares metric values in float32, so the generated sequences are ones on which float32 and
float64 agree (CURRICULUM.md): multiples of 2**-15 below 8 (exact in float32, and no difference of
them lies within 1e-6 of any min_delta used here), or 4-decimal values with min_delta 0.
tests/reference/test_reference_exercise10_callbacks.py proves the reference equal to the real callbacks on
these same strategies and cases.
"""
import numpy as np
from hypothesis import example, strategies as st

GRID = 2.0 ** -15  # exact in float32 for values below 2**8
# Steps in grid units; pairs straddle the min_delta values used here (3/4 units around 1e-4,
# 32/33 around 1e-3, 327/328 around 0.01; 1024 = 1/32 and 4096 = 1/8 hit those exactly).
GRID_STEPS = [-4096, -1024, -328, -327, -33, -32, -4, -3, -1, 0, 0, 0, 1, 3, 4, 32, 33, 327, 328, 1024, 4096]
DECIMAL_STEPS = [-500, -37, -5, -1, 0, 0, 0, 1, 5, 37, 500]  # in units of 1e-4
ANY_DELTA = [0.0, 1e-4, 1e-3, 0.01, 1 / 32, 1 / 8]


@st.composite
def grid_curve(draw, min_size=1, max_size=20):
    """A metric curve on the 2**-15 grid: a random walk of small and large steps, plateaus and ties."""
    start = draw(st.integers(0, 2 ** 16))
    steps = draw(st.lists(st.sampled_from(GRID_STEPS), min_size=min_size - 1, max_size=max_size - 1))
    return [float(u) * GRID for u in np.cumsum([start, *steps])]


@st.composite
def decimal_curve(draw, min_size=1, max_size=20):
    """A metric curve of 4-decimal values (as a logged loss looks), for min_delta 0 only."""
    start = draw(st.integers(0, 20000))
    steps = draw(st.lists(st.sampled_from(DECIMAL_STEPS), min_size=min_size - 1, max_size=max_size - 1))
    return [int(t) / 10000 for t in np.cumsum([start, *steps])]


@st.composite
def curve_and_delta(draw, deltas=tuple(ANY_DELTA), max_size=20):
    """``(values, min_delta)`` on which float32 and float64 comparisons agree."""
    min_delta = draw(st.sampled_from(deltas))
    curves = [grid_curve(max_size=max_size)] + ([decimal_curve(max_size=max_size)] if min_delta == 0 else [])
    return draw(st.one_of(curves)), min_delta


# Pinned cases (the research doc's worked examples and the classic mistakes), in the checks' argument
# order; tests/reference proves the reference equal to Keras on them as well.
NOTE_CURVE = [1.0, 0.9, 0.95, 0.9, 0.89, 0.91, 0.92, 0.93]
EARLY_STOPPING_EXAMPLES = [  # (values, patience)
    (NOTE_CURVE, 2),  # the tie 0.9 == 0.9 is no improvement: stops at 3
    (NOTE_CURVE, 3),
    ([1.0, 1.1, 1.2], 0),  # never at epoch 0
    ([0.5], 0),
]
EARLY_STOPPING_OPTION_EXAMPLES = [  # ((values, min_delta), patience, mode)
    ((NOTE_CURVE, 0.05), 2, "min"),
    (([0.5, 0.6, 0.6, 0.55, 0.58, 0.7], 0.0), 2, "max"),
    (([0.5, 0.625, 0.65625, 0.6875, 0.75, 0.71875], 1 / 16), 1, "max"),
]
REDUCE_LR_EXAMPLES = [  # (values, lr, factor or None, patience or None)
    ([1.0] * 14, 0.1, None, None),  # the default patience is 10
    ([1.0 - 5e-5 * i for i in range(8)], 0.1, 0.1, 2),  # steps below the default min_delta=1e-4
    ([1.0, 0.9, 0.95, 0.96, 0.85, 0.86, 0.87, 0.88, 0.89], 0.1, 0.2, 2),
]
REDUCE_LR_OPTION_EXAMPLES = [  # ((values, min_delta or None), mode, min_lr, lr, factor, patience)
    (([1.0] * 10, 0.0), "min", 0.01, 0.1, 0.5, 2),
    (([0.5, 0.6, 0.6, 0.6, 0.6, 0.7, 0.7, 0.7], 0.0), "max", 0.0, 0.1, 0.1, 1),
    (([1.0, 0.9, 0.95, 0.96, 0.85, 0.86, 0.87, 0.88, 0.89, 0.9], None), "min", 0.001, 0.1, 0.2, 2),
]


def examples(cases):
    """Pin every case with hypothesis's @example."""
    def decorate(function):
        for case in reversed(cases):
            function = example(*case)(function)
        return function
    return decorate


# The other arguments of reduce_lr_schedule.
LEARNING_RATES = st.sampled_from([0.1, 0.01, 0.001, 0.05, 1.0])
FACTORS = st.sampled_from([0.1, 0.5, 0.2, 0.25, 0.8])
# At most 15 reductions (16 values), so Keras's float32 rate stays within rtol 1e-6 of float64.
SHORT = 16
