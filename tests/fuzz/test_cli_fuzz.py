"""Fuzzing of the command line: random arguments for ``search`` and ``learn``.

Property: the command exits 0, 1 or 2, never with a Python traceback, and a refusal (exit 2)
is exactly one line on stderr. Budgets and sizes are drawn small (a fuzzed ``--n 100000`` would
be a memory test, which the size checks of the engines cover), so every example is quick.
"""

from __future__ import annotations

import contextlib
import io
import os

import pytest
from hypothesis import given
from hypothesis import strategies as st

JUNK = st.sampled_from(
    ["", "[/x]", "[bold]b[/]", "nan", "inf", "-1", "0", "1e9", "x" * 300, "é", "--", "a=b"]
)


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    """A fresh home for the module, and a scratch working directory for files such as --out."""
    old, cwd = os.environ.get("CONJECTURA_HOME"), os.getcwd()
    os.environ["CONJECTURA_HOME"] = str(tmp_path_factory.mktemp("home"))
    os.chdir(tmp_path_factory.mktemp("work"))
    yield
    os.chdir(cwd)
    if old is None:
        os.environ.pop("CONJECTURA_HOME", None)
    else:
        os.environ["CONJECTURA_HOME"] = old


def run_cli(args: list[str]) -> tuple[int, str, str]:
    from conjectura.cli.app import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            main(args)
            code = 0
        except SystemExit as exc:
            code = int(exc.code or 0)
    return code, out.getvalue(), err.getvalue()


def check(args: list[str]) -> None:
    code, out, err = run_cli(args)
    assert code in (0, 1, 2), (args, code, err[-1500:])
    assert "Traceback" not in out + err, (args, err[-3000:])
    if code == 2:
        lines = [line for line in err.splitlines() if line.strip()]
        assert len(lines) == 1 and lines[0].startswith("error:"), (args, err[-1500:])


def options(pairs: dict) -> st.SearchStrategy[list[str]]:
    """A random subset of ``--option value`` pairs, in random order."""
    items = [st.tuples(st.just(k), v | JUNK) for k, v in pairs.items()]
    return st.lists(st.one_of(items), max_size=5, unique_by=lambda kv: kv[0]).map(
        lambda kvs: [x for k, v in kvs for x in (k, str(v))]
    )


SEARCH = options(
    {
        "--n": st.integers(-3, 14),
        "--seed": st.integers(-3, 5),
        "--engine": st.sampled_from(["local", "cem", "random", "nope"]),
        "-E": st.sampled_from(["population=8", "population=-1", "walkers=2", "nope=1", "x"]),
        "-p": st.sampled_from(["n=7", "n=x", "relation=max_degree <= 2", "m=1", "=", "n=-5"]),
        "--workers": st.integers(-2, 1),
        "--islands": st.integers(-2, 1),
        "--resume": st.integers(-2, 3),
        "--out": st.sampled_from(["c.json", ".", "/dev/full", "nodir/c.json"]),
    }
)
BUDGET = st.sampled_from(["50e", "1g", "0.3s", "200e or 1s", "0s", "-1s", "bad", "1e999e"])
PROBLEM = st.sampled_from(
    ["graphs/wagner-2.1", "graphs/bound", "graphs/zagreb-indices", "graphs/nope", "[/x]"]
)


@given(PROBLEM, SEARCH, BUDGET, st.booleans())
def test_search_with_random_arguments(home, problem, opts, budget, as_json):
    check(["search", problem, *opts, "--budget", budget, "-q", *(["--json"] if as_json else [])])


LEARN = options(
    {
        "--seeds": st.sampled_from(["0", "0,1", "-1", "a", ",", "0,0"]),
        "--test-size": st.sampled_from([0.2, 0.5, 0.0, 1.0, -0.5, 2.0]),
        "--split": st.sampled_from(["random", "nope"]),
        "-p": st.sampled_from(["m=4", "m=-1", "bits=x", "nope=1", "x"]),
        "--hyper": st.sampled_from(["k=3", "k=-1", "hidden=[4]", "x"]),
    }
)
TASK = st.sampled_from(["integers/parity-bit", "integers/is-prime", "integers/mobius", "nope/task", "[/x]"])


# the learner and the size are always given and small, so that no example trains for long
LEARNER = st.sampled_from(["linear", "logistic", "knn", "gbt", "nope", "[/x]"])
SIZE = st.sampled_from(["-5", "0", "1", "3", "60", "150", "x"])


@given(TASK, LEARNER, SIZE, LEARN, st.booleans())
def test_learn_with_random_arguments(home, task, learner, n, opts, as_json):
    args = ["learn", task, *opts, "--learner", learner, "--n", n, "--no-saliency"]
    check([*args, *(["--json"] if as_json else [])])
