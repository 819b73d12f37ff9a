"""Turn raw cells into typed columns, and say exactly which cells could not be read.

Cells arrive as Excel gives them (numbers, dates, text) or as text from CSV files saved by
Brazilian Excel (``1.234,56``, ``31/12/2024``). Each converter returns the typed values and a
boolean mask of cells that were filled but could not be read.
"""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pandas as pd

EXCEL_EPOCH = pd.Timestamp("1899-12-30")

_CURRENCY = re.compile(r"(?i)r\$|us\$|\$|€|£|brl|usd|eur|gbp|\s|\u00a0")
_DECIMAL_COMMA_HINT = re.compile(r"^[+-]?(\d{1,3}(\.\d{3})+|\d+)?,\d+$")
_THOUSANDS_DOT = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+$")

DATE_FORMATS = (
    "%Y-%m-%d", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M:%S.%f", "%Y/%m/%d",
    "%d/%m/%Y", "%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%y", "%d-%m-%Y", "%d.%m.%Y",
)
MONTH_FIRST_FORMATS = ("%m/%d/%Y", "%m/%d/%Y %H:%M", "%m/%d/%Y %H:%M:%S", "%m/%d/%y")


def blank_mask(values: pd.Series) -> np.ndarray:
    """True where a cell is empty (None, NaN, NaT, or only spaces)."""
    if values.dtype == object:
        return values.map(lambda v: v is None or (isinstance(v, str) and not v.strip())
                          or (isinstance(v, float) and v != v)).to_numpy(dtype=bool)
    if isinstance(values.dtype, pd.CategoricalDtype) or pd.api.types.is_string_dtype(values):
        isna = values.isna().to_numpy()
        if isinstance(values.dtype, pd.CategoricalDtype):
            empty_cats = np.array([not str(c).strip() for c in values.cat.categories], dtype=bool)
            codes = values.cat.codes.to_numpy()
            return isna | (codes >= 0) & empty_cats[np.maximum(codes, 0)] if len(empty_cats) else isna
        return isna | (values.fillna("").str.strip() == "").to_numpy()
    return values.isna().to_numpy()


def to_ids(values: pd.Series) -> pd.Series:
    """Account codes as text: ``123.0`` from Excel becomes ``"123"``, ``00123`` stays.

    Blank cells become missing (None/NaN). Categorical input stays categorical (large files).
    """
    if isinstance(values.dtype, pd.CategoricalDtype):
        texts = [_id_text(c) for c in values.cat.categories]
        if len(set(texts)) == len(texts):
            series = values.cat.rename_categories(texts)
        else:
            codes = values.cat.codes.to_numpy()
            picked = np.asarray(texts, dtype=object)[np.maximum(codes, 0)]
            picked[codes < 0] = None
            series = pd.Series(pd.Categorical(picked), index=values.index)
        empty = [c for c in series.cat.categories if c == ""]
        return series.cat.remove_categories(empty) if empty else series
    blank = blank_mask(values)
    out = values.map(_id_text).astype(object)
    out[blank] = None
    return out


def _id_text(v) -> str:
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if isinstance(v, (int, np.integer)):
        return str(int(v))
    return str(v).strip()


def to_text(values: pd.Series) -> pd.Series:
    if isinstance(values.dtype, pd.CategoricalDtype):
        return values
    blank = blank_mask(values)
    out = values.map(lambda v: _id_text(v) if v is not None else None).astype(object)
    out[blank] = None
    return out


def to_numbers(values: pd.Series, *, decimal_comma: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Numbers from numeric cells or text like ``1.234,56``, ``R$ 1.234,56``, ``(12,50)``, ``50%``.

    The decimal separator of text cells is decided per column: comma when the file is a
    ``;``-separated CSV or any cell looks like ``12,5``; a cell with both separators uses the
    last one as decimal. Returns (float64 values with NaN for blanks, mask of unreadable cells).
    """
    if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
        return values.to_numpy(dtype="float64", na_value=np.nan), np.zeros(len(values), bool)
    obj = values.astype(object)
    blank = blank_mask(obj)
    out = np.full(len(obj), np.nan)
    bad = np.zeros(len(obj), dtype=bool)
    is_str = obj.map(lambda v: isinstance(v, str)).to_numpy(dtype=bool) & ~blank
    numeric = ~is_str & ~blank
    for i in np.flatnonzero(numeric):
        v = obj.iat[i]
        if isinstance(v, (bool, np.bool_)) or not isinstance(v, (int, float, np.number)):
            bad[i] = True
        else:
            out[i] = float(v)
    if is_str.any():
        texts = obj[is_str].astype(str).str.replace(_CURRENCY, "", regex=True)
        comma = decimal_comma or bool(texts.str.match(_DECIMAL_COMMA_HINT).any())
        parsed = texts.map(lambda t: _parse_number(t, comma))
        out[is_str] = parsed.to_numpy(dtype="float64", na_value=np.nan)
        bad[is_str] = parsed.isna().to_numpy()
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
    if not re.fullmatch(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?", t):
        return None
    value = float(t)
    if percent:
        value /= 100
    return -value if negative else value


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
    obj = values.astype(object)
    blank = blank_mask(obj)
    out = np.full(len(obj), np.datetime64("NaT"), dtype="datetime64[ns]")
    bad = np.zeros(len(obj), dtype=bool)
    is_str = obj.map(lambda v: isinstance(v, str)).to_numpy(dtype=bool) & ~blank
    for i in np.flatnonzero(~is_str & ~blank):
        v = obj.iat[i]
        if isinstance(v, (dt.datetime, dt.date, pd.Timestamp, np.datetime64)):
            out[i] = np.datetime64(pd.Timestamp(v).tz_localize(None) if pd.Timestamp(v).tzinfo
                                   else pd.Timestamp(v), "ns")
        elif isinstance(v, (int, float, np.number)) and not isinstance(v, bool) and 1 <= v < 2958466:
            out[i] = np.datetime64(EXCEL_EPOCH + pd.to_timedelta(float(v), unit="D"), "ns")
        else:
            bad[i] = True
    month_first = False
    if is_str.any():
        texts = obj[is_str].astype(str).str.strip()
        parsed = _parse_dates(texts, DATE_FORMATS)
        failed = parsed.isna()
        if failed.any():
            alt = _parse_dates(texts, MONTH_FIRST_FORMATS + DATE_FORMATS[:6])
            if alt.notna().all():
                parsed, failed, month_first = alt, alt.isna(), True
        out[is_str] = parsed.to_numpy(dtype="datetime64[ns]")
        bad[is_str] = failed.to_numpy()
    return out, bad, month_first


def _parse_dates(texts: pd.Series, formats) -> pd.Series:
    result = pd.Series(pd.NaT, index=texts.index, dtype="datetime64[ns]")
    todo = texts
    for fmt in formats:
        if todo.empty:
            break
        got = pd.to_datetime(todo, format=fmt, errors="coerce")
        ok = got.notna()
        if ok.any():
            result[ok[ok].index] = got[ok].astype("datetime64[ns]")
            todo = todo[~ok]
    return result
