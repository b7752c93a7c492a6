"""Key tuples: set-name limits on every key shape."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import aeromodel.client as aerospike
from aeromodel.client import exception
from aeromodel.client.digest import compute_digest
from aeromodel.client.keys import parse_key

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
        lambda c, k: c.put(k, {"a": 1}),
        lambda c, k: c.get(k),
        lambda c, k: c.exists(k),
        lambda c, k: c.select(k, ["a"]),
        lambda c, k: c.remove(k),
        lambda c, k: c.increment(k, "a", 1),
        lambda c, k: c.operate(k, [{"op": aerospike.OPERATOR_READ, "bin": "a"}]),
        lambda c, k: c.batch_read([k]),
    ],
    ids=["put", "get", "exists", "select", "remove", "increment", "operate", "batch_read"],
)
def test_client_calls_refuse_a_multibyte_set_over_63_bytes(
    client: aerospike.Client, call: Any
) -> None:
    with pytest.raises(exception.ParamError):
        call(client, ("test", "\u00e9" * 40, "k"))
    assert client.put(("test", FITS["e-acute"], "k"), {"a": 1}) == 0
