"""Check a candidate relation against a table: ``conjectura check TABLE "EXPR"``.

A relation is written over the table's columns with one comparison, for example the
inequality of Davies, Juhász, Lackenby and Tomasev,

.. math::

    |2\\sigma(K) - \\mathrm{slope}(K)| \\le c \\, \\mathrm{vol}(K) \\, \\mathrm{inj}(K)^{-3},

written ``abs(2*signature - slope) <= c * volume * injectivity_radius**-3``. The name ``c``
(or the one given as ``constant=``) is a free constant. When it is present, the checker finds
the **smallest** ``c`` for which the relation holds on every tested row, exactly as a function of
the row: the relation is rearranged symbolically (sympy) to ``A(row)*c + B(row) <= 0``, so
each row asks ``c >= -B/A`` (when ``A < 0``) or ``c <= -B/A`` (when ``A > 0``); the fitted
constant is the largest lower bound, and rows whose upper bound lies below it are violations
that no ``c`` repairs. With ``c`` fixed by the caller, or absent, the rows where the relation
fails are the violations.

Parsing is safe: the expression is read with Python's :mod:`ast` (never ``eval``), only
numbers, column names, ``+ - * / **``, one comparison and a whitelist of functions (``abs``,
``sqrt``, ``log``, ``exp``, ``sin``, ``cos``, ``tan``, ``atan``, ``floor``, ``ceil``, ``sign``,
``min``, ``max``) and constants (``pi``, ``E``) are accepted, and each node is turned into a
sympy expression. Rows lacking a column (missing value) and rows where an expression is
undefined (division by zero, log of a negative) are counted separately and never silently
dropped.

References
----------
A. Davies, A. Juhász, M. Lackenby, N. Tomasev, "The signature and cusp geometry of hyperbolic
knots", Geometry & Topology (2024), arXiv:2111.15323, Theorem 1.1.
"""

from __future__ import annotations

import ast
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from conjectura.exceptions import InvalidParameterError

__all__ = ["parse_relation", "check_relation", "RelationCheck", "FUNCTIONS"]

FUNCTIONS = ("abs", "sqrt", "log", "exp", "sin", "cos", "tan", "atan", "floor", "ceil", "sign", "min", "max")
_CONSTANTS = ("pi", "E")


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


class _Converter:
    """AST -> sympy, accepting only whitelisted nodes."""

    def __init__(self, expr: str, columns: Sequence[str], constant: str | None):
        import sympy as sp

        self.sp, self.expr = sp, expr
        self.columns = set(columns)
        self.constant = constant
        self.symbols: dict[str, Any] = {}
        self.funcs = _sympy_funcs()

    def bad(self, what: str):
        raise InvalidParameterError(f"Cannot check {self.expr!r}: {what}.")

    def symbol(self, name: str):
        if name not in self.symbols:
            # Columns are real numbers; naming them real lets sympy simplify abs() etc.
            self.symbols[name] = self.sp.Symbol(name, real=True)
        return self.symbols[name]

    def __call__(self, node):
        sp = self.sp
        if isinstance(node, ast.Expression):
            return self(node.body)
        if isinstance(node, ast.Constant):
            if isinstance(node.value, bool) or not isinstance(node.value, (int, float)):
                self.bad(f"only numbers are allowed as constants, not {node.value!r}")
            # Decimal literals are read exactly: 0.1 is 1/10, not the nearest double.
            return (
                sp.Integer(node.value)
                if isinstance(node.value, int)
                else sp.Rational(ast.get_source_segment(self.expr, node) or repr(node.value))
            )
        if isinstance(node, ast.Name):
            name = node.id
            if name == self.constant:
                return self.symbol(name)
            if name in self.columns:
                return self.symbol(name)
            if name == "pi":
                return sp.pi
            if name == "E":
                return sp.E
            import difflib

            close = difflib.get_close_matches(name, sorted(self.columns), n=3)
            hint = f" Did you mean {', '.join(close)}?" if close else ""
            self.bad(f"unknown column {name!r}.{hint} Columns: {', '.join(sorted(self.columns))}")
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
            v = self(node.operand)
            return -v if isinstance(node.op, ast.USub) else v
        if isinstance(node, ast.BinOp):
            a, b = self(node.left), self(node.right)
            ops = {
                ast.Add: lambda: a + b,
                ast.Sub: lambda: a - b,
                ast.Mult: lambda: a * b,
                ast.Div: lambda: a / b,
                ast.Pow: lambda: a**b,
            }
            for t, f in ops.items():
                if isinstance(node.op, t):
                    return f()
            self.bad(f"operator {type(node.op).__name__} is not allowed (use + - * / **)")
        if isinstance(node, ast.Call):
            if not isinstance(node.func, ast.Name) or node.func.id not in self.funcs:
                name = node.func.id if isinstance(node.func, ast.Name) else ast.dump(node.func)
                self.bad(f"function {name!r} is not allowed (allowed: {', '.join(FUNCTIONS)})")
            if node.keywords or not node.args:
                self.bad(f"{node.func.id}() takes positional arguments only")
            args = [self(a) for a in node.args]
            return self.funcs[node.func.id](*args)
        self.bad(f"{type(node).__name__} is not allowed in a relation")


