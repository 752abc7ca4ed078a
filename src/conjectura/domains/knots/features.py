"""Hyperbolic and topological invariants of one knot, as a flat record (one table row).

Every invariant is computed by SnapPy/spherogram; this module only reads them out, in the units
and conventions of Davies et al. (2021), and records each failure instead of dropping the knot.

Conventions
-----------
* Translations are those of the **maximal cusp**: SnapPy's cusp neighbourhood is expanded to
  its stopping displacement (where it first touches itself) and
  ``CuspNeighborhood.translations()`` is read there. This equals ``Manifold.cusp_translations()``
  (checked in the tests) but skips its extra work. The meridional translation :math:`\\mu` is a
  complex number, the longitudinal translation :math:`\\lambda` is real (the longitude is
  parallel to the real axis in SnapPy's normalisation).
* ``slope`` is :math:`\\operatorname{Re}(\\lambda/\\mu)`, the natural slope of Davies, Juhász,
  Lackenby and Tomasev, arXiv:2111.15323; with SnapPy's orientation conventions and the signature
  convention of :func:`~conjectura.domains.knots.signature.knot_signature` (positive knots have
  negative signature), :math:`\\sigma \\approx \\mathrm{slope}/2`.
* ``cusp_volume`` is the volume of the maximal cusp (half its area).
* ``torsion_degree`` is :math:`4g - 2` with :math:`g` the Seifert genus from knot Floer homology
  (``Link.knot_floer_homology()['seifert_genus']``, Szabó's program). For hyperbolic knots the
  degree of the hyperbolic torsion polynomial is conjectured to be :math:`4g - 2` and this has
  been verified for all knots up to 15 crossings (Dunfield, Friedl, Jackson, "Twisted Alexander
  polynomials of hyperbolic knots", Exp. Math. 21 (2012), doi:10.1080/10586458.2012.669268); the
  column is the genus formula, not the torsion itself (which needs Sage).
* The adjoint torsion degree of the paper needs Sage and is not computed.
"""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = [
    "slope",
    "FEATURE_COLUMNS",
    "SYMMETRY_GROUPS",
    "hyperbolic_invariants",
    "topological_invariants",
    "knot_record",
    "symmetry_column",
]


def slope(longitudinal, meridional_real, meridional_imag, longitudinal_imag=0.0) -> np.ndarray:
    r"""The natural slope :math:`\operatorname{Re}(\lambda/\mu)` of the maximal cusp.

    .. math::

        \operatorname{Re}\frac{\lambda}{\mu}
        = \frac{\operatorname{Re}\lambda\,\operatorname{Re}\mu
                + \operatorname{Im}\lambda\,\operatorname{Im}\mu}{|\mu|^2},

    for the longitudinal translation :math:`\lambda` (real in SnapPy's normalisation, so
    ``longitudinal_imag`` defaults to 0) and the meridional translation :math:`\mu`.
    Vectorised: the arguments may be arrays (columns of a knot table).

    References
    ----------
    A. Davies, A. Juhász, M. Lackenby, N. Tomasev, "The signature and cusp geometry of
    hyperbolic knots", arXiv:2111.15323.

    Examples
    --------
    >>> float(slope(3.0, 0.0, 1.0)), float(slope(4.0, 1.0, 1.0))
    (0.0, 2.0)
    """
    lam = np.asarray(longitudinal, dtype=float)
    lam_i = np.asarray(longitudinal_imag, dtype=float)
    mr = np.asarray(meridional_real, dtype=float)
    mi = np.asarray(meridional_imag, dtype=float)
    return (lam * mr + lam_i * mi) / (mr**2 + mi**2)


#: The paper's features that SnapPy gives without Sage (symmetry one-hots added by the task).
FEATURE_COLUMNS = (
    "volume",
    "chern_simons",
    "cusp_volume",
    "meridional_translation_real",
    "meridional_translation_imag",
    "longitudinal_translation",
    "torsion_degree",
)

#: Symmetry groups one-hot encoded by the task (SnapPy's names), in the paper's order; any other
#: group goes to ``sym_other``.
SYMMETRY_GROUPS = ("0", "Z/2", "Z/2 + Z/2", "D3", "D4", "D6", "D8")

_GEOMETRIC = ("all tetrahedra positively oriented", "contains negatively oriented tetrahedra")


def symmetry_column(group: str) -> str:
    """Column name of the one-hot symmetry feature for SnapPy's group name.

    >>> symmetry_column("Z/2 + Z/2")
    'sym_Z/2 + Z/2'
    >>> symmetry_column("D12")
    'sym_other'
    """
    return f"sym_{group}" if group in SYMMETRY_GROUPS else "sym_other"


