"""Garbage in every argument position: a documented exception or success, never a bare Python error.

Every public ``Client`` method and module-level function is called with valid arguments except for
one position, which gets arbitrary garbage (None, huge and negative ints, nan/inf, str with lone
surrogates, bytes, containers of garbage, deep nesting, callables, malformed policies, meta,
operations and batch records). Each call must either succeed or raise an ``AerospikeError`` with an
int ``code`` and a non-empty ``msg``; when it raises, a fixed set of records written before must
read back unchanged.
"""

from __future__ import annotations

import collections
import enum
import inspect
import logging
import os
import reprlib
import uuid
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

import aeromodel.client as aerospike
from aeromodel.client import exception, log, policies
from aeromodel.client.codec import Serializers
from aeromodel.client.engine.engine import Engine
from aeromodel.client.helpers import cdt_ctx, expressions, operations
from aeromodel.client.helpers.batch.records import BatchRecord, BatchRecords, Read, Remove, Write
from aeromodel.client.values import Expression

SETTINGS = settings(
    max_examples=int(os.environ.get("BAD_INPUT_EXAMPLES", "25")),  # more for a deeper hunt
    deadline=None,
    database=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.function_scoped_fixture,
        HealthCheck.filter_too_much,
    ],
)

# -- the records that must survive every failed call -----------------------------------------

K1 = ("test", "demo", 1)
K2 = ("test", "demo", "two")
K3 = ("test", None, b"three")
K4 = ("bar", "other", 4)
MISSING = ("test", "demo", "missing")
SEED: dict[tuple[Any, ...], dict[str, Any]] = {
    K1: {"a": 1, "s": "x", "f": 1.5},
    K2: {"a": 2, "l": [1, "two", [3.0]], "m": {"k": b"v", 1: None}},
    K3: {"b": b"\x00\x01", "s": "three"},
    K4: {"a": 4, "g": aerospike.GeoJSON({"type": "Point", "coordinates": [1.0, 2.0]})},
}
NODE = object()  # replaced by the client's node name at call time

_short = reprlib.Repr()
_short.maxstring = 40
_short.maxother = 40


def _describe(value: Any) -> str:
    try:
        return _short.repr(value)
    except Exception:
        return f"<{type(value).__name__}>"


