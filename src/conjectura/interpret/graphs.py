"""Saliency on graphs: salient nodes, salient subgraphs, and which edge labels they are made of.

For a trained graph network with per-graph loss :math:`L` (cross-entropy of the true class),
the saliency of a node :math:`v` with input features :math:`x_v` is

.. math:: s_v = \\left\\lVert \\frac{\\partial L}{\\partial x_v} \\right\\rVert_2 ,

and, as in eq. (4) of the Methods of Davies et al. (2021), the **salient subgraph** of a graph
:math:`G` is the subgraph induced by :math:`S_G = \\{v \\in G : s_v > C\\}`, where the threshold
:math:`C` is the 99th percentile of :math:`s_v` over all nodes of the graphs examined. For
edges labelled by transpositions :math:`(i\\ j)` (the reflections of a Bruhat graph), the
relative frequency :math:`f_{\\mathrm{sal}}(i, j)` of each label among the edges of the salient
subgraphs is compared with its frequency :math:`f_{\\mathrm{all}}(i, j)` among all edges of the
same graphs,

.. math:: \\Delta(i, j) = 100 \\cdot \\frac{f_{\\mathrm{sal}}(i, j) - f_{\\mathrm{all}}(i, j)}{f_{\\mathrm{all}}(i, j)} \\ \\%,

the heatmap of Fig. 3a of Davies et al. (the notebook's ``aggregate_by_edges``). The labels are
also pooled into three kinds (their Fig. 3b): *simple* :math:`(i\\ i{+}1)`, *extremal*
:math:`(1\\ j)` or :math:`(i\\ n)` that are not simple, and *other*.

Here the saliency is computed for the network of each seed on that seed's held-out graphs
(the notebook used one trained network and the whole dataset), and reported per seed and as
the mean and standard deviation over seeds.

References
----------
A. Davies et al., "Advancing mathematics by guiding human intuition with AI", Nature 600 (2021)
70-74, doi:10.1038/s41586-021-04086-x, Methods eq. (4) and Fig. 3.
K. Simonyan, A. Vedaldi, A. Zisserman, "Deep inside convolutional networks", arXiv:1312.6034.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from conjectura.core.jsonable import to_jsonable
from conjectura.core.threads import limit_threads
from conjectura.core.validation import validate_float, validate_int
from conjectura.exceptions import InvalidParameterError

__all__ = [
    "node_saliency",
    "salient_nodes",
    "salient_subgraph",
    "label_counts",
    "label_kind",
    "GraphSaliency",
    "graph_saliency",
    "graph_attributions",
]


def node_saliency(model, graphs, y) -> np.ndarray:
    """:math:`\\lVert \\partial L_G / \\partial x_v \\rVert_2` for every node of every graph.

    Parameters
    ----------
    model : MPNNClassifier
        A fitted graph network of :mod:`conjectura.learn.graphs`.
    graphs : GraphInputs
        The graphs; the result lists their nodes in order (graph by graph).
    y : array-like of shape (len(graphs),)
        True labels; :math:`L_G` is the cross-entropy of the true class of graph :math:`G`.

    Returns
    -------
    ndarray of float64, shape (sum of the graphs' node counts,)

    Notes
    -----
    The gradient is taken through a float64 copy of the network: the loss of a confidently
    correct prediction is below the resolution of float32, where its gradient is exactly zero.
    """
    import torch

    from conjectura.learn.graphs import _as_graphs, _batches, _loader

    if not hasattr(model, "module_"):
        raise InvalidParameterError(
            f"Graph saliency needs a fitted graph network; got {type(model).__name__}."
        )
    graphs = _as_graphs(graphs, "node_saliency")
    import copy

    target = model.class_index(np.asarray(y))
    cfg = model._config()
    batches = _batches(np.arange(len(graphs)), graphs.num_edges, cfg.batch_size, cfg.max_batch_edges)
    # in float64: a confident correct prediction has a loss below float32's resolution, whose
    # gradient would be exactly zero at every node
    module = copy.deepcopy(model.module_).double().eval()
    parts = []
    for batch in _loader(graphs, target, batches):
        x = batch.x.double().requires_grad_(True)
        logits = module(x, batch.edge_index, batch.batch, batch.num_graphs)
        # the per-graph losses summed: row v of the gradient is dL_G/dx_v for the graph G of v
        loss = torch.nn.functional.cross_entropy(logits, batch.y, reduction="sum")
        (grad,) = torch.autograd.grad(loss, x)
        parts.append(grad.norm(dim=1).detach().numpy().astype(np.float64))
    return np.concatenate(parts) if parts else np.zeros(0)


def salient_nodes(saliency: np.ndarray, percentile: float = 99.0) -> tuple[np.ndarray, float]:
    """The mask :math:`s_v > C` and the cutoff :math:`C`, the ``percentile`` of ``saliency``.

    >>> mask, c = salient_nodes(np.arange(100.0), 95)
    >>> int(mask.sum()), round(c, 2)
    (5, 94.05)
    """
    percentile = validate_float(percentile, "percentile", "salient_nodes", min_value=0, max_value=100)
    s = np.asarray(saliency, dtype=np.float64)
    if s.size == 0:
        return np.zeros(0, dtype=bool), float("nan")
    cutoff = float(np.percentile(s, percentile))
    return s > cutoff, cutoff


def salient_subgraph(store, g: int, mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The subgraph of graph ``g`` of ``store`` induced by the nodes where ``mask`` (one entry per
    node of ``g``) is true: ``(nodes, edges)`` as local indices, ``edges`` of shape ``(m, 2)``.

    >>> from conjectura.learn.graphs import GraphStore
    >>> s = GraphStore.from_lists([4], [[(0, 1), (1, 2), (2, 3), (0, 3)]])
    >>> salient_subgraph(s, 0, np.array([True, True, False, True]))[1].tolist()
    [[0, 1], [0, 3]]
    """
    a, b = store.node_ptr[g], store.node_ptr[g + 1]
    mask = np.asarray(mask, dtype=bool)
    if mask.shape != (b - a,):
        raise InvalidParameterError(f"salient_subgraph: the mask must have one entry per node ({b - a}).")
    c, d = store.edge_ptr[g], store.edge_ptr[g + 1]
    src, dst = store.src[c:d], store.dst[c:d]
    keep = mask[src] & mask[dst]
    return np.flatnonzero(mask), np.stack([src[keep], dst[keep]], axis=1)


def _nan_mean_sd(a: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Mean and sample sd over axis 0, ignoring NaN (NaN where nothing is left; sd 0 for one value)."""
    ok = np.isfinite(a)
    count = ok.sum(axis=0)
    total = np.where(ok, a, 0.0).sum(axis=0)
    mean = np.divide(total, count, out=np.full(count.shape, np.nan), where=count > 0)
    dev = np.where(ok, a - mean, 0.0)
    var = np.divide((dev**2).sum(axis=0), count - 1, out=np.zeros(count.shape), where=count > 1)
    return mean, np.where(count > 0, np.sqrt(var), np.nan)


def _pairs(n: int) -> tuple[tuple[int, int], ...]:
    return tuple((i, j) for i in range(1, n + 1) for j in range(i + 1, n + 1))


def label_kind(i: int, j: int, n: int) -> str:
    """``"simple"`` for :math:`(i\\ i{+}1)`, ``"extremal"`` for :math:`(1\\ j)` or :math:`(i\\ n)`
    otherwise, else ``"other"``.

    >>> [label_kind(*t, 5) for t in ((2, 3), (1, 5), (2, 5), (2, 4))]
    ['simple', 'extremal', 'extremal', 'other']
    """
    if j == i + 1:
        return "simple"
    if i == 1 or j == n:
        return "extremal"
    return "other"


def label_counts(graphs, node_mask: np.ndarray | None, n: int) -> np.ndarray:
    """How often each label :math:`(i\\ j)`, :math:`1 \\le i < j \\le n`, occurs on the edges of
    ``graphs`` (``node_mask is None``) or of their subgraphs induced by ``node_mask`` (one entry
    per node of ``graphs``, in order). Order of the labels: lexicographic.

    >>> from conjectura.learn.graphs import GraphInputs, GraphStore
    >>> s = GraphStore.from_lists([3], [[(0, 1), (1, 2)]], labels=[[(1, 2), (2, 3)]])
    >>> g = GraphInputs(s, [0])
    >>> label_counts(g, None, 3).tolist(), label_counts(g, np.array([True, True, False]), 3).tolist()
    ([1, 0, 1], [1, 0, 0])
    """
    store = graphs.store
    if store.label_i is None or store.label_j is None:
        raise InvalidParameterError(
            "label_counts needs a graph store with edge labels (edge_label_i, edge_label_j)."
        )
    ids = graphs.ids
    counts = store.num_edges[ids]
    starts = store.edge_ptr[ids]
    edge = np.repeat(starts - np.concatenate([[0], np.cumsum(counts)[:-1]]), counts) + np.arange(
        int(counts.sum())
    )
    li = store.label_i[edge].astype(np.int64)
    lj = store.label_j[edge].astype(np.int64)
    lo, hi = np.minimum(li, lj), np.maximum(li, lj)
    if lo.size and (lo.min() < 1 or hi.max() > n or np.any(lo == hi)):
        raise InvalidParameterError(f"label_counts: edge labels must be pairs i < j in 1..{n}.")
    keep = np.ones(len(edge), dtype=bool)
    if node_mask is not None:
        node_mask = np.asarray(node_mask, dtype=bool)
        nodes = store.num_nodes[ids]
        if node_mask.shape != (int(nodes.sum()),):
            raise InvalidParameterError("label_counts: node_mask must have one entry per node of the graphs.")
        offset = np.repeat(np.concatenate([[0], np.cumsum(nodes)[:-1]]), counts)
        keep = node_mask[offset + store.src[edge]] & node_mask[offset + store.dst[edge]]
    index = np.full((n + 1, n + 1), -1, dtype=np.int64)
    for k, (i, j) in enumerate(_pairs(n)):
        index[i, j] = k
    return np.bincount(index[lo[keep], hi[keep]], minlength=len(_pairs(n))).astype(np.int64)


@dataclass
class GraphSaliency:
    """Salient subgraphs of every seed's graph network and the edge labels they are made of.

    Attributes
    ----------
    n : int
        Edge labels are transpositions :math:`(i\\ j)` of :math:`1..n`.
    seeds : tuple of int
    percentile : float
        The threshold :math:`C` is this percentile of the node saliencies.
    all_counts, salient_counts : ndarray of shape (n_seeds, n(n-1)/2)
        Label counts over all edges of the graphs examined and over the edges of their salient
        subgraphs (labels in lexicographic order).
    cutoff : ndarray of shape (n_seeds,)
    graphs, nodes, salient_nodes : ndarray of shape (n_seeds,)
        Graphs and nodes examined, and nodes above the cutoff.
    """

    n: int
    seeds: tuple[int, ...]
    percentile: float
    all_counts: np.ndarray
    salient_counts: np.ndarray
    cutoff: np.ndarray
    graphs: np.ndarray
    nodes: np.ndarray
    salient_nodes: np.ndarray
    meta: dict = field(default_factory=dict)

    @property
    def labels(self) -> tuple[tuple[int, int], ...]:
        return _pairs(self.n)

    @property
    def label_names(self) -> tuple[str, ...]:
        return tuple(f"({i},{j})" for i, j in self.labels)

    @staticmethod
    def _freq(counts: np.ndarray) -> np.ndarray:
        """Relative frequencies per seed (NaN for a seed without any edge: nothing to compare)."""
        tot = counts.sum(axis=1, keepdims=True)
        return np.divide(counts, tot, out=np.full(counts.shape, np.nan), where=tot > 0)

    @property
    def change(self) -> np.ndarray:
        """:math:`\\Delta(i, j)` in percent per seed, shape ``(n_seeds, n_labels)`` (NaN where a
        label never occurs, and for a seed whose salient subgraphs have no edge)."""
        fa, fs = self._freq(self.all_counts), self._freq(self.salient_counts)
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(fa > 0, 100.0 * (fs - fa) / fa, np.nan)

    def matrix(self, seed_index: int | None = None) -> np.ndarray:
        """:math:`\\Delta` as an ``(n, n)`` matrix, entry ``[j-1, i-1]`` for :math:`i < j`
        (lower triangle; the rest NaN); the mean over seeds unless ``seed_index`` is given."""
        ch = self.change
        v = _nan_mean_sd(ch)[0] if seed_index is None else ch[seed_index]
        out = np.full((self.n, self.n), np.nan)
        for (i, j), val in zip(self.labels, v):
            out[j - 1, i - 1] = val
        return out

    def kinds(self) -> dict[str, dict[str, float]]:
        """Share of simple / extremal / other labels among all edges and among salient edges,
        and the change in percent: mean and sd over seeds."""
        kind = np.array([label_kind(i, j, self.n) for i, j in self.labels])
        out = {}
        for k in ("simple", "extremal", "other"):
            sel = kind == k
            fa = self._freq(self.all_counts)[:, sel].sum(axis=1)
            fs = self._freq(self.salient_counts)[:, sel].sum(axis=1)
            with np.errstate(invalid="ignore", divide="ignore"):
                ch = np.where(fa > 0, 100.0 * (fs - fa) / fa, np.nan)
            mean, sd = _nan_mean_sd(ch[:, None])
            out[k] = {
                "all": float(_nan_mean_sd(fa[:, None])[0][0]),
                "salient": float(_nan_mean_sd(fs[:, None])[0][0]),
                "change": float(mean[0]),
                "change_sd": float(sd[0]),
            }
        return out

    def to_attribution(self):
        """The change :math:`\\Delta` as an :class:`~conjectura.interpret.Attribution` whose
        inputs are the edge labels (so a study ranks labels by their excess in salient subgraphs)."""
        from conjectura.interpret.saliency import Attribution

        vals = np.nan_to_num(self.change, nan=0.0)
        return Attribution(
            method="graph_saliency",
            feature_names=self.label_names,
            values=vals,
            seeds=self.seeds,
            meta={"graph_saliency": self},
        )

    def rows(self) -> list[dict]:
        """One row per label, most over-represented first: label, kind, frequency among all
        edges and among salient edges, change (mean ± sd over seeds)."""
        mean, sd = _nan_mean_sd(self.change)
        fa, fs = (
            _nan_mean_sd(self._freq(self.all_counts))[0],
            _nan_mean_sd(self._freq(self.salient_counts))[0],
        )
        order = np.argsort(-np.nan_to_num(mean, nan=-np.inf), kind="stable")
        return [
            {
                "label": self.label_names[k],
                "kind": label_kind(*self.labels[k], self.n),
                "all": float(fa[k]),
                "salient": float(fs[k]),
                "change %": float(mean[k]),
                "sd": float(sd[k]),
            }
            for k in order
        ]

    def to_dict(self) -> dict:
        """Keys: ``n``, ``seeds``, ``percentile``, ``cutoff``, ``graphs``, ``nodes``,
        ``salient_nodes``, ``labels``, ``change`` (per seed), ``kinds``, ``rows``."""
        return to_jsonable(
            {
                "n": self.n,
                "seeds": list(self.seeds),
                "percentile": self.percentile,
                "cutoff": self.cutoff,
                "graphs": self.graphs,
                "nodes": self.nodes,
                "salient_nodes": self.salient_nodes,
                "labels": list(self.label_names),
                "all_counts": self.all_counts,
                "salient_counts": self.salient_counts,
                "change": [[None if not np.isfinite(v) else float(v) for v in row] for row in self.change],
                "kinds": self.kinds(),
                "rows": self.rows(),
            },
            finite=True,
        )

    def table(self, max_rows: int | None = 10):
        """A :class:`rich.table.Table` of the labels most over- and under-represented."""
        from rich.table import Table

        rows = self.rows()
        shown = rows if max_rows is None or len(rows) <= 2 * max_rows else rows[:max_rows] + rows[-max_rows:]
        t = Table(
            title=(
                f"edge labels in salient subgraphs (nodes above the {self.percentile:g}th percentile "
                f"of saliency) vs all edges, {len(self.seeds)} seeds"
            )
        )
        for c in ("label", "kind", "all", "salient", "change %"):
            t.add_column(c)
        for r in shown:
            t.add_row(
                r["label"],
                r["kind"],
                f"{r['all']:.4f}",
                f"{r['salient']:.4f}",
                f"{r['change %']:+.1f} ± {r['sd']:.1f}",
            )
        return t


def graph_saliency(
    evaluation,
    *,
    percentile: float = 99.0,
    max_rows: int = 2000,
    n: int | None = None,
    n_threads: int | None = 1,
) -> GraphSaliency:
    """Salient subgraphs of every seed's graph network on its held-out graphs.

    Parameters
    ----------
    evaluation : Evaluation
        Of a graph learner, made with ``keep_models=True`` (the default).
    percentile : float, default 99
        Salient nodes lie above this percentile of the node saliencies (of the seed's graphs).
    max_rows : int, default 2000
        At most this many held-out graphs per seed (a fixed random subset).
    n : int, optional
        Edge labels are transpositions of :math:`1..n` (default ``Dataset.meta["label_positions"]``,
        else the largest label in the store).
    n_threads : int or None, default 1

    Returns
    -------
    GraphSaliency
    """
    from conjectura.learn.graphs import is_graph_learner

    max_rows = validate_int(max_rows, "max_rows", "graph_saliency", min_value=1)
    if not evaluation.models:
        raise InvalidParameterError("This evaluation kept no fitted models (keep_models=False).")
    seeds = tuple(sorted(evaluation.models))
    ds = evaluation.dataset
    if not all(is_graph_learner(evaluation.models[s]) for s in seeds):
        raise InvalidParameterError("graph_saliency needs an evaluation of a graph learner (e.g. 'mpnn').")
    rows: dict[str, list] = {k: [] for k in ("all", "sal", "cut", "graphs", "nodes", "salient")}
    with limit_threads(n_threads):
        for s in seeds:
            model, idx = evaluation.models[s], np.asarray(evaluation.test_index[s])
            if len(idx) > max_rows:
                idx = np.sort(np.random.default_rng([s, 31]).choice(idx, max_rows, replace=False))
            graphs = model.dataset_inputs(ds, idx)
            if n is None:
                n = int((ds.meta or {}).get("label_positions") or int(graphs.store.label_j.max()))
            sal = node_saliency(model, graphs, ds.y[idx])
            mask, cutoff = salient_nodes(sal, percentile)
            rows["all"].append(label_counts(graphs, None, n))
            rows["sal"].append(label_counts(graphs, mask, n))
            rows["cut"].append(cutoff)
            rows["graphs"].append(len(graphs))
            rows["nodes"].append(len(sal))
            rows["salient"].append(int(mask.sum()))
    return GraphSaliency(
        n=int(n),
        seeds=seeds,
        percentile=float(percentile),
        all_counts=np.vstack(rows["all"]),
        salient_counts=np.vstack(rows["sal"]),
        cutoff=np.asarray(rows["cut"], dtype=np.float64),
        graphs=np.asarray(rows["graphs"]),
        nodes=np.asarray(rows["nodes"]),
        salient_nodes=np.asarray(rows["salient"]),
    )


def graph_attributions(evaluation, **kwargs):
    """:func:`graph_saliency` as :class:`~conjectura.interpret.Attributions` (``{"graph_saliency": ...}``)."""
    from conjectura.interpret.saliency import Attributions

    return Attributions({"graph_saliency": graph_saliency(evaluation, **kwargs).to_attribution()})
