"""The report of a ``learn`` run: evaluation tables, attribution charts, learning curves."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from conjectura.report.figures import (
    evaluation_chart,
    learning_curves_chart,
    pair_heatmap,
    saliency_chart,
)
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
        if ev.models and all(callable(getattr(m, "dataset_inputs", None)) for m in ev.models.values()):
            notes += (
                f" The learner {ev.learner.name} reads each row's graph from the dataset's graph store "
                f"({ev.meta.get('graph_store', '')}); the features above are the baselines' inputs."
            )
        if ev.failures():
            notes += "\n\nBaselines that could not run on this task: " + "; ".join(ev.failures())
        rows = [dict(r, role=r["role"]) for r in ev.table_rows()]
        sections.append(Section(f"Evaluation{tag}", text=notes, rows=rows))
        if att and "graph_saliency" in att:
            sections.append(_graph_saliency_section(att["graph_saliency"], directory, slug, ev.task, tag))
        elif att:
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


def _graph_saliency_section(attribution, directory: Path, slug: str, task: str, tag: str) -> Section:
    """The heatmap of Fig. 3a of Davies et al. (2021) and the table of edge labels of a graph learner."""
    gs = attribution.meta["graph_saliency"]
    png = pair_heatmap(
        gs.matrix(),
        directory / f"salient_reflections_{slug}.png",
        title=f"{task}{tag}\nreflections in salient subgraphs vs all edges, mean of {len(gs.seeds)} seeds",
    )
    kinds = gs.kinds()
    text = (
        f"Salient nodes: gradient norm of the loss with respect to the node features above the "
        f"{gs.percentile:g}th percentile, on each seed's held-out graphs "
        f"({', '.join(str(int(g)) for g in gs.graphs)} graphs; {', '.join(str(int(k)) for k in gs.salient_nodes)} "
        f"salient nodes of {', '.join(str(int(k)) for k in gs.nodes)}). The heatmap shows, for every reflection "
        f"(i j), the change in its relative frequency among the edges of the salient subgraphs against all edges "
        f"of the same graphs, in percent (Davies et al. 2021, Fig. 3a). By kind: "
        + "; ".join(
            f"{k} {v['all']:.3f} of all edges, {v['salient']:.3f} of salient edges ({v['change']:+.1f} ± {v['change_sd']:.1f}%)"
            for k, v in kinds.items()
        )
        + "."
    )
    rows = [{k: (f"{v:.4f}" if isinstance(v, float) else v) for k, v in r.items()} for r in gs.rows()]
    return Section(f"Salient subgraphs{tag}", text=text, rows=rows, images=[png])


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
