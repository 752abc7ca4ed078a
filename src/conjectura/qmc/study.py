"""The convergence study: integration error against ``n`` for Monte Carlo, scrambled Sobol and
a lattice rule on Genz integrands in several dimensions, with fitted convergence slopes.

For each dimension ``d``, Genz family and method, the root-mean-square error over ``R``
independent randomisations is measured at ``n = 2^k`` (the largest prime ``<= 2^k`` for the
lattice), divided by the integrand's exact standard deviation :math:`\\sigma`:

.. math::

    \\varepsilon(n) = \\frac{1}{\\sigma} \\sqrt{\\frac1R \\sum_{r=1}^{R} (\\hat I_r - I)^2},

so plain Monte Carlo has :math:`E[\\varepsilon^2] = 1/n` exactly, and the curves of different
integrands share one axis. The slope of :math:`\\log \\varepsilon` against :math:`\\log n` is
fitted by least squares over ``n >= fit_from`` with its standard error. Theory for comparison:
:math:`-1/2` for Monte Carlo; :math:`-3/2 + \\epsilon` for scrambled nets on smooth integrands
(Owen 1997); :math:`-2 + \\epsilon` for a shifted lattice rule with the tent transform on smooth
integrands (Hickernell 2002); the constants grow with the effective dimension, and a
discontinuity costs QMC its high rate.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from conjectura.core.jsonable import to_jsonable
from conjectura.core.seeding import SeedLike, child_seeds
from conjectura.core.validation import validate_choice, validate_float, validate_int
from conjectura.exceptions import InvalidParameterError
from conjectura.qmc.genz import GENZ_FAMILIES, genz
from conjectura.qmc.integrate import rqmc_integrate
from conjectura.qmc.points import METHODS, nearest_n

__all__ = ["ConvergenceCurve", "QMCStudy", "qmc_study", "fit_slope"]

METHOD_LABELS = {
    "mc": "Monte Carlo",
    "sobol": "scrambled Sobol",
    "halton": "scrambled Halton",
    "lattice": "rank-1 lattice (CBC, random shift)",
}


def fit_slope(n, err) -> tuple[float, float, float]:
    """Least-squares fit of :math:`\\log \\varepsilon = c + s \\log n`; returns
    ``(slope, stderr of slope, intercept)`` (the standard error from the residuals).

    >>> s, se, c = fit_slope([16, 64, 256, 1024], [0.25, 0.125, 0.0625, 0.03125])
    >>> round(s, 12), round(se, 12)
    (-0.5, 0.0)
    """
    x = np.log(np.asarray(n, dtype=float))
    # an error at rounding level (an exactly integrated case) is floored so the fit stays finite
    y = np.log(np.maximum(np.asarray(err, dtype=float), 1e-16))
    if x.size < 3:
        raise InvalidParameterError(
            f"A convergence slope needs at least 3 values of n. Got {x.size} instead."
        )
    A = np.vstack([x, np.ones_like(x)]).T
    coef, *_ = np.linalg.lstsq(A, y, rcond=None)
    resid = y - A @ coef
    s2 = float(resid @ resid) / (x.size - 2)
    cov = s2 * np.linalg.inv(A.T @ A)
    return float(coef[0]), float(np.sqrt(cov[0, 0])), float(coef[1])


@dataclass(frozen=True)
class ConvergenceCurve:
    """Normalised RMS error against ``n`` for one (dimension, family, method)."""

    d: int
    family: str
    method: str
    n: tuple[int, ...]
    rmse: tuple[float, ...]
    rmse_se: tuple[float, ...]
    slope: float
    slope_se: float
    intercept: float
    fit_from: int
    seconds: float

    def to_dict(self) -> dict:
        return to_jsonable(self.__dict__)


@dataclass(frozen=True)
class QMCStudy:
    """The result of :func:`qmc_study`; ``curves`` holds one :class:`ConvergenceCurve` per
    (dimension, family, method)."""

    dims: tuple[int, ...]
    families: tuple[str, ...]
    methods: tuple[str, ...]
    replicates: int
    decay: float
    tent: bool
    lattice_weights: str
    seed: int | None
    curves: tuple[ConvergenceCurve, ...] = field(repr=False)
    seconds: float = 0.0

    def curve(self, d: int, family: str, method: str) -> ConvergenceCurve:
        for c in self.curves:
            if (c.d, c.family, c.method) == (d, family, method):
                return c
        raise InvalidParameterError(
            f"No curve for d={d}, family={family!r}, method={method!r} in this study."
        )

    def advantage(self, d: int, family: str, method: str) -> float:
        """Monte Carlo's error divided by ``method``'s at the largest ``n`` (needs ``"mc"``)."""
        mc, m = self.curve(d, family, "mc"), self.curve(d, family, method)
        return float(mc.rmse[-1] / m.rmse[-1])

    def table_rows(self) -> list[dict]:
        rows = []
        for c in self.curves:
            row = {
                "d": c.d,
                "family": c.family,
                "method": c.method,
                "slope": f"{c.slope:+.2f} ± {c.slope_se:.2f}",
                "n max": c.n[-1],
                "error at n max": f"{c.rmse[-1]:.3g}",
            }
            if "mc" in self.methods:
                row["MC error / error"] = (
                    "1" if c.method == "mc" else f"{self.advantage(c.d, c.family, c.method):.3g}"
                )
            rows.append(row)
        return rows

    def table(self, title: str | None = None):
        """A :class:`rich.table.Table`: fitted slope ± standard error and the error at the
        largest ``n`` for every curve."""
        from rich.table import Table

        rows = self.table_rows()
        t = Table(
            title=title
            or f"RMS error / sigma against n ({self.replicates} randomisations; slopes fitted for n >= {self.curves[0].fit_from})"
        )
        for col in rows[0]:
            t.add_column(col)
        for r in rows:
            t.add_row(*[str(v) for v in r.values()], style="bold" if r["method"] != "mc" else "")
        return t

    def to_dict(self) -> dict:
        return to_jsonable(
            {
                "dims": self.dims,
                "families": self.families,
                "methods": self.methods,
                "replicates": self.replicates,
                "decay": self.decay,
                "tent": self.tent,
                "lattice_weights": self.lattice_weights,
                "seed": self.seed,
                "seconds": self.seconds,
                "curves": [c.to_dict() for c in self.curves],
            },
            finite=True,
        )

    def report(self, directory: str | Path) -> Path:
        """Write ``directory/report.html`` with one convergence figure per dimension."""
        from conjectura.report.studies import qmc_report

        return qmc_report(self, directory)


def qmc_study(
    dims: Sequence[int] = (2, 8, 32, 128),
    families: Sequence[str] = GENZ_FAMILIES,
    methods: Sequence[str] = ("mc", "sobol", "lattice"),
    *,
    log2_n: tuple[int, int] = (6, 14),
    replicates: int = 16,
    fit_from: int = 256,
    decay: float = 0.0,
    tent: bool = True,
    lattice_weights: str = "inverse-square",
    seed: SeedLike = 0,
    progress=None,
) -> QMCStudy:
    """Measure the convergence of plain Monte Carlo and randomised QMC on Genz integrands.

    Parameters
    ----------
    dims : sequence of int
        Dimensions.
    families : sequence of str
        Genz families (:data:`conjectura.qmc.genz.GENZ_FAMILIES`).
    methods : sequence of str
        Any of ``"mc"``, ``"sobol"``, ``"halton"``, ``"lattice"``.
    log2_n : (int, int)
        ``n = 2^k`` for ``k`` in this closed range (lattices: the largest prime ``<= 2^k``).
    replicates : int
        Independent randomisations per ``n``.
    fit_from : int
        Fit slopes over ``n >= fit_from`` (the smallest ``n`` are pre-asymptotic).
    decay : float
        Genz coefficients :math:`a_i = c_f i^{-\\text{decay}}` (0: all coordinates equal).
    tent : bool
        Apply the tent transform to the shifted lattice.
    lattice_weights : str
        Weights of the CBC construction (:func:`conjectura.qmc.lattice.product_weights`).
    seed : int, numpy.random.Generator or None
        One seed for the integrands' shifts and all randomisations.
    progress : callable, optional
        Called as ``progress(done, total)`` after every curve.

    Returns
    -------
    QMCStudy

    Examples
    --------
    >>> s = qmc_study((2,), ("gaussian",), ("mc", "sobol"), log2_n=(4, 8), replicates=4, fit_from=16)
    >>> s.curve(2, "gaussian", "sobol").slope < s.curve(2, "gaussian", "mc").slope
    True
    """
    dims = tuple(validate_int(d, "dims", "qmc_study", min_value=1) for d in dims)
    families = tuple(validate_choice(f, "families", "qmc_study", GENZ_FAMILIES) for f in families)
    methods = tuple(validate_choice(m, "methods", "qmc_study", METHODS) for m in methods)
    if not dims or not families or not methods:
        raise InvalidParameterError("qmc_study needs at least one dimension, one family and one method.")
    lo, hi = (validate_int(k, "log2_n", "qmc_study", min_value=2, max_value=24) for k in log2_n)
    if hi - lo < 2:
        raise InvalidParameterError(
            f"The 'log2_n' parameter of qmc_study must span at least 3 values. Got {log2_n!r} instead."
        )
    replicates = validate_int(replicates, "replicates", "qmc_study", min_value=2)
    fit_from = validate_int(fit_from, "fit_from", "qmc_study", min_value=1)
    if sum(1 for k in range(lo, hi + 1) if 2**k >= fit_from) < 3:
        raise InvalidParameterError(
            f"The 'fit_from' parameter of qmc_study leaves fewer than 3 values of n in 2^{lo}..2^{hi}. "
            f"Got {fit_from} instead."
        )
    decay = validate_float(decay, "decay", "qmc_study", min_value=0.0)
    seed_int = seed if isinstance(seed, int) else None
    t_start = time.perf_counter()
    curves = []
    total = len(dims) * len(families) * len(methods)
    seeds = iter(child_seeds(seed, total + len(dims) * len(families)))
    for d in dims:
        for fam in families:
            f = genz(fam, d, decay=decay, seed=next(seeds))
            for method in methods:
                t0 = time.perf_counter()
                ns, rmse, rmse_se = [], [], []
                s_method = next(seeds)
                for k, s in zip(range(lo, hi + 1), child_seeds(s_method, hi - lo + 1)):
                    n = nearest_n(method, 2**k)
                    res = rqmc_integrate(
                        f,
                        d,
                        n,
                        method=method,
                        replicates=replicates,
                        seed=s,
                        lattice_weights=lattice_weights,
                        tent=tent,
                    )
                    sq = (res.replicates - f.exact) ** 2 / f.variance
                    mse = float(sq.mean())
                    ns.append(n)
                    rmse.append(float(np.sqrt(mse)))
                    # delta method: se(sqrt(m)) = se(m) / (2 sqrt(m))
                    rmse_se.append(
                        float(sq.std(ddof=1) / np.sqrt(replicates) / (2 * np.sqrt(mse))) if mse > 0 else 0.0
                    )
                sel = [i for i, n in enumerate(ns) if 2 ** (lo + i) >= fit_from]
                slope, slope_se, icpt = fit_slope([ns[i] for i in sel], [rmse[i] for i in sel])
                curves.append(
                    ConvergenceCurve(
                        d,
                        fam,
                        method,
                        tuple(ns),
                        tuple(rmse),
                        tuple(rmse_se),
                        slope,
                        slope_se,
                        icpt,
                        fit_from,
                        time.perf_counter() - t0,
                    )
                )
                if progress is not None:
                    progress(len(curves), total)
    return QMCStudy(
        dims,
        families,
        methods,
        replicates,
        decay,
        tent,
        str(lattice_weights),
        seed_int,
        tuple(curves),
        time.perf_counter() - t_start,
    )
