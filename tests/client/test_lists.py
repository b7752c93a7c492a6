"""List operations: edge cases, errors with the record unchanged, the wire form of contexts, the
convenience methods, the record-size limit, and a property test against a small model."""

from __future__ import annotations

import contextlib
from types import ModuleType
from typing import Any

import pytest
from _support import API_3X_CDT, AnyClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.transports

KEY = ("test", "demo", "lists")


def contexts(cc: ModuleType, A: ModuleType) -> list[list[Any]]:
    """Contexts of every kind, built with the transport's ``cdt_ctx`` (see OFFICIAL_BASE64)."""
    return [
        [cc.cdt_ctx_list_index(0)],
        [cc.cdt_ctx_list_index(-1)],
        [cc.cdt_ctx_list_index(200)],
        [cc.cdt_ctx_list_index(-200)],
        [cc.cdt_ctx_list_index(70000)],
        [cc.cdt_ctx_list_index(2**33)],
        [cc.cdt_ctx_list_rank(-3)],
        [cc.cdt_ctx_list_value("abc")],
        [cc.cdt_ctx_list_value(b"\x01\x02")],
        [cc.cdt_ctx_list_value(1.5)],
        [cc.cdt_ctx_list_value([1, "a", None, True])],
        [cc.cdt_ctx_list_index_create(3, A.LIST_UNORDERED, True)],
        [cc.cdt_ctx_list_index_create(3, A.LIST_ORDERED, False)],
        [cc.cdt_ctx_list_index_create(3)],
        [cc.cdt_ctx_map_index(1), cc.cdt_ctx_map_rank(-1)],
        [cc.cdt_ctx_map_key("k" * 40)],
        [cc.cdt_ctx_map_value(-40000)],
        [cc.cdt_ctx_map_key_create("x", A.MAP_KEY_ORDERED)],
        [cc.cdt_ctx_map_key_create(5, A.MAP_KEY_VALUE_ORDERED)],
        [cc.cdt_ctx_map_key_create(5)],
        [cc.cdt_ctx_map_value({"a": 1})],
        [cc.cdt_ctx_list_value(-129)],
        [cc.cdt_ctx_list_value(2**63 - 1)],
        [cc.cdt_ctx_list_value(-(2**63))],
        [cc.cdt_ctx_list_value("é" * 20)],
    ]


# get_cdtctx_base64 of the official client 19.3.0 for these contexts.
OFFICIAL_BASE64 = [
    "khAA",
    "khD/",
    "khDMyA==",
    "khDR/zg=",
    "khDOAAERcA==",
    "khAA",
    "khH9",
    "khOkA2FiYw==",
    "khOjBAEC",
    "khPLP/gAAAAAAAA=",
    "khOUAaIDYcDD",
    "ksyQAw==",
    "kszQAw==",
    "klAD",
    "lCABIf8=",
    "kiLZKQNra2tra2tra2tra2tra2tra2tra2tra2tra2tra2tra2tra2tra2tr",
    "kiPS//9jwA==",
    "ksyiogN4",
    "ksziBQ==",
    "kmIF",
    "kiOBogNhAQ==",
    "khPR/38=",
    "khPPf/////////8=",
    "khPTgAAAAAAAAAA=",
    "khPZKQPDqcOpw6nDqcOpw6nDqcOpw6nDqcOpw6nDqcOpw6nDqcOpw6nDqcOp",
]


def test_cdtctx_base64_is_the_official_clients(
    client: AnyClient, cdt_ctx: ModuleType, aerospike: ModuleType
) -> None:
    got = [client.get_cdtctx_base64(ctx) for ctx in contexts(cdt_ctx, aerospike)]
    assert got == OFFICIAL_BASE64


@pytest.mark.parametrize("bad", [[], "x", [1], None])
def test_cdtctx_base64_refuses_what_is_not_a_context(
    client: AnyClient, exception: ModuleType, bad: Any
) -> None:
    with pytest.raises(exception.ParamError):
        client.get_cdtctx_base64(bad)


def _state(client: AnyClient) -> tuple[Any, Any]:
    _, meta, bins = client.get(KEY)
    return meta["gen"], bins


def _refused(client: AnyClient, ops: list[dict[str, Any]], cls: type, code: int) -> None:
    before = _state(client)
    with pytest.raises(cls) as err:
        client.operate(KEY, ops)
    assert err.value.code == code
    assert _state(client) == before


