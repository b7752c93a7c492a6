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
    DeployError,
    DoesNotExist,
    IndexSyncError,
    MigrationError,
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
from .sync import check_indexes, sync_indexes

__version__ = "0.1.0"

__all__ = [
    "Action",
    "AlreadyExistsError",
    "BulkError",
    "Condition",
    "ConflictError",
    "CustomType",
    "DeployError",
    "DoesNotExist",
    "Field",
    "FieldRef",
    "GeoPoint",
    "GeoRef",
    "GeoRegion",
    "Index",
    "IndexSpec",
    "IndexSyncError",
    "ListIndex",
    "ListRef",
    "MapKey",
    "MapRef",
    "MigrationError",
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
    "check_indexes",
    "connect",
    "disconnect",
    "get_client",
    "register_type",
    "retry_on_conflict",
    "sync_indexes",
]
