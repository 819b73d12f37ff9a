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
  of the text), see :func:`market_facts`;
- Parquet files read straight from disk (``read_parquet``), without loading the sales lines
  into pandas, see :func:`kamkit.files.engine_files.segment_files`.

Each definition below is a function whose docstring is the definition and whose body is the
SQL of it. The sources are two relations, ``sales(key, date, amount)`` and ``visits(key,
date)``, where ``key`` identifies the account; the parameters are ``$start`` (the window's
first day), ``$stop`` (the day after as_of: everything before it counts) and ``$tol``
(``NET_TOLERANCE``).

Engine settings (:func:`settings`): the number of threads (default: the cores this process
may run on), the memory limit (default 1 GiB, ``KAMKIT_MEMORY_LIMIT`` to change it) and the
folder DuckDB spills to (``KAMKIT_TEMP_DIRECTORY``, default a ``kamkit-duckdb`` folder in the
system's temporary folder).
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass

import numpy as np
import pandas as pd

from kamkit.core.errors import KamkitError

__all__ = [
    "NET_TOLERANCE",
    "Facts",
    "settings",
    "connection",
    "monthly_sql",
    "sales_facts_sql",
    "visit_facts_sql",
    "visits_without_order_sql",
    "facts_sql",
    "market_facts",
    "stage_codes",
]

#: Net amounts (a month's net sales, a window revenue) within this of zero count as zero.
NET_TOLERANCE = 0.005

# --------------------------------------------------------------------------------------------
# the definitions, as queries


def monthly_sql() -> str:
    """**Net sales per account and calendar month**, up to as_of: the amounts of the month's
    lines summed, returns (negative amounts) subtracted; a blank amount counts as 0. With the
    month's first and last line of a positive amount (for first and last purchase)."""
    return """
    SELECT key,
           date_trunc('month', date) AS month,
           sum(coalesce(amount, 0)) AS net,
           min(date) FILTER (WHERE amount > 0) AS first_line,
           max(date) FILTER (WHERE amount > 0) AS last_line
    FROM sales
    WHERE date < $stop AND key IS NOT NULL
    GROUP BY ALL
    """


def sales_facts_sql() -> str:
    """Per account, from its monthly net sales:

    - **revenue**: net sales in the window (its months from ``$start``), up to as_of;
    - **purchase months**: the months of the window whose net sales are > ``$tol``;
    - **bought before**: whether a month before the window had net sales > ``$tol``;
    - **first / last purchase**: the earliest and latest sales line with an amount > 0, up to
      as_of (NULL when none).
    """
    return f"""
    SELECT key,
           coalesce(sum(net) FILTER (WHERE month >= $start), 0)::DOUBLE AS revenue,
           count(*) FILTER (WHERE month >= $start AND net > $tol) AS purchase_months,
           coalesce(bool_or(month < $start AND net > $tol), false) AS bought_before,
           min(first_line) AS first_purchase,
           max(last_line) AS last_purchase
    FROM ({monthly_sql()})
    GROUP BY key
    """


def visit_facts_sql() -> str:
    """Per account, from the interaction log (visits, calls, e-mails...) up to as_of:

    - **last visit**: the latest interaction (NULL when never contacted);
    - **visits**: the interactions in the window.
    """
    return """
    SELECT key,
           max(date) AS last_visit,
           count(*) FILTER (WHERE date >= $start) AS visits
    FROM visits
    WHERE date < $stop AND key IS NOT NULL
    GROUP BY key
    """


def visits_without_order_sql() -> str:
    """**Visits without an order**, per account: the interactions up to as_of on a day after
    the day of the account's last purchase (all of them when it never bought)."""
    return """
    SELECT v.key, count(*) AS visits_without_order
    FROM visits v
    LEFT JOIN (
        SELECT key, max(date)::DATE AS last_day
        FROM sales
        WHERE amount > 0 AND date < $stop AND key IS NOT NULL
        GROUP BY key
    ) p USING (key)
    WHERE v.date < $stop AND v.key IS NOT NULL
      AND (p.last_day IS NULL OR v.date::DATE > p.last_day)
    GROUP BY v.key
    """


def facts_sql(*, without_order: bool = False) -> str:
    """Every fact of an account that has a sales line or an interaction up to as_of, one row
    per ``key`` (accounts with neither have no row: their facts are zeros and blanks)."""
    extra_cte = f", w AS ({visits_without_order_sql()})" if without_order else ""
    extra_col = ", coalesce(w.visits_without_order, 0) AS visits_without_order"
    extra_join = "FULL JOIN w USING (key)" if without_order else ""
    return f"""
    WITH s AS ({sales_facts_sql()}), v AS ({visit_facts_sql()}){extra_cte}
    SELECT key,
           coalesce(s.revenue, 0)::DOUBLE AS revenue,
           coalesce(s.purchase_months, 0) AS purchase_months,
           coalesce(s.bought_before, false) AS bought_before,
           s.first_purchase,
           s.last_purchase,
           v.last_visit,
           coalesce(v.visits, 0) AS visits{extra_col if without_order else ""}
    FROM s FULL JOIN v USING (key) {extra_join}
    """


# --------------------------------------------------------------------------------------------
# the engine


@dataclass(frozen=True)
class EngineSettings:
    threads: int
    memory_limit: str
    temp_directory: str


_lock = threading.Lock()
_state: dict = {}  # the one DuckDB database of this process and its settings, made on first use


def _default_threads() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))  # the cores taskset leaves us
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def settings(
    *, threads: int | None = None, memory_limit: str | None = None, temp_directory=None
) -> EngineSettings:
    """The engine's settings, changed where given (for the rest of the process).

    Parameters
    ----------
    threads : int, optional
        DuckDB's worker threads; default the cores this process may run on.
    memory_limit : str, optional
        e.g. ``"2GB"``; beyond it DuckDB spills to ``temp_directory``. Default
        ``KAMKIT_MEMORY_LIMIT`` or ``"1GB"``.
    temp_directory : path, optional
        Where DuckDB spills; default ``KAMKIT_TEMP_DIRECTORY`` or ``<tmp>/kamkit-duckdb``.
    """
    import tempfile

    with _lock:
        now = _state.get("settings")
        if now is None:
            now = EngineSettings(
                threads=_default_threads(),
                memory_limit=os.environ.get("KAMKIT_MEMORY_LIMIT", "1GB"),
                temp_directory=os.environ.get(
                    "KAMKIT_TEMP_DIRECTORY", os.path.join(tempfile.gettempdir(), "kamkit-duckdb")
                ),
            )
        if threads is not None:
            if int(threads) < 1:
                raise KamkitError(f"threads must be at least 1; got {threads}.")
            now = EngineSettings(int(threads), now.memory_limit, now.temp_directory)
        if memory_limit is not None:
            now = EngineSettings(now.threads, str(memory_limit), now.temp_directory)
        if temp_directory is not None:
            now = EngineSettings(now.threads, now.memory_limit, os.fspath(temp_directory))
        if now != _state.get("settings"):
            _state["settings"] = now
            _state["applied"] = None  # applied to the database on its next use
        return now


