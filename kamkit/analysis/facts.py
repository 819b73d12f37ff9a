"""The per-account facts behind every segment table, computed by DuckDB.

:func:`kamkit.analysis.segmentation.segment` classifies accounts from a few facts per account
as of a date: purchase months in and before the window, first and last purchase, window
revenue, interactions (how many in the window, the latest, how many since the last order).
This module computes them with DuckDB, an embedded SQL engine that uses every core given to
the process and spills to disk beyond its memory limit, so a market of any size is a query,
not a loop.

The same queries run over two kinds of source:

- a loaded :class:`~kamkit.model.market.Market` (from Excel, CSV or Parquet): its sales and
  visits are handed to DuckDB as Arrow tables (the account codes, dates and amounts, no copy
  of the text), see :func:`market_facts`; the latest few results are kept per market;
- Parquet files read straight from disk (``read_parquet``), without loading the sales lines
  into pandas: the monthly tables kept when the files were checked (see
  :mod:`kamkit.files.lines`) and, when as_of is before the latest line, the month of as_of
  read again, see :func:`file_facts`.

Each definition below is a function whose docstring is the definition and whose body is the
SQL of it. The sources are two relations, ``sales(key, date, amount)`` and ``visits(key,
date)``, where ``key`` identifies the account; the parameters are ``$start`` (the window's
first day), ``$stop`` (the day after as_of: everything before it counts), ``$month`` (the
first day of the month of as_of) and ``$tol`` (``NET_TOLERANCE``).

The engine's settings (threads, memory limit, the folder it spills to) are
:func:`kamkit.files.engine.settings`.
"""

from __future__ import annotations

import dataclasses
import threading
from dataclasses import dataclass

import numpy as np
import pandas as pd

from kamkit.core.errors import KamkitError
from kamkit.files.engine import arrow_result, connection, settings

__all__ = [
    "NET_TOLERANCE",
    "Facts",
    "settings",
    "monthly_sql",
    "sales_facts_sql",
    "visit_facts_sql",
    "visits_without_order_sql",
    "facts_sql",
    "months_of_files_sql",
    "visit_facts_of_files_sql",
    "market_facts",
    "file_facts",
    "stage_codes",
]

#: Net amounts (a month's net sales, a window revenue) within this of zero count as zero.
NET_TOLERANCE = 0.005

# --------------------------------------------------------------------------------------------
# the definitions, as queries


def _relation(source: str) -> str:
    """A table name as it is, a query in parentheses."""
    return source if source.isidentifier() else f"({source})"


def monthly_sql(sales: str = "sales") -> str:
    """**Net sales per account and calendar month**, up to as_of: the amounts of the month's
    lines summed, returns (negative amounts) subtracted; a blank amount counts as 0. With the
    month's first and last line of a positive amount (for first and last purchase)."""
    return f"""
    SELECT key,
           date_trunc('month', date) AS month,
           fsum(coalesce(amount, 0)) AS net,
           min(date) FILTER (WHERE amount > 0) AS first_line,
           max(date) FILTER (WHERE amount > 0) AS last_line
    FROM {_relation(sales)}
    WHERE date < $stop AND key IS NOT NULL
    GROUP BY ALL
    """


def sales_facts_sql(monthly: str | None = None) -> str:
    """Per account, from its monthly net sales (:func:`monthly_sql`):

    - **revenue**: net sales in the window (its months from ``$start``), up to as_of;
    - **purchase months**: the months of the window whose net sales are > ``$tol``;
    - **bought before**: whether a month before the window had net sales > ``$tol``;
    - **first / last purchase**: the earliest and latest sales line with an amount > 0, up to
      as_of (NULL when none).
    """
    return f"""
    SELECT key,
           coalesce(fsum(net) FILTER (WHERE month >= $start), 0)::DOUBLE AS revenue,
           count(*) FILTER (WHERE month >= $start AND net > $tol) AS purchase_months,
           coalesce(bool_or(month < $start AND net > $tol), false) AS bought_before,
           min(first_line) AS first_purchase,
           max(last_line) AS last_purchase
    FROM ({monthly or monthly_sql()})
    GROUP BY key
    """


