"""``aeromodel serve``: the Aerospike wire protocol over an embedded engine (a one-node
cluster), so any Aerospike client — the official one included — and several processes can
share one engine. ``dispatch`` turns request bytes into answer bytes (no I/O); ``app`` is the
asyncio server around it."""

from .app import serve
from .dispatch import Dispatcher

__all__ = ["Dispatcher", "serve"]
