"""Graph learners: a message-passing neural network (PyTorch Geometric) with the scikit-learn contract.

**Graph datasets.** A :class:`~conjectura.core.Dataset` stays tabular: ``X`` holds whatever
the classical baselines see (for Bruhat intervals, graph statistics). The graphs ride along in a
**graph store**, a Parquet table in the graph-table format (one row per graph: ``num_nodes``;
list columns ``edge_src``, ``edge_dst`` of local node indices and, optionally, integer pair
labels ``edge_label_i``, ``edge_label_j``), named by ``Dataset.meta["graph_store"]`` (its path);
``Dataset.frame["graph_id"]`` is the row of each example in the store. A graph learner has a
``dataset_inputs(dataset, rows)`` method; :func:`conjectura.learn.evaluate` fits and scores it on
what that returns (:class:`GraphInputs`: the rows' graphs) instead of ``X[rows]``, so the
learner, the baselines and the shuffled-label null share the same splits and seeds.

**The network** is the MPNN of Davies et al. (2021) for Kazhdan--Lusztig coefficients, after
Gilmer et al. (2017): an input encoder, :math:`L` message-passing layers of width :math:`d`,
a max-pool readout and a linear output. Layer :math:`\\ell` updates every node :math:`v` by

.. math::

    m^{\\uparrow}_v = \\sum_{u \\to v} \\mathrm{ReLU}(A h_v + B h_u), \\qquad
    m^{\\downarrow}_v = \\sum_{v \\to u} \\mathrm{ReLU}(A' h_v + B' h_u),

    h_v \\leftarrow \\mathrm{ReLU}\\big(M [m^{\\uparrow}_v ; m^{\\downarrow}_v] + S h_v\\big),

messages along the edges and along the reversed edges with separate weights, summed, with a
skip connection; with ``self_loops=True`` every node is also its own neighbour (the notebook
adds the identity to the adjacency matrix). The node features are the in- and out-degree
centralities :math:`\\deg^{\\pm}(v)/(N - 1)` (networkx's convention), as in the notebook. The
defaults are the notebook's: 3 layers of width 64, Adam with step 0.001, batches of 100 graphs,
cross-entropy over the classes.

Differences from the public notebook, on purpose:

* the split is the caller's (:func:`conjectura.learn.evaluate` draws a random split per seed);
  the notebook took the first 80% of its files for training and the last 20% for testing,
  without shuffling;
* early stopping watches a validation slice of the *training* graphs, and the weights of the
  best epoch are restored;
* a batch holds at most ``max_batch_edges`` edges as well as ``batch_size`` graphs (large
  Bruhat graphs would not fit in memory on a CPU otherwise), and the max-pool sees only real
  nodes (the notebook padded every graph of a batch to the largest one and pooled the padding);
* every source of randomness comes from ``seed``; training runs on the CPU.

References
----------
A. Davies et al., "Advancing mathematics by guiding human intuition with AI", Nature 600 (2021)
70-74, doi:10.1038/s41586-021-04086-x; the notebook ``representation_theory.ipynb`` of
github.com/google-deepmind/mathematics_conjectures.
J. Gilmer, S. S. Schoenholz, P. F. Riley, O. Vinyals, G. E. Dahl, "Neural message passing for
quantum chemistry", ICML 2017, arXiv:1704.01212.
M. Fey, J. E. Lenssen, "Fast graph representation learning with PyTorch Geometric",
arXiv:1903.02428.
"""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin

from conjectura.core.registry import register_learner
from conjectura.core.validation import require, validate_float, validate_int
from conjectura.exceptions import InvalidParameterError, NotFittedError

__all__ = [
    "GRAPH_STORE_KEY",
    "GRAPH_ID_COLUMN",
    "GraphStore",
    "GraphInputs",
    "load_graph_store",
    "graph_inputs",
    "is_graph_learner",
    "GraphTrainConfig",
    "train_graph_network",
    "MPNNClassifier",
]

GRAPH_STORE_KEY = "graph_store"
"""Key of ``Dataset.meta`` naming the graph store (a path)."""
GRAPH_ID_COLUMN = "graph_id"
"""Column of ``Dataset.frame`` with each row's graph in the store."""


