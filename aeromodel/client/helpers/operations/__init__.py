"""Operation builders for ``operate()`` (``aerospike_helpers.operations``)."""

from . import bitwise_operations, operations
from .operations import append, delete, increment, prepend, read, touch, write

__all__ = [
    "append", "bitwise_operations", "delete", "increment", "operations", "prepend", "read",
    "touch", "write",
]
