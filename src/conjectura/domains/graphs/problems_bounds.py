r"""``graphs/bound``: refute an inequality between graph invariants, rebuilt from its text.

A conjectured bound such as ``independence_number <= order - matching_number`` is written
over the names of :data:`~conjectura.domains.graphs.catalogue.GRAPH_INVARIANTS` with one
comparison and exact rational constants; it concerns the connected graphs on at least 3
vertices on which every invariant it uses is defined. The problem looks for a graph on which
it fails:

* **score** (heuristic, batched over a population of words): the violation margin
  ``lhs - rhs`` (for ``<=``; ``rhs - lhs`` for ``>=``) from the batched float invariants, minus
  :data:`SCORE_SLACK`, so only candidates that violate the bound by more than rounding are sent
  to the verifier; disconnected graphs score ``-1000 - components``;
* **verifier** (exact): the invariants' exact twins (integers, Fractions, algebraic numbers,
  sums of square roots) and the exact sign of the margin
  (:func:`conjectura.exact.expressions.exact_signs`): rational arithmetic, certified intervals,
  and an exact algebraic zero test at ties.

The problem is determined by its parameters ``{"relation", "n"}``, so a certificate is re-checked
by ``conjectura verify`` from its JSON alone; the relation is parsed safely (Python's ``ast``
with a whitelist, never ``eval``).

>>> import conjectura as cj
>>> p = cj.get_problem("graphs/bound", relation="independence_number <= order - matching_number", n=9)
>>> import networkx as nx
>>> p.verify(nx.star_graph(5)).holds           # 5 <= 6 - 1 holds with equality: no counterexample
False
"""

from __future__ import annotations

import dataclasses
import functools

import networkx as nx
import numpy as np

from conjectura.core.certificate import Verdict
from conjectura.core.problem import SearchProblem
from conjectura.core.registry import register_problem
from conjectura.core.validation import validate_int
from conjectura.domains.graphs import batch as B
from conjectura.domains.graphs.catalogue import GRAPH_INVARIANTS, batch_invariants, invariant_names
from conjectura.domains.graphs.conjectures import connected_or_verdict
from conjectura.domains.graphs.factory import graph_problem
from conjectura.exceptions import InvalidParameterError

__all__ = ["bound_problem", "check_bound", "bound_scores", "parse_bound", "SCORE_SLACK"]

#: Scores are the float violation margin minus this, so ties (margin 0 up to rounding) are not
#: sent to the exact verifier; a real counterexample to a bound with rational constants and
#: rational invariants violates it by at least 1/denominator.
SCORE_SLACK = 1e-7
_NAME = "graphs/bound"


@dataclasses.dataclass(frozen=True)
class ParsedBound:
    """A bound ``lhs OP rhs`` as ``g >= 0`` (or ``g > 0`` when strict), over invariant names."""

    relation: str
    op: str
    g: object  # sympy expression
    names: tuple[str, ...]
    strict: bool


@functools.lru_cache(maxsize=256)
def parse_bound(relation: str) -> ParsedBound:
    """Parse ``relation`` over the graph invariants; ``==`` is not a bound and is refused.

    >>> parse_bound("independence_number >= order - 2*matching_number").names
    ('independence_number', 'matching_number', 'order')
    """
    from conjectura.learn.relations import parse_relation

    if not isinstance(relation, str):
        raise InvalidParameterError(
            f"The 'relation' parameter of {_NAME} must be a string. Got {type(relation).__name__} instead."
        )
    lhs, op, rhs, symbols = parse_relation(relation, invariant_names(), constant=None)
    if op == "==":
        raise InvalidParameterError(
            f"The 'relation' parameter of {_NAME} must be an inequality (<=, <, >=, >). Got {relation!r} instead."
        )
    g = rhs - lhs if op in ("<=", "<") else lhs - rhs
    if not symbols:
        raise InvalidParameterError(f"The relation {relation!r} uses no graph invariant.")
    return ParsedBound(relation, op, g, tuple(sorted(symbols)), op in ("<", ">"))


def _exact_value_json(v):
    from fractions import Fraction

    from conjectura.exact import RealAlgebraic

    if isinstance(v, (int, Fraction)):
        return str(v)
    if isinstance(v, RealAlgebraic):
        r = v.rational()
        return str(r) if r is not None else v.to_json()
    return str(v)


