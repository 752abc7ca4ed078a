"""Elliptic curves over Q: Cremona's tables through PARI, murmurations, rank tasks.

Modules
-------
``pari``          the PARI handle with Cremona's tables as its ``elldata`` (:func:`get_pari`)
``invariants``    plain functions of a-invariants: ``ap_vector``, ``root_number``,
                  ``torsion_order``, ``conductor``, ``analytic_rank``, ``discriminant``
``table``         labels, conductor ranges, :func:`curve` (one curve of the table),
                  :func:`isogeny_classes`
``build``         the dataset (one curve per isogeny class, first K a_p) as resumable Parquet
                  blocks: :func:`build_curves`, :func:`load_curves`
``rootnumber``    the root number from the a_p and the conductor by the functional equation
``murmurations``  averages of a_p by rank and by root number (He-Lee-Oliver-Pozdnyakov,
                  Sutherland, Zubrilina), plots
``tasks``         the learning tasks ``curves/rank`` and ``curves/rank-parity`` (registered)
``rules``         the baselines ``mestre-nagao`` (:func:`mestre_nagao_sum`) and ``root-number``
                  (registered)

PARI (``cypari``) is imported only inside the functions that call it.

>>> from conjectura.domains.curves import curve
>>> curve("37a1")["rank"]
1
"""

from __future__ import annotations

import importlib
from typing import Any

_LAZY = {
    "get_pari": "pari",
    "elldata_dir": "pari",
    "ap_vector": "invariants",
    "root_number": "invariants",
    "torsion_order": "invariants",
    "conductor": "invariants",
    "analytic_rank": "invariants",
    "discriminant": "invariants",
    "first_primes": "invariants",
    "curve": "table",
    "isogeny_classes": "table",
    "parse_conductor_range": "table",
    "parse_label": "table",
    "build_curves": "build",
    "load_curves": "build",
    "root_number_from_ap": "rootnumber",
    "ap_layout": "rules",
    "mestre_nagao_sum": "rules",
    "murmurations": "murmurations",
    "rank_averages": "murmurations",
    "dyadic_averages": "murmurations",
    "sign_changes": "murmurations",
}

REGISTERS = (
    "conjectura.domains.curves.tasks",
    "conjectura.domains.curves.rules",
    "conjectura.domains.curves.build",
)

__all__ = sorted(_LAZY)


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(f"{__name__}.{_LAZY[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
