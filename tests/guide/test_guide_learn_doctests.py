"""The examples in the docstrings of the learning modules of the guide layer run and give what they say."""

import doctest
import importlib

import pytest

MODULES = [
    "conjectura.guide.checkpoint",
    "conjectura.guide.env",
    "conjectura.guide.nets",
    "conjectura.guide.ppo",
    "conjectura.guide.cost_to_go",
    "conjectura.domains.braids.features",
]


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name):
    res = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert res.failed == 0
