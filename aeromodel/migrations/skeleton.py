"""``aeromodel makemigration <name>``: a new migration file, numbered after the last one and
depending on the migrations nothing else depends on yet."""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import MigrationError
from .files import load_dir

TEMPLATE = '''"""{title}"""

from __future__ import annotations

from typing import Any

id = "{ident}"
depends = {depends!r}


def up(ctx: Any) -> None:
    """ctx.client, ctx.namespace, ctx.log(...); data changes that page, checkpoint and resume:
    ctx.backfill("set", lambda bins: {{"bin": ...}} or None), ctx.rename_bin("set", "old", "new")."""


def down(ctx: Any) -> None:
    """Undo up() (optional: delete this function if the change cannot be undone)."""
'''


def makemigration(directory: str | Path, name: str) -> Path:
    """Write ``<directory>/<NNNN>_<name>.py`` and answer its path. Raises MigrationError for a
    bad name or when the existing migrations do not load."""
    slug = re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")
    if not slug:
        raise MigrationError(f"migration name {name!r}: use letters, digits and underscores")
    root = Path(directory)
    root.mkdir(parents=True, exist_ok=True)
    existing = load_dir(root)
    numbers = [int(m.group(1)) for p in root.glob("*.py") if (m := re.match(r"(\d+)_", p.name))]
    ident = f"{max(numbers, default=0) + 1:04d}_{slug}"
    needed = {d for m in existing for d in m.depends}
    leaves = [m.id for m in existing if m.id not in needed]
    path = root / f"{ident}.py"
    if path.exists():
        raise MigrationError(f"{path} exists")
    title = name.replace("_", " ").strip().capitalize() + "."
    path.write_text(TEMPLATE.format(title=title, ident=ident, depends=leaves))
    return path
