"""Write result tables for people: CSV, Excel or Parquet, and the manager's results workbook.

``write_table(table, path)`` writes any table, the format chosen by the file's extension.
``write_results(market, path)`` writes the workbook a sales manager keeps (what
``kamkit segment DATA --out results.xlsx`` writes): a Summary sheet, one sheet per territory
and the Parameters, laid out by :mod:`kamkit.files.results` (its docstring describes them).

Labels (headers, stages, quadrants, cadences) follow the language; codes stay in CSV and
Parquet files. Outputs are written atomically (a file appears only when complete) and never
replace a data workbook: ``write_results`` refuses a path holding a Sales sheet that kamkit
did not write. Text is always written as text: a name such as ``=HYPERLINK(...)`` never
becomes a formula in Excel, and in CSV files text cells that a spreadsheet would run as a
formula (starting ``=``, ``+``, ``-``, ``@``, tab or carriage return) are prefixed with an
apostrophe.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd

from kamkit.core.atomic import atomic_path
from kamkit.core.errors import KamkitError
from kamkit.files.results import (
    QUADRANT_COLOURS,
    RESULT_COLUMNS,
    STAGE_COLOURS,
    refuse_data_workbook,
    write_results_workbook,
    write_table_workbook,
)
from kamkit.presentation import catalogue

__all__ = [
    "write_table",
    "write_results",
    "FORMATS",
    "RESULT_COLUMNS",
    "STAGE_COLOURS",
    "QUADRANT_COLOURS",
]

FORMATS = (".csv", ".xlsx", ".parquet")
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def write_table(
    table: pd.DataFrame, path, *, market=None, sheet: str = "Table", language: str | None = None
) -> Path:
    """Write ``table`` to ``path`` (.csv, .xlsx or .parquet); returns the path written.

    Parameters
    ----------
    table : DataFrame
    path : str or path-like
        Its extension chooses the format.
    market : Market, optional, keyword-only
        The market the table was computed from. For a ``.xlsx`` path, a segment table
        (:func:`kamkit.segment`) then becomes the manager's results workbook
        (:func:`write_results`); any other table gets a Parameters sheet recording the
        settings (and the as-of date) it was computed with.
    sheet : str, keyword-only
        Sheet name of a plain Excel table.
    language : {"en", "pt-BR"}, optional, keyword-only
        Language of the results workbook (a segment table to ``.xlsx``). For a ``.csv`` path: ``"pt-BR"`` writes what Brazilian Excel opens (``;`` between
        columns, the decimal comma, dates as dd/mm/yyyy, UTF-8 with a byte-order mark);
        English keeps ``,``, ``.`` and ISO dates. Default: the market's ``language``
        parameter, else English. Numbers are rounded to cents (shares to 4 decimals, 12.34%)
        in both.

    Returns
    -------
    Path
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise KamkitError(
            catalogue.text("workbook.results.bad_suffix").format(
                name=path.name, formats=", ".join(FORMATS)
            )
        )
    if suffix == ".xlsx" and market is not None and _is_segment_table(table):
        return write_results(market, path, table=table, language=language)
    if suffix == ".xlsx":
        refuse_data_workbook(path)
    with atomic_path(path) as tmp:
        if suffix == ".csv":
            from kamkit.files.writing import has_carriage_return

            if language is None and market is not None:
                language = market.parameters.language
            safe = _rounded(_defuse_text(table))
            # a bare carriage return inside a field must be quoted, or readers split the row
            quoting = csv.QUOTE_ALL if has_carriage_return(safe) else csv.QUOTE_MINIMAL
            if language == "pt-BR":  # what Brazilian Excel opens with a double click
                safe.to_csv(
                    tmp,
                    index=False,
                    sep=";",
                    decimal=",",
                    date_format="%d/%m/%Y",
                    quoting=quoting,
                    encoding="utf-8-sig",
                )
            else:
                safe.to_csv(tmp, index=False, date_format="%Y-%m-%d", quoting=quoting)
        elif suffix == ".parquet":
            # dictionary encoding where it pays (categories); Arrow would otherwise try it on
            # every text column first, a third of the writing time for 200,000 accounts
            coded = [str(c) for c, t in table.dtypes.items() if isinstance(t, pd.CategoricalDtype)]
            table.to_parquet(tmp, index=False, use_dictionary=coded or False)
        else:
            write_table_workbook(table, tmp, market=market, sheet=sheet)
    return path


