"""Certificates: a witness plus a claim, accepted only by an exact verifier.

A :class:`Certificate` cannot be built except by :func:`certify`, which runs the problem's
exact verifier and refuses a witness that fails. :meth:`Certificate.from_json` re-runs the
verifier, so a certificate read from disk is as trustworthy as one just made.

The JSON format (``conjectura-certificate/1``)::

    {
      "format": "conjectura-certificate/1",
      "problem": {"name": "graphs/wagner-2.1", "params": {"n": 19}},
      "claim": "...",                 # the problem's claim, word for word
      "witness": "R???...",           # the problem's canonical serialisation (graph6 for graphs)
      "values": {...},                # exact values of the invariants involved
      "provenance": {"seed": 0, "engine": ..., "versions": {...}, "git": ..., "time": ...}
    }

Reading a certificate is bounded before any work is done: a file larger than
:data:`MAX_CERTIFICATE_BYTES` (4 MiB), a witness whose JSON form is longer than
:data:`MAX_WITNESS_CHARS` (10 000 characters; graph6 of a graph on about 240 vertices) and JSON
nested deeper than :data:`MAX_JSON_DEPTH` are refused with one line, whatever the verifier
would cost. Both size limits are arguments of :meth:`Certificate.load` and
:meth:`Certificate.from_json` (``conjectura verify --max-bytes / --max-witness``).

Everything a certificate displays is checked, not only the witness: ``problem.params`` must
be the parameters the witness implies (for graph problems ``n`` is the witness's order,
:attr:`Claim.witness_params`), every exact value must equal the recomputed one, and every
``*_approx`` decimal must be one the verifier also computes and must agree with it to within
one unit of its last printed digit. Provenance is informative and not authenticated.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import decimal
import hashlib
import json
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from conjectura.core.verdict import Verdict  # re-exported: `from conjectura.core.certificate import Verdict`
from conjectura.exceptions import CertificateFormatError, VerificationError

if TYPE_CHECKING:  # pragma: no cover
    from conjectura.core.problem import Claim

__all__ = [
    "FORMAT",
    "MAX_CERTIFICATE_BYTES",
    "MAX_WITNESS_CHARS",
    "MAX_JSON_DEPTH",
    "Verdict",
    "Certificate",
    "certify",
]

FORMAT = "conjectura-certificate/1"
_REQUIRED = ("format", "problem", "claim", "witness", "values", "provenance")

#: Largest certificate read, in bytes (``conjectura verify --max-bytes``).
MAX_CERTIFICATE_BYTES = 4 * 2**20
#: Longest witness accepted, in characters of its JSON form (``conjectura verify --max-witness``).
MAX_WITNESS_CHARS = 10_000
#: Deepest nesting of JSON arrays and objects in a certificate.
MAX_JSON_DEPTH = 64
#: Longest ``problem.params`` accepted, in characters of its JSON form.
_MAX_PARAMS_CHARS = 2_000
#: Most digits of a recorded ``*_approx`` decimal.
_MAX_APPROX_DIGITS = 200
#: Longest piece of a certificate repeated in an error message.
_SHOWN = 120


class _Token:  # only certify() holds it, so Certificate(...) cannot be called directly
    pass


_TOKEN = _Token()


class Certificate:
    """A verified witness for a claim about a registered problem. Build it with :func:`certify`.

    ``verdict`` is the :class:`Verdict` the exact verifier returned when the certificate was
    made (or re-verified on loading): print its ``reason`` instead of verifying again.
    """

    __slots__ = (
        "_problem",
        "claim",
        "params",
        "problem_name",
        "provenance",
        "values",
        "verdict",
        "witness",
        "witness_data",
    )

    def __init__(
        self,
        *,
        _token: _Token,
        problem: Claim,
        witness: Any,
        witness_data: Any,
        values: Mapping[str, Any],
        provenance: Mapping[str, Any],
        verdict: Verdict,
    ):
        if _token is not _TOKEN:
            raise TypeError("Certificates are made by conjectura.certify(), which runs the verifier.")
        self._problem = problem
        self.problem_name = problem.name
        self.params = dict(problem.params)
        self.claim = problem.claim
        self.witness = witness
        self.witness_data = witness_data
        self.values = dict(values)
        self.provenance = dict(provenance)
        self.verdict = verdict  # what the verifier said when the certificate was made or loaded

    def __repr__(self) -> str:
        return f"Certificate({self.problem_name!r}, witness={self.witness_data!r})"

    @property
    def problem(self) -> Claim:
        return self._problem

    def verify(self) -> Verdict:
        """Re-run the exact verifier on the witness."""
        return self._problem.verify(self.witness)

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "problem": {"name": self.problem_name, "params": self.params},
            "claim": self.claim,
            "witness": self.witness_data,
            "values": self.values,
            "provenance": self.provenance,
        }

    def to_json(self, *, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), indent=indent, sort_keys=False)

    def sha256(self) -> str:
        """Digest of the problem, claim and witness (not of provenance), to deduplicate."""
        core = json.dumps([self.problem_name, self.params, self.claim, self.witness_data], sort_keys=True)
        return hashlib.sha256(core.encode()).hexdigest()

    def save(self, path: str | Path) -> Path:
        path = Path(path)
        path.write_text(self.to_json() + "\n")
        return path

    @classmethod
    def load(
        cls,
        path: str | Path,
        *,
        max_bytes: int = MAX_CERTIFICATE_BYTES,
        max_witness: int = MAX_WITNESS_CHARS,
    ) -> Certificate:
        """Read a certificate file and re-verify it (see :meth:`from_json`).

        At most ``max_bytes + 1`` bytes are read, so an endless input (``/dev/zero``, a pipe)
        costs nothing; a larger file is refused before it is parsed.
        """
        path = Path(path)
        max_bytes = _limit(max_bytes, "max_bytes")
        shown = _cut(repr(str(path)))
        try:
            with path.open("rb") as fh:
                raw = fh.read(max_bytes + 1)
        except OSError as exc:
            raise CertificateFormatError(f"cannot read certificate {shown}: {exc.strerror or exc}") from exc
        if len(raw) > max_bytes:
            raise CertificateFormatError(
                f"certificate {shown} is larger than {max_bytes} bytes, the limit (raise it with "
                f"--max-bytes / max_bytes)."
            )
        return cls.from_json(raw, max_bytes=max_bytes, max_witness=max_witness)

    @classmethod
    def from_json(
        cls,
        text: str | bytes | Mapping[str, Any],
        *,
        max_bytes: int = MAX_CERTIFICATE_BYTES,
        max_witness: int = MAX_WITNESS_CHARS,
    ) -> Certificate:
        """Parse a certificate and re-verify it.

        The document must be UTF-8 JSON of at most ``max_bytes`` bytes, nested at most
        :data:`MAX_JSON_DEPTH` deep, with a witness whose JSON form has at most
        ``max_witness`` characters; these are checked before the problem is built or the
        verifier runs.

        Raises
        ------
        CertificateFormatError
            Not UTF-8 JSON, too large or too deep, an unknown format, a missing field, an
            unknown problem, a witness that does not decode.
        VerificationError
            The claim differs from the problem's, the parameters are not the witness's, the
            witness does not satisfy the claim, a recorded value differs from the recomputed
            one or an approximation from the verifier's. The message says which check failed.
        """
        from conjectura.core.registry import get_problem
        from conjectura.exceptions import InvalidParameterError, UnknownNameError

        max_bytes = _limit(max_bytes, "max_bytes")
        max_witness = _limit(max_witness, "max_witness")
        if isinstance(text, Mapping):
            data = dict(text)
        else:
            data = _parse(text, max_bytes)
        if not isinstance(data, dict):
            raise CertificateFormatError("certificate must be a JSON object.")
        fmt = data.get("format")
        if fmt != FORMAT:
            raise CertificateFormatError(
                f"unknown certificate format {fmt!r}; this version of conjectura reads {FORMAT!r}."
            )
        if _too_deep(data, MAX_JSON_DEPTH):
            raise CertificateFormatError(f"certificate is nested deeper than {MAX_JSON_DEPTH} levels.")
        missing = [k for k in _REQUIRED if k not in data]
        if missing:
            raise CertificateFormatError(f"certificate lacks the field(s) {', '.join(missing)}.")
        prob = data["problem"]
        if not isinstance(prob, dict) or not isinstance(prob.get("name"), str):
            raise CertificateFormatError("certificate field 'problem' must be {name, params}.")
        params = prob.get("params") or {}
        if not isinstance(params, dict):
            raise CertificateFormatError("certificate field 'problem.params' must be an object.")
        if not isinstance(data["values"], dict):
            raise CertificateFormatError("certificate field 'values' must be an object.")
        size = len(_dumps(data["witness"]))
        if size > max_witness:
            raise CertificateFormatError(
                f"the witness has {size} characters, over the limit of {max_witness} (raise it "
                f"with --max-witness / max_witness if its verification may take that long)."
            )
        if len(_dumps(params)) > _MAX_PARAMS_CHARS:
            raise CertificateFormatError(
                f"certificate field 'problem.params' is longer than {_MAX_PARAMS_CHARS} characters."
            )
        try:
            problem = get_problem(prob["name"], **params)
        except UnknownNameError as exc:
            raise CertificateFormatError(str(exc)) from exc
        except InvalidParameterError as exc:
            raise CertificateFormatError(f"bad problem parameters: {exc}") from exc
        if data["claim"] != problem.claim:
            raise VerificationError(
                f"the certificate's claim {_cut(repr(data['claim']))} is not the claim of "
                f"{problem.name}: {problem.claim!r}."
            )
        try:
            witness = problem.deserialize(data["witness"])
        except Exception as exc:  # any decoding failure is a format error, said in one line
            raise CertificateFormatError(
                f"witness {_cut(repr(data['witness']))} does not decode for {problem.name}: {_cut(str(exc))}"
            ) from exc
        _check_witness_params(problem, witness)
        verdict = problem.verify(witness)
        if not verdict.holds:
            raise VerificationError(f"the witness does not satisfy the claim: {verdict.reason}")
        recomputed = _jsonable(verdict.values)
        for key, val in data["values"].items():
            if key not in recomputed:
                raise VerificationError(f"recorded value {_cut(repr(key))} is not computed by the verifier.")
            if key.endswith("_approx"):
                _check_approx(key, val, recomputed[key])
            elif _jsonable(val) != recomputed[key]:
                raise VerificationError(
                    f"recorded value {key!r} = {_cut(repr(val))} differs from the recomputed "
                    f"{_cut(repr(recomputed[key]))}."
                )
        return cls(
            _token=_TOKEN,
            problem=problem,
            witness=witness,
            witness_data=problem.serialize(witness),
            values=recomputed,
            provenance=data["provenance"] if isinstance(data["provenance"], dict) else {},
            verdict=verdict,
        )


def _jsonable(value: Any) -> Any:
    return json.loads(json.dumps(value, sort_keys=True, default=str))


def _dumps(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=str)


def _cut(text: str, limit: int = _SHOWN) -> str:
    """``text`` cut to about ``limit`` characters, saying how much was left out."""
    if len(text) <= limit:
        return text
    return f"{text[: limit - 20]}... ({len(text) - limit + 20} more characters)"


def _limit(value: Any, name: str) -> int:
    from conjectura.core.validation import validate_int

    return validate_int(value, name, "Certificate.load", min_value=1)


def _parse(text: str | bytes, max_bytes: int) -> Any:
    """JSON of at most ``max_bytes`` UTF-8 bytes; every failure is one CertificateFormatError."""
    if isinstance(text, str):
        size = len(text.encode("utf-8", "surrogatepass"))
    elif isinstance(text, (bytes, bytearray)):
        size = len(text)
        try:
            text = bytes(text).decode("utf-8")
        except UnicodeDecodeError as exc:
            raise CertificateFormatError(
                f"certificate is not UTF-8 text (byte {exc.start} is {text[exc.start : exc.start + 1]!r})."
            ) from None
    else:
        raise CertificateFormatError(
            f"a certificate is JSON text or a mapping. Got {type(text).__name__} instead."
        )
    if size > max_bytes:
        raise CertificateFormatError(
            f"certificate is larger than {max_bytes} bytes, the limit (raise it with --max-bytes / max_bytes)."
        )
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise CertificateFormatError(f"certificate is not valid JSON: {exc}") from None
    except RecursionError:
        raise CertificateFormatError(f"certificate is nested deeper than {MAX_JSON_DEPTH} levels.") from None
    except ValueError as exc:  # e.g. an integer literal with too many digits
        raise CertificateFormatError(f"certificate is not valid JSON: {_cut(str(exc))}") from None


def _too_deep(data: Any, limit: int) -> bool:
    """Whether JSON ``data`` nests lists and objects more than ``limit`` deep (iteratively)."""
    stack = [(data, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict):
            children = node.values()
        elif isinstance(node, list):
            children = node
        else:
            continue
        if depth > limit:
            return True
        stack.extend((c, depth + 1) for c in children if isinstance(c, (dict, list)))
    return False


def _check_witness_params(problem: Claim, witness: Any) -> None:
    """The certificate's parameters must be the ones its witness implies (n = its order)."""
    implied = _witness_params(problem, witness)
    for key, value in implied.items():
        if key not in problem.params:
            continue
        given = _jsonable(problem.params.get(key))
        if given != value:
            raise VerificationError(
                f"the certificate's parameter {key} = {_cut(repr(given))} is not its witness's: "
                f"the witness has {key} = {value!r}."
            )


