"""One registry for every kind of plug-in, named and looked up the same way.

Kinds: ``task`` (a learning question), ``problem`` (a search problem), ``engine`` (a search
engine), ``learner`` and ``baseline`` (estimators for :func:`conjectura.learn.evaluate`),
``environment`` and ``policy`` (for guided calculations) and ``dataset`` (a dataset builder).
Each kind has ``register_<kind>``, ``get_<kind>`` and ``list_<kind>s``; :func:`register`,
:func:`get` and :func:`entries` do the same for any kind.

Registration is explicit. The built-in plug-ins are listed by their packages (the
``REGISTERS`` tuple of ``conjectura.domains.<domain>`` and of ``conjectura.learn``) and
imported the first time a kind is looked up; nothing is found by its file name. Third-party
packages add entries through the ``conjectura.plugins`` entry-point group, and a user's own
module is loaded with ``conjectura --import MODULE`` (a dotted name or a ``.py`` path), with
``CONJECTURA_PLUGINS=mod1,mod2``, or with :func:`load_plugins`.

The registry checks the contract of an entry once, when it is first built: a problem or task
factory leaves ``name`` and ``params`` unset and the registry fills them (the registered name;
the factory's arguments with their defaults, so that ``get_problem(name, **params)`` rebuilds
what a certificate records), and a problem's serializer must round-trip on a sample object.
Registering a name twice is an error, except for the same function again (a re-run notebook
cell), which replaces the entry; ``overwrite=True`` replaces it on purpose.

>>> import networkx as nx
>>> import conjectura as cj
>>> from conjectura.domains.graphs import graph_problem
>>> @cj.register_problem("mine/odd-cycle-free", description="graphs without odd cycles")
... def odd_cycle_free(n: int = 6):
...     return graph_problem(
...         claim="A graph with an edge and no odd cycle exists.", n=n, connected=False,
...         verify=lambda G: cj.Verdict(G.number_of_edges() > 0 and nx.is_bipartite(G), "bipartite?"),
...         score=lambda G: float(nx.is_bipartite(G)) - 1.0)
>>> p = cj.get_problem("mine/odd-cycle-free")
>>> p.name, dict(p.params)
('mine/odd-cycle-free', {'n': 6})
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import importlib
import importlib.util
import inspect
import json
import os
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np

from conjectura.core.problem import Claim, SearchProblem
from conjectura.core.rules import Rule
from conjectura.core.task import Task
from conjectura.exceptions import (
    ConjecturaError,
    InvalidParameterError,
    RegistrationError,
    UnknownNameError,
)

__all__ = [
    "KINDS",
    "PLUGINS_ENV",
    "Entry",
    "register",
    "get",
    "entries",
    "register_adapter",
    "load_plugins",
    "plugin_modules",
    "plugin_spec",
    "register_task",
    "get_task",
    "list_tasks",
    "register_problem",
    "get_problem",
    "list_problems",
    "register_engine",
    "get_engine",
    "list_engines",
    "register_learner",
    "get_learner",
    "list_learners",
    "register_baseline",
    "register_rule",
    "get_baseline",
    "list_baselines",
    "register_environment",
    "get_environment",
    "list_environments",
    "register_policy",
    "get_policy",
    "list_policies",
    "register_dataset",
    "get_dataset",
    "list_datasets",
]

KINDS = ("task", "problem", "engine", "learner", "baseline", "environment", "policy", "dataset")
PLUGINS_ENV = "CONJECTURA_PLUGINS"

# The built-in plug-ins. This is the one place where core reaches up the layers: on the first
# lookup of a kind the registry imports the packages that provide it (by name, lazily), so that
# `import conjectura` stays fast and core imports nothing above it at import time. Each package
# lists its registering modules in a REGISTERS tuple.
BUILTIN_DOMAINS = (
    "conjectura.domains.graphs",
    "conjectura.domains.integers",
    "conjectura.domains.knots",
    "conjectura.domains.curves",
    "conjectura.domains.permutations",
    "conjectura.domains.braids",
    "conjectura.domains.polynomials",
    "conjectura.domains.grids",
)
# The module registering the search engines; the first that exists is imported (the package
# is being renamed from conjectura.search to conjectura.searching).
ENGINES_MODULE = "conjectura.searching.engines"
LEARN_PACKAGE = "conjectura.learn"
GUIDE_PACKAGE = "conjectura.guide"  # the solvers of move games, registered as policies
_LISTING = {"task": "conjectura tasks", "problem": "conjectura problems", "engine": "conjectura engines"}


@dataclass(frozen=True)
class Entry:
    """One registered plug-in: its factory (or declared object) and what a listing says."""

    name: str
    factory: Any
    description: str = ""
    meta: tuple = ()
    kind: str = ""

    def signature(self) -> str:
        """The parameters of the factory, e.g. ``"(n: int = 19) -> SearchProblem"``."""
        f = self.factory
        if not (inspect.isroutine(f) or inspect.isclass(f)) and callable(getattr(f, "signature", None)):
            return str(f.signature())
        try:
            return str(inspect.signature(f))
        except (TypeError, ValueError):
            return "(...)"

    @property
    def origin(self) -> str:
        """Where the factory is defined, ``module.qualname``."""
        return ".".join(p for p in _origin(self.factory) if p)


_ENTRIES: dict[str, dict[str, Entry]] = {k: {} for k in KINDS}
_ADAPTERS: dict[str, list[tuple[type, Callable[..., Any]]]] = {k: [] for k in KINDS}
_CHECKED: set[tuple[str, str]] = set()  # entries whose contract was checked at a first build
_LOADED: set[str] = set()  # kinds whose built-in providers were imported
_EXTERNAL = {"done": False, "busy": False}  # entry points and CONJECTURA_PLUGINS
_PLUGINS: dict[str, str] = {}  # plug-in spec as loaded (absolute for files) -> module name


# -- registration -------------------------------------------------------------------------
def _kind(kind: str) -> str:
    if kind not in _ENTRIES:
        raise InvalidParameterError(
            f"The 'kind' parameter of the registry must be one of {list(KINDS)}. Got {kind!r} instead."
        )
    return kind


def _origin(obj: Any) -> tuple[str, str]:
    """``(module, qualname)`` of a factory: a function, a class, or a declared object (a
    :class:`~conjectura.core.rules.Rule` is identified by its ``compute`` function)."""
    if isinstance(obj, functools.partial):
        obj = obj.func
    if not (inspect.isroutine(obj) or inspect.isclass(obj)):
        obj = getattr(obj, "compute", type(obj))
    return getattr(obj, "__module__", "") or "", getattr(obj, "__qualname__", "") or repr(obj)


def _defined_in(obj: Any) -> tuple[str, int, str] | None:
    """``(file, line, qualname)`` of a factory's definition, if known (one file imported under
    two module names defines the same functions)."""
    if isinstance(obj, functools.partial):
        obj = obj.func
    if not (inspect.isroutine(obj) or inspect.isclass(obj)):
        obj = getattr(obj, "compute", None)
    try:
        path = inspect.getsourcefile(obj) if obj is not None else None
    except TypeError:
        path = None
    if not path or not os.path.isfile(path):
        return None
    line = getattr(getattr(obj, "__code__", None), "co_firstlineno", 0)
    return str(Path(path).resolve()), line, obj.__qualname__


def _same_definition(a: Any, b: Any) -> bool:
    """The same function again: same module and qualified name (a re-run notebook cell), or
    the same definition in the same file (one file imported under two module names)."""
    if _origin(a) == _origin(b):
        return True
    where = _defined_in(a)
    return where is not None and where == _defined_in(b)


def _summary(obj: Any) -> str:
    desc = getattr(obj, "description", None)
    if not (inspect.isroutine(obj) or inspect.isclass(obj)) and isinstance(desc, str):
        return desc
    return (inspect.getdoc(obj) or "").split("\n\n")[0].replace("\n", " ")


def register(
    kind: str,
    name: str,
    factory: Any = None,
    *,
    description: str = "",
    meta: dict | None = None,
    overwrite: bool = False,
):
    """Register ``factory`` as the ``kind`` plug-in ``name``; without ``factory``, a decorator.

    Parameters
    ----------
    kind : str
        One of :data:`KINDS`.
    name : str
        The registry name, e.g. ``"mine/triangle-free"``.
    factory : callable or declared object
        ``factory(**params)`` builds the plug-in (for learners and baselines
        ``factory(task, **hyper)``); a :class:`~conjectura.core.rules.Rule` may be registered
        as a baseline (see :func:`register_rule`).
    description : str, optional
        One line for listings (default: the first paragraph of the factory's docstring).
    meta : dict, optional
        Extra facts shown in listings.
    overwrite : bool, default False
        Replace an entry of the same name on purpose. Without it, registering a taken name
        raises :class:`~conjectura.exceptions.RegistrationError`, unless the factory is the same
        function again (same module and qualified name, e.g. a re-run notebook cell, or the
        same definition in the same file imported under another module name).

    Returns
    -------
    The factory (so ``register`` works as a decorator).
    """
    kind = _kind(kind)
    if not isinstance(name, str) or not name:
        raise InvalidParameterError(f"A {kind} name must be a non-empty string. Got {name!r} instead.")

    def deco(f: Any) -> Any:
        origin = _origin(f)
        if not origin[0].startswith("conjectura."):
            _ensure_loaded(kind)  # a user's name must not shadow a built-in one unnoticed
        old = _ENTRIES[kind].get(name)
        if old is not None and not overwrite and not _same_definition(old.factory, f):
            raise RegistrationError(
                f"The {kind} name {name!r} is already registered by {old.origin}; "
                f"{'.'.join(origin)} cannot take it. Choose another name (e.g. 'mine/...'), "
                f"or pass overwrite=True to replace it on purpose."
            )
        _ENTRIES[kind][name] = Entry(
            name, f, description or _summary(f), tuple(sorted((meta or {}).items())), kind
        )
        _CHECKED.discard((kind, name))
        return f

    return deco(factory) if factory is not None else deco


def register_adapter(kind: str, cls: type, build: Callable[..., Any]) -> None:
    """Entries of ``kind`` that are instances of ``cls`` (declared objects, not factories) are
    built by ``build(obj, *args, **params)``.

    :mod:`conjectura.learn.rules` adapts every :class:`~conjectura.core.rules.Rule` registered
    as a baseline into an estimator this way, so core needs no machine learning.
    """
    kind = _kind(kind)
    _ADAPTERS[kind] = [(c, b) for c, b in _ADAPTERS[kind] if c is not cls] + [(cls, build)]


# -- loading the built-ins and the user's modules -----------------------------------------
def _providers(kind: str) -> tuple[str, ...]:
    if kind == "engine":
        return (ENGINES_MODULE,)
    if kind in ("learner", "baseline"):
        return (LEARN_PACKAGE, *BUILTIN_DOMAINS)
    if kind == "policy":
        return (GUIDE_PACKAGE, *BUILTIN_DOMAINS)
    return BUILTIN_DOMAINS


def _ensure_loaded(kind: str) -> None:
    """Import the built-in providers of ``kind`` once, then the external plug-ins once."""
    if kind not in _LOADED:
        _LOADED.add(kind)
        for provider in _providers(kind):
            pkg = importlib.import_module(provider)
            for modname in getattr(pkg, "REGISTERS", ()):
                importlib.import_module(modname)
    _load_external()


def _load_external() -> None:
    if _EXTERNAL["done"] or _EXTERNAL["busy"]:
        return
    _EXTERNAL["busy"] = True
    try:
        from importlib.metadata import entry_points

        for ep in entry_points(group="conjectura.plugins"):
            importlib.import_module(ep.value.split(":")[0])
        load_plugins(None)
        _EXTERNAL["done"] = True
    finally:
        _EXTERNAL["busy"] = False


def _split_specs(names: str | Iterable[str] | None) -> list[str]:
    if names is None:
        names = os.environ.get(PLUGINS_ENV, "")
    if isinstance(names, str):
        names = names.split(",")
    return [s.strip() for s in names if s and s.strip()]


def load_plugins(names: str | Iterable[str] | None = None) -> list[ModuleType]:
    """Import user modules that register plug-ins; each module is imported once.

    Parameters
    ----------
    names : str or iterable of str, optional
        Dotted module names (``"mypkg.problems"``) or paths to ``.py`` files
        (``"examples/user_problem.py"``; the module is named after the file). A string may
        list several, separated by commas. Default: the ``CONJECTURA_PLUGINS`` environment
        variable.

    Returns
    -------
    list of module

    Notes
    -----
    The CLI calls this for ``conjectura --import MODULE`` and exports the list in
    ``CONJECTURA_PLUGINS`` so that spawned processes see it; a worker process calls
    ``load_plugins(plugin_modules_of_the_parent)`` (see :func:`plugin_modules`) before it
    looks up a user's problem. The registry also reads ``CONJECTURA_PLUGINS`` at its first
    lookup.
    """
    return [_import_plugin(spec) for spec in _split_specs(names)]


def plugin_modules() -> tuple[str, ...]:
    """The plug-in modules loaded so far, in order (files as absolute paths): pass them to
    :func:`load_plugins` in a worker process so that it sees the same names."""
    return tuple(_PLUGINS)


def _is_path(spec: str) -> bool:
    return spec.endswith(".py") or "/" in spec or os.sep in spec


def plugin_spec(spec: str) -> str:
    """The canonical form of a plug-in: the absolute path of a ``.py`` file, else the dotted
    module name.

    >>> plugin_spec("mypkg.problems")
    'mypkg.problems'
    """
    spec = spec.strip()
    return str(Path(spec).expanduser().resolve()) if _is_path(spec) else spec


def _import_plugin(spec: str) -> ModuleType:
    key = plugin_spec(spec)
    if key in _PLUGINS and _PLUGINS[key] in sys.modules:
        return sys.modules[_PLUGINS[key]]
    where = "(from --import or CONJECTURA_PLUGINS)"
    try:
        if _is_path(spec):
            module = _import_file(Path(key), spec)
        else:
            try:
                module = importlib.import_module(spec)
            except ModuleNotFoundError as exc:
                if exc.name and (spec == exc.name or spec.startswith(exc.name + ".")):
                    raise InvalidParameterError(
                        f"Cannot import the plug-in module {spec!r} {where}: no module named "
                        f"{exc.name!r}. Give a dotted module name on the Python path or a path to "
                        f"a .py file."
                    ) from None
                raise
    except ConjecturaError:
        raise
    except Exception as exc:
        raise InvalidParameterError(
            f"The plug-in module {spec!r} {where} failed to import: {type(exc).__name__}: {exc}"
        ) from exc
    _PLUGINS[key] = module.__name__
    return module


def _import_file(path: Path, spec: str) -> ModuleType:
    if not path.is_file():
        raise InvalidParameterError(f"The plug-in file {spec!r} does not exist.")
    name = path.stem if path.stem.isidentifier() else "_".join(path.stem.split())
    existing = sys.modules.get(name)
    if existing is not None:
        where = getattr(existing, "__file__", None)
        if where and Path(where).resolve() == path:
            return existing
        raise InvalidParameterError(
            f"Cannot load the plug-in file {spec!r} as module {name!r}: a module of that name is "
            f"already imported (from {where or 'a built-in'}). Rename the file."
        )
    loader_spec = importlib.util.spec_from_file_location(name, path)
    if loader_spec is None or loader_spec.loader is None:
        raise InvalidParameterError(f"The plug-in file {spec!r} is not a Python module.")
    module = importlib.util.module_from_spec(loader_spec)
    sys.modules[name] = module
    try:
        loader_spec.loader.exec_module(module)
    except BaseException:
        sys.modules.pop(name, None)
        raise
    return module


# -- lookup -------------------------------------------------------------------------------
def _entry(kind: str, name: str) -> Entry:
    kind = _kind(kind)
    _ensure_loaded(kind)
    reg = _ENTRIES[kind]
    if name in reg:
        return reg[name]
    close = difflib.get_close_matches(str(name), list(reg), n=3)
    hint = f" Did you mean {', '.join(repr(c) for c in close)}?" if close else ""
    if kind in _LISTING:
        known = f" Run `{_LISTING[kind]}` to list the {len(reg)} known."
    else:
        names = sorted(reg)
        known = f" Known: {', '.join(names[:20])}{' ...' if len(names) > 20 else ''}." if names else ""
    raise UnknownNameError(
        f"Unknown {kind} {name!r}.{hint}{known} A {kind} defined in your own module is visible "
        f"once the module is loaded: load it with `conjectura --import MODULE` or "
        f"CONJECTURA_PLUGINS=MODULE (in Python, import the module)."
    )


def get(kind: str, name: str, /, *args: Any, **params: Any) -> Any:
    """Build the ``kind`` plug-in ``name``: ``factory(*args, **params)``, contract-checked.

    ``args`` is the task for learners and baselines. Unknown names raise
    :class:`~conjectura.exceptions.UnknownNameError` with close names; parameters the factory
    does not take raise :class:`~conjectura.exceptions.InvalidParameterError`.
    """
    entry = _entry(kind, name)
    f = entry.factory
    for cls, build in _ADAPTERS[entry.kind]:
        if isinstance(f, cls):
            return build(f, *args, **params)
    if not callable(f):
        raise RegistrationError(
            f"The {kind} {name!r} is a {type(f).__name__}, which is not callable and has no "
            f"builder; for a Rule import conjectura.learn."
        )
    try:
        bound = inspect.signature(f).bind(*args, **params)
    except TypeError as exc:
        raise InvalidParameterError(f"Bad parameters for {kind} {name!r}{entry.signature()}: {exc}.") from exc
    except ValueError:  # no signature (a builtin): let the call decide
        bound = None
    obj = f(*args, **params)
    if kind == "problem":
        obj = _finish(entry, obj, bound, Claim)
        if (kind, name) not in _CHECKED and _cheap_to_check(obj):
            _check_round_trip(entry, obj)
            _CHECKED.add((kind, name))
    elif kind == "task":
        obj = _finish(entry, obj, bound, Task)
    return obj


def entries(kind: str) -> list[Entry]:
    """Every entry of ``kind``, sorted by name."""
    kind = _kind(kind)
    _ensure_loaded(kind)
    return [v for _, v in sorted(_ENTRIES[kind].items())]


# -- the contract of problems and tasks ---------------------------------------------------
def _bound_params(bound: inspect.BoundArguments | None) -> tuple[dict[str, Any], bool]:
    """The factory's arguments with defaults, and whether it takes ``**kwargs``."""
    if bound is None:
        return {}, True
    bound.apply_defaults()
    out: dict[str, Any] = {}
    var_kw = False
    for pname, value in bound.arguments.items():
        kind = bound.signature.parameters[pname].kind
        if kind is inspect.Parameter.VAR_KEYWORD:
            var_kw = True
            out.update(value)
        elif kind is not inspect.Parameter.VAR_POSITIONAL:
            out[pname] = value
    return out, var_kw


def _finish(entry: Entry, obj: Any, bound, cls: type) -> Any:
    """Check the type and name of what a factory built; fill in ``name`` and ``params``."""
    kind = entry.kind
    if not isinstance(obj, cls):
        raise RegistrationError(
            f"The factory of {kind} {entry.name!r} ({entry.origin}) must return a "
            f"{'SearchProblem (or a Claim)' if cls is Claim else cls.__name__}. "
            f"Got {type(obj).__name__} instead."
        )
    if obj.name and obj.name != entry.name:
        raise RegistrationError(
            f"The factory of {kind} {entry.name!r} ({entry.origin}) builds a {type(obj).__name__} named "
            f"{obj.name!r}. The name is given once, in register_{kind}: leave the name unset."
        )
    params, var_kw = _bound_params(bound)
    own = dict(obj.params or {})
    extra = sorted(k for k in own if k not in params)
    if extra and not var_kw:
        raise RegistrationError(
            f"The factory of {kind} {entry.name!r} ({entry.origin}) records the parameter "
            f"{extra[0]!r}, which it does not take: the recorded params must rebuild it with "
            f"get_{kind}({entry.name!r}, **params). Leave params unset (the registry records the "
            f"factory's arguments)."
        )
    params.update(own)  # a factory may record a normalised value of its own argument
    if obj.name == entry.name and dict(obj.params) == params:
        return obj
    return dataclasses.replace(obj, name=entry.name, params=params)


def _short(x: Any, width: int = 80) -> str:
    r = repr(x)
    return r if len(r) <= width else r[: width - 3] + "..."


def _same(a: Any, b: Any) -> bool:
    try:
        return bool(a == b)
    except Exception:  # e.g. arrays: compare the JSON forms
        return json.dumps(a, sort_keys=True, default=str) == json.dumps(b, sort_keys=True, default=str)


#: A search problem whose words are longer than this is not round-trip checked at its first
#: build (decoding a sample word of that size can take minutes and gigabytes); the check runs at
#: the first build of a smaller instance.
_ROUND_TRIP_MAX_DIM = 100_000


def _cheap_to_check(problem: Any) -> bool:
    enc = getattr(problem, "encoding", None)
    return enc is None or int(enc.dim) <= _ROUND_TRIP_MAX_DIM


def _check_round_trip(entry: Entry, problem: Claim) -> None:
    """``serialize(deserialize(serialize(x))) == serialize(x)`` for ``x`` decoded from one
    sample word (the encoding's prior, else uniform letters) or, for a claim that is not
    searched, its ``example()``, with a JSON-able ``serialize``. A claim without an example
    is not checked here."""
    who = f"problem {entry.name!r} ({entry.origin})"
    if not isinstance(problem, SearchProblem):
        if problem.example is None:
            return
        try:
            s = problem.serialize(problem.example())
            again = problem.serialize(problem.deserialize(s))
        except Exception as exc:
            raise RegistrationError(
                f"The {who} fails on its example (serialize, deserialize): {type(exc).__name__}: {exc}"
            ) from exc
        _check_serialized(who, s, again)
        return
    enc = problem.encoding
    rng = np.random.default_rng(0)
    try:
        if enc.sample is not None:
            Z = np.asarray(enc.sample(rng, 1))
            if Z.shape != (1, enc.dim):
                raise RegistrationError(
                    f"The encoding of {who}: sample(rng, 1) must return an array of shape "
                    f"(1, {enc.dim}). Got {Z.shape} instead."
                )
            if Z.size and (Z.min() < 0 or Z.max() >= enc.arity):
                raise RegistrationError(
                    f"The encoding of {who}: sample(rng, k) must return letters in "
                    f"{{0, ..., {enc.arity - 1}}}. Got {Z.min()}..{Z.max()} instead."
                )
            z = Z[0]
        else:
            z = rng.integers(0, enc.arity, size=enc.dim)
        s = problem.serialize(enc.decode(z))
        again = problem.serialize(problem.deserialize(s))
    except RegistrationError:
        raise
    except Exception as exc:
        raise RegistrationError(
            f"The {who} fails on a sample word (decode, serialize, deserialize): {type(exc).__name__}: {exc}"
        ) from exc
    _check_serialized(who, s, again)


def _check_serialized(who: str, s: Any, again: Any) -> None:
    try:
        json.dumps(s)
    except (TypeError, ValueError):
        raise RegistrationError(
            f"The serialize function of {who} must return a JSON value (it is written into "
            f"certificates). Got {type(s).__name__} instead."
        ) from None
    if not _same(s, again):
        raise RegistrationError(
            f"The serializer of {who} does not round-trip: serialize(deserialize(s)) is "
            f"{_short(again)} for s = {_short(s)} (a sample object), so a "
            f"certificate of this problem could not be read back."
        )


# -- one set of functions per kind --------------------------------------------------------
def register_task(name: str, factory: Callable | None = None, *, description: str = "", **kw):
    """Register ``factory(**params) -> Task`` under ``name``; usable as a decorator."""
    return register("task", name, factory, description=description, **kw)


def get_task(name: str, **params) -> Task:
    """Build the registered task ``name`` with ``params`` (its ``name`` and ``params`` filled in)."""
    return get("task", name, **params)


def list_tasks() -> list[Entry]:
    """All registered tasks, sorted by name."""
    return entries("task")


def register_problem(name: str, factory: Callable | None = None, *, description: str = "", **kw):
    """Register ``factory(**params) -> SearchProblem`` (or any :class:`~conjectura.core.problem.Claim`)
    under ``name``; usable as a decorator.

    The factory leaves ``name`` and ``params`` unset: the registry fills them. A claim that is
    not a search problem can be certified and verified but not searched.
    """
    return register("problem", name, factory, description=description, **kw)


def get_problem(name: str, **params) -> Claim:
    """Build the registered problem (a :class:`SearchProblem`, or a claim verified exactly) ``name``."""
    return get("problem", name, **params)


def list_problems() -> list[Entry]:
    """All registered search problems, sorted by name."""
    return entries("problem")


def register_engine(name: str, factory: Callable | None = None, *, description: str = "", **kw):
    """Register ``factory(**params) -> SearchEngine`` under ``name``; usable as a decorator."""
    return register("engine", name, factory, description=description, **kw)


def get_engine(name: str, **params):
    """Build the registered search engine ``name`` with ``params``."""
    return get("engine", name, **params)


def list_engines() -> list[Entry]:
    """All registered search engines, sorted by name."""
    return entries("engine")


def register_learner(name: str, factory: Callable | None = None, *, description: str = "", **kw):
    """Register ``factory(task, **hyper) -> estimator`` as a learner; usable as a decorator."""
    return register("learner", name, factory, description=description, **kw)


def get_learner(name: str, task, **hyper):
    """A fresh, unfitted estimator for the learner ``name`` on ``task``.

    A hyperparameter the learner does not take is an
    :class:`~conjectura.exceptions.InvalidParameterError` that names it.
    """
    try:
        return get("learner", name, task, **hyper)
    except TypeError as exc:
        if "unexpected keyword argument" not in str(exc):
            raise
        raise InvalidParameterError(
            f"The learner {name!r} does not take the hyperparameter(s) {sorted(hyper)}: {exc}."
        ) from None


def list_learners() -> list[Entry]:
    """All registered learners, sorted by name."""
    return entries("learner")


def register_baseline(name: str, factory: Any = None, *, description: str = "", **kw):
    """Register ``factory(task, **hyper) -> estimator`` (or a declared
    :class:`~conjectura.core.rules.Rule`) as a baseline; usable as a decorator."""
    return register("baseline", name, factory, description=description, **kw)


def register_rule(rule: Rule, *, overwrite: bool = False) -> Rule:
    """Register a declared :class:`~conjectura.core.rules.Rule` as the baseline ``rule.name``.

    :mod:`conjectura.learn.rules` builds it as an estimator with the scikit-learn contract.
    """
    if not isinstance(rule, Rule):
        raise InvalidParameterError(f"register_rule takes a Rule. Got {type(rule).__name__} instead.")
    return register("baseline", rule.name, rule, description=rule.description, overwrite=overwrite)


def get_baseline(name: str, task, **hyper):
    """A fresh, unfitted estimator for the baseline ``name`` on ``task``."""
    return get("baseline", name, task, **hyper)


def list_baselines() -> list[Entry]:
    """All registered baselines (declared rules included), sorted by name."""
    return entries("baseline")


def register_environment(name: str, factory: Callable | None = None, *, description: str = "", **kw):
    """Register ``factory(**params) -> environment`` (a move game, see
    :class:`conjectura.guide.MoveGame`, or a gymnasium environment); usable as a decorator."""
    return register("environment", name, factory, description=description, **kw)


def get_environment(name: str, **params):
    """Build the registered environment ``name`` with ``params``."""
    return get("environment", name, **params)


def list_environments() -> list[Entry]:
    """All registered environments, sorted by name."""
    return entries("environment")


def register_policy(name: str, factory: Callable | None = None, *, description: str = "", **kw):
    """Register ``factory(game, **options) -> solver`` (see :mod:`conjectura.guide.policies`);
    usable as a decorator."""
    return register("policy", name, factory, description=description, **kw)


def get_policy(name: str, /, *args, **params):
    """Build the registered policy ``name``: ``factory(*args, **params)`` (args: the game)."""
    return get("policy", name, *args, **params)


def list_policies() -> list[Entry]:
    """All registered policies, sorted by name."""
    return entries("policy")


def register_dataset(name: str, factory: Callable | None = None, *, description: str = "", **kw):
    """Register a dataset builder ``factory(**params)`` under ``name``; usable as a decorator."""
    return register("dataset", name, factory, description=description, **kw)


def get_dataset(name: str, **params):
    """Call the registered dataset builder ``name`` with ``params``."""
    return get("dataset", name, **params)


def list_datasets() -> list[Entry]:
    """All registered dataset builders, sorted by name."""
    return entries("dataset")
