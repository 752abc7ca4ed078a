"""Figures and HTML reports of the quasi-Monte Carlo and neural-network field-theory studies.

Each ``*_chart`` writes one PNG (matplotlib, Agg) and each ``*_report`` a self-contained
``report.html`` (through :func:`conjectura.report.html.write_report`) with the study's
numbers, its figure and a paragraph saying what was compared with what.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from conjectura.report.figures import line_chart
from conjectura.report.html import Section, write_report

__all__ = [
    "qmc_overview_chart",
    "qmc_dimension_chart",
    "qmc_report",
    "sweep_report",
    "kernel_chart",
    "kernel_report",
    "nongaussianity_chart",
    "nongaussianity_report",
    "free_field_chart",
    "free_field_report",
    "ntk_chart",
    "ntk_report",
]

_COLORS = {"mc": "#777777", "sobol": "#1f77b4", "halton": "#9467bd", "lattice": "#d62728"}


def _plt():
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    return plt


def _save(fig, path: Path) -> Path:
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    _plt().close(fig)
    return path


def _rows_of(table_rows):
    return [{k: (round(v, 6) if isinstance(v, float) else v) for k, v in r.items()} for r in table_rows]


# ------------------------------------------------------------------------------------ qmc


def qmc_dimension_chart(study, d: int, path: str | Path) -> Path:
    """Normalised RMS error against ``n`` in dimension ``d``: one panel per Genz family, one
    line (with error bars) per method, and the Monte Carlo rate :math:`n^{-1/2}` dashed."""
    from conjectura.qmc.study import METHOD_LABELS

    plt = _plt()
    fams = study.families
    fig, axes = plt.subplots(1, len(fams), figsize=(3.0 * len(fams), 3.1), squeeze=False, sharey=True)
    for ax, fam in zip(axes[0], fams):
        for m in study.methods:
            c = study.curve(d, fam, m)
            ax.errorbar(
                c.n,
                c.rmse,
                yerr=c.rmse_se,
                marker="o",
                ms=3,
                capsize=2,
                color=_COLORS.get(m),
                label=f"{METHOD_LABELS[m].split(' (')[0]}: {c.slope:+.2f}",
            )
        n = np.array(study.curve(d, fam, study.methods[0]).n, dtype=float)
        ax.plot(n, n**-0.5, "k--", lw=0.8)
        ax.set_xscale("log", base=2)
        ax.set_yscale("log")
        ax.set_title(f"{fam}, d = {d}", fontsize=9)
        ax.set_xlabel("n")
        ax.legend(fontsize=6.5, title="slope", title_fontsize=6.5)
    axes[0][0].set_ylabel("RMS error / sigma")
    return _save(fig, Path(path))


def qmc_overview_chart(study, path: str | Path, *, family: str | None = None) -> Path:
    """Two panels: the error against ``n`` of every method in the smallest and the largest
    dimension for one smooth family, and the fitted slope of every (family, method) against
    the dimension."""
    from conjectura.qmc.study import METHOD_LABELS

    plt = _plt()
    fam = family or next(
        (f for f in ("gaussian", "product_peak", "oscillatory") if f in study.families), study.families[0]
    )
    d_lo, d_hi = min(study.dims), max(study.dims)
    fig, (a1, a2) = plt.subplots(1, 2, figsize=(10.5, 3.9))
    for m in study.methods:
        for d, ls in ((d_lo, "-"), (d_hi, ":")):
            c = study.curve(d, fam, m)
            a1.errorbar(
                c.n,
                c.rmse,
                yerr=c.rmse_se,
                ls=ls,
                marker="o",
                ms=3,
                capsize=2,
                color=_COLORS.get(m),
                label=f"{METHOD_LABELS[m].split(' (')[0]}, d={d}: {c.slope:+.2f}",
            )
    n = np.array(study.curve(d_lo, fam, study.methods[0]).n, dtype=float)
    a1.plot(n, n**-0.5, "k--", lw=0.8, label="n^-1/2")
    a1.set_xscale("log", base=2)
    a1.set_yscale("log")
    a1.set_xlabel("n")
    a1.set_ylabel("RMS error / sigma")
    a1.set_title(f"Genz {fam}: error against n (fitted slopes)", fontsize=10)
    a1.legend(fontsize=7)
    markers = {
        "oscillatory": "v",
        "product_peak": "^",
        "gaussian": "o",
        "continuous": "s",
        "discontinuous": "x",
    }
    for m in study.methods:
        for f in study.families:
            cs = [study.curve(d, f, m) for d in study.dims]
            a2.errorbar(
                np.array(study.dims) * (1 + 0.04 * study.families.index(f)),
                [c.slope for c in cs],
                yerr=[c.slope_se for c in cs],
                color=_COLORS.get(m),
                marker=markers.get(f, "o"),
                ms=4,
                lw=0.8,
                capsize=2,
                label=f"{METHOD_LABELS[m].split(' (')[0]}" if f == study.families[0] else None,
            )
    for f in study.families:
        a2.plot([], [], color="k", ls="", marker=markers.get(f, "o"), label=f)
    a2.axhline(-0.5, color="k", ls="--", lw=0.8)
    a2.set_xscale("log", base=2)
    a2.set_xlabel("dimension d")
    a2.set_ylabel("fitted slope of log error vs log n")
    a2.set_title("convergence rate against dimension", fontsize=10)
    a2.legend(fontsize=7, ncol=2)
    return _save(fig, Path(path))


def qmc_report(study, directory: str | Path) -> Path:
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    over = qmc_overview_chart(study, directory / "qmc_overview.png")
    text = (
        f"Root-mean-square error over {study.replicates} independent randomisations, divided by the "
        f"integrand's exact standard deviation sigma, so plain Monte Carlo has expected squared error 1/n "
        f"exactly. Genz coefficients a_i = c_f i^-{study.decay:g}; lattice: CBC generating vectors "
        f"(weights {study.lattice_weights}), random shift{', tent transform' if study.tent else ''}, n the "
        f"largest prime <= 2^k. Slopes are least-squares fits of log error on log n with their standard "
        f"errors; 'MC error / error' is the advantage at the largest n. Measured in {study.seconds:.1f} s."
    )
    sections = [Section("Convergence of Monte Carlo and randomised QMC", text=text, images=[over])]
    for d in study.dims:
        png = qmc_dimension_chart(study, d, directory / f"qmc_d{d}.png")
        sections.append(Section(f"d = {d}", images=[png]))
    sections.append(Section("Fitted slopes", rows=_rows_of(study.table_rows())))
    return write_report(directory, "conjectura qmc study", sections)


def sweep_report(result, directory: str | Path) -> Path:
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    done = sorted(result.complete, key=lambda t: t["number"])
    sections = []
    if done:
        vals = [t["value"] for t in done]
        best = np.minimum.accumulate(vals) if result.direction == "minimize" else np.maximum.accumulate(vals)
        png = line_chart(
            [t["number"] for t in done],
            {"value": vals, "best so far": list(best)},
            directory / "sweep.png",
            xlabel="trial",
            ylabel="objective",
            title=f"sweep {result.study_name} ({result.sampler})",
        )
        sections.append(
            Section("Trials", text=f"{len(done)} complete trials of {len(result.trials)}.", images=[png])
        )
    sections.append(Section("Best trials", rows=_rows_of(result.table_rows(20))))
    return write_report(directory, f"conjectura sweep {result.study_name}", sections)


# ------------------------------------------------------------------------------------ theory


def kernel_chart(study, path: str | Path) -> Path:
    """Per activation: the analytic NN-GP kernel against the angle (line) and the Monte Carlo
    two-point function with error bars."""
    from conjectura.theory.kernels import nngp_kernel

    plt = _plt()
    acts = list(dict.fromkeys(r["activation"] for r in study.rows))
    fig, axes = plt.subplots(1, len(acts), figsize=(3.6 * len(acts), 3.2), squeeze=False)
    g = np.linspace(0, np.pi, 200)
    Xd = np.c_[np.cos(g), np.sin(g)]
    for ax, act in zip(axes[0], acts):
        rs = [r for r in study.rows if r["activation"] == act]
        K = nngp_kernel(
            Xd[:1], Xd, activation=act, depth=study.depth, sigma_w2=rs[0]["sigma_w2"], sigma_b2=study.sigma_b2
        )[0]
        ax.plot(g, K, "k-", lw=1, label="NN-GP kernel (N = inf)")
        ax.errorbar(
            [r["gamma"] for r in rs],
            [r["mc"] for r in rs],
            yerr=[4 * r["stderr"] for r in rs],
            fmt="o",
            ms=3,
            capsize=2,
            color="#d62728",
            label=f"{study.n_networks} nets, N = {study.width} (±4 se)",
        )
        ax.set_xlabel("angle between inputs")
        ax.set_title(f"{act}, depth {study.depth}", fontsize=10)
        ax.legend(fontsize=7)
    axes[0][0].set_ylabel("G2(x, x')")
    return _save(fig, Path(path))


def kernel_report(study, directory: str | Path) -> Path:
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    png = kernel_chart(study, directory / "kernel.png")
    text = (
        f"Inputs x(angle) = (cos angle, sin angle). The Monte Carlo two-point function of {study.n_networks} "
        f"random networks (width {study.width}, {study.estimator} estimator, {study.sampler} sampler) against "
        "the arc-cosine (ReLU), Williams (erf) and cos kernels iterated over depth.\n\n"
        + "\n".join(study.summary())
    )
    return write_report(
        directory,
        "NN-GP kernel against the two-point function",
        [
            Section("Comparison", text=text, images=[png]),
            Section("Numbers", rows=_rows_of(study.table_rows())),
        ],
    )


def nongaussianity_chart(study, path: str | Path) -> Path:
    """Left: :math:`G^{(4)}_c` against :math:`N` (log-log) with the fit and, for one hidden layer,
    the exact :math:`c/N`. Right: :math:`N G^{(4)}_c` from both estimators."""
    plt = _plt()
    N = np.array([r["width"] for r in study.rows], dtype=float)
    v = np.array([r["g4c"] for r in study.rows])
    e = np.array([r["stderr"] for r in study.rows])
    vo = np.array([r["g4c_outputs"] for r in study.rows])
    eo = np.array([r["stderr_outputs"] for r in study.rows])
    fig, (a1, a2) = plt.subplots(1, 2, figsize=(10, 3.8))
    a1.errorbar(N, v, yerr=e, fmt="o", ms=4, capsize=2, color="#1f77b4", label="Monte Carlo (conditional)")
    f = study.fit
    a1.plot(
        N, f.predict(N), "-", color="#1f77b4", lw=1, label=f"fit A N^s: s = {f.slope:+.3f} ± {f.slope_se:.3f}"
    )
    if not study.exact_available:
        g = study.fit_corrected
        a1.plot(
            N,
            g.predict(N),
            "--",
            color="#d62728",
            lw=1,
            label=f"fit A N^s (1 + B/N): s = {g.slope:+.3f} ± {g.slope_se:.3f}",
        )
    if study.exact_available:
        a1.plot(N, [r["exact"] for r in study.rows], "k--", lw=1, label="exact c/N (one hidden layer)")
    a1.set_xscale("log", base=2)
    a1.set_yscale("log")
    a1.set_xlabel("width N")
    a1.set_ylabel("G4c(x, x, y, y)")
    a1.set_title(f"non-Gaussianity, {study.arch.activation}, depth {study.arch.depth}", fontsize=10)
    a1.legend(fontsize=7)
    a2.errorbar(
        N * 0.97, N * vo, yerr=N * eo, fmt="s", ms=3, capsize=2, color="#999999", label="outputs estimator"
    )
    a2.errorbar(
        N * 1.03, N * v, yerr=N * e, fmt="o", ms=4, capsize=2, color="#1f77b4", label="conditional estimator"
    )
    if study.exact_available:
        a2.axhline(study.rows[0]["exact"] * study.rows[0]["width"], color="k", ls="--", lw=1, label="exact c")
    a2.set_xscale("log", base=2)
    a2.set_xlabel("width N")
    a2.set_ylabel("N * G4c")
    a2.set_title(f"{study.n_networks} networks per width", fontsize=10)
    a2.legend(fontsize=7)
    return _save(fig, Path(path))


def nongaussianity_report(study, directory: str | Path) -> Path:
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    png = nongaussianity_chart(study, directory / "nongaussianity.png")
    text = (
        f"Connected four-point function at x = {study.x}, y = {study.y}: a Gaussian process has 0. The "
        "conditional estimator uses that the output is Gaussian given the last hidden layer (Isserlis' theorem); "
        "the plain estimator of the outputs estimates the same number with far larger error bars.\n\n"
        + "\n".join(study.summary())
    )
    return write_report(
        directory,
        "Non-Gaussianity at finite width",
        [Section("1/N", text=text, images=[png]), Section("Numbers", rows=_rows_of(study.table_rows()))],
    )


def free_field_chart(study, path: str | Path) -> Path:
    """The two-point function of the cos network against distance, with the exact cutoff
    propagator and the continuum propagator."""
    from conjectura.theory.free_field import continuum_propagator, cutoff_propagator

    plt = _plt()
    r = np.array([x["r"] for x in study.rows])
    dense = np.linspace(0.0, max(r.max(), 1e-3), 160)
    fig, ax = plt.subplots(figsize=(6.2, 3.9))
    if study.sampling == "ball":
        ax.plot(
            dense,
            cutoff_propagator(dense, study.d, study.mass, study.cutoff),
            "k-",
            lw=1,
            label=f"propagator, |p| < {study.cutoff:g}",
        )
    pos = dense[dense > 0] if study.d > 1 else dense
    ax.plot(pos, continuum_propagator(pos, study.d, study.mass), "k:", lw=1, label="continuum 1/(p^2+m^2)")
    ax.errorbar(
        r,
        [x["mc"] for x in study.rows],
        yerr=[4 * x["stderr"] for x in study.rows],
        fmt="o",
        ms=4,
        capsize=2,
        color="#d62728",
        label="cos network G2(0, r) (±4 se)",
    )
    ax.errorbar(
        r + 0.02 * r.max(),
        [x["mc_shifted"] for x in study.rows],
        yerr=[4 * x["stderr_shifted"] for x in study.rows],
        fmt="^",
        ms=3,
        capsize=2,
        color="#1f77b4",
        label=f"shifted G2(s, s + r), s = {study.shift[0]:g}",
    )
    finite = [x["exact"] for x in study.rows]
    ax.set_ylim(min(0.0, min(finite) * 1.2), max(finite) * 1.3)
    ax.set_xlabel("r = |x - y|")
    ax.set_ylabel("G2(r)")
    ax.set_title(
        f"free scalar from a cos network, d = {study.d}, m = {study.mass:g}, N = {study.width}", fontsize=10
    )
    ax.legend(fontsize=7)
    return _save(fig, Path(path))


def free_field_report(study, directory: str | Path) -> Path:
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    png = free_field_chart(study, directory / "free_field.png")
    text = (
        "phi(x) = sqrt(2 vol(B) / (sigma_a^2 (2 pi)^d)) sum_i a_i cos(b_i.x + c_i) / sqrt(b_i^2 + m^2) with b_i "
        "uniform in the ball of radius Lambda (Halverson, Maiti and Stoner 2021): its two-point function is the "
        "Fourier transform of 1/(p^2 + m^2) restricted to |p| < Lambda, at every width.\n\n"
        + "\n".join(study.summary())
    )
    return write_report(
        directory,
        "A free field from a neural network",
        [
            Section("Two-point function", text=text, images=[png]),
            Section("Numbers", rows=_rows_of(study.table_rows())),
        ],
    )


def ntk_chart(study, path: str | Path) -> Path:
    """Log-log: distance of the empirical from the analytic NTK at initialisation, and the
    drift of the empirical NTK during training, against width, with fits and :math:`N^{-1/2}`."""
    plt = _plt()
    N = np.array([r["width"] for r in study.rows], dtype=float)
    fig, axes = plt.subplots(1, 2, figsize=(10, 3.8))
    for ax, key, fit, title in (
        (axes[0], "error", study.error_fit, "|NTK_0 - analytic NTK| / |analytic| at initialisation"),
        (axes[1], "drift", study.drift_fit, f"|NTK_T - NTK_0| / |NTK_0| after {study.steps} GD steps"),
    ):
        y = np.array([r[key] for r in study.rows])
        ax.errorbar(
            N,
            y,
            yerr=[r[f"{key}_se"] for r in study.rows],
            fmt="o",
            ms=4,
            capsize=2,
            color="#1f77b4",
            label=f"mean over {study.seeds} seeds",
        )
        ax.plot(
            N,
            fit.predict(N),
            "-",
            color="#1f77b4",
            lw=1,
            label=f"fit: slope {fit.slope:+.3f} ± {fit.slope_se:.3f}",
        )
        mid = float(np.sqrt(N[0] * N[-1]))  # reference slopes through the fit at the middle width
        y_mid = float(fit.predict(mid))
        ax.plot(N, y_mid * (N / mid) ** -0.5, "k--", lw=0.8, label="N^-1/2")
        ax.plot(N, y_mid * (N / mid) ** -1.0, "k:", lw=0.8, label="N^-1")
        ax.set_xscale("log", base=2)
        ax.set_yscale("log")
        ax.set_xlabel("width N")
        ax.set_title(title, fontsize=9)
        ax.legend(fontsize=7)
    return _save(fig, Path(path))


def ntk_report(study, directory: str | Path) -> Path:
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    png = ntk_chart(study, directory / "ntk.png")
    a = study.arch
    text = (
        f"{a.activation} networks of depth {a.depth} in the NTK parametrisation (sigma_w^2 = {a.sigma_w2:g}, "
        f"sigma_b^2 = {a.sigma_b2:g}); empirical NTK by torch.func.jacrev over all parameters; full-batch gradient "
        f"descent on 1/2 sum (f - y)^2 with learning rate 1/lambda_max of the analytic NTK.\n\n"
        + "\n".join(study.summary())
    )
    return write_report(
        directory,
        "Empirical and analytic neural tangent kernels",
        [
            Section("Convergence and drift", text=text, images=[png]),
            Section("Numbers", rows=_rows_of(study.table_rows())),
        ],
    )
