"""Migrations: files in a directory (``migrations/``) applied in dependency order by
``aeromodel migrate`` and recorded in the database, under a create-only lock; data helpers that
page, checkpoint per partition and resume; ``makemigration`` for a new file."""

from .data import Checkpoints, Report, rename_change, run_change
from .files import Migration, load_dir, order
from .lock import Lock
from .runner import APPLIED_SET, MigrationContext, Runner, Status, migrate
from .skeleton import makemigration

__all__ = [
    "APPLIED_SET",
    "Checkpoints",
    "Lock",
    "Migration",
    "MigrationContext",
    "Report",
    "Runner",
    "Status",
    "load_dir",
    "makemigration",
    "migrate",
    "order",
    "rename_change",
    "run_change",
]