def visit_facts_sql(visits: str = "visits") -> str:
    """Per account, from the interaction log (visits, calls, e-mails...) up to as_of:

    - **last visit**: the latest interaction (NULL when never contacted);
    - **visits**: the interactions in the window;
    - **steps**: the interactions in the window whose outcome is blank or not negative
      (``step``, :func:`kamkit.analysis.priority.step_sql`): the pursuit score's progress.
    """
    return f"""
    SELECT key,
           max(date) AS last_visit,
           count(*) FILTER (WHERE date >= $start) AS visits,
           count(*) FILTER (WHERE date >= $start AND step) AS steps
    FROM {_relation(visits)}
    WHERE date < $stop AND key IS NOT NULL
    GROUP BY key
    """


def months_of_files_sql(sales_months: str, sales_lines: str | None) -> str:
    """Net sales per account and month (as :func:`monthly_sql`) from files: the months before
    the month of as_of from the monthly table kept when the files were checked
    (:data:`kamkit.files.lines.SALES_MONTHS_SQL`), the month of as_of from its lines. When no
    line is dated after as_of (``sales_lines`` None), the table has the month of as_of too."""
    if sales_lines is None:
        return f"""
    SELECT key, month, net, first_line, last_line
    FROM {sales_months}
    WHERE month <= $month AND key IS NOT NULL
    """
    return f"""
    SELECT key, month, net, first_line, last_line
    FROM {sales_months}
    WHERE month < $month AND key IS NOT NULL
    UNION ALL
    SELECT key,
           date_trunc('month', date) AS month,
           fsum(coalesce(amount, 0)) AS net,
           min(date) FILTER (WHERE amount > 0) AS first_line,
           max(date) FILTER (WHERE amount > 0) AS last_line
    FROM ({sales_lines})
    WHERE date >= $month AND date < $stop AND key IS NOT NULL
    GROUP BY ALL
    """


def visit_facts_of_files_sql(visit_months: str, visit_lines: str | None) -> str:
    """:func:`visit_facts_sql` from files: the months before the month of as_of from the
    monthly table of the visit log, the month of as_of from its lines (from the table too
    when no interaction is dated after as_of: ``visit_lines`` None)."""
    if visit_lines is None:
        return f"""
    SELECT key, max(last_date) AS last_visit, sum(lines) FILTER (WHERE month >= $start) AS visits,
           sum(steps) FILTER (WHERE month >= $start) AS steps
    FROM {visit_months}
    WHERE month <= $month AND key IS NOT NULL
    GROUP BY key
    """
    return f"""
    SELECT key, max(last_date) AS last_visit, sum(lines) FILTER (WHERE month >= $start) AS visits,
           sum(steps) FILTER (WHERE month >= $start) AS steps
    FROM (
        SELECT key, month, lines, steps, last_date FROM {visit_months}
        WHERE month < $month AND key IS NOT NULL
        UNION ALL
        SELECT key, date_trunc('month', date) AS month, count(*) AS lines,
               count(*) FILTER (WHERE step) AS steps, max(date) AS last_date
        FROM ({visit_lines})
        WHERE date >= $month AND date < $stop AND key IS NOT NULL
        GROUP BY ALL
    )
    GROUP BY key
    """


def visits_without_order_sql(sales: str = "sales", visits: str = "visits") -> str:
    """**Visits without an order**, per account: the interactions up to as_of on a day after
    the day of the account's last purchase (all of them when it never bought)."""
    return f"""
    SELECT v.key, count(*) AS visits_without_order
    FROM {_relation(visits)} v
    LEFT JOIN (
        SELECT key, max(date)::DATE AS last_day
        FROM {_relation(sales)}
        WHERE amount > 0 AND date < $stop AND key IS NOT NULL
        GROUP BY key
    ) p USING (key)
    WHERE v.date < $stop AND v.key IS NOT NULL
      AND (p.last_day IS NULL OR v.date::DATE > p.last_day)
    GROUP BY v.key
    """


