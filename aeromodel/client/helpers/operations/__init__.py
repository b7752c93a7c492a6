"""Operation builders for ``operate()`` (``aerospike_helpers.operations``)."""

from . import (
    bitwise_operations,
    expression_operations,
    hll_operations,
    list_operations,
    map_operations,
    operations,
)
from .operations import append, delete, increment, prepend, read, touch, write

__all__ = [
    "append", "bitwise_operations", "delete", "expression_operations", "hll_operations",
    "increment", "list_operations", "map_operations", "operations",
    "prepend", "read", "touch", "write",
]
