"""Small inputs for the tests: workbooks and CSV files as teams keep them, and markets built
from rows written by hand."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import xlsxwriter


def write_xlsx(path: Path, sheets: dict[str, list[list]], *, date_format: bool = True) -> Path:
    """A workbook with one sheet per entry of ``sheets`` (rows of cells; None = blank).

    Dates are written as Excel dates (shown dd/mm/yyyy hh:mm); with ``date_format=False`` as
    bare serial numbers, as some exports leave them. Text is always text (no formulas)."""
    with xlsxwriter.Workbook(str(path)) as book:
        shown = book.add_format({"num_format": "dd/mm/yyyy hh:mm"})
        for name, rows in sheets.items():
            ws = book.add_worksheet(name)
            for i, row in enumerate(rows):
                for j, v in enumerate(row):
                    if v is None:
                        continue
                    if isinstance(v, dt.datetime) and date_format:
                        ws.write_datetime(i, j, v, shown)
                    elif isinstance(v, str):
                        ws.write_string(i, j, v)
                    else:
                        ws.write(i, j, v)
    return path


def write_csv(path: Path, rows: list[list], *, sep=";", encoding="cp1252") -> Path:
    """A CSV file as Brazilian Excel saves it: ``;``, CRLF, cp1252 (by default)."""
    text = "\r\n".join(sep.join("" if v is None else str(v) for v in row) for row in rows) + "\r\n"
    path.write_bytes(text.encode(encoding))
    return path


#: The parameters of the hand-worked markets of the review tests (conftest, export, cards).
REVIEW_PARAMETERS = {"as_of": "2026-09-30", "regular_min_months": 3, "potential_quantile": 0.5}
SALES_COLUMNS = ("account_id", "date", "amount")
VISIT_COLUMNS = ("account_id", "date", "kind", "salesperson", "outcome", "notes")


def rows_market(
    accounts: dict | None,
    sales: list[tuple] | pd.DataFrame,
    visits: list[tuple] = (),
    *,
    source: str = "",
    parameters: dict,
):
    """A market from rows written by hand: ``accounts`` as columns, ``sales`` as (account_id,
    date, amount) rows (or a frame already built), ``visits`` as (account_id, date[, kind,
    salesperson, outcome, notes]) rows, and the parameters as the parameters sheet takes them."""
    from kamkit.model.market import Market

    if not isinstance(sales, pd.DataFrame):
        sales = pd.DataFrame(sales, columns=list(SALES_COLUMNS))
    return Market.from_frames(
        sales=sales,
        accounts=None if accounts is None else pd.DataFrame(accounts),
        visits=pd.DataFrame(visits, columns=list(VISIT_COLUMNS[: len(visits[0])]))
        if visits
        else None,
        parameters=parameters,
        source=source,
    )