def facts_sql(
    *,
    without_order: bool = False,
    sales_facts: str | None = None,
    visit_facts: str | None = None,
    sales: str = "sales",
    visits: str = "visits",
) -> str:
    """Every fact of an account that has a sales line or an interaction up to as_of, one row
    per ``key`` (accounts with neither have no row: their facts are zeros and blanks)."""
    sales_facts = sales_facts or sales_facts_sql(monthly_sql(sales))
    visit_facts = visit_facts or visit_facts_sql(visits)
    ctes = f"s AS ({sales_facts}), v AS ({visit_facts})"
    columns = ""
    joins = ""
    if without_order:
        ctes += f", w AS ({visits_without_order_sql(sales, visits)})"
        columns = ", coalesce(w.visits_without_order, 0) AS visits_without_order"
        joins = "FULL JOIN w USING (key)"
    return f"""
    WITH {ctes}
    SELECT key,
           coalesce(s.revenue, 0)::DOUBLE AS revenue,
           coalesce(s.purchase_months, 0) AS purchase_months,
           coalesce(s.bought_before, false) AS bought_before,
           s.first_purchase,
           s.last_purchase,
           v.last_visit,
           coalesce(v.visits, 0) AS visits,
           coalesce(v.steps, 0)::BIGINT AS steps{columns}
    FROM s FULL JOIN v USING (key) {joins}
    """


# --------------------------------------------------------------------------------------------
# the facts of a loaded market


@dataclass
class Facts:
    """Per-account facts (NumPy arrays in the order of the accounts table) as of one date."""

    as_of: pd.Timestamp
    start: pd.Timestamp
    revenue: np.ndarray  # float64
    purchase_months: np.ndarray  # int64, in the window
    bought_before: np.ndarray  # bool, a purchase month before the window
    first_purchase: np.ndarray  # datetime64[ns], NaT = none
    last_purchase: np.ndarray  # datetime64[ns]
    last_visit: np.ndarray  # datetime64[ns]
    visits: np.ndarray  # int64, interactions in the window
    steps: np.ndarray  # int64, interactions in the window with a blank or non-negative outcome
    visits_without_order: np.ndarray | None  # int64; None when not asked for
    regular_min_months: int

    @property
    def stage_codes(self) -> np.ndarray:
        """Codes into ``kamkit.analysis.segmentation.STAGES``."""
        return stage_codes(
            self.purchase_months,
            self.bought_before,
            ~np.isnat(self.last_visit),
            self.regular_min_months,
        )


def stage_codes(purchase_months, bought_before, contacted, regular_min) -> np.ndarray:
    """Lifecycle stage codes (into STAGES: untouched, approached, occasional, regular, lapsed):
    regular from ``regular_min`` purchase months in the window, occasional from one, lapsed
    when only before the window, else approached when contacted, else untouched."""
    codes = np.where(contacted, 1, 0).astype(np.int8)  # approached / untouched
    codes[bought_before] = 4  # lapsed
    codes[purchase_months >= 1] = 2  # occasional
    codes[purchase_months >= regular_min] = 3  # regular
    return codes


def window_bounds(as_of: pd.Timestamp, lookback_months: int) -> tuple[pd.Timestamp, pd.Timestamp]:
    """(first day of the window, the day after as_of)."""
    start = (as_of.to_period("M") - (lookback_months - 1)).to_timestamp()
    stop = as_of.normalize() + pd.Timedelta(days=1)
    return start, stop


def _event_table(frame: pd.DataFrame, n_accounts: int, with_amount: bool):
    """An Arrow table ``key`` (int32 code into the accounts; null for an unknown account),
    ``date`` (timestamp, null where blank) and ``amount`` of an event table, no text copied."""
    import pyarrow as pa

    ids = frame["account_id"]
    if not isinstance(ids.dtype, pd.CategoricalDtype) or len(ids.cat.categories) != n_accounts:
        raise KamkitError(
            "The account_id of sales and visits must be categorical on the accounts; "
            "build the market with kamkit.load or Market.from_frames."
        )
    codes = np.asarray(ids.array.codes)
    key = pa.array(codes.astype(np.int32, copy=False), mask=codes < 0)
    dates = frame["date"]
    if not pd.api.types.is_datetime64_dtype(dates.dtype):
        dates = pd.to_datetime(dates)
    values = dates.to_numpy()
    if values.dtype.kind != "M":
        values = values.astype("datetime64[ns]")
    columns = {"key": key, "date": pa.array(values, from_pandas=True)}
    if not with_amount:  # the interaction log: is each one a step (outcome not negative)?
        from kamkit.model.outcomes import negative_outcome

        if "outcome" in frame:
            step = ~negative_outcome(frame["outcome"].to_numpy(dtype=object))
        else:
            step = np.ones(len(frame), dtype=bool)
        columns["step"] = pa.array(step)
    if with_amount:
        amount = frame["amount"]
        values = (
            amount.to_numpy()
            if amount.dtype == np.float64
            else amount.to_numpy(dtype="float64", na_value=np.nan)
        )
        columns["amount"] = pa.array(values, from_pandas=True)
    return pa.table(columns)


