"""The cautionary tales of learning on integers, as registered tasks.

Each task takes its representation as a parameter (``representation="crt:25"``; see
:mod:`conjectura.domains.integers.representations`), so one question can be asked in several
encodings and compared in one table (``conjectura learn integers/squarefree --representation
crt:25 --representation binary``).

* ``integers/parity-bit``: :math:`\\sigma(x) = x_1 + \\dots + x_m \\bmod 2` on :math:`\\{0,1\\}^m`;
  noise-sensitive, hard to generalise from a small fraction (Williamson §5.1).
* ``integers/mobius`` and ``integers/squarefree``: :math:`\\mu(n)` and :math:`\\mu^2(n)`; a learner
  mostly rediscovers divisibility by small primes (Lowry-Duda), so the ``divisibility``
  baseline (the Bayes rule from which small primes divide :math:`n`) is shown beside it.
* ``integers/is-prime``: beside "always composite" and trial division to a bound.

References
----------
G. Williamson, "Is deep learning a useful tool for the pure mathematician?", Bull. AMS (2024),
arXiv:2304.12602.
D. Lowry-Duda, arXiv:2502.10335 (2025).
"""

from __future__ import annotations

import numpy as np

from conjectura.core.registry import register_task
from conjectura.core.task import Dataset, Task
from conjectura.core.validation import validate_choice, validate_int
from conjectura.domains.integers.arithmetic import (
    is_prime_array,
    mobius_array,
    sample_integers,
)
from conjectura.domains.integers.representations import parse_representation
from conjectura.exceptions import InvalidParameterError

__all__ = [
    "PARITY_MLP",
    "parity_bit",
    "mobius_task",
    "squarefree_task",
    "is_prime_task",
    "parity_dataset",
    "integer_dataset",
]

PARITY_REPRESENTATIONS = ("binary", "signs")

#: The MLP hyperparameters the parity task recommends (its ``learner_defaults["mlp"]``). Early
#: stopping on a validation slice must be off: on parity the held-out loss first *rises* (the
#: net predicts the parity of the nearest training points, which is wrong for every neighbour
#: at Hamming distance 1) and only falls once the whole function is expressed, so early
#: stopping would halt every run at chance.
PARITY_MLP = {
    "hidden": (256, 256),
    "lr": 3e-3,
    "batch_size": 32,
    "max_epochs": 400,
    "patience": 50,
    "val_fraction": 0.0,
}


# --------------------------------------------------------------------------- parity
def parity_dataset(m: int, n: int | None, rng, representation: str = "binary") -> Dataset:
    """All of :math:`\\{0,1\\}^m` (or ``n`` distinct points of it) with their parity bit.

    ``representation="binary"`` gives the bits as 0/1, ``"signs"`` as :math:`(-1)^{x_i}`.
    """
    total = 2**m
    if n is None or n >= total:
        codes = np.arange(total, dtype=np.int64)
    else:
        codes = np.sort(rng.choice(total, size=n, replace=False)).astype(np.int64)
    bits = (codes[:, None] >> np.arange(m, dtype=np.int64)) & 1
    y = (bits.sum(axis=1) % 2).astype(np.int64)
    X = bits.astype(np.float64) if representation == "binary" else 1.0 - 2.0 * bits
    names = tuple(f"x{i + 1}" for i in range(m))
    import pandas as pd

    frame = pd.DataFrame(bits, columns=list(names))
    frame["parity"] = y
    return Dataset(
        X,
        y,
        names,
        "parity",
        groups=bits.sum(axis=1),
        frame=frame,
        meta={
            "source": "all of {0,1}^m" if len(codes) == total else "sample of {0,1}^m",
            "m": m,
            "rows": len(codes),
            "representation": representation,
        },
    )


@register_task(
    "integers/parity-bit", description="parity of m bits on {0,1}^m (Williamson §5.1): noise-sensitive"
)
def parity_bit(m: int = 10, representation: str = "binary") -> Task:
    """The parity bit :math:`\\sigma(x) = \\sum_i x_i \\bmod 2` of :math:`x \\in \\{0,1\\}^m`.

    Parameters
    ----------
    m : int, default 10
        Number of bits, :math:`2 \\le m \\le 20`; the dataset is all :math:`2^m` vectors.
    representation : {"binary", "signs"}, default "binary"
        Bits as 0/1 or as :math:`\\pm 1`.

    Notes
    -----
    The generalisation curve (test accuracy against the training fraction) is
    :func:`conjectura.learn.generalisation.generalisation_curve`; the groups of the dataset
    are the Hamming weights. The task recommends :data:`PARITY_MLP` for the MLP
    (``learner_defaults``): wide layers and no early stopping, which parity needs.
    """
    m = validate_int(m, "m", "integers/parity-bit", min_value=2, max_value=20)
    representation = validate_choice(
        representation, "representation", "integers/parity-bit", PARITY_REPRESENTATIONS
    )
    return Task(
        name="integers/parity-bit",
        features=tuple(f"x{i + 1}" for i in range(m)),
        target="parity",
        kind="classification",
        baselines=("majority",),
        params={"m": m, "representation": representation},
        description=f"parity of {m} bits, from the {representation} vector",
        build=lambda n, rng: parity_dataset(m, n, rng, representation),
        learner_defaults={"mlp": PARITY_MLP},
    )


