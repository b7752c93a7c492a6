"""The model layer's errors: one root, ``ModelError``, and each error also an instance of the
client exception it comes from (``except exception.RecordNotFound`` still catches a ``DoesNotExist``).
"""

from __future__ import annotations

from typing import Any

from .client import exception
from .dialect import AEROMODEL, Dialect


class ModelError(Exception):
    """Root of every error the model layer raises."""


class ModelDefinitionError(ModelError, TypeError):
    """A model class is wrong (bin name too long, two fields on one bin, no codec for a type...).
    Raised when the class is defined, never at the first write."""


class ValidationError(ModelError, ValueError):
    """Stored data does not validate against the model (a record written by someone else), or a
    value cannot be stored. Construction and assignment raise pydantic's own ``ValidationError``."""


class NotConnectedError(ModelError, exception.ClientError):
    """No client: call ``aeromodel.connect(...)`` first (or for the model's connection name)."""

    code = -1


class DoesNotExist(ModelError, exception.RecordNotFound):
    """The record does not exist. Every model has its own subclass, ``User.DoesNotExist``."""


class ConflictError(ModelError, exception.RecordGenerationError):
    """The record changed since it was loaded (its generation moved): nothing was written."""


class AlreadyExistsError(ModelError, exception.RecordExistsError):
    """``insert()`` of a record that already exists: nothing was written."""


class BulkError(ModelError, exception.BatchFailed):
    """Some records of a bulk save or delete failed; ``errors`` maps each failed instance's index
    in the call to its error (the others were written)."""

    code = -16

    def __init__(self, msg: str, errors: dict[int, Exception]) -> None:
        super().__init__(self.code, msg)
        self.errors = errors


class QueryError(ModelError, exception.ClientError):
    """A query cannot be built or run as asked."""

    code = -2


class MissingIndexError(QueryError):
    """A query needs a secondary index the cluster does not have and scans are not allowed."""


def _record_error(cls: type[exception.RecordError], msg: str, key: Any, cause: Any,
                  dialect: Dialect) -> Exception:
    err = dialect.model_error(cls)(getattr(cause, "code", None) or cls.code, msg, key=key)
    err.in_doubt = bool(getattr(cause, "in_doubt", False))
    return err


def translate(error: Exception, model: Any, key: Any, dialect: Dialect = AEROMODEL) -> Exception:
    """The model error for a client error (matched by result code, so that the exceptions of any
    client implementing the documented API translate), or the error itself. The model error is
    also the client exception of ``dialect``'s package (the connection's)."""
    code = getattr(error, "code", None)
    if code == 2:
        dne: type[exception.RecordError] = model.DoesNotExist
        return _record_error(dne, f"{model.__name__} {key!r} does not exist", key, error, dialect)
    if code == 3:
        return _record_error(
            ConflictError, f"{model.__name__} {key!r} changed since it was loaded", key, error,
            dialect,
        )
    if code == 5:
        return _record_error(
            AlreadyExistsError, f"{model.__name__} {key!r} already exists", key, error, dialect
        )
    return error


class DeployError(ModelError):
    """Deploy tooling (index sync, migrations) could not do what it was asked."""


class IndexSyncError(DeployError):
    """Index sync found a conflict (an index of the same name with another definition), or an
    index did not finish building in time. ``plan`` is the plan it worked from."""

    def __init__(self, msg: str, plan: Any = None) -> None:
        super().__init__(msg)
        self.plan = plan


class MigrationError(DeployError):
    """A migration could not be planned or applied (missing dependency, changed file, a failure
    half-way, a lock held by another run); the message says what was done and how to go on."""
