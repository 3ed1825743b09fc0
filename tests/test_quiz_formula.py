"""The numeric template language: what it computes, and everything it refuses to run."""
import pytest

from grader.quiz.formula import FormulaError, compile_formula, fill, format_number, placeholders


@pytest.mark.parametrize("text, env, expected", [
    ("k * k * c * f + f", {"k": 4, "c": 16, "f": 32}, 8224),
    ("ceil(n / s)", {"n": 7, "s": 2}, 4),
    ("(n - k) // s + 1", {"n": 28, "k": 4, "s": 1}, 25),
    ("floor(n / 2) ** 2 * c", {"n": 25, "c": 64}, 9216),
    ("lr / sqrt(t * g ** 2)", {"lr": 0.1, "t": 4, "g": 0.5}, 0.1),
    ("max(h, 0) + min(1, 2) + abs(-3)", {"h": -2}, 4),
    ("4 if p == 1 else 5 + p", {"p": 3}, 8),
    ("n % b != 0 and not (b > n)", {"n": 10, "b": 3}, True),
    ("1 < x <= 3", {"x": 3}, True),
    ("round(exp(0) + log(1), 2)", {}, 1.0),
])
def test_formulas_compute(text, env, expected):
    assert compile_formula(text)(env) == pytest.approx(expected)


def test_names_are_reported_without_function_names():
    assert compile_formula("ceil(n / s) + max(a, b)").names == {"n", "s", "a", "b"}


@pytest.mark.parametrize("text", [
    "__import__('os').system('echo hi')", "x.__class__", "x[0]", "'text'", "lambda: 1", "[i for i in x]",
    "open('f')", "eval('1')", "f(1)", "max(*x)", "max(x, key=abs)", "x @ y", "~x", "x << 2", "x in y",
    "x is y", "(x := 1)", "{1: 2}", "x if", "",
])
def test_everything_outside_the_whitelist_is_refused(text):
    with pytest.raises(FormulaError):
        compile_formula(text)


@pytest.mark.parametrize("text, env", [
    ("2 ** 1000", {}), ("x ** 2", {"x": 1e7}), ("1 / x", {"x": 0}), ("exp(1000)", {}), ("sqrt(-1)", {}),
    ("y", {}),
])
def test_evaluation_errors_are_formula_errors(text, env):
    with pytest.raises(FormulaError):
        compile_formula(text)(env)


def test_fill_formats_numbers_and_keeps_escaped_braces():
    env = {"n": 3, "x": 0.30000000000000004, "big": 1e-7, "e": 7, "v": 0.3}
    text = "n={n} x={x} big={big} file=weights.{e:03d}-{v:.4f} literal={{epoch:03d}}"
    assert fill(text, env) == "n=3 x=0.3 big=1e-07 file=weights.007-0.3000 literal={epoch:03d}"
    assert placeholders(text) == {"n", "x", "big", "e", "v"}


def test_format_number():
    assert [format_number(v) for v in (8224, 8224.0, 0.25, 1 / 3, True, -1.5)] == \
        ["8224", "8224", "0.25", "0.333333", "true", "-1.5"]
