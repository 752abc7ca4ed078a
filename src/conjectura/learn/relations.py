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

Parsing is safe and bounded (:func:`conjectura.exact.syntax.parse_relation`): the expression
is read with Python's :mod:`ast` (never ``eval``), only numbers, column names, ``+ - * / **``,
one comparison and a whitelist of functions (``abs``, ``sqrt``, ``log``, ``exp``, ``sin``,
``cos``, ``tan``, ``atan``, ``floor``, ``ceil``, ``sign``, ``min``, ``max``) and constants
(``pi``, ``E``) are accepted, and an expression beyond a documented limit (2000 characters, 40
levels of nesting, numbers of 1000 digits, degree 10000 in the columns) is refused before any
work is done. Rows lacking a column (missing value) and rows where an expression is undefined
(division by zero, log of a non-positive number) are counted separately and never silently
dropped.

Every comparison is decided exactly, row by row, on the stored values (an integer column holds
integers, a float column the binary rationals its doubles denote), by
:func:`conjectura.exact.expressions.exact_signs`: rational arithmetic, then certified interval
and ``arb`` ball arithmetic, then exact arithmetic on the rows left. No float is compared and
nothing overflows: ``x**400 <= y`` is violated by ``x = 10, y = 1``. A row where not even that
settles the sign (a transcendental near-tie) is *undecided*, counted, and keeps the relation
from being reported as holding. The fitted constant is the exact maximum of the rows' lower
bounds; floats are used only to order and display rows.

This is a test on data, not a proof: a relation that holds on every row of a table is a
conjecture about the objects the table samples.

References
----------
A. Davies, A. Juhász, M. Lackenby, N. Tomasev, "The signature and cusp geometry of hyperbolic
knots", Geometry & Topology (2024), arXiv:2111.15323, Theorem 1.1.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from conjectura.core.jsonable import to_jsonable
from conjectura.core.validation import validate_int
from conjectura.exact.syntax import FUNCTIONS, MAX_DEPTH, parse_relation
from conjectura.exceptions import InvalidParameterError

__all__ = ["parse_relation", "fit_relation", "load_table", "RelationFit", "FUNCTIONS"]


