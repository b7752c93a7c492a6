"""Customers: backfill `tier` from what they spent."""

from __future__ import annotations

from typing import Any

id = "0003_customer_tier"
depends = ["0001_plans"]


def tier(bins: dict[str, Any]) -> dict[str, Any] | None:
    if "tier" in bins:
        return None  # already set: leave it (and a resumed run skips it)
    spent = bins.get("spent", 0)
    return {"tier": "gold" if spent >= 50_000 else "silver" if spent >= 10_000 else "bronze"}


def up(ctx: Any) -> None:
    ctx.backfill("customers", tier, page_size=500)
