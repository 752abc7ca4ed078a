"""A user-defined conjecture in about ten lines: score, exact verifier, encoding; same engines.

"Every graph on 8 vertices with at least 13 edges contains a triangle." False: Mantel's theorem
allows floor(n^2/4) = 16 edges without a triangle. With min_edges=17 the statement *is* Mantel's
theorem, and the search ends with "not found within budget" (which proves nothing, but agrees).

Run: python examples/user_problem.py
"""

import networkx as nx

import conjectura as cj
from conjectura.domains.graphs import from_graph6, to_graph6
from conjectura.domains.graphs.encoding import upper_triangle_encoding


def triangle_free_problem(n: int = 8, min_edges: int = 13) -> cj.SearchProblem:
    def triangles(G):
        return sum(nx.triangles(G).values()) // 3

    return cj.SearchProblem(
        name="mine/triangle-free",
        claim=f"Some graph with {min_edges}+ edges has no triangle.",
        encoding=upper_triangle_encoding(n),  # 0/1 upper triangle
        score=lambda G: -triangles(G) - max(0, min_edges - G.number_of_edges()),  # float heuristic
        verify=lambda G: cj.Verdict(
            G.number_of_edges() >= min_edges and triangles(G) == 0,  # exact
            f"{G.number_of_edges()} edges, {triangles(G)} triangles",
        ),
        serialize=to_graph6,
        deserialize=from_graph6,
        params={"n": n, "min_edges": min_edges},
    )


if __name__ == "__main__":
    for k in (13, 17):
        result = cj.search(triangle_free_problem(min_edges=k), "local", budget="5s", seed=0)
        print(k, result.message, result.certificate.witness_data if result.found else result.best_data)
