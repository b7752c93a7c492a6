"""The order of multi-entry map answers, pinned to a real Aerospike CE 8.1.2.0 server's answers
(official client 19.3.0): the same operations on the map {"a": 5, "b": 2, "c": 3, "d": 4, "e": 5}
stored unordered (0), key-ordered (1) and key-value-ordered (3). Each row: (map order, operation,
its arguments, the server's answer)."""

from __future__ import annotations

from types import ModuleType
from typing import Any

import pytest
from _support import AnyClient

pytestmark = pytest.mark.transports

KEY = ("test", "maporder", "k")
ITEMS = {"a": 5, "b": 2, "c": 3, "d": 4, "e": 5}

# Recorded from the server (return types by number: 1 INDEX, 2 REVERSE_INDEX, 3 RANK,
# 4 REVERSE_RANK, 7 VALUE, 8 KEY_VALUE, 13 EXISTS).
SERVER: list[tuple[int, str, tuple[Any, ...], Any]] = [
    (0, "get_by_index_range", (1, 2, 2, False), [2, 3]),
    (0, "get_by_index_range", (1, 2, 2, True), [4, 0, 1]),
    (0, "get_by_index_range", (1, 2, 3, True), [3, 2, 4]),
    (0, "get_by_index_range", (1, 2, 13, True), False),
    (0, "get_by_index_range", (0, 10, 4, False), [0, 1, 2, 3, 4]),
    (0, "get_by_rank_range", (1, 3, 1, False), [2, 3, 0]),
    (0, "get_by_rank_range", (1, 3, 7, False), [3, 4, 5]),
    (0, "get_by_rank_range", (1, 2, 4, True), [4, 0, 1]),
    (0, "get_by_rank_range", (1, 2, 13, True), False),
    (0, "get_by_value_range", (4, 6, 2, False), [4, 1, 0]),
    (0, "get_by_value_range", (3, 5, 4, True), [4, 0, 1]),
    (0, "get_by_value_range", (3, 5, 13, True), False),
    (0, "get_by_key_range", ("b", "d", 2, True), [4, 0, 1]),
    (0, "get_by_key_range", ("b", "d", 4, False), [4, 3]),
    (0, "get_by_key_list", (["d", "a", "d"], 1, False), [0, 3]),
    (0, "get_by_key_list", (["d", "b"], 2, True), [4, 2, 0]),
    (0, "get_by_value_list", ([5, 2, 5], 3, False), [0, 3, 4]),
    (0, "get_by_value_list", ([4], 4, True), [3, 4, 0, 1]),
    (0, "remove_by_value_rank_range_relative", (3, 1, 4, 2, True), [3, 4, 0]),
    (0, "remove_by_key_index_range_relative", ("b", 1, 8, 2, True), ["a", 5, "b", 2, "e", 5]),
    (1, "get_by_index_range", (1, 2, 2, False), [2, 3]),
    (1, "get_by_index_range", (1, 2, 2, True), [4, 0, 1]),
    (1, "get_by_index_range", (1, 2, 3, True), [3, 2, 4]),
    (1, "get_by_index_range", (1, 2, 13, True), True),
    (1, "get_by_index_range", (0, 10, 4, False), [0, 1, 2, 3, 4]),
    (1, "get_by_rank_range", (1, 3, 1, False), [2, 3, 0]),
    (1, "get_by_rank_range", (1, 3, 7, False), [3, 4, 5]),
    (1, "get_by_rank_range", (1, 2, 4, True), [4, 0, 1]),
    (1, "get_by_rank_range", (1, 2, 13, True), False),
    (1, "get_by_value_range", (4, 6, 2, False), [4, 1, 0]),
    (1, "get_by_value_range", (3, 5, 4, True), [4, 0, 1]),
    (1, "get_by_value_range", (3, 5, 13, True), False),
    (1, "get_by_key_range", ("b", "d", 2, True), [4, 0, 1]),
    (1, "get_by_key_range", ("b", "d", 4, False), [4, 3]),
    (1, "get_by_key_list", (["d", "a", "d"], 1, False), [3, 0, 3]),
    (1, "get_by_key_list", (["d", "b"], 2, True), [4, 2, 0]),
    (1, "get_by_value_list", ([5, 2, 5], 3, False), [0, 3, 4]),
    (1, "get_by_value_list", ([4], 4, True), [3, 4, 0, 1]),
    (1, "remove_by_value_rank_range_relative", (3, 1, 4, 2, True), [3, 4, 0]),
    (1, "remove_by_key_index_range_relative", ("b", 1, 8, 2, True), ["a", 5, "b", 2, "e", 5]),
    (3, "get_by_index_range", (1, 2, 2, False), [2, 3]),
    (3, "get_by_index_range", (1, 2, 2, True), [4, 0, 1]),
    (3, "get_by_index_range", (1, 2, 3, True), [3, 2, 4]),
    (3, "get_by_index_range", (1, 2, 13, True), True),
    (3, "get_by_index_range", (0, 10, 4, False), [0, 1, 2, 3, 4]),
    (3, "get_by_rank_range", (1, 3, 1, False), [2, 3, 0]),
    (3, "get_by_rank_range", (1, 3, 7, False), [3, 4, 5]),
    (3, "get_by_rank_range", (1, 2, 4, True), [4, 0, 1]),
    (3, "get_by_rank_range", (1, 2, 13, True), False),
    (3, "get_by_value_range", (4, 6, 2, False), [4, 1, 0]),
    (3, "get_by_value_range", (3, 5, 4, True), [4, 0, 1]),
    (3, "get_by_value_range", (3, 5, 13, True), False),
    (3, "get_by_key_range", ("b", "d", 2, True), [4, 0, 1]),
    (3, "get_by_key_range", ("b", "d", 4, False), [4, 3]),
    (3, "get_by_key_list", (["d", "a", "d"], 1, False), [3, 0, 3]),
    (3, "get_by_key_list", (["d", "b"], 2, True), [4, 2, 0]),
    (3, "get_by_value_list", ([5, 2, 5], 3, False), [0, 3, 4]),
    (3, "get_by_value_list", ([4], 4, True), [3, 4, 0, 1]),
    (3, "remove_by_value_rank_range_relative", (3, 1, 4, 2, True), [3, 4, 0]),
    (3, "remove_by_key_index_range_relative", ("b", 1, 8, 2, True), ["a", 5, "b", 2, "e", 5]),
]


@pytest.mark.parametrize("order,name,args,expected", SERVER)
def test_answer_order_matches_the_server(
    client: AnyClient,
    map_operations: ModuleType,
    order: int,
    name: str,
    args: tuple[Any, ...],
    expected: Any,
) -> None:
    mo = map_operations
    client.put(KEY, {"x": 1})
    client.operate(
        KEY,
        [mo.map_set_policy("m", {"map_order": order}), mo.map_put_items("m", ITEMS)],
    )
    op = getattr(mo, "map_" + name)("m", *args)
    assert client.operate(KEY, [op])[2]["m"] == expected
