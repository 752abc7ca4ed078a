"""conjecture(): every proposed relation is exactly true on its table (re-checked row by row by
an independent path: the invariants recomputed from each graph, sympy's exact arithmetic), the
ranking and the Dalmatian selection, measured doubles, and bad input."""

from fractions import Fraction

import numpy as np
import pandas as pd
import pytest
import sympy as sp

from conjectura.conjecturing import conjecture
from conjectura.domains.graphs.catalogue import GRAPH_INVARIANTS
from conjectura.domains.graphs.io import from_graph6
from conjectura.exact import RealAlgebraic
from conjectura.exceptions import InvalidParameterError
from conjectura.learn.relations import parse_relation

SMALL = {"max_n": 6}  # the 141 connected graphs on 3..6 vertices: built in seconds


@pytest.fixture(scope="module")
def graph_home(tmp_path_factory):
    mp = pytest.MonkeyPatch()
    mp.setenv("CONJECTURA_HOME", str(tmp_path_factory.mktemp("home")))
    yield
    mp.undo()


def _sympy(v):
    if isinstance(v, (int, Fraction)):
        return sp.Rational(v.numerator, v.denominator) if isinstance(v, Fraction) else sp.Integer(v)
    if isinstance(v, RealAlgebraic):
        x = sp.Symbol("x")
        poly = sp.Poly([int(c) for c in reversed(v.poly.coeffs())], x)
        roots = poly.real_roots()
        return min(roots, key=lambda r: abs(float(r.evalf(30)) - float(v)))
    return v.to_sympy()  # SurdSum


def _independent_check(result, frame):
    """Recompute each relation on every graph from scratch; return the tight rows found."""
    names = list(GRAPH_INVARIANTS)
    for c in result:
        lhs, op, rhs, symbols = parse_relation(c.relation, names, constant=None)
        tight, tested = [], 0
        for i, g6 in enumerate(frame["graph6"]):
            G = from_graph6(g6)
            vals = {s: GRAPH_INVARIANTS[s].exact(G) for s in symbols}
            if any(v is None for v in vals.values()):
                continue
            d = (rhs - lhs if op == "<=" else lhs - rhs).xreplace(
                {sym: _sympy(vals[name]) for name, sym in symbols.items()}
            )
            tested += 1
            if d.is_Rational:
                assert d >= 0, (c.relation, g6, d)
                if d == 0:
                    tight.append(i)
            else:
                val = sp.N(d, 60)
                assert val > -sp.Float("1e-45"), (c.relation, g6, val)
                if abs(val) < sp.Float("1e-45"):
                    tight.append(i)
        assert tested == c.n_tested, c.relation
        assert tight == c.tight_rows, c.relation


@pytest.fixture(scope="module")
def alpha_bounds(graph_home):
    return conjecture(
        "graphs/small-connected", params=SMALL, target="independence_number", symbolic=False, refute=False
    )


@pytest.mark.parametrize("target", ["independence_number", "spectral_radius"])
def test_every_proposed_relation_is_exactly_true_on_its_table(graph_home, alpha_bounds, target):
    from conjectura.domains.graphs.table import load_small_connected

    if target == "independence_number":
        res, max_n = alpha_bounds, 6
    else:  # an irrational target: certified intervals and exact algebraic ties (up to 5 vertices)
        res = conjecture(
            "graphs/small-connected",
            params={"max_n": 5},
            target=target,
            max_complexity=2,
            symbolic=False,
            refute=False,
        )
        max_n = 5
    assert len(res) >= 3
    _independent_check(res, load_small_connected(3, max_n))
    # ranked by tight rows; each kept bound is tight somewhere no earlier one of its direction is
    tights = [c.n_tight for c in res]
    assert tights == sorted(tights, reverse=True) and min(tights) >= 1
    for d in ("upper", "lower"):
        seen: set[int] = set()
        for c in sorted((c for c in res if c.direction == d), key=lambda c: c.selected):
            assert set(c.tight_rows) - seen
            seen |= set(c.tight_rows)