class Harness:
    """An embedded client on its own engine, seeded with SEED."""

    def __init__(self) -> None:
        self.name = f"bad-input-{uuid.uuid4().hex}"
        self.client = aerospike.client({"embedded": {"name": self.name}})
        self.node = self.client.get_node_names()[0]["node_name"]
        self.reseed()

    def close(self) -> None:
        self.client.close()
        Engine.drop(self.name)

    def reseed(self) -> None:
        self.client.connect()
        for key, bins in SEED.items():
            self.client.put(key, bins, policy={"exists": aerospike.POLICY_EXISTS_CREATE_OR_REPLACE})

    def snapshot(self) -> dict[Any, Any]:
        """The stored SEED records (read without any module-level deserializer a test set)."""
        out: dict[Any, Any] = {}
        deserializer, Serializers.deserializer = Serializers.deserializer, None
        try:
            for key in SEED:
                try:
                    rec = self.client.get(key)
                except exception.RecordNotFound:
                    out[key] = None
                else:
                    out[key] = (dict(rec.meta), rec.bins)
        finally:
            Serializers.deserializer = deserializer
        return out

    def attempt(self, what: str, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """Call fn; it must succeed or raise a well-formed AerospikeError that left SEED alone."""
        self.reseed()
        before = self.snapshot()
        args = tuple(self.node if a is NODE else a for a in args)
        try:
            out = fn(*args, **kwargs)
        except exception.AerospikeError as err:
            event(f"{what}: {type(err).__name__}")
            assert isinstance(err.code, int), f"{what}: code {err.code!r}"
            assert isinstance(err.msg, str) and err.msg, f"{what}: msg {err.msg!r}"
            self.client.connect()
            after = self.snapshot()
            assert after == before, f"{what} raised {err!r} but changed stored data"
            return err
        except Exception as err:
            shown = ", ".join(
                [_describe(a) for a in args] + [f"{k}={_describe(v)}" for k, v in kwargs.items()]
            )
            raise AssertionError(
                f"{what}({shown}) raised {type(err).__name__}: {_describe(str(err))}"
            ) from err
        event(f"{what}: succeeded")
        return out


@pytest.fixture
def harness() -> Iterator[Harness]:
    h = Harness()
    yield h
    h.close()


# -- garbage ------------------------------------------------------------------------------------


class _Color(enum.IntEnum):
    RED = 1


class _Str(str):
    """A str subclass: stored as a plain str."""


class _Dict(dict[str, Any]):
    """A dict subclass: stored as a map."""


class _Opaque:
    """A type the server has no type for: pickled."""


def _deep_list(depth: int) -> Any:
    v: Any = []
    for _ in range(depth):
        v = [v]
    return v


def _deep_tuple(depth: int) -> Any:
    v: Any = ()
    for _ in range(depth):
        v = (v,)
    return v


def _deep_dict(depth: int) -> Any:
    v: Any = {}
    for _ in range(depth):
        v = {"k": v}
    return v


_Pair = collections.namedtuple("_Pair", "x y")

HUGE_INTS = [2**63, -(2**63) - 1, 2**64, 2**32, -(2**31), 0xFFFFFFFD]


def _too_long_for_str(sign: int) -> int:
    """An int with more digits than str() converts (ValueError from repr, f-strings, str())."""
    return sign * 10**5000


TOO_LONG_INTS = st.builds(_too_long_for_str, st.sampled_from([1, -1]))
ODD_STRS = ["", "\ud800", "a\x00b", "x" * 70, "\u00e9" * 40, "sixteen_bytes_xx", " ", "\n"]
ODD_OBJECTS = [
    object(),
    _Opaque(),
    len,
    lambda *a: None,
    type,
    int,
    aerospike.null(),
    aerospike.GeoJSON({"type": "Point", "coordinates": [0.0, 0.0]}),
    aerospike.GeoJSON({"not json": {1, 2}}),
    aerospike.KeyOrderedDict({1: 2, "a": [1]}),
    Ellipsis,
    NotImplemented,
    complex(1, 2),
    Decimal("1.5"),
    range(3),
    memoryview(b"ab"),
    frozenset({1, "a"}),
    _Color.RED,
    _Str("test"),
    _Dict(a=1),
    _Pair("test", "demo"),
    ValueError("boom"),
    BatchRecords(),
    aerospike.CDTWildcard(),
    aerospike.CDTInfinite(),
]


def _hashable(value: Any) -> bool:
    try:
        hash(value)
    except Exception:
        return False
    return True


HASHABLE_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.sampled_from(HUGE_INTS),
    TOO_LONG_INTS,
    st.floats(),
    st.text(max_size=12),
    st.sampled_from(ODD_STRS),
    st.binary(max_size=12),
    st.sampled_from([o for o in ODD_OBJECTS if _hashable(o)]),
)
HASHABLE = st.recursive(
    HASHABLE_SCALARS, lambda kids: st.tuples(kids, kids) | st.frozensets(kids, max_size=3),
    max_leaves=4,
)
SCALARS = st.one_of(
    HASHABLE_SCALARS,
    st.binary(max_size=12).map(bytearray),
    st.sampled_from(ODD_OBJECTS),
    st.sampled_from([set(), {1, 2}, bytearray()]),
)
DEEP = st.one_of(
    st.integers(257, 3000).map(_deep_list),
    st.integers(257, 3000).map(_deep_tuple),
    st.integers(257, 3000).map(_deep_dict),
)
GARBAGE = st.one_of(
    st.recursive(
        SCALARS,
        lambda kids: st.one_of(
            st.lists(kids, max_size=4),
            st.lists(kids, max_size=4).map(tuple),
            st.dictionaries(HASHABLE, kids, max_size=4),
            st.sets(HASHABLE, max_size=3),
        ),
        max_leaves=10,
    ),
    DEEP,
)

# -- structured garbage: keys, bins, policies, meta, operations, batch records ----------------

NAMESPACES = st.one_of(
    st.sampled_from(["test", "bar", "nope", "", "test\nbogus", "test;set=demo", "\ud800"]), GARBAGE
)
SETS = st.one_of(
    st.sampled_from(
        ["demo", None, "", "x" * 64, "\ud800", "\ud800" * 64, "demo\nbogus", "x;lut=abc", "a\tb"]
    ),
    GARBAGE,
)
USER_KEYS = st.one_of(st.sampled_from([1, "two", b"three", b"", True, None]), GARBAGE)
DIGESTS = st.one_of(st.binary(min_size=20, max_size=20), st.binary(max_size=25), GARBAGE)
KEY_GARBAGE = st.one_of(
    st.tuples(NAMESPACES, SETS, USER_KEYS),
    st.tuples(NAMESPACES, SETS, USER_KEYS, DIGESTS),
    st.tuples(st.just("test"), st.just("demo"), USER_KEYS),
    st.tuples(st.just("test"), st.just("demo"), st.none(), DIGESTS),
    st.lists(GARBAGE, max_size=5).map(tuple),
    GARBAGE,
)
VALID_KEYS = st.sampled_from([K1, K2, K3, K4, MISSING])

BIN_NAMES = st.one_of(
    st.sampled_from(["a", "s", "n", "l", "", "x" * 16, "\ud800", "\u00e9" * 8]), HASHABLE
)
BINS_GARBAGE = st.one_of(
    st.dictionaries(BIN_NAMES, GARBAGE, max_size=4),
    st.dictionaries(st.sampled_from(["a", "n"]), GARBAGE, min_size=1, max_size=2),
    GARBAGE,
)
BIN_LIST_GARBAGE = st.one_of(st.lists(BIN_NAMES, max_size=4), st.lists(BIN_NAMES).map(tuple), GARBAGE)

