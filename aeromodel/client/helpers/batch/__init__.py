"""Batch record classes for ``batch_write()`` and the batch results (``aerospike_helpers.batch``)."""

from . import records

__all__ = ["records"]
