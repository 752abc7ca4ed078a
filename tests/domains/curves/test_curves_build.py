"""The curves dataset: counts, identities on the whole table, resumption (also after SIGTERM),
bad inputs."""

import numpy as np
import pytest

pytest.importorskip("cypari")

from conjectura.domains.curves.build import ap_columns, build_curves, load_curves
from conjectura.domains.curves.invariants import first_primes
from conjectura.domains.curves.rootnumber import root_number_from_ap, terms_needed
from conjectura.exceptions import InvalidParameterError, UnknownNameError

K = 60  # the 60th prime is 281 >= terms_needed(1000): enough for the functional equation


@pytest.fixture(scope="module")
def table(tmp_path_factory):
    root = tmp_path_factory.mktemp("curves")
    res = build_curves("1:999", primes=K, progress=False, directory=root)
    return root, res, load_curves("1:999", primes=K, build=False, directory=root)


def test_number_of_isogeny_classes_below_1000(table):
    _, res, df = table
    # Cremona's table: 2463 isogeny classes (5113 curves) of conductor < 1000
    assert len(df) == res.rows == res.parts["isogeny-classes"].rows == 2463
    assert df["label"].is_unique and df["isogeny_class"].is_unique
    assert df["label"].str.endswith("1").all()
    assert df["conductor"].between(11, 999).all()
    assert res.chunks_built == 10 and res.chunks_reused == 0 and res.failures == {}
    assert res.details["conductor"] == [1, 999] and res.details["primes"] == K
    assert 0 < res.details["pari_seconds"] <= res.details["block_seconds"]


def test_root_number_is_minus_one_to_the_rank_on_the_whole_table(table):
    _, _, df = table
    assert set(df["root_number"]) == {-1, 1}
    assert (df["root_number"].to_numpy() == (-1) ** df["rank"].to_numpy()).all()
    # smallest conductor of each rank: 11, 37, 389 (and rank 3 first appears at 5077)
    assert df.groupby("rank")["conductor"].min().to_dict() == {0: 11, 1: 37, 2: 389}


def test_ap_agree_with_point_counting(table, brute_ap):
    _, _, df = table
    rows = df.sample(25, random_state=0)
    primes = first_primes(12)
    for _, row in rows.iterrows():
        ainvs = [int(a) for a in row["ainvs"].strip("[]").split(",")]
        for p in primes:
            if row["conductor"] % p:
                assert row[f"a_{p}"] == brute_ap(ainvs, p), (row["label"], p)
            else:  # bad reduction: 0 (additive) or +-1 (multiplicative)
                assert row[f"a_{p}"] in (-1, 0, 1)
    # Hasse: |a_p| <= 2 sqrt(p) on every row and prime
    ap = df[ap_columns(first_primes(K))].to_numpy()
    assert (ap.astype(float) ** 2 <= 4 * np.array(first_primes(K))).all()


def test_root_number_from_functional_equation_matches_pari(table):
    _, _, df = table
    primes = first_primes(K)
    assert primes[-1] >= terms_needed(999)
    eps, margin = root_number_from_ap(df[ap_columns(primes)].to_numpy(), primes, df["conductor"].to_numpy())
    assert (eps == df["root_number"].to_numpy()).all()
    assert margin.min() > 1e6


def test_resume_rebuilds_only_missing_blocks_and_reuses_more_primes(table):
    root, _, df = table
    victim = sorted((root / f"primes-{K}").glob("N*.parquet"))[3]
    victim.unlink()
    res = build_curves("1:999", primes=K, progress=False, directory=root)
    assert (res.chunks_built, res.chunks_reused) == (1, 9)
    again = load_curves("1:999", primes=K, build=False, directory=root)
    assert again.equals(df)
    # fewer primes and a sub-range are read from the same blocks, nothing is built
    res = build_curves("300:450", primes=10, progress=False, directory=root)
    assert res.chunks_built == 0 and res.chunks_reused == 2
    assert not (root / "primes-10").exists()
    sub = load_curves("300:450", primes=10, build=False, directory=root)
    want = df[df["conductor"].between(300, 450)].reset_index(drop=True)
    assert sub.equals(want[list(sub.columns)])
    assert list(sub.columns[-3:]) == ["a_19", "a_23", "a_29"]


