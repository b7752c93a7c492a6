"""Info requests, cluster description, truncate, connection life cycle and client config checks."""

from __future__ import annotations

from typing import Any

import pytest
from _support import API_3X, POLICY_CHECKS, TRUNCATE_HOLDS_GIL, AnyClient, ClientPool, ManualClock

import aeromodel.client as our_aerospike
from aeromodel.client import exception as our_exception

pytestmark = pytest.mark.transports

NEVER = 4294967295
NOT_A_CONTEXT_MANAGER = "is not a context manager (`with client:` is ours)"


@pytest.fixture
def cl(pool: ClientPool, clock: ManualClock) -> AnyClient:
    return pool.make(clock=clock)


def meta_of(c: AnyClient, key: tuple[Any, ...]) -> Any:
    """The record's meta, None when there is no record."""
    return c.exists(key)[1]


def meta_and_bins(c: AnyClient, key: tuple[Any, ...]) -> tuple[Any, Any]:
    """The record's (meta, bins), (None, None) when there is no record."""
    return c.get(key)[1:] if meta_of(c, key) else (None, None)


def node_name(c: AnyClient) -> str:
    (node,) = c.get_node_names()
    return str(node["node_name"])


def only_answer(c: AnyClient, request: str) -> str:
    """The single node's answer to ``request`` through info_all, checked to have no error."""
    answers = c.info_all(request)
    assert list(answers) == [node_name(c)]
    err, text = answers[node_name(c)]
    assert err is None
    assert text.endswith("\n")
    return text[:-1]


def props(text: str, sep: str = ";") -> dict[str, str]:
    return dict(part.split("=", 1) for part in text.strip().rstrip(sep).split(sep) if part)


def set_objects(c: AnyClient, ns: str, set_name: str) -> int:
    return int(props(only_answer(c, f"sets/{ns}/{set_name}").rstrip(";"), ":")["objects"])


def ns_objects(c: AnyClient, ns: str) -> int:
    return int(props(only_answer(c, f"namespace/{ns}"))["objects"])


# -- info requests -------------------------------------------------------------------------


def test_info_all_build(cl: AnyClient) -> None:
    assert cl.info_all("build") == {node_name(cl): (None, "8.1.2.0\n")}


@pytest.mark.ours_only(API_3X)
def test_info_deprecated_form_answers_like_info_all(cl: AnyClient) -> None:
    assert cl.info("build") == {node_name(cl): (None, "8.1.2.0\n")}


def test_info_all_namespaces_default(cl: AnyClient) -> None:
    assert only_answer(cl, "namespaces").split(";") == ["test", "bar"]


def test_info_all_namespaces_with_configured_ones(pool: ClientPool) -> None:
    c = pool.make(namespaces={"extra": {}, "short": {"default-ttl": 30}})
    assert sorted(only_answer(c, "namespaces").split(";")) == ["bar", "extra", "short", "test"]


def test_info_namespace_properties(cl: AnyClient) -> None:
    p = props(only_answer(cl, "namespace/test"))
    assert p["objects"] == "0"
    assert p["default-ttl"] == "0"
    assert p["max-record-size"] == "1048576"
    for i in range(3):
        cl.put(("test", "a", i), {"v": i})
    cl.put(("test", None, "no set"), {"v": 1})
    cl.put(("bar", "a", 1), {"v": 1})
    assert ns_objects(cl, "test") == 4
    assert ns_objects(cl, "bar") == 1


def test_info_namespace_properties_of_configured_namespace(pool: ClientPool) -> None:
    c = pool.make(namespaces={"short": {"default-ttl": 30, "max-record-size": 4096}})
    p = props(only_answer(c, "namespace/short"))
    assert (p["objects"], p["default-ttl"], p["max-record-size"]) == ("0", "30", "4096")


