"""Write result tables for people: CSV, Excel or Parquet, and the manager's results workbook.

``write_table(table, path)`` writes any table, the format chosen by the file's extension.
``write_results(market, path)`` writes the workbook a sales manager keeps (what
``kamkit segment DATA --out results.xlsx`` writes):

Summary
    One row per territory (and a total row): accounts, accounts by lifecycle stage and by
    quadrant, revenue, potential, gap to potential, and accounts on the pursuit list; above
    it, the source, the as-of date and the window.
one sheet per territory
    One row per account: stage, ABC class, revenue, potential, share of wallet, quadrant,
    gap, last purchase, last interaction, pursuit priority and visit cadence. Sorted by
    priority (the pursuit list first), then revenue high to low. Stages and quadrants are
    coloured (conditional formatting), the top 10 priorities stand out, the header is frozen
    and filters are on.
Parameters
    The settings the results were computed with (``name`` / ``value`` as in the data
    workbook, with the as-of date actually used) and their meaning.

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
import math
import re
from pathlib import Path

import numpy as np
import pandas as pd

from kamkit.core.atomic import atomic_path
from kamkit.core.errors import KamkitError
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

#: Columns of a territory sheet of the results workbook, in order.
RESULT_COLUMNS = (
    "account_id",
    "name",
    "salesperson",
    "segment",
    "stage",
    "abc_class",
    "revenue",
    "purchase_months",
    "potential",
    "potential_estimated",
    "share_of_wallet",
    "quadrant",
    "gap",
    "last_purchase",
    "last_visit",
    "visits",
    "days_since_contact",
    "priority",
    "cadence",
)
#: Fill colour of each lifecycle stage and quadrant in workbooks and visit cards.
STAGE_COLOURS = {
    "untouched": "#E7E6E6",
    "approached": "#FFF2CC",
    "occasional": "#E2EFDA",
    "regular": "#A9D08E",
    "lapsed": "#F8CBAD",
}
QUADRANT_COLOURS = {
    "key": "#FFD966",
    "conquer": "#F4B084",
    "maintain": "#BDD7EE",
    "monitor": "#E7E6E6",
}

_SEGMENT_NEEDS = {"account_id", "territory", "stage", "quadrant", "priority"}
_MONEY = "#,##0"
_SHARE = "0.0%"
_TOP_PRIORITY = 10
_RESULTS_TITLE = "kamkit results"

#: Where the words of ``_t`` live in the catalogue: the sheet names, the cadences, the rest.
_SHEETS = ("summary", "parameters")
_CADENCES = ("every 2 weeks", "monthly", "quarterly")


def _t(key: str, language: str, **fields) -> str:
    """The results workbook's word ``key`` in ``language`` (catalogue: ``workbook.sheet.*``
    for sheet names, ``workbook.results.cadence.*`` for cadences, else ``workbook.results.*``)."""
    if key in _SHEETS:
        entry = f"workbook.sheet.{key}"
    elif key in _CADENCES:
        entry = f"workbook.results.cadence.{key}"
    else:
        entry = f"workbook.results.{key}"
    text = catalogue.word(entry, language)
    return text.format(**fields) if fields else text


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
    if suffix == ".xlsx" and market is not None and _SEGMENT_NEEDS <= set(table.columns):
        return write_results(market, path, table=table, language=language)
    if suffix == ".xlsx":
        _refuse_data_workbook(path)
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
            _write_xlsx(table, tmp, market=market, sheet=sheet)
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


# -- cells ------------------------------------------------------------------------------------


def _kind(values: pd.Series) -> str:
    dtype = values.dtype
    if pd.api.types.is_bool_dtype(dtype):
        return "bool"
    if pd.api.types.is_datetime64_any_dtype(dtype):
        return "date"
    if isinstance(dtype, pd.CategoricalDtype):
        return "text"
    if pd.api.types.is_numeric_dtype(dtype):
        return "number"
    return "text"


def _missing(value) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def _write_cells(ws, row0: int, j: int, values: pd.Series, kind: str, fmt=None) -> None:
    """One column of cells from row ``row0``; text is always a string, never a formula."""
    from kamkit.files.writing import excel_serial

    if kind == "date":
        serials, _times = excel_serial(values)
        for i, s in enumerate(serials, start=row0):
            if s is not None:
                ws.write_number(i, j, s, fmt)
        return
    for i, v in enumerate(values.astype(object).tolist(), start=row0):
        if _missing(v):
            continue
        if kind == "bool" or isinstance(v, (bool, np.bool_)):
            ws.write_boolean(i, j, bool(v), fmt)
        elif isinstance(v, (int, float, np.integer, np.floating)):
            if math.isfinite(float(v)):
                ws.write_number(i, j, float(v), fmt)
        else:
            ws.write_string(i, j, str(v), fmt)


def _width(header: str, values: pd.Series, kind: str) -> float:
    if kind == "text":
        lengths = values.astype(object).map(lambda v: 0 if _missing(v) else len(str(v)))
        content = int(lengths.max()) if len(lengths) else 0
    else:
        content = {"date": 11, "bool": 6, "number": 12}[kind]
    return float(min(max(len(header), content, 6) + 2, 45))


def _write_xlsx(table: pd.DataFrame, path: Path, *, market=None, sheet: str) -> None:
    from kamkit.files.writing import workbook

    book = workbook(path, "kamkit table")
    try:
        header = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
        formats = {
            "date": book.add_format({"num_format": "yyyy-mm-dd"}),
            "number": book.add_format({"num_format": "#,##0.00"}),
        }
        ws = book.add_worksheet(_sheet_names([sheet])[sheet])
        for j, col in enumerate(table.columns):
            values = table[col]
            kind = _kind(values)
            ws.write_string(0, j, str(col), header)
            ws.set_column(j, j, _width(str(col), values, kind))
            fmt = (
                formats["number"]
                if pd.api.types.is_float_dtype(values.dtype)
                else formats.get(kind)
                if kind == "date"
                else None
            )
            _write_cells(ws, 1, j, values, kind, fmt)
        ws.freeze_panes(1, 0)
        ws.autofilter(0, 0, len(table), max(len(table.columns) - 1, 0))
        if market is not None:
            _parameters_sheet(book, market, "en", header, name="Parameters")
    finally:
        book.close()


# -- sheet names ------------------------------------------------------------------------------

_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\\x00-\x1f]")


def _sheet_names(names, reserved=()) -> dict[str, str]:
    """A valid, unique Excel sheet name for each name (at most 31 characters, no ``[]:*?/\\``).

    Names already valid are kept as they are; ``reserved`` names (compared without case, as
    Excel does) are avoided. Clashes get a numbered suffix: ``"Sul (2)"``.
    """
    taken = {r.casefold() for r in reserved} | {"history"}
    out: dict[str, str] = {}
    for name in dict.fromkeys(names):
        base = _BAD_SHEET_CHARS.sub("-", str(name)).strip().strip("'").strip() or "-"
        base = base[:31]
        candidate, k = base, 2
        while candidate.casefold() in taken:
            suffix = f" ({k})"
            candidate = base[: 31 - len(suffix)] + suffix
            k += 1
        taken.add(candidate.casefold())
        out[name] = candidate
    return out


# -- the results workbook ---------------------------------------------------------------------


def _refuse_data_workbook(path: Path) -> None:
    """Never replace a data workbook (one with a Sales sheet that kamkit's results lack)."""
    if not path.is_file():
        return
    try:
        import python_calamine as pc

        sheets = pc.CalamineWorkbook.from_path(str(path)).sheet_names
    except Exception:  # not a workbook we can read: not a data workbook either
        return
    from kamkit.files.readers import table_for_name

    if any(table_for_name(s) == "sales" for s in sheets) and not _is_results(path):
        raise KamkitError(catalogue.text("workbook.results.holds_data").format(path=path))


def _is_results(path: Path) -> bool:
    import zipfile

    try:
        with zipfile.ZipFile(path) as z:
            core = z.read("docProps/core.xml").decode("utf-8", "replace")
    except (OSError, KeyError, zipfile.BadZipFile):
        return False
    return f"<dc:title>{_RESULTS_TITLE}</dc:title>" in core


def _segmentation():
    """The module of ``segment``, ``STAGES``, ``QUADRANTS`` and ``window``."""
    from kamkit.analysis import segmentation

    return segmentation


def _segment_table(market) -> pd.DataFrame:
    return _segmentation().segment(market)


def _cadence_codes(priority: pd.Series) -> pd.Series:
    """Visit cadence of each pursuit rank (``kamkit.analysis.pursuit.CADENCES``), NA off the list."""
    from kamkit.analysis.pursuit import CADENCE_RANKS, CADENCES

    rank = priority.to_numpy(dtype="float64", na_value=np.nan)
    index = np.searchsorted(np.asarray(CADENCE_RANKS), np.nan_to_num(rank, nan=0), side="left")
    codes = np.where(np.isnan(rank), -1, index).astype(np.int8)
    return pd.Series(
        pd.Categorical.from_codes(codes, categories=list(CADENCES), ordered=True),
        index=priority.index,
        name="cadence",
    )


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
    The sheets are described in the module docstring. Summary figures are sums and counts of
    the table's rows, so they agree with it exactly. Accounts without a territory get a sheet
    of their own, "(no territory)".

    Examples
    --------
    >>> kk.export.write_results(market, "results.xlsx", language="pt-BR")  # doctest: +SKIP
    """
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
    if table is None:
        table = _segment_table(market)
    missing = _SEGMENT_NEEDS - set(table.columns)
    if missing:
        raise KamkitError(
            catalogue.text("workbook.results.not_segment").format(
                missing=", ".join(sorted(missing))
            )
        )
    _refuse_data_workbook(path)
    with atomic_path(path) as tmp:
        _write_results(market, tmp, table, language)
    return path


class _ResultStyles:
    def __init__(self, book, language: str):
        from kamkit.files.writing import DATE_FORMATS

        self.header = book.add_format(
            {"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True, "valign": "top"}
        )
        self.title = book.add_format({"bold": True, "font_size": 14})
        self.total = book.add_format({"bold": True, "top": 1})
        self.total_money = book.add_format({"bold": True, "top": 1, "num_format": _MONEY})
        self.money = book.add_format({"num_format": _MONEY})
        self.share = book.add_format({"num_format": _SHARE})
        self.date = book.add_format({"num_format": DATE_FORMATS[language]})
        self.top = book.add_format({"bold": True, "font_color": "#9C0006", "bg_color": "#FFC7CE"})
        colours = {**STAGE_COLOURS, **QUADRANT_COLOURS}
        self.fills = {
            code: book.add_format({"bg_color": colour}) for code, colour in colours.items()
        }
        self.header_fills = {
            code: book.add_format(
                {"bold": True, "bg_color": colour, "border": 1, "text_wrap": True, "valign": "top"}
            )
            for code, colour in colours.items()
        }


def _column_format(name: str, styles: _ResultStyles):
    if name in ("revenue", "potential", "gap"):
        return styles.money
    if name == "share_of_wallet":
        return styles.share
    if name in ("last_purchase", "last_visit", "first_purchase"):
        return styles.date
    return None


def _shown(table: pd.DataFrame, language: str) -> pd.DataFrame:
    """The territory-sheet columns, codes turned into labels, sorted for a manager."""
    from kamkit.presentation.i18n import label

    out = table.copy()
    out["cadence"] = _cadence_codes(out["priority"])
    order = np.lexsort(
        (
            out["account_id"].astype(str).to_numpy(),
            -out["revenue"].to_numpy(dtype="float64"),
            out["priority"].to_numpy(dtype="float64", na_value=np.inf),
        )
    )
    out = out.iloc[order].reset_index(drop=True)
    for col in ("stage", "quadrant"):
        out[col] = (
            out[col].astype(object).map(lambda v: None if _missing(v) else label(v, language))
        )
    out["cadence"] = (
        out["cadence"].astype(object).map(lambda v: None if _missing(v) else _t(v, language))
    )
    return out[[c for c in RESULT_COLUMNS if c in out.columns]]


def _write_results(market, tmp: Path, table: pd.DataFrame, language: str) -> None:
    from kamkit.files.writing import workbook

    book = workbook(tmp, _RESULTS_TITLE)
    try:
        styles = _ResultStyles(book, language)
        summary_name, parameters_name = _t("summary", language), _t("parameters", language)
        territory = table["territory"].astype(object)
        territory = territory.where(territory.notna() & (territory != ""), None)
        keys = sorted({t for t in territory if t is not None})
        if territory.isna().any():
            keys.append(None)
        shown_names = {k: (_t("no_territory", language) if k is None else k) for k in keys}
        sheet_of = _sheet_names(
            [shown_names[k] for k in keys], reserved=(summary_name, parameters_name)
        )
        summary = book.add_worksheet(summary_name)
        for k in keys:
            rows = table[(territory == k).to_numpy() if k is not None else territory.isna()]
            ws = book.add_worksheet(sheet_of[shown_names[k]])
            _territory_sheet(ws, rows, language, styles)
        _summary_sheet(summary, market, table, territory, keys, shown_names, language, styles)
        _parameters_sheet(
            book, market, language, styles.header, name=parameters_name, date_format=styles.date
        )
        summary.activate()
    finally:
        book.close()


def _territory_sheet(ws, rows: pd.DataFrame, language: str, styles: _ResultStyles) -> None:
    from kamkit.presentation.i18n import label

    shown = _shown(rows, language)
    n = len(shown)
    for j, col in enumerate(shown.columns):
        header = label(col, language)
        values = shown[col]
        kind = _kind(values)
        ws.write_string(0, j, header, styles.header)
        ws.set_column(
            j,
            j,
            _width(header, values, kind)
            if kind == "text"
            else max(12.0, min(len(header) + 2.0, 18.0)),
            _column_format(col, styles),
        )
        _write_cells(ws, 1, j, values, kind, _column_format(col, styles))
    ws.set_row(0, 30)
    ws.freeze_panes(1, 2)
    ws.autofilter(0, 0, max(n, 1), len(shown.columns) - 1)
    last = max(n, 1)
    cols = list(shown.columns)
    for col, colours in (("stage", STAGE_COLOURS), ("quadrant", QUADRANT_COLOURS)):
        if col not in cols:
            continue
        j = cols.index(col)
        for code in colours:
            text = label(code, language).replace('"', '""')
            ws.conditional_format(
                1,
                j,
                last,
                j,
                {
                    "type": "cell",
                    "criteria": "==",
                    "value": f'"{text}"',
                    "format": styles.fills[code],
                },
            )
    if "priority" in cols:
        j = cols.index("priority")
        ws.conditional_format(
            1,
            j,
            last,
            j,
            {
                "type": "cell",
                "criteria": "between",
                "minimum": 1,
                "maximum": _TOP_PRIORITY,
                "format": styles.top,
            },
        )


def _summary_frame(table: pd.DataFrame, territory: pd.Series, keys: list) -> pd.DataFrame:
    """Counts and sums per territory key (None = no territory), then the total row."""
    seg = _segmentation()

    groups = territory.map(lambda t: "\x00none" if t is None else t)
    rows = []
    for k in keys + ["\x00total"]:
        if k == "\x00total":
            part = table
        else:
            part = table[(groups == ("\x00none" if k is None else k)).to_numpy()]
        row = {"accounts": len(part)}
        stage = part["stage"].astype(object)
        for s in seg.STAGES:
            row[s] = int((stage == s).sum())
        quadrant = part["quadrant"].astype(object)
        for q in seg.QUADRANTS:
            row[q] = int((quadrant == q).sum())
        for col in ("revenue", "potential", "gap"):
            row[col] = (
                float(np.nansum(part[col].to_numpy(dtype="float64"))) if col in part else np.nan
            )
        row["pursuit"] = int(part["priority"].notna().sum())
        rows.append(row)
    return pd.DataFrame(rows)


def _summary_sheet(
    ws, market, table, territory, keys, shown_names, language: str, styles: _ResultStyles
) -> None:
    from kamkit.presentation.i18n import TOTAL, label

    seg = _segmentation()
    STAGES, QUADRANTS = seg.STAGES, seg.QUADRANTS  # noqa: N806

    frame = _summary_frame(table, territory, keys)
    start, end = seg.window(market)
    fmt = "%d/%m/%Y" if language == "pt-BR" else "%Y-%m-%d"
    ws.write_string(0, 0, _t("title", language), styles.title)
    ws.write_string(
        1,
        0,
        _t(
            "as_of",
            language,
            as_of=f"{market.as_of:{fmt}}",
            start=f"{start:{fmt}}",
            end=f"{end:{fmt}}",
            months=market.parameters.lookback_months,
            source=market.source or "-",
        ),
    )
    head = 3
    columns = [
        "territory",
        "accounts",
        *STAGES,
        *QUADRANTS,
        "revenue",
        "potential",
        "gap",
        "pursuit",
    ]
    for j, col in enumerate(columns):
        text = _t("pursuit", language) if col == "pursuit" else label(col, language)
        ws.write_string(head, j, text, styles.header_fills.get(col, styles.header))
    names = [shown_names[k] for k in keys] + [label(TOTAL, language)]
    for i, (name, row) in enumerate(zip(names, frame.itertuples(index=False)), start=head + 1):
        total = i == head + len(frame)
        ws.write_string(i, 0, name, styles.total if total else None)
        for j, col in enumerate(columns[1:], start=1):
            value = getattr(row, col)
            money = col in ("revenue", "potential", "gap")
            fmt_cell = (
                (styles.total_money if total else styles.money)
                if money
                else (styles.total if total else None)
            )
            if isinstance(value, float) and math.isnan(value):
                continue
            ws.write_number(i, j, float(value), fmt_cell)
    ws.set_row(head, 45)
    ws.set_column(0, 0, max(22, *(len(n) + 2 for n in names)))
    ws.set_column(1, len(columns) - 1, 13)
    ws.freeze_panes(head + 1, 1)
    ws.autofilter(head, 0, head + len(frame) - 1, len(columns) - 1)


def _parameters_sheet(book, market, language: str, header, *, name: str, date_format=None) -> None:
    """``name`` / ``value`` (as in the data workbook), the as-of date used, and meanings."""
    from kamkit.core.schema import PARAMETERS
    from kamkit.files.writing import PARAMETER_HEADERS

    ws = book.add_worksheet(name)
    name_h, value_h = PARAMETER_HEADERS[language]
    ws.write_row(0, 0, [name_h, value_h, _t("meaning", language)], header)
    values = market.parameters.as_dict()
    values["as_of"] = market.as_of
    for i, (key, spec) in enumerate(PARAMETERS.items(), start=1):
        ws.write_string(i, 0, spec.label_pt if language == "pt-BR" else key)
        value = values[key]
        if isinstance(value, pd.Timestamp):
            if date_format is None:
                ws.write_string(i, 1, f"{value:%Y-%m-%d}")
            else:
                ws.write_datetime(i, 1, value.to_pydatetime(), date_format)
        elif isinstance(value, bool) or not isinstance(value, (int, float)):
            ws.write_string(i, 1, str(value))
        else:
            ws.write_number(i, 1, value)
        meaning = catalogue.word(f"workbook.meaning.parameters.{key}", language)
        ws.write_string(i, 2, meaning)
    ws.set_column(0, 0, 24)
    ws.set_column(1, 1, 14)
    ws.set_column(2, 2, 80)
    ws.freeze_panes(1, 0)
