r"""Relations as text: a safe, bounded parser into sympy (:func:`parse_relation`).

A relation is one comparison (``<=``, ``<``, ``>=``, ``>``, ``==``) between two expressions over
a table's column names, written in Python syntax and read with :mod:`ast` (never ``eval``).
Only numbers, column names, the free constant, ``+ - * / **``, the functions ``abs``, ``sqrt``,
``log``, ``exp``, ``sin``, ``cos``, ``tan``, ``atan``, ``floor``, ``ceil``, ``sign``, ``min``,
``max`` and the constants ``pi`` and ``E`` are accepted. Decimal literals are exact: ``0.1`` is
:math:`1/10` and ``1e-3`` is :math:`1/1000`.

Limits
------
The work an expression can cause is bounded **before** any of it is done; an expression beyond
a limit is refused with one message naming the limit (:class:`~conjectura.exceptions.
InvalidParameterError`, exit 2 on the command line):

``MAX_LENGTH = 2000`` characters
    of the relation.
``MAX_DEPTH = 40`` levels of nesting
    (parentheses, function calls, powers); a chain of ``+``/``-`` terms, of ``*``/``/``
    factors or of unary signs counts as one level, so ``x + x + ... + x`` and ``- - - x`` of any
    length within ``MAX_LENGTH`` are accepted.
``MAX_DIGITS = 1000`` decimal digits
    in the numerator or denominator of any exact number, whether written (``1e999999999`` is
    refused from its exponent, without computing it) or computed from numbers (``9**9**9`` and
    ``2**2**2**2**2**2`` are refused from the size of the power, before it is formed).
``MAX_DEGREE = 10000``
    for the degree of the expression in its columns, where integer powers multiply the degree
    (``x**400 * y`` has degree 401; ``(x**100)**101`` is refused): it bounds the size of the exact
    value of the expression on a row.

Function calls and fractional powers are kept unevaluated (``sqrt(2)``, ``floor(exp(1000))``,
``min(x, y)``), so sympy never factors or numerically evaluates a large constant, nor compares
the arguments of ``min``/``max``, while parsing; their values are enclosed later with ``arb``
ball arithmetic or computed exactly. Within these limits parsing takes well under a second.

>>> lhs, op, rhs, symbols = parse_relation("x**400 <= 10**400 * y", ["x", "y"])
>>> op, sorted(symbols)
('<=', ['x', 'y'])
>>> parse_relation("x <= 9**9**9", ["x"])
Traceback (most recent call last):
...
conjectura.exceptions.InvalidParameterError: Cannot check 'x <= 9**9**9': the number 9**387420489 would have 369693100 digits, more than the limit of 1000 (MAX_DIGITS).
"""

from __future__ import annotations

import ast
import math
import re
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

from conjectura.exceptions import InvalidParameterError

__all__ = [
    "parse_relation",
    "FUNCTIONS",
    "CONSTANTS",
    "MAX_LENGTH",
    "MAX_DEPTH",
    "MAX_DIGITS",
    "MAX_DEGREE",
]

FUNCTIONS = ("abs", "sqrt", "log", "exp", "sin", "cos", "tan", "atan", "floor", "ceil", "sign", "min", "max")
CONSTANTS = ("pi", "E")

MAX_LENGTH = 2000
MAX_DEPTH = 40
MAX_DIGITS = 1000
MAX_DEGREE = 10_000

_COMPARISONS = {ast.LtE: "<=", ast.Lt: "<", ast.GtE: ">=", ast.Gt: ">", ast.Eq: "=="}
_ADDITIVE = (ast.Add, ast.Sub)
_MULTIPLICATIVE = (ast.Mult, ast.Div)
_FLOAT_RE = re.compile(r"^(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$")


def _sympy_funcs():
    import sympy as sp

    return {
        "abs": sp.Abs,
        "sqrt": sp.sqrt,
        "log": sp.log,
        "exp": sp.exp,
        "sin": sp.sin,
        "cos": sp.cos,
        "tan": sp.tan,
        "atan": sp.atan,
        "floor": sp.floor,
        "ceil": sp.ceiling,
        "sign": sp.sign,
        "min": sp.Min,
        "max": sp.Max,
    }


def _log10(n: int) -> float:
    return math.log10(n) if n > 0 else 0.0


def _size(e) -> float:
    """The largest :math:`\\log_{10}` of a numerator or denominator among the rational atoms of
    ``e`` (a number with :math:`d` digits has size in :math:`[d-1, d)`)."""
    import sympy as sp

    best = 0.0
    for a in e.atoms(sp.Rational):
        best = max(best, _log10(abs(int(a.p))), _log10(int(a.q)))
    return best


