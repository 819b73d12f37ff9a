"""Plain-Python pieces of the independent calculations (alerts, whitespace, the exercises of
lessons 9 and 10): no library helper."""

from __future__ import annotations

import datetime as dt

import pandas as pd

#: A net amount counts (a purchase month, a family bought) above half a cent.
HALF_CENT = 0.005


def day(value) -> dt.date:
    return pd.Timestamp(value).to_pydatetime().date()


def month_index(day: dt.date) -> int:
    """Months since year 0: consecutive months are consecutive numbers."""
    return day.year * 12 + day.month - 1


def add_months(day: dt.date, months: int) -> dt.date:
    """pandas' DateOffset(months=...) (``months`` may be negative): the same day, or the
    month's last day."""
    index = month_index(day) + months
    year, month = index // 12, index % 12 + 1
    last = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last))


def sales_lines(market, *columns: str):
    """The sales lines one by one as (account_id, day, amount, *columns), leaving out the lines
    without an account or a date."""
    sales = market.sales
    values = [sales[c] for c in columns]
    for account, date, amount, *rest in zip(
        sales["account_id"].astype(object), sales["date"], sales["amount"], *values
    ):
        if account is None or pd.isna(date):
            continue
        yield (account, day(date), amount, *rest)
