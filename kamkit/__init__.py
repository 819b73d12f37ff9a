"""kamkit: Key Account Management for the whole market.

>>> import kamkit as kk
>>> market = kk.load("my_accounts.xlsx")          # doctest: +SKIP
>>> kk.segment(market)                             # doctest: +SKIP

The public names below are loaded on first use, so ``import kamkit`` stays light (plotting and
notebook libraries are imported only by the functions that need them) and changes no global
state.
"""

from __future__ import annotations

import importlib

from ._version import __version__

# public name -> module that defines it
_EXPORTS = {
    "Market": "market",
    "Parameters": "market",
    "KamkitError": "errors",
    "DataError": "errors",
    "Problem": "errors",
    "load": "loading",
    "validate": "loading",
    "ValidationReport": "loading",
    "DataWarning": "loading",
    "read_column_map": "loading",
    "load_sample": "sample",
    "generate_sample": "sample",
    "write_sample": "sample",
    "write_market": "writing",
    "write_table": "export",
    "segment": "segment",
    "window": "segment",
    "abc_classes": "segment",
    "estimate_potential": "segment",
    "stage_transitions": "segment",
    "stage_flows": "segment",
    "STAGES": "segment",
    "QUADRANTS": "segment",
    "pursuit_list": "pursuit",
}

_SUBMODULES = ("plots", "i18n", "concentration", "coverage", "scorecard", "segment", "pursuit",
               "loading", "sample", "writing", "export", "market", "errors")

__all__ = ["__version__", *_EXPORTS, *_SUBMODULES]


def __getattr__(name: str):
    if name in _EXPORTS:
        module = importlib.import_module(f".{_EXPORTS[name]}", __name__)
        value = getattr(module, name)
        globals()[name] = value
        return value
    if name in _SUBMODULES:
        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module 'kamkit' has no attribute {name!r}")


def __dir__():
    return sorted(__all__)
