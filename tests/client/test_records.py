"""The record API on the embedded engine: results, metadata, ttl, exists/gen/key policies."""

from __future__ import annotations

import pytest
from _support import FAKE_CLOCK_TTL, NAMED_RESULTS

from aeromodel.client import calc_digest

pytestmark = pytest.mark.transports

NEVER = 0xFFFFFFFF
KEY = ("test", "demo", "rec-1")


def digest_of(key: tuple) -> bytearray:
    """The digest expected for ``key`` (ours, pinned against the official client in test_digest)."""
    return calc_digest(key[0], key[1], key[2])


def test_each_transport_runs_the_client_it_names(client, transport, aerospike):
    # "official" is the official client from PyPI (a compiled extension), not ours in disguise.
    assert isinstance(client, aerospike.Client)
    if transport == "official":
        assert aerospike.__name__ == "aerospike" and type(client).__module__ == "aerospike"
        assert aerospike.__file__.endswith(".so") and "aeromodel" not in aerospike.__file__
        assert not hasattr(client, "_transport")
    else:
        assert aerospike.__name__ == "aeromodel.client"
        kind = {"embedded": "EmbeddedTransport", "cluster": "ClusterTransport"}[transport]
        assert type(client._transport).__name__ == kind
    client.put(KEY, {"a": 1})
    assert client.get(KEY)[2] == {"a": 1}


# -- put / get / select / exists ----------------------------------------------------------------


def test_put_returns_zero_and_get_answers_key_meta_bins(client):
    assert client.put(KEY, {"a": 1, "s": "x"}) == 0
    key, meta, bins = client.get(KEY)
    assert key == ("test", "demo", None, digest_of(KEY))
    assert meta == {"gen": 1, "ttl": NEVER}
    assert bins == {"a": 1, "s": "x"}


@pytest.mark.ours_only(NAMED_RESULTS)
def test_record_tuple_fields_and_meta_attributes(client):
    client.put(KEY, {"a": 1})
    rec = client.get(KEY)
    assert rec.key.namespace == "test"
    assert rec.key.set_name == "demo"
    assert rec.key.user_key is None
    assert rec.meta.gen == 1 and rec.meta["gen"] == 1
    assert rec.meta.ttl == NEVER and rec.meta["ttl"] == NEVER
    assert rec.bins == {"a": 1}


def test_key_tuple_digest_is_the_20_byte_calc_digest(client, aerospike):
    client.put(KEY, {"a": 1})
    for rec_key in (client.get(KEY)[0], client.select(KEY, ["a"])[0], client.exists(KEY)[0]):
        assert isinstance(rec_key[3], bytearray)
        assert len(rec_key[3]) == 20
        assert rec_key[3] == aerospike.calc_digest("test", "demo", "rec-1")


@pytest.mark.ours_only("has no get_key_digest any more (the 3.x API, kept by our checklist)")
def test_get_key_digest_is_calc_digest(client):
    assert client.get_key_digest("test", "demo", "rec-1") == calc_digest("test", "demo", "rec-1")


def test_digest_only_key_reaches_the_same_record(client):
    client.put(KEY, {"a": 1})
    by_digest = ("test", "demo", None, digest_of(KEY))
    assert client.get(by_digest)[2] == {"a": 1}
    client.put(by_digest, {"b": 2})
    assert client.get(KEY)[2] == {"a": 1, "b": 2}
    assert client.get(KEY)[1]["gen"] == 2


def test_put_merges_bins_into_an_existing_record(client):
    client.put(KEY, {"a": 1, "b": 2})
    client.put(KEY, {"b": 20, "c": 30})
    assert client.get(KEY)[2] == {"a": 1, "b": 20, "c": 30}


def test_int_and_set_none_keys_are_distinct_records(client, aerospike):
    client.put(("test", "demo", 1), {"v": "int"})
    client.put(("test", "demo", "1"), {"v": "str"})
    client.put(("test", None, 1), {"v": "noset"})
    assert client.get(("test", "demo", 1))[2] == {"v": "int"}
    assert client.get(("test", "demo", "1"))[2] == {"v": "str"}
    rec = client.get(("test", None, 1))
    assert rec[2] == {"v": "noset"}
    assert rec[0] == ("test", None, None, digest_of(("test", None, 1)))


