"""`conjectura search` and `conjectura demo` through the CLI."""

import json

import pytest
from typer.testing import CliRunner

from conjectura.cli.app import _assemble, app

_assemble()
runner = CliRunner()


def test_search_finds_certifies_stores_and_verify_accepts(home, tmp_path):
    out = tmp_path / "cert.json"
    r = runner.invoke(
        app,
        [
            "search",
            "graphs/zagreb-indices",
            "--n",
            "9",
            "--seed",
            "1",
            "--budget",
            "20000e",
            "--out",
            str(out),
            "--quiet",
        ],
    )
    assert r.exit_code == 0, r.output
    assert "counterexample found and verified" in r.output
    assert f"re-verify with: conjectura verify {out}" in r.output
    doc = json.loads(out.read_text())
    assert doc["problem"] == {"name": "graphs/zagreb-indices", "params": {"n": 9}}
    assert doc["values"]["M1"] == 42 and doc["provenance"]["engine"] == "local"
    v = runner.invoke(app, ["verify", str(out)])
    assert v.exit_code == 0 and "verified" in v.output
    runs = runner.invoke(app, ["runs", "--kind", "search", "--json"])
    assert json.loads(runs.output)[0]["status"] == "finished"


def test_search_json_and_not_found_exit_code(home):
    r = runner.invoke(
        app,
        [
            "search",
            "graphs/wagner-2.1",
            "--n",
            "8",
            "--engine",
            "random",
            "--budget",
            "3g",
            "--json",
            "--no-store",
        ],
    )
    assert r.exit_code == 1
    doc = json.loads(r.output)
    assert doc["found"] is False and doc["message"] == "not found within budget"
    assert doc["certificate"] is None and doc["evaluations"] == 3000 and doc["best"]


def test_not_found_message_never_claims_the_conjecture(home):
    r = runner.invoke(app, ["search", "graphs/wagner-2.1", "--n", "8", "--budget", "5g", "--quiet"])
    assert r.exit_code == 1
    assert "not found within budget" in r.output and "proves nothing" in r.output
    assert "--resume" in r.output


@pytest.mark.parametrize(
    "args,msg",
    [
        (["graphs/wagner-2.1", "--engine", "nope"], "Unknown engine 'nope'"),
        (["graphs/wagner-2.1", "--budget", "soon"], "'budget' parameter of search"),
        (["graphs/wagner-2.1", "--n", "2"], "'n' parameter of wagner_2_1 must be an int >= 3"),
        (["graphs/wagner-2.1", "-E", "walkers=0"], "'walkers' parameter of LocalSearch"),
        (["graphs/wagner-2.1", "--resume", "999"], "no run 999"),
        (["graphs/wagner-2.1", "--budget", "60"], "'60s' (seconds) or '60 evaluations'"),
        (["graphs/wagner-2.1", "--resume", "1", "--no-store"], "cannot be combined with --no-store"),
        (["graphs/wagner-2.1", "--resume", "1", "--workers", "2"], "cannot be combined with --workers"),
    ],
)
def test_bad_input_exit_2(home, args, msg):
    r = runner.invoke(app, ["search", *args, "--quiet"])
    assert r.exit_code == 2
    assert msg in r.output.replace("\n", " ")


def test_resume_from_the_cli(home):
    r1 = runner.invoke(app, ["search", "graphs/wagner-2.1", "--n", "8", "--budget", "4g", "--json"])
    run_id = json.loads(r1.output)["run_id"]
    r2 = runner.invoke(
        app, ["search", "graphs/wagner-2.1", "--n", "8", "--budget", "9g", "--resume", str(run_id), "--json"]
    )
    doc = json.loads(r2.output)
    assert r2.exit_code == 1 and doc["generations"] == 9 and doc["run_id"] == run_id


_VOLATILE = {"elapsed", "run_id", "certificate_id"}


def _stable(doc):
    doc = {k: v for k, v in doc.items() if k not in _VOLATILE}
    if doc.get("certificate"):
        prov = {
            k: v
            for k, v in doc["certificate"]["provenance"].items()
            if k not in {"time", "seconds", "run_id"}
        }
        doc["certificate"] = {**doc["certificate"], "provenance": prov}
    return doc


@pytest.mark.parametrize(
    "args,api",
    [
        (
            ["graphs/zagreb-indices", "--n", "9", "--seed", "0", "--budget", "20000e"],
            dict(
                problem="graphs/zagreb-indices",
                engine="local",
                problem_params={"n": 9},
                seed=0,
                budget="20000e",
            ),
        ),
        (
            [
                "graphs/wagner-2.1",
                "-p",
                "n=8",
                "-e",
                "random",
                "-E",
                "population=300",
                "--budget",
                "3g",
                "--seed",
                "2",
            ],
            dict(
                problem="graphs/wagner-2.1",
                engine="random",
                problem_params={"n": 8},
                engine_params={"population": 300},
                seed=2,
                budget="3g",
            ),
        ),
    ],
)
def test_cli_json_is_the_api_to_dict(home, args, api):
    import conjectura as cj

    r = runner.invoke(app, ["search", *args, "--json"])
    doc = json.loads(r.output)
    res = cj.search(api.pop("problem"), **api, store=True)
    cert = res.certificate
    assert r.exit_code == (0 if res.found else 1)
    assert _stable(doc) == _stable({**res.to_dict(), "certificate": cert.to_dict() if cert else None})
    assert doc["run_id"] is not None and doc["run_id"] != res.run_id


def test_D6_printed_resume_hint_resumes_as_printed(home):
    import shlex

    r = runner.invoke(app, ["search", "graphs/wagner-2.1", "--n", "12", "--budget", "3g", "--seed", "5"])
    assert r.exit_code == 1
    line = next(x for x in r.output.splitlines() if "continue with:" in x)
    hint = line.split("continue with: ", 1)[1].strip()
    run_id = int(line.split()[1].rstrip(";"))
    assert hint == f"conjectura search graphs/wagner-2.1 -p n=12 --resume {run_id} --budget '6 generations'"
    argv = shlex.split(hint)
    again = runner.invoke(app, [*argv[1:], "--json"])  # exactly as printed (plus --json to read it)
    doc = json.loads(again.output)
    assert again.exit_code == 1 and doc["run_id"] == run_id and doc["generations"] == 6
    straight = json.loads(
        runner.invoke(
            app,
            [
                "search",
                "graphs/wagner-2.1",
                "--n",
                "12",
                "--budget",
                "6g",
                "--seed",
                "5",
                "--json",
                "--no-store",
            ],
        ).output
    )
    assert (doc["evaluations"], doc["best"]) == (straight["evaluations"], straight["best"])
    from conjectura.store import open_store

    assert open_store().get_run(run_id)["status"] == "finished"


def test_resume_hint_keeps_the_engine_and_a_cem_run_resumes(home):
    pytest.importorskip("torch")
    import shlex

    r = runner.invoke(
        app,
        ["search", "graphs/wagner-2.1", "--n", "7", "-e", "cem", "-E", "population=50", "--budget", "2g"],
    )
    hint = next(x for x in r.output.splitlines() if "continue with:" in x).split("continue with: ", 1)[1]
    again = runner.invoke(app, [*shlex.split(hint)[1:], "--json"])
    doc = json.loads(again.output)
    assert doc["engine"] == "cem" and doc["generations"] == 4 and doc["evaluations"] == 200
