"""Random map operations against a small, obviously-correct model (a list of (key, value) pairs
sorted by the server's key order): every answer and the stored map are compared."""

from __future__ import annotations

import uuid
from typing import Any

from hypothesis import example, given, settings
from hypothesis import strategies as st

import aeromodel.client as aerospike
from aeromodel.client import exception
from aeromodel.client.helpers.operations import map_operations as mo
from aeromodel.client.ordering import sort_key

KEY = ("test", "maps", "model")
keys = st.one_of(st.integers(-3, 6), st.sampled_from(["a", "b", "c", "zz"]))
values = st.one_of(
    st.integers(-3, 6),
    st.sampled_from(["a", "b", ""]),
    st.sampled_from([0.5, 2.0]),
    st.just(None),
    st.sampled_from([[1], [1, 2], []]),
)
RT = [
    aerospike.MAP_RETURN_KEY,
    aerospike.MAP_RETURN_VALUE,
    aerospike.MAP_RETURN_COUNT,
    aerospike.MAP_RETURN_KEY_VALUE,
    aerospike.MAP_RETURN_INDEX,
    aerospike.MAP_RETURN_RANK,
    aerospike.MAP_RETURN_EXISTS,
    aerospike.MAP_RETURN_NONE,
]

ops = st.one_of(
    st.tuples(st.just("put"), keys, values),
    st.tuples(st.just("put_items"), st.dictionaries(keys, values, max_size=4)),
    st.tuples(st.just("incr"), keys, st.integers(-5, 5)),
    st.tuples(st.just("rm_key"), keys, st.sampled_from(RT)),
    st.tuples(st.just("get_key"), keys, st.sampled_from(RT)),
    st.tuples(
        st.just("get_index_range"), st.integers(-6, 6), st.integers(0, 6), st.sampled_from(RT)
    ),
    st.tuples(st.just("rm_rank_range"), st.integers(-6, 6), st.integers(0, 6), st.sampled_from(RT)),
    st.tuples(st.just("get_value"), values, st.sampled_from(RT)),
    st.tuples(
        st.just("get_index_range_rev"),
        st.integers(-6, 6),
        st.integers(0, 6),
        st.sampled_from([aerospike.MAP_RETURN_REVERSE_INDEX, aerospike.MAP_RETURN_REVERSE_RANK]),
        st.booleans(),
    ),
    st.tuples(st.just("size")),
    st.tuples(st.just("clear")),
)


class Model:
    """The map as a sorted list of pairs; index = position, rank = position by (value, index)."""

    def __init__(self) -> None:
        self.items: list[tuple[Any, Any]] = []

    def put(self, k: Any, v: Any) -> int:
        d = dict(self.items)
        d[k] = v
        self.items = sorted(d.items(), key=lambda kv: sort_key(kv[0]))
        return len(self.items)

    def ranks(self) -> list[int]:
        order = sorted(range(len(self.items)), key=lambda i: (sort_key(self.items[i][1]), i))
        rank = [0] * len(order)
        for r, i in enumerate(order):
            rank[i] = r
        return rank

    def answer(self, picked: list[int], rt: int, multi: bool) -> Any:
        if rt == aerospike.MAP_RETURN_NONE:
            return None
        if rt == aerospike.MAP_RETURN_COUNT:
            return len(picked)
        if rt == aerospike.MAP_RETURN_EXISTS:
            return bool(picked)
        if rt == aerospike.MAP_RETURN_KEY_VALUE:
            return [x for i in picked for x in self.items[i]]
        if rt == aerospike.MAP_RETURN_INDEX:
            out = list(picked)
        elif rt == aerospike.MAP_RETURN_RANK:
            rank = self.ranks()
            out = [rank[i] for i in picked]
        else:
            out = [self.items[i][0 if rt == aerospike.MAP_RETURN_KEY else 1] for i in picked]
        if multi:
            return out
        missing = -1 if rt in (aerospike.MAP_RETURN_INDEX, aerospike.MAP_RETURN_RANK) else None
        return out[0] if out else missing

    def remove(self, picked: list[int]) -> None:
        gone = set(picked)
        self.items = [kv for i, kv in enumerate(self.items) if i not in gone]

    def find(self, k: Any) -> list[int]:
        return [i for i, (x, _) in enumerate(self.items) if sort_key(x) == sort_key(k)]

    def index_range(self, index: int, count: int) -> list[int]:
        n = len(self.items)
        if index < 0:
            index += n
            if index < 0:
                count, index = max(0, count + index), 0
        return list(range(index, min(n, index + count)))

    def reversed_index_range(self, index: int, count: int, rt: int, inverted: bool) -> list[int]:
        """An index range answering reversed indexes or ranks, in the server's order: a range
        answered as a range is ascending (each part of an inverted one on its own), ranks come
        one by one in index order, and selecting everything answers 0..n-1."""
        n = len(self.items)
        picked = self.index_range(index, count) if index < n else []
        start = picked[0] if picked else min(max(index, 0), n)
        cnt = len(picked)
        if inverted:
            if cnt == 0:
                start, cnt, inverted = 0, n, False
            elif start == 0:
                start, cnt, inverted = cnt, n - cnt, False
            elif start + cnt >= n:
                start, cnt, inverted = 0, start, False
        if cnt == 0:
            return []
        if cnt == n:
            return list(range(n))
        if rt == aerospike.MAP_RETURN_REVERSE_RANK:
            rank = self.ranks()
            chosen = set(range(start, start + cnt))
            sel = [i for i in range(n) if (i in chosen) != inverted]
            return [n - 1 - rank[i] for i in sel]

        def rng(a: int, c: int) -> list[int]:
            return list(range(n - a - c, n - a))

        if inverted:
            return rng(0, start) + rng(start + cnt, n - start - cnt)
        return rng(start, cnt)


