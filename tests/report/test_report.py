"""report: PNG figures and the static HTML report of a learn run."""

from conjectura.interpret import attribute
from conjectura.learn import evaluate
from conjectura.learn.synthetic import planted_task
from conjectura.report import Section, table_html, write_report
from conjectura.report.figures import line_chart
from conjectura.report.learn import learn_report

PNG = b"\x89PNG\r\n\x1a\n"


def test_learn_report_has_table_saliency_and_curves(tmp_path):
    ev = evaluate(
        planted_task(),
        "mlp",
        seeds=(0, 1),
        n=400,
        baselines=["majority"],
        learner_params={"hidden": (16,), "max_epochs": 15},
    )
    att = attribute(ev, ("gradient", "permutation"), max_rows=100, n_repeats=2)
    path = learn_report(tmp_path, [ev], [att])
    html = path.read_text(encoding="utf-8")
    for name in ("evaluation.png", "curves_synthetic_planted_classification.png"):
        assert (tmp_path / name).read_bytes()[:8] == PNG
    saliency = list(tmp_path.glob("saliency_*.png"))
    assert len(saliency) == 1 and saliency[0].read_bytes()[:8] == PNG
    assert html.count("data:image/png;base64") == 3
    assert "<tr class='learner'>" in html and "<tr class='null'>" in html
    assert f"{ev.learner.mean('accuracy'):.4f}" in html  # the measured number, verbatim
    assert "gradient saliency, eq. (1)" in html


def test_html_escapes_user_text(tmp_path):
    p = write_report(tmp_path, "<script>x</script>", [Section("a & b", text="1 < 2", rows=[{"k": "<b>"}])])
    html = p.read_text()
    assert "<script>x" not in html and "&lt;script&gt;" in html and "&lt;b&gt;" in html
    assert table_html([]) == "<p class='note'>(no rows)</p>"


def test_line_chart(tmp_path):
    """The figure has the size asked for (6 x 3.8 inches at 110 dpi) and the series is drawn in
    matplotlib's first colour (#1f77b4)."""
    p = line_chart(
        [0.1, 0.5, 0.9],
        {"mlp": [0.5, 0.7, 0.9]},
        tmp_path / "g.png",
        errors={"mlp": [0.01, 0.02, 0.0]},
        xlabel="fraction",
    )
    import matplotlib.image as mpimg
    import numpy as np

    img = mpimg.imread(p)
    assert img.shape[:2] == (418, 660)
    rgb = np.round(img[..., :3] * 255).astype(int)
    assert (np.abs(rgb - [0x1F, 0x77, 0xB4]).sum(axis=-1) < 10).sum() > 200  # the line and markers


def test_generalisation_chart_draws_every_model(tmp_path):
    from conjectura.learn.generalisation import generalisation_curve
    from conjectura.report.figures import generalisation_chart

    c = generalisation_curve(planted_task(), fractions=(0.2, 0.5), learner="logistic", seeds=(0,))
    p = generalisation_chart(c, tmp_path / "c.png")
    assert p.read_bytes()[:8] == PNG
    import matplotlib.image as mpimg
    import numpy as np

    rgb = np.round(mpimg.imread(p)[..., :3] * 255).astype(int)
    for colour in ([0x1F, 0x77, 0xB4], [0xFF, 0x7F, 0x0E], [0x2C, 0xA0, 0x2C]):  # learner, majority, null
        assert (np.abs(rgb - colour).sum(axis=-1) < 10).sum() > 50
