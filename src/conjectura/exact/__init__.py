"""Exact arithmetic for verifiers: real algebraic numbers and quadratic surds.

Verifiers never compare floats. A real eigenvalue is a :class:`RealAlgebraic`: an irreducible
integer polynomial and a rational interval that isolates one of its roots (from python-flint's
certified root isolation, refined by exact sign evaluation). A bound such as ``sqrt(n-1) + 1`` is
a :class:`QuadraticSurd` ``p + q*sqrt(m)`` with rational ``p, q``. Comparisons between them are
decided exactly.
"""

from conjectura.exact.algebraic import RealAlgebraic, real_roots
from conjectura.exact.surd import QuadraticSurd

__all__ = ["RealAlgebraic", "real_roots", "QuadraticSurd"]
