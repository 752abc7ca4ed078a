"""Search contracts: claims, encodings, problems and ask/tell engines.

A :class:`Claim` is a statement with an exact judge: a witness either establishes it or not
(``verify``), and witnesses have a canonical JSON form, so a certificate can carry one. A
:class:`SearchProblem` is a claim that engines can also search for: it says what to look for (a heuristic ``score``, higher is closer to a
counterexample) and who decides (an exact ``verify``). An :class:`Encoding` turns the vectors
that engines work with into mathematical objects and back. A :class:`SearchEngine` proposes
vectors (``ask``) and learns from their scores (``tell``), as Optuna samplers do, so engines are
interchangeable and can run in one process or many.
"""

from __future__ import annotations

import abc
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

import numpy as np

from conjectura.core.verdict import Verdict

__all__ = ["Claim", "Encoding", "SearchProblem", "SearchEngine"]

O = TypeVar("O")


@dataclass(frozen=True, kw_only=True)
class Encoding(Generic[O]):
    """Vectors of length ``dim`` over ``{0, ..., arity - 1}`` <-> objects.

    Attributes
    ----------
    dim : int
        Length of the word an engine builds.
    decode : callable
        ``decode(z) -> object`` for one integer vector ``z`` of shape ``(dim,)``. Every word of
        the alphabet must decode (engines propose any word).
    encode : callable, optional
        ``encode(obj) -> z``, the inverse of ``decode`` where it exists.
    arity : int
        Size of the alphabet (2 for 0/1 words such as the upper triangle of an adjacency matrix).
    sample : callable, optional
        ``sample(rng, k)`` returns ``k`` random words, an integer array of shape ``(k, dim)``
        drawn with the :class:`numpy.random.Generator` ``rng``: the prior that engines draw
        their (re)starts from. ``None`` means independent uniform letters. The encoding owns
        its prior so that an engine never needs to know what the words mean: graphs on ``n``
        vertices, for instance, start from hub-weighted random graphs and random trees
        (:func:`conjectura.domains.graphs.graph_prior_words`).
    """

    dim: int
    decode: Callable[[np.ndarray], O]
    encode: Callable[[O], np.ndarray] | None = None
    arity: int = 2
    sample: Callable[[np.random.Generator, int], np.ndarray] | None = None

    def decode_batch(self, Z: np.ndarray) -> list[O]:
        return [self.decode(z) for z in np.asarray(Z)]


@dataclass(frozen=True, kw_only=True)
class Claim(Generic[O]):
    """A statement "there is an object with this property", decided by an exact verifier.

    Certificates are made for claims (:func:`conjectura.certify`) and read back by
    ``conjectura verify``. A claim that engines can search for is a :class:`SearchProblem`; a
    claim whose witnesses come from elsewhere (a replayed move sequence, a Groebner basis, two
    isomorphic intervals with different polynomials) is registered the same way, with
    :func:`conjectura.register_problem`, and is verified exactly the same way.

    Attributes
    ----------
    name : str
        Registry name (filled in by the registry).
    claim : str
        What a verified witness establishes, word for word as it appears in certificates.
    verify : callable
        ``verify(obj) -> Verdict``; exact arithmetic only. The only judge of success.
    serialize, deserialize : callable
        Canonical JSON-able form of an object and its inverse; the registry checks once that
        ``serialize(deserialize(serialize(x))) == serialize(x)`` on a sample object.
    example : callable, optional
        ``example() -> object``: one object to check that round trip on (a search problem
        decodes a sample word instead).
    params : mapping
        The parameters the claim was made with (recorded in certificates; filled in by the
        registry).
    witness_params : callable, optional
        ``witness_params(obj) -> mapping``: the parameters a witness determines (for graph
        problems ``{"n": order}``). A certificate records these, and ``conjectura verify``
        rejects one whose ``problem.params`` disagree with its witness.
    description, reference : str
        Statement and literature reference, for listings.
    """

    name: str = ""
    claim: str
    verify: Callable[[O], Verdict]
    serialize: Callable[[O], Any]
    deserialize: Callable[[Any], O]
    example: Callable[[], O] | None = None
    params: Mapping[str, Any] = field(default_factory=dict)
    witness_params: Callable[[O], Mapping[str, Any]] | None = None
    description: str = ""
    reference: str = ""


