"""Write a market to files people open: an Excel workbook, or a folder of CSV or Parquet files.

The files follow the data model of ``kamkit.core.schema`` (sheet names, headers, parameters), so
``kamkit.load`` reads back what ``write_market`` writes. Output is deterministic: the same market
gives the same bytes (CSV always; the workbook too, for one version of xlsxwriter).
"""

from __future__ import annotations

import csv
import datetime as _dt
import math
import os
from pathlib import Path

import numpy as np
import pandas as pd

from kamkit.core.atomic import atomic_path
from kamkit.core.errors import KamkitError
from kamkit.core.schema import LANGUAGES, PARAMETERS, PLAN_TABLES, TABLES, Table
from kamkit.model.market import Market
from kamkit.presentation import catalogue

__all__ = [
    "write_market",
    "workbook",
    "write_sheet",
    "with_choice_words",
    "excel_serial",
    "has_carriage_return",
    "Styles",
    "DATE_FORMATS",
    "PARAMETER_HEADERS",
]

FORMATS = ("xlsx", "csv", "parquet")

# The workbook's "created" property: a fixed value, so that one market gives one file.
_CREATED = _dt.datetime(2000, 1, 1)

# Excel counts days from 1899-12-30 (the 1900 leap-year bug included).
_EXCEL_EPOCH = np.datetime64("1899-12-30T00:00:00", "ns")

#: Excel number format of a date cell, per language.
DATE_FORMATS = {"en": "yyyy-mm-dd", "pt-BR": "dd/mm/yyyy"}
_NUMBER_FORMAT = "#,##0.00"


# Table name -> file stem, per language (ASCII file names; the loader folds accents anyway):
# catalogue entries workbook.file.<table>.
_STEM_TABLES = ("accounts", "sales", "visits", *PLAN_TABLES, "parameters")
_FILE_STEMS = catalogue.Words(*(f"workbook.file.{t}" for t in _STEM_TABLES))
_PARAMETER_SHEET = catalogue.Words("workbook.sheet.parameters")
#: The headers of a parameters sheet or file, per language: ``(name, value)``.
PARAMETER_HEADERS = catalogue.Words("workbook.parameter.name", "workbook.parameter.value")


