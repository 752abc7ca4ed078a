"""Combinatorial invariance of Kazhdan--Lusztig polynomials, checked exactly on all of :math:`S_n`.

The combinatorial invariance conjecture (Lusztig; Dyer) says that :math:`P_{x,w}` depends only on
the isomorphism class of the poset :math:`[x, w]`: if :math:`[x_1, w_1] \\cong [x_2, w_2]` as
posets then :math:`P_{x_1,w_1} = P_{x_2,w_2}`. :func:`combinatorial_invariance` groups every
interval of :math:`S_n` (of length at least ``min_length``) by poset isomorphism and compares
polynomials inside each class:

1. one interval per orbit of the symmetries :math:`(x, w) \\mapsto (x^{-1}, w^{-1})`,
   :math:`(w_0xw_0, w_0ww_0)` (poset automorphisms that preserve :math:`P`; that they do is
   re-checked on every pair);
2. cheap invariants bucket the rest: length, size, number of covering relations and a
   Weisfeiler--Lehman hash of the directed Hasse diagram;
3. inside a bucket with more than one interval, an exact test: nauty's canonical form of the
   Hasse diagram with vertices coloured by rank (``pynauty``), or networkx's VF2 matcher. For a
   graded poset with a least element, isomorphisms of the rank-coloured undirected Hasse
   diagram are exactly poset isomorphisms.

A violation is reported with both intervals, the isomorphism as a vertex map and both
polynomials, a witness that :func:`check_invariance_violation` re-checks from scratch.

References
----------
G. Lusztig; M. J. Dyer, *Hecke algebras and reflections in Coxeter groups*, PhD thesis, Sydney
(1987) (the conjecture). F. Brenti, "Kazhdan-Lusztig polynomials: history, problems, and
combinatorial invariance", Sém. Lothar. Combin. 49 (2003) B49b. C. Blundell, L. Buesing,
A. Davies, P. Veličković, G. Williamson, "Towards combinatorial invariance for Kazhdan-Lusztig
polynomials", Represent. Theory 26 (2022) 1145-1191, arXiv:2111.15161. B. D. McKay and
A. Piperno, "Practical graph isomorphism, II", J. Symbolic Comput. 60 (2014) 94-112,
doi:10.1016/j.jsc.2013.09.003 (nauty).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from conjectura.core.certificate import Verdict
from conjectura.core.validation import validate_choice, validate_int
from conjectura.domains.permutations.bruhat import as_permutation, bruhat_le
from conjectura.domains.permutations.kl import MAX_TABLE_N, kl_table
from conjectura.exceptions import InvalidParameterError, MissingDependencyError

__all__ = [
    "InvarianceViolation",
    "InvarianceReport",
    "combinatorial_invariance",
    "interval_isomorphism",
    "check_interval_isomorphism",
    "check_invariance_violation",
]

Perm = tuple[int, ...]


@dataclass(frozen=True)
class InvarianceViolation:
    """A witness against combinatorial invariance: isomorphic intervals with different polynomials.

    ``isomorphism`` lists pairs ``(u, phi(u))`` for every :math:`u \\in [x_1, w_1]`.
    """

    x1: Perm
    w1: Perm
    x2: Perm
    w2: Perm
    isomorphism: tuple[tuple[Perm, Perm], ...]
    poly1: tuple[int, ...]
    poly2: tuple[int, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "x1": list(self.x1),
            "w1": list(self.w1),
            "x2": list(self.x2),
            "w2": list(self.w2),
            "isomorphism": [[list(u), list(v)] for u, v in self.isomorphism],
            "poly1": list(self.poly1),
            "poly2": list(self.poly2),
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> InvarianceViolation:
        t = lambda s: tuple(int(v) for v in s)  # noqa: E731
        return cls(
            t(d["x1"]),
            t(d["w1"]),
            t(d["x2"]),
            t(d["w2"]),
            tuple((t(u), t(v)) for u, v in d["isomorphism"]),
            t(d["poly1"]),
            t(d["poly2"]),
        )


@dataclass(frozen=True)
class InvarianceReport:
    """The outcome of :func:`combinatorial_invariance` on :math:`S_n`.

    Attributes
    ----------
    intervals : int
        Intervals :math:`[x, w]` of :math:`S_n` with :math:`\\ell(w) - \\ell(x) \\ge` ``min_length``.
    representatives : int
        Intervals examined (one per symmetry orbit).
    buckets : int
        Distinct cheap-invariant keys.
    classes : int
        Poset isomorphism classes (exact).
    largest_class : dict
        Number of intervals in the largest class, its length, size, polynomial and an example.
    violations : tuple of InvarianceViolation
        Empty when every class has one polynomial.
    symmetry_failures : int
        Pairs where :math:`P_{x,w} \\ne P_{\\varphi x, \\varphi w}` for a symmetry :math:`\\varphi`
        (zero, as proved).
    """

    n: int
    min_length: int
    method: str
    intervals: int
    representatives: int
    buckets: int
    classes: int
    largest_class: dict
    by_length: dict
    violations: tuple[InvarianceViolation, ...]
    symmetry_failures: int
    seconds: float
    stages: dict = field(default_factory=dict)

    @property
    def holds(self) -> bool:
        """Whether every isomorphism class of intervals has a single polynomial."""
        return not self.violations and self.symmetry_failures == 0

    def to_dict(self) -> dict[str, Any]:
        from conjectura.core.jsonable import to_jsonable

        return to_jsonable(
            {
                "n": self.n,
                "min_length": self.min_length,
                "method": self.method,
                "holds": self.holds,
                "intervals": self.intervals,
                "representatives": self.representatives,
                "buckets": self.buckets,
                "classes": self.classes,
                "largest_class": self.largest_class,
                "by_length": self.by_length,
                "violations": [v.to_dict() for v in self.violations],
                "symmetry_failures": self.symmetry_failures,
                "seconds": self.seconds,
                "stages": self.stages,
            }
        )

    def table(self) -> str:
        lines = [
            f"combinatorial invariance in S_{self.n} (intervals of length >= {self.min_length}, {self.method})",
            f"  intervals            {self.intervals:>12,}",
            f"  examined (orbits)    {self.representatives:>12,}",
            f"  invariant buckets    {self.buckets:>12,}",
            f"  isomorphism classes  {self.classes:>12,}",
            f"  largest class        {self.largest_class.get('intervals', 0):>12,}  "
            f"(length {self.largest_class.get('length')}, {self.largest_class.get('size')} elements, "
            f"P = {self.largest_class.get('poly')})",
            f"  violations           {len(self.violations):>12,}",
            "  length  intervals  classes",
        ]
        for L, row in sorted(self.by_length.items()):
            lines.append(f"  {L:>6}  {row['intervals']:>9,}  {row['classes']:>7,}")
        lines.append(
            "every class has one polynomial" if self.holds else "VIOLATION: isomorphic intervals differ"
        )
        return "\n".join(lines)


# ----------------------------------------------------------------------------- exact checks
def _hasse(x: np.ndarray, w: np.ndarray) -> tuple[list[Perm], dict[Perm, int], set[tuple[Perm, Perm]]]:
    from conjectura.domains.permutations.bruhat import bruhat_graph_arrays

    els, lens, edges, _ = bruhat_graph_arrays(x, w)
    nodes = [tuple(int(v) for v in row) for row in els]
    covers = {(nodes[a], nodes[b]) for a, b in edges.tolist() if lens[b] - lens[a] == 1}
    return nodes, {u: int(l) for u, l in zip(nodes, lens.tolist())}, covers


def _interval_args(x1, w1, x2, w2, owner: str):
    out = []
    for name, v in (("x1", x1), ("w1", w1), ("x2", x2), ("w2", w2)):
        out.append(as_permutation(v, owner, name))
    return out


def check_interval_isomorphism(x1, w1, x2, w2, mapping) -> Verdict:
    """Is ``mapping`` a poset isomorphism :math:`[x_1, w_1] \\to [x_2, w_2]` (Bruhat order)?

    Decided from scratch: both intervals are enumerated, the map must be a bijection between
    them, and :math:`u \\lessdot v \\iff \\varphi(u) \\lessdot \\varphi(v)` for covering relations
    (which generate the order).

    Parameters
    ----------
    mapping : mapping or iterable of pairs
        :math:`u \\mapsto \\varphi(u)` in one-line notation.

    Examples
    --------
    >>> m = {(1, 2, 3): (1, 2, 3), (2, 1, 3): (1, 3, 2), (1, 3, 2): (2, 1, 3), (3, 1, 2): (2, 3, 1),
    ...      (2, 3, 1): (3, 1, 2), (3, 2, 1): (3, 2, 1)}
    >>> check_interval_isomorphism((1, 2, 3), (3, 2, 1), (1, 2, 3), (3, 2, 1), m).holds
    True
    """
    owner = "check_interval_isomorphism"
    try:
        x1, w1, x2, w2 = _interval_args(x1, w1, x2, w2, owner)
    except InvalidParameterError as err:
        return Verdict(False, str(err))
    for a, b, tag in ((x1, w1, "first"), (x2, w2, "second")):
        if a.size != b.size or not bruhat_le(a, b):
            return Verdict(False, f"the {tag} pair is not an interval: x is not <= w in Bruhat order.")
    try:
        pairs = list(mapping.items()) if isinstance(mapping, Mapping) else list(mapping)
        phi = {tuple(int(v) for v in u): tuple(int(v) for v in fu) for u, fu in pairs}
    except (TypeError, ValueError):
        return Verdict(False, "the mapping is not a list of (u, phi(u)) pairs of permutations.")
    if len(phi) != len(pairs):
        return Verdict(False, "the mapping lists some element twice.")
    n1, _, c1 = _hasse(x1, w1)
    n2, _, c2 = _hasse(x2, w2)
    if set(phi) != set(n1):
        return Verdict(False, f"the mapping's domain is not [x1, w1] ({len(n1)} elements).")
    if set(phi.values()) != set(n2) or len(n2) != len(n1):
        return Verdict(False, f"the mapping is not a bijection onto [x2, w2] ({len(n2)} elements).")
    image = {(phi[u], phi[v]) for u, v in c1}
    if image != c2:
        bad = next(iter((image - c2) or (c2 - image)))
        return Verdict(False, f"covering relations are not preserved, e.g. {bad}.")
    return Verdict(
        True,
        f"a poset isomorphism of intervals with {len(n1)} elements and {len(c1)} covering relations",
        {"size": len(n1), "covers": len(c1)},
    )


def check_invariance_violation(witness) -> Verdict:
    """Does ``witness`` refute combinatorial invariance? Exact, from scratch.

    It holds iff the map is a poset isomorphism :math:`[x_1, w_1] \\cong [x_2, w_2]`
    (:func:`check_interval_isomorphism`) and :math:`P_{x_1,w_1} \\ne P_{x_2,w_2}`, both
    recomputed on the intervals (:func:`~.kl_interval.kl_interval`); the polynomials stated in
    the witness must be the recomputed ones.

    Parameters
    ----------
    witness : InvarianceViolation or dict
        As in :meth:`InvarianceViolation.to_dict`.

    Examples
    --------
    >>> m = [((1, 2, 3), (1, 2, 3)), ((2, 1, 3), (2, 1, 3)), ((1, 3, 2), (1, 3, 2)),
    ...      ((2, 3, 1), (2, 3, 1)), ((3, 1, 2), (3, 1, 2)), ((3, 2, 1), (3, 2, 1))]
    >>> v = InvarianceViolation((1, 2, 3), (3, 2, 1), (1, 2, 3), (3, 2, 1), tuple(m), (1,), (1,))
    >>> check_invariance_violation(v).holds      # isomorphic, but the polynomials agree
    False
    """
    from conjectura.domains.permutations.kl_interval import kl_interval

    try:
        v = witness if isinstance(witness, InvarianceViolation) else InvarianceViolation.from_dict(witness)
    except (KeyError, TypeError, ValueError) as err:
        return Verdict(False, f"malformed witness: {err}")
    iso = check_interval_isomorphism(v.x1, v.w1, v.x2, v.w2, v.isomorphism)
    if not iso.holds:
        return Verdict(False, f"not an isomorphism: {iso.reason}")
    p1, p2 = kl_interval(v.x1, v.w1).poly, kl_interval(v.x2, v.w2).poly
    values = {"poly1": list(p1), "poly2": list(p2), **iso.values}
    if (p1, p2) != (tuple(v.poly1), tuple(v.poly2)):
        return Verdict(False, f"the stated polynomials are not P_(x1,w1) = {p1}, P_(x2,w2) = {p2}.", values)
    if p1 == p2:
        return Verdict(False, f"the intervals are isomorphic but both polynomials are {p1}.", values)
    return Verdict(True, f"[x1, w1] and [x2, w2] are isomorphic posets with P = {p1} != {p2}", values)


# ----------------------------------------------------------------------------- isomorphisms
def _pynauty():
    try:
        import pynauty
    except ImportError:
        return None
    return pynauty


def _method(method: str) -> str:
    method = validate_choice(method, "method", "combinatorial_invariance", ("auto", "nauty", "networkx"))
    if method == "auto":
        return "nauty" if _pynauty() is not None else "networkx"
    if method == "nauty" and _pynauty() is None:
        raise MissingDependencyError("method='nauty' needs pynauty: pip install 'conjectura[kl]'.")
    return method


def _nauty_graph(k: int, ranks: np.ndarray, edges: np.ndarray):
    pn = _pynauty()
    adj: dict[int, list[int]] = {i: [] for i in range(k)}
    for a, b in edges.tolist():
        adj[a].append(b)
    cells: dict[int, set[int]] = {}
    for i, r in enumerate(ranks.tolist()):
        cells.setdefault(r, set()).add(i)
    coloring = [cells[r] for r in sorted(cells)]
    return pn.Graph(k, directed=False, adjacency_dict=adj, vertex_coloring=coloring)


def _nx_graph(k: int, edges: np.ndarray):
    import networkx as nx

    G = nx.DiGraph()
    G.add_nodes_from(range(k))
    G.add_edges_from(edges.tolist())
    return G


def interval_isomorphism(x1, w1, x2, w2, *, method: str = "auto") -> dict[Perm, Perm] | None:
    """A poset isomorphism :math:`[x_1, w_1] \\to [x_2, w_2]` as a dict, or ``None`` if there is none.

    Exact (nauty canonical labelling or VF2); a map found is re-checked with
    :func:`check_interval_isomorphism` before it is returned.

    >>> m = interval_isomorphism((1, 2, 3), (2, 3, 1), (1, 2, 3), (3, 1, 2))
    >>> m[(1, 2, 3)], m[(2, 3, 1)]
    ((1, 2, 3), (3, 1, 2))
    """
    owner = "interval_isomorphism"
    x1, w1, x2, w2 = _interval_args(x1, w1, x2, w2, owner)
    method = _method(method)
    data = []
    for a, b in ((x1, w1), (x2, w2)):
        if a.size != b.size or not bruhat_le(a, b):
            raise InvalidParameterError(f"{owner} needs two intervals x <= w; got a pair that is not one.")
        nodes, lens, covers = _hasse(a, b)
        index = {u: i for i, u in enumerate(nodes)}
        edges = np.array([(index[u], index[v]) for u, v in covers], dtype=np.int64).reshape(-1, 2)
        ranks = np.array([lens[u] - lens[nodes[0]] for u in nodes])
        data.append((nodes, ranks, edges))
    (n1, r1, e1), (n2, r2, e2) = data
    if len(n1) != len(n2) or len(e1) != len(e2) or sorted(r1.tolist()) != sorted(r2.tolist()):
        return None
    if method == "nauty":
        mapping = _nauty_map(len(n1), r1, e1, r2, e2)
    else:
        from networkx.algorithms.isomorphism import DiGraphMatcher

        gm = DiGraphMatcher(_nx_graph(len(n1), e1), _nx_graph(len(n2), e2))
        mapping = gm.mapping if gm.is_isomorphic() else None
    if mapping is None:
        return None
    phi = {n1[a]: n2[b] for a, b in mapping.items()}
    if not check_interval_isomorphism(x1, w1, x2, w2, phi).holds:  # pragma: no cover - a nauty bug
        raise ArithmeticError(
            "interval_isomorphism: the canonical labelling gave a map that is not an isomorphism."
        )
    return phi


def _nauty_map(k, r1, e1, r2, e2) -> dict[int, int] | None:
    pn = _pynauty()
    g1, g2 = _nauty_graph(k, r1, e1), _nauty_graph(k, r2, e2)
    if pn.certificate(g1) != pn.certificate(g2):
        return None
    l1, l2 = pn.canon_label(g1), pn.canon_label(g2)
    # canon_label(g)[i] is the vertex of g placed at position i of the canonical form
    return {int(l1[i]): int(l2[i]) for i in range(k)}


# ----------------------------------------------------------------------------- the full check
def _up_covers(T) -> tuple[np.ndarray, np.ndarray]:
    """CSR of the upper covers :math:`u \\lessdot ut` of every element of :math:`S_n`."""
    els = T.elements.astype(np.int64)
    N, n = els.shape
    cols = []
    for i in range(n):
        for j in range(i + 1, n):
            a, b = els[:, i], els[:, j]
            mid = els[:, i + 1 : j]
            cover = (a < b) & ~np.any((mid > a[:, None]) & (mid < b[:, None]), axis=1)
            y = els.copy()
            y[:, [i, j]] = y[:, [j, i]]
            idx = np.where(cover, T.indices(y[np.arange(N)]) if N else 0, -1)
            cols.append(idx)
    M = np.stack(cols, axis=1) if cols else np.zeros((N, 0), dtype=np.int64)
    counts = (M >= 0).sum(axis=1)
    ptr = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
    return ptr, M[M >= 0].astype(np.int64)


def _report_progress(progress, stage: str, done: int, total: int) -> None:
    if progress is not None:
        progress(stage, done, total)


def combinatorial_invariance(
    n: int,
    *,
    min_length: int = 3,
    method: str = "auto",
    wl_rounds: int = 3,
    chunk_size: int = 200_000,
    progress: Callable[[str, int, int], None] | None = None,
) -> InvarianceReport:
    """Group all intervals of :math:`S_n` by poset isomorphism and check each class has one :math:`P_{x,w}`.

    Parameters
    ----------
    n : int
        :math:`1 \\le n \\le 8` (the table of all pairs is needed). :math:`S_7` takes about ten
        minutes of CPU; :math:`S_8` has about fifty times as many intervals, most of them larger.
    min_length : int, default 3
        Intervals of length :math:`\\le 2` are chains or diamonds with :math:`P = 1`.
    method : {"auto", "nauty", "networkx"}
        The exact isomorphism test: nauty canonical forms (``pynauty``) or VF2 (slower).
    wl_rounds : int, default 3
        Refinement rounds of the Weisfeiler--Lehman hash (affects speed only, never the result).
    chunk_size : int
        Intervals per compiled batch.
    progress : callable, optional
        Called as ``progress(stage, done, total)``.

    Returns
    -------
    InvarianceReport

    Examples
    --------
    >>> r = combinatorial_invariance(4)
    >>> r.intervals, r.classes, r.holds
    (68, 11, True)
    """
    owner = "combinatorial_invariance"
    n = validate_int(n, "n", owner, min_value=1, max_value=MAX_TABLE_N)
    min_length = validate_int(
        min_length, "min_length", owner, min_value=1, max_value=max(1, n * (n - 1) // 2)
    )
    wl_rounds = validate_int(wl_rounds, "wl_rounds", owner, min_value=0, max_value=20)
    chunk_size = validate_int(chunk_size, "chunk_size", owner, min_value=1)
    method = _method(method)
    from conjectura.domains.permutations.kl import _kernels

    K = _kernels()
    t0 = time.perf_counter()
    stages = {}
    T = kl_table(n)
    stages["table"] = time.perf_counter() - t0
    length = T.tables["length"]
    rx, rw, rwt, rp, fails = K.orbit_representatives(
        T.indptr, T.cols, T.vals, length, T.tables["inv"], T.tables["conj"], min_length
    )
    m = int(rx.shape[0])
    lower, upper = K.interval_bitsets(T.indptr, T.cols)
    cov_ptr, cov = _up_covers(T)
    stages["representatives"] = time.perf_counter() - t0 - stages["table"]
    size = np.empty(m, np.int32)
    nedge = np.empty(m, np.int32)
    hsh = np.empty(m, np.uint64)
    for a in range(0, m, chunk_size):
        b = min(a + chunk_size, m)
        size[a:b], nedge[a:b], hsh[a:b] = K.interval_hashes(
            rx[a:b], rw[a:b], lower, upper, length, cov_ptr, cov, wl_rounds
        )
        _report_progress(progress, "invariants", b, m)
    stages["invariants"] = time.perf_counter() - t0 - sum(stages.values())
    ilen = (length[rw] - length[rx]).astype(np.int64)
    order = np.lexsort((hsh, nedge, size, ilen))
    keys = np.stack([ilen[order], size[order], nedge[order], hsh[order].view(np.int64)], axis=1)
    new = np.ones(m, dtype=bool)
    if m:
        new[1:] = np.any(keys[1:] != keys[:-1], axis=1)
    bucket_sorted = np.cumsum(new) - 1
    bucket = np.empty(m, dtype=np.int64)
    bucket[order] = bucket_sorted
    nb = int(bucket_sorted[-1] + 1) if m else 0
    bsize = np.bincount(bucket, minlength=nb)
    # exact classes inside the buckets with more than one interval
    cls = np.full(m, -1, dtype=np.int64)
    single = bsize[bucket] == 1
    cls[single] = np.arange(int(single.sum()))
    next_class = int(single.sum())
    multi = np.flatnonzero(~single)
    multi = multi[np.argsort(bucket[multi], kind="stable")]
    certs: dict[tuple, int] = {}
    graphs: dict[int, Any] = {}  # class id -> (member, nx graph) for VF2
    by_bucket: dict[int, list[int]] = {}
    same: dict[tuple, int] = {}
    current = -1
    done = 0
    # the diagrams of a batch live in memory at once, and the longest intervals come last
    batch = max(1, min(chunk_size, 20_000))
    for a in range(0, len(multi), batch):
        sel = multi[a : a + batch]
        node_ptr, nodes, edge_ptr, edges = K.hasse_diagrams(
            rx[sel], rw[sel], lower, upper, length, cov_ptr, cov
        )
        for j, r in enumerate(sel.tolist()):
            k = int(node_ptr[j + 1] - node_ptr[j])
            ranks = (length[nodes[node_ptr[j] : node_ptr[j + 1]]] - length[rx[r]]).astype(np.int8)
            e = edges[edge_ptr[j] : edge_ptr[j + 1]]
            bkey = int(bucket[r])
            if bkey != current:  # classes never span buckets: keep only this bucket's keys
                current = bkey
                same.clear()
                certs.clear()
                graphs.clear()
                by_bucket.clear()
            # identical labelled diagrams (vertices in index order) are isomorphic by the identity
            exact = (bkey, ranks.tobytes(), e.tobytes())
            c = same.get(exact)
            if c is not None:
                cls[r] = c
                continue
            if method == "nauty":
                key = (
                    bkey,
                    tuple(np.bincount(ranks).tolist()),
                    _pynauty().certificate(_nauty_graph(k, ranks, e)),
                )
                c = certs.get(key)
                if c is None:
                    c = certs[key] = next_class
                    next_class += 1
            else:
                from networkx import is_isomorphic

                G = _nx_graph(k, e)
                c = None
                for c0 in by_bucket.get(bkey, []):
                    if is_isomorphic(G, graphs[c0]):
                        c = c0
                        break
                if c is None:
                    c = next_class
                    next_class += 1
                    graphs[c] = G
                    by_bucket.setdefault(bkey, []).append(c)
            cls[r] = c
            same[exact] = c
        done += len(sel)
        _report_progress(progress, "isomorphism", done, len(multi))
    stages["isomorphism"] = time.perf_counter() - t0 - sum(stages.values())
    n_classes = next_class
    weight = rwt.astype(np.int64)
    class_intervals = np.bincount(cls, weights=weight, minlength=n_classes).astype(np.int64)
    # polynomials per class
    order = np.lexsort((rp, cls))
    c_sorted, p_sorted = cls[order], rp[order]
    violations = []
    if m:
        starts = np.flatnonzero(np.r_[True, c_sorted[1:] != c_sorted[:-1]])
        ends = np.r_[starts[1:], m]
        mixed = [(s, e) for s, e in zip(starts.tolist(), ends.tolist()) if p_sorted[s] != p_sorted[e - 1]]
        for s, e in mixed:
            r1 = int(order[s])
            r2 = int(order[e - 1])
            violations.append(_witness(T, int(rx[r1]), int(rw[r1]), int(rx[r2]), int(rw[r2]), method))
    big = int(np.argmax(class_intervals)) if n_classes else -1
    largest: dict[str, Any] = {}
    if big >= 0:
        r = int(np.flatnonzero(cls == big)[0])
        largest = {
            "intervals": int(class_intervals[big]),
            "length": int(ilen[r]),
            "size": int(size[r]),
            "covers": int(nedge[r]),
            "poly": list(T.poly_index(int(rx[r]), int(rw[r]))),
            "example": [T.elements[rx[r]].tolist(), T.elements[rw[r]].tolist()],
        }
    by_length = {}
    for L in np.unique(ilen).tolist():
        sel = ilen == L
        by_length[int(L)] = {
            "intervals": int(weight[sel].sum()),
            "classes": int(np.unique(cls[sel]).size),
        }
    stages["polynomials"] = time.perf_counter() - t0 - sum(stages.values())
    return InvarianceReport(
        n=n,
        min_length=min_length,
        method=method,
        intervals=int(weight.sum()),
        representatives=m,
        buckets=nb,
        classes=n_classes,
        largest_class=largest,
        by_length=by_length,
        violations=tuple(violations),
        symmetry_failures=int(fails),
        seconds=time.perf_counter() - t0,
        stages={k: round(v, 3) for k, v in stages.items()},
    )


def _witness(T, x1: int, w1: int, x2: int, w2: int, method: str) -> InvarianceViolation:
    e = lambda i: tuple(int(v) for v in T.elements[i])  # noqa: E731
    phi = interval_isomorphism(e(x1), e(w1), e(x2), e(w2), method=method)
    if phi is None:  # pragma: no cover - classes are exact
        raise ArithmeticError("combinatorial_invariance: members of one class are not isomorphic.")
    return InvarianceViolation(
        e(x1), e(w1), e(x2), e(w2), tuple(sorted(phi.items())), T.poly_index(x1, w1), T.poly_index(x2, w2)
    )
