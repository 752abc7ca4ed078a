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
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import hashlib
import json
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from conjectura.core.verdict import Verdict  # re-exported: `from conjectura.core.certificate import Verdict`
from conjectura.exceptions import CertificateFormatError, VerificationError

if TYPE_CHECKING:  # pragma: no cover
    from conjectura.core.problem import Claim

__all__ = ["FORMAT", "Verdict", "Certificate", "certify"]

FORMAT = "conjectura-certificate/1"
_REQUIRED = ("format", "problem", "claim", "witness", "values", "provenance")


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
    def load(cls, path: str | Path) -> Certificate:
        path = Path(path)
        try:
            text = path.read_text()
        except OSError as exc:
            raise CertificateFormatError(f"cannot read certificate {str(path)!r}: {exc.strerror}") from exc
        return cls.from_json(text)

    @classmethod
    def from_json(cls, text: str | bytes | Mapping[str, Any]) -> Certificate:
        """Parse a certificate and re-verify it.

        Raises
        ------
        CertificateFormatError
            Not JSON, an unknown format, a missing field, an unknown problem, a witness that
            does not decode.
        VerificationError
            The claim differs from the problem's, the witness does not satisfy it, or a recorded
            value differs from the recomputed one. The message says which check failed.
        """
        from conjectura.core.registry import get_problem
        from conjectura.exceptions import InvalidParameterError, UnknownNameError

        if isinstance(text, Mapping):
            data = dict(text)
        else:
            try:
                data = json.loads(text)
            except (json.JSONDecodeError, UnicodeDecodeError) as exc:
                raise CertificateFormatError(f"certificate is not valid JSON: {exc}") from exc
        if not isinstance(data, dict):
            raise CertificateFormatError("certificate must be a JSON object.")
        fmt = data.get("format")
        if fmt != FORMAT:
            raise CertificateFormatError(
                f"unknown certificate format {fmt!r}; this version of conjectura reads {FORMAT!r}."
            )
        missing = [k for k in _REQUIRED if k not in data]
        if missing:
            raise CertificateFormatError(f"certificate lacks the field(s) {', '.join(missing)}.")
        prob = data["problem"]
        if not isinstance(prob, dict) or not isinstance(prob.get("name"), str):
            raise CertificateFormatError("certificate field 'problem' must be {name, params}.")
        params = prob.get("params") or {}
        if not isinstance(params, dict):
            raise CertificateFormatError("certificate field 'problem.params' must be an object.")
        try:
            problem = get_problem(prob["name"], **params)
        except UnknownNameError as exc:
            raise CertificateFormatError(str(exc)) from exc
        except InvalidParameterError as exc:
            raise CertificateFormatError(f"bad problem parameters: {exc}") from exc
        if data["claim"] != problem.claim:
            raise VerificationError(
                f"the certificate's claim {data['claim']!r} is not the claim of "
                f"{problem.name}: {problem.claim!r}."
            )
        try:
            witness = problem.deserialize(data["witness"])
        except Exception as exc:  # any decoding failure is a format error, said in one line
            raise CertificateFormatError(
                f"witness {data['witness']!r} does not decode for {problem.name}: {exc}"
            ) from exc
        verdict = problem.verify(witness)
        if not verdict.holds:
            raise VerificationError(f"the witness does not satisfy the claim: {verdict.reason}")
        recorded = data["values"]
        if not isinstance(recorded, dict):
            raise CertificateFormatError("certificate field 'values' must be an object.")
        recomputed = _jsonable(verdict.values)
        for key, val in recorded.items():
            if key.endswith("_approx"):  # decimal approximations are informative only
                continue
            if key not in recomputed:
                raise VerificationError(f"recorded value {key!r} is not computed by the verifier.")
            if _jsonable(val) != recomputed[key]:
                raise VerificationError(
                    f"recorded value {key!r} = {val!r} differs from the recomputed {recomputed[key]!r}."
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
