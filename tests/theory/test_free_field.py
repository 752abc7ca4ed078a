"""A free scalar from a cos network: the propagator with a cutoff (against exact limits and an
independent quadrature), and the network's two- and four-point functions against it."""

import numpy as np
import pytest
from scipy import integrate

from conjectura.exceptions import InvalidParameterError
from conjectura.theory import continuum_propagator, cutoff_propagator, free_field_study, sample_free_field
from conjectura.theory.correlators import correlator


def test_cutoff_propagator_tends_to_the_continuum_with_the_tail_bound():
    """d = 1: |G_L(r) - e^{-mr}/2m| = |int_L^inf cos(pr)/(p^2+m^2) dp| / pi <= 1/(pi L).
    d = 3, r > 0: the tail is (1/(2 pi^2 r)) |int_L^inf g(p) sin(pr) dp| with g = p/(p^2+m^2)
    decreasing for p > m, so it is at most (1/(2 pi^2 r)) 2 g(L)/r."""
    m = 1.3
    for r in (0.0, 0.4, 1.0, 2.5):
        lam = 60.0
        assert abs(cutoff_propagator(r, 1, m, lam) - np.exp(-m * r) / (2 * m)) <= 1 / (np.pi * lam)
    for r in (0.4, 1.0, 2.5):
        lam = 200.0
        bound = 2 * lam / (lam**2 + m**2) / r / (2 * np.pi**2 * r)
        assert abs(cutoff_propagator(r, 3, m, lam) - np.exp(-m * r) / (4 * np.pi * r)) <= bound


def test_cutoff_propagator_at_zero_and_in_two_dimensions():
    m, lam = 0.8, 7.0
    # d = 3, r = 0: (1/2 pi^2) (L - m arctan(L/m))
    assert cutoff_propagator(0.0, 3, m, lam) == pytest.approx(
        (lam - m * np.arctan(lam / m)) / (2 * np.pi**2), rel=1e-10
    )
    # d = 2: the Bessel formula against the 2-d integral in polar coordinates
    for r in (0.0, 0.5, 1.5):
        direct = integrate.dblquad(
            lambda t, p, r=r: p * np.cos(p * r * np.cos(t)) / (p * p + m * m) / (2 * np.pi) ** 2,
            0,
            lam,
            0,
            2 * np.pi,
            epsabs=1e-11,
        )[0]
        assert cutoff_propagator(r, 2, m, lam) == pytest.approx(direct, abs=1e-8)
    # K0(1) = 0.42102443824070834 (Abramowitz and Stegun, ch. 9): G(r = 1) = K0(1) / (2 pi) in d = 2
    assert float(continuum_propagator(1.0, 2, 1.0)) == pytest.approx(
        0.42102443824070834 / (2 * np.pi), rel=1e-12
    )


@pytest.mark.parametrize("d,sampling", [(1, "ball"), (3, "ball"), (1, "cauchy")])
def test_network_two_point_function_is_the_propagator(d, sampling):
    """At (0, r) and at the shifted pairs (s, s + r) (translation invariance), and the connected
    four-point function at coincident points against its exact 1/N value: all within the
    Bonferroni threshold (family-wise false-failure probability 1e-3)."""
    radii = [0.0, 0.5, 1.0, 2.0] if d == 3 else [0.0, 0.5, 1.0, 1.5, 2.5]
    s = free_field_study(
        d, mass=1.0, cutoff=15.0, width=64, n_networks=3000, radii=radii, sampling=sampling, seed=d
    )
    assert s.agrees, s.summary()


def test_plain_estimator_of_the_outputs_agrees_too():
    ens = sample_free_field([[0.0], [0.7]], 20000, width=128, cutoff=15.0, seed=9)
    e = correlator(ens.outputs, (0, 1))
    assert abs(e.z(ens.exact_two_point(0, 1))) < 3.89  # two-sided 1e-4


def test_bad_inputs():
    with pytest.raises(InvalidParameterError, match="can be 'cauchy' only in d = 1"):
        sample_free_field(np.zeros((2, 2)), 10, sampling="cauchy")
    with pytest.raises(InvalidParameterError, match="is needed with sampling='ball'"):
        sample_free_field(np.zeros((2, 1)), 10, cutoff=None)
    with pytest.raises(InvalidParameterError, match="'mass' parameter of sample_free_field"):
        sample_free_field(np.zeros((2, 1)), 10, mass=0.0)
