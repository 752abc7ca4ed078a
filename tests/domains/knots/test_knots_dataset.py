"""The knot table: census slices, failures counted, resume, determinism, random knots, and the
two bugs of the former builder (tables of another braid shape, an empty part)."""

from __future__ import annotations

import pandas as pd
import pytest

from conjectura.domains.knots.dataset import build_knot_table, load_knot_table, table_path
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
    rep = build_knot_table(limit=120, chunk_size=50, workers=1, directory=tmp_path, progress=False)
    df = load_knot_table(limit=120, directory=tmp_path, build=False)
    assert len(df) == rep.rows == rep.parts["census"].rows == 120 and rep.chunks_built == 3
    assert df["index"].tolist() == list(range(120))
    torus = df[~df["hyperbolic"]]
    assert sorted(abs(int(s)) for s in torus["signature"]) == [2, 4, 6, 6, 8]
    assert rep.failures == {"not hyperbolic": 5, "symmetry_group": 5}
    assert rep.details["hyperbolic"] == 115
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
    kw = dict(limit=60, chunk_size=20, workers=1, directory=tmp_path, progress=False)
    build_knot_table(**kw)
    df1 = load_knot_table(limit=60, directory=tmp_path, build=False)
    chunks = sorted((tmp_path / "census-c14-first60").glob("chunk-*.parquet"))
    assert len(chunks) == 3
    chunks[1].unlink()  # as if interrupted while computing the second chunk
    (tmp_path / "census-c14-first60" / ".chunk-000020-000040.parquet.999.tmp").write_text("partial")
    rep2 = build_knot_table(**kw)
    assert (rep2.chunks_built, rep2.chunks_reused) == (1, 2)
    pd.testing.assert_frame_equal(df1, load_knot_table(limit=60, directory=tmp_path, build=False))
    # with two worker processes, from scratch elsewhere: the same table
    build_knot_table(**{**kw, "workers": 2, "directory": tmp_path / "other"})
    pd.testing.assert_frame_equal(df1, load_knot_table(limit=60, directory=tmp_path / "other", build=False))


def test_missing_table_names_the_command(tmp_path):
    with pytest.raises(InvalidParameterError, match="conjectura data build knots"):
        load_knot_table(limit=10, directory=tmp_path, build=False)
    with pytest.raises(InvalidParameterError, match="--strands 4 --length 21"):
        load_knot_table(
            max_crossings=0, n_random=3, random_strands=4, random_length=21, directory=tmp_path, build=False
        )
    assert not list(tmp_path.rglob("*.parquet"))


@pytest.mark.parametrize(
    "kw,match",
    [
        (dict(max_crossings=2), "max_crossings"),
        (dict(max_crossings=15), "max_crossings"),
        (dict(workers=0), "workers"),
        (dict(max_crossings=0), "nothing to build"),
        (dict(limit=0), "limit"),
        (dict(geodesics="yes"), "geodesics"),
        (dict(max_crossings=0, n_random=2, random_strands=4, random_length=20), "parity"),
    ],
)
def test_bad_parameters(tmp_path, kw, match):
    with pytest.raises(InvalidParameterError, match=match):
        build_knot_table(directory=tmp_path, progress=False, **kw)
    assert not list(tmp_path.rglob("*.parquet"))


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
    kw = dict(max_crossings=0, n_random=3, seed=5, progress=False)
    build_knot_table(workers=1, directory=tmp_path, **kw)
    df = load_knot_table(directory=tmp_path, build=False, **kw)
    assert (df["source"] == "random").all() and len(df) == 3
    assert df["hyperbolic"].all() and (df["crossings"] >= 15).all()
    build_knot_table(workers=2, directory=tmp_path / "again", **kw)
    again = load_knot_table(directory=tmp_path / "again", build=False, **kw)
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


def test_a_table_of_another_braid_shape_loads(tmp_path):
    """Regression: the path of the random table hard-coded the braid shape 5 x 40, so a table
    built with other strands and length could not be found again."""
    shape = dict(max_crossings=0, n_random=2, seed=1, random_strands=4, random_length=21)
    rep = build_knot_table(workers=1, directory=tmp_path, progress=False, **shape)
    assert rep.parts["random"].path == table_path(directory=tmp_path, **shape)
    assert table_path(directory=tmp_path, **shape).name == "random-n2-s1-b4x21.parquet"
    df = load_knot_table(directory=tmp_path, build=False, **shape)
    assert len(df) == 2 and (df["name"] == ["R1-0", "R1-1"]).all()
    # four strands: every braid letter is +-1, +-2 or +-3, and the stored words rebuild the knots
    letters = {abs(int(x)) for w in df["braid"] for x in w.split()}
    assert letters <= {1, 2, 3} and all(len(w.split()) == 21 for w in df["braid"])
    # the default shape is another table, not this one
    with pytest.raises(InvalidParameterError, match="random-n2-s1.parquet"):
        load_knot_table(max_crossings=0, n_random=2, seed=1, directory=tmp_path, build=False)


def test_a_part_without_rows_is_an_empty_table(tmp_path):
    """Regression: assembling zero chunks called ``None.to_parquet``. The first census knot is
    the trefoil, a torus knot: no hyperbolic knot, so no geodesic chunk at all; the geodesic
    part is then an empty table with its columns, and the merged table has them too."""
    rep = build_knot_table(limit=1, geodesics=True, workers=1, directory=tmp_path, progress=False)
    assert rep.details["hyperbolic"] == 0 and rep.parts["geodesics"].rows == 0
    g = pd.read_parquet(rep.parts["geodesics"].path)
    assert len(g) == 0 and "injectivity_radius" in g.columns and "geodesic_error" in g.columns
    df = load_knot_table(limit=1, geodesics=True, directory=tmp_path, build=False)
    assert df["name"].tolist() == ["K3a1"] and df["injectivity_radius"].isna().all()
