"""Representations of permutations as feature vectors.

``oneline``
    The vector :math:`(x(1), \\dots, x(n))`: :math:`n` features ``x1..xn``. The right descent
    set is a linear function of it (:math:`i \\in \\mathcal{R}(x) \\iff x(i) - x(i+1) > 0`), the
    left descent set is not.
``matrix``
    The permutation matrix :math:`P_{ij} = [x(i) = j]`, flattened row by row: :math:`n^2`
    features ``P{i}_{j}``. Both :math:`x(i) = \\sum_j j P_{ij}` and
    :math:`x^{-1}(j) = \\sum_i i P_{ij}` are linear in it, so left and right are symmetric
    (transposing the matrix inverts the permutation).
"""

from __future__ import annotations

import numpy as np

from conjectura.domains.permutations.descents import validate_permutations
from conjectura.exceptions import InvalidParameterError

__all__ = ["REPRESENTATIONS", "encode", "feature_names", "check_representation"]

REPRESENTATIONS = ("oneline", "matrix")


def check_representation(spec, owner: str = "permutations") -> str:
    """The canonical representation name, or :class:`InvalidParameterError`."""
    name = spec.strip().lower() if isinstance(spec, str) else spec
    aliases = {"one-line": "oneline", "vector": "oneline", "permutation-matrix": "matrix"}
    name = aliases.get(name, name)
    if name not in REPRESENTATIONS:
        raise InvalidParameterError(
            f"The 'representation' parameter of {owner} must be one of {list(REPRESENTATIONS)}. "
            f"Got {spec!r} instead."
        )
    return name


def feature_names(n: int, representation: str) -> tuple[str, ...]:
    """Column names: ``x1..xn`` (one-line) or ``P1_1..Pn_n`` (matrix, row-major)."""
    if check_representation(representation) == "oneline":
        return tuple(f"x{i}" for i in range(1, n + 1))
    return tuple(f"P{i}_{j}" for i in range(1, n + 1) for j in range(1, n + 1))


def encode(x, representation: str) -> np.ndarray:
    """The feature matrix (float64) of the permutations ``x`` (rows in one-line notation).

    >>> encode([[2, 1]], "matrix").tolist()
    [[0.0, 1.0, 1.0, 0.0]]
    """
    rep = check_representation(representation)
    a = validate_permutations(x, "encode")
    if rep == "oneline":
        return a.astype(np.float64)
    k, n = a.shape
    out = np.zeros((k, n, n))
    out[np.arange(k)[:, None], np.arange(n)[None, :], a - 1] = 1.0
    return out.reshape(k, n * n)
