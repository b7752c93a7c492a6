"""Aerospike expressions (``aerospike_helpers.expressions``): build a tree of these classes and call
``.compile()`` for the wire bytes a filter policy (``"expressions"``) or an expression operation
carries. The submodules are re-exported here, as in the official package."""

from . import arithmetic, base, bitwise, bitwise_operators, hll, list, map, resources
from .arithmetic import *  # noqa: F403
from .base import *  # noqa: F403
from .bitwise import *  # noqa: F403
from .bitwise_operators import *  # noqa: F403
from .hll import *  # noqa: F403
from .list import *  # noqa: F403
from .map import *  # noqa: F403
from .resources import ResultType, ReturnType

__all__ = [
    *arithmetic.__all__, *base.__all__, *bitwise.__all__, *bitwise_operators.__all__,
    *hll.__all__, *list.__all__, *map.__all__,
    "ResultType", "ReturnType", "arithmetic", "base", "bitwise", "bitwise_operators", "hll", "list",
    "map", "resources",
]
