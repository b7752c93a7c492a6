"""Refused record calls: the exception class and code, and the stored record left untouched."""

from __future__ import annotations

import pytest
from _support import BIN_NAMES_CUT, FLOAT_BOOL_MAP_KEYS, NEGATIVE_META_GEN, NOT_UTF8

pytestmark = pytest.mark.transports

KEY = ("test", "demo", "err-1")
ORIGINAL = {"n": 1, "f": 1.5, "s": "text", "b": b"\x01", "l": [1, 2]}


@pytest.fixture
def stored(client):
    """A record written twice (gen 2); returns its get() answer before the refused call."""
    client.put(KEY, {"n": 0})
    client.put(KEY, ORIGINAL)
    before = client.get(KEY)
    assert before[1]["gen"] == 2
    return before


def assert_untouched(client, before):
    after = client.get(KEY)
    assert after == before
    assert after[1]["gen"] == before[1]["gen"]
    assert after[2] == before[2]


# -- bin names --------------------------------------------------------------------------------

LONG_NAMES = ["a" * 16, "é" * 8, "bin-name-too-long"]


def test_a_15_byte_bin_name_is_fine(client):
    client.put(KEY, {"a" * 15: 1, "é" * 7: 2})
    assert client.get(KEY)[2] == {"a" * 15: 1, "é" * 7: 2}


@pytest.mark.parametrize("name", LONG_NAMES)
def test_put_with_a_bin_name_over_15_bytes_is_bin_name_error(client, stored, name, exception):
    with pytest.raises(exception.BinNameError) as excinfo:
        client.put(KEY, {"ok": 1, name: 2})
    assert excinfo.value.code == 21
    assert_untouched(client, stored)


@pytest.mark.parametrize("name", LONG_NAMES)
def test_scalar_writes_and_operate_check_bin_names(client, stored, name, aerospike, exception):
    calls = [
        lambda: client.increment(KEY, name, 1),
        lambda: client.append(KEY, name, "x"),
        lambda: client.prepend(KEY, name, "x"),
        lambda: client.operate(KEY, [{"op": aerospike.OPERATOR_READ, "bin": name}]),
    ]
    for call in calls:
        with pytest.raises(exception.BinNameError) as excinfo:
            call()
        assert excinfo.value.code == 21
    assert_untouched(client, stored)


@pytest.mark.ours_only(BIN_NAMES_CUT)
@pytest.mark.parametrize("name", LONG_NAMES)
def test_select_and_remove_bin_check_bin_names(client, stored, name, exception):
    for call in (lambda: client.select(KEY, ["n", name]), lambda: client.remove_bin(KEY, [name])):
        with pytest.raises(exception.BinNameError) as excinfo:
            call()
        assert excinfo.value.code == 21
    assert_untouched(client, stored)


def test_bin_names_are_c_strings(client, stored, aerospike):
    """As the official client sends a bin name (and a real 8.1 server then stores it): text ends at
    its first NUL, and the length limit applies to what is left."""
    client.put(KEY, {"a\0b": 1, "abcdefghijklmno\0zzzz": 2})
    client.increment(KEY, "n\0x", 5)
    client.operate(KEY, [{"op": aerospike.OPERATOR_WRITE, "bin": "q\0r", "val": 4}])
    bins = client.get(KEY)[2]
    assert bins == {**stored[2], "n": 6, "a": 1, "abcdefghijklmno": 2, "q": 4}
    assert client.select(KEY, ["n\0zz"])[2] == {"n": 6}


def test_a_bytearray_bin_name_where_the_official_client_takes_one(client, stored, aerospike, op):
    """Operations (dicts and helpers), increment/append/prepend and scan selects take a bytearray
    bin name (UTF-8, ending at a NUL); the official suite writes ``bytearray("asd;adk\\0kj")``."""
    client.operate(KEY, [{"op": aerospike.OPERATOR_APPEND, "bin": bytearray(b"asd;adk\0kj"), "val": "j"}])
    client.operate(KEY, [op.write(bytearray(b"wb"), 5)])
    client.increment(KEY, bytearray(b"n"), 1)
    assert client.get(KEY)[2] == {**stored[2], "asd;adk": "j", "wb": 5, "n": 2}
    scan = client.scan("test", "demo")
    scan.select(bytearray(b"wb"))
    assert [r[2] for r in scan.results()] == [{"wb": 5}]