POLICY_KEYS = sorted({key for spec in policies._VALIDATORS.values() for key in spec})
CONSTANT_INTS = sorted({v for v in vars(aerospike).values() if type(v) is int})
POLICY_VALUES = st.one_of(
    GARBAGE, st.sampled_from(CONSTANT_INTS), st.integers(-5, 70_000), st.sampled_from([[], {}])
)
POLICY_GARBAGE = st.one_of(
    st.dictionaries(st.sampled_from(POLICY_KEYS), POLICY_VALUES, max_size=4),
    st.dictionaries(st.one_of(st.sampled_from(POLICY_KEYS), HASHABLE), POLICY_VALUES, max_size=3),
    GARBAGE,
)
META_GARBAGE = st.one_of(
    st.dictionaries(
        st.one_of(st.sampled_from(["gen", "ttl"]), HASHABLE),
        st.one_of(GARBAGE, st.integers(-5, 2**33), st.sampled_from(HUGE_INTS), TOO_LONG_INTS),
        max_size=3,
    ),
    GARBAGE,
)

SCALAR_OPERATORS = [
    aerospike.OPERATOR_READ,
    aerospike.OPERATOR_WRITE,
    aerospike.OPERATOR_INCR,
    aerospike.OPERATOR_APPEND,
    aerospike.OPERATOR_PREPEND,
    aerospike.OPERATOR_TOUCH,
    aerospike.OPERATOR_DELETE,
]
OP_CODES = st.one_of(st.sampled_from(SCALAR_OPERATORS), st.integers(-3, 5000), GARBAGE)
OP_VALUES = st.one_of(st.sampled_from([1, 1.5, "x", b"y", -2**63, 2**63 - 1]), GARBAGE)


@st.composite
def _op_dicts(draw: st.DrawFn) -> Any:
    op: dict[Any, Any] = draw(st.dictionaries(HASHABLE, GARBAGE, max_size=2))
    op.update(
        draw(
            st.fixed_dictionaries(
                {}, optional={"op": OP_CODES, "bin": BIN_NAMES, "val": OP_VALUES}
            )
        )
    )
    return op


VALID_OPS = st.sampled_from(
    [
        [operations.read("a")],
        [operations.write("n", 1), operations.read("n")],
        [operations.increment("a", 1)],
        [{"op": aerospike.OPERATOR_TOUCH, "val": 60}, operations.read("a")],
    ]
).map(lambda ops: [dict(o) for o in ops])
VALID_READ_OPS = st.sampled_from([[operations.read("a")], [operations.read("s")]]).map(
    lambda ops: [dict(o) for o in ops]
)
OPS_GARBAGE = st.one_of(
    st.lists(_op_dicts(), max_size=4),
    st.lists(st.one_of(_op_dicts(), GARBAGE), max_size=3),
    st.lists(_op_dicts(), max_size=3).map(tuple),
    GARBAGE,
)
KEYS_GARBAGE = st.one_of(
    st.lists(st.one_of(VALID_KEYS, KEY_GARBAGE), max_size=4),
    st.lists(VALID_KEYS, max_size=3).map(tuple),
    GARBAGE,
)
BATCH_FIELDS = {
    "key": st.one_of(VALID_KEYS, KEY_GARBAGE),
    "ops": st.one_of(VALID_OPS, OPS_GARBAGE),
    "meta": META_GARBAGE,
    "policy": POLICY_GARBAGE,
    "read_all_bins": GARBAGE,
    "result": GARBAGE,
    "record": GARBAGE,
}


@st.composite
def _batch_record(draw: st.DrawFn) -> Any:
    kind = draw(st.sampled_from(["read", "read_ops", "write", "remove", "bare", "garbage"]))
    key = draw(VALID_KEYS)
    if kind == "garbage":
        return draw(GARBAGE)
    if kind == "bare":  # the right class, built without its fields
        cls = draw(st.sampled_from([Read, Write, Remove, BatchRecord]))
        return cls.__new__(cls)
    if kind == "read":
        br: Any = Read(key, read_all_bins=draw(st.booleans()))
    elif kind == "read_ops":
        br = Read(key, draw(VALID_READ_OPS))
    elif kind == "write":
        br = Write(key, draw(VALID_OPS))
    else:
        br = Remove(key)
    for field in draw(st.lists(st.sampled_from(sorted(BATCH_FIELDS)), max_size=2, unique=True)):
        setattr(br, field, draw(BATCH_FIELDS[field]))
    return br


@st.composite
def _valid_batch(draw: st.DrawFn) -> BatchRecords:
    return BatchRecords(
        [
            Read(K1, read_all_bins=True),
            Read(K2, [operations.read("a")]),
            Write(MISSING, [operations.write("n", 1)]),
            Remove(("test", "demo", "gone")),
        ][: draw(st.integers(1, 4))]
    )


