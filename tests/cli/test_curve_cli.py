"""`conjectura curve`: the generalisation curve command, its JSON and its errors."""

import json
from pathlib import Path

from typer.testing import CliRunner

from conjectura.cli.app import _assemble, app

_assemble()
runner = CliRunner()


def test_curve_json_and_png(home):
    r = runner.invoke(
        app,
        [
            "curve",
            "integers/parity-bit",
            "-p",
            "m=6",
            "--fractions",
            "0.3,0.9",
            "--seeds",
            "0",
            "--hidden",
            "32,32",
            "--max-epochs",
            "60",
            "--json",
        ],
    )
    assert r.exit_code == 0, r.output
    data = json.loads(r.output[r.output.index("{") :])
    assert data["fractions"] == [0.3, 0.9] and data["seeds"] == [0]
    models = {row["model"] for row in data["summary"]}
    assert {"mlp", "majority"} <= models and any(m.startswith("null") for m in models)
    assert Path(data["png"]).exists() and Path(data["png"]).stat().st_size > 1000
    # the parity of 6 bits: every training accuracy of the MLP is recorded, in [0, 1]
    assert all(0 <= row["train_mean"] <= 1 for row in data["summary"])


def test_curve_bad_inputs(home):
    r = runner.invoke(app, ["curve", "integers/parity-bit", "--fractions", "0.5,1.5"])
    assert r.exit_code == 2 and "in (0, 1)" in r.output
    r = runner.invoke(app, ["curve", "integers/no-such-task"])
    assert r.exit_code == 2 and "Unknown task" in r.output
