"""Remembered call policies: an equal policy dict again gives exactly what resolving it afresh
gives (the same mapping, flags and net settings, or the same refusal), for a PolicySet and for a
client's read and write paths; values equal across types (True, 1, 1.0) are kept apart; anything
but plain values is never remembered; the caches stay bounded, also under threads."""

from __future__ import annotations

import sys
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import aeromodel.client as aerospike
from aeromodel.client import constants as C
from aeromodel.client import policy_cache
from aeromodel.client.command import Result
from aeromodel.client.commands.flags import net_of, read_flags, write_flags
from aeromodel.client.helpers import expressions as exp
from aeromodel.client.policies import PolicySet
from aeromodel.client.policy_cache import CACHE_SIZE, policy_key
from aeromodel.client.transport import MockTransport

FILTER = exp.Eq(exp.IntBin("a"), 1).compile()
CONFIG = {"policies": {"read": {"total_timeout": 50}, "write": {"ttl": 60, "key": 1}}}
# A few keys of each value type (and unknown ones), and values equal across types, in and out of
# range, of every kind a validator takes: equal policies of other types meet often.
KEYS = st.sampled_from([
    "key", "total_timeout", "ttl", "gen", "exists", "generation", "compress", "durable_delete",
    "expressions", "partition_filter", "timeout", "flags", "write_flags", "map_order", "tll", 1,
])
VALUES = st.one_of(
    st.sampled_from([True, False, 0, 1, 2, -1, -3, 0xFFFF_FFFD, 2**32, 1.0, None, "1"]),
    st.sampled_from([1000, 2**64, FILTER, [1], b"\x01", {"begin": 1}, (1,)]),
)
POLICIES = st.dictionaries(KEYS, VALUES, max_size=3)
KINDS = st.sampled_from(["read", "write", "operate", "remove", "batch", "scan", "info", "list", "map"])


def twin(policy: dict[str, Any] | None) -> dict[str, Any] | None:
    """An equal policy whose values are of other types where one exists (True -> 1 -> 1.0 -> True)."""
    if policy is None:
        return None
    out = {}
    for key, value in policy.items():
        if type(value) in (bool, int, float) and value in (0, 1):
            value = {bool: int(value), int: float(value), float: bool(value)}[type(value)]
        out[key] = value
    return out


def rounds(calls: list[Any]) -> list[Any]:
    """The calls, then again with each policy's twin, then again as they were."""
    return [*calls, *[(kind, twin(p), *rest) for kind, p, *rest in calls], *calls]



def outcome(call: Callable[..., Any], *args: Any) -> tuple[Any, ...]:
    """What ``call(*args)`` comes to, comparable with types kept apart (True != 1 here): its answer's
    typed items, or its exception's class and args (message, file and line included)."""
    try:
        answer = call(*args)
    except Exception as err:
        return ("raised", type(err), err.args)
    return ("answered", typed(answer))


def typed(value: Any) -> Any:
    """``value`` with the type of every scalar in it, so that True and 1 compare unequal."""
    if hasattr(value, "items"):
        return [(k, typed(v)) for k, v in value.items()]
    if isinstance(value, tuple):
        return (type(value), [typed(v) for v in value])
    return (type(value), value)


def client(config: dict[str, Any] | None = None) -> aerospike.Client:
    mock = MockTransport(lambda cmd: Result(0, 1, 0, bins={}, ops=[]))
    return aerospike.Client(config or {}, transport=mock)


