"""Rediscovering Davies et al. (2021) on a slice of the census: the MLP predicts the signature
from hyperbolic invariants far better than the majority class and the shuffled-label null, the
slope rule is reported beside it, and gradient saliency (eq. 1 of Gukov-Halverson-Ruehle) puts
the longitudinal translation and the real and imaginary meridional translations on top, for
every seed.

The slice is the first 1200 census knots (up to 12 crossings; the table is built from scratch by
SnapPy in the test's fresh home, about 40 s). The full-census figures (MLP >= 78%, the same
top three) are measured by ``conjectura learn knots/signature``.
"""

import pytest

pytest.importorskip("snappy")

import conjectura as cj
from conjectura.interpret import attribute
from conjectura.learn import evaluate

TRANSLATIONS = {"longitudinal_translation", "meridional_translation_real", "meridional_translation_imag"}


@pytest.fixture(scope="module")
def knots_home(tmp_path_factory):
    mp = pytest.MonkeyPatch()
    mp.setenv("CONJECTURA_HOME", str(tmp_path_factory.mktemp("knots_home")))
    yield
    mp.undo()


def test_mlp_learns_signature_and_saliency_finds_the_cusp_translations(knots_home):
    task = cj.get_task("knots/signature", max_crossings=12, limit=1200)
    ev = evaluate(task, "mlp", seeds=(0, 1, 2), baselines=["slope-rule", "majority"])
    assert ev.n_rows > 1100  # the non-hyperbolic torus knots are left out
    acc = {r.name: r.mean("accuracy") for r in ev.rows}
    assert acc["mlp"] > acc["majority"] + 0.3
    assert acc["mlp"] > acc["null(mlp)"] + 0.3
    # The slope rule is reported (it uses no training data) and is far above chance already.
    assert ev.row("slope-rule").error is None and 0.6 < acc["slope-rule"] < 0.9
    sal = attribute(ev, ("gradient",))["gradient"]
    for k, seed in enumerate(sal.seeds):
        assert set(sal.top(3, k)) == TRANSLATIONS, (seed, sal.top(5, k))
