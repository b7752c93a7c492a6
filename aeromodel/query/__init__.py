"""The query builder: ``Model.query()`` (``query``), Django-style lookups (``lookups``), the pure
compiler from conditions to an index predicate plus a filter expression (``compile``), the
cluster's index list (``catalog``) and resumable page cursors (``cursor``)."""

from .compile import Plan, Predicate, compile_query
from .lookups import LOOKUPS, Lookup
from .query import Explanation, Page, Query

__all__ = ["LOOKUPS", "Explanation", "Lookup", "Page", "Plan", "Predicate", "Query", "compile_query"]