def apply(model: Model, step: tuple[Any, ...]) -> tuple[dict[str, Any], Any]:
    """The operation dict for a step and what the model answers (or the error class)."""
    name = step[0]
    if name == "put":
        return mo.map_put("m", step[1], step[2]), model.put(step[1], step[2])
    if name == "put_items":
        for k, v in step[1].items():
            model.put(k, v)
        return mo.map_put_items("m", step[1]), len(model.items)
    if name == "incr":
        cur = dict(model.items).get(step[1], 0)
        if type(cur) is not int and type(cur) is not float:
            return mo.map_increment("m", step[1], step[2]), exception.InvalidRequest
        model.put(step[1], cur + step[2])
        return mo.map_increment("m", step[1], step[2]), cur + step[2]
    if name in ("rm_key", "get_key"):
        picked = model.find(step[1])
        out = model.answer(picked, step[2], False)
        if name == "rm_key":
            model.remove(picked)
            return mo.map_remove_by_key("m", step[1], step[2]), out
        return mo.map_get_by_key("m", step[1], step[2]), out
    if name == "get_index_range":
        picked = model.index_range(step[1], step[2])
        expected = model.answer(picked, step[3], True)
        if step[3] == aerospike.MAP_RETURN_RANK and picked and len(picked) == len(model.items):
            # The whole map: the server answers ranks 0..n-1 (packed_map_get_remove_all; checked
            # against a real 8.1.2 server).
            expected = list(range(len(picked)))
        return mo.map_get_by_index_range("m", step[1], step[2], step[3]), expected
    if name == "rm_rank_range":
        rank = model.ranks()
        by_rank = sorted(range(len(rank)), key=lambda i: rank[i])
        picked = [by_rank[r] for r in model.index_range(step[1], step[2])]
        out = model.answer(picked, step[3], True)
        model.remove(picked)
        return mo.map_remove_by_rank_range("m", step[1], step[2], step[3]), out
    if name == "get_value":
        rank = model.ranks()
        picked = sorted(
            (i for i, (_, v) in enumerate(model.items) if sort_key(v) == sort_key(step[1])),
            key=lambda i: rank[i],
        )
        return mo.map_get_by_value("m", step[1], step[2]), model.answer(picked, step[2], True)
    if name == "get_index_range_rev":
        op = mo.map_get_by_index_range("m", step[1], step[2], step[3], step[4])
        return op, model.reversed_index_range(step[1], step[2], step[3], step[4])
    if name == "size":
        return mo.map_size("m"), len(model.items)
    model.items = []
    return mo.map_clear("m"), None


@settings(max_examples=150, deadline=None)
@example([("put", 0, 1), ("put", 1, 0), ("get_index_range", 0, 2, aerospike.MAP_RETURN_RANK)])
@given(st.lists(ops, max_size=25))
def test_random_map_operations_match_the_model(steps: list[tuple[Any, ...]]) -> None:
    client = aerospike.client({"embedded": {"name": f"maps-model-{uuid.uuid4().hex}"}})
    try:
        client.put(KEY, {"m": {}})
        model = Model()
        for step in steps:
            before = list(model.items)
            op, expected = apply(model, step)
            if isinstance(expected, type):
                model.items = before
                try:
                    client.operate(KEY, [op])
                except expected:
                    pass
                else:
                    raise AssertionError(f"{step}: expected {expected.__name__}")
            else:
                got = client.operate(KEY, [op]).bins["m"]
                assert got == expected, (step, got, expected)
            stored = client.get(KEY).bins["m"]
            assert list(stored.items()) == model.items, step
    finally:
        client.close()


@settings(max_examples=60, deadline=None)
@given(st.sampled_from([aerospike.MAP_UNORDERED, aerospike.MAP_KEY_ORDERED]), st.lists(ops, max_size=20))
def test_a_persisted_index_answers_as_a_key_ordered_map(order: int, steps: list[tuple[Any, ...]]) -> None:
    """An unordered or key-ordered map with a persisted index answers every step as a plain
    key-ordered map does (the server's key-ordered paths), and stores the same entries."""
    client = aerospike.client({"embedded": {"name": f"maps-persist-{uuid.uuid4().hex}"}})
    try:
        client.operate(KEY, [mo.map_create("m", order, True),
                             mo.map_create("k", aerospike.MAP_KEY_ORDERED, False)])
        for step in steps:
            op = apply(Model(), step)[0]
            answers = []
            for name in ("m", "k"):
                try:
                    answers.append(client.operate(KEY, [dict(op, bin=name)]).bins.get(name))
                except exception.AerospikeError as err:
                    answers.append(type(err))
            assert answers[0] == answers[1], step
            bins = client.get(KEY).bins
            assert list(bins["m"].items()) == list(bins["k"].items()), step
    finally:
        client.close()
