"""The examples in the docstrings of the conjecturing, exact and graph modules run as written."""

import doctest
import importlib

import pytest

MODULES = [
    "conjectura.conjecturing.propose",
    "conjectura.conjecturing.linear",
    "conjectura.conjecturing.terms",
    "conjectura.conjecturing.scan",
    "conjectura.exact.expressions",
    "conjectura.exact.surdsum",
    "conjectura.domains.graphs.classical",
    "conjectura.domains.graphs.enumeration",
    "conjectura.domains.graphs.problems_bounds",
]


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name):
    res = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert res.failed == 0 and res.attempted > 0