def test_known_theorems_are_among_the_proposals(alpha_bounds):
    res = alpha_bounds
    relations = {c.relation for c in res}
    # residue <= alpha (Favaron et al.), Gallai's alpha <= n - mu, Pepper's annihilation bound
    assert {
        "independence_number >= residue",
        "independence_number <= order - matching_number",
        "independence_number <= annihilation_number",
    } <= relations
    top = res[0]
    assert top.tight_objects[:3] == [res_frame_graph6(r) for r in top.tight_rows[:3]]
    assert res.label == "graph6" and all(len(c.tight_objects) <= 10 for c in res)


def res_frame_graph6(row):
    from conjectura.domains.graphs.table import load_small_connected

    return load_small_connected(3, 6)["graph6"].iloc[row]


def test_table_of_measured_doubles_rounds_constants_outward():
    rng = np.random.default_rng(3)
    x = rng.uniform(0, 10, 200)
    y = np.floor(x / 2 + rng.uniform(-1, 1, 200))  # signature-like: an integer near x/2
    t = pd.DataFrame({"name": [f"k{i}" for i in range(200)], "x": x, "y": y})
    res = conjecture(t, target="y", max_complexity=1, symbolic=False)
    assert len(res) >= 2
    for c in res:
        assert c.constant_exact is not None  # a double's binary rational, rounded for printing
        lhs, op, rhs, sym = parse_relation(c.relation, ["x", "y"], constant=None)
        g = rhs - lhs if op == "<=" else lhs - rhs
        for xi, yi in zip(x, y):
            d = g.xreplace({sym["x"]: sp.Rational(*xi.as_integer_ratio()), sym["y"]: sp.Integer(int(yi))})
            assert d.is_Rational and d >= 0
        assert c.n_tight >= 1 and all(o.startswith("k") for o in c.tight_objects)


def test_small_table_doctest_values():
    # the LP's bounds (least total slack) and, with the grid, y >= x + 1 tight at row 0 where
    # the LP's lower bound is not: the Dalmatian keeps it
    t = pd.DataFrame({"x": [1, 2, 3, 4, 5], "y": [2, 4, 5, 8, 10]})
    res = conjecture(t, target="y", symbolic=False, max_complexity=1, grid=False)
    assert [(c.relation, c.n_tight, c.tight_objects) for c in res] == [
        ("y <= 2*x", 4, ["row 0", "row 1", "row 3", "row 4"]),
        ("y >= 5/2*x - 5/2", 2, ["row 2", "row 4"]),
    ]
    res = conjecture(t, target="y", symbolic=False, max_complexity=1)
    assert [c.relation for c in res][-1] == "y >= x + 1" and res[-1].origin == "grid"
    d = res.to_dict()
    assert d["conjectures"][0]["verdict"] == "not searched" and d["counts"]["kept"] == 3


def test_csv_source(tmp_path):
    p = tmp_path / "t.csv"
    pd.DataFrame({"a": [1, 2, 3, 4], "b": [1, 4, 9, 16]}).to_csv(p, index=False)
    res = conjecture(str(p), target="b", symbolic=False)
    assert any(c.relation == "b >= a**2" or "a" in c.relation for c in res)
    assert res.source == "t.csv"


@pytest.mark.parametrize(
    ("kwargs", "needle"),
    [
        ({"target": "yy"}, "not a column"),
        ({"target": "y", "features": ["name"]}, "not numeric columns"),
        ({"target": "y", "features": ["y"]}, "cannot also be a feature"),
        ({"target": "y", "directions": ["up"]}, "'upper' or 'lower'"),
        ({"target": "y", "max_complexity": 4}, "max_complexity"),
        ({"target": "y", "refute": True}, "names no search problem"),
    ],
)
def test_bad_input(kwargs, needle):
    t = pd.DataFrame({"name": ["a", "b", "c"], "x": [1.0, 2.0, 3.0], "y": [1.0, 3.0, 2.0]})
    with pytest.raises(InvalidParameterError, match=needle):
        conjecture(t, symbolic=False, **kwargs)
