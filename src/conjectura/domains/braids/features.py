r"""Fixed-width encodings of braid states and of moves, for learned policies and cost-to-go.

A braid word has any length, so a network that must generalise from short to long words is fed
counts, not letters: each state :math:`(w, n)` becomes a vector of :data:`STATE_FEATURES`
(non-negative integers), computed on the **cyclic** word because the closure only sees the word
up to rotation (a pattern that wraps around the end is one rotation away). Letters are measured
from the top generator :math:`\sigma_{n-1}`, the one a destabilisation removes: level
:math:`r = n - 1 - |x|` (levels ``>= LEVELS - 1`` are lumped), so one encoding serves every
strand count.

=====================  ====================================================================
feature                definition (indices cyclic, :math:`x_{k+L} = x_k`, :math:`L = |w|`)
=====================  ====================================================================
``length``             :math:`L`
``strands``            :math:`n`
``top_letters``        :math:`\#\{k : |x_k| = n - 1\}` (one left: a rotation and a
                       destabilisation remove it)
``single_top``         1 if ``top_letters == 1``
``destabilisable``     1 if a destabilisation applies now (the single top letter is last)
``pos_r``, ``neg_r``   positive / negative letters at level :math:`r` (``r = 0..LEVELS-1``)
``abs_exp_r``          :math:`|\text{exponent sum at level } r|`
``cancel_sites``       :math:`\#\{k : x_{k+1} = -x_k\}`
``braid_sites``        triples :math:`(x_k, x_{k+1}, x_{k+2})` a braid relation rewrites
``commute_sites``      :math:`\#\{k : ||x_k| - |x_{k+1}|| \ge 2\}`
``gap_cancels``        :math:`x_{k+2} = -x_k` with :math:`x_{k+1}` commuting with :math:`x_k`
                       (one far commutation from a cancellation)
``gap_pairs``          :math:`x_{k+2} = -x_k` (any middle letter)
``wrap_cancels``       the ``cancel_sites`` that wrap around the end (:math:`k = L - 1`)
``wrap_braids``        the ``braid_sites`` that wrap around (:math:`k \ge L - 2`)
``powers``             :math:`\#\{k : x_{k+1} = x_k\}`
``sign_changes``       :math:`\#\{k : \operatorname{sgn} x_{k+1} \ne \operatorname{sgn} x_k\}`
``missing_gens``       generators :math:`\sigma_1..\sigma_{n-1}` absent from :math:`w`
=====================  ====================================================================

For a word of length 1 or 2 the cyclic neighbours of a letter include itself, exactly as in the
cyclic word (``cancel_sites`` of ``(1, -1)`` is 2: both rotations cancel). Three features are not
rotation-invariant on purpose: ``destabilisable``, ``wrap_cancels`` and ``wrap_braids`` say which
patterns need a rotation (one more move) first, e.g. the cancellation that a conjugation
:math:`w \mapsto x w x^{-1}` creates across the end.

:func:`unknot_move_features` gives each legal move the row ``[one-hot kind, f(s') - f(s), f(s')]``
(successor :math:`s'`): a policy scoring rows with one shared network compares moves by what they
do, whatever their number. These are the inputs of :mod:`conjectura.guide` learners; the
moves themselves are defined in :mod:`~conjectura.domains.braids.moves`.

References
----------
S. Gukov, J. Halverson, F. Ruehle, P. Sułkowski, "Learning to unknot", Mach. Learn.: Sci.
Technol. 2 (2021) 025035, arXiv:2010.16263 (the game; they feed the padded word itself).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import numpy as np

from conjectura.domains.braids.moves import MOVE_KINDS
from conjectura.domains.braids.words import BraidState

__all__ = [
    "LEVELS",
    "STATE_FEATURES",
    "MOVE_FEATURES",
    "unknot_state_features",
    "unknot_move_features",
]

#: Generator levels measured from the top (level ``LEVELS - 1`` holds every lower level).
LEVELS = 4

#: Names of the columns of :func:`unknot_state_features`.
STATE_FEATURES: tuple[str, ...] = (
    "length",
    "strands",
    "top_letters",
    "single_top",
    "destabilisable",
    *(f"{s}_{r}" for r in range(LEVELS) for s in ("pos", "neg")),
    *(f"abs_exp_{r}" for r in range(LEVELS)),
    "cancel_sites",
    "braid_sites",
    "commute_sites",
    "gap_cancels",
    "gap_pairs",
    "wrap_cancels",
    "wrap_braids",
    "powers",
    "sign_changes",
    "missing_gens",
)

#: Names of the columns of :func:`unknot_move_features`.
MOVE_FEATURES: tuple[str, ...] = (
    *(f"kind_{k}" for k in MOVE_KINDS),
    *(f"delta_{f}" for f in STATE_FEATURES),
    *(f"next_{f}" for f in STATE_FEATURES),
)


def _padded(states: Sequence[BraidState]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Letters left-aligned in an ``(m, width)`` int array, with lengths and strand counts."""
    m = len(states)
    lengths = np.fromiter((len(s[0]) for s in states), dtype=np.int64, count=m)
    strands = np.fromiter((s[1] for s in states), dtype=np.int64, count=m)
    width = max(int(lengths.max(initial=0)), 1)
    X = np.zeros((m, width), dtype=np.int8)  # |letter| < MAX_STRANDS = 64 fits in int8
    letters = np.fromiter(
        itertools.chain.from_iterable(s[0] for s in states), dtype=np.int8, count=int(lengths.sum())
    )
    X[np.arange(width)[None, :] < lengths[:, None]] = letters
    return X, lengths, strands


