"""A user's module everywhere: load_plugins, `conjectura --import`, CONJECTURA_PLUGINS, workers."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import conjectura as cj
from conjectura.cli.app import COMMAND_MODULES, _assemble, app
from conjectura.core.registry import PLUGINS_ENV, load_plugins, plugin_modules

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "user_problem.py"

_assemble()
runner = CliRunner()


@pytest.fixture
def plugins_env(monkeypatch):
    """CONJECTURA_PLUGINS is restored after the test (the CLI exports it)."""
    monkeypatch.setenv(PLUGINS_ENV, "")
    return monkeypatch


def _conjectura(*args, env=None, cwd=None):
    """Run the CLI in a fresh process, as a user does (nothing registered in this process
    leaks into it)."""
    full = {**os.environ, **(env or {})}
    full["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), full.get("PYTHONPATH", "")])
    code = "from conjectura.cli import main; main()"
    return subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, env=full, cwd=cwd, timeout=300
    )


def test_a_plugin_file_is_imported_once_and_remembered(tmp_path, plugins_env):
    log = tmp_path / "imported.log"
    plugin = tmp_path / "my_conj_plugin.py"
    plugin.write_text(
        "import conjectura as cj\n"
        f"open({str(log)!r}, 'a').write('x')\n"
        "@cj.register_learner('test/plugin-learner')\n"
        "def make(task, **hyper):\n"
        "    return 'a learner'\n"
    )
    (m,) = load_plugins(str(plugin))
    assert m.__name__ == "my_conj_plugin" and str(plugin.resolve()) in plugin_modules()
    load_plugins([str(plugin), str(plugin)])
    assert log.read_text() == "x"
    assert cj.get_learner("test/plugin-learner", None) == "a learner"


def test_a_dotted_plugin_and_the_environment_variable(tmp_path, plugins_env):
    pkg = tmp_path / "my_conj_pkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "rules.py").write_text(
        "import numpy as np\n"
        "import conjectura as cj\n"
        "cj.register_rule(cj.Rule(name='test/always-one', kind='predict',\n"
        "    compute=lambda context, X: np.ones(len(X), dtype=int)))\n"
    )
    plugins_env.syspath_prepend(str(tmp_path))
    plugins_env.setenv(PLUGINS_ENV, "my_conj_pkg.rules, ")
    load_plugins()  # None: the environment variable
    assert "my_conj_pkg.rules" in plugin_modules()
    assert "test/always-one" in {e.name for e in cj.list_baselines()}


def test_plugins_that_cannot_be_imported_say_why(tmp_path, plugins_env):
    with pytest.raises(cj.InvalidParameterError, match="no module named 'no_such_conj_module'"):
        load_plugins("no_such_conj_module")
    with pytest.raises(cj.InvalidParameterError, match="does not exist"):
        load_plugins(str(tmp_path / "missing.py"))
    bad = tmp_path / "broken_conj_plugin.py"
    bad.write_text("import conjectura as cj\nraise RuntimeError('half written')\n")
    with pytest.raises(cj.InvalidParameterError, match="failed to import: RuntimeError: half written"):
        load_plugins(str(bad))
    clash = tmp_path / "json.py"  # a name already taken by another module
    clash.write_text("")
    with pytest.raises(cj.InvalidParameterError, match="a module of that name is already imported"):
        load_plugins(str(clash))


def test_the_cli_commands_are_listed_explicitly():
    """Every module of conjectura.cli that adds commands is named in COMMAND_MODULES."""
    import importlib

    cli_dir = ROOT / "src" / "conjectura" / "cli"
    adders = {
        p.stem
        for p in cli_dir.glob("*.py")
        if p.stem not in ("__init__", "app")
        and hasattr(importlib.import_module(f"conjectura.cli.{p.stem}"), "register")
    }
    assert adders == set(COMMAND_MODULES)


def test_the_readme_user_problem_is_found_and_verified_through_import(tmp_path, plugins_env):
    cert = tmp_path / "c.json"
    res = runner.invoke(
        app,
        [
            *("--import", str(EXAMPLE), "search", "mine/triangle-free", "-p", "min_edges=13"),
            *("--budget", "30s", "--seed", "0", "--out", str(cert), "--no-store", "--quiet"),
        ],
    )
    assert res.exit_code == 0, res.output
    doc = json.loads(cert.read_text())
    assert doc["problem"] == {"name": "mine/triangle-free", "params": {"n": 8, "min_edges": 13}}
    assert os.environ[PLUGINS_ENV] == str(EXAMPLE.resolve())  # exported for worker processes
    res = runner.invoke(app, ["--import", str(EXAMPLE), "verify", str(cert), "--json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.output)
    assert out["ok"] and out["values"]["edges"] >= 13 and out["reason"].endswith("0 triangles")

    # a fresh process: without the module the certificate cannot be read, and says how to fix it
    fresh = _conjectura("verify", str(cert), env={PLUGINS_ENV: ""})
    assert fresh.returncode == 2 and "Unknown problem 'mine/triangle-free'" in fresh.stderr
    assert "--import MODULE" in fresh.stderr and "Traceback" not in fresh.stderr
    fresh = _conjectura("verify", str(cert), env={PLUGINS_ENV: str(EXAMPLE)})
    assert fresh.returncode == 0, fresh.stderr
    assert "verified mine/triangle-free" in fresh.stdout


def test_a_bad_import_is_one_line_and_exit_2(plugins_env):
    res = runner.invoke(app, ["--import", "no_such_conj_module", "problems"])
    assert res.exit_code == 2 and "no module named 'no_such_conj_module'" in res.output


def test_one_file_imported_under_two_module_names_registers_once(tmp_path):
    import importlib.util

    path = tmp_path / "twice_conj_plugin.py"
    path.write_text(
        "import conjectura as cj\n"
        "@cj.core.register_policy('test/twice')\n"
        "def make():\n"
        "    return 'policy'\n"
        "@cj.core.register_policy('test/twice-other')\n"
        "def make_other():\n"
        "    return 'other'\n"
    )
    for name in ("twice_a", "twice_b"):  # e.g. a test helper and `--import` of the same file
        spec = importlib.util.spec_from_file_location(name, path)
        spec.loader.exec_module(importlib.util.module_from_spec(spec))
    assert cj.core.get_policy("test/twice") == "policy"
    path.write_text(path.read_text().replace("def make_other", "def make_another"))
    spec = importlib.util.spec_from_file_location("twice_c", path)
    with pytest.raises(cj.RegistrationError, match="'test/twice-other' is already registered"):
        spec.loader.exec_module(importlib.util.module_from_spec(spec))
