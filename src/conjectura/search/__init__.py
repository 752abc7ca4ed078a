"""Search for counterexamples and constructions: engines behind ask/tell, one loop, certificates.

>>> import conjectura as cj
>>> result = cj.search("graphs/wagner-2.1", "local", problem_params={"n": 19}, budget="60s")  # doctest: +SKIP
>>> result.certificate.witness_data                                                     # doctest: +SKIP
"""

from conjectura.search.budget import Budget, parse_budget
from conjectura.search.cem import CrossEntropy
from conjectura.search.local import LocalSearch
from conjectura.search.loop import Progress, SearchResult, make_engine, resolve_problem, search
from conjectura.search.minimize import minimize_witness
from conjectura.search.random_search import RandomSearch

__all__ = [
    "search",
    "SearchResult",
    "Progress",
    "Budget",
    "parse_budget",
    "RandomSearch",
    "CrossEntropy",
    "LocalSearch",
    "minimize_witness",
    "make_engine",
    "resolve_problem",
    "search_islands",
]


def __getattr__(name):
    if name == "search_islands":
        from conjectura.search.islands import search_islands

        return search_islands
    raise AttributeError(f"module 'conjectura.search' has no attribute {name!r}")


# ``conjectura.search`` is both this package and the function (``cj.search(...)``): once the
# package is imported, Python binds the attribute ``conjectura.search`` to the module, so the
# module itself forwards calls to :func:`search`.
import sys as _sys  # noqa: E402
import types as _types  # noqa: E402


class _CallableModule(_types.ModuleType):
    def __call__(self, *args, **kwargs):
        return search(*args, **kwargs)


_sys.modules[__name__].__class__ = _CallableModule
