"""A store that cannot be used fails fast, in one line, without showing its password
(defects D15-D17 of the reliability probe); two stores under one home never share a file."""

import time

import pytest
from typer.testing import CliRunner

import conjectura as cj
from conjectura.cli.app import _assemble, app
from conjectura.store import mask_url, open_store, store_key

_assemble()
runner = CliRunner()


def _one_line(r):
    lines = [line for line in r.output.strip().splitlines() if line.strip()]
    assert "Traceback" not in r.output, r.output
    assert len(lines) <= 2, r.output  # one line, perhaps soft-wrapped
    return " ".join(lines)


def test_D15_home_that_is_a_file_gives_one_line(tmp_path, monkeypatch):
    afile = tmp_path / "not-a-dir"
    afile.write_text("x")
    monkeypatch.setenv("CONJECTURA_HOME", str(afile))
    monkeypatch.delenv("CONJECTURA_STORE", raising=False)
    r = runner.invoke(app, ["runs"])
    assert r.exit_code == 2
    assert "is a file, not a directory; point CONJECTURA_HOME at a directory" in _one_line(r)


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://nouser@127.0.0.1:1/x",  # nothing listens on port 1
        "sqlite:////proc/conjectura-cannot-write-here.db",
        "DIRECTORY",  # a sqlite path that is a directory
        "nosuchdriver://host/db",
    ],
)
def test_D16_unusable_store_fails_in_under_two_seconds(tmp_path, url):
    if url == "DIRECTORY":
        (tmp_path / "adir.db").mkdir()
        url = f"sqlite:///{tmp_path / 'adir.db'}"
    if url.startswith("postgresql"):
        pytest.importorskip("psycopg")
    t0 = time.perf_counter()
    r = runner.invoke(app, ["runs", "--store", url])
    elapsed = time.perf_counter() - t0
    assert r.exit_code == 2 and "cannot open the store" in _one_line(r)
    assert elapsed < 2.0, f"{elapsed:.1f}s for {url}"


def test_D16_certify_writes_the_file_even_when_the_store_fails(home, tmp_path):
    from conjectura.domains.graphs import to_graph6, wagner_2_1_counterexample

    out = tmp_path / "c.json"
    w = to_graph6(wagner_2_1_counterexample())
    r = runner.invoke(
        app,
        [
            "certify",
            "graphs/wagner-2.1",
            "--witness",
            w,
            "--out",
            str(out),
            "--store",
            "sqlite:////proc/x.db",
        ],
    )
    assert r.exit_code == 2 and "cannot open the store" in _one_line(r)
    assert cj.Certificate.load(out).witness_data == w


def test_D17_passwords_are_masked_everywhere():
    secret = "S3cretPass"
    url = f"postgresql://nouser:{secret}@127.0.0.1:1/x"
    r = runner.invoke(app, ["runs", "--store", url])
    assert r.exit_code == 2 and secret not in r.output and "nouser:***@127.0.0.1:1/x" in r.output
    assert mask_url(url) == "postgresql://nouser:***@127.0.0.1:1/x"
    assert mask_url("not a url://u:pw@h/x") == "not a url://u:***@h/x"
    bad = runner.invoke(app, ["runs", "--store", f"postgresql://u:{secret}@[bad/x"])
    assert bad.exit_code == 2 and secret not in bad.output
    with pytest.raises(cj.StoreError) as info:
        open_store(url)
    assert secret not in str(info.value)


def test_two_stores_under_one_home_never_share_a_run_directory(home, tmp_path):
    a = open_store(f"sqlite:///{tmp_path / 'a.db'}")
    b = open_store(f"sqlite:///{tmp_path / 'b.db'}")
    with a.run("search", "x") as ra, b.run("search", "y") as rb:
        assert ra.id == rb.id == 1
        (ra.dir / "figure.png").write_bytes(b"a")
        assert not (rb.dir / "figure.png").exists()
        assert ra.dir.parent.parent == rb.dir.parent.parent == home / "runs"
    assert a.key != b.key
    # one store reached two ways, with or without a password, has one key
    assert store_key(f"sqlite:///{tmp_path / 'a.db'}") == a.key
    assert store_key("postgresql://u:one@h/db") == store_key("postgresql://u:two@h/db")
    assert store_key("postgresql://u@h/db") != store_key("postgresql://u@h/other")


def test_only_lock_contention_is_retried(tmp_path, monkeypatch):
    """Two processes opening a fresh store wait for the lock; any other error is final at once."""
    from sqlalchemy.exc import OperationalError

    from conjectura.store import db

    calls = []

    def create_all(engine):
        calls.append(1)
        if len(calls) < 3:
            raise OperationalError("CREATE TABLE", {}, Exception("database is locked"))

    monkeypatch.setattr(db.schema.metadata, "create_all", create_all)
    open_store(f"sqlite:///{tmp_path / 'locked.db'}")
    assert len(calls) == 3

    calls.clear()

    def broken(engine):
        calls.append(1)
        raise OperationalError("CREATE TABLE", {}, Exception("unable to open database file"))

    monkeypatch.setattr(db.schema.metadata, "create_all", broken)
    with pytest.raises(cj.StoreError, match="unable to open database file"):
        open_store(f"sqlite:///{tmp_path / 'broken.db'}")
    assert len(calls) == 1
