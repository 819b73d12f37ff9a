"""Turn raw cells into typed columns, and say exactly which cells could not be read.

Cells arrive as Excel gives them (numbers, dates, text) or as text from CSV files saved by
Brazilian Excel (``1.234,56``, ``31/12/2024``). Each converter returns the typed values and a
boolean mask of cells that were filled but could not be read.

Columns are converted with vectorised pandas/numpy operations; only the few cells those cannot
read go through the slow, careful per-cell parsers.
"""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pandas as pd
from pandas.api.types import infer_dtype

from kamkit.core.errors import KamkitError, Text

EXCEL_EPOCH = np.datetime64("1899-12-30T00:00:00", "ns")
_NS_PER_DAY = 86_400 * 10**9
# the days a datetime64[ns] column can hold: 1677-09-22 to 2262-04-11; whole years 1678-2261
FIRST_DAY = pd.Timestamp("1678-01-01")
LAST_DAY = pd.Timestamp("2261-12-31")
# Excel serial numbers of those days (a serial past the last one would wrap around silently)
_SERIAL_RANGE = tuple(
    float((np.datetime64(day.date(), "D") - np.datetime64("1899-12-30", "D")).astype(int)) + add
    for day, add in ((FIRST_DAY, 0), (LAST_DAY, 1))
)

_CURRENCY = r"(?i)r\$|us\$|\$|€|£|brl|usd|eur|gbp|\s|\u00a0"
_DECIMAL_COMMA_HINT = r"^[+-]?(?:\d{1,3}(?:\.\d{3})+|\d+)?,\d+$"
_THOUSANDS_DOT = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+$")
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")

DATE_FORMATS = (
    "%Y-%m-%d",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M:%S.%f",
    "%Y/%m/%d",
    "%d/%m/%Y",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d/%m/%y",
    "%d-%m-%Y",
    "%d.%m.%Y",
)
MONTH_FIRST_FORMATS = ("%m/%d/%Y", "%m/%d/%Y %H:%M", "%m/%d/%Y %H:%M:%S", "%m/%d/%y")
_NUMERIC_KINDS = ("integer", "floating", "mixed-integer-float", "decimal")


def _distinct(values: pd.Series) -> tuple[np.ndarray, pd.Series] | None:
    """(codes, distinct values) when a column repeats many values, so each is parsed once."""
    if values.dtype != object and not pd.api.types.is_string_dtype(values):
        return None
    if len(values) < 1000:
        return None
    codes, uniques = pd.factorize(
        values.to_numpy(dtype=object, na_value=None), use_na_sentinel=True
    )
    if len(uniques) > len(values) // 2:
        return None
    return codes, pd.Series(uniques, dtype=object)


def _expand(codes: np.ndarray, per_unique: np.ndarray, fill) -> np.ndarray:
    """Values of the distinct cells spread back to every row (``fill`` where the cell was NA)."""
    if not len(per_unique):  # every cell blank: nothing to spread
        return np.full(len(codes), fill, dtype=per_unique.dtype)
    out = per_unique[np.maximum(codes, 0)]
    if (codes < 0).any():
        out = out.copy()
        out[codes < 0] = fill
    return out


