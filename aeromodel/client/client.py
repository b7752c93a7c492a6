"""The client front-end: the documented ``aerospike.Client`` methods.

Each call validates its arguments, resolves its policy into wire flags once, has a builder of
``commands`` make its command (one BatchCommand for a batch), hands it to the transport with its
``Net`` settings, and turns the result into the documented return value or exception. Nothing here
knows how the transport runs the command.
"""

from __future__ import annotations

import base64
import builtins
import random
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from . import config as config_keys
from . import constants as C
from . import exception, log, result_codes
from .batching import BatchMixin
from .cdt_methods import ListMethodsMixin, MapMethodsMixin
from .cluster import ClusterTransport
from .codec import Codec
from .command import (
    NEVER_EXPIRES_TTL,
    OP_WRITE,
    Command,
    Net,
    Op,
    Result,
    ttl_of,
)
from .commands import cdt as cdt_commands
from .commands import info as build_info
from .commands import records as build
from .commands.flags import (
    ReadFlags,
    WriteFlags,
    check_meta,
    net_of,
    read_flags,
    wire_ttl,
    with_meta,
    write_flags,
)
from .commands.operations import OpCompiler
from .digest import compute_digest
from .indexes import IndexMethodsMixin
from .keys import GOOD_BIN_NAMES, check_bin_name, key_partition_id, parse_key
from .policies import PolicySet
from .policy_cache import PolicyKey, policy_key, remember
from .queries import Query, Scan
from .results import (
    AerospikeKey,
    BinTuple,
    ExistsResult,
    OperateOrderedResult,
    Record,
    RecordMetadata,
)
from .transport import Transport, embedded
from .values import IMMUTABLE, IMMUTABLE_NO_BYTES, Expression

_I64_MIN = -(2**63)
SERIALIZERS = frozenset(
    {C.SERIALIZER_NONE, C.SERIALIZER_PYTHON, C.SERIALIZER_JSON, C.SERIALIZER_USER}
)
_I64_MAX = 2**63 - 1
_WRITE_KINDS = ("write", "operate", "remove")
"""The policy kinds ``Client._writing`` serves."""
new = tuple.__new__


def raise_for(res: Result, key: Any = None, bin: Any = None) -> exception.AerospikeError:
    """The exception for a failed result, carrying the call's key (and bin, for single-bin calls)."""
    return exception.error(res.code, res.msg or result_codes.message(res.code), key=key, bin=bin)


# The official client's words for a bin name that is not text, in these calls.
_PUT_NOT_TEXT = "A bin name must be a string or unicode string."
_REMOVE_BIN_NOT_TEXT = "Invalid bin name, bin name should be a string or unicode string"


def not_connected() -> exception.AerospikeError:
    """The error every call raises on a closed client, as the official client does."""
    return exception.error(exception.ClusterError, "No connection to aerospike cluster")


def _closed(cmd: Command, net: Net | None = None) -> Result:
    raise not_connected()


