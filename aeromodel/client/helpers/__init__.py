"""The ``aerospike_helpers`` side of the API: operations, batch records, and (later) expressions."""

from . import batch, operations

__all__ = ["batch", "operations"]