# ----------------------------------------------------------------------------- the store
@dataclass(frozen=True, eq=False)
class GraphStore:
    """Graphs in CSR form: graph ``g`` has nodes ``node_ptr[g]:node_ptr[g+1]`` (of the
    concatenation) and edges ``edge_ptr[g]:edge_ptr[g+1]``, with local endpoints ``src``,
    ``dst`` and optional pair labels ``label_i``, ``label_j``.

    Build it with :func:`load_graph_store` (from a graph table) or from arrays.

    >>> s = GraphStore.from_lists([3, 2], [[(0, 1), (1, 2)], [(0, 1)]])
    >>> len(s), s.num_nodes.tolist(), s.node_features()[:3].tolist()
    (2, [3, 2], [[0.0, 0.5], [0.5, 0.5], [0.5, 0.0]])
    """

    node_ptr: np.ndarray
    edge_ptr: np.ndarray
    src: np.ndarray
    dst: np.ndarray
    label_i: np.ndarray | None = None
    label_j: np.ndarray | None = None
    path: str = ""

    def __len__(self) -> int:
        return int(len(self.node_ptr) - 1)

    @property
    def num_nodes(self) -> np.ndarray:
        return np.diff(self.node_ptr)

    @property
    def num_edges(self) -> np.ndarray:
        return np.diff(self.edge_ptr)

    @classmethod
    def from_lists(cls, num_nodes: Sequence[int], edges: Sequence[Sequence[tuple[int, int]]], labels=None):
        """A store from per-graph node counts and edge lists (and optional per-edge pair labels)."""
        num_nodes = np.asarray(num_nodes, dtype=np.int64)
        counts = np.array([len(e) for e in edges], dtype=np.int64)
        flat = np.array([p for e in edges for p in e], dtype=np.int64).reshape(-1, 2)
        if len(num_nodes) != len(counts):
            raise InvalidParameterError("GraphStore.from_lists needs one node count per edge list.")
        owner = np.repeat(np.arange(len(counts)), counts)
        if flat.size and (flat.min() < 0 or np.any(flat.max(axis=1) >= num_nodes[owner])):
            raise InvalidParameterError("GraphStore.from_lists: an edge names a node outside its graph.")
        li = lj = None
        if labels is not None:
            lab = np.array([p for e in labels for p in e], dtype=np.int16).reshape(-1, 2)
            if len(lab) != len(flat):
                raise InvalidParameterError("GraphStore.from_lists needs one label per edge.")
            li, lj = lab[:, 0], lab[:, 1]
        return cls(
            np.concatenate([[0], np.cumsum(num_nodes)]),
            np.concatenate([[0], np.cumsum(counts)]),
            flat[:, 0].astype(np.int32),
            flat[:, 1].astype(np.int32),
            li,
            lj,
        )

    def to_parquet(self, path: str | os.PathLike, **columns) -> str:
        """Write the store as a graph table (Parquet, graph-table format); ``columns`` adds
        per-graph columns (arrays of length ``len(self)``). Returns the path."""
        import pyarrow as pa

        from conjectura.store.datasets import write_parquet

        offsets = pa.array(self.edge_ptr.astype(np.int32), pa.int32())
        cols = {name: pa.array(np.asarray(v)) for name, v in columns.items()}
        cols["num_nodes"] = pa.array(self.num_nodes.astype(np.int32), pa.int32())
        cols["edge_src"] = pa.ListArray.from_arrays(offsets, pa.array(self.src.astype(np.int32)))
        cols["edge_dst"] = pa.ListArray.from_arrays(offsets, pa.array(self.dst.astype(np.int32)))
        if self.label_i is not None and self.label_j is not None:
            cols["edge_label_i"] = pa.ListArray.from_arrays(offsets, pa.array(self.label_i.astype(np.int8)))
            cols["edge_label_j"] = pa.ListArray.from_arrays(offsets, pa.array(self.label_j.astype(np.int8)))
        write_parquet(pa.table(cols), path)
        return os.fspath(path)

    def edge_owner(self) -> np.ndarray:
        """The graph of every edge."""
        return np.repeat(np.arange(len(self)), self.num_edges)

    def node_features(self) -> np.ndarray:
        """In- and out-degree centrality of every node, shape ``(total nodes, 2)``, ``float32``:
        :math:`\\deg^-(v)/(N-1)` and :math:`\\deg^+(v)/(N-1)` for a graph of :math:`N > 1`
        nodes (0 for a single node), as :func:`networkx.in_degree_centrality`."""
        return _node_features(self)

    def global_edges(self) -> tuple[np.ndarray, np.ndarray]:
        """Endpoints of every edge as indices into the concatenated nodes."""
        start = self.node_ptr[:-1][self.edge_owner()]
        return self.src.astype(np.int64) + start, self.dst.astype(np.int64) + start


