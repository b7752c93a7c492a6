"""Parsers of the tend answers about hosts: ``peers-clear-std`` and the ``hosts`` config.

``peers-clear-std`` answers ``generation,default port,[[name,tls name,[address[:port],...]],...]``
(an IPv6 address in brackets); an address without a port uses the default port.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from .. import exception


class Peer(NamedTuple):
    """A node another node knows: its name and addresses."""

    name: str
    hosts: list[tuple[str, int]]


def _split(text: str) -> list[str]:
    """Split at the commas outside brackets."""
    out, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
        elif ch == "," and depth == 0:
            out.append(text[start:i])
            start = i + 1
    out.append(text[start:])
    return out


def _unwrap(text: str) -> str:
    text = text.strip()
    if not (text.startswith("[") and text.endswith("]")):
        raise ValueError(f"expected a bracketed list: {text!r}")
    return text[1:-1]


def _address(text: str, default_port: int) -> tuple[str, int]:
    if text.startswith("["):  # [IPv6]:port
        host, _, rest = text[1:].partition("]")
        return host, int(rest[1:]) if rest.startswith(":") else default_port
    if text.count(":") == 1:
        host, _, port = text.partition(":")
        return host, int(port)
    return text, default_port


def parse_peers(text: str) -> tuple[int, list[Peer]]:
    """The generation and peers of a ``peers-clear-std`` answer. Raises ValueError."""
    parts = _split(text.strip())
    if len(parts) != 3:
        raise ValueError(f"malformed peers answer: {text!r}")
    generation, default_port = int(parts[0]), int(parts[1])
    peers = []
    inner = _unwrap(parts[2])
    for item in _split(inner) if inner else []:
        fields = _split(_unwrap(item))
        if len(fields) != 3:
            raise ValueError(f"malformed peer: {item!r}")
        addresses = _unwrap(fields[2])
        hosts = [_address(a, default_port) for a in _split(addresses)] if addresses else []
        peers.append(Peer(fields[0], hosts))
    return generation, peers


def parse_hosts(hosts: Any) -> list[tuple[str, int]]:
    """The seeds of a config's ``hosts``: (address, port[, tls name]) tuples, or "address[:port]"
    strings (port 3000). Raises ParamError."""
    # The official client's messages, word for word (its own suite compares them).
    if not isinstance(hosts, list) and not (isinstance(hosts, tuple) and hosts):
        raise exception.error(exception.ParamError, "Hosts must be a list")
    if not hosts:
        raise exception.error(exception.ParamError, "Hosts must not be empty")
    seeds = []
    for h in hosts:
        if isinstance(h, str):
            seeds.append(_address(h, 3000))
            continue
        if not isinstance(h, (tuple, list)) or len(h) not in (2, 3) or not isinstance(h[0], str):
            raise exception.error(exception.ParamError, "Invalid host")
        if isinstance(h[1], bool) or not isinstance(h[1], int):
            raise exception.error(
                exception.ParamError, "Invalid host -> The host port must be an integer"
            )
        if not 0 < h[1] < 65536:
            raise exception.error(exception.ParamError, f"Invalid host port {h[1]}")
        seeds.append((h[0], h[1]))
    return seeds
