"""Whitespace: the product families an account does not buy though most of its peers do.

Segmentation says *which* accounts matter; whitespace says where an account's next revenue
is. ``whitespace(market)`` lists, for every buying account, the product families it did not
buy in the window although at least ``whitespace_min_adoption`` of its peers did, with what a
typical peer spends on the family. ``whitespace_totals(market)`` adds them up per account: the
cross-sell value that ranks the ``key`` and ``maintain`` accounts, as the gap ranks the
``conquer`` accounts on the pursuit list.

Definitions (the only ones kamkit uses)
---------------------------------------
window
    The analysis window of :func:`kamkit.analysis.segmentation.window`: the ``lookback_months``
    calendar months ending with the month of as_of, dates up to as_of (the whole day).
buying accounts
    The accounts whose stage at as_of is ``occasional`` or ``regular``.
peers
    An account's peers are the buying accounts of its segment, itself included. When the
    segment has fewer than ``MIN_SEGMENT_BUYERS`` (5) buying accounts, or the account has no
    segment (blank or only spaces), its peers are all buying accounts of the market.
bought
    An account bought a family when its net window revenue in that family (returns and credit
    notes subtracted) is > 0, more than ``NET_TOLERANCE`` (half a cent) as for purchase months.
    A family bought only through credit notes (net <= 0) is not bought. Sales lines whose
    family is blank are left out.
adoption
    The share of an account's peers that bought the family (peers who bought it / peers).
whitespace
    A family is whitespace for a buying account when its adoption is at least
    ``whitespace_min_adoption`` (default 0.5), at least one peer bought it, and the account did
    not buy it.
value
    The median (pandas' median: the middle value, or the mean of the two middle values) net
    window revenue in the family among the peers who bought it.
whitespace_value
    An account's total: the sum of the values of its whitespace families.

Everything is computed on the whole market; ``territory`` only keeps that territory's rows,
so an account's peers may sit in other territories.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from kamkit.analysis.segmentation import (
    MIN_SEGMENT_BUYERS,
    NET_TOLERANCE,
    _segment_codes,
    segment,
    window_sales,
)
from kamkit.model.market import Market, analysis_market, takes_overrides

__all__ = [
    "BUYING_STAGES",
    "CROSS_SELL_QUADRANTS",
    "WHITESPACE_COLUMNS",
    "WHITESPACE_TOTALS_COLUMNS",
    "whitespace",
    "whitespace_totals",
]

#: The stages of a buying account.
BUYING_STAGES = ("occasional", "regular")
#: The quadrants whose accounts are ranked for cross-sell by their whitespace value.
CROSS_SELL_QUADRANTS = ("key", "maintain")

WHITESPACE_COLUMNS = ("account_id", "family", "adoption", "value")
WHITESPACE_TOTALS_COLUMNS = (
    "account_id",
    "name",
    "territory",
    "quadrant",
    "families",
    "whitespace_value",
    "cross_sell_rank",
)


def _blank_family(values: pd.Series) -> np.ndarray:
    """True where a family is blank: missing, or text of only spaces."""
    missing = values.isna().to_numpy(dtype=bool)
    text = values.astype(object).where(~missing, "")
    return missing | np.array([str(v).strip() == "" for v in text], dtype=bool)


def _family_revenue(market: Market, as_of) -> tuple[np.ndarray, pd.Index]:
    """Net window revenue per (account, family): an (accounts x families) matrix in accounts
    order, and the families (sorted); lines with a blank family left out."""
    lines = window_sales(market, as_of=as_of)
    lines = lines.loc[~_blank_family(lines["family"])]
    n = len(market.accounts)
    codes = lines["account_id"].cat.codes.to_numpy().astype(np.int64)
    family_codes, families = pd.factorize(lines["family"].astype(object), sort=True)
    width = len(families)
    if width == 0 or n == 0:
        return np.zeros((n, width)), pd.Index(families)
    grid = np.bincount(
        codes * width + family_codes,
        weights=lines["amount"].to_numpy(dtype="float64"),
        minlength=n * width,
    )
    return grid.reshape(n, width), pd.Index(families)


def _peer_groups(segments: pd.Series, buying: np.ndarray) -> np.ndarray:
    """The peer group of every account: its segment's code when the segment has at least
    ``MIN_SEGMENT_BUYERS`` buying accounts, else -1 (all buying accounts)."""
    seg = _segment_codes(segments)
    slots = int(seg.max()) + 1 if len(seg) else 0
    counts = np.bincount(seg[buying & (seg >= 0)], minlength=max(slots, 1))
    large = np.zeros(len(counts) + 1, dtype=bool)
    large[:-1] = counts >= MIN_SEGMENT_BUYERS  # the last slot: code -1
    return np.where(large[seg], seg, -1)


def _whitespace_rows(market: Market, as_of) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Whitespace of the whole market (unsorted, account codes) and the segment table."""
    table = segment(market, as_of=as_of)
    minimum = market.parameters.whitespace_min_adoption
    revenue, families = _family_revenue(market, as_of)
    buying = table["stage"].isin(BUYING_STAGES).to_numpy(dtype=bool)
    bought = revenue > NET_TOLERANCE
    group = _peer_groups(market.accounts["segment"], buying)
    parts = []
    for g in np.unique(group[buying]):
        members = np.flatnonzero(buying) if g == -1 else np.flatnonzero(buying & (group == g))
        own = np.flatnonzero(buying & (group == g))
        peers_bought = bought[members]
        adoption = peers_bought.sum(axis=0) / len(members)
        wanted = (adoption >= minimum) & (peers_bought.sum(axis=0) > 0)
        if not wanted.any():
            continue
        value = np.array(
            [
                np.median(revenue[members, f][peers_bought[:, f]]) if wanted[f] else np.nan
                for f in range(len(families))
            ]
        )
        rows, cols = np.nonzero(wanted[None, :] & ~bought[own])
        parts.append(
            pd.DataFrame(
                {
                    "code": own[rows],
                    "family": cols,
                    "adoption": adoption[cols],
                    "value": value[cols],
                }
            )
        )
    if parts:
        rows = pd.concat(parts, ignore_index=True)
    else:
        rows = pd.DataFrame(
            {
                "code": np.array([], dtype=np.int64),
                "family": np.array([], dtype=np.int64),
                "adoption": np.array([], dtype="float64"),
                "value": np.array([], dtype="float64"),
            }
        )
    ids = table["account_id"].to_numpy(dtype=object)
    out = pd.DataFrame(
        {
            "code": rows["code"].to_numpy(dtype=np.int64),
            "account_id": ids[rows["code"].to_numpy(dtype=np.int64)],
            "family": np.asarray(families, dtype=object)[rows["family"].to_numpy(dtype=np.int64)],
            "adoption": rows["adoption"].to_numpy(dtype="float64"),
            "value": rows["value"].to_numpy(dtype="float64"),
        }
    )
    return out, table