@st.composite
def _batch_garbage(draw: st.DrawFn) -> Any:
    kind = draw(st.sampled_from(["records", "records", "attr", "garbage"]))
    if kind == "garbage":
        return draw(GARBAGE)
    out = BatchRecords(draw(st.lists(_batch_record(), max_size=4)))
    if kind == "attr":
        out.batch_records = draw(GARBAGE)
    return out


INFO_COMMANDS = st.one_of(
    st.sampled_from(
        [
            "namespaces", "build", "sets", "sets/test", "sets/test/demo", "sets/nope/x",
            "namespace/test", "namespace/nope", "statistics", "", "\n\n", "bogus", "\ud800",
            "truncate:namespace=test;set=nothing;lut=abc", "truncate:namespace=test;set=",
            "truncate:namespace=nope;set=x", "truncate-namespace:namespace=nope;lut=-5",
            "truncate:namespace=test;set=nothing;lut=" + "9" * 5000,
            "truncate:namespace=test;set=nothing;lut=\u0663", "truncate:lut=1",
            "namespace/", "sets//", "node\nbuild\n",
        ]
    ),
    st.text(max_size=30),
    GARBAGE,
)
HOST_TUPLES = st.one_of(
    st.sampled_from([("127.0.0.1", 3000), ("localhost", 3000), ("10.0.0.1", 3000)]),
    st.tuples(GARBAGE, GARBAGE),
    st.tuples(GARBAGE, GARBAGE, GARBAGE),
    GARBAGE,
)
HOSTS_GARBAGE = st.one_of(st.lists(HOST_TUPLES, max_size=3), GARBAGE)


def _slot(valid: Any, garbage: st.SearchStrategy[Any]) -> tuple[st.SearchStrategy[Any], Any]:
    return (valid if isinstance(valid, st.SearchStrategy) else st.just(valid), garbage)


KEY = _slot(VALID_KEYS, KEY_GARBAGE)
POLICY = _slot(st.sampled_from([None, {}, {"total_timeout": 1000}]), POLICY_GARBAGE)
META = _slot(st.sampled_from([None, {}, {"ttl": 100}, {"gen": 0}]), META_GARBAGE)
BIN = _slot(st.sampled_from(["a", "s"]), BIN_NAMES)
BIN_LIST = _slot(st.sampled_from([["a"], ["a", "s"]]), BIN_LIST_GARBAGE)
OPS = _slot(VALID_OPS, OPS_GARBAGE)
READ_OPS = _slot(VALID_READ_OPS, OPS_GARBAGE)
KEYS = _slot(st.sampled_from([[K1, K2], [K3, MISSING], (K4,)]), KEYS_GARBAGE)
COMMAND = _slot(st.sampled_from(["namespaces", "build", "sets/test"]), INFO_COMMANDS)


def _value(valid: Any) -> tuple[st.SearchStrategy[Any], Any]:
    return _slot(valid, st.one_of(OP_VALUES, GARBAGE))


MBIN = _slot("m", BIN_NAMES)
MAP_KEY = _slot(st.sampled_from(["k", 1]), st.one_of(OP_VALUES, GARBAGE))
MAP_INT = _slot(st.sampled_from([0, 1, -1]), st.one_of(st.sampled_from(HUGE_INTS), GARBAGE))
MAP_RT = _slot(st.sampled_from([0, 5, 7, 8]), st.one_of(st.sampled_from(HUGE_INTS), GARBAGE))
MAP_LIST = _slot(st.sampled_from([["k"], []]), GARBAGE)
MAP_POLICY = _slot(st.sampled_from([None, {"map_order": 1}]), POLICY_GARBAGE)
INDEX = _slot(st.sampled_from([0, 1, -1]), st.one_of(st.sampled_from(HUGE_INTS), GARBAGE))
GARBAGE_SLOT = _slot(st.just(1), GARBAGE)
IX_NS = _slot(st.sampled_from(["test", "nope"]), NAMESPACES)
IX_SET = _slot(st.sampled_from(["sidx_bad", None]), SETS)
IX_NAME = _slot(st.sampled_from(["sidx_a", "sidx_b"]), st.one_of(st.text(max_size=70), GARBAGE))
IX_DTYPE = _slot(st.sampled_from([aerospike.INDEX_NUMERIC, aerospike.INDEX_STRING]), GARBAGE)
IX_ITYPE = _slot(st.sampled_from([0, 1, 2, 3]), GARBAGE)
IX_CTX = _slot(st.sampled_from([None, [cdt_ctx.cdt_ctx_list_index(0)]]), GARBAGE)