def unknot_state_features(states: Sequence[BraidState]) -> np.ndarray:
    """The :data:`STATE_FEATURES` of each state: a ``float32`` array of shape ``(m, 27)``.

    Vectorised over the batch (no Python loop over letters), so a search can score thousands of
    successors per call.

    Parameters
    ----------
    states : sequence of BraidState

    Returns
    -------
    numpy.ndarray
        One row per state, columns in the order of :data:`STATE_FEATURES`.

    Examples
    --------
    >>> f = dict(zip(STATE_FEATURES, unknot_state_features([BraidState((1, -2, 1, 2), 3)])[0]))
    >>> int(f["length"]), int(f["top_letters"]), int(f["braid_sites"]), int(f["sign_changes"])
    (4, 2, 3, 2)
    >>> unknot_state_features([BraidState((), 1)]).sum()
    np.float32(1.0)
    """
    X, L, n = _padded(states)
    m, width = X.shape
    pos = np.arange(width)[None, :]
    valid = pos < L[:, None]
    Ls = np.maximum(L, 1)[:, None]
    X1 = np.take_along_axis(X, (pos + 1) % Ls, axis=1)  # cyclic successor letter
    X2 = np.take_along_axis(X, (pos + 2) % Ls, axis=1)
    A, A1, A2 = np.abs(X), np.abs(X1), np.abs(X2)
    S, S1 = np.sign(X), np.sign(X1)

    n8 = n.astype(np.int8)[:, None]
    level = np.clip(n8 - 1 - A, 0, LEVELS - 1)
    out = np.zeros((m, len(STATE_FEATURES)), dtype=np.float32)
    col = {name: k for k, name in enumerate(STATE_FEATURES)}
    out[:, col["length"]] = L
    out[:, col["strands"]] = n
    top = ((n8 - 1 == A) & valid).sum(axis=1)
    out[:, col["top_letters"]] = top
    out[:, col["single_top"]] = top == 1
    last = X[np.arange(m), np.maximum(L - 1, 0)]
    out[:, col["destabilisable"]] = (top == 1) & (L >= 1) & (np.abs(last) == n - 1)
    for r in range(LEVELS):
        at = valid & (level == r)
        out[:, col[f"pos_{r}"]] = (at & (S > 0)).sum(axis=1)
        out[:, col[f"neg_{r}"]] = (at & (S < 0)).sum(axis=1)
        out[:, col[f"abs_exp_{r}"]] = np.abs((S * at).sum(axis=1, dtype=np.int64))
    # braid relation on (x, y, z): |x| = |z|, ||x| - |y|| = 1, and all signs equal or sgn z = -sgn x
    S2 = np.sign(X2)
    braid = (A == A2) & (np.abs(A - A1) == 1) & (((S == S1) & (S1 == S2)) | (S2 == -S))
    far = np.abs(A - A1) >= 2
    three = valid & (L[:, None] >= 3)  # a braid relation needs three letters
    two = valid & (L[:, None] >= 2)
    out[:, col["cancel_sites"]] = (two & (X1 == -X)).sum(axis=1)
    out[:, col["braid_sites"]] = (three & braid).sum(axis=1)
    out[:, col["commute_sites"]] = (two & far).sum(axis=1)
    out[:, col["gap_cancels"]] = (three & (X2 == -X) & far).sum(axis=1)
    out[:, col["gap_pairs"]] = (three & (X2 == -X)).sum(axis=1)
    out[:, col["wrap_cancels"]] = (two & (X1 == -X) & (pos >= L[:, None] - 1)).sum(axis=1)
    out[:, col["wrap_braids"]] = (three & braid & (pos >= L[:, None] - 2)).sum(axis=1)
    out[:, col["powers"]] = (two & (X1 == X)).sum(axis=1)
    out[:, col["sign_changes"]] = (two & (S1 != S)).sum(axis=1)
    gens = np.arange(1, max(int(n.max(initial=1)), 2))[None, :, None]  # (1, g, 1)
    present = ((A[:, None, :] == gens) & valid[:, None, :]).any(axis=2)  # (m, g)
    in_range = gens[..., 0] <= (n[:, None] - 1)
    out[:, col["missing_gens"]] = (in_range & ~present).sum(axis=1)
    return out


def unknot_move_features(state: BraidState, successors: Sequence[tuple]) -> np.ndarray:
    """One row per legal move: ``[one-hot kind, f(next) - f(state), f(next)]``, ``f`` the
    :func:`unknot_state_features`; columns :data:`MOVE_FEATURES`.

    Parameters
    ----------
    state : BraidState
        The current state.
    successors : sequence of (Move, BraidState)
        The legal moves and their results (``UnknotGame.successors(state)``).

    Returns
    -------
    numpy.ndarray
        ``float32`` array of shape ``(len(successors), 61)``; ``(0, 61)`` when there is no move.

    Examples
    --------
    >>> from conjectura.domains.braids.game import UnknotGame
    >>> s = BraidState((1, -1), 2)
    >>> rows = unknot_move_features(s, UnknotGame(kinds=("cancel", "shift")).successors(s))
    >>> rows.shape, [MOVE_FEATURES[k] for k in np.flatnonzero(rows[0][:7])]
    ((2, 61), ['kind_cancel'])
    >>> int(rows[0][MOVE_FEATURES.index("delta_length")])
    -2
    """
    d = len(MOVE_FEATURES)
    if not len(successors):
        return np.zeros((0, d), dtype=np.float32)
    f = unknot_state_features([state, *(s for _, s in successors)])
    nxt = f[1:]
    kinds = np.zeros((len(successors), len(MOVE_KINDS)), dtype=np.float32)
    index = {k: i for i, k in enumerate(MOVE_KINDS)}
    kinds[np.arange(len(successors)), [index[m[0]] for m, _ in successors]] = 1.0
    return np.concatenate([kinds, nxt - f[:1], nxt], axis=1)
