"""Kazhdan--Lusztig polynomials of one Bruhat interval, computed from the interval alone.

For :math:`n = 9, 10` a table of all pairs is out of reach, but :math:`P_{x,w}` only needs the
interval :math:`[x, w]`: by Kazhdan--Lusztig (1979), (2.0.a) (Björner--Brenti Thm. 5.1.4),

.. math:: q^{\\ell(w) - \\ell(a)} P_{a,w}(q^{-1}) - P_{a,w}(q) = \\sum_{a < z \\le w} R_{a,z}(q)\\, P_{z,w}(q),
   \\qquad a \\in [x, w],

and the degree bound :math:`\\deg P_{a,w} \\le (\\ell(w) - \\ell(a) - 1)/2` separates the two
terms on the left, so :math:`P_{a,w}` is minus the low half of the right side. The
:math:`R`-polynomials come from Dyer's formula (Björner--Brenti Thm. 5.3.4): for a reflection
order (the lexicographic order of transpositions),

.. math:: R_{a,z}(q) = \\sum_{\\Delta} \\prod_{(u \\to ut) \\in \\Delta} (q - 1)\\,
   q^{(\\ell(ut) - \\ell(u) - 1)/2},

the sum over the paths :math:`\\Delta` from :math:`a` to :math:`z` in the Bruhat graph of the
interval whose edge labels :math:`t` increase. One dynamic programme from the top of the interval
down gives :math:`P_{a,w}` for every :math:`a \\in [x, w]` in time proportional to the number of
edges of the Bruhat graph times :math:`\\ell(w) - \\ell(x)`: only elements of the interval are
visited. The high half of the identity is checked as well, and a failure raises.

References
----------
D. Kazhdan and G. Lusztig, Invent. Math. 53 (1979) 165-184, doi:10.1007/BF01390031.
M. J. Dyer, "Hecke algebras and shellings of Bruhat intervals", Compositio Math. 89 (1993)
91-115.
A. Björner and F. Brenti, *Combinatorics of Coxeter Groups*, GTM 231 (2005), §5.1-5.3.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from conjectura.domains.permutations.bruhat import MAX_INTERVAL_N, as_interval, reflections

__all__ = ["KLInterval", "kl_interval"]


@dataclass(frozen=True, eq=False)
class KLInterval:
    """A Bruhat interval :math:`[x, w]` with its Bruhat graph and :math:`P_{a,w}` for every :math:`a` in it.

    Attributes
    ----------
    elements : ndarray of int8, shape (k, n)
        The interval, by length then lexicographically: ``elements[0]`` is :math:`x`,
        ``elements[-1]`` is :math:`w`.
    lengths : ndarray of int16, shape (k,)
        :math:`\\ell(a)`.
    edges : ndarray of int32, shape (m, 2)
        Bruhat graph edges :math:`a \\to at`, :math:`\\ell(at) > \\ell(a)`, as row indices.
    labels : ndarray of int8, shape (m, 2)
        The right reflection :math:`t = (i, j)` (1-based positions) of each edge.
    coefficients : ndarray of int64, shape (k, d)
        Row ``a``: the coefficients of :math:`P_{a,w}` (low degree first, zero padded).
    """

    elements: np.ndarray
    lengths: np.ndarray
    edges: np.ndarray
    labels: np.ndarray
    coefficients: np.ndarray

    @property
    def x(self) -> tuple[int, ...]:
        return tuple(int(v) for v in self.elements[0])

    @property
    def w(self) -> tuple[int, ...]:
        return tuple(int(v) for v in self.elements[-1])

    @property
    def length(self) -> int:
        """:math:`\\ell(w) - \\ell(x)`."""
        return int(self.lengths[-1] - self.lengths[0])

    @property
    def size(self) -> int:
        return int(self.elements.shape[0])

    def poly_at(self, a: int) -> tuple[int, ...]:
        """:math:`P_{a,w}` for the element of row ``a``, coefficients low degree first."""
        row = self.coefficients[a]
        nz = np.flatnonzero(row)
        return tuple(int(c) for c in row[: (nz[-1] + 1 if nz.size else 0)])

    @property
    def poly(self) -> tuple[int, ...]:
        """:math:`P_{x,w}` as a tuple of coefficients, low degree first."""
        return self.poly_at(0)

    @property
    def polynomial(self):
        """:math:`P_{x,w}` as a flint ``fmpz_poly``."""
        from conjectura.domains.permutations.kl import poly_to_fmpz

        return poly_to_fmpz(self.poly)

    def mu_at(self, a: int) -> int:
        """:math:`\\mu(a, w)`."""
        l = int(self.lengths[-1] - self.lengths[a])
        if l % 2 == 0:
            return 0
        d = (l - 1) // 2
        return int(self.coefficients[a, d]) if d < self.coefficients.shape[1] else 0

    @property
    def mu(self) -> int:
        """:math:`\\mu(x, w)`."""
        return self.mu_at(0)

    def graph(self, *, covers_only: bool = False):
        """The Bruhat graph (or with ``covers_only`` the Hasse diagram) as a ``networkx.DiGraph``.

        Nodes are one-line tuples (attribute ``length``); edges carry ``reflection`` (right,
        positions) and ``left_reflection`` (values).
        """
        import networkx as nx

        nodes = [tuple(int(v) for v in row) for row in self.elements]
        G = nx.DiGraph()
        G.add_nodes_from((u, {"length": int(l)}) for u, l in zip(nodes, self.lengths))
        for (a, b), (i, j) in zip(self.edges.tolist(), self.labels.tolist()):
            if covers_only and self.lengths[b] - self.lengths[a] != 1:
                continue
            u = nodes[a]
            G.add_edge(u, nodes[b], reflection=(i, j), left_reflection=(u[i - 1], u[j - 1]))
        return G


def kl_interval(x, w) -> KLInterval:
    """The Bruhat interval :math:`[x, w]` of :math:`S_n` (:math:`n \\le 10`) with every :math:`P_{a,w}`, :math:`a \\in [x, w]`.

    Parameters
    ----------
    x, w : sequence of int
        Permutations of :math:`1..n` in one-line notation with :math:`x \\le w`.

    Returns
    -------
    KLInterval

    Raises
    ------
    InvalidParameterError
        If ``x`` or ``w`` is not a permutation, they lie in different :math:`S_n`,
        :math:`n > 10`, or :math:`x \\not\\le w`.
    ArithmeticError
        If the self-check of the identity fails or an int64 bound would be exceeded (never
        observed; it guards the arithmetic).

    Examples
    --------
    >>> I = kl_interval((1, 3, 2, 4), (3, 4, 1, 2))
    >>> I.size, I.length, I.poly, I.mu
    (10, 3, (1, 1), 1)
    >>> kl_interval((1, 2, 3, 4, 5), (4, 5, 3, 1, 2)).poly     # P_{e, 45312} = 1 + q^2
    (1, 0, 1)
    """
    from conjectura.domains.permutations.kl import _kernels

    xa, wa = as_interval(x, w, "kl_interval", max_n=MAX_INTERVAL_N)
    K = _kernels()
    els, lens, src, dst, lab = K.interval_graph(xa.astype(np.int64), wa.astype(np.int64))
    P, ok, overflow = K.interval_kl(lens, src, dst, lab)
    if overflow:
        raise ArithmeticError(
            f"kl_interval: the interval [{tuple(xa.tolist())}, {tuple(wa.tolist())}] is too long for "
            "the int64 dynamic programme."
        )
    if not ok:
        raise ArithmeticError("kl_interval: the identity q^l P(1/q) - P = sum R P failed its self-check.")
    labels = np.asarray(reflections(xa.size), dtype=np.int8).reshape(-1, 2)[lab]
    edges = np.stack([src, dst], axis=1).astype(np.int32)
    return KLInterval(els.astype(np.int8), lens.astype(np.int16), edges, labels, P)
