"""What a visit needs to know about an account: its purchases month by month.

The visit cards (:mod:`kamkit.outputs.cards`) draw an account's last 12 months of purchases
as a bar chart; the numbers come from :func:`monthly_purchases`, so an analyst gets the same
grid in a notebook::

    >>> from kamkit.analysis.visits import monthly_purchases
    >>> monthly_purchases(market, ["A1", "A2"])  # doctest: +SKIP
    month    2025-10  2025-11  ...  2026-09
    A1         100.0      0.0  ...     40.0
    A2           0.0      0.0  ...      0.0

The months are calendar months ending with the month of the as-of date, and only sales up to
the as-of day count, so with the default 12-month window and the as-of date at a month's end
a row adds up to the account's revenue in :func:`kamkit.segment`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kamkit.core.errors import KamkitError, Text

if TYPE_CHECKING:  # annotations only: pandas loads when the function runs
    import numpy as np
    import pandas as pd

    from kamkit.model.market import Market

__all__ = ["monthly_purchases", "chart_months"]

_NOT_MARKET = Text(
    "monthly_purchases needs a Market (for example from kamkit.load), not {kind}.",
    "monthly_purchases precisa de um Market (por exemplo de kamkit.load), não de {kind}.",
)
_MONTHS = Text(
    "months must be a whole number of at least 1, not {months!r}.",
    "months precisa ser um número inteiro a partir de 1, não {months!r}.",
)
_UNKNOWN = Text(
    "There is no account {accounts} in the data; check the account codes.",
    "Não há conta {accounts} nos dados; confira os códigos das contas.",
)


def chart_months(as_of, months: int = 12) -> pd.PeriodIndex:
    """The ``months`` calendar months ending with the month of ``as_of``, oldest first."""
    import pandas as pd

    last = pd.Timestamp(as_of).to_period("M")
    return pd.period_range(end=last, periods=months, freq="M", name="month")


def monthly_purchases(
    market: Market, accounts=None, *, months: int = 12, as_of=None
) -> pd.DataFrame:
    """Net sales of each account in each of the last ``months`` calendar months.

    Parameters
    ----------
    market : Market
    accounts : list of str, optional
        Account codes, one row each in this order (a code may repeat). Default: every account
        of the market, in the order of ``market.accounts``.
    months : int, keyword-only
        How many months, ending with the month of the as-of date (default 12).
    as_of : date, optional, keyword-only
        Default: the market's as-of date. Sales after this day do not count (the month of
        the as-of date is the month so far).

    Returns
    -------
    DataFrame
        One row per account (index ``account_id``), one column per month (a ``PeriodIndex``
        named ``month``, oldest first): the sum of the sales lines' amounts (returns and
        credit notes, negative, included) dated in the month, 0.0 for a month without sales.
        Sales lines without an account are not counted.
    """
    import numpy as np
    import pandas as pd

    from kamkit.model.market import Market

    if not isinstance(market, Market):
        raise KamkitError(_NOT_MARKET.format(kind=type(market).__name__))
    if isinstance(months, bool) or not isinstance(months, (int, np.integer)) or months < 1:
        raise KamkitError(_MONTHS.format(months=months))
    day = market.as_of if as_of is None else pd.Timestamp(as_of)
    ids = pd.Index(market.accounts["account_id"].astype(str))
    if accounts is None:
        positions = np.arange(len(ids))
        codes_shown = ids
    else:
        wanted = [accounts] if isinstance(accounts, str) else [str(a) for a in accounts]
        positions = ids.get_indexer(wanted) if ids.is_unique else ids.get_indexer_for(wanted)
        missing = [a for a, p in zip(wanted, positions) if p < 0]
        if missing:
            raise KamkitError(_UNKNOWN.format(accounts=", ".join(map(repr, missing[:5]))))
        codes_shown = pd.Index(wanted)
    columns = chart_months(day, int(months))
    grid = _grid(market, np.asarray(positions, dtype=np.int64), day, columns)
    return pd.DataFrame(grid, index=codes_shown.rename("account_id"), columns=columns)


def _grid(market: Market, positions, as_of, columns) -> np.ndarray:
    """Net sales per row (``positions`` in market.accounts) and month of ``columns``."""
    import numpy as np
    import pandas as pd

    sales = market.sales
    categories = pd.Index(sales["account_id"].cat.categories.astype(str))
    accounts = pd.Index(market.accounts["account_id"].astype(str))
    # a sales code -> its account's position (the categories are the accounts' codes)
    position_of_code = accounts.get_indexer(categories)
    codes = sales["account_id"].cat.codes.to_numpy()
    dates = sales["date"].to_numpy(dtype="datetime64[ns]")
    start = columns[0].to_timestamp().to_datetime64()
    end = (pd.Timestamp(as_of).normalize() + pd.Timedelta(days=1)).to_datetime64()
    grid = np.zeros((len(positions), len(columns)))
    if not len(positions):
        return grid
    # rows of each account position (a position may be asked for more than once)
    rows_of = {}
    for row, pos in enumerate(positions.tolist()):
        rows_of.setdefault(pos, []).append(row)
    first_row = np.full(len(accounts) + 1, -1, dtype=np.int64)
    for pos, rows in rows_of.items():
        first_row[pos] = rows[0]
    account = np.where(codes >= 0, position_of_code[np.maximum(codes, 0)], -1)
    rows = first_row[account]  # -1 (no account, or not asked for) lands on the last slot
    keep = (rows >= 0) & (dates >= start) & (dates < end)
    month = dates[keep].astype("datetime64[M]").astype(np.int64)
    index = month - np.datetime64(start, "M").astype(np.int64)
    np.add.at(grid, (rows[keep], index), sales["amount"].to_numpy(dtype="float64")[keep])
    for rows in rows_of.values():  # a code asked for twice gets the same numbers twice
        for other in rows[1:]:
            grid[other] = grid[rows[0]]
    return grid
