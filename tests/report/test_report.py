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
    p = line_chart(
        [0.1, 0.5, 0.9],
        {"mlp": [0.5, 0.7, 0.9]},
        tmp_path / "g.png",
        errors={"mlp": [0.01, 0.02, 0.0]},
        xlabel="fraction",
    )
    import matplotlib.image as mpimg

    img = mpimg.imread(p)
    assert img.shape[0] > 100 and img.shape[1] > 100