def test_info_sets_objects_count(cl: AnyClient, clock: ManualClock) -> None:
    for i in range(5):
        cl.put(("test", "s1", i), {"v": i})
    cl.put(("test", "s2", 0), {"v": 0}, meta={"ttl": 10})
    cl.put(("test", "s2", 1), {"v": 1})
    assert set_objects(cl, "test", "s1") == 5
    assert set_objects(cl, "test", "s2") == 2
    cl.remove(("test", "s1", 0))
    assert set_objects(cl, "test", "s1") == 4
    clock.advance(10)  # exactly at the void time: the record still counts
    assert set_objects(cl, "test", "s2") == 2
    clock.advance(1)  # void time now in the past: expired
    assert set_objects(cl, "test", "s2") == 1


def test_info_single_node_echoes_request(cl: AnyClient) -> None:
    assert cl.info_single_node("build", node_name(cl)) == "build\t8.1.2.0\n"


def test_info_random_node_echoes_request(cl: AnyClient) -> None:
    assert cl.info_random_node("build") == "build\t8.1.2.0\n"


@pytest.mark.ours_only(API_3X)
def test_info_node_by_address(cl: AnyClient) -> None:
    assert cl.info_node("build", cl.get_nodes()[0]) == "build\t8.1.2.0\n"


@pytest.mark.ours_only(API_3X)
def test_info_node_answer_namespaces(cl: AnyClient) -> None:
    assert cl.info_node("namespaces", cl.get_nodes()[0]) == "namespaces\ttest;bar\n"


@pytest.mark.ours_only(API_3X)
def test_info_node_of_unknown_host(cl: AnyClient, exception) -> None:
    with pytest.raises(exception.InvalidHostError) as info:
        cl.info_node("build", ("10.1.2.3", 4000))
    assert info.value.code == -4


def test_info_command_must_be_str(cl: AnyClient, exception) -> None:
    for call in (
        lambda: cl.info_all(5),  # type: ignore[arg-type]
        lambda: cl.info_random_node(None),  # type: ignore[arg-type]
    ):
        with pytest.raises(exception.ParamError) as info:
            call()
        assert info.value.code == -2


@pytest.mark.ours_only(POLICY_CHECKS)
def test_info_bad_policy(cl: AnyClient, exception) -> None:
    with pytest.raises(exception.ParamError) as info:
        cl.info_all("build", {"no_such_key": 1})
    assert info.value.code == -2


def test_info_node_answer_is_this_node(cl: AnyClient) -> None:
    assert only_answer(cl, "node") == node_name(cl)


# -- cluster description -------------------------------------------------------------------


def test_get_nodes(pool: ClientPool, cl: AnyClient, transport: str) -> None:
    served = pool.servers.servers.get(pool.engine_of[id(cl)])  # (server, port) over the wire
    assert cl.get_nodes() == [("127.0.0.1", served[1] if served else 3000)]


def test_get_node_names(cl: AnyClient) -> None:
    names = cl.get_node_names()
    assert len(names) == 1
    assert set(names[0]) == {"address", "port", "node_name"}
    assert (names[0]["address"], names[0]["port"]) == cl.get_nodes()[0]
    assert isinstance(names[0]["node_name"], str)
    assert list(cl.info_all("build")) == [names[0]["node_name"]]


def test_clients_of_one_engine_see_one_node(pool: ClientPool) -> None:
    a = pool.make(name="shared-info-engine")
    b = pool.make(name="shared-info-engine")
    assert node_name(a) == node_name(b)
    a.put(("test", "x", 1), {"v": 1})
    assert b.get(("test", "x", 1))[2] == {"v": 1}


@pytest.mark.ours_only(API_3X)
def test_has_geo(cl: AnyClient) -> None:
    assert cl.has_geo() is True


def test_shm_key(cl: AnyClient) -> None:
    assert cl.shm_key() is None


# -- truncate ------------------------------------------------------------------------------


def fill(c: AnyClient) -> None:
    for i in range(3):
        c.put(("test", "t1", i), {"v": i})
        c.put(("test", "t2", i), {"v": i})
    c.put(("test", None, "no set"), {"v": "x"})
    c.put(("bar", "t1", 0), {"v": 0})


