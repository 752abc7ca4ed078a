"""Knots: invariants of knot complements from SnapPy, the exact signature, and the knot table.

Plain functions over SnapPy/spherogram objects; SnapPy is imported inside the functions, so
importing this package is cheap.

* :func:`knot_signature`, :func:`seifert_signature`, :func:`inertia`: the signature, exactly.
* :func:`knot_record`: one knot's row (hyperbolic and topological invariants, failures).
* :func:`shortest_geodesic`, :class:`GeodesicRunner`: geodesic features with a fallback chain.
* :func:`census_knots`, :func:`random_knot`: the census and random knots beyond it.
* :func:`build_knot_table`, :func:`load_knot_table`: the cached Parquet table.
* :func:`slope`, :func:`slope_rule_prediction`: the natural slope and the slope rule.

Registers the task ``knots/signature`` (:mod:`~conjectura.domains.knots.tasks`) and the
baseline ``slope-rule`` (:mod:`~conjectura.domains.knots.rules`).
"""

from conjectura.domains.knots.dataset import build_knot_table, load_knot_table
from conjectura.domains.knots.features import (
    FEATURE_COLUMNS,
    SYMMETRY_GROUPS,
    hyperbolic_invariants,
    knot_record,
    slope,
    topological_invariants,
)
from conjectura.domains.knots.generate import (
    KNOT_COUNTS,
    census_crossings,
    census_knots,
    census_size,
    random_braid_word,
    random_knot,
)
from conjectura.domains.knots.geodesics import GeodesicRunner, shortest_geodesic
from conjectura.domains.knots.rules import SLOPE_RULE, slope_rule_prediction
from conjectura.domains.knots.signature import (
    inertia,
    inertia_ldl,
    knot_signature,
    seifert_signature,
    symmetric_signature,
)

REGISTERS = (
    "conjectura.domains.knots.tasks",
    "conjectura.domains.knots.rules",
    "conjectura.domains.knots.dataset",
)

__all__ = [
    "inertia",
    "inertia_ldl",
    "knot_signature",
    "seifert_signature",
    "symmetric_signature",
    "FEATURE_COLUMNS",
    "SYMMETRY_GROUPS",
    "hyperbolic_invariants",
    "knot_record",
    "topological_invariants",
    "slope",
    "slope_rule_prediction",
    "SLOPE_RULE",
    "KNOT_COUNTS",
    "census_crossings",
    "census_knots",
    "census_size",
    "random_braid_word",
    "random_knot",
    "GeodesicRunner",
    "shortest_geodesic",
    "build_knot_table",
    "load_knot_table",
]