def write_market(
    market: Market,
    path: str | os.PathLike,
    *,
    language: str = "en",
    fmt: str | None = None,
) -> list[Path]:
    """Write ``market`` as an Excel workbook or as a folder of CSV (or Parquet) files.

    Parameters
    ----------
    market : Market
        The market to write.
    path : str or path-like
        A path ending ``.xlsx`` writes one workbook with the sheets Accounts, Sales, Visits and
        Parameters. Any other path is a folder (created if needed) that receives
        ``accounts.csv``, ``sales.csv``, ``visits.csv`` and ``parameters.csv``. The
        account-plan tables (Contacts, Plans, Actions; ``contacts.csv``, ``plans.csv``,
        ``actions.csv``) are written too when they have rows, after the visits.
    language : {"en", "pt-BR"}, keyword-only
        Language of sheet names and headers. ``"pt-BR"`` writes the Portuguese sheet names
        (Contas, Vendas, Visitas, Contatos, Planos, Ações, Parâmetros) and headers of the data
        model; in a folder the files are then ``contas``, ``vendas``, ``visitas``,
        ``contatos``, ``planos``, ``acoes`` and ``parametros``. Parameter names keep their
        code names in both languages. Values are never translated, but for the words of the
        plan tables' lists (influence, relationship, status): ``decisor``, ``em andamento``...
        in pt-BR, the English codes in en (the loader reads both).
    fmt : {"xlsx", "csv", "parquet"}, optional, keyword-only
        Output format; by default ``"xlsx"`` for a path ending ``.xlsx`` and ``"csv"`` otherwise.
        ``"parquet"`` writes the four tables as ``.parquet`` files into the folder.

    Returns
    -------
    list of Path
        The files written, in the order accounts, sales, visits, (contacts, plans, actions,)
        parameters (one path for a workbook).

    Notes
    -----
    - Every file is written atomically: it appears under its name only once complete, and a
      failed write leaves an existing file untouched. Nothing else is written.
    - Text is always written as text: a name such as ``=HYPERLINK(...)`` stays a string in the
      workbook and is never turned into a formula (nor a link, nor a number).
    - Workbook: bold frozen header row, autofilter, column widths fitted to the content, dates
      as real Excel dates (``yyyy-mm-dd``, or ``dd/mm/yyyy`` in pt-BR, with the time when a
      value has one), amounts and potential with a thousands separator and two decimals.
    - CSV: UTF-8, comma-separated, ``.`` as the decimal mark, dates as ``yyyy-mm-dd`` (plus
      `` HH:MM:SS`` for a value with a time of day), blank for a missing value, ``\\n`` line ends.

    Examples
    --------
    >>> kk.write_market(market, "market.xlsx", language="pt-BR")  # doctest: +SKIP
    >>> kk.write_market(market, "market_csv/")                     # doctest: +SKIP
    """
    if not isinstance(market, Market):
        raise KamkitError(
            catalogue.text("workbook.market.not_a_market").format(kind=type(market).__name__)
        )
    if language not in LANGUAGES:
        raise KamkitError(
            catalogue.text("workbook.bad_language").format(
                language=language, allowed=", ".join(LANGUAGES)
            )
        )
    path = Path(path)
    if fmt is None:
        fmt = "xlsx" if path.suffix.lower() == ".xlsx" else "csv"
    if fmt not in FORMATS:
        raise KamkitError(
            catalogue.text("workbook.market.bad_fmt").format(fmt=fmt, allowed=", ".join(FORMATS))
        )
    if fmt == "xlsx":
        if path.is_dir():
            raise KamkitError(catalogue.text("workbook.market.folder_not_file").format(path=path))
        return [_write_xlsx(market, path, language)]
    if path.suffix.lower() in (".xlsx", ".xls", ".csv", ".parquet") or path.is_file():
        raise KamkitError(
            catalogue.text("workbook.market.file_not_folder").format(path=path, fmt=fmt)
        )
    return _write_folder(market, path, language, fmt)


# --------------------------------------------------------------------------------------------
# Shared helpers


def _frames(market: Market) -> dict[str, pd.DataFrame]:
    """The tables to write: accounts, sales and visits always, the account-plan tables
    (contacts, plans, actions) when they have rows."""
    frames = {"accounts": market.accounts, "sales": market.sales, "visits": market.visits}
    for name in PLAN_TABLES:
        frame = getattr(market, name)
        if len(frame):
            frames[name] = frame
    return frames


def with_choice_words(table: Table, frame: pd.DataFrame, language: str) -> pd.DataFrame:
    """``frame`` with its choice columns (influence, relationship, status) in the words of
    ``language``: the English codes in ``en``, the Portuguese words in ``pt-BR`` (the loader
    reads both); a value that is no code stays as it is."""
    if language != "pt-BR":
        return frame
    columns = [c for c in table.columns if c.choices and c.name in frame.columns]
    if not columns:
        return frame
    frame = frame.copy()
    for column in columns:
        words = dict(zip(column.choices, column.choices_pt))
        frame[column.name] = pd.Series(
            [words.get(v, v) if isinstance(v, str) else None for v in frame[column.name]],
            index=frame.index,
            dtype=object,
        )
    return frame


def _columns(table: Table, frame: pd.DataFrame) -> list[tuple[str, str]]:
    """(column, kind) for every model column, then any extra column of the frame (accounts)."""
    known = set(table.column_names)
    extra = [(name, "extra") for name in frame.columns if name not in known]
    return [(col.name, col.kind) for col in table.columns] + extra


def _header(table: Table, column: str, language: str) -> str:
    if language == "pt-BR" and column in table.column_names:
        return table.column(column).label_pt
    return str(column)


def _has_time(values: pd.Series) -> np.ndarray:
    """Boolean array: does each (non-missing) datetime carry a time of day?"""
    v = values.to_numpy(dtype="datetime64[ns]")
    return ~np.isnat(v) & (v != v.astype("datetime64[D]").astype("datetime64[ns]"))


