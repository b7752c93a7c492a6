"""Property: whatever sequence of changes, saves and CDT updates a loaded instance goes through,
the stored record always equals what a full write of the instance would store, and a fresh load
equals the instance."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .app import Address, Everything

KEY = ("test", "everything", 1)
words = st.text(alphabet="abcxyz", min_size=0, max_size=3)
small = st.integers(-5, 5)

changes = st.one_of(
    st.tuples(st.just("i"), small),
    st.tuples(st.just("s"), words),
    st.tuples(st.just("when"), st.one_of(st.none(), st.just(datetime(2024, 1, 1, tzinfo=timezone.utc)))),
    st.tuples(st.just("scores.append"), small),
    st.tuples(st.just("scores.set"), st.lists(small, max_size=3)),
    st.tuples(st.just("stats.put"), words, words, small),
    st.tuples(st.just("stats.del"), words),
    st.tuples(st.just("stats.inner.del"), words, words),
    st.tuples(st.just("address"), st.one_of(st.none(), st.builds(Address, city=words, floor=small))),
    st.tuples(st.just("address.floor"), small),
    st.tuples(st.just("save"),),
    st.tuples(st.just("update.append"), small),
    st.tuples(st.just("update.incr"), words, words, small),
    st.tuples(st.just("reload"),),
)


def apply(e: Everything, change: tuple[Any, ...]) -> Everything:
    op = change[0]
    if op == "i":
        e.i = change[1]
    elif op == "s":
        e.s = change[1]
    elif op == "when":
        e.when = change[1]
    elif op == "scores.append":
        e.scores.append(change[1])
    elif op == "scores.set":
        e.scores = change[1]
    elif op == "stats.put":
        e.stats.setdefault(change[1], {})[change[2]] = change[3]
    elif op == "stats.del":
        e.stats.pop(change[1], None)
    elif op == "stats.inner.del":
        e.stats.get(change[1], {}).pop(change[2], None)
    elif op == "address":
        e.address = change[1]
    elif op == "address.floor":
        if e.address is not None:
            e.address.floor = change[1]
    elif op == "save":
        e.save()
    elif op == "update.append":
        before = e.model_dump(exclude={"scores"})
        try:
            e.update(Everything.scores.append(change[1]))
        except ValueError:  # scores has unsaved changes: refused, nothing changed
            assert e.model_dump(exclude={"scores"}) == before
            e.save()
            e.update(Everything.scores.append(change[1]))
        assert e.model_dump(exclude={"scores"}) == before  # other pending changes stay pending
    elif op == "update.incr":
        e.save()
        e.update(Everything.stats[change[1]][change[2]].increment(change[3]))
    elif op == "reload":
        e.save()
        e = Everything.get(1)
    return e


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(changes, max_size=12))
def test_saves_keep_the_record_equal_to_the_instance(client: Any, steps: list[tuple[Any, ...]]) -> None:
    if client.exists(KEY)[1] is not None:
        client.remove(KEY)
    client.put(KEY, {"legacy": "kept"})
    e = Everything(id=1, stats={"a": {"x": 1}}, scores=[1], address=Address(city="c"))
    e.save()
    for step in steps:
        e = apply(e, step)
    e.save()
    stored = client.get(KEY)[2]
    expected = Everything(**e.model_dump())._encoded()
    assert stored == {"legacy": "kept", **{b: v for b, v in expected.items() if v is not None}}
    assert Everything.get(1) == e
