"""The ``serve`` fixture: one ``aeromodel serve`` per module, on its own engine, with a short
half-sent-frame timeout."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from _serve_support import Serve


@pytest.fixture(scope="module")
def serve() -> Iterator[Serve]:
    s = Serve(frame_timeout=0.3)
    yield s
    s.close()