def _as_datetime(values: pd.Series) -> pd.Series:
    out = pd.to_datetime(values)
    if getattr(out.dt, "tz", None) is not None:
        out = out.dt.tz_localize(None)
    return out.astype("datetime64[ns]")


def _parameter_rows(market: Market) -> list[tuple[str, object]]:
    values = market.parameters.as_dict()
    return [(name, values[name]) for name in PARAMETERS]


# --------------------------------------------------------------------------------------------
# Folder of CSV or Parquet files


def _write_folder(market: Market, folder: Path, language: str, fmt: str) -> list[Path]:
    stems = dict(zip(_STEM_TABLES, _FILE_STEMS[language]))
    written = []
    for name, frame in _frames(market).items():
        table = TABLES[name]
        frame = with_choice_words(table, frame, language)
        target = folder / f"{stems[name]}.{fmt}"
        if fmt == "csv":
            out = _csv_frame(table, frame, language)
        else:
            out = _parquet_frame(table, frame, language)
        _write_one(out, target, fmt)
        written.append(target)
    headers = PARAMETER_HEADERS[language]
    rows = [(name, _parameter_text(value)) for name, value in _parameter_rows(market)]
    params = pd.DataFrame(
        {headers[0]: [r[0] for r in rows], headers[1]: [r[1] for r in rows]}, dtype=object
    )
    target = folder / f"{stems['parameters']}.{fmt}"
    _write_one(params, target, fmt)
    written.append(target)
    return written


def _write_one(frame: pd.DataFrame, target: Path, fmt: str) -> None:
    with atomic_path(target) as tmp:
        if fmt == "csv":
            # Python's csv quotes a field holding "\n" but not one holding a bare "\r", which
            # readers take for a line end: a file with such text gets every field quoted.
            quoting = csv.QUOTE_ALL if has_carriage_return(frame) else csv.QUOTE_MINIMAL
            frame.to_csv(tmp, index=False, encoding="utf-8", lineterminator="\n", quoting=quoting)
        else:
            import pyarrow.parquet as pq

            pq.write_table(_parquet_table(frame), tmp)


def _parquet_table(frame: pd.DataFrame):
    """The frame as an Arrow table in which no column has Arrow's ``null`` type: a column
    with no value at all (an optional column left blank) is written as text, which every
    Parquet reader (``kk.load`` included) reads back as an empty column."""
    import pyarrow as pa

    table = pa.Table.from_pandas(frame, preserve_index=False)
    for i, field in enumerate(table.schema):
        if pa.types.is_null(field.type):
            table = table.set_column(i, field.name, table.column(i).cast(pa.string()))
    return table


def has_carriage_return(frame: pd.DataFrame) -> bool:
    """Whether a text cell holds a bare carriage return (then a CSV file quotes every field)."""
    return any(
        isinstance(v, str) and "\r" in v for col in frame.columns for v in frame[col].tolist()
    )


def _parameter_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, pd.Timestamp):
        return _format_dates(pd.Series([value]))[0]
    return str(value)


def _format_dates(values: pd.Series) -> list[str]:
    """ISO text per value: ``yyyy-mm-dd``, plus `` HH:MM:SS`` only when it has a time of day."""
    dt = _as_datetime(values)
    day = dt.dt.strftime("%Y-%m-%d")
    full = dt.dt.strftime("%Y-%m-%d %H:%M:%S")
    text = day.where(~_has_time(dt), full)
    return text.astype(object).where(dt.notna(), "").tolist()


def _by_header(table: Table, frame: pd.DataFrame, language: str, convert) -> dict:
    """The columns of ``frame`` under their headers in ``language``, each converted by
    ``convert(values, kind)`` (``kind``: the column's kind in ``table``)."""
    return {
        _header(table, column, language): convert(frame[column], kind)
        for column, kind in _columns(table, frame)
    }


def _csv_frame(table: Table, frame: pd.DataFrame, language: str) -> pd.DataFrame:
    """All columns as text, exactly as they will appear in the file."""
    return pd.DataFrame(_by_header(table, frame, language, _csv_column), dtype=object)


