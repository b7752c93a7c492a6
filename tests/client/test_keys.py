"""Key tuples: set-name limits on every key shape, and the partition id of a key.

The tests of ``parse_key`` and ``key_partition_id`` check our key module itself (no client, so they
run once); the tests taking a client run three ways."""

from __future__ import annotations

from typing import Any

import pytest
from _support import BYTES_DIGEST, BYTES_KEY_PARTITION, AnyClient
from hypothesis import given
from hypothesis import strategies as st

from aeromodel.client import exception
from aeromodel.client.digest import compute_digest
from aeromodel.client.keys import key_partition_id, parse_key

DIGEST = bytes(range(20))

# Set names of exactly 64 and 63 UTF-8 bytes, from 2-, 3- and 4-byte characters, pure and mixed
# with ASCII. "\U0001f600" * 16 is 16 characters: the shortest name over the limit.
TOO_LONG = {
    "e-acute": "\u00e9" * 32,
    "snowman": "\u2603" * 21 + "a",
    "emoji": "\U0001f600" * 16,
    "ascii-then-e-acute": "s" * 62 + "\u00e9",
    "e-acute-then-ascii": "\u00e9" * 20 + "s" * 24,
    "manual": "\u00e9" * 40,
}
FITS = {
    "e-acute": "s" + "\u00e9" * 31,
    "snowman": "\u2603" * 21,
    "emoji": "\U0001f600" * 15 + "abc",
    "ascii-then-e-acute": "s" * 61 + "\u00e9",
    "ascii": "s" * 63,
}


def test_set_name_fixtures_have_the_sizes_they_claim() -> None:
    assert {len(name.encode()) for name in TOO_LONG.values() if name != "\u00e9" * 40} == {64}
    assert {len(name.encode()) for name in FITS.values()} == {63}


def key_shapes(set_name: str) -> dict[str, tuple[Any, ...]]:
    """Every key tuple form the client accepts, in ``set_name``."""
    return {
        "str": ("test", set_name, "k"),
        "int": ("test", set_name, 7),
        "bytes": ("test", set_name, b"k"),
        "bytearray": ("test", set_name, bytearray(b"k")),
        "bool": ("test", set_name, True),
        "str+digest": ("test", set_name, "k", DIGEST),
        "int+digest": ("test", set_name, 7, DIGEST),
        "bytes+digest": ("test", set_name, b"k", DIGEST),
        "None+digest": ("test", set_name, None, DIGEST),
        "None+bytearray-digest": ("test", set_name, None, bytearray(DIGEST)),
    }


SHAPES = list(key_shapes("s"))

pytestmark = pytest.mark.transports


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("set_name", TOO_LONG.values(), ids=TOO_LONG.keys())
def test_set_name_over_63_bytes_is_param_error(shape: str, set_name: str) -> None:
    with pytest.raises(exception.ParamError, match="63 bytes"):
        parse_key(key_shapes(set_name)[shape])


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("set_name", FITS.values(), ids=FITS.keys())
def test_set_name_of_63_bytes_is_accepted(shape: str, set_name: str) -> None:
    key = key_shapes(set_name)[shape]
    ns, parsed_set, user_key, digest = parse_key(key)
    assert (ns, parsed_set) == ("test", set_name)
    if user_key is None:
        assert digest == DIGEST
    else:
        assert digest == compute_digest(
            set_name, bytes(user_key) if shape == "bytearray" else user_key
        )


@pytest.mark.parametrize("shape", SHAPES)
def test_ascii_set_name_of_64_characters_is_param_error(shape: str) -> None:
    with pytest.raises(exception.ParamError, match="63 bytes"):
        parse_key(key_shapes("s" * 64)[shape])


@given(st.text(st.characters(exclude_categories=["Cs"]), max_size=70), st.sampled_from(SHAPES))
def test_set_name_accepted_exactly_up_to_63_bytes(set_name: str, shape: str) -> None:
    key = key_shapes(set_name)[shape]
    if len(set_name.encode()) <= 63:
        assert parse_key(key)[1] == set_name
    else:
        with pytest.raises(exception.ParamError):
            parse_key(key)


@pytest.mark.parametrize(
    "call",
    [
        lambda c, k, aerospike: c.put(k, {"a": 1}),
        lambda c, k, aerospike: c.get(k),
        lambda c, k, aerospike: c.exists(k),
        lambda c, k, aerospike: c.select(k, ["a"]),
        lambda c, k, aerospike: c.remove(k),
        lambda c, k, aerospike: c.increment(k, "a", 1),
        lambda c, k, aerospike: c.operate(k, [{"op": aerospike.OPERATOR_READ, "bin": "a"}]),
        lambda c, k, aerospike: c.batch_read([k]),
    ],
    ids=["put", "get", "exists", "select", "remove", "increment", "operate", "batch_read"],
)
def test_client_calls_refuse_a_multibyte_set_over_63_bytes(
    client: AnyClient, call: Any, aerospike: Any, exception: Any
) -> None:
    with pytest.raises(exception.ParamError) as excinfo:
        call(client, ("test", "\u00e9" * 40, "k"), aerospike)
    assert excinfo.value.code == -2
    assert client.put(("test", FITS["e-acute"], "k"), {"a": 1}) == 0


