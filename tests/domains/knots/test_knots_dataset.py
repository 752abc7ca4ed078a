"""The knot table: census slices, failures counted, resume, determinism, random knots."""

from __future__ import annotations

import pandas as pd
import pytest

from conjectura.domains.knots.dataset import build_knot_table, load_knot_table
from conjectura.domains.knots.generate import (
    KNOT_COUNTS,
    census_crossings,
    census_knots,
    census_size,
    random_braid_word,
    random_knot,
)
from conjectura.exceptions import InvalidParameterError

snappy = pytest.importorskip("snappy")


def test_census_counts_are_the_prime_knot_counts():
    """OEIS A002863 (prime knots up to mirror image) = what SnapPy's census holds."""
    for c in (3, 7, 9, 10):
        assert len(snappy.HTLinkExteriors(crossings=c, knots_vs_links="knots")) == KNOT_COUNTS[c]
    assert census_size(14) == len(snappy.HTLinkExteriors(knots_vs_links="knots")) == 59937
    # the order is by crossing number: the last 10-crossing knot and the first 11-crossing one
    names = [M.name() for _, M in census_knots(248, 250)]
    assert names == ["K10n42", "K11a1"]
    assert census_crossings(248) == 10 and census_crossings(249) == 11


def test_small_census_table(tmp_path):
    """The first 120 census knots (<= 9 crossings and 36 of 10): exactly the five torus knots
    3_1, 5_1, 7_1, 8_19, 9_1 are not hyperbolic; their |signature| is 2, 4, 6, 6, 8."""
    df, rep = build_knot_table(limit=120, chunk_size=50, workers=1, out_dir=tmp_path, progress=False)
    assert len(df) == rep.rows == 120 and rep.chunks_computed == 3
    assert df["index"].tolist() == list(range(120))
    torus = df[~df["hyperbolic"]]
    assert sorted(abs(int(s)) for s in torus["signature"]) == [2, 4, 6, 6, 8]
    assert rep.failures == {"not hyperbolic": 5, "symmetry_group": 5}
    assert rep.hyperbolic == 115
    hyp = df[df["hyperbolic"]]
    assert hyp[["volume", "cusp_volume", "slope", "signature", "torsion_degree"]].notna().all().all()
    assert (df["signature"] % 2 == 0).all()
    assert (df["torsion_degree"] == 4 * df["genus"] - 2).all()
    assert (df["signature"].abs() <= 2 * df["genus"]).all()  # |sigma| <= 2g
    # every census knot with at most 8 crossings is alternating except 8_19, 8_20, 8_21
    assert (~df[df["crossings"] <= 8]["alternating"]).sum() == 3
    # the smallest hyperbolic volume among knots is the figure-eight's
    assert hyp.loc[hyp["volume"].idxmin(), "name"] == "K4a1"


def test_build_resumes_and_is_deterministic(tmp_path):
    kw = dict(limit=60, chunk_size=20, workers=1, out_dir=tmp_path, progress=False)
    df1, _rep1 = build_knot_table(**kw)
    chunks = sorted((tmp_path / "census-c14-first60").glob("chunk-*.parquet"))
    assert len(chunks) == 3
    chunks[1].unlink()  # as if interrupted while computing the second chunk
    (tmp_path / "census-c14-first60" / "chunk-000020-000040.tmp").write_text("partial")
    df2, rep2 = build_knot_table(**kw)
    assert (rep2.chunks_computed, rep2.chunks_reused) == (1, 2)
    pd.testing.assert_frame_equal(df1, df2)
    # with two worker processes, from scratch elsewhere: the same table
    df3, _ = build_knot_table(**{**kw, "workers": 2, "out_dir": tmp_path / "other"})
    pd.testing.assert_frame_equal(df1, df3)
    assert load_knot_table(limit=60, out_dir=tmp_path, build=False).equals(df1)


def test_missing_table_names_the_command(tmp_path):
    with pytest.raises(FileNotFoundError, match="conjectura data build knots"):
        load_knot_table(limit=10, out_dir=tmp_path, build=False)


@pytest.mark.parametrize(
    "kw,match",
    [
        (dict(max_crossings=2), "max_crossings"),
        (dict(max_crossings=15), "max_crossings"),
        (dict(workers=0), "workers"),
        (dict(max_crossings=0), "nothing to build"),
        (dict(limit=0), "limit"),
    ],
)
def test_bad_parameters(tmp_path, kw, match):
    with pytest.raises(InvalidParameterError, match=match):
        build_knot_table(out_dir=tmp_path, progress=False, **kw)


def test_random_braid_word_closes_to_a_knot():
    for s in range(20):
        w = random_braid_word(s, strands=4, length=13)
        assert len(w) == 13 and max(abs(x) for x in w) <= 3
        assert len(snappy.Link(braid_closure=w).link_components) == 1
    assert random_braid_word(3) == random_braid_word(3)
    with pytest.raises(InvalidParameterError, match="parity"):
        random_braid_word(0, strands=4, length=12)  # an even word cannot be a 4-cycle


def test_random_knots_beyond_the_census(tmp_path):
    word, link, M = random_knot(7)
    assert len(link.crossings) >= 15 and len(link.link_components) == 1
    assert M.solution_type() == "all tetrahedra positively oriented"
    assert not snappy.HTLinkExteriors(knots_vs_links="knots").identify(M)
    assert random_knot(7)[0] == word
    df, _rep = build_knot_table(
        max_crossings=0, n_random=3, seed=5, workers=1, out_dir=tmp_path, progress=False
    )
    assert (df["source"] == "random").all() and len(df) == 3
    assert df["hyperbolic"].all() and (df["crossings"] >= 15).all()
    again, _ = build_knot_table(
        max_crossings=0, n_random=3, seed=5, workers=2, out_dir=tmp_path / "again", progress=False
    )
    # the same knots (braid words) and invariants; the simplified diagram's size may differ
    # (spherogram's simplification is randomised beyond our seed)
    same = ["name", "braid", "signature", "genus", "symmetry_group", "hyperbolic"]
    pd.testing.assert_frame_equal(df[same], again[same])
    for c in ("volume", "cusp_volume", "slope", "chern_simons"):
        assert (df[c] - again[c]).abs().max() < 1e-8
    # the stored braid rebuilds the same knot: same signature from the closure
    from conjectura.domains.knots.signature import knot_signature

    for braid, sigma in zip(df["braid"], df["signature"]):
        assert knot_signature(snappy.Link(braid_closure=[int(x) for x in braid.split()])) == sigma
