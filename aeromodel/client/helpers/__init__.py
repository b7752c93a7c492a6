"""The ``aerospike_helpers`` side of the API: operations, batch records, CDT contexts and expressions."""

from ..values import HyperLogLog
from . import batch, cdt_ctx, expressions, operations

__all__ = ["HyperLogLog", "batch", "cdt_ctx", "expressions", "operations"]
