"""Candidate relations tested on a table: ``conjectura check TABLE "EXPR"``, :func:`fit_relation`.

A relation is written over the table's columns with one comparison, for example the
inequality of Davies, Juhász, Lackenby and Tomasev,

.. math::

    |2\\sigma(K) - \\mathrm{slope}(K)| \\le c \\, \\mathrm{vol}(K) \\, \\mathrm{inj}(K)^{-3},

written ``abs(2*signature - slope) <= c * volume * injectivity_radius**-3``. The name ``c``
(or the one given as ``constant=``) is a free constant. When it is present, :func:`fit_relation` finds
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
dropped. The expression is evaluated on the rows by one function (``_evaluate``, floating point
over numpy columns); the fitted constant is then refined in exact rational arithmetic on the
stored values of the rows that determine it.

This is a test on data, not a proof: a relation that holds on every row of a table is a
conjecture about the objects the table samples.

References
----------
A. Davies, A. Juhász, M. Lackenby, N. Tomasev, "The signature and cusp geometry of hyperbolic
knots", Geometry & Topology (2024), arXiv:2111.15323, Theorem 1.1.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from conjectura.core.jsonable import to_jsonable
from conjectura.core.validation import check_int
from conjectura.exceptions import InvalidParameterError

__all__ = ["parse_relation", "fit_relation", "load_table", "RelationFit", "FUNCTIONS"]

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
    """The sympy expression ``e`` on every row: ``env`` maps column names to ``n`` values.

    The one place where a relation is evaluated numerically (NaN or inf where it is undefined).
    """
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
    # sqrt(x) is Pow(x, 1/2) in sympy, handled above; every key here is a sympy function class
    table = {
        sp.Abs: np.abs,
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
class RelationFit:
    """The outcome of :func:`fit_relation`.

    Attributes
    ----------
    relation : str
        The relation as given.
    normal_form : str
        ``A*c + B <= 0`` (or ``g <= 0``, or ``lhs == rhs``), as sympy prints it.
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
        Name of the free constant (None when the relation has none).
    c : float or None
        The fitted smallest constant, or the one given.
    c_fitted : bool
        True when ``c`` was fitted to the table.
    n_violations : int
        Rows where the relation fails (with the fitted or given ``c``).
    violations : list of dict
        The worst violations (at most ``top``), with the row's columns and its margin.
    tightest : list of dict
        The rows that determine ``c`` (largest required ``c``), or where the relation holds
        with the least margin.
    quantiles : dict
        For a fitted ``c``: the constant that covers 50%, 90%, 99% of the rows.
    strict : bool
        True for ``<`` and ``>``: a fitted ``c`` is then an infimum, not attained.
    note : str
        What the numbers alone do not say (how ``c`` was refined, tolerance of an equation).
    top : int
        How many violations and tightest rows were asked for.
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
    top: int = 10

    @property
    def holds(self) -> bool:
        """True when no tested row violates the relation (and at least one was tested)."""
        return self.n_tested > 0 and self.n_violations == 0

    def to_dict(self) -> dict:
        """The ``--json`` document of ``conjectura check``: every attribute, plus ``holds``."""
        d = to_jsonable(asdict(self))
        d["holds"] = self.holds
        return d

    def summary(self) -> str:
        """One paragraph: rows tested and skipped, the constant, the violations."""
        parts = [
            f"{self.relation}: tested {self.n_tested} of {self.n_rows} rows "
            f"({self.n_missing} lacking a column"
            + (f": {self.missing_by_column}" if self.missing_by_column else "")
            + f", {self.n_undefined} undefined)."
        ]
        if self.constant and self.c is not None:
            how = "smallest constant that makes it hold" if self.c_fitted else "given constant"
            infimum = "; the inequality is strict, so this is an infimum not attained"
            parts.append(
                f"{self.constant} = {self.c:.10g} ({how}{infimum if self.c_fitted and self.strict else ''})."
            )
        parts.append(f"{self.n_violations} violation(s)." if self.n_violations else "No violations.")
        if self.note:
            parts.append(self.note)
        return " ".join(parts)

    def table(self):
        """The rich renderables ``conjectura check`` prints: the summary, the normal form, the
        quantiles of a fitted constant, and tables of the tightest rows and the violations."""
        from rich.console import Group
        from rich.markup import escape
        from rich.table import Table
        from rich.text import Text

        parts: list[Any] = [Text(self.summary()), Text(f"normal form: {self.normal_form}")]
        if self.quantiles:
            parts.append(
                Text(
                    f"{self.constant} covering 50% / 90% / 99% of the rows: "
                    + " / ".join(f"{v:.6g}" for v in self.quantiles.values())
                )
            )
        for title, rows in (("tightest rows", self.tightest), ("violations", self.violations)):
            if not rows:
                continue
            columns = list(dict.fromkeys(k for r in rows for k in r))
            t = Table(title=f"{title} (at most {self.top})")
            for col in columns:
                t.add_column(escape(col))
            for r in rows:
                t.add_row(*[escape(_cell(r.get(col))) for col in columns])
            parts.append(t)
        return Group(*parts)