def _node_features(store: GraphStore) -> np.ndarray:
    cached = getattr(store, "_features", None)
    if cached is not None:
        return cached
    total = int(store.node_ptr[-1])
    gs, gd = store.global_edges()
    indeg = np.bincount(gd, minlength=total)
    outdeg = np.bincount(gs, minlength=total)
    size = np.repeat(store.num_nodes, store.num_nodes)
    scale = np.where(size > 1, 1.0 / np.maximum(size - 1, 1), 0.0)
    feats = np.stack([indeg * scale, outdeg * scale], axis=1).astype(np.float32)
    object.__setattr__(store, "_features", feats)
    return feats


def load_graph_store(path: str | os.PathLike) -> GraphStore:
    """Read a graph table (Parquet, graph-table format) into a :class:`GraphStore`.

    Cached per file (path, size and modification time): reading a store twice costs nothing.
    """
    p = os.fspath(path)
    try:
        st = os.stat(p)
    except OSError as exc:
        raise InvalidParameterError(f"The graph store {p!r} cannot be read: {exc.strerror}.") from None
    return _load_store(p, st.st_size, st.st_mtime_ns)


@lru_cache(maxsize=4)
def _load_store(path: str, size: int, mtime: int) -> GraphStore:
    import pyarrow.parquet as pq

    names = pq.ParquetFile(path).schema_arrow.names
    missing = [c for c in ("num_nodes", "edge_src", "edge_dst") if c not in names]
    if missing:
        raise InvalidParameterError(
            f"The graph store {path!r} lacks the column(s) {', '.join(missing)} of the graph-table format."
        )
    cols = ["num_nodes", "edge_src", "edge_dst"] + [c for c in ("edge_label_i", "edge_label_j") if c in names]
    table = pq.read_table(path, columns=cols).combine_chunks()

    def flat(name):
        arr = table.column(name).chunk(0) if table.column(name).num_chunks else None
        if arr is None:
            return np.zeros(0, np.int32), np.zeros(1, np.int64)
        offsets = np.asarray(arr.offsets, dtype=np.int64)
        values = np.asarray(arr.values)
        return values[offsets[0] : offsets[-1]], offsets - offsets[0]

    src, offsets = flat("edge_src")
    dst, _ = flat("edge_dst")
    num_nodes = table.column("num_nodes").to_numpy().astype(np.int64)
    labels = [flat(c)[0] if c in cols else None for c in ("edge_label_i", "edge_label_j")]
    return GraphStore(
        np.concatenate([[0], np.cumsum(num_nodes)]),
        offsets if len(offsets) == len(num_nodes) + 1 else np.zeros(len(num_nodes) + 1, np.int64),
        src.astype(np.int32),
        dst.astype(np.int32),
        labels[0],
        labels[1],
        path,
    )


@dataclass(frozen=True, eq=False)
class GraphInputs:
    """The graphs ``ids`` of ``store``: what a graph learner is fitted on and predicts for.

    Indexing with an array of positions gives the sub-collection (as scikit-learn indexes ``X``).
    """

    store: GraphStore
    ids: np.ndarray

    def __post_init__(self):
        ids = np.asarray(self.ids, dtype=np.int64).ravel()
        if ids.size and (ids.min() < 0 or ids.max() >= len(self.store)):
            raise InvalidParameterError(f"GraphInputs: graph ids must lie in [0, {len(self.store)}).")
        object.__setattr__(self, "ids", ids)

    def __len__(self) -> int:
        return int(self.ids.size)

    def __getitem__(self, index) -> GraphInputs:
        return GraphInputs(self.store, self.ids[index])

    @property
    def shape(self) -> tuple[int, int]:
        return (len(self), 1)

    @property
    def num_edges(self) -> np.ndarray:
        return self.store.num_edges[self.ids]

    @property
    def num_nodes(self) -> np.ndarray:
        return self.store.num_nodes[self.ids]