def test_refused_commands_leave_the_record_unchanged(
    client: AnyClient, aerospike: ModuleType, exception: ModuleType, list_operations: ModuleType,
    cdt_ctx: ModuleType,
) -> None:
    A, lo, cc = aerospike, list_operations, cdt_ctx
    client.put(KEY, {"l": [1, 2, 3], "o": 5})
    unique = {"write_flags": A.LIST_WRITE_ADD_UNIQUE}
    bounded = {"write_flags": A.LIST_WRITE_INSERT_BOUNDED}
    _refused(
        client,
        [lo.list_append("l", 4), lo.list_append("l", 1, unique)],
        exception.ElementExistsError,
        24,
    )
    _refused(
        client,
        [lo.list_append("l", 4), lo.list_insert("l", 9, 0, bounded)],
        exception.OpNotApplicable,
        26,
    )
    _refused(client, [lo.list_get("l", 3)], exception.OpNotApplicable, 26)
    _refused(client, [lo.list_append("o", 1)], exception.BinIncompatibleType, 12)
    _refused(client, [lo.list_increment("l", 0, "x")], exception.InvalidRequest, 4)
    _refused(client, [lo.list_sort("nothing")], exception.BinIncompatibleType, 12)
    _refused(client, [lo.list_get_by_index("l", 0, 6)], exception.OpNotApplicable, 26)
    _refused(
        client,
        [lo.list_append("l", 1, None, [cc.cdt_ctx_list_index(0)])],
        exception.BinIncompatibleType,
        12,
    )
    _refused(
        client,
        [lo.list_append("l", 1, None, [cc.cdt_ctx_list_index(7)])],
        exception.OpNotApplicable,
        26,
    )


def test_a_padded_create_before_the_start_is_a_clear_error(
    client: AnyClient, transport: str, aerospike: ModuleType, exception: ModuleType, list_operations: ModuleType,
    cdt_ctx: ModuleType,
) -> None:
    A, lo, cc = aerospike, list_operations, cdt_ctx
    # A real 8.1.2 server crashes on this request (SERVER-FACTS.md).
    client.put(KEY, {"l": [[1], [2]]})
    ctx = [cc.cdt_ctx_list_index_create(-5, A.LIST_UNORDERED, True)]
    before = _state(client)
    with pytest.raises(exception.OpNotApplicable) as err:
        client.operate(KEY, [lo.list_append("l", 1, None, ctx)])
    if transport == "embedded":  # over the wire an answer carries its code, no message
        assert "before the start" in err.value.msg
    assert _state(client) == before


def test_the_record_size_limit_counts_the_padding(
    client: AnyClient, exception: ModuleType, list_operations: ModuleType
) -> None:
    lo = list_operations
    client.put(KEY, {"l": [1]})
    _refused(client, [lo.list_insert("l", 2_000_000, 1)], exception.RecordTooBig, 13)
    client.operate(KEY, [lo.list_insert("l", 1000, 1)])
    assert len(client.get(KEY)[2]["l"]) == 1001


def test_argument_types_are_checked_before_sending(
    client: AnyClient, aerospike: ModuleType, exception: ModuleType, list_operations: ModuleType,
    cdt_ctx: ModuleType,
) -> None:
    A, lo, cc = aerospike, list_operations, cdt_ctx
    for op in [
        lo.list_get("l", "0"),
        lo.list_get_by_index("l", 0, "x"),
        lo.list_append_items("l", (1, 2)),
        lo.list_get_by_value_list("l", 5, A.LIST_RETURN_VALUE),
        lo.list_append("l", 1, {"list_order": "x"}),
        lo.list_create("l", 0, 1, False),
        {"op": A.OP_LIST_GET_RANGE, "bin": "l", "index": 0},
        lo.list_get("l", 0, [object()]),
        lo.list_get("l", 0, [cc.cdt_ctx_list_index("1")]),
    ]:
        with pytest.raises(exception.ParamError):
            client.operate(KEY, [op])


def test_an_unknown_list_policy_key_is_refused(
    make_client: Any, exception: ModuleType, list_operations: ModuleType
) -> None:
    # Ours refuses it whatever the config (docs/client.md); the official client only when the
    # config sets validate_keys.
    client = make_client(config={"validate_keys": True})
    with pytest.raises(exception.ParamError):
        client.operate(KEY, [list_operations.list_append("l", 1, {"bogus": 1})])
    assert client.exists(KEY)[1] is None