@pytest.mark.ours_only(TRUNCATE_HOLDS_GIL)
def test_truncate_set_removes_only_that_set(cl: AnyClient, clock: ManualClock) -> None:
    fill(cl)
    clock.advance(1)
    assert cl.truncate("test", "t1", 0) == 0
    assert [meta_of(cl, ("test", "t1", i)) for i in range(3)] == [None] * 3
    assert [meta_of(cl, ("test", "t2", i))["gen"] for i in range(3)] == [1] * 3
    assert cl.get(("test", None, "no set"))[2] == {"v": "x"}
    assert cl.get(("bar", "t1", 0))[2] == {"v": 0}
    assert set_objects(cl, "test", "t1") == 0
    assert set_objects(cl, "test", "t2") == 3


@pytest.mark.ours_only(TRUNCATE_HOLDS_GIL)
def test_truncate_namespace_removes_all_its_records(cl: AnyClient, clock: ManualClock) -> None:
    fill(cl)
    clock.advance(1)
    assert cl.truncate("test", None, 0) == 0
    assert ns_objects(cl, "test") == 0
    assert meta_of(cl, ("test", None, "no set")) is None
    assert meta_of(cl, ("test", "t2", 0)) is None
    assert cl.get(("bar", "t1", 0))[2] == {"v": 0}
    assert ns_objects(cl, "bar") == 1


@pytest.mark.ours_only(TRUNCATE_HOLDS_GIL)
def test_truncate_cut_keeps_records_updated_after_it(cl: AnyClient, clock: ManualClock) -> None:
    for i in range(4):
        cl.put(("test", "cut", i), {"v": i})
    clock.advance(10)
    cut = int(clock() * 1e9)
    clock.advance(10)
    cl.put(("test", "cut", 1), {"v": 100})  # updated after the cut
    cl.put(("test", "cut", 9), {"v": 9})  # created after the cut
    clock.advance(10)
    assert cl.truncate("test", "cut", cut) == 0
    assert [meta_and_bins(cl, ("test", "cut", i)) for i in (0, 1, 2, 3, 9)] == [
        (None, None),
        ({"gen": 2, "ttl": NEVER}, {"v": 100}),
        (None, None),
        (None, None),
        ({"gen": 1, "ttl": NEVER}, {"v": 9}),
    ]
    assert set_objects(cl, "test", "cut") == 2


@pytest.mark.ours_only(TRUNCATE_HOLDS_GIL)
def test_truncate_cut_on_namespace(cl: AnyClient, clock: ManualClock) -> None:
    cl.put(("test", "a", 1), {"v": 1})
    cl.put(("test", None, 2), {"v": 2})
    clock.advance(5)
    cut = int(clock() * 1e9)
    clock.advance(5)
    cl.put(("test", "b", 3), {"v": 3})
    assert cl.truncate("test", None, cut) == 0
    assert [meta_of(cl, key) for key in [("test", "a", 1), ("test", None, 2)]] == [None, None]
    assert cl.get(("test", "b", 3))[2] == {"v": 3}


@pytest.mark.ours_only(TRUNCATE_HOLDS_GIL)
def test_truncate_now_keeps_a_record_of_the_same_millisecond(
    cl: AnyClient, clock: ManualClock
) -> None:
    cl.put(("test", "ms", 1), {"v": 1})
    clock.advance(0.0015)  # the next millisecond
    cl.put(("test", "ms", 2), {"v": 2})
    clock.advance(0.0002)  # still the millisecond of the second write
    cl.truncate("test", "ms", 0)
    assert meta_of(cl, ("test", "ms", 1)) is None
    assert meta_of(cl, ("test", "ms", 2)) == {"gen": 1, "ttl": NEVER}


