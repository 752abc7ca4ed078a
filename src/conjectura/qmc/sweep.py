"""Hyperparameter sweeps with Optuna: quasi-random (scrambled Sobol) by default, random or TPE
on request, trials kept in an SQLAlchemy database so many workers can share one sweep.

A sweep is an Optuna study driven through its ask/tell interface: :func:`sweep` asks for a
point of the search space, calls ``objective(params)``, and tells the value back. With
``storage="sqlite:///sweep.db"`` (or a ``postgresql://`` URL) the trials live in the database:
several processes or machines that call :func:`sweep` with the same URL and ``study_name``
add trials to the same study, and a sweep stopped by Ctrl-C resumes where it was (the trial
that was running is marked failed; finished trials are kept). The database may be the one of
the conjectura store: Optuna's tables do not clash with the store's.

The quasi-random sampler is Optuna's :class:`optuna.samplers.QMCSampler`: point ``k`` of the
sweep is point ``k`` of one scrambled Sobol sequence (a counter in the study's storage hands
out the indices, so workers share one sequence; they must pass the same ``seed``, which is
the scramble). Optuna samples the very first trial of a study with the independent (random)
sampler to learn the search space, so trials ``1, 2, ...`` are Sobol points ``0, 1, ...``
(coordinate ``j`` of a point is the ``j``-th parameter of the space). With workers running
at once, every trial that starts before the first one finishes is an independent one, and
Optuna's counter is not transactional: an index can occasionally be handed out twice, none is
skipped.
With ``"random"`` or ``"tpe"`` each worker should pass its own ``worker`` index so that
workers do not draw the same points.

References
----------
T. Akiba, S. Sano, T. Yanase, T. Ohta and M. Koyama, "Optuna: a next-generation
hyperparameter optimization framework", KDD 2019, doi:10.1145/3292500.3330701.

J. Bergstra and Y. Bengio, "Random search for hyper-parameter optimization", JMLR 13 (2012)
281-305 (quasi-random sequences beat grids and random search in low effective dimension).
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from conjectura.core.jsonable import to_jsonable
from conjectura.core.seeding import child_seeds
from conjectura.core.validation import require, validate_choice, validate_int
from conjectura.exceptions import InvalidParameterError

__all__ = ["Float", "Int", "Categorical", "SAMPLERS", "SweepResult", "sweep", "sweep_status", "make_sampler"]

SAMPLERS = ("qmc", "random", "tpe")


@dataclass(frozen=True)
class Float:
    """A real parameter in ``[low, high]`` (sampled uniformly in ``log`` when ``log=True``)."""

    low: float
    high: float
    log: bool = False

    def to_optuna(self):
        from optuna.distributions import FloatDistribution

        return FloatDistribution(float(self.low), float(self.high), log=self.log)


@dataclass(frozen=True)
class Int:
    """An integer parameter in ``[low, high]`` (both included)."""

    low: int
    high: int
    log: bool = False
    step: int = 1

    def to_optuna(self):
        from optuna.distributions import IntDistribution

        return IntDistribution(int(self.low), int(self.high), log=self.log, step=int(self.step))


@dataclass(frozen=True)
class Categorical:
    """One of finitely many ``choices`` (str, int, float, bool or None)."""

    choices: tuple

    def to_optuna(self):
        from optuna.distributions import CategoricalDistribution

        return CategoricalDistribution(tuple(self.choices))


def _distributions(space: Mapping[str, Any]) -> dict:
    from optuna.distributions import BaseDistribution

    if not isinstance(space, Mapping) or not space:
        raise InvalidParameterError(
            "The 'space' parameter of sweep must be a non-empty mapping from names to Float, Int, "
            f"Categorical or optuna distributions. Got {space!r} instead."
        )
    out = {}
    for name, spec in space.items():
        try:
            if isinstance(spec, BaseDistribution):
                out[name] = spec
            elif isinstance(spec, (Float, Int, Categorical)):
                out[name] = spec.to_optuna()
            elif isinstance(spec, list):
                out[name] = Categorical(tuple(spec)).to_optuna()
            elif isinstance(spec, tuple) and len(spec) == 2:
                lo, hi = spec
                if all(isinstance(v, int) and not isinstance(v, bool) for v in spec):
                    out[name] = Int(lo, hi).to_optuna()
                else:
                    out[name] = Float(lo, hi).to_optuna()
            else:
                raise TypeError
        except (TypeError, ValueError) as exc:
            raise InvalidParameterError(
                f"The search space entry {name!r} of sweep must be Float(low, high), Int(low, high), "
                f"Categorical(choices), a (low, high) pair, a list of choices or an optuna distribution "
                f"with low <= high. Got {spec!r} instead."
            ) from exc
    return out


def make_sampler(name: str = "qmc", *, seed: int = 0, worker: int = 0):
    """The Optuna sampler ``"qmc"`` (scrambled Sobol, seed shared by all workers), ``"random"``
    or ``"tpe"`` (seeded per worker so that workers draw different points)."""
    optuna = require("optuna", extra="qmc", purpose="for hyperparameter sweeps")
    validate_choice(name, "sampler", "sweep", SAMPLERS)
    seed = validate_int(seed, "seed", "sweep", min_value=0)
    worker = validate_int(worker, "worker", "sweep", min_value=0)
    own = child_seeds(seed, worker + 1)[worker] % (2**32)
    if name == "qmc":
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore", optuna.exceptions.ExperimentalWarning)
            return optuna.samplers.QMCSampler(
                qmc_type="sobol",
                scramble=True,
                seed=seed,
                independent_sampler=optuna.samplers.RandomSampler(seed=own),
                warn_independent_sampling=False,
            )
    if name == "random":
        return optuna.samplers.RandomSampler(seed=own)
    return optuna.samplers.TPESampler(seed=own)


def _storage(url: str | None, heartbeat: int | None):
    if url is None:
        return None
    import optuna

    if not isinstance(url, str) or "://" not in url:
        raise InvalidParameterError(
            "The 'storage' parameter of sweep must be an SQLAlchemy URL such as 'sqlite:///sweep.db' "
            f"or 'postgresql://user@host/db'. Got {url!r} instead."
        )
    import sqlalchemy.exc

    kwargs = {"connect_args": {"timeout": 60}} if url.startswith("sqlite") else {}
    beat = {"heartbeat_interval": heartbeat, "grace_period": 2 * heartbeat} if heartbeat else {}
    # Workers that start together race to create Optuna's tables; the loser sees the winner's
    # rows (a unique-constraint or "table exists" error) and simply connects again.
    for attempt in range(8):
        try:
            return optuna.storages.RDBStorage(url, engine_kwargs=kwargs, **beat)
        except (sqlalchemy.exc.IntegrityError, sqlalchemy.exc.OperationalError):
            if attempt == 7:
                raise
            time.sleep(0.2 * (attempt + 1))


def _mask(url: str | None) -> str | None:
    if url is None or "@" not in url:
        return url
    head, tail = url.split("@", 1)
    scheme, _, cred = head.partition("://")
    user = cred.split(":", 1)[0]
    return f"{scheme}://{user}:***@{tail}" if ":" in cred else url


@dataclass(frozen=True)
class SweepResult:
    """Every trial of one sweep (all workers'), and the best one.

    Attributes
    ----------
    study_name, sampler, direction : str
    storage : str or None
        The database URL (password masked); ``None`` for an in-memory sweep.
    trials : list of dict
        ``number``, ``state``, ``value``, ``params``, ``attrs`` (what the objective returned
        besides ``value``, and ``error`` for failed trials), ``seconds``.
    ran : int
        Trials run by this call.
    """

    study_name: str
    sampler: str
    direction: str
    storage: str | None
    trials: tuple[dict, ...] = field(repr=False)
    ran: int = 0
    seconds: float = 0.0

    @property
    def complete(self) -> list[dict]:
        return [t for t in self.trials if t["state"] == "COMPLETE"]

    @property
    def best(self) -> dict | None:
        done = self.complete
        if not done:
            return None
        key = (lambda t: t["value"]) if self.direction == "minimize" else (lambda t: -t["value"])
        return min(done, key=key)

    @property
    def best_params(self) -> dict | None:
        return None if self.best is None else dict(self.best["params"])

    @property
    def best_value(self) -> float | None:
        return None if self.best is None else float(self.best["value"])

    def table_rows(self, limit: int | None = None) -> list[dict]:
        """Complete trials, best first."""
        done = sorted(self.complete, key=lambda t: t["value"], reverse=self.direction == "maximize")
        rows = [{"trial": t["number"], "value": t["value"], **dict(t["params"])} for t in done[:limit]]
        return rows

    def table(self, limit: int = 10):
        """A :class:`rich.table.Table` of the best ``limit`` trials."""
        from rich.table import Table

        rows = self.table_rows(limit)
        failed = sum(1 for t in self.trials if t["state"] == "FAIL")
        t = Table(
            title=f"sweep {self.study_name} ({self.sampler}, {self.direction}): {len(self.complete)} complete, "
            f"{failed} failed trials; best {limit} shown"
        )
        cols = list(rows[0]) if rows else ["trial", "value"]
        for c in cols:
            t.add_column(c)
        for r in rows:
            t.add_row(*[f"{v:.6g}" if isinstance(v, float) else str(v) for v in r.values()])
        return t

    def to_dict(self) -> dict:
        return to_jsonable(
            {
                "study_name": self.study_name,
                "sampler": self.sampler,
                "direction": self.direction,
                "storage": self.storage,
                "ran": self.ran,
                "seconds": self.seconds,
                "n_trials": len(self.trials),
                "n_complete": len(self.complete),
                "best": self.best,
                "trials": list(self.trials),
            },
            finite=True,
        )

    def report(self, directory: str | Path) -> Path:
        """Write ``directory/report.html``: value per trial, best so far, the best trials."""
        from conjectura.report.studies import sweep_report

        return sweep_report(self, directory)


def _frozen_to_dict(t) -> dict:
    secs = (
        (t.datetime_complete - t.datetime_start).total_seconds()
        if t.datetime_complete and t.datetime_start
        else None
    )
    return {
        "number": t.number,
        "state": t.state.name,
        "value": t.value,
        "params": dict(t.params),
        "attrs": dict(t.user_attrs),
        "seconds": secs,
    }


def sweep(
    objective: Callable[[dict], float | Mapping[str, Any]],
    space: Mapping[str, Any],
    *,
    n_trials: int,
    sampler: str = "qmc",
    direction: str = "minimize",
    storage: str | None = None,
    study_name: str | None = None,
    seed: int = 0,
    worker: int = 0,
    max_total_trials: int | None = None,
    catch: Sequence[type[BaseException]] = (),
    heartbeat: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> SweepResult:
    """Run ``n_trials`` trials of a sweep of ``objective`` over ``space``.

    Parameters
    ----------
    objective : callable
        ``objective(params) -> float``, or a mapping with key ``"value"`` and other JSON-able
        entries (kept with the trial, e.g. the baselines of a learning run). A non-finite
        value fails the trial.
    space : mapping
        Name to :class:`Float`, :class:`Int`, :class:`Categorical`, an optuna distribution,
        a ``(low, high)`` pair (ints: :class:`Int`, else :class:`Float`) or a list of choices.
    n_trials : int
        Trials this call runs.
    sampler : {"qmc", "random", "tpe"}
    direction : {"minimize", "maximize"}
    storage : str, optional
        SQLAlchemy URL of the trials' database (``None``: in memory, lost at exit).
    study_name : str, optional
        Name of the sweep in the database (required with ``storage``, so that workers meet).
    seed : int
        The scramble of the Sobol sequence (the same in every worker) and the root of the
        random/TPE seeds.
    worker : int
        This worker's index (random/TPE draw from ``child_seeds(seed)[worker]``).
    max_total_trials : int, optional
        Stop early once the study holds this many finished trials (all workers together).
    catch : tuple of exception types
        Exceptions of the objective that fail the trial and let the sweep go on; any other
        exception fails the trial and is raised.
    heartbeat : int, optional
        Seconds between heartbeats of a running trial (database storage only); a trial whose
        worker died is marked failed after two missed beats.
    progress : callable, optional
        ``progress(done, n_trials)`` after each trial.

    Returns
    -------
    SweepResult

    Examples
    --------
    >>> res = sweep(lambda p: (p["x"] - 0.3) ** 2, {"x": Float(0.0, 1.0)}, n_trials=17)
    >>> res.best_value <= 1 / 16**2       # 16 Sobol points: one in each interval of width 1/16
    True
    """
    optuna = require("optuna", extra="qmc", purpose="for hyperparameter sweeps")
    from optuna.trial import TrialState

    n_trials = validate_int(n_trials, "n_trials", "sweep", min_value=1)
    validate_choice(direction, "direction", "sweep", ("minimize", "maximize"))
    if max_total_trials is not None:
        max_total_trials = validate_int(max_total_trials, "max_total_trials", "sweep", min_value=1)
    if storage is not None and not study_name:
        raise InvalidParameterError(
            "The 'study_name' parameter of sweep is required with a storage URL (workers find the "
            "sweep by its name). Got None instead."
        )
    dists = _distributions(space)
    catch = tuple(catch)
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    study = optuna.create_study(
        storage=_storage(storage, heartbeat),
        sampler=make_sampler(sampler, seed=seed, worker=worker),
        study_name=study_name,
        direction=direction,
        load_if_exists=True,
    )
    if study.direction.name.lower() != direction:
        raise InvalidParameterError(
            f"The sweep {study_name!r} in {_mask(storage)} was created with direction "
            f"{study.direction.name.lower()!r}. Got {direction!r} instead."
        )
    recorded = study.user_attrs.get("sampler")
    if recorded is None:
        study.set_user_attr("sampler", sampler)
    elif recorded != sampler:
        raise InvalidParameterError(
            f"The sweep {study_name!r} in {_mask(storage)} runs the {recorded!r} sampler; every worker must use "
            f"it. Got sampler={sampler!r} instead."
        )
    finished = (TrialState.COMPLETE, TrialState.FAIL, TrialState.PRUNED)
    t_start = time.perf_counter()
    ran = 0
    for _ in range(n_trials):
        if (
            max_total_trials is not None
            and len(study.get_trials(deepcopy=False, states=finished)) >= max_total_trials
        ):
            break
        trial = study.ask(dists)
        try:
            out = objective(dict(trial.params))
            if isinstance(out, Mapping):
                if "value" not in out:
                    raise InvalidParameterError(
                        f"An objective of sweep that returns a mapping must have the key 'value'. "
                        f"Got keys {sorted(out)} instead."
                    )
                for k, v in out.items():
                    if k != "value":
                        trial.set_user_attr(str(k), to_jsonable(v, finite=True))
                value = out["value"]
            else:
                value = out
            value = float(value)
        except catch as exc:
            trial.set_user_attr("error", f"{type(exc).__name__}: {exc}")
            study.tell(trial, state=TrialState.FAIL)
            ran += 1
            continue
        except BaseException as exc:  # Ctrl-C or a bug: mark the trial, keep the finished ones
            trial.set_user_attr("error", f"{type(exc).__name__}: {exc}")
            study.tell(trial, state=TrialState.FAIL)
            raise
        if not math.isfinite(value):
            trial.set_user_attr("error", f"non-finite value {value!r}")
            study.tell(trial, state=TrialState.FAIL)
        else:
            study.tell(trial, value)
        ran += 1
        if progress is not None:
            progress(ran, n_trials)
    trials = tuple(_frozen_to_dict(t) for t in study.get_trials(deepcopy=False))
    return SweepResult(
        study.study_name, sampler, direction, _mask(storage), trials, ran, time.perf_counter() - t_start
    )


def sweep_status(storage: str, study_name: str) -> SweepResult:
    """The trials of the sweep ``study_name`` in the database ``storage``, without running any.

    Raises :class:`~conjectura.exceptions.InvalidParameterError` when there is no such sweep.
    """
    optuna = require("optuna", extra="qmc", purpose="for hyperparameter sweeps")
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    st = _storage(storage, None)
    try:
        study = optuna.load_study(study_name=study_name, storage=st)
    except KeyError as exc:
        names = [s.study_name for s in optuna.get_all_study_summaries(st)]
        raise InvalidParameterError(
            f"There is no sweep named {study_name!r} in {_mask(storage)}; it holds {names or 'no sweeps'}."
        ) from exc
    trials = tuple(_frozen_to_dict(t) for t in study.get_trials(deepcopy=False))
    return SweepResult(
        study.study_name,
        str(study.user_attrs.get("sampler", "unknown")),
        study.direction.name.lower(),
        _mask(storage),
        trials,
        0,
        0.0,
    )
