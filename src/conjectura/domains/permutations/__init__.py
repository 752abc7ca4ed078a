"""Permutations: one-line notation, inverses, descent sets, representations, Bruhat order and
Kazhdan--Lusztig polynomials.

Registers the tasks ``permutations/right-descents`` and ``permutations/left-descents``
(:mod:`conjectura.domains.permutations.tasks`) and ``permutations/kl-coefficient``
(:mod:`.kl_tasks`), the dataset ``kl`` (:mod:`.kl_dataset`: Bruhat intervals with their Bruhat
graphs, graph statistics and Kazhdan--Lusztig coefficients) and the search problem
``permutations/invariance-violation`` (:mod:`.invariance_problem`: a counterexample to
combinatorial invariance as a certificate). Bruhat order, intervals and Bruhat graphs are in
:mod:`.bruhat`; Kazhdan--Lusztig polynomials of all pairs (:math:`n \\le 8`) in :mod:`.kl`, of
one interval (:math:`n \\le 10`) in :mod:`.kl_interval`; the exact check of combinatorial
invariance in :mod:`.invariance`.
"""

from conjectura.domains.permutations.bruhat import (
    BruhatGraphs,
    bruhat_graph,
    bruhat_graph_arrays,
    bruhat_graphs,
    bruhat_interval,
    bruhat_le,
    hasse_diagram,
    longest_element,
    permutation_length,
    random_intervals,
    reflections,
    symmetric_group,
)
from conjectura.domains.permutations.descents import (
    descent_set,
    inverse,
    left_descents,
    random_permutations,
    right_descents,
    validate_permutations,
)
from conjectura.domains.permutations.invariance import (
    InvarianceReport,
    InvarianceViolation,
    check_interval_isomorphism,
    check_invariance_violation,
    combinatorial_invariance,
    interval_isomorphism,
)
from conjectura.domains.permutations.kl import (
    IntervalChunk,
    KLTable,
    PairChunk,
    kl_mu,
    kl_polynomial,
    kl_table,
)
from conjectura.domains.permutations.kl_dataset import (
    build_kl_dataset,
    interval_statistics,
    load_kl_table,
    sample_intervals,
)
from conjectura.domains.permutations.kl_interval import KLInterval, kl_interval
from conjectura.domains.permutations.representations import encode, feature_names

REGISTERS = (
    "conjectura.domains.permutations.tasks",
    "conjectura.domains.permutations.kl_dataset",
    "conjectura.domains.permutations.kl_tasks",
    "conjectura.domains.permutations.invariance_problem",
)

__all__ = [
    "validate_permutations",
    "descent_set",
    "inverse",
    "left_descents",
    "random_permutations",
    "right_descents",
    "encode",
    "feature_names",
    "permutation_length",
    "bruhat_le",
    "reflections",
    "symmetric_group",
    "longest_element",
    "bruhat_interval",
    "bruhat_graph",
    "bruhat_graph_arrays",
    "BruhatGraphs",
    "bruhat_graphs",
    "hasse_diagram",
    "random_intervals",
    "KLTable",
    "PairChunk",
    "IntervalChunk",
    "kl_table",
    "kl_polynomial",
    "kl_mu",
    "KLInterval",
    "kl_interval",
    "InvarianceReport",
    "InvarianceViolation",
    "combinatorial_invariance",
    "interval_isomorphism",
    "check_interval_isomorphism",
    "check_invariance_violation",
    "interval_statistics",
    "sample_intervals",
    "build_kl_dataset",
    "load_kl_table",
]
