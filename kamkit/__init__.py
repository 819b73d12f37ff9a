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

from kamkit._version import __version__

# public name -> module that defines it
_EXPORTS = {
    # the market and loading
    "Market": "model.market",
    "Parameters": "model.market",
    "KamkitError": "core.errors",
    "DataError": "core.errors",
    "Problem": "core.errors",
    "Text": "core.errors",
    "load": "files.loading",
    "validate": "files.loading",
    "ValidationReport": "files.loading",
    "DataWarning": "files.loading",
    "read_column_map": "files.loading",
    "load_sample": "files.sample",
    "generate_sample": "files.sample",
    "write_sample": "files.sample",
    "load_online_retail": "files.datasets",
    "read_online_retail": "files.datasets",
    "load_uci_wholesale": "files.wholesale",
    "read_uci_wholesale": "files.wholesale",
    # analysis
    "segment": "analysis.segmentation",
    "window": "analysis.segmentation",
    "window_sales": "analysis.segmentation",
    "abc_classes": "analysis.segmentation",
    "estimate_potential": "analysis.segmentation",
    "stage_transitions": "analysis.segmentation",
    "stage_flows": "analysis.segmentation",
    "STAGES": "analysis.segmentation",
    "QUADRANTS": "analysis.segmentation",
    "pursuit_list": "analysis.pursuit",
    "pareto_table": "analysis.concentration",
    "lorenz_curve": "analysis.concentration",
    "gini": "analysis.concentration",
    "top_share": "analysis.concentration",
    "accounts_share_for": "analysis.concentration",
    "concentration_summary": "analysis.concentration",
    "ConcentrationSummary": "analysis.concentration",
    "coverage": "analysis.crm",
    "unvisited": "analysis.crm",
    "effort_by_salesperson": "analysis.crm",
    "window_days": "analysis.crm",
    "scorecard": "analysis.territory",
    "evolution": "analysis.territory",
    "previous_review": "analysis.territory",
    "data_warnings": "analysis.diagnostics",
    "whitespace": "analysis.whitespace",
    "whitespace_totals": "analysis.whitespace",
    "alerts": "analysis.alerts",
    "relationship_map": "analysis.plans",
    "relationship_gaps": "analysis.plans",
    "open_actions": "analysis.plans",
    "plan_problems": "analysis.plans",
    "account_plan": "analysis.plans",
    "account_plans": "analysis.plans",
    "AccountPlan": "analysis.plans",
    "plan_summary": "analysis.plans",
    "matrix_summary": "analysis.matrix",
    "MatrixSummary": "analysis.matrix",
    "segment_summary": "analysis.summaries",
    "SegmentSummary": "analysis.summaries",
    # pictures and words
    "plot_pareto": "charts.plots",
    "plot_lorenz": "charts.plots",
    "plot_stage_funnel": "charts.plots",
    "plot_matrix": "charts.plots",
    "plot_transitions": "charts.plots",
    "plot_territory_evolution": "charts.plots",
    "plot_coverage": "charts.plots",
    "plot_whitespace": "charts.kam",
    "plot_alerts": "charts.kam",
    "plot_relationship_map": "charts.kam",
    "plot_pursuit": "charts.kam",
    "label": "presentation.i18n",
    "labels": "presentation.i18n",
    "strategy": "presentation.i18n",
    "format_money": "presentation.i18n",
    "format_share": "presentation.i18n",
    "format_table": "presentation.tables",
    "format_scorecard": "presentation.tables",
    "format_number": "presentation.i18n",
    "format_count": "presentation.i18n",
    "format_date": "presentation.i18n",
    # files for people
    "write_market": "files.writing",
    "write_table": "outputs.export",
    "write_results": "outputs.export",
    "write_template": "outputs.template",
    "write_cards": "outputs.cards",
    "write_plans": "outputs.plans",
    "run_reports": "outputs.reports",
}

# ``kk.segmentation`` and the like: the modules by their short names, wherever they live
_SUBMODULES = {
    "market": "model.market",
    "errors": "core.errors",
    "loading": "files.loading",
    "sample": "files.sample",
    "datasets": "files.datasets",
    "wholesale": "files.wholesale",
    "writing": "files.writing",
    "segmentation": "analysis.segmentation",
    "pursuit": "analysis.pursuit",
    "concentration": "analysis.concentration",
    "crm": "analysis.crm",
    "territory": "analysis.territory",
    "diagnostics": "analysis.diagnostics",
    "summaries": "analysis.summaries",
    "kpis": "analysis.kpis",
    "i18n": "presentation.i18n",
    "plots": "charts.plots",
    "widgets": "outputs.widgets",
    "export": "outputs.export",
    "template": "outputs.template",
    "cards": "outputs.cards",
    "reports": "outputs.reports",
    "exercises": "exercises",
    "course": "course",
}

__all__ = ["__version__", *_EXPORTS, *_SUBMODULES]


def __getattr__(name: str):
    if name in _EXPORTS:
        module = importlib.import_module(f"{__name__}.{_EXPORTS[name]}")
        value = getattr(module, name)
        globals()[name] = value
        return value
    if name in _SUBMODULES:
        return importlib.import_module(f"{__name__}.{_SUBMODULES[name]}")
    raise AttributeError(f"module 'kamkit' has no attribute {name!r}")


def __dir__():
    return sorted(__all__)