#: Decimals kept in CSV files: money and other amounts to cents, shares (0..1) to 4 (12.34%).
CSV_DECIMALS = {"amount": 2, "share": 4}
_SHARE_WORDS = ("share", "rate", "ratio", "coverage", "positivation")


def _rounded(table: pd.DataFrame) -> pd.DataFrame:
    """Float columns rounded for people: cents, or 4 decimals for shares (no
    0.9999999999999999 in a CSV file)."""
    floats = [c for c, t in table.dtypes.items() if pd.api.types.is_float_dtype(t)]
    if not floats:
        return table
    out = table.copy()
    for col in floats:
        share = any(word in str(col).lower() for word in _SHARE_WORDS)
        decimals = CSV_DECIMALS["share" if share else "amount"]
        out[col] = out[col].round(decimals) + 0.0  # + 0.0: no "-0.0"
    return out


def _defuse_text(table: pd.DataFrame) -> pd.DataFrame:
    """Prefix text cells that a spreadsheet would read as a formula with an apostrophe."""
    out = table.copy()
    for col in out.columns:
        values = out[col]
        if (
            values.dtype == object
            or pd.api.types.is_string_dtype(values)
            or isinstance(values.dtype, pd.CategoricalDtype)
        ):
            text = values.astype(object)
            risky = text.map(lambda v: isinstance(v, str) and v.startswith(_FORMULA_STARTS))
            if risky.any():
                out[col] = text.where(~risky, "'" + text.astype(str))
    return out


def _is_segment_table(table: pd.DataFrame) -> bool:
    from kamkit.analysis.tables import SEGMENT_NEEDS

    return SEGMENT_NEEDS <= set(table.columns)


def _segment_table(market) -> pd.DataFrame:
    from kamkit.analysis.segmentation import segment

    return segment(market)


def write_results(
    market, path, *, table: pd.DataFrame | None = None, language: str | None = None
) -> Path:
    """Write the manager's results workbook: a summary, one sheet per territory, parameters.

    Parameters
    ----------
    market : Market
        The market the results are computed from (its parameters are recorded).
    path : str or path-like
        The workbook to write (``.xlsx``). An existing data workbook (one with a Sales or
        Vendas sheet) is never replaced; a results workbook is.
    table : DataFrame, optional, keyword-only
        The segment table to write (:func:`kamkit.segment`, e.g. of one territory); by default
        ``kamkit.segment(market)``.
    language : {"en", "pt-BR"}, optional, keyword-only
        Language of sheet names, headers and labels; default the market's ``language``.

    Returns
    -------
    Path
        ``path``.

    Notes
    -----
    The sheets are described in :mod:`kamkit.files.results`. Summary figures are sums and
    counts of the table's rows, so they agree with it exactly. Accounts without a territory get
    a sheet of their own, "(no territory)".

    Examples
    --------
    >>> kk.export.write_results(market, "results.xlsx", language="pt-BR")  # doctest: +SKIP
    """
    from kamkit.analysis.tables import SEGMENT_NEEDS, results_tables
    from kamkit.model.market import Market
    from kamkit.presentation.i18n import check_language

    if not isinstance(market, Market):
        raise KamkitError(
            catalogue.text("workbook.results.not_a_market").format(kind=type(market).__name__)
        )
    language = check_language(language or market.parameters.language)
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise KamkitError(catalogue.text("workbook.results.not_xlsx").format(name=path.name))
    if table is not None:
        missing = SEGMENT_NEEDS - set(table.columns)
        if missing:
            raise KamkitError(
                catalogue.text("workbook.results.not_segment").format(
                    missing=", ".join(sorted(missing))
                )
            )
    refuse_data_workbook(path)  # before the figures are computed: a data workbook fails fast
    return write_results_workbook(
        market, path, results_tables(market, table, language=language), language
    )
