"""conjecturing: propose bounds from a table, check them exactly, and try to refute them.

* :func:`conjecture`: upper and lower bounds for one column, TxGraffiti's linear programs over
  a library of terms (and symbolic-regression terms), exact constants, Fajtlowicz's Dalmatian
  heuristic; every printed relation is exactly true on the table.
* :func:`refute`: each bound becomes a search problem on larger objects; a find is certified.
* :func:`scan`: which columns are predictable from the others, beyond the baselines, with a
  multiple-testing correction.

>>> import conjectura as cj                                                  # doctest: +SKIP
>>> res = cj.conjecture("graphs/small-connected", target="independence_number")  # doctest: +SKIP
>>> print(res.conjectures[0].relation, res.conjectures[0].verdict())          # doctest: +SKIP
"""

from conjectura.conjecturing.propose import certify_bound, conjecture
from conjectura.conjecturing.refute import refute
from conjectura.conjecturing.results import Conjecture, Conjectures
from conjectura.conjecturing.scan import Scan, scan

__all__ = ["conjecture", "refute", "certify_bound", "scan", "Conjecture", "Conjectures", "Scan"]
