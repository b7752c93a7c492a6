"""Where the ``aeromodel`` command connects, and the application it works on: flags first, then
the environment (``AEROMODEL_CONFIG``, ``AEROMODEL_HOSTS``), then a config file (``--config``,
``$AEROMODEL_CONFIG`` or ``./aeromodel.toml``).

A config file (TOML, or JSON by its ``.json`` suffix)::

    [client]                     # the client config, as given to aeromodel.client.client()
    hosts = [["127.0.0.1", 3000]]
    [aeromodel]
    models = "myapp.models"      # default module for sync-indexes
    migrations = "migrations"    # the migrations directory
    namespace = "test"           # where migration records and the lock live
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ENV_CONFIG = "AEROMODEL_CONFIG"
ENV_HOSTS = "AEROMODEL_HOSTS"
DEFAULT_FILE = "aeromodel.toml"


class SettingsError(Exception):
    """Connection settings are missing or malformed (a usage error: exit status 2)."""


@dataclass
class Settings:
    client: dict[str, Any] = field(default_factory=dict)
    options: dict[str, Any] = field(default_factory=dict)
    source: str = ""

    def option(self, name: str, default: Any = None) -> Any:
        return self.options.get(name, default)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The connection flags every connecting subcommand takes."""
    group = parser.add_argument_group("connection")
    group.add_argument("--config", metavar="FILE",
                       help=f"config file (TOML or JSON; default ${ENV_CONFIG} or ./{DEFAULT_FILE})")
    group.add_argument("--hosts", metavar="HOST:PORT[,...]",
                       help=f"cluster seed hosts (default ${ENV_HOSTS})")
    group.add_argument("--embedded", metavar="NAME",
                       help="use the in-process embedded engine of this name (for trying things out)")


def read_file(path: Path) -> dict[str, Any]:
    """A config file's contents. Raises SettingsError for an unreadable or malformed file."""
    try:
        text = path.read_text()
    except OSError as err:
        raise SettingsError(f"cannot read config file {path}: {err.strerror}") from None
    try:
        if path.suffix == ".json":
            data = json.loads(text)
        elif sys.version_info >= (3, 11):
            import tomllib

            data = tomllib.loads(text)
        else:
            raise SettingsError(f"{path}: TOML needs Python 3.11 (use a .json file)")
    except ValueError as err:
        raise SettingsError(f"{path}: not valid {'JSON' if path.suffix == '.json' else 'TOML'}: {err}") from None
    if not isinstance(data, dict) or not all(isinstance(data.get(k, {}), dict) for k in ("client", "aeromodel")):
        raise SettingsError(f"{path}: expected [client] and [aeromodel] tables")
    return data


def parse_hosts(text: str) -> list[tuple[str, int]]:
    """``"a:3000,b"`` as the client's hosts list. Raises SettingsError."""
    hosts = []
    for part in filter(None, (p.strip() for p in text.split(","))):
        host, _, port = part.rpartition(":") if ":" in part else (part, "", "3000")
        try:
            hosts.append((host, int(port)))
        except ValueError:
            raise SettingsError(f"bad host {part!r}: expected HOST or HOST:PORT") from None
    if not hosts:
        raise SettingsError("--hosts: no host given")
    return hosts


def resolve(args: argparse.Namespace, environ: dict[str, str] | None = None) -> Settings:
    """The settings from flags, environment and config file. Raises SettingsError."""
    env = os.environ if environ is None else environ
    path_text = getattr(args, "config", None) or env.get(ENV_CONFIG)
    data: dict[str, Any] = {}
    source = ""
    if path_text:
        data = read_file(Path(path_text))
        source = path_text
    elif Path(DEFAULT_FILE).is_file():
        data = read_file(Path(DEFAULT_FILE))
        source = DEFAULT_FILE
    settings = Settings(dict(data.get("client", {})), dict(data.get("aeromodel", {})), source)
    hosts = getattr(args, "hosts", None) or (None if getattr(args, "embedded", None) else env.get(ENV_HOSTS))
    if getattr(args, "embedded", None):
        settings.client = {"embedded": {"name": args.embedded}}
        settings.source = "--embedded"
    elif hosts:
        settings.client = {"hosts": parse_hosts(hosts)}
        settings.source = "--hosts" if getattr(args, "hosts", None) else ENV_HOSTS
    if not settings.client:
        raise SettingsError(
            "no connection settings: give --hosts HOST:PORT, --embedded NAME, or a config file "
            f"(--config FILE, ${ENV_CONFIG}, ./{DEFAULT_FILE}) with a [client] table"
        )
    return settings
