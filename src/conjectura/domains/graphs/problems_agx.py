r"""More published graph conjectures with small counterexamples, as search problems.

Each problem comes with the statement, its source, an exact verifier ``check_*`` (integers,
:class:`fractions.Fraction`, exact algebraic numbers, or certified ``arb`` intervals; never a
float comparison) and a batched float score for the engines (positive suggests a
counterexample). All of them hold, with equality for some graph, on every connected graph with
at most 7 vertices (checked against the networkx graph atlas in the tests), as conjectures found
by computer on small graphs do.

===============================  ===========================================================
``graphs/zagreb-indices``        :math:`M_1/n \le M_2/m` (Hansen-Vukičević 2007: false)
``graphs/agx-spectral-proximity`` :math:`\lambda_1 \pi \le n - 1` (AutoGraphiX; Vito-Stefanus 2023)
``graphs/agx-randic-independence`` :math:`R + \alpha \le n - 1 + \sqrt{n-1}` (AutoGraphiX, Aouchiche 2006;
                                 Vito-Stefanus 2023)
===============================  ===========================================================
"""

from __future__ import annotations

import math
from fractions import Fraction

import networkx as nx
import numpy as np

from conjectura.core.problem import SearchProblem
from conjectura.core.registry import register_problem
from conjectura.core.validation import validate_int
from conjectura.core.verdict import Verdict
from conjectura.domains.graphs import batch as B
from conjectura.domains.graphs import invariants as inv
from conjectura.domains.graphs.conjectures import connected_or_verdict
from conjectura.domains.graphs.factory import graph_problem

__all__ = [
    "zagreb_indices",
    "check_zagreb_indices",
    "zagreb_scores",
    "agx_spectral_proximity",
    "check_agx_spectral_proximity",
    "spectral_proximity_scores",
    "agx_randic_independence",
    "check_agx_randic_independence",
    "randic_independence_scores",
    "independence_number",
    "randic_index",
]

VITO = (
    "V. Vito, L. Y. Stefanus, Adaptive Monte Carlo search for conjecture refutation in "
    "graph theory, arXiv:2306.07956"
)
AOUCHICHE = (
    "M. Aouchiche, Comparaison automatisée d'invariants en théorie des graphes, "
    "PhD thesis, École Polytechnique de Montréal, 2006"
)


# -- invariants ---------------------------------------------------------------------------
def independence_number(G: nx.Graph) -> int:
    r"""The independence number :math:`\alpha(G)`, exactly (maximum clique of the complement).

    >>> independence_number(nx.star_graph(5)), independence_number(nx.cycle_graph(7))
    (5, 3)
    """
    if G.number_of_nodes() == 0:
        return 0
    H = nx.complement(G)
    return max(len(c) for c in nx.find_cliques(H))


def randic_index(G: nx.Graph, prec: int = 200):
    r"""The Randić index :math:`R(G) = \sum_{uv \in E} (d_u d_v)^{-1/2}` as a certified
    ``flint.arb`` ball (``prec`` bits).

    >>> x = randic_index(nx.star_graph(4))      # 4 / sqrt(4) = 2
    >>> x.contains(2)
    True
    """
    from flint import arb, ctx

    old = ctx.prec
    ctx.prec = prec
    try:
        total = arb(0)
        for u, v in G.edges():
            total += arb(G.degree(u) * G.degree(v)).rsqrt()
        return total
    finally:
        ctx.prec = old


def _without_isolated_or_verdict(G, name: str) -> Verdict | None:
    if not isinstance(G, nx.Graph) or G.is_directed() or G.is_multigraph():
        return Verdict(False, f"{name} concerns simple undirected graphs; got {type(G).__name__}.")
    if nx.number_of_selfloops(G):
        return Verdict(False, f"{name} concerns simple graphs; this one has loops.")
    if G.number_of_edges() == 0:
        return Verdict(False, f"{name} needs at least one edge.")
    iso = nx.number_of_isolates(G)
    if iso:
        return Verdict(False, f"{name} concerns graphs without isolated vertices; this one has {iso}.")
    return None


