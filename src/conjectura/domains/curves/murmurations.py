"""Murmurations: averages of a_p over families of elliptic curves, by rank or by root number.

He, Lee, Oliver and Pozdnyakov [1]_ found, by principal component analysis of the vectors
:math:`(a_p)_p` of curves with conductor in :math:`[7500, 10000]`, that the averages

.. math:: m_r(p) = \\frac{1}{\\#\\mathcal{F}_r} \\sum_{E \\in \\mathcal{F}_r} a_p(E),
    \\qquad \\mathcal{F}_r = \\{E : N_E \\in [N_1, N_2],\\ \\operatorname{rank} E = r\\}

oscillate in :math:`p` (one curve per isogeny class), with :math:`m_0 > m_1` for small
:math:`p` and sign changes of :math:`m_0 - m_1` at a scale set by the conductors. Sutherland
and Zubrilina [2]_ [3]_ normalised the picture: over a dyadic conductor interval
:math:`[X, 2X]` the average of :math:`\\varepsilon(E)\\,a_p(E)` is a function of
:math:`p/X` alone in the limit (the murmuration density), which Zubrilina proved for modular
forms.

Conventions: ranges include both ends; one curve per isogeny class (the optimal curve), as in
:mod:`conjectura.domains.curves.build`; :math:`a_p` at bad primes is included (0 or ±1).

References
----------
.. [1] Y.-H. He, K.-H. Lee, T. Oliver, A. Pozdnyakov, "Murmurations of elliptic curves",
   Experimental Mathematics (2024), arXiv:2204.10140.
.. [2] N. Zubrilina, "Murmurations", arXiv:2310.07681.
.. [3] A. V. Sutherland, "Murmurations of arithmetic L-functions", talk and notes (2023);
   see also He, Lee, Oliver, Pozdnyakov, Sutherland, "Murmurations of L-functions" (2023).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from conjectura.exceptions import InvalidParameterError

__all__ = [
    "Murmurations",
    "Dyadic",
    "murmurations",
    "rank_averages",
    "dyadic_averages",
    "sign_changes",
    "moving_average",
    "plot_rank_averages",
    "plot_dyadic",
]


def _ap_matrix(frame, primes: Sequence[int] | None):
    cols = [c for c in frame.columns if c.startswith("a_") and c[2:].isdigit()]
    if primes is not None:
        want = [f"a_{int(p)}" for p in primes]
        missing = [c for c in want if c not in cols]
        if missing:
            raise InvalidParameterError(f"The table has no column {missing[0]!r}: build it with more primes.")
        cols = want
    if not cols:
        raise InvalidParameterError("The table has no a_p columns (a_2, a_3, ...).")
    return np.array([int(c[2:]) for c in cols]), frame[cols].to_numpy(dtype=np.float64)


def rank_averages(frame, *, primes: Sequence[int] | None = None, ranks: Sequence[int] | None = None):
    """The murmuration table :math:`m_r(p)`: the mean of :math:`a_p` over curves of each rank.

    Parameters
    ----------
    frame : pandas.DataFrame
        Columns ``rank`` and ``a_2, a_3, ...`` (e.g. from
        :func:`~conjectura.domains.curves.build.load_curves`).
    primes : sequence of int, optional
        Primes to use (default: every ``a_p`` column).
    ranks : sequence of int, optional
        Ranks to report (default: every rank present).

    Returns
    -------
    pandas.DataFrame
        Index ``p``; columns ``rank_0, rank_1, ...``; ``attrs["counts"]`` maps each rank to the
        number of curves averaged.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"rank": [0, 0, 1], "a_2": [1, -1, -2], "a_3": [2, 0, -1]})
    >>> rank_averages(df).to_dict("list")
    {'rank_0': [0.0, 1.0], 'rank_1': [-2.0, -1.0]}
    """
    import pandas as pd

    if len(frame) == 0:
        raise InvalidParameterError("rank_averages got an empty table (no curves in the range).")
    p, ap = _ap_matrix(frame, primes)
    rk = frame["rank"].to_numpy()
    ranks = sorted({int(r) for r in rk}) if ranks is None else [int(r) for r in ranks]
    out, counts = {}, {}
    for r in ranks:
        mask = rk == r
        counts[r] = int(mask.sum())
        if counts[r] == 0:
            raise InvalidParameterError(f"No curve of rank {r} in the table.")
        out[f"rank_{r}"] = ap[mask].mean(axis=0)
    res = pd.DataFrame(out, index=pd.Index(p, name="p"))
    res.attrs["counts"] = counts
    return res


def dyadic_averages(frame, x: int, *, primes: Sequence[int] | None = None):
    """Sutherland-Zubrilina averages over conductors in :math:`[X, 2X]`, against :math:`p/X`.

    .. math:: M_X(p) = \\frac{1}{\\#\\{E : X \\le N_E \\le 2X\\}}
        \\sum_{X \\le N_E \\le 2X} \\varepsilon(E)\\, a_p(E)

    Parameters
    ----------
    frame : pandas.DataFrame
        Columns ``conductor``, ``root_number`` and ``a_p``; must cover :math:`[X, 2X]`.
    x : int
        The start :math:`X` of the dyadic interval.
    primes : sequence of int, optional

    Returns
    -------
    pandas.DataFrame
        Index ``p``; columns ``p_over_X``, ``eps_ap`` (:math:`M_X(p)`), ``root_plus`` and
        ``root_minus`` (mean :math:`a_p` over :math:`\\varepsilon = \\pm 1`);
        ``attrs["counts"]`` gives the number of curves of each root number.
    """
    import pandas as pd

    sub = frame[(frame["conductor"] >= x) & (frame["conductor"] <= 2 * x)]
    if len(sub) == 0:
        raise InvalidParameterError(f"No curve with conductor in [{x}, {2 * x}].")
    p, ap = _ap_matrix(sub, primes)
    eps = sub["root_number"].to_numpy().astype(np.float64)
    res = pd.DataFrame(
        {
            "p_over_X": p / x,
            "eps_ap": (eps[:, None] * ap).mean(axis=0),
            "root_plus": ap[eps > 0].mean(axis=0) if (eps > 0).any() else np.nan,
            "root_minus": ap[eps < 0].mean(axis=0) if (eps < 0).any() else np.nan,
        },
        index=pd.Index(p, name="p"),
    )
    res.attrs["counts"] = {"+1": int((eps > 0).sum()), "-1": int((eps < 0).sum())}
    return res


def sign_changes(p: Sequence[int], values: Sequence[float]) -> list[int]:
    """The primes at which ``values`` takes the opposite sign of its last nonzero value.

    >>> sign_changes([2, 3, 5, 7, 11], [1.0, 0.5, 0.0, -0.2, 0.3])
    [7, 11]
    """
    out, last = [], 0.0
    for q, v in zip(p, values):
        if v == 0 or not np.isfinite(v):
            continue
        if last and np.sign(v) != np.sign(last):
            out.append(int(q))
        last = v
    return out


def moving_average(values: Sequence[float], window: int) -> np.ndarray:
    """Centred moving average over ``window`` consecutive values (shorter at the ends).

    >>> moving_average([0.0, 3.0, 0.0, 3.0], 3).tolist()
    [1.5, 1.0, 2.0, 1.5]
    """
    v = np.asarray(values, dtype=np.float64)
    if window <= 1:
        return v.copy()
    kernel = np.ones(window)
    num = np.convolve(v, kernel, mode="same")
    den = np.convolve(np.ones_like(v), kernel, mode="same")
    return num / den


def plot_rank_averages(table, path: str | Path, *, title: str = "") -> Path:
    """PNG of :math:`m_r(p)` against :math:`p`, one curve per rank (matplotlib, Agg)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(9, 4.5))
    counts = table.attrs.get("counts", {})
    for col in table.columns:
        r = int(col.split("_")[1])
        ax.plot(table.index, table[col], ".", ms=3, label=f"rank {r} ({counts.get(r, '?')} classes)")
    ax.axhline(0, color="k", lw=0.5)
    ax.set_xlabel("p")
    ax.set_ylabel("average of $a_p$")
    ax.set_title(title or "Murmurations: average $a_p$ by rank")
    return _save(fig, ax, path)


