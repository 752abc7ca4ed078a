"""Permutations: one-line notation, inverses, left and right descent sets, representations.

Registers the tasks ``permutations/right-descents`` and ``permutations/left-descents``
(:mod:`conjectura.domains.permutations.tasks`).
"""

from conjectura.domains.permutations.descents import (
    check_permutations,
    descent_set,
    inverse,
    left_descents,
    random_permutations,
    right_descents,
)
from conjectura.domains.permutations.representations import encode, feature_names

REGISTERS = ("conjectura.domains.permutations.tasks",)

__all__ = [
    "check_permutations",
    "descent_set",
    "inverse",
    "left_descents",
    "random_permutations",
    "right_descents",
    "encode",
    "feature_names",
]
