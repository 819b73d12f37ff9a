"""Sales and visit lines that stay in their Parquet files, read by queries (``kamkit segment``).

A market of 100 million invoice lines does not fit a laptop as pandas frames. For the segment
table kamkit needs only a few facts per account, so ``kamkit.load(..., lines="files")`` leaves
the sales and visit lines of a Parquet folder in their files: one scan of each file (DuckDB,
every core, spilling to disk beyond its memory limit) checks every line and keeps the net
sales per account and month (:data:`SALES_MONTHS_SQL`, :data:`VISIT_MONTHS_SQL`), a table of
at most accounts x months rows. The segment table is computed from it (see
:mod:`kamkit.analysis.facts`); the files are read again only when as_of is before their
latest line, and then only for the month of as_of. The scan runs while the accounts are read.

The checks: blank codes, dates and amounts, and dates out of range, from the files' footers
(Parquet keeps per column the count of blank cells and the first and last value); codes not
in the accounts table (blank ones included) and NaN or infinite amounts, by a query on the
monthly tables (:data:`CHECK_SQL`, run while the caller assembles the market:
:meth:`LineFiles.problems`). When one finds anything, or the files are not the plain layout
the queries know (a column map, account attributes on the sales lines, text dates, footers
without statistics...), the data is loaded the ordinary way, whose checks word every problem
with its file, row and column.
"""

from __future__ import annotations

import itertools
import weakref
from dataclasses import dataclass, field
from pathlib import Path

from kamkit.core.schema import ACCOUNT_ATTRIBUTES, TABLES, normalise_header
from kamkit.files.engine import arrow_result, connection, month_sql, sql_text

__all__ = [
    "LineFiles",
    "open_lines",
    "latest_line",
    "SALES_MONTHS_SQL",
    "VISIT_MONTHS_SQL",
    "VISIT_STEPS_SQL",
    "CHECK_SQL",
]

# the dates a datetime64[ns] column can hold (the data model's): outside them, a file's date
# is an error the readers word (an ERP's 9999-12-31)
_FIRST_NS, _LAST_NS = "1677-09-22", "2262-04-11"

#: Per account and calendar month (``{month}``: :func:`kamkit.files.engine.month_sql`) of the
#: sales file, every line (as_of is not known yet): net amount, first and last line of a
#: positive amount.
SALES_MONTHS_SQL = """
SELECT {id} AS key,
       {month} AS month,
       fsum({amount}::DOUBLE) AS net,
       min({date}) FILTER (WHERE {amount} > 0) AS first_line,
       max({date}) FILTER (WHERE {amount} > 0) AS last_line
FROM read_parquet('{file}')
GROUP BY ALL
"""

#: Per account and calendar month of the visit log (``{lines}``: :data:`VISIT_STEPS_SQL`):
#: interactions, steps and the latest.
VISIT_MONTHS_SQL = """
SELECT key, month, count(*) AS lines, count(*) FILTER (WHERE step) AS steps, max(date) AS last_date
FROM ({lines})
GROUP BY ALL
"""

#: The interactions ``(key, month, date, step)``: a step is an interaction whose outcome is
#: blank or not negative (``{step}`` of ``outcome``: kamkit.model.outcomes.step_sql), decided
#: once per distinct outcome, not per line (a log has a few dozen outcomes and millions of
#: lines: the per-line test was 40% of the visit file's scan).
VISIT_STEPS_SQL = """
SELECT v.key, v.month, v.date, o.step
FROM (SELECT {id} AS key, {month} AS month, {date} AS date, coalesce({outcome}, '') AS outcome
      FROM read_parquet('{file}')) v
JOIN (SELECT outcome, {step} AS step
      FROM (SELECT DISTINCT coalesce({outcome}, '') AS outcome FROM read_parquet('{file}'))) o
USING (outcome)
"""