def test_namespaces_are_separate(client, exception):
    client.put(("test", "demo", "k"), {"a": 1})
    with pytest.raises(exception.RecordNotFound) as excinfo:
        client.get(("bar", "demo", "k"))
    assert excinfo.value.code == 2


def test_get_missing_record_is_record_not_found(client, exception):
    with pytest.raises(exception.RecordNotFound) as excinfo:
        client.get(KEY)
    assert excinfo.value.code == 2


def test_select_returns_named_bins_and_leaves_missing_ones_out(client):
    client.put(KEY, {"a": 1, "b": 2, "c": 3})
    key, meta, bins = client.select(KEY, ["a", "c", "nope"])
    assert key == ("test", "demo", "rec-1", digest_of(KEY))
    assert meta == {"gen": 1, "ttl": NEVER}
    assert bins == {"a": 1, "c": 3}
    assert client.select(KEY, ("b",))[2] == {"b": 2}
    assert client.select(KEY, ["nope"])[2] == {}


def test_select_missing_record_is_record_not_found(client, exception):
    with pytest.raises(exception.RecordNotFound) as excinfo:
        client.select(KEY, ["a"])
    assert excinfo.value.code == 2


def test_exists_answers_key_and_meta(client):
    client.put(KEY, {"a": 1})
    client.put(KEY, {"a": 2})
    key, meta = client.exists(KEY)
    assert key == ("test", "demo", "rec-1", digest_of(KEY))
    assert meta == {"gen": 2, "ttl": NEVER}


def test_exists_on_missing_record_gives_meta_none(client):
    key, meta = client.exists(KEY)
    assert key == ("test", "demo", "rec-1", digest_of(KEY))
    assert meta is None


# -- key policy -------------------------------------------------------------------------------


def test_get_returns_user_key_only_with_read_policy_key_send(client, aerospike):
    client.put(KEY, {"a": 1}, policy={"key": aerospike.POLICY_KEY_SEND})
    assert client.get(KEY)[0][2] is None
    assert client.get(KEY, {"key": aerospike.POLICY_KEY_DIGEST})[0][2] is None
    rec = client.get(KEY, {"key": aerospike.POLICY_KEY_SEND})
    assert rec[0] == ("test", "demo", "rec-1", digest_of(KEY))


def test_select_exists_operate_echo_the_callers_key(client, aerospike):
    int_key = ("test", "demo", 42)
    client.put(int_key, {"a": 1})
    expected = ("test", "demo", 42, aerospike.calc_digest("test", "demo", 42))
    assert client.select(int_key, ["a"])[0] == expected
    assert client.exists(int_key)[0] == expected
    assert client.operate(int_key, [{"op": aerospike.OPERATOR_READ, "bin": "a"}])[0] == expected


@pytest.mark.ours_only("sends a bytes key as a string cut at its first NUL (a quirk not copied)")
def test_bytes_and_bytearray_keys_are_the_same_record(client, aerospike, exception):
    k_bytes = ("test", "demo", b"\x00\x01blob")
    k_array = ("test", "demo", bytearray(b"\x00\x01blob"))
    client.put(k_bytes, {"a": 1})
    client.put(k_array, {"b": 2})
    rec = client.get(k_array)
    assert rec[2] == {"a": 1, "b": 2}
    assert rec[1]["gen"] == 2
    assert rec[0][3] == aerospike.calc_digest("test", "demo", bytearray(b"\x00\x01blob"))
    assert client.exists(k_bytes)[0][2] == b"\x00\x01blob"
    # A NUL-led blob key is not the empty string key (the official client's quirk is not copied).
    with pytest.raises(exception.RecordNotFound) as excinfo:
        client.get(("test", "demo", ""))
    assert excinfo.value.code == 2


# -- generation -------------------------------------------------------------------------------


def test_generation_counts_every_write(client, aerospike):
    client.put(KEY, {"a": 1, "s": "m", "n": 1, "x": 0})
    client.put(KEY, {"a": 2})
    client.touch(KEY)
    client.append(KEY, "s", "z")
    client.prepend(KEY, "s", "a")
    client.increment(KEY, "n", 5)
    client.remove_bin(KEY, ["x"])
    client.operate(KEY, [{"op": aerospike.OPERATOR_INCR, "bin": "n", "val": 1}])
    rec = client.get(KEY)
    assert rec[1]["gen"] == 8
    assert rec[2] == {"a": 2, "s": "amz", "n": 7}


