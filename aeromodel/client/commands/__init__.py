"""Pure command builders, one module per API family: call arguments and a resolved policy in, a
wire-shaped Command (or BatchCommand, or info request) out. Nothing here talks to a transport."""

from . import (
    bit_ops,  # noqa: F401 - registers the bit operation compilers
    exp_ops,  # noqa: F401 - registers the expression operation compilers
    hll_ops,  # noqa: F401 - registers the HLL operation compilers
    list_ops,  # noqa: F401 - registers the list operation compilers
    map_ops,  # noqa: F401 - registers the map operation compilers
    path_ops,  # noqa: F401 - registers select_by_path / modify_by_path
)