def _in_territory(market: Market, table: pd.DataFrame, codes: np.ndarray, territory):
    if territory is None:
        return np.ones(len(codes), dtype=bool)
    territory = market.check_territory(territory)
    mine = (table["territory"] == territory).to_numpy(dtype=bool, na_value=False)
    return mine[codes]


@takes_overrides
def whitespace(
    market: Market, *, territory: str | None = None, as_of=None, **parameters
) -> pd.DataFrame:
    """The product families each buying account does not buy though most of its peers do.

    The definitions (window, buying accounts, peers, bought, adoption, whitespace, value) are
    in the module docstring.

    Parameters
    ----------
    market : Market
    territory : str, optional
        Keep only this territory's accounts (peers are still taken from the whole market).
    as_of : date-like, optional
        Analysis date; overrides the market's ``as_of`` parameter.

    Returns
    -------
    DataFrame
        One row per (buying account, whitespace family), default index, columns
        ``WHITESPACE_COLUMNS``: ``account_id``, ``family``, ``adoption`` (share of the
        account's peers that bought the family, 0-1) and ``value`` (median net window revenue
        in the family among the peers who bought it). Sorted by ``value`` high to low, then
        ``account_id``, then ``family``.

    Examples
    --------
    >>> kk.whitespace(market, territory="Sul", whitespace_min_adoption="60%")  # doctest: +SKIP
    """
    market = analysis_market(market, "kk.whitespace", parameters)
    rows, table = _whitespace_rows(market, as_of)
    rows = rows.loc[_in_territory(market, table, rows["code"].to_numpy(), territory)]
    rows = rows.sort_values(
        ["value", "account_id", "family"], ascending=[False, True, True], kind="stable"
    )
    return rows[list(WHITESPACE_COLUMNS)].reset_index(drop=True)


