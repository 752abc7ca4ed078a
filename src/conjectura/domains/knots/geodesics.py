"""Geodesic features of a hyperbolic knot complement, computed robustly in a subprocess.

The shortest closed geodesic :math:`\\gamma` of :math:`S^3 \\setminus K` has complex length
:math:`\\ell(\\gamma) + i\\,\\tau(\\gamma)` (length and torsion, :math:`\\tau \\in (-\\pi, \\pi]`),
SnapPy's convention. The features are

* ``short_geodesic_real_part`` :math:`= \\ell(\\gamma)`,
* ``short_geodesic_imag_part`` :math:`= \\tau(\\gamma)`,
* ``injectivity_radius`` :math:`= \\ell(\\gamma)/2`, the injectivity radius of the thick part:
  the infimum over the whole cusped manifold is 0 (deep in the cusp), so, as in Davies, Juhász,
  Lackenby, Tomasev (arXiv:2111.15323), the quantity used is half the systole.

SnapPy reads the length spectrum from a Dirichlet domain, whose default construction fails on most
census knots, and a construction can also hang; so each knot is computed by a long-lived child
process that is killed and restarted when a knot exceeds its time limit, with the fallback
chain (first success wins, its name recorded in ``geodesic_method``):

1. ``default``: ``Manifold.dirichlet_domain()``;
2. ``canonize``: the same on the canonical (Epstein-Penner) retriangulation;
3. ``randomize-k``: the same after ``k`` random retriangulations (up to 12), also without
   moving the base point to a maximum of the injectivity radius;
4. ``displacement``: base point displaced from the injectivity-radius maximum;
5. ``high-precision``: ``ManifoldHP.dirichlet_domain()``;
6. ``length-spectrum-alt``: ``Manifold.length_spectrum_alt(count=1)``, which needs no
   Dirichlet domain (slow: tens of seconds).

The length spectrum is then read up to a cutoff that doubles from 1 until a geodesic appears.
Failures and timeouts are returned in ``geodesic_error``, never dropped.
"""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys
import time
from typing import Any

__all__ = ["GeodesicRunner", "shortest_geodesic", "manifold_from_payload"]

_FIELDS = ("short_geodesic_real_part", "short_geodesic_imag_part", "injectivity_radius")


def manifold_from_payload(payload: str):
    """The manifold named by ``"census:K8n1"`` or ``"braid:1 -2 3 ..."`` (a braid closure).

    A braid closure is not simplified first: its exterior is the same manifold, whatever the
    diagram, and the geodesic features are invariants of that manifold.
    """
    import snappy

    kind, _, body = payload.partition(":")
    if kind == "census":
        return snappy.Manifold(body)
    if kind == "braid":
        return snappy.Link(braid_closure=[int(x) for x in body.split()]).exterior()
    raise ValueError(f"unknown manifold payload {payload!r}")


def _spectrum(D) -> complex | None:
    cutoff = 1.0
    while cutoff <= 8.0:
        spec = D.length_spectrum_dicts(cutoff)
        if spec:
            return complex(spec[0].length)
        cutoff *= 2
    return None


def _attempts(M):
    """The fallback chain: (name, thunk returning a complex length or None)."""
    import snappy

    def dirichlet(N, **kw):
        return lambda: _spectrum(N.dirichlet_domain(**kw))

    yield "default", dirichlet(M)

    def canon():
        N = M.copy()
        N.canonize()
        return _spectrum(N.dirichlet_domain())

    yield "canonize", canon
    N = M.copy()
    for k in range(1, 13):

        def rand(N=N):
            N.randomize()
            try:
                return _spectrum(N.dirichlet_domain())
            except RuntimeError:  # the same triangulation, base point not moved to the
                return _spectrum(N.dirichlet_domain(maximize_injectivity_radius=False))  # max

        yield f"randomize-{k}", rand
    for d in ([0.1, 0.05, -0.07], [-0.2, 0.13, 0.08], [0.3, -0.25, 0.1]):
        yield (
            "displacement",
            dirichlet(M, displacement=d, centroid_at_origin=False, maximize_injectivity_radius=False),
        )
    yield "high-precision", lambda: _spectrum(snappy.ManifoldHP(M).dirichlet_domain())

    def alt():
        spec = M.length_spectrum_alt(count=1)
        return complex(spec[0].length) if spec else None

    yield "length-spectrum-alt", alt