def run_facts(
    cursor,
    sql: str,
    n: int,
    keys,
    as_of: pd.Timestamp,
    lookback: int,
    regular_min: int,
    without_order: bool,
) -> Facts:
    """Run a facts query (:func:`facts_sql`) and lay the result out per account: ``keys``
    maps the result's keys to positions in the accounts (-1: none; None: the key is the
    position itself)."""
    start, stop = window_bounds(as_of, lookback)
    params = {
        "start": start.to_pydatetime(),
        "stop": stop.to_pydatetime(),
        "tol": NET_TOLERANCE,
        "month": as_of.to_period("M").to_timestamp().to_pydatetime(),
    }
    params = {k: v for k, v in params.items() if f"${k}" in sql}  # DuckDB takes no extra
    result = arrow_result(cursor.sql(sql, params=params))
    if keys is None:
        where = result.column("key").to_numpy(zero_copy_only=False).astype(np.int64)
    else:
        where = keys(result.column("key"))
        known = where >= 0
        result = result.filter(known)
        where = where[known]

    import pyarrow as pa
    import pyarrow.compute as pc

    def put(name, dtype, fill):
        out = np.full(n, fill, dtype=dtype)
        column = result.column(name)
        if dtype == "datetime64[ns]":  # as int64 nanoseconds, blanks as NaT, no objects
            if not pa.types.is_timestamp(column.type):  # a Parquet date column
                column = column.cast(pa.timestamp("s"))
            column = column.cast(pa.timestamp("ns")).cast(pa.int64())
            column = pc.fill_null(column, np.iinfo(np.int64).min)
            out.view(np.int64)[where] = column.to_numpy()
            return out
        if column.null_count:
            column = pc.fill_null(column, fill)
        out[where] = column.to_numpy()
        return out

    nat = np.datetime64("NaT", "ns")
    return Facts(
        as_of=as_of,
        start=start,
        revenue=put("revenue", np.float64, 0.0),
        purchase_months=put("purchase_months", np.int64, 0),
        bought_before=put("bought_before", bool, False),
        first_purchase=put("first_purchase", "datetime64[ns]", nat),
        last_purchase=put("last_purchase", "datetime64[ns]", nat),
        last_visit=put("last_visit", "datetime64[ns]", nat),
        visits=put("visits", np.int64, 0),
        steps=put("steps", np.int64, 0),
        visits_without_order=put("visits_without_order", np.int64, 0) if without_order else None,
        regular_min_months=regular_min,
    )


_CACHE_SIZE = 4
_cache: dict = {}  # key -> Facts, the latest _CACHE_SIZE (see market_facts)
_tables: dict = {}  # the frames' part of a key -> their Arrow tables (see _event_tables)
_cache_lock = threading.Lock()


def _fingerprint(frame: pd.DataFrame) -> tuple:
    """Cheap sums that change when a line of the frame does (codes, dates, amounts)."""
    parts = [len(frame)]
    for name in ("account_id", "date", "amount"):
        if name not in frame:
            continue
        column = frame[name]
        if isinstance(column.dtype, pd.CategoricalDtype):
            values = np.asarray(column.array.codes)
        else:
            values = column.to_numpy()
            if values.dtype.kind == "M":
                values = values.view(np.int64)
        with np.errstate(all="ignore"):
            parts.append(float(np.nansum(values.astype(np.float64, copy=False))))
    return tuple(parts)


def _forget(key_id: int) -> None:
    with _cache_lock:
        for cache in (_cache, _tables):
            for key in [k for k in cache if k[0] == key_id]:
                del cache[key]


def market_facts(market, as_of: pd.Timestamp, *, without_order: bool = True) -> Facts:
    """The facts of every account of a loaded market as of ``as_of`` (see the definitions).

    The market's sales and visits go to DuckDB as Arrow tables (account codes, dates,
    amounts); lines of an unknown account or without a date count nowhere. The latest few
    results are kept per market (its frames, unchanged, the date and the window), so the
    widgets' repeated calls -- another territory, another quadrant cut -- do not query again.
    """
    import weakref

    params = market.parameters
    key = (
        id(market.sales),
        id(market.visits),
        _fingerprint(market.sales),
        _fingerprint(market.visits),
        as_of,
        params.lookback_months,
    )
    with _cache_lock:
        known = _cache.get(key)
    if known is not None and (known.visits_without_order is not None or not without_order):
        return dataclasses.replace(known, regular_min_months=params.regular_min_months)
    facts = _market_facts(market, as_of, without_order=without_order, key=key[:4])
    for value in vars(facts).values():
        if isinstance(value, np.ndarray):
            value.setflags(write=False)
    with _cache_lock:
        if not any(k[0] == key[0] for k in _cache):
            weakref.finalize(market.sales, _forget, key[0])
        _cache[key] = facts
        while len(_cache) > _CACHE_SIZE:
            del _cache[next(iter(_cache))]
    return facts


