r"""Terms from symbolic regression over the most salient features, as whitebox fits.

1. An MLP is fitted to the target (:func:`conjectura.learn.evaluate`, one seed) and its inputs
   are ranked by gradient saliency (eq. (1) of Gukov-Halverson-Ruehle,
   :func:`conjectura.interpret.attribute`), on at most :data:`SALIENCY_ROWS` rows.
2. Operon's genetic programming (``pyoperon``, a maintained C++ library with a scikit-learn
   interface; Burlacu, Kronberger, Kommenda 2020) fits an expression over the ``k`` most salient
   features with ``+ - * /`` and square roots.
3. The fitted expression is expanded; its monomials, with their floating-point constants
   rounded to small rationals, become terms of the library. The bound itself is then fitted by
   the same linear program and exact check as every other bound: the regression proposes the
   shape, never a constant of a printed relation.

References
----------
.. [1] B. Burlacu, G. Kronberger, M. Kommenda, "Operon C++: an efficient genetic programming
   framework for symbolic regression", GECCO 2020 Companion, doi:10.1145/3377929.3398099.
.. [2] S. Gukov, J. Halverson, F. Ruehle, arXiv:2402.13321, eq. (1) (gradient saliency).
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

import numpy as np

from conjectura.conjecturing.terms import Term

__all__ = ["salient_features", "symbolic_terms", "SALIENCY_ROWS", "MAX_TERMS"]

#: Rows used to fit the saliency network (a seeded sample of larger tables).
SALIENCY_ROWS = 4000
#: Monomials of the regression kept as terms (largest contributions first).
MAX_TERMS = 3


def _rows(source, target: str, features: Sequence[str]) -> np.ndarray:
    frame = source.frame
    cols = [target, *features]
    X = np.column_stack([frame[c].astype("float64").to_numpy(na_value=np.nan) for c in cols])
    return np.flatnonzero(np.isfinite(X).all(axis=1))


def salient_features(source, target: str, features: Sequence[str], *, seed: int = 0) -> list[str]:
    """``features`` ranked by the gradient saliency of an MLP fitted to ``target``."""
    from conjectura.core.task import Dataset, Task
    from conjectura.interpret import attribute
    from conjectura.learn.evaluation import evaluate

    frame = source.frame
    rows = _rows(source, target, features)
    rng = np.random.default_rng(seed)
    if len(rows) > SALIENCY_ROWS:
        rows = np.sort(rng.choice(rows, size=SALIENCY_ROWS, replace=False))
    X = np.column_stack([frame[c].astype("float64").to_numpy(na_value=np.nan)[rows] for c in features])
    y = frame[target].astype("float64").to_numpy(na_value=np.nan)[rows]
    feats = tuple(features)

    def build(n, rng_):
        return Dataset(X, y, feats, target)

    task = Task(name=f"{source.name}:{target}", features=feats, target=target, build=build, kind="regression")
    ev = evaluate(task, "mlp", seeds=(seed,), baselines=(), null=False, generic=False)
    att = attribute(ev, ["gradient"])
    return list(att["gradient"].ranking())


def _rationalise(expr, max_denominator: int):
    """Every constant of ``expr`` (read exactly from the model's decimals) replaced by the
    nearest fraction with denominator at most ``max_denominator``."""
    import sympy as sp

    reps = {}
    for a in expr.atoms(sp.Float, sp.Rational):
        if isinstance(a, sp.Integer) or (isinstance(a, sp.Rational) and a.q <= max_denominator):
            continue
        q = Fraction(float(a)).limit_denominator(max_denominator)
        reps[a] = sp.Rational(q.numerator, q.denominator)
    return expr.xreplace(reps)


def symbolic_terms(
    source,
    target: str,
    features: Sequence[str],
    *,
    k: int = 4,
    generations: int = 30,
    seed: int = 0,
    max_denominator: int = 12,
) -> tuple[list[Term], list[str], list[str]]:
    """Terms from a symbolic-regression fit of ``target`` over the ``k`` most salient features.

    Returns
    -------
    (terms, ranking, notes)
        The terms (at most :data:`MAX_TERMS`), the saliency ranking of all features, and notes
        on what ran (or why it did not: a missing ``pyoperon`` or ``torch``).
    """
    import sympy as sp

    from conjectura.exact.expressions import float_values
    from conjectura.learn.relations import parse_relation

    notes: list[str] = []
    try:
        import pyoperon  # noqa: F401
        from pyoperon.sklearn import SymbolicRegressor
    except ImportError:
        return (
            [],
            [],
            [
                "symbolic regression skipped: pyoperon is not installed (pip install 'conjectura[conjecture]')."
            ],
        )
    try:
        ranking = salient_features(source, target, features, seed=seed)
    except ImportError as exc:
        return [], [], [f"symbolic regression skipped: the saliency network needs torch ({exc})."]
    top = ranking[: max(1, k)]
    rows = _rows(source, target, top)
    frame = source.frame
    X = np.column_stack([frame[c].astype("float64").to_numpy(na_value=np.nan)[rows] for c in top])
    y = frame[target].astype("float64").to_numpy(na_value=np.nan)[rows]
    reg = SymbolicRegressor(
        allowed_symbols="add,sub,mul,div,sqrt,constant,variable",
        generations=generations,
        population_size=300,
        max_length=12,
        n_threads=1,
        random_state=seed,
    )
    reg.fit(X, y)
    model = reg.get_model_string(reg.model_, 8, list(top))
    r2 = float(reg.score(X, y))
    try:
        expr, _op, _rhs, _ = parse_relation(f"{model} >= 0", list(top), constant=None)
    except Exception as exc:  # the model string is not in the safe grammar: say so, keep going
        return [], ranking, [f"symbolic regression gave {model!r}, which the relation parser refused: {exc}."]
    monomials: dict[str, tuple[float, object]] = {}
    env = {c: frame[c].astype("float64").to_numpy(na_value=np.nan) for c in top}
    n = len(frame)
    for term in sp.Add.make_args(sp.expand(_rationalise(expr, max_denominator))):
        coeff, mono = term.as_coeff_Mul()
        mono = _rationalise(mono, max_denominator)
        if mono.is_number or not mono.free_symbols:
            continue
        vals = float_values(mono, env, n)
        fin = np.isfinite(vals)
        if fin.sum() < 3 or np.ptp(vals[fin]) == 0:
            continue
        weight = abs(float(coeff)) * float(np.std(vals[fin]))
        text = sp.sstr(mono)
        prev = monomials.get(text)
        monomials[text] = (weight + (prev[0] if prev else 0.0), (mono, vals))
    chosen = sorted(monomials.items(), key=lambda kv: -kv[1][0])[:MAX_TERMS]
    terms = []
    for text, (_w, (mono, vals)) in chosen:
        cx = int(sp.count_ops(mono)) + len(mono.free_symbols)
        terms.append(Term(text, cx, tuple(sorted(s.name for s in mono.free_symbols)), vals))
    notes.append(
        f"symbolic regression (pyoperon, {generations} generations) over the {len(top)} most salient "
        f"features {', '.join(top)}: {model} (R^2 {r2:.4f} on the table); monomials used as terms: "
        + (", ".join(t.text for t in terms) or "none")
        + "."
    )
    return terms, ranking, notes
