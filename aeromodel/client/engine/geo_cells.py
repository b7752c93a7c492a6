"""The S2 cell ids a geo2dsphere index keeps and a geo query looks up, as the server makes them
(geospatial.cc): a point is its leaf cell; a stored region its cover (levels 1-30, at most 12
cells); a points-within-region query the ranges of its cover under the namespace's
geo2dsphere-within settings (levels 1-20, 12 cells); a regions-containing-point query the point's
cell and each ancestor down to level 1. Ranges come sorted by start, as the server sorts them."""

from __future__ import annotations

from typing import Any

import s2geometry as s2

from ..values import GeoJSON
from . import geo
from .codes import OpError

STORE_LEVELS = (1, 30)
QUERY_LEVELS = (1, 20)  # geo2dsphere-within-min-level / -max-level (defaults)
MAX_CELLS = 12


def _cover(region: geo.Region, levels: tuple[int, int]) -> list[Any]:
    coverer = s2.S2RegionCoverer()
    coverer.set_min_level(levels[0])
    coverer.set_max_level(levels[1])
    coverer.set_max_cells(MAX_CELLS)
    cells: list[Any] = []
    for part in region.parts:
        cells.extend(coverer.GetCovering(part))
    if len(region.parts) > 1:  # one cover of the union, as of the server's single region
        cells = list(coverer.GetCovering(s2.S2CellUnion(cells)))
    return cells


def index_cells(value: Any) -> tuple[int, ...]:
    """The cell ids a GeoJSON bin value is indexed under (empty: not indexed)."""
    if not isinstance(value, GeoJSON):
        return ()
    try:
        shape = geo.parse(value)
    except OpError:
        return ()
    if isinstance(shape, geo.Point):
        return (shape.cell,)
    cells = _cover(shape, STORE_LEVELS)
    if len(cells) > MAX_CELLS:
        return ()
    return tuple(c.id() for c in cells)


def query_ranges(shape: geo.Shape) -> list[tuple[int, int]]:
    """The (start, end) cell-id ranges a geo query walks, sorted by start."""
    if isinstance(shape, geo.Point):
        cell = s2.S2CellId(shape.cell)
        out = []
        while cell.level() > 0:
            out.append((cell.id(), cell.id()))
            cell = cell.parent()
        return sorted(out)
    return sorted((c.range_min().id(), c.range_max().id()) for c in _cover(shape, QUERY_LEVELS))