# method -> the slots of its positional arguments (attacked one at a time).
METHODS: dict[str, list[tuple[st.SearchStrategy[Any], Any]]] = {
    "put": [
        KEY,
        _slot(
            st.sampled_from([{"a": 5}, {"n": [1, {"x": 2}], "s": None}, {"o": {1, 2}}]),
            BINS_GARBAGE,
        ),
        META,
        POLICY,
        _slot(st.sampled_from([None, aerospike.SERIALIZER_PYTHON]), GARBAGE),
    ],
    "get": [KEY, POLICY],
    "select": [KEY, BIN_LIST, POLICY],
    "exists": [KEY, POLICY],
    "touch": [KEY, _slot(st.sampled_from([0, 100, -1]), GARBAGE), META, POLICY],
    "remove": [KEY, META, POLICY],
    "remove_bin": [KEY, BIN_LIST, META, POLICY],
    "append": [KEY, _slot("s", BIN_NAMES), _value("y"), META, POLICY],
    "prepend": [KEY, _slot("s", BIN_NAMES), _value("y"), META, POLICY],
    "increment": [KEY, BIN, _value(1), META, POLICY],
    "operate": [KEY, OPS, META, POLICY],
    "operate_ordered": [KEY, OPS, META, POLICY],
    "get_many": [KEYS, POLICY],
    "exists_many": [KEYS, POLICY],
    "select_many": [KEYS, BIN_LIST, POLICY],
    "batch_get_ops": [KEYS, READ_OPS, POLICY],
    "batch_read": [KEYS, _slot(st.sampled_from([None, [], ["a"]]), BIN_LIST_GARBAGE), POLICY],
    "batch_write": [_slot(_valid_batch(), _batch_garbage()), POLICY],
    "batch_operate": [KEYS, OPS, POLICY, POLICY, _slot(st.sampled_from([None, 0, 60]), GARBAGE)],
    "batch_remove": [KEYS, POLICY, POLICY],
    # Map convenience methods (bin "m" holds no map on the harness records: 12, or a new map).
    "map_set_policy": [KEY, MBIN, MAP_POLICY],
    "map_put": [KEY, MBIN, MAP_KEY, _value(1), MAP_POLICY, META, POLICY],
    "map_put_items": [KEY, MBIN, _slot({"k": 1}, GARBAGE), MAP_POLICY, META, POLICY],
    "map_increment": [KEY, MBIN, MAP_KEY, _value(1), MAP_POLICY, META, POLICY],
    "map_decrement": [KEY, MBIN, MAP_KEY, _value(1), MAP_POLICY, META, POLICY],
    "map_size": [KEY, MBIN, META, POLICY],
    "map_clear": [KEY, MBIN, META, POLICY],
    **{
        name: [KEY, MBIN, *extra, MAP_RT, META, POLICY]
        for name, extra in {
            "map_remove_by_key": [MAP_KEY],
            "map_remove_by_key_list": [MAP_LIST],
            "map_remove_by_key_range": [MAP_KEY, MAP_KEY],
            "map_remove_by_value": [_value(1)],
            "map_remove_by_value_list": [MAP_LIST],
            "map_remove_by_value_range": [_value(1), _value(2)],
            "map_remove_by_index": [MAP_INT],
            "map_remove_by_index_range": [MAP_INT, MAP_INT],
            "map_remove_by_rank": [MAP_INT],
            "map_remove_by_rank_range": [MAP_INT, MAP_INT],
            "map_get_by_key": [MAP_KEY],
            "map_get_by_key_range": [MAP_KEY, MAP_KEY],
            "map_get_by_key_list": [MAP_LIST],
            "map_get_by_value": [_value(1)],
            "map_get_by_value_range": [_value(1), _value(2)],
            "map_get_by_value_list": [MAP_LIST],
            "map_get_by_index": [MAP_INT],
            "map_get_by_index_range": [MAP_INT, MAP_INT],
            "map_get_by_rank": [MAP_INT],
            "map_get_by_rank_range": [MAP_INT, MAP_INT],
        }.items()
    },
    "truncate": [
        _slot(st.sampled_from(["test", "nope"]), NAMESPACES),
        _slot(st.sampled_from(["nothing", None]), SETS),
        _slot(0, st.one_of(st.sampled_from(HUGE_INTS), TOO_LONG_INTS, GARBAGE)),
        POLICY,
    ],
    "info": [COMMAND, _slot(st.sampled_from([None, [("127.0.0.1", 3000)]]), HOSTS_GARBAGE), POLICY],
    "info_all": [COMMAND, POLICY],
    "info_node": [COMMAND, _slot(("127.0.0.1", 3000), HOST_TUPLES), POLICY],
    "info_single_node": [COMMAND, _slot(NODE, GARBAGE), POLICY],
    "info_random_node": [COMMAND, POLICY],
    "get_key_digest": [
        _slot("test", NAMESPACES),
        _slot(st.sampled_from(["demo", None]), SETS),
        _slot(st.sampled_from([1, "k", b"k"]), USER_KEYS),
    ],
    "get_key_partition_id": [
        _slot("test", NAMESPACES),
        _slot("demo", SETS),
        _slot(st.sampled_from([1, "k", b"k"]), USER_KEYS),
    ],
    "connect": [_slot(None, GARBAGE), _slot(None, GARBAGE)],
    "list_append": [KEY, BIN, _value(1), META, POLICY],
    "list_extend": [KEY, BIN, _value([1, 2]), META, POLICY],
    "list_insert": [KEY, BIN, INDEX, _value(1), META, POLICY],
    "list_insert_items": [KEY, BIN, INDEX, _value([1]), META, POLICY],
    "list_pop": [KEY, BIN, INDEX, META, POLICY],
    "list_pop_range": [KEY, BIN, INDEX, INDEX, META, POLICY],
    "list_remove": [KEY, BIN, INDEX, META, POLICY],
    "list_remove_range": [KEY, BIN, INDEX, INDEX, META, POLICY],
    "list_clear": [KEY, BIN, META, POLICY],
    "list_set": [KEY, BIN, INDEX, _value(1), META, POLICY],
    "list_get": [KEY, BIN, INDEX, META, POLICY],
    "list_get_range": [KEY, BIN, INDEX, INDEX, META, POLICY],
    "list_trim": [KEY, BIN, INDEX, INDEX, META, POLICY],
    "list_size": [KEY, BIN, META, POLICY],
    "get_cdtctx_base64": [_slot(st.just([cdt_ctx.cdt_ctx_list_index(0)]), GARBAGE)],
    "get_expression_base64": [
        _slot(st.just(expressions.Eq(expressions.IntBin("a"), 1).compile()), GARBAGE)
    ],
    **{
        name: [IX_NS, IX_SET, BIN, IX_NAME, POLICY]
        for name in (
            "index_integer_create", "index_string_create", "index_blob_create",
            "index_geo2dsphere_create",
        )
    },
    **{
        name: [IX_NS, IX_SET, BIN, IX_DTYPE, IX_NAME, POLICY, IX_CTX]
        for name in (
            "index_single_value_create", "index_list_create", "index_map_keys_create",
            "index_map_values_create",
        )
    },
    "index_cdt_create": [
        IX_NS, IX_SET, BIN, IX_ITYPE, IX_DTYPE, IX_NAME,
        _slot(st.just([cdt_ctx.cdt_ctx_list_index(0)]), GARBAGE), POLICY,
    ],
    "index_expr_create": [
        IX_NS, IX_SET, IX_ITYPE, IX_DTYPE, _slot(st.just(Expression(b"\x93Q\x02\xa1x")), GARBAGE),
        IX_NAME, POLICY,
    ],
    "index_remove": [IX_NS, IX_NAME, POLICY],
    "scan": [IX_NS, IX_SET],
    "query": [IX_NS, IX_SET],
    "scan_apply": [IX_NS, IX_SET, IX_NAME, IX_NAME, GARBAGE_SLOT, POLICY],
    "query_apply": [IX_NS, IX_SET, GARBAGE_SLOT, IX_NAME, IX_NAME, GARBAGE_SLOT, POLICY],
    "job_info": [GARBAGE_SLOT, IX_NAME, POLICY],
    "scan_info": [GARBAGE_SLOT, POLICY],
    "apply": [KEY, IX_NAME, IX_NAME, GARBAGE_SLOT, POLICY],
    "batch_apply": [KEYS, IX_NAME, IX_NAME, GARBAGE_SLOT, POLICY, POLICY],
    "udf_put": [IX_NAME, GARBAGE_SLOT, POLICY],
    "udf_remove": [IX_NAME, POLICY],
    "udf_list": [POLICY],
    "udf_get": [IX_NAME, GARBAGE_SLOT, POLICY],
}


