r"""One Groebner basis with a chosen S-pair selection strategy, returned with its certificate.

:func:`solve_buchberger` is what ``conjectura guide solve buchberger`` prints: the ideal (typed
in, or drawn from a distribution ``n-d-s-{uniform|weighted|maximum}`` with a seed), the strategy
(a classical one, or a trained policy of :mod:`conjectura.domains.polynomials.learning`), the
counts of the run (polynomial additions, the cost of Peifer et al. 2020) and a certificate of the
claim ``polynomials/groebner-basis``, built only after the exact check accepted the reduced
basis. Whatever chose the pairs, the answer is proved, not trusted.

Examples
--------
>>> sol = solve_buchberger("y - x^2, z - x^3", variables="x, y, z", strategy="degree", store=None)
>>> sol.verdict.holds, len(sol.basis), sol.stats.polynomial_additions >= 1
(True, 3, True)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from conjectura.core.certificate import Certificate
from conjectura.core.verdict import Verdict
from conjectura.domains.polynomials.buchberger import BuchbergerStats, groebner_basis
from conjectura.domains.polynomials.poly import Polynomial, format_polynomial

__all__ = ["BuchbergerSolution", "solve_buchberger"]


@dataclass
class BuchbergerSolution:
    """A reduced Groebner basis, the run that found it, and its certificate.

    Attributes
    ----------
    generators, basis : list of Polynomial
        The ideal's generators and the reduced Groebner basis.
    strategy : str
        The selection strategy (``'learned'`` for a trained policy).
    stats : BuchbergerStats
        Counts of the run (pairs, reductions, polynomial additions).
    verdict : Verdict
        The exact check of ``polynomials/groebner-basis``.
    certificate : Certificate
    source : dict
        Where the ideal (and the policy) came from.
    certificate_id : int or None
        The certificate's id in the store, when one was given.
    """

    generators: list[Polynomial]
    basis: list[Polynomial]
    strategy: str
    stats: BuchbergerStats
    verdict: Verdict
    certificate: Certificate
    source: dict[str, Any] = field(default_factory=dict)
    variables: tuple[str, ...] | None = None
    certificate_id: int | None = None

    def summary(self) -> str:
        s = self.stats
        lead = ", ".join(format_polynomial(g, self.variables) for g in self.basis[:3])
        more = f", ... ({len(self.basis)} in all)" if len(self.basis) > 3 else ""
        return (
            f"reduced Groebner basis of {len(self.generators)} generators with the {self.strategy} strategy: "
            f"{lead}{more}; {s.pairs_processed} S-pairs, {s.polynomial_additions} polynomial additions. "
            f"verified: {self.verdict.reason}"
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "strategy": self.strategy,
            "source": dict(self.source),
            "generators": len(self.generators),
            "basis_size": len(self.basis),
            "stats": self.stats.to_dict(),
            "verified": bool(self.verdict.holds),
            "reason": self.verdict.reason,
            "certificate": self.certificate.to_dict(),
            "certificate_id": self.certificate_id,
        }


def _variables(text: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in text.split(",") if v.strip())


def solve_buchberger(
    ideal: str | list[Polynomial] | None = None,
    *,
    variables: str = "x,y,z",
    dist: str = "3-20-10-weighted",
    seed: int = 0,
    strategy: str = "degree",
    policy: Any = None,
    store: Any = None,
    provenance: Mapping[str, Any] | None = None,
) -> BuchbergerSolution:
    r"""Compute a reduced Groebner basis with one strategy, check it exactly, and certify it.

    Parameters
    ----------
    ideal : str, list of Polynomial or None
        Generators typed as text (``'y - x^2, z - x^3'``, over :math:`\mathbb{F}_{32003}` in the
        ``variables``), a list of polynomials, or None for a seeded ideal of ``dist``.
    variables : str, default 'x,y,z'
        Variables of a typed ideal, comma-separated.
    dist : str, default '3-20-10-weighted'
        Distribution of the seeded ideal (Peifer et al. 2020).
    seed : int, default 0
    strategy : str, default 'degree'
        A classical strategy (first, degree, normal, sugar, true-degree, random).
    policy : RowPolicy, int, path or None
        A trained policy (a run id of the store or a checkpoint file); overrides ``strategy``.
    store : Store or None
        Where the certificate is recorded (None: nowhere).

    Returns
    -------
    BuchbergerSolution

    Raises
    ------
    InvalidParameterError
        A bad distribution, strategy, polynomial text or policy.
    VerificationError
        Never for a correct implementation: the basis is checked before the certificate exists.
    """
    from conjectura.domains.polynomials.ideals import parse_distribution, random_binomial_ideal
    from conjectura.domains.polynomials.poly import parse_polynomials
    from conjectura.domains.polynomials.problems import groebner_certificate
    from conjectura.domains.polynomials.strategies import get_strategy

    names = None
    if ideal is None:
        d = parse_distribution(dist)
        generators = random_binomial_ideal(d, seed=seed)
        source: dict[str, Any] = {"dist": dist, "seed": int(seed)}
    elif isinstance(ideal, str):
        names = _variables(variables)
        generators = parse_polynomials(ideal, names)
        source = {"ideal": ideal[:200], "variables": list(names)}
    else:
        generators = list(ideal)
        source = {"ideal": "given"}
    if policy is not None:
        from conjectura.domains.polynomials.learning import _load_learned, learned_strategy

        net, info = _load_learned(policy, store)
        select, label = learned_strategy(net), "learned"
        source["policy"] = info
    else:
        get_strategy(strategy)
        select, label = strategy, strategy
    basis, stats = groebner_basis(generators, strategy=select, seed=seed)
    prov = {"strategy": label, **source, **(provenance or {})}
    cert = groebner_certificate(generators, basis, provenance=prov)
    sol = BuchbergerSolution(
        generators=list(generators),
        basis=list(basis),
        strategy=label,
        stats=stats,
        verdict=cert.verdict,
        certificate=cert,
        source=source,
        variables=names,
    )
    if store is not None:
        with store.run("guide-solve", "polynomials/groebner-basis", {"strategy": label, **source}) as run:
            sol.certificate_id = run.attach_certificate(cert)
            run.set_summary({k: v for k, v in sol.to_dict().items() if k != "certificate"})
    return sol