def _digits(size: float) -> str:
    return str(int(size) + 1) if math.isfinite(size) else "more than 10**300"


def _scaled(size: float, k: int) -> float:
    """``size * k`` without converting a huge ``k`` to a float."""
    if k < 10**300:
        return size * k
    return math.inf if size > 0 else 0.0


def _depth(tree: ast.AST) -> int:
    """Nesting depth of ``tree`` without recursion; chains of ``+ -``, of ``* /`` and of unary
    signs count as one level (they are converted without recursion)."""
    best = 0
    stack: list[tuple[ast.AST, int]] = [(tree, 0)]
    while stack:
        node, d = stack.pop()
        best = max(best, d)
        for child in ast.iter_child_nodes(node):
            same = (
                isinstance(node, ast.BinOp)
                and isinstance(child, ast.BinOp)
                and child is node.left
                and (
                    (isinstance(node.op, _ADDITIVE) and isinstance(child.op, _ADDITIVE))
                    or (isinstance(node.op, _MULTIPLICATIVE) and isinstance(child.op, _MULTIPLICATIVE))
                )
            ) or (isinstance(node, ast.UnaryOp) and isinstance(child, ast.UnaryOp))
            if isinstance(child, (ast.Name, ast.Constant)):
                continue  # a leaf is no level
            if not isinstance(child, (ast.expr_context, ast.operator, ast.unaryop, ast.cmpop)):
                stack.append((child, d if same else d + 1))
    return best


