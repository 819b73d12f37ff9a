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

A small loaded market (at most ``NUMPY_MAX_LINES`` sales lines and interactions: the sample,
a territory's workbook) gets the same facts from NumPy instead (:func:`numpy_facts`): a DuckDB
query costs about 10 ms whatever the size, too slow for the widgets' date and window sliders,
while its lines, arranged once, answer another date in about 1 ms. The two paths agree to the
bit (``tests/test_engine.py`` compares them on many random markets).

Each definition below is a function whose docstring is the definition and whose body is the
SQL of it. The sources are two relations, ``sales(key, date, amount)`` and ``visits(key,
date)``, where ``key`` identifies the account; the parameters are ``$start`` (the window's
first day), ``$stop`` (the day after as_of: everything before it counts), ``$month`` (the
first day of the month of as_of), ``$first_month`` and ``$as_of_month`` (the window's first
month and the month of as_of as numbers, :func:`kamkit.files.engine.month_sql`, which is how
lines are grouped by month) and ``$tol`` (``NET_TOLERANCE``).

The engine's settings (threads, memory limit, the folder it spills to) are
:func:`kamkit.files.engine.settings`.
"""

from __future__ import annotations

import threading
from typing import NamedTuple

import numpy as np
import pandas as pd

from kamkit.core.errors import KamkitError
from kamkit.core.text import factorize_text
from kamkit.files.engine import arrow_result, connection, month_sql, settings

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
    "numpy_facts",
    "NUMPY_MAX_LINES",
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
           {month_sql("date")} AS month,
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
           coalesce(fsum(net) FILTER (WHERE month >= $first_month), 0)::DOUBLE AS revenue,
           count(*) FILTER (WHERE month >= $first_month AND net > $tol) AS purchase_months,
           coalesce(bool_or(month < $first_month AND net > $tol), false) AS bought_before,
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
    WHERE month <= $as_of_month AND key IS NOT NULL
    """
    return f"""
    SELECT key, month, net, first_line, last_line
    FROM {sales_months}
    WHERE month < $as_of_month AND key IS NOT NULL
    UNION ALL
    SELECT key,
           {month_sql("date")} AS month,
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
    SELECT key, max(last_date) AS last_visit,
           sum(lines) FILTER (WHERE month >= $first_month) AS visits,
           sum(steps) FILTER (WHERE month >= $first_month) AS steps
    FROM {visit_months}
    WHERE month <= $as_of_month AND key IS NOT NULL
    GROUP BY key
    """
    return f"""
    SELECT key, max(last_date) AS last_visit,
           sum(lines) FILTER (WHERE month >= $first_month) AS visits,
           sum(steps) FILTER (WHERE month >= $first_month) AS steps
    FROM (
        SELECT key, month, lines, steps, last_date FROM {visit_months}
        WHERE month < $as_of_month AND key IS NOT NULL
        UNION ALL
        SELECT key, {month_sql("date")} AS month, count(*) AS lines,
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


class Facts(NamedTuple):
    """Per-account facts (NumPy arrays in the order of the accounts table) as of one date.

    A named tuple, not a dataclass: the first ``kk.segment`` of a process imports this module,
    and a dataclass of many fields costs about a millisecond to make."""

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
    month = as_of.year * 12 + as_of.month - 1 - (lookback_months - 1)
    start = pd.Timestamp(year=month // 12, month=month % 12 + 1, day=1)
    stop = as_of.normalize() + pd.Timedelta(days=1)
    return start, stop


def _event_table(frame: pd.DataFrame, n_accounts: int, with_amount: bool):
    """An Arrow table ``key`` (int32 code into the accounts; null for an unknown account),
    ``date`` (timestamp, null where blank) and ``amount`` of an event table, no text copied."""
    import pyarrow as pa

    codes = _codes(frame, n_accounts)
    key = pa.array(codes.astype(np.int32), mask=codes < 0)
    columns = {"key": key, "date": pa.array(_date_values(frame), from_pandas=True)}
    if not with_amount:  # the interaction log: is each one a step (outcome not negative)?
        columns["step"] = pa.array(_steps(frame))
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
        "first_month": start.year * 12 + start.month - 1,
        "as_of_month": as_of.year * 12 + as_of.month - 1,
    }
    params = {k: v for k, v in params.items() if f"${k}" in sql}  # DuckDB takes no extra
    # the engine gives every column ready for NumPy: dates as int64 nanoseconds, NaT where
    # blank (a Parquet date column too), so no conversion runs in this thread afterwards
    names = ["revenue", "purchase_months", "bought_before", "visits", "steps"]
    names += ["visits_without_order"] if without_order else []
    dates = ("first_purchase", "last_purchase", "last_visit")
    ready = ", ".join(
        [f"coalesce({c}, {_READY[c][0]})::{_READY[c][1]} AS {c}" for c in names]
        + [f"coalesce(epoch_ns({d}::TIMESTAMP_NS), {_NAT_SQL}) AS {d}" for d in dates]
    )
    result = arrow_result(cursor.sql(f"SELECT key, {ready} FROM ({sql})", params=params))
    if keys is None:
        where = result.column("key").to_numpy(zero_copy_only=False).astype(np.int64)
    else:
        where = keys(result.column("key"))
        known = where >= 0
        result = result.filter(known)
        where = where[known]

    def put(name, dtype, fill):
        out = np.full(n, fill, dtype=dtype)
        values = result.column(name).to_numpy()
        if dtype == "datetime64[ns]":
            out.view(np.int64)[where] = values
        else:
            out[where] = values
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


#: What a blank fact of a query result becomes, and its type, in SQL (see :func:`run_facts`;
#: a sum of counts is a HUGEINT, which Arrow would give as Python decimals).
_READY = {
    "revenue": ("0", "DOUBLE"),
    "purchase_months": ("0", "BIGINT"),
    "bought_before": ("false", "BOOLEAN"),
    "visits": ("0", "BIGINT"),
    "steps": ("0", "BIGINT"),
    "visits_without_order": ("0", "BIGINT"),
}
_NAT_SQL = "CAST(-9223372036854775808 AS BIGINT)"  # NaT as int64 nanoseconds


_CACHE_SIZE = 4
_cache: dict = {}  # key -> Facts, the latest _CACHE_SIZE (see market_facts)
_tables: dict = {}  # the frames' part of a key -> their Arrow tables (see _event_tables)
_arrangements: dict = {}  # the frames' part of a key -> their lines arranged (see _arranged)
_cache_lock = threading.Lock()


def _fingerprint(frame: pd.DataFrame, names: tuple[str, ...]) -> tuple:
    """What the facts read of ``frame``: its length and a checksum (CRC-32) of the bytes of
    each column in ``names`` (None for a column it lacks). Any change to a line changes it,
    a value moved to another line included, and no column is copied (about 0.1 ms for a
    column of the sample)."""
    return (len(frame), *(_checksum(frame[n]) if n in frame else None for n in names))


def _checksum(column: pd.Series) -> int:
    import zlib

    if isinstance(column.dtype, pd.CategoricalDtype):
        return zlib.crc32(np.ascontiguousarray(column.array.codes))
    if hasattr(column.array, "__arrow_array__"):  # pandas' Arrow text: its buffers
        import pyarrow as pa

        data = pa.array(column.array)
        crc = zlib.crc32(str(data.type).encode())
        for chunk in getattr(data, "chunks", [data]):
            crc = zlib.crc32(f"{chunk.offset}:{len(chunk)}".encode(), crc)
            for buffer in chunk.buffers():
                if buffer is not None:
                    crc = zlib.crc32(buffer, crc)
        return crc
    values = column.to_numpy()
    if values.dtype == object:  # text dates, other values: the rare case
        values = pd.util.hash_array(values)
    return zlib.crc32(np.ascontiguousarray(values).view(np.uint8))


def _forget(key_id: int) -> None:
    with _cache_lock:
        for cache in (_cache, _tables, _arrangements):
            for key in [k for k in cache if k[0] == key_id]:
                del cache[key]


def market_facts(market, as_of: pd.Timestamp, *, without_order: bool = True) -> Facts:
    """The facts of every account of a loaded market as of ``as_of`` (see the definitions).

    Which path runs: a market of at most ``NUMPY_MAX_LINES`` sales lines and interactions
    together (the sample market, a territory's workbook) gets them from NumPy
    (:func:`numpy_facts`): its lines are arranged once per market, then a call with another
    date or window -- the widgets' sliders -- costs a few binary searches per account, where
    a DuckDB query costs about 10 ms whatever the size. A bigger market (or one whose lines
    do not suit, see :func:`_arrange`) goes to DuckDB as Arrow tables (account codes, dates,
    amounts), every core at work. Both paths compute the same facts (``tests/test_engine.py``
    compares them on many random markets); lines of an unknown account or without a date
    count nowhere. The latest few results are kept per market (its frames, unchanged, the
    date and the window), so the widgets' repeated calls -- another territory, another
    quadrant cut -- compute nothing again.
    """
    import weakref

    params = market.parameters
    key = (
        id(market.sales),
        id(market.visits),
        _fingerprint(market.sales, ("account_id", "date", "amount")),
        _fingerprint(market.visits, ("account_id", "date", "outcome")),  # outcome: steps
        as_of,
        params.lookback_months,
    )
    with _cache_lock:
        known = _cache.get(key)
    if known is not None and (known.visits_without_order is not None or not without_order):
        return known._replace(regular_min_months=params.regular_min_months)
    lines = _arranged(market, key[:4])
    if lines is not None:
        facts = numpy_facts(lines, as_of, params, without_order=without_order)
    else:
        facts = _market_facts(market, as_of, without_order=without_order, key=key[:4])
    for value in facts:
        if isinstance(value, np.ndarray):
            value.setflags(write=False)
    with _cache_lock:
        if not any(k[0] == key[0] for k in _cache):
            weakref.finalize(market.sales, _forget, key[0])
        _cache[key] = facts
        while len(_cache) > _CACHE_SIZE:
            del _cache[next(iter(_cache))]
    return facts


def _arranged(market, key: tuple) -> _Arranged | None:
    """:func:`_arrange` once per market (``key``: its frames, unchanged)."""
    with _cache_lock:
        if key in _arrangements:
            return _arrangements[key]
    lines = _arrange(market)
    with _cache_lock:
        _arrangements[key] = lines
        while len(_arrangements) > _CACHE_SIZE:
            del _arrangements[next(iter(_arrangements))]
    return lines


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


# --------------------------------------------------------------------------------------------
# the same facts of a small market, with NumPy

#: A loaded market with at most this many sales lines and interactions together gets its facts
#: from NumPy (:func:`numpy_facts`), a bigger one from DuckDB (:func:`market_facts`).
NUMPY_MAX_LINES = 2_000_000
#: The running sums of the account-months (:func:`_running`) step through this many at once
#: or more; the few longest groups left are summed line by line.
_FEW_GROUPS = 64

_NAT = np.iinfo(np.int64).min  # NaT as int64 nanoseconds
_DAY = 86_400 * 10**9  # nanoseconds


def _two_sum(s: np.ndarray, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``s + x`` rounded and its exact rounding error (Knuth's TwoSum)."""
    total = s + x
    back = total - s
    return total, (s - (total - back)) + (x - back)


class _Arranged(NamedTuple):
    """A market's sales lines and interactions arranged once for :func:`numpy_facts`: every
    call with another date or window is then a few binary searches per account.

    Sales (the lines with an account and a date), sorted by account, month, date:
    ``sales_code`` = (account * ``width`` + month - ``first_month``) * ``sales_rows`` + the
    line's rank among all sales lines by date; ``sales_dates`` every date in order, for the
    rank of a date; ``net_so_far`` and ``positive_so_far`` the month's net (a compensated sum)
    and latest line of a positive amount, from the month's first line to this one. Per
    account and month (``month_code`` = account * ``width`` + month - ``first_month``): the
    net, ``purchased`` (how many months so far have net > ``NET_TOLERANCE``; one longer) and
    ``positive_until`` (the latest positive line up to that month, NaT when none). Per
    account the first line of a positive amount (``first_positive``) and where its months
    begin (``month_begin``). Interactions, sorted by account and date: ``visit_code`` =
    account * ``visit_rows`` + the rank by date, ``visit_dates`` (by date), ``visit_at`` (in
    ``visit_code`` order), ``steps_so_far``, and where each account's interactions begin
    (``visit_begin``).
    """

    n: int
    first_month: int
    width: int
    sales_rows: int
    sales_dates: np.ndarray
    sales_code: np.ndarray
    net_so_far: np.ndarray
    positive_so_far: np.ndarray
    month_code: np.ndarray
    month_net: np.ndarray
    purchased: np.ndarray
    positive_until: np.ndarray
    first_positive: np.ndarray
    month_begin: np.ndarray
    visit_rows: int
    visit_begin: np.ndarray
    visit_dates: np.ndarray
    visit_code: np.ndarray
    visit_at: np.ndarray
    steps_so_far: np.ndarray


def _nanoseconds(frame: pd.DataFrame) -> np.ndarray | None:
    """The ``date`` column as int64 nanoseconds (NaT as ``_NAT``); None when a date does not
    fit in nanoseconds (before 1677 or after 2262)."""
    values = _date_values(frame)
    if values.dtype != np.dtype("datetime64[ns]"):
        known = values[~np.isnat(values)]
        lowest, highest = np.datetime64(_NAT + 1, "ns"), np.datetime64(np.iinfo(np.int64).max, "ns")
        if len(known) and (known.min() < lowest or known.max() > highest):
            return None
        values = values.astype("datetime64[ns]")
    return values.view(np.int64)


def _date_values(frame: pd.DataFrame) -> np.ndarray:
    """The ``date`` column as a NumPy datetime64 array (text dates parsed)."""
    dates = frame["date"]
    if not pd.api.types.is_datetime64_dtype(dates.dtype):
        dates = pd.to_datetime(dates)
    values = dates.to_numpy()
    return values if values.dtype.kind == "M" else values.astype("datetime64[ns]")


def _codes(frame: pd.DataFrame, n_accounts: int) -> np.ndarray:
    """The account codes of ``frame``'s lines (the categorical's integers, no copy; -1 for a
    code not in the accounts)."""
    ids = frame["account_id"]
    if not isinstance(ids.dtype, pd.CategoricalDtype) or len(ids.dtype.categories) != n_accounts:
        raise KamkitError(
            "The account_id of sales and visits must be categorical on the accounts; "
            "build the market with kamkit.load or Market.from_frames."
        )
    return np.asarray(ids.array.codes)


def _arrange(market) -> _Arranged | None:
    """The market's lines arranged for :func:`numpy_facts`; None when they do not suit it
    (too many, a date beyond nanoseconds, an infinite amount).

    Memory is what this costs on a small market: every fresh page is a page fault, which
    costs more than the arithmetic, so each step lets go of what it no longer needs."""
    n = len(market.accounts)
    sales, visits = market.sales, market.visits
    if len(sales) + len(visits) > NUMPY_MAX_LINES:
        return None
    when, vwhen = _nanoseconds(sales), _nanoseconds(visits)
    if when is None or vwhen is None:
        return None
    arranged = _arrange_sales(_codes(sales, n), when, _float_values(sales["amount"]), n)
    if arranged is None:
        return None
    arranged.update(_arrange_visits(_codes(visits, n), vwhen, _steps(visits), n))
    return _Arranged(n=n, **arranged)


def _arrange_sales(key, when, amount, n: int) -> dict | None:
    """The sales part of :class:`_Arranged` (None when an amount is infinite or the codes
    would not fit in int64)."""
    keep = (key >= 0) & (when != _NAT)
    if not keep.all():
        key, when, amount = key[keep], when[keep], amount[keep]
    del keep
    if np.isinf(amount).any():
        return None
    positive = amount > 0  # a blank amount (NaN) is no purchase and counts as 0
    if np.isnan(amount).any():
        amount = np.where(np.isnan(amount), 0.0, amount)
    rows = len(key)

    # the month of each line, its rank by date, then the order account, month, date
    by_date = np.argsort(when, kind="stable")
    group = _months(when)
    first_month = int(group.min()) if rows else 0
    width = (int(group.max()) - first_month + 2) if rows else 1
    if (n + 1) * width * (rows + 1) >= 2**62:  # the codes would not fit in int64
        return None
    group -= first_month
    group += key.astype(np.int64) * width  # account * width + month
    order, rank = _by_account(key, by_date, n)  # rank: each ordered line's rank by date
    del key
    sales_dates = when[by_date]
    del by_date
    group = group[order]
    code = group * (rows + 1)
    code += rank
    del rank
    amount, when, positive = amount[order], when[order], positive[order]
    del order

    starts = _starts(group)
    sizes = np.empty_like(starts)
    if rows:
        np.subtract(starts[1:], starts[:-1], out=sizes[:-1])
        sizes[-1] = rows - starts[-1]
    net_so_far, positive_so_far = _running(starts, sizes, amount, when, positive)
    del amount
    ends = sizes  # the last line of each account-month
    ends += starts
    ends -= 1
    month_code = group[starts]
    month_net = net_so_far[ends]
    purchased = np.zeros(len(starts) + 1, dtype=np.int64)
    np.cumsum(month_net > NET_TOLERANCE, out=purchased[1:])
    month_begin = np.searchsorted(month_code, np.arange(n, dtype=np.int64) * width)
    # the latest positive line up to each month of an account (months later give later lines)
    month_positive = positive_so_far[ends]
    del ends
    index = np.arange(len(month_code))
    index[month_positive == _NAT] = -1
    np.maximum.accumulate(index, out=index)
    usable = index >= month_begin[month_code // width]  # a positive line of this account
    np.maximum(index, 0, out=index)
    positive_until = month_positive[index]
    positive_until[~usable] = _NAT
    del usable, index, month_positive
    # the first positive line of each account: its lines are in month and date order
    first_positive = np.full(n, np.iinfo(np.int64).max)
    buyers = np.flatnonzero(positive)
    if len(buyers):
        owner = group[buyers]
        owner //= width
        heads = _starts(owner)
        first_positive[owner[heads]] = when[buyers[heads]]
    return dict(
        first_month=first_month,
        width=width,
        sales_rows=rows + 1,
        sales_dates=sales_dates,
        sales_code=code,
        net_so_far=net_so_far,
        positive_so_far=positive_so_far,
        month_code=month_code,
        month_net=month_net,
        purchased=purchased,
        positive_until=positive_until,
        first_positive=first_positive,
        month_begin=month_begin,
    )


def _arrange_visits(vkey, vwhen, step, n: int) -> dict:
    """The interactions' part of :class:`_Arranged`."""
    vkeep = (vkey >= 0) & (vwhen != _NAT)
    if not vkeep.all():
        vkey, vwhen, step = vkey[vkeep], vwhen[vkeep], step[vkeep]
    del vkeep
    vrows = len(vkey)
    vby_date = np.argsort(vwhen, kind="stable")
    vorder, vcode = _by_account(vkey, vby_date, n)
    visit_dates = vwhen[vby_date]
    del vby_date
    vcode += vkey[vorder].astype(np.int64) * (vrows + 1)  # account * visit_rows + rank
    steps_so_far = np.zeros(vrows + 1, dtype=np.int64)
    np.cumsum(step[vorder], out=steps_so_far[1:])
    return dict(
        visit_rows=vrows + 1,
        visit_begin=np.searchsorted(vcode, np.arange(n, dtype=np.int64) * (vrows + 1)),
        visit_dates=visit_dates,
        visit_code=vcode,
        visit_at=vwhen[vorder],
        steps_so_far=steps_so_far,
    )


def _starts(sorted_values: np.ndarray) -> np.ndarray:
    """Where each run of equal values of a sorted array begins."""
    change = np.empty(len(sorted_values), dtype=bool)
    if len(change):
        change[0] = True
        np.not_equal(sorted_values[1:], sorted_values[:-1], out=change[1:])
    return np.flatnonzero(change)


def _months(when: np.ndarray) -> np.ndarray:
    """The month of each date (int64 nanoseconds, no NaT) as months since 1970-01: the
    calendar is asked once per day of the span (a table), not once per line."""
    if not len(when):
        return np.zeros(0, dtype=np.int64)
    day = when // _DAY
    first = int(day.min())
    day -= first
    days = np.arange(first, first + int(day.max()) + 1).astype("datetime64[D]")
    return days.astype("datetime64[M]").astype(np.int64)[day]


def _by_account(key: np.ndarray, by_date: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """The lines in the order of account, then date, then their place in the data: the date
    order (``by_date``, stable) sorted stably by account -- a radix sort when the account codes
    fit in 16 bits, several times faster than sorting the combined codes. Also each ordered
    line's rank by date (int64): where it stands in ``by_date``."""
    keys = key[by_date]
    if n < 2**16:
        keys = keys.astype(np.uint16)
    rank = np.argsort(keys, kind="stable")
    return by_date[rank], rank


def _running(starts, sizes, amount, when, positive) -> tuple[np.ndarray, np.ndarray]:
    """Within each group of lines (``starts``, ``sizes``: account-months, their lines in date
    order), at each line: the compensated sum of the amounts so far (TwoSum, the error kept
    apart and added at the end) and the date of the latest line of a positive amount so far
    (NaT before the first).

    The groups step together, the j-th line of every group with more than j lines at once
    (the longest groups first, so those are a prefix). The lines are first laid out in that
    order (every group's first line, then every second line, ...), so each step reads and
    writes a contiguous slice; the first step, every group's first line, is a copy. Once
    fewer than ``_FEW_GROUPS`` groups are left, each is finished line by line (the same IEEE
    operations on Python floats), so one account with thousands of lines in a month costs no
    thousands of NumPy steps.
    """
    rows, groups = len(amount), len(starts)
    net_so_far = np.empty(rows)
    positive_so_far = np.empty(rows, dtype=np.int64)
    if not rows:
        return net_so_far, positive_so_far
    longest = _longest_first(sizes)
    starts_l, sizes_l = starts[longest], sizes[longest]
    del longest
    # how many groups have more than j lines, for each j stepped together
    counts = np.searchsorted(-sizes_l, -np.arange(int(sizes_l[0])), side="left")
    steps = int(np.searchsorted(-counts, -_FEW_GROUPS, side="right"))  # counts >= _FEW_GROUPS
    counts = counts[:steps]
    offsets = np.concatenate(([0], np.cumsum(counts)))
    layout = np.empty(int(offsets[-1]), dtype=np.int64)  # step j: line j of the longest
    for j in range(steps):
        np.add(starts_l[: counts[j]], j, out=layout[offsets[j] : offsets[j + 1]])
    x, day, up = amount[layout], when[layout], positive[layout]
    nets, lasts = x.copy(), np.full(len(layout), _NAT)
    total = np.zeros(groups)
    error = np.zeros(groups)
    latest = np.full(groups, _NAT)
    if steps:  # the first lines: the sum so far is the amount itself (0.0 + x: -0.0 is 0.0)
        np.add(x[:groups], 0.0, out=total)
        nets[:groups] = total
        np.copyto(latest, day[:groups], where=up[:groups])
        lasts[:groups] = latest
    for j in range(1, steps):
        lo, hi, count = int(offsets[j]), int(offsets[j + 1]), int(counts[j])
        total[:count], err = _two_sum(total[:count], x[lo:hi])
        error[:count] += err
        np.add(total[:count], error[:count], out=nets[lo:hi])
        np.copyto(latest[:count], day[lo:hi], where=up[lo:hi])
        lasts[lo:hi] = latest[:count]
    del x, day, up
    net_so_far[layout] = nets
    positive_so_far[layout] = lasts
    del nets, lasts, layout
    left = int(np.searchsorted(-sizes_l, -steps, side="left"))  # groups with more lines
    for g in range(left):  # the longest few, line by line
        lo, hi = int(starts_l[g]) + steps, int(starts_l[g] + sizes_l[g])
        s, c, last = float(total[g]), float(error[g]), int(latest[g])
        group_nets, group_lasts = [], []
        for value, date, bought in zip(
            amount[lo:hi].tolist(), when[lo:hi].tolist(), positive[lo:hi].tolist()
        ):
            new = s + value
            back = new - s
            c += (s - (new - back)) + (value - back)
            s = new
            group_nets.append(s + c)
            if bought:
                last = date
            group_lasts.append(last)
        net_so_far[lo:hi] = group_nets
        positive_so_far[lo:hi] = group_lasts
    return net_so_far, positive_so_far


def _longest_first(sizes: np.ndarray) -> np.ndarray:
    """The groups by size, longest first, ties in their order (a radix sort when the sizes
    fit in 16 bits)."""
    longest = int(sizes.max())
    if longest < 2**16:
        shorter = sizes.astype(np.uint16)
        np.subtract(np.uint16(longest), shorter, out=shorter)
        return np.argsort(shorter, kind="stable")
    return np.argsort(-sizes, kind="stable")


def _steps(visits: pd.DataFrame) -> np.ndarray:
    """Whether each interaction is a step (its outcome blank or not negative), decided once per
    distinct outcome."""
    if "outcome" not in visits:
        return np.ones(len(visits), dtype=bool)
    from kamkit.model.outcomes import negative_outcome

    codes, outcomes = factorize_text(visits["outcome"])
    step = ~negative_outcome(outcomes)
    return np.append(step, True)[codes]  # code -1: a blank outcome, a step


def _float_values(series: pd.Series) -> np.ndarray:
    if series.dtype == np.float64:
        return series.to_numpy()
    return series.to_numpy(dtype="float64", na_value=np.nan)


def numpy_facts(lines: _Arranged, as_of: pd.Timestamp, params, *, without_order: bool) -> Facts:
    """The facts of :func:`facts_sql` as of ``as_of`` from lines arranged by :func:`_arrange`,
    with binary searches per account (no work per line):

    - the months before the month of as_of: their nets and latest positive lines, kept;
    - the month of as_of: each account's lines of the month up to as_of are the first ones of
      its month (they are in date order), so the net and the latest positive line of that
      part are the running ones at its last line;
    - the interactions up to as_of, in the window, steps, after the last purchase: differences
      of positions among the account's interactions, which are in date order.

    Sums are compensated (TwoSum), as DuckDB's ``fsum``: a month's net from its lines in date
    order, the revenue from the nets of the window's months in order.
    """
    n = lines.n
    start, stop = window_bounds(as_of, params.lookback_months)
    stop_ns, start_ns = stop.value, start.value
    month = (as_of.year - 1970) * 12 + as_of.month - 1 - lines.first_month
    first = month - params.lookback_months + 1
    accounts = np.arange(n, dtype=np.int64)
    base = accounts * lines.width
    codes = lines.month_code

    def at(offset: int) -> np.ndarray:  # each account's first month code >= base + offset
        return np.searchsorted(codes, base + min(max(offset, 0), lines.width - 1))

    begin, low, high = lines.month_begin, at(first), at(month)
    purchase_months = lines.purchased[high] - lines.purchased[low]
    bought_before = lines.purchased[low] > lines.purchased[begin]
    last_purchase = np.full(n, _NAT)
    if len(codes):
        until = lines.positive_until[np.maximum(high - 1, 0)]
        last_purchase = np.where(high > begin, until, _NAT)

    # the month of as_of, up to as_of
    partial = np.zeros(n)
    if 0 <= month < lines.width - 1:
        rank = np.searchsorted(lines.sales_dates, stop_ns)
        wanted = (base + month) * lines.sales_rows
        last = np.searchsorted(lines.sales_code, wanted + rank) - 1
        has = np.zeros(n, dtype=bool)
        if len(lines.sales_code):
            safe = np.maximum(last, 0)
            has = (last >= 0) & (lines.sales_code[safe] >= wanted)
            partial = np.where(has, lines.net_so_far[safe], 0.0)
            latest = np.where(has, lines.positive_so_far[safe], _NAT)
            last_purchase = np.where(latest != _NAT, latest, last_purchase)
        purchase_months = purchase_months + (has & (partial > NET_TOLERANCE))

    # revenue: the nets of the window's months before the month of as_of, then its part
    total, error = np.zeros(n), np.zeros(n)
    months = high - low
    for j in range(int(months.max()) if n and len(codes) else 0):
        value = np.where(months > j, lines.month_net[np.minimum(low + j, len(codes) - 1)], 0.0)
        total, err = _two_sum(total, value)
        error += err
    total, err = _two_sum(total, partial)
    revenue = total + (error + err)

    first_positive = lines.first_positive
    first_purchase = np.where(first_positive < stop_ns, first_positive, _NAT)

    # interactions
    vbase = accounts * lines.visit_rows
    vcodes = lines.visit_code
    vbegin = lines.visit_begin
    vstop = np.searchsorted(vcodes, vbase + np.searchsorted(lines.visit_dates, stop_ns))
    vstart = np.searchsorted(vcodes, vbase + np.searchsorted(lines.visit_dates, start_ns))
    last_visit = np.full(n, _NAT)
    if len(vcodes):
        last_visit = np.where(vstop > vbegin, lines.visit_at[np.maximum(vstop - 1, 0)], _NAT)
    without = None
    if without_order:
        bought = last_purchase != _NAT
        after = (np.floor_divide(np.where(bought, last_purchase, 0), _DAY) + 1) * _DAY
        from_rank = np.searchsorted(lines.visit_dates, after)
        vafter = np.searchsorted(vcodes, vbase + from_rank)
        without = np.where(bought, np.maximum(vstop - vafter, 0), vstop - vbegin)

    def dates(values: np.ndarray) -> np.ndarray:
        return values.astype(np.int64, copy=False).view("datetime64[ns]")

    return Facts(
        as_of=as_of,
        start=start,
        revenue=revenue,
        purchase_months=purchase_months.astype(np.int64),
        bought_before=bought_before,
        first_purchase=dates(first_purchase),
        last_purchase=dates(last_purchase),
        last_visit=dates(last_visit),
        visits=(vstop - vstart).astype(np.int64),
        steps=(lines.steps_so_far[vstop] - lines.steps_so_far[vstart]).astype(np.int64),
        visits_without_order=None if without is None else without.astype(np.int64),
        regular_min_months=params.regular_min_months,
    )


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