def _witness_params(problem: Claim, witness: Any) -> dict[str, Any]:
    fn = getattr(problem, "witness_params", None)
    return _jsonable(dict(fn(witness))) if fn is not None else {}


_DECIMALS = decimal.Context(
    prec=2 * _MAX_APPROX_DIGITS, Emax=decimal.MAX_EMAX, Emin=decimal.MIN_EMIN, traps=[]
)


def _decimal(value: Any) -> decimal.Decimal | None:
    """A finite decimal read from a number or a decimal string, else ``None``."""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return None
    text = str(value).strip()
    if len(text) > _MAX_APPROX_DIGITS + 20:
        return None
    try:
        d = decimal.Decimal(text)
    except decimal.InvalidOperation:
        return None
    return d if d.is_finite() and len(d.as_tuple().digits) <= _MAX_APPROX_DIGITS else None


def _check_approx(key: str, recorded: Any, computed: Any) -> None:
    """A recorded decimal approximation must be the exact value rounded at its printed
    precision: within half a unit of its last digit of the verifier's own correctly rounded
    approximation, widened by that one's half unit (``3.10`` and ``3.1013`` pass for
    3.10129553393, ``3.11`` does not)."""
    a, b = _decimal(recorded), _decimal(computed)
    if a is None or b is None:
        if _jsonable(recorded) != computed:
            raise VerificationError(
                f"recorded value {key!r} = {_cut(repr(recorded))} is not the verifier's {computed!r}."
            )
        return
    ulp = _DECIMALS.add(
        decimal.Decimal((0, (5,), a.as_tuple().exponent - 1)),
        decimal.Decimal((0, (5,), b.as_tuple().exponent - 1)),
    )
    diff = _DECIMALS.abs(_DECIMALS.subtract(a, b))
    if diff and _DECIMALS.compare(diff, ulp) >= 0:
        raise VerificationError(
            f"recorded value {key!r} = {_cut(repr(recorded))} is not the exact value at its printed "
            f"precision: the verifier computes {computed!r}."
        )


