"""Counterexamples to combinatorial invariance as a search problem, so that they are certificates.

``permutations/invariance-violation`` (parameter ``n``) claims that combinatorial invariance
fails in :math:`S_n`: there are Bruhat intervals :math:`[x_1, w_1] \\cong [x_2, w_2]` of
:math:`S_n`, isomorphic as posets, with :math:`P_{x_1,w_1} \\ne P_{x_2,w_2}`. Its witness is an
:class:`~.invariance.InvarianceViolation` (both intervals, the isomorphism as a vertex map and
both polynomials; serialised by :meth:`~.invariance.InvarianceViolation.to_dict`) and its exact
verifier :func:`~.invariance.check_invariance_violation` (which rebuilds both intervals,
re-checks every covering relation of the map and recomputes both polynomials), restricted to
:math:`S_n`. ``conjectura kl invariance --out FILE`` writes a violation found by
:func:`~.invariance.combinatorial_invariance` as a certificate of this problem, and
``conjectura verify FILE`` rebuilds the problem from the name and ``n`` recorded in it.

No such certificate is known: :func:`~.invariance.combinatorial_invariance` finds none in
:math:`S_n`, :math:`n \\le 7`, and the conjecture is open.

Encoding (for search engines): a word of :math:`4n` letters in :math:`\\{0, \\dots, n-1\\}`, read
as four blocks; block :math:`b` becomes the permutation that sorts it (stable ``argsort``,
plus one), giving :math:`x_1, w_1, x_2, w_2`. When both pairs are intervals and isomorphic, the
decoded witness carries the isomorphism (nauty or VF2, re-checked) and both polynomials; the
score is 0 (worth the exact check) only when those polynomials differ.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from conjectura.core.problem import Encoding, SearchProblem
from conjectura.core.registry import register_problem
from conjectura.core.validation import validate_int
from conjectura.core.verdict import Verdict
from conjectura.domains.permutations.invariance import (
    InvarianceViolation,
    check_invariance_violation,
    interval_isomorphism,
)
from conjectura.exceptions import InvalidParameterError

__all__ = ["invariance_violation_problem", "decode_candidate"]

_NAME = "permutations/invariance-violation"


def _claim(n: int) -> str:
    return (
        f"Combinatorial invariance fails in S_{n}: there are Bruhat intervals [x1, w1] and "
        f"[x2, w2] of S_{n}, isomorphic as posets, with P_(x1,w1) != P_(x2,w2)."
    )


def decode_candidate(z, n: int) -> InvarianceViolation:
    """The candidate of a word ``z`` of ``4n`` letters (see the module docstring).

    >>> v = decode_candidate([0, 1, 2] * 2 + [2, 1, 0] * 2, 3)
    >>> v.x1, v.x2, v.isomorphism
    ((1, 2, 3), (3, 2, 1), (((1, 2, 3), (3, 2, 1)),))
    """
    from conjectura.domains.permutations.bruhat import bruhat_le
    from conjectura.domains.permutations.kl_interval import kl_interval

    z = np.asarray(z).reshape(4, n)
    perms = [tuple(int(v) + 1 for v in np.argsort(row, kind="stable")) for row in z]
    x1, w1, x2, w2 = perms
    iso: tuple = ()
    p1 = p2 = ()
    if bruhat_le(x1, w1) and bruhat_le(x2, w2):
        phi = interval_isomorphism(x1, w1, x2, w2)
        if phi is not None:
            iso = tuple(sorted(phi.items()))
            p1, p2 = kl_interval(x1, w1).poly, kl_interval(x2, w2).poly
    return InvarianceViolation(x1, w1, x2, w2, iso, p1, p2)


def _deserialize(data: Any) -> InvarianceViolation:
    if not isinstance(data, dict):
        raise InvalidParameterError(
            "an invariance violation is a JSON object {x1, w1, x2, w2, isomorphism, poly1, poly2}."
        )
    return InvarianceViolation.from_dict(data)


@register_problem(
    _NAME,
    description="a counterexample to combinatorial invariance in S_n: isomorphic Bruhat intervals "
    "with different Kazhdan-Lusztig polynomials (none known)",
)
def invariance_violation_problem(n: int = 5) -> SearchProblem:
    """Isomorphic Bruhat intervals of :math:`S_n` with different Kazhdan--Lusztig polynomials.

    Parameters
    ----------
    n : int, default 5
        :math:`3 \\le n \\le 10` (the verifier computes :math:`P` on each interval alone).
    """
    n = validate_int(n, "n", "invariance_violation_problem", min_value=3, max_value=10)

    def verify(v: InvarianceViolation) -> Verdict:
        sizes = {len(p) for p in (v.x1, v.w1, v.x2, v.w2)}
        if sizes != {n}:
            return Verdict(False, f"the four permutations must lie in S_{n}; got lengths {sorted(sizes)}.")
        return check_invariance_violation(v)

    def score(v: InvarianceViolation) -> float:
        if not v.isomorphism:
            return -1.0
        return 0.0 if tuple(v.poly1) != tuple(v.poly2) else -0.5

    return SearchProblem(
        claim=_claim(n),
        encoding=Encoding(dim=4 * n, arity=n, decode=lambda z: decode_candidate(z, n)),
        score=score,
        verify=verify,
        serialize=lambda v: v.to_dict(),
        deserialize=_deserialize,
        description="isomorphic Bruhat intervals of S_n with different Kazhdan-Lusztig polynomials",
        reference="Brenti, Sem. Lothar. Combin. 49 (2003) B49b; Blundell et al., arXiv:2111.15161",
    )