@pytest.mark.ours_only(TRUNCATE_HOLDS_GIL)
def test_write_after_truncate_starts_at_generation_1(cl: AnyClient, clock: ManualClock) -> None:
    key = ("test", "gen", 1)
    for _ in range(3):
        cl.put(key, {"v": 1})
    assert cl.get(key)[1]["gen"] == 3
    clock.advance(1)
    cl.truncate("test", "gen", 0)
    clock.advance(1)
    cl.put(key, {"w": 2})
    assert cl.get(key)[1:] == ({"gen": 1, "ttl": NEVER}, {"w": 2})


@pytest.mark.parametrize(
    "args",
    [
        (None, "s", 0),
        (5, "s", 0),
        pytest.param(("", "s", 0), marks=pytest.mark.ours_only(TRUNCATE_HOLDS_GIL)),
        ("test", 5, 0),
        ("test", ["s"], 0),
        ("test", "s", -1),
        ("test", "s", "0"),
        ("test", "s", 1.5),
        ("test", "s", None),
        pytest.param(("test", "s", True), marks=pytest.mark.ours_only(TRUNCATE_HOLDS_GIL)),
    ],
    ids=repr,
)
def test_truncate_bad_args(cl: AnyClient, clock: ManualClock, args: tuple[Any, ...], exception) -> None:
    cl.put(("test", "s", 1), {"v": 1})
    clock.advance(1)
    with pytest.raises(exception.ParamError) as info:
        cl.truncate(*args)
    assert info.value.code == -2
    assert meta_of(cl, ("test", "s", 1)) == {"gen": 1, "ttl": NEVER}


@pytest.mark.ours_only(POLICY_CHECKS)
def test_truncate_bad_policy(cl: AnyClient, exception) -> None:
    with pytest.raises(exception.ParamError) as info:
        cl.truncate("test", "s", 0, {"bogus": 1})
    assert info.value.code == -2


@pytest.mark.ours_only(TRUNCATE_HOLDS_GIL)
def test_truncate_unknown_namespace_answers_ok(cl: AnyClient) -> None:
    # A real 8.1 server answers "ok" (nothing to truncate); the official client returns 0.
    assert cl.truncate("nosuchns", "s", 0) == 0
    assert cl.truncate("nosuchns", None, 0) == 0


@pytest.mark.ours_only(TRUNCATE_HOLDS_GIL)
def test_truncate_with_an_empty_set_name_is_invalid_request(cl: AnyClient, exception) -> None:
    cl.put(("test", "t", 1), {"a": 1})
    with pytest.raises(exception.InvalidRequest) as info:
        cl.truncate("test", "", 0)
    assert info.value.code == 4
    assert "set" in (info.value.msg or "")
    assert meta_of(cl, ("test", "t", 1)) is not None


def test_several_info_requests_in_one(cl: AnyClient) -> None:
    [(node, (err, text))] = cl.info_all("build\nedition").items()
    assert err is None
    assert text == "8.1.2.0\nedition\tAerospike Community Edition\n"
    assert cl.info_single_node("build\nedition", node) == (
        "build\t8.1.2.0\nedition\tAerospike Community Edition\n"
    )


def test_an_empty_info_request_answers_the_default_set(cl: AnyClient) -> None:
    [text] = [t for _e, t in cl.info_all("").values()]
    assert "8.1.2.0\n" in text and "\nnode\t" in text and "\nedition\t" in text


# -- connection life cycle -----------------------------------------------------------------


def test_client_is_connected_on_creation(cl: AnyClient) -> None:
    assert cl.is_connected() is True


def test_close_then_connect(cl: AnyClient, exception) -> None:
    cl.put(("test", "c", 1), {"v": 1})
    cl.close()
    assert cl.is_connected() is False
    # Every call on a closed client is ClusterError (11), as in the official client.
    for call in (
        lambda: cl.get(("test", "c", 1)),
        lambda: cl.put(("test", "c", 2), {"v": 2}),
        lambda: cl.info_all("build"),
        lambda: cl.truncate("test", "c", 0),
        lambda: cl.get_nodes(),
    ):
        with pytest.raises(exception.ClusterError) as info:
            call()
        assert info.value.code == 11
        assert info.value.msg == "No connection to aerospike cluster"
    with pytest.raises(exception.ClusterError) as info:
        cl.get_node_names()
    assert info.value.msg == "No connection to aerospike cluster."  # its own words there
    assert cl.connect() is cl
    assert cl.is_connected() is True
    assert cl.get(("test", "c", 1))[2] == {"v": 1}


