"""Figures (matplotlib, Agg backend) written to PNG files."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np

__all__ = [
    "saliency_chart",
    "learning_curves_chart",
    "evaluation_chart",
    "generalisation_chart",
    "line_chart",
    "pair_heatmap",
]


def _plt():
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    return plt


def saliency_chart(attributions: Sequence, path: str | Path, *, title: str = "") -> Path:
    """Horizontal bar chart, one panel per attribution method, bars = mean over seeds with the
    standard deviation as error bars, features sorted by the first method's ranking.

    The scores of each method are divided by their total so the panels share an axis (the
    ranking is unchanged by this normalisation)."""
    plt = _plt()
    path = Path(path)
    atts = list(attributions)
    names = atts[0].ranking()[::-1]
    fig, axes = plt.subplots(
        1, len(atts), figsize=(4.2 * len(atts), 0.35 * len(names) + 1.6), sharey=True, squeeze=False
    )
    for ax, a in zip(axes[0], atts):
        order = [a.feature_names.index(n) for n in names]
        total = float(np.sum(np.abs(a.mean))) or 1.0
        ax.barh(
            range(len(names)),
            a.mean[order] / total,
            xerr=a.std[order] / total,
            color="#4c72b0",
            ecolor="#333333",
            capsize=2,
        )
        ax.set_title(f"{a.label}\n({len(a.seeds)} seeds)", fontsize=9)
        ax.set_xlabel("share of total attribution")
    axes[0][0].set_yticks(range(len(names)))
    axes[0][0].set_yticklabels(names, fontsize=8)
    if title:
        fig.suptitle(title, fontsize=10)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def learning_curves_chart(curves: Mapping, path: str | Path, *, title: str = "") -> Path:
    """Training and validation loss per epoch, one colour per seed (dashed: validation); the
    epoch whose weights were kept is marked."""
    plt = _plt()
    path = Path(path)
    fig, ax = plt.subplots(figsize=(6, 3.8))
    for k, (seed, h) in enumerate(sorted(curves.items(), key=lambda kv: str(kv[0]))):
        c = f"C{k % 10}"
        ax.plot(h["train_loss"], color=c, label=f"seed {seed} train")
        ax.plot(h["val_loss"], color=c, ls="--", label=f"seed {seed} validation")
        if "best_epoch" in h and h["val_loss"]:
            b = int(h["best_epoch"])
            ax.plot([b], [h["val_loss"][b]], "o", color=c)
    ax.set_xlabel("epoch")
    ax.set_ylabel("loss")
    ax.set_yscale("log")
    ax.legend(fontsize=7)
    ax.set_title(title or "learning curves", fontsize=10)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def evaluation_chart(evaluations: Sequence, path: str | Path, *, title: str = "") -> Path:
    """Mean test metric with spread for every row of one or more evaluations (grouped by
    representation), the learner highlighted and the null greyed."""
    plt = _plt()
    path = Path(path)
    labels, means, stds, colors = [], [], [], []
    palette = {"learner": "#2a9d55", "baseline": "#4c72b0", "null": "#999999"}
    for ev in evaluations:
        rep = ev.params.get("representation")
        for r in ev.rows:
            if r.error:
                continue
            labels.append(r.name + (f" [{rep}]" if rep and len(evaluations) > 1 else ""))
            means.append(r.mean(ev.metric))
            stds.append(r.std(ev.metric))
            colors.append(palette.get(r.role, "#4c72b0"))
    fig, ax = plt.subplots(figsize=(6, 0.32 * len(labels) + 1.4))
    y = np.arange(len(labels))[::-1]
    ax.barh(y, means, xerr=stds, color=colors, capsize=2)
    ax.set_yticks(y)
    ax.set_yticklabels(labels, fontsize=8)
    ax.set_xlabel(f"test {evaluations[0].metric} (mean ± sd over seeds)")
    ax.set_title(title, fontsize=10)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def line_chart(
    x,
    series: Mapping[str, Sequence[float]],
    path: str | Path,
    *,
    xlabel: str = "",
    ylabel: str = "",
    title: str = "",
    errors: Mapping[str, Sequence[float]] | None = None,
) -> Path:
    """A plain line chart (one line per series), e.g. a generalisation curve."""
    plt = _plt()
    path = Path(path)
    fig, ax = plt.subplots(figsize=(6, 3.8))
    for name, ys in series.items():
        err = (errors or {}).get(name)
        ax.errorbar(x, ys, yerr=err, marker="o", ms=3, capsize=2, label=name)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title, fontsize=10)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def generalisation_chart(curve, path: str | Path) -> Path:
    """Mean ± sd of the test accuracy of each model of a
    :class:`~conjectura.learn.generalisation.GeneralisationCurve` against the training fraction
    (the null dashed), on a shared [0, 1] axis."""
    plt = _plt()
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig, ax = plt.subplots(figsize=(6, 4))
    for model in curve.models():
        f, m, s = curve.curve(model)
        ax.errorbar(
            f,
            m,
            yerr=s,
            marker="o",
            capsize=3,
            label=model,
            linestyle="--" if model.startswith("null") else "-",
        )
    ax.set_xlabel("training fraction f")
    ax.set_ylabel("test accuracy (on the complement)")
    rep = curve.params.get("representation")
    extra = ", ".join(f"{k}={v}" for k, v in curve.params.items() if k != "representation")
    ax.set_title(f"{curve.task} ({extra}{', ' + rep if rep else ''})")
    ax.set_ylim(0, 1.02)
    ax.grid(alpha=0.3)
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path


def pair_heatmap(
    matrix,
    path: str | Path,
    *,
    title: str = "",
    vmax: float = 50.0,
    label: str = "change in frequency (%)",
    xlabel: str = "i (first position of the reflection)",
    ylabel: str = "j (second position)",
) -> Path:
    """A heatmap of a lower-triangular matrix indexed by pairs ``i < j`` (entry ``[j-1, i-1]``),
    diverging colours centred at 0 and clipped to ``[-vmax, vmax]`` (as Fig. 3a of Davies et
    al. 2021, which used the same scale for the change of reflection frequencies)."""
    plt = _plt()
    path = Path(path)
    M = np.asarray(matrix, dtype=float)
    n = M.shape[0]
    shown = np.ma.masked_invalid(np.where(np.tril(np.ones((n, n), dtype=bool), -1), M, np.nan))
    fig, ax = plt.subplots(figsize=(5.6, 4.8))
    im = ax.imshow(shown, cmap="RdBu_r", vmin=-vmax, vmax=vmax)
    ax.set_xticks(range(n))
    ax.set_xticklabels(range(1, n + 1))
    ax.set_yticks(range(n))
    ax.set_yticklabels(range(1, n + 1))
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    for (r, c), v in np.ndenumerate(M):
        if r > c and np.isfinite(v):
            color = "white" if abs(v) > 0.6 * vmax else "#222222"
            ax.text(c, r, f"{v:+.0f}", ha="center", va="center", fontsize=6, color=color)
    fig.colorbar(im, ax=ax, label=label, shrink=0.85)
    ax.set_title(title, fontsize=10)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path