# -- Zagreb indices -----------------------------------------------------------------------
def check_zagreb_indices(G: nx.Graph) -> Verdict:
    r"""Does ``G`` refute the conjecture :math:`M_1(G)/n \le M_2(G)/m`?

    With degrees :math:`d_v`, :math:`M_1 = \sum_v d_v^2` and :math:`M_2 = \sum_{uv \in E} d_u d_v`
    are the first and second Zagreb indices, :math:`n` and :math:`m` the numbers of vertices and
    edges. The inequality was conjectured for all simple graphs (from computer experiments,
    around 2004); Hansen and Vukičević showed that it holds for chemical graphs (maximum degree
    at most 4) and fails in general, e.g. for :math:`K_{1,5} \cup K_3`. Decided with rationals.

    References
    ----------
    P. Hansen, D. Vukičević, "Comparing the Zagreb indices", Croatica Chemica Acta 80 (2007)
    165-168. A. Ghalavand, arXiv:2509.07434 (connected counterexamples with bounded degree gap).

    Examples
    --------
    >>> check_zagreb_indices(nx.disjoint_union(nx.star_graph(5), nx.complete_graph(3))).holds
    True
    >>> check_zagreb_indices(nx.path_graph(6)).holds
    False
    """
    bad = _without_isolated_or_verdict(G, "The Zagreb indices conjecture")
    if bad is not None:
        return bad
    n, m = G.number_of_nodes(), G.number_of_edges()
    d = dict(G.degree())
    M1 = sum(x * x for x in d.values())
    M2 = sum(d[u] * d[v] for u, v in G.edges())
    lhs, rhs = Fraction(M1, n), Fraction(M2, m)
    rel = "<" if lhs < rhs else "=" if lhs == rhs else ">"
    return Verdict(
        lhs > rhs,
        f"M1/n = {M1}/{n} {rel} M2/m = {M2}/{m}",
        {"n": n, "m": m, "M1": M1, "M2": M2, "M1/n": str(lhs), "M2/m": str(rhs)},
    )


def zagreb_scores(Z: np.ndarray, n: int) -> np.ndarray:
    """``M1/n - M2/m`` (floats) for graphs without isolated vertices, ``-1000 - #isolated`` else."""
    A = B.words_to_adjacency(Z, n).astype(np.float64)
    deg = A.sum(axis=2)
    iso = (deg == 0).sum(axis=1)
    m = deg.sum(axis=1) / 2
    M1 = (deg**2).sum(axis=1)
    M2 = np.einsum("bi,bij,bj->b", deg, A, deg) / 2
    with np.errstate(divide="ignore", invalid="ignore"):
        s = M1 / n - M2 / m
    return np.where(iso > 0, B.PENALTY - iso, s)


@register_problem(
    "graphs/zagreb-indices",
    description="M1/n <= M2/m for graphs without isolated vertices; false (Hansen-Vukicevic 2007)",
)
def zagreb_indices(n: int = 9) -> SearchProblem:
    r"""Search for a graph without isolated vertices with :math:`M_1/n > M_2/m`.

    Parameters
    ----------
    n : int, default 9
        Number of vertices of the searched graphs (``n >= 2``); :math:`K_{1,5} \cup K_3` has 9.
    """
    n = validate_int(n, "n", "zagreb_indices", min_value=2)
    return graph_problem(
        claim="There is a graph G without isolated vertices with M1(G)/n(G) > M2(G)/m(G), "
        "refuting the Zagreb indices conjecture (Hansen-Vukicevic 2007).",
        n=n,
        batch_scores=zagreb_scores,
        verify=check_zagreb_indices,
        min_n=2,
        connected=False,
        description="Graphs without isolated vertices with M1/n > M2/m.",
        reference="P. Hansen, D. Vukicevic, Croatica Chemica Acta 80 (2007) 165-168",
    )


# -- spectral radius times proximity ------------------------------------------------------
def check_agx_spectral_proximity(G: nx.Graph) -> Verdict:
    r"""Does ``G`` refute the AutoGraphiX conjecture :math:`\lambda_1(G)\,\pi(G) \le n - 1`?

    :math:`\lambda_1` is the largest adjacency eigenvalue and :math:`\pi = \min_v t(v)/(n-1)`
    the proximity of a connected graph on :math:`n \ge 3` vertices; the complete graph attains
    equality. ``G`` refutes it iff :math:`\lambda_1 > (n-1)/\pi`, decided by comparing the exact
    algebraic number :math:`\lambda_1` with the rational :math:`(n-1)/\pi`.

    References
    ----------
    M. Aouchiche, PhD thesis (2006), AutoGraphiX conjectures; refuted by V. Vito and
    L. Y. Stefanus, arXiv:2306.07956.

    Examples
    --------
    >>> check_agx_spectral_proximity(nx.complete_graph(5)).holds     # equality
    False
    """
    bad = connected_or_verdict(G, 3, "The conjecture lambda1 * pi <= n - 1")
    if bad is not None:
        return bad
    n = G.number_of_nodes()
    pi = inv.proximity(G)
    lam = inv.spectral_radius_exact(G)
    bound = Fraction(n - 1) / pi
    c = lam.compare(bound)
    rel = {-1: "<", 0: "=", 1: ">"}[c]
    return Verdict(
        c > 0,
        f"lambda1 = {lam} {rel} (n-1)/pi = {bound} with n = {n}, pi = {pi}",
        {"n": n, "proximity": str(pi), "lambda1": lam.to_json(), "lambda1_approx": lam.approx(12)},
    )


def spectral_proximity_scores(Z: np.ndarray, n: int) -> np.ndarray:
    r""":math:`\lambda_1 \pi - (n-1)` (floats) for connected graphs, ``-1000 - c`` otherwise."""

    def connected(A: np.ndarray) -> np.ndarray:
        pi = B.distance_matrix_batch(A).sum(axis=2).min(axis=1) / (n - 1)
        return B.spectral_radius_batch(A) * pi - (n - 1)

    return B.connected_scores(Z, n, connected)


