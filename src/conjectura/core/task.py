"""Learning contracts: a Task turns mathematical objects into a Dataset.

A task is three choices, as in the framework of Davies et al.: the *object* (knots, curves,
integers), the *representation* (the feature columns :math:`X(z)`), and the *target* (an
invariant :math:`Y(z)`); the question is whether :math:`Y` is predictable from :math:`X`
better than honest baselines.

References
----------
A. Davies et al., "Advancing mathematics by guiding human intuition with AI", Nature 600
(2021) 70-74, doi:10.1038/s41586-021-04086-x.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from conjectura.core.seeding import SeedLike, seed_int
from conjectura.exceptions import InvalidParameterError

__all__ = ["Dataset", "Task", "MAX_ROWS"]

#: Most rows a task builds in one dataset (about 0.8 GB for ten float columns).
MAX_ROWS = 10_000_000


@dataclass(frozen=True, eq=False)
class Dataset:
    """Features, target and grouping of one learning question.

    Attributes
    ----------
    X : ndarray of shape (n_samples, n_features)
    y : ndarray of shape (n_samples,)
    feature_names : tuple of str
    target_name : str
    groups : ndarray of shape (n_samples,), optional
        Labels for held-out splits (e.g. crossing number, census vs random).
    frame : pandas.DataFrame, optional
        The full table the features were taken from (for ``conjectura check``).
    meta : mapping
        Provenance of the data: source, parameters, counts of failures.
    """

    X: np.ndarray
    y: np.ndarray
    feature_names: tuple[str, ...]
    target_name: str
    groups: np.ndarray | None = None
    frame: Any = None
    meta: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self):
        if len(self.X) != len(self.y):
            raise InvalidParameterError(f"X has {len(self.X)} rows but y has {len(self.y)}.")
        if self.X.ndim != 2 or self.X.shape[1] != len(self.feature_names):
            raise InvalidParameterError(
                f"X has shape {self.X.shape} but there are {len(self.feature_names)} feature names."
            )

    def __len__(self) -> int:
        return len(self.y)

    def subset(self, idx) -> Dataset:
        idx = np.asarray(idx)
        frame = self.frame.iloc[idx] if self.frame is not None else None
        return Dataset(
            self.X[idx],
            self.y[idx],
            self.feature_names,
            self.target_name,
            None if self.groups is None else self.groups[idx],
            frame,
            self.meta,
        )


@dataclass(frozen=True, kw_only=True)
class Task:
    """A registered learning question.

    A factory registered with :func:`conjectura.register_task` may leave ``name`` and
    ``params`` unset: the registry fills in the registered name and the factory's arguments
    (a factory may still record a normalised value of one of its arguments, such as the
    canonical name of a representation).

    Attributes
    ----------
    name : str
        Registry name, e.g. ``"knots/signature"`` (filled in by the registry).
    features : sequence of str
        Column names of the representation.
    target : str
        Name of the invariant to predict.
    kind : {"classification", "regression"}
    build : callable
        ``build(n, rng) -> Dataset``; deterministic given the generator.
    baselines : sequence of str
        Names of the honest baselines :func:`conjectura.learn.evaluate` reports beside a learner.
    params : mapping
        Parameters the task was made with (e.g. ``representation``; filled in by the registry).
    description : str
    learner_defaults : mapping of str to mapping, optional
        Recommended hyperparameters per learner name, e.g. ``{"mlp": {"val_fraction": 0.0}}``:
        what the task's author found a learner needs on this question (with the reason in the
        factory's docstring). :func:`conjectura.learn.evaluate` (and so ``study``, the
        generalisation curve and the hyperparameter sweep) applies them beneath the user's
        own hyperparameters, which always win; see :meth:`learner_params`.
    """

    name: str = ""
    features: Sequence[str]
    target: str
    build: Callable[[int | None, np.random.Generator], Dataset]
    kind: str = "classification"
    baselines: Sequence[str] = ()
    params: Mapping[str, Any] = field(default_factory=dict)
    description: str = ""
    learner_defaults: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    _cache: dict = field(default_factory=dict, compare=False, repr=False)

    def learner_params(self, learner: str, given: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """The hyperparameters of ``learner`` on this task: the task's recommended ones
        (:attr:`learner_defaults`) updated by ``given`` (the user's values win).

        >>> t = Task(features=("x",), target="y", build=None, learner_defaults={"mlp": {"lr": 0.01, "patience": 50}})
        >>> t.learner_params("mlp", {"lr": 0.1})
        {'lr': 0.1, 'patience': 50}
        >>> t.learner_params("gbt")
        {}
        """
        return {**dict(self.learner_defaults.get(learner, {})), **dict(given or {})}

    def dataset(self, n: int | None = None, *, seed: SeedLike = None) -> Dataset:
        """The dataset (``n`` samples, or all), cached per ``(n, seed)`` for integer seeds.

        ``n`` must be an int in ``[1, MAX_ROWS]`` (checked before anything is built, so a size
        that cannot fit in memory is refused with its estimate instead of failing inside numpy).

        >>> Task(features=("x",), target="y", build=None).dataset(10**9)
        Traceback (most recent call last):
        ...
        conjectura.exceptions.InvalidParameterError: The 'n' parameter of the task's dataset must be at most 10000000 rows (MAX_ROWS; 1000000000 rows of 2 columns would take about 16 GB). Got 1000000000 instead.
        """
        if n is not None:
            from conjectura.core.validation import validate_int

            validate_int(n, "n", "the task's dataset", min_value=1)
            if n > MAX_ROWS:
                gb = n * (len(self.features) + 1) * 8 / 1e9
                raise InvalidParameterError(
                    f"The 'n' parameter of the task's dataset must be at most {MAX_ROWS} rows (MAX_ROWS; {n} "
                    f"rows of {len(self.features) + 1} columns would take about {gb:.3g} GB). Got {n} instead."
                )
        key = (n, seed_int(seed))
        if key[1] is not None and key in self._cache:
            return self._cache[key]
        rng = np.random.default_rng(seed) if not isinstance(seed, np.random.Generator) else seed
        ds = self.build(n, rng)
        if key[1] is not None:
            self._cache[key] = ds
        return ds
