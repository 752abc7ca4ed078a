"""A planted-signal task with a known answer: the calibration check of the learn workflow.

Before trusting a saliency ranking on mathematical data, check that the pipeline recovers a
signal planted on purpose (as scikit-learn's ``make_classification`` serves its estimators).
In :func:`planted_task` the target depends on two columns only,

.. math::

    s = z_0 + \\tfrac12 z_1, \\qquad
    y = \\operatorname{clip}(\\operatorname{round}(s), -2, 2) \\ \\text{(classification)}
    \\quad\\text{or}\\quad y = s + 0.05\\,\\varepsilon \\ \\text{(regression)},

with :math:`z \\sim N(0, I)`; the other columns are independent noise. The columns are
rescaled by wildly different factors (``SCALES``), so a method that forgets to standardise
ranks them by scale, not by signal. ``groups`` is ``"far"`` where :math:`|s| > 1.5` and
``"near"`` otherwise (a group split then tests extrapolation to the rare extreme classes).
"""

from __future__ import annotations

import numpy as np

from conjectura.core.task import Dataset, Task
from conjectura.core.validation import validate_choice

__all__ = ["FEATURES", "SCALES", "planted_dataset", "planted_task"]

FEATURES = ("x0", "x1", "noise_a", "noise_b", "noise_c", "noise_d")
SCALES = np.array([1.0, 1.0, 1000.0, 0.001, 50.0, 3.0])


def planted_dataset(n: int | None, rng: np.random.Generator, kind: str = "classification") -> Dataset:
    """``n`` rows (default 1500) of the planted-signal data; see the module docstring."""
    import pandas as pd

    validate_choice(kind, "kind", "planted_dataset", ("classification", "regression"))
    n = 1500 if n is None else n
    Z = rng.normal(size=(n, len(FEATURES)))
    X = Z * SCALES
    signal = Z[:, 0] + 0.5 * Z[:, 1]
    if kind == "classification":
        y = np.clip(np.round(signal), -2, 2).astype(np.int64)
    else:
        y = signal + 0.05 * rng.normal(size=n)
    groups = np.where(np.abs(signal) > 1.5, "far", "near")
    frame = pd.DataFrame(X, columns=list(FEATURES))
    frame["y"] = y
    return Dataset(
        X,
        y,
        FEATURES,
        "y",
        groups=groups,
        frame=frame,
        meta={"source": "planted signal", "signal": "x0 + x1/2"},
    )


def planted_task(kind: str = "classification", *, name: str | None = None) -> Task:
    """The planted-signal :class:`~conjectura.core.task.Task` (answer: x0, then x1)."""
    validate_choice(kind, "kind", "planted_task", ("classification", "regression"))
    return Task(
        name=name or f"synthetic/planted-{kind}",
        features=FEATURES,
        target="y",
        kind=kind,
        build=lambda n, rng: planted_dataset(n, rng, kind),
        params={"kind": kind},
        baselines=(),
        description="planted signal: y from x0 + x1/2; the other columns are noise",
    )
