"""Checks for $id: $title (one test_<check id> function per [[exercise.check]] of its catalog entry)."""
import numpy as np
from hypothesis import given, strategies as st
from hypothesis.extra import numpy as hnp

from grader.checklib.compare import assert_close
from grader.i18n import t

ARRAYS = hnp.arrays(np.float64, hnp.array_shapes(max_dims=2, max_side=5), elements=st.floats(-100, 100))


@given(ARRAYS, st.floats(-10, 10))
def test_scale(learner, reference, x, factor):
    call = t("$module.call", factor=factor, shape=x.shape)
    assert_close(learner.scale(x, factor), reference.scale(x, factor), call=call, float_result=True)
