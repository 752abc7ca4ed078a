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
from pathlib import Path

import numpy as np

from conjectura.exceptions import InvalidParameterError

__all__ = [
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


def murmurations(
    conductor="7500:10000",
    *,
    primes: int = 1000,
    dyadic: int | None = None,
    window: int = 25,
    out_dir: str | Path | None = None,
    workers: int = 1,
    progress: bool = True,
    data_root: str | Path | None = None,
) -> dict:
    """Compute the murmuration tables of a conductor range, write their PNG plots and CSV.

    Parameters
    ----------
    conductor : str, default "7500:10000"
        Conductor range (both ends included) for the averages by rank.
    primes : int, default 1000
        Number of primes :math:`p` (the table is built first if needed).
    dyadic : int, optional
        If given, also (and only over conductors in :math:`[X, 2X]`) the averages of
        :math:`\\varepsilon(E)\\,a_p` and of :math:`a_p` per root number, against :math:`p/X`;
        the by-rank table then uses the same range.
    window : int, default 25
        Width (in consecutive primes) of the moving average whose sign changes are reported
        as ``sign_changes_smoothed`` (the raw averages cross zero many times near a crossing).
    out_dir : path, optional
        Where ``murmurations_rank.png``, ``murmurations_rank.csv`` (and, with ``dyadic``,
        ``murmurations_dyadic.png`` / ``.csv``) are written; nothing is written if None.
    workers, progress, data_root
        As in :func:`conjectura.domains.curves.build.build_curves`.

    Returns
    -------
    dict
        ``conductor`` [lo, hi]; ``primes``; ``counts`` (classes per rank); ``rank_table`` (the
        rows ``{"p", "rank_0", "rank_1", ...}``); ``rank0_above_rank1_first`` (how many of the
        first primes have :math:`m_0(p) > m_1(p)` before the first failure);
        ``sign_changes`` (primes where :math:`m_0 - m_1` changes sign) and
        ``sign_changes_smoothed`` (the same for its moving average over ``window`` primes);
        with ``dyadic``: ``dyadic`` {``X``, ``counts``, ``table`` rows ``{"p", "p_over_X",
        "eps_ap", "root_plus", "root_minus"}``, ``sign_changes`` and ``sign_changes_smoothed``
        of :math:`M_X`}; ``window``; ``files``.
    """
    from conjectura.core.validation import check_int
    from conjectura.domains.curves.build import load_curves
    from conjectura.domains.curves.table import parse_conductor_range

    window = check_int(window, "window", "murmurations", min_value=1)
    if dyadic is not None:
        x = check_int(dyadic, "dyadic", "murmurations", min_value=1)
        lo, hi = parse_conductor_range((x, 2 * x), owner="murmurations --dyadic")
    else:
        lo, hi = parse_conductor_range(conductor, owner="murmurations")
    frame = load_curves((lo, hi), primes=primes, workers=workers, progress=progress, data_root=data_root)
    if len(frame) == 0:
        raise InvalidParameterError(f"No isogeny class has conductor in [{lo}, {hi}].")
    table = rank_averages(frame)
    res: dict = {
        "conductor": [lo, hi],
        "primes": int(primes),
        "counts": {str(k): v for k, v in table.attrs["counts"].items()},
        "rank_table": [{"p": int(p), **{c: float(v) for c, v in row.items()}} for p, row in table.iterrows()],
        "window": window,
        "files": [],
    }
    if {"rank_0", "rank_1"} <= set(table.columns):
        diff = (table["rank_0"] - table["rank_1"]).to_numpy()
        bad = np.flatnonzero(diff <= 0)
        res["rank0_above_rank1_first"] = int(bad[0]) if len(bad) else len(diff)
        res["sign_changes"] = sign_changes(table.index, diff)
        res["sign_changes_smoothed"] = sign_changes(table.index, moving_average(diff, window))
    else:
        res["rank0_above_rank1_first"] = None
        res["sign_changes"] = res["sign_changes_smoothed"] = []
    dy = None
    if dyadic is not None:
        dy = dyadic_averages(frame, x)
        res["dyadic"] = {
            "X": x,
            "counts": dy.attrs["counts"],
            "sign_changes": sign_changes(dy.index, dy["eps_ap"].to_numpy()),
            "sign_changes_smoothed": sign_changes(dy.index, moving_average(dy["eps_ap"].to_numpy(), window)),
            "table": [{"p": int(p), **{c: float(v) for c, v in row.items()}} for p, row in dy.iterrows()],
        }
    if out_dir is not None:
        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        table.to_csv(out / "murmurations_rank.csv")
        res["files"].append(
            str(
                plot_rank_averages(
                    table,
                    out / "murmurations_rank.png",
                    title=f"Average $a_p$ by rank, conductors {lo}-{hi} (one curve per isogeny class)",
                )
            )
        )
        res["files"].append(str(out / "murmurations_rank.csv"))
        if dy is not None:
            dy.to_csv(out / "murmurations_dyadic.csv")
            res["files"].append(str(plot_dyadic(dy, out / "murmurations_dyadic.png", x=x)))
            res["files"].append(str(out / "murmurations_dyadic.csv"))
    return res


def _save(fig, ax, path: str | Path) -> Path:
    """Legend, tight layout, write the PNG and free the figure."""
    import matplotlib.pyplot as plt

    ax.legend()
    fig.tight_layout()
    path = Path(path)
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path