def certify(
    witness: Any,
    problem: Claim,
    *,
    claim: str | None = None,
    provenance: Mapping[str, Any] | None = None,
) -> Certificate:
    """Run the exact verifier of ``problem`` on ``witness`` and build a certificate.

    Parameters
    ----------
    witness : object
        The candidate, as the problem's objects (a ``networkx.Graph`` for graph problems).
    problem : Claim
        The problem, from :func:`conjectura.get_problem` or a user's own definition.
    claim : str, optional
        If given, must equal ``problem.claim``; a guard against certifying the wrong problem.
    provenance : mapping, optional
        Seed, engine and parameters; package versions, git revision and time are added.

    Returns
    -------
    Certificate

    Raises
    ------
    VerificationError
        If the verifier rejects the witness; nothing is built.
    """
    if claim is not None and claim != problem.claim:
        raise VerificationError(f"claim {claim!r} is not the claim of {problem.name}: {problem.claim!r}.")
    problem = _for_witness(problem, witness)
    verdict = problem.verify(witness)
    if not verdict.holds:
        raise VerificationError(f"{problem.name}: the witness does not satisfy the claim: {verdict.reason}")
    prov = default_provenance()
    prov.update(provenance or {})
    return Certificate(
        _token=_TOKEN,
        problem=problem,
        witness=witness,
        witness_data=problem.serialize(witness),
        values=_jsonable(verdict.values),
        provenance=_jsonable(prov),
        verdict=verdict,
    )


