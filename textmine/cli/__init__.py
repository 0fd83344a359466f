"""Command-line interface. Importing this package registers every command module in it."""
from __future__ import annotations

import importlib
import pkgutil

from .app import main

for _mod in pkgutil.iter_modules(__path__):
    if _mod.name not in ("app", "output"):
        importlib.import_module(f"{__name__}.{_mod.name}")

__all__ = ["main"]
