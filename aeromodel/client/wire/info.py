"""The info protocol: a type-1 frame of text. A request names one command a line
(``name\\n``, or ``name:arg=v;...\\n``); the answer repeats each with its value (``name\\tvalue\\n``).
"""

from __future__ import annotations

from .proto import TYPE_INFO, ProtocolError, frame


def encode_request(request: str) -> bytes:
    """The frame asking ``request`` (commands separated by newlines; an empty request asks the
    node's default set of values)."""
    text = request if not request or request.endswith("\n") else request + "\n"
    return frame(TYPE_INFO, text.encode())


def decode_request(body: bytes) -> list[str]:
    """The commands an info request names. Raises ProtocolError if not UTF-8."""
    return [line for line in _text(body).split("\n") if line]


def encode_answer(pairs: list[tuple[str, str]]) -> bytes:
    """The answer frame: each command with its value."""
    return frame(TYPE_INFO, "".join(f"{name}\t{value}\n" for name, value in pairs).encode())


def encode_text(text: str) -> bytes:
    """The answer frame of an answer text already in ``name\tvalue\n`` lines."""
    return frame(TYPE_INFO, text.encode())


def decode_answer(body: bytes) -> str:
    """The answer text (``name\\tvalue\\n`` per command), as transports hand it to the client.
    Raises ProtocolError if not UTF-8."""
    return _text(body)


def answer_pairs(text: str) -> dict[str, str]:
    """An answer text as {command: value} (a line without a tab: its value is empty)."""
    out = {}
    for line in text.split("\n"):
        if line:
            name, _, value = line.partition("\t")
            out[name] = value
    return out


def _text(body: bytes) -> str:
    try:
        return body.decode()
    except UnicodeDecodeError:
        raise ProtocolError("info text that is not UTF-8") from None
