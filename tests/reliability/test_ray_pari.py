"""Ray islands and PARI in one process.

``ray.init`` installs Abseil's failure signal handler and :mod:`faulthandler` over the
process's own handlers; PARI (``cypari`` with ``cysignals``) turns each error into ``abort()``
and recovers in its SIGABRT handler, so a process that had run Ray islands died with SIGABRT
at its first PARI error (a notebook kernel was lost). The islands now put the handlers back.
The test runs both in one fresh process, in the order that failed: PARI first, then Ray
islands, then a PARI error that must be an ordinary exception.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

pytest.importorskip("ray")
pytest.importorskip("cypari")

SCRIPT = """
from conjectura.domains.curves.pari import get_pari
pari = get_pari()
assert str(pari("1 + 1")) == "2"
from conjectura.searching import parse_budget, search_islands
r = search_islands("graphs/wagner-2.1", "local", islands=2, workers=2, budget=parse_budget("200e"),
                   seed=0, problem_params={"n": 8}, backend="ray", store=None)
print("islands", r.evaluations > 0, flush=True)
try:
    pari("1/0")
except Exception as exc:
    print("pari error:", type(exc).__name__, flush=True)
print("alive", str(pari("ellinit([0, 0, 1, -1, 0]).disc")), flush=True)
"""


@pytest.mark.slow  # starting Ray takes 10-40 s
def test_a_pari_error_after_ray_islands_is_an_exception_not_sigabrt(tmp_path):
    env = {**os.environ, "CONJECTURA_HOME": str(tmp_path), "RAY_ADDRESS": ""}
    p = subprocess.run([sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, timeout=600)
    assert p.returncode == 0, (p.returncode, p.stdout, p.stderr[-3000:])  # it was -6 (SIGABRT)
    assert "islands True" in p.stdout
    assert "pari error: PariError" in p.stdout
    assert "alive 37" in p.stdout  # the conductor-37 curve y^2 + y = x^3 - x has discriminant 37
    assert "Fatal Python error" not in p.stderr


def test_signal_handlers_are_put_back(tmp_path):
    """The snapshot restores a C-level handler that Python's signal module cannot see."""
    import ctypes
    import ctypes.util
    import signal

    from conjectura.searching.islands import _SignalHandlers

    libc = ctypes.CDLL(ctypes.util.find_library("c") or None)
    libc.signal.restype = ctypes.c_void_p
    libc.signal.argtypes = [ctypes.c_int, ctypes.c_void_p]

    def current(sig):
        buf = ctypes.create_string_buffer(1024)
        libc.sigaction.argtypes = [ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p]
        assert libc.sigaction(sig, None, buf) == 0
        return buf.raw[:8]  # sa_handler comes first in struct sigaction

    before = current(signal.SIGTRAP)
    snap = _SignalHandlers()
    libc.signal(signal.SIGTRAP, 1)  # SIG_IGN, set from C as Ray's core worker does
    assert current(signal.SIGTRAP) != before
    snap.restore()
    assert current(signal.SIGTRAP) == before
