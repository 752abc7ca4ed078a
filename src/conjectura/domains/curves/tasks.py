"""Learning tasks on elliptic curves: the rank and its parity from the first a_p.

``curves/rank``
    Input: :math:`a_p` for the first ``primes`` primes (optionally the conductor); target: the
    rank (number of generators in Cremona's table), restricted to ``ranks`` (default 0 and 1,
    the question of He-Lee-Oliver-Pozdnyakov).
``curves/rank-parity``
    The same inputs (with the conductor by default); target :math:`\\operatorname{rank} \\bmod 2`,
    over every rank.

One row per isogeny class (rank and :math:`a_p` are isogeny invariants), conductor in the
range ``conductor`` (both ends included). ``Dataset.groups`` is the conductor, so
``split="group>9000"`` trains on smaller conductors and tests on larger ones.

Baselines (:mod:`conjectura.domains.curves.rules`): ``mestre-nagao``, the sum
:math:`\\sum_{p < B} a_p \\log p / p` as a one-feature classifier, and ``root-number``, which reads
:math:`\\varepsilon` off the functional equation from the same inputs (it needs the conductor, so
it is offered when the conductor is an input) and predicts the parity
:math:`(-1)^{\\operatorname{rank}} = \\varepsilon` exactly (the parity conjecture, true on the table).

References
----------
.. [1] Y.-H. He, K.-H. Lee, T. Oliver, A. Pozdnyakov, "Murmurations of elliptic curves",
   arXiv:2204.10140; and "Machine-learning the Sato-Tate conjecture" / "Learning Euler factors
   of elliptic curves" by the same group.
.. [2] J.-F. Mestre, "Formules explicites et minorations de conducteurs de variétés
   algébriques", Compositio Math. 58 (1986); K. Nagao, "Construction of high-rank elliptic
   curves", Kobe J. Math. 11 (1994).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from conjectura.core.registry import register_task
from conjectura.core.task import Dataset, Task
from conjectura.core.validation import validate_choice, validate_int
from conjectura.exceptions import InvalidParameterError

__all__ = ["rank_task", "rank_parity_task", "parse_ranks"]

REPRESENTATIONS = ("ap", "ap+conductor")


def parse_ranks(ranks: Any, owner: str = "curves/rank") -> tuple[int, ...] | None:
    """Read the ``ranks`` parameter: ``"0,1"``, ``[0, 1]``, or ``"all"`` (None).

    >>> parse_ranks("0,1,2"), parse_ranks("all")
    ((0, 1, 2), None)
    """
    if ranks is None or (isinstance(ranks, str) and ranks.strip().lower() == "all"):
        return None
    vals = ranks.split(",") if isinstance(ranks, str) else ranks
    try:
        out = tuple(sorted({int(str(v).strip()) for v in vals}))
    except (TypeError, ValueError):
        out = ()
    if len(out) < 2 or min(out) < 0:
        raise InvalidParameterError(
            f"The 'ranks' parameter of {owner} must list at least two ranks >= 0, e.g. '0,1', "
            f"or be 'all'. Got {ranks!r} instead."
        )
    return out


def _representation(representation, include_conductor, owner) -> bool:
    if representation is not None:
        validate_choice(representation, "representation", owner, REPRESENTATIONS)
        return representation == "ap+conductor"
    if not isinstance(include_conductor, bool):
        raise InvalidParameterError(
            f"The 'include_conductor' parameter of {owner} must be a bool. Got {include_conductor!r} instead."
        )
    return include_conductor


def _make(name, target, *, primes, conductor, with_conductor, ranks, description) -> Task:
    from conjectura.domains.curves.build import ap_columns, load_curves
    from conjectura.domains.curves.invariants import MAX_PRIMES, first_primes
    from conjectura.domains.curves.table import parse_conductor_range

    k = validate_int(primes, "primes", name, min_value=1, max_value=MAX_PRIMES)
    lo, hi = parse_conductor_range(conductor, owner=name)
    ap_cols = ap_columns(first_primes(k))
    features = ap_cols + (["conductor"] if with_conductor else [])

    def build(n: int | None, rng: np.random.Generator) -> Dataset:
        df = load_curves((lo, hi), primes=k, progress=True)
        if ranks is not None:
            df = df[df["rank"].isin(ranks)].reset_index(drop=True)
        if len(df) == 0:
            raise InvalidParameterError(
                f"Task {name} has no curves with conductor in [{lo}, {hi}]"
                + (f" and rank in {list(ranks)}." if ranks is not None else ".")
            )
        if n is not None:
            n = validate_int(n, "n", name, min_value=1)
            if n < len(df):
                idx = np.sort(rng.choice(len(df), size=n, replace=False))
                df = df.iloc[idx].reset_index(drop=True)
        y = df["rank"].to_numpy().astype(np.int64)
        if target == "rank_parity":
            y = y % 2
        X = df[features].to_numpy(dtype=np.float64)
        counts = {int(r): int(c) for r, c in df["rank"].value_counts().sort_index().items()}
        meta = {
            "source": "Cremona's tables via PARI elldata (passagemath-pari-elldata)",
            "conductor": [lo, hi],
            "primes": k,
            "rows": len(df),
            "rank_counts": counts,
            "one_curve_per": "isogeny class (optimal curve)",
        }
        return Dataset(X, y, tuple(features), target, groups=df["conductor"].to_numpy(), frame=df, meta=meta)

    baselines = ("mestre-nagao", "root-number") if with_conductor else ("mestre-nagao",)
    if target == "rank_parity" and with_conductor:
        baselines = ("root-number", "mestre-nagao")
    params = {
        "primes": k,
        "conductor": f"{lo}:{hi}",
        "include_conductor": with_conductor,
        "representation": "ap+conductor" if with_conductor else "ap",
    }
    if target == "rank":
        params["ranks"] = "all" if ranks is None else ",".join(map(str, ranks))
    return Task(
        name=name,
        features=tuple(features),
        target=target,
        build=build,
        kind="classification",
        baselines=baselines,
        params=params,
        description=description,
    )


@register_task(
    "curves/rank",
    description=(
        "rank of an elliptic curve (rank 0 vs 1 by default) from its first a_p "
        "(optionally the conductor); Cremona's tables, one curve per isogeny class"
    ),
)
def rank_task(
    primes: int = 1000,
    conductor: Any = "7500:10000",
    include_conductor: bool = False,
    ranks: Any = "0,1",
    representation: str | None = None,
) -> Task:
    """Predict the rank from :math:`a_p` for the first ``primes`` primes.

    Parameters
    ----------
    primes : int, default 1000
        Number of :math:`a_p` inputs (the 1000th prime is 7919).
    conductor : str, default "7500:10000"
        Conductor range, both ends included.
    include_conductor : bool, default False
        Add the conductor as an input (and the ``root-number`` baseline, which needs it).
    ranks : str or list, default "0,1"
        Ranks kept (classes to tell apart), or ``"all"``.
    representation : {"ap", "ap+conductor"}, optional
        Same as ``include_conductor`` (the name ``conjectura learn --representation`` uses).
    """
    with_cond = _representation(representation, include_conductor, "curves/rank")
    rk = parse_ranks(ranks, "curves/rank")
    return _make(
        "curves/rank",
        "rank",
        primes=primes,
        conductor=conductor,
        with_conductor=with_cond,
        ranks=rk,
        description="rank of an elliptic curve from its first a_p",
    )


@register_task(
    "curves/rank-parity",
    description=(
        "rank mod 2 of an elliptic curve from its first a_p and conductor; the root number gives it exactly"
    ),
)
def rank_parity_task(
    primes: int = 1000,
    conductor: Any = "7500:10000",
    include_conductor: bool = True,
    representation: str | None = None,
) -> Task:
    """Predict :math:`\\operatorname{rank} \\bmod 2` from the first :math:`a_p` (and the conductor).

    The conductor is an input by default so that the ``root-number`` baseline, which recovers
    :math:`\\varepsilon = (-1)^{\\operatorname{rank}}` from the functional equation, sees exactly
    what the learners see.

    Parameters
    ----------
    primes : int, default 1000
    conductor : str, default "7500:10000"
    include_conductor : bool, default True
    representation : {"ap", "ap+conductor"}, optional
    """
    with_cond = _representation(representation, include_conductor, "curves/rank-parity")
    return _make(
        "curves/rank-parity",
        "rank_parity",
        primes=primes,
        conductor=conductor,
        with_conductor=with_cond,
        ranks=None,
        description="rank parity of an elliptic curve from its first a_p",
    )
