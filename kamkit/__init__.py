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
    # the market and loading
    "Market": "market",
    "Parameters": "market",
    "KamkitError": "errors",
    "DataError": "errors",
    "Problem": "errors",
    "Text": "errors",
    "load": "loading",
    "validate": "loading",
    "ValidationReport": "loading",
    "DataWarning": "loading",
    "read_column_map": "loading",
    "load_sample": "sample",
    "generate_sample": "sample",
    "write_sample": "sample",
    "load_online_retail": "datasets",
    "read_online_retail": "datasets",
    "load_uci_wholesale": "wholesale",
    "read_uci_wholesale": "wholesale",
    # analysis
    "segment": "segmentation",
    "window": "segmentation",
    "window_sales": "segmentation",
    "abc_classes": "segmentation",
    "estimate_potential": "segmentation",
    "stage_transitions": "segmentation",
    "stage_flows": "segmentation",
    "STAGES": "segmentation",
    "QUADRANTS": "segmentation",
    "pursuit_list": "pursuit",
    "pareto_table": "concentration",
    "lorenz_curve": "concentration",
    "gini": "concentration",
    "top_share": "concentration",
    "accounts_share_for": "concentration",
    "concentration_summary": "concentration",
    "ConcentrationSummary": "concentration",
    "coverage": "crm",
    "unvisited": "crm",
    "effort_by_salesperson": "crm",
    "scorecard": "territory",
    "evolution": "territory",
    "previous_review": "territory",
    "data_warnings": "diagnostics",
    # pictures and words
    "plot_pareto": "plots",
    "plot_lorenz": "plots",
    "plot_stage_funnel": "plots",
    "plot_matrix": "plots",
    "plot_transitions": "plots",
    "plot_territory_evolution": "plots",
    "plot_coverage": "plots",
    "label": "i18n",
    "labels": "i18n",
    "strategy": "i18n",
    "format_money": "i18n",
    "format_share": "i18n",
    # files for people
    "write_market": "writing",
    "write_table": "export",
    "write_results": "export",
    "write_template": "template",
    "write_cards": "cards",
    "run_reports": "reports",
}

_SUBMODULES = ("market", "errors", "loading", "sample", "datasets", "wholesale", "segmentation", "pursuit",
               "concentration", "crm", "territory", "diagnostics", "plots", "i18n", "widgets", "writing",
               "export", "template", "cards", "reports", "exercises")

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
