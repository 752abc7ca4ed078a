"""Exact verifiers for published graph conjectures: ``check_x(G) -> Verdict``.

A verdict *holds* when ``G`` refutes the conjecture, decided with exact arithmetic only:
integer characteristic polynomials, certified root isolation and exact sign evaluation
(:mod:`conjectura.exact`), rationals for proximity. No float comparison decides anything.
"""

from __future__ import annotations

from fractions import Fraction

import networkx as nx

from conjectura.core.certificate import Verdict
from conjectura.domains.graphs import invariants as inv
from conjectura.exact import QuadraticSurd

__all__ = ["check_wagner_2_1", "check_wagner_2_3", "connected_or_verdict"]


def connected_or_verdict(G, min_n: int, name: str) -> Verdict | None:
    """A negative verdict when ``G`` is not a connected graph on at least ``min_n`` vertices."""
    if not isinstance(G, nx.Graph) or G.is_directed() or G.is_multigraph():
        return Verdict(False, f"{name} concerns simple undirected graphs; got {type(G).__name__}.")
    n = G.number_of_nodes()
    if n < min_n:
        return Verdict(False, f"{name} concerns graphs on n >= {min_n} vertices; this one has n = {n}.")
    if not nx.is_connected(G):
        return Verdict(
            False,
            f"{name} concerns connected graphs; this one has {nx.number_connected_components(G)} components.",
        )
    if nx.number_of_selfloops(G):
        return Verdict(False, f"{name} concerns simple graphs; this one has loops.")
    return None


def check_wagner_2_1(G: nx.Graph) -> Verdict:
    r"""Does ``G`` refute Conjecture 2.1 of Wagner (2021)?

    Conjecture (AutoGraphiX): every connected graph on :math:`n \ge 3` vertices satisfies

    .. math:: \lambda_1(G) + \mu(G) \ge \sqrt{n - 1} + 1,

    where :math:`\lambda_1` is the largest adjacency eigenvalue and :math:`\mu` the matching
    number. ``G`` refutes it iff :math:`\lambda_1 + \mu < \sqrt{n-1} + 1`, decided exactly:
    :math:`\lambda_1` is the largest root of the integer characteristic polynomial, compared with
    the quadratic surd :math:`\sqrt{n-1} + 1 - \mu` by exact sign evaluation.

    Returns
    -------
    Verdict
        ``holds`` iff ``G`` is a counterexample. The star :math:`K_{1,n-1}` meets the bound with
        equality and is rejected.

    References
    ----------
    A. Z. Wagner, "Constructions in combinatorics via neural networks", arXiv:2104.14516,
    Conjecture 2.1. M. Aouchiche, P. Hansen et al., AutoGraphiX conjectures.

    Examples
    --------
    >>> check_wagner_2_1(nx.star_graph(5)).holds
    False
    """
    bad = connected_or_verdict(G, 3, "Conjecture 2.1")
    if bad is not None:
        return bad
    n = G.number_of_nodes()
    mu = inv.matching_number(G)
    lam = inv.spectral_radius_exact(G)
    bound = QuadraticSurd(1, 1, n - 1)  # sqrt(n-1) + 1
    c = lam.compare(bound - mu)  # sign of lambda1 + mu - bound
    rel = {-1: "<", 0: "=", 1: ">"}[c]
    values = {
        "n": n,
        "matching_number": mu,
        "lambda1": lam.to_json(),
        "bound": str(bound),
        "relation": rel,
        "lambda1_approx": lam.approx(12),
    }
    reason = f"lambda1 + mu = {lam} + {mu} {rel} {bound} = sqrt(n-1) + 1 with n = {n}"
    return Verdict(c < 0, reason, values)


def check_wagner_2_3(G: nx.Graph) -> Verdict:
    r"""Does ``G`` refute Conjecture 2.3 of Wagner (2021), due to Aouchiche and Hansen?

    Conjecture: every connected graph on :math:`n \ge 4` vertices with diameter :math:`D`,
    proximity :math:`\pi` and distance eigenvalues :math:`\partial_1 \ge \dots \ge \partial_n`
    satisfies

    .. math:: \pi + \partial_{\lfloor 2D/3 \rfloor} > 0.

    ``G`` refutes it iff :math:`\pi + \partial_{\lfloor 2D/3 \rfloor} \le 0`, decided exactly:
    :math:`\pi` is a rational and the eigenvalue (counted with multiplicity) is a root of the
    integer characteristic polynomial of the distance matrix, compared with :math:`-\pi` by
    exact sign evaluation. Graphs with :math:`D < 2` (complete graphs) have no index
    :math:`\lfloor 2D/3 \rfloor \ge 1` and cannot refute it.

    References
    ----------
    M. Aouchiche, P. Hansen, "Proximity, remoteness and distance eigenvalues of graphs",
    Discrete Appl. Math. 213 (2016) 17-25. doi:10.1016/j.dam.2016.05.001.
    A. Z. Wagner, arXiv:2104.14516, Conjecture 2.3 (counterexample on 203 vertices).
    """
    bad = connected_or_verdict(G, 4, "Conjecture 2.3")
    if bad is not None:
        return bad
    n = G.number_of_nodes()
    D = inv.diameter(G)
    k = (2 * D) // 3
    pi = inv.proximity(G)
    if k < 1:
        return Verdict(
            False,
            f"diameter D = {D} gives index floor(2D/3) = {k}; no eigenvalue to test.",
            {"n": n, "diameter": D, "index": k, "proximity": str(pi)},
        )
    ev = inv.distance_eigenvalues_exact(G)
    dk = ev[k - 1]
    c = dk.compare(-pi)  # sign of pi + d_k
    values = {
        "n": n,
        "diameter": D,
        "index": k,
        "proximity": str(Fraction(pi)),
        "distance_eigenvalue": dk.to_json(),
        "distance_eigenvalue_approx": dk.approx(12),
    }
    rel = {-1: "<", 0: "=", 1: ">"}[c]
    values["relation"] = rel
    reason = f"pi + d_{k} = {pi} + ({dk}) {rel} 0 with n = {n}, D = {D}"
    return Verdict(c <= 0, reason, values)
