"""Each line marked ``# E: <code>`` must be a mypy error with that code (test_typing.py)."""

from __future__ import annotations

from aeromodel import Field, Model


class User(Model, namespace="test"):
    id: str = Field(primary_key=True)
    age: int = 0
    tags: list[str] = Field(default_factory=list)


User.age.between("a", "b")  # E: arg-type
User.tags.append(3)  # E: arg-type
User.age.startswith("x")  # E: attr-defined
User(id=1)  # E: arg-type
User(age=3)  # E: call-arg
User.get("x").nope  # E: attr-defined
User.age.increment("1")  # E: arg-type
