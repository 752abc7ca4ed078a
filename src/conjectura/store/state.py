"""Checkpointed state as bytes: numpy arrays and bytes beside a JSON header, never a pickle.

A state is a tree of dicts (string keys), lists, JSON scalars, numpy arrays and bytes, which is
what :meth:`conjectura.SearchEngine.state_dict` returns. It is written as an ``.npz`` archive
(:func:`numpy.savez`): the member ``__state__`` holds the tree as JSON, with every array and
every bytes value replaced by a reference to its own member. Reading uses
``numpy.load(allow_pickle=False)`` and :func:`json.loads`, so loading a checkpoint can never run
code; object arrays are refused when writing.

Python's JSON keeps integers exact at any size (the state of numpy's PCG64 generator is two
128-bit integers) and writes the non-finite floats as ``Infinity`` and ``NaN``. Tuples come back
as lists and numpy scalars as Python numbers.

>>> import numpy as np
>>> rng = np.random.default_rng(0)
>>> tree = {"rng": rng.bit_generator.state, "best": np.arange(3, dtype=np.int8), "blob": b"\\x00\\x01"}
>>> back = unpack_state(pack_state(tree))
>>> back["rng"] == rng.bit_generator.state, back["best"].dtype, back["blob"]
(True, dtype('int8'), b'\\x00\\x01')
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Mapping
from typing import Any

import numpy as np

from conjectura.exceptions import InvalidParameterError, StoreError

__all__ = ["pack_state", "unpack_state", "STATE_FORMAT"]

STATE_FORMAT = "conjectura-state/1"
_ARRAY, _BYTES, _HEADER = "__array__", "__bytes__", "__state__"


def pack_state(tree: Any) -> bytes:
    """Serialise a state tree (JSON values, numpy arrays, bytes) to bytes.

    Raises
    ------
    InvalidParameterError
        For anything else (an arbitrary object, an object array, a dict with a non-string key),
        naming where in the tree it sits.
    """
    arrays: dict[str, np.ndarray] = {}

    def encode(obj: Any, where: str) -> Any:
        if obj is None or isinstance(obj, (bool, str)):
            return obj
        if isinstance(obj, (int, float)):
            return obj.item() if isinstance(obj, np.generic) else obj
        if isinstance(obj, np.generic):
            return encode(obj.item(), where)
        if isinstance(obj, np.ndarray):
            if obj.dtype.hasobject:
                raise _refuse(f"an object array at {where}")
            key = f"a{len(arrays)}"
            arrays[key] = np.ascontiguousarray(obj)
            return {_ARRAY: key}
        if isinstance(obj, (bytes, bytearray, memoryview)):
            key = f"a{len(arrays)}"
            arrays[key] = np.frombuffer(bytes(obj), dtype=np.uint8)
            return {_BYTES: key}
        if isinstance(obj, Mapping):
            out = {}
            for k, v in obj.items():
                if not isinstance(k, str):
                    raise _refuse(f"the key {k!r} (a {type(k).__name__}, not a str) at {where}")
                if k in (_ARRAY, _BYTES):
                    raise _refuse(f"the reserved key {k!r} at {where}")
                out[k] = encode(v, f"{where}[{k!r}]")
            return out
        if isinstance(obj, (list, tuple)):
            return [encode(v, f"{where}[{i}]") for i, v in enumerate(obj)]
        raise _refuse(f"a {type(obj).__name__} at {where}")

    header = {"format": STATE_FORMAT, "tree": encode(tree, "state")}
    arrays[_HEADER] = np.frombuffer(json.dumps(header).encode(), dtype=np.uint8)
    buf = io.BytesIO()
    np.savez(buf, **arrays)
    return buf.getvalue()


def unpack_state(data: bytes) -> Any:
    """Read back what :func:`pack_state` wrote (no pickle is ever loaded).

    Raises
    ------
    StoreError
        When ``data`` is not a state written by :func:`pack_state`.
    """
    try:
        with np.load(io.BytesIO(bytes(data)), allow_pickle=False) as npz:
            members = {k: npz[k] for k in npz.files}
        header = json.loads(members.pop(_HEADER).tobytes().decode())
    except (OSError, EOFError, ValueError, KeyError, zipfile.BadZipFile, UnicodeDecodeError) as exc:
        raise StoreError(f"the checkpoint is not a readable {STATE_FORMAT} state: {exc}") from exc
    if not isinstance(header, dict) or header.get("format") != STATE_FORMAT:
        raise StoreError(f"the checkpoint is not a {STATE_FORMAT} state.")

    def decode(obj: Any) -> Any:
        if isinstance(obj, list):
            return [decode(v) for v in obj]
        if isinstance(obj, dict):
            if len(obj) == 1 and _ARRAY in obj:
                return members[obj[_ARRAY]]
            if len(obj) == 1 and _BYTES in obj:
                return members[obj[_BYTES]].tobytes()
            return {k: decode(v) for k, v in obj.items()}
        return obj

    try:
        return decode(header.get("tree"))
    except KeyError as exc:
        raise StoreError(f"the checkpoint refers to a missing array {exc}.") from exc


def _refuse(what: str) -> InvalidParameterError:
    return InvalidParameterError(
        f"A checkpointed state holds numpy arrays, bytes and JSON values only (dicts with str "
        f"keys, lists, str, int, float, bool, None). Got {what} instead."
    )