def graph_inputs(dataset, rows) -> GraphInputs:
    """The graphs of the rows ``rows`` of a graph dataset (see the module docstring)."""
    meta = getattr(dataset, "meta", {}) or {}
    frame = getattr(dataset, "frame", None)
    if GRAPH_STORE_KEY not in meta or frame is None or GRAPH_ID_COLUMN not in frame:
        raise InvalidParameterError(
            f"A graph learner needs a graph dataset: Dataset.meta[{GRAPH_STORE_KEY!r}] naming the graph "
            f"store and a {GRAPH_ID_COLUMN!r} column in Dataset.frame. This dataset has none: use a "
            f"tabular learner (mlp, gbt, ...)."
        )
    ids = np.asarray(frame[GRAPH_ID_COLUMN].to_numpy(), dtype=np.int64)[np.asarray(rows, dtype=np.int64)]
    return GraphInputs(load_graph_store(meta[GRAPH_STORE_KEY]), ids)


def is_graph_learner(est) -> bool:
    """Whether ``est`` reads graphs from the dataset (has ``dataset_inputs``)."""
    return callable(getattr(est, "dataset_inputs", None))


# ----------------------------------------------------------------------------- the network
@lru_cache(maxsize=1)
def _torch_modules():
    """The torch module classes, defined on first use (torch stays out of ``import conjectura``)."""
    torch = require("torch", extra="ml", purpose="for graph learners")
    require("torch_geometric", extra="ml", purpose="for graph learners")
    from torch import nn
    from torch_geometric.nn import MessagePassing, global_max_pool
    from torch_geometric.utils import add_self_loops

    class PairMessages(MessagePassing):
        """:math:`m_v = \\sum_{u \\to v} \\mathrm{ReLU}(A h_v + B h_u)` (sum aggregation)."""

        def __init__(self, width: int):
            super().__init__(aggr="add")
            self.own = nn.Linear(width, width)
            self.other = nn.Linear(width, width)

        def forward(self, h, edge_index):
            return self.propagate(edge_index, a=self.own(h), b=self.other(h))

        def message(self, a_i, b_j):
            return torch.relu(a_i + b_j)

    class MPNNLayer(nn.Module):
        """Messages along the edges and along the reversed edges (separate weights), a skip."""

        def __init__(self, width: int):
            super().__init__()
            self.up = PairMessages(width)
            self.down = PairMessages(width)
            self.mix = nn.Linear(2 * width, width)
            self.skip = nn.Linear(width, width)

        def forward(self, h, edge_index):
            m = torch.cat([self.up(h, edge_index), self.down(h, edge_index.flip(0))], dim=-1)
            return torch.relu(self.mix(m) + self.skip(h))

    class MPNN(nn.Module):
        """Encoder, ``layers`` message-passing layers, max-pool over each graph's nodes, output."""

        def __init__(self, n_in: int, width: int, layers: int, n_out: int, self_loops: bool):
            super().__init__()
            self.self_loops = self_loops
            self.encode = nn.Linear(n_in, width)
            self.layers = nn.ModuleList(MPNNLayer(width) for _ in range(layers))
            self.readout = nn.Linear(width, n_out)

        def forward(self, x, edge_index, batch, num_graphs: int):
            if self.self_loops:
                edge_index, _ = add_self_loops(edge_index, num_nodes=x.shape[0])
            h = self.encode(x)
            for layer in self.layers:
                h = layer(h, edge_index)
            return self.readout(global_max_pool(h, batch, size=num_graphs))

    return MPNN


class _TorchGraphs:
    """A map-style dataset of PyG ``Data`` objects for :class:`torch_geometric.loader.DataLoader`."""

    def __init__(self, inputs: GraphInputs, y: np.ndarray | None = None):
        self.inputs, self.y = inputs, y
        self.features = inputs.store.node_features()

    def __len__(self) -> int:
        return len(self.inputs)

    def __getitem__(self, i: int):
        import torch
        from torch_geometric.data import Data

        s, g = self.inputs.store, int(self.inputs.ids[i])
        a, b = s.node_ptr[g], s.node_ptr[g + 1]
        c, d = s.edge_ptr[g], s.edge_ptr[g + 1]
        edge_index = torch.from_numpy(np.stack([s.src[c:d], s.dst[c:d]]).astype(np.int64))
        data = Data(x=torch.from_numpy(self.features[a:b]), edge_index=edge_index, num_nodes=int(b - a))
        if self.y is not None:
            data.y = torch.tensor([int(self.y[i])])
        return data