def _cells(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """(object array of the cells, mask of blank cells: None, NaN, NaT, '' or spaces)."""
    arr = values.to_numpy(dtype=object, na_value=None)
    blank = pd.isna(arr) | (arr == "")
    kind = infer_dtype(arr[~blank], skipna=True)
    if kind in ("string", "mixed", "mixed-integer"):
        is_str = np.fromiter((isinstance(v, str) for v in arr), dtype=bool, count=len(arr))
        if is_str.any():
            stripped = pd.Series(arr[is_str], dtype=object).str.strip()
            blank[np.flatnonzero(is_str)[(stripped == "").to_numpy()]] = True
    return arr, blank


def blank_mask(values: pd.Series) -> np.ndarray:
    """True where a cell is empty (None, NaN, NaT, or only spaces)."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        codes = values.cat.codes.to_numpy()
        empty = np.array([not str(c).strip() for c in values.cat.categories] + [True], dtype=bool)
        return empty[np.where(codes < 0, len(empty) - 1, codes)]
    if values.dtype != object and not pd.api.types.is_string_dtype(values):
        return values.isna().to_numpy()
    return _cells(values)[1]


# -- ids and text ------------------------------------------------------------------------------


def to_ids(values: pd.Series, *, trimmed: bool = False) -> pd.Series:
    """Account codes as text: ``123.0`` from Excel becomes ``"123"``, ``00123`` stays.

    Blank cells become missing (None/NaN). Categorical input stays categorical (large files);
    ``trimmed`` says its text categories were already stripped by the reader.
    """
    if (
        isinstance(values.dtype, pd.CategoricalDtype)
        and trimmed
        and values.cat.categories.dtype == object
        and not _has_empty(values.cat.categories)
    ):
        return values
    if isinstance(values.dtype, pd.CategoricalDtype):
        cats = values.cat.categories
        raw = cats.to_numpy(dtype=object)
        if infer_dtype(raw, skipna=True) == "string":
            stripped = pd.Series(raw, dtype=object).str.strip().to_numpy(dtype=object)
            texts = raw if (stripped == raw).all() else stripped
        else:
            texts = np.array([_id_text(c) for c in raw], dtype=object)
        if texts is raw and cats.dtype == object:
            series = values
        elif len(set(texts)) == len(texts):
            series = values.cat.rename_categories(pd.Index(texts, dtype=object))
        else:
            codes = values.cat.codes.to_numpy()
            picked = texts[np.maximum(codes, 0)]
            picked[codes < 0] = None
            series = pd.Series(pd.Categorical(picked), index=values.index)
        empty = [c for c in series.cat.categories if c == ""]
        return series.cat.remove_categories(empty) if empty else series
    return _as_text(values, ids=True)


def _as_text(values: pd.Series, *, ids: bool) -> pd.Series:
    split = _distinct(values)
    if split is not None:
        codes, uniques = split
        done = _as_text_cells(uniques).to_numpy(dtype=object)
        return pd.Series(_expand(codes, done, None), index=values.index, dtype=object)
    return _as_text_cells(values)


def to_text(values: pd.Series) -> pd.Series:
    """Text cells stripped of surrounding spaces; blanks become None (missing)."""
    if isinstance(values.dtype, pd.CategoricalDtype):  # from Parquet: categories trimmed
        if _has_empty(values.cat.categories):
            return values.cat.remove_categories([""])
        return values
    return _as_text(values, ids=False)


def _has_empty(categories: pd.Index) -> bool:
    """Whether "" is a category (compared in NumPy: ``in`` would hash every category)."""
    return bool((categories.to_numpy(dtype=object) == "").any())


def _as_text_cells(values: pd.Series) -> pd.Series:
    arr, blank = _cells(values)
    out = np.empty(len(arr), dtype=object)
    kind = infer_dtype(arr[~blank], skipna=True)
    if kind == "string":
        out[:] = pd.Series(arr, dtype=object).str.strip().to_numpy(dtype=object)
    else:
        out[:] = [None if b else _id_text(v) for v, b in zip(arr, blank)]
    out[blank] = None
    return pd.Series(out, index=values.index, dtype=object)


def _id_text(v) -> str:
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if isinstance(v, (int, np.integer)):
        return str(int(v))
    return str(v).strip()


# -- numbers -----------------------------------------------------------------------------------


def to_numbers(values: pd.Series, *, decimal_comma: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Numbers from numeric cells or text like ``1.234,56``, ``R$ 1.234,56``, ``(12,50)``, ``50%``.

    The decimal separator of text cells is decided per column: comma when the file is a
    ``;``-separated CSV or any cell looks like ``12,5``; a cell with both separators uses the
    last one as decimal. Returns (float64 values with NaN for blanks, mask of unreadable cells).
    """
    if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
        numbers = values.to_numpy(dtype="float64", na_value=np.nan)
        bad = np.isinf(numbers)  # an infinite amount cannot be summed, nor written to Excel
        if bad.any():
            numbers = np.where(bad, np.nan, numbers)
        return numbers, bad
    split = _distinct(values)
    if split is not None:
        codes, uniques = split
        got, bad = _to_numbers_cells(uniques, decimal_comma)
        return _expand(codes, got, np.nan), _expand(codes, bad, False)
    return _to_numbers_cells(values, decimal_comma)


def _to_numbers_cells(values: pd.Series, decimal_comma: bool) -> tuple[np.ndarray, np.ndarray]:
    arr, blank = _cells(values)
    out = np.full(len(arr), np.nan)
    bad = np.zeros(len(arr), dtype=bool)
    is_str = np.fromiter((isinstance(v, str) for v in arr), dtype=bool, count=len(arr)) & ~blank
    others = ~is_str & ~blank
    if others.any():
        sub = arr[others]
        if infer_dtype(sub, skipna=True) in _NUMERIC_KINDS:
            out[others] = sub.astype("float64")
        else:
            got = [
                float(v)
                if isinstance(v, (int, float, np.number)) and not isinstance(v, (bool, np.bool_))
                else None
                for v in sub
            ]
            out[others] = [np.nan if g is None else g for g in got]
            bad[np.flatnonzero(others)[[g is None for g in got]]] = True
    if is_str.any():
        texts = pd.Series(arr[is_str], dtype=object).str.replace(_CURRENCY, "", regex=True)
        comma = decimal_comma or bool(texts.str.match(_DECIMAL_COMMA_HINT).any())
        if comma:
            quick = texts.str.replace(".", "", regex=False).str.replace(",", ".", regex=False)
            quick = quick.where(~texts.str.contains(r"\.\d{1,2}$|\.\d{4,}$", regex=True))
        else:
            quick = texts.where(~texts.str.contains(",", regex=False))
        parsed = pd.to_numeric(
            quick.where(quick.str.fullmatch(_PLAIN_NUMBER.pattern) == True),  # noqa: E712
            errors="coerce",
        ).to_numpy(dtype="float64", copy=True)
        slow = np.isnan(parsed)
        if slow.any():
            parsed[slow] = [
                np.nan if (p := _parse_number(t, comma)) is None else p for t in texts[slow]
            ]
        parsed[np.isinf(parsed)] = np.nan  # 1e309, too large to be an amount
        out[is_str] = parsed
        bad[is_str] = np.isnan(parsed)
    bad |= np.isinf(out)
    out[bad] = np.nan
    return out, bad


def _parse_number(text: str, decimal_comma: bool) -> float | None:
    t = text
    if not t:
        return None
    negative = False
    if t.startswith("(") and t.endswith(")"):
        negative, t = True, t[1:-1]
    percent = t.endswith("%")
    if percent:
        t = t[:-1]
    if t.endswith("-"):  # 1.234,56- as some ERPs export credits
        negative, t = not negative, t[:-1]
    if "," in t and "." in t:
        dec = "," if t.rfind(",") > t.rfind(".") else "."
    elif "," in t:
        dec = "," if decimal_comma or not re.fullmatch(r"[+-]?\d{1,3}(,\d{3})+", t) else "thousands"
    elif "." in t:
        dec = "thousands" if decimal_comma and _THOUSANDS_DOT.match(t) else "."
    else:
        dec = "."
    if dec == ",":
        t = t.replace(".", "").replace(",", ".")
    elif dec == ".":
        t = t.replace(",", "")
    else:
        t = t.replace(".", "").replace(",", "")
    if not _PLAIN_NUMBER.fullmatch(t):
        return None
    value = float(t)
    if percent:
        value /= 100
    return -value if negative else value


_GROUPS_OF_THREE = r"^[(+-]?\d{1,3}(?:(?:\.\d{3})+|(?:,\d{3})+)\)?%?-?$"
_DOT_DECIMAL = r"^[(+-]?(?:\d*\.(?:\d{1,2}|\d{4,})|\d{1,3}(?:,\d{3})+\.\d+)\)?%?-?$"
# a quick first look for it: a dot, then one, two, or four or more digits, at a cell's end
_DOT_DECIMAL_END = re.compile(r"\.(?:\d{1,2}|\d{4,})[^\d\n]{0,6}$", re.M)


# the same patterns, for many cells joined by line breaks, a currency before or after allowed
_MONEY = r"(?:(?i:r\$|us\$|\$|€|£|brl|usd|eur|gbp)[^\S\n]*)?"
_DECIMAL_COMMA_HINT_LINES = re.compile(
    r"^[^\S\n]*" + _MONEY + _DECIMAL_COMMA_HINT[1:-1] + r"[^\S\n]*" + _MONEY + "$", re.M
)
_DOT_DECIMAL_LINES = re.compile(
    r"^[^\S\n]*" + _MONEY + _DOT_DECIMAL[1:-1] + r"[^\S\n]*" + _MONEY + "$", re.M
)


def ambiguous_numbers(values: pd.Series, *, decimal_comma: bool = False) -> np.ndarray:
    """Which text cells of a number column could be read two ways.

    The rule: a column read with the decimal comma (a ``;`` file, or a cell like ``3,75``) in
    which some cell uses a decimal point (``3.75``, ``1,234.5``) mixes two ways of writing
    numbers (a decimal point is a dot followed by one, two, or four or more digits). Its cells
    with groups of three digits after a single kind of separator
    (``12.500``, ``1,234``) then mean a thousand times more under one way than under the
    other: those cells are ambiguous, and kamkit says so (an error: a revenue a thousand times
    too large, or too small, must not pass silently). A column written one way throughout is
    read as it is: ``12.500`` is twelve thousand five hundred in a ``;`` file.
    """
    out = np.zeros(len(values), dtype=bool)
    if values.dtype != object or not len(values):
        return out
    arr = values.to_numpy(dtype=object, na_value=None)
    if infer_dtype(arr, skipna=False) == "string":  # a text file: every cell is text
        is_str = None
        texts = arr
    else:
        is_str = np.fromiter((isinstance(v, str) for v in arr), dtype=bool, count=len(arr))
        texts = arr[is_str]
    if not len(texts):
        return out
    # a look at all the cells at once, as one text (the regular expressions run in C): most
    # columns are written one way, and need nothing more
    joined = "\n".join(texts)
    comma = decimal_comma or _DECIMAL_COMMA_HINT_LINES.search(joined) is not None
    if (
        not comma
        or _DOT_DECIMAL_END.search(joined) is None
        or _DOT_DECIMAL_LINES.search(joined) is None
    ):
        return out
    cells = pd.Series(texts, dtype=object).str.replace(_CURRENCY, "", regex=True)
    found = cells.str.match(_GROUPS_OF_THREE).to_numpy(dtype=bool)
    if is_str is None:
        return found
    out[is_str] = found
    return out


_INFINITE_TEXT = re.compile(
    r"(?im)^[^\S\n]*[+-]?(?:inf(?:inity)?|[\d.,]*\d[eE]\+?\d{3,})"
    r"[^\S\n]*$"
)


def infinite_numbers(values: pd.Series) -> np.ndarray:
    """Which text cells of a number column say infinity (``inf``, ``-Infinity``) or a number
    too large to hold (``1e309``): they would be read as infinite, which cannot be summed, nor
    written to a workbook. One look at all the cells joined first (a regular expression in C)."""
    out = np.zeros(len(values), dtype=bool)
    if values.dtype != object or not len(values):
        return out
    arr = values.to_numpy(dtype=object, na_value=None)
    if infer_dtype(arr, skipna=False) != "string":
        arr = np.array([v if isinstance(v, str) else "" for v in arr], dtype=object)
    joined = "\n".join(arr)
    if not any(letter in joined for letter in "eEiI") or _INFINITE_TEXT.search(joined) is None:
        return out
    texts = pd.Series(arr, dtype=object)
    hit = (
        texts.str.fullmatch(_INFINITE_TEXT.pattern[6:], case=False)
        .fillna(False)
        .to_numpy(dtype=bool)
    )
    for i in np.flatnonzero(hit):
        word = arr[i].strip().lower().lstrip("+-")
        if word.startswith("inf"):
            out[i] = True
        else:
            got = _parse_number(arr[i].strip(), "," in arr[i] and "." not in arr[i])
            out[i] = got is not None and np.isinf(got)
    return out


def dot_decimal_example(values: pd.Series) -> str:
    """A cell of ``values`` written with a decimal point (for the sentence about ambiguity)."""
    texts = values[values.map(lambda v: isinstance(v, str))].astype(str)
    hit = texts[texts.str.replace(_CURRENCY, "", regex=True).str.match(_DOT_DECIMAL)]
    return hit.iloc[0].strip() if len(hit) else ""


# -- dates -------------------------------------------------------------------------------------


def to_dates(values: pd.Series) -> tuple[np.ndarray, np.ndarray, bool]:
    """Dates from Excel dates, Excel serial numbers or text (day first, or ISO).

    Returns (datetime64[ns] values with NaT for blanks, mask of unreadable cells, and whether the
    column turned out to be written month first, e.g. ``12/31/2024``).
    """
    if pd.api.types.is_datetime64_any_dtype(values):
        v = values
        if getattr(v.dt, "tz", None) is not None:
            v = v.dt.tz_localize(None)
        return v.to_numpy(dtype="datetime64[ns]"), np.zeros(len(v), bool), False
    split = _distinct(values)
    if split is not None:
        codes, uniques = split
        got, bad, month_first = _to_dates_cells(uniques)
        return _expand(codes, got, np.datetime64("NaT")), _expand(codes, bad, False), month_first
    return _to_dates_cells(values)


def _to_dates_cells(values: pd.Series) -> tuple[np.ndarray, np.ndarray, bool]:
    arr, blank = _cells(values)
    out = np.full(len(arr), np.datetime64("NaT"), dtype="datetime64[ns]")
    bad = np.zeros(len(arr), dtype=bool)
    is_str = np.fromiter((isinstance(v, str) for v in arr), dtype=bool, count=len(arr)) & ~blank
    others = ~is_str & ~blank
    if others.any():
        got, failed = _dates_from_cells(arr[others])
        out[others] = got
        bad[np.flatnonzero(others)[failed]] = True
    month_first = False
    if is_str.any():
        texts = pd.Series(arr[is_str], dtype=object).str.strip()
        parsed = _parse_dates(texts, DATE_FORMATS)
        failed = parsed.isna()
        if failed.any():
            alt = _parse_dates(texts, MONTH_FIRST_FORMATS + DATE_FORMATS[:6])
            if alt.notna().all():
                parsed, failed, month_first = alt, alt.isna(), True
        out[is_str] = parsed.to_numpy(dtype="datetime64[ns]")
        bad[is_str] = failed.to_numpy()
    return out, bad, month_first


def _dates_from_cells(cells: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Excel date cells (datetime/date objects) or serial numbers -> datetime64, failed mask."""
    kind = infer_dtype(cells, skipna=True)
    if kind in ("datetime", "date", "datetime64"):
        # through microseconds, which hold any year: pandas would wrap 9999-12-31 into 1816
        try:
            wide = np.array(cells, dtype="datetime64[us]")
        except (TypeError, ValueError):  # with time zones: one by one, below
            wide = None
        if wide is not None:
            return _in_range(wide)
    out = np.full(len(cells), np.datetime64("NaT"), dtype="datetime64[ns]")
    if kind in _NUMERIC_KINDS:
        serial = cells.astype("float64")
        ok = (serial >= max(1, _SERIAL_RANGE[0])) & (serial < _SERIAL_RANGE[1])
        out = np.full(len(cells), np.datetime64("NaT"), dtype="datetime64[ns]")
        out[ok] = EXCEL_EPOCH + np.round(serial[ok] * _NS_PER_DAY).astype("int64").astype(
            "timedelta64[ns]"
        )
        return out, ~ok
    failed = np.zeros(len(cells), dtype=bool)
    for i, v in enumerate(cells):
        if isinstance(v, (dt.datetime, dt.date, np.datetime64)):
            ts = pd.Timestamp(v)
            ts = ts.tz_localize(None) if ts.tzinfo else ts
            if FIRST_DAY <= ts < LAST_DAY + pd.Timedelta(days=1):
                out[i] = ts.to_datetime64()
            else:
                failed[i] = True
        elif (
            isinstance(v, (int, float, np.number))
            and not isinstance(v, bool)
            and max(1, _SERIAL_RANGE[0]) <= v < _SERIAL_RANGE[1]
        ):
            out[i] = EXCEL_EPOCH + np.timedelta64(round(float(v) * _NS_PER_DAY), "ns")
        else:
            failed[i] = True
    return out, failed


def _parse_dates(texts: pd.Series, formats) -> pd.Series:
    result = pd.Series(pd.NaT, index=texts.index, dtype="datetime64[ns]")
    todo = texts
    for fmt in formats:
        if todo.empty:
            break
        got = pd.to_datetime(todo, format=fmt, errors="coerce")
        ok = got.notna()
        if ok.any():
            # a date outside the years 1678-2261 (9999-12-31) is read, then refused: it is
            # left out, not tried in other formats, and not wrapped into another year
            wide = got[ok].to_numpy().astype("datetime64[us]")
            inside = (wide >= FIRST_DAY.to_datetime64()) & (
                wide < (LAST_DAY + pd.Timedelta(days=1)).to_datetime64()
            )
            hit = ok[ok].index
            result[hit[inside]] = wide[inside].astype("datetime64[ns]")
            todo = todo[~ok]
    return result


def _in_range(wide: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Dates in any unit as datetime64[ns] (NaT outside the years 1678-2261), and which were
    outside."""
    lo = FIRST_DAY.to_datetime64().astype(wide.dtype)
    hi = (LAST_DAY + pd.Timedelta(days=1)).to_datetime64().astype(wide.dtype)
    outside = ~np.isnat(wide) & ((wide < lo) | (wide >= hi))
    if outside.any():
        wide = np.where(outside, np.datetime64("NaT"), wide)
    return wide.astype("datetime64[ns]"), outside


def outside_dates(values: pd.Series) -> np.ndarray:
    """Which cells hold a date kamkit reads but cannot keep: a year before 1678 or after 2261
    (an ERP's 9999-12-31), as an Excel date, a serial number or text (``31/12/9999``)."""
    if not len(values):
        return np.zeros(0, dtype=bool)
    # each distinct cell once (a column of dates repeats them)
    codes, uniques = pd.factorize(values.to_numpy(dtype=object, na_value=None))
    wrong = np.append(_outside_cells(np.asarray(uniques, dtype=object)), False)  # -1: blank
    return wrong[codes] if wrong.any() else np.zeros(len(values), dtype=bool)


def _outside_cells(arr: np.ndarray) -> np.ndarray:
    """``outside_dates`` of distinct, non-blank cells."""
    blank = np.fromiter(
        (isinstance(v, str) and not v.strip() for v in arr), dtype=bool, count=len(arr)
    )
    out = np.zeros(len(arr), dtype=bool)
    is_date = np.fromiter(
        (isinstance(v, (dt.date, np.datetime64)) for v in arr), dtype=bool, count=len(arr)
    )
    if is_date.any():
        try:
            out[is_date] = _in_range(np.array(arr[is_date], dtype="datetime64[us]"))[1]
        except (TypeError, ValueError):
            pass
    is_str = np.fromiter((isinstance(v, str) for v in arr), dtype=bool, count=len(arr)) & ~blank
    if is_str.any():
        texts = pd.Series(arr[is_str], dtype=object).str.strip()
        years = texts.str.extract(
            r"^(\d{4})[-/.]\d{1,2}[-/.]\d{1,2}(?:[ T].*)?$|"
            r"^\d{1,2}[-/.]\d{1,2}[-/.](\d{4})(?:[ T].*)?$"
        )
        year = pd.to_numeric(years[0].fillna(years[1]), errors="coerce").to_numpy()
        out[is_str] = (year < FIRST_DAY.year) | (year > LAST_DAY.year)
    return out


# -- one date a person gives (as_of) -------------------------------------------------------------

_NOT_A_DAY = Text(
    "{what} is {value!r}, which is not a date.", "{what} é {value!r}, que não é uma data."
)
_NOT_A_DAY_FIX = Text(
    "Write it as dd/mm/yyyy (e.g. 31/01/2025) or yyyy-mm-dd (2025-01-31).",
    "Escreva no formato dd/mm/aaaa (ex.: 31/01/2025) ou aaaa-mm-dd (2025-01-31).",
)
_OUTSIDE_DAY = Text(
    "{what} is {value!r}, outside the dates kamkit can hold (the years 1678 to 2261).",
    "{what} é {value!r}, fora das datas que o kamkit consegue guardar (anos de 1678 a 2261).",
)
_OUTSIDE_DAY_FIX = Text(
    "Write the real date as dd/mm/yyyy (e.g. 31/01/2025) or yyyy-mm-dd, or leave it out to use "
    "the latest date in the data.",
    "Escreva a data real no formato dd/mm/aaaa (ex.: 31/01/2025) ou aaaa-mm-dd, ou deixe em "
    "branco para usar a data mais recente dos dados.",
)


def parse_day(value, what: Text | str) -> pd.Timestamp:
    """One date a person gives (the analysis date, ``as_of``) as a day: a date, a datetime or
    text (dd/mm/yyyy, yyyy-mm-dd and the other formats files use); time and time zone are
    dropped.

    ``what`` names the setting in both languages, e.g. ``Text("as_of", "a data-base")``.
    Raises ``KamkitError`` (a sentence in both languages) for text that is not a date and for a
    date outside the years 1678 to 2261 (an ERP's 9999-12-31).
    """
    what = what if isinstance(what, Text) else Text(str(what), str(what))
    shown = value if isinstance(value, str) else str(value)
    if isinstance(value, str):
        text = value.strip()
        cell = pd.Series([text], dtype=object)
        if text and outside_dates(cell)[0]:
            raise KamkitError(_join(_OUTSIDE_DAY, _OUTSIDE_DAY_FIX, what, shown))
        got = _parse_dates(cell, DATE_FORMATS) if text else pd.Series([pd.NaT])
        if got.isna().iloc[0]:
            raise KamkitError(_join(_NOT_A_DAY, _NOT_A_DAY_FIX, what, shown))
        return pd.Timestamp(got.iloc[0]).normalize()
    if isinstance(value, (dt.date, np.datetime64, pd.Timestamp)):
        if pd.isna(value):
            raise KamkitError(_join(_NOT_A_DAY, _NOT_A_DAY_FIX, what, shown))
        wide = (
            np.array([value], dtype="datetime64[us]")
            if not (isinstance(value, dt.datetime) and value.tzinfo)
            else np.array([value.replace(tzinfo=None)], dtype="datetime64[us]")
        )
        day, outside = _in_range(wide)
        if outside[0]:
            raise KamkitError(_join(_OUTSIDE_DAY, _OUTSIDE_DAY_FIX, what, shown))
        return pd.Timestamp(day[0]).normalize()
    raise KamkitError(_join(_NOT_A_DAY, _NOT_A_DAY_FIX, what, shown))


def _join(message: Text, fix: Text, what: Text, value: str) -> Text:
    return Text(
        message.en.format(what=what.en, value=value) + " " + fix.en,
        message.pt.format(what=what.pt, value=value) + " " + fix.pt,
    )


# --------------------------------------------------------------------------------------------
# one parameter value, as the workbook's parameters sheet gives it (also ``with_parameters``)


def must_be(spec) -> Text:
    """ "It must be ..." for a parameter, with its allowed values in both languages."""
    from kamkit.presentation.catalogue import catalogue  # the words of the parameters sheet

    key = f"workbook.allowed.{spec.name}"
    return (
        Text("It must be {allowed}.", "Deve ser {allowed}.").format(allowed=spec.allowed)
        if key not in catalogue()
        else Text(f"It must be {spec.allowed}.", f"Deve ser {catalogue()[key][1]}.")
    )


def parameter_value(spec, value, *, decimal_comma: bool = False):
    """``(value, None)`` for a readable value of parameter ``spec`` (``value`` None when the
    cell is blank), else ``(None, message)``: the parameters sheet and
    ``Market.with_parameters`` read values with this one function ("50%", "0,5", "6",
    "30/06/2025", "manter", "português"...)."""
    from kamkit.core.schema import normalise_header

    cell = pd.Series([value], dtype=object)
    if blank_mask(cell)[0]:
        return None, None
    invalid = Text(
        "{value} is not a valid value for {name}.", "{value} não é um valor válido para {name}."
    ).format(value=repr(value), name=spec.name)
    if spec.kind == "date":
        dates, bad, _ = to_dates(cell)
        if bad[0]:
            return None, invalid
        return pd.Timestamp(dates[0]), None
    if spec.kind in ("int", "share"):
        if isinstance(value, bool):
            return None, invalid
        numbers, bad = to_numbers(cell, decimal_comma=decimal_comma)
        number = numbers[0]
        if bad[0] or np.isnan(number) or (spec.kind == "int" and not float(number).is_integer()):
            return None, invalid
        if not spec.minimum <= number <= spec.maximum:
            return None, Text(
                "{name} is {value}, out of range.", "{name} é {value}, fora do intervalo aceito."
            ).format(name=spec.name, value=repr(value))
        return (int(number) if spec.kind == "int" else float(number)), None
    text = str(value).strip()
    if spec.kind == "language":
        choices = {c.lower(): c for c in spec.choices}
        choices.update(
            {
                "pt": "pt-BR",
                "pt_br": "pt-BR",
                "portugues": "pt-BR",
                "português": "pt-BR",
                "english": "en",
                "ingles": "en",
                "inglês": "en",
            }
        )
        if text.lower() not in choices:
            return None, invalid
        return choices[text.lower()], None
    if spec.kind == "choice":  # the English word, the Portuguese one, or its accentless form
        words = {normalise_header(w): c for c, w in zip(spec.choices, spec.choices)}
        words.update({normalise_header(w): c for c, w in zip(spec.choices, spec.choices_pt)})
        if normalise_header(text) not in words:
            return None, invalid
        return words[normalise_header(text)], None
    return (text.upper() if spec.name == "currency" else text), None


# --------------------------------------------------------------------------------------------
# words from a list: the choice columns of the account-plan tables (influence, relationship,
# status). The loader and ``Market.with_tables`` read them with these functions alone.

#: Other words people write for a choice, by column (folded as ``fold_word`` folds them).
_CHOICE_ALIASES = {
    # a contact's role said of a woman (the lists give the masculine word)
    "influence": {
        "influenciadora": "influencer",
        "compradora": "buyer",
        "usuaria": "user",
        "porteira": "gatekeeper",
    },
    "relationship": {
        "defensora": "advocate",
        "apoiadora": "supporter",
        "neutra": "neutral",
        "critica": "critic",
    },
    "status": {
        "canceled": "cancelled",
        "aberto": "open",
        "pendente": "open",
        "concluido": "done",
        "feito": "done",
        "feita": "done",
        "cancelado": "cancelled",
    },
}
#: What a blank cell of a choice column means (a blank status is an open action).
BLANK_CHOICES = {"status": "open"}


def fold_word(text: object) -> str:
    """A choice word folded for matching: no accents, lower case, no spaces, ``_`` or ``-``.

    >>> fold_word("Em andamento"), fold_word("in_progress"), fold_word("Usuário")
    ('emandamento', 'inprogress', 'usuario')
    """
    from kamkit.core.schema import normalise_header

    return normalise_header(text).replace("_", "")


def choice_lookup(column) -> dict[str, str]:
    """``{folded word: English code}`` of a choice column (``kamkit.core.schema.Column`` with
    ``choices``): its codes, its Portuguese words and a few other spellings people use."""
    words = {fold_word(code): code for code in column.choices}
    words.update({fold_word(w): code for code, w in zip(column.choices, column.choices_pt)})
    words.update(_CHOICE_ALIASES.get(column.name, {}))
    return words


def to_choices(values: pd.Series, column) -> tuple[np.ndarray, np.ndarray]:
    """The English codes of a choice column's cells (object array; a blank cell is ``None``,
    or what ``BLANK_CHOICES`` says), and the mask of cells that are no word of the list."""
    words = choice_lookup(column)
    arr, blank = _cells(values.astype(object) if len(values) else values)
    out = np.full(len(arr), BLANK_CHOICES.get(column.name), dtype=object)
    bad = np.zeros(len(arr), dtype=bool)
    for i in np.flatnonzero(~blank):
        code = words.get(fold_word(arr[i]))
        if code is None:
            bad[i] = True
            out[i] = None
        else:
            out[i] = code
    return out, bad


def choice_code(column, value) -> str | None:
    """The English code of one choice word (``"Decisor"``, ``"em andamento"``, ``"in progress"``
    -> ``decision_maker``, ``in_progress``...); a blank is ``None`` (``status``: ``"open"``).
    A word not in the list raises ``KamkitError`` naming the words allowed, in both languages."""
    codes, bad = to_choices(pd.Series([value], dtype=object), column)
    if bad[0]:
        raise KamkitError(
            choice_message(column).format(value=repr(value)) + " " + choice_fix(column)
        )
    return codes[0]


def choice_message(column) -> Text:
    """ "{value} is not one of the words of <column>." (``{value}`` left to fill)."""
    return Text(
        "{value} is not one of the words of " + column.name + ".",
        "{value} não é uma das palavras de " + column.label_pt + ".",
    )


def choice_fix(column) -> Text:
    """The words a choice column takes, each language its own (the other language's words
    load too)."""
    return Text(
        "Write one of: " + ", ".join(column.choices) + " (the Portuguese words load too).",
        "Escreva uma destas: " + ", ".join(column.choices_pt) + " (as palavras em inglês também "
        "valem).",
    )