def test_reads_do_not_change_generation(client, aerospike):
    client.put(KEY, {"a": 1})
    client.get(KEY)
    client.select(KEY, ["a"])
    client.exists(KEY)
    client.operate(KEY, [{"op": aerospike.OPERATOR_READ, "bin": "a"}])
    assert client.get(KEY)[1]["gen"] == 1


def test_rewrite_after_remove_starts_again_at_generation_one(client):
    client.put(KEY, {"a": 1})
    client.put(KEY, {"a": 2})
    assert client.remove(KEY) == 0
    client.put(KEY, {"b": 1})
    rec = client.get(KEY)
    assert rec[1]["gen"] == 1
    assert rec[2] == {"b": 1}


# -- remove / remove_bin --------------------------------------------------------------------


def test_remove_deletes_the_record(client, exception):
    client.put(KEY, {"a": 1})
    assert client.remove(KEY) == 0
    with pytest.raises(exception.RecordNotFound) as excinfo:
        client.get(KEY)
    assert excinfo.value.code == 2
    assert client.exists(KEY)[1] is None


def test_remove_missing_record_is_record_not_found(client, exception):
    with pytest.raises(exception.RecordNotFound) as excinfo:
        client.remove(KEY)
    assert excinfo.value.code == 2


def test_remove_with_generation_check(client, aerospike, exception):
    client.put(KEY, {"a": 1})
    client.put(KEY, {"a": 2})
    before = client.get(KEY)
    with pytest.raises(exception.RecordGenerationError) as excinfo:
        client.remove(KEY, meta={"gen": 1}, policy={"gen": aerospike.POLICY_GEN_EQ})
    assert excinfo.value.code == 3
    assert client.get(KEY) == before
    assert client.remove(KEY, meta={"gen": 2}, policy={"gen": aerospike.POLICY_GEN_EQ}) == 0
    assert client.exists(KEY)[1] is None


def test_remove_bin_removes_bins_and_bumps_generation(client):
    client.put(KEY, {"a": 1, "b": 2, "c": 3})
    assert client.remove_bin(KEY, ["a", "c"]) == 0
    rec = client.get(KEY)
    assert rec[2] == {"b": 2}
    assert rec[1]["gen"] == 2


def test_remove_bin_of_the_last_bin_deletes_the_record(client, exception):
    client.put(KEY, {"a": 1, "b": 2})
    client.remove_bin(KEY, ["a", "b"])
    assert client.exists(KEY)[1] is None
    with pytest.raises(exception.RecordNotFound) as excinfo:
        client.get(KEY)
    assert excinfo.value.code == 2


@pytest.mark.parametrize("null", [False, True])
def test_writing_none_or_null_removes_the_bin(client, null, aerospike):
    nothing = aerospike.null() if null else None
    client.put(KEY, {"a": 1, "b": 2})
    client.put(KEY, {"a": nothing, "c": 3})
    rec = client.get(KEY)
    assert rec[2] == {"b": 2, "c": 3}
    assert rec[1]["gen"] == 2


@pytest.mark.parametrize("null", [False, True])
def test_writing_none_to_the_last_bin_deletes_the_record(client, null, aerospike):
    nothing = aerospike.null() if null else None
    client.put(KEY, {"a": 1})
    client.put(KEY, {"a": nothing})
    assert client.exists(KEY)[1] is None


# -- append / prepend / increment ------------------------------------------------------------


def test_append_and_prepend_str_and_bytes(client):
    client.put(KEY, {"s": "mid", "b": b"\x02"})
    assert client.append(KEY, "s", "-end") == 0
    assert client.prepend(KEY, "s", "start-") == 0
    client.append(KEY, "b", b"\x03")
    client.prepend(KEY, "b", bytearray(b"\x01"))
    rec = client.get(KEY)
    assert rec[2] == {"s": "start-mid-end", "b": b"\x01\x02\x03"}
    assert type(rec[2]["b"]) is bytes
    assert rec[1]["gen"] == 5


