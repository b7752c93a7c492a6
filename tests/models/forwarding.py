"""A client that only forwards the documented API of ``aeromodel.client.Client``: no private
attributes, no internals. The model suite runs against it to prove the model layer needs nothing
beyond the documented API."""

from __future__ import annotations

from typing import Any

# Methods of the documented client API (docs/client.md).
DOCUMENTED = (
    "connect", "is_connected", "close", "get", "select", "exists", "put", "touch", "remove",
    "remove_bin", "append", "prepend", "increment", "operate", "operate_ordered",
    "get_key_digest", "get_key_partition_id", "get_many", "exists_many", "select_many",
    "batch_get_ops", "batch_read", "batch_operate", "batch_remove", "batch_write", "info_all",
    "info_single_node", "info_random_node", "info_node", "info", "truncate", "get_nodes",
    "get_node_names", "has_geo", "shm_key", "get_cdtctx_base64", "get_expression_base64",
    "index_single_value_create", "index_list_create", "index_map_keys_create",
    "index_map_values_create", "index_cdt_create", "index_expr_create", "index_integer_create",
    "index_string_create", "index_blob_create", "index_geo2dsphere_create", "index_remove",
    "query", "scan",
)


def forwarding(inner: Any, calls: list[tuple[str, tuple[Any, ...]]] | None = None) -> Any:
    """A new object forwarding the documented methods to ``inner`` (recording each call in
    ``calls`` when given). Anything else is an AttributeError."""

    def make(name: str) -> Any:
        target = getattr(inner, name, None)

        def method(self: Any, *args: Any, **kwargs: Any) -> Any:
            if target is None:
                raise AttributeError(name)
            if calls is not None:
                calls.append((name, args))
            return target(*args, **kwargs)

        method.__name__ = name
        return method

    def refuse(self: Any, name: str) -> Any:
        raise AttributeError(f"forwarding client: {name!r} is not documented API")

    attrs: dict[str, Any] = {name: make(name) for name in DOCUMENTED}
    attrs["__slots__"] = ()
    attrs["__getattr__"] = refuse
    return type("ForwardingClient", (), attrs)()