@pytest.mark.parametrize(
    "call",
    [
        lambda c, a, o: c.put(KEY, {b"ab": 1}),
        lambda c, a, o: c.select(KEY, [bytearray(b"n")]),
        lambda c, a, o: c.remove_bin(KEY, [bytearray(b"n")]),
    ],
)
def test_a_bytes_bin_name_is_refused_where_the_official_client_refuses_one(
    client, stored, aerospike, op, exception, call
):
    with pytest.raises((exception.ParamError, exception.ClientError)):
        call(client, aerospike, op)
    assert_untouched(client, stored)


@pytest.mark.ours_only(NOT_UTF8)
@pytest.mark.parametrize(
    "call",
    [
        lambda c, a, o: c.operate(KEY, [o.write(bytearray(b"\xff\xfe"), 1)]),
        lambda c, a, o: c.increment(KEY, bytearray(b"\xff"), 1),
    ],
)
def test_a_bytearray_bin_name_that_is_not_utf8_is_refused(
    client, stored, aerospike, op, exception, call
):
    # The official client sends such a name: the record can then no longer be read back.
    with pytest.raises(exception.ParamError, match="UTF-8"):
        call(client, aerospike, op)
    assert_untouched(client, stored)


def test_a_long_bin_name_on_a_missing_record_creates_nothing(client, exception):
    with pytest.raises(exception.BinNameError) as excinfo:
        client.put(KEY, {"x" * 16: 1})
    assert excinfo.value.code == 21
    assert client.exists(KEY)[1] is None


# -- record size ------------------------------------------------------------------------------


def test_default_max_record_size_is_one_mib(client, exception):
    client.put(KEY, {"b": b"x" * 1_048_517})
    assert len(client.get(KEY)[2]["b"]) == 1_048_517
    with pytest.raises(exception.RecordTooBig) as excinfo:
        client.put(("test", "demo", "big"), {"b": b"x" * (1024 * 1024)})
    assert excinfo.value.code == 13
    assert client.exists(("test", "demo", "big"))[1] is None


def test_record_too_big_leaves_the_record_untouched(client, stored, exception):
    with pytest.raises(exception.RecordTooBig) as excinfo:
        client.put(KEY, {"big": "y" * (1024 * 1024)})
    assert excinfo.value.code == 13
    assert_untouched(client, stored)


def test_growing_past_the_limit_is_record_too_big(client, exception):
    half = "z" * (600 * 1024)
    client.put(KEY, {"s": half})
    before = client.get(KEY)
    with pytest.raises(exception.RecordTooBig) as excinfo:
        client.append(KEY, "s", half)
    assert excinfo.value.code == 13
    with pytest.raises(exception.RecordTooBig) as excinfo:
        client.put(KEY, {"t": half})
    assert excinfo.value.code == 13
    assert_untouched(client, before)


def test_configured_max_record_size(make_client, exception):
    c = make_client(namespaces={"big": {"max-record-size": 2 * 1024 * 1024}})
    key = ("big", "demo", "k")
    blob = b"x" * (1536 * 1024)
    c.put(key, {"b": blob})
    assert c.get(key)[2] == {"b": blob}
    before = c.get(key)
    with pytest.raises(exception.RecordTooBig) as excinfo:
        c.put(key, {"b": b"x" * (2 * 1024 * 1024)})
    assert excinfo.value.code == 13
    assert c.get(key) == before
    # The other namespaces keep the 1 MiB default.
    with pytest.raises(exception.RecordTooBig) as excinfo:
        c.put(("test", "demo", "k"), {"b": blob})
    assert excinfo.value.code == 13


# -- bin types --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "bin_name", "value"),
    [
        ("increment", "n", 1.5),
        ("increment", "f", 1),
        ("increment", "s", 1),
        ("increment", "l", 1),
        ("append", "n", "x"),
        ("prepend", "n", "x"),
        ("append", "s", b"x"),
        ("append", "b", "x"),
        ("prepend", "f", "x"),
    ],
)
def test_wrong_bin_type_is_bin_incompatible_type(
    client, stored, method, bin_name, value, exception
):
    with pytest.raises(exception.BinIncompatibleType) as excinfo:
        getattr(client, method)(KEY, bin_name, value)
    assert excinfo.value.code == 12
    assert_untouched(client, stored)