def connection():
    """A cursor on the process's DuckDB database (made on first use, with :func:`settings`).

    Each call gets its own cursor, so threads do not share one; the database, and the
    settings, are shared."""
    import duckdb

    now = settings()
    with _lock:
        database = _state.get("database")
        if database is None:
            database = duckdb.connect(":memory:")
            _state["database"] = database
        if _state.get("applied") != now:
            database.execute(f"SET threads = {now.threads}")
            database.execute(f"SET memory_limit = '{now.memory_limit}'")
            database.execute(f"SET temp_directory = '{_sql_text(now.temp_directory)}'")
            database.execute("SET preserve_insertion_order = false")
            _state["applied"] = now
        return database.cursor()


def arrow_result(relation):
    """A query's result as an Arrow table (DuckDB 1.x and 2.x)."""
    fetch = getattr(relation, "to_arrow_table", None) or relation.arrow
    return fetch()


def _sql_text(text: str) -> str:
    return text.replace("'", "''")


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
    cursor, n: int, keys, as_of: pd.Timestamp, lookback: int, regular_min: int, without_order: bool
) -> Facts:
    """Run :func:`facts_sql` on the cursor's ``sales`` and ``visits`` relations and lay the
    result out per account: ``keys`` maps each result key to its position (None: the key is
    the position itself)."""
    start, stop = window_bounds(as_of, lookback)
    result = arrow_result(
        cursor.sql(
            facts_sql(without_order=without_order),
            params={
                "start": start.to_pydatetime(),
                "stop": stop.to_pydatetime(),
                "tol": NET_TOLERANCE,
            },
        )
    )
    if keys is None:
        where = result.column("key").to_numpy(zero_copy_only=False).astype(np.int64)
    else:
        where = keys(result.column("key"))
        known = where >= 0
        result = result.filter(known)
        where = where[known]

    def put(name, dtype, fill):
        out = np.full(n, fill, dtype=dtype)
        column = result.column(name)
        if column.type.id != 0 and str(column.type).startswith("timestamp"):
            column = column.cast("timestamp[ns]")
        values = column.to_numpy(zero_copy_only=False)
        if dtype == "datetime64[ns]":
            values = values.astype("datetime64[ns]")
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
        visits_without_order=put("visits_without_order", np.int64, 0) if without_order else None,
        regular_min_months=regular_min,
    )


def market_facts(market, as_of: pd.Timestamp, *, without_order: bool = True) -> Facts:
    """The facts of every account of a loaded market as of ``as_of`` (see the definitions).

    The market's sales and visits go to DuckDB as Arrow tables (account codes, dates,
    amounts); lines of an unknown account or without a date count nowhere."""
    params = market.parameters
    n = len(market.accounts)
    sales = _event_table(market.sales, n, with_amount=True)
    visits = _event_table(market.visits, n, with_amount=False)
    cursor = connection()
    try:
        cursor.register("sales", sales)
        cursor.register("visits", visits)
        return run_facts(
            cursor,
            n,
            None,
            as_of,
            params.lookback_months,
            params.regular_min_months,
            without_order,
        )
    finally:
        cursor.close()
