"""The examples in the docstrings of the learn, interpret and report modules run as written."""

import doctest
import importlib

import pytest

MODULES = [
    "conjectura.learn.evaluation",
    "conjectura.learn.generalisation",
    "conjectura.learn.relations",
    "conjectura.learn.splits",
    "conjectura.learn.study",
    "conjectura.learn.sweep",
    "conjectura.learn.graphs",
    "conjectura.interpret.graphs",
]


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name):
    res = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert res.failed == 0 and res.attempted > 0
