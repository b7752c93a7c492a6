"""Operation builders for ``operate()`` (``aerospike_helpers.operations``)."""

from . import operations
from .operations import append, delete, increment, prepend, read, touch, write

__all__ = ["append", "delete", "increment", "operations", "prepend", "read", "touch", "write"]
