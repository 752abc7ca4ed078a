# %% [markdown]
# # Neural networks as field theories, and quasi-Monte Carlo
#
# A notebook-style tour (cells marked `# %%`; run it as a script or open it in Jupyter/VS Code).
# Every comparison below is a Monte Carlo estimate with an error bar against an exact value,
# judged by a z-score; every study returns an object with `.table()`, `.summary()`,
# `.to_dict()` and `.report(directory)`, the same objects the `conjectura theory ...` and
# `conjectura qmc ...` commands print.
#
#     python examples/nn_field_theory.py [OUTPUT_DIRECTORY]
#
# References: Neal (1996) and Williams (1997) for the infinite-width limit; Lee et al. (2018),
# arXiv:1711.00165; Halverson, Maiti and Stoner (2021), arXiv:2008.08601; Jacot, Gabriel and
# Hongler (2018), arXiv:1806.07572; Nuyens and Cools (2006), doi:10.1090/S0025-5718-06-01785-6.

# %%
import sys
from pathlib import Path

import numpy as np
from rich.console import Console

from conjectura.core.threads import limit_threads
from conjectura.qmc import Float, Int, genz, qmc_study, rqmc_integrate, sweep
from conjectura.theory import (
    Architecture,
    connected_four_point,
    four_point_coefficient,
    free_field_study,
    kernel_study,
    nngp_kernel,
    nongaussianity_study,
    ntk_study,
    sample_ensemble,
    two_point,
)

out = Path(sys.argv[1] if len(sys.argv) > 1 else "nn_field_theory_reports")
console = Console(width=120)
limit = limit_threads(1)  # one thread: two OpenMP threads on a busy 2-core machine are slower
limit.__enter__()

# %% [markdown]
# ## 1. Wide networks are Gaussian processes
# One ensemble of 2000 ReLU networks (two hidden layers of width 1024) at two inputs; the
# two-point function against the arc-cosine kernel iterated over depth.

# %%
arch = Architecture(d_in=2, width=1024, depth=2, activation="relu", sigma_w2=2.0, sigma_b2=0.1)
X = np.array([[1.0, 0.0], [0.6, 0.8]])
ens = sample_ensemble(arch, X, 2000, seed=0)
K = nngp_kernel(X, activation="relu", depth=2, sigma_w2=2.0, sigma_b2=0.1)
g = two_point(ens, 0, 1)
print(f"G2(x, y) = {g.value:.5f} ± {g.stderr:.5f}; NN-GP kernel {K[0, 1]:.5f}; z = {g.z(K[0, 1]):+.2f}")

k = kernel_study(depth=2, width=1024, n_networks=2000, seed=0)
console.print(k.table())
print("\n".join(k.summary()))
print("report:", k.report(out / "kernel"))

# %% [markdown]
# ## 2. Finite width is an interacting theory: the connected four-point function is 1/N
# For one hidden layer it is exactly c/N; `four_point_coefficient` gives c.

# %%
small = Architecture(d_in=2, width=16, depth=1, activation="erf", sigma_w2=1.5, sigma_b2=0.1)
g4 = connected_four_point(sample_ensemble(small, X, 4000, seed=1), (0, 0, 1, 1))
exact = four_point_coefficient(small, X[0], X[1]) / 16
print(
    f"G4c(x,x,y,y) at N = 16: {g4.value:.5f} ± {g4.stderr:.5f}; exact c/N = {exact:.5f}; z = {g4.z(exact):+.2f}"
)

ng = nongaussianity_study("relu", depth=2, n_networks=2000, seed=0)
console.print(ng.table())
print("\n".join(ng.summary()))
print("report:", ng.report(out / "nongaussianity"))

# %% [markdown]
# ## 3. A free scalar field from a cos network
# phi(x) = sum_i a_i cos(b_i . x + c_i) / sqrt(b_i^2 + m^2) with b_i uniform in a ball of radius
# Lambda has the propagator 1/(p^2 + m^2) (cut off at Lambda) as its two-point function.

# %%
ff = free_field_study(1, mass=1.0, cutoff=20.0, width=256, n_networks=3000, seed=0)
console.print(ff.table())
print("\n".join(ff.summary()))
print("report:", ff.report(out / "free_field"))
ff3 = free_field_study(
    3, mass=1.0, cutoff=20.0, width=256, n_networks=3000, radii=[0.0, 0.5, 1.0, 2.0], seed=1
)
print("d = 3:", "\n".join(ff3.summary()))

# %% [markdown]
# ## 4. The neural tangent kernel freezes as the width grows

# %%
nt = ntk_study("erf", depth=2, widths=(16, 64, 256, 1024), seeds=6, steps=150, seed=0)
console.print(nt.table())
print("\n".join(nt.summary()))
print("report:", nt.report(out / "ntk"))

# %% [markdown]
# ## 5. Quasi-Monte Carlo: integrals, convergence, sweeps
# Randomised QMC gives an unbiased estimate with an honest error bar from independent scrambles;
# on a smooth integrand in 8 dimensions it beats plain Monte Carlo by orders of magnitude.

# %%
f = genz("product_peak", 8, seed=0)
for method in ("mc", "sobol", "lattice"):
    n = 4093 if method == "lattice" else 4096
    r = rqmc_integrate(f, 8, n, method=method, replicates=16, seed=0, tent=True)
    print(f"{method:8s} {r.estimate:.8f} ± {r.stderr:.1e}  (exact {f.exact}; z = {r.z_score(f.exact):+.2f})")

q = qmc_study((2, 32), ("gaussian", "discontinuous"), log2_n=(6, 13), replicates=16, seed=0)
console.print(q.table())
print("report:", q.report(out / "qmc"))

# A quasi-random sweep kept in a database: run this cell in several processes at once and they
# share the sweep (same URL, same study name, same seed).
url = f"sqlite:///{(out / 'sweep.db').resolve()}"
out.mkdir(parents=True, exist_ok=True)
res = sweep(
    lambda p: (p["x"] - 0.3) ** 2 + (np.log10(p["lr"]) + 2) ** 2 + p["layers"] / 10,
    {"x": Float(0.0, 1.0), "lr": Float(1e-4, 1e-1, log=True), "layers": Int(1, 4)},
    n_trials=32,
    storage=url,
    study_name="example",
    seed=0,
)
console.print(res.table(5))
print("report:", res.report(out / "sweep"))

# %%
limit.__exit__(None, None, None)
