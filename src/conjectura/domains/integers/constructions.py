r"""Registered integer constructions: the largest Sidon set in :math:`\{1, \dots, n\}`.

``integers/sidon-set`` asks for a Sidon subset of :math:`\{1, \dots, n\}` with at least
``target`` elements, the target defaulting to the maximum known from the optimal Golomb
rulers (OEIS A003022). Subsets are 0/1 words of length ``n`` (letter ``i`` is the integer
``i + 1``); witnesses are the sorted lists of elements.
"""

from __future__ import annotations

import numpy as np

from conjectura.core.construction import ConstructionProblem, construction_problem
from conjectura.core.problem import Encoding
from conjectura.core.registry import register_problem
from conjectura.core.validation import validate_int
from conjectura.core.verdict import Verdict
from conjectura.domains.integers.sidon import check_sidon, sidon_collisions, sidon_maximum
from conjectura.exceptions import InvalidParameterError

__all__ = ["sidon_set", "subset_encoding"]


def subset_encoding(n: int, *, density: float | None = None) -> Encoding[list[int]]:
    r"""Subsets of :math:`\{1, \dots, n\}` as 0/1 words of length ``n`` (sorted lists <-> words).

    The prior draws each element independently with probability ``density`` (default
    :math:`1/\sqrt n`, the density of a large Sidon set).

    >>> enc = subset_encoding(6)
    >>> enc.decode(np.array([1, 0, 1, 0, 0, 1])), enc.encode([2, 3]).tolist()
    ([1, 3, 6], [0, 1, 1, 0, 0, 0])
    """
    p = density if density is not None else min(1.0, 1.0 / np.sqrt(max(n, 1)))

    def decode(z: np.ndarray) -> list[int]:
        return [int(i) + 1 for i in np.flatnonzero(np.asarray(z))]

    def encode(S: list[int]) -> np.ndarray:
        z = np.zeros(n, dtype=np.int8)
        z[[int(x) - 1 for x in S]] = 1
        return z

    return Encoding(
        dim=n,
        decode=decode,
        encode=encode,
        arity=2,
        sample=lambda rng, k: (rng.random((k, n)) < p).astype(np.int8),
    )


@register_problem(
    "integers/sidon-set",
    description="largest Sidon set (all differences distinct) in {1..n}; reference from the "
    "optimal Golomb rulers, OEIS A003022",
)
def sidon_set(n: int = 30, target: int | None = None) -> ConstructionProblem:
    r"""Find a Sidon subset of :math:`\{1, \dots, n\}` with at least ``target`` elements.

    Parameters
    ----------
    n : int, default 30
        The range :math:`\{1, \dots, n\}` (``n >= 1``).
    target : int, optional
        Elements to reach; default the known maximum (:func:`sidon_maximum`, from OEIS
        A003022), required when ``n > 585``.

    Returns
    -------
    ConstructionProblem

    Examples
    --------
    >>> import conjectura as cj
    >>> p = cj.get_problem("integers/sidon-set", n=12)
    >>> print(p.verify([1, 2, 5, 10, 12]).reason)
    subset of {1..12}, all 10 differences distinct; size = 5 >= 5; matches the known maximum 5

    References
    ----------
    .. [1] OEIS A003022, https://oeis.org/A003022.
    .. [2] J. Singer, "A theorem in finite projective geometry and some applications to
       number theory", Trans. Amer. Math. Soc. 43 (1938) 377-385 (Sidon sets of size
       :math:`q + 1` modulo :math:`q^2 + q + 1`).
    """
    n = validate_int(n, "n", "sidon_set", min_value=1)
    known = sidon_maximum(n)
    if target is None:
        if known is None:
            raise InvalidParameterError(
                f"The 'target' parameter of sidon_set is required for n > 585 (Golomb rulers are "
                f"known up to 28 marks). Got n={n} and no target instead."
            )
        target = known
    target = validate_int(target, "target", "sidon_set", min_value=0)

    def constraint(S: list[int]) -> Verdict:
        S = list(S)
        if any(not 1 <= int(x) <= n for x in S):
            return Verdict(False, f"an element lies outside {{1..{n}}}")
        v = check_sidon(S)
        return Verdict(v.holds, f"subset of {{1..{n}}}, {v.reason}", v.values)

    return construction_problem(
        what=f"a Sidon set in {{1..{n}}}",
        value_name="size",
        objective=lambda S: len(set(S)),
        constraint=constraint,
        target=target,
        known=known,
        encoding=subset_encoding(n),
        score_batch=lambda Z: (np.asarray(Z).sum(axis=1) - 2 * sidon_collisions(Z)).astype(float),
        serialize=lambda S: sorted(int(x) for x in S),
        deserialize=lambda data: sorted(int(x) for x in data),
        params={"n": n, "target": target},
        description=f"Sidon sets in {{1..{n}}} with >= {target} elements.",
        reference="OEIS A003022 (optimal Golomb rulers); S. Sidon, Math. Ann. 106 (1932)",
    )
