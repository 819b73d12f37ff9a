"""The embedded SQL engine (DuckDB): one database per process, made on first use.

Settings (:func:`settings`): the number of threads (default: the cores this process may run
on, as ``taskset`` leaves them), the memory limit beyond which DuckDB spills to disk (default
1 GB, ``KAMKIT_MEMORY_LIMIT`` to change it) and the folder it spills to
(``KAMKIT_TEMP_DIRECTORY``, default a ``kamkit-duckdb`` folder in the system's temporary
folder). Importing this module imports no DuckDB: :func:`connection` does.
"""

from __future__ import annotations

import os
import threading
from typing import NamedTuple

from kamkit.core.errors import KamkitError

__all__ = [
    "EngineSettings",
    "settings",
    "connection",
    "close",
    "arrow_result",
    "sql_text",
    "month_sql",
]


class EngineSettings(NamedTuple):
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
            database.execute(f"SET temp_directory = '{sql_text(now.temp_directory)}'")
            database.execute("SET preserve_insertion_order = false")
            _state["applied"] = now
        return database.cursor()


def close() -> None:
    """Close the process's database (its tables and temporary files go with it); the next
    :func:`connection` makes a new one."""
    with _lock:
        database = _state.pop("database", None)
        _state["applied"] = None
    if database is not None:
        database.close()


def arrow_result(relation):
    """A query's result as an Arrow table (DuckDB 1.x and 2.x)."""
    fetch = getattr(relation, "to_arrow_table", None) or relation.arrow
    return fetch()


def month_sql(date: str) -> str:
    """The calendar month of ``date`` (SQL) as a number, ``year * 12 + month - 1``: what the
    engine groups lines by and compares windows with (half the work of ``date_trunc``)."""
    return f"(year({date}) * 12 + month({date}) - 1)"


def sql_text(text: str) -> str:
    """``text`` inside single quotes of SQL."""
    return text.replace("'", "''")