class _Converter:
    """AST -> sympy, accepting only whitelisted nodes; every node returns ``(expr, degree)``."""

    def __init__(self, expr: str, columns: Sequence[str], constant: str | None):
        import sympy as sp

        self.sp, self.expr = sp, expr
        self.columns = set(columns)
        self.constant = constant
        self.symbols: dict[str, Any] = {}
        self.funcs = _sympy_funcs()

    def bad(self, what: str):
        raise InvalidParameterError(f"Cannot check {_short(self.expr)!r}: {what}.")

    def symbol(self, name: str):
        if name not in self.symbols:
            # Columns are real numbers; naming them real lets sympy simplify abs() etc.
            self.symbols[name] = self.sp.Symbol(name, real=True)
        return self.symbols[name]

    def segment(self, node) -> str:
        return _short(ast.get_source_segment(self.expr, node) or "", 60)

    def number(self, v, node):
        """``v`` if it is a finite real number within MAX_DIGITS, else a one-line refusal."""
        sp = self.sp
        if v.has(sp.zoo, sp.nan, sp.oo, -sp.oo):
            self.bad(f"{self.segment(node)!r} is undefined (division by zero)")
        if v.is_Rational and _size(v) >= MAX_DIGITS:
            self.bad(
                f"the number {self.segment(node)} has more than {MAX_DIGITS} digits, the limit (MAX_DIGITS)"
            )
        return v

    def degree(self, d: int, node) -> int:
        if d > MAX_DEGREE:
            self.bad(
                f"{self.segment(node)!r} has degree {_short(str(d), 30)} in the columns, more than the limit of "
                f"{MAX_DEGREE} (MAX_DEGREE)"
            )
        return d

    def literal(self, node: ast.Constant):
        sp = self.sp
        value = node.value
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.bad(f"only numbers are allowed as constants, not {_short(repr(value), 40)}")
        if isinstance(value, int):
            return sp.Integer(value)
        text = (ast.get_source_segment(self.expr, node) or repr(value)).replace("_", "")
        m = _FLOAT_RE.match(text)
        if m is None:
            self.bad(f"cannot read the number {_short(text, 40)!r}")
        whole, frac, exp = m.group(1) or "", m.group(2) or "", int(m.group(3) or 0)
        digits = (whole + frac).lstrip("0")
        scale = exp - len(frac)
        # the exact value is int(digits) * 10**scale: its size is known before it is formed
        if digits and len(digits) + abs(scale) > MAX_DIGITS:
            self.bad(
                f"the number {_short(text, 40)} has more than {MAX_DIGITS} digits, the limit (MAX_DIGITS)"
            )
        if not digits:
            return sp.Integer(0)
        f = Fraction(int(digits)) * Fraction(10) ** scale
        return sp.Rational(f.numerator, f.denominator)

    def __call__(self, node) -> tuple[Any, int]:
        sp = self.sp
        if isinstance(node, ast.Constant):
            return self.literal(node), 0
        if isinstance(node, ast.Name):
            return self.name(node.id), 1
        if isinstance(node, ast.UnaryOp):
            negate = False
            while isinstance(node, ast.UnaryOp):
                if not isinstance(node.op, (ast.USub, ast.UAdd)):
                    self.bad(f"operator {type(node.op).__name__} is not allowed (use + - * / **)")
                negate ^= isinstance(node.op, ast.USub)
                node = node.operand
            v, d = self(node)
            return (-v if negate else v), d
        if isinstance(node, ast.BinOp) and isinstance(node.op, _ADDITIVE):
            terms, top = [], node
            while isinstance(node, ast.BinOp) and isinstance(node.op, _ADDITIVE):
                terms.append((node.op, node.right))
                node = node.left
            first, d = self(node)
            out = [first]
            for op, right in reversed(terms):
                v, dv = self(right)
                out.append(-v if isinstance(op, ast.Sub) else v)
                d = max(d, dv)
            return self.number_if_constant(sp.Add(*out), top), d
        if isinstance(node, ast.BinOp) and isinstance(node.op, _MULTIPLICATIVE):
            factors, top = [], node
            while isinstance(node, ast.BinOp) and isinstance(node.op, _MULTIPLICATIVE):
                factors.append((node.op, node.right))
                node = node.left
            first, d = self(node)
            out = [first]
            for op, right in reversed(factors):
                v, dv = self(right)
                if isinstance(op, ast.Div):
                    if v.is_number and v.is_zero:
                        self.bad(f"{self.segment(top)!r} is undefined (division by zero)")
                    v = v**-1
                out.append(v)
                d += dv
            return self.number_if_constant(sp.Mul(*out), top), self.degree(d, top)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Pow):
            return self.power(node)
        if isinstance(node, ast.BinOp):
            self.bad(f"operator {type(node.op).__name__} is not allowed (use + - * / **)")
        if isinstance(node, ast.Call):
            return self.call(node)
        self.bad(f"{type(node).__name__} is not allowed in a relation")

    def number_if_constant(self, v, node):
        return self.number(v, node) if v.is_number else v

    def name(self, name: str):
        sp = self.sp
        if name == self.constant or name in self.columns:
            return self.symbol(name)
        if name == "pi":
            return sp.pi
        if name == "E":
            return sp.E
        import difflib

        close = difflib.get_close_matches(name, sorted(self.columns), n=3)
        hint = f" Did you mean {', '.join(close)}?" if close else ""
        shown = ", ".join(sorted(self.columns)[:50]) + (", ..." if len(self.columns) > 50 else "")
        self.bad(f"unknown column {_short(name, 60)!r}.{hint} Columns: {shown}")

    def power(self, node: ast.BinOp):
        sp = self.sp
        base, db = self(node.left)
        ex, de = self(node.right)
        if ex.is_Integer:
            k = int(ex)
            if base.is_number:
                size = _scaled(_size(base), abs(k))
                if not base.is_Rational and abs(k) > MAX_DEGREE:
                    self.bad(
                        f"the exponent of {self.segment(node)!r} is larger than the limit of "
                        f"{MAX_DEGREE} (MAX_DEGREE) for a power of an irrational number"
                    )
                if size >= MAX_DIGITS:
                    shown = f"{_short(sp.sstr(base), 30)}**{_short(str(k), 30)}"
                    self.bad(
                        f"the number {shown} would have {_digits(size)} digits, more than the limit "
                        f"of {MAX_DIGITS} (MAX_DIGITS)"
                    )
                if base.is_zero and k < 0:
                    self.bad(f"{self.segment(node)!r} is undefined (division by zero)")
                return self.number(base**k, node), 0
            d = self.degree(abs(k) * db, node)  # before the power is formed: (2*x)**k has 2**k
            return base**k, d
        if ex.is_Rational:
            # a fractional power: its size grows like |ex| * size(base)
            scale = max(1, math.ceil(abs(Fraction(int(ex.p), int(ex.q)))))
            if base.is_number:
                size = _scaled(_size(base), scale)
                if size >= MAX_DIGITS:
                    self.bad(
                        f"the number {self.segment(node)} would have about {_digits(size)} digits, more "
                        f"than the limit of {MAX_DIGITS} (MAX_DIGITS)"
                    )
                return self.number(sp.Pow(base, ex, evaluate=False), node), 0
            d = self.degree(scale * db, node)
            return sp.Pow(base, ex, evaluate=False), d
        if base.is_number and ex.is_number:
            return sp.Pow(base, ex, evaluate=False), 0
        # a column in the exponent (or an irrational exponent): enclosed with arb on each row
        return sp.Pow(base, ex, evaluate=False), self.degree(max(db, de, 1), node)

    def call(self, node: ast.Call):
        if not isinstance(node.func, ast.Name) or node.func.id not in self.funcs:
            name = node.func.id if isinstance(node.func, ast.Name) else self.segment(node.func)
            self.bad(f"function {_short(name, 60)!r} is not allowed (allowed: {', '.join(FUNCTIONS)})")
        name = node.func.id
        if node.keywords or not node.args:
            self.bad(f"{name}() takes positional arguments only")
        want = None if name in ("min", "max") else 1
        if want is not None and len(node.args) != want:
            self.bad(f"{name}() takes exactly one argument, got {len(node.args)}")
        if name in ("min", "max") and len(node.args) < 2:
            self.bad(f"{name}() takes at least two arguments")
        parsed = [self(a) for a in node.args]
        args = [a for a, _ in parsed]
        d = max(dv for _, dv in parsed)
        f = self.funcs[name]
        if name == "sqrt":
            # unevaluated: sympy would factor the numbers in the argument (sqrt(7*(10**999+7)*x))
            return self.sp.Pow(args[0], self.sp.Rational(1, 2), evaluate=False), d
        # unevaluated: sympy's automatic simplification of a call (Min/Max comparing its
        # arguments, floor or sign evaluating a constant numerically) can take unbounded time;
        # the exact evaluators read the call as written
        return f(*args, evaluate=False), (0 if all(a.is_number for a in args) else d)