@takes_overrides
def whitespace_totals(
    market: Market, *, territory: str | None = None, as_of=None, **parameters
) -> pd.DataFrame:
    """Each buying account's whitespace in one figure, and the cross-sell rank.

    ``whitespace_value`` is the sum of the values of the account's whitespace families
    (:func:`whitespace`): what it would buy more if it bought each of those families as its
    typical peer does. It feeds the pursuit of the ``key`` and ``maintain`` accounts
    (cross-sell), as the gap feeds the pursuit of the ``conquer`` accounts
    (:func:`kamkit.analysis.pursuit.pursuit_list`).

    Parameters
    ----------
    market : Market
    territory : str, optional
        Keep only this territory's accounts (ranks stay the same: they are per territory).
    as_of : date-like, optional
        Analysis date; overrides the market's ``as_of`` parameter.

    Returns
    -------
    DataFrame
        One row per buying account with at least one whitespace family, default index,
        columns ``WHITESPACE_TOTALS_COLUMNS``: ``account_id``, ``name``, ``territory``,
        ``quadrant`` (as in ``kk.segment``), ``families`` (how many whitespace families, int),
        ``whitespace_value`` (float) and ``cross_sell_rank`` (Int64): the rank within the
        territory (accounts without a territory ranked together) of the ``key`` and
        ``maintain`` accounts (``CROSS_SELL_QUADRANTS``) by ``whitespace_value`` high to low,
        then ``account_id``; NA for the other quadrants. Sorted by ``whitespace_value`` high to
        low, then ``account_id``.
    """
    market = analysis_market(market, "kk.whitespace_totals", parameters)
    rows, table = _whitespace_rows(market, as_of)
    per_account = rows.groupby("code", sort=True).agg(
        families=("family", "size"), whitespace_value=("value", "sum")
    )
    codes = per_account.index.to_numpy(dtype=np.int64)
    picked = table.iloc[codes]
    out = pd.DataFrame(
        {
            "account_id": picked["account_id"].to_numpy(dtype=object),
            "name": picked["name"].to_numpy(dtype=object),
            "territory": picked["territory"].to_numpy(dtype=object),
            "quadrant": picked["quadrant"].reset_index(drop=True),
            "families": per_account["families"].to_numpy(dtype=np.int64),
            "whitespace_value": per_account["whitespace_value"].to_numpy(dtype="float64"),
        }
    )
    cross = out["quadrant"].isin(CROSS_SELL_QUADRANTS).to_numpy(dtype=bool)
    ranked = out.loc[cross].sort_values(
        ["whitespace_value", "account_id"], ascending=[False, True], kind="stable"
    )
    rank = ranked.groupby(ranked["territory"].fillna(""), sort=False).cumcount() + 1
    if territory is not None:
        territory = market.check_territory(territory)
    out["cross_sell_rank"] = pd.array([pd.NA] * len(out), dtype="Int64")
    out.loc[rank.index, "cross_sell_rank"] = rank.to_numpy(dtype=np.int64)
    if territory is not None:
        out = out.loc[(out["territory"] == territory).to_numpy(dtype=bool)]
    out = out.sort_values(
        ["whitespace_value", "account_id"], ascending=[False, True], kind="stable"
    )
    return out[list(WHITESPACE_TOTALS_COLUMNS)].reset_index(drop=True)
