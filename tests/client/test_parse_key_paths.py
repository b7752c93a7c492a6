"""``parse_key``'s common case (str and int keys in a short set, hashed inline) answers exactly as
its full validation (``_parse_key``) does: the same parsed key, or the same error."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from aeromodel.client import exception
from aeromodel.client.keys import _parse_key, parse_key

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
