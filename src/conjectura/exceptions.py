"""The exception tree of conjectura.

Every error that conjectura raises on purpose derives from :class:`ConjecturaError`, so a
script can catch one class. The subclasses also derive from the matching built-in exception
(``ValueError``, ``ImportError``, ...), so code written against the standard library keeps
working.
"""

from __future__ import annotations

__all__ = [
    "ConjecturaError",
    "InvalidParameterError",
    "MissingDependencyError",
    "VerificationError",
    "CertificateFormatError",
    "NotFittedError",
    "StoreError",
    "UnknownNameError",
    "RegistrationError",
    "Terminated",
]


class ConjecturaError(Exception):
    """Base class of every error raised by conjectura."""


class InvalidParameterError(ConjecturaError, ValueError):
    """A parameter is outside its documented range or of the wrong type.

    Messages follow scikit-learn: ``The 'n' parameter of wagner_2_1 must be an int >= 3.
    Got 2 instead.``
    """


class UnknownNameError(InvalidParameterError, KeyError):
    """A name that is not registered (task, problem, engine, learner, baseline, ...) or a run
    that does not exist; the message suggests close names."""

    def __str__(self) -> str:  # KeyError would otherwise quote the message
        return str(self.args[0]) if self.args else ""


class MissingDependencyError(ConjecturaError, ImportError):
    """An optional dependency is not installed; the message names the install command."""


class VerificationError(ConjecturaError):
    """An exact verifier rejected a witness, or a certificate does not check."""


class CertificateFormatError(VerificationError, ValueError):
    """A certificate file is malformed: not JSON, unknown format, missing fields, bad witness."""


class NotFittedError(ConjecturaError, AttributeError):
    """An estimator was used before ``fit``."""


class StoreError(ConjecturaError):
    """The run store cannot be opened, read or written."""


class RegistrationError(ConjecturaError, ValueError):
    """A plug-in breaks the registry's contract.

    A name registered twice, a factory that returns the wrong kind of object or sets another
    name than the one it is registered under, a serializer that does not round-trip. The
    message names the plug-in and the fix.
    """


class Terminated(KeyboardInterrupt):
    """The process received SIGTERM. An interrupt like Ctrl-C (everything written is kept and
    the run is marked ``interrupted``), reported as "terminated" with exit code 143."""
