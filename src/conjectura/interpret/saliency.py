"""Which inputs matter: gradient saliency (eq. 1 of Gukov-Halverson-Ruehle), integrated
gradients (captum) and permutation importance (scikit-learn).

Gradient saliency of feature :math:`i` for a trained network with loss :math:`L` is

.. math::

    r_i = \\frac{1}{|X|} \\sum_{x \\in X} \\left| \\frac{\\partial L(x)}{\\partial x_i} \\right|,

the mean over the data :math:`X` of the absolute gradient of the per-example loss with respect
to the *standardised* input :math:`x_i` (so features on different scales are comparable). It is
computed for the network of each seed, on that seed's held-out rows, and reported as the mean and
standard deviation over seeds. Integrated gradients (Sundararajan, Taly, Yan 2017) attribute the
logit of the true class (or the regression output) along the straight path from the all-means
input (0 after standardisation); we report the mean absolute attribution per feature.
Permutation importance is the drop in the test metric when one column is shuffled.

References
----------
S. Gukov, J. Halverson, F. Ruehle, "Rigor with machine learning from field theory to the
Poincare conjecture", Nature Reviews Physics (2024), arXiv:2402.13321, eq. (1).
A. Davies, A. Juhasz, M. Lackenby, N. Tomasev, "The signature and cusp geometry of hyperbolic
knots", Geometry & Topology (2024), arXiv:2111.15323.
K. Simonyan, A. Vedaldi, A. Zisserman, "Deep inside convolutional networks", arXiv:1312.6034.
M. Sundararajan, A. Taly, Q. Yan, "Axiomatic attribution for deep networks", arXiv:1703.01365.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from conjectura.core.threads import limit_threads
from conjectura.core.validation import require, validate_int
from conjectura.exceptions import InvalidParameterError

__all__ = [
    "Attribution",
    "Attributions",
    "gradient_saliency",
    "integrated_gradients",
    "permutation_scores",
    "attribute",
    "METHODS",
]

METHODS = ("gradient", "integrated_gradients", "permutation")
_LABELS = {
    "gradient": "gradient saliency, eq. (1)",
    "integrated_gradients": "integrated gradients (captum)",
    "permutation": "permutation importance (sklearn)",
    "graph_saliency": "edge labels in salient subgraphs, % change (Davies et al. Fig. 3a)",
}
_SHORT = {"integrated_gradients": "integr. gradients"}


@dataclass
class Attribution:
    """Feature importances of one method, one row per seed.

    Attributes
    ----------
    method : str
        ``gradient``, ``integrated_gradients`` or ``permutation``.
    feature_names : tuple of str
    values : ndarray of shape (n_seeds, n_features)
        The raw score of each feature for each seed (for ``gradient``, :math:`r_i` of eq. 1).
    seeds : tuple of int
    """

    method: str
    feature_names: tuple[str, ...]
    values: np.ndarray
    seeds: tuple[int, ...] = ()
    meta: dict = field(default_factory=dict)

    @property
    def label(self) -> str:
        return _LABELS.get(self.method, self.method)

    @property
    def mean(self) -> np.ndarray:
        return self.values.mean(axis=0)

    @property
    def std(self) -> np.ndarray:
        return self.values.std(axis=0, ddof=1) if len(self.values) > 1 else np.zeros(self.values.shape[1])

    def ranking(self) -> list[str]:
        """Feature names, most important first (by the mean over seeds)."""
        return [self.feature_names[i] for i in np.argsort(-self.mean, kind="stable")]

    def top(self, k: int, seed_index: int | None = None) -> list[str]:
        """The ``k`` most important features (for one seed, or by the mean)."""
        v = self.mean if seed_index is None else self.values[seed_index]
        return [self.feature_names[i] for i in np.argsort(-v, kind="stable")[:k]]

    def rows(self) -> list[dict]:
        """One dict per feature, in ranking order: rank, feature, mean, std, share of total."""
        mean, std = self.mean, self.std
        total = float(np.sum(np.abs(mean))) or 1.0
        order = np.argsort(-mean, kind="stable")
        return [
            {
                "rank": r + 1,
                "feature": self.feature_names[i],
                "mean": float(mean[i]),
                "std": float(std[i]),
                "share": float(mean[i] / total),
            }
            for r, i in enumerate(order)
        ]

    def to_dict(self) -> dict:
        """Keys: ``method``, ``label``, ``seeds``, ``ranking`` (names, best first), ``features``
        (rank, feature, mean, std, share), ``per_seed`` (seed -> {feature: value})."""
        return {
            "method": self.method,
            "label": self.label,
            "seeds": list(self.seeds),
            "ranking": self.ranking(),
            "features": self.rows(),
            "per_seed": {
                str(s): dict(zip(self.feature_names, map(float, v))) for s, v in zip(self.seeds, self.values)
            },
        }

    def table(self, max_rows: int | None = None, *, title: str | None = None):
        """A :class:`rich.table.Table`: rank, feature, mean ± sd over seeds, share of the total
        (the first ``max_rows`` features, all by default)."""
        from rich.markup import escape
        from rich.table import Table

        t = Table(
            title=escape(title or f"inputs ranked by {self.label}, mean ± sd over {len(self.seeds)} seeds")
        )
        for c in ("rank", "feature", self.method, "share"):
            t.add_column(_SHORT.get(c, c), no_wrap=c == "feature")
        for r in self.rows()[:max_rows]:
            t.add_row(
                str(r["rank"]), escape(r["feature"]), f"{r['mean']:.4g} ± {r['std']:.2g}", f"{r['share']:.3f}"
            )
        return t


class Attributions(dict):
    """The attributions of one evaluation, ``{method: Attribution}``, ranked together.

    The ranking is that of the gradient saliency when it was computed (else the first method);
    the other methods are shown beside it, feature by feature.
    """

    @property
    def primary(self) -> Attribution:
        """The attribution whose ranking orders the table (gradient saliency when present)."""
        if not self:
            raise InvalidParameterError("No attribution was computed.")
        return self.get("gradient") or next(iter(self.values()))

    def to_dict(self) -> dict:
        """``{method: {"ranking", "features", "top3_per_seed"}}`` (see :meth:`Attribution.to_dict`)."""
        return {
            k: {
                "ranking": a.ranking(),
                "features": a.rows(),
                "top3_per_seed": {str(s): a.top(3, i) for i, s in enumerate(a.seeds)},
            }
            for k, a in self.items()
        }

    def rows(self) -> list[dict]:
        """One dict per feature in the primary ranking: rank, feature, ``mean ± sd`` per method."""
        out = []
        for r in self.primary.rows():
            d = {"rank": r["rank"], "feature": r["feature"]}
            for m, a in self.items():
                i = a.feature_names.index(r["feature"])
                d[m] = f"{a.mean[i]:.4g} ± {a.std[i]:.2g}"
            out.append(d)
        return out

    def top_per_seed(self, k: int = 3) -> str:
        """``"seed 0: x0, x1, x2; seed 1: ..."`` for the primary method."""
        a = self.primary
        return "; ".join(f"seed {s}: {', '.join(a.top(k, i))}" for i, s in enumerate(a.seeds))

    def table(self, max_rows: int | None = None, *, title: str | None = None):
        """A :class:`rich.table.Table`: rank, feature, and each method's mean ± sd over seeds
        (the first ``max_rows`` features of the primary ranking, all by default)."""
        from rich.markup import escape
        from rich.table import Table

        a = self.primary
        t = Table(title=escape(title or f"inputs ranked by {a.label}, mean ± sd over {len(a.seeds)} seeds"))
        t.add_column("rank")
        t.add_column("feature", no_wrap=True)
        for m in self:
            t.add_column(_SHORT.get(m, m), overflow="fold")
        for r in self.rows()[:max_rows]:
            t.add_row(str(r["rank"]), escape(r["feature"]), *[r[m] for m in self])
        return t


def _torch_inputs(model, X, y):
    torch = require("torch", extra="ml", purpose="for gradient saliency")
    if not hasattr(model, "module_") or not hasattr(model, "transform_inputs"):
        raise InvalidParameterError(
            f"Gradient attributions need a fitted conjectura MLP; got {type(model).__name__}."
        )
    Z = torch.as_tensor(model.transform_inputs(X), dtype=torch.float32)
    is_clf = hasattr(model, "classes_")
    t = np.asarray(model.class_index(y) if is_clf else model.standardise_target(y))
    target = torch.as_tensor(t, dtype=torch.long if is_clf else torch.float32)
    return torch, Z, target, is_clf


def gradient_saliency(model, X, y) -> np.ndarray:
    """:math:`r_i` of eq. (1): the mean over the rows of ``X`` of :math:`|\\partial L/\\partial x_i|`.

    Parameters
    ----------
    model : MLPClassifier or MLPRegressor
        A fitted network of :mod:`conjectura.learn.mlp`; ``L`` is its training loss
        (cross-entropy, or squared error on the standardised target), per example.
    X : ndarray of shape (n, d)
        Raw inputs; they are standardised with the model's training statistics and the
        gradient is taken with respect to the standardised input.
    y : ndarray of shape (n,)
        True targets.

    Returns
    -------
    ndarray of shape (d,)
    """
    torch, Z, target, is_clf = _torch_inputs(model, X, y)
    Z.requires_grad_(True)
    out = model.module_(Z)
    if is_clf:
        loss = torch.nn.functional.cross_entropy(out, target, reduction="sum")
    else:
        loss = ((out.squeeze(-1) - target) ** 2).sum()
    # Summing the per-example losses makes row k of the gradient dL(x_k)/dx_k exactly.
    (grad,) = torch.autograd.grad(loss, Z)
    return grad.abs().mean(dim=0).detach().numpy().astype(np.float64)


def integrated_gradients(model, X, y, *, n_steps: int = 32) -> np.ndarray:
    """Mean absolute integrated-gradients attribution per feature (captum), baseline 0
    (the training mean), target the true class (classification) or the output (regression)."""
    captum = require("captum.attr", extra="ml", purpose="for integrated gradients")
    torch, Z, target, is_clf = _torch_inputs(model, X, y)
    ig = captum.IntegratedGradients(model.module_)
    kwargs = {"target": target} if is_clf else {"target": 0}
    attr = ig.attribute(Z, baselines=torch.zeros_like(Z), n_steps=n_steps, **kwargs)
    return attr.abs().mean(dim=0).detach().numpy().astype(np.float64)


def permutation_scores(model, X, y, *, seed: int = 0, n_repeats: int = 5) -> np.ndarray:
    """Mean drop of the model's score (accuracy or R^2) when one column is permuted
    (:func:`sklearn.inspection.permutation_importance`)."""
    from sklearn.inspection import permutation_importance

    res = permutation_importance(model, X, y, n_repeats=n_repeats, random_state=seed)
    return np.asarray(res.importances_mean, dtype=np.float64)


def attribute(
    evaluation,
    methods: Sequence[str] = METHODS,
    *,
    max_rows: int = 2000,
    n_repeats: int = 5,
    n_threads: int | None = 1,
) -> Attributions:
    """Attributions of every seed's fitted learner on its held-out rows.

    Parameters
    ----------
    evaluation : conjectura.learn.evaluation.Evaluation
        An evaluation made with ``keep_models=True`` (the default).
    methods : sequence of str
        Any of ``gradient``, ``integrated_gradients``, ``permutation``. The gradient methods
        need a network learner; for other learners they are skipped.
    max_rows : int
        At most this many held-out rows per seed (a fixed random subset), to bound the cost.
    n_repeats : int
        Shuffles per column for permutation importance.
    n_threads : int or None, default 1
        Thread limit while computing (:func:`conjectura.core.threads.limit_threads`).

    Returns
    -------
    Attributions
        ``{method: Attribution}``, with a combined :meth:`~Attributions.table`.
    """
    max_rows = validate_int(max_rows, "max_rows", "attribute", min_value=10)
    for m in methods:
        if m not in METHODS:
            raise InvalidParameterError(
                f"The 'methods' parameter of attribute must contain only {list(METHODS)}. Got {m!r} instead."
            )
    if not evaluation.models:
        raise InvalidParameterError("This evaluation kept no fitted models (keep_models=False).")
    ds = evaluation.dataset
    seeds = tuple(sorted(evaluation.models))
    is_net = all(hasattr(evaluation.models[s], "module_") for s in seeds)
    out: dict[str, list[np.ndarray]] = {m: [] for m in methods if m == "permutation" or is_net}
    with limit_threads(n_threads):
        for s in seeds:
            _attribute_seed(evaluation, s, out, max_rows, n_repeats)
    return Attributions(
        {
            m: Attribution(method=m, feature_names=tuple(ds.feature_names), values=np.vstack(v), seeds=seeds)
            for m, v in out.items()
        }
    )


def _attribute_seed(evaluation, s, out, max_rows, n_repeats):
    """Append each method's scores for the learner of seed ``s`` to ``out``."""
    ds = evaluation.dataset
    model, idx = evaluation.models[s], np.asarray(evaluation.test_index[s])
    if len(idx) > max_rows:
        idx = np.sort(np.random.default_rng([s, 31]).choice(idx, max_rows, replace=False))
    X, y = ds.X[idx], ds.y[idx]
    for m in out:
        if m == "gradient":
            out[m].append(gradient_saliency(model, X, y))
        elif m == "integrated_gradients":
            out[m].append(integrated_gradients(model, X, y))
        else:
            out[m].append(permutation_scores(model, X, y, seed=s, n_repeats=n_repeats))
