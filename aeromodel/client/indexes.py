"""The documented secondary-index methods of ``Client``: each builds the info request the
official client sends (``commands.indexes``), sends it through the transport's info path, and
then polls ``sindex-stat`` until the index is built, as the official client does."""

from __future__ import annotations

import time
import warnings
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from . import constants as C
from . import exception
from .commands import indexes as build

if TYPE_CHECKING:
    from .policies import PolicySet

_POLL_SECONDS = 0.1


class IndexMethodsMixin:
    """Index creation and removal; mixed into Client, which provides ``_info_text``."""

    _policies: PolicySet

    if TYPE_CHECKING:

        def _info_text(self, command: str, node: str | None = None) -> dict[str, str]: ...

    def _create(self, request: str, ns: str, name: str, policy: Mapping[str, Any] | None) -> int:
        self._policies.resolve("info", policy)
        self._info_text(request)
        stat = build.stat(ns, name)
        while True:  # an embedded engine builds at once; a cluster node reports its progress
            answers = self._info_text(stat)
            if all("load_pct=100" in text for text in answers.values()):
                return 0
            time.sleep(_POLL_SECONDS)

    def _deprecated(self, old: str) -> None:
        warnings.warn(
            f"{old}() is deprecated. Please use index_single_value_create() instead",
            DeprecationWarning,
            stacklevel=3,
        )

    def _policy(self, policy: Any) -> Mapping[str, Any] | None:
        if policy is not None and not isinstance(policy, Mapping):
            raise exception.error(exception.ParamError, "policy must be a dict")
        return policy

    def _single(
        self, ns: Any, set: Any, bin: Any, datatype: int, name: Any, policy: Any, old: str
    ) -> int:
        self._deprecated(old)
        policy = self._policy(policy)
        request = build.create(ns, set, bin, C.INDEX_TYPE_DEFAULT, datatype, name)
        return self._create(request, ns, name, policy)

    def index_integer_create(
        self, ns: str, set: str | None, bin: str, name: str, policy: Mapping[str, Any] | None = None
    ) -> int:
        """Create a numeric index on a bin (deprecated: index_single_value_create).
        Raises ParamError for bad arguments, IndexFoundError when the name has another index."""
        return self._single(ns, set, bin, C.INDEX_NUMERIC, name, policy, "index_integer_create")

    def index_string_create(
        self, ns: str, set: str | None, bin: str, name: str, policy: Mapping[str, Any] | None = None
    ) -> int:
        """Create a string index on a bin (deprecated: index_single_value_create)."""
        return self._single(ns, set, bin, C.INDEX_STRING, name, policy, "index_string_create")

    def index_blob_create(
        self, ns: str, set: str | None, bin: str, name: str, policy: Mapping[str, Any] | None = None
    ) -> int:
        """Create a blob (bytes) index on a bin (deprecated: index_single_value_create)."""
        return self._single(ns, set, bin, C.INDEX_BLOB, name, policy, "index_blob_create")

    def index_geo2dsphere_create(
        self, ns: str, set: str | None, bin: str, name: str, policy: Mapping[str, Any] | None = None
    ) -> int:
        """Create a geo2dsphere index on a GeoJSON bin (deprecated: index_single_value_create)."""
        return self._single(
            ns, set, bin, C.INDEX_GEO2DSPHERE, name, policy, "index_geo2dsphere_create"
        )

    def _collection(
        self, ns: Any, set: Any, bin: Any, index_type: int, datatype: Any, name: Any,
        policy: Any, ctx: Any,
    ) -> int:
        policy = self._policy(policy)
        request = build.create(ns, set, bin, index_type, datatype, name, ctx)
        return self._create(request, ns, name, policy)

    def index_single_value_create(
        self, ns: str, set: str | None, bin: str, index_datatype: int, name: str,
        policy: Mapping[str, Any] | None = None, ctx: list[Any] | None = None,
    ) -> int:
        """Create an index on a bin's value (or the element ``ctx`` selects).
        Raises ParamError for bad arguments, IndexFoundError when the name has another index."""
        return self._collection(
            ns, set, bin, C.INDEX_TYPE_DEFAULT, index_datatype, name, policy, ctx
        )

    def index_list_create(
        self, ns: str, set: str | None, bin: str, index_datatype: int, name: str,
        policy: Mapping[str, Any] | None = None, ctx: list[Any] | None = None,
    ) -> int:
        """Create an index on the elements of a list bin (or of the list ``ctx`` selects)."""
        return self._collection(ns, set, bin, C.INDEX_TYPE_LIST, index_datatype, name, policy, ctx)

    def index_map_keys_create(
        self, ns: str, set: str | None, bin: str, index_datatype: int, name: str,
        policy: Mapping[str, Any] | None = None, ctx: list[Any] | None = None,
    ) -> int:
        """Create an index on the keys of a map bin (or of the map ``ctx`` selects)."""
        return self._collection(
            ns, set, bin, C.INDEX_TYPE_MAPKEYS, index_datatype, name, policy, ctx
        )

    def index_map_values_create(
        self, ns: str, set: str | None, bin: str, index_datatype: int, name: str,
        policy: Mapping[str, Any] | None = None, ctx: list[Any] | None = None,
    ) -> int:
        """Create an index on the values of a map bin (or of the map ``ctx`` selects)."""
        return self._collection(
            ns, set, bin, C.INDEX_TYPE_MAPVALUES, index_datatype, name, policy, ctx
        )

    def index_cdt_create(
        self, ns: str, set: str | None, bin: str, index_type: int, index_datatype: int,
        name: str, ctx: list[Any], policy: Mapping[str, Any] | None = None,
    ) -> int:
        """Create an index on the element a CDT context selects inside a bin.
        Raises ParamError when ctx is None or not a list of cdt_ctx entries."""
        if ctx is None:
            raise exception.error(exception.ParamError, "ctx cannot be None")
        return self._collection(ns, set, bin, index_type, index_datatype, name, policy, ctx)

    def index_expr_create(
        self, ns: str, set: str | None, index_type: int, index_datatype: int,
        expressions: Any, name: str, policy: Mapping[str, Any] | None = None,
    ) -> int:
        """Create an index on the value a compiled expression computes for each record."""
        policy = self._policy(policy)
        request = build.create_expression(ns, set, index_type, index_datatype, expressions, name)
        return self._create(request, ns, name, policy)

    def index_remove(self, ns: str, name: str, policy: Mapping[str, Any] | None = None) -> int:
        """Remove an index (an unknown name is fine). Raises ParamError for bad arguments."""
        policy = self._policy(policy)
        request = build.remove(ns, name)
        self._policies.resolve("info", policy)
        self._info_text(request)
        return 0