# -- values refused by the client -------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "bin_name", "value"),
    [
        ("increment", "n", "1"),
        ("increment", "n", None),
        ("increment", "n", 2**63),
        ("append", "s", 1),
        ("prepend", "s", 1),
        ("append", "s", None),
        ("append", "s", ["x"]),
    ],
)
def test_bad_scalar_operands_are_param_errors(client, stored, method, bin_name, value, exception):
    with pytest.raises(exception.ParamError) as excinfo:
        getattr(client, method)(KEY, bin_name, value)
    assert excinfo.value.code == -2
    assert_untouched(client, stored)


@pytest.mark.parametrize(
    "value",
    [2**63, 2**64, -(2**63) - 1, [1, 2**63], {"k": -(2**64)}, {2**63: 1}],
)
def test_ints_outside_signed_64_bits_are_param_errors(client, stored, value, exception):
    with pytest.raises(exception.ParamError) as excinfo:
        client.put(KEY, {"n": 5, "v": value})
    assert excinfo.value.code == -2
    assert_untouched(client, stored)


def test_ints_at_the_64_bit_limits_are_stored(client):
    client.put(KEY, {"max": 2**63 - 1, "min": -(2**63), "l": [2**63 - 1]})
    assert client.get(KEY)[2] == {"max": 2**63 - 1, "min": -(2**63), "l": [2**63 - 1]}


@pytest.mark.ours_only(FLOAT_BOOL_MAP_KEYS)
@pytest.mark.parametrize("value", [{1.5: 1}, {True: 1}, {"a": {False: 2}}, [{0.0: 1}]])
def test_maps_with_float_or_bool_keys_are_param_errors(client, stored, value, exception):
    with pytest.raises(exception.ParamError) as excinfo:
        client.put(KEY, {"m": value})
    assert excinfo.value.code == -2
    assert_untouched(client, stored)


@pytest.mark.parametrize(
    "bad_key",
    [
        ("test", "demo"),
        ("test", "demo", "k", None, "extra"),
        ("test",),
        (1, "demo", "k"),
        (None, "demo", "k"),
        ("test", 5, "k"),
        ("test", "demo", 1.5),
        ("test", "demo", None),
        ("test", "demo", None, None),
        ("test", "demo", None, b"short"),
        ("test", "demo", ["k"]),
        ("test", "demo", 2**63),
        ["test", "demo", "k"],
        "test:demo:k",
        None,
    ],
)
def test_bad_key_tuples_are_param_errors(client, bad_key, aerospike, exception):
    client.put(("test", "demo", "k"), {"a": 1})
    before = client.get(("test", "demo", "k"))
    calls = [
        lambda: client.get(bad_key),
        lambda: client.put(bad_key, {"a": 2}),
        lambda: client.exists(bad_key),
        lambda: client.select(bad_key, ["a"]),
        lambda: client.remove(bad_key),
        lambda: client.increment(bad_key, "a", 1),
        lambda: client.touch(bad_key, 10),
        lambda: client.operate(bad_key, [{"op": aerospike.OPERATOR_READ, "bin": "a"}]),
    ]
    for call in calls:
        with pytest.raises(exception.ParamError) as excinfo:
            call()
        assert excinfo.value.code == -2
    assert client.get(("test", "demo", "k")) == before


def test_unsupported_value_with_serializer_none_is_param_error(
    client, stored, aerospike, exception
):
    with pytest.raises(exception.ParamError) as excinfo:
        client.put(KEY, {"x": {1, 2}}, serializer=aerospike.SERIALIZER_NONE)
    assert excinfo.value.code == -2
    assert_untouched(client, stored)


def test_bad_meta_is_param_error(client, stored, exception):
    for meta in ({"ttl": "10"}, {"ttl": 1.5}, "meta"):
        with pytest.raises(exception.ParamError) as excinfo:
            client.put(KEY, {"n": 9}, meta=meta)
        assert excinfo.value.code == -2
    assert_untouched(client, stored)


@pytest.mark.ours_only(NEGATIVE_META_GEN)
def test_negative_meta_gen_is_param_error(client, stored, exception):
    with pytest.raises(exception.ParamError) as excinfo:
        client.put(KEY, {"n": 9}, meta={"gen": -1})
    assert excinfo.value.code == -2
    assert_untouched(client, stored)