#: What the monthly tables show of bad lines: a code not in the accounts table (or blank),
#: and, for sales, a NaN or infinite amount, which makes its month's net NaN or infinite
#: (tested on the table: DuckDB folds isnan() of a Parquet column by its statistics, which
#: leave NaN out).
CHECK_SQL = """
SELECT count(*)
FROM {table} t LEFT JOIN kamkit_accounts a ON t.key = a.key
WHERE a.key IS NULL {amounts}
"""


def _statistics(path: Path, columns: dict):
    """From the Parquet footer, no line read: ``(rows, first date, last date)`` when no line
    has a blank code, date or amount and every date is one the data model holds; None when
    one has, or the writer left the statistics out (then the lines are loaded whole and the
    loader says what it finds)."""
    import datetime as dt

    import pyarrow.parquet as pq

    meta = pq.ParquetFile(path).metadata
    if meta.num_rows == 0:
        return None
    first = last = None
    for g in range(meta.num_row_groups):
        group = meta.row_group(g)
        found = {group.column(j).path_in_schema: group.column(j) for j in range(group.num_columns)}
        for column, header in columns.items():
            chunk = found.get(header)
            stats = chunk.statistics if chunk is not None else None
            if stats is None or not stats.has_null_count or stats.null_count:
                return None
            if column == "date" and group.num_rows:
                if not stats.has_min_max:
                    return None
                lo, hi = (_as_datetime(v) for v in (stats.min, stats.max))
                if lo is None or hi is None:
                    return None
                first = lo if first is None else min(first, lo)
                last = hi if last is None else max(last, hi)
    low, high = dt.datetime.fromisoformat(_FIRST_NS), dt.datetime.fromisoformat(_LAST_NS)
    if first is None or first < low or last > high:
        return None
    return meta.num_rows, first, last


def _as_datetime(value):
    import datetime as dt

    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None) if value.tzinfo is None else None
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    return None


_names = itertools.count(1)


@dataclass
class LineFiles:
    """The sales (and visit) lines of a market, left in their Parquet files.

    ``sales_months`` / ``visit_months`` name the engine's tables of per-account, per-month
    aggregates (see :data:`SALES_MONTHS_SQL`); ``sales_columns`` / ``visit_columns`` map
    ``account_id``, ``date`` (and ``amount``) to the files' headers.
    """

    sales: Path
    sales_columns: dict
    sales_months: str
    visits: Path | None = None
    visit_columns: dict = field(default_factory=dict)
    visit_months: str | None = None
    first_date: object = None  # earliest and latest dated sales line
    last_date: object = None
    latest_visit: object = None
    checked: object = None  # the checks' future (see problems)

    def problems(self) -> int:
        """How many bad lines the checks found on the monthly tables (waiting for them); when
        any (or -1: a check failed), the tables are gone and the data must be loaded whole."""
        return 0 if self.checked is None else self.checked.result()

    def sales_lines(self) -> str:
        """The sales lines as a relation ``(key, date, amount)``, straight from the file."""
        c = self.sales_columns
        return (
            f"SELECT {_q(c['account_id'])} AS key, {_q(c['date'])} AS date, "
            f"{_q(c['amount'])}::DOUBLE AS amount FROM read_parquet('{sql_text(str(self.sales))}')"
        )

    def visit_lines(self) -> str | None:
        """The visit lines as a relation ``(key, date, step)``, or None without a visit file."""
        if self.visits is None:
            return None
        c = self.visit_columns
        return (
            f"SELECT {_q(c['account_id'])} AS key, {_q(c['date'])} AS date, "
            f"{_step(c)} AS step FROM read_parquet('{sql_text(str(self.visits))}')"
        )


def _visit_steps(columns: dict, file: Path) -> str:
    """The relation ``(key, month, date, step)`` of a visit file (:data:`VISIT_STEPS_SQL`;
    without an outcome column every interaction is a step)."""
    names = {
        "id": _q(columns["account_id"]),
        "date": _q(columns["date"]),
        "month": month_sql(_q(columns["date"])),
        "file": sql_text(str(file)),
    }
    if "outcome" not in columns:
        return (
            "SELECT {id} AS key, {month} AS month, {date} AS date, true AS step "
            "FROM read_parquet('{file}')"
        ).format(**names)
    from kamkit.model.outcomes import step_sql

    return VISIT_STEPS_SQL.format(**names, outcome=_q(columns["outcome"]), step=step_sql("outcome"))


