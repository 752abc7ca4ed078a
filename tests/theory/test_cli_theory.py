"""``conjectura theory ...``: each command prints its comparison, writes a report, --json,
--check exits 1 when the claim fails its tolerance, bad input exits 2 with one line."""

import json

import typer
from typer.testing import CliRunner

from conjectura.cli.theory import register

app = typer.Typer()
register(app)
runner = CliRunner()

PNG = b"\x89PNG\r\n\x1a\n"


def test_kernel_command(tmp_path):
    r = runner.invoke(
        app,
        [
            "theory",
            "kernel",
            "--activations",
            "erf,cos",
            "--depth",
            "1",
            "--width",
            "64",
            "--networks",
            "400",
            "--angles",
            "3",
            "--out",
            str(tmp_path),
            "--check",
        ],
    )
    assert r.exit_code == 0, r.output
    assert "agrees: max |z|" in r.output and "NN-GP kernel" in r.output
    assert (tmp_path / "kernel.png").read_bytes()[:8] == PNG
    html = (tmp_path / "report.html").read_text()
    assert html.count("data:image/png;base64") == 1 and "Bonferroni" in html


def test_check_exits_1_when_finite_width_shows(tmp_path):
    r = runner.invoke(
        app,
        [
            "theory",
            "kernel",
            "--activations",
            "relu",
            "--depth",
            "2",
            "--width",
            "2",
            "--networks",
            "4000",
            "--angles",
            "5",
            "--out",
            str(tmp_path),
            "--check",
            "--json",
        ],
    )
    assert r.exit_code == 1, r.output
    assert json.loads(r.output)["agrees"] is False


def test_nongaussianity_free_field_and_ntk_json(home):
    r = runner.invoke(
        app, ["theory", "nongaussianity", "--widths", "8,32,128,512", "--networks", "500", "--json"]
    )
    assert r.exit_code == 0, r.output
    doc = json.loads(r.output)
    assert (
        doc["fit"]["dof"] == 2
        and doc["fit_corrected"]["dof"] == 1
        and len(doc["rows"]) == 4
        and doc["run_id"] == 1
    )
    r = runner.invoke(app, ["theory", "free-field", "--networks", "400", "--radii", "0,1", "--json"])
    doc = json.loads(r.output)
    assert r.exit_code == 0 and doc["rows"][1]["r"] == 1.0 and "exact" in doc["g4c_coincident"]
    r = runner.invoke(
        app,
        [
            "theory",
            "ntk",
            "--widths",
            "8,16,32",
            "--seeds",
            "2",
            "--inputs",
            "3",
            "--steps",
            "5",
            "--depth",
            "1",
        ],
    )
    assert r.exit_code == 0, r.output
    assert "drift during training: slope" in r.output
    from conjectura.store import open_store

    names = [x["name"] for x in open_store().list_runs()]
    assert names == ["theory/ntk", "theory/free-field", "theory/nongaussianity"]


def test_bad_input_is_one_line_and_exit_2(tmp_path):
    for args, needle in (
        (
            ["theory", "kernel", "--activations", "tanh", "--out", str(tmp_path)],
            "'activations' parameter of kernel_study",
        ),
        (
            ["theory", "free-field", "--d", "2", "--sampling", "cauchy", "--out", str(tmp_path)],
            "only in d = 1",
        ),
        (["theory", "nongaussianity", "--widths", "8,16", "--out", str(tmp_path)], "at least 4 widths"),
        (["theory", "nongaussianity", "--x", "1,0,0", "--out", str(tmp_path)], "vectors of one length"),
    ):
        r = runner.invoke(app, args)
        assert r.exit_code == 2, (args, r.output)
        assert needle in r.output and "Traceback" not in r.output
