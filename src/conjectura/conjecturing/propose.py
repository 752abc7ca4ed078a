r"""``conjecture``: propose upper and lower bounds for one column of a table, exactly true on it.

The method is TxGraffiti's (Davila 2024) with Graffiti's significance test (Fajtlowicz 1988):

1. **terms**: the features, their square roots and logarithms, products and ratios of pairs, up
   to a complexity limit (:mod:`~conjectura.conjecturing.terms`); optionally the monomials of a
   symbolic-regression fit over the most salient features
   (:mod:`~conjectura.conjecturing.symbolic`);
2. **linear programs**: for every term, and every pair of simple terms, the bound
   :math:`Y \le a \cdot t + b` (and :math:`\ge`) with the least total slack, solved by HiGHS;
   slopes rounded to rationals with small denominators (:mod:`~conjectura.conjecturing.linear`);
   beside them, Graffiti-style, the small fixed slopes of :data:`GRID` on the same terms (the
   LP's optimum need not be the bound a theorem states: on (n, mu) it finds
   alpha >= 2n - 2mu - 7, the grid gives Gallai's alpha >= n - 2mu);
3. **exact constant**: the intercept is the exact extreme of :math:`y_i - a \cdot t_i` over
   the rows (rational arithmetic; certified intervals and exact values where a column is
   irrational), so the bound is true and tight on at least the extreme rows;
4. **exact check**: the relation is printed, parsed back by
   :func:`~conjectura.learn.relations.parse_relation` and its sign decided exactly on every row
   (:func:`~conjectura.exact.expressions.exact_signs`); a bound that fails or is undecided
   anywhere is dropped;
5. **Dalmatian heuristic**: candidates are taken by decreasing number of tight rows (then
   simplicity), and one is kept only if it is tight on a row where no bound kept before is
   tight, i.e. it gives there a strictly better bound than every kept one (Fajtlowicz's
   "significance", in TxGraffiti's tight-row form).

Every printed relation is exactly true on every row of the table where its columns are present:
a conjecture about the objects the table samples, which :func:`~conjectura.conjecturing.refute`
then attacks on larger objects.

References
----------
.. [1] R. Davila, "Automated conjecturing in mathematics with TxGraffiti", arXiv:2409.19379.
.. [2] S. Fajtlowicz, "On conjectures of Graffiti", Discrete Math. 72 (1988) 113-118,
   doi:10.1016/0012-365X(88)90199-9 (the Dalmatian heuristic).
.. [3] E. DeLaViña, "Some history of the development of Graffiti", DIMACS Series 69 (2005)
   81-118.
"""

from __future__ import annotations

import itertools
import math
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from conjectura.conjecturing.linear import lp_bounds, rational_slopes
from conjectura.conjecturing.results import Conjecture, Conjectures
from conjectura.conjecturing.sources import Source, load_source
from conjectura.conjecturing.terms import Term, term_library
from conjectura.core.validation import validate_int
from conjectura.exceptions import InvalidParameterError

__all__ = ["conjecture", "certify_bound"]

_DIRECTIONS = ("upper", "lower")
#: A printed constant keeps an exact rational when its denominator is at most this; beyond
#: (measured doubles), it is rounded outward to ``digits`` significant digits.
MAX_EXACT_DENOMINATOR = 10**6
#: The small fixed slopes tried beside the LP's (Graffiti-style enumeration): bounds such as
#: alpha >= n - 2 mu (Gallai) or alpha >= sum 1/(d+1) (Caro-Wei) have them.
GRID = tuple(Fraction(x) for x in (-2, -1, Fraction(-1, 2), Fraction(1, 2), 1, 2))


