"""Left and right descent sets: the representation decides what a network can learn.

From the one-line vector :math:`(x(1), \\dots, x(n))` the right descent
:math:`i \\in \\mathcal{R}(x) \\iff x(i) > x(i+1)` is a linear threshold, while the left descent
:math:`i \\in \\mathcal{L}(x) \\iff x^{-1}(i) > x^{-1}(i+1)` asks *where* the values :math:`i` and
:math:`i+1` sit. Williamson (§5.2) reports that a network with hidden layers 500 and 100
learns right descent sets for :math:`n = 35` in seconds and struggles with left ones, and that
with permutation matrices as inputs left and right become symmetric.

The learning framework predicts one label per row, so each task predicts whether one
``position`` :math:`i` is a descent (default :math:`\\lfloor n/2 \\rfloor`); a uniformly random
permutation has a descent at each :math:`i` with probability 1/2, so chance is 50%.
:func:`descent_dataset` with ``position=None`` gives the whole descent set as a 0/1 matrix
(the multi-label form of the survey).

References
----------
G. Williamson, arXiv:2304.12602, §5.2; Geordie Williamson, Joel Gibson and Georg Gottwald,
"Machine learning for the working mathematician" course notebooks (2022), "Classifying
descent sets in S_n".
"""

from __future__ import annotations

from conjectura.core.registry import register_task
from conjectura.core.task import Dataset, Task
from conjectura.core.validation import validate_int
from conjectura.domains.permutations.descents import (
    left_descents,
    random_permutations,
    right_descents,
)
from conjectura.domains.permutations.representations import (
    check_representation,
    encode,
    feature_names,
)

__all__ = ["descent_dataset", "right_descents_task", "left_descents_task"]

_SIDES = {"right": right_descents, "left": left_descents}


def descent_dataset(side: str, n: int, k: int, representation: str, rng, position: int | None) -> Dataset:
    """``k`` uniformly random permutations of :math:`S_n`, encoded, with their ``side`` descents.

    With ``position=i`` the target is 1 iff :math:`i` is a descent (shape ``(k,)``); with
    ``position=None`` it is the whole descent set, a 0/1 matrix of shape ``(k, n - 1)``.
    """
    x = random_permutations(n, k, rng)
    D = _SIDES[side](x)
    y = D[:, position - 1] if position is not None else D
    import pandas as pd

    frame = pd.DataFrame(x, columns=[f"x{i}" for i in range(1, n + 1)])
    target = f"{side}_descent_{position}" if position is not None else f"{side}_descent_set"
    if position is not None:
        frame[target] = y
    return Dataset(
        encode(x, representation),
        y,
        feature_names(n, representation),
        target,
        frame=frame,
        meta={
            "source": f"uniform random permutations of S_{n}",
            "rows": int(k),
            "representation": representation,
            "side": side,
            "position": position,
        },
    )


def _task(side: str, n: int, size: int, position: int | None, representation: str) -> Task:
    name = f"permutations/{side}-descents"
    n = validate_int(n, "n", name, min_value=2, max_value=64)
    size = validate_int(size, "size", name, min_value=10)
    position = (
        n // 2 if position is None else validate_int(position, "position", name, min_value=1, max_value=n - 1)
    )
    rep = check_representation(representation, name)
    sym = "R" if side == "right" else "L"
    return Task(
        name=name,
        features=feature_names(n, rep),
        target=f"{side}_descent_{position}",
        kind="classification",
        baselines=("majority",),
        params={"n": n, "size": size, "position": position, "representation": rep},
        description=f"is {position} in {sym}(x), x uniform in S_{n}, from the {rep} representation",
        build=lambda k, rng: descent_dataset(side, n, size if k is None else k, rep, rng, position),
    )


@register_task(
    "permutations/right-descents",
    description="is i a right descent, x(i) > x(i+1)? easy from the one-line vector",
)
def right_descents_task(
    n: int = 35, size: int = 20000, position: int | None = None, representation: str = "oneline"
) -> Task:
    """Whether ``position`` :math:`i` is a right descent of a uniformly random :math:`x \\in S_n`.

    Parameters
    ----------
    n : int, default 35
        :math:`2 \\le n \\le 64`.
    size : int, default 20000
        Number of random permutations when the dataset is built without ``n``.
    position : int, optional
        :math:`1 \\le i < n`; default :math:`\\lfloor n/2 \\rfloor`.
    representation : {"oneline", "matrix"}, default "oneline"
    """
    return _task("right", n, size, position, representation)


@register_task(
    "permutations/left-descents",
    description="is i a left descent, x^-1(i) > x^-1(i+1)? hard from the one-line vector",
)
def left_descents_task(
    n: int = 35, size: int = 20000, position: int | None = None, representation: str = "oneline"
) -> Task:
    """Whether ``position`` :math:`i` is a left descent of a uniformly random :math:`x \\in S_n`.

    Parameters as :func:`right_descents_task`. With ``representation="matrix"`` this task is
    the right-descent task of the transposed input, hence exactly as easy.
    """
    return _task("left", n, size, position, representation)