# --------------------------------------------------------------------------- integers
_TARGETS = {
    "mobius": ("mu", lambda ns: mobius_array(ns).astype(np.int64)),
    "squarefree": ("mu2", lambda ns: np.abs(mobius_array(ns)).astype(np.int64)),
    "is-prime": ("is_prime", lambda ns: is_prime_array(ns).astype(np.int64)),
}


def integer_dataset(
    target: str, lo: int, hi: int, size: int, representation: str, n: int | None, rng
) -> Dataset:
    """``n`` (default ``size``) distinct integers uniform in :math:`[lo, hi)`, encoded, with
    the exact ``target`` (``"mobius"``, ``"squarefree"`` or ``"is-prime"``).

    The frame holds ``n`` itself and the target; the groups are the numbers of decimal digits.
    """
    rep = parse_representation(representation, max_value=hi - 1)
    k = size if n is None else n
    ns = sample_integers(lo, hi, k, rng)
    name, fn = _TARGETS[target]
    y = fn(ns)
    import pandas as pd

    frame = pd.DataFrame({"n": ns, name: y})
    digits = np.array([len(str(int(v))) for v in ns], dtype=np.int64)
    return Dataset(
        rep.encode(ns),
        y,
        rep.feature_names,
        name,
        groups=digits,
        frame=frame,
        meta={
            "source": f"uniform sample of [{lo}, {hi})",
            "rows": len(ns),
            "representation": rep.spec,
            "target": target,
            "exact": "FLINT fmpz factorisation / primality proof",
        },
    )


def _integer_task(
    task_name: str,
    target: str,
    lo: int,
    hi: int,
    size: int,
    representation: str,
    baselines: tuple[str, ...],
    description: str,
) -> Task:
    lo = validate_int(lo, "lo", task_name, min_value=1)
    hi = validate_int(hi, "hi", task_name, min_value=lo + 2, max_value=2**62)
    size = validate_int(size, "size", task_name, min_value=10)
    if size > hi - lo:
        raise InvalidParameterError(
            f"The 'size' parameter of {task_name} must be an int <= hi - lo = {hi - lo}. Got {size} instead."
        )
    rep = parse_representation(representation, max_value=hi - 1)
    return Task(
        name=task_name,
        features=rep.feature_names,
        target=_TARGETS[target][0],
        kind="classification",
        baselines=baselines,
        params={"lo": lo, "hi": hi, "size": size, "representation": rep.spec},
        description=f"{description} [{rep.spec}]",
        build=lambda n, rng: integer_dataset(target, lo, hi, size, rep.spec, n, rng),
    )


@register_task(
    "integers/mobius",
    description="Möbius function mu(n) in {-1,0,1}; beside the small-prime divisibility rule",
)
def mobius_task(lo: int = 2, hi: int = 10**12, size: int = 20000, representation: str = "crt:25") -> Task:
    """:math:`\\mu(n)` for ``size`` integers uniform in :math:`[lo, hi)`.

    Parameters
    ----------
    lo, hi : int, default 2 and :math:`10^{12}`
        The range (Lowry-Duda sampled :math:`[2, 10^{13}]`).
    size : int, default 20000
        Number of integers when the dataset is built without ``n``.
    representation : str, default "crt:25"
        See :func:`~conjectura.domains.integers.representations.parse_representation`.

    Notes
    -----
    The baselines are ``divisibility`` (the Bayes rule from which of the small primes visible
    in the representation divide :math:`n`), ``square-divisibility`` (also whether
    :math:`p^2 \\mid n`, for representations that determine :math:`n \\bmod p^2`) and the
    majority class, :math:`\\mu = 0` (density :math:`1 - 6/\\pi^2 \\approx 0.392`; the signs
    :math:`\\pm 1` have density about 0.304 each).
    """
    return _integer_task(
        "integers/mobius",
        "mobius",
        lo,
        hi,
        size,
        representation,
        ("divisibility", "square-divisibility", "majority"),
        "Möbius function mu(n)",
    )


@register_task(
    "integers/squarefree",
    description="squarefree indicator mu^2(n); beside the small-prime divisibility rule",
)
def squarefree_task(lo: int = 2, hi: int = 10**12, size: int = 20000, representation: str = "crt:25") -> Task:
    """:math:`\\mu^2(n)` (1 iff :math:`n` is squarefree) for integers uniform in :math:`[lo, hi)`.

    The density of squarefree integers is :math:`6/\\pi^2 \\approx 0.6079`, which is the
    accuracy of the majority class. Parameters as :func:`mobius_task`.
    """
    return _integer_task(
        "integers/squarefree",
        "squarefree",
        lo,
        hi,
        size,
        representation,
        ("divisibility", "square-divisibility", "majority"),
        "squarefree indicator mu^2(n)",
    )


@register_task(
    "integers/is-prime", description="is n prime? beside 'always composite' and trial division to B"
)
def is_prime_task(
    lo: int = 10**5, hi: int = 10**6, size: int = 20000, representation: str = "binary"
) -> Task:
    """Primality of integers uniform in :math:`[lo, hi)` (default: six-digit numbers).

    About 92.3% of six-digit numbers are composite, so "always composite" already scores
    about 92%: the exercise of Williamson's survey (arXiv:2304.12602). Trial division by the primes up to 100
    scores about 95%.
    """
    return _integer_task(
        "integers/is-prime",
        "is-prime",
        lo,
        hi,
        size,
        representation,
        ("always-composite", "trial-division"),
        "is n prime?",
    )
