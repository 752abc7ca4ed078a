"""Kazhdan--Lusztig polynomials of :math:`S_n`: every pair for :math:`n \\le 8`, in compact arrays.

The Kazhdan--Lusztig polynomials :math:`P_{x,w}(q) \\in \\mathbb Z[q]` are defined by
:math:`P_{x,w} = 0` unless :math:`x \\le w`, :math:`P_{w,w} = 1`,
:math:`\\deg P_{x,w} \\le (\\ell(w) - \\ell(x) - 1)/2` for :math:`x < w`, and the bar-invariance
of the basis :math:`C'_w = q^{-\\ell(w)/2} \\sum_{x \\le w} P_{x,w} T_x` of the Hecke algebra.
The :math:`\\mu`-coefficient :math:`\\mu(x, w)` is the coefficient of
:math:`q^{(\\ell(w) - \\ell(x) - 1)/2}` in :math:`P_{x,w}` (zero when the length difference is
even). They are computed by the standard recursion (Kazhdan--Lusztig 1979, (2.2.c); Humphreys,
*Reflection Groups and Coxeter Groups*, §7.11): for a left descent :math:`s` of :math:`w`,
:math:`v = sw` and :math:`sx < x`,

.. math:: P_{x,w} = P_{sx,v} + q P_{x,v} - \\sum_{z < v,\\ sz < z} \\mu(z, v)\\,
   q^{(\\ell(w) - \\ell(z))/2} P_{x,z}, \\qquad P_{x,w} = P_{sx,w} \\text{ if } sx > x.

Memory layout of :class:`KLTable` (elements of :math:`S_n` indexed ``0..n!-1`` by length,
then lexicographically, as in :func:`~.bruhat.symmetric_group`):

``indptr`` (``int64``, ``n! + 1``), ``cols`` (``uint16``), ``vals`` (``uint16``, or ``uint32``
if there are more than 65,535 distinct polynomials)
    A CSR matrix by ``w``: the pairs :math:`x \\le w` are ``cols[indptr[w]:indptr[w+1]]``
    (sorted ascending, so a lookup is a binary search) and ``vals`` holds the id of
    :math:`P_{x,w}` for each. Four bytes per comparable pair: 681 MB for the
    170,288,585 pairs of :math:`S_8`.
``coefficients`` (``int64``, ``(number of distinct polynomials, d)``)
    The interned polynomials, coefficient of :math:`q^i` in column ``i`` (low degree first);
    ``degrees + 1`` gives each one's length. Id 0 is the polynomial 1.
``mu_indptr``, ``mu_x``, ``mu_value``
    CSR by ``w`` of the pairs with :math:`\\mu(x, w) \\ne 0`, :math:`x < w`.

Only the extremal pairs (descent sets of :math:`x` containing those of :math:`w`) go through
the recursion; the others are copied, and with the symmetries
:math:`P_{x,w} = P_{x^{-1},w^{-1}} = P_{w_0xw_0,\\, w_0ww_0}` (automorphisms of the Bruhat
order, Björner--Brenti Cor. 2.2.5 and Prop. 2.3.4; Kazhdan--Lusztig polynomials are invariant
under them) only one row in each orbit of the Klein four-group they generate is computed.

References
----------
D. Kazhdan and G. Lusztig, "Representations of Coxeter groups and Hecke algebras", Invent. Math.
53 (1979) 165-184, doi:10.1007/BF01390031.
J. E. Humphreys, *Reflection Groups and Coxeter Groups*, Cambridge (1990),
doi:10.1017/CBO9780511623646, §7.9-7.12.
A. Björner and F. Brenti, *Combinatorics of Coxeter Groups*, GTM 231 (2005), ch. 5.
F. du Cloux, "Computing Kazhdan-Lusztig polynomials for arbitrary Coxeter groups",
Experiment. Math. 11 (2002) 371-381, doi:10.1080/10586458.2002.10504481 (extremal pairs).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from conjectura.core.validation import validate_int
from conjectura.domains.permutations.bruhat import as_interval, as_permutation, symmetric_group
from conjectura.exceptions import InvalidParameterError, MissingDependencyError

__all__ = [
    "MAX_TABLE_N",
    "KLTable",
    "PairChunk",
    "IntervalChunk",
    "kl_table",
    "kl_polynomial",
    "kl_mu",
    "poly_to_fmpz",
]

MAX_TABLE_N = 8  # element indices fit in uint16


def poly_to_fmpz(coeffs):
    """A coefficient sequence (low degree first) as a flint ``fmpz_poly``.

    >>> str(poly_to_fmpz((1, 2)))
    '2*x + 1'
    """
    from flint import fmpz_poly

    return fmpz_poly([int(c) for c in coeffs])


def _kernels():
    try:
        from conjectura.domains.permutations import kl_kernels
    except ImportError as err:  # pragma: no cover - numba is a declared dependency of the extra
        raise MissingDependencyError(
            "Kazhdan-Lusztig polynomials are computed with numba: pip install 'conjectura[kl]'."
        ) from err
    return kl_kernels


@dataclass(frozen=True)
class PairChunk:
    """A chunk of comparable pairs :math:`x \\le w` of a :class:`KLTable`, as arrays.

    Attributes
    ----------
    x, w : ndarray of int32
        Element indices (rows of :attr:`KLTable.elements`).
    poly_id : ndarray
        Id of :math:`P_{x,w}` (rows of :attr:`KLTable.coefficients`).
    length : ndarray of int16
        :math:`\\ell(w) - \\ell(x)`.
    """

    x: np.ndarray
    w: np.ndarray
    poly_id: np.ndarray
    length: np.ndarray

    def __len__(self) -> int:
        return int(self.x.shape[0])


@dataclass(frozen=True)
class IntervalChunk:
    """A chunk of intervals from :meth:`KLTable.iter_intervals`.

    ``x``, ``w`` (one-line, ``int8``, shape ``(k, n)``), ``length`` (:math:`\\ell(w)-\\ell(x)`),
    ``coefficients`` (``(k, d)``: row ``r`` holds :math:`P_{x_r,w_r}`, low degree first) and
    ``graphs`` (:class:`~.bruhat.BruhatGraphs` or ``None``).
    """

    x: np.ndarray
    w: np.ndarray
    length: np.ndarray
    coefficients: np.ndarray
    graphs: object = None

    def __len__(self) -> int:
        return int(self.x.shape[0])


class KLTable:
    """All Kazhdan--Lusztig polynomials :math:`P_{x,w}` of :math:`S_n`; build with :func:`kl_table`.

    See the module docstring for the memory layout. Lookups take permutations in one-line
    notation (or element indices, via the ``*_index`` methods).

    Examples
    --------
    >>> T = kl_table(4)
    >>> T.n_pairs, T.poly((1, 3, 2, 4), (3, 4, 1, 2)), T.mu((1, 3, 2, 4), (3, 4, 1, 2))
    (213, (1, 1), 1)
    """

    def __init__(
        self, n, elements, tables, indptr, cols, vals, coefficients, degrees, mu_indptr, mu_x, mu_value
    ):
        self.n = n
        self.elements = elements
        self.lengths = tables["length"].astype(np.int16)
        self.tables = tables
        self.indptr = indptr
        self.cols = cols
        self.vals = vals
        self.coefficients = coefficients
        self.degrees = degrees
        self.mu_indptr = mu_indptr
        self.mu_x = mu_x
        self.mu_value = mu_value
        from conjectura.domains.permutations.kl_kernels import lehmer_rank

        self._lex_to_index = np.empty(len(elements), dtype=np.int64)
        self._lex_to_index[lehmer_rank(elements)] = np.arange(len(elements))

    # ----------------------------------------------------------------- sizes
    @property
    def order(self) -> int:
        """:math:`|S_n| = n!`."""
        return int(self.elements.shape[0])

    @property
    def n_pairs(self) -> int:
        """The number of comparable pairs :math:`x \\le w`."""
        return int(self.cols.shape[0])

    @property
    def n_polynomials(self) -> int:
        """The number of distinct polynomials :math:`P_{x,w}`."""
        return int(self.coefficients.shape[0])

    @property
    def nbytes(self) -> int:
        """Bytes held by the arrays of the table."""
        arrs = (
            self.indptr,
            self.cols,
            self.vals,
            self.coefficients,
            self.mu_indptr,
            self.mu_x,
            self.mu_value,
        )
        return int(sum(a.nbytes for a in arrs))

    # ----------------------------------------------------------------- lookups
    def index(self, x) -> int:
        """The element index of the permutation ``x`` (one-line)."""
        a = as_permutation(x, "KLTable.index")
        if a.size != self.n:
            raise InvalidParameterError(
                f"KLTable.index expects a permutation of S_{self.n}. Got one of S_{a.size} instead."
            )
        from conjectura.domains.permutations.kl_kernels import lehmer_rank

        return int(self._lex_to_index[lehmer_rank(a[None, :])[0]])

    def indices(self, X) -> np.ndarray:
        """Element indices of the rows of ``X`` (shape ``(k, n)``, one-line)."""
        from conjectura.domains.permutations.descents import validate_permutations
        from conjectura.domains.permutations.kl_kernels import lehmer_rank

        A = validate_permutations(X, "KLTable.indices")
        if A.shape[1] != self.n:
            raise InvalidParameterError(f"KLTable.indices expects permutations of S_{self.n}.")
        return self._lex_to_index[lehmer_rank(A)]

    def poly_ids(self, xi, wi) -> np.ndarray:
        """Ids of :math:`P_{x,w}` for arrays of element indices (``-1`` where :math:`x \\not\\le w`)."""
        xi = np.asarray(xi, dtype=np.int64).ravel()
        wi = np.asarray(wi, dtype=np.int64).ravel()
        out = np.full(xi.shape, -1, dtype=np.int64)
        for k, (x, w) in enumerate(zip(xi.tolist(), wi.tolist())):
            lo, hi = self.indptr[w], self.indptr[w + 1]
            j = lo + int(np.searchsorted(self.cols[lo:hi], x))
            if j < hi and self.cols[j] == x:
                out[k] = int(self.vals[j])
        return out

    def poly_index(self, x: int, w: int) -> tuple[int, ...]:
        """:math:`P_{x,w}` by element indices, as coefficients (low degree first); ``()`` if :math:`x \\not\\le w`."""
        pid = int(self.poly_ids([x], [w])[0])
        if pid < 0:
            return ()
        return tuple(int(c) for c in self.coefficients[pid, : self.degrees[pid] + 1])

    def poly(self, x, w) -> tuple[int, ...]:
        """:math:`P_{x,w}` as a tuple of coefficients, low degree first; ``()`` (zero) if :math:`x \\not\\le w`."""
        return self.poly_index(self.index(x), self.index(w))

    def polynomial(self, x, w):
        """:math:`P_{x,w}` as a flint ``fmpz_poly``."""
        return poly_to_fmpz(self.poly(x, w))

    def mu_index(self, x: int, w: int) -> int:
        """:math:`\\mu(x, w)` by element indices."""
        lo, hi = self.mu_indptr[w], self.mu_indptr[w + 1]
        j = lo + int(np.searchsorted(self.mu_x[lo:hi], x))
        return int(self.mu_value[j]) if j < hi and self.mu_x[j] == x else 0

    def mu(self, x, w) -> int:
        """:math:`\\mu(x, w)`: the coefficient of :math:`q^{(\\ell(w)-\\ell(x)-1)/2}` in :math:`P_{x,w}`."""
        return self.mu_index(self.index(x), self.index(w))

    # ----------------------------------------------------------------- iteration
    def iter_pairs(self, chunk_size: int = 1_000_000, *, min_length: int = 0) -> Iterator[PairChunk]:
        """The comparable pairs :math:`x \\le w` in chunks of about ``chunk_size``, ordered by ``w`` then ``x``.

        ``min_length`` keeps the pairs with :math:`\\ell(w) - \\ell(x) \\ge` ``min_length``.
        """
        chunk_size = validate_int(chunk_size, "chunk_size", "KLTable.iter_pairs", min_value=1)
        N = self.order
        w_of = None
        start_w = 0
        while start_w < N:
            end_w = int(np.searchsorted(self.indptr, self.indptr[start_w] + chunk_size, side="right")) - 1
            end_w = max(min(end_w, N), start_w + 1)
            lo, hi = self.indptr[start_w], self.indptr[end_w]
            w_of = np.repeat(
                np.arange(start_w, end_w, dtype=np.int32), np.diff(self.indptr[start_w : end_w + 1])
            )
            x = self.cols[lo:hi].astype(np.int32)
            length = (self.lengths[w_of] - self.lengths[x]).astype(np.int16)
            keep = length >= min_length
            yield PairChunk(x[keep], w_of[keep], self.vals[lo:hi][keep], length[keep])
            start_w = end_w

    def iter_intervals(
        self, chunk_size: int = 10_000, *, min_length: int = 1, graphs: bool = True
    ) -> Iterator[IntervalChunk]:
        """Intervals :math:`[x, w]` with their polynomials (and Bruhat graphs) in chunks: for dataset builders.

        Parameters
        ----------
        chunk_size : int
            Pairs per chunk (before the ``min_length`` filter).
        min_length : int, default 1
            Keep :math:`\\ell(w) - \\ell(x) \\ge` ``min_length``.
        graphs : bool, default True
            Attach the Bruhat graphs (:func:`~.bruhat.bruhat_graphs`, one compiled pass per chunk).

        >>> ch = next(kl_table(4).iter_intervals(100, min_length=3))
        >>> ch.x.shape[1], ch.coefficients.shape[0] == len(ch.graphs)
        (4, True)
        """
        from conjectura.domains.permutations.bruhat import bruhat_graphs

        for c in self.iter_pairs(chunk_size, min_length=min_length):
            if not len(c):
                continue
            x, w = self.elements[c.x], self.elements[c.w]
            yield IntervalChunk(
                x=x,
                w=w,
                length=c.length,
                coefficients=self.coefficients[c.poly_id],
                graphs=bruhat_graphs(x, w) if graphs else None,
            )

    def coefficient(self, k: int) -> np.ndarray:
        """The coefficient of :math:`q^k` of every :math:`P_{x,w}`, aligned with ``cols``/``vals``."""
        k = validate_int(k, "k", "KLTable.coefficient", min_value=0)
        if k >= self.coefficients.shape[1]:
            return np.zeros(self.n_pairs, dtype=np.int64)
        return self.coefficients[:, k][self.vals]

    def summary(self) -> dict:
        """Counts that identify the table: pairs, pairs with :math:`P \\ne 1`, largest coefficient and :math:`\\mu`."""
        counts = np.bincount(self.vals, minlength=self.n_polynomials)
        used = counts > 0
        return {
            "n": self.n,
            "pairs": self.n_pairs,
            "pairs_P_not_1": int(self.n_pairs - counts[0]),
            "distinct_polynomials": int(used.sum()),
            "max_coefficient": int(self.coefficients[used].max()),
            "max_degree": int(self.degrees[used].max()),
            "max_mu": int(self.mu_value.max()) if self.mu_value.size else 0,
            "mu_nonzero_pairs": int(self.mu_value.size),
            "bytes": self.nbytes,
        }

    def __repr__(self) -> str:
        return f"KLTable(n={self.n}, pairs={self.n_pairs}, polynomials={self.n_polynomials})"


@lru_cache(maxsize=2)
def _cached_table(n: int, use_symmetry: bool) -> KLTable:
    K = _kernels()
    elements = np.ascontiguousarray(symmetric_group(n))
    t = K.group_tables(elements)
    indptr, cols = K.lower_intervals(t["left"], t["DL"])
    d = n * (n - 1) // 4 + 1  # intermediate degrees stay <= l(w0)/2
    vals, coeff, plen, mu_indptr, mu_x, mu_c = K.kl_all_pairs(
        t["left"],
        t["right"],
        t["DL"],
        t["DR"],
        t["length"],
        t["inv"],
        t["conj"],
        indptr,
        cols,
        d,
        use_symmetry,
    )
    width = max(int(plen.max()), 1)
    coeff = np.ascontiguousarray(coeff[:, :width])
    if coeff.shape[0] <= np.iinfo(np.uint16).max:
        vals = vals.astype(np.uint16)
    for arr in (indptr, cols, vals, coeff, mu_indptr, mu_x, mu_c):
        arr.setflags(write=False)
    return KLTable(
        n, elements, t, indptr, cols, vals, coeff, (plen - 1).astype(np.int16), mu_indptr, mu_x, mu_c
    )


def kl_table(n: int, *, use_symmetry: bool = True) -> KLTable:
    """Every Kazhdan--Lusztig polynomial :math:`P_{x,w}`, :math:`x \\le w \\in S_n`, :math:`1 \\le n \\le 8`.

    Parameters
    ----------
    n : int
        :math:`1 \\le n \\le 8`. After compilation, :math:`S_7` (3,550,919 pairs) takes about
        0.1 s of CPU and :math:`S_8` (170,288,585 pairs) about 5 s, with a peak of about 2.2 GB
        while the arrays are built (the table itself holds 687 MB).
    use_symmetry : bool, default True
        Copy the rows of :math:`w^{-1}, w_0ww_0, w_0w^{-1}w_0` from the row of :math:`w`
        instead of recomputing them (the results are identical; tests compare both).

    Returns
    -------
    KLTable
        The table (cached: the last two tables built are kept).

    Examples
    --------
    >>> T = kl_table(4)
    >>> T.poly((1, 2, 3, 4), (3, 4, 1, 2))     # P_{e, 3412} = 1 + q
    (1, 1)
    >>> T.summary()["pairs_P_not_1"]      # x <= 1324 under 3412, x <= 2143 under 4231
    6
    """
    n = validate_int(n, "n", "kl_table", min_value=1, max_value=MAX_TABLE_N)
    return _cached_table(n, bool(use_symmetry))


def kl_polynomial(x, w):
    """The Kazhdan--Lusztig polynomial :math:`P_{x,w}(q)` as a flint ``fmpz_poly``.

    Computed on the interval :math:`[x, w]` alone (:func:`~.kl_interval.kl_interval`), for
    permutations of any :math:`S_n`, :math:`n \\le 10`. By definition :math:`P_{x,w} = 0` when
    :math:`x \\not\\le w`.

    >>> str(kl_polynomial((1, 2, 3, 4), (3, 4, 1, 2)))
    'x + 1'
    >>> str(kl_polynomial((2, 1), (1, 2)))
    '0'
    """
    from flint import fmpz_poly

    from conjectura.domains.permutations.bruhat import bruhat_le
    from conjectura.domains.permutations.kl_interval import kl_interval

    xa, wa = as_permutation(x, "kl_polynomial", "x"), as_permutation(w, "kl_polynomial", "w")
    if xa.size == wa.size and not bruhat_le(xa, wa):
        return fmpz_poly(0)
    return kl_interval(xa, wa).polynomial


def kl_mu(x, w) -> int:
    """:math:`\\mu(x, w)`: the coefficient of :math:`q^{(\\ell(w) - \\ell(x) - 1)/2}` in :math:`P_{x,w}`.

    Zero when :math:`x \\not\\le w` or the length difference is even.

    >>> kl_mu((1, 2, 3), (2, 1, 3)), kl_mu((1, 3, 2, 4), (3, 4, 1, 2))
    (1, 1)
    """
    from conjectura.domains.permutations.bruhat import bruhat_le
    from conjectura.domains.permutations.kl_interval import kl_interval

    xa, wa = as_permutation(x, "kl_mu", "x"), as_permutation(w, "kl_mu", "w")
    if xa.size == wa.size and not bruhat_le(xa, wa):
        return 0
    as_interval(xa, wa, "kl_mu")
    return kl_interval(xa, wa).mu
