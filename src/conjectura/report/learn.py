"""The report of a ``learn`` run: evaluation tables, attribution charts, learning curves."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from conjectura.report.figures import evaluation_chart, learning_curves_chart, saliency_chart
from conjectura.report.html import Section, write_report

__all__ = ["learn_report", "learn_sections"]


def _slug(s: str) -> str:
    return "".join(ch if ch.isalnum() else "_" for ch in s).strip("_") or "x"


def learn_sections(
    directory: str | Path, evaluations: Sequence, attributions: Sequence[Mapping] | None = None
) -> list[Section]:
    """Sections (with their PNG figures written to ``directory``) for one or more evaluations;
    ``attributions[k]`` is the ``{method: Attribution}`` of ``evaluations[k]``."""
    from conjectura.interpret.saliency import Attributions
    from conjectura.learn.splits import describe_split

    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    attributions = list(attributions or [{}] * len(evaluations))
    sections: list[Section] = []
    if evaluations:
        png = evaluation_chart(
            evaluations,
            directory / "evaluation.png",
            title=f"{evaluations[0].task}: test {evaluations[0].metric}",
        )
        verdicts = "\n\n".join(
            (f"[{ev.params.get('representation')}] " if ev.params.get("representation") else "")
            + ev.verdict()
            for ev in evaluations
        )
        sections.append(Section("Summary", text=verdicts, images=[png]))
    for ev, att in zip(evaluations, attributions):
        rep = ev.params.get("representation")
        tag = f" [{rep}]" if rep else ""
        slug = _slug(f"{ev.task}_{rep or ''}")
        notes = (
            f"Task {ev.task} ({ev.kind}), parameters {dict(ev.params)}. Split: "
            f"{describe_split(ev.split)}, test size {ev.test_size}, seeds {list(ev.seeds)}; "
            f"{ev.n_rows} rows used, {ev.n_dropped} dropped for missing values; train/test "
            f"sizes per seed {ev.n_train}/{ev.n_test}. Features: "
            f"{', '.join(ev.feature_names)}. The null is the learner trained on randomly "
            f"permuted training labels."
        )
        if ev.failures():
            notes += "\n\nBaselines that could not run on this task: " + "; ".join(ev.failures())
        rows = [dict(r, role=r["role"]) for r in ev.table_rows()]
        sections.append(Section(f"Evaluation{tag}", text=notes, rows=rows))
        if att:
            png = saliency_chart(
                list(att.values()),
                directory / f"saliency_{slug}.png",
                title=f"{ev.task}{tag}: which inputs matter",
            )
            att = Attributions(att)
            first = att.primary
            sections.append(
                Section(
                    f"Attribution{tag}",
                    text=(
                        f"Ranking by {first.label}, mean ± sd over seeds, on held-out rows. "
                        f"Top three per seed: {att.top_per_seed(3)}."
                    ),
                    rows=att.rows(),
                    images=[png],
                )
            )
        if ev.curves:
            png = learning_curves_chart(
                ev.curves,
                directory / f"curves_{slug}.png",
                title=f"{ev.task}{tag}: {ev.learner.name} loss per epoch",
            )
            sections.append(
                Section(
                    f"Learning curves{tag}",
                    text="Solid: training loss; dashed: validation loss (the "
                    "slice of the training data used for early stopping); "
                    "dot: the epoch whose weights were kept.",
                    images=[png],
                )
            )
    return sections


def learn_report(
    directory: str | Path,
    evaluations: Sequence,
    attributions: Sequence[Mapping] | None = None,
    *,
    title: str | None = None,
    extra: Sequence[Section] = (),
    filename: str = "report.html",
) -> Path:
    """Write ``directory/filename`` for a learn run (figures beside it) and return its path."""
    sections = learn_sections(directory, evaluations, attributions) + list(extra)
    title = title or f"conjectura learn {evaluations[0].task}"
    return write_report(directory, title, sections, filename=filename)
