"""A small application's models, for the deploy tests (index sync reads their declarations)."""

from __future__ import annotations

from pydantic import BaseModel

from aeromodel import Field, Index, MapKey, Model


class Address(BaseModel):
    city: str = Field(index=True)


class Customer(Model, namespace="test", set="customers"):
    id: str = Field(primary_key=True)
    name: str
    age: int = Field(index=True)
    tags: list[str] = Field(default_factory=list, index="list")
    prefs: dict[str, str] = Field(default_factory=dict, index="map_keys")
    address: Address | None = None


class Product(Model, namespace="test", set="products"):
    sku: str = Field(primary_key=True)
    price: int = Field(index=True)
    stock: dict[str, dict[str, int]] = Field(default_factory=dict)

    class Meta:
        indexes = [Index("stock", "map_values", ctx=(MapKey("oslo"),))]
