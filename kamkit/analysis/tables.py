"""The figures of the manager's results workbook, computed once for every output that shows them.

:func:`results_tables` takes the segment table (:func:`kamkit.segment`) and gives what the
results workbook shows (written by :mod:`kamkit.files.results`): every account in the order a
manager reads it, with its visit cadence, and the summary of each territory. The workbook, the
report site (which writes it beside its index) and ``kamkit segment --out`` all show these
numbers; none computes its own. Tests check them against a hand count.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from kamkit.analysis.pursuit import CADENCE_RANKS, CADENCES
from kamkit.analysis.segmentation import QUADRANTS, STAGES, segment, window

__all__ = [
    "Results",
    "results_tables",
    "results_rows",
    "territory_summary",
    "cadence_codes",
    "SUMMARY_FIGURES",
    "SEGMENT_NEEDS",
]

#: Columns a segment table needs to make the results workbook.
SEGMENT_NEEDS = frozenset({"account_id", "territory", "stage", "quadrant", "priority"})
#: The figures of :func:`territory_summary`, in the workbook's order.
SUMMARY_FIGURES = ("accounts", *STAGES, *QUADRANTS, "revenue", "potential", "gap", "pursuit")
_SUMS = ("revenue", "potential", "gap")


@dataclass(frozen=True)
class Results:
    """What the results workbook shows.

    Attributes
    ----------
    rows : DataFrame
        Every account (:func:`results_rows`): the pursuit list first by priority, then by
        revenue, high to low; with its ``cadence``.
    territories : tuple
        The territories with accounts, sorted; ``None`` last for accounts without one.
    summary : DataFrame
        :func:`territory_summary`: one row per territory (same order), then the total.
    window : tuple of Timestamp
        First and last day of the analysis window.
    alerts : DataFrame or None
        The early warnings of these accounts (:func:`kamkit.analysis.alerts.alerts`), their
        ``detail`` in the workbook's language, with the account's ``name`` and ``territory``.
    whitespace : DataFrame or None
        Their whitespace totals (:func:`kamkit.analysis.whitespace.whitespace_totals`).
    contacts, plans, actions : DataFrame or None
        The account-plan tables of these accounts, as loaded (``market.contacts``...); None
        when the market has none of the three.
    account_plans : DataFrame or None
        Their planned accounts (:func:`kamkit.analysis.plans.plan_summary`); None as above.
    """

    rows: pd.DataFrame
    territories: tuple
    summary: pd.DataFrame
    window: tuple
    alerts: pd.DataFrame | None = None
    whitespace: pd.DataFrame | None = None
    contacts: pd.DataFrame | None = None
    plans: pd.DataFrame | None = None
    actions: pd.DataFrame | None = None
    account_plans: pd.DataFrame | None = None

    def territory_rows(self, territory) -> pd.DataFrame:
        """The rows of one territory (``None``: the accounts without a territory)."""
        keys = _territory_keys(self.rows)
        chosen = keys.isna() if territory is None else keys == territory
        return self.rows[chosen.to_numpy(dtype=bool)]


def cadence_codes(priority: pd.Series) -> pd.Series:
    """The visit cadence of each pursuit rank (``kamkit.analysis.pursuit.CADENCES``): every 2
    weeks up to rank 10, monthly up to 30, quarterly after; NA off the pursuit list."""
    rank = priority.to_numpy(dtype="float64", na_value=np.nan)
    index = np.searchsorted(np.asarray(CADENCE_RANKS), np.nan_to_num(rank, nan=0), side="left")
    codes = np.where(np.isnan(rank), -1, index).astype(np.int8)
    return pd.Series(
        pd.Categorical.from_codes(codes, categories=list(CADENCES), ordered=True),
        index=priority.index,
        name="cadence",
    )


def results_rows(table: pd.DataFrame) -> pd.DataFrame:
    """The accounts of a segment table as the workbook lists them: by pursuit priority (the
    pursuit list first), then revenue high to low, then account code; with ``cadence``."""
    out = table.copy()
    out["cadence"] = cadence_codes(out["priority"])
    order = np.lexsort(
        (
            out["account_id"].astype(str).to_numpy(),
            -out["revenue"].to_numpy(dtype="float64"),
            out["priority"].to_numpy(dtype="float64", na_value=np.inf),
        )
    )
    return out.iloc[order].reset_index(drop=True)


def _territory_keys(table: pd.DataFrame) -> pd.Series:
    """The territory of each row, ``None`` where blank."""
    territory = table["territory"].astype(object)
    return territory.where(territory.notna() & (territory != ""), None)


def territory_summary(table: pd.DataFrame, territories=None) -> pd.DataFrame:
    """Counts and sums of a segment table per territory, then the total row.

    Parameters
    ----------
    table : DataFrame
        A segment table (:func:`kamkit.segment`).
    territories : sequence, optional
        The rows, in order (``None`` for the accounts without a territory); default the
        territories of ``table``, sorted, ``None`` last when some account has none.

    Returns
    -------
    DataFrame
        Index: the territories, then ``"all"``; columns :data:`SUMMARY_FIGURES`: accounts,
        accounts per lifecycle stage and per quadrant, the sums of revenue, potential and gap
        (NaN when the table lacks the column), and the accounts on the pursuit list.
    """
    keys = _territory_keys(table)
    if territories is None:
        territories = _territories(keys)
    rows = []
    for k in [*territories, "all"]:
        if k == "all":
            part = table
        else:
            part = table[(keys.isna() if k is None else keys == k).to_numpy(dtype=bool)]
        row = {"accounts": len(part)}
        stage = part["stage"].astype(object)
        for s in STAGES:
            row[s] = int((stage == s).sum())
        quadrant = part["quadrant"].astype(object)
        for q in QUADRANTS:
            row[q] = int((quadrant == q).sum())
        for col in _SUMS:
            row[col] = (
                float(np.nansum(part[col].to_numpy(dtype="float64"))) if col in part else np.nan
            )
        row["pursuit"] = int(part["priority"].notna().sum())
        rows.append(row)
    return pd.DataFrame(rows, index=pd.Index([*territories, "all"], dtype=object))[
        list(SUMMARY_FIGURES)
    ]


def _territories(keys: pd.Series) -> tuple:
    found = sorted({t for t in keys if t is not None})
    return (*found, None) if keys.isna().any() else tuple(found)


def results_tables(
    market, table: pd.DataFrame | None = None, *, language: str | None = None
) -> Results:
    """What the results workbook of ``market`` shows (see :class:`Results`).

    ``table`` is the segment table to show (e.g. of one territory); default
    ``kamkit.segment(market)``. The alerts and whitespace are those of its accounts, the
    alerts' sentences in ``language`` (default: the market's).
    """
    from kamkit.analysis.alerts import alerts
    from kamkit.analysis.whitespace import whitespace_totals

    if table is None:
        table = segment(market)
    rows = results_rows(table)
    territories = _territories(_territory_keys(rows))
    ids = set(table["account_id"].astype(str))
    warnings = alerts(market, language=language or market.parameters.language)
    warnings = warnings.loc[warnings["account_id"].astype(str).isin(ids)]
    where = table.drop_duplicates("account_id").set_index("account_id")
    warnings = warnings.assign(
        name=warnings["account_id"].map(where["name"]) if "name" in where else None,
        territory=warnings["account_id"].map(where["territory"]),
    )
    mix = whitespace_totals(market)
    mix = mix.loc[mix["account_id"].astype(str).isin(ids)]
    plan_tables = _plan_tables(market, ids)
    return Results(
        rows=rows,
        territories=territories,
        summary=territory_summary(table, territories),
        window=tuple(window(market)),
        alerts=warnings.reset_index(drop=True),
        whitespace=mix.reset_index(drop=True),
        **plan_tables,
    )


def _plan_tables(market, ids: set) -> dict:
    """The account-plan tables of the accounts ``ids`` and their summary (none when the market
    has no plan tables)."""
    from kamkit.analysis.plans import plan_summary

    frames = {"contacts": market.contacts, "plans": market.plans, "actions": market.actions}
    if all(frame.empty for frame in frames.values()):
        return {}
    out = {
        name: frame.loc[frame["account_id"].astype(str).isin(ids).to_numpy(dtype=bool)].reset_index(
            drop=True
        )
        for name, frame in frames.items()
    }
    summary = plan_summary(market)
    out["account_plans"] = summary.loc[summary["account_id"].isin(ids)].reset_index(drop=True)
    return out