def _batches(order: np.ndarray, edges: np.ndarray, batch_size: int, max_edges: int) -> list[list[int]]:
    """Consecutive groups of ``order`` with at most ``batch_size`` graphs and ``max_edges`` edges
    (a graph larger than ``max_edges`` is a batch of its own)."""
    out, cur, load = [], [], 0
    for i in order.tolist():
        e = int(edges[i])
        if cur and (len(cur) >= batch_size or load + e > max_edges):
            out.append(cur)
            cur, load = [], 0
        cur.append(i)
        load += e
    if cur:
        out.append(cur)
    return out


def _loader(inputs: GraphInputs, y, batches: list[list[int]]):
    from torch_geometric.loader import DataLoader

    return DataLoader(_TorchGraphs(inputs, y), batch_sampler=batches)


@dataclass(frozen=True, kw_only=True)
class GraphTrainConfig:
    """Everything that decides the training of a graph network (frozen: a run is reproducible).

    Attributes
    ----------
    hidden : int
        Width of the node states and messages.
    layers : int
        Message-passing layers (propagation steps).
    lr, weight_decay : float
        Adam step size and L2 penalty.
    batch_size : int
        Graphs per batch (at most).
    max_batch_edges : int
        Edges per batch (at most; a larger graph is a batch of its own).
    max_epochs, patience : int
        Early stopping: stop after ``patience`` epochs without a better validation loss and
        restore the best weights.
    val_fraction : float
        Fraction of the training graphs held back for early stopping (never the test set).
    self_loops : bool
        Add every node as its own neighbour.
    seed : int
    """

    hidden: int = 64
    layers: int = 3
    lr: float = 1e-3
    weight_decay: float = 0.0
    batch_size: int = 100
    max_batch_edges: int = 50_000
    max_epochs: int = 20
    patience: int = 4
    val_fraction: float = 0.1
    self_loops: bool = True
    seed: int = 0


def train_graph_network(inputs: GraphInputs, y: np.ndarray, *, n_out: int, config: GraphTrainConfig):
    """Train the MPNN on graphs with class indices ``y``; return ``(module, history)``.

    Parameters
    ----------
    inputs : GraphInputs
        The training graphs.
    y : ndarray of shape (len(inputs),)
        Class indices in ``[0, n_out)``.
    n_out : int
        Number of classes (width of the output layer).
    config : GraphTrainConfig

    Returns
    -------
    module : torch.nn.Module
        In eval mode, with the weights of the epoch of least validation loss.
    history : dict
        ``train_loss`` and ``val_loss`` per epoch, ``best_epoch``, ``epochs``, ``seconds``.
    """
    torch = require("torch", extra="ml", purpose="to train a graph network")
    t0 = time.perf_counter()
    rng = np.random.default_rng(config.seed)
    torch.manual_seed(config.seed)

    # 1. Hold back a validation slice of the TRAINING graphs for early stopping.
    n = len(inputs)
    perm = rng.permutation(n)
    n_val = int(round(config.val_fraction * n)) if n >= 20 else 0
    val_idx, fit_idx = np.sort(perm[:n_val]), perm[n_val:]
    fit, y_fit = inputs[fit_idx], np.asarray(y)[fit_idx]
    val, y_val = inputs[val_idx], np.asarray(y)[val_idx]
    val_batches = _batches(np.arange(len(val)), val.num_edges, config.batch_size, config.max_batch_edges)

    # 2. The model (the notebook's MPNN), the loss and the optimiser.
    module = _torch_modules()(2, config.hidden, config.layers, n_out, config.self_loops)
    opt = torch.optim.Adam(module.parameters(), lr=config.lr, weight_decay=config.weight_decay)

    def loss_on(batch, reduction="mean"):
        logits = module(batch.x, batch.edge_index, batch.batch, batch.num_graphs)
        return torch.nn.functional.cross_entropy(logits, batch.y, reduction=reduction)

    # 3. Epochs of shuffled batches (a new order each epoch); keep the best validation epoch.
    history: dict[str, Any] = {"train_loss": [], "val_loss": []}
    best, best_state, best_epoch, stale = np.inf, None, 0, 0
    for epoch in range(config.max_epochs):
        module.train()
        order = rng.permutation(len(fit))
        total = 0.0
        for batch in _loader(
            fit, y_fit, _batches(order, fit.num_edges, config.batch_size, config.max_batch_edges)
        ):
            opt.zero_grad()
            batch_loss = loss_on(batch)
            batch_loss.backward()
            opt.step()
            total += batch_loss.item() * batch.num_graphs
        history["train_loss"].append(total / max(len(fit), 1))
        module.eval()
        if n_val:
            with torch.no_grad():
                val_loss = sum(float(loss_on(b, "sum")) for b in _loader(val, y_val, val_batches)) / n_val
        else:
            val_loss = history["train_loss"][-1]
        history["val_loss"].append(val_loss)
        if val_loss < best - 1e-6:
            best, best_epoch, stale = val_loss, epoch, 0
            best_state = {k: v.detach().clone() for k, v in module.state_dict().items()}
        else:
            stale += 1
            if stale >= config.patience:
                break
    if best_state is not None:
        module.load_state_dict(best_state)
    module.eval()
    history.update(best_epoch=best_epoch, epochs=len(history["train_loss"]), seconds=time.perf_counter() - t0)
    return module, history