@dataclass(eq=False)
class _Candidate:
    direction: str
    coeffs: tuple[Fraction, ...]
    terms: tuple[Term, ...]
    origin: str
    tight: np.ndarray  # float screen: indices of the rows within rounding of the extreme
    constant: float  # float screen of the constant (for ranking only)

    @property
    def complexity(self) -> int:
        return sum(t.complexity for t in self.terms)

    @property
    def size(self) -> int:
        """Description length of the slopes (numerators and denominators)."""
        return sum(abs(c.numerator) + c.denominator for c in self.coeffs)

    def rank_key(self) -> tuple:
        """Most tight rows first; among equals the simplest: complexity, slopes, constant."""
        return (
            -len(self.tight),
            self.complexity,
            self.size,
            round(abs(self.constant), 9),
            self.origin,
            self.key,
        )

    @property
    def key(self) -> tuple:
        return (self.direction, tuple((t.text, c) for t, c in zip(self.terms, self.coeffs)))


def _coef(a: Fraction) -> str:
    """``a`` exactly: an integer, a fraction ``p/q`` with a small ``q``, or a terminating decimal
    (denominators ``2^i 5^j``, as constants rounded to decimal digits have)."""
    if a.denominator == 1:
        return str(a.numerator)
    q = a.denominator
    while q % 2 == 0:
        q //= 2
    while q % 5 == 0:
        q //= 5
    if q == 1 and a.denominator > 16:
        import decimal

        with decimal.localcontext() as ctx:
            ctx.prec = 80
            d = decimal.Decimal(a.numerator) / decimal.Decimal(a.denominator)
        return format(d, "f")
    return f"{a.numerator}/{a.denominator}"


def _needs_parens(text: str) -> bool:
    depth = 0
    for ch in text:
        depth += ch == "("
        depth -= ch == ")"
        if depth == 0 and ch in "+-":
            return True
    return False


def format_linear(coeffs: Sequence[Fraction], texts: Sequence[str], c: Fraction | None) -> str:
    """``a1*t1 + a2*t2 + c`` with exact rational coefficients, readable and parseable.

    >>> format_linear([Fraction(1), Fraction(-2)], ["order", "matching_number"], Fraction(0))
    'order - 2*matching_number'
    >>> format_linear([Fraction(1, 2)], ["sqrt(size)"], Fraction(-3, 2))
    '1/2*sqrt(size) - 3/2'
    """
    parts: list[str] = []
    for a, t in zip(coeffs, texts):
        if a == 0:
            continue
        t = f"({t})" if _needs_parens(t) else t
        mag = abs(a)
        body = t if mag == 1 else f"{_coef(mag)}*{t}"
        parts.append(("-" if a < 0 else "+") + body)
    if c is not None and (c != 0 or not parts):
        parts.append(("-" if c < 0 else "+") + _coef(abs(c)))
    text = " ".join(p[0] + " " + p[1:] for p in parts)
    text = text[2:] if text.startswith("+ ") else "-" + text[2:] if text.startswith("- ") else text
    return text


def _round_outward(c: Fraction, digits: int, up: bool) -> Fraction:
    """``c`` rounded to ``digits`` significant decimal digits, up (or down)."""
    if c == 0:
        return c
    e = math.floor(math.log10(abs(float(c)))) - digits + 1
    scale = Fraction(10) ** (-e)
    v = c * scale
    r = math.ceil(v) if up else math.floor(v)
    return Fraction(r) / scale


def _parse(text: str, columns: Sequence[str]):
    """A sympy expression from a term or bound text, through the safe relation parser."""
    from conjectura.learn.relations import parse_relation

    lhs, _op, _rhs, _ = parse_relation(f"{text} >= 0", columns, constant=None)
    return lhs


