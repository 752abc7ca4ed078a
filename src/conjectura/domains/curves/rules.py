r"""The classical predictors of the rank of an elliptic curve, declared as baselines.

``mestre-nagao``
    The Mestre-Nagao sum

    .. math:: S_B(E) = \sum_{p < B} \frac{a_p(E) \log p}{p},

    which is large and negative for curves of large rank (many points mod p: Birch and
    Swinnerton-Dyer's heuristic, used by Mestre and Nagao to search for high rank), as the only
    feature of a logistic regression (a ``"feature"`` rule).
``root-number``
    The root number :math:`\varepsilon(E)`, recovered from the inputs (the :math:`a_p` and the
    conductor) by the functional equation
    (:func:`~conjectura.domains.curves.rootnumber.root_number_from_ap`), as the only key: each
    value of :math:`\varepsilon` predicts the most frequent training label with that value (a
    ``"key"`` rule with the plain majority, ``min_count=0``). Since
    :math:`\varepsilon = (-1)^{\operatorname{rank}}` (the parity conjecture, true on Cremona's
    table) this is exact for the parity, and for rank 0 vs 1.

Both read the same columns as the learners; a learner is interesting only if it beats them.

References
----------
.. [1] J.-F. Mestre, "Formules explicites et minorations de conducteurs de variétés
   algébriques", Compositio Math. 58 (1986) 209-232.
.. [2] K. Nagao, "Construction of high-rank elliptic curves", Kobe J. Math. 11 (1994) 211-219.
.. [3] Y.-H. He, K.-H. Lee, T. Oliver, A. Pozdnyakov, "Murmurations of elliptic curves",
   arXiv:2204.10140 (compares with these sums).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from conjectura.core.registry import register_rule
from conjectura.core.rules import Rule, RuleContext

__all__ = ["ap_layout", "mestre_nagao_sum", "MESTRE_NAGAO", "ROOT_NUMBER"]


def ap_layout(features: Sequence[str]) -> tuple[list[int], list[int]]:
    """Column indices and primes of the ``a_<p>`` features, in order.

    >>> ap_layout(["a_2", "a_3", "conductor"])
    ([0, 1], [2, 3])
    """
    idx, primes = [], []
    for j, name in enumerate(features):
        if name.startswith("a_") and name[2:].isdigit():
            idx.append(j)
            primes.append(int(name[2:]))
    return idx, primes


def mestre_nagao_sum(ap: np.ndarray, primes: Sequence[int], bound: float | None = None) -> np.ndarray:
    r""":math:`S_B = \sum_{p < B} a_p \log p / p` for each row of ``ap`` (every prime if no bound).

    Parameters
    ----------
    ap : ndarray of shape (n_curves, n_primes)
        :math:`a_p` at ``primes``.
    primes : sequence of int
    bound : float, optional
        :math:`B`; only the primes :math:`p < B` count.

    Returns
    -------
    ndarray of shape (n_curves,)

    Examples
    --------
    >>> bool(np.isclose(mestre_nagao_sum(np.array([[2.0, -3.0]]), [2, 3])[0], np.log(2 / 3)))
    True
    """
    p = np.asarray(primes, dtype=np.float64)
    w = np.log(p) / p
    if bound is not None:
        w = np.where(p < bound, w, 0.0)
    return np.asarray(ap, dtype=np.float64) @ w


def _needs_ap(context: RuleContext, who: str) -> str | None:
    if not ap_layout(context.features)[0]:
        return f"The {who} baseline needs a_p inputs (columns a_2, a_3, ...); task {context.task!r} has none."
    return None


def _mestre_nagao_applies(context: RuleContext, bound=None) -> str | None:
    return _needs_ap(context, "mestre-nagao")


def _mestre_nagao(context: RuleContext, X: np.ndarray, bound=None) -> np.ndarray:
    idx, primes = ap_layout(context.features)
    return mestre_nagao_sum(X[:, idx], primes, bound)[:, None]


def _root_number_applies(context: RuleContext) -> str | None:
    reason = _needs_ap(context, "root-number")
    if reason:
        return reason
    if "conductor" not in context.features:
        return (
            f"The root-number baseline needs the conductor as an input; build the task with "
            f"include_conductor=true (task {context.task!r})."
        )
    if ap_layout(context.features)[1][:1] != [2]:
        return "The root-number baseline needs a_p for the first primes 2, 3, 5, ..."
    return None


def _root_number(context: RuleContext, X: np.ndarray) -> np.ndarray:
    from conjectura.domains.curves.rootnumber import root_number_from_ap

    idx, primes = ap_layout(context.features)
    conductors = np.rint(X[:, context.index("conductor")]).astype(np.int64)
    eps, _ = root_number_from_ap(X[:, idx].astype(np.float64), primes, conductors)
    return eps


MESTRE_NAGAO = register_rule(
    Rule(
        name="mestre-nagao",
        kind="feature",
        compute=_mestre_nagao,
        applies=_mestre_nagao_applies,
        params={"bound": None},
        description="Mestre-Nagao sum of a_p log p / p as a one-feature classifier",
        reference="J.-F. Mestre, Compositio Math. 58 (1986); K. Nagao, Kobe J. Math. 11 (1994)",
    )
)

ROOT_NUMBER = register_rule(
    Rule(
        name="root-number",
        kind="key",
        compute=_root_number,
        applies=_root_number_applies,
        min_count=0,
        description="root number from the functional equation (exact rank parity)",
        reference="J. E. Cremona, Algorithms for modular elliptic curves, 2nd ed., sec. 2.11",
    )
)