def _decide(e, rows: _Rows):
    """The exact sign of ``e`` on every tested row (:func:`conjectura.exact.expressions.exact_signs`)."""
    from conjectura.exact.expressions import exact_signs

    return exact_signs(e, rows.cols)


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
    n_undecided : int
        Rows where neither certified intervals nor the exact zero test settled the comparison
        (a transcendental near-tie); while there are any, the relation is not said to hold.
    constant : str or None
        Name of the free constant (None when the relation has none).
    c : float or None
        The fitted smallest constant, or the one given.
    c_fitted : bool
        True when ``c`` was fitted to the table.
    c_exact : str or None
        The fitted constant exactly when it is rational (``p/q``, also beyond the doubles),
        else its exact form when short or 30 significant digits.
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
    n_undecided: int = 0
    c_exact: str | None = None
    violations: list = field(default_factory=list)
    tightest: list = field(default_factory=list)
    quantiles: dict = field(default_factory=dict)
    strict: bool = False
    note: str = ""
    top: int = 10

    @property
    def holds(self) -> bool:
        """True when no tested row violates the relation, none is undecided, and at least one
        was tested."""
        return self.n_tested > 0 and self.n_violations == 0 and self.n_undecided == 0

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
            + f", {self.n_undefined} undefined"
            + (f", {self.n_undecided} undecided" if self.n_undecided else "")
            + ")."
        ]
        if self.constant and self.c is not None:
            how = "smallest constant that makes it hold" if self.c_fitted else "given constant"
            infimum = "; the inequality is strict, so this is an infimum not attained"
            value = f"{self.c:.10g}" if np.isfinite(self.c) else str(self.c_exact)
            parts.append(
                f"{self.constant} = {value} ({how}{infimum if self.c_fitted and self.strict else ''})."
            )
        if self.n_tested == 0:
            parts.append("No row could be tested, so nothing is claimed.")
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
    env: dict[str, np.ndarray]  # column -> values (doubles) on the tested rows
    cols: dict[str, Any]  # column -> ExactColumn (the exact values) on the tested rows
    index: np.ndarray  # positions of those rows in the frame
    n_rows: int
    n_missing: int
    missing_by_column: dict[str, int]

    def __len__(self) -> int:
        return len(self.index)

    def approx(self, expr) -> np.ndarray:
        """``expr`` on every row in floating point, for ordering and display only (never for a
        decision): NaN where undefined, ``±inf`` where the value is beyond the doubles."""
        from conjectura.exact.expressions import float_values

        n = len(self)
        if not n:
            return np.zeros(0)
        vals = float_values(expr, self.env, n) if expr.free_symbols else np.full(n, _float_of(expr))
        bad = np.flatnonzero(~np.isfinite(vals))
        for j in bad[:_ARB_ROWS]:
            vals[j] = self.value(expr, int(j), as_float=True)
        return vals

    def value(self, expr, j: int, *, as_float: bool = False):
        """``expr`` on row ``j`` from the row's exact values with ``arb`` (64 bits): a float,
        or, when it lies beyond the doubles, its decimal text (None if undefined there)."""
        from conjectura.exact.expressions import _arb_eval

        leaves = {nm: self.cols[nm].value(j) for nm in self.used}
        try:
            ball = _arb_eval(expr, leaves, 64)
        except (TypeError, ZeroDivisionError, ValueError):
            return np.nan if as_float else None
        if not ball.is_finite():
            return np.nan if as_float else None
        f = float(ball.mid())
        if as_float or np.isfinite(f):
            return f
        return ball.mid().str(10, radius=False)

    def shown(self, expr, vals: np.ndarray, j: int):
        """The number printed for row ``j``: the float, or the exact value's text beyond it."""
        v = vals[j]
        return float(v) if np.isfinite(v) else self.value(expr, j)

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

    def common(self, relation: str, undefined: np.ndarray, undecided: np.ndarray, top: int) -> dict:
        """The fields of a :class:`RelationFit` every kind of relation fills the same way."""
        return {
            "relation": relation,
            "n_rows": self.n_rows,
            "n_tested": int(len(self) - undefined.sum() - (undecided & ~undefined).sum()),
            "n_missing": self.n_missing,
            "missing_by_column": self.missing_by_column,
            "n_undefined": int(undefined.sum()),
            "n_undecided": int((undecided & ~undefined).sum()),
            "top": top,
        }


#: Rows per call whose displayed value is recomputed with arb when it overflows the doubles.
_ARB_ROWS = 2000


def _float_of(e) -> float:
    """The double nearest the exact number ``e`` (``±inf`` beyond the doubles, NaN if none)."""
    import sympy as sp

    try:
        if e.is_Rational:
            try:
                return int(e.p) / int(e.q)  # correctly rounded
            except OverflowError:
                return float(np.sign(int(e.p))) * np.inf
        return float(sp.N(e, 30))
    except (TypeError, OverflowError, ValueError, AttributeError):
        return np.nan


def _scalar(v):
    return v.item() if hasattr(v, "item") else v


