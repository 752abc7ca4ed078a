"""The examples in the docstrings of the Bruhat and Kazhdan-Lusztig modules run and hold."""

import doctest
import importlib

import pytest

MODULES = [
    "conjectura.domains.permutations.bruhat",
    "conjectura.domains.permutations.kl",
    "conjectura.domains.permutations.kl_interval",
    "conjectura.domains.permutations.invariance",
    "conjectura.domains.permutations.kl_dataset",
    "conjectura.domains.permutations.invariance_problem",
]


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name):
    res = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert res.attempted > 0 and res.failed == 0