def _short(text: str, limit: int = 200) -> str:
    """``text`` cut to ``limit`` characters (messages never repeat unbounded input)."""
    return text if len(text) <= limit else text[: limit - 3] + "..."


def parse_relation(expr: str, columns: Sequence[str], *, constant: str | None = "c"):
    """Parse ``expr`` into ``(lhs, op, rhs, symbols)`` with sympy expressions, within the limits.

    Parameters
    ----------
    expr : str
        One comparison, e.g. ``"abs(2*s - t) <= c*v"``.
    columns : sequence of str
        The names that may appear (a table's columns).
    constant : str or None, default "c"
        The name of a free constant, allowed besides the columns.

    Returns
    -------
    lhs, op, rhs, symbols
        ``op`` is one of ``"<=", "<", ">=", ">", "=="``; ``symbols`` maps the names used to
        sympy symbols (real).

    Raises
    ------
    InvalidParameterError
        For anything but one comparison of allowed expressions, and for an expression beyond
        a limit (``MAX_LENGTH``, ``MAX_DEPTH``, ``MAX_DIGITS``, ``MAX_DEGREE``; see the module).

    Examples
    --------
    >>> lhs, op, rhs, _ = parse_relation("abs(2*s - t) <= c*v", ["s", "t", "v"])
    >>> op, str(rhs)
    ('<=', 'c*v')
    >>> str(parse_relation("x <= 0.1", ["x"])[2])
    '1/10'
    """
    if not isinstance(expr, str) or not expr.strip():
        raise InvalidParameterError("The relation to check is empty.")
    if len(expr) > MAX_LENGTH:
        raise InvalidParameterError(
            f"The relation to check has {len(expr)} characters, more than the limit of {MAX_LENGTH} (MAX_LENGTH)."
        )
    text = expr.strip()
    if "\x00" in text:
        raise InvalidParameterError("Cannot check the relation: it contains a NUL character.")
    try:
        tree = ast.parse(text, mode="eval")
    except SyntaxError as exc:
        raise InvalidParameterError(
            f"Cannot check {_short(text)!r}: not a valid expression ({exc.msg} at column {exc.offset})."
        ) from None
    except (RecursionError, MemoryError, ValueError):
        raise InvalidParameterError(
            f"Cannot check {_short(text)!r}: it is nested more deeply than the limit of {MAX_DEPTH} (MAX_DEPTH)."
        ) from None
    conv = _Converter(text, columns, constant)
    depth = _depth(tree.body)
    if depth > MAX_DEPTH:
        conv.bad(f"it is nested {depth} levels deep, more than the limit of {MAX_DEPTH} (MAX_DEPTH)")
    body = tree.body
    if not isinstance(body, ast.Compare):
        conv.bad("a relation needs one comparison (<=, <, >=, >, ==)")
    if len(body.ops) != 1:
        conv.bad("use exactly one comparison (write chained comparisons as two checks)")
    op = next((s for t, s in _COMPARISONS.items() if isinstance(body.ops[0], t)), None)
    if op is None:
        conv.bad(f"comparison {type(body.ops[0]).__name__} is not allowed (<=, <, >=, >, ==)")
    try:
        (lhs, _), (rhs, _) = conv(body.left), conv(body.comparators[0])
    except RecursionError:
        conv.bad(f"it is nested more deeply than can be converted (limit {MAX_DEPTH}, MAX_DEPTH)")
    return lhs, op, rhs, dict(conv.symbols)
