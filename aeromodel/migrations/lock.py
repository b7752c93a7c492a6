"""The migration lock: one record written create-only, so that of several runs started at once
exactly one proceeds. It expires (a record ttl, and an ``expires`` time checked by the others),
so a crashed run does not block the next deploy forever; a live run renews it as it goes."""

from __future__ import annotations

import contextlib
import os
import socket
import time
import uuid
from collections.abc import Callable
from typing import Any

from .. import client as aerospike
from ..connection import dialect_of
from ..errors import MigrationError

LOCK_SET = "am_migration_lock"
LOCK_KEY = "lock"


class Lock:
    """``with Lock(client, namespace).held(): ...``; ``renew()`` while holding."""

    def __init__(self, client: Any, namespace: str, *, ttl: int = 300,
                 clock: Callable[[], float] = time.time, owner: str | None = None) -> None:
        self.client = client
        self.exception = dialect_of(client).exception  # the client package's exceptions
        self.key = (namespace, LOCK_SET, LOCK_KEY)
        self.ttl = ttl
        self.clock = clock
        self.owner = owner or f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.gen: int | None = None

    def _bins(self) -> dict[str, Any]:
        now = self.clock()
        return {"owner": self.owner, "since": int(now), "expires": now + self.ttl}

    def try_acquire(self) -> bool:
        """Take the lock if it is free or expired; answer whether it is now ours."""
        meta = {"ttl": self.ttl}
        try:
            self.client.put(self.key, self._bins(), meta,
                            {"exists": aerospike.POLICY_EXISTS_CREATE, "key": aerospike.POLICY_KEY_SEND})
        except self.exception.RecordExistsError:
            return self._take_expired()
        self.gen = 1  # a created record's first generation
        return True

    def _take_expired(self) -> bool:
        try:
            _, meta, bins = self.client.get(self.key)
        except self.exception.RecordNotFound:
            return self.try_acquire()
        if bins.get("expires", 0) > self.clock():
            return False
        try:  # only the run that saw this generation takes it over
            self.client.put(self.key, self._bins(), {"ttl": self.ttl, "gen": meta["gen"]},
                            {"gen": aerospike.POLICY_GEN_EQ})
        except (self.exception.RecordGenerationError, self.exception.RecordNotFound):
            return False
        self.gen = meta["gen"] + 1
        return True

    def holder(self) -> dict[str, Any] | None:
        try:
            return dict(self.client.get(self.key)[2])
        except self.exception.RecordNotFound:
            return None

    def acquire(self, *, wait: float = 0.0, poll: float = 0.05) -> None:
        """Take the lock, waiting up to ``wait`` seconds (real time) for another run to finish.
        Raises MigrationError naming the holder when it stays taken."""
        deadline = time.monotonic() + wait
        while not self.try_acquire():
            if time.monotonic() >= deadline:
                held = self.holder() or {}
                raise MigrationError(
                    f"another migration run holds the lock ({held.get('owner', '?')}, until "
                    f"{held.get('expires', 0):.0f}); try again when it is done, or after it "
                    f"expires ({self.ttl} s after its last renewal)"
                )
            time.sleep(poll)

    def renew(self) -> None:
        """Push the expiry out. Raises MigrationError if the lock was lost (it expired and another
        run took it)."""
        if self.gen is None:
            raise MigrationError("the migration lock is not held")
        try:
            self.client.put(self.key, self._bins(), {"ttl": self.ttl, "gen": self.gen},
                            {"gen": aerospike.POLICY_GEN_EQ})
        except (self.exception.RecordGenerationError, self.exception.RecordNotFound):
            self.gen = None
            raise MigrationError(
                "lost the migration lock (it expired and another run took it); stopped here"
            ) from None
        self.gen += 1

    def release(self) -> None:
        if self.gen is None:
            return
        with contextlib.suppress(self.exception.RecordGenerationError, self.exception.RecordNotFound):
            # someone else's by now when the generation moved
            self.client.remove(self.key, {"gen": self.gen}, {"gen": aerospike.POLICY_GEN_EQ})
        self.gen = None
