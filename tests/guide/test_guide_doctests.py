"""The examples in the docstrings of the guide layer and the braid domain run and give what they say."""

import doctest
import importlib

import pytest

MODULES = [
    "conjectura.guide.game",
    "conjectura.guide.baselines",
    "conjectura.guide.best_first",
    "conjectura.guide.evaluate",
    "conjectura.guide.policies",
    "conjectura.guide.environments",
    "conjectura.domains.braids.words",
    "conjectura.domains.braids.moves",
    "conjectura.domains.braids.normal_form",
    "conjectura.domains.braids.invariants",
    "conjectura.domains.braids.instances",
    "conjectura.domains.braids.game",
    "conjectura.domains.braids.certificate",
    "conjectura.domains.braids.replay",
    "conjectura.domains.braids.problems",
    "conjectura.domains.braids.environment",
]


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name):
    res = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert res.failed == 0