class MPNNClassifier(ClassifierMixin, BaseEstimator):
    """The MPNN of Davies et al. (2021) as a classifier of graphs (PyTorch Geometric, CPU).

    Fitted on :class:`GraphInputs` (``fit(graphs, y)``), as a text classifier is fitted on a
    list of documents; inside :func:`conjectura.learn.evaluate` it reads each row's graph from
    the dataset's graph store (:meth:`dataset_inputs`). The split is the caller's: evaluate
    draws a random one per seed (the notebook split its files 80/20 without shuffling).

    Parameters
    ----------
    hidden : int, default 64
    layers : int, default 3
    lr : float, default 1e-3
    weight_decay : float, default 0.0
    batch_size : int, default 100
    max_batch_edges : int, default 50000
    max_epochs : int, default 20
    patience : int, default 4
    val_fraction : float, default 0.1
    self_loops : bool, default True
        See :class:`GraphTrainConfig`.
    classes : array-like, optional
        Every class the output layer must be able to predict; the classes seen in ``y`` are added.
    seed : int, default 0

    Attributes
    ----------
    classes_ : ndarray
    module_ : torch.nn.Module
    history_ : dict
        The learning curve (``train_loss``, ``val_loss`` per epoch, ``best_epoch``).

    Examples
    --------
    >>> import numpy as np
    >>> paths = [[(i, i + 1) for i in range(k - 1)] for k in range(4, 12)] * 3   # paths of 4..11 nodes
    >>> stars = [[(0, i) for i in range(1, k)] for k in range(4, 12)] * 3        # stars of 4..11 nodes
    >>> store = GraphStore.from_lists([len(e) + 1 for e in paths + stars], paths + stars)
    >>> X, y = GraphInputs(store, np.arange(len(store))), np.array([0] * 24 + [1] * 24)
    >>> clf = MPNNClassifier(hidden=16, lr=1e-2, max_epochs=15, patience=15, seed=0).fit(X, y)
    >>> clf.score(X, y) >= 0.95
    True
    """

    def __init__(
        self,
        *,
        hidden=64,
        layers=3,
        lr=1e-3,
        weight_decay=0.0,
        batch_size=100,
        max_batch_edges=50_000,
        max_epochs=20,
        patience=4,
        val_fraction=0.1,
        self_loops=True,
        classes=None,
        seed=0,
    ):
        self.hidden = hidden
        self.layers = layers
        self.lr = lr
        self.weight_decay = weight_decay
        self.batch_size = batch_size
        self.max_batch_edges = max_batch_edges
        self.max_epochs = max_epochs
        self.patience = patience
        self.val_fraction = val_fraction
        self.self_loops = self_loops
        self.classes = classes
        self.seed = seed

    def dataset_inputs(self, dataset, rows) -> GraphInputs:
        """The graphs of the rows ``rows`` of ``dataset`` (what :func:`~conjectura.learn.evaluate` fits on)."""
        return graph_inputs(dataset, rows)

    def _config(self) -> GraphTrainConfig:
        owner = type(self).__name__
        if not isinstance(self.self_loops, bool):
            raise InvalidParameterError(f"The 'self_loops' parameter of {owner} must be a bool.")
        return GraphTrainConfig(
            hidden=validate_int(self.hidden, "hidden", owner, min_value=1),
            layers=validate_int(self.layers, "layers", owner, min_value=1),
            lr=validate_float(self.lr, "lr", owner, min_value=0, min_inclusive=False),
            weight_decay=validate_float(self.weight_decay, "weight_decay", owner, min_value=0),
            batch_size=validate_int(self.batch_size, "batch_size", owner, min_value=1),
            max_batch_edges=validate_int(self.max_batch_edges, "max_batch_edges", owner, min_value=1),
            max_epochs=validate_int(self.max_epochs, "max_epochs", owner, min_value=1),
            patience=validate_int(self.patience, "patience", owner, min_value=1),
            val_fraction=validate_float(self.val_fraction, "val_fraction", owner, min_value=0, max_value=0.9),
            self_loops=self.self_loops,
            seed=validate_int(self.seed if self.seed is not None else 0, "seed", owner, min_value=0),
        )

    def fit(self, X: GraphInputs, y):
        config = self._config()
        X = _as_graphs(X, type(self).__name__)
        y = np.asarray(y)
        if len(y) != len(X):
            raise InvalidParameterError(f"X has {len(X)} graphs but y has {len(y)} labels.")
        extra = np.asarray(self.classes) if self.classes is not None else y[:0]
        self.classes_ = np.unique(np.concatenate([extra.astype(y.dtype, copy=False), y]))
        self.module_, self.history_ = train_graph_network(
            X, np.searchsorted(self.classes_, y), n_out=len(self.classes_), config=config
        )
        return self

    def logits(self, X: GraphInputs) -> np.ndarray:
        """The output layer for every graph of ``X``, shape ``(len(X), len(classes_))``."""
        import torch

        if not hasattr(self, "module_"):
            raise NotFittedError(f"This {type(self).__name__} is not fitted yet: call fit(X, y).")
        X = _as_graphs(X, type(self).__name__)
        cfg = self._config()
        out = np.zeros((len(X), len(self.classes_)), dtype=np.float32)
        batches = _batches(np.arange(len(X)), X.num_edges, cfg.batch_size, cfg.max_batch_edges)
        with torch.no_grad():
            for rows, batch in zip(batches, _loader(X, None, batches)):
                out[rows] = self.module_(batch.x, batch.edge_index, batch.batch, batch.num_graphs).numpy()
        return out

    def predict_proba(self, X: GraphInputs) -> np.ndarray:
        z = self.logits(X)
        z = z - z.max(axis=1, keepdims=True)
        p = np.exp(z)
        return p / p.sum(axis=1, keepdims=True)

    def predict(self, X: GraphInputs) -> np.ndarray:
        logits = self.logits(X)
        return self.classes_[np.argmax(logits, axis=1)]

    def class_index(self, y) -> np.ndarray:
        """Indices of the labels ``y`` in ``classes_`` (what the cross-entropy compares against)."""
        if not hasattr(self, "classes_"):
            raise NotFittedError(f"This {type(self).__name__} is not fitted yet: call fit(X, y).")
        y = np.asarray(y)
        idx = np.clip(np.searchsorted(self.classes_, y), 0, len(self.classes_) - 1)
        if not np.array_equal(self.classes_[idx], y):
            raise InvalidParameterError("y holds labels the classifier was not fitted with.")
        return idx


def _as_graphs(X, owner: str) -> GraphInputs:
    if not isinstance(X, GraphInputs):
        raise InvalidParameterError(
            f"{owner} is fitted on graphs (GraphInputs, from a graph dataset), not on a feature "
            f"matrix. Got {type(X).__name__} instead."
        )
    return X


@register_learner("mpnn", description="message-passing graph network on the Bruhat graph (PyTorch Geometric)")
def mpnn(task, **hyper):
    """:class:`MPNNClassifier` for a classification task on a graph dataset."""
    if getattr(task, "kind", "classification") != "classification":
        raise InvalidParameterError(
            f"'mpnn' is a classifier but task {getattr(task, 'name', '')!r} is a regression."
        )
    return MPNNClassifier(**hyper)