def test_append_creates_a_missing_bin_and_record(client):
    client.append(KEY, "s", "x")
    assert client.get(KEY)[2] == {"s": "x"}
    client.prepend(KEY, "p", "y")
    assert client.get(KEY)[2] == {"s": "x", "p": "y"}
    assert client.get(KEY)[1]["gen"] == 2


def test_appending_empty_string_to_a_missing_bin_creates_it(client):
    client.put(KEY, {"a": 1})
    client.append(KEY, "s", "")
    rec = client.get(KEY)
    assert rec[2] == {"a": 1, "s": ""}
    assert rec[1]["gen"] == 2


def test_increment_ints_and_floats(client):
    client.put(KEY, {"n": 10, "f": 1.5})
    assert client.increment(KEY, "n", 5) == 0
    client.increment(KEY, "n", -20)
    client.increment(KEY, "f", 0.25)
    rec = client.get(KEY)
    assert rec[2] == {"n": -5, "f": 1.75}
    assert rec[1]["gen"] == 4


def test_increment_creates_a_missing_bin_and_record(client):
    client.increment(KEY, "n", 7)
    assert client.get(KEY) == (
        ("test", "demo", None, digest_of(KEY)),
        {"gen": 1, "ttl": NEVER},
        {"n": 7},
    )
    client.increment(KEY, "f", 2.5)
    assert client.get(KEY)[2] == {"n": 7, "f": 2.5}


def test_increment_wraps_around_at_64_bits(client):
    client.put(KEY, {"n": 2**63 - 1, "m": -(2**63)})
    client.increment(KEY, "n", 1)
    client.increment(KEY, "m", -1)
    assert client.get(KEY)[2] == {"n": -(2**63), "m": 2**63 - 1}


# -- ttl ------------------------------------------------------------------------------------


def test_namespace_default_ttl_zero_reads_back_never(timed_client, clock):
    timed_client.put(KEY, {"a": 1})
    clock.advance(10 * 365 * 24 * 3600)
    assert timed_client.get(KEY)[1] == {"gen": 1, "ttl": NEVER}


@pytest.mark.ours_only(FAKE_CLOCK_TTL)
def test_explicit_ttl_counts_down_and_the_record_expires(timed_client, clock, exception):
    timed_client.put(KEY, {"a": 1}, meta={"ttl": 100})
    assert timed_client.get(KEY)[1] == {"gen": 1, "ttl": 100}
    clock.advance(40)
    assert timed_client.get(KEY)[1]["ttl"] == 60
    assert timed_client.exists(KEY)[1] == {"gen": 1, "ttl": 60}
    clock.advance(59)
    assert timed_client.get(KEY)[1]["ttl"] == 1
    clock.advance(1)  # exactly at the void time: still alive, reported ttl 1
    assert timed_client.get(KEY)[1] == {"gen": 1, "ttl": 1}
    assert timed_client.exists(KEY)[1] == {"gen": 1, "ttl": 1}
    clock.advance(1)  # void time now in the past: expired
    with pytest.raises(exception.RecordNotFound) as excinfo:
        timed_client.get(KEY)
    assert excinfo.value.code == 2
    assert timed_client.exists(KEY)[1] is None
    with pytest.raises(exception.RecordNotFound) as excinfo:
        timed_client.select(KEY, ["a"])
    assert excinfo.value.code == 2


def test_an_expired_record_is_created_anew(timed_client, clock):
    timed_client.put(KEY, {"a": 1, "b": 2}, meta={"ttl": 10})
    timed_client.put(KEY, {"a": 3}, meta={"ttl": 10})
    clock.advance(11)
    timed_client.put(KEY, {"c": 1})
    assert timed_client.get(KEY)[1] == {"gen": 1, "ttl": NEVER}
    assert timed_client.get(KEY)[2] == {"c": 1}


@pytest.mark.parametrize("never", [-1, "TTL_NEVER_EXPIRE"])
def test_ttl_never_expire(timed_client, clock, never, aerospike):
    never = getattr(aerospike, never) if isinstance(never, str) else never
    timed_client.put(KEY, {"a": 1}, meta={"ttl": 100})
    timed_client.put(KEY, {"a": 2}, meta={"ttl": never})
    clock.advance(1000)
    assert timed_client.get(KEY)[1] == {"gen": 2, "ttl": NEVER}


