"""Registry of named tasks, search problems and search engines.

Built-in entries live in the ``conjectura.domains.<domain>.problems*`` / ``.tasks*`` modules and in
``conjectura.searching.engines``; they are imported the first time the registry is consulted.
Third-party packages can add entries through the ``conjectura.plugins`` entry-point group (each
entry point names a module to import). A user's own module registers in a few lines::

    import conjectura as cj

    @cj.register_problem("mine/triangle-free", description="...")
    def triangle_free(n: int = 10) -> cj.SearchProblem:
        return cj.SearchProblem(name="mine/triangle-free", ...)

    problem = cj.get_problem("mine/triangle-free", n=12)
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from conjectura.exceptions import InvalidParameterError, UnknownNameError

__all__ = [
    "register_task",
    "register_problem",
    "register_engine",
    "get_task",
    "get_problem",
    "get_engine",
    "list_tasks",
    "list_problems",
    "list_engines",
    "Entry",
]


@dataclass(frozen=True)
class Entry:
    """One registered factory and what a listing says about it."""

    name: str
    factory: Callable[..., Any]
    description: str = ""
    meta: tuple = ()

    def signature(self) -> str:
        try:
            return str(inspect.signature(self.factory))
        except (TypeError, ValueError):
            return "(...)"


_REGISTRIES: dict[str, dict[str, Entry]] = {"task": {}, "problem": {}, "engine": {}}
_loaded = False
_BUILTIN_EXTRA = ("conjectura.searching.engines",)


def _load_builtins() -> None:
    """Import the built-in domain modules and plugins once."""
    global _loaded
    if _loaded:
        return
    _loaded = True
    import conjectura.domains as domains

    for info in pkgutil.iter_modules(domains.__path__):
        if not info.ispkg:
            continue
        pkg = importlib.import_module(f"conjectura.domains.{info.name}")
        for sub in pkgutil.iter_modules(pkg.__path__):
            if sub.name.startswith(("problems", "tasks")):
                importlib.import_module(f"{pkg.__name__}.{sub.name}")
    for modname in _BUILTIN_EXTRA:
        if importlib.util.find_spec(modname.rsplit(".", 1)[0]) and _find(modname):
            importlib.import_module(modname)
    from importlib.metadata import entry_points

    for ep in entry_points(group="conjectura.plugins"):
        importlib.import_module(ep.value.split(":")[0])


def _find(modname: str) -> bool:
    try:
        return importlib.util.find_spec(modname) is not None
    except ModuleNotFoundError:
        return False


def _register(kind: str, name: str, factory: Callable | None, description: str, meta: dict | None):
    if not isinstance(name, str) or not name:
        raise InvalidParameterError(f"A {kind} name must be a non-empty string. Got {name!r} instead.")

    def deco(f: Callable) -> Callable:
        desc = description or (inspect.getdoc(f) or "").split("\n\n")[0].replace("\n", " ")
        _REGISTRIES[kind][name] = Entry(name, f, desc, tuple(sorted((meta or {}).items())))
        return f

    return deco(factory) if factory is not None else deco


def register_task(
    name: str, factory: Callable | None = None, *, description: str = "", meta: dict | None = None
):
    """Register ``factory(**params) -> Task`` under ``name``; usable as a decorator."""
    return _register("task", name, factory, description, meta)


def register_problem(
    name: str, factory: Callable | None = None, *, description: str = "", meta: dict | None = None
):
    """Register ``factory(**params) -> SearchProblem`` under ``name``; usable as a decorator."""
    return _register("problem", name, factory, description, meta)


def register_engine(
    name: str, factory: Callable | None = None, *, description: str = "", meta: dict | None = None
):
    """Register ``factory(**params) -> SearchEngine`` under ``name``; usable as a decorator."""
    return _register("engine", name, factory, description, meta)


def _get(kind: str, name: str, params: dict[str, Any]):
    _load_builtins()
    reg = _REGISTRIES[kind]
    if name not in reg:
        import difflib

        close = difflib.get_close_matches(str(name), list(reg), n=3)
        hint = f" Did you mean {', '.join(repr(c) for c in close)}?" if close else ""
        raise UnknownNameError(
            f"Unknown {kind} {name!r}.{hint} Run `conjectura {kind}s` to list the {len(reg)} known."
        )
    entry = reg[name]
    try:
        inspect.signature(entry.factory).bind(**params)
    except TypeError as exc:
        raise InvalidParameterError(f"Bad parameters for {kind} {name!r}{entry.signature()}: {exc}.") from exc
    return entry.factory(**params)


def get_task(name: str, **params):
    """Build the registered task ``name`` with ``params``."""
    return _get("task", name, params)


def get_problem(name: str, **params):
    """Build the registered search problem ``name`` with ``params``."""
    return _get("problem", name, params)


def get_engine(name: str, **params):
    """Build the registered search engine ``name`` with ``params``."""
    return _get("engine", name, params)


def _list(kind: str) -> list[Entry]:
    _load_builtins()
    return [v for _, v in sorted(_REGISTRIES[kind].items())]


def list_tasks() -> list[Entry]:
    """All registered tasks, sorted by name."""
    return _list("task")


def list_problems() -> list[Entry]:
    """All registered search problems, sorted by name."""
    return _list("problem")


def list_engines() -> list[Entry]:
    """All registered search engines, sorted by name."""
    return _list("engine")
