"""The figures the course's explorers show: one summary per explorer, computed here.

Each function takes the market first, then ``territory``, ``as_of`` and parameter overrides
(``abc_a_share=0.6``, ``lookback_months=6``, ...) like every analysis function, and returns a
:class:`Kpis`: ``table``, one row per group (ABC class, stage, quadrant, account or
salesperson), and ``totals``, the numbers of the headline sentence. The widgets
(:mod:`kamkit.outputs.widgets`) only format them; tests check them against hand calculations.

* :func:`abc_kpis` -- accounts and revenue per ABC class (:func:`~kamkit.analysis.concentration.pareto_table`);
* :func:`stage_kpis` -- accounts and window revenue per lifecycle stage;
* :func:`quadrant_kpis` -- accounts, potential, revenue and gap per quadrant, and the
  high-potential line in money;
* :func:`pursuit_kpis` -- the first accounts of the pursuit list and the gap they could bring;
* :func:`unvisited_kpis` -- key and conquer accounts without contact in the window;
* :func:`effort_kpis` -- where each salesperson's interactions go.

>>> kpis = abc_kpis(market, abc_a_share=0.6)          # doctest: +SKIP
>>> kpis.table.loc["A", "revenue_share"], kpis["buyers"]  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np
import pandas as pd

from kamkit.model.market import analysis_market, takes_overrides

__all__ = [
    "Kpis",
    "abc_kpis",
    "stage_kpis",
    "quadrant_kpis",
    "pursuit_kpis",
    "unvisited_kpis",
    "effort_kpis",
]


@dataclass(frozen=True)
class Kpis:
    """A summary: ``table`` (one row per group) and ``totals`` (the headline's numbers).

    ``kpis["name"]`` reads a total. ``accounts`` is the per-account table the summary was
    computed from (segment's or pareto_table's), for a picture of the same numbers, or None.
    """

    table: pd.DataFrame
    totals: Mapping = field(default_factory=dict)
    accounts: pd.DataFrame | None = field(default=None, repr=False)

    def __post_init__(self):
        object.__setattr__(self, "totals", MappingProxyType(dict(self.totals)))

    def __getitem__(self, name: str):
        return self.totals[name]


def _share(part, whole) -> np.ndarray:
    """``part / whole`` as float64; NaN everywhere when ``whole`` is 0."""
    part = np.asarray(part, dtype="float64")
    return part / whole if whole else np.full(len(part), np.nan)


def _per_group(table: pd.DataFrame, column: str, codes, sums) -> pd.DataFrame:
    """Accounts (rows) and the sums of ``sums`` per code of ``column``, every code kept."""
    grouped = table.groupby(column, observed=False)
    out = grouped[list(sums)].sum() if sums else pd.DataFrame(index=grouped.size().index)
    out["accounts"] = grouped.size()
    index = pd.CategoricalIndex(
        codes, categories=codes, ordered=table[column].cat.ordered, name=column
    )
    return out.reindex(index, fill_value=0)


def _group_table(grouped: pd.DataFrame, accounts: int, sums, wholes: dict) -> pd.DataFrame:
    """The figures per group of :func:`_per_group`: ``accounts`` and ``accounts_share`` (of
    ``accounts``), then each of ``sums``, followed by its ``<sum>_share`` of the whole that
    ``wholes`` gives for it (if any)."""
    columns = {
        "accounts": grouped["accounts"].to_numpy(dtype="int64"),
        "accounts_share": _share(grouped["accounts"], accounts),
    }
    for name in sums:
        columns[name] = grouped[name].to_numpy(dtype="float64")
        if name in wholes:
            columns[f"{name}_share"] = _share(grouped[name], wholes[name])
    return pd.DataFrame(columns, index=grouped.index)


@takes_overrides
def abc_kpis(market, *, as_of=None, territory=None, **parameters) -> Kpis:
    """Accounts and revenue per ABC class, among the buying accounts.

    Returns
    -------
    Kpis
        ``table`` (index ``A``, ``B``, ``C``): ``accounts``, ``accounts_share`` (of the buying
        accounts), ``revenue`` (window revenue), ``revenue_share``; ``totals``: ``buyers``
        (accounts with window revenue > 0, those :func:`~kamkit.analysis.concentration.pareto_table`
        ranks) and ``revenue``.
    """
    market = analysis_market(market, "kk.abc_kpis", parameters)
    from kamkit.analysis.concentration import pareto_table
    from kamkit.analysis.segmentation import ABC_CLASSES

    ranked = pareto_table(market, as_of=as_of, territory=territory)
    ranked = ranked.assign(
        abc_class=pd.Categorical(ranked["abc_class"], categories=ABC_CLASSES, ordered=True)
    )
    grouped = _per_group(ranked, "abc_class", list(ABC_CLASSES), ["revenue"])
    buyers = len(ranked)
    revenue = float(ranked["revenue"].sum())
    table = _group_table(grouped, buyers, ["revenue"], {"revenue": revenue})
    return Kpis(table, {"buyers": buyers, "revenue": revenue}, ranked)


@takes_overrides
def stage_kpis(market, *, as_of=None, territory=None, **parameters) -> Kpis:
    """Accounts and window revenue per lifecycle stage.

    Returns
    -------
    Kpis
        ``table`` (index: the five ``STAGES``): ``accounts``, ``accounts_share`` (of every
        account in scope), ``revenue``; ``totals``: ``accounts``, ``never_bought`` (untouched
        and approached), ``window_start`` and ``window_end``
        (:func:`~kamkit.analysis.segmentation.window`).
    """
    market = analysis_market(market, "kk.stage_kpis", parameters)
    from kamkit.analysis.segmentation import STAGES, segment, window

    seg = segment(market, as_of=as_of, territory=territory)
    grouped = _per_group(seg, "stage", list(STAGES), ["revenue"])
    n = len(seg)
    table = _group_table(grouped, n, ["revenue"], {})
    start, end = window(market, as_of=as_of)
    counts = table["accounts"]
    totals = {
        "accounts": n,
        "never_bought": int(counts["untouched"] + counts["approached"]),
        "window_start": start,
        "window_end": end,
    }
    return Kpis(table, totals, seg)


@takes_overrides
def quadrant_kpis(market, *, as_of=None, territory=None, **parameters) -> Kpis:
    """Accounts, potential, revenue and gap per quadrant of the potential x share matrix.

    With ``territory`` the table covers its accounts, while the thresholds stay those of the
    whole market (as :func:`~kamkit.analysis.segmentation.segment` draws them).

    Returns
    -------
    Kpis
        ``table`` (index: the four ``QUADRANTS``): ``accounts``, ``accounts_share``,
        ``potential`` (annual, given or estimated), ``potential_share``, ``revenue``, ``gap``
        (sums); ``totals``: ``accounts`` and ``potential_cut``, the high-potential line in money
        (the ``potential_quantile`` quantile of the whole market's potential).
    """
    market = analysis_market(market, "kk.quadrant_kpis", parameters)
    from kamkit.analysis.segmentation import QUADRANTS, segment

    whole = segment(market, as_of=as_of)
    seg = whole if territory is None else segment(market, as_of=as_of, territory=territory)
    sums = ["potential", "revenue", "gap"]
    grouped = _per_group(seg, "quadrant", list(QUADRANTS), sums)
    n = len(seg)
    potential = float(grouped["potential"].sum())
    table = _group_table(grouped, n, sums, {"potential": potential})
    cut = float(whole["potential"].quantile(float(market.parameters.potential_quantile)))
    return Kpis(table, {"accounts": n, "potential_cut": cut}, seg)


@takes_overrides
def pursuit_kpis(
    market, *, top: int = 10, as_of=None, territory=None, language=None, **parameters
) -> Kpis:
    """The first ``top`` accounts of the pursuit list, and the gap they could close.

    For one territory the first ``top`` by rank; for the whole market the ``top`` highest
    scores (ranks are per territory).

    Returns
    -------
    Kpis
        ``table``: those rows of :func:`~kamkit.analysis.pursuit.pursuit_list`; ``totals``:
        ``accounts`` (on the whole list), ``shown`` and ``gap`` (their gap to potential, a
        year, summed).
    """
    market = analysis_market(market, "kk.pursuit_kpis", parameters)
    from kamkit.analysis.pursuit import pursuit_list

    full = pursuit_list(market, as_of=as_of, territory=territory, language=language)
    shown = full[full["rank"] <= top] if territory is not None else full.nlargest(top, "score")
    totals = {"accounts": len(full), "shown": len(shown), "gap": float(shown["gap"].sum())}
    return Kpis(shown, totals)


@takes_overrides
def unvisited_kpis(market, *, days=None, as_of=None, territory=None, **parameters) -> Kpis:
    """Key and conquer accounts without contact: the list and how many are key accounts.

    ``days=None`` (the default) means no interaction in the analysis window -- the one
    definition of "contacted" (:mod:`kamkit.analysis.crm`).

    Returns
    -------
    Kpis
        ``table``: :func:`~kamkit.analysis.crm.unvisited`; ``totals``: ``accounts``, ``key``
        (of them key accounts) and ``days`` (the days given, or the window's
        :func:`~kamkit.analysis.crm.window_days`).
    """
    market = analysis_market(market, "kk.unvisited_kpis", parameters)
    from kamkit.analysis.crm import unvisited, window_days

    table = unvisited(market, as_of=as_of, days=days, territory=territory)
    totals = {
        "accounts": len(table),
        "key": int((table["quadrant"] == "key").sum()),
        "days": window_days(market, as_of=as_of) if days is None else int(days),
    }
    return Kpis(table, totals)


@takes_overrides
def effort_kpis(market, *, days=None, as_of=None, territory=None, **parameters) -> Kpis:
    """Where the interactions go, per salesperson and in total.

    Returns
    -------
    Kpis
        ``table``: :func:`~kamkit.analysis.crm.effort_by_salesperson`; ``totals``: ``visits``
        (interactions in the window), ``low_potential_share`` (the share of them on maintain
        and monitor accounts; NaN without interactions), ``unvisited`` (key and conquer
        accounts without contact) and ``days`` (as in :func:`unvisited_kpis`).
    """
    market = analysis_market(market, "kk.effort_kpis", parameters)
    from kamkit.analysis.crm import effort_by_salesperson, window_days

    table = effort_by_salesperson(market, as_of=as_of, days=days, territory=territory)
    visits = float(table["visits"].sum())
    low = float((table["low_potential_visits_share"].fillna(0) * table["visits"]).sum())
    totals = {
        "visits": int(visits),
        "low_potential_share": low / visits if visits else float("nan"),
        "unvisited": int(table["unvisited"].sum()),
        "days": window_days(market, as_of=as_of) if days is None else int(days),
    }
    return Kpis(table, totals)