def parse_relation(expr: str, columns: Sequence[str], *, constant: str | None = "c"):
    """Parse ``expr`` into ``(lhs, op, rhs, symbols)`` with sympy expressions.

    ``op`` is one of ``"<=", "<", ">=", ">", "=="``; ``symbols`` maps names to sympy symbols.
    A bare expression without comparison is an error (a relation must say what should hold).

    >>> lhs, op, rhs, _ = parse_relation("abs(2*s - t) <= c*v", ["s", "t", "v"])
    >>> op, str(rhs)
    ('<=', 'c*v')
    """
    if not isinstance(expr, str) or not expr.strip():
        raise InvalidParameterError("The relation to check is empty.")
    if len(expr) > 2000:
        raise InvalidParameterError("The relation to check is longer than 2000 characters.")
    try:
        tree = ast.parse(expr.strip(), mode="eval")
    except SyntaxError as exc:
        raise InvalidParameterError(
            f"Cannot check {expr!r}: not a valid expression ({exc.msg} at column {exc.offset})."
        ) from None
    conv = _Converter(expr.strip(), columns, constant)
    body = tree.body
    if not isinstance(body, ast.Compare):
        conv.bad("a relation needs one comparison (<=, <, >=, >, ==)")
    if len(body.ops) != 1:
        conv.bad("use exactly one comparison (write chained comparisons as two checks)")
    ops = {ast.LtE: "<=", ast.Lt: "<", ast.GtE: ">=", ast.Gt: ">", ast.Eq: "=="}
    op = next((s for t, s in ops.items() if isinstance(body.ops[0], t)), None)
    if op is None:
        conv.bad(f"comparison {type(body.ops[0]).__name__} is not allowed (<=, <, >=, >, ==)")
    lhs, rhs = conv(body.left), conv(body.comparators[0])
    return lhs, op, rhs, dict(conv.symbols)


# -- numeric evaluation of a sympy tree over numpy columns (no lambdify, no eval) --------------
def _evaluate(e, env: dict[str, np.ndarray], n: int) -> np.ndarray:
    import sympy as sp

    if e.is_Symbol:
        return env[e.name]
    if e.is_Number or e in (sp.pi, sp.E):
        return np.full(n, float(e))
    args = [_evaluate(a, env, n) for a in e.args]
    if e.is_Add:
        return np.sum(args, axis=0)
    if e.is_Mul:
        return np.prod(args, axis=0)
    if e.is_Pow:
        base, ex = args
        with np.errstate(all="ignore"):
            return np.power(base, ex)
    table = {
        sp.Abs: np.abs,
        sp.sqrt: np.sqrt,
        sp.log: np.log,
        sp.exp: np.exp,
        sp.sin: np.sin,
        sp.cos: np.cos,
        sp.tan: np.tan,
        sp.atan: np.arctan,
        sp.floor: np.floor,
        sp.ceiling: np.ceil,
        sp.sign: np.sign,
    }
    for f, g in table.items():
        if isinstance(e, f):
            with np.errstate(all="ignore"):
                return g(args[0])
    if isinstance(e, sp.Min):
        return np.min(args, axis=0)
    if isinstance(e, sp.Max):
        return np.max(args, axis=0)
    raise InvalidParameterError(f"Cannot evaluate {e} numerically.")


