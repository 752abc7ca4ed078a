r"""Random binomial ideals ``n-d-s-{uniform|weighted|maximum}`` and named benchmark ideals.

The distribution ``n-d-s-kind`` of Peifer, Stillman and Halpern-Leistner (2020)
draws an ideal of :math:`\mathbb{F}_p[x_0, \dots, x_{n-1}]` with ``s`` generators. Each generator
is a binomial :math:`m_1 + c\, m_2` with :math:`m_1 > m_2` distinct monomials and :math:`c` uniform
in :math:`\{1, \dots, p - 1\}`. The degrees :math:`d_1, d_2` of the two monomials are drawn
independently from a law on :math:`\{1, \dots, d\}`, then each monomial uniformly among the
monomials of its degree, redrawing the two monomials (with the same degrees) until they differ:

* ``uniform``: :math:`P(k) \propto \binom{n + k - 1}{n - 1}`, i.e. the monomial is uniform over
  all monomials of degree 1 to ``d``;
* ``weighted``: :math:`P(k) = 1/d`, uniform over the degree, then over the monomials of that degree;
* ``maximum``: :math:`P(d) = 1`, every monomial has degree exactly ``d``.

Optional flags, as in the reference implementation: ``homog`` draws one degree for both
monomials (homogeneous binomials), ``pure`` sets :math:`c = -1` (pure binomials :math:`m_1 - m_2`).
(The reference's ``consts`` flag, which admits the constant monomial, is not offered: it makes the
sampler fail whenever both degrees are 0.) The random stream differs from
the reference implementation's (numpy's PCG64 here), the law is the same.

References
----------
D. Peifer, M. Stillman, D. Halpern-Leistner, "Learning selection strategies in Buchberger's
algorithm", ICML 2020, PMLR 119:7575-7585. arXiv:2005.01917; the generators of their repository
(github dylanpeifer/deepgroebner, ``RandomBinomialIdealGenerator``) fix the details above.
S. Katsura, W. Fukuda, S. Inawashiro, N. M. Fujiki, R. Gebauer, "Distribution of effective field
in the Ising spin glass of the +-J model at T = 0", Cell Biophysics 11 (1987) 309-319 (Katsura-n).
G. Bjorck, R. Froberg, "A faster way to count the solutions of inhomogeneous systems of algebraic
equations, with applications to cyclic n-roots", J. Symbolic Comput. 12 (1991) 329-336 (cyclic-n).
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass

import numpy as np

from conjectura.core.seeding import SeedLike, as_generator, child_seeds
from conjectura.domains.polynomials.monomials import count_monomials, monomials_of_degree
from conjectura.domains.polynomials.poly import DEFAULT_PRIME, Polynomial, check_prime
from conjectura.exceptions import InvalidParameterError

__all__ = [
    "DISTRIBUTION_KINDS",
    "IdealDistribution",
    "parse_distribution",
    "degree_weights",
    "random_binomial_ideal",
    "random_binomial_ideals",
    "cyclic_ideal",
    "katsura_ideal",
]

DISTRIBUTION_KINDS = ("uniform", "weighted", "maximum")
_FLAGS = ("homog", "pure")
MAX_GENERATORS = 2000
_MAX_TABLE = 2_000_000  # monomials of degree <= d that the sampler tabulates
_MAX_TRIALS = 1000


@dataclass(frozen=True)
class IdealDistribution:
    """The law ``n-d-s-kind`` of random binomial ideals (see the module docstring).

    Attributes
    ----------
    n, d, s : int
        Variables, maximal degree of a monomial, generators.
    kind : {'uniform', 'weighted', 'maximum'}
    homogeneous, pure : bool
        The flags ``homog`` and ``pure``.
    p : int
        The prime of the coefficient field.
    """

    n: int
    d: int
    s: int
    kind: str
    homogeneous: bool = False
    pure: bool = False
    p: int = DEFAULT_PRIME

    def __post_init__(self):
        _validate(self)

    def __str__(self) -> str:
        flags = [f for f, on in zip(_FLAGS, (self.homogeneous, self.pure)) if on]
        return "-".join([str(self.n), str(self.d), str(self.s), self.kind, *flags])

    def sample(self, seed: SeedLike = None) -> list[Polynomial]:
        """One ideal (its ``s`` generators); see :func:`random_binomial_ideal`."""
        return random_binomial_ideal(self, seed=seed)


def _validate(dist: IdealDistribution) -> None:
    name = "IdealDistribution"
    for attr, lo in (("n", 1), ("d", 1), ("s", 1)):
        v = getattr(dist, attr)
        if isinstance(v, bool) or not isinstance(v, int | np.integer) or v < lo:
            raise InvalidParameterError(
                f"The {attr!r} parameter of {name} must be an int >= {lo}. Got {v!r} instead."
            )
    if dist.kind not in DISTRIBUTION_KINDS:
        raise InvalidParameterError(
            f"The 'kind' parameter of {name} must be one of {list(DISTRIBUTION_KINDS)}. Got {dist.kind!r} instead."
        )
    check_prime(dist.p, name)
    if dist.n == 1:
        raise InvalidParameterError(
            f"The 'n' parameter of {name} must be an int >= 2: in one variable every degree has a single "
            "monomial, so a binomial with two monomials of one degree does not exist. Got 1 instead."
        )
    if dist.s > MAX_GENERATORS:
        raise InvalidParameterError(
            f"The 's' parameter of {name} must be an int <= {MAX_GENERATORS} (the pair list of Buchberger's "
            f"algorithm grows like s^2 / 2). Got {dist.s} instead."
        )
    total = math.comb(dist.n + dist.d, dist.n)
    if total > _MAX_TABLE:
        raise InvalidParameterError(
            f"The distribution {dist} has {total} monomials of degree <= {dist.d}; at most "
            f"{_MAX_TABLE} are supported. Lower 'n' or 'd'."
        )


def parse_distribution(text: str, *, p: int = DEFAULT_PRIME) -> IdealDistribution:
    """Read ``'n-d-s-kind'`` with optional trailing flags ``-homog`` and ``-pure``.

    Examples
    --------
    >>> parse_distribution("3-20-10-weighted")
    IdealDistribution(n=3, d=20, s=10, kind='weighted', homogeneous=False, pure=False, p=32003)
    >>> str(parse_distribution("2-5-4-uniform-pure"))
    '2-5-4-uniform-pure'
    """
    if not isinstance(text, str):
        raise InvalidParameterError(
            f"An ideal distribution is a string 'n-d-s-kind'. Got {type(text).__name__} instead."
        )
    parts = text.strip().split("-")
    if len(parts) < 4 or not all(re.fullmatch(r"\d+", x) for x in parts[:3]):
        raise InvalidParameterError(
            f"Unknown ideal distribution {text!r}: expected 'n-d-s-kind' with ints n, d, s and kind one of "
            f"{', '.join(DISTRIBUTION_KINDS)} (e.g. '3-20-10-weighted')."
        )
    n, d, s = (int(x) for x in parts[:3])
    kind = parts[3]
    if kind not in DISTRIBUTION_KINDS:
        raise InvalidParameterError(
            f"Unknown ideal distribution {text!r}: kind must be one of {', '.join(DISTRIBUTION_KINDS)}. "
            f"Got {kind!r} instead."
        )
    flags = parts[4:]
    bad = [f for f in flags if f not in _FLAGS]
    if bad or len(set(flags)) != len(flags):
        raise InvalidParameterError(
            f"Unknown ideal distribution {text!r}: the optional flags are {', '.join(_FLAGS)} (each at most "
            f"once). Got {'-'.join(flags)!r} instead."
        )
    if n < 2:
        raise InvalidParameterError(
            f"Ideal distribution {text!r}: the number of variables n must be >= 2 (in one variable a degree "
            f"has one monomial, so binomials of two monomials of one degree do not exist). Got {n} instead."
        )
    if d < 1:
        raise InvalidParameterError(
            f"Ideal distribution {text!r}: the degree d must be >= 1. Got {d} instead."
        )
    if s < 1:
        raise InvalidParameterError(
            f"Ideal distribution {text!r}: the number of generators s must be >= 1. Got {s} instead."
        )
    return IdealDistribution(n, d, s, kind, homogeneous="homog" in flags, pure="pure" in flags, p=p)


def _as_distribution(dist, p=None) -> IdealDistribution:
    if isinstance(dist, IdealDistribution):
        if p is not None and int(p) != dist.p:
            raise InvalidParameterError(f"p = {p} does not match the distribution's p = {dist.p}.")
        return dist
    return parse_distribution(dist, p=DEFAULT_PRIME if p is None else p)


def degree_weights(dist: IdealDistribution | str) -> tuple[int, ...]:
    r"""Exact unnormalised weights of the degrees :math:`0, 1, \dots, d` of one monomial.

    Examples
    --------
    >>> degree_weights("3-3-1-uniform")      # 0, then C(n+k-1, n-1) monomials of degree k
    (0, 3, 6, 10)
    >>> degree_weights("3-3-1-weighted"), degree_weights("3-3-1-maximum")
    ((0, 1, 1, 1), (0, 0, 0, 1))
    """
    dist = _as_distribution(dist)
    head = 0  # no constants: the law lives on degrees 1..d
    if dist.kind == "uniform":
        tail = [count_monomials(dist.n, k) for k in range(1, dist.d + 1)]
    elif dist.kind == "weighted":
        tail = [1] * dist.d
    else:
        tail = [0] * (dist.d - 1) + [1]
    return (head, *tail)


@functools.lru_cache(maxsize=64)
def _tables(n: int, d: int):
    """Monomials of degree 0..d stacked (rows in decreasing grevlex within a degree), offsets, counts."""
    blocks = [monomials_of_degree(n, k) for k in range(d + 1)]
    counts = np.array([b.shape[0] for b in blocks], dtype=np.int64)
    offsets = np.concatenate([[0], np.cumsum(counts)[:-1]]).astype(np.int64)
    table = np.concatenate(blocks)
    # rank of each monomial in increasing grevlex among all of degree <= d (to order a binomial)
    rank = np.empty(table.shape[0], dtype=np.int64)
    for k in range(d + 1):
        c = counts[k]
        rank[offsets[k] : offsets[k] + c] = offsets[k] + (c - 1 - np.arange(c))
    table.setflags(write=False)
    return table, offsets, counts, rank


def random_binomial_ideal(
    dist: IdealDistribution | str, *, seed: SeedLike = None, p: int | None = None
) -> list[Polynomial]:
    r"""The ``s`` binomial generators :math:`m_1 + c\,m_2` (:math:`m_1 > m_2`) of a random ideal.

    Parameters
    ----------
    dist : IdealDistribution or str
        E.g. ``'3-20-10-weighted'``.
    seed : int, numpy Generator or None
        The same seed gives the same ideal.
    p : int, optional
        Prime of the field when ``dist`` is a string (default 32003).

    Returns
    -------
    list of Polynomial
        Generators in the order drawn, each monic with two terms.

    Examples
    --------
    >>> F = random_binomial_ideal("3-5-4-maximum", seed=0)
    >>> len(F), {f.degree for f in F}, {len(f) for f in F}
    (4, {5}, {2})
    """
    dist = _as_distribution(dist, p)
    rng = as_generator(seed)
    table, offsets, counts, rank = _tables(dist.n, dist.d)
    w = np.asarray(degree_weights(dist), dtype=float)
    probs = w / w.sum()
    s = dist.s
    if dist.pure:
        c = np.full(s, dist.p - 1, dtype=np.int64)
    else:
        c = rng.integers(1, dist.p, size=s, dtype=np.int64)
    if dist.homogeneous:
        deg = np.repeat(rng.choice(dist.d + 1, size=(s, 1), p=probs), 2, axis=1)
    else:
        deg = rng.choice(dist.d + 1, size=(s, 2), p=probs)
    idx = rng.integers(0, counts[deg])
    for _ in range(_MAX_TRIALS):
        same = (deg[:, 0] == deg[:, 1]) & (idx[:, 0] == idx[:, 1])
        if not same.any():
            break
        rows = np.flatnonzero(same)
        idx[rows] = rng.integers(0, counts[deg[rows]])
    else:  # pragma: no cover - every degree >= 1 has >= 2 monomials when n >= 2
        raise InvalidParameterError(f"{dist}: failed to draw two distinct monomials in {_MAX_TRIALS} trials.")
    glob = offsets[deg] + idx  # rows of the table
    out = []
    for k in range(s):
        a, b = int(glob[k, 0]), int(glob[k, 1])
        if rank[a] < rank[b]:
            a, b = b, a
        E = np.stack([table[a], table[b]])
        out.append(Polynomial._from_sorted(E, np.array([1, int(c[k])], dtype=np.int64), dist.p))
    return out


def random_binomial_ideals(
    dist: IdealDistribution | str, count: int, *, seed: SeedLike = 0, p: int | None = None
) -> list[list[Polynomial]]:
    """``count`` ideals, the ``i``-th drawn from the ``i``-th child of ``SeedSequence(seed)``.

    The ``i``-th ideal does not depend on ``count``, so a prefix of a seeded set is a seeded set.

    >>> A = random_binomial_ideals("3-20-10-weighted", 3, seed=7)
    >>> B = random_binomial_ideals("3-20-10-weighted", 5, seed=7)
    >>> A == B[:3]
    True
    """
    dist = _as_distribution(dist, p)
    if isinstance(count, bool) or not isinstance(count, int | np.integer) or count < 0:
        raise InvalidParameterError(
            f"The 'count' parameter of random_binomial_ideals must be an int >= 0. Got {count!r} instead."
        )
    return [random_binomial_ideal(dist, seed=c) for c in child_seeds(seed, int(count))]


def cyclic_ideal(n: int, *, p: int = DEFAULT_PRIME) -> list[Polynomial]:
    r"""The cyclic-``n`` system: :math:`\sum_{i} \prod_{k<d} x_{i+k \bmod n}` for :math:`d < n`, and
    :math:`x_0 \cdots x_{n-1} - 1`.

    >>> [len(f) for f in cyclic_ideal(4)]
    [4, 4, 4, 2]
    """
    if isinstance(n, bool) or not isinstance(n, int) or n < 2:
        raise InvalidParameterError(
            f"The 'n' parameter of cyclic_ideal must be an int >= 2. Got {n!r} instead."
        )
    F = []
    for d in range(1, n):
        E = np.zeros((n, n), dtype=np.int64)
        for i in range(n):
            for k in range(d):
                E[i, (i + k) % n] = 1
        F.append(Polynomial(E, [1] * n, p))
    F.append(Polynomial(np.array([[1] * n, [0] * n]), [1, -1], p))
    return F


def katsura_ideal(n: int, *, p: int = DEFAULT_PRIME) -> list[Polynomial]:
    r"""The Katsura-``n`` system in the ``n + 1`` variables :math:`u_0, \dots, u_n`:

    .. math::

        \sum_{l=-n}^{n} u_l u_{m-l} = u_m \ (0 \le m < n), \qquad \sum_{l=-n}^{n} u_l = 1,

    with :math:`u_{-l} = u_l` and :math:`u_l = 0` for :math:`|l| > n`; the linear equation first.

    >>> from conjectura.domains.polynomials.poly import format_polynomial
    >>> [format_polynomial(f, "a, b") for f in katsura_ideal(1)]
    ['a + 2*b + 32002', 'a^2 + 2*b^2 + 32002*a']
    """
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise InvalidParameterError(
            f"The 'n' parameter of katsura_ideal must be an int >= 1. Got {n!r} instead."
        )
    N = n + 1
    lin = Polynomial.constant(-1, N, p)
    for l in range(-n, n + 1):
        lin = lin + Polynomial.variable(abs(l), N, p)
    F = [lin]  # the linear equation first, as in the reference test suite
    for m in range(n):
        f = Polynomial.zero(N, p)
        for l in range(-n, n + 1):
            a, b = abs(l), abs(m - l)
            if b <= n:
                f = f + Polynomial.variable(a, N, p) * Polynomial.variable(b, N, p)
        F.append(f - Polynomial.variable(m, N, p))
    return F
