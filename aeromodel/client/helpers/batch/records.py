"""What a batch call takes and answers: one BatchRecord per key, gathered in BatchRecords."""

from __future__ import annotations

from typing import Any


class BatchRecord:
    """One key's part of a batch: after the call, ``result``, ``record`` and ``in_doubt`` are set."""

    def __init__(self, key: tuple[Any, ...]) -> None:
        # batch_read fills its BatchRecords without this call: an attribute added here is
        # added there too (tests/client/test_batch_read_paths.py fails until it is).
        self.key = key
        self.result = 0
        self.record: Any = None
        self.in_doubt = False

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(key={self.key!r}, result={self.result}, "
            f"record={self.record!r}, in_doubt={self.in_doubt})"
        )


class Read(BatchRecord):
    """Read bins (``ops`` of read operations) or the whole record (``read_all_bins``)."""

    def __init__(
        self,
        key: tuple[Any, ...],
        ops: list[dict[str, Any]] | None = None,
        read_all_bins: bool = False,
        meta: dict[str, Any] | None = None,
        policy: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(key)
        self.ops = ops
        self.read_all_bins = read_all_bins
        self.meta = meta
        self.policy = policy


class Write(BatchRecord):
    """Apply operations (writes, and reads of the result) to one record."""

    def __init__(
        self,
        key: tuple[Any, ...],
        ops: list[dict[str, Any]],
        meta: dict[str, Any] | None = None,
        policy: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(key)
        self.ops = ops
        self.meta = meta
        self.policy = policy


class Remove(BatchRecord):
    """Delete one record."""

    def __init__(self, key: tuple[Any, ...], policy: dict[str, Any] | None = None) -> None:
        super().__init__(key)
        self.policy = policy


class Apply(BatchRecord):
    """Apply a UDF to one record. UDFs are not supported: a batch holding one is refused with
    ClientError before anything is sent."""

    def __init__(
        self,
        key: tuple[Any, ...],
        module: str,
        function: str,
        args: list[Any] | None,
        policy: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(key)
        self.module = module
        self.function = function
        self.args = args
        self.policy = policy


class BatchRecords:
    """The records of a batch call; ``result`` is the batch's own result code (0: it ran)."""

    def __init__(self, batch_records: list[BatchRecord] | None = None) -> None:
        self.batch_records: list[BatchRecord] = batch_records if batch_records is not None else []
        self.result = 0

    def __iter__(self) -> Any:
        return iter(self.batch_records)

    def __len__(self) -> int:
        return len(self.batch_records)

    def __repr__(self) -> str:
        return f"BatchRecords(result={self.result}, batch_records={self.batch_records!r})"