def _gather(frame, used: list[str]) -> _Rows:
    """The numeric columns ``used``; rows lacking any of them are counted, not tested.

    Each stored value is exact: an integer column gives integers, a float column the binary
    rationals its doubles denote."""
    from conjectura.exact.expressions import ExactColumn

    n_rows = len(frame)
    columns: dict[str, np.ndarray] = {}
    raw: dict[str, Any] = {}
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
        raw[nm] = col
    ok = ~missing
    cols = {}
    for nm in used:
        col = raw[nm]
        if col.dtype.kind in "iub":
            ints = [int(v) for v in col.to_numpy()[ok]]
            cols[nm] = ExactColumn.from_rationals(ints, [1] * len(ints))
        else:
            cols[nm] = ExactColumn.from_floats(columns[nm][ok])
    return _Rows(
        frame=frame,
        used=used,
        env={k: v[ok] for k, v in columns.items()},
        cols=cols,
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

    top = validate_int(top, "top", "fit_relation", min_value=0)
    if c is not None:
        c = _finite_constant(c, constant)
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
        raise InvalidParameterError(f"Cannot check {relation[:200]!r}: it uses no column.")
    rows = _gather(frame, used)
    try:
        if op == "==":
            return _test_equation(relation, lhs, rhs, const, c, rows, top)
        strict = op in ("<", ">")
        g = lhs - rhs if op in ("<=", "<") else rhs - lhs  # the normal form g <= 0 (or g < 0)
        if const is not None and c is None:
            return _fit_constant(relation, g, const, strict, rows, top)
        return _test_inequality(relation, g, const, c, strict, rows, top)
    except RecursionError:
        raise InvalidParameterError(
            f"Cannot check {relation[:200]!r}: it is nested too deeply to evaluate "
            f"(the limit is MAX_DEPTH = {MAX_DEPTH} levels)."
        ) from None


def _finite_constant(c, name) -> float:
    """The given constant as a finite float, or a one-line refusal (NaN and inf are no constant)."""
    import math

    try:
        v = float(c)
    except (TypeError, ValueError):
        raise InvalidParameterError(f"The constant {name} must be a number. Got {c!r} instead.") from None
    if not math.isfinite(v):
        raise InvalidParameterError(f"The constant {name} must be a finite number. Got {c!r} instead.")
    return v


def _given(c: float):
    """The given constant as an exact sympy rational: its shortest decimal (``0.1`` is 1/10)."""
    import sympy as sp

    return sp.Rational(repr(float(c)))


def _test_equation(relation, lhs, rhs, const, c, rows: _Rows, top: int) -> RelationFit:
    """``lhs == rhs`` row by row, to relative tolerance :math:`10^{-9}`, decided exactly.

    A row holds when :math:`|l - r| \\le 10^{-9} \\max(1, |l|)`; that inequality is decided
    by :func:`~conjectura.exact.expressions.exact_signs` (the constant, if any, is given)."""
    import sympy as sp

    if const is not None and c is None:
        raise InvalidParameterError(
            "An equation with a free constant: fix the constant with "
            "--c VALUE, or write an inequality to fit it."
        )
    if const is not None:
        lhs, rhs = lhs.xreplace({const: _given(c)}), rhs.xreplace({const: _given(c)})
    diff = lhs - rhs
    tol = sp.Abs(diff) - sp.Rational(1, 10**9) * sp.Max(1, sp.Abs(lhs))
    res = _decide(tol, rows)
    decided = res.decided
    fails = decided & (res.sign > 0)
    vals = rows.approx(diff)
    worst = np.argsort(-np.abs(np.where(fails, np.nan_to_num(vals, nan=np.inf), 0)), kind="stable")
    worst = worst[: min(top, int(fails.sum()))]
    ok = decided & ~fails
    closest = np.argsort(np.where(ok, np.abs(vals), np.inf), kind="stable")[: min(top, int(ok.sum()))]
    return RelationFit(
        **rows.common(relation, res.undefined, res.undecided, top),
        normal_form=f"{sp.sstr(lhs)} == {sp.sstr(rhs)}",
        constant=None,
        c=c,
        c_fitted=False,
        n_violations=int(fails.sum()),
        violations=[rows.record(j, {"difference": rows.shown(diff, vals, j)}) for j in worst],
        tightest=[rows.record(j, {"difference": rows.shown(diff, vals, j)}) for j in closest],
        strict=False,
        note="Equality tested to relative tolerance 1e-9, decided exactly on the stored values."
        + _undecided_note(res.undecided & ~res.undefined),
    )


def _undecided_note(undecided: np.ndarray) -> str:
    k = int(undecided.sum())
    if not k:
        return ""
    return (
        f" {k} row(s) undecided: neither certified intervals nor an exact zero test settled the "
        "comparison there, so the relation is not reported as holding."
    )


def _fit_constant(relation, g, const, strict: bool, rows: _Rows, top: int) -> RelationFit:
    """The smallest ``c`` with ``g(row, c) <= 0`` on every row, for ``g`` linear in ``c``.

    Writing :math:`g = A c + B`, a row with :math:`A < 0` asks :math:`c \\ge -B/A` (a lower
    bound), a row with :math:`A > 0` asks :math:`c \\le -B/A` (an upper bound), and a row with
    :math:`A = 0` holds iff :math:`B \\le 0` whatever :math:`c` is. The fitted constant is the
    largest lower bound, found exactly; upper bounds below it, and rows with :math:`A = 0 < B`,
    are violations that no constant repairs. Every sign is decided exactly.
    """
    import sympy as sp

    name = const.name
    A = sp.diff(g, const)
    if A.has(const):
        raise InvalidParameterError(
            f"Cannot fit {name!r} in {relation[:200]!r}: it must enter linearly "
            f"(as {name}*expression + expression); fix it with --c VALUE instead."
        )
    B = g.xreplace({const: sp.Integer(0)})
    sa, sb = _decide(A, rows), _decide(B, rows)
    undefined = sa.undefined | sb.undefined
    undecided = (sa.undecided | sb.undecided) & ~undefined
    good = ~undefined & ~undecided
    lower, upper, free = good & (sa.sign < 0), good & (sa.sign > 0), good & (sa.sign == 0)
    ratio = -B / A if not A.is_zero else sp.Integer(0)  # A = 0 identically: no row bounds c
    bound = np.where(lower | upper, rows.approx(ratio), np.nan)

    note = ""
    c_exact = _largest(ratio, rows, lower, bound) if lower.any() else None
    if c_exact is not None:
        c_fit = _float_of(c_exact)
    else:
        note = (
            f"No row bounds {name} from below: the relation holds for every {name} below the upper bounds."
            if upper.any()
            else f"{name} does not affect any tested row."
        )
        c_fit = float(np.min(bound[upper])) if upper.any() else 0.0
        if upper.any():
            note += f" Reported {name} = the smallest upper bound."

    if c_exact is not None:
        at_c = _decide(g.xreplace({const: c_exact}), rows)
        s, und_c = at_c.sign, at_c.undecided
        fails = (upper | free) & at_c.decided & ((s > 0) | (strict & (s == 0)))
        unsure = (upper | free) & und_c
        undecided |= unsure
        fails &= ~unsure
    else:
        fails = free & ((sb.sign >= 0) if strict else (sb.sign > 0))
    with np.errstate(all="ignore"):
        margin = np.where(free, rows.approx(B), np.where(upper, c_fit - bound, 0.0))
    worst = np.argsort(-np.where(fails, np.nan_to_num(margin, nan=np.inf), -np.inf), kind="stable")
    worst = worst[: min(top, int(fails.sum()))]
    needed = f"{name}_needed"
    violations = [
        rows.record(
            j,
            {
                needed: rows.shown(ratio, bound, j) if upper[j] else None,
                "reason": "upper bound below the fitted constant" if upper[j] else "fails for every constant",
            },
        )
        for j in worst
    ]
    order = np.where(lower, np.nan_to_num(bound, nan=-np.inf), -np.inf)
    tight = np.argsort(-order, kind="stable")[: min(top, int(lower.sum()))]
    shown_c = None
    if c_exact is not None:
        shown_c = _exact_text(c_exact)
        short = shown_c if len(shown_c) <= 40 else sp.sstr(sp.N(c_exact, 30))
        note = (note + " " if note else "") + (
            f"{name} found exactly as the largest lower bound over the rows' stored values: {short}."
        )
    needs = bound[lower & ~np.isnan(bound)]
    # beyond the doubles (inf) the order is still right; interpolating inf would give NaN
    method = "linear" if np.isfinite(needs).all() else "higher"
    return RelationFit(
        **rows.common(relation, undefined, undecided, top),
        normal_form=f"({sp.sstr(A)})*{name} + ({sp.sstr(B)}) {'<' if strict else '<='} 0",
        constant=name,
        c=c_fit,
        c_fitted=True,
        c_exact=shown_c,
        n_violations=int(fails.sum()),
        violations=violations,
        tightest=[rows.record(j, {needed: rows.shown(ratio, bound, j)}) for j in tight],
        quantiles=(
            {f"q{int(q * 100)}": float(np.quantile(needs, q, method=method)) for q in (0.5, 0.9, 0.99)}
            if len(needs)
            else {}
        ),
        strict=strict,
        note=note + _undecided_note(undecided),
    )


def _exact_text(v, limit: int = 40) -> str:
    """A number as text: a rational exactly (``p/q``), another number in its sympy form when
    short, else to 30 significant digits."""
    import sympy as sp

    text = sp.sstr(v)
    if v.is_Rational or len(text) <= limit:
        return text
    try:
        return sp.sstr(sp.N(v, 30))
    except (TypeError, ValueError):  # pragma: no cover - sympy numbers always evaluate
        return text[:40] + "..."


def _largest(ratio, rows: _Rows, lower: np.ndarray, bound: np.ndarray):
    """The exact maximum of ``ratio`` over the rows ``lower`` (a sympy number), or None.

    Rational ratios are compared exactly as Fractions. Otherwise the row with the largest
    approximate value is a candidate whose exact value is compared, by exact signs, with every
    other row; a row found larger becomes the candidate (a few rounds suffice: the float order
    is wrong only on near-ties)."""
    import sympy as sp

    from conjectura.exact.expressions import exact_rational_values, exact_signs, exact_value_at

    idx = np.flatnonzero(lower)
    sub = {nm: col.take(idx) for nm, col in rows.cols.items()}
    vals, ok = exact_rational_values(ratio, sub) if ratio.free_symbols else ([], False)
    if ok and all(v is not None for v in vals):
        best = max(vals)
        return sp.Rational(best.numerator, best.denominator)
    order = np.nan_to_num(bound[idx], nan=-np.inf)
    j = int(np.argmax(order))
    for _ in range(8):
        best = exact_value_at(ratio, sub, j)
        if best is None:
            return None
        res = exact_signs(ratio - best, sub) if ratio.free_symbols else None
        if res is None:
            return best
        above = np.flatnonzero(res.decided & (res.sign > 0))
        if not len(above):
            return best
        j = int(above[np.argmax(order[above])])
    return best


def _test_inequality(relation, g, const, c, strict: bool, rows: _Rows, top: int) -> RelationFit:
    """``g(row) <= 0`` (or ``< 0``) row by row, with no constant or the one given; each sign is
    decided exactly (:func:`~conjectura.exact.expressions.exact_signs`)."""
    import sympy as sp

    if const is not None:
        g = g.xreplace({const: _given(c)})
    res = _decide(g, rows)
    decided = res.decided
    fails = decided & ((res.sign >= 0) if strict else (res.sign > 0))
    holds = decided & ~fails
    vals = rows.approx(g)
    order = np.nan_to_num(vals, nan=0.0)
    worst = np.argsort(-np.where(fails, order, -np.inf), kind="stable")[: min(top, int(fails.sum()))]
    closest = np.argsort(-np.where(holds, order, -np.inf), kind="stable")[: min(top, int(holds.sum()))]
    undecided = res.undecided & ~res.undefined
    return RelationFit(
        **rows.common(relation, res.undefined, res.undecided, top),
        normal_form=f"{sp.sstr(g)} {'<' if strict else '<='} 0",
        constant=const.name if const is not None else None,
        c=None if c is None else float(c),
        c_fitted=False,
        n_violations=int(fails.sum()),
        violations=[rows.record(j, {"excess": rows.shown(g, vals, j)}) for j in worst],
        tightest=[rows.record(j, {"margin": _neg(rows.shown(g, vals, j))}) for j in closest],
        strict=strict,
        note=_undecided_note(undecided).strip(),
    )


def _neg(v):
    if v is None:
        return None
    if isinstance(v, str):
        return v[1:] if v.startswith("-") else "-" + v
    return -v
