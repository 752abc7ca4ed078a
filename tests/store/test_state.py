"""The checkpoint format: numpy arrays and bytes beside JSON, read without ever unpickling."""

import io
import math
import pickle

import numpy as np
import pytest

import conjectura as cj
from conjectura.store import pack_state, unpack_state


def test_round_trip_keeps_values_and_dtypes():
    rng = np.random.default_rng(12345)
    words = rng.integers(0, 2, size=(4, 6), dtype=np.int8)
    tree = {
        "rng": rng.bit_generator.state,  # two 128-bit integers
        "words": words,
        "scores": np.array([-np.inf, 0.5, np.nan]),
        "empty": np.zeros((0, 6), dtype=np.int8),
        "scalar": np.float32(2.5),
        "flags": [True, False, None],
        "nested": {"t": (1, 2), "blob": b"\x00\xffxyz", "big": 2**200, "inf": -math.inf},
    }
    back = unpack_state(pack_state(tree))
    assert back["rng"] == rng.bit_generator.state
    restored = np.random.default_rng()
    restored.bit_generator.state = back["rng"]
    assert np.array_equal(restored.random(5), rng.random(5))
    assert back["words"].dtype == np.int8 and np.array_equal(back["words"], tree["words"])
    assert np.array_equal(back["scores"], tree["scores"], equal_nan=True)
    assert back["empty"].shape == (0, 6)
    assert back["scalar"] == 2.5 and back["flags"] == [True, False, None]
    assert back["nested"] == {"t": [1, 2], "blob": b"\x00\xffxyz", "big": 2**200, "inf": -math.inf}


class _Anything:
    pass


@pytest.mark.parametrize(
    "tree,where",
    [
        ({"x": _Anything()}, "a _Anything at state['x']"),
        ({"x": np.array([object()])}, "an object array at state['x']"),
        ({1: 2}, "the key 1"),
        ({"x": [{"__array__": "a0"}]}, "the reserved key '__array__'"),
    ],
)
def test_only_arrays_bytes_and_json_are_accepted(tree, where):
    with pytest.raises(cj.InvalidParameterError, match="numpy arrays, bytes and JSON values only"):
        pack_state(tree)
    with pytest.raises(cj.InvalidParameterError, match=where.replace("[", r"\[").replace("(", r"\(")):
        pack_state(tree)


class _Payload:
    """Unpickling this would create a marker file: the test checks that it never happens."""

    def __init__(self, path):
        self.path = path

    def __reduce__(self):
        return (open, (str(self.path), "w"))


def test_a_pickle_in_the_store_is_never_loaded(tmp_path):
    marker = tmp_path / "pwned"
    plain = pickle.dumps({"state": _Payload(marker)})
    buf = io.BytesIO()
    np.savez(buf, __state__=np.array([_Payload(marker)], dtype=object))  # an object array member
    for data in (plain, buf.getvalue(), b"", b"PK\x03\x04 broken"):
        with pytest.raises(cj.StoreError, match="checkpoint"):
            unpack_state(data)
    assert not marker.exists()
