"""Point sets in the integer grid: the no-three-in-line problem.

Registers the construction ``grids/no-three-in-line``
(:mod:`~conjectura.domains.grids.constructions`).
"""

from conjectura.domains.grids.lines import (
    NO_THREE_IN_LINE_KNOWN,
    check_no_three_in_line,
    grid_lines,
    is_no_three_in_line,
    line_excess,
)

REGISTERS = ("conjectura.domains.grids.constructions",)

__all__ = [
    "NO_THREE_IN_LINE_KNOWN",
    "check_no_three_in_line",
    "grid_lines",
    "is_no_three_in_line",
    "line_excess",
]
