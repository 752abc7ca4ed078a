"""The examples in the docstrings of the qmc modules run and give what they say."""

import doctest
import importlib

import pytest

MODULES = [
    "conjectura.qmc",
    "conjectura.qmc.lattice",
    "conjectura.qmc.points",
    "conjectura.qmc.discrepancy",
    "conjectura.qmc.genz",
    "conjectura.qmc.integrate",
    "conjectura.qmc.study",
    "conjectura.qmc.sweep",
]


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name):
    res = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert res.failed == 0 and res.attempted > 0
