"""Registry: built-ins, user registration in a few lines, the contract checks, clear errors."""

import networkx as nx
import numpy as np
import pytest

import conjectura as cj
from conjectura.core import registry
from conjectura.core.validation import validate_float, validate_int
from conjectura.domains.graphs import from_graph6, graph_problem, to_graph6, upper_triangle_encoding

HINT = "conjectura --import MODULE` or CONJECTURA_PLUGINS=MODULE"


def test_builtins_listed():
    names = [e.name for e in cj.list_problems()]
    assert "graphs/wagner-2.1" in names and "graphs/wagner-2.3" in names
    assert {"slope-rule", "mestre-nagao", "root-number", "divisibility", "square-divisibility"} <= {
        e.name for e in cj.list_baselines()
    }
    assert {"trial-division", "always-composite", "majority"} <= {e.name for e in cj.list_baselines()}
    assert {"mlp", "pca-logistic"} <= {e.name for e in cj.list_learners()}


def test_builtin_modules_are_listed_explicitly():
    """Every built-in domain or learn module that registers an entry is named in its
    package's REGISTERS tuple (nothing is found by its file name)."""
    import importlib

    listed = {
        m
        for p in (*registry.BUILTIN_DOMAINS, registry.LEARN_PACKAGE)
        for m in importlib.import_module(p).REGISTERS
    }
    defining = {
        registry._origin(e.factory)[0]
        for kind in registry.KINDS
        if kind != "engine"
        for e in registry.entries(kind)
    }
    builtin = {m for m in defining if m.startswith(("conjectura.domains.", "conjectura.learn."))}
    assert builtin and builtin <= listed, builtin - listed


def test_unknown_name_suggests():
    with pytest.raises(cj.UnknownNameError, match="Did you mean 'graphs/wagner-2.1'"):
        cj.get_problem("graphs/wagner-21")
    with pytest.raises(cj.InvalidParameterError, match="Bad parameters"):
        cj.get_problem("graphs/wagner-2.1", m=3)
    with pytest.raises(
        cj.InvalidParameterError, match="The 'n' parameter of wagner_2_1 must be an int >= 3. Got 2 instead."
    ):
        cj.get_problem("graphs/wagner-2.1", n=2)


@pytest.mark.parametrize(
    "kind, typo, close",
    [
        ("task", "integers/mobiu", "integers/mobius"),
        ("problem", "graphs/zagreb-index", "graphs/zagreb-indices"),
        ("engine", "locl", "local"),
        ("learner", "mpl", "mlp"),
        ("baseline", "slope-rul", "slope-rule"),
        ("environment", "test/braid-gam", "test/braid-game"),
        ("policy", "test/greedyy", "test/greedy"),
        ("dataset", "test/tabl", "test/table"),
    ],
)
def test_unknown_names_of_every_kind_suggest_and_say_how_to_load_a_module(kind, typo, close):
    if kind in ("environment", "policy", "dataset"):
        registry.register(kind, close, lambda: {"made": close}, overwrite=True)
    with pytest.raises(cj.UnknownNameError) as info:
        registry.get(kind, typo)
    msg = str(info.value)
    assert msg.startswith(f"Unknown {kind} {typo!r}. Did you mean {close!r}")
    assert HINT in msg
    getter = getattr(registry, f"get_{kind}")
    with pytest.raises(cj.UnknownNameError, match="CONJECTURA_PLUGINS"):
        getter("no-such-name", object()) if kind in ("learner", "baseline") else getter("no-such-name")


def test_unknown_kind_is_refused():
    with pytest.raises(cj.InvalidParameterError, match="'kind' parameter of the registry must be one of"):
        registry.register("widget", "w", len)


def test_user_problem_in_a_few_lines():
    """A user's own conjecture: 'every graph on n vertices with 2n edges has a triangle' is
    false for n = 8: the bipartite K_{4,4} has 16 = 2n edges and no triangle."""

    def verify(G):
        holds = (
            G.number_of_edges() >= 2 * G.number_of_nodes()
            and nx.triangles(G)
            and sum(nx.triangles(G).values()) == 0
        )
        return cj.Verdict(
            bool(holds), f"{G.number_of_edges()} edges, {sum(nx.triangles(G).values()) // 3} triangles"
        )

    @cj.register_problem("test/triangle-free-dense")
    def triangle_free_dense(n: int = 8):
        return cj.SearchProblem(
            claim="A triangle-free graph with >= 2n edges exists.",
            encoding=upper_triangle_encoding(n),
            score=lambda G: G.number_of_edges(),
            verify=verify,
            serialize=to_graph6,
            deserialize=from_graph6,
        )

    p = cj.get_problem("test/triangle-free-dense", n=8)
    assert p.name == "test/triangle-free-dense" and dict(p.params) == {"n": 8}
    assert dict(cj.get_problem("test/triangle-free-dense").params) == {"n": 8}  # defaults recorded
    cert = cj.certify(nx.complete_bipartite_graph(4, 4), p)
    assert cj.Certificate.from_json(cert.to_json()).verify().holds
    z = p.encoding.encode(nx.complete_bipartite_graph(4, 4))
    assert p.scores(np.stack([z, np.zeros_like(z)])).tolist() == [16.0, 0.0]


def _triangle_free(n, **kw):
    return graph_problem(
        claim="A graph without triangles exists.",
        n=n,
        verify=lambda G: cj.Verdict(sum(nx.triangles(G).values()) == 0, "triangles counted"),
        score=lambda G: -float(sum(nx.triangles(G).values())),
        connected=False,
        **kw,
    )


