r"""Registered graph constructions: the most edges in an n-vertex graph without a 4-cycle.

``graphs/c4-free-edges`` asks for a C4-free graph on ``n`` vertices with at least ``target``
edges, the target defaulting to the Turán number :math:`\mathrm{ex}(n; C_4)` (OEIS A006855,
known exactly for :math:`n \le 40`). The verifier counts edges and checks the absence of
4-cycles with integer codegrees; its problem-specific local search is
:func:`~conjectura.domains.graphs.anneal_c4_free`.
"""

from __future__ import annotations

import networkx as nx
import numpy as np

from conjectura.core.construction import ConstructionProblem, construction_problem
from conjectura.core.registry import register_problem
from conjectura.core.validation import validate_int
from conjectura.core.verdict import Verdict
from conjectura.domains.graphs.c4_free import C4_FREE_MAXIMA, c4_counts, check_c4_free
from conjectura.domains.graphs.encoding import edge_pairs, upper_triangle_encoding
from conjectura.domains.graphs.io import from_graph6, to_graph6
from conjectura.exceptions import InvalidParameterError

__all__ = ["c4_free_edges", "c4_free_scores", "improve_c4_free", "TEMPERATURES"]

#: The range the annealing temperature of each local search is drawn from.
TEMPERATURES = (0.12, 0.25)

OEIS_A006855 = (
    "OEIS A006855 (maximum number of edges in an n-node graph without a 4-cycle); "
    "F. Charton, J. S. Ellenberg, A. Z. Wagner, G. Williamson, PatternBoost, arXiv:2411.00566"
)


def c4_free_scores(Z: np.ndarray, n: int) -> np.ndarray:
    r"""Batched score of words on ``n`` vertices: edges minus twice the number of 4-cycles.

    A C4-free graph scores its number of edges. A graph with :math:`m` edges and :math:`c`
    4-cycles becomes C4-free by deleting at most :math:`c` edges, so its score
    :math:`m - 2c` stays below a C4-free graph it can be repaired to.

    >>> c4_free_scores(np.ones((1, 6), dtype=np.int8), 4).tolist()   # K4: 6 edges, 3 4-cycles
    [0.0]
    """
    Z = np.asarray(Z)
    r, c = edge_pairs(n)
    A = np.zeros((len(Z), n, n), dtype=np.int32)
    A[:, r, c] = Z
    A[:, c, r] = Z
    return (Z.sum(axis=1) - 2 * c4_counts(A)).astype(float)


def improve_c4_free(Z: np.ndarray, rng: np.random.Generator, effort: int, *, n: int) -> np.ndarray:
    """Repair each word to a C4-free graph and anneal it for ``effort`` moves; the best words.

    The local search of :func:`~conjectura.domains.graphs.anneal_c4_free`, one word at a
    time, seeded from ``rng``, each walk at a temperature drawn uniformly from
    :data:`TEMPERATURES`. Low temperatures do better on the larger graphs (measured on 39
    vertices, 20 CPU-seconds of restarts from the empty graph: 121 edges at T = 0.12 and
    0.18, 118 at 0.25, 112 at 0.32), and mixing them keeps walks of both kinds.
    """
    from conjectura.domains.graphs.c4_anneal import anneal_c4_free

    Z = np.asarray(Z, dtype=np.int8)
    r, c = edge_pairs(n)
    out = np.empty_like(Z)
    for i, z in enumerate(Z):
        A = np.zeros((n, n), dtype=np.uint8)
        A[r, c] = z
        A[c, r] = z
        best, _ = anneal_c4_free(A, steps=effort, temperature=float(rng.uniform(*TEMPERATURES)), seed=rng)
        out[i] = best[r, c]
    return out


@register_problem(
    "graphs/c4-free-edges",
    description="most edges in an n-vertex graph without a 4-cycle; reference ex(n; C4), "
    "OEIS A006855 (n <= 40)",
)
def c4_free_edges(n: int = 33, target: int | None = None) -> ConstructionProblem:
    r"""Find a graph on ``n`` vertices without a 4-cycle and with at least ``target`` edges.

    .. math:: \mathrm{ex}(n; C_4) = \max\{|E(G)| : |V(G)| = n,\ C_4 \not\subseteq G\}

    Parameters
    ----------
    n : int, default 33
        Number of vertices (``n >= 2``).
    target : int, optional
        Edges to reach; default :math:`\mathrm{ex}(n; C_4)` from OEIS A006855 when
        ``n <= 40`` (required beyond).

    Returns
    -------
    ConstructionProblem
        Its certificates say "there is a C4-free graph on n vertices with >= target edges",
        with the graph (graph6), the exact edge count and the comparison with A006855.

    Examples
    --------
    >>> import conjectura as cj
    >>> p = cj.get_problem("graphs/c4-free-edges", n=10)
    >>> p.claim
    'There is a graph on 10 vertices without a 4-cycle with edges >= 16.'
    >>> print(p.verify(nx.petersen_graph()).reason)
    10 vertices, no 4-cycle (every two vertices have at most one common neighbour); edges = 15 < 16; 1 below the known maximum 16

    References
    ----------
    .. [1] OEIS A006855, https://oeis.org/A006855.
    .. [2] F. Charton, J. S. Ellenberg, A. Z. Wagner, G. Williamson, "PatternBoost:
       Constructions in mathematics with a little help from AI", arXiv:2411.00566 (a C4-free
       graph on 33 vertices with 96 edges).
    """
    n = validate_int(n, "n", "c4_free_edges", min_value=2)
    known = C4_FREE_MAXIMA[n] if n < len(C4_FREE_MAXIMA) else None
    if target is None:
        if known is None:
            raise InvalidParameterError(
                f"The 'target' parameter of c4_free_edges is required for n > {len(C4_FREE_MAXIMA) - 1} "
                f"(ex(n; C4) is known for n <= {len(C4_FREE_MAXIMA) - 1}). Got n={n} and no target instead."
            )
        target = known
    target = validate_int(target, "target", "c4_free_edges", min_value=0)

    def constraint(G: nx.Graph) -> Verdict:
        if G.number_of_nodes() > n:
            return Verdict(False, f"{G.number_of_nodes()} vertices, more than {n}")
        v = check_c4_free(G)
        return Verdict(
            v.holds,
            f"{G.number_of_nodes()} vertices, {v.reason}",
            {"vertices": G.number_of_nodes(), **v.values},
        )

    return construction_problem(
        what=f"a graph on {n} vertices without a 4-cycle",
        value_name="edges",
        objective=lambda G: G.number_of_edges(),
        constraint=constraint,
        target=target,
        known=known,
        encoding=upper_triangle_encoding(n),
        score_batch=lambda Z: c4_free_scores(Z, n),
        serialize=to_graph6,
        deserialize=from_graph6,
        improve=lambda Z, rng, effort: improve_c4_free(Z, rng, effort, n=n),
        params={"n": n, "target": target},
        description=f"C4-free graphs on {n} vertices with >= {target} edges.",
        reference=OEIS_A006855,
    )
