"""Integers: exact arithmetic functions, representations as feature vectors, cautionary tasks.

Registers the tasks ``integers/parity-bit``, ``integers/mobius``, ``integers/squarefree`` and
``integers/is-prime`` (:mod:`~conjectura.domains.integers.tasks`) and the baselines
``divisibility``, ``square-divisibility``, ``trial-division`` and ``always-composite``
(:mod:`~conjectura.domains.integers.rules`).
"""

from conjectura.domains.integers.arithmetic import (
    factorint,
    first_primes,
    is_prime,
    is_prime_array,
    is_squarefree,
    mobius,
    mobius_array,
    primes_up_to,
    sample_integers,
    squarefree_array,
)
from conjectura.domains.integers.representations import (
    IntegerRepresentation,
    parse_representation,
)

REGISTERS = (
    "conjectura.domains.integers.tasks",
    "conjectura.domains.integers.rules",
    "conjectura.domains.integers.constructions",
)

__all__ = [
    "factorint",
    "first_primes",
    "is_prime",
    "is_prime_array",
    "is_squarefree",
    "mobius",
    "mobius_array",
    "primes_up_to",
    "sample_integers",
    "squarefree_array",
    "IntegerRepresentation",
    "parse_representation",
]
