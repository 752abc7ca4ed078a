"""Train/test splits: held out by object, or held out by a group (generalisation).

A split is named by a short string, so the CLI and the Python API say the same thing:

``"random"``
    Each object (row) goes to the test set with probability ``test_size`` (exactly
    ``round(test_size * n)`` rows), new for every seed.
``"group"``
    Whole groups (``Dataset.groups``: e.g. the crossing number) are held out, a random
    ``test_size`` fraction of the groups for every seed (scikit-learn ``GroupShuffleSplit``).
``"group:A,B"``
    Rows whose group is ``A`` or ``B`` form the test set (e.g. ``group:random`` trains on the
    census and tests on random knots). The training rows are all the others.
``"group>V"`` / ``"group<V"``
    Rows whose (numeric) group exceeds / lies below ``V`` form the test set: train on small
    objects, test beyond the training range (e.g. ``group>12`` for knots of 13 and 14
    crossings).

For the group-valued splits the test set is the same for every seed; the seeds then vary the
model only, and the spread says how stable the learner is, not how lucky the split was.
"""

from __future__ import annotations

import numpy as np

from conjectura.exceptions import InvalidParameterError

__all__ = ["split_indices", "describe_split"]


def _group_values(groups: np.ndarray, spec: str) -> np.ndarray:
    """Test mask for ``group:A,B`` (values compared as strings and, where possible, numbers)."""
    wanted = [w.strip() for w in spec.split(",") if w.strip()]
    if not wanted:
        raise InvalidParameterError(
            f"The 'split' parameter of evaluate names no group: {('group:' + spec)!r}."
        )
    as_str = np.array([str(g) for g in groups])
    mask = np.isin(as_str, wanted)
    try:
        nums = np.array([float(w) for w in wanted])
        mask |= np.isin(groups.astype(float), nums)
    except (TypeError, ValueError):
        # non-numeric group labels or names: the string match above is the whole answer
        return mask
    return mask


def split_indices(
    n: int, split: str, *, test_size: float, seed: int, groups: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Indices ``(train, test)`` of one split; see the module docstring for the names.

    >>> tr, te = split_indices(10, "random", test_size=0.3, seed=0)
    >>> len(tr), len(te), sorted(set(tr) | set(te)) == list(range(10))
    (7, 3, True)
    >>> g = np.array([3, 3, 4, 4, 5, 5])
    >>> split_indices(6, "group>4", test_size=0.2, seed=0, groups=g)[1].tolist()
    [4, 5]
    """
    if not isinstance(split, str):
        raise InvalidParameterError(
            f"The 'split' parameter of evaluate must be a string. Got {split!r} instead."
        )
    rng = np.random.default_rng(seed)
    if split == "random":
        perm = rng.permutation(n)
        k = int(round(test_size * n))
        if k < 1 or k >= n:
            raise InvalidParameterError(
                f"A random split of {n} rows with test_size={test_size} leaves an empty train or test set."
            )
        return np.sort(perm[k:]), np.sort(perm[:k])
    if not split.startswith("group"):
        raise InvalidParameterError(
            "The 'split' parameter of evaluate must be 'random', 'group', 'group:A,B', "
            f"'group>V' or 'group<V'. Got {split!r} instead."
        )
    if groups is None:
        raise InvalidParameterError(
            f"Split {split!r} needs groups, but this task's dataset has none: use 'random'."
        )
    groups = np.asarray(groups)
    if split == "group":
        from sklearn.model_selection import GroupShuffleSplit

        if len(np.unique(groups)) < 2:
            raise InvalidParameterError("Split 'group' needs at least two distinct groups.")
        gss = GroupShuffleSplit(n_splits=1, test_size=test_size, random_state=seed)
        train, test = next(gss.split(np.zeros(n), groups=groups))
        return np.sort(train), np.sort(test)
    if split.startswith("group:"):
        mask = _group_values(groups, split[len("group:") :])
    elif split[5:6] in (">", "<"):
        try:
            v = float(split[6:])
            g = groups.astype(float)
        except ValueError as exc:
            raise InvalidParameterError(
                f"Split {split!r} needs a number after {split[:6]!r} and numeric groups."
            ) from exc
        mask = g > v if split[5] == ">" else g < v
    else:
        raise InvalidParameterError(
            "The 'split' parameter of evaluate must be 'random', 'group', 'group:A,B', "
            f"'group>V' or 'group<V'. Got {split!r} instead."
        )
    test, train = np.flatnonzero(mask), np.flatnonzero(~mask)
    if len(test) == 0 or len(train) == 0:
        present = ", ".join(map(str, np.unique(groups)[:20]))
        raise InvalidParameterError(
            f"Split {split!r} leaves an empty {'test' if len(test) == 0 else 'train'} set; "
            f"the groups present are: {present}."
        )
    return train, test


def describe_split(split: str) -> str:
    """A phrase for tables and reports."""
    if split == "random":
        return "held out by object (random rows)"
    if split == "group":
        return "held out by group (random groups)"
    if split.startswith("group:"):
        return f"test = group(s) {split[6:]}"
    return f"test = groups {split[5:]}"