@dataclass
class RelationCheck:
    """The outcome of :func:`check_relation`.

    Attributes
    ----------
    relation : str
        The relation as given.
    normal_form : str
        ``A*c + B <= 0`` (or the relation itself when it has no constant), as sympy prints it.
    n_rows : int
        Rows in the table.
    n_tested : int
        Rows on which the relation was evaluated.
    n_missing : int
        Rows lacking a value in a column the relation uses.
    missing_by_column : dict
        Column -> number of rows where it is missing.
    n_undefined : int
        Rows where an expression is undefined (division by zero, ...).
    constant : str or None
        Name of the free constant.
    c : float or None
        The fitted smallest constant (or the one given).
    c_fitted : bool
    n_violations : int
        Rows where the relation fails (with the fitted or given ``c``).
    violations : list of dict
        The worst violations (at most ``top``), with the row's columns and its margin.
    tightest : list of dict
        The rows that determine ``c`` (largest required ``c``), or where the relation holds
        with the least margin.
    quantiles : dict
        For a fitted ``c``: the constant that covers 50%, 90%, 99% of the rows.
    """

    relation: str
    normal_form: str
    n_rows: int
    n_tested: int
    n_missing: int
    missing_by_column: dict
    n_undefined: int
    constant: str | None
    c: float | None
    c_fitted: bool
    n_violations: int
    violations: list = field(default_factory=list)
    tightest: list = field(default_factory=list)
    quantiles: dict = field(default_factory=dict)
    strict: bool = False
    note: str = ""

    @property
    def holds(self) -> bool:
        """True when no tested row violates the relation (and at least one was tested)."""
        return self.n_tested > 0 and self.n_violations == 0

    def to_dict(self) -> dict:
        """Every attribute, plus ``holds``."""
        from dataclasses import asdict

        d = asdict(self)
        d["holds"] = self.holds
        return d

    def summary(self) -> str:
        parts = [
            f"{self.relation}: tested {self.n_tested} of {self.n_rows} rows "
            f"({self.n_missing} lacking a column"
            + (f": {self.missing_by_column}" if self.missing_by_column else "")
            + f", {self.n_undefined} undefined)."
        ]
        if self.constant and self.c is not None:
            how = "smallest constant that makes it hold" if self.c_fitted else "given constant"
            parts.append(
                f"{self.constant} = {self.c:.10g} ({how}"
                + (
                    "; the inequality is strict, so this is an infimum not attained"
                    if self.c_fitted and self.strict
                    else ""
                )
                + ")."
            )
        parts.append(f"{self.n_violations} violation(s)." if self.n_violations else "No violations.")
        if self.note:
            parts.append(self.note)
        return " ".join(parts)


def _frame_columns(frame) -> list[str]:
    return [str(c) for c in frame.columns]


def _row_record(frame, i: int, names: Sequence[str], extra: dict) -> dict:
    rec: dict[str, Any] = {"row": int(i)}
    for key in ("name", "knot", "label", "id"):
        if key in frame.columns and key not in names:
            rec[key] = (
                frame[key].iloc[i].item() if hasattr(frame[key].iloc[i], "item") else frame[key].iloc[i]
            )
            break
    for nm in names:
        v = frame[nm].iloc[i]
        rec[nm] = v.item() if hasattr(v, "item") else v
    rec.update(extra)
    return rec


