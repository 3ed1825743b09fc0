"""A check draws the same examples whatever its body says: its seed comes from its name."""
from hypothesis import given, strategies as st

from grader.runner import plugin


def drawn(check):
    seen = []
    check(seen)
    return seen


def make(variant):
    """Two checks with the same strategy and different bodies (as after rewording a message)."""
    if variant == "short":
        @given(st.integers(-10**6, 10**6))
        def test_check(seen, x):
            seen.append(x)
    else:
        @given(st.integers(-10**6, 10**6))
        def test_check(seen, x):
            message = f"a reworded message about {x}"  # noqa: F841 - only the source text differs
            seen.append(x)
    return test_check


def test_the_examples_follow_the_name_not_the_source():
    first = drawn(plugin.seed_by_name(make("short"), "exercise03_sgd::test_check"))
    second = drawn(plugin.seed_by_name(make("long"), "exercise03_sgd::test_check"))
    other = drawn(plugin.seed_by_name(make("short"), "exercise03_sgd::test_other"))
    assert first == second and first != other
