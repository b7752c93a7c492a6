"""``aeromodel demo``: a small shop on the embedded engine, step by step. Each step's code is
printed, run (exactly the text printed) and its answer shown, so a newcomer can follow along."""

from __future__ import annotations

import ast
import contextlib
import sys
import textwrap
import time
import uuid
from pathlib import Path
from typing import Any, TextIO

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"

STEPS: list[tuple[str, str]] = [
    ("Connect to an embedded engine (in-process, Aerospike 8.1 semantics)", """
import aeromodel
import aeromodel.client as aerospike
from aeromodel import Field, Model, ConflictError, retry_on_conflict
client = aerospike.client({"embedded": {"name": ENGINE}})
aeromodel.connect(client, name="demo")
client.info_all("build")
"""),
    ("Define the application's models (indexes are declared on fields)", """
class Customer(Model, namespace="test", set="customers", connection="demo"):
    id: int = Field(primary_key=True)
    name: str
    city: str = Field(index=True)
    age: int = Field(index=True)
    spent: int = 0                                   # cents
    tier: str | None = None
    tags: list[str] = Field(default_factory=list, index="list")
    visits: dict[str, int] = Field(default_factory=dict)

class Product(Model, namespace="test", set="products", connection="demo"):
    sku: str = Field(primary_key=True)
    price: int = Field(index=True)
    stock: int = 0

[spec.name for spec in Customer.__aeromodel__.indexes + Product.__aeromodel__.indexes]
"""),
    ("Sync the indexes: plan, create; a second run is a no-op", """
from aeromodel import sync_indexes
plan = sync_indexes([Customer, Product])
print(plan.render())
sync_indexes([Customer, Product]).changes
"""),
    ("What the previous release left behind: products with the old bin `qty`, customers without a tier", """
for i in range(300):
    client.put(("test", "products", f"p{i}"), {"price": 100 + i * 7, "qty": i % 13})
    client.put(("test", "customers", 10_000 + i), {"name": f"old {i}", "city": "Oslo", "age": 40,
                                                   "spent": i * 300})
client.get(("test", "products", "p1")).bins
"""),
    ("Apply the example migrations (migrations/): recorded in the database, under a lock", """
from aeromodel.migrations import migrate
migrate(MIGRATIONS, client, "test", out=OUT, progress=PROGRESS)
"""),
    ("... and again: nothing pending; the renamed bin", """
migrate(MIGRATIONS, client, "test")
(Product.get("p1"), Customer.get(10_299).tier)
"""),
    ("Write a few thousand customers (save_many: one batch call per 500)", """
cities = ["Oslo", "Lima", "Pune", "Kyiv", "Rome"]
with PROGRESS(N, "customers") as bar:
    for start in range(0, N, 500):
        batch = [Customer(id=i, name=f"customer {i}", city=cities[i % 5], age=18 + i % 60,
                          spent=(i * 37) % 80_000, tags=["vip"] if i % 50 == 0 else [])
                 for i in range(start, min(N, start + 500))]
        Customer.save_many(batch)
        bar.set(start + len(batch))
Customer.query().where(age__gte=0).count()          # every customer, through an index
"""),
    ("Indexed queries: the planner picks one index predicate, the rest is a filter expression", """
q = Customer.query().where(age__between=(30, 34), city="Oslo")
print(q.explain())
(q.count(), [c.name for c in q.limit(3).all()])
"""),
    ("A list index, and a query no index serves (refused unless scans are allowed)", """
vips = Customer.query().where(Customer.tags.contains("vip"))
print(vips.explain().index, vips.count())
try:
    Customer.query().where(name__startswith="customer 1").count()
except aeromodel.MissingIndexError as err:
    print("refused:", err.msg)
Customer.query().where(name__startswith="customer 1").allow_scan().count()
"""),
    ("Optimistic locking: a concurrent write is caught, then retried", """
mine, theirs = Customer.get(7), Customer.get(7)
theirs.spent += 100
theirs.save()
mine.spent += 1
try:
    mine.save()                                     # generation-checked
except ConflictError as err:
    print("conflict:", err.msg)

@retry_on_conflict(attempts=3)
def add_spend(customer_id: int, cents: int) -> int:
    c = Customer.get(customer_id)
    c.spent += cents
    c.save()
    return c.spent

(add_spend(7, 1), Customer.get(7).meta.generation)
"""),
    ("CDT helpers: atomic list and map changes in one operate()", """
c = Customer.get(42)
c.update(Customer.tags.append("newsletter"), Customer.visits["shop"].increment(1),
         Customer.visits["blog"].increment(3))
c.update(Customer.visits["shop"].increment(1))
(c.tags, c.visits, Customer.select(42, Customer.tags.size(), Customer.visits["shop"]))
"""),
    ("Check the deploy: indexes in sync, every migration applied", """
from aeromodel import check_indexes
from aeromodel.migrations import Runner
print(Runner(MIGRATIONS, client, "test").status().render())
check_indexes([Customer, Product]).in_sync
"""),
]


def _run(code: str, env: dict[str, Any], out: TextIO) -> None:
    """Print ``code``, run it in ``env``, and print the value of its last line when it is an
    expression."""
    code = textwrap.dedent(code).strip("\n")
    for line in code.splitlines():
        print(f"  | {line}", file=out)
    tree = ast.parse(code)
    last = tree.body[-1] if tree.body and isinstance(tree.body[-1], ast.Expr) else None
    if last is not None:
        tree.body.pop()
    exec(compile(tree, "<demo>", "exec"), env)
    if last is not None:
        value = eval(compile(ast.Expression(last.value), "<demo>", "eval"), env)
        if value is not None:
            print(f"  -> {value!r}", file=out)


def run(out: TextIO | None = None, *, records: int = 3000) -> None:
    """Run the demo, printing to ``out`` (default: standard output). Raises what a step raises."""
    from .cli.progress import Progress

    out = out or sys.stdout
    started = time.perf_counter()
    env: dict[str, Any] = {
        "__name__": "aeromodel_demo", "ENGINE": f"demo-{uuid.uuid4().hex[:8]}", "N": records,
        "MIGRATIONS": MIGRATIONS, "OUT": out,
        "PROGRESS": lambda total, label: Progress(total, label, out),
    }
    print("aeromodel demo: a small shop on the embedded engine", file=out)
    try:
        for i, (title, code) in enumerate(STEPS, 1):
            if "MIGRATIONS" in code and not MIGRATIONS.is_dir():
                print(f"\n{i}. {title}\n  (skipped: no migrations/ directory next to the package)",
                      file=out)
                continue
            print(f"\n{i}. {title}", file=out)
            try:
                with contextlib.redirect_stdout(out):  # the steps' own print() calls
                    _run(code, env, out)
            except Exception as err:
                print(f"  !! {type(err).__name__}: {err}", file=out)
                raise
    finally:
        from . import disconnect

        client = env.get("client")
        if client is not None:
            disconnect("demo")
            client.close()
    print(f"\ndone in {time.perf_counter() - started:.1f} s. Next: README.md, docs/models.md, "
          "docs/deploy.md", file=out)