@st.composite
def _call(draw: st.DrawFn, slots: list[tuple[st.SearchStrategy[Any], Any]]) -> tuple[int, list[Any]]:
    """The arguments of one call: valid everywhere but one attacked position."""
    target = draw(st.integers(0, len(slots) - 1))
    args = [draw(valid) for valid, _ in slots]
    args[target] = draw(slots[target][1])
    return target, args


@pytest.mark.parametrize("method", sorted(METHODS))
def test_client_method_rejects_garbage(harness: Harness, method: str) -> None:
    slots = METHODS[method]
    params = list(inspect.signature(getattr(aerospike.Client, method)).parameters.values())[1:]
    required = sum(1 for p in params if p.default is inspect.Parameter.empty)

    @SETTINGS
    @given(call=_call(slots), cut=st.integers(required, len(slots)))
    def run(call: tuple[int, list[Any]], cut: int) -> None:
        target, args = call
        args = args[: max(cut, target + 1)]  # later optional arguments are sometimes left out
        harness.attempt(f"Client.{method}", getattr(harness.client, method), *args)

    run()


def test_every_public_method_with_arguments_is_attacked() -> None:
    """A new Client method taking arguments needs a row in METHODS."""
    public = {
        name
        for name, fn in inspect.getmembers(aerospike.Client, inspect.isfunction)
        if not name.startswith("_") and len(inspect.signature(fn).parameters) > 1
    }
    assert public - set(METHODS) == set()