def certify_bound(
    source: Source, relation: str, *, columns: Sequence[str] | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Decide ``relation`` exactly on every row of ``source``.

    Returns
    -------
    (holds, tight, undefined) : three boolean arrays over the rows
        ``holds`` where it is true (strictly or with equality), ``tight`` where it holds with
        equality, ``undefined`` where a column is missing or it is undefined. A row that is
        neither undefined nor decided (a transcendental near-tie) is in none of them.
    """
    from conjectura.exact.expressions import exact_signs
    from conjectura.learn.relations import parse_relation

    columns = list(columns or [str(c) for c in source.frame.columns])
    lhs, op, rhs, symbols = parse_relation(relation, columns, constant=None)
    g = rhs - lhs if op in ("<=", "<") else lhs - rhs
    cols = source.exact_columns(sorted(symbols))
    res = exact_signs(g, cols)
    ok = res.decided
    strict = op in ("<", ">")
    holds = ok & ((res.sign > 0) if strict else (res.sign >= 0))
    tight = ok & (res.sign == 0)
    return holds, tight, res.undefined


class _Proposer:
    """The state of one :func:`conjecture` call (the steps are its methods, in order)."""

    def __init__(self, source: Source, target: str, features: list[str], opts: dict):
        self.source, self.target, self.features, self.opts = source, target, features, opts
        frame = source.frame
        self.columns = [str(c) for c in frame.columns]
        self.y = frame[target].astype("float64").to_numpy(na_value=np.nan)
        self.floats = {f: frame[f].astype("float64").to_numpy(na_value=np.nan) for f in features}
        self.counts = dict.fromkeys(
            (
                "terms",
                "candidates",
                "checked",
                "false_after_rounding",
                "undecided",
                "no_tight_row",
                "not_significant",
                "kept",
            ),
            0,
        )
        self.notes: list[str] = []
        self.saliency: list[str] = []
        self._exprs: dict[str, Any] = {}

    # -- step 2: linear programs ---------------------------------------------------------
    def _rows(self, terms: Sequence[Term]) -> tuple[np.ndarray, np.ndarray] | None:
        """The terms on the rows and the rows where they and the target are present."""
        T = np.column_stack([t.values for t in terms])
        ok = np.isfinite(self.y) & np.isfinite(T).all(axis=1)
        return (T, ok) if ok.sum() >= 3 else None

    def _screen(self, terms, T, ok, coeffs: list[tuple[Fraction, ...]], direction: str, origin: str):
        """Candidates with the given rational slopes; which rows each touches is screened in
        floats (the exact constant and the exact check come later, for the few selected)."""
        out = []
        C = np.array([[float(c) for c in cs] for cs in coeffs])  # (combos, k)
        G = self.y[ok][:, None] - T[ok] @ C.T  # (rows, combos)
        ext = G.max(axis=0) if direction == "upper" else G.min(axis=0)
        tol = 1e-9 * np.maximum(1.0, np.abs(ext))
        near = np.abs(G - ext[None, :]) <= tol[None, :]
        rows = np.flatnonzero(ok)
        for j, cs in enumerate(coeffs):
            keep = [k for k, c in enumerate(cs) if c != 0]
            if not keep:
                continue
            out.append(
                _Candidate(
                    direction,
                    tuple(cs[k] for k in keep),
                    tuple(terms[k] for k in keep),
                    origin,
                    rows[near[:, j]].astype(np.int64),
                    float(ext[j]),
                )
            )
        return out

    def candidates(self, terms: list[Term], extra: list[Term]) -> list[_Candidate]:
        """Every LP bound over single terms, pairs of simple terms and the symbolic terms, and
        (``grid``) the bounds with small fixed slopes over the same terms."""
        maxc = self.opts["max_complexity"]
        groups: list[tuple[tuple[Term, ...], str]] = [((t,), "linear") for t in terms]
        if self.opts["pairs"]:
            simple = [t for t in terms if t.complexity < maxc]
            for i, t in enumerate(simple):
                for u in simple[i + 1 :]:
                    if t.complexity + u.complexity <= maxc and set(t.columns).isdisjoint(u.columns):
                        groups.append(((t, u), "linear"))
        if extra:
            groups += [((t,), "symbolic") for t in extra]
            for i, t in enumerate(extra):
                for u in extra[i + 1 :]:
                    groups.append(((t, u), "symbolic"))
            if len(extra) >= 3:
                groups.append((tuple(extra[:3]), "symbolic"))
        prepared = [(ts, origin, self._rows(ts)) for ts, origin in groups]
        prepared = [(ts, origin, r) for ts, origin, r in prepared if r is not None]
        out: dict[tuple, _Candidate] = {}

        def add(cands):
            for cand in cands:
                self.counts["candidates"] += 1
                out.setdefault(cand.key, cand)

        for d in self.opts["directions"]:
            slopes = lp_bounds([(self.y[ok], T[ok]) for _, _, (T, ok) in prepared], d)
            for (ts, origin, (T, ok)), a in zip(prepared, slopes):
                if a is not None:
                    add(
                        self._screen(ts, T, ok, [rational_slopes(a, self.opts["max_denominator"])], d, origin)
                    )
            if self.opts["grid"]:
                for ts, origin, (T, ok) in prepared:
                    if origin != "linear" or (len(ts) > 1 and any(t.complexity > 1 for t in ts)):
                        continue
                    combos = list(itertools.product(GRID, repeat=len(ts)))
                    add(self._screen(ts, T, ok, combos, d, "grid"))
        return list(out.values())

    # -- step 3 and 4: exact constant, exact check -----------------------------------------
    def _expr(self, text: str):
        """The sympy expression of a term or column (parsed once)."""
        if text not in self._exprs:
            self._exprs[text] = _parse(text, self.columns)
        return self._exprs[text]

    def exact_constant(self, cand: _Candidate) -> tuple[Fraction | None, Fraction | None]:
        """``(printed constant, exact extreme)``, or ``(None, None)`` when the extreme is
        irrational (a bound tight nowhere) or cannot be settled."""
        import sympy as sp

        from conjectura.exact.expressions import (
            enclosures,
            exact_rational_values,
            exact_signs,
            exact_value_at,
        )

        g = self._expr(self.target) - sp.Add(
            *[
                sp.Rational(c.numerator, c.denominator) * self._expr(t.text)
                for c, t in zip(cand.coeffs, cand.terms)
            ]
        )
        names = sorted(s.name for s in g.free_symbols)
        cols = self.source.exact_columns(names)
        upper = cand.direction == "upper"
        if any(cols[nm].kind == "real" for nm in names):
            # irrational columns: the extreme is one of the rows the float screen found; where an
            # irrational column is irrational on all of them the bound is (but for a cancellation
            # between two irrational columns) tight nowhere: a cheap early exit, never a truth
            # decision
            real = [nm for nm in names if cols[nm].kind == "real"]
            if not any(
                all(isinstance(cols[nm].value(int(k)), Fraction) for nm in real) for k in cand.tight[:20]
            ):
                return None, None
        vals, rational = exact_rational_values(g, cols)
        if rational:
            defined = [v for v in vals if v is not None]
            if not defined:
                return None, None
            c = max(defined) if upper else min(defined)
        else:
            lo, hi, und = enclosures(g, cols)
            rows = np.flatnonzero(~und & np.isfinite(self.y))
            if not len(rows):
                return None, None
            c = None
            for _ in range(6):
                k = int(rows[np.argmax(hi[rows])] if upper else rows[np.argmin(lo[rows])])
                v = exact_value_at(g, cols, k)
                if v is None or not v.is_Rational:
                    return None, None
                cand_c = Fraction(int(v.p), int(v.q))
                q = sp.Rational(cand_c.numerator, cand_c.denominator)
                res = exact_signs(q - g if upper else g - q, cols)
                bad = np.flatnonzero(res.decided & (res.sign < 0))
                if res.undecided.any():
                    return None, None
                if not len(bad):
                    c = cand_c
                    break
                rows = bad
            if c is None:
                return None, None
        printed = c
        if c.denominator > MAX_EXACT_DENOMINATOR:
            printed = _round_outward(c, self.opts["digits"], up=upper)
        return printed, c

    def conjecture_of(self, cand: _Candidate) -> Conjecture | None:
        self.counts["checked"] += 1
        printed, extreme = self.exact_constant(cand)
        if printed is None:
            self.counts["no_tight_row"] += 1
            return None
        bound = format_linear(cand.coeffs, [t.text for t in cand.terms], printed)
        op = "<=" if cand.direction == "upper" else ">="
        relation = f"{self.target} {op} {bound}"
        holds, tight, undefined = certify_bound(self.source, relation, columns=self.columns)
        tested = ~undefined
        if not holds[tested].all():
            undecided = tested & ~holds & ~self._fails(relation)
            self.counts["undecided" if undecided.any() else "false_after_rounding"] += 1
            return None
        rounded = printed != extreme
        if rounded:
            # the extreme rows: where y - a.t attains the exact extreme (the printed constant
            # lies outside by less than the rounding)
            _, tight, _ = certify_bound(
                self.source,
                f"{self.target} {op} {format_linear(cand.coeffs, [t.text for t in cand.terms], extreme)}",
                columns=self.columns,
            )
        if not tight.any():
            self.counts["no_tight_row"] += 1
            return None
        rows = np.flatnonzero(tight)
        T = np.column_stack([t.values for t in cand.terms])
        slack = np.abs(T @ np.array([float(a) for a in cand.coeffs]) + float(printed) - self.y)
        return Conjecture(
            relation=relation,
            target=self.target,
            direction=cand.direction,
            bound=bound,
            origin=cand.origin,
            complexity=cand.complexity,
            n_tested=int(tested.sum()),
            n_undefined=int(undefined.sum()),
            tight_rows=[int(i) for i in rows],
            tight_objects=self.source.labels(rows[: self.opts["max_listed"]]),
            constant_exact=_coef(extreme) if rounded else None,
            mean_slack=float(np.nanmean(slack[tested])),
        )

    def _fails(self, relation: str) -> np.ndarray:
        from conjectura.exact.expressions import exact_signs
        from conjectura.learn.relations import parse_relation

        lhs, op, rhs, symbols = parse_relation(relation, self.columns, constant=None)
        g = rhs - lhs if op in ("<=", "<") else lhs - rhs
        res = exact_signs(g, self.source.exact_columns(sorted(symbols)))
        return res.decided & (res.sign < 0)

    # -- step 5: the Dalmatian heuristic -----------------------------------------------------
    def select(self, cands: list[_Candidate], progress) -> list[Conjecture]:
        n = len(self.y)
        covered = {d: np.zeros(n, dtype=bool) for d in _DIRECTIONS}
        kept: dict[str, list[Conjecture]] = {d: [] for d in _DIRECTIONS}
        cands.sort(key=_Candidate.rank_key)
        for cand in progress(cands):
            d = cand.direction
            if len(kept[d]) >= self.opts["max_conjectures"]:
                continue
            if covered[d][cand.tight].all():
                self.counts["not_significant"] += 1
                continue
            conj = self.conjecture_of(cand)
            if conj is None:
                continue
            tight = np.zeros(n, dtype=bool)
            tight[conj.tight_rows] = True
            if not (tight & ~covered[d]).any():
                self.counts["not_significant"] += 1
                continue
            covered[d] |= tight
            conj.selected = len(kept[d])
            kept[d].append(conj)
        out = kept["upper"] + kept["lower"]
        out.sort(key=lambda c: (-c.n_tight, c.mean_slack, c.complexity, c.relation))
        self.counts["kept"] = len(out)
        return out


def _features(source: Source, target: str, features: Sequence[str] | None) -> list[str]:
    numeric = source.numeric_columns()
    if target not in source.frame.columns:
        import difflib

        close = difflib.get_close_matches(target, numeric, n=3)
        hint = f" Did you mean {', '.join(close)}?" if close else ""
        raise InvalidParameterError(f"The target {target!r} is not a column of {source.name}.{hint}")
    if target not in numeric:
        raise InvalidParameterError(f"The target {target!r} is not a numeric column of {source.name}.")
    if features is None:
        chosen = [c for c in numeric if c != target]
    else:
        chosen = list(dict.fromkeys(features))
        bad = [f for f in chosen if f not in numeric]
        if bad:
            raise InvalidParameterError(
                f"The features {bad} are not numeric columns of {source.name}; numeric columns: {', '.join(numeric)}."
            )
        if target in chosen:
            raise InvalidParameterError(f"The target {target!r} cannot also be a feature.")
    if not chosen:
        raise InvalidParameterError(f"No features to bound {target!r} with.")
    return chosen


def conjecture(
    source,
    *,
    target: str,
    features: Sequence[str] | None = None,
    params: Mapping[str, Any] | None = None,
    n: int | None = None,
    directions: Sequence[str] = _DIRECTIONS,
    max_complexity: int = 3,
    max_denominator: int = 12,
    pairs: bool = True,
    grid: bool = True,
    symbolic: bool = True,
    symbolic_features: int = 4,
    symbolic_generations: int = 30,
    max_conjectures: int = 15,
    max_listed: int = 10,
    digits: int = 10,
    refute: bool | None = None,
    sizes: Sequence[int] = (9, 10),
    budget: Any = "5s",
    engine: str = "local",
    seed: int = 0,
    out=None,
    store=None,
    progress: bool = False,
) -> Conjectures:
    r"""Propose upper and lower bounds for ``target`` that are exactly true on the table.

    Parameters
    ----------
    source : str, Task, path or DataFrame
        A registered task (its table), a ``.parquet``/``.csv`` file, or a DataFrame.
    target : str
        The column to bound.
    features : sequence of str, optional
        Columns to bound it with (default: every other numeric column except labels).
    params : mapping, optional
        Task parameters, e.g. ``{"max_crossings": 12}``.
    n : int, optional
        Number of objects of the task.
    directions : sequence of {"upper", "lower"}, default both
    max_complexity : int, default 3
        Of a bound's terms (see :mod:`~conjectura.conjecturing.terms`): 1 single features,
        2 also square roots, logarithms and linear pairs, 3 also products and ratios.
    max_denominator : int, default 12
        Of the rational slopes.
    pairs : bool, default True
        Also fit bounds linear in two terms.
    grid : bool, default True
        Also try the small fixed slopes :data:`GRID` (on every term, and every pair of slopes on
        two features) with the exact constant, beside the LP's slopes.
    symbolic : bool, default True
        Add the monomials of a symbolic-regression fit (pyoperon) over the
        ``symbolic_features`` most salient features (gradient saliency of an MLP); skipped with
        a note when pyoperon or torch is missing.
    symbolic_features, symbolic_generations : int
    max_conjectures : int, default 15
        Kept per direction.
    max_listed : int, default 10
        Tight objects named per conjecture.
    digits : int, default 10
        Significant digits of a constant computed from measured doubles (rounded outward).
    refute : bool, optional
        Attack every kept bound with a search (:func:`~conjectura.conjecturing.refute`);
        default: when the table names a ``bound_problem`` (the graph tables do).
    sizes, budget, engine :
        Orders searched, budget per conjecture and order, and the engine (see
        :func:`~conjectura.conjecturing.refute`).
    seed : int, default 0
    out : path, optional
        Directory for certificates and the HTML report.
    store : Store or str, optional
        Record the run (kind ``"conjecture"``), its certificates and report.
    progress : bool, default False

    Returns
    -------
    Conjectures

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"x": [1, 2, 3, 4, 5], "y": [2, 4, 5, 8, 10]})
    >>> res = conjecture(t, target="y", symbolic=False, max_complexity=1)
    >>> [(c.relation, c.n_tight) for c in res]
    [('y <= 2*x', 4), ('y >= 5/2*x - 5/2', 2), ('y >= x + 1', 1)]
    """
    t0 = time.perf_counter()
    src = load_source(source, params=params, n=n, seed=seed)
    feats = _features(src, target, features)
    for d in directions:
        if d not in _DIRECTIONS:
            raise InvalidParameterError(
                f"The 'directions' of conjecture must be 'upper' or 'lower'. Got {d!r} instead."
            )
    opts = {
        "directions": tuple(dict.fromkeys(directions)),
        "max_complexity": validate_int(
            max_complexity, "max_complexity", "conjecture", min_value=1, max_value=3
        ),
        "max_denominator": validate_int(max_denominator, "max_denominator", "conjecture", min_value=1),
        "pairs": bool(pairs),
        "grid": bool(grid),
        "max_conjectures": validate_int(max_conjectures, "max_conjectures", "conjecture", min_value=1),
        "max_listed": validate_int(max_listed, "max_listed", "conjecture", min_value=0),
        "digits": validate_int(digits, "digits", "conjecture", min_value=1, max_value=15),
    }
    P = _Proposer(src, target, feats, opts)
    terms = term_library(P.floats, feats, opts["max_complexity"])
    P.counts["terms"] = len(terms)
    extra: list[Term] = []
    if symbolic:
        from conjectura.conjecturing.symbolic import symbolic_terms

        extra, ranking, notes = symbolic_terms(
            src, target, feats, k=symbolic_features, generations=symbolic_generations, seed=seed
        )
        P.saliency, P.notes = ranking, P.notes + notes
    bar = _bar(progress, "exact checks")
    cands = P.candidates(terms, extra)
    conjs = P.select(cands, bar)
    config = {
        "target": target,
        "features": feats,
        "params": dict(params or {}),
        "n": n,
        **opts,
        "symbolic": bool(symbolic),
        "symbolic_features": symbolic_features,
        "seed": seed,
    }
    result = Conjectures(
        source=src.name,
        target=target,
        features=feats,
        n_rows=int(np.isfinite(P.y).sum()),
        conjectures=conjs,
        counts=P.counts,
        notes=P.notes,
        saliency=P.saliency,
        config=config,
        seconds=time.perf_counter() - t0,
        label=src.label,
    )
    hook = src.meta.get("bound_problem")
    if refute is None:
        refute = bool(hook)
    if refute:
        from conjectura.conjecturing.refute import refute as _refute

        if not hook:
            raise InvalidParameterError(
                f"The table of {src.name} names no search problem to refute its bounds (only graph tables do)."
            )
        config.update({"sizes": list(sizes), "budget": str(budget), "engine": engine})
        try:
            _refute(
                result,
                problem=hook,
                sizes=sizes,
                budget=budget,
                engine=engine,
                seed=seed,
                out=out,
                progress=progress,
            )
        except KeyboardInterrupt:
            # keep what was found: the bounds, and the verdicts of those already searched
            result.notes.append("search interrupted: bounds marked 'not searched' were not attacked.")
            _record(result, store, out)
            raise
    _record(result, store, out)
    return result


def _bar(enabled: bool, label: str):
    if not enabled:
        return lambda it: it

    def wrap(items):
        from rich.console import Console
        from rich.progress import track

        return track(items, description=label, console=Console(stderr=True), transient=True)

    return wrap


def _record(result: Conjectures, store, out) -> None:
    """Write the report into ``out`` and, with a store, keep the run and its certificates."""
    from conjectura.learn.evaluation import recording_run

    with recording_run(store, kind="conjecture", name=result.source, config=result.config) as run:
        if run is not None:
            result.run_id = run.id
            for c in result.conjectures:
                if c.certificate is not None:
                    c.search["certificate_id"] = run.store.add_certificate(c.certificate, run_id=run.id)
            result.report_path = result.report(run.dir)
            run.set_summary(result.to_dict())
    if out is not None:
        result.report_path = result.report(out)
