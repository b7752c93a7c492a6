"""Connections: named clients the models use. A connection is any object implementing the
documented client API (``aeromodel.client``, or the official ``aerospike`` module's client)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from . import client as _client_module
from .errors import NotConnectedError

DEFAULT = "default"
_clients: dict[str, Any] = {}


def connect(config_or_client: Mapping[str, Any] | Any, *, name: str = DEFAULT) -> Any:
    """Make ``config_or_client`` the connection called ``name`` and return the client.

    A mapping is a client config (``{"embedded": {...}}`` or ``{"hosts": [...]}``) passed to
    ``aeromodel.client.client``; anything else is used as the client. Models use the connection
    named in their ``connection=`` option, ``"default"`` otherwise. Raises what the client raises
    for a bad config (``ParamError``).
    """
    if isinstance(config_or_client, Mapping):
        client = _client_module.client(dict(config_or_client))
    else:
        client = config_or_client
    _clients[name] = client
    return client


def disconnect(name: str = DEFAULT, *, close: bool = False) -> None:
    """Forget the connection ``name`` (closing its client when ``close``). Unknown names are ignored."""
    client = _clients.pop(name, None)
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
