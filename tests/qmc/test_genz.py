"""Genz integrands: the closed-form integrals and variances against adaptive quadrature."""

import itertools

import numpy as np
import pytest
from scipy import integrate

from conjectura.exceptions import InvalidParameterError
from conjectura.qmc.genz import GENZ_FAMILIES, genz


@pytest.mark.parametrize("family", GENZ_FAMILIES)
def test_exact_integral_and_variance_in_one_and_two_dimensions(family):
    for d in (1, 2):
        f = genz(family, d, scale=2.0, seed=3)
        kinks = [float(f.u[0])]
        if d == 1:

            def g(t, f=f):
                return f(np.array([[t]]))[0]

            i1 = integrate.quad(g, 0, 1, points=kinks, limit=200, epsabs=1e-13)[0]
            i2 = integrate.quad(lambda t: g(t) ** 2, 0, 1, points=kinks, limit=200, epsabs=1e-13)[0]
        else:

            def g(y, x, f=f):
                return f(np.array([[x, y]]))[0]

            # split at the kinks/jumps so the quadrature sees smooth pieces
            xs, ys = [0.0, float(f.u[0]), 1.0], [0.0, float(f.u[1]), 1.0]
            i1 = i2 = 0.0
            for x0, x1 in itertools.pairwise(xs):
                for y0, y1 in itertools.pairwise(ys):
                    i1 += integrate.dblquad(g, x0, x1, y0, y1, epsabs=1e-12)[0]
                    i2 += integrate.dblquad(lambda y, x: g(y, x) ** 2, x0, x1, y0, y1, epsabs=1e-12)[0]
        assert f.exact == pytest.approx(i1, abs=1e-8)
        assert f.variance == pytest.approx(i2 - i1**2, abs=1e-8)


def test_product_families_are_normalised_in_high_dimension():
    for fam in ("product_peak", "gaussian", "continuous", "discontinuous"):
        f = genz(fam, 128)
        assert f.exact == 1.0 and 0 < f.std < 5
        v = f(np.random.default_rng(0).random((10, 128)))
        assert v.shape == (10,) and np.all(np.isfinite(v))
    assert genz("gaussian", 4).smooth and not genz("discontinuous", 4).smooth


def test_bad_inputs():
    with pytest.raises(InvalidParameterError, match="'family' parameter of genz must be one of"):
        genz("corner_peak", 3)
    with pytest.raises(InvalidParameterError, match=r"takes points of shape \(m, 3\)"):
        genz("gaussian", 3)(np.zeros((4, 2)))