@pytest.mark.parametrize(
    "shape",
    [
        pytest.param(shape, marks=pytest.mark.ours_only(BYTES_DIGEST))
        if shape == "None+digest"
        else shape
        for shape in SHAPES
    ],
)
def test_every_key_shape_in_a_63_byte_set_round_trips(client: AnyClient, shape: str) -> None:
    for set_name in FITS.values():
        key = key_shapes(set_name)[shape]
        assert client.put(key, {"a": shape}) == 0
        rec_key, meta, bins = client.get(key)
        assert rec_key[:3] == ("test", set_name, None)
        assert meta["gen"] == 1
        assert bins == {"a": shape}
        # Digest-only shapes name the same record in every set: start afresh.
        assert client.remove(key) == 0


# --- the dict form of a key ------------------------------------------------------------------


def test_a_key_dict_names_the_record_its_tuple_names() -> None:
    """``{"ns", "set", "key" | "digest"}``, which the official client also takes (its suite writes
    keys so): a user key wins over a digest, a missing set is no set."""
    by_key = parse_key(("test", "demo", "k"))
    assert parse_key({"ns": "test", "set": "demo", "key": "k"}) == by_key
    assert parse_key({"ns": "test", "set": "demo", "key": "k", "digest": DIGEST}) == by_key
    assert parse_key({"ns": "test", "set": "demo", "digest": bytearray(by_key[3])}) == (
        "test", "demo", None, by_key[3]
    )
    assert parse_key({"ns": "test", "key": 7}) == parse_key(("test", None, 7))


@pytest.mark.parametrize(
    ("key", "message"),
    [
        ({"set": "demo", "key": "k"}, "namespace is required"),
        ({"ns": "test", "set": "demo"}, "either key or digest is required"),
        ({"ns": "test", "set": "demo", "key": None, "digest": None}, "either key or digest"),
        ({"ns": "test", "set": "demo", "digest": b"short"}, "should be 20 bytes, but received 5"),
        ({"ns": 1, "set": "demo", "key": "k"}, "namespace"),
    ],
)
def test_a_bad_key_dict_is_param_error(key: Any, message: str) -> None:
    with pytest.raises(exception.ParamError, match=message):
        parse_key(key)


@pytest.mark.parametrize(
    ("key", "message"),
    [
        (None, "key is invalid"),
        ("test", "key is invalid"),
        (("test", "set"), "key tuple must be (Namespace, Set, Key) or (Namespace, Set, None, Digest)"),
        (("test", "demo", 1, 1, 1), "key tuple must be (Namespace, Set, Key) or (Namespace, Set, None, Digest)"),
        ((1, "demo", 1), "namespace must be a string"),
        (("test", 1, 1), "set must be a string"),
        (("test", "demo", None), "either key or digest is required"),
        (("test", "demo", 2**63), "integer value for KEY exceeds sys.maxsize"),
        (("test", "demo", bytearray()), "Byte array size cannot be 0"),
        (("test", "demo", None, bytearray(5)), "digest size is invalid. should be 20 bytes, but received 5"),
        (("test", "demo", 1.5), "key is invalid"),
    ],
)
def test_bad_keys_say_what_the_official_client_says(
    client: AnyClient, exception: Any, key: Any, message: str
) -> None:
    """Word for word (the official client's own suite compares these messages)."""
    with pytest.raises(exception.ParamError) as info:
        client.get(key)
    assert info.value.code == -2
    assert info.value.msg == message


def test_client_calls_take_a_key_dict(client: AnyClient) -> None:
    key = {"ns": "test", "set": "demo", "key": "dict-key"}
    assert client.put(key, {"a": 1}) == 0
    assert client.get(key)[2] == {"a": 1}
    assert client.get(("test", "demo", "dict-key"))[2] == {"a": 1}
    assert client.exists(key)[1]["gen"] == 1
    assert client.remove(key) == 0
    assert client.exists(("test", "demo", "dict-key"))[1] is None


# --- key_partition_id ---------------------------------------------------------------------------

