"""Williamson §5.1 rediscovered: the parity bit is fitted from most of the cube, not from a
small fraction of it (test accuracy at or below chance), whatever the training accuracy."""

from conjectura.core.registry import get_task
from conjectura.learn.generalisation import generalisation_curve


def test_parity_generalisation_curve(tmp_path):
    # the task's recommended MLP (Task.learner_defaults: no early stopping) applies beneath this
    curve = generalisation_curve(
        get_task("integers/parity-bit", m=8),
        fractions=(0.2, 0.9),
        seeds=(0, 1),
        learner_params={"max_epochs": 300},
    )
    rows = {(r["fraction"], r["model"]): r for r in curve.summary()}
    small, large = rows[(0.2, "mlp")], rows[(0.9, "mlp")]
    assert small["train_mean"] > 0.95  # it fits the 51 training points ...
    assert small["test_mean"] < 0.6  # ... and does not generalise from them
    assert large["test_mean"] > 0.85  # from 90% of the cube it does
    for f in (0.2, 0.9):
        assert rows[(f, "null(mlp)")]["test_mean"] < 0.65
        assert abs(rows[(f, "majority")]["test_mean"] - 0.5) < 0.15
    png = curve.plot(tmp_path / "parity.png")
    assert png.stat().st_size > 1000
    d = curve.to_dict()
    assert d["learner_params"]["val_fraction"] == 0.0 and d["learner_params"]["max_epochs"] == 300
    assert len(d["records"]) == 2 * 2 * 3