def _event_tables(market, key: tuple) -> tuple:
    """The market's sales and visits as Arrow tables (:func:`_event_table`), made once per
    market (``key``: its frames, unchanged) for the calls with another date or window."""
    with _cache_lock:
        known = _tables.get(key)
    if known is None:
        n = len(market.accounts)
        known = (
            _event_table(market.sales, n, with_amount=True),
            _event_table(market.visits, n, with_amount=False),
        )
        with _cache_lock:
            _tables[key] = known
            while len(_tables) > _CACHE_SIZE:
                del _tables[next(iter(_tables))]
    return known


def _market_facts(
    market, as_of: pd.Timestamp, *, without_order: bool, key: tuple | None = None
) -> Facts:
    """The facts queried (no cache of results); ``key`` keeps the Arrow tables of the frames."""
    params = market.parameters
    n = len(market.accounts)
    if key is None:
        sales = _event_table(market.sales, n, with_amount=True)
        visits = _event_table(market.visits, n, with_amount=False)
    else:
        sales, visits = _event_tables(market, key)
    sql = facts_sql(without_order=without_order)
    return _query_facts({"sales": sales, "visits": visits}, sql, n, as_of, params, without_order)


def _query_facts(tables: dict, sql: str, n: int, as_of, params, without_order: bool) -> Facts:
    """:func:`run_facts` on a cursor of the engine with ``tables`` (Arrow) registered."""
    cursor = connection()
    try:
        for name, table in tables.items():
            cursor.register(name, table)
        return run_facts(
            cursor,
            sql,
            n,
            None,
            as_of,
            params.lookback_months,
            params.regular_min_months,
            without_order,
        )
    finally:
        cursor.close()


def file_facts(market, as_of: pd.Timestamp, *, without_order: bool = False) -> Facts:
    """The facts of every account of a market whose lines stay in their Parquet files
    (``market.lines``, see :mod:`kamkit.files.lines`): the same definitions, over the monthly
    tables kept when the files were checked and the lines of the month of as_of."""
    lines = market.lines
    params = market.parameters
    sales_lines = lines.sales_lines()
    visit_lines = lines.visit_lines()
    stop = as_of.normalize() + pd.Timedelta(days=1)

    def after(latest) -> bool:  # a line dated after as_of: its month is read from the file
        return latest is not None and pd.Timestamp(latest) >= stop

    sales_facts = sales_facts_sql(
        months_of_files_sql(lines.sales_months, sales_lines if after(lines.last_date) else None)
    )
    if visit_lines is None:  # no visit file: no interaction
        visit_lines = (
            "SELECT NULL::VARCHAR AS key, NULL::TIMESTAMP AS date, true AS step WHERE false"
        )
        visit_facts = visit_facts_sql(visit_lines)
    else:
        visit_facts = visit_facts_of_files_sql(
            lines.visit_months, visit_lines if after(lines.latest_visit) else None
        )
    sql = facts_sql(
        without_order=without_order,
        sales_facts=sales_facts,
        visit_facts=visit_facts,
        sales=sales_lines,
        visits=visit_lines,
    )
    import pyarrow as pa

    ids = market.accounts["account_id"]
    positions = pa.table(
        {
            "key": pa.array(ids.to_numpy(dtype=object), pa.string()),
            "pos": pa.array(np.arange(len(ids), dtype=np.int64)),
        }
    )
    # the accounts' positions joined in the engine: the result's key is the position
    sql = f"""
    SELECT p.pos AS key, f.* EXCLUDE (key)
    FROM ({sql}) f JOIN kamkit_positions p ON f.key = p.key
    """
    return _query_facts(
        {"kamkit_positions": positions}, sql, len(ids), as_of, params, without_order
    )