@pytest.fixture
def tiny_caches(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Caches of 3 entries: every sequence of calls also runs through emptied caches."""
    monkeypatch.setattr(policy_cache, "CACHE_SIZE", 3)
    yield


# -- the key ------------------------------------------------------------------------------------


def test_key_keeps_equal_values_of_other_types_apart() -> None:
    keys = [policy_key({"key": v}) for v in (True, 1)]
    assert None not in keys and keys[0] != keys[1]
    assert policy_key({"compress": False}) != policy_key({"compress": 0})
    assert policy_key({"a": 1, "b": 2}) != policy_key({"b": 2, "a": 1})  # order: another entry


@pytest.mark.parametrize("policy", [
    {"total_timeout": 1.0},  # equal to 1, hashes like 1
    {"key": C.POLICY_KEY_SEND, "expressions": FILTER},  # bytes subclass
    {"partition_filter": {"begin": 1}},  # unhashable
    {"key": [1]},
    {"key": b"\x01"},
    {"key": (1,)},
    {"key": type("Int", (int,), {})(1)},  # an int subclass
])
def test_no_key_unless_every_value_is_plain(policy: dict[str, Any]) -> None:
    assert policy_key(policy) is None


def test_no_key_for_anything_but_a_dict() -> None:
    assert policy_key(OrderedDict(key=1)) is None
    assert policy_key(None) is None
    assert policy_key([("key", 1)]) is None


# -- PolicySet.resolve --------------------------------------------------------------------------


@pytest.mark.usefixtures("tiny_caches")
@settings(max_examples=400, deadline=None)
@given(calls=st.lists(st.tuples(KINDS, POLICIES), max_size=12))
def test_resolve_answers_as_resolving_afresh(calls: list[tuple[str, dict[str, Any]]]) -> None:
    """Each call, in sequence on one set (hits, misses, emptied caches), against a new set."""
    remembering = PolicySet(CONFIG["policies"])
    for kind, policy in rounds(calls):
        fresh = PolicySet(CONFIG["policies"])
        expected = outcome(fresh._fresh if policy else fresh.resolve, kind, policy)
        assert outcome(remembering.resolve, kind, policy) == expected
    assert all(len(cache) <= 3 for cache in remembering._cache.values())


@pytest.mark.parametrize(("first", "second"), [(True, 1), (1, True), (False, 0), (0, False)])
def test_bool_and_int_are_checked_apart_whichever_comes_first(first: Any, second: Any) -> None:
    policies = PolicySet(None)
    for value in (first, second, first, second):
        for kind, key in (("read", "key"), ("write", "total_timeout"), ("write", "ttl")):
            got = outcome(policies.resolve, kind, {key: value})
            if type(value) is bool:
                assert got[0] == "raised" and got[2][1] == f"{key} is invalid", got
            else:
                assert got == outcome(PolicySet(None)._fresh, kind, {key: value})
        # a bool key takes 0 and 1 as False and True: the same answer, under two keys
        assert policies.resolve("write", {"compress": value})["compress"] is bool(value)


@pytest.mark.parametrize(("kind", "policy"), [
    ("read", {"key": True}),
    ("read", {"total_timeout": -1}),
    ("read", {"tll": 60}),
    ("write", {"ttl": C.TTL_CLIENT_DEFAULT}),
    ("read", {"txn": "x"}),
    ("read", {"deserialize": False}),
])
def test_a_refusal_is_the_same_every_time_and_never_remembered(kind: str, policy: Any) -> None:
    policies = PolicySet(None)
    refusals = [outcome(policies.resolve, kind, policy) for _ in range(3)]
    assert refusals[0][0] == "raised" and refusals[0][1] is aerospike.exception.ParamError
    assert refusals[1:] == refusals[:2]
    assert not policies._cache[kind]


def test_the_cache_is_bounded() -> None:
    policies = PolicySet(None)
    for i in range(CACHE_SIZE * 5):
        assert policies.resolve("read", {"total_timeout": i})["total_timeout"] == i
        assert len(policies._cache["read"]) <= CACHE_SIZE
    assert policies.resolve("read", {"total_timeout": 7})["total_timeout"] == 7


def test_a_dict_changed_between_calls_is_resolved_as_it_is_now() -> None:
    policies = PolicySet(None)
    policy: dict[str, Any] = {"total_timeout": 5}
    assert policies.resolve("read", policy)["total_timeout"] == 5
    policy["total_timeout"] = 6
    assert policies.resolve("read", policy)["total_timeout"] == 6
    policy["total_timeout"] = True
    with pytest.raises(aerospike.exception.ParamError):
        policies.resolve("read", policy)


def test_each_set_remembers_its_own_defaults() -> None:
    a = PolicySet({"read": {"max_retries": 7}})
    b = PolicySet({"read": {"max_retries": 9}})
    call = {"total_timeout": 5}
    assert [s.resolve("read", call)["max_retries"] for s in (a, b, a, b)] == [7, 9, 7, 9]


# -- the client's flags -------------------------------------------------------------------------


@pytest.mark.usefixtures("tiny_caches")
@settings(max_examples=400, deadline=None)
@given(
    calls=st.lists(
        st.tuples(
            st.sampled_from(["read", "write", "operate", "remove"]),
            POLICIES | st.none(),
            st.none() | st.fixed_dictionaries({}, optional={
                "gen": st.sampled_from([0, 3, True, -1]), "ttl": st.sampled_from([0, 5, -1, -3, 1.0]),
            }),
        ),
        max_size=10,
    )
)
def test_client_flags_answer_as_resolving_afresh(
    calls: list[tuple[str, dict[str, Any] | None, dict[str, Any] | None]],
) -> None:
    """The client's read and write flags and net settings, in sequence on one client, against the
    policy resolved afresh and turned into flags as the client did before it remembered any."""
    remembering = client(CONFIG)
    fresh = PolicySet(CONFIG["policies"])

    def afresh(kind: str, meta: Any, policy: Any) -> Any:
        pol = fresh._fresh(kind, policy) if policy else fresh.resolve(kind)
        if kind == "read":
            return read_flags(pol), net_of(pol)
        return write_flags(pol, meta, pol.get("generation") or None), net_of(pol)

    for kind, policy, meta in rounds(calls):
        if kind == "read":
            got = outcome(remembering._reading, policy)
        else:
            got = outcome(remembering._writing, kind, meta, policy)
        expected = outcome(afresh, kind, meta, policy)
        assert got[:2] == expected[:2]
        if got[0] == "raised":  # same message; the raising line differs between the two ways
            assert (got[2][:2], got[2][4:]) == (expected[2][:2], expected[2][4:])
        else:
            assert got == expected


def test_each_client_remembers_its_own_defaults() -> None:
    a = client({"policies": {"read": {"max_retries": 7}, "write": {"ttl": 70}}})
    b = client({"policies": {"read": {"max_retries": 9}, "write": {"ttl": 90}}})
    call = {"total_timeout": 5}
    assert [c._reading(call)[1].max_retries for c in (a, b, a, b)] == [7, 9, 7, 9]
    assert [c._writing("write", None, call)[0].ttl for c in (a, b, a, b)] == [70, 90, 70, 90]


def test_meta_is_applied_to_remembered_flags_on_every_call() -> None:
    c = client()
    policy = {"key": C.POLICY_KEY_SEND, "gen": C.POLICY_GEN_EQ}
    for gen in (1, 2, 3):
        flags, _ = c._writing("write", {"gen": gen, "ttl": gen * 10}, policy)
        assert (flags.gen, flags.ttl, flags.send_key) == (gen, gen * 10, True)
    assert c._writing("write", None, policy)[0].gen == 0


def test_calls_send_the_remembered_flags() -> None:
    c = client()
    transport = c._transport
    assert isinstance(transport, MockTransport)
    for _ in range(2):
        c.put(("test", "s", "k"), {"a": 1}, policy={"key": C.POLICY_KEY_SEND})
        c.get(("test", "s", "k"), policy={"total_timeout": 77, "key": C.POLICY_KEY_SEND})
    put1, get1, put2, get2 = transport.commands
    assert put1 == put2 and put1.user_key == "k"
    assert get1 == get2 and get1.user_key == "k"
    assert [n.total_timeout for n in transport.nets] == [1000, 77, 1000, 77]
    with pytest.raises(aerospike.exception.ParamError, match="key is invalid"):
        c.get(("test", "s", "k"), policy={"total_timeout": 77, "key": True})


def test_resolving_from_threads() -> None:
    """Threads resolving equal-but-differently-typed policies through tiny caches each get their
    own answer (the cache is emptied and refilled under them all the time)."""
    c = client()
    cases: list[tuple[dict[str, Any], Any]] = [
        ({"key": 1}, True),
        ({"key": True}, "raised"),
        ({"total_timeout": 1}, False),
        ({"total_timeout": True}, "raised"),
        ({"key": 0}, False),
        ({"key": False}, "raised"),
    ]
    wrong: list[Any] = []

    def run(policy: dict[str, Any], expected: Any) -> None:
        for _ in range(300):
            try:
                got = c._reading(dict(policy))[0].send_key
            except aerospike.exception.ParamError:
                got = "raised"
            if got != expected or type(got) is not type(expected):
                wrong.append((policy, got))

    old = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(policy_cache, "CACHE_SIZE", 2)
            threads = [threading.Thread(target=run, args=case) for case in cases * 2]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
    finally:
        sys.setswitchinterval(old)
    assert not wrong
    assert len(c._read_cache) <= 2 + len(cases) * 2
