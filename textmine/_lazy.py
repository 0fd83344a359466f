"""Packages whose public names load their submodule on first use (PEP 562), so that importing a
package — the CLI imports them all to build its commands — does not import numpy, pandas or jieba."""
from __future__ import annotations

import importlib


def lazy_names(package: str, names: dict[str, str]):
    """(__getattr__, __dir__) for `package`: names maps a public name to "submodule" or "submodule:attr"."""

    def __getattr__(name: str):
        if name not in names:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        module, _, attr = names[name].partition(":")
        value = getattr(importlib.import_module(f"{package}.{module}"), attr or name)
        globals_of(package)[name] = value
        return value

    def __dir__():
        return sorted(set(names) | set(globals_of(package)))

    return __getattr__, __dir__


def globals_of(package: str) -> dict:
    import sys

    return vars(sys.modules[package])
