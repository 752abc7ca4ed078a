"""Side by side with neural-tangents (Novak et al. 2020), the reference implementation of the
analytic NN-GP and NTK kernels: ours must agree to rounding.

neural-tangents needs JAX, so it runs in its own process, in float64. Its package __init__ also
imports ``neural_tangents.experimental``, a TensorFlow bridge that is not used here and takes
about 25 s to import on this machine; an empty module stands in for that one submodule, and
the kernels come from the real ``neural_tangents.stax``.
"""

import json
import subprocess
import sys

import numpy as np
import pytest

from conjectura.theory import kernels

SCRIPT = r"""
import json, sys, types
sys.modules["neural_tangents.experimental"] = types.ModuleType("neural_tangents.experimental")
import numpy as np
import jax
jax.config.update("jax_enable_x64", True)
import jax.numpy as jnp
import neural_tangents as nt
from neural_tangents import stax
X = np.array(json.loads(sys.argv[1]))
out = {"version": nt.__version__, "jax": jax.__version__, "cases": []}
for act, depth, sw2, sb2 in json.loads(sys.argv[2]):
    A = {"relu": stax.Relu(), "erf": stax.Erf(), "cos": stax.Sin(c=np.pi / 2)}[act]
    layers = []
    for _ in range(depth):
        layers += [stax.Dense(512, W_std=sw2 ** 0.5, b_std=sb2 ** 0.5), A]
    layers.append(stax.Dense(1, W_std=sw2 ** 0.5, b_std=sb2 ** 0.5))
    k = stax.serial(*layers)[2](jnp.asarray(X), jnp.asarray(X), ("nngp", "ntk"))
    out["cases"].append({"nngp": np.asarray(k.nngp).tolist(), "ntk": np.asarray(k.ntk).tolist()})
print("RESULT" + json.dumps(out))
"""

CASES = [
    (a, L, sw2, sb2) for a in ("relu", "erf", "cos") for L in (1, 3) for sw2, sb2 in ((2.0, 0.0), (1.3, 0.4))
]


@pytest.fixture(scope="module")
def reference():
    try:
        import importlib.util

        if importlib.util.find_spec("neural_tangents") is None:
            pytest.skip("neural-tangents is not installed (pip install 'conjectura[anchors]')")
    except (ImportError, ValueError):
        pytest.skip("neural-tangents is not importable here")
    X = np.random.default_rng(0).normal(size=(5, 3))
    p = subprocess.run(
        [sys.executable, "-c", SCRIPT, json.dumps(X.tolist()), json.dumps(CASES)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    line = next((ln for ln in p.stdout.splitlines() if ln.startswith("RESULT")), None)
    if line is None:
        pytest.skip(f"neural-tangents failed to run here: {p.stderr.strip().splitlines()[-1:]}")
    return X, json.loads(line[len("RESULT") :])


def test_nngp_and_ntk_agree_with_neural_tangents(reference):
    X, ref = reference
    rows = []
    for (act, L, sw2, sb2), case in zip(CASES, ref["cases"]):
        K, T = kernels(X, activation=act, depth=L, sigma_w2=sw2, sigma_b2=sb2)
        rows.append((act, L, sw2, sb2, K[0, 1], case["nngp"][0][1], T[0, 1], case["ntk"][0][1]))
        np.testing.assert_allclose(K, case["nngp"], rtol=1e-12, atol=1e-14)
        np.testing.assert_allclose(T, case["ntk"], rtol=1e-12, atol=1e-14)
    print(
        f"\nneural-tangents {ref['version']} (jax {ref['jax']}): K(x0, x1) and Theta(x0, x1), ours | theirs"
    )
    for r in rows:
        print("{:4s} L={} sw2={} sb2={}  K {:.15g} | {:.15g}   Theta {:.15g} | {:.15g}".format(*r))
