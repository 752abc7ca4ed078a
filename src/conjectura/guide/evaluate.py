"""Evaluate solvers of a move game on a fixed set of instances, with every success replayed.

:func:`evaluate_game` runs each method on each instance within the same budget, hands every
reported solution to an independent checker (a failed replay is a bug and raises
:class:`~conjectura.exceptions.VerificationError`), and summarises per method and instance group:
solved fraction, mean solution length, median time, mean expansions. Negative controls
(instances known to be unsolvable) are summarised apart; a solution of one is impossible and also
raises.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from conjectura.core.certificate import Verdict
from conjectura.core.jsonable import to_jsonable
from conjectura.core.seeding import SeedLike, child_seeds
from conjectura.exceptions import ConjecturaError, InvalidParameterError, VerificationError
from conjectura.guide.game import MoveGame, SolveResult

__all__ = ["Instance", "GameEvaluation", "evaluate_game"]

Method = Callable[..., SolveResult]
Checker = Callable[[Any, tuple], Verdict]


@dataclass(frozen=True)
class Instance:
    """A start state with its tags (e.g. ``length``, ``strands``) and whether it is a negative
    control (known to have no solution)."""

    state: Any
    tags: Mapping[str, Any] = field(default_factory=dict)
    negative: bool = False

    @classmethod
    def coerce(cls, obj: Any) -> Instance:
        """An :class:`Instance` from itself, or from a mapping with a ``state`` key (an optional
        ``negative`` flag; every other key is a tag)."""
        if isinstance(obj, Instance):
            return obj
        if isinstance(obj, Mapping) and "state" in obj:
            tags = {k: v for k, v in obj.items() if k not in ("state", "negative")}
            return cls(obj["state"], tags, bool(obj.get("negative", False)))
        raise InvalidParameterError(
            "The 'instances' parameter of evaluate_game must hold Instance objects or mappings with a "
            f"'state' key. Got {type(obj).__name__} instead."
        )


@dataclass
class GameEvaluation:
    """Results of :func:`evaluate_game`: one record per (method, instance) and their summaries."""

    game: str
    methods: list[str]
    group_by: tuple[str, ...]
    records: list[dict[str, Any]]
    params: dict[str, Any]
    seconds: float

    # -- summaries ------------------------------------------------------------------------
    def summary(self, *, negative: bool = False) -> list[dict[str, Any]]:
        """One row per method and group: ``n``, ``solved``, ``fraction``, ``mean_moves`` (over
        instances solved within the budgets; ``None`` if none), ``median_seconds`` and
        ``mean_expansions`` (over all runs)."""
        rows = []
        groups = sorted(
            {
                tuple(r["tags"].get(k) for k in self.group_by)
                for r in self.records
                if r["negative"] == negative
            },
            key=lambda g: tuple((v is None, v) for v in g),
        )
        for m in self.methods:
            for g in groups:
                rs = [
                    r
                    for r in self.records
                    if r["method"] == m
                    and r["negative"] == negative
                    and tuple(r["tags"].get(k) for k in self.group_by) == g
                ]
                if not rs:
                    continue
                solved = [r for r in rs if r["solved"]]
                row = {"method": m, **dict(zip(self.group_by, g))}
                row.update(
                    n=len(rs),
                    solved=len(solved),
                    fraction=len(solved) / len(rs),
                    mean_moves=float(np.mean([r["n_moves"] for r in solved])) if solved else None,
                    median_seconds=float(statistics.median(r["seconds"] for r in rs)),
                    mean_expansions=float(np.mean([r["expansions"] for r in rs])),
                )
                rows.append(row)
        return rows

    def negatives_solved(self) -> int:
        """Negative controls reported solved (0 by construction: a solution raises)."""
        return sum(1 for r in self.records if r["negative"] and r["solved"])

    def to_dict(self) -> dict[str, Any]:
        return to_jsonable(
            {
                "game": self.game,
                "methods": self.methods,
                "group_by": list(self.group_by),
                "params": self.params,
                "seconds": self.seconds,
                "summary": self.summary(),
                "negative_controls": self.summary(negative=True),
                "negatives_solved": self.negatives_solved(),
                "records": self.records,
            },
            finite=True,
        )

    def table(self, title: str | None = None, *, negative: bool = False):
        """A :class:`rich.table.Table` of :meth:`summary` (``negative=True``: the controls)."""
        from rich.table import Table

        rows = self.summary(negative=negative)
        what = "negative controls" if negative else "instances"
        t = Table(title=title or f"{self.game}: {what}, budget {self.params.get('budget', '')}")
        cols = ["method", *self.group_by, "n", "solved", "fraction", "mean moves", "median s", "mean exp."]
        for c in cols:
            t.add_column(c, justify="left" if c == "method" else "right")
        for r in rows:
            t.add_row(
                r["method"],
                *[str(r[k]) for k in self.group_by],
                str(r["n"]),
                str(r["solved"]),
                f"{r['fraction']:.2f}",
                "-" if r["mean_moves"] is None else f"{r['mean_moves']:.1f}",
                f"{r['median_seconds']:.3f}",
                f"{r['mean_expansions']:.0f}",
            )
        return t

    def plot(self, path: str | Path, *, x: str | None = None, panel: str | None = None) -> Path:
        """PNG of the solved fraction against the tag ``x`` (default the first ``group_by`` key),
        one line per method, one panel per value of ``panel`` (default the second key)."""
        import matplotlib

        matplotlib.use("Agg", force=False)
        import matplotlib.pyplot as plt

        x = x or self.group_by[0]
        panel = panel if panel is not None else (self.group_by[1] if len(self.group_by) > 1 else None)
        rows = self.summary()
        panels = sorted({r.get(panel) for r in rows}, key=lambda v: (v is None, v)) if panel else [None]
        fig, axes = plt.subplots(1, len(panels), figsize=(4.2 * len(panels), 3.4), squeeze=False, sharey=True)
        for ax, pv in zip(axes[0], panels):
            for m in self.methods:
                pts = sorted(
                    (r[x], r["fraction"])
                    for r in rows
                    if r["method"] == m and (panel is None or r[panel] == pv)
                )
                if pts:
                    ax.plot([p[0] for p in pts], [p[1] for p in pts], marker="o", label=m)
            ax.set_xlabel(x)
            ax.set_ylim(-0.03, 1.03)
            ax.set_title(f"{panel} = {pv}" if panel else self.game, fontsize=9)
            ax.grid(alpha=0.3)
        axes[0][0].set_ylabel("solved fraction")
        axes[0][-1].legend(fontsize=7, loc="best")
        fig.suptitle(f"{self.game}: solved within {self.params.get('budget', '')}", fontsize=10)
        fig.tight_layout()
        path = Path(path)
        fig.savefig(path, dpi=110)
        plt.close(fig)
        return path

    def report(self, directory: str | Path, *, title: str | None = None, notes: str = "") -> Path:
        """A static HTML report in ``directory``: the plot of solved fraction against the first
        ``group_by`` tag, the summary table and the negative controls (``report.html``)."""
        from conjectura.report.html import Section, write_report

        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        png = self.plot(directory / "solved_fraction.png")
        cols = [
            "method",
            *self.group_by,
            "n",
            "solved",
            "fraction",
            "mean_moves",
            "median_seconds",
            "mean_expansions",
        ]
        sections = [
            Section("Solved fraction", text=notes, images=[png]),
            Section(f"Summary (budget {self.params.get('budget', '')})", rows=self.summary(), columns=cols),
        ]
        neg = self.summary(negative=True)
        if neg:
            sections.append(
                Section(
                    "Negative controls",
                    text=f"Instances known to have no solution; reported solved: {self.negatives_solved()}.",
                    rows=neg,
                    columns=cols,
                )
            )
        return write_report(
            directory, title or f"{self.game}: evaluation", sections, subtitle=f"{len(self.records)} runs"
        )


def evaluate_game(
    game: MoveGame,
    instances: Sequence[Instance | Mapping[str, Any]],
    methods: Mapping[str, Method],
    *,
    check: Checker,
    max_expansions: int | None = 2_000,
    max_seconds: float | None = None,
    max_moves: int | None = None,
    seed: SeedLike = 0,
    group_by: Sequence[str] = ("length", "strands"),
    progress: bool = False,
) -> GameEvaluation:
    """Run every method on every instance within one budget and replay every success.

    Parameters
    ----------
    game : MoveGame
    instances : sequence of Instance or mappings
        Start states with tags; mappings as :meth:`Instance.coerce` reads them (e.g. the records
        of :func:`conjectura.domains.braids.unknot_instances`).
    methods : mapping of str to callable
        ``name -> solver``; a solver is called as ``solver(game, state, max_expansions=...,
        max_seconds=..., seed=...)`` and returns a :class:`SolveResult` (all of
        :mod:`conjectura.guide` solvers, with options bound by ``functools.partial``).
    check : callable
        The independent checker: ``check(start_state, moves) -> Verdict``. Every reported
        solution is passed to it.
    max_expansions, max_seconds
        The budget of every run.
    max_moves : int, optional
        The move budget: a solution with more moves is replayed but counted as not solved
        (its record says ``"stop": "moves"``).
    seed : int, Generator or None
        One seed; each (method, instance) run gets a child seed, the same across methods for an
        instance index.
    group_by : sequence of str
        Tags that define the summary groups.
    progress : bool
        A progress bar on stderr.

    Returns
    -------
    GameEvaluation

    Raises
    ------
    VerificationError
        A method reported a solution the checker rejects, or a solution of a negative control.
    """
    insts = [Instance.coerce(i) for i in instances]
    if not insts:
        raise InvalidParameterError("The 'instances' parameter of evaluate_game must not be empty.")
    if not methods:
        raise InvalidParameterError("The 'methods' parameter of evaluate_game must name at least one solver.")
    seeds = child_seeds(seed, len(insts))
    records: list[dict[str, Any]] = []
    t0 = time.perf_counter()
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=len(insts) * len(methods), desc="evaluate", unit="run", leave=False)
    try:
        for name, method in methods.items():
            for k, inst in enumerate(insts):
                res = method(
                    game, inst.state, max_expansions=max_expansions, max_seconds=max_seconds, seed=seeds[k]
                )
                within = res.solved and (max_moves is None or res.n_moves <= max_moves)
                rec = {
                    "method": name,
                    "instance": k,
                    "tags": dict(inst.tags),
                    "negative": inst.negative,
                    "solved": bool(within),
                    "n_moves": res.n_moves if res.solved else None,
                    "expansions": res.expansions,
                    "seconds": res.seconds,
                    "stop": res.stop if within or not res.solved else "moves",
                    "replayed": None,
                }
                if res.solved:
                    try:
                        verdict = check(inst.state, tuple(res.moves))
                    except (ValueError, ConjecturaError) as exc:  # a checker that raises rejects
                        verdict = Verdict(False, f"{type(exc).__name__}: {exc}")
                    if not verdict.holds:
                        raise VerificationError(
                            f"{name} reported a solution of instance {k} {dict(inst.tags)} that the "
                            f"independent checker rejects: {verdict.reason}"
                        )
                    if inst.negative:
                        raise VerificationError(
                            f"{name} solved the negative control {k} {dict(inst.tags)} and the checker "
                            "accepted it: the control is not what it claims to be, or the checker is wrong."
                        )
                    rec["replayed"] = True
                records.append(rec)
                if bar is not None:
                    bar.update(1)
    finally:
        if bar is not None:
            bar.close()
    budget = ", ".join(
        p
        for p in (
            f"{max_expansions} expansions" if max_expansions else "",
            f"{max_seconds:g}s" if max_seconds else "",
            f"{max_moves} moves" if max_moves else "",
        )
        if p
    )
    return GameEvaluation(
        game=str(getattr(game, "name", type(game).__name__)),
        methods=list(methods),
        group_by=tuple(group_by),
        records=records,
        params={
            "budget": budget,
            "max_expansions": max_expansions,
            "max_seconds": max_seconds,
            "max_moves": max_moves,
            "n_instances": len(insts),
        },
        seconds=time.perf_counter() - t0,
    )
