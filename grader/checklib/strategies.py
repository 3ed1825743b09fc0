"""Hypothesis strategies shared by the checks: arrays of both float dtypes, shapes, labels."""
import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

FLOAT_DTYPES = (np.float32, np.float64)


def float_dtypes():
    """float32 or float64."""
    return st.sampled_from(FLOAT_DTYPES)


def shapes(min_dims=0, max_dims=3, min_side=0, max_side=5):
    """Array shapes, including scalars and empty axes when the bounds allow."""
    return hnp.array_shapes(min_dims=min_dims, max_dims=max_dims, min_side=min_side, max_side=max_side)


def float_arrays(shape=None, bound=10.0, dtype=None, **shape_kwargs):
    """Finite float32/float64 arrays with values in ``[-bound, bound]``."""
    if shape is None:
        shape = shapes(**shape_kwargs)
    elif not isinstance(shape, st.SearchStrategy):
        shape = st.just(shape)

    @st.composite
    def build(draw):
        float_type = draw(float_dtypes()) if dtype is None else dtype
        the_shape = draw(shape)
        width = 32 if float_type == np.float32 else 64
        elements = st.floats(-bound, bound, width=width, allow_nan=False, allow_infinity=False,
                             allow_subnormal=False)
        return draw(hnp.arrays(float_type, the_shape, elements=elements))

    return build()


def small_ints(min_value=-5, max_value=5):
    """Small integers, where sums in any order are exact."""
    return st.integers(min_value, max_value)


def int_matrices(rows, cols, min_value=-3, max_value=3):
    """Integer-valued float64 matrices (exact under any summation order)."""
    return hnp.arrays(np.float64, (rows, cols), elements=st.integers(min_value, max_value).map(float))
