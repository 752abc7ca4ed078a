r"""The memory a search needs, estimated before it starts, and refused when it cannot fit.

A generation holds ``batch`` words of ``encoding.dim`` letters, and scoring them builds
per-candidate arrays; for graphs on :math:`n` vertices (words of :math:`n(n-1)/2` letters) the
batched rewards hold a few :math:`n \times n` float64 matrices per graph. The estimate is

.. math:: \text{bytes} = \text{batch} \times \text{dim} \times 32 + \text{engine},

where 32 bytes per letter covers the int8 word, its adjacency matrix in float64 (16 bytes per
letter) and one work copy, and the engine term is what the engine says it keeps
(``engine.memory_bytes(dim)`` when it defines it, e.g. the cross-entropy network's weights).
A search whose estimate for the smallest useful batch exceeds the memory available
(``MemAvailable`` of ``/proc/meminfo``, else the physical memory) is refused before anything
is allocated, with the estimate in the message.
"""

from __future__ import annotations

import os

from conjectura.exceptions import InvalidParameterError

__all__ = ["BYTES_PER_LETTER", "available_memory", "search_memory", "check_memory"]

#: Bytes per letter and candidate assumed for a generation's words and their scoring.
BYTES_PER_LETTER = 32


def available_memory() -> int | None:
    """Bytes of memory available to a new allocation (Linux ``MemAvailable``), or ``None``."""
    try:
        with open("/proc/meminfo") as fh:
            for line in fh:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    try:
        return int(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES"))
    except (ValueError, OSError, AttributeError):
        return None


def search_memory(dim: int, batch: int, engine=None) -> int:
    """Estimated bytes of one generation of ``batch`` words of ``dim`` letters with ``engine``.

    >>> search_memory(171, 512)  # Wagner's 19-vertex graphs, the local engine's batch
    2801664
    """
    extra = 0
    if engine is not None and hasattr(engine, "memory_bytes"):
        extra = int(engine.memory_bytes(dim))
    return int(batch) * int(dim) * BYTES_PER_LETTER + extra


def _gib(x: float) -> str:
    return f"{x / 2**30:.3g} GiB"


def check_memory(problem, engine, config) -> None:
    """Refuse a search whose generation cannot fit in the available memory (see the module)."""
    dim = int(problem.encoding.dim)
    batch = config.batch_size or int(getattr(engine, "population", 256))
    need = search_memory(dim, batch, engine)
    avail = available_memory()
    if avail is None or need <= avail:
        return
    params = ", ".join(f"{k}={v}" for k, v in problem.params.items())
    raise InvalidParameterError(
        f"The search of {problem.name} ({params}) needs about {_gib(need)} of memory per "
        f"generation ({batch} words of {dim} letters, {BYTES_PER_LETTER} bytes per letter, plus "
        f"the engine), more than the {_gib(avail)} available. Use fewer vertices or a smaller "
        f"population."
    )
