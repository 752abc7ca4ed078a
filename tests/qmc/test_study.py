"""The convergence study: Monte Carlo's rate, QMC's faster rate on smooth integrands in low
dimension, and where it fades (a discontinuity; high dimension)."""

import json

import numpy as np
import pytest

from conjectura.exceptions import InvalidParameterError
from conjectura.qmc import fit_slope, qmc_study


@pytest.fixture(scope="module")
def study():
    return qmc_study(
        (2, 32),
        ("gaussian", "discontinuous"),
        ("mc", "sobol", "lattice"),
        log2_n=(6, 12),
        replicates=16,
        seed=0,
    )


def test_monte_carlo_converges_at_rate_one_half(study):
    """RMSE/sigma of Monte Carlo is n^-1/2 in expectation; the fitted slope is within 4 of its
    standard errors of -1/2 (about 6e-5 chance of a false failure in the normal approximation)."""
    for d in (2, 32):
        for fam in ("gaussian", "discontinuous"):
            c = study.curve(d, fam, "mc")
            assert abs(c.slope + 0.5) <= 4 * c.slope_se, (d, fam, c.slope, c.slope_se)


def test_qmc_is_faster_than_n_to_the_minus_one_on_a_smooth_integrand_in_two_dimensions(study):
    for m in ("sobol", "lattice"):
        c = study.curve(2, "gaussian", m)
        assert c.slope + 4 * c.slope_se < -1.0, (m, c.slope, c.slope_se)


def test_a_discontinuity_costs_qmc_its_rate(study):
    """In d = 2 the discontinuous Genz integrand converges more slowly than the Gaussian one, by
    more than 4 combined standard errors."""
    for m in ("sobol", "lattice"):
        smooth, jump = study.curve(2, "gaussian", m), study.curve(2, "discontinuous", m)
        assert jump.slope - smooth.slope > 4 * np.hypot(jump.slope_se, smooth.slope_se)


def test_the_advantage_fades_with_dimension(study):
    """The error ratio MC / QMC at the largest n (each RMSE known to about 20% from 16 replicates)
    is orders of magnitude smaller in d = 32 than in d = 2, yet still above 1."""
    for m in ("sobol", "lattice"):
        lo, hi = study.advantage(2, "gaussian", m), study.advantage(32, "gaussian", m)
        assert hi * 100 < lo and hi > 1.5, (m, lo, hi)


def test_result_object(study, tmp_path):
    doc = json.loads(json.dumps(study.to_dict()))
    assert len(doc["curves"]) == 12 and doc["curves"][0]["n"][0] == 64
    assert study.curve(2, "gaussian", "lattice").n[-1] == 4093  # largest prime <= 2^12
    rows = study.table_rows()
    assert rows[0]["MC error / error"] == "1" and "±" in rows[1]["slope"]
    assert study.table().row_count == 12
    html = study.report(tmp_path).read_text()
    assert html.count("data:image/png;base64") == 3  # overview + one per dimension
    assert f"{study.curve(32, 'gaussian', 'sobol').slope:+.2f}" in html


def test_fit_slope_and_bad_input():
    s, se, _ = fit_slope([10, 100, 1000], [1.0, 0.1, 0.01])
    assert s == pytest.approx(-1.0) and se == pytest.approx(0.0, abs=1e-12)
    with pytest.raises(InvalidParameterError, match="at least 3 values of n"):
        fit_slope([1, 2], [1, 2])
    with pytest.raises(InvalidParameterError, match="must span at least 3 values"):
        qmc_study((2,), log2_n=(6, 7))
    with pytest.raises(InvalidParameterError, match="leaves fewer than 3 values of n"):
        qmc_study((2,), log2_n=(6, 9), fit_from=512)
    with pytest.raises(InvalidParameterError, match="'families' parameter of qmc_study must be one of"):
        qmc_study((2,), ("peak",))
