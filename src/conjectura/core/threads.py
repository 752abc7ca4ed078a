"""One way to limit the threads of BLAS, OpenMP and PyTorch inside a block.

On a busy 2-core machine two OpenMP threads spin-wait on each other: small models train
5-50 times slower than on one thread, so training loops, engines and workers run inside
``limit_threads(1)``.
"""

from __future__ import annotations

import contextlib
import importlib.util
import sys
from collections.abc import Iterator

__all__ = ["limit_threads"]


@contextlib.contextmanager
def limit_threads(n: int | None = 1, *, torch: bool = True) -> Iterator[None]:
    """Run the block with at most ``n`` BLAS/OpenMP threads (and PyTorch threads); ``None``: no limit.

    PyTorch is limited when it is already imported, or when ``torch=True`` and it is installed
    (it is imported then). The previous limits are restored on exit.

    >>> with limit_threads(1):
    ...     pass
    """
    if n is None:
        yield
        return
    if not isinstance(n, int) or isinstance(n, bool) or n < 1:
        from conjectura.exceptions import InvalidParameterError

        raise InvalidParameterError(
            f"The 'n' parameter of limit_threads must be an int >= 1. Got {n!r} instead."
        )
    from threadpoolctl import threadpool_limits

    tmod = sys.modules.get("torch")
    if tmod is None and torch and importlib.util.find_spec("torch") is not None:
        import torch as tmod
    old = tmod.get_num_threads() if tmod is not None else None
    limits = threadpool_limits(limits=n)
    if tmod is not None:
        tmod.set_num_threads(n)
    try:
        yield
    finally:
        limits.restore_original_limits()
        if tmod is not None and old is not None:
            tmod.set_num_threads(old)
