"""Regression tests of search, resume, --out, the store and signals (D6, D7, D11, D12, D15,
D16, D17, D20), each a reproduction run through the CLI."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time

import pytest

from conjectura.store import open_store

SEARCH12 = ["search", "graphs/wagner-2.1", "--n", "12", "--budget", "1s", "-q"]
BOUND = ["search", "graphs/bound", "-p", "relation=max_degree <= 2", "--n", "6", "--budget", "30s", "-q"]


def _run_id(out: str) -> str:
    m = re.search(r"run (\d+)", out)
    assert m, out
    return m.group(1)


# -- D6: the resume hint works, a refused resume changes nothing --------------------------------
def test_d6_the_resume_hint_has_the_params_and_works(cli):
    r = cli(*SEARCH12)
    r.one_line(1)
    hint = re.search(r"continue with: conjectura (search .*)", r.out).group(1)
    assert "-p n=12" in hint
    r2 = cli(*hint.split())
    assert r2.code in (0, 1) and "error" not in r2.err and "Traceback" not in r2.err  # progress only
    assert json.loads(cli("show", _run_id(r.out), "--json").out)["status"] == "finished"


def test_d6_a_refused_resume_leaves_the_run_as_it_was(cli):
    r = cli(*SEARCH12)
    rid = _run_id(r.out)
    line = cli("search", "graphs/wagner-2.1", "--resume", rid, "--budget", "9s").one_line(2)
    assert "{'n': 12}" in line
    assert json.loads(cli("show", rid, "--json").out)["status"] == "finished"


# -- D7: a running or certified run is not resumed ------------------------------------------------
def test_d7_a_run_that_certified_its_counterexample_is_not_resumed(cli):
    r = cli(*BOUND)
    r.one_line(0)
    rid = re.search(r"stored with run (\d+)", r.out).group(1)
    line = cli(*BOUND[:-3], "--resume", rid, "--budget", "60s").one_line(2)
    assert "already found and certified" in line
    run = json.loads(cli("show", rid, "--json").out)
    assert run["status"] == "finished" and len(run["certificates"]) == 1


def test_d7_a_live_run_is_not_resumed(cli, home):
    r = cli(*SEARCH12)
    rid = _run_id(r.out)
    store = open_store(f"sqlite:///{home / 'store.db'}")
    assert store.claim_run(int(rid)) is not None  # this (live) process now holds it
    line = cli("search", "graphs/wagner-2.1", "-p", "n=12", "--resume", rid, "--budget", "9s").one_line(2)
    assert f"run {rid} is running" in line


# -- D11: --out is checked before the search ------------------------------------------------------
@pytest.mark.parametrize("out,needle", [("/dev/full", "not a regular file"), (".", "is a directory"),
                                        ("nodir/sub/c.json", "does not exist")])  # fmt: skip
def test_d11_out_is_checked_before_the_work(cli, out, needle):
    from .conftest import WITNESS_18

    t0 = time.perf_counter()
    line = cli("search", "graphs/wagner-2.1", "--n", "19", "--seed", "0", "-q", "--out", out).one_line(2)
    assert needle in line and time.perf_counter() - t0 < 10  # the search took 22 s before
    assert needle in cli("certify", "graphs/wagner-2.1", "--witness", WITNESS_18, "--out", out).one_line(2)


def test_d11_a_failed_write_says_where_the_certificate_is(cli, monkeypatch):
    from conjectura.core.certificate import Certificate

    real = Certificate.save

    def save(self, path):
        if str(path).endswith("wanted.json"):
            raise OSError(28, "No space left on device")
        return real(self, path)

    monkeypatch.setattr(Certificate, "save", save)
    line = cli(*BOUND, "--out", "wanted.json").one_line(2)
    assert "No space left" in line and "safe in the store" in line and "conjectura show" in line


def test_d11_certify_writes_the_file_even_when_the_store_fails(cli, tmp_path):
    from .conftest import WITNESS_18

    line = cli(
        "certify",
        "graphs/wagner-2.1",
        "--witness",
        WITNESS_18,
        "--out",
        "c.json",
        "--store",
        "sqlite:////proc/x.db",
    ).one_line(2)
    assert "written to 'c.json'" in line
    cli("verify", "c.json").one_line(0)


# -- D12, D20: ranges of the command line ---------------------------------------------------------
@pytest.mark.parametrize(
    "extra,needle",
    [
        (["--seed", "-1"], "'seed'"),
        (["--workers", "0"], "'workers'"),
        (["--workers", "-1"], "'workers'"),
        (["--islands", "0"], "'islands'"),
        (["--resume", "0"], "'resume'"),
        (["--seed", "abc"], "--seed"),
    ],
)
def test_d12_d20_bad_numbers_are_refused_before_a_run_is_recorded(cli, extra, needle):
    assert needle in cli(*SEARCH12, *extra).one_line(2)
    assert json.loads(cli("runs", "--json").out) == []


@pytest.mark.parametrize("limit", ["0", "-1"])
def test_d20_runs_limit_must_be_positive(cli, limit):
    assert "'limit'" in cli("runs", "--limit", limit).one_line(2)


def test_d20_mysql_driver_message_names_its_package(cli):
    line = cli("runs", "--store", "mysql://u:pw@127.0.0.1:1/x").one_line(2)
    assert "mysqlclient" in line and "psycopg" not in line and "pw@" not in line


def test_d20_sigterm_is_reported_as_terminated(tmp_path):
    env = {**os.environ, "CONJECTURA_HOME": str(tmp_path / "home")}
    url = f"sqlite:///{tmp_path / 'home' / 'store.db'}"
    cmd = [sys.executable, "-c", "from conjectura.cli import main; main()",
           "search", "graphs/wagner-2.1", "--n", "25", "--budget", "300s", "-q"]  # fmt: skip
    p = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        for _ in range(600):
            if (tmp_path / "home" / "store.db").exists() and open_store(url).list_runs():
                break
            time.sleep(0.1)
        time.sleep(1.0)
        p.send_signal(signal.SIGTERM)
        _, err = p.communicate(timeout=60)
    finally:
        if p.poll() is None:
            p.kill()
    assert p.returncode == 143, err
    assert "terminated" in err and "interrupted by the user" not in err and "Traceback" not in err
    run = open_store(url).list_runs()[0]
    assert run["status"] == "interrupted" and run["error"] == "terminated (SIGTERM)"


# -- D15, D16, D17: the store --------------------------------------------------------------------
def test_d15_a_home_that_is_a_file(cli, tmp_path, monkeypatch):
    (tmp_path / "f").write_text("")
    monkeypatch.setenv("CONJECTURA_HOME", str(tmp_path / "f"))
    assert "is a file, not a directory" in cli("runs").one_line(2)


@pytest.mark.parametrize("url", ["postgresql://nouser@127.0.0.1:1/x", "sqlite:////proc/x.db", "DIR"])
def test_d16_an_unusable_store_fails_fast_in_one_line(cli, tmp_path, url):
    from conjectura.exceptions import StoreError

    url = f"sqlite:///{tmp_path}" if url == "DIR" else url
    with pytest.raises(StoreError):
        open_store(url)  # the first attempt also imports the database driver
    t0 = time.perf_counter()
    with pytest.raises(StoreError):
        open_store(url)
    assert time.perf_counter() - t0 < 2.0  # it took 20 s (retries on any error)
    assert "cannot open the store" in cli("runs", "--store", url).one_line(2)


def test_d17_passwords_are_masked(cli, tmp_path):
    line = cli("runs", "--store", "postgresql://nouser:S3cretPass@127.0.0.1:1/x").one_line(2)
    assert "S3cretPass" not in line and "***" in line
    url = f"sqlite:///{tmp_path / 's.db'}"
    assert "There is no run 9" in cli("show", "9", "--store", url).one_line(2)


# -- usage errors are one line too ---------------------------------------------------------------
@pytest.mark.parametrize(
    "args,needle",
    [
        (["search", "graphs/wagner-2.1", "--seed", "abc"], "--seed"),
        (["nosuch"], "No such command"),
        (["verify"], "Missing argument"),
        (["runs", "--bogus"], "No such option"),
    ],
)
def test_usage_errors_are_one_line(cli, args, needle):
    assert needle in cli(*args).one_line(2)


def test_no_arguments_prints_the_help(cli):
    r = cli()
    assert r.code == 2 and "Usage" in r.out + r.err and "error" not in r.err
