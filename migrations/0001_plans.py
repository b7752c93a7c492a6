"""Seed the subscription plans the shop sells."""

from __future__ import annotations

from typing import Any

id = "0001_plans"
depends: list[str] = []

PLANS = {"free": 0, "plus": 900, "pro": 2900}


def up(ctx: Any) -> None:
    for name, cents in PLANS.items():
        ctx.client.put((ctx.namespace, "plans", name), {"name": name, "cents": cents})
    ctx.log(f"{len(PLANS)} plans written")


def down(ctx: Any) -> None:
    for name in PLANS:
        ctx.client.remove((ctx.namespace, "plans", name))
