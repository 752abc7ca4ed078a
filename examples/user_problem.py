"""A user-defined conjecture in a few lines: an exact verifier, a batched score, one name.

"Every graph on 8 vertices with at least 13 edges contains a triangle." False: Mantel's
theorem allows floor(n^2/4) = 16 edges without a triangle (K_{4,4}). With min_edges=17 the
statement *is* Mantel's theorem, and the search ends with "not found within budget" (which
proves nothing, but agrees).

Run it as a script, or load it into the CLI, which then knows ``mine/triangle-free``:

    python examples/user_problem.py
    conjectura --import examples/user_problem.py search mine/triangle-free -p min_edges=13 --out c.json
    conjectura --import examples/user_problem.py verify c.json

References: W. Mantel, "Problem 28", Wiskundige Opgaven 10 (1907) 60-61.
"""

import networkx as nx
import numpy as np

import conjectura as cj
from conjectura.domains.graphs import graph_problem, words_to_adjacency


def triangles(G: nx.Graph) -> int:
    return sum(nx.triangles(G).values()) // 3


@cj.register_problem("mine/triangle-free", description="a triangle-free graph with min_edges edges")
def triangle_free_problem(n: int = 8, min_edges: int = 13) -> cj.SearchProblem:
    def verify(G: nx.Graph) -> cj.Verdict:  # exact: integers only
        m, t = G.number_of_edges(), triangles(G)
        return cj.Verdict(m >= min_edges and t == 0, f"{m} edges, {t} triangles", {"edges": m})

    def scores(Z: np.ndarray, n: int) -> np.ndarray:  # a whole population at once
        A = words_to_adjacency(Z, n).astype(np.int64)
        t = np.einsum("bij,bjk,bki->b", A, A, A) // 6  # trace(A^3) / 6 triangles
        m = A.sum(axis=(1, 2)) // 2
        # >= 0 (the threshold that sends a candidate to verify) exactly for a counterexample
        return (-(t + np.maximum(0, min_edges - m))).astype(float)

    return graph_problem(
        claim=f"Some graph with {min_edges}+ edges has no triangle.",
        n=n,
        verify=verify,
        batch_scores=scores,
        connected=False,  # the claim does not ask for connected graphs
        min_n=2,
    )


if __name__ == "__main__":
    for k in (13, 17):
        problem = cj.get_problem("mine/triangle-free", min_edges=k)
        result = cj.search(problem, "local", budget="5s", seed=0)
        print(k, result.message, result.certificate.witness_data if result.found else result.best_data)
