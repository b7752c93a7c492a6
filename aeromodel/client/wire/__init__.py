"""The Aerospike wire protocol as a pure codec: bytes in, the shared vocabulary's commands and
results out (and back), no sockets and no clocks.

``proto`` frames, ``message`` the AS_MSG layout, ``particles`` values, ``fields`` field types,
``records`` single-record commands, ``batch`` batch-index requests, ``scans`` scans and queries,
``info`` the info protocol, ``reader`` the incremental reader of a connection's bytes.
"""

from .message import Message, WireOp
from .proto import NEED_DATA, ProtocolError
from .reader import InfoText, Reader

__all__ = ["NEED_DATA", "InfoText", "Message", "ProtocolError", "Reader", "WireOp"]
