"""The Client's map convenience methods (3.x manual: ``map_set_policy`` ... ``map_get_by_rank_range``).

Each is one ``operate()`` call with the matching ``map_operations`` helper: writes answer 0 (as the
3.x client did), reads and removes answer the operation's result for the bin.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .helpers.operations import map_operations as mo


class MapMethodsMixin:
    """Map convenience methods; mixed into Client, which provides ``operate``."""

    if TYPE_CHECKING:

        def operate(self, key: Any, list: Any, meta: Any = None, policy: Any = None) -> Any: ...

    def _map_write(self, key: Any, op: dict[str, Any], meta: Any, policy: Any) -> int:
        self.operate(key, [op], meta, policy)
        return 0

    def _map_read(self, key: Any, op: dict[str, Any], meta: Any, policy: Any) -> Any:
        return self.operate(key, [op], meta, policy)[2].get(op["bin"])

    def map_set_policy(self, key: Any, bin: str, map_policy: Any) -> int:
        """Set the map's order (its policy's ``map_order``). Returns 0."""
        return self._map_write(key, mo.map_set_policy(bin, map_policy), None, None)

    def map_put(
        self,
        key: Any,
        bin: str,
        map_key: Any,
        val: Any,
        map_policy: Any = None,
        meta: Any = None,
        policy: Any = None,
    ) -> int:
        """Put one entry. Returns 0."""
        return self._map_write(key, mo.map_put(bin, map_key, val, map_policy), meta, policy)

    def map_put_items(
        self,
        key: Any,
        bin: str,
        items: Any,
        map_policy: Any = None,
        meta: Any = None,
        policy: Any = None,
    ) -> int:
        """Put the entries of a dict. Returns 0."""
        return self._map_write(key, mo.map_put_items(bin, items, map_policy), meta, policy)

    def map_increment(
        self,
        key: Any,
        bin: str,
        map_key: Any,
        incr: Any,
        map_policy: Any = None,
        meta: Any = None,
        policy: Any = None,
    ) -> int:
        """Add to an entry's number (creating it). Returns 0."""
        return self._map_write(key, mo.map_increment(bin, map_key, incr, map_policy), meta, policy)

    def map_decrement(
        self,
        key: Any,
        bin: str,
        map_key: Any,
        decr: Any,
        map_policy: Any = None,
        meta: Any = None,
        policy: Any = None,
    ) -> int:
        """Subtract from an entry's number (creating it). Returns 0."""
        return self._map_write(key, mo.map_decrement(bin, map_key, decr, map_policy), meta, policy)

    def map_size(self, key: Any, bin: str, meta: Any = None, policy: Any = None) -> Any:
        """The number of entries."""
        return self._map_read(key, mo.map_size(bin), meta, policy)

    def map_clear(self, key: Any, bin: str, meta: Any = None, policy: Any = None) -> int:
        """Remove every entry. Returns 0."""
        return self._map_write(key, mo.map_clear(bin), meta, policy)

    def map_remove_by_key(
        self,
        key: Any,
        bin: str,
        map_key: Any,
        return_type: int,
        meta: Any = None,
        policy: Any = None,
    ) -> Any:
        return self._map_read(key, mo.map_remove_by_key(bin, map_key, return_type), meta, policy)

    def map_remove_by_key_list(
        self,
        key: Any,
        bin: str,
        list: Any,
        return_type: int,
        meta: Any = None,
        policy: Any = None,
    ) -> Any:
        op = mo.map_remove_by_key_list(bin, list, return_type)
        return self._map_read(key, op, meta, policy)

    def map_remove_by_key_range(
        self,
        key: Any,
        bin: str,
        map_key: Any,
        range: Any,
        return_type: int,
        meta: Any = None,
        policy: Any = None,
    ) -> Any:
        op = mo.map_remove_by_key_range(bin, map_key, range, return_type)
        return self._map_read(key, op, meta, policy)

    def map_remove_by_value(
        self,
        key: Any,
        bin: str,
        val: Any,
        return_type: int,
        meta: Any = None,
        policy: Any = None,
    ) -> Any:
        return self._map_read(key, mo.map_remove_by_value(bin, val, return_type), meta, policy)

    def map_remove_by_value_list(
        self,
        key: Any,
        bin: str,
        list: Any,
        return_type: int,
        meta: Any = None,
        policy: Any = None,
    ) -> Any:
        op = mo.map_remove_by_value_list(bin, list, return_type)
        return self._map_read(key, op, meta, policy)

    def map_remove_by_value_range(
        self,
        key: Any,
        bin: str,
        val: Any,
        range: Any,
        return_type: int,
        meta: Any = None,
        policy: Any = None,
    ) -> Any:
        op = mo.map_remove_by_value_range(bin, val, range, return_type)
        return self._map_read(key, op, meta, policy)

    def map_remove_by_index(
        self,
        key: Any,
        bin: str,
        index: int,
        return_type: int,
        meta: Any = None,
        policy: Any = None,
    ) -> Any:
        return self._map_read(key, mo.map_remove_by_index(bin, index, return_type), meta, policy)

    def map_remove_by_index_range(
        self,
        key: Any,
        bin: str,
        index: int,
        range: int,
        return_type: int,
        meta: Any = None,
        policy: Any = None,
    ) -> Any:
        op = mo.map_remove_by_index_range(bin, index, range, return_type)
        return self._map_read(key, op, meta, policy)

    def map_remove_by_rank(
        self,
        key: Any,
        bin: str,
        rank: int,
        return_type: int,
        meta: Any = None,
        policy: Any = None,
    ) -> Any:
        return self._map_read(key, mo.map_remove_by_rank(bin, rank, return_type), meta, policy)

    def map_remove_by_rank_range(
        self,
        key: Any,
        bin: str,
        rank: int,
        range: int,
        return_type: int,
        meta: Any = None,
        policy: Any = None,
    ) -> Any:
        op = mo.map_remove_by_rank_range(bin, rank, range, return_type)
        return self._map_read(key, op, meta, policy)

    def map_get_by_key(
        self,
        key: Any,
        bin: str,
        map_key: Any,
        return_type: int,
        meta: Any = None,
        policy: Any = None,
    ) -> Any:
        return self._map_read(key, mo.map_get_by_key(bin, map_key, return_type), meta, policy)

    def map_get_by_key_range(
        self,
        key: Any,
        bin: str,
        map_key: Any,
        range: Any,
        return_type: int,
        meta: Any = None,
        policy: Any = None,
    ) -> Any:
        op = mo.map_get_by_key_range(bin, map_key, range, return_type)
        return self._map_read(key, op, meta, policy)

    def map_get_by_key_list(
        self,
        key: Any,
        bin: str,
        key_list: Any,
        return_type: int,
        meta: Any = None,
        policy: Any = None,
    ) -> Any:
        op = mo.map_get_by_key_list(bin, key_list, return_type)
        return self._map_read(key, op, meta, policy)

    def map_get_by_value(
        self,
        key: Any,
        bin: str,
        val: Any,
        return_type: int,
        meta: Any = None,
        policy: Any = None,
    ) -> Any:
        return self._map_read(key, mo.map_get_by_value(bin, val, return_type), meta, policy)

    def map_get_by_value_range(
        self,
        key: Any,
        bin: str,
        val: Any,
        range: Any,
        return_type: int,
        meta: Any = None,
        policy: Any = None,
    ) -> Any:
        op = mo.map_get_by_value_range(bin, val, range, return_type)
        return self._map_read(key, op, meta, policy)

    def map_get_by_value_list(
        self,
        key: Any,
        bin: str,
        value_list: Any,
        return_type: int,
        meta: Any = None,
        policy: Any = None,
    ) -> Any:
        op = mo.map_get_by_value_list(bin, value_list, return_type)
        return self._map_read(key, op, meta, policy)

    def map_get_by_index(
        self,
        key: Any,
        bin: str,
        index: int,
        return_type: int,
        meta: Any = None,
        policy: Any = None,
    ) -> Any:
        return self._map_read(key, mo.map_get_by_index(bin, index, return_type), meta, policy)

    def map_get_by_index_range(
        self,
        key: Any,
        bin: str,
        index: int,
        range: int,
        return_type: int,
        meta: Any = None,
        policy: Any = None,
    ) -> Any:
        op = mo.map_get_by_index_range(bin, index, range, return_type)
        return self._map_read(key, op, meta, policy)

    def map_get_by_rank(
        self,
        key: Any,
        bin: str,
        rank: int,
        return_type: int,
        meta: Any = None,
        policy: Any = None,
    ) -> Any:
        return self._map_read(key, mo.map_get_by_rank(bin, rank, return_type), meta, policy)

    def map_get_by_rank_range(
        self,
        key: Any,
        bin: str,
        rank: int,
        range: int,
        return_type: int,
        meta: Any = None,
        policy: Any = None,
    ) -> Any:
        op = mo.map_get_by_rank_range(bin, rank, range, return_type)
        return self._map_read(key, op, meta, policy)
