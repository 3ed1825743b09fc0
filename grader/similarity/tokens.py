"""Python source as a stream of normalised tokens, the unit similarity is measured in.

The tokenizer gives each token's line; the AST says which strings are docstrings and which names
come from imports. Comments, docstrings, blank lines and spacing vanish; every number becomes ``N``
and every other string ``S``; a name the learner chose (a variable, a parameter, a helper) becomes
``V``, so renaming changes nothing. Names that carry meaning stay: keywords, builtins, attributes
(``.exp``, ``.shape``), the functions the contract fixes (``keep``) and imported modules under their
real name (``import numpy as npy`` reads as ``numpy``). Statement ends and indentation stay as
``;``, ``{`` and ``}``, so structure counts but layout does not.
"""
import ast
import builtins
import io
import keyword
import tokenize
from dataclasses import dataclass

NAME, NUMBER, STRING = "V", "N", "S"
_KEEP = frozenset(dir(builtins)) | frozenset(keyword.kwlist) | frozenset(keyword.softkwlist)
_SKIP = {tokenize.COMMENT, tokenize.NL, tokenize.ENCODING, tokenize.ENDMARKER}
_STRUCTURE = {tokenize.NEWLINE: ";", tokenize.INDENT: "{", tokenize.DEDENT: "}"}


class Unparsable(ValueError):
    """Source that is not valid Python; the message says where."""


@dataclass(frozen=True)
class Token:
    """One normalised token and the 1-based line of the original source it came from."""

    text: str
    line: int


def _docstring_starts(tree):
    """(line, column) where each docstring of the module, its classes and functions begins."""
    starts = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) \
                    and isinstance(first.value.value, str):
                starts.add((first.value.lineno, first.value.col_offset))
    return starts


def _imported_names(tree):
    """{name bound by an import: the real name} (``np`` → ``numpy``, ``from math import sqrt as r`` → ``sqrt``)."""
    names = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                top = alias.name.split(".")[0]  # 'import numpy.linalg' binds numpy
                names[alias.asname or top] = alias.name if alias.asname else top
        elif isinstance(node, ast.ImportFrom):
            for alias in node.names:
                names[alias.asname or alias.name] = alias.name
    return names


def normalise(source, keep=frozenset()):
    """The normalised tokens of ``source``; raises :class:`Unparsable` when it is not Python."""
    try:
        tree = ast.parse(source)
        raw = list(tokenize.generate_tokens(io.StringIO(source).readline))
    except (SyntaxError, ValueError, RecursionError, MemoryError, tokenize.TokenError) as exc:  # any text at all
        raise Unparsable(f"line {getattr(exc, 'lineno', None) or '?'}: {getattr(exc, 'msg', exc)}") from None
    docstrings, imported = _docstring_starts(tree), _imported_names(tree)
    tokens, previous, after_docstring = [], None, False
    for tok in raw:
        token_type, text, (line, column) = tok.type, tok.string, tok.start
        if token_type == tokenize.STRING and (line, column) in docstrings:
            after_docstring = True
            continue
        if token_type in _SKIP or (token_type == tokenize.NEWLINE and after_docstring):
            continue
        after_docstring = False
        if token_type in _STRUCTURE:
            out = _STRUCTURE[token_type]
        elif token_type == tokenize.NUMBER:
            out = NUMBER
        elif token_type == tokenize.STRING:
            out = STRING
        elif token_type == tokenize.NAME:
            if previous == ".":
                out = text
            elif text in imported:
                out = imported[text]
            else:
                out = text if text in _KEEP or text in keep else NAME
        else:
            out = text
        tokens.append(Token(out, line))
        previous = out
    return tokens