def shortest_geodesic(M) -> dict[str, Any]:
    """Geodesic features of ``M`` by the fallback chain (in this process, without a time limit).

    Returns
    -------
    dict
        ``short_geodesic_real_part``, ``short_geodesic_imag_part``, ``injectivity_radius``
        (``None`` on failure), ``geodesic_method`` (the step that succeeded) and
        ``geodesic_error`` (empty on success).

    >>> import snappy  # doctest: +SKIP
    >>> shortest_geodesic(snappy.Manifold("K4a1"))["short_geodesic_real_part"]  # doctest: +SKIP
    1.0870701449957...
    """
    errors = []
    for name, attempt in _attempts(M):
        try:
            z = attempt()
        except Exception as exc:
            errors.append(f"{name}: {type(exc).__name__}")
            continue
        if z is None:
            errors.append(f"{name}: no geodesic below cutoff 8")
            continue
        return {
            "short_geodesic_real_part": z.real,
            "short_geodesic_imag_part": z.imag,
            "injectivity_radius": z.real / 2,
            "geodesic_method": name,
            "geodesic_error": "",
        }
    return {
        **dict.fromkeys(_FIELDS),
        "geodesic_method": None,
        "geodesic_error": "geodesics: all methods failed (" + ", ".join(errors) + ")",
    }


def _serve() -> None:
    """Child loop: one payload per stdin line, one JSON result per stdout line."""
    import snappy  # noqa: F401 - imported before announcing readiness, so timeouts are per knot

    sys.stdout.write(json.dumps({"ready": True}) + "\n")
    sys.stdout.flush()
    for line in sys.stdin:
        payload = line.strip()
        if not payload:
            continue
        try:
            out = shortest_geodesic(manifold_from_payload(payload))
        except Exception as exc:
            out = {**dict.fromkeys(_FIELDS), "geodesic_method": None, "geodesic_error": f"geodesics: {exc!r}"}
        sys.stdout.write(json.dumps(out) + "\n")
        sys.stdout.flush()


class GeodesicRunner:
    """A child process computing geodesic features, restarted after a timeout.

    Parameters
    ----------
    timeout : float
        Seconds allowed per knot; on expiry the child is killed (and restarted for the next
        knot) and the knot gets ``geodesic_error = "geodesics: timeout after ...s"``.
    startup_timeout : float
        Seconds allowed for the child to import SnapPy (not counted against any knot).

    Examples
    --------
    >>> with GeodesicRunner(timeout=30) as r:  # doctest: +SKIP
    ...     r.compute("census:K4a1")["injectivity_radius"]
    0.54353507...
    """

    def __init__(self, *, timeout: float = 30.0, startup_timeout: float = 120.0):
        self.timeout = float(timeout)
        self.startup_timeout = float(startup_timeout)
        self._proc: subprocess.Popen | None = None

    def _start(self) -> None:
        env = dict(os.environ, OMP_NUM_THREADS="1")
        self._proc = subprocess.Popen(
            [sys.executable, "-c", "from conjectura.domains.knots.geodesics import _serve; _serve()"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            bufsize=1,
            env=env,
        )
        ready, _, _ = select.select([self._proc.stdout], [], [], self.startup_timeout)
        if not ready or "ready" not in (self._proc.stdout.readline() or ""):
            self.close()
            raise RuntimeError("the geodesic child process did not start")

    def compute(self, payload: str) -> dict[str, Any]:
        """Geodesic features of the manifold ``payload`` (see :func:`manifold_from_payload`)."""
        if self._proc is None or self._proc.poll() is not None:
            try:
                self._start()
            except RuntimeError as exc:
                return {
                    **dict.fromkeys(_FIELDS),
                    "geodesic_method": None,
                    "geodesic_error": f"geodesics: {exc}",
                }
        proc = self._proc
        proc.stdin.write(payload + "\n")
        proc.stdin.flush()
        deadline = time.monotonic() + self.timeout
        while True:
            left = deadline - time.monotonic()
            ready, _, _ = select.select([proc.stdout], [], [], max(left, 0))
            if ready:
                line = proc.stdout.readline()
                if line:
                    return json.loads(line)
                self.close()
                return {
                    **dict.fromkeys(_FIELDS),
                    "geodesic_method": None,
                    "geodesic_error": "geodesics: child process died",
                }
            if left <= 0:
                self.close()
                return {
                    **dict.fromkeys(_FIELDS),
                    "geodesic_method": None,
                    "geodesic_error": f"geodesics: timeout after {self.timeout:g}s",
                }

    def close(self) -> None:
        if self._proc is not None:
            self._proc.kill()
            self._proc.wait()
            self._proc = None

    def __enter__(self) -> GeodesicRunner:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
