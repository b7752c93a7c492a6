"""The Client's list and map convenience methods (3.x manual: ``list_append`` ... ``list_size``,
``map_set_policy`` ... ``map_get_by_rank_range``).

Each is one ``operate()`` call with the matching operation: list methods answer the operation's
answer for the bin (None when it answers nothing); map writes answer 0 (as the 3.x client did),
map reads and removes answer the operation's result for the bin.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import constants as C
from .helpers.operations import map_operations as mo

if TYPE_CHECKING:
    from .codec import Codec
    from .command import Result


class ListMethodsMixin:
    """List convenience methods; mixed into Client, which provides ``_operate`` and ``_codec``."""

    _codec: Codec

    if TYPE_CHECKING:

        def _operate(
            self, key: Any, operations: Any, meta: Any, policy: Any
        ) -> tuple[Any, Result]: ...

    def _list_op(self, key: Any, op: dict[str, Any], meta: Any, policy: Any) -> Any:
        """Run one list operation; its answer for the bin (None when it answers nothing)."""
        _, res = self._operate(key, [op], meta, policy)
        for _name, v in res[4] or ():
            return self._codec.from_wire(v)
        return None

    def list_append(
        self, key: Any, bin: str, val: Any, meta: Any = None, policy: Any = None
    ) -> None:
        """Append ``val`` to the list in ``bin``."""
        self._list_op(key, {"op": C.OP_LIST_APPEND, "bin": bin, "val": val}, meta, policy)

    def list_extend(
        self, key: Any, bin: str, items: Any, meta: Any = None, policy: Any = None
    ) -> None:
        """Append the ``items`` to the list in ``bin``."""
        self._list_op(key, {"op": C.OP_LIST_APPEND_ITEMS, "bin": bin, "val": items}, meta, policy)

    def list_insert(
        self, key: Any, bin: str, index: int, val: Any, meta: Any = None, policy: Any = None
    ) -> None:
        """Insert ``val`` at ``index`` of the list in ``bin``."""
        op = {"op": C.OP_LIST_INSERT, "bin": bin, "index": index, "val": val}
        self._list_op(key, op, meta, policy)

    def list_insert_items(
        self, key: Any, bin: str, index: int, items: Any, meta: Any = None, policy: Any = None
    ) -> None:
        """Insert the ``items`` at ``index`` of the list in ``bin``."""
        op = {"op": C.OP_LIST_INSERT_ITEMS, "bin": bin, "index": index, "val": items}
        self._list_op(key, op, meta, policy)

    def list_pop(
        self, key: Any, bin: str, index: int, meta: Any = None, policy: Any = None
    ) -> Any:
        """Remove and return the element at ``index``."""
        return self._list_op(key, {"op": C.OP_LIST_POP, "bin": bin, "index": index}, meta, policy)

    def list_pop_range(
        self, key: Any, bin: str, index: int, count: int, meta: Any = None, policy: Any = None
    ) -> Any:
        """Remove and return ``count`` elements from ``index``."""
        op = {"op": C.OP_LIST_POP_RANGE, "bin": bin, "index": index, "val": count}
        return self._list_op(key, op, meta, policy)

    def list_remove(
        self, key: Any, bin: str, index: int, meta: Any = None, policy: Any = None
    ) -> None:
        """Remove the element at ``index``."""
        self._list_op(key, {"op": C.OP_LIST_REMOVE, "bin": bin, "index": index}, meta, policy)

    def list_remove_range(
        self, key: Any, bin: str, index: int, count: int, meta: Any = None, policy: Any = None
    ) -> None:
        """Remove ``count`` elements from ``index``."""
        op = {"op": C.OP_LIST_REMOVE_RANGE, "bin": bin, "index": index, "val": count}
        self._list_op(key, op, meta, policy)

    def list_clear(self, key: Any, bin: str, meta: Any = None, policy: Any = None) -> None:
        """Remove every element of the list in ``bin``."""
        self._list_op(key, {"op": C.OP_LIST_CLEAR, "bin": bin}, meta, policy)

    def list_set(
        self, key: Any, bin: str, index: int, val: Any, meta: Any = None, policy: Any = None
    ) -> None:
        """Set the element at ``index`` to ``val``."""
        op = {"op": C.OP_LIST_SET, "bin": bin, "index": index, "val": val}
        self._list_op(key, op, meta, policy)

    def list_get(
        self, key: Any, bin: str, index: int, meta: Any = None, policy: Any = None
    ) -> Any:
        """The element at ``index``."""
        return self._list_op(key, {"op": C.OP_LIST_GET, "bin": bin, "index": index}, meta, policy)

    def list_get_range(
        self, key: Any, bin: str, index: int, count: int, meta: Any = None, policy: Any = None
    ) -> Any:
        """``count`` elements from ``index``."""
        op = {"op": C.OP_LIST_GET_RANGE, "bin": bin, "index": index, "val": count}
        return self._list_op(key, op, meta, policy)

    def list_trim(
        self, key: Any, bin: str, index: int, count: int, meta: Any = None, policy: Any = None
    ) -> Any:
        """Keep only ``count`` elements from ``index``; returns how many were removed."""
        op = {"op": C.OP_LIST_TRIM, "bin": bin, "index": index, "val": count}
        return self._list_op(key, op, meta, policy)

    def list_size(self, key: Any, bin: str, meta: Any = None, policy: Any = None) -> Any:
        """The number of elements of the list in ``bin``."""
        return self._list_op(key, {"op": C.OP_LIST_SIZE, "bin": bin}, meta, policy)



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