@register_problem(
    "graphs/agx-spectral-proximity",
    description="lambda1 * proximity <= n - 1 for connected graphs (AutoGraphiX); "
    "refuted by Vito-Stefanus 2023",
)
def agx_spectral_proximity(n: int = 12) -> SearchProblem:
    r"""Search for a connected graph with :math:`\lambda_1 \pi > n - 1`.

    Parameters
    ----------
    n : int, default 12
        Number of vertices (``n >= 3``).
    """
    n = validate_int(n, "n", "agx_spectral_proximity", min_value=3)
    return graph_problem(
        claim="There is a connected graph G on n vertices with lambda1(G) * proximity(G) > n - 1, "
        "refuting an AutoGraphiX conjecture (Aouchiche 2006).",
        n=n,
        batch_scores=spectral_proximity_scores,
        verify=check_agx_spectral_proximity,
        description="Connected graphs with lambda1 * pi > n - 1.",
        reference=AOUCHICHE + "; " + VITO,
    )


# -- Randic index plus independence number ------------------------------------------------
def check_agx_randic_independence(G: nx.Graph) -> Verdict:
    r"""Does ``G`` refute the AutoGraphiX conjecture :math:`R(G) + \alpha(G) \le n - 1 + \sqrt{n-1}`?

    :math:`R` is the Randić index :math:`\sum_{uv \in E} (d_u d_v)^{-1/2}` and :math:`\alpha` the
    independence number of a connected graph on :math:`n \ge 3` vertices; the star attains
    equality. Decided with a certified ``arb`` enclosure of
    :math:`R + \alpha - (n-1) - \sqrt{n-1}` at 200 bits: ``G`` refutes the conjecture iff the
    enclosure is positive. An enclosure containing 0 does not refute (equality cannot be
    certified by intervals, and equality is not a counterexample).

    References
    ----------
    M. Aouchiche, PhD thesis (2006); refuted by V. Vito and L. Y. Stefanus, arXiv:2306.07956.

    Examples
    --------
    >>> check_agx_randic_independence(nx.star_graph(6)).holds       # equality
    False
    """
    bad = connected_or_verdict(G, 3, "The conjecture R + alpha <= n - 1 + sqrt(n - 1)")
    if bad is not None:
        return bad
    from flint import arb, ctx

    n = G.number_of_nodes()
    a = independence_number(G)
    R = randic_index(G)
    old = ctx.prec
    ctx.prec = 200
    try:
        gap = R + a - (n - 1) - arb(n - 1).sqrt()
    finally:
        ctx.prec = old
    holds = bool(gap > 0)
    rel = ">" if holds else ("<" if gap < 0 else "=?")
    return Verdict(
        holds,
        f"R + alpha - (n - 1) - sqrt(n - 1) = {gap.str(12, radius=False)} {rel} 0 "
        f"(certified arb enclosure) with n = {n}, alpha = {a}",
        {"n": n, "independence_number": a, "sign": rel, "randic_index_approx": R.str(15, radius=False)},
    )


def _alpha_batch(A: np.ndarray) -> np.ndarray:
    return np.array([independence_number(nx.from_numpy_array(a)) for a in A], dtype=np.int64)


def randic_independence_scores(Z: np.ndarray, n: int) -> np.ndarray:
    r""":math:`R + \alpha - (n-1) - \sqrt{n-1}` (floats; :math:`\alpha` exact, per graph) for
    connected graphs, ``-1000 - c`` otherwise."""

    def connected(A: np.ndarray) -> np.ndarray:
        Af = A.astype(np.float64)
        inv_sqrt = 1.0 / np.sqrt(np.maximum(Af.sum(axis=2), 1))
        R = np.einsum("bi,bij,bj->b", inv_sqrt, Af, inv_sqrt) / 2
        return R + _alpha_batch(A) - (n - 1) - math.sqrt(n - 1)

    return B.connected_scores(Z, n, connected)


@register_problem(
    "graphs/agx-randic-independence",
    description="Randic index + independence number <= n - 1 + sqrt(n - 1) "
    "(AutoGraphiX); refuted by Vito-Stefanus 2023",
)
def agx_randic_independence(n: int = 12) -> SearchProblem:
    r"""Search for a connected graph with :math:`R + \alpha > n - 1 + \sqrt{n-1}`.

    Parameters
    ----------
    n : int, default 12
        Number of vertices (``n >= 3``).
    """
    n = validate_int(n, "n", "agx_randic_independence", min_value=3)
    return graph_problem(
        claim="There is a connected graph G on n vertices with Randic index R(G) and independence "
        "number alpha(G) such that R(G) + alpha(G) > n - 1 + sqrt(n - 1), refuting an "
        "AutoGraphiX conjecture (Aouchiche 2006).",
        n=n,
        batch_scores=randic_independence_scores,
        verify=check_agx_randic_independence,
        description="Connected graphs with R + alpha > n - 1 + sqrt(n - 1).",
        reference=AOUCHICHE + "; " + VITO,
    )