def test_connect_while_connected_is_a_no_op(cl: AnyClient) -> None:
    assert cl.connect() is cl
    assert cl.connect("user", "password") is cl
    assert cl.is_connected() is True


@pytest.mark.ours_only(NOT_A_CONTEXT_MANAGER)
def test_context_manager_closes(pool: ClientPool, exception, aerospike) -> None:
    name = "ctx-info-engine"
    pool.make(name=name)  # registers the engine for cleanup
    with aerospike.client({"embedded": {"name": name}}) as c:
        assert c.is_connected() is True
        c.put(("test", "ctx", 1), {"v": 1})
    assert c.is_connected() is False
    with pytest.raises(exception.ClusterError) as info:
        c.exists(("test", "ctx", 1))
    assert info.value.code == 11
    assert pool.clients[0].get(("test", "ctx", 1))[2] == {"v": 1}


# -- config checks -------------------------------------------------------------------------


@pytest.mark.parametrize("config", [{}, {"hosts": []}, {"hosts": None}], ids=repr)
def test_client_without_hosts_is_param_error(config: dict[str, Any]) -> None:
    with pytest.raises(our_exception.ParamError) as info:
        our_aerospike.client(config)
    assert info.value.code == -2


def test_client_config_must_be_a_dict() -> None:
    with pytest.raises(our_exception.ParamError) as info:
        our_aerospike.client([("127.0.0.1", 3000)])  # type: ignore[arg-type]
    assert info.value.code == -2


def test_embedded_unknown_namespace_setting_is_param_error() -> None:
    with pytest.raises(our_exception.ParamError) as info:
        our_aerospike.client(
            {"embedded": {"name": "bad-ns-setting", "namespaces": {"x": {"no-such-setting": 1}}}}
        )
    assert info.value.code == -2


@pytest.mark.parametrize(
    "namespaces",
    [
        {"x": {"default-ttl": -5}},
        {"x": {"max-record-size": 0}},
        {"x": {"max-record-size": 9 * 1024 * 1024}},
        {"x": "not a dict"},
        {"": {}},
    ],
    ids=repr,
)
def test_embedded_bad_namespace_config_is_param_error(namespaces: dict[str, Any]) -> None:
    with pytest.raises(our_exception.ParamError) as info:
        our_aerospike.client({"embedded": {"name": "bad-ns-config", "namespaces": namespaces}})
    assert info.value.code == -2


def test_embedded_must_be_a_dict() -> None:
    with pytest.raises(our_exception.ParamError) as info:
        our_aerospike.client({"embedded": "yes"})
    assert info.value.code == -2


def test_unknown_info_command_is_invalid_request(cl: AnyClient, exception) -> None:
    # The server answers "ERROR:4:unrecognized command"; the client raises it, as the official does.
    with pytest.raises(exception.InvalidRequest) as info:
        cl.info_all("no-such-command")
    assert info.value.code == 4
    assert info.value.msg == "unrecognized command from {}:{}".format(*cl.get_nodes()[0])


def test_info_error_answers_raise_their_code() -> None:
    from aeromodel.client.client import check_info_answer

    check_info_answer("8.1.2.0")
    for answer, cls, code in [
        ("ERROR:4:would truncate in the future", our_exception.InvalidRequest, 4),
        ("ERROR::no code", our_exception.ServerError, 1),
        ("truncate\tFAIL:20:namespace not found\n", our_exception.NamespaceNotFound, 20),
        ("build\t8.1.2.0\nbogus\tERROR:4:unrecognized command\n", our_exception.InvalidRequest, 4),
    ]:
        with pytest.raises(cls) as info:
            check_info_answer(answer)
        assert info.value.code == code