@pytest.mark.ours_only(FAKE_CLOCK_TTL)
@pytest.mark.parametrize("dont_update", [-2, "TTL_DONT_UPDATE"])
def test_ttl_dont_update_keeps_the_current_ttl(timed_client, clock, dont_update, aerospike):
    dont_update = getattr(aerospike, dont_update) if isinstance(dont_update, str) else dont_update
    timed_client.put(KEY, {"a": 1}, meta={"ttl": 100})
    clock.advance(30)
    timed_client.put(KEY, {"a": 2}, meta={"ttl": dont_update})
    assert timed_client.get(KEY)[1] == {"gen": 2, "ttl": 70}
    clock.advance(70)  # exactly at the original void time: still alive, reported ttl 1
    assert timed_client.exists(KEY)[1] == {"gen": 2, "ttl": 1}
    clock.advance(1)  # void time now in the past: expired
    assert timed_client.exists(KEY)[1] is None


@pytest.mark.ours_only(FAKE_CLOCK_TTL)
def test_ttl_dont_update_on_a_new_record_takes_the_namespace_default(make_client, clock, aerospike):
    c = make_client(clock=clock, namespaces={"short": {"default-ttl": 30}})
    c.put(("test", "demo", "k"), {"a": 1}, meta={"ttl": aerospike.TTL_DONT_UPDATE})
    assert c.get(("test", "demo", "k"))[1]["ttl"] == NEVER
    c.put(("short", "demo", "k"), {"a": 1}, meta={"ttl": -2})
    assert c.get(("short", "demo", "k"))[1]["ttl"] == 30


def test_write_without_ttl_resets_to_the_namespace_default(timed_client, aerospike):
    timed_client.put(KEY, {"a": 1}, meta={"ttl": 100})
    timed_client.put(KEY, {"a": 2})
    assert timed_client.get(KEY)[1] == {"gen": 2, "ttl": NEVER}
    timed_client.put(KEY, {"a": 3}, meta={"ttl": 100})
    timed_client.increment(KEY, "a", 1)
    assert timed_client.get(KEY)[1] == {"gen": 4, "ttl": NEVER}
    timed_client.put(KEY, {"a": 3}, meta={"ttl": 100})
    timed_client.put(KEY, {"a": 4}, meta={"ttl": aerospike.TTL_NAMESPACE_DEFAULT})
    assert timed_client.get(KEY)[1] == {"gen": 6, "ttl": NEVER}


@pytest.mark.ours_only(FAKE_CLOCK_TTL)
def test_configured_namespace_default_ttl(make_client, clock):
    c = make_client(clock=clock, namespaces={"short": {"default-ttl": 30}})
    key = ("short", "demo", "k")
    c.put(key, {"a": 1})
    assert c.get(key)[1] == {"gen": 1, "ttl": 30}
    c.put(key, {"a": 2}, meta={"ttl": 500})
    c.put(key, {"a": 3})
    assert c.get(key)[1] == {"gen": 3, "ttl": 30}
    clock.advance(30)  # exactly at the void time: still alive, reported ttl 1
    assert c.exists(key)[1] == {"gen": 3, "ttl": 1}
    clock.advance(1)  # void time now in the past: expired
    assert c.exists(key)[1] is None


@pytest.mark.ours_only(FAKE_CLOCK_TTL)
def test_write_policy_ttl_applies_when_meta_has_none(timed_client):
    timed_client.put(KEY, {"a": 1}, policy={"ttl": 200})
    assert timed_client.get(KEY)[1]["ttl"] == 200
    timed_client.put(KEY, {"a": 1}, meta={"ttl": 50}, policy={"ttl": 200})
    assert timed_client.get(KEY)[1]["ttl"] == 50


@pytest.mark.ours_only(FAKE_CLOCK_TTL)
def test_touch_resets_ttl_to_val_and_bumps_generation(timed_client, clock):
    timed_client.put(KEY, {"a": 1}, meta={"ttl": 100})
    clock.advance(90)
    assert timed_client.touch(KEY, 100) == 0
    assert timed_client.get(KEY)[1] == {"gen": 2, "ttl": 100}
    clock.advance(90)
    assert timed_client.get(KEY)[2] == {"a": 1}