def test_valid_calls_of_the_table_succeed(harness: Harness) -> None:
    """The valid side of METHODS works, so the attacks above test one bad argument each."""
    c = harness.client
    for method, args in {
        "put": (K1, {"a": 5}), "select": (K1, ["a"]), "touch": (K1, 100),
        "append": (K1, "s", "y"), "increment": (K1, "a", 1), "operate": (K1, [operations.read("a")]),
        "batch_write": (BatchRecords([Read(K1, read_all_bins=True)]),),
        "truncate": ("test", "nothing", 0), "info_node": ("namespaces", ("127.0.0.1", 3000)),
        "info_single_node": ("build", harness.node), "get_key_digest": ("test", "demo", 1),
    }.items():
        getattr(c, method)(*args)


# -- module level ---------------------------------------------------------------------------------


def _exercise(c: aerospike.Client, h: Harness) -> None:
    for what, fn, args in [
        ("put", c.put, (("test", "s", 1), {"a": 1, "o": _Opaque()})),
        ("get", c.get, (("test", "s", 1),)),
        ("get", c.get, (K1,)),
        ("operate", c.operate, (("test", "s", 1), [operations.increment("a", 1)], {"ttl": 30})),
        ("info_all", c.info_all, ("namespaces",)),
        ("batch_read", c.batch_read, ([K1, ("test", "s", 1)],)),
    ]:
        h.attempt(f"Client.{what} on the new client", fn, *args)


NS_SETTINGS = st.one_of(
    st.dictionaries(
        st.one_of(
            st.sampled_from(
                ["default-ttl", "max-record-size", "nsup-period", "allow-ttl-without-nsup",
                 "nsup_period"]
            ),
            HASHABLE,
        ),
        st.one_of(st.integers(-1, 2**24), st.booleans(), GARBAGE),
        max_size=3,
    ),
    GARBAGE,
)
CONFIG_PARTS: dict[str, st.SearchStrategy[Any]] = {
    "embedded": GARBAGE,
    "embedded.name": GARBAGE,
    "embedded.namespaces": st.one_of(
        st.dictionaries(
            st.one_of(st.sampled_from(["users", "test", "x" * 40, ""]), HASHABLE),
            NS_SETTINGS,
            max_size=2,
        ),
        GARBAGE,
    ),
    "embedded.clock": GARBAGE,
    "hosts": GARBAGE,
    "policies": st.one_of(
        st.dictionaries(
            st.one_of(st.sampled_from(sorted(policies.CONFIG_KINDS)), st.text(max_size=8)),
            POLICY_GARBAGE,
            max_size=2,
        ),
        st.dictionaries(st.sampled_from(POLICY_KEYS), POLICY_VALUES, max_size=2),
        POLICY_GARBAGE,
    ),
    "serialization": st.one_of(
        st.tuples(GARBAGE, GARBAGE), st.tuples(st.sampled_from(ODD_OBJECTS), st.just(None)), GARBAGE
    ),
    "send_bool_as": st.one_of(st.sampled_from([aerospike.AS_BOOL, aerospike.INTEGER]), GARBAGE),
    "extra": st.dictionaries(st.text(max_size=8), GARBAGE, max_size=2),
}


@st.composite
def _configs(draw: st.DrawFn) -> Any:
    """A valid embedded config with one part replaced by garbage (or garbage as a whole)."""
    part = draw(st.sampled_from(["config", *sorted(CONFIG_PARTS)]))
    if part == "config":
        return draw(GARBAGE)
    embedded: dict[str, Any] = {"name": f"bad-cfg-{uuid.uuid4().hex}"}
    config: dict[str, Any] = {"embedded": embedded}
    value = draw(CONFIG_PARTS[part])
    if part == "extra":
        config.update(value)
    elif part.startswith("embedded."):
        embedded[part.partition(".")[2]] = value
    else:
        config[part] = value
    return config


@SETTINGS
@given(config=_configs())
def test_client_factory_rejects_garbage(config: Any) -> None:
    h = Harness()
    before = set(Engine._registry)
    try:
        made = h.attempt("aerospike.client", aerospike.client, config)
        if isinstance(made, aerospike.Client):
            _exercise(made, h)
            made.close()
    finally:
        for name in set(Engine._registry) - before:
            Engine.drop(name)
        h.close()


@SETTINGS
@given(ns=NAMESPACES, set_name=SETS, key=USER_KEYS, target=st.integers(0, 2))
def test_calc_digest_rejects_garbage(harness: Harness, ns: Any, set_name: Any, key: Any,
                                     target: int) -> None:
    args = [["test", "demo", 1][i] if i != target else (ns, set_name, key)[i] for i in range(3)]
    out = harness.attempt("aerospike.calc_digest", aerospike.calc_digest, *args)
    if not isinstance(out, exception.AerospikeError):
        assert isinstance(out, bytearray) and len(out) == 20


