"""The cluster transport: the wire codec over sockets to an Aerospike cluster.

``connection`` (one blocking socket and its reader), ``node`` (a server: address, name, pool),
``peers`` and ``partition_map`` (parsers of the tend answers), ``tend`` (seeds, discovery, the
tend thread), ``retry`` (timeouts and retries as the policies say), ``transport`` (the Transport).
"""

from .transport import ClusterTransport

__all__ = ["ClusterTransport"]
