"""Integers: exact arithmetic functions, representations as feature vectors, cautionary tasks.

The tasks (``integers/parity-bit``, ``integers/mobius``, ``integers/squarefree``,
``integers/is-prime``) live in :mod:`conjectura.domains.integers.tasks` and are registered on
first use of the registry.
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
