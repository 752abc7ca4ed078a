"""The built-in search engines, registered by name.

=========  =====================================================================
``random``  independent random words: the baseline every benchmark reports
``cem``     Wagner's deep cross-entropy method (PyTorch), batched sampling
``local``   hill climbing / annealing over flips and swaps, restarts, many walkers
=========  =====================================================================

A user's engine subclasses :class:`conjectura.SearchEngine` and is passed to
:func:`conjectura.search` directly, or registered with :func:`conjectura.register_engine`.
"""

from __future__ import annotations

from conjectura.core.registry import register_engine
from conjectura.search.cem import CrossEntropy
from conjectura.search.local import LocalSearch
from conjectura.search.random_search import RandomSearch

__all__ = ["RandomSearch", "CrossEntropy", "LocalSearch", "ENGINES"]

ENGINES = {"random": RandomSearch, "cem": CrossEntropy, "local": LocalSearch}

register_engine("random", RandomSearch, description="Independent random words; the honest baseline.")
register_engine(
    "cem",
    CrossEntropy,
    description="Wagner's deep cross-entropy method (arXiv:2104.14516), batched in PyTorch.",
)
register_engine(
    "local",
    LocalSearch,
    description="Batched hill climbing / annealing over letter flips and swaps with restarts.",
)
