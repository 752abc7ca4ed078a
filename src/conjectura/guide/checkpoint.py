"""Training checkpoints as named numpy arrays plus a JSON header: no pickles.

A checkpoint is a ``.npz`` file of arrays (network weights, optimiser moments) with one extra
array ``__header__`` holding UTF-8 JSON (configuration, iteration, history). It is read back with
``allow_pickle=False``, so loading a checkpoint never runs code. :func:`write_checkpoint` and
:func:`read_checkpoint` are the only two functions that touch storage: pointing them at the
run store changes where every learner of :mod:`conjectura.guide` keeps its state.

:func:`module_arrays` / :func:`load_module_arrays` and :func:`adam_arrays` /
:func:`load_adam_arrays` convert a :class:`torch.nn.Module` and a :class:`torch.optim.Adam` to and
from such arrays exactly (float32 weights round-trip bit for bit), which is what resuming a run
with nothing lost needs.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

from conjectura.core.jsonable import to_jsonable
from conjectura.exceptions import InvalidParameterError

__all__ = [
    "write_checkpoint",
    "read_checkpoint",
    "module_arrays",
    "load_module_arrays",
    "adam_arrays",
    "load_adam_arrays",
]

_HEADER = "__header__"


def write_checkpoint(path: str | Path, arrays: Mapping[str, np.ndarray], header: Mapping[str, Any]) -> Path:
    """Write ``arrays`` and the JSON ``header`` to ``path`` (``.npz``) atomically.

    The file is written beside ``path`` and renamed over it, so an interrupt while writing
    leaves the previous checkpoint intact.

    >>> import tempfile, os
    >>> p = os.path.join(tempfile.mkdtemp(), "c.npz")
    >>> _ = write_checkpoint(p, {"w": np.arange(3.0)}, {"step": 2})
    >>> a, h = read_checkpoint(p)
    >>> a["w"].tolist(), h["step"]
    ([0.0, 1.0, 2.0], 2)
    """
    path = Path(path)
    if _HEADER in arrays:
        raise InvalidParameterError(f"The array name {_HEADER!r} is reserved for the checkpoint header.")
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(to_jsonable(dict(header)), sort_keys=True)
    payload = {k: np.asarray(v) for k, v in arrays.items()}
    payload[_HEADER] = np.frombuffer(text.encode("utf-8"), dtype=np.uint8)
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "wb") as fh:
        np.savez(fh, **payload)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    return path


def read_checkpoint(path: str | Path) -> tuple[dict[str, np.ndarray], dict[str, Any]]:
    """The arrays and the header of a checkpoint written by :func:`write_checkpoint`.

    Raises
    ------
    FileNotFoundError
        No file at ``path``.
    InvalidParameterError
        The file is not a checkpoint (no header, or not an ``.npz`` of plain arrays).
    """
    path = Path(path)
    try:
        with np.load(path, allow_pickle=False) as z:
            arrays = {k: z[k] for k in z.files}
    except FileNotFoundError:
        raise
    except (ValueError, OSError) as exc:
        raise InvalidParameterError(
            f"{path} is not a conjectura checkpoint (.npz of arrays): {exc}"
        ) from None
    if _HEADER not in arrays:
        raise InvalidParameterError(f"{path} is not a conjectura checkpoint: it has no header.")
    header = json.loads(arrays.pop(_HEADER).tobytes().decode("utf-8"))
    return arrays, header


def module_arrays(module, prefix: str = "") -> dict[str, np.ndarray]:
    """The parameters and buffers of a torch module as numpy arrays (copies)."""
    return {prefix + k: v.detach().cpu().numpy().copy() for k, v in module.state_dict().items()}


def load_module_arrays(module, arrays: Mapping[str, np.ndarray], prefix: str = "") -> None:
    """Load :func:`module_arrays` output back into ``module`` (strict: every tensor must be there)."""
    import torch

    state = {
        k[len(prefix) :]: torch.from_numpy(np.array(v)) for k, v in arrays.items() if k.startswith(prefix)
    }
    module.load_state_dict(state, strict=True)


def adam_arrays(optimizer, prefix: str = "opt.") -> tuple[dict[str, np.ndarray], dict[str, Any]]:
    """Arrays (moments and step counts) and a JSON-able header (hyperparameters) of an optimiser's
    state, enough to continue exactly where it stopped."""
    sd = optimizer.state_dict()
    arrays: dict[str, np.ndarray] = {}
    for pid, st in sd["state"].items():
        for k, v in st.items():
            arrays[f"{prefix}{pid}.{k}"] = (
                v.detach().cpu().numpy().copy() if hasattr(v, "detach") else np.asarray(v)
            )
    return arrays, {"param_groups": sd["param_groups"]}


def load_adam_arrays(
    optimizer, arrays: Mapping[str, np.ndarray], header: Mapping[str, Any], prefix: str = "opt."
) -> None:
    """Restore the state written by :func:`adam_arrays` into ``optimizer``."""
    import torch

    state: dict[int, dict[str, Any]] = {}
    for name, v in arrays.items():
        if not name.startswith(prefix):
            continue
        pid, key = name[len(prefix) :].split(".", 1)
        state.setdefault(int(pid), {})[key] = torch.from_numpy(np.array(v))
    optimizer.load_state_dict({"state": state, "param_groups": header["param_groups"]})
