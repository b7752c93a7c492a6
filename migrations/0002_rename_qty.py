"""Products: the bin `qty` is now `stock`."""

from __future__ import annotations

from typing import Any

id = "0002_rename_qty"
depends = ["0001_plans"]


def up(ctx: Any) -> None:
    ctx.rename_bin("products", "qty", "stock", page_size=500)


def down(ctx: Any) -> None:
    ctx.rename_bin("products", "stock", "qty", page_size=500)