def _maximal_cusp(M) -> tuple[complex, complex, float]:
    """(meridional translation, longitudinal translation, volume) of the maximal cusp.

    Fast path: the cusp neighbourhood expanded to its stopping displacement. SnapPea sometimes
    crashes while expanding (``SnapPeaFatalError`` in ``simplify_triangulation.c``); then
    ``Manifold.cusp_translations()`` (the same maximal cusp for one cusp) is used, with the cusp
    volume :math:`|\\operatorname{Im}(\bar\\mu\\lambda)|/2` (half the area of the cusp torus).
    """
    try:
        N = M.cusp_neighborhood()
        N.set_displacement(N.stopping_displacement(0), 0)
        mu, lam = (complex(t) for t in N.translations(0))
        return mu, lam, float(N.volume(0))
    except Exception:
        mu, lam = (complex(t) for t in M.cusp_translations()[0])
        return mu, lam, abs((mu.conjugate() * lam).imag) / 2


def hyperbolic_invariants(M) -> dict[str, Any]:
    """Volume, Chern-Simons invariant, maximal-cusp translations and symmetry group of ``M``.

    Parameters
    ----------
    M : snappy.Manifold
        A one-cusped manifold (a knot exterior) with the meridian-longitude peripheral framing.

    Returns
    -------
    dict
        Keys ``solution_type``, ``hyperbolic``, ``volume``, ``chern_simons``, ``cusp_volume``,
        ``meridional_translation_real``, ``meridional_translation_imag``,
        ``longitudinal_translation``, ``slope``, ``symmetry_group``, and ``errors`` (a list of
        ``"what: message"`` strings; a value that failed is ``None``).
    """
    out: dict[str, Any] = dict.fromkeys(
        (
            "volume",
            "chern_simons",
            "cusp_volume",
            "meridional_translation_real",
            "meridional_translation_imag",
            "longitudinal_translation",
            "slope",
            "symmetry_group",
        )
    )
    errors: list[str] = []
    out["solution_type"] = sol = str(M.solution_type())
    out["hyperbolic"] = hyp = sol in _GEOMETRIC and float(M.volume()) > 0.5
    if hyp:
        out["volume"] = float(M.volume())
        try:
            out["chern_simons"] = float(M.chern_simons())
        except Exception as exc:
            errors.append(f"chern_simons: {exc!r}")
        try:
            mu, lam, vol = _maximal_cusp(M)
            out["cusp_volume"] = vol
            out["meridional_translation_real"] = mu.real
            out["meridional_translation_imag"] = mu.imag
            out["longitudinal_translation"] = lam.real
            out["slope"] = float(slope(lam.real, mu.real, mu.imag, lam.imag))
        except Exception as exc:
            errors.append(f"cusp: {exc!r}")
    else:
        errors.append(f"not hyperbolic: {sol}")
    try:
        out["symmetry_group"] = str(M.symmetry_group())
    except Exception as exc:
        errors.append(f"symmetry_group: {exc!r}")
    out["errors"] = errors
    return out


def topological_invariants(link) -> dict[str, Any]:
    """Signature, Seifert genus (knot Floer homology) and related data of a knot diagram.

    Returns
    -------
    dict
        ``signature`` (SnapPy convention, exact), ``genus``, ``torsion_degree`` (``4g - 2``),
        ``fibered``, ``hfk_tau``, ``hfk_total_rank`` (``None`` when knot Floer homology failed),
        and ``errors``.
    """
    from conjectura.domains.knots.signature import knot_signature

    errors: list[str] = []
    out: dict[str, Any] = {
        "signature": None,
        "genus": None,
        "torsion_degree": None,
        "fibered": None,
        "hfk_tau": None,
        "hfk_total_rank": None,
    }
    try:
        out["signature"] = knot_signature(link)
    except Exception as exc:
        errors.append(f"signature: {exc!r}")
    try:
        h = link.knot_floer_homology()
        g = int(h["seifert_genus"])
        out.update(
            genus=g,
            torsion_degree=4 * g - 2,
            fibered=bool(h["fibered"]),
            hfk_tau=int(h["tau"]),
            hfk_total_rank=int(h["total_rank"]),
        )
    except Exception as exc:
        errors.append(f"knot_floer_homology: {exc!r}")
    out["errors"] = errors
    return out


def knot_record(M, link=None) -> dict[str, Any]:
    """One table row for the knot exterior ``M`` (and its diagram ``link``, default ``M.link()``).

    The row holds the hyperbolic invariants, the topological ones, the diagram's crossing count,
    and ``error``: the failures joined by ``"; "`` (empty string when everything was computed).
    """
    row: dict[str, Any] = {}
    errors: list[str] = []
    if link is None:
        try:
            link = M.link()
        except Exception as exc:
            errors.append(f"link: {exc!r}")
    hyp = hyperbolic_invariants(M)
    errors += hyp.pop("errors")
    row.update(hyp)
    if link is not None:
        row["diagram_crossings"] = len(link.crossings)
        top = topological_invariants(link)
        errors += top.pop("errors")
        row.update(top)
    else:
        row.update(
            diagram_crossings=None,
            signature=None,
            genus=None,
            torsion_degree=None,
            fibered=None,
            hfk_tau=None,
            hfk_total_rank=None,
        )
    row["error"] = "; ".join(errors)
    return row
