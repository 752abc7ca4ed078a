"""The four comparisons of the theory side, each a public function returning a result object
(``.to_dict()``, ``.table()``, ``.summary()``, ``.report(directory)``, ``.agrees``):

:func:`kernel_study`
    the Monte Carlo two-point function of wide networks against the analytic NN-GP kernel;
:func:`nongaussianity_study`
    the connected four-point function against the width, fitted slope (theory: -1);
:func:`free_field_study`
    the cos network of Halverson, Maiti and Stoner against the free propagator;
:func:`ntk_study`
    the empirical NTK against the analytic one, and its drift during training, against width.

Every agreement is judged against the Monte Carlo error: a comparison of ``k`` numbers passes
when every :math:`|z| = |\\hat v - v| / \\mathrm{se}` is below the Bonferroni threshold
:math:`\\Phi^{-1}(1 - \\alpha / 2k)` with family-wise :math:`\\alpha = 10^{-3}` (so a correct
theory fails with probability at most :math:`10^{-3}`, in the normal approximation), and a
fitted slope agrees with theory when it is within 4 standard errors (probability
:math:`6 \\times 10^{-5}` of a false alarm).
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
from conjectura.theory.correlators import ESTIMATORS, connected_four_point, two_point
from conjectura.theory.ensemble import SAMPLERS, sample_ensemble
from conjectura.theory.kernels import ACTIVATIONS, Architecture, kernels

__all__ = [
    "ALPHA",
    "bonferroni_threshold",
    "power_law_fit",
    "corrected_power_law_fit",
    "PowerLawFit",
    "KernelStudy",
    "kernel_study",
    "NonGaussianityStudy",
    "nongaussianity_study",
    "FreeFieldStudy",
    "free_field_study",
    "NTKStudy",
    "ntk_study",
    "DEFAULT_SIGMA_W2",
]

#: Family-wise false-failure probability of a comparison of many numbers.
ALPHA = 1e-3
#: sigma_w^2 per activation: 2 is the critical ("edge of chaos") value for ReLU.
DEFAULT_SIGMA_W2 = {"relu": 2.0, "erf": 1.5, "cos": 1.0}


def bonferroni_threshold(k: int, alpha: float = ALPHA) -> float:
    """:math:`\\Phi^{-1}(1 - \\alpha/(2k))`: all ``k`` two-sided z-scores of a correct theory stay
    below it with probability at least :math:`1 - \\alpha`.

    >>> round(bonferroni_threshold(1, 0.05), 3)
    1.96
    """
    from scipy.stats import norm

    k = validate_int(k, "k", "bonferroni_threshold", min_value=1)
    return float(norm.ppf(1 - alpha / (2 * k)))


@dataclass(frozen=True)
class PowerLawFit:
    """:math:`y = A x^{s}` fitted by weighted least squares on :math:`\\log y` (weights from the
    error bars: :math:`\\sigma_{\\log y} = \\sigma_y / y`)."""

    slope: float
    slope_se: float
    log_amplitude: float
    chi2: float
    dof: int
    correction: float | None = None
    correction_se: float | None = None

    @property
    def p_value(self) -> float:
        """Probability of a :math:`\\chi^2` at least this large if the power law is right."""
        from scipy.stats import chi2

        return float(chi2.sf(self.chi2, self.dof)) if self.dof > 0 else float("nan")

    def z(self, slope: float) -> float:
        return float((self.slope - slope) / self.slope_se)

    def predict(self, x) -> np.ndarray:
        x = np.asarray(x, dtype=float)
        y = np.exp(self.log_amplitude) * x**self.slope
        return y if self.correction is None else y * (1 + self.correction / x)

    def to_dict(self) -> dict:
        return dict(self.__dict__, p_value=self.p_value)


def power_law_fit(x, y, yerr) -> PowerLawFit:
    """Fit :math:`y = A x^s` to positive ``y`` with standard errors ``yerr``.

    >>> f = power_law_fit([1, 2, 4, 8], [1.0, 0.5, 0.25, 0.125], [0.01, 0.005, 0.0025, 0.00125])
    >>> round(f.slope, 12), f.dof
    (-1.0, 2)
    """
    x, y, e = (np.asarray(v, dtype=float) for v in (x, y, yerr))
    if x.size < 3 or np.any(y <= 0) or np.any(e <= 0):
        raise InvalidParameterError(
            "power_law_fit needs at least 3 points with positive values and positive error bars. "
            f"Got values {y.tolist()} and errors {e.tolist()} instead."
        )
    ly, sy = np.log(y), e / y
    A = np.vstack([np.log(x), np.ones_like(x)]).T
    W = 1.0 / sy**2
    cov = np.linalg.inv(A.T @ (A * W[:, None]))
    coef = cov @ (A.T @ (W * ly))
    chi2 = float(np.sum(W * (ly - A @ coef) ** 2))
    return PowerLawFit(float(coef[0]), float(np.sqrt(cov[0, 0])), float(coef[1]), chi2, int(x.size - 2))


def corrected_power_law_fit(x, y, yerr) -> PowerLawFit:
    """Fit :math:`y = A x^s (1 + B/x)`: a leading power with its first correction (the
    :math:`1/N^2` term of the :math:`1/N` expansion when :math:`s = -1`), by weighted nonlinear
    least squares (:func:`scipy.optimize.curve_fit` with absolute errors).

    >>> x = np.array([8, 16, 32, 64, 128.0])
    >>> f = corrected_power_law_fit(x, 3 / x * (1 + 2 / x), 0.001 * 3 / x)
    >>> round(f.slope, 6), round(f.correction, 6), f.dof
    (-1.0, 2.0, 2)
    """
    from scipy.optimize import curve_fit

    x, y, e = (np.asarray(v, dtype=float) for v in (x, y, yerr))
    if x.size < 4 or np.any(y <= 0) or np.any(e <= 0):
        raise InvalidParameterError(
            "corrected_power_law_fit needs at least 4 points with positive values and positive error bars. "
            f"Got values {y.tolist()} and errors {e.tolist()} instead."
        )
    start = power_law_fit(x, y, e)

    def model(t, log_a, slope, b):
        return np.exp(log_a) * t**slope * (1 + b / t)

    p, cov = curve_fit(
        model, x, y, p0=[start.log_amplitude, start.slope, 0.0], sigma=e, absolute_sigma=True, maxfev=20000
    )
    chi2 = float(np.sum(((model(x, *p) - y) / e) ** 2))
    return PowerLawFit(
        float(p[1]),
        float(np.sqrt(cov[1, 1])),
        float(p[0]),
        chi2,
        int(x.size - 3),
        float(p[2]),
        float(np.sqrt(cov[2, 2])),
    )


def _rich_table(rows: list[dict], title: str):
    from rich.table import Table

    t = Table(title=title)
    for c in rows[0]:
        t.add_column(str(c))
    for r in rows:
        t.add_row(*[f"{v:.5g}" if isinstance(v, float) else str(v) for v in r.values()])
    return t


def _circle(n_angles: int) -> tuple[np.ndarray, np.ndarray]:
    g = np.linspace(0.0, np.pi, n_angles)
    return g, np.c_[np.cos(g), np.sin(g)]


# --------------------------------------------------------------------------------------------
# 1. two-point function against the NN-GP kernel


@dataclass(frozen=True)
class KernelStudy:
    """:func:`kernel_study`: ``rows`` hold, per activation and angle :math:`\\gamma` between the
    inputs, the analytic :math:`K^{L+1}`, the Monte Carlo :math:`G^{(2)}`, its standard error
    and the z-score."""

    depth: int
    width: int
    n_networks: int
    sigma_b2: float
    estimator: str
    sampler: str
    seed: int | None
    rows: tuple[dict, ...] = field(repr=False)
    threshold: float = 0.0
    seconds: float = 0.0

    @property
    def max_abs_z(self) -> float:
        return float(max(abs(r["z"]) for r in self.rows))

    @property
    def agrees(self) -> bool:
        """Every |z| below the Bonferroni threshold (family-wise false-failure 1e-3)."""
        return self.max_abs_z <= self.threshold

    def table_rows(self) -> list[dict]:
        return [
            {
                "activation": r["activation"],
                "angle": round(r["gamma"], 4),
                "NN-GP kernel": r["analytic"],
                "Monte Carlo": r["mc"],
                "stderr": r["stderr"],
                "z": round(r["z"], 2),
            }
            for r in self.rows
        ]

    def table(self):
        return _rich_table(
            self.table_rows(),
            f"two-point function G2(x(0), x(angle)) of {self.n_networks} networks of width {self.width}, "
            f"depth {self.depth} against the infinite-width kernel",
        )

    def summary(self) -> list[str]:
        acts = sorted({r["activation"] for r in self.rows}, key=ACTIVATIONS.index)
        lines = []
        for a in acts:
            zs = [abs(r["z"]) for r in self.rows if r["activation"] == a]
            lines.append(f"{a}: max |z| = {max(zs):.2f} over {len(zs)} angles")
        lines.append(
            f"{'agrees' if self.agrees else 'DISAGREES'}: max |z| = {self.max_abs_z:.2f} against the threshold "
            f"{self.threshold:.2f} (Bonferroni over {len(self.rows)} comparisons, false-failure probability {ALPHA:g})"
        )
        return lines

    def to_dict(self) -> dict:
        d = {k: v for k, v in self.__dict__.items() if k != "rows"}
        return to_jsonable(
            d | {"rows": list(self.rows), "max_abs_z": self.max_abs_z, "agrees": self.agrees}, finite=True
        )

    def report(self, directory: str | Path) -> Path:
        from conjectura.report.studies import kernel_report

        return kernel_report(self, directory)


def kernel_study(
    activations: Sequence[str] = ACTIVATIONS,
    *,
    depth: int = 2,
    width: int = 1024,
    n_networks: int = 4000,
    n_angles: int = 9,
    sigma_w2: float | None = None,
    sigma_b2: float = 0.1,
    estimator: str = "conditional",
    sampler: str = "gram",
    seed: SeedLike = 0,
) -> KernelStudy:
    """Compare the two-point function of ``n_networks`` random networks with the analytic NN-GP
    kernel, on inputs :math:`x(\\gamma) = (\\cos\\gamma, \\sin\\gamma)`, :math:`\\gamma \\in [0, \\pi]`.

    Parameters
    ----------
    activations : sequence of {"relu", "erf", "cos"}
    depth, width : int
        Hidden layers and units per layer.
    n_networks : int
        Ensemble size per activation.
    n_angles : int
        Angles :math:`\\gamma` (including 0 and :math:`\\pi`).
    sigma_w2 : float, optional
        Default :data:`DEFAULT_SIGMA_W2` per activation.
    sigma_b2 : float
    estimator : {"conditional", "outputs"}
        See :mod:`conjectura.theory.correlators`.
    sampler : {"gram", "weights"}
        See :mod:`conjectura.theory.ensemble`.
    seed : int, numpy.random.Generator or None

    Returns
    -------
    KernelStudy

    Examples
    --------
    >>> s = kernel_study(("erf",), depth=1, width=64, n_networks=500, n_angles=3)
    >>> s.agrees
    True
    """
    acts = tuple(validate_choice(a, "activations", "kernel_study", ACTIVATIONS) for a in activations)
    if not acts:
        raise InvalidParameterError("kernel_study needs at least one activation. Got none instead.")
    n_angles = validate_int(n_angles, "n_angles", "kernel_study", min_value=2)
    validate_choice(estimator, "estimator", "kernel_study", ESTIMATORS)
    validate_choice(sampler, "sampler", "kernel_study", SAMPLERS)
    gam, X = _circle(n_angles)
    t0 = time.perf_counter()
    rows = []
    for act, s in zip(acts, child_seeds(seed, len(acts))):
        sw2 = DEFAULT_SIGMA_W2[act] if sigma_w2 is None else sigma_w2
        arch = Architecture(d_in=2, width=width, depth=depth, activation=act, sigma_w2=sw2, sigma_b2=sigma_b2)
        K, _ = kernels(X, activation=act, depth=depth, sigma_w2=sw2, sigma_b2=sigma_b2)
        ens = sample_ensemble(arch, X, n_networks, sampler=sampler, seed=s)
        for j, g in enumerate(gam):
            est = two_point(ens, 0, j, estimator=estimator)
            rows.append(
                {
                    "activation": act,
                    "sigma_w2": sw2,
                    "gamma": float(g),
                    "analytic": float(K[0, j]),
                    "mc": est.value,
                    "stderr": est.stderr,
                    "z": est.z(float(K[0, j])),
                }
            )
    return KernelStudy(
        depth,
        width,
        n_networks,
        sigma_b2,
        estimator,
        sampler,
        seed if isinstance(seed, int) else None,
        tuple(rows),
        bonferroni_threshold(len(rows)),
        time.perf_counter() - t0,
    )


# --------------------------------------------------------------------------------------------
# 2. non-Gaussianity against width


@dataclass(frozen=True)
class NonGaussianityStudy:
    """:func:`nongaussianity_study`: per width, the connected four-point function
    :math:`G^{(4)}_c(x, x, y, y)` (conditional estimator, and the plain estimator of the
    outputs beside it), the exact value for one hidden layer, and the power-law fit."""

    arch: Architecture
    widths: tuple[int, ...]
    n_networks: int
    x: tuple[float, ...]
    y: tuple[float, ...]
    seed: int | None
    rows: tuple[dict, ...] = field(repr=False)
    fit: PowerLawFit | None = None
    fit_corrected: PowerLawFit | None = None
    seconds: float = 0.0

    @property
    def exact_available(self) -> bool:
        return self.arch.depth == 1

    @property
    def threshold(self) -> float:
        return bonferroni_threshold(len(self.rows))

    @property
    def agrees(self) -> bool:
        """One hidden layer: every width's value within the Bonferroni threshold of the exact
        :math:`c/N` and the fitted slope within 4 standard errors of -1. Deeper: the exponent
        of the fit with the first correction, :math:`A N^s (1 + B/N)`, within 4 standard errors
        of -1 (the pure power law is biased by the :math:`1/N^2` term once the error bars are
        small enough to resolve it)."""
        if self.exact_available:
            return bool(
                abs(self.fit.z(-1.0)) <= 4.0 and max(abs(r["z_exact"]) for r in self.rows) <= self.threshold
            )
        return bool(abs(self.fit_corrected.z(-1.0)) <= 4.0)

    def table_rows(self) -> list[dict]:
        out = []
        for r in self.rows:
            row = {
                "N": r["width"],
                "G4c (conditional)": r["g4c"],
                "stderr": r["stderr"],
                "N * G4c": r["width"] * r["g4c"],
                "G4c (outputs)": r["g4c_outputs"],
                "stderr (outputs)": r["stderr_outputs"],
            }
            if self.exact_available:
                row["exact c/N"] = r["exact"]
                row["z"] = round(r["z_exact"], 2)
            out.append(row)
        return out

    def table(self):
        a = self.arch
        return _rich_table(
            self.table_rows(),
            f"connected 4-point function G4c(x,x,y,y), {a.activation}, depth {a.depth}, "
            f"{self.n_networks} networks per width",
        )

    def summary(self) -> list[str]:
        f, g = self.fit, self.fit_corrected
        lines = [
            f"fitted slope of G4c against N: {f.slope:+.4f} ± {f.slope_se:.4f} (theory -1; z = {f.z(-1):+.2f}), "
            f"chi2 = {f.chi2:.2f} on {f.dof} dof (p = {f.p_value:.3g})",
            f"with the first correction, A N^s (1 + B/N): s = {g.slope:+.4f} ± {g.slope_se:.4f} (z = {g.z(-1):+.2f}), "
            f"B = {g.correction:+.3g} ± {g.correction_se:.2g}, chi2 = {g.chi2:.2f} on {g.dof} dof (p = {g.p_value:.3g})",
        ]
        if self.exact_available:
            zs = [abs(r["z_exact"]) for r in self.rows]
            c = self.rows[0]["exact"] * self.rows[0]["width"]
            lines.append(
                f"one hidden layer: G4c = c/N exactly with c = {c:.6g}; max |z| = {max(zs):.2f} over "
                f"{len(zs)} widths (threshold {self.threshold:.2f})"
            )
        r0, r1 = self.rows[0], self.rows[-1]
        lines.append(
            f"relative error of the plain estimator of the outputs: {r0['stderr_outputs'] / abs(r0['g4c']):.2g} at "
            f"N = {r0['width']}, {r1['stderr_outputs'] / abs(r1['g4c']):.2g} at N = {r1['width']} (conditional: "
            f"{r0['stderr'] / abs(r0['g4c']):.2g}, {r1['stderr'] / abs(r1['g4c']):.2g})"
        )
        lines.append(("agrees" if self.agrees else "DISAGREES") + " with G4c proportional to 1/N")
        return lines

    def to_dict(self) -> dict:
        d = {k: v for k, v in self.__dict__.items() if k not in ("rows", "fit", "fit_corrected", "arch")}
        return to_jsonable(
            d
            | {
                "arch": self.arch.to_dict(),
                "rows": list(self.rows),
                "fit": self.fit.to_dict(),
                "fit_corrected": self.fit_corrected.to_dict(),
                "agrees": self.agrees,
            },
            finite=True,
        )

    def report(self, directory: str | Path) -> Path:
        from conjectura.report.studies import nongaussianity_report

        return nongaussianity_report(self, directory)


def nongaussianity_study(
    activation: str = "relu",
    *,
    depth: int = 1,
    widths: Sequence[int] = (8, 16, 32, 64, 128, 256, 512, 1024),
    n_networks: int = 4000,
    x: Sequence[float] = (1.0, 0.0),
    y: Sequence[float] = (0.6, 0.8),
    sigma_w2: float | None = None,
    sigma_b2: float = 0.1,
    sampler: str = "gram",
    seed: SeedLike = 0,
) -> NonGaussianityStudy:
    """Measure the connected four-point function :math:`G^{(4)}_c(x, x, y, y)` at each width and
    fit :math:`G^{(4)}_c \\propto N^{s}` (theory: :math:`s = -1`).

    For one hidden layer (``depth=1``) each value is also compared with the exact
    :math:`c/N` of :func:`conjectura.theory.finite_width.four_point_coefficient`.

    Examples
    --------
    >>> s = nongaussianity_study("erf", widths=(8, 32, 128, 512), n_networks=1000)
    >>> abs(s.fit.slope + 1) < 4 * s.fit.slope_se
    True
    """
    from conjectura.theory.finite_width import four_point_coefficient

    validate_choice(activation, "activation", "nongaussianity_study", ACTIVATIONS)
    widths = tuple(validate_int(n, "widths", "nongaussianity_study", min_value=1) for n in widths)
    if len(widths) < 4:
        raise InvalidParameterError(
            f"nongaussianity_study needs at least 4 widths to fit a slope with its correction. Got {widths!r} instead."
        )
    sw2 = (
        DEFAULT_SIGMA_W2[activation]
        if sigma_w2 is None
        else validate_float(sigma_w2, "sigma_w2", "nongaussianity_study", min_value=0.0, min_inclusive=False)
    )
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    if x.shape != y.shape or x.ndim != 1:
        raise InvalidParameterError(
            f"The inputs x and y of nongaussianity_study must be vectors of one length. Got {x.shape} and {y.shape} instead."
        )
    X = np.vstack([x, y])
    t0 = time.perf_counter()
    rows = []
    arch = Architecture(
        d_in=x.size, width=widths[0], depth=depth, activation=activation, sigma_w2=sw2, sigma_b2=sigma_b2
    )
    for N, s in zip(widths, child_seeds(seed, len(widths))):
        a = arch.with_width(N)
        ens = sample_ensemble(a, X, n_networks, sampler=sampler, seed=s)
        c = connected_four_point(ens, (0, 0, 1, 1), estimator="conditional")
        o = connected_four_point(ens, (0, 0, 1, 1), estimator="outputs")
        row = {
            "width": N,
            "g4c": c.value,
            "stderr": c.stderr,
            "g4c_outputs": o.value,
            "stderr_outputs": o.stderr,
        }
        if depth == 1:
            ex = four_point_coefficient(a, x, y) / N
            row |= {"exact": ex, "z_exact": c.z(ex)}
        rows.append(row)
    vals = np.array([r["g4c"] for r in rows])
    if np.any(vals <= 0):
        raise InvalidParameterError(
            "The connected four-point function was not positive at every width, so no power law can be "
            f"fitted (values {vals.tolist()}); use more networks."
        )
    errs = [r["stderr"] for r in rows]
    return NonGaussianityStudy(
        arch,
        widths,
        n_networks,
        tuple(x.tolist()),
        tuple(y.tolist()),
        seed if isinstance(seed, int) else None,
        tuple(rows),
        power_law_fit(widths, vals, errs),
        corrected_power_law_fit(widths, vals, errs),
        time.perf_counter() - t0,
    )


# --------------------------------------------------------------------------------------------
# 3. a free field from a network


@dataclass(frozen=True)
class FreeFieldStudy:
    """:func:`free_field_study`: per distance ``r``, the Monte Carlo two-point function of the
    cos network at :math:`(0, r e_1)` and at the shifted pair :math:`(s, s + r e_1)`, the exact
    cutoff propagator and the continuum one."""

    d: int
    mass: float
    cutoff: float | None
    width: int
    n_networks: int
    sampling: str
    shift: tuple[float, ...]
    seed: int | None
    rows: tuple[dict, ...] = field(repr=False)
    g4c_coincident: dict = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def threshold(self) -> float:
        return bonferroni_threshold(2 * len(self.rows) + 1)

    @property
    def max_abs_z(self) -> float:
        zs = [max(abs(r["z"]), abs(r["z_shifted"])) for r in self.rows]
        return float(max([*zs, abs(self.g4c_coincident["z"])]))

    @property
    def agrees(self) -> bool:
        """The two-point function (at both the original and the shifted pairs) equals the exact
        propagator at every distance, and the connected four-point function at coincident points
        its exact value, within the Bonferroni threshold."""
        return self.max_abs_z <= self.threshold

    def table_rows(self) -> list[dict]:
        return [
            {
                "r": round(r["r"], 4),
                "propagator (cutoff)": r["exact"],
                "continuum": r["continuum"],
                "Monte Carlo": r["mc"],
                "stderr": r["stderr"],
                "z": round(r["z"], 2),
                "shifted MC": r["mc_shifted"],
                "z shifted": round(r["z_shifted"], 2),
            }
            for r in self.rows
        ]

    def table(self):
        cut = "no cutoff (Cauchy sampling)" if self.sampling == "cauchy" else f"cutoff {self.cutoff:g}"
        return _rich_table(
            self.table_rows(),
            f"free scalar from a cos network: d = {self.d}, m = {self.mass:g}, {cut}, width {self.width}, "
            f"{self.n_networks} networks",
        )

    def summary(self) -> list[str]:
        g = self.g4c_coincident
        return [
            f"non-Gaussianity at width {self.width}: G4c(x,x,x,x) = {g['value']:.4g} ± {g['stderr']:.2g}, exact "
            f"3 sigma_a^4 Var(g^2) / N = {g['exact']:.4g} (z = {g['z']:+.2f}); relative to 3 G2(0)^2: "
            f"{g['exact'] / (3 * self.rows[0]['exact'] ** 2):.3g}, and 0 for a free field (N = infinity)",
            f"{'agrees' if self.agrees else 'DISAGREES'}: max |z| = {self.max_abs_z:.2f} over {2 * len(self.rows) + 1} "
            f"comparisons with exact values (threshold {self.threshold:.2f}); the shifted pairs test "
            "translation invariance",
        ]

    def to_dict(self) -> dict:
        d = {k: v for k, v in self.__dict__.items() if k != "rows"}
        return to_jsonable(
            d | {"rows": list(self.rows), "max_abs_z": self.max_abs_z, "agrees": self.agrees}, finite=True
        )

    def report(self, directory: str | Path) -> Path:
        from conjectura.report.studies import free_field_report

        return free_field_report(self, directory)


def free_field_study(
    d: int = 1,
    *,
    mass: float = 1.0,
    cutoff: float | None = 20.0,
    width: int = 256,
    n_networks: int = 4000,
    radii: Sequence[float] | None = None,
    sampling: str = "ball",
    seed: SeedLike = 0,
) -> FreeFieldStudy:
    """Check that the cos network of :mod:`conjectura.theory.free_field` has the free propagator
    as its two-point function, translation invariantly.

    Examples
    --------
    >>> s = free_field_study(1, width=32, n_networks=500, radii=[0.0, 1.0, 2.0])
    >>> s.agrees
    True
    """
    from conjectura.theory.correlators import Estimate, connected_four_point
    from conjectura.theory.free_field import coincident_four_point, continuum_propagator, sample_free_field

    d = validate_int(d, "d", "free_field_study", min_value=1)
    radii = np.linspace(0.0, 3.0, 13) if radii is None else np.asarray(radii, dtype=float)
    if radii.ndim != 1 or radii.size < 1 or np.any(radii < 0):
        raise InvalidParameterError(
            f"The 'radii' of free_field_study must be non-negative distances. Got {radii!r} instead."
        )
    shift = np.full(d, 0.7)
    e1 = np.eye(d)[0]
    X = np.vstack([np.zeros(d), radii[:, None] * e1, shift, shift + radii[:, None] * e1])
    t0 = time.perf_counter()
    ens = sample_free_field(
        X, n_networks, width=width, mass=mass, cutoff=cutoff, sampling=sampling, seed=seed
    )
    k = radii.size
    rows = []
    for i, r in enumerate(radii):
        ex = ens.exact_two_point(0, 1 + i)
        g = ens.kernels[:, 0, 1 + i]
        gs = ens.kernels[:, 1 + k, 2 + k + i]
        est = Estimate(float(g.mean()), float(g.std(ddof=1) / np.sqrt(g.size)))
        ests = Estimate(float(gs.mean()), float(gs.std(ddof=1) / np.sqrt(gs.size)))
        with np.errstate(divide="ignore"):
            cont = float(continuum_propagator(r, d, mass)) if (r > 0 or d == 1) else float("inf")
        rows.append(
            {
                "r": float(r),
                "exact": ex,
                "continuum": cont,
                "mc": est.value,
                "stderr": est.stderr,
                "z": est.z(ex),
                "mc_shifted": ests.value,
                "stderr_shifted": ests.stderr,
                "z_shifted": ests.z(ex),
            }
        )
    g4 = connected_four_point(ens, (0, 0, 0, 0), estimator="conditional")
    g4_exact = coincident_four_point(d, mass, cutoff, width, sampling=sampling)
    g4 = g4.to_dict() | {"exact": g4_exact, "z": g4.z(g4_exact)}
    return FreeFieldStudy(
        d,
        float(mass),
        ens.cutoff,
        width,
        n_networks,
        sampling,
        tuple(shift.tolist()),
        seed if isinstance(seed, int) else None,
        tuple(rows),
        g4,
        time.perf_counter() - t0,
    )


# --------------------------------------------------------------------------------------------
# 4. the neural tangent kernel


@dataclass(frozen=True)
class NTKStudy:
    """:func:`ntk_study`: per width, over ``seeds`` initialisations, the relative distance of the
    empirical NTK from the analytic one at initialisation, and its relative drift after
    training; power-law fits of both against the width."""

    arch: Architecture
    widths: tuple[int, ...]
    seeds: int
    steps: int
    n_inputs: int
    seed: int | None
    rows: tuple[dict, ...] = field(repr=False)
    error_fit: PowerLawFit | None = None
    drift_fit: PowerLawFit | None = None
    mean_kernel_z: float = 0.0
    mean_kernel_threshold: float = 0.0
    analytic: tuple = ()
    empirical_mean: tuple = ()
    seconds: float = 0.0

    @property
    def agrees(self) -> bool:
        """At the largest width the seed-averaged empirical NTK equals the analytic one within the
        Bonferroni threshold (Student t), and both the initial error and the drift fall with
        width (fitted slope more than 4 standard errors below 0)."""
        return bool(
            self.mean_kernel_z <= self.mean_kernel_threshold
            and self.error_fit.slope + 4 * self.error_fit.slope_se < 0
            and self.drift_fit.slope + 4 * self.drift_fit.slope_se < 0
        )

    def table_rows(self) -> list[dict]:
        return [
            {
                "N": r["width"],
                "|NTK - analytic| / |analytic|": r["error"],
                "stderr": r["error_se"],
                "|NTK_T - NTK_0| / |NTK_0|": r["drift"],
                "stderr ": r["drift_se"],
                "final loss": r["final_loss"],
            }
            for r in self.rows
        ]

    def table(self):
        a = self.arch
        return _rich_table(
            self.table_rows(),
            f"empirical NTK, {a.activation}, depth {a.depth}, {self.seeds} seeds per width, "
            f"{self.steps} steps of gradient descent",
        )

    def summary(self) -> list[str]:
        e, d = self.error_fit, self.drift_fit
        return [
            f"distance from the analytic NTK at initialisation: slope {e.slope:+.3f} ± {e.slope_se:.3f} "
            f"(fluctuations of order N^-1/2: z = {e.z(-0.5):+.2f} against -1/2)",
            f"drift during training: slope {d.slope:+.3f} ± {d.slope_se:.3f} (z = {d.z(-0.5):+.2f} against -1/2, "
            f"{d.z(-1.0):+.2f} against -1)",
            f"seed-averaged NTK at N = {self.widths[-1]}: max |t| = {self.mean_kernel_z:.2f} against the analytic "
            f"kernel over {len(self.analytic) * (len(self.analytic) + 1) // 2} entries (threshold "
            f"{self.mean_kernel_threshold:.2f})",
            ("agrees" if self.agrees else "DISAGREES") + " with convergence to a frozen kernel as N grows",
        ]

    def to_dict(self) -> dict:
        d = {k: v for k, v in self.__dict__.items() if k not in ("rows", "arch", "error_fit", "drift_fit")}
        return to_jsonable(
            d
            | {
                "arch": self.arch.to_dict(),
                "rows": list(self.rows),
                "error_fit": self.error_fit.to_dict(),
                "drift_fit": self.drift_fit.to_dict(),
                "agrees": self.agrees,
            },
            finite=True,
        )

    def report(self, directory: str | Path) -> Path:
        from conjectura.report.studies import ntk_report

        return ntk_report(self, directory)


def ntk_study(
    activation: str = "relu",
    *,
    depth: int = 2,
    widths: Sequence[int] = (16, 64, 256, 1024),
    seeds: int = 8,
    n_inputs: int = 6,
    steps: int = 200,
    sigma_w2: float | None = None,
    sigma_b2: float = 0.1,
    seed: SeedLike = 0,
) -> NTKStudy:
    """Empirical NTK (:func:`conjectura.theory.ntk.empirical_ntk`) against width: its distance
    from the analytic NTK at initialisation, and its drift over ``steps`` of full-batch
    gradient descent on the targets :math:`y = \\sin 3\\gamma` at inputs
    :math:`(\\cos\\gamma, \\sin\\gamma)`, :math:`\\gamma \\in [0, \\pi]`.

    Examples
    --------
    >>> s = ntk_study("erf", depth=1, widths=(16, 64, 256), seeds=3, n_inputs=3, steps=20)
    >>> s.drift_fit.slope < 0
    True
    """
    from scipy.stats import t as student_t

    from conjectura.theory.ntk import train_and_track_ntk

    validate_choice(activation, "activation", "ntk_study", ACTIVATIONS)
    widths = tuple(validate_int(n, "widths", "ntk_study", min_value=1) for n in widths)
    if len(widths) < 3:
        raise InvalidParameterError(
            f"ntk_study needs at least 3 widths to fit a slope. Got {widths!r} instead."
        )
    seeds = validate_int(seeds, "seeds", "ntk_study", min_value=2)
    n_inputs = validate_int(n_inputs, "n_inputs", "ntk_study", min_value=2)
    sw2 = DEFAULT_SIGMA_W2[activation] if sigma_w2 is None else sigma_w2
    gam, X = _circle(n_inputs)
    y = np.sin(3 * gam)
    arch = Architecture(
        d_in=2, width=widths[0], depth=depth, activation=activation, sigma_w2=sw2, sigma_b2=sigma_b2
    )
    _, T = kernels(X, activation=activation, depth=depth, sigma_w2=sw2, sigma_b2=sigma_b2)
    t0 = time.perf_counter()
    rows, last = [], []
    seed_grid = child_seeds(seed, len(widths) * seeds)
    for w_i, N in enumerate(widths):
        errs, drifts, losses = [], [], []
        for s_i in range(seeds):
            run = train_and_track_ntk(
                arch.with_width(N), X, y, steps=steps, seed=seed_grid[w_i * seeds + s_i]
            )
            errs.append(np.linalg.norm(run.ntk_initial - T) / np.linalg.norm(T))
            drifts.append(run.ntk_drift)
            losses.append(run.losses[-1])
            if w_i == len(widths) - 1:
                last.append(run.ntk_initial)
        rows.append(
            {
                "width": N,
                "error": float(np.mean(errs)),
                "error_se": float(np.std(errs, ddof=1) / np.sqrt(seeds)),
                "drift": float(np.mean(drifts)),
                "drift_se": float(np.std(drifts, ddof=1) / np.sqrt(seeds)),
                "final_loss": float(np.mean(losses)),
            }
        )
    error_fit = power_law_fit(widths, [r["error"] for r in rows], [r["error_se"] for r in rows])
    drift_fit = power_law_fit(widths, [r["drift"] for r in rows], [r["drift_se"] for r in rows])
    last = np.array(last)
    mean, se = last.mean(axis=0), last.std(axis=0, ddof=1) / np.sqrt(seeds)
    iu = np.triu_indices(n_inputs)
    tz = np.abs((mean - T)[iu] / se[iu])
    k = iu[0].size
    thr = float(student_t.ppf(1 - ALPHA / (2 * k), df=seeds - 1))
    return NTKStudy(
        arch,
        widths,
        seeds,
        steps,
        n_inputs,
        seed if isinstance(seed, int) else None,
        tuple(rows),
        error_fit,
        drift_fit,
        float(tz.max()),
        thr,
        to_jsonable(T),
        to_jsonable(mean),
        time.perf_counter() - t0,
    )