def check_relation(
    frame, relation: str, *, constant: str | None = "c", c: float | None = None, top: int = 10
) -> RelationCheck:
    """Check ``relation`` on every row of ``frame`` (a pandas DataFrame).

    Parameters
    ----------
    frame : pandas.DataFrame
    relation : str
        E.g. ``"abs(2*signature - slope) <= c * volume * injectivity_radius**-3"``.
    constant : str or None, default "c"
        Name of the free constant (a column of that name takes precedence is an error).
    c : float, optional
        Use this value of the constant instead of fitting it.
    top : int, default 10
        How many violations and tightest rows to list.

    Returns
    -------
    RelationCheck

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"x": [1.0, 2.0, 4.0], "y": [2.0, 3.0, 9.0]})
    >>> r = check_relation(t, "y <= c * x")
    >>> r.c, r.n_violations, r.n_tested
    (2.25, 0, 3)
    >>> check_relation(t, "y <= x + 1").n_violations
    1
    """
    import sympy as sp

    columns = _frame_columns(frame)
    if constant is not None and constant in columns:
        raise InvalidParameterError(
            f"The constant name {constant!r} is also a column; choose another with --constant."
        )
    lhs, op, rhs, symbols = parse_relation(relation, columns, constant=constant)
    const = symbols.get(constant) if constant else None
    used = sorted(n for n in symbols if n != constant)
    if not used:
        raise InvalidParameterError(f"Cannot check {relation!r}: it uses no column.")

    # Gather the columns; rows lacking any of them are counted, not tested.
    n_rows = len(frame)
    env: dict[str, np.ndarray] = {}
    missing = np.zeros(n_rows, dtype=bool)
    missing_by_column = {}
    for nm in used:
        col = frame[nm]
        try:
            vals = col.to_numpy(dtype=np.float64, na_value=np.nan)
        except (TypeError, ValueError):
            raise InvalidParameterError(f"Column {nm!r} is not numeric (dtype {col.dtype}).") from None
        miss = col.isna().to_numpy() | ~np.isfinite(vals)
        if miss.any():
            missing_by_column[nm] = int(miss.sum())
        missing |= miss
        env[nm] = vals
    ok = ~missing
    idx = np.flatnonzero(ok)
    sub = {k: v[ok] for k, v in env.items()}
    m = len(idx)

    strict = op in ("<", ">")
    note = ""
    if op == "==":
        if const is not None and c is None:
            raise InvalidParameterError(
                "An equation with a free constant: fix the constant with "
                "--c VALUE, or write an inequality to fit it."
            )
        g = lhs - rhs if const is None else (lhs - rhs).subs(const, sp.Rational(str(c)))
        vals = _evaluate(sp.sympify(g), sub, m) if m else np.zeros(0)
        undefined = ~np.isfinite(vals)
        good = ~undefined
        tol = 1e-9 * np.maximum(1.0, np.abs(_evaluate(sp.sympify(lhs), sub, m)))
        fails = good & (np.abs(vals) > tol)
        viol_order = np.argsort(-np.abs(np.where(fails, vals, 0)))[: min(top, int(fails.sum()))]
        violations = [_row_record(frame, idx[j], used, {"difference": float(vals[j])}) for j in viol_order]
        tight_order = np.argsort(np.abs(np.where(good, vals, np.inf)))[:top]
        tightest = [
            _row_record(frame, idx[j], used, {"difference": float(vals[j])}) for j in tight_order if good[j]
        ]
        return RelationCheck(
            relation,
            f"{sp.sstr(lhs)} == {sp.sstr(rhs)}",
            n_rows,
            int(good.sum()),
            int(missing.sum()),
            missing_by_column,
            int(undefined.sum()),
            None,
            c,
            False,
            int(fails.sum()),
            violations,
            tightest,
            {},
            False,
            "Equality tested to relative tolerance 1e-9.",
        )

    # Normal form g <= 0 (or g < 0).
    g = lhs - rhs if op in ("<=", "<") else rhs - lhs
    if const is not None and c is None:
        A = sp.diff(g, const)
        if A.has(const) or sp.simplify(sp.diff(g, const, 2)) != 0:
            raise InvalidParameterError(
                f"Cannot fit {constant!r} in {relation!r}: it must enter linearly "
                f"(as {constant}*expression + expression); fix it with --c VALUE instead."
            )
        A = sp.simplify(A)
        B = sp.simplify(g.subs(const, 0))
        a = _evaluate(sp.sympify(A), sub, m) if m else np.zeros(0)
        b = _evaluate(sp.sympify(B), sub, m) if m else np.zeros(0)
        undefined = ~(np.isfinite(a) & np.isfinite(b))
        good = ~undefined
        with np.errstate(all="ignore"):
            bound = np.where(a != 0, -b / np.where(a != 0, a, 1.0), np.nan)
        lower = good & (a < 0)  # A*c + B <= 0 with A < 0  <=>  c >= -B/A
        upper = good & (a > 0)  # A > 0  <=>  c <= -B/A
        free = good & (a == 0)  # holds iff B <= 0, whatever c is
        c_fit = float(np.max(bound[lower])) if lower.any() else None
        c_exact = None
        if c_fit is not None:
            # Refine exactly: -B/A evaluated in rational arithmetic on the stored values of the
            # rows whose floating-point bound is within rounding of the maximum.
            cand = np.flatnonzero(lower & (bound >= c_fit - 1e-9 * max(1.0, abs(c_fit))))[:50]
            ratio = -B / A
            exact = []
            for j in cand:
                val = ratio.subs({symbols[nm]: sp.Rational(float(sub[nm][j])) for nm in used})
                if val.is_number and val.is_finite:
                    exact.append((val, j))
            if exact:
                c_exact = max(exact, key=lambda t: t[0])[0]
                try:
                    c_fit = float(sp.Float(c_exact, 30))
                except TypeError:
                    c_exact = None
        if c_fit is None:
            note = (
                f"No row bounds {constant} from below: the relation holds for every "
                f"{constant} below the upper bounds."
                if upper.any()
                else f"{constant} does not affect any tested row."
            )
            c_fit = float(np.min(bound[upper])) if upper.any() else 0.0
            if upper.any():
                note += f" Reported {constant} = the smallest upper bound."
        fails = np.zeros(m, dtype=bool)
        fails |= free & ((b > 0) if not strict else (b >= 0))
        if lower.any():
            fails |= upper & (bound < c_fit)
        need = np.where(lower, bound, np.nan)
        viol_margin = np.where(free, b, np.where(upper, c_fit - bound, 0.0))
        viol_order = np.argsort(-np.where(fails, viol_margin, -np.inf))[: int(fails.sum())][:top]
        violations = [
            _row_record(
                frame,
                idx[j],
                used,
                {
                    f"{constant}_needed": float(bound[j]) if np.isfinite(bound[j]) else None,
                    "reason": "upper bound below the fitted constant"
                    if upper[j]
                    else "fails for every constant",
                },
            )
            for j in viol_order
        ]
        tight_order = np.argsort(-np.where(lower, need, -np.inf))[: min(top, int(lower.sum()))]
        tightest = [
            _row_record(frame, idx[j], used, {f"{constant}_needed": float(bound[j])}) for j in tight_order
        ]
        quantiles = (
            {f"q{int(q * 100)}": float(np.quantile(bound[lower], q)) for q in (0.5, 0.9, 0.99)}
            if lower.any()
            else {}
        )
        normal = f"({sp.sstr(A)})*{constant} + ({sp.sstr(B)}) {'<' if strict else '<='} 0"
        if c_exact is not None:
            note = (note + " " if note else "") + (
                f"{constant} evaluated exactly on the tightest row: "
                f"{sp.N(c_exact, 20)} (from the stored values of that row)."
            )
        return RelationCheck(
            relation,
            normal,
            n_rows,
            int(good.sum()),
            int(missing.sum()),
            missing_by_column,
            int(undefined.sum()),
            constant,
            c_fit,
            True,
            int(fails.sum()),
            violations,
            tightest,
            quantiles,
            strict,
            note,
        )

    # No free constant, or a given one: evaluate g on every row.
    if const is not None:
        g = g.subs(const, sp.Rational(str(c)))
    vals = _evaluate(sp.sympify(g), sub, m) if m else np.zeros(0)
    undefined = ~np.isfinite(vals)
    good = ~undefined
    fails = good & ((vals >= 0) if strict else (vals > 0))
    viol_order = np.argsort(-np.where(fails, vals, -np.inf))[: min(top, int(fails.sum()))]
    violations = [_row_record(frame, idx[j], used, {"excess": float(vals[j])}) for j in viol_order]
    tight_order = np.argsort(-np.where(good & ~fails, vals, -np.inf))[: min(top, int((good & ~fails).sum()))]
    tightest = [_row_record(frame, idx[j], used, {"margin": float(-vals[j])}) for j in tight_order]
    normal = f"{sp.sstr(g)} {'<' if strict else '<='} 0"
    return RelationCheck(
        relation,
        normal,
        n_rows,
        int(good.sum()),
        int(missing.sum()),
        missing_by_column,
        int(undefined.sum()),
        constant if const is not None else None,
        None if c is None else float(c),
        False,
        int(fails.sum()),
        violations,
        tightest,
        {},
        strict,
        note,
    )
