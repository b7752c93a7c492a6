"""Migration files: a directory of Python modules, each declaring ``id`` (default: the file name),
``depends`` (ids it needs first) and ``up(ctx)`` (optionally ``down(ctx)``). Loaded, checksummed
and put in dependency order; nothing here touches the database."""

from __future__ import annotations

import hashlib
import importlib.util
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import MigrationError

Step = Callable[[Any], Any]
_ID = re.compile(r"^[A-Za-z0-9_.-]{1,60}$")


@dataclass(frozen=True)
class Migration:
    id: str
    depends: tuple[str, ...]
    up: Step
    down: Step | None
    checksum: str
    path: Path | None = None
    doc: str = ""

    def __str__(self) -> str:
        return self.id


def checksum(text: bytes) -> str:
    """sha256 of a file's bytes, line endings normalized (a checkout on Windows is the same file)."""
    return hashlib.sha256(text.replace(b"\r\n", b"\n")).hexdigest()


def load_file(path: Path) -> Migration:
    """The migration a file declares. Raises MigrationError for a file that does not import or
    lacks ``up``."""
    data = path.read_bytes()
    spec = importlib.util.spec_from_file_location(f"aeromodel_migration_{path.stem}", path)
    if spec is None or spec.loader is None:
        raise MigrationError(f"{path}: cannot load")
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    except Exception as err:
        raise MigrationError(f"{path}: importing it failed: {type(err).__name__}: {err}") from err
    ident = getattr(module, "id", path.stem)
    if not isinstance(ident, str) or not _ID.match(ident):
        raise MigrationError(f"{path}: id {ident!r} must be 1-60 characters of A-Z a-z 0-9 _ . -")
    up = getattr(module, "up", None)
    if not callable(up):
        raise MigrationError(f"{path}: no up(ctx) function")
    down = getattr(module, "down", None)
    depends = getattr(module, "depends", ())
    if isinstance(depends, str) or not all(isinstance(d, str) for d in depends):
        raise MigrationError(f"{path}: depends must be a list of migration ids")
    return Migration(ident, tuple(depends), up, down if callable(down) else None,
                     checksum(data), path, (module.__doc__ or "").strip().split("\n")[0])


def load_dir(directory: str | Path) -> list[Migration]:
    """Every migration in ``directory`` (``*.py`` not starting with ``_``), in dependency order
    (ties by id). Raises MigrationError for a missing directory, a duplicate id, a dependency that
    does not exist, or a cycle."""
    root = Path(directory)
    if not root.is_dir():
        raise MigrationError(f"no migrations directory {root}")
    found = [load_file(p) for p in sorted(root.glob("*.py")) if not p.name.startswith("_")]
    return order(found)


def order(migrations: list[Migration]) -> list[Migration]:
    """``migrations`` in dependency order, ties broken by id. Raises MigrationError."""
    by_id: dict[str, Migration] = {}
    for m in migrations:
        if m.id in by_id:
            raise MigrationError(f"two migrations have the id {m.id!r}: {by_id[m.id].path} and {m.path}")
        by_id[m.id] = m
    for m in migrations:
        for dep in m.depends:
            if dep not in by_id:
                raise MigrationError(
                    f"migration {m.id} depends on {dep!r}, which is not among the migrations "
                    f"({', '.join(sorted(by_id)) or 'none'})"
                )
    out: list[Migration] = []
    done: set[str] = set()
    left = sorted(by_id)
    while left:
        ready = [i for i in left if all(d in done for d in by_id[i].depends)]
        if not ready:
            raise MigrationError(f"migrations depend on each other in a cycle: {', '.join(left)}")
        out.append(by_id[ready[0]])
        done.add(ready[0])
        left.remove(ready[0])
    return out