def _for_witness(problem: Claim, witness: Any) -> Claim:
    """``problem`` with the parameters its witness implies (a graph found by a search on 19
    vertices and shrunk to 18 is certified with n = 18), rebuilt through the registry so that
    the certificate names the problem its witness belongs to."""
    implied = {k: v for k, v in _witness_params(problem, witness).items() if k in problem.params}
    if not problem.name or all(_jsonable(problem.params.get(k)) == v for k, v in implied.items()):
        return problem  # an unregistered problem cannot be rebuilt (nor read back from a file)
    from conjectura.core.registry import get_problem
    from conjectura.exceptions import InvalidParameterError, UnknownNameError

    try:
        return get_problem(problem.name, **{**problem.params, **implied})
    except (InvalidParameterError, UnknownNameError) as exc:
        raise VerificationError(
            f"{problem.name}: the witness has {implied}, which the problem does not accept: {exc}"
        ) from None


def default_provenance() -> dict[str, Any]:
    """Package versions, git revision (when run from a checkout) and UTC time."""
    import platform
    import sys
    from importlib import metadata

    versions = {"python": platform.python_version()}
    for pkg in ("conjectura", "numpy", "networkx", "python-flint", "torch"):
        if pkg == "torch" and "torch" not in sys.modules:
            continue
        with contextlib.suppress(metadata.PackageNotFoundError):
            versions[pkg] = metadata.version(pkg)
    return {
        "versions": versions,
        "git": git_revision(),
        "time": _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds"),
    }


def git_revision() -> str | None:
    """The git revision of the conjectura checkout, or ``None`` when not run from one."""
    import subprocess

    here = Path(__file__).resolve().parent
    try:
        out = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=here, capture_output=True, text=True, timeout=5
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() or None if out.returncode == 0 else None
