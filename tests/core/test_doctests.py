"""The examples in the docstrings of the registry, rule and graph-problem modules run."""

import doctest
import importlib

import pytest

MODULES = [
    "conjectura.core.registry",
    "conjectura.core.rules",
    "conjectura.core.task",
    "conjectura.core.verdict",
    "conjectura.core.validation",
    "conjectura.learn.rules",
    "conjectura.domains.graphs.encoding",
    "conjectura.domains.graphs.factory",
    "conjectura.domains.integers.rules",
    "conjectura.domains.curves.rules",
    "conjectura.domains.knots.rules",
    "conjectura.domains.knots.features",
]


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name):
    res = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert res.failed == 0 and res.attempted > 0
