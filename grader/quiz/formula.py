"""A tiny, safe formula language for numeric question templates, and ``{name}`` text filling.

Formulas are Python expression syntax restricted by an AST whitelist: numbers, names of the
question's parameters, ``+ - * / // % **``, comparisons, ``and``/``or``/``not``, ``a if c else b``
and the functions in :data:`FUNCTIONS`. Nothing else parses (no attributes, subscripts, strings,
lambdas, comprehensions or other calls), and nothing is ever passed to ``eval``.
"""
import ast
import math
import operator
import re
from dataclasses import dataclass


class FormulaError(ValueError):
    """A formula that does not parse, uses something outside the whitelist, or fails to evaluate."""


def _pow(base, exponent):
    if abs(exponent) > 64 or abs(base) > 1e6:
        raise FormulaError(f"{base} ** {exponent} is out of range (|exponent| <= 64, |base| <= 1e6)")
    return base ** exponent


def _exp(x):
    if x > 700:
        raise FormulaError(f"exp({x}) overflows")
    return math.exp(x)


FUNCTIONS = {"min": min, "max": max, "abs": abs, "round": round, "ceil": math.ceil, "floor": math.floor,
             "sqrt": math.sqrt, "exp": _exp, "log": math.log}
_BINARY = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv,
           ast.FloorDiv: operator.floordiv, ast.Mod: operator.mod, ast.Pow: _pow}
_UNARY = {ast.USub: operator.neg, ast.UAdd: operator.pos, ast.Not: operator.not_}
_COMPARE = {ast.Lt: operator.lt, ast.LtE: operator.le, ast.Gt: operator.gt, ast.GtE: operator.ge,
            ast.Eq: operator.eq, ast.NotEq: operator.ne}


@dataclass(frozen=True)
class Formula:
    """A parsed, whitelisted expression; ``names`` are the variables it reads."""

    text: str
    tree: ast.Expression
    names: frozenset

    def __call__(self, env):
        """The formula's value with the variables in ``env``."""
        try:
            value = _eval(self.tree.body, env)
        except FormulaError:
            raise
        except (ArithmeticError, ValueError, TypeError) as exc:
            raise FormulaError(f"'{self.text}' fails: {exc}") from None
        if isinstance(value, float) and not math.isfinite(value):
            raise FormulaError(f"'{self.text}' is not finite ({value})")
        return value


_NODES = (ast.Expression, ast.BinOp, ast.UnaryOp, ast.BoolOp, ast.Compare, ast.IfExp, ast.Call, ast.Name,
          ast.Constant, ast.Load, ast.operator, ast.unaryop, ast.cmpop, ast.boolop)


def _check(node, text):
    """Reject every node outside the whitelist; returns the variable names used."""
    names = set()
    for child in ast.walk(node):
        if not isinstance(child, _NODES):
            raise FormulaError(f"'{text}': {type(child).__name__} is not allowed in a formula")
        if isinstance(child, ast.Name) and child.id not in FUNCTIONS:
            names.add(child.id)
        elif isinstance(child, ast.Call):
            if not isinstance(child.func, ast.Name) or child.func.id not in FUNCTIONS:
                raise FormulaError(f"'{text}': only {', '.join(sorted(FUNCTIONS))} can be called")
            if child.keywords or not child.args or any(isinstance(a, ast.Starred) for a in child.args):
                raise FormulaError(f"'{text}': call functions with plain positional arguments")
        elif isinstance(child, ast.Constant) and type(child.value) not in (int, float, bool):
            raise FormulaError(f"'{text}': only numbers are allowed as constants")
        elif isinstance(child, ast.BinOp) and type(child.op) not in _BINARY \
                or isinstance(child, ast.UnaryOp) and type(child.op) not in _UNARY \
                or isinstance(child, ast.Compare) and any(type(op) not in _COMPARE for op in child.ops):
            op = child.ops[0] if isinstance(child, ast.Compare) else child.op
            raise FormulaError(f"'{text}': operator {type(op).__name__} is not allowed")
    return names


def compile_formula(text):
    """Parse and whitelist ``text``; raises FormulaError with the reason."""
    if isinstance(text, bool) or not isinstance(text, str | int | float):
        raise FormulaError(f"a formula must be a string or a number, not {type(text).__name__}")
    text = str(text)
    if len(text) > 500:
        raise FormulaError("formula longer than 500 characters")
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError as exc:
        raise FormulaError(f"'{text}' is not a valid formula: {exc.msg}") from None
    return Formula(text, tree, frozenset(_check(tree, text)))


def _eval(node, env):
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.Name):
        if node.id not in env:
            raise FormulaError(f"unknown name '{node.id}'")
        return env[node.id]
    if isinstance(node, ast.BinOp):
        return _BINARY[type(node.op)](_eval(node.left, env), _eval(node.right, env))
    if isinstance(node, ast.UnaryOp):
        return _UNARY[type(node.op)](_eval(node.operand, env))
    if isinstance(node, ast.BoolOp):
        values = (_eval(v, env) for v in node.values)
        return all(values) if isinstance(node.op, ast.And) else any(values)
    if isinstance(node, ast.Compare):
        left = _eval(node.left, env)
        for op, right_node in zip(node.ops, node.comparators):
            right = _eval(right_node, env)
            if not _COMPARE[type(op)](left, right):
                return False
            left = right
        return True
    if isinstance(node, ast.IfExp):
        return _eval(node.body, env) if _eval(node.test, env) else _eval(node.orelse, env)
    if isinstance(node, ast.Call):
        return FUNCTIONS[node.func.id](*(_eval(a, env) for a in node.args))
    raise FormulaError(f"{type(node).__name__} is not allowed")  # unreachable after _check


def format_number(value):
    """A number as a person writes it: integers without '.0', others with 6 significant digits."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return f"{value:.6g}"


_FIELD = re.compile(r"\{\{|\}\}|\{([A-Za-z_]\w*)(?::([^{}]*))?\}")


def placeholders(template):
    """Names used as ``{name}`` or ``{name:spec}`` in a text template (``{{``/``}}`` are literal braces)."""
    return {m.group(1) for m in _FIELD.finditer(template) if m.group(1)}


def template_fields(template):
    """The ``{name}`` and ``{name:spec}`` fields of a text template as written (literal braces excluded)."""
    return {m.group(0) for m in _FIELD.finditer(template) if m.group(1)}


def fill(template, env):
    """Replace ``{name}`` with ``format_number(env[name])`` and ``{name:spec}`` with ``format(value, spec)``."""
    def substitute(match):
        if match.group(0) in ("{{", "}}"):
            return match.group(0)[0]
        value = env[match.group(1)]
        spec = match.group(2)
        if spec:
            try:
                return format(value, spec)
            except (ValueError, TypeError) as exc:
                raise FormulaError(f"cannot format {match.group(1)}={value!r} with '{spec}': {exc}") from None
        return format_number(value) if isinstance(value, int | float) else str(value)

    return _FIELD.sub(substitute, template)
