"""Random sequences of record operations, run on the embedded engine and on a small model.

The model is a dict ``(namespace, digest) -> ModelRecord(gen, void_time, bins)`` that spells out the
server's rules (SERVER-FACTS.md): every answer of the engine (return value, gen/ttl metadata,
exception class and code) must equal the model's. The key space and bin names are small so that
operations collide, and a fake clock moves forward so that records expire.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from _support import ClientPool, ManualClock, strict_equal
from hypothesis import event, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

import aeromodel.client as aerospike
from aeromodel.client import exception
from aeromodel.client.helpers import operations as op
from aeromodel.client.helpers.batch.records import BatchRecord, BatchRecords

NEVER = 4294967295
INT_WRAP = 1 << 64
INT_SIGN = 1 << 63

# Two namespaces: "test" never expires by default, "smttl" has a default-ttl of 50 s.
DEFAULT_TTL = {"test": 0, "smttl": 50}
# ("test", "sm", 1) and ("smttl", "sm", 1) share a digest in different namespaces.
KEYS: list[tuple[str, str, Any]] = [
    ("test", "sm", 1),
    ("test", "sm", "one"),
    ("smttl", "sm", 1),
    ("smttl", "sm", b"\x01"),
]
BINS = ["a", "b", "c"]

IGNORE = aerospike.POLICY_EXISTS_IGNORE
CREATE = aerospike.POLICY_EXISTS_CREATE
UPDATE = aerospike.POLICY_EXISTS_UPDATE
REPLACE = aerospike.POLICY_EXISTS_REPLACE
CREATE_OR_REPLACE = aerospike.POLICY_EXISTS_CREATE_OR_REPLACE
GEN_IGNORE = aerospike.POLICY_GEN_IGNORE
GEN_EQ = aerospike.POLICY_GEN_EQ
GEN_GT = aerospike.POLICY_GEN_GT

key_index = st.integers(min_value=0, max_value=len(KEYS) - 1)
bin_name = st.sampled_from(BINS)
values = st.one_of(
    st.integers(min_value=-5, max_value=5),
    st.sampled_from([2**63 - 1, -(2**63)]),
    st.floats(min_value=-1000, max_value=1000),
    st.text(alphabet="xyz", max_size=3),
    st.binary(max_size=2),
    st.lists(st.integers(min_value=0, max_value=3), max_size=2),
)
# 0: namespace default, -1: never expire, -2: keep the current ttl; 1 and 30 meet clock steps.
ttls = st.sampled_from([0, -1, -2, 1, 30, 77])
maybe_ttl = st.sampled_from([None, 0, -1, -2, 1, 30, 77])
int_offsets = st.one_of(st.integers(min_value=-3, max_value=3), st.sampled_from([2**63 - 1, -(2**63)]))
float_offsets = st.floats(min_value=-100, max_value=100)


class Expected(Exception):
    """The model's answer is this exception class (its ``code`` is the class's code)."""

    def __init__(self, cls: type[exception.AerospikeError]) -> None:
        super().__init__(cls.__name__)
        self.cls = cls


class ModelRecord:
    __slots__ = ("bins", "gen", "void")

    def __init__(self, gen: int, void: int, bins: dict[str, Any]) -> None:
        self.gen = gen
        # void time: the last whole second the record is alive (expired once now > void); 0 = never
        self.void = void
        self.bins = bins


# -- turning answers into plain, comparable values -----------------------------------------


def plain_key(key: Any) -> tuple[Any, ...]:
    assert isinstance(key, tuple) and len(key) == 4
    ns, set_name, user_key, digest = key
    assert type(digest) is bytearray
    return (ns, set_name, user_key, bytes(digest))


def plain_meta(meta: Any) -> dict[str, int] | None:
    if meta is None:
        return None
    assert isinstance(meta, dict)
    assert (meta.gen, meta.ttl) == (meta["gen"], meta["ttl"])
    return {"gen": meta["gen"], "ttl": meta["ttl"]}


def plain_record(rec: Any) -> Any:
    """A Record (key, meta, bins) or an ExistsResult (key, meta) as plain tuples."""
    if rec is None:
        return None
    if len(rec) == 2:
        assert isinstance(rec, aerospike.ExistsResult)
        return (plain_key(rec[0]), plain_meta(rec[1]))
    assert isinstance(rec, aerospike.Record)
    assert rec.bins is None or type(rec.bins) is dict
    return (plain_key(rec[0]), plain_meta(rec[1]), rec[2])


def plain_batch(res: Any) -> Any:
    assert isinstance(res, BatchRecords)
    out = []
    for br in res.batch_records:
        assert isinstance(br, BatchRecord)
        out.append((br.result, plain_key(br.key), plain_record(br.record), br.in_doubt))
    return (res.result, out)


# -- the machine ---------------------------------------------------------------------------


class RecordMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.clock = ManualClock()
        self.pool = ClientPool()
        self.client = self.pool.make(
            clock=self.clock, namespaces={"smttl": {"default-ttl": DEFAULT_TTL["smttl"]}}
        )
        self.records: dict[tuple[str, bytes], ModelRecord] = {}

    def teardown(self) -> None:
        self.pool.close()

    # -- model helpers -----------------------------------------------------------------

    def now(self) -> int:
        return int(self.clock())

    @staticmethod
    def slot(i: int) -> tuple[str, bytes]:
        ns, set_name, user_key = KEYS[i]
        return ns, bytes(aerospike.calc_digest(ns, set_name, user_key))

    @staticmethod
    def echoed_key(i: int, with_user_key: bool = True) -> tuple[Any, ...]:
        ns, set_name, user_key = KEYS[i]
        digest = bytes(aerospike.calc_digest(ns, set_name, user_key))
        return (ns, set_name, user_key if with_user_key else None, digest)

    def live(self, i: int) -> ModelRecord | None:
        # The server's as_record_is_expired: void_time != 0 && void_time < now (strictly).
        rec = self.records.get(self.slot(i))
        if rec is not None and rec.void and rec.void < self.now():
            del self.records[self.slot(i)]
            return None
        return rec

    def ttl_of(self, rec: ModelRecord) -> int:
        # cf_server_void_time_to_ttl: void - now, floored at 1 (a live record at its void second).
        return NEVER if rec.void == 0 else max(rec.void - self.now(), 1)

    def meta_of(self, rec: ModelRecord) -> dict[str, int]:
        return {"gen": rec.gen, "ttl": self.ttl_of(rec)}

    def void_for(self, i: int, ttl: int, rec: ModelRecord | None) -> int:
        """SERVER-FACTS: no ttl / 0 -> namespace default, -1 never, -2 keeps (new: default)."""
        if ttl == -1:
            return 0
        if ttl == -2:
            if rec is not None:
                return rec.void
            ttl = 0
        if ttl == 0:
            ttl = DEFAULT_TTL[KEYS[i][0]]
            if ttl == 0:
                return 0
        return self.now() + ttl

    def model_write(
        self,
        i: int,
        apply: Callable[[dict[str, Any]], list[tuple[str, Any]]],
        *,
        exists: int = IGNORE,
        gen_policy: int = GEN_IGNORE,
        gen: int = 0,
        ttl: int = 0,
        has_touch: bool = False,
        plain_writes: bool = True,
    ) -> tuple[dict[str, int], list[tuple[str, Any]]]:
        """One write as the server runs it: the answer's meta and the reads the ops made."""
        if exists in (REPLACE, CREATE_OR_REPLACE) and not plain_writes:
            raise Expected(exception.InvalidRequest)  # a replace takes plain bin writes only
        rec = self.live(i)
        if rec is None:
            # Update/replace policies and any command with a touch must not create a record.
            if exists in (UPDATE, REPLACE) or has_touch:
                raise Expected(exception.RecordNotFound)
            current = 0
            bins: dict[str, Any] = {}
        else:
            if exists == CREATE:
                raise Expected(exception.RecordExistsError)
            current = rec.gen
            bins = {} if exists in (REPLACE, CREATE_OR_REPLACE) else dict(rec.bins)
        # Generation check; a missing record has generation 0.
        if gen_policy == GEN_EQ and gen != current:
            raise Expected(exception.RecordGenerationError)
        if gen_policy == GEN_GT and not gen > current:
            raise Expected(exception.RecordGenerationError)
        reads = apply(bins)
        if not bins:
            if rec is None:
                raise Expected(exception.RecordNotFound)
            del self.records[self.slot(i)]  # the last bin went: so does the record
            return {"gen": 0, "ttl": NEVER}, reads  # a deleted record: void time 0, "never"
        new = ModelRecord(rec.gen + 1 if rec is not None else 1, self.void_for(i, ttl, rec), bins)
        self.records[self.slot(i)] = new
        return self.meta_of(new), reads

    @staticmethod
    def incr(bins: dict[str, Any], name: str, delta: Any) -> None:
        cur = bins.get(name)
        if cur is None:
            bins[name] = delta
        elif type(cur) is int and type(delta) is int:
            bins[name] = ((cur + delta + INT_SIGN) % INT_WRAP) - INT_SIGN
        elif type(cur) is float and type(delta) is float:
            bins[name] = cur + delta
        else:
            raise Expected(exception.BinIncompatibleType)

    @staticmethod
    def concat(bins: dict[str, Any], name: str, val: Any, before: bool) -> None:
        cur = bins.get(name)
        if cur is None:
            bins[name] = val
        elif type(cur) is type(val) and type(val) in (str, bytes):
            bins[name] = val + cur if before else cur + val
        else:
            raise Expected(exception.BinIncompatibleType)

    # -- comparing -----------------------------------------------------------------------

    def check(
        self,
        model: Callable[[], Any],
        actual: Callable[[], Any],
        convert: Callable[[Any], Any] = lambda x: x,
    ) -> None:
        """Run the model and the engine; the answers (or exception class and code) must agree."""
        try:
            expected: tuple[Any, ...] = ("ok", model())
        except Expected as err:
            expected = ("error", err.cls, err.cls.code)
        try:
            got: tuple[Any, ...] = ("ok", convert(actual()))
        except exception.AerospikeError as err:
            got = ("error", type(err), err.code)
        rule_name = model.__qualname__.split(".")[1]
        event(f"{rule_name}: {'ok' if expected[0] == 'ok' else expected[1].__name__}")
        assert got[0] == expected[0], (got, expected)
        if got[0] == "ok":
            assert strict_equal(got[1], expected[1]), (got, expected)
        else:
            assert got[1] is expected[1] and got[2] == expected[2], (got, expected)

    # -- rules -----------------------------------------------------------------------------

    @rule(
        i=key_index,
        bins=st.dictionaries(bin_name, st.one_of(values, st.none()), min_size=1, max_size=3),
        exists=st.sampled_from([IGNORE, CREATE, UPDATE, REPLACE, CREATE_OR_REPLACE]),
        gen_policy=st.sampled_from([GEN_IGNORE, GEN_EQ, GEN_GT]),
        gen=st.one_of(st.none(), st.integers(min_value=0, max_value=4)),
        ttl=maybe_ttl,
    )
    def put(
        self,
        i: int,
        bins: dict[str, Any],
        exists: int,
        gen_policy: int,
        gen: int | None,
        ttl: int | None,
    ) -> None:
        meta: dict[str, int] = {}
        if gen is not None:
            meta["gen"] = gen
        if ttl is not None:
            meta["ttl"] = ttl
        policy = {"exists": exists, "gen": gen_policy}

        def apply(stored: dict[str, Any]) -> list[tuple[str, Any]]:
            for name, value in bins.items():
                if value is None:
                    stored.pop(name, None)
                else:
                    stored[name] = value
            return []

        def model() -> int:
            if not bins:
                raise Expected(exception.InvalidRequest)  # put(key, {})
            self.model_write(
                i, apply, exists=exists, gen_policy=gen_policy, gen=gen or 0, ttl=ttl or 0,
                plain_writes=all(v is not None for v in bins.values()),
            )
            return 0

        self.check(model, lambda: self.client.put(KEYS[i], bins, meta or None, policy))

    @rule(i=key_index, exists=st.sampled_from([IGNORE, UPDATE]))
    def put_no_bins(self, i: int, exists: int) -> None:
        def model() -> int:
            raise Expected(exception.InvalidRequest)  # SERVER-FACTS: put(key, {}) is 4

        self.check(model, lambda: self.client.put(KEYS[i], {}, policy={"exists": exists}))

    @rule(i=key_index)
    def get(self, i: int) -> None:
        def model() -> Any:
            rec = self.live(i)
            if rec is None:
                raise Expected(exception.RecordNotFound)
            return (self.echoed_key(i, with_user_key=False), self.meta_of(rec), dict(rec.bins))

        self.check(model, lambda: self.client.get(KEYS[i]), plain_record)

    @rule(i=key_index, names=st.lists(bin_name, max_size=3))
    def select(self, i: int, names: list[str]) -> None:
        def model() -> Any:
            rec = self.live(i)
            if rec is None:
                raise Expected(exception.RecordNotFound)
            if not names:
                raise Expected(exception.InvalidRequest)
            return (
                self.echoed_key(i),
                self.meta_of(rec),
                {n: rec.bins[n] for n in names if n in rec.bins},
            )

        self.check(model, lambda: self.client.select(KEYS[i], names), plain_record)

    @rule(i=key_index)
    def exists(self, i: int) -> None:
        def model() -> Any:
            rec = self.live(i)
            return (self.echoed_key(i), None if rec is None else self.meta_of(rec))

        self.check(model, lambda: self.client.exists(KEYS[i]), plain_record)

    @rule(i=key_index, val=ttls)
    def touch(self, i: int, val: int) -> None:
        def model() -> int:
            self.model_write(i, lambda bins: [], ttl=val, has_touch=True)
            return 0

        self.check(model, lambda: self.client.touch(KEYS[i], val))

    @rule(i=key_index, gen=st.one_of(st.none(), st.integers(min_value=0, max_value=4)))
    def remove(self, i: int, gen: int | None) -> None:
        def model() -> int:
            rec = self.live(i)
            if rec is None:
                raise Expected(exception.RecordNotFound)
            if gen is not None and gen != rec.gen:
                raise Expected(exception.RecordGenerationError)
            del self.records[self.slot(i)]
            return 0

        if gen is None:
            self.check(model, lambda: self.client.remove(KEYS[i]))
        else:
            self.check(
                model,
                lambda: self.client.remove(KEYS[i], {"gen": gen}, {"gen": GEN_EQ}),
            )

    @rule(i=key_index, names=st.lists(bin_name, min_size=1, max_size=2))
    def remove_bin(self, i: int, names: list[str]) -> None:
        def apply(bins: dict[str, Any]) -> list[tuple[str, Any]]:
            for n in names:
                bins.pop(n, None)
            return []

        def model() -> int:
            self.model_write(i, apply)
            return 0

        self.check(model, lambda: self.client.remove_bin(KEYS[i], names))

    @rule(
        i=key_index,
        name=bin_name,
        offset=st.one_of(int_offsets, float_offsets, st.just("1")),
        ttl=maybe_ttl,
    )
    def increment(self, i: int, name: str, offset: Any, ttl: int | None) -> None:
        def apply(bins: dict[str, Any]) -> list[tuple[str, Any]]:
            self.incr(bins, name, offset)
            return []

        def model() -> int:
            if isinstance(offset, str):
                raise Expected(exception.ParamError)  # checked by the client, nothing sent
            self.model_write(i, apply, ttl=ttl or 0)
            return 0

        meta = None if ttl is None else {"ttl": ttl}
        self.check(model, lambda: self.client.increment(KEYS[i], name, offset, meta))

    @rule(
        i=key_index,
        name=bin_name,
        val=st.one_of(st.text(alphabet="pq", max_size=2), st.binary(max_size=2), st.just(7)),
        before=st.booleans(),
    )
    def append_or_prepend(self, i: int, name: str, val: Any, before: bool) -> None:
        def apply(bins: dict[str, Any]) -> list[tuple[str, Any]]:
            self.concat(bins, name, val, before)
            return []

        def model() -> int:
            if isinstance(val, int):
                raise Expected(exception.ParamError)  # an int append is refused by the client
            self.model_write(i, apply)
            return 0

        call = self.client.prepend if before else self.client.append
        self.check(model, lambda: call(KEYS[i], name, val))

    @rule(
        i=key_index,
        ops=st.lists(
            st.one_of(
                st.tuples(st.just("read"), bin_name),
                st.tuples(st.just("write"), bin_name, st.one_of(values, st.none())),
                st.tuples(st.just("incr"), bin_name, st.one_of(int_offsets, float_offsets)),
                st.tuples(st.just("append"), bin_name, st.text(alphabet="pq", max_size=2)),
                st.tuples(st.just("touch"), maybe_ttl),
                st.tuples(st.just("delete")),
            ),
            min_size=1,
            max_size=4,
        ),
        ttl=maybe_ttl,
    )
    def operate(self, i: int, ops: list[tuple[Any, ...]], ttl: int | None) -> None:
        wire: list[dict[str, Any]] = []
        touch_ttl = None
        for o in ops:
            if o[0] == "read":
                wire.append(op.read(o[1]))
            elif o[0] == "write":
                wire.append(op.write(o[1], o[2]))
            elif o[0] == "incr":
                wire.append(op.increment(o[1], o[2]))
            elif o[0] == "append":
                wire.append(op.append(o[1], o[2]))
            elif o[0] == "touch":
                # The dict form: {"op": OPERATOR_TOUCH[, "val": ttl]} (helpers' touch(ttl) is
                # deprecated in favour of the meta's ttl).
                touch: dict[str, Any] = {"op": aerospike.OPERATOR_TOUCH}
                if o[1] is not None:
                    touch["val"] = o[1]
                    touch_ttl = o[1]
                wire.append(touch)
            else:
                wire.append(op.delete())
        has_write = any(o[0] != "read" for o in ops)
        # A touch op's ttl wins over the meta's (the official client sets it after the meta's).
        effective_ttl = touch_ttl if touch_ttl is not None else (ttl if ttl is not None else 0)

        def apply(bins: dict[str, Any]) -> list[tuple[str, Any]]:
            reads: list[tuple[str, Any]] = []
            for o in ops:
                if o[0] == "read":
                    if o[1] in bins:
                        reads.append((o[1], bins[o[1]]))
                elif o[0] == "write":
                    if o[2] is None:
                        bins.pop(o[1], None)
                    else:
                        bins[o[1]] = o[2]
                elif o[0] == "incr":
                    self.incr(bins, o[1], o[2])
                elif o[0] == "append":
                    self.concat(bins, o[1], o[2], False)
                elif o[0] == "delete":
                    bins.clear()
            return reads

        def model() -> Any:
            if not has_write:
                rec = self.live(i)
                if rec is None:
                    raise Expected(exception.RecordNotFound)
                return (self.echoed_key(i), self.meta_of(rec), dict(apply(dict(rec.bins))))
            meta, reads = self.model_write(
                i, apply, ttl=effective_ttl, has_touch=any(o[0] == "touch" for o in ops)
            )
            return (self.echoed_key(i), meta, dict(reads))

        meta = None if ttl is None else {"ttl": ttl}
        self.check(model, lambda: self.client.operate(KEYS[i], wire, meta), plain_record)

    @rule(indexes=st.lists(key_index, max_size=5))
    def get_many(self, indexes: list[int]) -> None:
        def model() -> Any:
            out = []
            for i in indexes:
                rec = self.live(i)
                if rec is None:
                    out.append((self.echoed_key(i), None, None))
                else:
                    out.append((self.echoed_key(i), self.meta_of(rec), dict(rec.bins)))
            return out

        self.check(
            model,
            lambda: self.client.get_many([KEYS[i] for i in indexes]),
            lambda recs: [plain_record(r) for r in recs],
        )

    @rule(
        indexes=st.lists(key_index, max_size=5),
        names=st.one_of(st.none(), st.lists(bin_name, max_size=2)),
    )
    def batch_read(self, indexes: list[int], names: list[str] | None) -> None:
        def model() -> Any:
            out = []
            for i in indexes:
                key = self.echoed_key(i)
                rec = self.live(i)
                if rec is None:
                    out.append((2, key, None, False))
                elif names is None:
                    out.append((0, key, (key, self.meta_of(rec), dict(rec.bins)), False))
                elif not names:
                    out.append((0, key, (key, self.meta_of(rec)), False))
                else:
                    bins = {n: rec.bins[n] for n in names if n in rec.bins}
                    out.append((0, key, (key, self.meta_of(rec), bins), False))
            return (0, out)

        self.check(
            model,
            lambda: self.client.batch_read([KEYS[i] for i in indexes], names),
            plain_batch,
        )

    # 1, 30 and 50 land exactly on the void time of the ttls 1 and 30 and the default 50 (still
    # alive, ttl 1); 2, 31 and 51 land one second past it (expired).
    @rule(
        seconds=st.one_of(
            st.sampled_from([1, 2, 30, 31, 50, 51]), st.integers(min_value=1, max_value=60)
        )
    )
    def advance_clock(self, seconds: int) -> None:
        self.clock.advance(seconds)

    @invariant()
    def every_record_agrees(self) -> None:
        for i in range(len(KEYS)):
            self.get(i)

    @invariant()
    def object_counts_agree(self) -> None:
        for ns in DEFAULT_TTL:
            live = sum(
                1 for i in range(len(KEYS)) if KEYS[i][0] == ns and self.live(i) is not None
            )
            (answer,) = self.client.info_all(f"namespace/{ns}").values()
            assert answer[0] is None
            fields = dict(p.split("=", 1) for p in answer[1].strip().split(";"))
            assert int(fields["objects"]) == live


RecordMachine.TestCase.settings = settings(
    max_examples=150, stateful_step_count=30, deadline=None
)
TestRecordMachine = RecordMachine.TestCase
