"""GeoJSON field types: ``GeoPoint`` and ``GeoRegion`` (a polygon or a circle), stored as the
server's geojson particle so that geo indexes and ``within``/``contains`` queries work."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict


class GeoPoint(BaseModel):
    """A point: longitude then latitude, in degrees (GeoJSON order)."""

    model_config = ConfigDict(frozen=True)

    lng: float
    lat: float

    def geojson(self) -> dict[str, Any]:
        """The GeoJSON object stored for this point."""
        return {"type": "Point", "coordinates": [self.lng, self.lat]}


class GeoRegion(BaseModel):
    """A region: a GeoJSON ``Polygon`` (or ``MultiPolygon``) or an Aerospike ``AeroCircle``."""

    model_config = ConfigDict(frozen=True)

    geometry: dict[str, Any]

    @classmethod
    def circle(cls, lng: float, lat: float, radius_m: float) -> GeoRegion:
        """A circle of ``radius_m`` metres around a point."""
        return cls(geometry={"type": "AeroCircle", "coordinates": [[lng, lat], radius_m]})

    @classmethod
    def polygon(cls, points: list[tuple[float, float]]) -> GeoRegion:
        """A polygon through ``(lng, lat)`` points; it is closed for you when it is open."""
        ring = [[lng, lat] for lng, lat in points]
        if ring and ring[0] != ring[-1]:
            ring.append(ring[0])
        return cls(geometry={"type": "Polygon", "coordinates": [ring]})

    def geojson(self) -> dict[str, Any]:
        """The GeoJSON object stored for this region."""
        return self.geometry
