"""The examples in the docstrings of the search modules run and give what they say."""

import doctest
import importlib

import pytest

MODULES = [
    "conjectura.searching.budget",
    "conjectura.searching.config",
    "conjectura.searching.engines",
    "conjectura.searching.loop",
    "conjectura.store.state",
    "conjectura.store.paths",
    "conjectura.store.db",
    "conjectura.cli.search",
    "conjectura.domains.graphs.batch",
    "conjectura.domains.graphs.problems_agx",
]


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name):
    res = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert res.failed == 0 and res.attempted > 0