def test_bins_not_a_dict_is_param_error(client, stored, exception):
    for bins in ([("n", 9)], "n", None):
        with pytest.raises(exception.ParamError) as excinfo:
            client.put(KEY, bins)
        assert excinfo.value.code == -2
    assert_untouched(client, stored)


# -- requests the server refuses --------------------------------------------------------------


def test_put_with_no_bins_is_invalid_request(client, stored, exception):
    with pytest.raises(exception.InvalidRequest) as excinfo:
        client.put(KEY, {})
    assert excinfo.value.code == 4
    assert_untouched(client, stored)


def test_select_with_no_bins_is_invalid_request(client, stored, exception):
    with pytest.raises(exception.InvalidRequest) as excinfo:
        client.select(KEY, [])
    assert excinfo.value.code == 4
    assert_untouched(client, stored)


@pytest.mark.parametrize("bins", [{"x": None}, {"x": "null()"}, {"x": None, "y": None}])
def test_put_of_only_null_bins_on_a_missing_record_is_record_not_found(
    client, bins, aerospike, exception
):
    bins = {name: aerospike.null() if value == "null()" else value for name, value in bins.items()}
    with pytest.raises(exception.RecordNotFound) as excinfo:
        client.put(KEY, bins)
    assert excinfo.value.code == 2
    assert client.exists(KEY)[1] is None


def test_remove_bin_on_a_missing_record_is_record_not_found(client, exception):
    with pytest.raises(exception.RecordNotFound) as excinfo:
        client.remove_bin(KEY, ["a"])
    assert excinfo.value.code == 2
    assert client.exists(KEY)[1] is None


@pytest.mark.parametrize("ns", ["nope", "Test"])
def test_unknown_namespace_is_namespace_not_found(client, ns, aerospike, exception):
    key = (ns, "demo", "k")
    calls = [
        lambda: client.put(key, {"a": 1}),
        lambda: client.get(key),
        lambda: client.select(key, ["a"]),
        lambda: client.exists(key),
        lambda: client.remove(key),
        lambda: client.touch(key, 10),
        lambda: client.increment(key, "a", 1),
        lambda: client.append(key, "a", "x"),
        lambda: client.operate(key, [{"op": aerospike.OPERATOR_READ, "bin": "a"}]),
    ]
    for call in calls:
        with pytest.raises(exception.NamespaceNotFound) as excinfo:
            call()
        assert excinfo.value.code == 20


def test_exception_classes_sit_in_the_documented_hierarchy(client, stored, exception):
    cases = [
        (lambda: client.put(KEY, {"x" * 16: 1}), exception.RecordError, 21),
        (lambda: client.increment(KEY, "s", 1), exception.ServerError, 12),
        (lambda: client.increment(KEY, "n", "1"), exception.ClientError, -2),
        (lambda: client.get(("nope", "demo", "k")), exception.ServerError, 20),
        (lambda: client.get(("test", "demo", "missing")), exception.RecordError, 2),
    ]
    for call, base, code in cases:
        with pytest.raises(base) as excinfo:
            call()
        assert isinstance(excinfo.value, exception.AerospikeError)
        assert excinfo.value.code == code
        assert excinfo.value.args[0] == code
    assert_untouched(client, stored)


NOT_UTF8_CALLS = {
    "str": lambda c: c.put(KEY, {"a": "\udc80"}),
    "in-list": lambda c: c.put(KEY, {"a": ["ok", "\udc80"]}),
    "map-key": lambda c: c.put(KEY, {"a": {"\udc80": 1}}),
    "map-value": lambda c: c.put(KEY, {"a": {"k": "\udc80"}}),
    "bin-name": lambda c: c.put(KEY, {"\udc80": 1}),
    "append": lambda c: c.append(KEY, "a", "\udc80"),
    "user-key": lambda c: c.get(("test", "demo", "\udc80")),
    "set-name": lambda c: c.get(("test", "\udc80", "k")),
}


@pytest.mark.parametrize(
    "call",
    [NOT_UTF8_CALLS[name] for name in ("str", "in-list", "map-key", "map-value", "bin-name")],
)
def test_values_and_bin_names_that_are_not_utf8_are_client_errors(client, call, exception):
    # Lone surrogates cannot be sent as UTF-8: refused before anything is stored.
    client.put(KEY, {"a": "x"})
    with pytest.raises(exception.ClientError):
        call(client)
    assert client.get(KEY)[2] == {"a": "x"}


