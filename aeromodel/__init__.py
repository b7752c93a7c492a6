"""aeromodel: an ORM-style object mapper for Aerospike.

``Model`` maps a pydantic model to a namespace and set; ``connect`` gives the models a client
(``aeromodel.client``, the drop-in client layer, or any object implementing its documented API).
"""

from .actions import Action, Selection
from .codecs import CustomType, register_type
from .conditions import Condition
from .connection import connect, disconnect, get_client
from .errors import (
    AlreadyExistsError,
    BulkError,
    ConflictError,
    DoesNotExist,
    MissingIndexError,
    ModelDefinitionError,
    ModelError,
    NotConnectedError,
    QueryError,
    ValidationError,
)
from .fields import Field, Index, ListIndex, MapKey
from .geo import GeoPoint, GeoRegion
from .indexes import IndexSpec
from .locking import retry_on_conflict
from .models import Model
from .refs import FieldRef, GeoRef, ListRef, MapRef, ModelRef, NumberRef, StrRef
from .schema import ModelInfo
from .state import RecordMeta

__version__ = "0.1.0"

__all__ = [
    "Action",
    "AlreadyExistsError",
    "BulkError",
    "Condition",
    "ConflictError",
    "CustomType",
    "DoesNotExist",
    "Field",
    "FieldRef",
    "GeoPoint",
    "GeoRef",
    "GeoRegion",
    "Index",
    "IndexSpec",
    "ListIndex",
    "ListRef",
    "MapKey",
    "MapRef",
    "MissingIndexError",
    "Model",
    "ModelDefinitionError",
    "ModelError",
    "ModelInfo",
    "ModelRef",
    "NotConnectedError",
    "NumberRef",
    "QueryError",
    "RecordMeta",
    "Selection",
    "StrRef",
    "ValidationError",
    "connect",
    "disconnect",
    "get_client",
    "register_type",
    "retry_on_conflict",
]