def plot_dyadic(table, path: str | Path, *, x: int) -> Path:
    """PNG of the dyadic averages against :math:`p/X`: :math:`\\varepsilon a_p` and each root number."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    counts = table.attrs.get("counts", {})
    fig, ax = plt.subplots(figsize=(9, 4.5))
    ax.plot(table["p_over_X"], table["eps_ap"], ".", ms=3, color="k", label=r"$\varepsilon\, a_p$ (all)")
    ax.plot(
        table["p_over_X"],
        table["root_plus"],
        ".",
        ms=2,
        alpha=0.6,
        label=f"$a_p$, root number +1 ({counts.get('+1', '?')})",
    )
    ax.plot(
        table["p_over_X"],
        table["root_minus"],
        ".",
        ms=2,
        alpha=0.6,
        label=f"$a_p$, root number -1 ({counts.get('-1', '?')})",
    )
    ax.axhline(0, color="k", lw=0.5)
    ax.set_xlabel("p / X")
    ax.set_ylabel("average")
    ax.set_title(f"Murmurations over conductors in [{x}, {2 * x}]")
    return _save(fig, ax, path)


@dataclass(frozen=True)
class Dyadic:
    """The Sutherland-Zubrilina averages over conductors in :math:`[X, 2X]` (see
    :func:`dyadic_averages`), with the primes where :math:`M_X` and its moving average change
    sign."""

    x: int
    table: Any  # pandas.DataFrame: index p; p_over_X, eps_ap, root_plus, root_minus
    counts: dict[str, int]
    sign_changes: list[int]
    sign_changes_smoothed: list[int]

    def to_dict(self) -> dict[str, Any]:
        return {
            "X": self.x,
            "counts": dict(self.counts),
            "sign_changes": list(self.sign_changes),
            "sign_changes_smoothed": list(self.sign_changes_smoothed),
            "table": _rows(self.table),
        }


@dataclass(kw_only=True)
class Murmurations:
    """The murmuration tables of a conductor range: what :func:`murmurations` returns.

    Attributes
    ----------
    conductor : (int, int)
        The range, both ends included.
    primes : int
        Number of primes :math:`p`.
    window : int
        Width of the moving average of the smoothed sign changes.
    rank_table : pandas.DataFrame
        :math:`m_r(p)` (:func:`rank_averages`): index ``p``, columns ``rank_0, rank_1, ...``.
    counts : dict of int to int
        Isogeny classes of each rank.
    rank0_above_rank1_first : int or None
        How many of the first primes have :math:`m_0(p) > m_1(p)` before the first failure.
    sign_changes, sign_changes_smoothed : list of int
        Primes where :math:`m_0 - m_1` (resp. its moving average over ``window`` primes)
        changes sign.
    dyadic : Dyadic or None
        With ``dyadic=X``: the averages of :math:`\\varepsilon a_p` over :math:`[X, 2X]`.
    files : list of str
        Files written by :meth:`report` (or into the run directory when a store was given).
    run_id : int or None
        The run of the store that recorded the analysis.
    """

    conductor: tuple[int, int]
    primes: int
    window: int
    rank_table: Any
    counts: dict[int, int]
    rank0_above_rank1_first: int | None
    sign_changes: list[int]
    sign_changes_smoothed: list[int]
    dyadic: Dyadic | None = None
    files: list[str] = field(default_factory=list)
    run_id: int | None = None

    def to_dict(self) -> dict[str, Any]:
        """The ``--json`` document of ``conjectura murmurations``.

        Keys: ``conductor`` [lo, hi]; ``primes``; ``counts`` (classes per rank, keys as
        strings); ``rank_table`` (rows ``{"p", "rank_0", "rank_1", ...}``);
        ``rank0_above_rank1_first``; ``sign_changes``; ``sign_changes_smoothed``; ``window``;
        with ``dyadic``: ``dyadic`` {``X``, ``counts``, ``sign_changes``,
        ``sign_changes_smoothed``, ``table`` rows ``{"p", "p_over_X", "eps_ap", "root_plus",
        "root_minus"}``}; ``files``; ``run_id``. Non-finite averages (an empty class) are null.
        """
        from conjectura.core.jsonable import to_jsonable

        out: dict[str, Any] = {
            "conductor": list(self.conductor),
            "primes": self.primes,
            "counts": {str(k): v for k, v in self.counts.items()},
            "rank_table": _rows(self.rank_table),
            "rank0_above_rank1_first": self.rank0_above_rank1_first,
            "sign_changes": list(self.sign_changes),
            "sign_changes_smoothed": list(self.sign_changes_smoothed),
            "window": self.window,
        }
        if self.dyadic is not None:
            out["dyadic"] = self.dyadic.to_dict()
        out["files"] = list(self.files)
        out["run_id"] = self.run_id
        return to_jsonable(out, finite=True)

    def summary(self) -> list[str]:
        """The findings in words: where the rank-0 average lies above the rank-1 average, and
        where the differences change sign."""
        lines = []
        if self.rank0_above_rank1_first is not None:
            lines.append(
                f"rank-0 average above rank-1 average at the first {self.rank0_above_rank1_first} "
                f"of {len(self.rank_table)} primes; rank_0 - rank_1 changes sign at p = "
                f"{_short(self.sign_changes)}; its moving average over {self.window} primes at "
                f"p = {_short(self.sign_changes_smoothed)}"
            )
        if self.dyadic is not None:
            d = self.dyadic
            ratios = ", ".join(f"{p / d.x:.3g}" for p in d.sign_changes_smoothed[:15])
            lines.append(
                f"eps*a_p average changes sign at p = {_short(d.sign_changes)}; its moving "
                f"average over {self.window} primes at p = {_short(d.sign_changes_smoothed)} "
                f"(p/X = {ratios or '-'})"
            )
        return lines

    def table(self, rows: int = 12):
        """The first ``rows`` primes of the tables and the summary, as one rich renderable."""
        from rich.console import Group
        from rich.markup import escape
        from rich.table import Table
        from rich.text import Text

        lo, hi = self.conductor
        title = f"average a_p by rank, conductors {lo}-{hi}; classes: " + ", ".join(
            f"rank {r}: {n}" for r, n in self.counts.items()
        )
        parts: list[Any] = [_rich_table(self.rank_table, rows, escape(title), Table)]
        if self.dyadic is not None:
            d = self.dyadic
            title = (
                f"dyadic X={d.x}: conductors in [{d.x}, {2 * d.x}], root number +1: "
                f"{d.counts['+1']}, -1: {d.counts['-1']}"
            )
            parts.append(_rich_table(d.table, rows, escape(title), Table))
        parts += [Text(line) for line in self.summary()]
        return Group(*parts)

    def figures(self, directory: str | Path) -> list[Path]:
        """Write the PNG plots (``murmurations_rank.png``, with ``dyadic`` also
        ``murmurations_dyadic.png``) into ``directory``; return their paths."""
        out = Path(directory)
        out.mkdir(parents=True, exist_ok=True)
        lo, hi = self.conductor
        paths = [
            plot_rank_averages(
                self.rank_table,
                out / "murmurations_rank.png",
                title=f"Average $a_p$ by rank, conductors {lo}-{hi} (one curve per isogeny class)",
            )
        ]
        if self.dyadic is not None:
            paths.append(plot_dyadic(self.dyadic.table, out / "murmurations_dyadic.png", x=self.dyadic.x))
        return paths

    def report(self, path: str | Path) -> Path:
        """Write into the directory ``path`` the plots, the tables as CSV
        (``murmurations_rank.csv``, ``murmurations_dyadic.csv``) and ``report.html``; return the
        path of the report. The files are added to :attr:`files`."""
        from conjectura.report.html import Section, write_report

        out = Path(path)
        pngs = self.figures(out)
        csvs = [out / "murmurations_rank.csv"]
        self.rank_table.to_csv(csvs[0])
        if self.dyadic is not None:
            csvs.append(out / "murmurations_dyadic.csv")
            self.dyadic.table.to_csv(csvs[1])
        lo, hi = self.conductor
        sections = [
            Section(
                "Averages of a_p by rank",
                text="\n\n".join(self.summary()),
                rows=_rows(self.rank_table)[:40],
                images=pngs[:1],
            )
        ]
        if self.dyadic is not None:
            sections.append(
                Section(
                    f"Dyadic interval [{self.dyadic.x}, {2 * self.dyadic.x}]",
                    rows=_rows(self.dyadic.table)[:40],
                    images=pngs[1:],
                )
            )
        html = write_report(
            out,
            f"Murmurations of elliptic curves, conductors {lo}-{hi}",
            sections,
            subtitle=f"one curve per isogeny class, {self.primes} primes; He-Lee-Oliver-Pozdnyakov "
            "(arXiv:2204.10140), Zubrilina (arXiv:2310.07681)",
        )
        for f in [*pngs, *csvs, html]:
            if str(f) not in self.files:
                self.files.append(str(f))
        return html


def _rows(table) -> list[dict[str, Any]]:
    return [{"p": int(p), **{c: float(v) for c, v in row.items()}} for p, row in table.iterrows()]


def _rich_table(frame, rows: int, title: str, Table):
    t = Table(title=title)
    t.add_column("p")
    for c in frame.columns:
        t.add_column(str(c))
    for p, row in frame.head(rows).iterrows():
        t.add_row(str(p), *(f"{v:.4g}" for v in row))
    return t


def _short(values, k: int = 15) -> str:
    if not values:
        return "(never)"
    head = ", ".join(str(v) for v in values[:k])
    return head + (f", ... ({len(values)} in all)" if len(values) > k else "")


def murmurations(
    conductor: Any = "7500:10000",
    *,
    primes: int = 1000,
    dyadic: int | None = None,
    window: int = 25,
    workers: int = 1,
    progress: bool = True,
    directory: str | Path | None = None,
    store=None,
) -> Murmurations:
    """The murmuration tables of a conductor range (the curves are built first when needed).

    Parameters
    ----------
    conductor : str or pair of int, default "7500:10000"
        Conductor range (both ends included) for the averages by rank.
    primes : int, default 1000
        Number of primes :math:`p`.
    dyadic : int, optional
        If given, also (and only over conductors in :math:`[X, 2X]`) the averages of
        :math:`\\varepsilon(E)\\,a_p` and of :math:`a_p` per root number, against :math:`p/X`;
        the by-rank table then uses the same range.
    window : int, default 25
        Width (in consecutive primes) of the moving average whose sign changes are reported
        as ``sign_changes_smoothed`` (the raw averages cross zero many times near a crossing).
    workers, progress, directory
        As in :func:`conjectura.domains.curves.build.build_curves`, if the curves must be built.
    store : Store or str, optional
        Record the analysis as a run (kind ``"analysis"``, name ``"curves/murmurations"``) of
        this store (or store URL) and write :meth:`Murmurations.report` into its directory.

    Returns
    -------
    Murmurations
        ``.to_dict()`` (the ``--json`` document), ``.table()``, ``.figures(directory)``,
        ``.report(path)``.

    Raises
    ------
    InvalidParameterError
        For a malformed or empty range, a range beyond Cremona's table, a bad ``primes``,
        ``dyadic`` or ``window``, or a range without isogeny classes.

    Examples
    --------
    >>> import conjectura as cj
    >>> m = cj.murmurations(conductor="1:999", primes=30)  # doctest: +SKIP
    >>> m.counts, m.rank0_above_rank1_first  # doctest: +SKIP
    ({0: 1321, 1: 1124, 2: 18}, 22)
    """
    from conjectura.core.validation import validate_int
    from conjectura.domains.curves.build import _check_primes
    from conjectura.domains.curves.table import parse_conductor_range

    window = validate_int(window, "window", "murmurations", min_value=1)
    k = _check_primes(primes, "murmurations")
    if dyadic is not None:
        x = validate_int(dyadic, "dyadic", "murmurations", min_value=1)
        lo, hi = parse_conductor_range((x, 2 * x), owner="murmurations --dyadic")
    else:
        lo, hi = parse_conductor_range(conductor, owner="murmurations")
    config = {"conductor": f"{lo}:{hi}", "primes": k, "dyadic": dyadic, "window": window}
    if store is None:
        return _compute(lo, hi, k, dyadic, window, workers, progress, directory)
    from conjectura.store import open_store

    db = open_store(store) if isinstance(store, str) else store
    with db.run(kind="analysis", name="curves/murmurations", config=config) as run:
        res = _compute(lo, hi, k, dyadic, window, workers, progress, directory)
        res.run_id = run.id
        res.report(run.dir)
        summary = res.to_dict()
        summary.pop("rank_table")
        summary.get("dyadic", {}).pop("table", None)
        run.set_summary(summary)
    return res


def _compute(lo, hi, k, dyadic, window, workers, progress, directory) -> Murmurations:
    from conjectura.domains.curves.build import load_curves

    frame = load_curves((lo, hi), primes=k, workers=workers, progress=progress, directory=directory)
    if len(frame) == 0:
        raise InvalidParameterError(f"No isogeny class has conductor in [{lo}, {hi}].")
    table = rank_averages(frame)
    first, changes, smoothed = None, [], []
    if {"rank_0", "rank_1"} <= set(table.columns):
        diff = (table["rank_0"] - table["rank_1"]).to_numpy()
        bad = np.flatnonzero(diff <= 0)
        first = int(bad[0]) if len(bad) else len(diff)
        changes = sign_changes(table.index, diff)
        smoothed = sign_changes(table.index, moving_average(diff, window))
    dy = None
    if dyadic is not None:
        d = dyadic_averages(frame, int(dyadic))
        eps_ap = d["eps_ap"].to_numpy()
        dy = Dyadic(
            x=int(dyadic),
            table=d,
            counts=d.attrs["counts"],
            sign_changes=sign_changes(d.index, eps_ap),
            sign_changes_smoothed=sign_changes(d.index, moving_average(eps_ap, window)),
        )
    return Murmurations(
        conductor=(lo, hi),
        primes=k,
        window=window,
        rank_table=table,
        counts=dict(table.attrs["counts"]),
        rank0_above_rank1_first=first,
        sign_changes=changes,
        sign_changes_smoothed=smoothed,
        dyadic=dy,
    )


def _save(fig, ax, path: str | Path) -> Path:
    """Legend, tight layout, write the PNG and free the figure."""
    import matplotlib.pyplot as plt

    ax.legend()
    fig.tight_layout()
    path = Path(path)
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path
