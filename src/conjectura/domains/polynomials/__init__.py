"""Polynomial ideals over GF(p) in grevlex: exact Buchberger's algorithm as a state machine.

Objects: :class:`Polynomial` (dense exponent array + coefficients mod p, terms in decreasing
grevlex), lists of them as ideals and bases. Random binomial ideals ``n-d-s-{uniform|weighted|
maximum}`` (Peifer, Stillman, Halpern-Leistner, ICML 2020); Buchberger's algorithm with
Gebauer--Moller pair elimination, stepwise (:class:`BuchbergerState`, the environment of the
guide workflow) or in one call (:func:`groebner_basis`); the classical selection strategies;
exact verifiers (:func:`check_groebner_basis`, :func:`check_buchberger_run`) and canonical JSON.

Learning (imported on first use, with gymnasium and torch): :class:`BuchbergerEnv` (the
gymnasium environment), :func:`train_buchberger` (PPO, runs and checkpoints in the store),
:func:`evaluate_buchberger` (every strategy and the learned policy on the same seeded ideals,
a :class:`BuchbergerEvaluation`), :func:`learned_strategy`.

Importing this package does not import numba; the compiled kernels load on first use.
"""

from importlib import import_module
from typing import Any

from conjectura.domains.polynomials.buchberger import (
    ELIMINATIONS,
    BuchbergerState,
    BuchbergerStats,
    groebner_basis,
    initial_state,
    replay,
    rollout,
)
from conjectura.domains.polynomials.groebner import (
    check_buchberger_run,
    check_groebner_basis,
    is_groebner_basis,
    spair_remainders,
)
from conjectura.domains.polynomials.ideals import (
    DISTRIBUTION_KINDS,
    IdealDistribution,
    cyclic_ideal,
    degree_weights,
    katsura_ideal,
    parse_distribution,
    random_binomial_ideal,
    random_binomial_ideals,
)
from conjectura.domains.polynomials.io import (
    POLYNOMIALS_FORMAT,
    polynomials_from_dict,
    polynomials_from_json,
    polynomials_to_dict,
    polynomials_to_json,
)
from conjectura.domains.polynomials.monomials import (
    count_monomials,
    grevlex_compare,
    grevlex_sort,
    monomials_of_degree,
    variable_names,
)
from conjectura.domains.polynomials.poly import (
    DEFAULT_PRIME,
    Polynomial,
    format_polynomial,
    monic,
    parse_polynomial,
    parse_polynomials,
)
from conjectura.domains.polynomials.reduction import minimal_basis, normal_form, reduced_basis, s_polynomial
from conjectura.domains.polynomials.strategies import (
    STRATEGIES,
    get_strategy,
    select_degree,
    select_first,
    select_normal,
    select_random,
    select_sugar,
    select_true_degree,
)

# What this domain registers (imported by the registry on first lookup).
REGISTERS = ("conjectura.domains.polynomials.problems",)

__all__ = [
    # objects and text
    "DEFAULT_PRIME",
    "Polynomial",
    "monic",
    "parse_polynomial",
    "parse_polynomials",
    "format_polynomial",
    "grevlex_compare",
    "grevlex_sort",
    "count_monomials",
    "monomials_of_degree",
    "variable_names",
    # serialisation
    "POLYNOMIALS_FORMAT",
    "polynomials_to_dict",
    "polynomials_from_dict",
    "polynomials_to_json",
    "polynomials_from_json",
    # ideals
    "DISTRIBUTION_KINDS",
    "IdealDistribution",
    "parse_distribution",
    "degree_weights",
    "random_binomial_ideal",
    "random_binomial_ideals",
    "cyclic_ideal",
    "katsura_ideal",
    # algorithm
    "s_polynomial",
    "normal_form",
    "minimal_basis",
    "reduced_basis",
    "ELIMINATIONS",
    "BuchbergerState",
    "BuchbergerStats",
    "initial_state",
    "groebner_basis",
    "replay",
    "rollout",
    # strategies
    "STRATEGIES",
    "get_strategy",
    "select_first",
    "select_degree",
    "select_normal",
    "select_sugar",
    "select_true_degree",
    "select_random",
    # verifiers
    "is_groebner_basis",
    "spair_remainders",
    "check_groebner_basis",
    "check_buchberger_run",
    # learning
    "BuchbergerEnv",
    "BuchbergerTraining",
    "train_buchberger",
    "BuchbergerEvaluation",
    "evaluate_buchberger",
    "learned_strategy",
    "BuchbergerSolution",
    "solve_buchberger",
    "groebner_certificate",
]

_LAZY = {
    "BuchbergerEnv": "conjectura.domains.polynomials.env",
    **dict.fromkeys(
        (
            "BuchbergerTraining",
            "train_buchberger",
            "BuchbergerEvaluation",
            "evaluate_buchberger",
            "learned_strategy",
        ),
        "conjectura.domains.polynomials.learning",
    ),
    "BuchbergerSolution": "conjectura.domains.polynomials.solve",
    "solve_buchberger": "conjectura.domains.polynomials.solve",
    "groebner_certificate": "conjectura.domains.polynomials.problems",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'conjectura.domains.polynomials' has no attribute {name!r}")
