"""Key digests and partition ids against the official clients' published values."""

from __future__ import annotations

import enum
import hashlib
import sys
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aeromodel.client import _ripemd160, digest, exception
from aeromodel.client import keys as keys_module
from aeromodel.client.digest import N_PARTITIONS, compute_digest, partition_id
from aeromodel.client.keys import parse_key

INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1


def _hashlib_ripemd160() -> Callable[[bytes], bytes] | None:
    try:
        hashlib.new("ripemd160")
    except ValueError:
        return None
    return lambda data: hashlib.new("ripemd160", data).digest()


HASHLIB_RIPEMD160 = _hashlib_ripemd160()
needs_hashlib = pytest.mark.skipif(
    HASHLIB_RIPEMD160 is None, reason="this OpenSSL has no ripemd160"
)

# --- RIPEMD-160 itself -------------------------------------------------------------------------

# The test vectors published with the RIPEMD-160 specification (Dobbertin, Bosselaers, Preneel).
RIPEMD160_VECTORS = [
    (b"", "9c1185a5c5e9fc54612808977ee8f548b2258d31"),
    (b"a", "0bdc9d2d256b3ee9daae347be6f4dc835a467ffe"),
    (b"abc", "8eb208f7e05d987a9b044a8e98c6b087f15a0bfc"),
    (b"message digest", "5d0689ef49d2fae572b881b123a85ffa21595f36"),
    (b"abcdefghijklmnopqrstuvwxyz", "f71c27109c692c1b56bbdceb5b9d2865b3708dbc"),
    (
        b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
        "12a053384a9c0c88e405a06c27dcf49ada62eb2b",
    ),
    (
        b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
        "b0e20b6e3116640286ed3a87a5713079b21f5189",
    ),
    (b"1234567890" * 8, "9b752e45573d4b39f4dbd3323cab82bf63326bfb"),
]

IMPLEMENTATIONS = {"fallback": _ripemd160.ripemd160, "bound": digest.ripemd160}


@pytest.mark.parametrize("impl", IMPLEMENTATIONS.values(), ids=IMPLEMENTATIONS.keys())
@pytest.mark.parametrize(("message", "expected"), RIPEMD160_VECTORS)
def test_ripemd160_published_vectors(
    impl: Callable[[bytes], bytes], message: bytes, expected: str
) -> None:
    assert impl(message).hex() == expected


def test_bound_ripemd160_million_a() -> None:
    if digest.ripemd160 is _ripemd160.ripemd160:
        pytest.skip("too slow for the pure-Python fallback")
    assert digest.ripemd160(b"a" * 1_000_000).hex() == "52783243c1697bdbe16d37f97f68f08325dc1528"


@needs_hashlib
@pytest.mark.parametrize("length", [55, 56, 57, 63, 64, 65, 119, 120, 128, 1000])
def test_fallback_padding_boundaries(length: int) -> None:
    message = bytes(range(256)) * 4
    assert HASHLIB_RIPEMD160 is not None
    assert _ripemd160.ripemd160(message[:length]) == HASHLIB_RIPEMD160(message[:length])


@needs_hashlib
@given(st.binary(max_size=300))
def test_fallback_matches_hashlib(message: bytes) -> None:
    assert HASHLIB_RIPEMD160 is not None
    assert _ripemd160.ripemd160(message) == HASHLIB_RIPEMD160(message)


@given(st.binary(max_size=200))
def test_fallback_accepts_bytearray_and_memoryview(message: bytes) -> None:
    expected = _ripemd160.ripemd160(message)
    assert _ripemd160.ripemd160(bytearray(message)) == expected
    assert _ripemd160.ripemd160(memoryview(message)) == expected


def test_bound_ripemd160_is_reusable() -> None:
    # The bound function copies one pre-built hasher: calls must not leak state into each other.
    assert digest.ripemd160(b"abc") == digest.ripemd160(b"abc")
    digest.ripemd160(b"x" * 100)
    assert digest.ripemd160(b"").hex() == RIPEMD160_VECTORS[0][1]


def test_selection_falls_back_without_openssl_ripemd160(monkeypatch: pytest.MonkeyPatch) -> None:
    refuse_openssl_ripemd160(monkeypatch)
    assert digest._openssl_hasher() is None
    assert digest._bind_ripemd160(None) is _ripemd160.ripemd160