def check_bound(G: nx.Graph, relation: str) -> Verdict:
    r"""Does the connected graph ``G`` refute the bound ``relation``? Decided exactly.

    ``holds`` is True iff every invariant the relation uses is defined on ``G`` and the
    relation is false on ``G``: for ``lhs <= rhs`` iff :math:`\mathrm{lhs}(G) > \mathrm{rhs}(G)`,
    exactly. A tie, an undefined invariant, or a sign that exact arithmetic could not settle is
    not a counterexample.

    Examples
    --------
    >>> check_bound(nx.path_graph(4), "independence_number <= max_degree").holds  # 2 <= 2
    False
    >>> check_bound(nx.star_graph(4), "independence_number <= 3*min_degree").holds  # 4 > 3
    True
    """
    from conjectura.exact.expressions import ExactColumn, exact_signs

    pb = parse_bound(relation)
    bad = connected_or_verdict(G, 3, f"The bound {relation}")
    if bad is not None:
        return bad
    values = {name: GRAPH_INVARIANTS[name].exact(G) for name in pb.names}
    undefined = [name for name, v in values.items() if v is None]
    shown = {name: _exact_value_json(v) for name, v in values.items() if v is not None}
    shown["n"] = G.number_of_nodes()
    if undefined:
        return Verdict(
            False, f"{', '.join(undefined)} undefined on this graph; the bound does not apply.", shown
        )
    cols = {name: ExactColumn.from_values([v]) for name, v in values.items()}
    res = exact_signs(pb.g, cols)
    approx = {name: float(v) for name, v in values.items()}
    from conjectura.exact.expressions import float_values

    margin = float(float_values(pb.g, {k: np.array([x]) for k, x in approx.items()}, 1)[0])
    shown["slack_approx"] = f"{margin:.12g}"
    if res.undefined[0]:
        return Verdict(
            False, "the bound is undefined on this graph (division by zero, log of 0, ...).", shown
        )
    if res.undecided[0]:
        return Verdict(False, "exact arithmetic could not settle the sign; not a counterexample.", shown)
    s = int(res.sign[0])
    fails = s < 0 or (s == 0 and pb.strict)
    word = {1: "holds strictly", 0: "holds with equality", -1: "fails"}[s]
    if pb.strict and s == 0:
        word = "fails (equality in a strict bound)"
    vals = ", ".join(f"{k} = {v}" for k, v in shown.items() if k not in ("slack_approx", "n"))
    shown["relation_sign"] = s
    return Verdict(fails, f"{relation} {word} on this graph (n = {G.number_of_nodes()}): {vals}", shown)


def bound_scores(Z: np.ndarray, n: int, relation: str) -> np.ndarray:
    """Violation margins (floats) of ``relation`` on a population of words; see the module."""
    from conjectura.exact.expressions import float_values

    pb = parse_bound(relation)
    A = B.words_to_adjacency(Z, n)
    out = np.empty(len(A))
    comp = B.components_count(A)
    ok = comp == 1
    out[~ok] = B.PENALTY - comp[~ok]
    if ok.any():
        env = batch_invariants(A[ok], pb.names)
        g = float_values(pb.g, env, int(ok.sum()))
        out[ok] = np.where(np.isfinite(g), -g - SCORE_SLACK, B.PENALTY / 2)
    return out


@register_problem(
    _NAME,
    description="a conjectured inequality between graph invariants (written as text), "
    "refuted by a connected graph on which it fails exactly",
)
def bound_problem(relation: str, n: int = 10) -> SearchProblem:
    r"""Search for a connected graph on ``n`` vertices on which ``relation`` fails.

    Parameters
    ----------
    relation : str
        One inequality over the invariant names of
        :data:`~conjectura.domains.graphs.catalogue.GRAPH_INVARIANTS`, e.g.
        ``"independence_number <= order - matching_number"``; decimal and fractional constants
        are read exactly.
    n : int, default 10
        Number of vertices of the searched graphs (``n >= 3``); the verifier accepts a
        (simplified) witness on any number of vertices.

    See Also
    --------
    check_bound : the exact verifier.
    """
    n = validate_int(n, "n", _NAME, min_value=3)
    pb = parse_bound(relation)
    return graph_problem(
        claim=f"There is a connected graph G on at least 3 vertices on which the conjectured bound "
        f"{pb.relation} fails (decided exactly).",
        n=n,
        batch_scores=lambda Z, m: bound_scores(Z, m, pb.relation),
        verify=lambda G: check_bound(G, pb.relation),
        min_n=3,
        description=f"Connected graphs violating {pb.relation}.",
        reference="conjectures proposed by conjectura's conjecture() on a table of graphs",
    )