def _cell(v) -> str:
    if v is None:
        return "-"
    return f"{v:.4g}" if isinstance(v, float) else str(v)


def load_table(source, *, params: Mapping[str, Any] | None = None, n: int | None = None, seed: int = 0):
    """A :class:`pandas.DataFrame` from a Parquet/CSV path or a registered task.

    A task gives its ``Dataset.frame`` (every column it was built from), or its features and
    target when it keeps no frame.

    Parameters
    ----------
    source : str or path
        A ``.parquet``/``.pq``/``.csv`` file, or a task name (see ``conjectura tasks``).
    params : mapping, optional
        Task parameters.
    n : int, optional
        Number of objects of the task.
    seed : int, default 0
        Seed of the task's dataset.
    """
    import pandas as pd

    path = Path(source)
    if path.suffix in (".parquet", ".pq", ".csv") or path.exists():
        if not path.exists():
            raise InvalidParameterError(f"No such file: {source}.")
        try:
            return pd.read_csv(path) if path.suffix == ".csv" else pd.read_parquet(path)
        except Exception as exc:  # pandas and pyarrow raise many types for a bad file
            raise InvalidParameterError(f"Cannot read {source} as a table: {exc}.") from None
    from conjectura.core.registry import get_task

    ds = get_task(str(source), **dict(params or {})).dataset(n, seed=seed)
    if ds.frame is not None:
        return ds.frame.reset_index(drop=True)
    frame = pd.DataFrame(ds.X, columns=list(ds.feature_names))
    frame[ds.target_name] = ds.y
    return frame


@dataclass
class _Rows:
    """The columns a relation uses, on the rows where all of them are present."""

    frame: Any
    used: list[str]
    env: dict[str, np.ndarray]  # column -> values on the tested rows
    index: np.ndarray  # positions of those rows in the frame
    n_rows: int
    n_missing: int
    missing_by_column: dict[str, int]

    def __len__(self) -> int:
        return len(self.index)

    def values(self, expr) -> np.ndarray:
        """``expr`` evaluated on every row (NaN or inf where it is undefined)."""
        return _evaluate(expr, self.env, len(self)) if len(self) else np.zeros(0)

    def record(self, j: int, extra: dict) -> dict:
        """Row ``j`` of the tested rows as a dict: position, label, used columns, ``extra``."""
        frame, i = self.frame, int(self.index[j])
        rec: dict[str, Any] = {"row": i}
        for key in ("name", "knot", "label", "id"):
            if key in frame.columns and key not in self.used:
                rec[key] = _scalar(frame[key].iloc[i])
                break
        for nm in self.used:
            rec[nm] = _scalar(frame[nm].iloc[i])
        rec.update(extra)
        return rec

    def common(self, relation: str, n_undefined: int, top: int) -> dict:
        """The fields of a :class:`RelationFit` every kind of relation fills the same way."""
        return {
            "relation": relation,
            "n_rows": self.n_rows,
            "n_tested": len(self) - n_undefined,
            "n_missing": self.n_missing,
            "missing_by_column": self.missing_by_column,
            "n_undefined": n_undefined,
            "top": top,
        }


def _scalar(v):
    return v.item() if hasattr(v, "item") else v


def _gather(frame, used: list[str]) -> _Rows:
    """The numeric columns ``used``; rows lacking any of them are counted, not tested."""
    n_rows = len(frame)
    columns: dict[str, np.ndarray] = {}
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
        columns[nm] = vals
    ok = ~missing
    return _Rows(
        frame=frame,
        used=used,
        env={k: v[ok] for k, v in columns.items()},
        index=np.flatnonzero(ok),
        n_rows=n_rows,
        n_missing=int(missing.sum()),
        missing_by_column=missing_by_column,
    )


