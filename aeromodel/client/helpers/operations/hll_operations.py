"""HyperLogLog operations (``aerospike_helpers.operations.hll_operations``), as ``operate()`` dicts.

An HLL bin estimates how many distinct values were added to it; HLLs with min-hash bits also
estimate the similarity and intersection of sets. Index bits (4 to 16) set the precision, min-hash
bits (0, or 4 to 51; index + min-hash at most 64) the accuracy of similarity and intersection.
``policy`` is ``{"flags": HLL_WRITE_*}``. HLL bins read back as ``HyperLogLog`` (bytes).
"""

from __future__ import annotations

from typing import Any

from ...constants import (
    OP_HLL_ADD,
    OP_HLL_DESCRIBE,
    OP_HLL_FOLD,
    OP_HLL_GET_COUNT,
    OP_HLL_GET_INTERSECT_COUNT,
    OP_HLL_GET_SIMILARITY,
    OP_HLL_GET_UNION,
    OP_HLL_GET_UNION_COUNT,
    OP_HLL_INIT,
    OP_HLL_REFRESH_COUNT,
    OP_HLL_SET_UNION,
)

OP_KEY = "op"
BIN_KEY = "bin"
HLL_POLICY_KEY = "hll_policy"
INDEX_BIT_COUNT_KEY = "index_bit_count"
MH_BIT_COUNT_KEY = "mh_bit_count"
VALUE_LIST_KEY = "value_list"


def hll_add(
    bin_name: str,
    values: list[Any],
    index_bit_count: int | None = None,
    mh_bit_count: int | None = None,
    policy: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Add values to the HLL bin, creating it with the bit counts when it does not exist.
    Returns how many values changed the HLL."""
    op: dict[str, Any] = {
        OP_KEY: OP_HLL_ADD,
        BIN_KEY: bin_name,
        VALUE_LIST_KEY: values,
        INDEX_BIT_COUNT_KEY: -1 if index_bit_count is None else index_bit_count,
        MH_BIT_COUNT_KEY: -1 if mh_bit_count is None else mh_bit_count,
    }
    if policy:
        op[HLL_POLICY_KEY] = policy
    return op


def hll_describe(bin_name: str) -> dict[str, Any]:
    """Return ``[index_bit_count, mh_bit_count]`` of the HLL bin."""
    return {OP_KEY: OP_HLL_DESCRIBE, BIN_KEY: bin_name}


def hll_fold(bin_name: str, index_bit_count: int) -> dict[str, Any]:
    """Fold the HLL bin to fewer index bits (only an HLL without min-hash bits). Returns nothing."""
    return {OP_KEY: OP_HLL_FOLD, BIN_KEY: bin_name, INDEX_BIT_COUNT_KEY: index_bit_count}


def hll_get_count(bin_name: str) -> dict[str, Any]:
    """Return the estimated number of distinct values in the HLL bin."""
    return {OP_KEY: OP_HLL_GET_COUNT, BIN_KEY: bin_name}


def hll_get_intersect_count(bin_name: str, hll_list: list[Any]) -> dict[str, Any]:
    """Return the estimated size of the intersection of the HLL bin and the HLLs of the list."""
    return {OP_KEY: OP_HLL_GET_INTERSECT_COUNT, BIN_KEY: bin_name, VALUE_LIST_KEY: hll_list}


def hll_get_similarity(bin_name: str, hll_list: list[Any]) -> dict[str, Any]:
    """Return the estimated similarity (a float) of the HLL bin and the HLLs of the list."""
    return {OP_KEY: OP_HLL_GET_SIMILARITY, BIN_KEY: bin_name, VALUE_LIST_KEY: hll_list}


def hll_get_union(bin_name: str, hll_list: list[Any]) -> dict[str, Any]:
    """Return the union (a HyperLogLog) of the HLL bin and the HLLs of the list."""
    return {OP_KEY: OP_HLL_GET_UNION, BIN_KEY: bin_name, VALUE_LIST_KEY: hll_list}


def hll_get_union_count(bin_name: str, hll_list: list[Any]) -> dict[str, Any]:
    """Return the estimated count of the union of the HLL bin and the HLLs of the list."""
    return {OP_KEY: OP_HLL_GET_UNION_COUNT, BIN_KEY: bin_name, VALUE_LIST_KEY: hll_list}


def hll_init(
    bin_name: str,
    index_bit_count: int | None = None,
    mh_bit_count: int | None = None,
    policy: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Create or reset the HLL bin. A bit count left out keeps the existing bin's; creating a
    bin needs ``index_bit_count``. Returns nothing."""
    op: dict[str, Any] = {
        OP_KEY: OP_HLL_INIT,
        BIN_KEY: bin_name,
        INDEX_BIT_COUNT_KEY: -1 if index_bit_count is None else index_bit_count,
        MH_BIT_COUNT_KEY: -1 if mh_bit_count is None else mh_bit_count,
    }
    if policy:
        op[HLL_POLICY_KEY] = policy
    return op


def hll_refresh_count(bin_name: str) -> dict[str, Any]:
    """Store the estimated count in the HLL bin (its cached count) and return it."""
    return {OP_KEY: OP_HLL_REFRESH_COUNT, BIN_KEY: bin_name}


def hll_set_union(
    bin_name: str, hll_list: list[Any], policy: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Set the HLL bin to its union with the HLLs of the list. Returns nothing."""
    op: dict[str, Any] = {OP_KEY: OP_HLL_SET_UNION, BIN_KEY: bin_name, VALUE_LIST_KEY: hll_list}
    if policy:
        op[HLL_POLICY_KEY] = policy
    return op
