"""The README's own-construction example (examples/user_construction.py) works end to end."""

import importlib.util
from pathlib import Path

import conjectura as cj


def _load():
    path = Path(__file__).resolve().parents[2] / "examples" / "user_construction.py"
    spec = importlib.util.spec_from_file_location("user_construction_example", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_cap_set_example_finds_and_certifies_the_maximum():
    _load()
    p = cj.get_problem("mine/cap-set", n=3)
    assert p.claim == "There is a cap set in F_3^3 with size >= 9." and p.known == 9
    res = cj.search(p, "local", budget="60s", seed=0)
    assert res.found and len(res.witness) == 9
    back = cj.Certificate.from_json(res.certificate.to_json())
    assert back.verify().holds and "matches the known maximum 9" in back.verdict.reason
    # (0,0,0), (1,1,1), (2,2,2) is a line of F_3^3
    assert not p.verify({(0, 0, 0), (1, 1, 1), (2, 2, 2)}).holds
    # the batched score counts the full lines of the grid F_3^2: 12 of them
    q = cj.get_problem("mine/cap-set", n=2)
    assert q.scores([[1] * 9]).tolist() == [9 - 2 * 12]
