"""Write result tables for people: CSV, Excel or Parquet, chosen by the file's extension.

Outputs are written atomically (a file appears only when complete). Text is always written as
text: a name such as ``=HYPERLINK(...)`` never becomes a formula in Excel, and in CSV files text
cells that Excel would run as a formula are prefixed with an apostrophe.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ._atomic import atomic_path
from .errors import KamkitError

__all__ = ["write_table", "FORMATS"]

FORMATS = (".csv", ".xlsx", ".parquet")
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def write_table(table: pd.DataFrame, path, *, market=None, sheet: str = "Table") -> Path:
    """Write ``table`` to ``path`` (.csv, .xlsx or .parquet); returns the path written.

    With ``market``, an Excel file also gets a Parameters sheet recording the settings the
    table was computed with (and the as-of date).
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise KamkitError(
            f"kamkit cannot write {path.name}: use a name ending in {', '.join(FORMATS)}."
        )
    with atomic_path(path) as tmp:
        if suffix == ".csv":
            _defuse_text(table).to_csv(tmp, index=False, date_format="%Y-%m-%d")
        elif suffix == ".parquet":
            table.to_parquet(tmp, index=False)
        else:
            _write_xlsx(table, tmp, market=market, sheet=sheet)
    return path


def _defuse_text(table: pd.DataFrame) -> pd.DataFrame:
    """Prefix text cells that a spreadsheet would read as a formula with an apostrophe."""
    out = table.copy()
    for col in out.columns:
        values = out[col]
        if values.dtype == object or pd.api.types.is_string_dtype(values) or isinstance(
                values.dtype, pd.CategoricalDtype):
            text = values.astype(object)
            risky = text.map(lambda v: isinstance(v, str) and v.startswith(_FORMULA_STARTS))
            if risky.any():
                out[col] = text.where(~risky, "'" + text.astype(str))
    return out


def _write_xlsx(table: pd.DataFrame, path: Path, *, market=None, sheet: str) -> None:
    import xlsxwriter

    options = {"strings_to_formulas": False, "strings_to_urls": False,
               "strings_to_numbers": False, "nan_inf_to_errors": True}
    with xlsxwriter.Workbook(str(path), options) as book:
        header = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
        date = book.add_format({"num_format": "yyyy-mm-dd"})
        number = book.add_format({"num_format": "#,##0.00"})
        ws = book.add_worksheet(sheet[:31])
        for j, col in enumerate(table.columns):
            ws.write_string(0, j, str(col), header)
            values = table[col]
            is_date = pd.api.types.is_datetime64_any_dtype(values)
            is_float = pd.api.types.is_float_dtype(values)
            ws.set_column(j, j, max(10, min(40, len(str(col)) + 2)),
                          date if is_date else number if is_float else None)
            for i, v in enumerate(values.astype(object).tolist(), start=1):
                if v is None or (isinstance(v, float) and v != v) or v is pd.NaT or v is pd.NA:
                    continue
                if is_date:
                    ws.write_datetime(i, j, pd.Timestamp(v).to_pydatetime())
                elif isinstance(v, bool):
                    ws.write_boolean(i, j, v)
                elif isinstance(v, (int, float)):
                    ws.write_number(i, j, v)
                else:
                    ws.write_string(i, j, str(v))
        ws.freeze_panes(1, 0)
        ws.autofilter(0, 0, len(table), max(len(table.columns) - 1, 0))
        if market is not None:
            ps = book.add_worksheet("Parameters")
            ps.write_row(0, 0, ["name", "value"], header)
            values = market.parameters.as_dict()
            values["as_of"] = f"{market.as_of:%Y-%m-%d}"
            for i, (k, v) in enumerate(values.items(), start=1):
                ps.write_string(i, 0, k)
                ps.write(i, 1, v if isinstance(v, (int, float)) else str(v))
            ps.set_column(0, 1, 22)
