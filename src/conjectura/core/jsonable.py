"""One conversion of results to plain JSON values, shared by certificates, the store and reports.

>>> import numpy as np
>>> to_jsonable({"n": np.int64(3), "xs": (1.5, np.float32(2.0)), 7: None})
{'n': 3, 'xs': [1.5, 2.0], '7': None}
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from pathlib import PurePath
from typing import Any

import numpy as np

__all__ = ["to_jsonable"]


def to_jsonable(obj: Any, *, finite: bool = False) -> Any:
    """``obj`` as dicts (string keys), lists, str, int, float, bool and None.

    Numpy scalars and arrays become Python numbers and lists, paths become strings, and any
    other object its ``str``. With ``finite=True`` a non-finite float becomes ``None`` (strict
    JSON has no NaN or infinity).
    """
    if obj is None or isinstance(obj, (str, bool)):
        return obj
    if isinstance(obj, int):
        return int(obj)
    if isinstance(obj, float):
        return None if finite and not math.isfinite(obj) else float(obj)
    if isinstance(obj, np.generic):
        return to_jsonable(obj.item(), finite=finite)
    if isinstance(obj, np.ndarray):
        return to_jsonable(obj.tolist(), finite=finite)
    if isinstance(obj, Mapping):
        return {str(k): to_jsonable(v, finite=finite) for k, v in obj.items()}
    if isinstance(obj, (list, tuple, set, frozenset)):
        items = sorted(obj, key=repr) if isinstance(obj, (set, frozenset)) else obj
        return [to_jsonable(v, finite=finite) for v in items]
    if isinstance(obj, PurePath):
        return str(obj)
    return str(obj)


def read_witness_document(
    data: str | bytes | Mapping[str, Any], *, what: str, format: str, keys: tuple[str, ...]
) -> Mapping[str, Any]:
    """A witness written as a JSON document: parsed (or taken as it is, if already a mapping),
    with its ``"format"`` field equal to ``format`` and exactly the keys ``keys``.

    Raises :class:`~conjectura.exceptions.CertificateFormatError` naming ``what`` otherwise.

    >>> read_witness_document('{"format": "f/1", "x": 1}', what="a witness", format="f/1", keys=("format", "x"))
    {'format': 'f/1', 'x': 1}
    """
    from conjectura.exceptions import CertificateFormatError

    if isinstance(data, Mapping):
        doc = data
    else:
        try:
            doc = json.loads(data)
        except (TypeError, ValueError) as exc:
            raise CertificateFormatError(f"{what} is not a JSON document: {exc}") from None
    if not isinstance(doc, Mapping) or doc.get("format") != format:
        got = doc.get("format") if isinstance(doc, Mapping) else type(doc).__name__
        raise CertificateFormatError(f"{what} must have the format {format!r}. Got {got!r}.")
    if set(doc) != set(keys):
        raise CertificateFormatError(
            f"{what} must have exactly the keys {', '.join(repr(k) for k in keys)}. Got {sorted(doc)}."
        )
    return doc