@needs_hashlib
def test_selection_prefers_openssl() -> None:
    new_hasher = digest._openssl_hasher()
    assert new_hasher is not None
    bound = digest._bind_ripemd160(new_hasher)
    assert bound is not _ripemd160.ripemd160
    assert bound(b"abc").hex() == RIPEMD160_VECTORS[2][1]
    assert digest._new_hasher is not None
    assert digest.ripemd160 is not _ripemd160.ripemd160


# --- Forcing the pure-Python fallback -----------------------------------------------------------


def refuse_openssl_ripemd160(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make hashlib.new("ripemd160") fail as on OpenSSL 3 without the legacy provider."""
    real_new = hashlib.new

    def new(name: str, *args: Any, **kwargs: Any) -> Any:
        if name.lower() == "ripemd160":
            raise ValueError(f"unsupported hash type {name}")
        return real_new(name, *args, **kwargs)

    monkeypatch.setattr(hashlib, "new", new)


def force_fallback(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Redo digest's selection with OpenSSL's RIPEMD-160 refused, spying on the fallback.

    Sets every module name the selection feeds (digest's and keys' ``_new_hasher``, digest's
    ``ripemd160``); returns the list that grows by one per fallback call.
    """
    calls: list[int] = []
    real = _ripemd160.ripemd160

    def spy(data: bytes | bytearray | memoryview) -> bytes:
        calls.append(len(data))
        return real(data)

    monkeypatch.setattr(_ripemd160, "ripemd160", spy)
    with pytest.MonkeyPatch.context() as openssl:
        refuse_openssl_ripemd160(openssl)
        new_hasher = digest._openssl_hasher()
        bound = digest._bind_ripemd160(new_hasher)
    assert new_hasher is None
    assert bound is spy
    monkeypatch.setattr(digest, "_new_hasher", new_hasher)
    monkeypatch.setattr(digest, "ripemd160", bound)
    monkeypatch.setattr(keys_module, "_new_hasher", new_hasher)
    return calls


def test_the_selection_feeds_only_the_names_force_fallback_sets() -> None:
    # A module holding its own reference to the selection would keep hashing with OpenSSL under
    # force_fallback; this pins where those references live.
    chosen = [digest._new_hasher, digest.ripemd160]
    holders = {
        (module_name, attribute)
        for module_name, module in list(sys.modules.items())
        if module_name.startswith("aeromodel")
        for attribute, value in vars(module).items()
        if any(value is c for c in chosen if c is not None)
    }
    expected = {
        ("aeromodel.client.digest", "_new_hasher"),
        ("aeromodel.client.digest", "ripemd160"),
    }
    if digest._new_hasher is not None:
        expected.add(("aeromodel.client.keys", "_new_hasher"))
    assert holders == expected


def test_forced_fallback_is_what_computes_digests(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = force_fallback(monkeypatch)
    assert compute_digest("set", 0).hex() == INT_VECTORS[1][1]
    assert calls == [len(b"set\x01") + 8]
    assert parse_key(("test", "set", "s"))[3].hex() == STR_VECTORS[1][1]
    assert parse_key(("test", "set", 0, bytes(20)))[3].hex() == INT_VECTORS[1][1]
    assert parse_key(("test", "set", b"s"))[3].hex() == BLOB_VECTORS[1][1]
    assert len(calls) == 4


def test_forced_fallback_computes_with_a_broken_fallback_differently(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The forced path really hashes with _ripemd160.ripemd160: breaking it changes the digests.
    monkeypatch.setattr(_ripemd160, "_INITIAL", (0, 0, 0, 0, 0))
    force_fallback(monkeypatch)
    assert compute_digest("set", 0).hex() != INT_VECTORS[1][1]
    assert parse_key(("test", "set", "s"))[3].hex() != STR_VECTORS[1][1]


digest_keys = st.one_of(
    st.text(max_size=60),
    st.integers(INT64_MIN, INT64_MAX),
    st.binary(min_size=1, max_size=200),
    st.binary(min_size=1, max_size=60).map(bytearray),
)
key_sets = st.none() | st.text(st.characters(exclude_categories=["Cs"]), max_size=20)


@given(key_sets, digest_keys)
def test_fallback_and_openssl_give_the_same_digests_and_keys(
    set_name: str | None, key: str | int | bytes | bytearray
) -> None:
    try:
        expected_digest: bytes | type[BaseException] = compute_digest(set_name, key)
    except ValueError as exc:  # a str with lone surrogates
        expected_digest = type(exc)
    try:
        expected_key: object = parse_key(("test", set_name, key))
    except exception.ParamError as exc:
        expected_key = type(exc)
    with pytest.MonkeyPatch.context() as patch:
        calls = force_fallback(patch)
        try:
            got_digest: bytes | type[BaseException] = compute_digest(set_name, key)
        except ValueError as exc:
            got_digest = type(exc)
        try:
            got_key: object = parse_key(("test", set_name, key))
        except exception.ParamError as exc:
            got_key = type(exc)
    assert got_digest == expected_digest
    assert got_key == expected_key
    assert calls or (got_digest is UnicodeEncodeError and got_key is exception.ParamError)


# --- Key digests -------------------------------------------------------------------------------

# aerospike/aerospike-client-python test/new_tests/test_key_digest.py (ns "namespace", set "set");
# the same values are in aerospike/aerospike-client-go key_test.go.
INT_VECTORS = [
    (-1, "22116d253745e29fc63fdf760b6e26f7e197e01d"),
    (0, "93d943aae37b017ad7e011b0c1d2e2143c2fb37d"),
    (1, "82d7213b469812947c109a6d341e3b5b1dedec1f"),
    (-128, "93191e549f8f3548d7e2cfc958ddc8c65bcbe4c6"),
    (127, "a58f7d98bf60e10fe369c82030b1c9dee053def9"),
    (255, "5a7dd3ea237c30c8735b051524e66fd401a10f6a"),
    (-(2**15), "7f41e9dd1f3fe3694be0430e04c8bfc7d51ec2af"),
    (2**15 - 1, "309fc9c2619c4f65ff7f4cd82085c3ee7a31fc7c"),
    (2**16 - 1, "3f0dd44352749a9fd5b7ec44213441ef54c46d57"),
    (-(2**31), "d635a867b755f8f54cdc6275e6fb437df82a728c"),
    (2**31 - 1, "fa8c47b8b898af1bbcb20af0d729ca68359a2645"),
    (2**32 - 1, "2cdf52bf5641027042b9cf9a499e509a58b330e2"),
    (INT64_MIN, "7185c2a47fb02c996daed26b4e01b83240aee9d4"),
    (INT64_MAX, "1698328974afa62c8e069860c1516f780d63dbb8"),
]
STR_VECTORS = [
    ("", "2819b1ff6e346a43b4f5f6b77a88bc3eaac22a83"),
    ("s", "607cddba7cd111745ef0a3d783d57f0e83c8f311"),
    ("a" * 10, "5979fb32a80da070ff356f7695455592272e36c2"),
    ("m" * 100, "f00ad7dbcb4bd8122d9681bca49b8c2ffd4beeed"),
    ("t" * 1000, "07ac412d4c33b8628ab147b8db244ce44ae527f8"),
    ("-" * 10000, "b42e64afbfccb05912a609179228d9249ea1c1a0"),
    ("+" * 100000, "0a3e888c20bb8958537ddd4ba835e4070bd51740"),
]
BLOB_VECTORS = [
    # The empty blob is from the Go client; the Python client refuses an empty bytearray key.
    (b"", "327e2877b8815c7aeede0d5a8620d4ef8df4a4b4"),
    (b"s", "ca2d96dc9a184d15a7fa2927565e844e9254e001"),
    (b"a" * 10, "d10982327b2b04c7360579f252e164a75f83cd99"),
    (b"m" * 100, "475786aa4ee664532a7d1ea69cb02e4695fcdeed"),
    (b"t" * 1000, "5a32b507518a49bf47fdaa3deca53803f5b2e8c3"),
    (b"-" * 10000, "ed65c63f7a1f8c6697eb3894b6409a95461fd982"),
    (b"+" * 100000, "fe19770c371774ba1a1532438d4851b8a773a9e6"),
]
# The Python client's documented examples (doc/client.rst and doc/scan.rst, also in the 3.x manual).
DOC_VECTORS = [
    ("demo", "1", b"ev\xb4\x88\x8c\xcf\x92\x9c \x0bo\xbd\x90\xd0\x9d\xf3\xf6\xd1\x0c\xf3"),
    ("demo", "2", b"n\xcd7p\x88\xdcF\xe1\xd6\x0e\x05\xfb\xcbs\xa68I\xf0T\xfd"),
    ("demo", "3", b"\x9f\xf2\xe3\xf3\xc0\xc1\xc3q\xb5$n\xf8\xccV\xa9\xed\xd91a\x86"),
    ("demo", "4", b"\x8eu\x19\xbe\xe0(\xda ^\xfa\x8ca\x93s\xe8\xb3%\xa8]\x8b"),
    ("demo", "oof", b"\ti\xcb\xb9\xb6V#V\xecI#\xealu\x05\x00H\x98\xe4="),
    ("test", "key1", b"\x1cJ\xce\xa7\xd4Vj\xef+\xdf@W\xa5\xd8o\x8d:\xc9\xf4\xde"),
    ("test", "key2", b"\xb2\x18\n\xd4\xce\xd8\xba:\x96s\xf5\x9ba\xf1j\xa7t\xeem\x01"),
]
# test_key_digest.py: calc_digest("namespace", "", 1).
NO_SET_INT_1 = "a443f05d05d962202b59abb402afae1737dbf66a"


@pytest.fixture(params=["bound", "fallback"])
def implementation(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Run a digest test with the hash chosen at import, then with the fallback forced.

    The fallback is forced through digest's own selection; that run fails unless it really hashed.
    """
    calls = force_fallback(monkeypatch) if request.param == "fallback" else None
    yield request.param
    if calls is not None:
        assert calls, "the fallback was forced but never called"


@pytest.mark.parametrize(("key", "expected"), INT_VECTORS)
def test_int_key_vectors(implementation: str, key: int, expected: str) -> None:
    assert compute_digest("set", key).hex() == expected


@pytest.mark.parametrize(("key", "expected"), STR_VECTORS, ids=lambda v: str(v)[:12])
def test_str_key_vectors(implementation: str, key: str, expected: str) -> None:
    assert compute_digest("set", key).hex() == expected


@pytest.mark.parametrize(("key", "expected"), BLOB_VECTORS, ids=lambda v: str(v)[:12])
def test_blob_key_vectors(implementation: str, key: bytes, expected: str) -> None:
    assert compute_digest("set", key).hex() == expected
    assert compute_digest("set", bytearray(key)).hex() == expected


@pytest.mark.parametrize(("set_name", "key", "expected"), DOC_VECTORS)
def test_documented_examples(implementation: str, set_name: str, key: str, expected: bytes) -> None:
    assert compute_digest(set_name, key) == expected


def test_no_set_hashes_as_empty_set(implementation: str) -> None:
    assert compute_digest("", 1).hex() == NO_SET_INT_1
    assert compute_digest(None, 1).hex() == NO_SET_INT_1


PARSE_KEY_VECTORS: list[tuple[str | int | bytes, str]] = [
    *INT_VECTORS[:3],
    *STR_VECTORS[:3],
    *BLOB_VECTORS[1:3],
]


@pytest.mark.parametrize(("key", "expected"), PARSE_KEY_VECTORS)
def test_parse_key_digests(implementation: str, key: str | int | bytes, expected: str) -> None:
    assert parse_key(("test", "set", key))[3].hex() == expected
    assert parse_key(("test", "set", key, b"\0" * 20))[3].hex() == expected


def test_set_name_is_utf8() -> None:
    payload = "ensemble-\u00e9\u2603".encode() + b"\x03" + "cl\u00e9".encode()
    assert compute_digest("ensemble-\u00e9\u2603", "cl\u00e9") == _ripemd160.ripemd160(payload)


def test_digest_is_twenty_bytes() -> None:
    for key in ("k", 7, b"k", bytearray(b"k")):
        result = compute_digest("s", key)
        assert type(result) is bytes
        assert len(result) == 20


def _model_digest(set_name: str | None, key: str | int | bytes) -> bytes:
    """The digest as the protocol defines it, spelled out with the fallback hash."""
    if isinstance(key, str):
        particle, payload = b"\x03", key.encode()
    elif isinstance(key, int):
        particle, payload = b"\x01", key.to_bytes(8, "big", signed=True)
    else:
        particle, payload = b"\x04", key
    return _ripemd160.ripemd160((set_name or "").encode() + particle + payload)


set_names = st.none() | st.text(max_size=20)
keys = st.text(max_size=40) | st.integers(INT64_MIN, INT64_MAX) | st.binary(max_size=40)


@given(set_names, keys)
def test_matches_protocol_model(set_name: str | None, key: str | int | bytes) -> None:
    assert compute_digest(set_name, key) == _model_digest(set_name, key)


@given(set_names, st.text(max_size=40))
def test_str_and_blob_of_same_bytes_differ(set_name: str | None, key: str) -> None:
    assert compute_digest(set_name, key) != compute_digest(set_name, key.encode())


@given(set_names, st.integers(INT64_MIN, INT64_MAX))
def test_int_differs_from_its_bytes_and_its_text(set_name: str | None, key: int) -> None:
    as_int = compute_digest(set_name, key)
    assert as_int != compute_digest(set_name, key.to_bytes(8, "big", signed=True))
    assert as_int != compute_digest(set_name, str(key))


@given(st.text(max_size=10), st.text(max_size=10), keys)
def test_set_name_is_part_of_the_digest(first: str, second: str, key: str | int | bytes) -> None:
    assert (compute_digest(first, key) == compute_digest(second, key)) == (first == second)


class Color(enum.IntEnum):
    RED = 5


class Label(str):
    def __str__(self) -> str:
        return "not the content"


class Blob(bytes):
    def __bytes__(self) -> bytes:
        return b"not the content"


def test_subclasses_digest_as_their_base_type() -> None:
    assert compute_digest("s", Color.RED) == compute_digest("s", 5)
    assert compute_digest("s", Label("abc")) == compute_digest("s", "abc")
    assert compute_digest("s", Blob(b"abc")) == compute_digest("s", b"abc")


@pytest.mark.parametrize("key", [INT64_MAX + 1, INT64_MIN - 1, 2**64, -(2**100)])
def test_int_out_of_range_is_value_error(key: int) -> None:
    with pytest.raises(ValueError, match="64-bit"):
        compute_digest("s", key)


@pytest.mark.parametrize("key", [True, False, 1.5, None, [1], {"a": 1}, (1,), memoryview(b"x")])
def test_other_key_types_are_type_error(key: object) -> None:
    with pytest.raises(TypeError):
        compute_digest("s", key)  # type: ignore[arg-type]


@pytest.mark.parametrize("set_name", [b"demo", 5, ["demo"]])
@pytest.mark.parametrize("key", ["k", 1, b"k"])
def test_non_str_set_name_is_type_error(set_name: object, key: str | int | bytes) -> None:
    with pytest.raises(TypeError):
        compute_digest(set_name, key)  # type: ignore[arg-type]


def test_unencodable_str_is_value_error() -> None:
    with pytest.raises(ValueError):
        compute_digest("s", "\ud800")
    with pytest.raises(ValueError):
        compute_digest("\udfff", "k")


# --- Partition ids -----------------------------------------------------------------------------


def test_partition_count() -> None:
    assert N_PARTITIONS == 4096


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b"\x00\x00\x00\x00", 0),
        (b"\xff\xff\xff\xff", 4095),
        (b"\xff\x0f\x00\x00", 4095),
        (b"\x00\x10\x00\x00", 0),  # bit 12 is outside the mask
        (b"\x01\x10\x00\x00", 1),
        (b"\x34\x12\x00\x00", 0x234),  # little-endian: byte 0 is the low byte
        (b"\x00\x01\xff\xff", 256),  # bytes 2 and 3 never matter
    ],
)
def test_partition_id_vectors(head: bytes, expected: int) -> None:
    assert partition_id(head + bytes(16)) == expected
    assert partition_id(bytearray(head + bytes(16))) == expected


def test_partition_id_of_known_digests() -> None:
    # 93d9... (int 0) -> 0xd993 & 0xfff; 2281... (int -1) -> 0x1122 & 0xfff.
    assert partition_id(compute_digest("set", 0)) == 0x993
    assert partition_id(compute_digest("set", -1)) == 0x122


@given(st.binary(min_size=20, max_size=20))
def test_partition_id_matches_server_and_java_forms(value: bytes) -> None:
    result = partition_id(value)
    assert 0 <= result < N_PARTITIONS
    # Server: *(uint32_t*)digest & 0xFFF. Java client: (littleBytesToInt & 0xFFFF) % 4096.
    assert result == int.from_bytes(value[:4], "little") & (N_PARTITIONS - 1)
    assert result == (int.from_bytes(value[:4], "little") & 0xFFFF) % N_PARTITIONS