def fit_relation(
    table,
    relation: str,
    *,
    constant: str | None = "c",
    c: float | None = None,
    top: int = 10,
    params: Mapping[str, Any] | None = None,
    n: int | None = None,
) -> RelationFit:
    """Test ``relation`` on every row of a table, fitting the smallest constant that makes it hold.

    Parameters
    ----------
    table : pandas.DataFrame, str or path
        The table, a ``.parquet``/``.csv`` file, or a registered task name (its table, see
        :func:`load_table`).
    relation : str
        One comparison over the columns, e.g.
        ``"abs(2*signature - slope) <= c * volume * injectivity_radius**-3"``.
    constant : str or None, default "c"
        Name of the free constant; it must not also be a column of the table.
    c : float, optional
        Use this value of the constant instead of fitting it.
    top : int, default 10
        How many violations and tightest rows to list.
    params : mapping, optional
        Task parameters, when ``table`` is a task name.
    n : int, optional
        Number of objects, when ``table`` is a task name.

    Returns
    -------
    RelationFit

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"x": [1.0, 2.0, 4.0], "y": [2.0, 3.0, 9.0]})
    >>> r = fit_relation(t, "y <= c * x")
    >>> r.c, r.n_violations, r.n_tested
    (2.25, 0, 3)
    >>> fit_relation(t, "y <= x + 1").n_violations
    1
    """
    import pandas as pd

    top = check_int(top, "top", "fit_relation", min_value=0)
    frame = table if isinstance(table, pd.DataFrame) else load_table(table, params=params, n=n)
    columns = [str(col) for col in frame.columns]
    if constant is not None and constant in columns:
        raise InvalidParameterError(
            f"The constant name {constant!r} is also a column; choose another with --constant."
        )
    lhs, op, rhs, symbols = parse_relation(relation, columns, constant=constant)
    const = symbols.get(constant) if constant else None
    used = sorted(nm for nm in symbols if nm != constant)
    if not used:
        raise InvalidParameterError(f"Cannot check {relation!r}: it uses no column.")
    rows = _gather(frame, used)
    if op == "==":
        return _test_equation(relation, lhs, rhs, const, c, rows, top)
    strict = op in ("<", ">")
    g = lhs - rhs if op in ("<=", "<") else rhs - lhs  # the normal form g <= 0 (or g < 0)
    if const is not None and c is None:
        return _fit_constant(relation, g, const, symbols, strict, rows, top)
    return _test_inequality(relation, g, const, c, strict, rows, top)


def _test_equation(relation, lhs, rhs, const, c, rows: _Rows, top: int) -> RelationFit:
    """``lhs == rhs`` row by row, to relative tolerance 1e-9 (the constant, if any, is given)."""
    import sympy as sp

    if const is not None and c is None:
        raise InvalidParameterError(
            "An equation with a free constant: fix the constant with "
            "--c VALUE, or write an inequality to fit it."
        )
    g = lhs - rhs if const is None else (lhs - rhs).subs(const, sp.Rational(str(c)))
    vals = rows.values(g)
    good = np.isfinite(vals)
    tol = 1e-9 * np.maximum(1.0, np.abs(rows.values(lhs)))
    fails = good & (np.abs(vals) > tol)
    worst = np.argsort(-np.abs(np.where(fails, vals, 0)))[: min(top, int(fails.sum()))]
    closest = [j for j in np.argsort(np.abs(np.where(good, vals, np.inf)))[:top] if good[j]]
    return RelationFit(
        **rows.common(relation, int((~good).sum()), top),
        normal_form=f"{sp.sstr(lhs)} == {sp.sstr(rhs)}",
        constant=None,
        c=c,
        c_fitted=False,
        n_violations=int(fails.sum()),
        violations=[rows.record(j, {"difference": float(vals[j])}) for j in worst],
        tightest=[rows.record(j, {"difference": float(vals[j])}) for j in closest],
        strict=False,
        note="Equality tested to relative tolerance 1e-9.",
    )


