"""aeromodel: an ORM-style object mapper for Aerospike.

The client layer, ``aeromodel.client``, is a drop-in implementation of the official Aerospike Python
client API over an embedded engine (and, later, the wire protocol). The model layer comes next.
"""

__version__ = "0.1.0"
