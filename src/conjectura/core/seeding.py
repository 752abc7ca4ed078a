"""Explicit randomness: every stochastic call takes ``seed: int | np.random.Generator | None``."""

from __future__ import annotations

import numpy as np

__all__ = ["SeedLike", "as_generator", "child_seeds", "seed_int"]

SeedLike = int | np.random.Generator | np.random.SeedSequence | None


def as_generator(seed: SeedLike) -> np.random.Generator:
    """Return a numpy Generator for ``seed`` (a Generator is passed through unchanged)."""
    if isinstance(seed, np.random.Generator):
        return seed
    return np.random.default_rng(seed)


def child_seeds(seed: SeedLike, k: int) -> list[int]:
    """Derive ``k`` independent integer seeds from one seed with :class:`numpy.random.SeedSequence`.

    The same ``seed`` always gives the same children, so serial and parallel runs agree.

    >>> child_seeds(0, 2) == child_seeds(0, 2)
    True
    """
    if isinstance(seed, np.random.Generator):
        return [int(x) for x in seed.integers(0, 2**63 - 1, size=k)]
    ss = seed if isinstance(seed, np.random.SeedSequence) else np.random.SeedSequence(seed)
    return [int(c.generate_state(1, dtype=np.uint64)[0] >> np.uint64(1)) for c in ss.spawn(k)]


def seed_int(seed: SeedLike) -> int | None:
    """An integer to record in provenance for ``seed`` (``None`` when it cannot be recorded)."""
    if seed is None or isinstance(seed, np.random.Generator):
        return None
    if isinstance(seed, np.random.SeedSequence):
        return int(seed.entropy) if isinstance(seed.entropy, int) else None
    return int(seed)
