"""``parse_key``'s common case (str and int keys in a short set, hashed inline) answers exactly as
its full validation (``_parse_key``) does: the same parsed key, or the same error."""

from __future__ import annotations

from typing import Any

from hypothesis import example, given, settings
from hypothesis import strategies as st

from aeromodel.client import exception
from aeromodel.client.keys import _parse_key, parse_key, parse_keys

_SET_NAMES = st.text(max_size=70) | st.sampled_from(["", "s", "users", "\u00e9" * 20, "\ud800"])
_USER_KEYS = (
    st.text(max_size=20)
    | st.sampled_from(["\udfff", "k\ud800"])
    | st.integers(-(2**64), 2**64)
    | st.sampled_from([2**63 - 1, -(2**63), 2**63, -(2**63) - 1, True, False])
    | st.binary(max_size=4)
    | st.none()
    | st.floats(allow_nan=False)
)


def _answer(parse: Any, key: Any) -> Any:
    try:
        return parse(key)
    except exception.AerospikeError as err:
        return type(err), err.args


@given(st.sampled_from(["test", ""]), _SET_NAMES, _USER_KEYS)
def test_the_common_case_answers_as_the_full_validation(ns: str, set_name: str, key: Any) -> None:
    assert _answer(parse_key, (ns, set_name, key)) == _answer(_parse_key, (ns, set_name, key))


def _answers(parse: Any, keys: list[Any]) -> Any:
    try:
        return parse(keys)
    except exception.AerospikeError as err:
        return type(err), err.args


# Runs of keys sharing their names (as a batch's keys do), mostly 3-tuples of str and int keys;
# now and then other names, tuple sizes and user keys, bad ones included.
_RUNS = st.lists(
    st.tuples(
        st.sampled_from([("test", "s"), ("test", None), ("bar", "s"), ("", "s"),
                         ("test", "\ud800"), ("test", "\u00e9" * 20)]),
        st.lists(
            st.tuples(
                # (one_of flattens _USER_KEYS' branches: the str and int ones weigh more)
                st.one_of(*[st.text(max_size=5), st.integers(-(2**63), 2**63 - 1)] * 5, _USER_KEYS),
                st.sampled_from([3] * 6 + [4, 2]),
            ),
            min_size=1,
            max_size=5,
        ),
    ),
    max_size=4,
)


@given(_RUNS)
@settings(max_examples=300)
@example([(("test", "s"), [("a", 3), (1, 3), ("\u00e9", 3), (-1, 3)])])
@example([(("test", None), [(1, 3), ("b", 3), (2**63, 3)])])
@example([(("test", "s"), [("a", 3), ("k\ud800", 3)])])
def test_parse_keys_answers_as_parse_key_of_each(runs: list[Any]) -> None:
    """parse_keys hashes in line the keys whose names are those of a key parse_key accepted
    before them (the very same objects): it answers the same parsed keys as parse_key of each
    key, or the same first error."""
    keys = [(ns, set_name, key, bytes(20))[:n] for (ns, set_name), run in runs for key, n in run]
    each = [_answer(parse_key, k) for k in keys]
    good = next((i for i, a in enumerate(each) if type(a[0]) is type), len(keys))
    # (compared as repr: a user key True and its parsed 1 are ==)
    assert repr(parse_keys(keys[:good])) == repr(each[:good])  # the keys before the first bad one
    assert repr(_answers(parse_keys, keys)) == repr(each[good] if good < len(keys) else each)
