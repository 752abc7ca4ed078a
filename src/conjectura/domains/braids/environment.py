"""The registered environment ``braids/unknot``: the unknotting game for ``conjectura guide``.

Its solvers are declared by the game (:data:`~conjectura.domains.braids.game.SOLVERS`, policy
names of :mod:`conjectura.guide.policies`), so this domain imports nothing of the guide layer.
"""

from __future__ import annotations

from conjectura.core.registry import register_environment
from conjectura.domains.braids.game import UnknotGame

__all__ = ["unknot_environment"]


@register_environment(
    "braids/unknot",
    description="reduce a braid to the empty word on one strand by braid relations and Markov moves "
    "(Gukov, Halverson, Ruehle, Sułkowski, arXiv:2010.16263)",
)
def unknot_environment(max_length: int | None = 64, max_strands: int | None = None) -> UnknotGame:
    """The unknotting game with growing moves offered up to ``max_length`` letters.

    >>> import conjectura as cj
    >>> cj.core.get_environment("braids/unknot", max_length=20).max_length
    20
    """
    return UnknotGame(max_length=max_length, max_strands=max_strands)