class Client(BatchMixin, ListMethodsMixin, MapMethodsMixin, IndexMethodsMixin):
    """A connection to a cluster (or to an embedded engine), with the documented methods.

    Each call validates its arguments, resolves its policy (worked out once per client for no
    policy, and once per distinct dict of plain values: see ``policy_cache``), builds its command
    with the pure builders of ``commands``, hands it to the transport, and turns the result into
    the documented return value or exception.
    """

    def __init__(self, config: Mapping[str, Any], *, transport: Transport | None = None) -> None:
        """Create a client from an official-style config.

        ``transport`` replaces the backend the config names (tests pass a MockTransport).
        Raises ParamError for a bad config, or one asking for a feature that is not built.
        """
        if not isinstance(config, Mapping):
            raise exception.error(exception.ParamError, "Config must be a dict")
        hosts = config.get("hosts")
        settings = config.get("embedded")
        if settings is None and hosts is None and transport is None:
            # The official client's words (a cluster's seeds; here 'embedded' may stand instead).
            raise exception.error(exception.ParamError, "Hosts must be a list")
        config_keys.check(config)
        self._config = config
        serialization = config.get("serialization")
        ser = deser = None
        if serialization is not None:
            if not isinstance(serialization, (tuple, list)) or len(serialization) != 2:
                raise exception.error(
                    exception.ParamError,
                    "'serialization' must be a (serializer, deserializer) pair of callables",
                )
            for f, what in zip(serialization, ("Serializer", "Deserializer")):
                if f is not None and not callable(f):
                    raise exception.error(exception.ParamError, f"{what} must be callable")
            ser, deser = serialization
        send_bool_as = config.get("send_bool_as", C.AS_BOOL)
        if send_bool_as not in (C.AS_BOOL, C.INTEGER):
            raise exception.error(
                exception.ParamError,
                f"send_bool_as must be AS_BOOL or INTEGER, not {exception.describe(send_bool_as)}",
            )
        self._codec = Codec(ser, deser, 1 if send_bool_as == C.AS_BOOL else 0)
        policies = config.get("policies")
        if policies is not None and not isinstance(policies, Mapping):
            raise exception.error(exception.ParamError, "'policies' must be a dict")
        self._policies = PolicySet(policies)
        self._ops = OpCompiler(self._codec)
        self._transport: Transport
        if transport is not None:
            self._transport = transport
        elif settings is not None:
            settings = config_keys.check_embedded(settings)
            try:
                self._transport = embedded(dict(settings))
            except ValueError as err:
                raise exception.error(exception.ParamError, f"embedded config: {err}") from None
            log.logger.debug("client on embedded engine %r", settings.get("name", "default"))
        else:
            self._transport = ClusterTransport(config)
            # Connected at construction, as the official client 8.0+: no seed answering is
            # ConnectionError ("Failed to connect") here, not at the first command.
            self._transport.open()
        self._connected = True
        self._now = self._transport.now
        self._run: Callable[[Command, Net], Result] = self._transport.execute
        read = self._policies.resolve("read", None)
        self._read_default = (read_flags(read), net_of(read))
        self._write_defaults = {kind: self._write_pair(kind, None) for kind in _WRITE_KINDS}
        self._write_default = self._write_defaults["write"]
        # What a call's policy dict came to, by policy_key: the policies are this client's for
        # good (self._policies is never replaced), so an entry never goes stale.
        self._read_cache: dict[PolicyKey, tuple[ReadFlags, Net]] = {}
        self._write_cache: dict[str, dict[PolicyKey, tuple[WriteFlags, Net]]] = {
            kind: {} for kind in _WRITE_KINDS
        }

    def _meta(self, res: Result) -> RecordMetadata:
        """A result's metadata as the API reports it: the void time becomes a ttl here, once.
        (Filled item by item: a third quicker than passing a dict to RecordMetadata.)"""
        meta = RecordMetadata()
        vt = res[2]
        meta["ttl"] = ttl_of(vt, self._now()) if vt else NEVER_EXPIRES_TTL
        meta["gen"] = res[1]
        return meta

    def _meta_at(self, res: Result, now: float) -> RecordMetadata:
        """A result's metadata, its ttl counted at ``now`` (one clock reading for a batch);
        filled as ``_meta`` fills it."""
        meta = RecordMetadata()
        vt = res[2]
        meta["ttl"] = ttl_of(vt, now) if vt else NEVER_EXPIRES_TTL
        meta["gen"] = res[1]
        return meta

    def _reading(self, policy: Mapping[str, Any] | None) -> tuple[ReadFlags, Net]:
        """The flags and net settings of a read policy; a dict of plain values is worked out
        once (policy_cache). Raises ParamError for a bad policy."""
        if policy is None:
            return self._read_default
        key = policy_key(policy)
        if key is not None:
            found = self._read_cache.get(key)
            if found is None:
                pol = self._policies.resolve("read", dict(key[0]))  # the key's own items
                found = read_flags(pol), net_of(pol)
                remember(self._read_cache, key, found)
            return found
        if type(policy) is dict and len(policy) == 1:
            exp = policy.get("expressions")
            if type(exp) is Expression:  # a filter alone: the defaults with it
                flags, net = self._read_default
                return new(ReadFlags, (flags[0], flags[1], flags[2], exp, flags[4])), net
        pol = self._policies.resolve("read", policy)
        return read_flags(pol), net_of(pol)

    def _write_pair(self, kind: str, policy: Mapping[str, Any] | None) -> tuple[WriteFlags, Net]:
        """The flags (without meta) and net settings of a write-kind policy, worked out afresh.
        Raises ParamError for a bad policy."""
        pol = self._policies.resolve(kind, policy)
        return write_flags(pol, None, pol.get("generation") or None), net_of(pol)

    def _writing(
        self, kind: str, meta: Any, policy: Mapping[str, Any] | None
    ) -> tuple[WriteFlags, Net]:
        """The flags and net settings of a write-kind call (write, operate, remove): the
        policy's, remembered for a dict of plain values (policy_cache), with the call's meta over
        them (meta varies from call to call, so it is never remembered). Raises ParamError for a
        bad policy (checked first) or bad meta."""
        if policy is None:
            pair = self._write_defaults[kind]
        else:
            key = policy_key(policy)
            if key is None:
                pair = self._write_pair(kind, policy)
            else:
                cache = self._write_cache[kind]
                found = cache.get(key)
                if found is None:
                    found = self._write_pair(kind, dict(key[0]))  # the key's own items
                    remember(cache, key, found)
                pair = found
        if meta is None:
            return pair
        return with_meta(pair[0], meta), pair[1]

    # -- connection ------------------------------------------------------------------------

    def connect(self, username: str | None = None, password: str | None = None) -> Client:
        """Reconnect after close() (a no-op while connected, as in 8.0+); returns the client.

        As in the official client 8.0+, credentials belong in the config (``user``/``password``);
        the arguments here are not used.
        """
        self._transport.open()
        self._connected = True
        self._run = self._transport.execute
        return self

    def _check_connected(self) -> None:
        if not self._connected:
            raise not_connected()

    def is_connected(self) -> bool:
        """Whether the client is connected."""
        return self._connected

    def close(self) -> None:
        """Close the connection; connect() opens it again."""
        self._transport.close()
        self._connected = False
        log.logger.debug("client closed")
        self._run = _closed

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- reads -----------------------------------------------------------------------------

    def get(self, key: Any, policy: Mapping[str, Any] | None = None) -> Record:
        """Read a whole record. Raises RecordNotFound."""
        parsed = parse_key(key)
        flags, net = self._read_default if policy is None else self._reading(policy)
        res = self._run(build.get(parsed, flags), net)
        if res[0]:
            raise raise_for(res, key)
        ns, set_name, user_key, digest = parsed
        return new(Record, (
            new(AerospikeKey, (
                ns, set_name or None, user_key if flags[2] else None, bytearray(digest)
            )),
            self._meta(res),
            self._codec.bins_from_wire(res[3] or {}),
        ))

    def _get_plain(self, key: Any) -> tuple[RecordMetadata, dict[str, Any]]:
        """``get(key)`` with the default read policy, answered as a plain (meta, bins) pair: the
        model layer's read, which would only take the result objects apart again."""
        res = self._run(build.get(parse_key(key), self._read_default[0]), self._read_default[1])
        if res[0]:
            raise raise_for(res, key)
        return self._meta(res), self._codec.bins_from_wire(res[3] or {})

    def select(self, key: Any, bins: Sequence[str], policy: Mapping[str, Any] | None = None) -> Record:
        """Read some bins of a record (missing bins are left out). Raises RecordNotFound."""
        parsed = parse_key(key)
        if not isinstance(bins, (list, tuple)):
            raise exception.error(exception.ParamError, "bins must be a list of bin names")
        names = [check_bin_name(b, not_text="Bin name must be a string") for b in bins]
        flags, net = self._reading(policy)
        res = self._run(build.select(parsed, names, flags), net)
        if res.code:
            raise raise_for(res, key)
        from_wire = self._codec.from_wire
        return Record(
            _key_tuple(parsed), self._meta(res), {name: from_wire(v) for name, v in res.ops or ()}
        )

    def exists(self, key: Any, policy: Mapping[str, Any] | None = None) -> ExistsResult:
        """Check whether a record exists: (key, meta), meta None when it does not."""
        parsed = parse_key(key)
        flags, net = self._read_default if policy is None else self._reading(policy)
        res = self._run(build.exists(parsed, flags), net)
        if res[0]:
            if res[0] == 2:
                return new(ExistsResult, (_key_tuple(parsed), None))
            raise raise_for(res, key)
        return new(ExistsResult, (_key_tuple(parsed), self._meta(res)))

    # -- writes ----------------------------------------------------------------------------

    def _write(
        self, key: Any, parsed: Any, ops: list[Op], written: tuple[WriteFlags, Net], bin: Any = None
    ) -> None:
        res = self._run(build.write(parsed, ops, written[0]), written[1])
        if res[0]:
            raise raise_for(res, key, bin)

    def put(
        self,
        key: Any,
        bins: Mapping[str, Any],
        meta: Mapping[str, Any] | None = None,
        policy: Mapping[str, Any] | None = None,
        serializer: int | None = None,
    ) -> int:
        """Write bins to a record (None / null() removes a bin). Returns 0."""
        self._put(key, bins, meta, policy, serializer, "write")
        return 0

    def _put(
        self, key: Any, bins: Mapping[str, Any], meta: Any, policy: Any, serializer: int | None,
        kind: str,
    ) -> Result:
        """put(), under the ``kind`` of policy; answers the server's result (raised if an error)."""
        parsed = parse_key(key)
        if type(bins) is not dict and not isinstance(bins, Mapping):
            raise exception.error(exception.ParamError, "Record should be passed as bin-value pair")
        if serializer is not None and (type(serializer) is not int or serializer not in SERIALIZERS):
            raise exception.error(
                exception.ParamError,
                f"serializer must be one of the SERIALIZER_* constants, not "
                f"{exception.describe(serializer)}",
            )
        to_wire = self._codec.bin_value
        ops: list[Op] = []
        append = ops.append
        for name, value in bins.items():
            if type(name) is not str or name not in GOOD_BIN_NAMES:
                name = check_bin_name(name, not_text=_PUT_NOT_TEXT)
            t = type(value)
            if (t is str and value.isascii()) or t is float or (
                t is int and _I64_MIN <= value <= _I64_MAX
            ):
                append((OP_WRITE, name, value))
            else:
                append((OP_WRITE, name, to_wire(value, serializer)))
        if not ops:
            raise exception.error(exception.InvalidRequest, "put() needs at least one bin")
        if len(ops) > MAX_BINS:
            _check_bin_count(len(ops))
        flags, net = (
            self._write_default if meta is None and policy is None and kind == "write"
            else self._writing(kind, meta, policy)
        )
        res = self._run(build.write(parsed, ops, flags), net)
        if res[0]:
            raise raise_for(res, key, bins)  # the official client's e.bin: the bins dict
        return res

    def _write_meta(self, key: Any, bins: Any, meta: Any, policy: Any) -> RecordMetadata:
        """``operate()`` of plain bin writes, answered with the record's metadata alone: the
        model layer's save. The same command operate() sends for them (under the operate policy),
        built as put() builds it, which skips compiling an operation dict per bin."""
        return self._meta(self._put(key, bins, meta, policy, None, "operate"))

    def touch(
        self,
        key: Any,
        val: int = 0,
        meta: Mapping[str, Any] | None = None,
        policy: Mapping[str, Any] | None = None,
    ) -> int:
        """Reset a record's ttl to ``val`` and bump its generation. Returns 0."""
        parsed = parse_key(key)
        if isinstance(val, bool) or not isinstance(val, int):
            raise exception.error(exception.ParamError, "touch() ttl must be an int")
        merged = dict(check_meta(meta) or {})
        if "ttl" in merged:
            wire_ttl(merged["ttl"])  # checked, as the official client does, though val wins
        merged["ttl"] = val
        flags, net = self._writing("operate", merged, policy)
        res = self._run(build.touch(parsed, flags), net)
        if res[0]:
            raise raise_for(res, key)
        return 0

    def remove(
        self,
        key: Any,
        meta: Mapping[str, Any] | None = None,
        policy: Mapping[str, Any] | None = None,
    ) -> int:
        """Delete a record. Raises RecordNotFound.

        A generation check comes from meta's ``gen`` or the remove policy's ``generation``, with
        ``gen: POLICY_GEN_EQ``. The 3.x form ``remove(key, policy)`` is accepted: a second argument
        holding policy keys rather than ``gen``/``ttl`` is taken as the policy.
        """
        parsed = parse_key(key)
        if policy is None and isinstance(meta, Mapping) and not set(meta) <= {"gen", "ttl"}:
            meta, policy = None, meta
        flags, net = self._writing("remove", meta, policy)
        res = self._run(build.remove(parsed, flags), net)
        if res.code:
            raise raise_for(res, key)
        return 0

    def remove_bin(
        self,
        key: Any,
        list: Sequence[str],
        meta: Mapping[str, Any] | None = None,
        policy: Mapping[str, Any] | None = None,
    ) -> int:
        """Remove bins from a record (the record goes with its last bin). Returns 0."""
        parsed = parse_key(key)
        if not isinstance(list, (tuple, type([]))):
            raise exception.error(exception.ParamError, "remove_bin() takes a list of bin names")
        not_text = _REMOVE_BIN_NOT_TEXT
        ops: builtins_list[Op] = [(OP_WRITE, check_bin_name(b, not_text=not_text), None) for b in list]
        if not ops:
            raise exception.error(exception.InvalidRequest, "remove_bin() needs at least one bin")
        _check_bin_count(len(ops))
        self._write(key, parsed, ops, self._writing("write", meta, policy))
        return 0

    def _scalar(self, key: Any, op: int, bin: str, val: Any, meta: Any, policy: Any) -> int:
        parsed = parse_key(key)
        name = check_bin_name(bin, raw=True)
        self._write(
            key, parsed, [self._ops.scalar(op, name, val)], self._writing("operate", meta, policy),
            name,
        )
        return 0

    def append(self, key: Any, bin: str, val: Any, meta: Any = None, policy: Any = None) -> int:
        """Append a str (or bytes) to a bin. Returns 0."""
        return self._scalar(key, C.OPERATOR_APPEND, bin, val, meta, policy)

    def prepend(self, key: Any, bin: str, val: Any, meta: Any = None, policy: Any = None) -> int:
        """Prepend a str (or bytes) to a bin. Returns 0."""
        return self._scalar(key, C.OPERATOR_PREPEND, bin, val, meta, policy)

    def increment(self, key: Any, bin: str, offset: Any, meta: Any = None, policy: Any = None) -> int:
        """Add an int or float to a bin (64-bit wrap-around for ints). Returns 0."""
        return self._scalar(key, C.OPERATOR_INCR, bin, offset, meta, policy)

    # -- operate ---------------------------------------------------------------------------

    def _operate(self, key: Any, operations: Any, meta: Any, policy: Any) -> tuple[Any, Result]:
        parsed = parse_key(key)
        compiled = self._ops.compile(operations)
        if compiled.touch_ttl is not None:  # a touch op's ttl wins over meta's, as officially
            meta = {**(check_meta(meta) or {}), "ttl": compiled.touch_ttl}
        flags, net = self._writing("operate", meta, policy)
        res = self._run(build.operate(parsed, compiled.ops, flags, compiled.respond_all), net)
        if res[0]:
            raise raise_for(res, key)
        return parsed, res

    def _operate_meta(self, key: Any, operations: Any, meta: Any, policy: Any) -> RecordMetadata:
        """``operate()`` answered with the record's metadata alone: the model layer's write,
        which reads no bins and would only take a Record apart again."""
        return self._meta(self._operate(key, operations, meta, policy)[1])

    def operate(
        self, key: Any, list: Any, meta: Any = None, policy: Any = None
    ) -> Record:
        """Run operations on one record atomically; one value per bin read (the last read wins)."""
        parsed, res = self._operate(key, list, meta, policy)
        codec = self._codec
        from_wire = codec.from_wire
        plain = IMMUTABLE if not codec.deserializes else IMMUTABLE_NO_BYTES
        return new(Record, (
            _key_tuple(parsed),
            self._meta(res),
            {name: v if type(v) in plain else from_wire(v) for name, v in res[4] or ()},
        ))

    def operate_ordered(
        self, key: Any, list: Any, meta: Any = None, policy: Any = None
    ) -> OperateOrderedResult:
        """Like operate(), but answers one (bin, value) pair per read, in operation order."""
        parsed, res = self._operate(key, list, meta, policy)
        from_wire = self._codec.from_wire
        return OperateOrderedResult(
            _key_tuple(parsed),
            self._meta(res),
            [BinTuple(name, from_wire(v)) for name, v in res.ops or ()],
        )

    def get_cdtctx_base64(self, ctx: Any) -> str:
        """The base64 text of a CDT context, as the official client makes it (for info commands
        such as ``sindex-create ... context=``). Raises ParamError for an empty or bad context."""
        return cdt_commands.ctx_base64(ctx)

    def get_expression_base64(self, compiled: Any) -> str:
        """The base64 text of a compiled expression (``expr.compile()``), as the official client
        makes it (for ``Query.where_with_expr`` and tools). Raises ParamError for anything else."""
        return get_expression_base64(compiled)

    # -- keys, info, cluster ---------------------------------------------------------------

    def get_key_digest(self, ns: str, set: str | None, key: Any) -> bytearray:
        """The RIPEMD-160 digest of a key (deprecated: use aerospike.calc_digest)."""
        self._check_connected()
        return calc_digest(ns, set, key)

    def _info_text(self, command: str, node: str | None = None) -> dict[str, str]:
        """Send an info request (to one node, or to all); raise the error an answer carries."""
        if not isinstance(command, str):
            raise exception.error(exception.ParamError, "info command must be a str")
        self._check_connected()
        answers = self._transport.info(command, node)
        where = {n: f"{address}:{port}" for n, address, port in self._transport.nodes()}
        for name, answer in answers.items():
            check_info_answer(answer, where.get(name, ""))
        return answers

    def _node_at(self, host: Any) -> str:
        """The name of the node at ``host`` (address, port[, tls name]). Raises ParamError for a
        malformed host, InvalidHostError when no node is there."""
        if (
            not isinstance(host, tuple) or len(host) < 2 or not isinstance(host[0], str)
            or isinstance(host[1], bool) or not isinstance(host[1], int)
        ):
            raise exception.error(exception.ParamError, "host must be an (address, port) tuple")
        self._check_connected()
        local = ("localhost", "127.0.0.1")
        for name, address, port in self._transport.nodes():
            if port == host[1] and (address == host[0] or (host[0] in local and address in local)):
                return name
        raise exception.error(
            exception.InvalidHostError, f"no node at {host[0]}:{exception.describe(host[1])}"
        )

    def info_all(self, command: str, policy: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """Send an info command to every node: {node name: (error, answer)}."""
        self._policies.resolve("info", policy)
        return {node: (None, _value(text)) for node, text in self._info_text(command).items()}

    def info(
        self, command: str, hosts: Any = None, policy: Mapping[str, Any] | None = None
    ) -> dict[str, Any]:
        """Send an info command to all nodes, or to the nodes at ``hosts`` when given.

        Deprecated form of info_all. Raises ParamError when hosts is not a list; hosts that name
        no node are left out (checked before anything is sent).
        """
        self._policies.resolve("info", policy)
        if hosts is None:
            return self.info_all(command, policy)
        if not isinstance(hosts, list):
            raise exception.error(exception.ParamError, "hosts must be a list of (address, port)")
        wanted: list[str] = []
        for h in hosts:
            try:
                name = self._node_at(tuple(h) if isinstance(h, list) else h)
            except exception.AerospikeError:
                continue  # a host with no node (or malformed) answers nothing
            if name not in wanted:
                wanted.append(name)
        if not isinstance(command, str):
            raise exception.error(exception.ParamError, "info command must be a str")
        out: dict[str, Any] = {}
        for name in wanted:
            for node, text in self._info_text(command, name).items():
                out[node] = (None, _value(text))
        return out

    def info_node(self, command: str, host: Any, policy: Mapping[str, Any] | None = None) -> str:
        """Send an info command to the node at ``host`` (address, port[, tls name]).

        Raises ParamError for a malformed host, InvalidHostError when no node is there; in both
        cases nothing is sent.
        """
        self._policies.resolve("info", policy)
        name = self._node_at(host)
        return next(iter(self._info_text(command, name).values()))

    def info_single_node(
        self, command: str, host: str, policy: Mapping[str, Any] | None = None
    ) -> str:
        """Send an info command to the node named ``host``.

        Raises ParamError when no node has that name; nothing is sent then.
        """
        self._policies.resolve("info", policy)
        if not isinstance(host, str):
            raise exception.error(exception.ParamError, "Host must be a string (a node name)")
        self._check_connected()
        if host not in {n for n, _a, _p in self._transport.nodes()}:
            raise exception.error(exception.ParamError, f"no node named {host!r}")
        return self._info_text(command, host)[host]

    def info_random_node(self, command: str, policy: Mapping[str, Any] | None = None) -> str:
        """Send an info command to one node, chosen at random."""
        self._policies.resolve("info", policy)
        self._check_connected()
        name = random.choice([n for n, _a, _p in self._transport.nodes()])
        return self._info_text(command, name)[name]

    def get_key_partition_id(self, ns: str, set: str, key: Any) -> int:
        """The partition (0-4095) a key's record lives in.

        Raises ParamError for a bad namespace, set (a str, as in the official client) or key.
        """
        if not isinstance(ns, str):
            raise exception.error(exception.ParamError, "Namespace should be a string.")
        if not isinstance(set, str):
            raise exception.error(exception.ParamError, "Set should be a string or unicode.")
        self._check_connected()
        return key_partition_id(ns, set, key)

    def get_nodes(self) -> list[tuple[str, int]]:
        """The cluster's nodes as (address, port) tuples."""
        self._check_connected()
        return [(a, p) for _n, a, p in self._transport.nodes()]

    def get_node_names(self) -> list[dict[str, Any]]:
        """The cluster's nodes as {'address', 'port', 'node_name'} dicts."""
        if not self._connected:  # the official client's words here end with a full stop
            raise exception.error(exception.ClusterError, "No connection to aerospike cluster.")
        return [{"address": a, "port": p, "node_name": n} for n, a, p in self._transport.nodes()]

    def has_geo(self) -> bool:
        """Whether the cluster supports geospatial data (every current server does)."""
        self._check_connected()
        return True

    def shm_key(self) -> int | None:
        """The shared-memory key; None, as shared-memory tending is not used."""
        self._check_connected()
        return None

    def truncate(
        self, namespace: str, set: str | None, nanos: int,
        policy: Mapping[str, Any] | None = None,
    ) -> int:
        """Remove the records of a set (or namespace) last updated before ``nanos`` (0: now).

        Raises ParamError for bad arguments, NamespaceNotFound for an unknown namespace.
        """
        self._policies.resolve("info", policy)
        request = build_info.truncate(namespace, set, nanos)
        self._info_text(request)
        return 0

    # -- scans and queries -----------------------------------------------------------------

    def scan(self, namespace: str | None = None, set: str | None = None) -> Scan:
        """A Scan of a set, or of the whole namespace when ``set`` is None."""
        return Scan(self, namespace, set)

    def query(self, namespace: str | None = None, set: str | None = None) -> Query:
        """A Query of a set, or of the whole namespace when ``set`` is None."""
        return Query(self, namespace, set)

    def scan_apply(
        self, ns: str, set: str | None, module: str, function: str, args: Any = None,
        policy: Any = None, options: Any = None, block: bool = True,
    ) -> int:
        """Needs UDFs: raises ClientError."""
        raise _udfs("scan_apply")

    def query_apply(
        self, ns: str, set: str | None, predicate: Any, module: str, function: str,
        args: Any = None, policy: Any = None,
    ) -> int:
        """Needs UDFs: raises ClientError."""
        raise _udfs("query_apply")

    def job_info(self, job_id: int, module: Any, policy: Any = None) -> dict[str, Any]:
        """Background jobs need UDFs: raises ClientError."""
        raise _udfs("job_info")

    def scan_info(self, scan_id: int, policy: Any = None) -> dict[str, Any]:
        """Background jobs need UDFs: raises ClientError."""
        raise _udfs("scan_info")

    def apply(
        self, key: Any, module: str, function: str, args: Any, policy: Any = None
    ) -> Any:
        """Needs UDFs: raises ClientError."""
        raise _udfs("apply")

    def batch_apply(
        self, keys: Any, module: str, function: str, args: Any,
        policy_batch: Any = None, policy_batch_apply: Any = None,
    ) -> Any:
        """Needs UDFs: raises ClientError."""
        raise _udfs("batch_apply")

    def udf_put(
        self, filename: str, udf_type: int = 0, policy: Any = None
    ) -> int:
        """Needs UDFs: raises ClientError."""
        raise _udfs("udf_put")

    def udf_remove(self, module: str, policy: Any = None) -> int:
        """Needs UDFs: raises ClientError."""
        raise _udfs("udf_remove")

    def udf_list(self, policy: Any = None) -> list[dict[str, Any]]:
        """Needs UDFs: raises ClientError."""
        raise _udfs("udf_list")

    def udf_get(self, module: str, language: int = 0, policy: Any = None) -> str:
        """Needs UDFs: raises ClientError."""
        raise _udfs("udf_get")


builtins_list = builtins.list


def _udfs(name: str) -> exception.AerospikeError:
    return exception.error(
        exception.ClientError,
        f"{name}() needs UDFs and background jobs, which this release does not have",
    )


def _key_tuple(parsed: tuple[str, str | None, Any, bytes]) -> AerospikeKey:
    """The key tuple a call answers with: the caller's key, with its digest."""
    return new(AerospikeKey, (parsed[0], parsed[1] or None, parsed[2], bytearray(parsed[3])))


MAX_BINS = 0xFFFF
"""The official client refuses a write of 65,536 bins or more before sending it."""


def _check_bin_count(n: int) -> None:
    if n >= MAX_BINS + 1:
        raise exception.error(
            exception.BinNameError, f"a write of {n} bins: at most {MAX_BINS} bins fit a command"
        )


def check_info_answer(answer: str, where: str = "") -> None:
    """Raise the error a node's info text carries, as the official client does: ``ERROR:`` at its
    start or after a tab, or ``FAIL:`` after a tab, followed by ``<code>:<message>`` (a missing or
    zero code is a ServerError, 1); the message ends ``from <where>`` (the node's address:port)
    when ``where`` is given."""
    starts = [0] + [i + 1 for i, ch in enumerate(answer) if ch == "\t"]
    for start in starts:
        for prefix in ("ERROR:", "FAIL:"):
            if answer.startswith(prefix, start) and (start or prefix == "ERROR:"):
                code_text, _, message = answer[start + len(prefix):].partition(":")
                try:
                    code = int(code_text)
                except ValueError:
                    code = 0
                text = message.split("\n")[0].strip() or answer.strip()
                raise exception.error(code or 1, f"{text} from {where}" if where else text)


def _value(text: str) -> str:
    """info_all's form of a node's answer: everything after the first tab (the echoed request)."""
    return text.partition("\t")[2] if "\t" in text else text


def get_expression_base64(compiled: Any) -> str:
    """The base64 text of a compiled expression. Raises ParamError if it is not one."""
    if not isinstance(compiled, Expression):
        raise exception.error(
            exception.ParamError,
            "get_expression_base64 expects a compiled expression (the result of .compile()), "
            f"not {type(compiled).__name__}",
        )
    return base64.b64encode(compiled).decode("ascii")


def calc_digest(ns: str, set: str | None, key: Any) -> bytearray:
    """The RIPEMD-160 digest of (set, key). Raises ParamError for a bad key."""
    if not isinstance(ns, str):
        raise exception.error(exception.ParamError, "namespace must be a str")
    if set is not None and not isinstance(set, str):
        raise exception.error(exception.ParamError, "set must be a str or None")
    if set is not None and len(set.encode(errors="surrogatepass")) > 63:
        raise exception.error(exception.ParamError, "set name is longer than 63 bytes")
    if not isinstance(key, (str, int, bytes, bytearray)):
        raise exception.error(
            exception.ParamError, f"key must be a str, int, bytes or bytearray, not {type(key).__name__}"
        )
    if isinstance(key, bool):  # as the official client: the integer keys 1 and 0
        key = int(key)
    if isinstance(key, int) and not -(2**63) <= key < 2**63:
        raise exception.error(exception.ParamError, "integer key is outside the signed 64-bit range")
    try:
        return bytearray(compute_digest(set, bytes(key) if isinstance(key, bytearray) else key))
    except UnicodeError:
        raise exception.error(
            exception.ParamError, "key and set name must be valid Unicode text (no lone surrogates)"
        ) from None