def test_orders_and_flags_out_of_range_are_sent_with_a_warning(
    client: AnyClient, aerospike: ModuleType, exception: ModuleType, list_operations: ModuleType,
    cdt_ctx: ModuleType,
) -> None:
    # As the official client 19.3: a DeprecationWarning, then the value goes to the server.
    lo, cc = list_operations, cdt_ctx
    client.put(KEY, {"l": [2, 1]})

    def warned(name: str, low: int, high: int, got: int) -> Any:
        match = f"{name} must be inclusively between {low} and {high}, but received {got} instead"
        return pytest.warns(DeprecationWarning, match=match)

    with warned("sort_flags", 0, 2, 3), pytest.raises(exception.InvalidRequest):
        client.operate(KEY, [lo.list_sort("l", 3)])  # descending, dropping duplicates
    with warned("write_flags", 0, 15, 16):
        client.operate(KEY, [lo.list_append("l", 3, {"write_flags": 16})])  # unknown bits
    with warned("list_order", 0, 1, 2):
        client.operate(KEY, [lo.list_append("l", 4, {"list_order": 2})])
    with warned("list_order", 0, 1, -1), pytest.raises(exception.OpNotApplicable):
        client.operate(KEY, [lo.list_set_order("l", -1)])
    with warned("list_order", 0, 1, 2), pytest.raises(exception.OpNotApplicable):
        client.operate(KEY, [lo.list_create("n", 2, False, False)])
    with warned("order_key", 0, 1, 2):
        client.operate(KEY, [lo.list_append("n", 5, None, [cc.cdt_ctx_list_index_create(0, 2)])])
    with warned("order_key", 0, 3, 7):
        client.operate(KEY, [lo.list_append("m", 6, None, [cc.cdt_ctx_map_key_create("a", 7)])])
    with warned("order_key", 0, 3, 7):
        client.get_cdtctx_base64([cc.cdt_ctx_map_key_create("a", 7)])
    assert client.get(KEY)[2] == {"l": [2, 1, 3, 4], "n": [[5]], "m": {"a": [6]}}


def test_ordered_lists_keep_their_order(
    client: AnyClient, aerospike: ModuleType, exception: ModuleType, list_operations: ModuleType
) -> None:
    A, lo = aerospike, list_operations
    ordered = {"list_order": A.LIST_ORDERED}
    client.operate(KEY, [lo.list_append_items("l", [5, "a", 1, [0], 3], ordered)])
    client.operate(KEY, [lo.list_append("l", 2), lo.list_increment("l", 0, 10)])
    assert client.get(KEY)[2]["l"] == [2, 3, 5, 11, "a", [0]]
    _refused(client, [lo.list_insert("l", 0, 1)], exception.OpNotApplicable, 26)
    _refused(client, [lo.list_set("l", 0, 1)], exception.OpNotApplicable, 26)
    client.operate(KEY, [lo.list_set_order("l", A.LIST_UNORDERED), lo.list_insert("l", 0, 99)])
    assert client.get(KEY)[2]["l"][0] == 99


def test_wildcard_and_infinity_as_range_ends(
    client: AnyClient, aerospike: ModuleType, list_operations: ModuleType
) -> None:
    A, lo = aerospike, list_operations
    client.put(KEY, {"l": [[1, "a"], [1, "b", 3], [2, "a"], 7, "z"]})
    _, _, bins = client.operate(
        KEY, [lo.list_get_by_value("l", [1, A.CDTWildcard()], A.LIST_RETURN_INDEX)]
    )
    assert bins["l"] == [0, 1]
    _, _, bins = client.operate(
        KEY, [lo.list_get_by_value_range("l", A.LIST_RETURN_VALUE, [1, "b"], A.CDTInfinite())]
    )
    assert bins["l"] == [[1, "b", 3], [2, "a"]]


def test_nested_maps_are_navigated_and_created(
    client: AnyClient, aerospike: ModuleType, list_operations: ModuleType, cdt_ctx: ModuleType
) -> None:
    A, lo, cc = aerospike, list_operations, cdt_ctx
    client.put(KEY, {"m": {"b": [1, 2], "a": {"z": [5]}}})
    ctx = [cc.cdt_ctx_map_key("a"), cc.cdt_ctx_map_key("z")]
    client.operate(KEY, [lo.list_append("m", 9, None, ctx)])
    # An entry's order is the order of the map it selects in, when that map is new.
    new = [cc.cdt_ctx_map_key_create("c"), cc.cdt_ctx_map_key_create("d", A.MAP_KEY_ORDERED)]
    client.operate(KEY, [lo.list_append("m", 1, None, new)])
    assert client.get(KEY)[2]["m"] == {"a": {"z": [5, 9]}, "b": [1, 2], "c": {"d": [1]}}
    assert isinstance(client.get(KEY)[2]["m"]["c"], aerospike.KeyOrderedDict)


