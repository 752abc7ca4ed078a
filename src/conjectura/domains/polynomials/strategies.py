r"""The classical S-pair selection strategies, as plain functions ``select_x(state, rng=None) -> position``.

Each function returns the position in ``state.pairs`` of the pair to process next. With
:math:`\gamma_{ij} = \mathrm{lcm}(\mathrm{lm}\, g_i, \mathrm{lm}\, g_j)`:

=============  ==================================================================================
First          the first pending pair, i.e. the smallest :math:`(j, i)`: the oldest pairs first
Degree         smallest total degree :math:`|\gamma_{ij}|`
Normal         smallest :math:`\gamma_{ij}` in grevlex (Buchberger's normal strategy)
Sugar          smallest sugar degree, then smallest :math:`\gamma_{ij}` (Giovini et al. 1991)
TrueDegree     smallest total degree of the unreduced S-polynomial (-1 when it is zero, so
               S-polynomials that vanish identically go first)
Random         uniform over the pending pairs
=============  ==================================================================================

Ties are broken by the smallest :math:`(j, i)`. The pair list of a
:class:`~conjectura.domains.polynomials.buchberger.BuchbergerState` is always sorted by
:math:`(j, i)`, so this is the first minimiser in the list: the same tie-breaking as the
reference C++ environment (keys ``(degree, j, i)``, ``(lcm, j, i)``, ``(sugar, lcm, j, i)``) and
Macaulay2 package (first minimiser) of Peifer, Stillman and Halpern-Leistner. The sugar of a
generator is its total degree, of :math:`t\,g` it is :math:`|t| + \mathrm{sugar}(g)`, of a sum the
maximum; the sugar of a pair is that of its S-polynomial and the sugar of a remainder includes
every reduction step.

References
----------
B. Buchberger, "Groebner bases: an algorithmic method in polynomial ideal theory", in:
Multidimensional Systems Theory, Reidel (1985) 184-232 (normal strategy).
A. Giovini, T. Mora, G. Niesi, L. Robbiano, C. Traverso, "'One sugar cube, please' or selection
strategies in the Buchberger algorithm", Proc. ISSAC 1991, ACM Press, 49-54.
D. Peifer, M. Stillman, D. Halpern-Leistner, "Learning selection strategies in Buchberger's
algorithm", ICML 2020, arXiv:2005.01917 (First, Degree, Random; TrueDegree in the Macaulay2
package SelectionStrategies of their repository).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from conjectura.core.seeding import as_generator
from conjectura.domains.polynomials.reduction import kernels
from conjectura.exceptions import InvalidParameterError, UnknownNameError

__all__ = [
    "STRATEGIES",
    "get_strategy",
    "select_first",
    "select_degree",
    "select_normal",
    "select_sugar",
    "select_true_degree",
    "select_random",
]


def _pending(state, name: str) -> int:
    m = int(state._META[3])
    if m == 0:
        raise InvalidParameterError(f"{name}: no S-pair is pending, the computation is finished.")
    return m


def select_first(state, rng=None) -> int:
    """The first pending pair (smallest :math:`(j, i)`).

    >>> from conjectura.domains.polynomials.ideals import random_binomial_ideal
    >>> from conjectura.domains.polynomials.buchberger import BuchbergerState
    >>> select_first(BuchbergerState(random_binomial_ideal("3-20-10-weighted", seed=0)))
    0
    """
    _pending(state, "select_first")
    return 0


def select_degree(state, rng=None) -> int:
    r"""The first pair of smallest :math:`|\mathrm{lcm}(\mathrm{lm}\, g_i, \mathrm{lm}\, g_j)|`.

    >>> from conjectura.domains.polynomials.ideals import random_binomial_ideal
    >>> from conjectura.domains.polynomials.buchberger import BuchbergerState
    >>> S = BuchbergerState(random_binomial_ideal("3-20-10-weighted", seed=0))
    >>> bool(S.pair_degrees[select_degree(S)] == S.pair_degrees.min())
    True
    """
    m = _pending(state, "select_degree")
    return int(np.argmin(state._PR[:m, 2]))


def select_normal(state, rng=None) -> int:
    r"""The first pair of grevlex-smallest :math:`\mathrm{lcm}(\mathrm{lm}\, g_i, \mathrm{lm}\, g_j)`."""
    m = _pending(state, "select_normal")
    return int(kernels().argmin_lcm(state._PR, state._PL, m, False))


def select_sugar(state, rng=None) -> int:
    """The first pair of smallest sugar degree, ties by the grevlex-smallest lcm."""
    m = _pending(state, "select_sugar")
    return int(kernels().argmin_lcm(state._PR, state._PL, m, True))


def select_true_degree(state, rng=None) -> int:
    """The first pair whose unreduced S-polynomial has the smallest total degree (zero first)."""
    m = _pending(state, "select_true_degree")
    return int(np.argmin(state._PR[:m, 4]))


def select_random(state, rng=None) -> int:
    """A uniformly random pending pair; pass a ``numpy.random.Generator`` (or seed) as ``rng``.

    >>> from conjectura.domains.polynomials.ideals import random_binomial_ideal
    >>> from conjectura.domains.polynomials.buchberger import BuchbergerState
    >>> S = BuchbergerState(random_binomial_ideal("3-20-10-weighted", seed=0))
    >>> 0 <= select_random(S, np.random.default_rng(1)) < S.num_pairs
    True
    """
    m = _pending(state, "select_random")
    return int(as_generator(rng).integers(m))


STRATEGIES: dict[str, Callable] = {
    "first": select_first,
    "degree": select_degree,
    "normal": select_normal,
    "sugar": select_sugar,
    "true-degree": select_true_degree,
    "random": select_random,
}


def get_strategy(name: str) -> Callable:
    """The strategy function called ``name`` (case, ``-`` and ``_`` are ignored: ``TrueDegree`` works).

    >>> get_strategy("TrueDegree") is select_true_degree
    True
    """
    if callable(name):
        return name
    key = str(name).lower().replace("_", "").replace("-", "")
    for k, f in STRATEGIES.items():
        if k.replace("-", "") == key:
            return f
    raise UnknownNameError(f"Unknown selection strategy {name!r}. Known strategies: {', '.join(STRATEGIES)}.")