def _csv_column(values: pd.Series, kind: str) -> list[str]:
    if kind == "date":
        return _format_dates(values)
    if kind == "number":
        nums = pd.to_numeric(values).astype("float64")
        return [repr(float(v)) if math.isfinite(v) else "" for v in nums.tolist()]
    return [_cell_text(v) for v in values.astype(object).tolist()]


def _cell_text(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return ""
    if value is pd.NaT:
        return ""
    if isinstance(value, (pd.Timestamp, _dt.datetime, _dt.date)):
        return _format_dates(pd.Series([pd.Timestamp(value)]))[0]
    return str(value)


def _parquet_frame(table: Table, frame: pd.DataFrame, language: str) -> pd.DataFrame:
    return pd.DataFrame(_by_header(table, frame, language, _parquet_column))


def _parquet_column(values: pd.Series, kind: str) -> np.ndarray:
    if kind == "id":
        return values.astype(object).astype(str).to_numpy()
    if kind == "text":
        return values.astype(object).where(values.notna(), None).to_numpy()
    if kind == "number":
        return pd.to_numeric(values).astype("float64").to_numpy()
    if kind == "date":
        return _as_datetime(values).to_numpy()
    return values.to_numpy()


# --------------------------------------------------------------------------------------------
# Excel workbook


def _write_xlsx(market: Market, path: Path, language: str) -> Path:
    with atomic_path(path) as tmp:
        book = workbook(tmp, market.source or "kamkit market")
        try:
            styles = Styles(book, language)
            for name, frame in _frames(market).items():
                table = TABLES[name]
                frame = with_choice_words(table, frame, language)
                sheet_name = table.sheet_pt if language == "pt-BR" else table.sheet
                write_sheet(book.add_worksheet(sheet_name), table, frame, language, styles)
            _write_parameter_sheet(book, market, language, styles)
        finally:
            book.close()
    return path


def workbook(path: Path, title: str):
    """A new xlsxwriter workbook that writes text as text, with fixed document properties.

    Strings are never turned into formulas, links or numbers, so a cell holding
    ``=HYPERLINK(...)`` from the data stays a string. The "created" date is fixed so that the
    same content gives the same file. Shared by the template, results and visit-card writers.
    """
    import xlsxwriter

    book = xlsxwriter.Workbook(
        str(path),
        {
            "in_memory": True,  # no temporary files anywhere else
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        },
    )
    book.set_properties({"created": _CREATED, "title": title})
    return book


class Styles:
    """The cell formats of a data sheet: bold header, dates in the language, amounts."""

    def __init__(self, book, language: str):
        date = DATE_FORMATS[language]
        self.header = book.add_format({"bold": True, "bottom": 1})
        self.date = book.add_format({"num_format": date})
        self.datetime = book.add_format({"num_format": date + " hh:mm:ss"})
        self.number = book.add_format({"num_format": _NUMBER_FORMAT})


def excel_serial(values: pd.Series) -> tuple[list[float | None], list[bool]]:
    """Excel's day numbers of ``values`` (None where blank), and whether each has a time."""
    dt = _as_datetime(values).to_numpy(dtype="datetime64[ns]")
    missing = np.isnat(dt)
    serial = (dt - _EXCEL_EPOCH) / np.timedelta64(1, "D")
    has_time = _has_time(pd.Series(dt))
    return [None if m else float(s) for s, m in zip(serial, missing)], has_time.tolist()


def _width(header: str, texts: list[str] | None, kind: str, has_time: bool = False) -> float:
    if kind == "date":
        content = 19 if has_time else 10
    elif kind == "number":
        content = 14
    else:
        content = max((len(t) for t in texts), default=0) if texts else 0
    return float(min(max(len(header), content, 6) + 2, 50))


def write_sheet(
    ws,
    table: Table,
    frame: pd.DataFrame,
    language: str,
    styles: Styles,
    *,
    header_format=None,
    column_formats: dict | None = None,
) -> list[tuple[str, str]]:
    """Write one table of the model; returns its ``(column, kind)`` list in sheet order.

    ``header_format`` replaces the plain bold header; ``column_formats`` maps a column kind
    (``id``, ``text``, ``number``, ``date``, ``extra``) to a format for the whole column, which
    Excel applies to cells people type in later (e.g. text for account codes).
    """
    columns = _columns(table, frame)
    n = len(frame)
    column_formats = column_formats or {}
    writers = []
    for j, (column, kind) in enumerate(columns):
        header = _header(table, column, language)
        ws.write_string(0, j, header, header_format or styles.header)
        values = frame[column]
        whole = column_formats.get(kind)
        if kind == "date":
            serials, times = excel_serial(values)
            ws.set_column(j, j, _width(header, None, kind, any(times)), whole)
            writers.append(_date_writer(ws, j, serials, times, styles))
        elif kind == "number":
            nums = pd.to_numeric(values).astype("float64").tolist()
            ws.set_column(j, j, _width(header, None, kind), whole)
            writers.append(_number_writer(ws, j, nums, styles.number))
        elif kind in ("id", "text"):
            texts = [_cell_text(v) for v in values.astype(object).tolist()]
            ws.set_column(j, j, _width(header, texts, kind), whole)
            writers.append(_text_writer(ws, j, texts))
        else:
            cells = values.astype(object).tolist()
            texts = [_cell_text(v) for v in cells]
            ws.set_column(j, j, _width(header, texts, kind), whole)
            writers.append(_any_writer(ws, j, cells, styles))
    for write in writers:
        write()
    ws.freeze_panes(1, 0)
    if columns:
        ws.autofilter(0, 0, n, len(columns) - 1)
    return columns


def _text_writer(ws, j: int, texts: list[str]):
    def write():
        write_string = ws.write_string
        for i, t in enumerate(texts, start=1):
            if t != "":
                write_string(i, j, t)  # always a string: never a formula, link or number

    return write


def _number_writer(ws, j: int, nums: list[float], fmt):
    def write():
        write_number = ws.write_number
        for i, v in enumerate(nums, start=1):
            if math.isfinite(v):
                write_number(i, j, v, fmt)

    return write


def _date_writer(ws, j: int, serials: list, times: list[bool], styles: Styles):
    def write():
        write_number = ws.write_number
        for i, (s, t) in enumerate(zip(serials, times), start=1):
            if s is not None:
                write_number(i, j, s, styles.datetime if t else styles.date)

    return write


def _any_writer(ws, j: int, cells: list, styles: Styles):
    def write():
        for i, v in enumerate(cells, start=1):
            _write_value(ws, i, j, v, styles)

    return write


def _write_value(ws, i: int, j: int, value: object, styles: Styles) -> None:
    """One cell of unknown type (extra account columns, parameter values)."""
    if value is None or value is pd.NA or value is pd.NaT:
        return
    if isinstance(value, (bool, np.bool_)):
        ws.write_boolean(i, j, bool(value))
    elif isinstance(value, (int, float, np.integer, np.floating)):
        if math.isfinite(float(value)):
            ws.write_number(i, j, float(value))
    elif isinstance(value, (pd.Timestamp, _dt.datetime, _dt.date, np.datetime64)):
        serials, times = excel_serial(pd.Series([pd.Timestamp(value)]))
        ws.write_number(i, j, serials[0], styles.datetime if times[0] else styles.date)
    else:
        text = str(value)
        if text:
            ws.write_string(i, j, text)


def _write_parameter_sheet(book, market: Market, language: str, styles: Styles) -> None:
    ws = book.add_worksheet(_PARAMETER_SHEET[language][0])
    name_header, value_header = PARAMETER_HEADERS[language]
    ws.write_string(0, 0, name_header, styles.header)
    ws.write_string(0, 1, value_header, styles.header)
    rows = _parameter_rows(market)
    for i, (name, value) in enumerate(rows, start=1):
        ws.write_string(i, 0, name)
        _write_value(ws, i, 1, value, styles)
    ws.set_column(0, 0, float(max(len(name_header), *(len(r[0]) for r in rows)) + 2))
    ws.set_column(1, 1, 14.0)
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, len(rows), 1)
