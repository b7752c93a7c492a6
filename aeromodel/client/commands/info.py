"""Info requests: the text a call sends to a node's info port."""

from __future__ import annotations

from .. import exception


def truncate(namespace: object, set: object, nanos: object) -> str:
    """truncate(): ``truncate:namespace=..;set=..[;lut=..]`` or ``truncate-namespace:...``.

    Raises ParamError for bad arguments, or names that would split the request.
    """
    if not isinstance(namespace, str) or not namespace:
        raise exception.error(exception.ParamError, "truncate() namespace must be a str")
    if set is not None and not isinstance(set, str):
        raise exception.error(exception.ParamError, "truncate() set must be a str or None")
    if isinstance(nanos, bool) or not isinstance(nanos, int) or nanos < 0:
        raise exception.error(
            exception.ParamError, "truncate() nanos must be a non-negative int"
        )
    if nanos >= 2**64:
        raise exception.error(exception.ParamError, "Nanoseconds value too large")
    if any(ch in name for name in (namespace, set or "") for ch in ";\n\t"):
        # They would split the info request: "test\nx" would truncate namespace "test".
        raise exception.error(
            exception.ParamError,
            "truncate() namespace and set must not contain ';', a tab or a newline",
        )
    if set is not None:
        request = f"truncate:namespace={namespace};set={set}"
    else:
        request = f"truncate-namespace:namespace={namespace}"
    if nanos:
        request += f";lut={nanos}"
    return request