@pytest.mark.ours_only(API_3X_CDT)
def test_the_convenience_methods_wrap_operate(client: AnyClient) -> None:
    client.list_append(KEY, "l", 1)
    client.list_extend(KEY, "l", [2, 3, 4])
    client.list_insert(KEY, "l", 0, 0)
    client.list_insert_items(KEY, "l", 1, ["a", "b"])
    assert client.list_get(KEY, "l", 1) == "a"
    assert client.list_get_range(KEY, "l", 0, 3) == [0, "a", "b"]
    assert client.list_pop(KEY, "l", 1) == "a"
    assert client.list_pop_range(KEY, "l", 0, 2) == [0, "b"]
    client.list_set(KEY, "l", 0, 10)
    client.list_remove(KEY, "l", 1)
    assert client.list_size(KEY, "l") == 3
    client.list_remove_range(KEY, "l", 0, 1)
    assert client.list_trim(KEY, "l", 0, 1) == 1
    assert client.get(KEY)[2]["l"] == [3]
    client.list_clear(KEY, "l")
    assert client.get(KEY)[2]["l"] == []


def test_legacy_operation_dicts(client: AnyClient, aerospike: ModuleType) -> None:
    A = aerospike
    client.put(KEY, {"l": [3, 1, 2]})
    _, _, bins = client.operate(
        KEY,
        [
            {"op": A.OP_LIST_APPEND, "bin": "l", "val": 0},
            {
                "op": A.OP_LIST_GET_BY_RANK_RANGE,
                "bin": "l",
                "rank": 0,
                "count": 2,
                "return_type": A.LIST_RETURN_VALUE,
            },
        ],
    )
    assert sorted(bins["l"]) == [0, 1]


# -- a property test against an obviously-correct model ------------------------------------------


def _norm_index(i: int, n: int) -> int | None:
    j = i + n if i < 0 else i
    return j if 0 <= j < n else None


class NotApplicable(Exception):
    """What the model raises where a server answers ``OpNotApplicable``."""


class Model:
    """Unordered lists of ints, nested one level (``ctx``: the list at ``index`` of the bin)."""

    def __init__(self) -> None:
        self.top: list[Any] | None = None

    def target(self, ctx: int | None) -> list[Any] | None:
        if ctx is None:
            return self.top
        assert self.top is not None
        return self.top[ctx]

    def run(self, op: tuple[Any, ...]) -> Any:
        kind, ctx = op[0], op[1]
        lst = self.target(ctx)
        if kind == "append":
            if lst is None:
                lst = self.top = []
            lst.append(op[2])
            return len(lst)
        if kind == "insert":
            n = 0 if lst is None else len(lst)
            i = op[2] + n if op[2] < 0 else op[2]
            if i < 0:
                raise NotApplicable
            if lst is None:
                lst = self.top = []
            lst.extend([None] * (i - len(lst)))
            lst.insert(i, op[3])
            return len(lst)
        if lst is None:
            return None
        if kind == "size":
            return len(lst)
        if kind == "pop":
            j = _norm_index(op[2], len(lst))
            if j is None:
                raise NotApplicable
            return lst.pop(j)
        if kind == "get_range":
            i, count = op[2], op[3]
            start = max(0, i + len(lst)) if i < 0 else min(i, len(lst))
            if i < 0 and i + len(lst) < 0:
                count = max(0, count + i + len(lst))
            return lst[start : start + count]
        if kind == "count_rank_range":  # COUNT of ranks [rank, rank + count)
            ranks = sorted(range(len(lst)), key=lambda k: (lst[k] is not None, lst[k] or 0))
            r = op[2]
            start = max(0, r + len(lst)) if r < 0 else min(r, len(lst))
            count = op[3] if r >= 0 or r + len(lst) >= 0 else max(0, op[3] + r + len(lst))
            return len(ranks[start : start + count])
        if kind == "remove_value":
            kept = [v for v in lst if v != op[2]]
            removed = len(lst) - len(kept)
            lst[:] = kept
            return removed
        raise AssertionError(kind)


def _helper(
    op: tuple[Any, ...], lo: ModuleType, cc: ModuleType, A: ModuleType
) -> dict[str, Any]:
    kind, ctx = op[0], op[1]
    c = None if ctx is None else [cc.cdt_ctx_list_index(ctx)]
    if kind == "append":
        return lo.list_append("l", op[2], None, c)
    if kind == "insert":
        return lo.list_insert("l", op[2], op[3], None, c)
    if kind == "size":
        return lo.list_size("l", c)
    if kind == "pop":
        return lo.list_pop("l", op[2], c)
    if kind == "get_range":
        return lo.list_get_range("l", op[2], op[3], c)
    if kind == "count_rank_range":
        return lo.list_get_by_rank_range("l", op[2], A.LIST_RETURN_COUNT, op[3], ctx=c)
    return lo.list_remove_by_value("l", op[2], A.LIST_RETURN_COUNT, ctx=c)


