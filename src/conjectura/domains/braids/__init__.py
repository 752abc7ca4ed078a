"""Braids: words on B_n, braid relations and Markov moves, the unknotting game and its certificates.

Plain functions over plain objects (a braid is a :class:`BraidState` ``(word, strands)``, a word a
tuple of non-zero ints, ``i`` for :math:`\\sigma_i` and ``-i`` for its inverse); spherogram and
SnapPy are imported inside the functions that need them.

* :func:`parse_braid_word`, :class:`BraidState`: reading and validating words.
* :mod:`~conjectura.domains.braids.moves`: each move a pure function with its precondition.
* :class:`UnknotGame`: the moves as a move game (the interface of :mod:`conjectura.guide`).
* :func:`unknot_state_features`, :func:`unknot_move_features`: fixed-width encodings of states
  and of legal moves for learned heuristics and policies.
* :func:`random_unknot`, :func:`unknot_instances`, :func:`negative_control_instances`,
  :data:`KNOWN_KNOTS`: instances and negative controls.
* :class:`UnknottingSequence`, :func:`unknotting_to_json`: the witness; the independent checker
  :func:`check_unknotting` (in :mod:`~conjectura.domains.braids.replay`) replays it.
* :func:`left_normal_form`, :func:`same_braid`: Garside's normal form (the word problem).
* :func:`burau_matrix`, :func:`closure_alexander_polynomial`, :func:`unknot_cross_check`: exact
  invariants and the SnapPy cross-check.

References
----------
S. Gukov, J. Halverson, F. Ruehle, P. Sułkowski, "Learning to unknot", Mach. Learn.: Sci.
Technol. 2 (2021) 025035, arXiv:2010.16263.
"""

from conjectura.domains.braids.certificate import (
    WITNESS_FORMAT,
    UnknottingSequence,
    check_unknotting_moves,
    unknotting_from_json,
    unknotting_to_json,
)
from conjectura.domains.braids.features import (
    MOVE_FEATURES,
    STATE_FEATURES,
    unknot_move_features,
    unknot_state_features,
)
from conjectura.domains.braids.game import UnknotGame
from conjectura.domains.braids.instances import (
    KNOWN_KNOTS,
    admissible_length,
    negative_control_instances,
    random_unknot,
    scramble_braid,
    unknot_instances,
)
from conjectura.domains.braids.invariants import (
    burau_matrix,
    closure_alexander_polynomial,
    closure_link,
    seifert_alexander_polynomial,
    unknot_cross_check,
)
from conjectura.domains.braids.moves import (
    GROWING_KINDS,
    MOVE_KINDS,
    Move,
    apply_move,
    apply_moves,
    braid_relation,
    cyclic_shift,
    destabilise,
    far_commutation,
    free_cancellation,
    legal_moves,
    markov_conjugation,
    move_function,
    stabilise,
)
from conjectura.domains.braids.normal_form import left_normal_form, normal_form_word, same_braid
from conjectura.domains.braids.replay import check_unknotting, is_unknotting
from conjectura.domains.braids.words import (
    MAX_STRANDS,
    MAX_WORD_LENGTH,
    BraidState,
    braid_permutation,
    braid_state,
    closure_components,
    exponent_sum,
    format_braid_word,
    is_trivial_state,
    parse_braid_word,
)

__all__ = [
    "MAX_STRANDS",
    "MAX_WORD_LENGTH",
    "BraidState",
    "parse_braid_word",
    "braid_state",
    "format_braid_word",
    "braid_permutation",
    "closure_components",
    "exponent_sum",
    "is_trivial_state",
    "MOVE_KINDS",
    "GROWING_KINDS",
    "Move",
    "cyclic_shift",
    "braid_relation",
    "far_commutation",
    "free_cancellation",
    "markov_conjugation",
    "stabilise",
    "destabilise",
    "apply_move",
    "apply_moves",
    "legal_moves",
    "move_function",
    "UnknotGame",
    "STATE_FEATURES",
    "MOVE_FEATURES",
    "unknot_state_features",
    "unknot_move_features",
    "KNOWN_KNOTS",
    "admissible_length",
    "scramble_braid",
    "random_unknot",
    "unknot_instances",
    "negative_control_instances",
    "WITNESS_FORMAT",
    "UnknottingSequence",
    "unknotting_to_json",
    "unknotting_from_json",
    "check_unknotting_moves",
    "check_unknotting",
    "is_unknotting",
    "burau_matrix",
    "closure_alexander_polynomial",
    "closure_link",
    "seifert_alexander_polynomial",
    "unknot_cross_check",
    "left_normal_form",
    "normal_form_word",
    "same_braid",
]
