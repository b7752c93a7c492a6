"""The client front-end: the documented ``aerospike.Client`` methods.

Each call validates its arguments, resolves its policy into wire flags once, builds one command
(or one per key for a batch), hands it to the transport and turns the result into the documented
return value or exception. Nothing here knows how the transport runs the command.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from . import constants as C
from . import exception, log
from .batching import BatchMixin
from .command import (
    INFO1_GET_ALL,
    INFO1_GET_NOBINDATA,
    INFO1_READ,
    INFO2_WRITE,
    NEVER_EXPIRES_TTL,
    OP_TOUCH,
    OP_WRITE,
    READ_OPS,
    Command,
    Op,
    Result,
    new,
    ttl_of,
)
from .digest import compute_digest
from .keys import GOOD_BIN_NAMES, check_bin_name, key_tuple, parse_key, wire_key
from .opcodes import OpCompiler
from .policies import PolicySet
from .results import (
    AerospikeKey,
    BinTuple,
    ExistsResult,
    OperateOrderedResult,
    Record,
    RecordMetadata,
)
from .transport import Transport, embedded
from .values import IMMUTABLE, IMMUTABLE_NO_BYTES, Codec, FlatBins
from .writeflags import WriteFlags, read_flags, write_flags

_OpList = list[Op]
_GET_ALL = INFO1_READ | INFO1_GET_ALL
_I64_MIN = -(2**63)
_I64_MAX = 2**63 - 1


def raise_for(res: Result, key: Any = None, bin: Any = None) -> exception.AerospikeError:
    """The exception for a failed result."""
    return exception.error(res.code, res.msg or f"result code {res.code}", key=key, bin=bin)


def not_connected() -> exception.AerospikeError:
    """The error every call raises on a closed client, as the official client does."""
    return exception.error(exception.ClusterError, "No connection to aerospike cluster")


def _closed(cmd: Command, net: object = None) -> Result:
    raise not_connected()


class Client(BatchMixin):
    """A connection to a cluster (or to an embedded engine), with the documented methods."""

    def __init__(self, config: Mapping[str, Any], *, transport: Transport | None = None) -> None:
        """Create a client from an official-style config.

        ``transport`` replaces the backend the config names (tests pass a MockTransport).
        Raises ParamError for a bad config.
        """
        if not isinstance(config, Mapping):
            raise exception.error(exception.ParamError, "config must be a dict")
        self._config = config
        hosts = config.get("hosts")
        settings = config.get("embedded")
        if settings is None and not hosts and transport is None:
            raise exception.error(
                exception.ParamError,
                "config needs 'hosts' (a cluster) or 'embedded' (an in-process engine)",
            )
        serialization = config.get("serialization")
        ser = deser = None
        if serialization is not None:
            if (
                not isinstance(serialization, (tuple, list))
                or len(serialization) != 2
                or not all(f is None or callable(f) for f in serialization)
            ):
                raise exception.error(
                    exception.ParamError,
                    "'serialization' must be a (serializer, deserializer) pair of callables",
                )
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
            if not isinstance(settings, Mapping):
                raise exception.error(exception.ParamError, "'embedded' must be a dict")
            try:
                self._transport = embedded(dict(settings))
            except ValueError as err:
                raise exception.error(exception.ParamError, f"embedded config: {err}") from None
            log.logger.debug("client on embedded engine %r", settings.get("name", "default"))
        else:
            raise exception.error(
                exception.ConnectionError,
                "the cluster transport is not part of this release; "
                "use {'embedded': {...}} for the in-process engine",
            )
        self._connected = True
        self._now = self._transport.now
        self._run: Callable[..., Result] = self._transport.execute
        self._read_default = self._policies.resolve("read", None)
        self._read_plain = (
            self._read_default["expressions"], self._read_default["key"] == C.POLICY_KEY_SEND
        )
        self._write_default = write_flags(self._policies.resolve("write", None), None)
        self._operate_default = write_flags(self._policies.resolve("operate", None), None)

    def _meta(self, res: Result) -> RecordMetadata:
        """A result's metadata as the API reports it: the void time becomes a ttl here, once."""
        vt = res[2]
        return RecordMetadata({"ttl": ttl_of(vt, self._now()) if vt else NEVER_EXPIRES_TTL, "gen": res[1]})

    # -- connection ------------------------------------------------------------------------

    def connect(self, username: str | None = None, password: str | None = None) -> Client:
        """Reconnect after close() (a no-op while connected, as in 8.0+); returns the client."""
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
        ns, set_name, user_key, digest = parse_key(key)
        if policy is None:
            exp, send_key = self._read_plain
        else:
            pol = self._policies.resolve("read", policy)
            exp, send_key = pol["expressions"], pol["key"] == C.POLICY_KEY_SEND
        res = self._run(new(Command, (ns, set_name, digest, None, _GET_ALL, 0, 0, 0, 0, None, exp)))
        if res[0]:
            raise raise_for(res, key)
        stored: dict[str, Any] = res[3] or {}
        bins = dict(stored)
        if not isinstance(stored, FlatBins) or self._codec.deserializes:
            codec = self._codec
            plain = IMMUTABLE if not codec.deserializes else IMMUTABLE_NO_BYTES
            for name, value in stored.items():
                if type(value) not in plain:
                    bins[name] = codec.from_stored(value)
        return new(Record, (
            new(AerospikeKey, (ns, set_name or None, user_key if send_key else None, bytearray(digest))),
            self._meta(res),
            bins,
        ))

    def select(self, key: Any, bins: Sequence[str], policy: Mapping[str, Any] | None = None) -> Record:
        """Read some bins of a record (missing bins are left out). Raises RecordNotFound."""
        ns, set_name, user_key, digest = parse_key(key)
        if not isinstance(bins, (list, tuple)):
            raise exception.error(exception.ParamError, "bins must be a list of bin names")
        ops: list[Op] = [(1, check_bin_name(b), None) for b in bins]
        pol = self._read_default if policy is None else self._policies.resolve("read", policy)
        res = self._run(
            Command(ns, set_name, digest, None, INFO1_READ, 0, 0, 0, 0, ops, pol.get("expressions"))
        )
        if res.code:
            raise raise_for(res, key)
        from_stored = self._codec.from_stored
        return Record(
            key_tuple(ns, set_name, user_key, digest),
            self._meta(res),
            {name: from_stored(v) for name, v in res.ops or ()},
        )

    def exists(self, key: Any, policy: Mapping[str, Any] | None = None) -> ExistsResult:
        """Check whether a record exists: (key, meta), meta None when it does not."""
        ns, set_name, user_key, digest = parse_key(key)
        pol = self._read_default if policy is None else self._policies.resolve("read", policy)
        res = self._run(
            Command(ns, set_name, digest, None, INFO1_READ | INFO1_GET_NOBINDATA, 0, 0, 0, 0, None,
                    pol.get("expressions"))
        )
        out_key = key_tuple(ns, set_name, user_key, digest)
        if res.code == 2:
            return ExistsResult(out_key, None)
        if res.code:
            raise raise_for(res, key)
        return ExistsResult(out_key, self._meta(res))

    # -- writes ----------------------------------------------------------------------------

    def _flags(self, kind: str, meta: Any, policy: Mapping[str, Any] | None) -> WriteFlags:
        if policy is None and meta is None and kind == "write":
            return self._write_default
        return write_flags(self._policies.resolve(kind, policy), meta)

    def _write(
        self,
        key: Any,
        ops: list[Op],
        flags: WriteFlags,
        user_key: Any,
        parsed: tuple[Any, ...],
    ) -> Result:
        ns, set_name, _uk, digest = parsed
        res = self._run(new(Command, (
            ns, set_name, digest, wire_key(user_key) if flags.send_key else None,
            flags.info1, flags.info2 | INFO2_WRITE, flags.info3, flags.gen, flags.ttl, ops,
            flags.filter_exp,
        )))
        if res[0]:
            raise raise_for(res, key)
        return res

    def put(
        self,
        key: Any,
        bins: Mapping[str, Any],
        meta: Mapping[str, Any] | None = None,
        policy: Mapping[str, Any] | None = None,
        serializer: int | None = None,
    ) -> int:
        """Write bins to a record (None / null() removes a bin). Returns 0."""
        parsed = parse_key(key)
        if not isinstance(bins, Mapping):
            raise exception.error(exception.ParamError, "bins must be a dict of bin name -> value")
        to_stored = self._codec.to_stored
        ops: list[Op] = []
        append = ops.append
        for name, value in bins.items():
            if type(name) is not str or name not in GOOD_BIN_NAMES:
                check_bin_name(name)
            t = type(value)
            if (t is str and value.isascii()) or t is float or (
                t is int and _I64_MIN <= value <= _I64_MAX
            ):
                append((OP_WRITE, name, value))
            else:
                append((OP_WRITE, name, to_stored(value, serializer)))
        if not ops:
            raise exception.error(exception.InvalidRequest, "put() needs at least one bin")
        self._write(key, ops, self._flags("write", meta, policy), parsed[2], parsed)
        return 0

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
        if meta is not None and not isinstance(meta, Mapping):
            raise exception.error(exception.ParamError, "Metadata should be of type dictionary")
        merged = dict(meta or {})
        merged["ttl"] = val
        self._write(key, [(OP_TOUCH, "", None)], self._flags("operate", merged, policy),
                    parsed[2], parsed)
        return 0

    def remove(
        self,
        key: Any,
        meta: Mapping[str, Any] | None = None,
        policy: Mapping[str, Any] | None = None,
    ) -> int:
        """Delete a record. Raises RecordNotFound.

        The 3.x form ``remove(key, policy)`` is accepted: a second argument holding policy keys
        rather than ``gen``/``ttl`` is taken as the policy.
        """
        parsed = parse_key(key)
        if policy is None and isinstance(meta, Mapping) and not set(meta) <= {"gen", "ttl"}:
            meta, policy = None, meta
        flags = write_flags(self._policies.resolve("remove", policy), meta)
        ns, set_name, user_key, digest = parsed
        res = self._run(
            Command(ns, set_name, digest, wire_key(user_key) if flags.send_key else None, 0,
                    flags.info2 | INFO2_WRITE | 2, flags.info3, flags.gen, 0, None,
                    flags.filter_exp)
        )
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
        ops: _OpList = [(OP_WRITE, check_bin_name(b), None) for b in list]
        if not ops:
            raise exception.error(exception.InvalidRequest, "remove_bin() needs at least one bin")
        self._write(key, ops, self._flags("write", meta, policy), parsed[2], parsed)
        return 0

    def _scalar(
        self, key: Any, op: int, bin: str, val: Any, meta: Any, policy: Any
    ) -> int:
        parsed = parse_key(key)
        self._write(
            key,
            [self._ops.scalar(op, check_bin_name(bin), val)],
            self._flags("operate", meta, policy),
            parsed[2],
            parsed,
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
        ns, set_name, user_key, digest = parse_key(key)
        ops, has_write, ttl_from_op = self._ops.compile(operations)
        if ttl_from_op is not None:  # a touch op's ttl wins over meta's, as in the official client
            if meta is not None and not isinstance(meta, Mapping):
                raise exception.error(
                    exception.ParamError, "meta must be a dict with 'gen' and/or 'ttl'"
                )
            meta = {**(meta or {}), "ttl": ttl_from_op}
        if has_write:
            if policy is None and meta is None:
                flags = self._operate_default
            else:
                flags = write_flags(self._policies.resolve("operate", policy), meta)
            reads = 0
            for op in ops:
                if op[0] in READ_OPS:
                    reads = INFO1_READ
                    break
            cmd = new(Command, (
                ns, set_name, digest, wire_key(user_key) if flags.send_key else None,
                flags.info1 | reads, flags.info2 | INFO2_WRITE, flags.info3, flags.gen, flags.ttl,
                ops, flags.filter_exp, None,
            ))
        else:
            pol = self._policies.resolve("operate", policy)
            info1 = read_flags(pol)
            cmd = Command(ns, set_name, digest, None, info1, 0, 0, 0, 0, ops, pol.get("expressions"))
        res = self._run(cmd)
        if res[0]:
            raise raise_for(res, key)
        return new(AerospikeKey, (ns, set_name or None, user_key, bytearray(digest))), res

    def operate(
        self, key: Any, list: Any, meta: Any = None, policy: Any = None
    ) -> Record:
        """Run operations on one record atomically; one value per bin read (the last read wins)."""
        out_key, res = self._operate(key, list, meta, policy)
        codec = self._codec
        from_stored = codec.from_stored
        plain = IMMUTABLE if not codec.deserializes else IMMUTABLE_NO_BYTES
        return new(Record, (
            out_key,
            self._meta(res),
            {name: v if type(v) in plain else from_stored(v) for name, v in res[4] or ()},
        ))

    def operate_ordered(
        self, key: Any, list: Any, meta: Any = None, policy: Any = None
    ) -> OperateOrderedResult:
        """Like operate(), but answers one (bin, value) pair per read, in operation order."""
        out_key, res = self._operate(key, list, meta, policy)
        from_stored = self._codec.from_stored
        return OperateOrderedResult(
            out_key,
            self._meta(res),
            [BinTuple(name, from_stored(v)) for name, v in res.ops or ()],
        )

    # -- keys, info, cluster ---------------------------------------------------------------

    def get_key_digest(self, ns: str, set: str | None, key: Any) -> bytearray:
        """The RIPEMD-160 digest of a key (deprecated: use aerospike.calc_digest)."""
        self._check_connected()
        return calc_digest(ns, set, key)

    def _info_text(self, command: str) -> dict[str, str]:
        if not isinstance(command, str):
            raise exception.error(exception.ParamError, "info command must be a str")
        self._check_connected()
        answers = self._transport.info(command)
        for answer in answers.values():
            check_info_answer(answer)
        return answers

    def info_all(self, command: str, policy: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """Send an info command to every node: {node name: (error, answer)}."""
        self._policies.resolve("info", policy)
        return {node: (None, _value(text)) for node, text in self._info_text(command).items()}

    def info(
        self, command: str, hosts: Any = None, policy: Mapping[str, Any] | None = None
    ) -> dict[str, Any]:
        """Send an info command to all nodes, keeping the answers of ``hosts`` when given.

        Deprecated form of info_all. Raises ParamError when hosts is not a list.
        """
        answers = self.info_all(command, policy)
        if hosts is None:
            return answers
        if not isinstance(hosts, list):
            raise exception.error(exception.ParamError, "hosts must be a list of (address, port)")
        wanted = {  # a malformed entry (an unhashable address...) names no node
            (h[0], h[1]) for h in hosts
            if isinstance(h, tuple) and len(h) >= 2 and isinstance(h[0], str)
            and isinstance(h[1], int)
        }
        local = {"127.0.0.1", "localhost"}
        keep = {
            n for n, a, p in self._transport.nodes()
            if (a, p) in wanted or (a in local and any(h in local and q == p for h, q in wanted))
        }
        return {n: v for n, v in answers.items() if n in keep}

    def info_node(self, command: str, host: Any, policy: Mapping[str, Any] | None = None) -> str:
        """Send an info command to the node at ``host`` (address, port[, tls name])."""
        self._policies.resolve("info", policy)
        if (
            not isinstance(host, tuple) or len(host) < 2 or not isinstance(host[0], str)
            or isinstance(host[1], bool) or not isinstance(host[1], int)
        ):
            raise exception.error(exception.ParamError, "host must be an (address, port) tuple")
        known = {(a, p) for _n, a, p in self._transport.nodes()}
        if (host[0], host[1]) not in known and not (
            host[0] in ("localhost", "127.0.0.1") and any(p == host[1] for _a, p in known)
        ):
            raise exception.error(
                exception.InvalidHostError, f"no node at {host[0]}:{exception.describe(host[1])}"
            )
        return next(iter(self._info_text(command).values()))

    def info_single_node(
        self, command: str, host: str, policy: Mapping[str, Any] | None = None
    ) -> str:
        """Send an info command to the node named ``host``."""
        self._policies.resolve("info", policy)
        if not isinstance(host, str):
            raise exception.error(exception.ParamError, "Host must be a string (a node name)")
        answers = self._info_text(command)
        if host not in answers:
            raise exception.error(exception.ParamError, f"no node named {host!r}")
        return answers[host]

    def info_random_node(self, command: str, policy: Mapping[str, Any] | None = None) -> str:
        """Send an info command to one node, chosen at random."""
        self._policies.resolve("info", policy)
        answers = self._info_text(command)
        return random.choice(list(answers.values()))

    def get_nodes(self) -> list[tuple[str, int]]:
        """The cluster's nodes as (address, port) tuples."""
        self._check_connected()
        return [(a, p) for _n, a, p in self._transport.nodes()]

    def get_node_names(self) -> list[dict[str, Any]]:
        """The cluster's nodes as {'address', 'port', 'node_name'} dicts."""
        self._check_connected()
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
        if not isinstance(namespace, str) or not namespace:
            raise exception.error(exception.ParamError, "truncate() namespace must be a str")
        if set is not None and not isinstance(set, str):
            raise exception.error(exception.ParamError, "truncate() set must be a str or None")
        if isinstance(nanos, bool) or not isinstance(nanos, int) or nanos < 0:
            raise exception.error(
                exception.ParamError, "truncate() nanos must be a non-negative int"
            )
        if nanos >= 2**64:
            raise exception.error(exception.ParamError, "Nanoseconds value too large")
        if any(ch in name for name in (namespace, set or "") for ch in ";\n\t"):
            # They would split the info request: "test\nx" would truncate namespace "test".
            raise exception.error(
                exception.ParamError,
                "truncate() namespace and set must not contain ';', a tab or a newline",
            )
        if set is not None:
            request = f"truncate:namespace={namespace};set={set}"
        else:
            request = f"truncate-namespace:namespace={namespace}"
        if nanos:
            request += f";lut={nanos}"
        self._info_text(request)
        return 0


def check_info_answer(answer: str) -> None:
    """Raise the error a node's info text carries, as the official client does: ``ERROR:`` at its
    start or after a tab, or ``FAIL:`` after a tab, followed by ``<code>:<message>`` (a missing or
    zero code is a ServerError, 1)."""
    starts = [0] + [i + 1 for i, ch in enumerate(answer) if ch == "\t"]
    for start in starts:
        for prefix in ("ERROR:", "FAIL:"):
            if answer.startswith(prefix, start) and (start or prefix == "ERROR:"):
                code_text, _, message = answer[start + len(prefix):].partition(":")
                try:
                    code = int(code_text)
                except ValueError:
                    code = 0
                raise exception.error(code or 1, message.split("\n")[0].strip() or answer.strip())


def _value(text: str) -> str:
    """info_all's form of a node's answer: everything after the first tab (the echoed request)."""
    return text.partition("\t")[2] if "\t" in text else text


def calc_digest(ns: str, set: str | None, key: Any) -> bytearray:
    """The RIPEMD-160 digest of (set, key). Raises ParamError for a bad key."""
    if not isinstance(ns, str):
        raise exception.error(exception.ParamError, "namespace must be a str")
    if set is not None and not isinstance(set, str):
        raise exception.error(exception.ParamError, "set must be a str or None")
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