@pytest.mark.ours_only(FAKE_CLOCK_TTL)
def test_touch_uses_val_over_meta_ttl(timed_client):
    timed_client.put(KEY, {"a": 1})
    timed_client.touch(KEY, 300, meta={"ttl": 5})
    assert timed_client.get(KEY)[1] == {"gen": 2, "ttl": 300}


def test_touch_without_val_takes_the_namespace_default(timed_client):
    timed_client.put(KEY, {"a": 1}, meta={"ttl": 100})
    timed_client.touch(KEY)
    assert timed_client.get(KEY)[1] == {"gen": 2, "ttl": NEVER}


def test_touch_missing_record_is_record_not_found(client, exception):
    with pytest.raises(exception.RecordNotFound) as excinfo:
        client.touch(KEY, 100)
    assert excinfo.value.code == 2
    assert client.exists(KEY)[1] is None


# -- exists policy ----------------------------------------------------------------------------


def put_with(client, bins, exists):
    return client.put(KEY, bins, policy={"exists": exists})


def test_exists_create_only_creates(client, aerospike, exception):
    assert put_with(client, {"a": 1}, aerospike.POLICY_EXISTS_CREATE) == 0
    before = client.get(KEY)
    with pytest.raises(exception.RecordExistsError) as excinfo:
        put_with(client, {"a": 2}, aerospike.POLICY_EXISTS_CREATE)
    assert excinfo.value.code == 5
    assert client.get(KEY) == before
    assert before[2] == {"a": 1}


def test_exists_update_needs_a_record_and_merges(client, aerospike, exception):
    with pytest.raises(exception.RecordNotFound) as excinfo:
        put_with(client, {"a": 1}, aerospike.POLICY_EXISTS_UPDATE)
    assert excinfo.value.code == 2
    assert client.exists(KEY)[1] is None
    client.put(KEY, {"a": 1, "b": 2})
    put_with(client, {"b": 3}, aerospike.POLICY_EXISTS_UPDATE)
    assert client.get(KEY)[2] == {"a": 1, "b": 3}
    assert client.get(KEY)[1]["gen"] == 2


def test_exists_replace_needs_a_record_and_drops_other_bins(client, aerospike, exception):
    with pytest.raises(exception.RecordNotFound) as excinfo:
        put_with(client, {"a": 1}, aerospike.POLICY_EXISTS_REPLACE)
    assert excinfo.value.code == 2
    assert client.exists(KEY)[1] is None
    client.put(KEY, {"a": 1, "b": 2})
    put_with(client, {"c": 3}, aerospike.POLICY_EXISTS_REPLACE)
    rec = client.get(KEY)
    assert rec[2] == {"c": 3}
    assert rec[1]["gen"] == 2


def test_exists_create_or_replace(client, aerospike):
    put_with(client, {"a": 1, "b": 2}, aerospike.POLICY_EXISTS_CREATE_OR_REPLACE)
    assert client.get(KEY)[2] == {"a": 1, "b": 2}
    put_with(client, {"c": 3}, aerospike.POLICY_EXISTS_CREATE_OR_REPLACE)
    rec = client.get(KEY)
    assert rec[2] == {"c": 3}
    assert rec[1]["gen"] == 2


def test_exists_ignore_creates_and_merges(client, aerospike):
    put_with(client, {"a": 1}, aerospike.POLICY_EXISTS_IGNORE)
    put_with(client, {"b": 2}, aerospike.POLICY_EXISTS_IGNORE)
    rec = client.get(KEY)
    assert rec[2] == {"a": 1, "b": 2}
    assert rec[1]["gen"] == 2


# -- generation policy ------------------------------------------------------------------------


def test_gen_eq_writes_only_at_the_given_generation(client, aerospike, exception):
    client.put(KEY, {"a": 1})
    client.put(KEY, {"a": 2})
    before = client.get(KEY)
    for gen in (1, 3, 0):
        with pytest.raises(exception.RecordGenerationError) as excinfo:
            client.put(KEY, {"a": 99}, meta={"gen": gen}, policy={"gen": aerospike.POLICY_GEN_EQ})
        assert excinfo.value.code == 3
        assert client.get(KEY) == before
    client.put(KEY, {"a": 3}, meta={"gen": 2}, policy={"gen": aerospike.POLICY_GEN_EQ})
    assert client.get(KEY)[1]["gen"] == 3
    assert client.get(KEY)[2] == {"a": 3}


