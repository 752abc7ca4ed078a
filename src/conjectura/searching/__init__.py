"""Search for counterexamples and constructions: engines behind ask/tell, one loop, certificates.

The package holds the engines (:mod:`~conjectura.searching.local`, :mod:`~.cem`,
:mod:`~.random_search`, :mod:`~.nested`, :mod:`~.nrpa`), the loop :func:`search` and parallel islands
(:func:`search_islands`). The function is exported at the top level as ``conjectura.search``:

>>> import conjectura as cj
>>> result = cj.search("graphs/wagner-2.1", "local", problem_params={"n": 19}, budget="60s")  # doctest: +SKIP
>>> result.certificate.witness_data                                                     # doctest: +SKIP
"""

from conjectura.searching.budget import Budget, parse_budget
from conjectura.searching.cem import CrossEntropy
from conjectura.searching.config import SearchConfig
from conjectura.searching.construct import ConstructionResult, construct
from conjectura.searching.engines import make_engine, resolve_problem
from conjectura.searching.local import LocalSearch
from conjectura.searching.loop import Progress, SearchResult, search
from conjectura.searching.minimize import minimize_witness
from conjectura.searching.nested import AdaptiveMonteCarlo, NestedMonteCarlo
from conjectura.searching.nrpa import NestedRolloutPolicy
from conjectura.searching.random_search import RandomSearch

__all__ = [
    "search",
    "SearchResult",
    "SearchConfig",
    "Progress",
    "Budget",
    "parse_budget",
    "RandomSearch",
    "CrossEntropy",
    "LocalSearch",
    "NestedMonteCarlo",
    "AdaptiveMonteCarlo",
    "NestedRolloutPolicy",
    "minimize_witness",
    "make_engine",
    "resolve_problem",
    "search_islands",
    "construct",
    "ConstructionResult",
]


def __getattr__(name):
    if name == "search_islands":
        from conjectura.searching.islands import search_islands

        return search_islands
    raise AttributeError(f"module 'conjectura.searching' has no attribute {name!r}")
