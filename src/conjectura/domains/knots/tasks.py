"""Learning task on knots: the signature from hyperbolic invariants (Davies et al. 2021).

``knots/signature``
    Input: the hyperbolic invariants of the knot complement that SnapPy gives without Sage
    (volume, Chern-Simons invariant, maximal-cusp volume, the real and imaginary parts of the
    meridional translation, the longitudinal translation, the torsion degree :math:`4g-2`, and
    the symmetry group one-hot; with ``geodesics=True`` also the shortest geodesic's real and
    imaginary parts and the injectivity radius). Target: the signature (SnapPy's convention,
    positive knots negative; exact, from a Seifert matrix). Classification over the even
    integers present.

Rows: hyperbolic knots of the census (at most ``max_crossings`` crossings, optionally only the
first ``limit``) and, with ``n_random``, random knots beyond the census; rows lacking a feature or
the target are left out and counted in ``Dataset.meta['dropped']`` (with the reasons). The full
table, including ``name``, ``slope`` :math:`= \\operatorname{Re}(\\lambda/\\mu)` and, when cached,
the geodesic columns, is ``Dataset.frame``.

``Dataset.groups`` is the crossing number (``groups="crossings"``: ``split="group>12"`` trains
on up to 12 crossings and tests on 13-14; for a random knot it is the size of its simplified
diagram, at least 15 since the knot is not in the census, and an upper bound of its crossing
number) or the source (``groups="source"``: ``"census"`` or
``"random"``; ``split="group:random"`` trains on the census and tests beyond it).

Baselines: ``slope-rule`` (:math:`\\sigma \\approx \\mathrm{slope}/2` rounded to an even
integer, :mod:`conjectura.domains.knots.rules`), then the generic ones.

Features left out: the adjoint torsion degree (needs Sage).

References
----------
.. [1] A. Davies et al., "Advancing mathematics by guiding human intuition with AI",
   Nature 600 (2021) 70-74, doi:10.1038/s41586-021-04086-x.
.. [2] A. Davies, A. Juhász, M. Lackenby, N. Tomasev, "The signature and cusp geometry of
   hyperbolic knots", arXiv:2111.15323 (Geometry & Topology, to appear).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from conjectura.core.registry import register_task
from conjectura.core.task import Dataset, Task
from conjectura.core.validation import validate_choice, validate_int
from conjectura.exceptions import InvalidParameterError

__all__ = ["signature_task", "signature_features", "GEODESIC_FEATURES"]

GEODESIC_FEATURES = ("short_geodesic_real_part", "short_geodesic_imag_part", "injectivity_radius")
_NAME = "knots/signature"


def signature_features(geodesics: bool = False) -> tuple[str, ...]:
    """Feature columns of ``knots/signature``, in order.

    >>> signature_features()[:3]
    ('volume', 'chern_simons', 'cusp_volume')
    """
    from conjectura.domains.knots.features import FEATURE_COLUMNS, SYMMETRY_GROUPS, symmetry_column

    cols = list(FEATURE_COLUMNS)
    if geodesics:
        cols += GEODESIC_FEATURES
    cols += [symmetry_column(g) for g in SYMMETRY_GROUPS] + ["sym_other"]
    return tuple(cols)


def _with_symmetry_columns(df):
    from conjectura.domains.knots.features import SYMMETRY_GROUPS, symmetry_column

    df = df.copy()
    groups = df["symmetry_group"].astype(object)
    for g in SYMMETRY_GROUPS:
        df[symmetry_column(g)] = (groups == g).astype(np.float64)
    df["sym_other"] = (groups.notna() & ~groups.isin(SYMMETRY_GROUPS)).astype(np.float64)
    return df


def _usable(df, features, target="signature"):
    """Rows with every feature and the target; the reasons the others were left out."""
    raw = [c for c in features if not c.startswith("sym_")] + ["symmetry_group", target]
    keep = df["hyperbolic"].fillna(False).to_numpy(dtype=bool)
    reasons = {"not hyperbolic": int((~keep).sum())}
    for c in raw:
        miss = df[c].isna().to_numpy() & keep
        if miss.any():
            reasons[f"missing {c}"] = int(miss.sum())
        keep &= ~df[c].isna().to_numpy()
    return keep, {k: v for k, v in reasons.items() if v}


@register_task(
    _NAME,
    description=(
        "signature of a knot from hyperbolic invariants of its complement (Davies et al. 2021); "
        "SnapPy census up to 14 crossings, optionally random knots beyond it"
    ),
)
def signature_task(
    max_crossings: int = 14,
    limit: int | None = None,
    n_random: int = 0,
    seed: int = 0,
    geodesics: bool = False,
    groups: str = "crossings",
    build: bool = True,
) -> Task:
    """Predict the signature of a hyperbolic knot from invariants of its complement.

    Parameters
    ----------
    max_crossings : int, default 14
        Census knots up to this crossing number (3..14).
    limit : int, optional
        Only the first ``limit`` census knots (small slices for tests and trials).
    n_random : int, default 0
        Add this many random knots beyond the census (``source='random'``).
    seed : int, default 0
        Seed of the random knots (the table is deterministic given it).
    geodesics : bool, default False
        Add the geodesic features; only rows where they were computed are kept (build them with
        ``conjectura data build knots --geodesics``).
    groups : {"crossings", "source"}, default "crossings"
        What ``Dataset.groups`` holds, for held-out splits.
    build : bool, default True
        Build the table when it is not cached (else a missing table is an error naming the
        command).
    """
    max_crossings = validate_int(max_crossings, "max_crossings", _NAME, min_value=3, max_value=14)
    if limit is not None:
        limit = validate_int(limit, "limit", _NAME, min_value=1)
    n_random = validate_int(n_random, "n_random", _NAME, min_value=0)
    seed = validate_int(seed, "seed", _NAME, min_value=0)
    validate_choice(groups, "groups", _NAME, ("crossings", "source"))
    if not isinstance(geodesics, bool):
        raise InvalidParameterError(
            f"The 'geodesics' parameter of {_NAME} must be a bool. Got {geodesics!r} instead."
        )
    features = signature_features(geodesics)

    def build_dataset(n: int | None, rng: np.random.Generator) -> Dataset:
        from conjectura.domains.knots.dataset import load_knot_table

        df = load_knot_table(
            max_crossings=max_crossings,
            limit=limit,
            n_random=n_random,
            seed=seed,
            geodesics=True if geodesics else None,
            build=build,
        )
        df = _with_symmetry_columns(df)
        keep, dropped = _usable(df, features)
        df = df[keep].reset_index(drop=True)
        if len(df) == 0:
            raise InvalidParameterError(f"Task {_NAME} has no usable rows ({dropped}).")
        if n is not None:
            n = validate_int(n, "n", _NAME, min_value=1)
            if n < len(df):
                idx = np.sort(rng.choice(len(df), size=n, replace=False))
                df = df.iloc[idx].reset_index(drop=True)
        X = df[list(features)].to_numpy(dtype=np.float64)
        y = df["signature"].to_numpy().astype(np.int64)
        g = (
            df["crossings"].to_numpy().astype(np.int64)
            if groups == "crossings"
            else df["source"].astype(str).to_numpy()
        )
        meta = {
            "source": "SnapPy HTLinkExteriors (Hoste-Thistlethwaite census)"
            + (" + random braid closures" if n_random else ""),
            "max_crossings": max_crossings,
            "limit": limit,
            "n_random": n_random,
            "seed": seed,
            "rows": len(df),
            "dropped": dropped,
            "signature_convention": "positive knots have negative signature (SnapPy >= 3)",
            "left_out_features": ["adjoint torsion degree (needs Sage)"],
            "signature_counts": {
                int(k): int(v) for k, v in df["signature"].value_counts().sort_index().items()
            },
        }
        return Dataset(X, y, features, "signature", groups=g, frame=df, meta=meta)

    params: dict[str, Any] = {
        "max_crossings": max_crossings,
        "limit": limit,
        "n_random": n_random,
        "seed": seed,
        "geodesics": geodesics,
        "groups": groups,
    }
    return Task(
        features=features,
        target="signature",
        build=build_dataset,
        kind="classification",
        baselines=("slope-rule",),
        params=params,
        description="signature of a hyperbolic knot from invariants of its complement",
    )
