import os

import pytest

os.environ.setdefault("MPLBACKEND", "Agg")


def pytest_addoption(parser):
    parser.addoption("--runslow", action="store_true", default=False, help="run slow tests")


def pytest_collection_modifyitems(config, items):
    if config.getoption("--runslow"):
        return
    skip = pytest.mark.skip(reason="slow: run with --runslow (make test-all)")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True, scope="session")
def _one_torch_thread():
    """Two OpenMP threads on a busy 2-core machine are far slower than one."""
    try:
        import torch
    except ImportError:
        yield
        return
    torch.set_num_threads(1)
    yield


@pytest.fixture
def home(tmp_path, monkeypatch):
    """A fresh CONJECTURA_HOME (data directory and default store) for one test."""
    monkeypatch.setenv("CONJECTURA_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


def pytest_configure(config):
    # Hypothesis budget: "ci" (small) in `make test`, "all" (larger) with --runslow (`make test-all`);
    # HYPOTHESIS_PROFILE overrides. No example database (nothing written beside the tests).
    try:
        from hypothesis import HealthCheck, settings
    except ImportError:
        pass
    else:
        common = {
            "deadline": None,
            "database": None,
            "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large],
        }
        settings.register_profile("ci", max_examples=20, **common)
        settings.register_profile("all", max_examples=300, **common)
        default = "all" if config.getoption("--runslow") else "ci"
        settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", default))

    # helper modules that live beside the tests (e.g. tests/store/pg.py) are importable
    import sys
    from pathlib import Path

    for sub in ("store",):
        p = str(Path(__file__).parent / sub)
        if p not in sys.path:
            sys.path.insert(0, p)