def test_two_workers_give_the_same_table(tmp_path):
    a = build_curves("1000:1199", primes=8, workers=2, progress=False, directory=tmp_path / "a")
    b = build_curves("1000:1199", primes=8, workers=1, progress=False, directory=tmp_path / "b")
    assert a.rows == b.rows > 0 and a.chunks_built == b.chunks_built == 2
    assert load_curves("1000:1199", primes=8, build=False, directory=tmp_path / "a").equals(
        load_curves("1000:1199", primes=8, build=False, directory=tmp_path / "b")
    )


def test_bad_inputs_fail_clearly_and_build_nothing(tmp_path):
    with pytest.raises(InvalidParameterError, match="empty"):
        build_curves("500:100", primes=5, directory=tmp_path)
    with pytest.raises(InvalidParameterError, match="beyond Cremona's table"):
        build_curves("499000:500500", primes=5, directory=tmp_path)
    with pytest.raises(InvalidParameterError, match="'primes' parameter"):
        build_curves("1:100", primes=0, directory=tmp_path)
    with pytest.raises(InvalidParameterError, match="'workers' parameter"):
        build_curves("1:100", primes=5, workers=0, directory=tmp_path)
    with pytest.raises(InvalidParameterError, match="not built"):
        load_curves("1:100", primes=5, build=False, directory=tmp_path)
    from conjectura.store.datasets import build_dataset

    with pytest.raises(InvalidParameterError, match="Bad parameters for dataset 'curves'"):
        build_dataset("curves", conductor="1:100", primes=5, data_root=tmp_path)
    with pytest.raises(UnknownNameError, match="Did you mean 'curves'"):
        build_dataset("curve", conductor="1:100")
    assert not list(tmp_path.rglob("*.parquet"))


def test_sigterm_between_blocks_keeps_them_and_the_rerun_gives_the_same_table(tmp_path):
    """Kill a parallel build (SIGTERM) once some blocks are written: the process exits 143 at
    once, leaves only complete block files and no worker; the rerun builds only the others,
    and the table equals one built in a single go."""
    import json
    import os
    import signal
    import subprocess
    import sys
    import time

    env = dict(os.environ, CONJECTURA_HOME=str(tmp_path / "home"))
    cmd = [
        sys.executable,
        "-c",
        "from conjectura.cli.app import main; main()",
        "data",
        "build",
        "curves",
        "--conductor",
        "20000:23999",
        "--primes",
        "60",
        "--workers",
        "2",
        "--json",
    ]
    proc = subprocess.Popen(
        cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True
    )
    blocks = tmp_path / "home" / "data" / "curves" / "primes-60"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(list(blocks.glob("N*.parquet"))) < 3:
        time.sleep(0.05)
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode == 143, proc.stderr.read()
    done = sorted(blocks.glob("N*.parquet"))
    assert 3 <= len(done) < 40
    assert not list(blocks.glob(".*.tmp"))  # no partial file left by a terminated worker
    import pyarrow.parquet as pq

    for f in done:  # every file left is complete
        assert pq.read_table(f).num_columns == 7 + 60
    from conjectura.store import open_store

    assert open_store(f"sqlite:///{tmp_path / 'home' / 'store.db'}").list_runs()[0]["status"] == "interrupted"
    res = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600)
    assert res.returncode == 0, res.stderr
    out = json.loads(res.stdout)
    assert (out["chunks_reused"], out["chunks_built"]) == (len(done), 40 - len(done))
    home_data = tmp_path / "home" / "data" / "curves"
    resumed = load_curves("20000:23999", primes=60, build=False, directory=home_data)
    build_curves("20000:23999", primes=60, workers=1, progress=False, directory=tmp_path / "straight")
    assert resumed.equals(load_curves("20000:23999", primes=60, build=False, directory=tmp_path / "straight"))
    assert out["rows"] == len(resumed)
