"""The examples in the docstrings of the theory modules run and give what they say."""

import doctest
import importlib

import pytest

MODULES = [
    "conjectura.theory",
    "conjectura.theory.kernels",
    "conjectura.theory.ensemble",
    "conjectura.theory.correlators",
    "conjectura.theory.finite_width",
    "conjectura.theory.free_field",
    "conjectura.theory.ntk",
    "conjectura.theory.studies",
]


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name):
    res = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert res.failed == 0 and res.attempted > 0
