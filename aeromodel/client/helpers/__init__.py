"""The ``aerospike_helpers`` side of the API: operations, batch records, and (later) expressions."""

from ..values import HyperLogLog
from . import batch, cdt_ctx, operations

__all__ = ["HyperLogLog", "batch", "cdt_ctx", "operations"]
