"""``Field(...)``: pydantic's ``Field`` plus where the value is stored (``bin``), whether it is the
record's key (``primary_key``) and which secondary index it wants (``index``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import pydantic
from pydantic_core import PydanticUndefined

IndexKind = Literal["default", "list", "mapkeys", "mapvalues"]
_INDEX_ALIASES: dict[Any, IndexKind] = {
    True: "default", "default": "default", "list": "list", "map_keys": "mapkeys",
    "mapkeys": "mapkeys", "map_values": "mapvalues", "mapvalues": "mapvalues",
}


@dataclass(frozen=True)
class MapKey:
    """A context step: the value at a map key (for index declarations)."""

    key: Any


@dataclass(frozen=True)
class ListIndex:
    """A context step: the list element at an index (for index declarations)."""

    index: int


@dataclass(frozen=True)
class Index:
    """A secondary index to declare: on ``field`` (a field name, or ``"address.city"`` for a nested
    model's field), over its elements (``"list"``), map keys or values, optionally deeper through
    ``ctx`` steps. ``name`` overrides the derived, stable name. Put it in ``Field(index=...)`` or
    a model's ``indexes=[...]``."""

    field: str = ""
    collection: str = "default"
    ctx: tuple[MapKey | ListIndex, ...] = ()
    name: str | None = None

    def __post_init__(self) -> None:
        if self.collection not in _INDEX_ALIASES:
            raise ValueError(
                f"unknown index collection {self.collection!r}: "
                "use 'default', 'list', 'map_keys' or 'map_values'"
            )
        object.__setattr__(self, "collection", _INDEX_ALIASES[self.collection])


@dataclass(frozen=True)
class FieldOptions:
    """What ``Field`` adds to pydantic: kept in the pydantic ``FieldInfo``'s metadata."""

    primary_key: bool = False
    bin: str | None = None
    index: Index | None = None


def Field(
    default: Any = PydanticUndefined,
    *,
    primary_key: bool = False,
    bin: str | None = None,
    index: bool | str | Index | None = None,
    **kwargs: Any,
) -> Any:
    """Declare a field: pydantic's ``Field`` arguments (``default``, ``default_factory``,
    ``ge``, ``max_length``, ``description``, ...) plus

    - ``primary_key``: the field is the record's user key (str, int or bytes; not stored as a bin);
    - ``bin``: the bin name (at most 15 bytes; the field name by default);
    - ``index``: ``True`` (an index on the value; on a list field, on its elements), ``"list"``,
      ``"map_keys"``, ``"map_values"``, or an ``Index(...)`` with contexts.

    Raises ValueError for an unknown index kind.
    """
    if kwargs.get("alias") is not None or kwargs.get("validation_alias") is not None:
        raise ValueError("aliases are not supported on model fields: name the bin with bin=...")
    decl: Index | None
    if index is None or index is False:
        decl = None
    elif isinstance(index, Index):
        decl = index
    elif index is True or isinstance(index, str):
        if index not in _INDEX_ALIASES:
            raise ValueError(f"unknown index kind {index!r}: use True, 'list', 'map_keys' or 'map_values'")
        decl = Index(collection="default" if index is True else index)
    else:
        raise ValueError(f"index must be True, a kind or an Index, not {index!r}")
    info: Any = pydantic.Field(default, **kwargs)
    info.metadata.append(FieldOptions(primary_key=primary_key, bin=bin, index=decl))
    return info


def options_of(info: Any) -> FieldOptions:
    """The ``FieldOptions`` of a pydantic ``FieldInfo`` (defaults when there are none)."""
    for meta in info.metadata:
        if isinstance(meta, FieldOptions):
            return meta
    return FieldOptions()
