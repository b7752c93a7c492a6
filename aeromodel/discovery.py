"""Finding an application's models: import a module (or every module of a package) and collect the
concrete ``Model`` classes defined there, for index sync and the ``aeromodel`` command."""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType
from typing import Any

from .models import Model


def import_modules(target: str | ModuleType) -> list[ModuleType]:
    """``target`` and, for a package, every module under it (imported). Raises ImportError."""
    module = importlib.import_module(target) if isinstance(target, str) else target
    found = [module]
    path = getattr(module, "__path__", None)
    if path is not None:
        for info in pkgutil.walk_packages(path, prefix=module.__name__ + "."):
            found.append(importlib.import_module(info.name))
    return found


def find_models(target: Any) -> list[type[Model]]:
    """The concrete models (with a namespace) of ``target``: a module or package (object or dotted
    name), whose own classes are collected, or an iterable of model classes. In definition order,
    without repeats. Raises ImportError for a module that cannot be imported, TypeError for an
    iterable holding something other than a model class."""
    if isinstance(target, (str, ModuleType)):
        classes: list[Any] = []
        for module in import_modules(target):
            classes.extend(
                v for v in vars(module).values()
                if isinstance(v, type) and issubclass(v, Model) and v.__module__ == module.__name__
            )
    else:
        classes = list(target)
        for c in classes:
            if not (isinstance(c, type) and issubclass(c, Model)):
                raise TypeError(f"{c!r} is not a Model class")
    out: list[type[Model]] = []
    for c in classes:
        if c is not Model and c.__aeromodel__.namespace is not None and c not in out:
            out.append(c)
    return out
