"""Connections: named clients the models use. A connection is any object implementing the
documented client API (``aeromodel.client``, or the official ``aerospike`` module's client), with
the ``Dialect`` the model layer speaks to it in (chosen here, once)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

from . import client as _client_module
from .dialect import AEROMODEL, Dialect, dialect_for
from .errors import NotConnectedError

DEFAULT = "default"
_clients: dict[str, Any] = {}
_dialects: dict[str, Dialect] = {}


class PlainCalls(NamedTuple):
    """An ``aeromodel.client`` client's calls that answer plain tuples where the documented
    calls build result objects (Record, BatchRecords) that the model layer would only take
    apart again: ``get(key) -> (meta, bins)``, ``operate(key, ops, meta, policy) -> meta``,
    ``batch_read(keys) -> [(code, meta, bins), ...]`` (and its queries' ``_plain_results``),
    and ``write(key, bins, meta, policy) -> meta``: operate() of plain bin writes, sent as put()
    builds it. Other clients are called through their documented API."""

    get: Callable[[Any], tuple[Any, dict[str, Any]]]
    operate: Callable[[Any, Any, Any, Any], Any]
    batch_read: Callable[[Any], list[tuple[int, Any, Any]]]
    write: Callable[[Any, Any, Any, Any], Any]


_plain: dict[str, PlainCalls] = {}


def connect(config_or_client: Mapping[str, Any] | Any, *, name: str = DEFAULT,
            dialect: str | None = None) -> Any:
    """Make ``config_or_client`` the connection called ``name`` and return the client.

    A mapping is a client config (``{"embedded": {...}}`` or ``{"hosts": [...]}``) passed to
    ``aeromodel.client.client``; anything else is used as the client. Models use the connection
    named in their ``connection=`` option, ``"default"`` otherwise. Raises what the client raises
    for a bad config (``ParamError``).

    The model layer builds expressions, contexts and batch records with the helpers of the
    client's package, and raises errors that are also its exceptions: the official
    ``aerospike.Client`` is recognised, anything else is taken for ``aeromodel.client``;
    ``dialect="aerospike"`` (or ``"aeromodel.client"``) says it for a wrapper. Raises
    ValueError for another dialect, ImportError when the official package is asked for and
    missing.
    """
    if isinstance(config_or_client, Mapping):
        client = _client_module.client(dict(config_or_client))
    else:
        client = config_or_client
    found = dialect_for(client, dialect)
    _clients[name] = client
    _dialects[name] = found
    if type(client) is _client_module.Client:
        _plain[name] = PlainCalls(
            client._get_plain, client._operate_meta, client._batch_read_plain, client._write_meta
        )
    else:
        _plain.pop(name, None)
    return client


def disconnect(name: str = DEFAULT, *, close: bool = False) -> None:
    """Forget the connection ``name`` (closing its client when ``close``). Unknown names are ignored."""
    client = _clients.pop(name, None)
    _dialects.pop(name, None)
    _plain.pop(name, None)
    if close and client is not None:
        client.close()


def get_client(name: str = DEFAULT) -> Any:
    """The client of connection ``name``. Raises NotConnectedError when there is none."""
    try:
        return _clients[name]
    except KeyError:
        raise NotConnectedError(
            -1, f"no connection {name!r}: call aeromodel.connect(...) first"
        ) from None


def dialect_of(client: Any) -> Dialect:
    """The dialect of ``client``: its connection's when it is one, else as ``connect`` would
    choose it."""
    for name, known in _clients.items():
        if known is client:
            return _dialects[name]
    return dialect_for(client)


def get_dialect(name: str = DEFAULT) -> Dialect:
    """The dialect of connection ``name`` (ours when there is no such connection: errors and
    helpers built before a connection exists are ``aeromodel.client``'s)."""
    return _dialects.get(name, AEROMODEL)
