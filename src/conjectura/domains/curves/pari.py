"""Access to PARI/GP (through ``cypari``) with Cremona's tables installed as its ``elldata``.

PARI's ``ellsearch``, ``forell`` and ``ellidentify`` read J. E. Cremona's tables of elliptic
curves over :math:`\\mathbb{Q}` (every isogeny class of conductor :math:`N < 500\\,000`) from the
directory ``<datadir>/elldata``. The PyPI package ``passagemath-pari-elldata`` ships those files
under ``sage_wheels/share/pari``; :func:`get_pari` finds that directory through the package's
installed-file metadata and points PARI's ``datadir`` at it, so nothing has to be set by hand.

References
----------
.. [1] J. E. Cremona, *Algorithms for modular elliptic curves*, 2nd ed., CUP 1997;
   tables at https://github.com/JohnCremona/ecdata.
.. [2] The PARI Group, PARI/GP, https://pari.math.u-bordeaux.fr.
"""

from __future__ import annotations

import functools
from pathlib import Path

from conjectura.exceptions import MissingDependencyError

__all__ = ["get_pari", "elldata_dir", "TABLE_MAX_CONDUCTOR", "ELLDATA_PACKAGE"]

#: Cremona's tables in ``passagemath-pari-elldata`` cover every conductor below this bound.
TABLE_MAX_CONDUCTOR = 499_999
ELLDATA_PACKAGE = "passagemath-pari-elldata"
#: Largest PARI stack (bytes) that :func:`get_pari` allows; PARI grows the stack up to it.
PARI_STACK_MAX = 2**30


@functools.lru_cache(maxsize=1)
def elldata_dir() -> Path:
    """The PARI data directory of ``passagemath-pari-elldata`` (the parent of ``elldata/``).

    Returns
    -------
    pathlib.Path
        ``.../site-packages/sage_wheels/share/pari``.

    Raises
    ------
    MissingDependencyError
        If the package is not installed (the message names the pip command).
    """
    from importlib import metadata

    hint = (
        f"Cremona's elliptic-curve tables are needed but {ELLDATA_PACKAGE} is not installed: "
        f"run `pip install {ELLDATA_PACKAGE}` (or `pip install 'conjectura[curves]'`)."
    )
    try:
        dist = metadata.distribution(ELLDATA_PACKAGE)
    except metadata.PackageNotFoundError as exc:
        raise MissingDependencyError(hint) from exc
    for f in dist.files or ():
        parts = Path(str(f)).parts
        if len(parts) >= 2 and parts[-2] == "elldata" and parts[-1].startswith("ell"):
            return Path(str(f.locate())).resolve().parent.parent
    raise MissingDependencyError(hint + " (the installed copy has no elldata files)")


@functools.lru_cache(maxsize=1)
def get_pari():
    """The PARI instance of ``cypari``, with ``datadir`` set to Cremona's tables.

    Returns
    -------
    cypari.pari
        The library handle; call PARI functions as methods (``pari.ellinit([0, 0, 1, -1, 0])``)
        or evaluate GP code with ``pari("...")``.

    Raises
    ------
    MissingDependencyError
        If ``cypari`` or ``passagemath-pari-elldata`` is missing.

    Examples
    --------
    >>> pari = get_pari()
    >>> int(pari.ellrootno(pari.ellinit([0, 0, 1, -1, 0])))   # 37a1 has rank 1
    -1
    """
    try:
        import cypari
    except ImportError as exc:
        raise MissingDependencyError(
            "PARI is needed for elliptic curves but cypari is not installed: run "
            "`pip install cypari` (it also ships with SnapPy) or `pip install 'conjectura[curves]'`."
        ) from exc
    pari = cypari.pari
    pari.default("datadir", str(elldata_dir()))
    if pari.stacksizemax() < PARI_STACK_MAX:  # let the stack grow on demand (virtual memory)
        pari.allocatemem(max(pari.stacksize(), 8 * 10**6), PARI_STACK_MAX, silent=True)
    return pari
