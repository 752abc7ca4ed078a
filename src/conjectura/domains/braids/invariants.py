r"""Exact invariants of braids and their closures, and the SnapPy cross-check.

* :func:`burau_matrix`: the (reduced or unreduced) Burau matrix over :math:`\mathbb{Z}[t^{\pm 1}]`,
  an exact invariant of the braid (faithful on :math:`B_3`), used to test that moves preserve it.
* :func:`closure_alexander_polynomial`: the Alexander polynomial of the closure from the reduced
  Burau matrix, exactly (python-flint).
* :func:`closure_link`, :func:`seifert_alexander_polynomial`, :func:`unknot_cross_check`: the
  closure as a spherogram ``Link``, its Alexander polynomial from a Seifert matrix, and SnapPy's
  fundamental group. These are cross-checks, never part of a proof: a trivial Alexander
  polynomial does not imply the unknot (the Conway knot 11n34 has :math:`\Delta = 1`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from conjectura.core.validation import require
from conjectura.domains.braids.words import braid_state, closure_components
from conjectura.exceptions import InvalidParameterError

__all__ = [
    "burau_matrix",
    "closure_alexander_polynomial",
    "closure_link",
    "seifert_alexander_polynomial",
    "unknot_cross_check",
]


def _poly(coeffs):
    import flint

    return flint.fmpz_poly(list(coeffs))


def _letter_matrix(i: int, n: int, negative: bool, reduced: bool):
    """``psi(sigma_i)`` or ``t * psi(sigma_i^-1)`` as a list of rows of fmpz_poly."""
    one, zero, t = _poly([1]), _poly([]), _poly([0, 1])
    unit = t if negative else one  # t * I off the block for inverse letters
    m = n - 1 if reduced else n
    M = [[unit if r == c else zero for c in range(m)] for r in range(m)]
    if not reduced:
        # sigma_i: block [[1 - t, t], [1, 0]] at rows/cols i-1, i; t * inverse: [[0, t], [1, t - 1]]
        blk = [[zero, t], [one, t - one]] if negative else [[one - t, t], [one, zero]]
        for a in range(2):
            for b in range(2):
                M[i - 1 + a][i - 1 + b] = blk[a][b]
        return M
    if n == 2:  # sigma_1 -> [-t]; t * inverse -> [-1]
        M[0][0] = -one if negative else -t
        return M
    if i == 1:  # [[-t, 1], [0, 1]]; t * inverse [[-1, 1], [0, t]]
        blk, at = ([[-one, one], [zero, t]] if negative else [[-t, one], [zero, one]]), 0
    elif i == n - 1:  # [[1, 0], [t, -t]]; t * inverse [[t, 0], [t, -1]]
        blk, at = ([[t, zero], [t, -one]] if negative else [[one, zero], [t, -t]]), n - 3
    else:  # [[1, 0, 0], [t, -t, 1], [0, 0, 1]]; t * inverse [[t, 0, 0], [t, -1, 1], [0, 0, t]]
        blk = (
            [[t, zero, zero], [t, -one, one], [zero, zero, t]]
            if negative
            else [[one, zero, zero], [t, -t, one], [zero, zero, one]]
        )
        at = i - 2
    for a, row in enumerate(blk):
        for b, x in enumerate(row):
            M[at + a][at + b] = x
    return M


def _matmul(A, B):
    m, k, p = len(A), len(B), len(B[0]) if B else 0
    zero = _poly([])
    out = []
    for r in range(m):
        Ar = A[r]
        row = []
        for c in range(p):
            s = zero
            for j in range(k):
                if Ar[j] != 0 and B[j][c] != 0:
                    s = s + Ar[j] * B[j][c]
            row.append(s)
        out.append(row)
    return out


def _burau_poly(word, n: int, reduced: bool):
    """``(P, s)`` with ``psi(word) = t^-s * P``, ``P`` a matrix of fmpz_poly."""
    m = n - 1 if reduced else n
    P = [[_poly([1]) if r == c else _poly([]) for c in range(m)] for r in range(m)]
    s = 0
    for x in word:
        P = _matmul(P, _letter_matrix(abs(x), n, x < 0, reduced))
        s += x < 0
    return P, s


def burau_matrix(word: Iterable[int], strands: int, *, reduced: bool = False):
    r"""The Burau matrix of a braid, exactly, as a sympy matrix over :math:`\mathbb{Z}[t^{\pm1}]`.

    Parameters
    ----------
    word : iterable of int
        The braid word (letters ``±i``, ``1 <= i <= strands - 1``).
    strands : int
        Number of strands ``n``.
    reduced : bool
        The reduced representation (``(n-1) x (n-1)``) instead of the unreduced (``n x n``).

    Returns
    -------
    sympy.ImmutableMatrix
        Entries are expanded Laurent polynomials in the symbol ``t``.

    Notes
    -----
    Unreduced: :math:`\sigma_i \mapsto I_{i-1} \oplus \begin{pmatrix} 1-t & t \\ 1 & 0
    \end{pmatrix} \oplus I_{n-i-1}`. Reduced: :math:`\sigma_1 \mapsto \begin{pmatrix} -t & 1 \\ 0
    & 1\end{pmatrix} \oplus I_{n-3}`, :math:`\sigma_i \mapsto I_{i-2} \oplus \begin{pmatrix} 1 &
    0 & 0 \\ t & -t & 1 \\ 0 & 0 & 1 \end{pmatrix} \oplus I_{n-i-2}`, :math:`\sigma_{n-1}
    \mapsto I_{n-3} \oplus \begin{pmatrix} 1 & 0 \\ t & -t \end{pmatrix}`, and
    :math:`\sigma_1 \mapsto (-t)` for :math:`n = 2`. Words act left to right (the matrix of
    :math:`uv` is :math:`\psi(u)\psi(v)`). The representation is faithful for :math:`n \le 3`
    and not for :math:`n \ge 5`, so equal matrices prove equal braids only on three strands.

    References
    ----------
    W. Burau, "Über Zopfgruppen und gleichsinnig verdrillte Verkettungen", Abh. Math. Sem.
    Hamburg 11 (1935) 179-186, doi:10.1007/BF02940722. C. Kassel, V. Turaev, *Braid Groups*,
    GTM 247 (2008), Section 3.3, doi:10.1007/978-0-387-68548-9.

    Examples
    --------
    >>> burau_matrix((1, 2, 1), 3) == burau_matrix((2, 1, 2), 3)
    True
    >>> burau_matrix((1, -1), 2)
    Matrix([
    [1, 0],
    [0, 1]])
    """
    import sympy

    st = braid_state(word, strands, owner="burau_matrix")
    P, s = _burau_poly(st.word, st.strands, reduced)
    t = sympy.Symbol("t")

    def conv(p):
        return sympy.expand(sum(int(c) * t ** (k - s) for k, c in enumerate(p.coeffs()) if c != 0))

    return sympy.ImmutableMatrix([[conv(p) for p in row] for row in P]) if P else sympy.ImmutableMatrix([])


def _det(M):
    """Determinant of a square matrix of fmpz_poly (fraction-free Bareiss elimination)."""
    m = len(M)
    if m == 0:
        return _poly([1])
    A = [list(r) for r in M]
    sign, prev = 1, _poly([1])
    for k in range(m - 1):
        if A[k][k] == 0:
            r = next((r for r in range(k + 1, m) if A[r][k] != 0), None)
            if r is None:
                return _poly([])
            A[k], A[r] = A[r], A[k]
            sign = -sign
        for i in range(k + 1, m):
            for j in range(k + 1, m):
                q, rem = divmod(A[i][j] * A[k][k] - A[i][k] * A[k][j], prev)
                if rem != 0:  # Bareiss divisions are exact: a failure is a bug, not data
                    raise ArithmeticError("inexact Bareiss division")
                A[i][j] = q
        prev = A[k][k]
    return A[m - 1][m - 1] if sign > 0 else -A[m - 1][m - 1]


def _normalise(coeffs: list[int]) -> tuple[int, ...]:
    while coeffs and coeffs[-1] == 0:
        coeffs.pop()
    k = 0
    while k < len(coeffs) and coeffs[k] == 0:
        k += 1
    coeffs = coeffs[k:]
    if not coeffs:
        return (0,)
    if coeffs[-1] < 0:
        coeffs = [-c for c in coeffs]
    return tuple(coeffs)


def closure_alexander_polynomial(word: Iterable[int], strands: int) -> tuple[int, ...]:
    r"""The Alexander polynomial of the closure of a braid, exactly, from the reduced Burau matrix.

    .. math::

        \det\bigl(I - \psi_r(\beta)\bigr) \doteq (1 + t + \dots + t^{n-1})\,
        \Delta_{\hat\beta}(t),

    where :math:`\doteq` is equality up to a unit :math:`\pm t^k`.

    Parameters
    ----------
    word : iterable of int
    strands : int

    Returns
    -------
    tuple of int
        Coefficients, constant term first, normalised to a non-zero constant term and a positive
        leading coefficient (the form of Rolfsen's and KnotInfo's tables, e.g. ``(1, -3, 1)`` for
        the figure-eight knot); ``(0,)`` when the polynomial vanishes (e.g. a split link).

    References
    ----------
    J. S. Birman, *Braids, Links, and Mapping Class Groups* (1974), Theorem 3.11,
    doi:10.1515/9781400881420.

    Examples
    --------
    >>> closure_alexander_polynomial((1, 1, 1), 2)
    (1, -1, 1)
    >>> closure_alexander_polynomial((1, -2, 1, -2), 3)
    (1, -3, 1)
    >>> closure_alexander_polynomial((1, 2), 3)
    (1,)
    """
    st = braid_state(word, strands, owner="closure_alexander_polynomial")
    n = st.strands
    P, s = _burau_poly(st.word, n, reduced=True)
    ts = _poly([0] * s + [1])
    D = _det([[(ts if r == c else _poly([])) - P[r][c] for c in range(n - 1)] for r in range(n - 1)])
    q, rem = divmod(D, _poly([1] * n))
    if rem != 0:  # the theorem says it divides
        raise ArithmeticError(f"det(I - Burau) is not divisible by [n]_t for {st}")
    return _normalise([int(c) for c in q.coeffs()])


def closure_link(word: Iterable[int], strands: int):
    """The closure of the braid as a spherogram ``Link`` (``Link(braid_closure=...)``).

    Raises
    ------
    InvalidParameterError
        For a word that does not use the top generator :math:`\\sigma_{n-1}` (spherogram would
        drop the unused strands, each a split unknotted component) or the empty word.
    """
    st = braid_state(word, strands, owner="closure_link")
    if not st.word or max(abs(x) for x in st.word) != st.strands - 1:
        raise InvalidParameterError(
            f"The 'word' parameter of closure_link must use the generator {st.strands - 1} "
            f"so that spherogram keeps all {st.strands} strands. Got {st.word} instead."
        )
    spherogram = require("spherogram", extra="knots", purpose="for braid closures")
    return spherogram.Link(braid_closure=list(st.word))


def seifert_alexander_polynomial(link) -> tuple[int, ...]:
    r"""Alexander polynomial :math:`\det(V - tV^{T})` of a link from spherogram's Seifert matrix.

    An implementation independent of :func:`closure_alexander_polynomial` (a Seifert surface
    instead of the Burau representation), normalised the same way.

    >>> seifert_alexander_polynomial(closure_link((1, 1, 1), 2))  # doctest: +SKIP
    (1, -1, 1)
    """
    V = [[int(x) for x in row] for row in link.seifert_matrix()]
    m = len(V)
    M = [[_poly([V[r][c], -V[c][r]]) for c in range(m)] for r in range(m)]
    return _normalise([int(c) for c in _det(M).coeffs()])


def unknot_cross_check(word: Iterable[int], strands: int, *, seed: int = 0) -> dict[str, Any]:
    """SnapPy/spherogram evidence about the closure: a cross-check, not a proof.

    Parameters
    ----------
    word : iterable of int
    strands : int
    seed : int
        Seed of Python's ``random``, which spherogram's ``simplify('global')`` uses.

    Returns
    -------
    dict
        ``components`` (from the permutation), ``alexander_burau`` and ``alexander_seifert``
        (coefficient tuples, see :func:`closure_alexander_polynomial`), ``crossings`` before and
        ``simplified_crossings`` after spherogram's global simplification,
        ``pi1_generators`` (generators of SnapPy's simplified presentation of the fundamental
        group of the exterior; ``None`` when the diagram simplified to no crossings, which
        already shows the unknot), and ``looks_unknotted``: one component, trivial Alexander
        polynomial and (a crossingless diagram or a fundamental group with at most one generator).
    """
    import random

    link = closure_link(word, strands)
    out: dict[str, Any] = {
        "components": closure_components(tuple(word), strands),
        "alexander_burau": closure_alexander_polynomial(word, strands),
        "alexander_seifert": seifert_alexander_polynomial(link),
        "crossings": len(link.crossings),
    }
    state = random.getstate()
    try:
        random.seed(seed)
        simple = link.copy()
        simple.simplify("global")
    finally:
        random.setstate(state)
    out["simplified_crossings"] = len(simple.crossings)
    if out["simplified_crossings"] == 0:
        out["pi1_generators"] = None
    else:
        require("snappy", extra="knots", purpose="for the fundamental group of a link exterior")
        out["pi1_generators"] = int(simple.exterior().fundamental_group().num_generators())
    out["looks_unknotted"] = bool(
        out["components"] == 1
        and out["alexander_burau"] == (1,)
        and out["alexander_seifert"] == (1,)
        and (out["pi1_generators"] is None or out["pi1_generators"] <= 1)
    )
    return out