def _fit_constant(relation, g, const, symbols, strict: bool, rows: _Rows, top: int) -> RelationFit:
    """The smallest ``c`` with ``g(row, c) <= 0`` on every row, for ``g`` linear in ``c``.

    Writing :math:`g = A c + B`, a row with :math:`A < 0` asks :math:`c \\ge -B/A` (a lower
    bound), a row with :math:`A > 0` asks :math:`c \\le -B/A` (an upper bound), and a row with
    :math:`A = 0` holds iff :math:`B \\le 0` whatever :math:`c` is. The fitted constant is the
    largest lower bound; upper bounds below it, and rows with :math:`A = 0 < B`, are violations
    that no constant repairs.
    """
    import sympy as sp

    name = const.name
    A = sp.diff(g, const)
    if A.has(const) or sp.simplify(sp.diff(g, const, 2)) != 0:
        raise InvalidParameterError(
            f"Cannot fit {name!r} in {relation!r}: it must enter linearly "
            f"(as {name}*expression + expression); fix it with --c VALUE instead."
        )
    A = sp.simplify(A)
    B = sp.simplify(g.subs(const, 0))
    a, b = rows.values(A), rows.values(B)
    good = np.isfinite(a) & np.isfinite(b)
    with np.errstate(all="ignore"):
        bound = np.where(a != 0, -b / np.where(a != 0, a, 1.0), np.nan)
    lower, upper, free = good & (a < 0), good & (a > 0), good & (a == 0)

    note = ""
    c_fit = float(np.max(bound[lower])) if lower.any() else None
    c_exact = _exact_bound(-B / A, symbols, rows, lower, bound, c_fit) if c_fit is not None else None
    if c_exact is not None:
        c_fit = float(sp.Float(c_exact, 30))
    if c_fit is None:
        note = (
            f"No row bounds {name} from below: the relation holds for every {name} below the upper bounds."
            if upper.any()
            else f"{name} does not affect any tested row."
        )
        c_fit = float(np.min(bound[upper])) if upper.any() else 0.0
        if upper.any():
            note += f" Reported {name} = the smallest upper bound."

    fails = free & ((b >= 0) if strict else (b > 0))
    if lower.any():
        fails |= upper & (bound < c_fit)
    margin = np.where(free, b, np.where(upper, c_fit - bound, 0.0))
    worst = np.argsort(-np.where(fails, margin, -np.inf))[: int(fails.sum())][:top]
    needed = f"{name}_needed"
    violations = [
        rows.record(
            j,
            {
                needed: float(bound[j]) if np.isfinite(bound[j]) else None,
                "reason": "upper bound below the fitted constant" if upper[j] else "fails for every constant",
            },
        )
        for j in worst
    ]
    tight = np.argsort(-np.where(lower, bound, -np.inf))[: min(top, int(lower.sum()))]
    if c_exact is not None:
        note = (note + " " if note else "") + (
            f"{name} evaluated exactly on the tightest row: {sp.N(c_exact, 20)} (from the stored values of that row)."
        )
    return RelationFit(
        **rows.common(relation, int((~good).sum()), top),
        normal_form=f"({sp.sstr(A)})*{name} + ({sp.sstr(B)}) {'<' if strict else '<='} 0",
        constant=name,
        c=c_fit,
        c_fitted=True,
        n_violations=int(fails.sum()),
        violations=violations,
        tightest=[rows.record(j, {needed: float(bound[j])}) for j in tight],
        quantiles=(
            {f"q{int(q * 100)}": float(np.quantile(bound[lower], q)) for q in (0.5, 0.9, 0.99)}
            if lower.any()
            else {}
        ),
        strict=strict,
        note=note,
    )


def _exact_bound(ratio, symbols, rows: _Rows, lower, bound, c_fit: float):
    """The largest lower bound ``-B/A`` in exact arithmetic, or None.

    The rows whose floating-point bound is within rounding of the maximum (at most 50) are
    re-evaluated in sympy rationals on the exact values of their stored doubles."""
    import sympy as sp

    near = np.flatnonzero(lower & (bound >= c_fit - 1e-9 * max(1.0, abs(c_fit))))[:50]
    exact = []
    for j in near:
        val = ratio.subs({symbols[nm]: sp.Rational(float(rows.env[nm][j])) for nm in rows.used})
        if val.is_number and val.is_finite:
            exact.append(val)
    if not exact:
        return None
    best = max(exact)
    try:
        float(sp.Float(best, 30))
    except TypeError:
        return None
    return best


def _test_inequality(relation, g, const, c, strict: bool, rows: _Rows, top: int) -> RelationFit:
    """``g(row) <= 0`` (or ``< 0``) row by row, with no constant or the one given."""
    import sympy as sp

    if const is not None:
        g = g.subs(const, sp.Rational(str(c)))
    vals = rows.values(g)
    good = np.isfinite(vals)
    fails = good & ((vals >= 0) if strict else (vals > 0))
    holds = good & ~fails
    worst = np.argsort(-np.where(fails, vals, -np.inf))[: min(top, int(fails.sum()))]
    closest = np.argsort(-np.where(holds, vals, -np.inf))[: min(top, int(holds.sum()))]
    return RelationFit(
        **rows.common(relation, int((~good).sum()), top),
        normal_form=f"{sp.sstr(g)} {'<' if strict else '<='} 0",
        constant=const.name if const is not None else None,
        c=None if c is None else float(c),
        c_fitted=False,
        n_violations=int(fails.sum()),
        violations=[rows.record(j, {"excess": float(vals[j])}) for j in worst],
        tightest=[rows.record(j, {"margin": float(-vals[j])}) for j in closest],
        strict=strict,
        note="",
    )
