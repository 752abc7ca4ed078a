"""Hyperbolic invariants read from SnapPy, against values known in closed form."""

from __future__ import annotations

import math

import pytest

from conjectura.domains.knots.features import (
    SYMMETRY_GROUPS,
    hyperbolic_invariants,
    knot_record,
    slope,
    symmetry_column,
)

snappy = pytest.importorskip("snappy")


def test_figure_eight_knot_closed_forms():
    """4_1: volume 6*Lambda(pi/3) = 2.0298832128..., maximal cusp of volume sqrt(3) with
    meridian of length 1 and longitude 2*sqrt(3) (Adams, "Hyperbolic structures on link
    complements"; the cusp torus is the hexagonal one), amphichiral so slope 0 = signature."""
    M = snappy.Manifold("K4a1")
    h = hyperbolic_invariants(M)
    lob = sum(math.sin(2 * k * math.pi / 3) / k**2 for k in range(1, 200000)) / 2
    assert h["volume"] == pytest.approx(6 * lob, rel=1e-8)
    assert h["volume"] == pytest.approx(2.029883212819307, rel=1e-12)
    assert h["cusp_volume"] == pytest.approx(math.sqrt(3), rel=1e-12)
    assert math.hypot(h["meridional_translation_real"], h["meridional_translation_imag"]) == pytest.approx(
        1.0, rel=1e-12
    )
    assert h["longitudinal_translation"] == pytest.approx(2 * math.sqrt(3), rel=1e-12)
    assert abs(h["slope"]) < 1e-9 and abs(h["chern_simons"]) < 1e-9
    assert h["symmetry_group"] == "D4" and h["hyperbolic"] and h["errors"] == []
    row = knot_record(M)
    assert (row["signature"], row["genus"], row["torsion_degree"]) == (0, 1, 2)


def test_fast_cusp_path_equals_cusp_translations():
    """The maximal-cusp translations read from the cusp neighbourhood agree with SnapPy's
    (slower) Manifold.cusp_translations(), and slope = Re(lambda/mu) matches."""
    for name in ("K5a1", "K8n1", "K11n34", "K12a200", "K14n17500"):
        M = snappy.Manifold(name)
        h = hyperbolic_invariants(M)
        mu, lam = (complex(t) for t in M.cusp_translations()[0])
        assert h["meridional_translation_real"] == pytest.approx(mu.real, abs=1e-8)
        assert h["meridional_translation_imag"] == pytest.approx(mu.imag, abs=1e-8)
        assert h["longitudinal_translation"] == pytest.approx(lam.real, abs=1e-8)
        assert abs(lam.imag) < 1e-8  # the longitude is real
        # cusp volume = area / 2 = |Im(conj(mu) * lam)| / 2
        assert h["cusp_volume"] == pytest.approx(abs((mu.conjugate() * lam).imag) / 2, rel=1e-8)
        assert h["slope"] == pytest.approx(float(slope(lam.real, mu.real, mu.imag)), rel=1e-10)


def test_torus_knot_row_is_kept_with_its_failure():
    row = knot_record(snappy.Manifold("K3a1"))  # the trefoil: a torus knot, not hyperbolic
    assert row["hyperbolic"] is False
    assert row["volume"] is None and row["slope"] is None
    assert "not hyperbolic" in row["error"]
    assert abs(row["signature"]) == 2 and row["genus"] == 1


def test_signature_convention_agrees_with_knot_floer_tau_on_alternating_knots():
    """For alternating knots tau = -sigma/2 (Ozsvath-Szabo, Geom. Topol. 7 (2003) 225-254,
    with sigma(right-handed trefoil) = -2): an independent check of the sign convention."""
    for name in ("K5a1", "K7a3", "K9a12", "K10a17", "K12a200"):
        row = knot_record(snappy.Manifold(name))
        assert row["hfk_tau"] == -row["signature"] // 2


def test_symmetry_columns():
    assert [symmetry_column(g) for g in SYMMETRY_GROUPS][:2] == ["sym_0", "sym_Z/2"]
    assert symmetry_column("D10") == "sym_other"


def test_cusp_fallback_when_snappea_crashes():
    """K13a4725: SnapPea crashes expanding the cusp neighbourhood; the fallback reads the
    maximal cusp from cusp_translations() and the row has no error."""
    h = hyperbolic_invariants(snappy.Manifold("K13a4725"))
    assert h["errors"] == []
    mu, lam = (complex(t) for t in snappy.Manifold("K13a4725").cusp_translations()[0])
    assert h["meridional_translation_real"] == pytest.approx(mu.real, rel=1e-9)
    assert h["longitudinal_translation"] == pytest.approx(lam.real, rel=1e-9)
    assert h["cusp_volume"] == pytest.approx(abs((mu.conjugate() * lam).imag) / 2, rel=1e-9)
