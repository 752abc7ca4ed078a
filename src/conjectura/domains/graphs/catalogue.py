r"""The named invariants of the graph tables and of the ``graphs/bound`` problems.

Each :class:`GraphInvariant` has an exact twin (``exact(G)``: int, Fraction, or an exact
irrational), a float version for heuristics (``value(G)``), and, where numpy allows, a batched
float version over stacked adjacency matrices (``batch(A)`` for ``A`` of shape ``(m, n, n)``,
connected graphs only) that search scores use. ``kind`` says which exact type to expect:
``"integer"``, ``"rational"`` or ``"real"``. An invariant undefined on a graph (the girth of a
tree) gives None (exact) and NaN (float).

==============================  ==========  ==================================================
name                            kind        meaning
==============================  ==========  ==================================================
``order``                       integer     :math:`n`, vertices
``size``                        integer     :math:`m`, edges
``min_degree``                  integer     :math:`\delta`
``max_degree``                  integer     :math:`\Delta`
``mean_degree``                 rational    :math:`2m/n`
``independence_number``         integer     :math:`\alpha`
``clique_number``               integer     :math:`\omega`
``matching_number``             integer     :math:`\mu`
``domination_number``           integer     :math:`\gamma`
``diameter``                    integer     :math:`D`
``radius``                      integer     :math:`r`
``girth``                       integer     :math:`g` (undefined for trees)
``spectral_radius``             real        :math:`\lambda_1(A)`
``laplacian_spectral_radius``   real        :math:`\mu_1(L)`
``randic_index``                real        :math:`\sum_{uv} (d_u d_v)^{-1/2}`
``harmonic_index``              rational    :math:`\sum_{uv} 2/(d_u + d_v)`
``caro_wei``                    rational    :math:`\sum_v 1/(d_v + 1)`
``residue``                     integer     Havel-Hakimi residue
``annihilation_number``         integer     Pepper's annihilation number
``triangles``                   integer     number of triangles
``proximity``                   rational    :math:`\min_v t(v)/(n-1)`
``remoteness``                  rational    :math:`\max_v t(v)/(n-1)`
==============================  ==========  ==================================================
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import networkx as nx
import numpy as np

from conjectura.domains.graphs import batch as B
from conjectura.domains.graphs import classical as C
from conjectura.domains.graphs import invariants as inv

__all__ = ["GraphInvariant", "GRAPH_INVARIANTS", "invariant_names", "batch_invariants"]


@dataclass(frozen=True)
class GraphInvariant:
    """One named invariant: exact twin, float value, optional batched float value."""

    name: str
    kind: str
    exact: Callable[[nx.Graph], Any]
    value: Callable[[nx.Graph], float]
    batch: Callable[[np.ndarray], np.ndarray] | None = None
    description: str = ""


def _float_of(exact: Callable[[nx.Graph], Any]) -> Callable[[nx.Graph], float]:
    def value(G: nx.Graph) -> float:
        v = exact(G)
        return float("nan") if v is None else float(v)

    return value


def _per_graph(exact: Callable[[nx.Graph], Any]) -> Callable[[np.ndarray], np.ndarray]:
    """A batched version that calls the exact function on each graph (for NP-hard invariants)."""

    def batch(A: np.ndarray) -> np.ndarray:
        out = np.empty(len(A))
        for k, a in enumerate(A):
            v = exact(nx.from_numpy_array(a))
            out[k] = np.nan if v is None else float(v)
        return out

    return batch


def _deg(A: np.ndarray) -> np.ndarray:
    return A.sum(axis=2).astype(np.float64)


def _edge_sum(A: np.ndarray, f: Callable[[np.ndarray, np.ndarray], np.ndarray]) -> np.ndarray:
    """:math:`\\sum_{uv \\in E} f(d_u, d_v)` for every graph of the batch."""
    d = _deg(A)
    with np.errstate(divide="ignore", invalid="ignore"):
        W = f(d[:, :, None], d[:, None, :])
    return np.where(A != 0, W, 0.0).sum(axis=(1, 2)) / 2


_DIST_CACHE: dict[int, tuple[np.ndarray, np.ndarray]] = {}


def _distances(A: np.ndarray) -> np.ndarray:
    """Distance matrices of the batch, computed once per batch within :func:`batch_invariants`."""
    hit = _DIST_CACHE.get(id(A))
    if hit is not None and hit[0] is A:
        return hit[1]
    return B.distance_matrix_batch(A)


def _proximity_batch(A: np.ndarray) -> np.ndarray:
    n = A.shape[1]
    return _distances(A).sum(axis=2).min(axis=1) / (n - 1)


def _remoteness_batch(A: np.ndarray) -> np.ndarray:
    n = A.shape[1]
    return _distances(A).sum(axis=2).max(axis=1) / (n - 1)


def _annihilation_batch(A: np.ndarray) -> np.ndarray:
    d = np.sort(A.sum(axis=2), axis=1)
    m = d.sum(axis=1) / 2
    return (np.cumsum(d, axis=1) <= m[:, None]).sum(axis=1).astype(np.float64)


def _laplacian_batch(A: np.ndarray) -> np.ndarray:
    Af = A.astype(np.float64)
    L = -Af
    idx = np.arange(A.shape[1])
    L[:, idx, idx] = Af.sum(axis=2)
    return np.linalg.eigvalsh(L)[:, -1]


def _residue_batch(A: np.ndarray) -> np.ndarray:
    out = np.empty(len(A))
    for k, d in enumerate(A.sum(axis=2)):
        seq = sorted(d.tolist(), reverse=True)
        while seq and seq[0] > 0:
            top = seq.pop(0)
            for i in range(top):
                seq[i] -= 1
            seq.sort(reverse=True)
        out[k] = len(seq)
    return out


def _proximity(G):
    return inv.proximity(G)


def _remoteness(G):
    return inv.remoteness(G)


def _make() -> dict[str, GraphInvariant]:
    items = [
        (
            "order",
            "integer",
            lambda G: G.number_of_nodes(),
            lambda A: np.full(len(A), float(A.shape[1])),
            "number of vertices n",
        ),
        (
            "size",
            "integer",
            lambda G: G.number_of_edges(),
            lambda A: A.sum(axis=(1, 2)) / 2.0,
            "number of edges m",
        ),
        ("min_degree", "integer", C.min_degree, lambda A: _deg(A).min(axis=1), "minimum degree"),
        ("max_degree", "integer", C.max_degree, lambda A: _deg(A).max(axis=1), "maximum degree"),
        ("mean_degree", "rational", C.mean_degree, lambda A: _deg(A).mean(axis=1), "average degree 2m/n"),
        ("independence_number", "integer", C.independence_number, None, "independence number alpha"),
        ("clique_number", "integer", C.clique_number, None, "clique number omega"),
        (
            "matching_number",
            "integer",
            inv.matching_number,
            lambda A: B.matching_number_batch(A).astype(np.float64),
            "matching number mu",
        ),
        ("domination_number", "integer", C.domination_number, None, "domination number gamma"),
        (
            "diameter",
            "integer",
            inv.diameter,
            lambda A: _distances(A).max(axis=(1, 2)).astype(np.float64),
            "diameter",
        ),
        (
            "radius",
            "integer",
            C.radius,
            lambda A: _distances(A).max(axis=2).min(axis=1).astype(np.float64),
            "radius",
        ),
        ("girth", "integer", C.girth, None, "length of a shortest cycle (undefined for trees)"),
        (
            "spectral_radius",
            "real",
            inv.spectral_radius_exact,
            B.spectral_radius_batch,
            "largest adjacency eigenvalue",
        ),
        (
            "laplacian_spectral_radius",
            "real",
            C.laplacian_spectral_radius_exact,
            _laplacian_batch,
            "largest Laplacian eigenvalue",
        ),
        (
            "randic_index",
            "real",
            C.randic_index_exact,
            lambda A: _edge_sum(A, lambda a, b: 1.0 / np.sqrt(a * b)),
            "Randic index, sum over edges of 1/sqrt(d_u d_v)",
        ),
        (
            "harmonic_index",
            "rational",
            C.harmonic_index,
            lambda A: _edge_sum(A, lambda a, b: 2.0 / (a + b)),
            "harmonic index, sum over edges of 2/(d_u + d_v)",
        ),
        (
            "caro_wei",
            "rational",
            C.caro_wei,
            lambda A: (1.0 / (_deg(A) + 1)).sum(axis=1),
            "sum over vertices of 1/(d_v + 1)",
        ),
        ("residue", "integer", C.residue, _residue_batch, "Havel-Hakimi residue"),
        ("annihilation_number", "integer", C.annihilation_number, _annihilation_batch, "annihilation number"),
        (
            "triangles",
            "integer",
            C.triangles,
            lambda A: np.einsum("bij,bjk,bki->b", *(A.astype(np.float64),) * 3) / 6,
            "number of triangles",
        ),
        ("proximity", "rational", _proximity, _proximity_batch, "minimum average distance from a vertex"),
        ("remoteness", "rational", _remoteness, _remoteness_batch, "maximum average distance from a vertex"),
    ]
    out = {}
    for name, kind, exact, batch, desc in items:
        out[name] = GraphInvariant(
            name=name,
            kind=kind,
            exact=exact,
            value=_float_of(exact),
            batch=batch if batch is not None else _per_graph(exact),
            description=desc,
        )
    # float versions that do not go through the exact twin (spectral radii)
    out["spectral_radius"] = _replace_value(out["spectral_radius"], inv.spectral_radius)
    out["laplacian_spectral_radius"] = _replace_value(
        out["laplacian_spectral_radius"], C.laplacian_spectral_radius
    )
    return out


def _replace_value(item: GraphInvariant, value: Callable[[nx.Graph], float]) -> GraphInvariant:
    return GraphInvariant(item.name, item.kind, item.exact, value, item.batch, item.description)


#: name -> :class:`GraphInvariant`, in table order.
GRAPH_INVARIANTS: dict[str, GraphInvariant] = _make()


def invariant_names() -> tuple[str, ...]:
    """The names of :data:`GRAPH_INVARIANTS`, in table order."""
    return tuple(GRAPH_INVARIANTS)


def batch_invariants(A: np.ndarray, names) -> dict[str, np.ndarray]:
    """Float values of the invariants ``names`` on each connected graph of the batch ``A``
    (shape ``(m, n, n)``)."""
    names = list(names)
    if {"diameter", "radius", "proximity", "remoteness"} & set(names):
        _DIST_CACHE[id(A)] = (A, B.distance_matrix_batch(A))
    try:
        return {name: np.asarray(GRAPH_INVARIANTS[name].batch(A), dtype=np.float64) for name in names}
    finally:
        _DIST_CACHE.pop(id(A), None)
