"""The aeromodel command, run in-process with ``main([...])`` (and once as ``python -m``)."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

import aeromodel
import aeromodel.client as aerospike
from aeromodel.cli import main

ROOT = Path(__file__).resolve().parents[2]
SUBCOMMANDS = ["demo", "sync-indexes", "migrate", "makemigration"]


def run(*argv: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    if env is not None:
        import os

        saved = {k: os.environ.get(k) for k in env}
        os.environ.update(env)
    try:
        code = main(list(argv), out=out, err=err)
    finally:
        if env is not None:
            for k, v in saved.items():
                if v is None:
                    os.environ.pop(k, None)
                else:
                    os.environ[k] = v
    return code, out.getvalue(), err.getvalue()


def test_version_and_help() -> None:
    code, out, _ = run("--version")
    assert code == 0 and out.strip() == f"aeromodel {aeromodel.__version__}"
    code, out, _ = run("--help")
    assert code == 0 and all(c in out for c in SUBCOMMANDS)
    for sub in SUBCOMMANDS:
        code, out, _ = run(sub, "--help")
        assert code == 0 and f"usage: aeromodel {sub}" in out


def test_unknown_arguments_are_refused() -> None:
    assert run("sync-indexes", "x", "--bogus")[0] == 2
    assert run("nosuchcommand")[0] == 2
    code, _, err = run("migrate", "--to")
    assert code == 2 and "expected one argument" in err


def test_no_connection_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("AEROMODEL_CONFIG", raising=False)
    monkeypatch.delenv("AEROMODEL_HOSTS", raising=False)
    code, _, err = run("sync-indexes", "tests.deploy.shop")
    assert code == 2 and "no connection settings" in err


def test_hosts_reach_the_cluster_transport(monkeypatch: pytest.MonkeyPatch) -> None:
    code, _, err = run("sync-indexes", "tests.deploy.shop", env={"AEROMODEL_HOSTS": "127.0.0.1:3000"})
    assert code == 1 and "aeromodel sync-indexes:" in err  # not built yet: a clear error, no trace


def test_sync_check_and_conflict(client: aerospike.Client, engine_name: str) -> None:
    args = ("tests.deploy.shop", "--embedded", engine_name)
    code, out, _ = run("sync-indexes", *args, "--check")
    assert code == 1 and "NOT in sync" in out
    code, out, _ = run("sync-indexes", *args, "--dry-run")
    assert code == 0 and "none made" in out and run("sync-indexes", *args, "--check")[0] == 1
    code, out, _ = run("sync-indexes", *args, "--wait")
    assert code == 0 and "6 change(s) made" in out
    code, out, _ = run("sync-indexes", *args)
    assert code == 0 and "nothing to do" in out
    assert run("sync-indexes", *args, "--check")[0] == 0
    client.index_remove("test", "products_price_idx")
    client.index_single_value_create("test", "products", "sku", aerospike.INDEX_STRING, "products_price_idx")
    code, _, err = run("sync-indexes", *args)
    assert code == 1 and "conflict" in err


def test_config_file_and_environment(client: aerospike.Client, engine_name: str, tmp_path: Path) -> None:
    cfg = tmp_path / "deploy.json"
    cfg.write_text(json.dumps({"client": {"embedded": {"name": engine_name}},
                               "aeromodel": {"models": "tests.deploy.shop"}}))
    assert run("sync-indexes", "--config", str(cfg))[0] == 0
    assert run("sync-indexes", "--check", env={"AEROMODEL_CONFIG": str(cfg)})[0] == 0
    toml = tmp_path / "aeromodel.toml"
    toml.write_text(f'[client]\nembedded = {{name = "{engine_name}"}}\n[aeromodel]\nmodels = "tests.deploy.shop"\n')
    assert run("sync-indexes", "--check", "--config", str(toml))[0] == 0
    bad = tmp_path / "bad.toml"
    bad.write_text("[client\n")
    code, _, err = run("sync-indexes", "--config", str(bad))
    assert code == 2 and "not valid TOML" in err


def test_migrate_commands(client: aerospike.Client, engine_name: str, tmp_path: Path) -> None:
    d = tmp_path / "migrations"
    conn = ("--embedded", engine_name, "--dir", str(d))
    code, out, _ = run("makemigration", "seed plans", "--dir", str(d))
    assert code == 0 and "0001_seed_plans.py" in out
    run("makemigration", "second", "--dir", str(d))
    code, out, _ = run("migrate", *conn, "--list")
    assert code == 0 and "[pending] 0001_seed_plans" in out and "(after 0001_seed_plans)" in out
    code, out, _ = run("migrate", *conn, "--dry-run", "--to", "0001_seed_plans")
    assert code == 0 and out.strip() == "would apply 0001_seed_plans: Seed plans."
    assert run("migrate", *conn, "--to", "0001_seed_plans")[0] == 0
    code, out, _ = run("migrate", *conn)
    assert code == 0 and "1 migration step(s) done" in out
    code, out, _ = run("migrate", *conn)
    assert code == 0 and "up to date" in out
    (d / "0002_second.py").write_text((d / "0002_second.py").read_text() + "# changed\n")
    code, _, err = run("migrate", *conn)
    assert code == 1 and "checksum differs" in err
    code, _, err = run("migrate", "--embedded", engine_name, "--dir", str(tmp_path / "none"))
    assert code == 1 and "no migrations directory" in err


def test_demo_runs_end_to_end() -> None:
    code, out, _ = run("demo", "--records", "500")
    assert code == 0, out
    for seen in ("customers_age_idx", "+0003_customer_tier", "index: customers_city_idx",
                 "conflict:", "-> True", "done in"):
        assert seen in out
    code, out, _ = run("demo", "--client")
    assert code == 0 and "client tour" in out


def test_python_dash_m() -> None:
    proc = subprocess.run([sys.executable, "-m", "aeromodel", "--help"], cwd=ROOT,
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 0 and "sync-indexes" in proc.stdout
