"""Knots to compute on: the Hoste-Thistlethwaite census and random knots beyond it.

The census is SnapPy's ``HTLinkExteriors`` restricted to knots: the 59,937 prime knots with at
most 14 crossings (up to mirror image), ordered by crossing number, alternating before
non-alternating (``K3a1``, ``K4a1``, ..., ``K14n27436``). Random knots are closures of random
braids, simplified, kept when hyperbolic and *not* found in the census, so they test
generalisation beyond the training range.

References
----------
J. Hoste, M. Thistlethwaite, J. Weeks, "The first 1,701,936 knots", Math. Intelligencer 20
(1998) 33-48, doi:10.1007/BF03025227.
"""

from __future__ import annotations

import random
from collections.abc import Iterator

from conjectura.core.seeding import SeedLike, as_generator
from conjectura.core.validation import require, validate_int
from conjectura.exceptions import InvalidParameterError

__all__ = [
    "KNOT_COUNTS",
    "census_size",
    "census_crossings",
    "census_knots",
    "random_braid_word",
    "random_knot",
]

#: Number of prime knots with exactly ``c`` crossings, up to mirror image (OEIS A002863), which
#: is what ``HTLinkExteriors(crossings=c, knots_vs_links='knots')`` holds for c <= 14.
KNOT_COUNTS = {3: 1, 4: 1, 5: 2, 6: 3, 7: 7, 8: 21, 9: 49, 10: 165, 11: 552, 12: 2176, 13: 9988, 14: 46972}


def census_size(max_crossings: int = 14) -> int:
    """Number of census knots with at most ``max_crossings`` crossings.

    >>> census_size(10)
    249
    >>> census_size(14)
    59937
    """
    validate_int(max_crossings, "max_crossings", "census_size", min_value=3, max_value=14)
    return sum(v for c, v in KNOT_COUNTS.items() if c <= max_crossings)


def census_crossings(index: int) -> int:
    """Crossing number of the census knot at position ``index`` (0-based).

    >>> census_crossings(0), census_crossings(59936)
    (3, 14)
    """
    acc = 0
    for c, v in KNOT_COUNTS.items():
        acc += v
        if index < acc:
            return c
    raise IndexError(f"census index {index} is out of range (the census has {acc} knots).")


def census_knots(start: int, stop: int) -> Iterator[tuple[int, object]]:
    """Yield ``(index, manifold)`` for the census knots ``start <= index < stop``.

    Parameters
    ----------
    start, stop : int
        A range of positions in the census order (0-based, ``stop`` exclusive).

    Yields
    ------
    (int, snappy.Manifold)
        The manifold is the knot exterior with the meridian-longitude framing; ``M.name()`` is
        its census name (e.g. ``'K8n1'``) and ``M.link()`` a minimal diagram.
    """
    snappy = require("snappy", extra="knots", purpose="for the knot census")
    table = snappy.HTLinkExteriors(knots_vs_links="knots")
    yield from enumerate(table[start:stop], start=start)


def random_braid_word(seed: SeedLike = None, *, strands: int = 5, length: int = 40) -> list[int]:
    """A random braid word whose closure is a knot (its permutation is one ``strands``-cycle).

    Letters are ``±1, ..., ±(strands-1)`` (spherogram's convention: ``k`` is the positive
    generator :math:`\\sigma_k`), drawn uniformly; words whose closure has more than one
    component are redrawn. A word of length :math:`\\ell` permutes the strands by a product of
    :math:`\\ell` transpositions and an ``n``-cycle has sign :math:`(-1)^{n-1}`, so
    :math:`\\ell \\equiv n - 1 \\pmod 2` is required.

    >>> w = random_braid_word(0, strands=3, length=10)
    >>> len(w), max(abs(x) for x in w) <= 2
    (10, True)
    """
    validate_int(strands, "strands", "random_braid_word", min_value=2)
    validate_int(length, "length", "random_braid_word", min_value=1)
    if (length - strands + 1) % 2:
        raise InvalidParameterError(
            f"The 'length' parameter of random_braid_word must have the parity of strands - 1 "
            f"= {strands - 1} (a closure with one component needs a {strands}-cycle). "
            f"Got {length} instead."
        )
    rng = as_generator(seed)
    while True:
        gens = rng.integers(1, strands, size=length)
        signs = rng.choice([-1, 1], size=length)
        perm = list(range(strands))
        for g in gens:
            perm[g - 1], perm[g] = perm[g], perm[g - 1]
        # one cycle <=> the orbit of 0 has full length
        k, n = perm[0], 1
        while k != 0:
            k, n = perm[k], n + 1
        if n == strands:
            return [int(s * g) for s, g in zip(signs, gens)]


def random_knot(seed: SeedLike = None, *, strands: int = 5, length: int = 40, max_tries: int = 200):
    """A random hyperbolic knot outside the census, from the closure of a random braid.

    A word is accepted when its closure is hyperbolic and not isometric to the complement of
    any census knot (``HTLinkExteriors.identify``); since the census holds every prime knot
    with at most 14 crossings, an accepted knot has crossing number at least 15.

    Parameters
    ----------
    seed : int, Generator or None
        Randomness of the braid word. The accepted word, hence the knot and all its
        invariants, is deterministic given the seed, since acceptance depends on invariants
        only. The returned *diagram* is simplified by spherogram's randomised
        ``simplify('global')``, whose result can differ between processes by a few crossings.
    strands, length : int
        Shape of the random braid word.
    max_tries : int
        Words to draw before giving up.

    Returns
    -------
    (list of int, spherogram.Link, snappy.Manifold) or None
        The braid word, the simplified diagram and its exterior; ``None`` when nothing suitable
        was found within ``max_tries`` words.
    """
    snappy = require("snappy", extra="knots", purpose="for random knots")
    rng = as_generator(seed)
    census = snappy.HTLinkExteriors(knots_vs_links="knots")
    for _ in range(max_tries):
        word = random_braid_word(rng, strands=strands, length=length)
        random.seed(int(rng.integers(2**31)))  # spherogram's simplify draws from `random`
        link = snappy.Link(braid_closure=word)
        link.simplify("global")
        M = link.exterior()
        if M.solution_type() != "all tetrahedra positively oriented" or M.volume() < 0.5:
            continue
        if census.identify(M):
            continue
        return word, link, M
    return None
