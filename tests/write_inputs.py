"""Write small input files for the loading tests: workbooks and CSV files as teams keep them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import xlsxwriter

#: The parameters of the hand-worked markets (conftest's review market, export, cards): as_of
#: 2026-09-30 (window Oct 2025 .. Sep 2026), regular from 3 purchase months, median potential.
REVIEW_PARAMETERS = {"as_of": "2026-09-30", "regular_min_months": 3, "potential_quantile": 0.5}


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


#: The columns of sales lines typed by hand, one tuple a line.
SALES_COLUMNS = ["account_id", "date", "amount"]


def sales_frame(lines: list[tuple]):
    """Sales lines typed by hand, ``(account_id, date, amount)`` each (a date as text)."""
    import pandas as pd

    return pd.DataFrame(lines, columns=SALES_COLUMNS)


def review_market(source: str, sales, accounts, visits, **parameters):
    """A hand-worked market (export, cards) as if read from ``source``: the frames given, with
    ``REVIEW_PARAMETERS`` and then ``parameters``."""
    from kamkit.model.market import Market

    return Market.from_frames(
        sales=sales,
        accounts=accounts,
        visits=visits,
        source=source,
        parameters={**REVIEW_PARAMETERS, **parameters},
    )


def one_account_market(account_id: str, potential: float):
    """One account (named as its code, territory T) with one sale of 10 on 5 Jan 2026, seen
    as of 31 Mar 2026."""
    import pandas as pd

    from kamkit.model.market import Market

    return Market.from_frames(
        sales=pd.DataFrame({"account_id": [account_id], "date": ["2026-01-05"], "amount": [10.0]}),
        accounts=pd.DataFrame(
            {
                "account_id": [account_id],
                "name": [account_id],
                "territory": ["T"],
                "potential": [potential],
            }
        ),
        parameters={"as_of": "2026-03-31"},
    )


def write_utf8_csv(path: Path, rows: list[list]) -> Path:
    """A CSV file as a program (an ERP, a script) exports it: ``,``, UTF-8."""
    return write_csv(path, rows, sep=",", encoding="utf-8")
