"""Plain-Python pieces of the independent calculations (alerts, whitespace): no library helper."""

from __future__ import annotations

import datetime as dt

import pandas as pd

#: A net amount counts (a purchase month, a family bought) above half a cent.
HALF_CENT = 0.005


def day(value) -> dt.date:
    return pd.Timestamp(value).to_pydatetime().date()


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
