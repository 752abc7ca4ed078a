"""The examples in the docstrings of the construction modules run."""

import doctest
import importlib

import pytest

MODULES = [
    "conjectura.core.construction",
    "conjectura.domains.graphs.c4_free",
    "conjectura.domains.graphs.c4_anneal",
    "conjectura.domains.graphs.constructions",
    "conjectura.domains.integers.sidon",
    "conjectura.domains.integers.constructions",
    "conjectura.domains.grids.lines",
    "conjectura.domains.grids.constructions",
    "conjectura.searching.construct",
    "conjectura.searching.transformer",
]


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name):
    res = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert res.failed == 0 and res.attempted > 0
