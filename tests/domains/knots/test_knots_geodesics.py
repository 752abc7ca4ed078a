"""Geodesic features: the figure-eight knot's systole, agreement across the fallback chain,
and the per-knot timeout of the subprocess runner."""

from __future__ import annotations

import cmath
import math

import pytest

from conjectura.domains.knots.geodesics import GeodesicRunner, _attempts, shortest_geodesic

snappy = pytest.importorskip("snappy")


def test_figure_eight_systole_has_trace_one_minus_omega():
    """The figure-eight group lies in PSL(2, Z[omega]) (Riley); its shortest geodesic is the
    loxodromic of trace 1 - omega (norm 3): 2 cosh(L/2) = 3/2 -+ (sqrt 3/2) i, so
    Re L = 2 Re arccosh((3 - i sqrt 3)/4) = 1.0870701449957..."""
    g = shortest_geodesic(snappy.Manifold("K4a1"))
    assert g["geodesic_error"] == "" and g["geodesic_method"] is not None
    L = complex(g["short_geodesic_real_part"], g["short_geodesic_imag_part"])
    t = 2 * cmath.cosh(L / 2)
    assert abs(t.real) == pytest.approx(1.5, abs=1e-9)
    assert abs(t.imag) == pytest.approx(math.sqrt(3) / 2, abs=1e-9)
    expected = 2 * cmath.acosh(complex(3, -math.sqrt(3)) / 4).real
    assert g["short_geodesic_real_part"] == pytest.approx(abs(expected), rel=1e-9)
    assert g["injectivity_radius"] == pytest.approx(g["short_geodesic_real_part"] / 2)


def test_fallback_methods_agree():
    """K10a17's default Dirichlet domain fails; the later methods of the chain that succeed
    give the same complex length up to the sign of the torsion (orientation of the curve)."""
    M = snappy.Manifold("K10a17")
    found = []
    for name, attempt in _attempts(M):
        if name == "length-spectrum-alt":
            continue  # tens of seconds
        try:
            z = attempt()
        except RuntimeError:
            continue
        if z is not None:
            found.append((name, z))
    assert len(found) >= 2, found
    z0 = found[0][1]
    for _, z in found[1:]:
        assert z.real == pytest.approx(z0.real, rel=1e-8)
        assert abs(z.imag) == pytest.approx(abs(z0.imag), rel=1e-7)
    g = shortest_geodesic(M)
    assert g["short_geodesic_real_part"] == pytest.approx(z0.real, rel=1e-8)


def test_runner_times_out_then_recovers():
    with GeodesicRunner(timeout=1e-3) as r:
        out = r.compute("census:K14a7036")  # needs far more than a millisecond
        assert out["geodesic_error"].startswith("geodesics: timeout")
        assert out["injectivity_radius"] is None
        r.timeout = 60.0
        ok = r.compute("census:K4a1")  # a fresh child after the kill
        assert ok["geodesic_error"] == ""
        assert ok["short_geodesic_real_part"] == pytest.approx(1.0870701449957, rel=1e-9)
        bad = r.compute("nonsense:1")
        assert bad["injectivity_radius"] is None and "unknown manifold payload" in bad["geodesic_error"]
        braid = r.compute("braid:1 -2 1 -2")  # the figure-eight knot again, as a braid closure
        assert braid["short_geodesic_real_part"] == pytest.approx(1.0870701449957, rel=1e-9)
