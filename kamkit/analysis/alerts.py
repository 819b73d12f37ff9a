"""Early warnings: buying accounts whose revenue falls or whose next purchase is overdue.

The ``lapsed`` stage needs ``lookback_months`` silent months: too late to save the account.
``alerts(market)`` warns earlier. It looks at the buying accounts at as_of (stage
``occasional`` or ``regular``) and gives one row per warning, of two kinds:

``revenue_drop``
    The net revenue over the 3 months up to as_of is at most ``1 - drop_threshold`` (default
    0.4, so a fall of 40% or more) times the net revenue over the same period a year earlier,
    and that earlier revenue is > 0 (more than ``NET_TOLERANCE``, half a cent). The last 3
    months are the days after ``as_of - 3 months`` up to ``as_of``; a year earlier, the days
    after ``as_of - 15 months`` up to ``as_of - 12 months``. Month arithmetic is pandas'
    ``DateOffset(months=...)`` (31 May - 3 months = 28 February); the whole day counts, as for
    as_of.
``overdue``
    The account has at least ``MIN_PURCHASE_MONTHS`` (3) purchase months (net sales > 0, more
    than half a cent) among the ``OVERDUE_MONTHS`` (24) calendar months ending with the month
    of as_of (dates up to as_of). Its *gaps* are the distances in months between consecutive
    purchase months (January then March: 2); its *months since purchase* are the months from
    its last purchase month to the month of as_of. It is overdue when the months since
    purchase exceed ``overdue_factor`` (default 2) times its median gap and are at least
    ``MIN_OVERDUE`` (2).

An account may have both warnings (two rows).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from kamkit.analysis.scope import takes_scope, territory_ids
from kamkit.analysis.segmentation import NET_TOLERANCE, segment
from kamkit.model.market import Market, analysis_market, takes_overrides

__all__ = [
    "ALERT_KINDS",
    "ALERT_COLUMNS",
    "RECENT_MONTHS",
    "OVERDUE_MONTHS",
    "MIN_PURCHASE_MONTHS",
    "MIN_OVERDUE",
    "alerts",
]

ALERT_KINDS = ("revenue_drop", "overdue")
#: Months of recent revenue compared with the same months a year earlier.
RECENT_MONTHS = 3
#: Calendar months (ending with the month of as_of) whose purchase months set the rhythm.
OVERDUE_MONTHS = 24
#: Purchase months an account needs among them before it can be overdue.
MIN_PURCHASE_MONTHS = 3
#: Fewest months since the last purchase month that can be overdue.
MIN_OVERDUE = 2

ALERT_COLUMNS = (
    "account_id",
    "kind",
    "detail",
    "recent_revenue",
    "earlier_revenue",
    "change",
    "purchase_months",
    "median_gap",
    "months_since_purchase",
)

_BUYING = ("occasional", "regular")


def _days(values: pd.Series) -> np.ndarray:
    """The sales dates as days (datetime64[D]); NaT stays NaT."""
    return values.to_numpy(dtype="datetime64[ns]").astype("datetime64[D]")


def _revenue_between(codes, days, amount, after, until, n) -> np.ndarray:
    """Net amount per account of the lines dated after day ``after`` up to day ``until``."""
    keep = (days > np.datetime64(after.date(), "D")) & (days <= np.datetime64(until.date(), "D"))
    keep &= codes >= 0
    return np.bincount(codes[keep], weights=amount[keep], minlength=n)[:n]


def _drops(codes, days, amount, as_of, n, threshold):
    recent = _revenue_between(
        codes, days, amount, as_of - pd.DateOffset(months=RECENT_MONTHS), as_of, n
    )
    year_ago = as_of - pd.DateOffset(months=12)
    earlier = _revenue_between(
        codes, days, amount, year_ago - pd.DateOffset(months=RECENT_MONTHS), year_ago, n
    )
    with np.errstate(invalid="ignore", divide="ignore"):
        dropped = (earlier > NET_TOLERANCE) & (recent <= (1.0 - threshold) * earlier)
    return dropped, recent, earlier


def _rhythm(codes, days, amount, as_of, n):
    """Purchase months among the last ``OVERDUE_MONTHS``, median gap and months since the last
    purchase month, per account (NaN where fewer than 2 purchase months)."""
    as_of_month = np.datetime64(as_of.date(), "M").astype(np.int64)
    first_month = as_of_month - (OVERDUE_MONTHS - 1)
    months = days.astype("datetime64[M]").astype(np.int64)
    keep = (
        (codes >= 0)
        & ~np.isnat(days)
        & (months >= first_month)
        & (days <= np.datetime64(as_of.date(), "D"))
    )
    grid = np.bincount(
        codes[keep] * OVERDUE_MONTHS + (months[keep] - first_month),
        weights=amount[keep],
        minlength=n * OVERDUE_MONTHS,
    ).reshape(n, OVERDUE_MONTHS)
    bought = grid > NET_TOLERANCE
    count = bought.sum(axis=1)
    rows, cols = np.nonzero(bought)  # row-major: each account's months in order
    same = rows[1:] == rows[:-1]
    gaps = pd.Series(np.diff(cols)[same]).groupby(rows[1:][same]).median()
    median_gap = np.full(n, np.nan)
    median_gap[gaps.index.to_numpy(dtype=np.int64)] = gaps.to_numpy(dtype="float64")
    last = np.full(n, -1, dtype=np.int64)
    np.maximum.at(last, rows, cols)
    since = np.where(last >= 0, (OVERDUE_MONTHS - 1) - last, -1)
    return count, median_gap, since


def _detail(alert: dict, language: str, currency: str) -> str:
    """The alert in words, from its figures (``kind`` and the columns of that kind)."""
    from kamkit.presentation.catalogue import word
    from kamkit.presentation.i18n import format_money_short, format_number, format_share

    if alert["kind"] == "revenue_drop":
        recent, earlier = alert["recent_revenue"], alert["earlier_revenue"]
        return word("kam.alert.revenue_drop", language).format(
            recent=format_money_short(recent, currency, language),
            earlier=format_money_short(earlier, currency, language),
            fall=format_share(1.0 - recent / earlier, language, decimals=0),
        )
    gap = alert["median_gap"]
    key = "kam.alert.overdue_monthly" if gap == 1 else "kam.alert.overdue"
    return word(key, language).format(
        months=alert["months_since_purchase"],
        gap=format_number(gap, language, decimals=0 if float(gap).is_integer() else 1),
        count=alert["purchase_months"],
    )


@takes_overrides
@takes_scope
def alerts(
    market: Market,
    *,
    territory: str | None = None,
    as_of=None,
    language: str | None = None,
    **parameters,
) -> pd.DataFrame:
    """Early warnings for the buying accounts: revenue drops and overdue purchases.

    The two kinds and their rules are in the module docstring; the thresholds are the
    parameters ``drop_threshold`` (0.4) and ``overdue_factor`` (2).

    Parameters
    ----------
    language : {"en", "pt-BR"}, optional
        Language of the ``detail`` sentence; by default the market's ``language`` parameter.

    Returns
    -------
    DataFrame
        One row per warning, default index, sorted by ``account_id`` then ``kind`` (in the
        order of ``ALERT_KINDS``), columns ``ALERT_COLUMNS``:

        - ``account_id``; ``kind``: ``"revenue_drop"`` or ``"overdue"``; ``detail``: the
          warning in a sentence, e.g. "Net revenue of the last 3 months (BRL 4.2 k) is 61%
          below the same months a year earlier (BRL 10.8 k)." or "Sem compra há 5 meses;
          costuma comprar a cada 1,5 meses (...)";
        - behind a ``revenue_drop`` (NaN on ``overdue`` rows): ``recent_revenue``,
          ``earlier_revenue`` and ``change`` (``recent / earlier - 1``, e.g. -0.61);
        - behind an ``overdue`` (NA on ``revenue_drop`` rows): ``purchase_months`` (Int64,
          among the last 24), ``median_gap`` (months) and ``months_since_purchase`` (Int64).

    Examples
    --------
    >>> kk.alerts(market, territory="Sul", drop_threshold="50%")   # doctest: +SKIP
    """
    market = analysis_market(market, "kk.alerts", parameters)
    from kamkit.presentation.i18n import check_language

    language = check_language(language or market.parameters.language)
    ids = territory_ids(market, territory)
    table = segment(market, as_of=as_of)
    when = _resolved_as_of(market, as_of)
    params = market.parameters
    n = len(table)
    buying = table["stage"].isin(_BUYING).to_numpy(dtype=bool).copy()
    if ids is not None:
        buying &= table["account_id"].astype(str).isin(ids).to_numpy(dtype=bool)
    sales = market.sales
    codes = sales["account_id"].cat.codes.to_numpy().astype(np.int64)
    days = _days(sales["date"])
    amount = sales["amount"].to_numpy(dtype="float64")

    dropped, recent, earlier = _drops(codes, days, amount, when, n, params.drop_threshold)
    count, median_gap, since = _rhythm(codes, days, amount, when, n)
    with np.errstate(invalid="ignore"):
        overdue = (
            (count >= MIN_PURCHASE_MONTHS)
            & (since > params.overdue_factor * median_gap)
            & (since >= MIN_OVERDUE)
        )
    ids = table["account_id"].to_numpy(dtype=object)
    currency = params.currency
    rows = []
    for code in np.flatnonzero(buying & (dropped | overdue)):
        found = {}  # kind -> the alert's figures
        if dropped[code]:
            r, e = recent[code], earlier[code]
            found["revenue_drop"] = dict(recent_revenue=r, earlier_revenue=e, change=r / e - 1.0)
        if overdue[code]:
            found["overdue"] = dict(
                purchase_months=int(count[code]),
                median_gap=median_gap[code],
                months_since_purchase=int(since[code]),
            )
        for kind, figures in found.items():
            alert = {"account_id": ids[code], "kind": kind, **figures}
            rows.append({**alert, "detail": _detail(alert, language, currency)})
    out = pd.DataFrame(rows, columns=list(ALERT_COLUMNS))
    out = out.astype(
        {
            "account_id": object,
            "kind": object,
            "detail": object,
            "recent_revenue": "float64",
            "earlier_revenue": "float64",
            "change": "float64",
            "purchase_months": "Int64",
            "median_gap": "float64",
            "months_since_purchase": "Int64",
        }
    )
    order = out["kind"].map({k: i for i, k in enumerate(ALERT_KINDS)})
    out = out.assign(_order=order).sort_values(["account_id", "_order"], kind="stable")
    return out.drop(columns="_order").reset_index(drop=True)


def _resolved_as_of(market: Market, as_of) -> pd.Timestamp:
    from kamkit.analysis.segmentation import window

    return window(market, as_of)[1]