def _step(columns: dict) -> str:
    """Is an interaction a step of the pursuit score (its outcome blank or not negative)?"""
    from kamkit.model.outcomes import step_sql

    return step_sql(_q(columns["outcome"]) if "outcome" in columns else None)


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _optional_text(schema, table: str, column: str):
    """The header of an optional text column (None when absent; False when repeated or not
    text: the loader then says what is wrong)."""
    import pyarrow as pa

    spellings = set(TABLES[table].column(column).spellings())
    headers = [n for n in schema.names if normalise_header(n) in spellings]
    if not headers:
        return None
    if len(headers) > 1:
        return False
    kind = schema.field(headers[0]).type
    if pa.types.is_dictionary(kind):
        kind = kind.value_type
    if pa.types.is_null(kind):
        return None
    return headers[0] if pa.types.is_string(kind) or pa.types.is_large_string(kind) else False


def _columns(schema, table: str, wanted) -> dict | None:
    """The headers of ``wanted`` columns in a Parquet schema, by the spellings the readers
    know; None when one is missing or repeated, or of a type the queries do not take."""
    import pyarrow as pa

    names = schema.names
    if len(set(names)) != len(names):
        return None
    spec = TABLES[table]
    found = {}
    for column in wanted:
        spellings = set(spec.column(column).spellings())
        headers = [n for n in names if normalise_header(n) in spellings]
        if len(headers) != 1:
            return None
        kind = schema.field(headers[0]).type
        if pa.types.is_dictionary(kind):
            kind = kind.value_type
        ok = {
            "account_id": pa.types.is_string(kind) or pa.types.is_large_string(kind),
            "date": (pa.types.is_timestamp(kind) and kind.tz is None) or pa.types.is_date(kind),
            "amount": pa.types.is_floating(kind) or pa.types.is_integer(kind),
        }[column]
        if not ok:
            return None
        found[column] = headers[0]
    if table == "sales":  # account attributes on the lines: the loader merges them
        attributes = {
            s for a in ACCOUNT_ATTRIBUTES for s in TABLES["accounts"].column(a).spellings()
        }
        if any(normalise_header(n) in attributes for n in names):
            return None
    return found


