"""``python -m aeromodel``: run the demo tour on the embedded engine."""

from __future__ import annotations

from .demo import tour


def main() -> None:
    """Entry point of the ``aeromodel`` command."""
    tour()


if __name__ == "__main__":
    main()
