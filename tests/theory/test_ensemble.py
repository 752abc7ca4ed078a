"""Random-network ensembles: the two samplers agree in distribution, the two-point function
converges to the NN-GP kernel (and the comparison detects finite width), odd correlators
vanish. Tolerances: Bonferroni over the comparisons of a test, family-wise 1e-3."""

import numpy as np
import pytest

from conjectura.exceptions import InvalidParameterError
from conjectura.theory import (
    Architecture,
    connected_four_point,
    correlator,
    kernel_study,
    sample_ensemble,
    two_point,
)
from conjectura.theory.studies import bonferroni_threshold

X3 = np.array([[1.0, 0.0], [0.6, 0.8], [-1.0, 0.0]])


@pytest.mark.parametrize("activation", ["relu", "erf", "cos"])
def test_gram_and_weight_samplers_sample_the_same_networks(activation):
    """Two-sample z-scores of G2 and G4c at width 8, depth 2, from explicit weights and from the
    Gram-matrix chain (independent seeds)."""
    arch = Architecture(d_in=2, width=8, depth=2, activation=activation, sigma_w2=1.5, sigma_b2=0.1)
    a = sample_ensemble(arch, X3, 6000, sampler="weights", seed=1)
    b = sample_ensemble(arch, X3, 6000, sampler="gram", seed=2)
    zs = []
    for i, j in ((0, 0), (0, 1), (0, 2)):
        ea, eb = two_point(a, i, j), two_point(b, i, j)
        zs.append((ea.value - eb.value) / np.hypot(ea.stderr, eb.stderr))
    for idx in ((0, 0, 0, 0), (0, 0, 1, 1), (0, 1, 2, 2)):
        ea, eb = connected_four_point(a, idx), connected_four_point(b, idx)
        zs.append((ea.value - eb.value) / np.hypot(ea.stderr, eb.stderr))
    assert max(map(abs, zs)) < bonferroni_threshold(len(zs)), zs


def test_two_point_function_of_wide_networks_is_the_nngp_kernel():
    s = kernel_study(depth=2, width=1024, n_networks=2000, n_angles=5, seed=0)
    assert s.agrees, s.summary()
    assert len(s.rows) == 15 and s.threshold == pytest.approx(bonferroni_threshold(15))


def test_the_comparison_detects_finite_width():
    """At width 2 and depth 2 the two-point function is not the infinite-width kernel; with one
    hidden layer it is, at every width (E[G] = K^2 exactly)."""
    narrow = kernel_study(depth=2, width=2, n_networks=4000, n_angles=5, seed=1)
    assert not narrow.agrees and narrow.max_abs_z > 2 * narrow.threshold
    one_layer = kernel_study(depth=1, width=2, n_networks=4000, n_angles=5, seed=1)
    assert one_layer.agrees, one_layer.summary()


def test_plain_and_conditional_estimators_agree():
    arch = Architecture(d_in=2, width=4, depth=2, activation="erf", sigma_w2=1.5)
    ens = sample_ensemble(arch, X3, 20000, seed=3)
    zs = []
    for idx in ((0, 0, 0, 0), (0, 0, 1, 1)):
        c = connected_four_point(ens, idx, estimator="conditional")
        o = connected_four_point(ens, idx, estimator="outputs")
        zs.append((c.value - o.value) / o.stderr)  # the plain estimator's error dominates
    g_c, g_o = two_point(ens, 0, 1), two_point(ens, 0, 1, estimator="outputs")
    zs.append((g_c.value - g_o.value) / g_o.stderr)
    assert max(map(abs, zs)) < bonferroni_threshold(3), zs
    assert g_c.stderr < g_o.stderr


def test_odd_correlators_vanish():
    """f -> -f is a symmetry of the law (flip the last layer), so G^(1) = G^(3) = 0."""
    ens = sample_ensemble(Architecture(d_in=2, width=6, depth=2, activation="relu"), X3, 8000, seed=4)
    zs = [correlator(ens.outputs, idx).z(0.0) for idx in ((0,), (1,), (0, 1, 2), (0, 0, 1), (2, 2, 2))]
    assert max(map(abs, zs)) < bonferroni_threshold(len(zs)), zs


def test_sampling_is_reproducible_and_validated():
    arch = Architecture(d_in=2, width=4)
    a = sample_ensemble(arch, X3, 100, seed=5, batch_size=7)
    b = sample_ensemble(arch, X3, 100, seed=5, batch_size=7)
    assert np.array_equal(a.outputs, b.outputs) and a.size == 100
    with pytest.raises(InvalidParameterError, match=r"shape \(n, 2\)"):
        sample_ensemble(arch, np.ones((3, 3)), 10)
    with pytest.raises(InvalidParameterError, match="'sampler' parameter of sample_ensemble"):
        sample_ensemble(arch, X3, 10, sampler="exact")
    with pytest.raises(InvalidParameterError, match="'width' parameter of Architecture must be an int >= 1"):
        Architecture(d_in=2, width=0)
    with pytest.raises(InvalidParameterError, match="needs 4 input indices"):
        connected_four_point(a, (0, 1, 2))