def open_lines(sales: Path, visits: Path | None, account_codes) -> LineFiles | None:
    """Scan the event files once, check every line, and keep the monthly aggregates.

    ``account_codes`` are the accounts table's codes (text, as loaded), or a function that
    reads and returns them (None: they are not clear), run while the engine scans the files.
    Returns None when the footers show a problem or the files are not plain; the checks on the
    monthly tables then run in the background, and :meth:`LineFiles.problems` says what they
    found. When either finds something, the caller loads the data whole, and the loader's
    checks say what is wrong where."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        sales_schema = pq.read_schema(sales)
        visit_schema = pq.read_schema(visits) if visits is not None else None
    except (OSError, pa.ArrowException):
        return None
    sales_columns = _columns(sales_schema, "sales", ("account_id", "date", "amount"))
    visit_columns = (
        _columns(visit_schema, "visits", ("account_id", "date")) if visits is not None else {}
    )
    if sales_columns is None or visit_columns is None:
        return None
    sales_stats = _statistics(sales, sales_columns)
    visit_stats = _statistics(visits, visit_columns) if visits is not None else (0, None, None)
    if sales_stats is None or visit_stats is None:
        return None
    if visits is not None:  # the outcome, when the log has one, says which visits are steps
        outcome = _optional_text(visit_schema, "visits", "outcome")
        if outcome is False:
            return None
        if outcome:
            visit_columns["outcome"] = outcome
    _, first, last = sales_stats
    latest = visit_stats[2]
    number = next(_names)
    sales_months = f"kamkit_sales_months_{number}"
    visit_months = f"kamkit_visit_months_{number}" if visits is not None else None
    tables = [sales_months] + ([visit_months] if visit_months else [])
    queries = [
        f"CREATE TABLE {sales_months} AS "
        + SALES_MONTHS_SQL.format(
            id=_q(sales_columns["account_id"]),
            date=_q(sales_columns["date"]),
            month=month_sql(_q(sales_columns["date"])),
            amount=_q(sales_columns["amount"]),
            file=sql_text(str(sales)),
        )
    ]
    if visits is not None:
        queries.append(
            f"CREATE TABLE {visit_months} AS "
            + VISIT_MONTHS_SQL.format(lines=_visit_steps(visit_columns, visits))
        )
    # the engine scans the files (its own threads, the GIL released) while this thread reads
    # the accounts (``account_codes`` may be the function that does). DuckDB is imported and
    # its database made here first: imported in the scan's thread it would share the GIL with
    # the reading of the accounts (pandas' import), and the scan would start late
    from concurrent.futures import ThreadPoolExecutor

    import duckdb

    cursor = connection()
    with ThreadPoolExecutor(max_workers=1) as engine:
        scan = engine.submit(_run, queries)
        try:
            codes = account_codes() if callable(account_codes) else account_codes
        finally:
            failed = scan.exception()
    if failed is not None or codes is None:
        _drop(cursor, tables)
        if failed is None or isinstance(failed, duckdb.Error):
            return None  # an unreadable file: the loader words it
        raise failed
    cursor.close()
    # the checks run on the engine while the caller assembles the market (LineFiles.problems)
    checking = ThreadPoolExecutor(max_workers=1)
    checked = checking.submit(_check, tables, sales_months, codes)
    checking.shutdown(wait=False)
    lines = LineFiles(
        sales=Path(sales),
        sales_columns=sales_columns,
        sales_months=sales_months,
        visits=Path(visits) if visits is not None else None,
        visit_columns=visit_columns,
        visit_months=visit_months,
        first_date=first,
        last_date=last,
        latest_visit=latest,
        checked=checked,
    )
    weakref.finalize(lines, _drop_later, tables)
    return lines


def _check(tables, sales_months: str, codes) -> int:
    """The bad lines the monthly tables show (:data:`CHECK_SQL`); -1 when a query fails. When
    any, the tables are dropped."""
    import duckdb
    import pyarrow as pa

    cursor = connection()
    try:
        cursor.register("kamkit_accounts", pa.table({"key": pa.array(codes, pa.string())}))
        problems = 0
        for table in tables:
            amounts = "OR NOT isfinite(net)" if table == sales_months else ""
            (count,) = cursor.execute(CHECK_SQL.format(table=table, amounts=amounts)).fetchall()[0]
            problems += count
        cursor.unregister("kamkit_accounts")
    except duckdb.Error:
        problems = -1
    if problems:
        _drop(cursor, tables)
    else:
        cursor.close()
    return problems


def _run(queries) -> None:
    cursor = connection()
    try:
        for query in queries:
            cursor.execute(query)
    finally:
        cursor.close()


def _drop(cursor, tables) -> None:
    for table in tables:
        cursor.execute(f"DROP TABLE IF EXISTS {table}")
    cursor.close()


def _drop_later(tables) -> None:
    try:
        _drop(connection(), tables)
    except Exception:  # noqa: BLE001 (the process is ending)
        pass


def latest_line(path: Path, columns: dict, when) -> object:
    """The first line of ``path`` dated ``when`` (all its columns), as an Arrow table."""
    cursor = connection()
    try:
        d = _q(columns["date"])
        return arrow_result(
            cursor.sql(
                f"SELECT * FROM read_parquet('{sql_text(str(path))}') WHERE {d} = $when LIMIT 1",
                params={"when": when},
            )
        )
    finally:
        cursor.close()