INTS = st.integers(-3, 5)
OPS = st.one_of(
    st.tuples(st.just("append"), st.none(), INTS),
    st.tuples(st.just("insert"), st.none(), st.integers(-4, 6), INTS),
    st.tuples(st.just("size"), st.none()),
    st.tuples(st.just("pop"), st.none(), st.integers(-4, 4)),
    st.tuples(st.just("get_range"), st.none(), st.integers(-5, 5), st.integers(0, 4)),
    st.tuples(st.just("count_rank_range"), st.none(), st.integers(-5, 5), st.integers(0, 4)),
    st.tuples(st.just("remove_value"), st.none(), INTS),
)
NESTED = st.one_of(
    st.tuples(st.just("append"), st.just(0), INTS),
    st.tuples(st.just("pop"), st.just(0), st.integers(-3, 3)),
    st.tuples(st.just("size"), st.just(0)),
    st.tuples(st.just("get_range"), st.just(0), st.integers(-3, 3), st.integers(0, 3)),
    st.tuples(st.just("remove_value"), st.just(0), INTS),
)


@settings(
    max_examples=150,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(ops=st.lists(OPS, max_size=12), nested=st.lists(NESTED, max_size=8))
def test_random_list_operations_agree_with_a_model(
    client: AnyClient, aerospike: ModuleType, exception: ModuleType, list_operations: ModuleType,
    cdt_ctx: ModuleType, ops: Any, nested: Any,
) -> None:
    lo = list_operations

    def helper(op: tuple[Any, ...]) -> dict[str, Any]:
        return _helper(op, lo, cdt_ctx, aerospike)

    with contextlib.suppress(exception.RecordNotFound):
        client.remove(KEY)
    client.put(KEY, {"x": 1})
    model = Model()
    for op in [*ops, ("insert", None, 0, None), ("append", None, 0), *nested]:
        if op[0] == "insert" and op[3] is None:  # make element 0 a list for the nested ops
            client.operate(KEY, [lo.list_insert("l", 0, [])])
            if model.top is None:
                model.top = []
            model.top.insert(0, [])
            continue
        try:
            want = model.run(op)
        except NotApplicable:
            with pytest.raises(exception.OpNotApplicable):
                client.operate(KEY, [helper(op)])
            continue
        _, _, bins = client.operate(KEY, [helper(op)])
        assert bins.get("l") == want, op
        assert client.get(KEY)[2].get("l") == model.top


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(-5, 5) | st.text(max_size=2), max_size=12), st.data())
def test_the_rank_selection_shortcut_answers_as_the_servers_heap(values: list[Any], data: Any) -> None:
    # Without equal values the selection is sorted in C; it must give the heap's own answer.
    from aeromodel.client.engine.ops.lists import _heap_select, _key, _partial_heap

    keys = [_key(v) for v in values]
    n = len(keys)
    start = data.draw(st.integers(0, n))
    count = data.draw(st.integers(0, n - start))
    assert _heap_select(keys, start, count) == _partial_heap(keys, start, count)


def test_a_value_range_ending_at_nil_is_empty_and_one_without_an_end_runs_to_the_top(
    client: AnyClient, aerospike: ModuleType, list_operations: ModuleType, exp: ModuleType,
    expression_operations: ModuleType,
) -> None:
    # As CE 8.1.2 answers: an end sent as nil is the nil value (below everything), so [b, nil)
    # holds nothing; an end left out (None in the helpers) means no end.
    A, lo = aerospike, list_operations
    client.put(KEY, {"s": ["b", "d", "f"]})
    rt = A.LIST_RETURN_VALUE

    def get(end: Any) -> Any:
        return client.operate(KEY, [lo.list_get_by_value_range("s", rt, "b", end)])[2]["s"]

    assert get(None) == ["b", "d", "f"]
    assert get(A.null()) == []
    removed = exp.ListRemoveByValueRange(None, "b", A.null(), "s")
    read = expression_operations.expression_read("x", removed.compile())
    assert client.operate(KEY, [read])[2]["x"] == ["b", "d", "f"]
    everything = exp.ListRemoveByValueRange(None, "b", None, "s")
    read = expression_operations.expression_read("x", everything.compile())
    assert client.operate(KEY, [read])[2]["x"] == []
    assert client.get(KEY)[2] == {"s": ["b", "d", "f"]}