def test_gen_gt_writes_only_above_the_current_generation(client, aerospike, exception):
    client.put(KEY, {"a": 1})
    client.put(KEY, {"a": 2})
    before = client.get(KEY)
    for gen in (1, 2):
        with pytest.raises(exception.RecordGenerationError) as excinfo:
            client.put(KEY, {"a": 99}, meta={"gen": gen}, policy={"gen": aerospike.POLICY_GEN_GT})
        assert excinfo.value.code == 3
        assert client.get(KEY) == before
    client.put(KEY, {"a": 3}, meta={"gen": 7}, policy={"gen": aerospike.POLICY_GEN_GT})
    rec = client.get(KEY)
    assert rec[1]["gen"] == 3
    assert rec[2] == {"a": 3}


def test_gen_ignore_ignores_meta_gen(client, aerospike):
    client.put(KEY, {"a": 1})
    client.put(KEY, {"a": 2}, meta={"gen": 40}, policy={"gen": aerospike.POLICY_GEN_IGNORE})
    assert client.get(KEY)[1]["gen"] == 2


def test_gen_eq_on_a_missing_record_is_a_generation_error(client, aerospike, exception):
    with pytest.raises(exception.RecordGenerationError) as excinfo:
        client.put(KEY, {"a": 1}, meta={"gen": 1}, policy={"gen": aerospike.POLICY_GEN_EQ})
    assert excinfo.value.code == 3
    assert client.exists(KEY)[1] is None


def test_gen_check_applies_to_scalar_writes_and_touch(client, aerospike, exception):
    client.put(KEY, {"n": 1, "s": "x"})
    before = client.get(KEY)
    wrong = {"meta": {"gen": 5}, "policy": {"gen": aerospike.POLICY_GEN_EQ}}
    calls = [
        lambda: client.increment(KEY, "n", 1, **wrong),
        lambda: client.append(KEY, "s", "y", **wrong),
        lambda: client.prepend(KEY, "s", "y", **wrong),
        lambda: client.touch(KEY, 10, **wrong),
        lambda: client.remove_bin(KEY, ["s"], **wrong),
    ]
    for call in calls:
        with pytest.raises(exception.RecordGenerationError) as excinfo:
            call()
        assert excinfo.value.code == 3
        assert client.get(KEY) == before
    client.increment(KEY, "n", 1, meta={"gen": 1}, policy={"gen": aerospike.POLICY_GEN_EQ})
    assert client.get(KEY)[2] == {"n": 2, "s": "x"}


def test_bool_key_is_the_integer_key(client):
    # As the official client: True and False are the integer keys 1 and 0.
    client.put(("test", "demo", True), {"a": 1})
    assert client.get(("test", "demo", 1))[2] == {"a": 1}
    assert client.exists(("test", "demo", True))[0][2] == 1


def test_empty_set_name_reads_back_as_none(client, aerospike):
    client.put(("test", "", "k"), {"a": 1})
    key = client.get(("test", "", "k"))[0]
    assert key[1] is None
    assert key[3] == digest_of(("test", None, "k"))


def test_set_name_over_63_bytes_is_param_error(client, exception):
    with pytest.raises(exception.ParamError) as excinfo:
        client.put(("test", "s" * 64, "k"), {"a": 1})
    assert excinfo.value.code == -2
    client.put(("test", "s" * 63, "k"), {"a": 1})
    assert client.get(("test", "s" * 63, "k"))[2] == {"a": 1}


def test_durable_delete_is_enterprise_only(client, exception):
    # A Community server answers 25; the official client has no class for it: AerospikeError.
    client.put(("test", "demo", "dd"), {"a": 1})
    with pytest.raises(exception.AerospikeError) as excinfo:
        client.remove(("test", "demo", "dd"), policy={"durable_delete": True})
    assert type(excinfo.value) is exception.AerospikeError
    assert excinfo.value.code == 25
    assert client.get(("test", "demo", "dd"))[2] == {"a": 1}


def test_removing_a_bin_moves_the_last_bin_into_its_place(client):
    client.put(("test", "demo", "order"), {"a": 1, "b": 2, "c": 3, "d": 4})
    client.remove_bin(("test", "demo", "order"), ["a"])
    assert list(client.get(("test", "demo", "order"))[2]) == ["d", "b", "c"]