# (set, key, digest hex) from test_digest.py's published vectors; the id is (d[0] | d[1] << 8) & 0xFFF.
PARTITION_VECTORS = [
    ("set", 0, "93d943aae37b017ad7e011b0c1d2e2143c2fb37d", 0x993),
    ("set", -1, "22116d253745e29fc63fdf760b6e26f7e197e01d", 0x122),
    ("set", 2**63 - 1, "1698328974afa62c8e069860c1516f780d63dbb8", 0x816),
    ("set", "s", "607cddba7cd111745ef0a3d783d57f0e83c8f311", 0xC60),
    ("set", b"s", "ca2d96dc9a184d15a7fa2927565e844e9254e001", 0xDCA),
    ("", 1, "a443f05d05d962202b59abb402afae1737dbf66a", 0x3A4),
    ("demo", "1", "6576b4888ccf929c200b6fbd90d09df3f6d10cf3", 0x665),
]


@pytest.mark.parametrize(("set_name", "key", "digest_hex", "expected"), PARTITION_VECTORS)
def test_key_partition_id_of_known_digests(
    set_name: str, key: str | int | bytes, digest_hex: str, expected: int
) -> None:
    assert compute_digest(set_name, key).hex() == digest_hex
    assert key_partition_id("test", set_name, key) == expected
    if isinstance(key, bytes):
        assert key_partition_id("test", set_name, bytearray(key)) == expected


def test_key_partition_id_of_no_set_is_the_empty_set() -> None:
    assert key_partition_id("test", None, 1) == key_partition_id("test", "", 1) == 0x3A4


def test_key_partition_id_ignores_the_namespace() -> None:
    assert key_partition_id("bar", "set", 0) == key_partition_id("test", "set", 0) == 0x993


def test_key_partition_id_of_a_bool_is_that_of_the_int() -> None:
    assert key_partition_id("test", "set", True) == key_partition_id("test", "set", 1)


keys_st = (
    st.text(st.characters(exclude_categories=["Cs"]), max_size=40)
    | st.integers(-(2**63), 2**63 - 1)
    | st.binary(min_size=1, max_size=40)
)


@given(st.text(st.characters(exclude_categories=["Cs"]), max_size=20), keys_st)
def test_key_partition_id_is_the_digest_head_little_endian(set_name: str, key: Any) -> None:
    digest = compute_digest(set_name, key)
    result = key_partition_id("test", set_name, key)
    assert result == int.from_bytes(digest[:2], "little") & 0xFFF
    assert 0 <= result < 4096


@pytest.mark.parametrize(
    ("ns", "set_name", "key"),
    [
        (None, "set", "k"),
        (b"test", "set", "k"),
        ("", "set", "k"),
        ("test", b"set", "k"),
        ("test", 5, "k"),
        ("test", "s" * 64, "k"),
        ("test", "\u00e9" * 32, "k"),
        ("test", "\ud800", 1),
        ("test", "set", None),
        ("test", "set", 1.5),
        ("test", "set", [1]),
        ("test", "set", b""),
        ("test", "set", bytearray()),
        ("test", "set", 2**63),
        ("test", "set", -(2**63) - 1),
        ("test", "set", "\udfff"),
    ],
)
def test_key_partition_id_refuses_bad_input(ns: Any, set_name: Any, key: Any) -> None:
    with pytest.raises(exception.ParamError):
        key_partition_id(ns, set_name, key)


# --- get_key_partition_id: the client method ----------------------------------------------------


@pytest.mark.parametrize(
    ("set_name", "key", "expected"),
    [
        pytest.param(s, k, e, marks=pytest.mark.ours_only(BYTES_KEY_PARTITION))
        if isinstance(k, bytes)
        else (s, k, e)
        for s, k, _hex, e in PARTITION_VECTORS
    ]
    + [("set", True, 0x782), ("set", bytearray(b"s"), 0xDCA)],
)
def test_client_get_key_partition_id(
    client: AnyClient, set_name: str, key: Any, expected: int
) -> None:
    assert client.get_key_partition_id("test", set_name, key) == expected
    assert client.get_key_partition_id("bar", set_name, key) == expected


@pytest.mark.parametrize(
    ("ns", "set_name", "key"),
    [
        (None, "set", "k"),
        (b"test", "set", "k"),
        ("test", None, 1),
        ("test", b"set", "k"),
        ("test", 5, "k"),
        ("test", "s" * 64, "k"),
        ("test", "\u00e9" * 32, "k"),
        ("test", "set", None),
        ("test", "set", 1.5),
        ("test", "set", [1]),
        ("test", "set", b""),
        ("test", "set", bytearray()),
        ("test", "set", 2**63),
        ("test", "set", -(2**63) - 1),
    ],
)
def test_client_get_key_partition_id_refuses_bad_input(
    client: AnyClient, exception: Any, ns: Any, set_name: Any, key: Any
) -> None:
    with pytest.raises(exception.ParamError) as excinfo:
        client.get_key_partition_id(ns, set_name, key)
    assert excinfo.value.code == -2