@dataclass(frozen=True, kw_only=True)
class SearchProblem(Claim[O]):
    """A question "is there an object whose score crosses a bound?" with an exact judge.

    The search loop scores candidates in batches and sends a candidate to the exact verifier
    only when its score is at least ``threshold`` (0 by default); scores below it are never
    verified. A score therefore says "how close", and crossing the threshold says "worth an
    exact check": a score that is always >= threshold wastes the verifier on every candidate,
    and one that stays below it for a true counterexample hides the counterexample.

    A factory registered with :func:`conjectura.register_problem` leaves ``name`` and
    ``params`` unset: the registry fills them (the registered name, and the factory's
    arguments with their defaults), so they are written once and certificates can rebuild
    the problem.

    Attributes
    ----------
    name : str
        Registry name, e.g. ``"graphs/wagner-2.1"`` (filled in by the registry).
    claim : str
        What a verified witness establishes, word for word as it appears in certificates.
    encoding : Encoding
        Vectors <-> objects.
    score : callable
        ``score(obj) -> float``; a heuristic, higher is closer. May be a float computation.
    verify : callable
        ``verify(obj) -> Verdict``; exact arithmetic only. The only judge of success.
    serialize, deserialize : callable
        Canonical JSON-able form of an object (graph6 for graphs) and its inverse; the
        registry checks once that ``serialize(deserialize(serialize(x))) == serialize(x)``.
    score_batch : callable, optional
        ``score_batch(Z) -> scores`` on a batch of encoded vectors ``Z`` of shape ``(m, dim)``;
        engines use it when present (vectorised rewards).
    simplify : callable, optional
        ``simplify(obj) -> iterable of smaller objects``, tried in order to find a minimal witness.
    threshold : float, default 0.0
        A candidate whose score is >= ``threshold`` is sent to the exact verifier; scores
        below it are never verified.
    params : mapping
        The parameters the problem was made with (recorded in certificates; filled in by the
        registry).
    description, reference : str
        Statement and literature reference, for listings.
    """

    encoding: Encoding[O]
    score: Callable[[O], float]
    score_batch: Callable[[np.ndarray], np.ndarray] | None = None
    simplify: Callable[[O], Iterable[O]] | None = None
    threshold: float = 0.0

    def scores(self, Z: np.ndarray) -> np.ndarray:
        """Scores of a batch of encoded vectors, batched when the problem allows it."""
        Z = np.asarray(Z)
        if self.score_batch is not None:
            return np.asarray(self.score_batch(Z), dtype=float)
        return np.array([self.score(self.encoding.decode(z)) for z in Z], dtype=float)


class SearchEngine(abc.ABC):
    """Ask/tell interface every search engine implements.

    ``setup`` is called once with the problem and a seed; then the search loop alternates
    ``Z = ask(m)`` (an integer array of shape ``(m, problem.encoding.dim)``) and
    ``tell(Z, scores)``. ``state_dict``/``load_state_dict`` let a run be checkpointed and
    resumed.
    """

    name: str = "engine"

    def setup(self, problem: SearchProblem, *, seed: int | np.random.Generator | None = None) -> None:
        """Bind the engine to a problem. Engines that need the problem override this."""
        self.problem = problem

    @abc.abstractmethod
    def ask(self, n: int) -> np.ndarray:
        """Propose ``n`` candidates as an integer array of shape ``(n, dim)``."""

    @abc.abstractmethod
    def tell(self, z: np.ndarray, scores: np.ndarray) -> None:
        """Report the scores of the candidates last proposed."""

    def state_dict(self) -> dict[str, Any]:
        """Everything needed to resume, as numpy arrays, bytes, and JSON values only (dicts with
        str keys, lists, str, int, float, bool, None; a numpy RNG state is such a dict).

        Checkpoints are rows of the store written without pickle
        (:mod:`conjectura.store.state`), so nothing that is loaded can execute code; tensors
        are converted to numpy arrays. After ``setup`` with any seed, ``load_state_dict`` of
        this value must continue exactly where the engine stopped."""
        return {}

    def load_state_dict(self, state: Mapping[str, Any]) -> None:
        """Restore from :meth:`state_dict` (engines without state keep nothing)."""
        return None

    def config(self) -> dict[str, Any]:
        """Hyperparameters, recorded in provenance."""
        return {}