def test_name_and_params_are_filled_and_checked():
    @cj.register_problem("test/filled")
    def filled(n: int = 6, *, k: int = 2):
        return _triangle_free(n)

    p = cj.get_problem("test/filled", k=3)
    assert (p.name, dict(p.params)) == ("test/filled", {"n": 6, "k": 3})

    @cj.register_problem("test/named-twice")
    def named_twice(n: int = 6):
        from dataclasses import replace

        return replace(_triangle_free(n), name="test/another-name")

    with pytest.raises(cj.RegistrationError, match="builds a SearchProblem named 'test/another-name'"):
        cj.get_problem("test/named-twice")

    @cj.register_problem("test/stray-param")
    def stray_param(n: int = 6):
        from dataclasses import replace

        return replace(_triangle_free(n), params={"n": n, "m": 2})

    with pytest.raises(cj.RegistrationError, match="records the parameter 'm', which it does not take"):
        cj.get_problem("test/stray-param")

    @cj.register_problem("test/not-a-problem")
    def not_a_problem(n: int = 6):
        return {"n": n}

    with pytest.raises(
        cj.RegistrationError, match=r"must return a SearchProblem \(or a Claim\). Got dict instead"
    ):
        cj.get_problem("test/not-a-problem")


def test_task_name_and_params_are_filled():
    from conjectura.learn.synthetic import planted_dataset

    @cj.register_task("test/planted-filled")
    def planted(noise: float = 0.1, size: int = 50):
        return cj.Task(features=("a", "b"), target="y", build=lambda n, rng: planted_dataset(n or size, rng))

    t = cj.get_task("test/planted-filled", size=40)
    assert (t.name, dict(t.params)) == ("test/planted-filled", {"noise": 0.1, "size": 40})
    # a factory may record a normalised value of its own argument (the integer tasks do)
    rep = cj.get_task("integers/squarefree", representation="binary", size=100)
    assert rep.params["representation"] == "binary:40" and rep.name == "integers/squarefree"


def test_round_trip_check_catches_a_broken_serializer():
    from dataclasses import replace

    @cj.register_problem("test/broken-graph6")
    def broken(n: int = 6):
        # deserialize drops an edge: a certificate could not be read back as written
        def lossy(s):
            G = from_graph6(s)
            G.remove_edges_from(list(G.edges())[:1])
            return G

        return replace(_triangle_free(n), deserialize=lossy)

    for _ in range(2):  # refused at every build, never marked as checked
        with pytest.raises(
            cj.RegistrationError, match="serializer of problem 'test/broken-graph6'.*round-trip"
        ):
            cj.get_problem("test/broken-graph6")

    @cj.register_problem("test/not-json")
    def not_json(n: int = 6):
        return replace(
            _triangle_free(n), serialize=lambda G: nx.to_numpy_array(G), deserialize=nx.from_numpy_array
        )

    with pytest.raises(cj.RegistrationError, match="must return a JSON value"):
        cj.get_problem("test/not-json")

    @cj.register_problem("test/bad-sample")
    def bad_sample(n: int = 6):
        p = _triangle_free(n)
        enc = replace(p.encoding, sample=lambda rng, k: np.zeros((k, 3), dtype=np.int8))
        return replace(p, encoding=enc)

    with pytest.raises(
        cj.RegistrationError, match=r"sample\(rng, 1\) must return an array of shape \(1, 15\)"
    ):
        cj.get_problem("test/bad-sample")


def test_a_name_is_registered_once():
    def first(n: int = 6):
        return _triangle_free(n)

    def second(n: int = 7):
        return _triangle_free(n)

    cj.register_problem("test/taken", first)
    cj.register_problem("test/taken", first)  # the same function again (a re-run cell): replaced
    with pytest.raises(cj.RegistrationError, match=r"already registered by .*first; .*second cannot take it"):
        cj.register_problem("test/taken", second)
    assert cj.get_problem("test/taken").params == {"n": 6}
    cj.register_problem("test/taken", second, overwrite=True)
    assert cj.get_problem("test/taken").params == {"n": 7}
    # built-in names are protected too, in every kind
    with pytest.raises(cj.RegistrationError, match="conjectura.domains.graphs.problems.wagner_2_1"):
        cj.register_problem("graphs/wagner-2.1", second)
    with pytest.raises(cj.RegistrationError, match="'slope-rule' is already registered"):
        cj.register_baseline("slope-rule", lambda task: None)
    with pytest.raises(cj.RegistrationError, match="'local' is already registered"):
        cj.register_engine("local", second)


def test_a_notebook_cell_run_twice_replaces_its_entry():
    namespace = {"cj": cj, "__name__": "__main__"}
    cell = "@cj.register_learner('test/cell-learner')\ndef cell(task, **hyper):\n    return {'v': VERSION}\n"
    for version in (1, 2):
        namespace["VERSION"] = version
        exec(compile(cell, "<cell>", "exec"), namespace)
    assert cj.get_learner("test/cell-learner", None) == {"v": 2}


def test_validation_messages():
    with pytest.raises(cj.InvalidParameterError, match=r"in the range \[1, 5\]. Got 9"):
        validate_int(9, "k", "f", min_value=1, max_value=5)
    with pytest.raises(cj.InvalidParameterError):
        validate_int(True, "k", "f")
    with pytest.raises(cj.InvalidParameterError, match="finite float"):
        validate_float(float("nan"), "c", "f")
    from conjectura.core import validation

    # check_* is kept for exact verifiers: the validators have no check_ aliases any more
    assert not any(hasattr(validation, f"check_{k}") for k in ("int", "float", "choice"))
