"""A small progress bar for the command line: redrawn in place on a terminal, a single summary
line otherwise (logs and tests stay readable). No dependency: this is all the tooling needs."""

from __future__ import annotations

import time
from types import TracebackType
from typing import TextIO

WIDTH = 30


class Progress:
    """``with Progress(total, "writing", out) as bar: bar.update(n)``; ``total`` None shows a
    count without a bar. ``set(value)`` jumps to a value (a percentage, for instance)."""

    def __init__(self, total: float | None, label: str, out: TextIO, *, unit: str = "") -> None:
        self.total = total
        self.label = label
        self.out = out
        self.unit = unit
        self.done = 0.0
        self.started = time.perf_counter()
        self.live = bool(getattr(out, "isatty", lambda: False)())
        self._drawn = -1.0

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, kind: type[BaseException] | None, err: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close(failed=kind is not None)

    def update(self, n: float = 1) -> None:
        self.set(self.done + n)

    def set(self, value: float) -> None:
        self.done = value
        if self.live and (self.total is None or value - self._drawn >= (self.total / 200 or 1)):
            self._drawn = value
            self.out.write("\r" + self.line())
            self.out.flush()

    def line(self) -> str:
        seconds = time.perf_counter() - self.started
        count = f"{self.done:,.0f}{self.unit}"
        if not self.total:
            return f"  {self.label}: {count} ({seconds:.1f} s)"
        frac = min(1.0, self.done / self.total)
        full = int(frac * WIDTH)
        bar = "#" * full + "-" * (WIDTH - full)
        return f"  {self.label} [{bar}] {frac:4.0%} {count}/{self.total:,.0f}{self.unit} ({seconds:.1f} s)"

    def close(self, failed: bool = False) -> None:
        tail = " (stopped)" if failed else ""
        self.out.write(("\r" if self.live else "") + self.line() + tail + "\n")
        self.out.flush()
