"""The server's operation codes inside list, map, bit and HLL wire operations, and its CDT context
types: what the front-end's compilers send and the engine's handlers run, defined once.

Named as the server names them (cdt.h ``as_cdt_optype`` without ``AS_CDT_OP_``, proto.h
``as_bits_op_type`` / ``as_hll_op_type`` with ``BIT_`` / ``HLL_`` for ``AS_BITS_OP_`` /
``AS_HLL_OP_``, ``as_cdt_ctx_type`` with ``CTX_`` for ``AS_CDT_CTX_``). Constants only: both sides of
the engine's import rule may import it.
"""

from __future__ import annotations

from typing import Final

# -- list operations (as_cdt_optype) ------------------------------------------------------------
LIST_SET_TYPE: Final = 0
LIST_APPEND: Final = 1
LIST_APPEND_ITEMS: Final = 2
LIST_INSERT: Final = 3
LIST_INSERT_ITEMS: Final = 4
LIST_POP: Final = 5
LIST_POP_RANGE: Final = 6
LIST_REMOVE: Final = 7
LIST_REMOVE_RANGE: Final = 8
LIST_SET: Final = 9
LIST_TRIM: Final = 10
LIST_CLEAR: Final = 11
LIST_INCREMENT: Final = 12
LIST_SORT: Final = 13
LIST_SIZE: Final = 16
LIST_GET: Final = 17
LIST_GET_RANGE: Final = 18
LIST_GET_BY_INDEX: Final = 19
LIST_GET_BY_VALUE: Final = 20
LIST_GET_BY_RANK: Final = 21
LIST_GET_ALL_BY_VALUE: Final = 22
LIST_GET_ALL_BY_VALUE_LIST: Final = 23
LIST_GET_BY_INDEX_RANGE: Final = 24
LIST_GET_BY_VALUE_INTERVAL: Final = 25
LIST_GET_BY_RANK_RANGE: Final = 26
LIST_GET_BY_VALUE_REL_RANK_RANGE: Final = 27
LIST_REMOVE_BY_INDEX: Final = 32
LIST_REMOVE_BY_VALUE: Final = 33
LIST_REMOVE_BY_RANK: Final = 34
LIST_REMOVE_ALL_BY_VALUE: Final = 35
LIST_REMOVE_ALL_BY_VALUE_LIST: Final = 36
LIST_REMOVE_BY_INDEX_RANGE: Final = 37
LIST_REMOVE_BY_VALUE_INTERVAL: Final = 38
LIST_REMOVE_BY_RANK_RANGE: Final = 39
LIST_REMOVE_BY_VALUE_REL_RANK_RANGE: Final = 40

# -- map operations (as_cdt_optype) -------------------------------------------------------------
MAP_SET_TYPE: Final = 64
MAP_ADD: Final = 65
MAP_ADD_ITEMS: Final = 66
MAP_PUT: Final = 67
MAP_PUT_ITEMS: Final = 68
MAP_REPLACE: Final = 69
MAP_REPLACE_ITEMS: Final = 70
MAP_INCREMENT: Final = 73
MAP_DECREMENT: Final = 74
MAP_CLEAR: Final = 75
MAP_REMOVE_BY_KEY: Final = 76
MAP_REMOVE_BY_INDEX: Final = 77
MAP_REMOVE_BY_VALUE: Final = 78
MAP_REMOVE_BY_RANK: Final = 79
MAP_REMOVE_BY_KEY_LIST: Final = 81
MAP_REMOVE_ALL_BY_VALUE: Final = 82
MAP_REMOVE_BY_VALUE_LIST: Final = 83
MAP_REMOVE_BY_KEY_INTERVAL: Final = 84
MAP_REMOVE_BY_INDEX_RANGE: Final = 85
MAP_REMOVE_BY_VALUE_INTERVAL: Final = 86
MAP_REMOVE_BY_RANK_RANGE: Final = 87
MAP_REMOVE_BY_KEY_REL_INDEX_RANGE: Final = 88
MAP_REMOVE_BY_VALUE_REL_RANK_RANGE: Final = 89
MAP_SIZE: Final = 96
MAP_GET_BY_KEY: Final = 97
MAP_GET_BY_INDEX: Final = 98
MAP_GET_BY_VALUE: Final = 99
MAP_GET_BY_RANK: Final = 100
MAP_GET_ALL_BY_VALUE: Final = 102
MAP_GET_BY_KEY_INTERVAL: Final = 103
MAP_GET_BY_INDEX_RANGE: Final = 104
MAP_GET_BY_VALUE_INTERVAL: Final = 105
MAP_GET_BY_RANK_RANGE: Final = 106
MAP_GET_BY_KEY_LIST: Final = 107
MAP_GET_BY_VALUE_LIST: Final = 108
MAP_GET_BY_KEY_REL_INDEX_RANGE: Final = 109
MAP_GET_BY_VALUE_REL_RANK_RANGE: Final = 110

# -- CDT contexts (as_cdt_ctx_type) -------------------------------------------------------------
CTX: Final = 0xFF
"""The first item of a CDT payload that carries a context: ``(CTX, [type, value, ...], op)``."""
CTX_LIST_INDEX: Final = 0x10
CTX_LIST_RANK: Final = 0x11
CTX_LIST_VALUE: Final = 0x13
CTX_MAP_INDEX: Final = 0x20
CTX_MAP_RANK: Final = 0x21
CTX_MAP_KEY: Final = 0x22
CTX_MAP_VALUE: Final = 0x23

# -- bit operations (as_bits_op_type) -----------------------------------------------------------
BIT_RESIZE: Final = 0
BIT_INSERT: Final = 1
BIT_REMOVE: Final = 2
BIT_SET: Final = 3
BIT_OR: Final = 4
BIT_XOR: Final = 5
BIT_AND: Final = 6
BIT_NOT: Final = 7
BIT_LSHIFT: Final = 8
BIT_RSHIFT: Final = 9
BIT_ADD: Final = 10
BIT_SUBTRACT: Final = 11
BIT_SET_INT: Final = 12
BIT_GET: Final = 50
BIT_COUNT: Final = 51
BIT_LSCAN: Final = 52
BIT_RSCAN: Final = 53
BIT_GET_INT: Final = 54

# -- HLL operations (as_hll_op_type) ------------------------------------------------------------
HLL_INIT: Final = 0
HLL_ADD: Final = 1
HLL_SET_UNION: Final = 2
HLL_REFRESH_COUNT: Final = 3
HLL_FOLD: Final = 4
HLL_COUNT: Final = 50
HLL_GET_UNION: Final = 51
HLL_UNION_COUNT: Final = 52
HLL_INTERSECT_COUNT: Final = 53
HLL_SIMILARITY: Final = 54
HLL_DESCRIBE: Final = 55
HLL_MAY_CONTAIN: Final = 56