CALLABLES = st.sampled_from(
    [len, type, int, str, repr, bytes, _Opaque, lambda *a: None, lambda v: b"x", lambda v: "x",
     lambda v: 1 / 0, lambda *a: _deep_list(3000)]
)


@SETTINGS
@given(fn=st.one_of(CALLABLES, GARBAGE), which=st.sampled_from(["serializer", "deserializer"]))
def test_serializers_reject_garbage(harness: Harness, fn: Any, which: str) -> None:
    setter = aerospike.set_serializer if which == "serializer" else aerospike.set_deserializer
    try:
        out = harness.attempt(f"aerospike.set_{which}", setter, fn)
        if out == 0:
            c = harness.client
            key = ("test", "ser", 1)
            harness.attempt(
                "put with SERIALIZER_USER", c.put, key, {"o": _Opaque(), "b": b"raw"},
                None, None, aerospike.SERIALIZER_USER,
            )
            harness.attempt("get through the deserializer", c.get, key)
            harness.attempt("get through the deserializer", c.get, K3)
    finally:
        aerospike.unset_serializers()


@SETTINGS
@given(
    level=st.one_of(st.integers(-3, 6), GARBAGE),
    handler=st.one_of(CALLABLES, GARBAGE),
    which=st.integers(0, 1),
)
def test_logging_rejects_garbage(harness: Harness, level: Any, handler: Any, which: int) -> None:
    old_level = log.logger.level
    old_raise = logging.raiseExceptions
    logging.raiseExceptions = False  # a garbage handler's failures are logging's to report
    try:
        if which:
            harness.attempt("aerospike.set_log_handler", aerospike.set_log_handler, handler)
        else:
            harness.attempt("aerospike.set_log_level", aerospike.set_log_level, level)
        aerospike.set_log_level(aerospike.LOG_LEVEL_TRACE)
        h = Harness()  # logs at debug level through whatever handler is set
        h.close()
    finally:
        aerospike.set_log_handler(None)
        log.logger.setLevel(old_level)
        logging.raiseExceptions = old_raise


GEO_DATA = st.one_of(
    st.fixed_dictionaries(
        {"type": st.one_of(st.sampled_from(["Point", "Polygon", "AeroCircle"]), GARBAGE)},
        optional={"coordinates": st.one_of(st.lists(st.floats(), max_size=2), GARBAGE)},
    ),
    st.dictionaries(HASHABLE, GARBAGE, max_size=3),
    GARBAGE,
)
GEO_TEXT = st.one_of(
    st.sampled_from(
        [
            '{"type": "Point", "coordinates": [1, 2]}', "[1, 2]", "{", "", "null", "NaN",
            '{"a": ' * 3000 + "1" + "}" * 3000, "[" * 3000 + "]" * 3000, "\ud800",
            '{"a": 1e999999}', '{"a": ' + "9" * 5000 + "}",
        ]
    ),
    st.text(max_size=20),
    GARBAGE,
)


@SETTINGS
@given(
    make=st.sampled_from(["geodata", "geojson", "GeoJSON"]),
    arg=st.one_of(GEO_DATA, GEO_TEXT, GEO_DATA.filter(lambda d: isinstance(d, dict))),
    calls=st.lists(
        st.tuples(
            st.sampled_from(
                ["wrap", "unwrap", "loads", "dumps", "str", "repr", "hash", "eq", "store"]
            ),
            st.one_of(GEO_DATA, GEO_TEXT),
        ),
        max_size=4,
    ),
)
def test_geojson_rejects_garbage(
    harness: Harness, make: str, arg: Any, calls: list[tuple[str, Any]]
) -> None:
    factory = {
        "geodata": aerospike.geodata, "geojson": aerospike.geojson, "GeoJSON": aerospike.GeoJSON,
    }[make]
    geo = harness.attempt(f"aerospike.{make}", factory, arg)
    if not isinstance(geo, aerospike.GeoJSON):
        return
    for name, value in calls:
        fn: Callable[..., Any]
        args: tuple[Any, ...] = ()
        if name in ("wrap", "loads"):
            fn, args = getattr(geo, name), (value,)
        elif name in ("unwrap", "dumps"):
            fn = getattr(geo, name)
        elif name == "eq":
            fn, args = geo.__eq__, (value,)
        elif name == "store":
            fn, args = harness.client.put, (("test", "geo", 1), {"g": geo, "l": [geo]})
        else:
            fn = {"str": str, "repr": repr, "hash": hash}[name]
            args = (geo,)
        harness.attempt(f"GeoJSON.{name}", fn, *args)
        if name == "store":
            harness.attempt("get of a stored GeoJSON", harness.client.get, ("test", "geo", 1))