@pytest.mark.ours_only(NOT_UTF8)
@pytest.mark.parametrize("call", NOT_UTF8_CALLS.values(), ids=NOT_UTF8_CALLS.keys())
def test_text_that_is_not_utf8_is_a_param_error(client, call, exception):
    client.put(KEY, {"a": "x"})
    with pytest.raises(exception.ParamError) as excinfo:
        call(client)
    assert excinfo.value.code == -2
    assert client.get(KEY)[2] == {"a": "x"}


def test_str_subclass_values_are_stored_as_plain_str(client):
    class Name(str):
        """A user's own str type."""

    client.put(KEY, {"a": Name("ada"), "l": [Name("x")]})
    bins = client.get(KEY)[2]
    assert bins == {"a": "ada", "l": ["x"]}
    assert type(bins["a"]) is str and type(bins["l"][0]) is str


OFFICIAL_WORDS = {
    "prepend int": (lambda c, a, o: c.prepend(KEY, "s", 2), "Cannot concatenate 'str' and 'non-str' objects"),
    "append int": (lambda c, a, o: c.append(KEY, "s", 2), "Cannot concatenate 'str' and 'non-str' objects"),
    "operate append": (lambda c, a, o: c.operate(KEY, [o.append("s", 1)]), "Cannot concatenate 'str' and 'non-str' objects"),
    "increment str": (lambda c, a, o: c.increment(KEY, "n", "x"), "Unsupported operand type(s) for +: only 'int' allowed"),
    "increment bin": (lambda c, a, o: c.increment(KEY, 1, 1), "Bin name should be of type string"),
    "append bin": (lambda c, a, o: c.append(KEY, None, "a"), "Bin name should be of type string"),
    "operate bin": (lambda c, a, o: c.operate(KEY, [o.write(1, 1)]), "Bin name should be of type string"),
    "select bin": (lambda c, a, o: c.select(KEY, [1]), "Bin name must be a string"),
    "meta": (lambda c, a, o: c.put(KEY, {"a": 1}, "x"), "Metadata should be of type dictionary"),
    "meta ttl": (lambda c, a, o: c.put(KEY, {"a": 1}, {"ttl": "x"}), "Ttl should be an int or long"),
    "meta gen": (lambda c, a, o: c.put(KEY, {"a": 1}, {"gen": "x"}), "Generation should be an int or long"),
    "bins": (lambda c, a, o: c.put(KEY, [1]), "Record should be passed as bin-value pair"),
    "operations": (lambda c, a, o: c.operate(KEY, 5), "Operations should be of type list"),
    "no operations": (lambda c, a, o: c.operate(KEY, []), "No operations defined"),
}


@pytest.mark.parametrize("case", OFFICIAL_WORDS.values(), ids=OFFICIAL_WORDS.keys())
def test_refusals_say_what_the_official_client_says(client, stored, aerospike, op, exception, case):
    """Word for word: the official client's own suite compares these messages."""
    call, message = case
    with pytest.raises(exception.ParamError) as info:
        call(client, aerospike, op)
    assert info.value.code == -2
    assert info.value.msg == message
    assert_untouched(client, stored)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda c: c.put(KEY, {1: 1}), "A bin name must be a string or unicode string."),
        (lambda c: c.remove_bin(KEY, [1]), "Invalid bin name, bin name should be a string or unicode string"),
    ],
)
def test_put_and_remove_bin_bin_names_say_the_official_words(client, stored, exception, call, message):
    # The official client raises these as ClientError (-1); here a ParamError (-2, a ClientError).
    with pytest.raises(exception.ClientError) as info:
        call(client)
    assert info.value.msg == message
    assert_untouched(client, stored)


def test_touch_checks_the_meta_ttl_that_val_replaces(client, stored, exception):
    with pytest.raises(exception.ParamError):
        client.touch(KEY, 120, {"gen": 10, "ttl": 2**64})
    assert_untouched(client, stored)


def test_module_serializers_must_be_callable(aerospike, exception):
    for register in (aerospike.set_serializer, aerospike.set_deserializer):
        with pytest.raises(exception.ParamError) as info:
            register(None)
        assert info.value.msg == "Parameter must be a callable"
