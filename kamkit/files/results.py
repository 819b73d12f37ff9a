"""The manager's results workbook, written to a file: the sheets, their formats and colours.

The figures come from :func:`kamkit.analysis.tables.results_tables` (the outputs compute them and
pass them here): this module only lays them out. The sheets:

Summary
    One row per territory (and a total row): accounts, accounts by lifecycle stage and by
    quadrant, revenue, potential, gap to potential, and accounts on the pursuit list; above
    it, the source, the as-of date and the window.
one sheet per territory
    One row per account: stage, ABC class, revenue, potential, share of wallet, quadrant,
    gap, last purchase, last interaction, pursuit priority and visit cadence. Sorted by
    priority (the pursuit list first), then revenue high to low. Stages and quadrants are
    coloured (conditional formatting, :mod:`kamkit.presentation.palette`), the top 10
    priorities stand out, the header is frozen and filters are on.
Contacts, Plans, Actions (Contatos, Planos, Ações)
    When the market has account plans: the account-plan tables of these accounts as loaded,
    headers and choice words in the workbook's language as the template writes them (so the
    sheets load back), dates as dates.
Account plans (Planos de conta)
    One row per planned account: objectives, total target, gap, open and overdue actions, and
    the gaps in the relationship and the problems of the plan named.
Parameters
    The settings the results were computed with (``name`` / ``value`` as in the data
    workbook, with the as-of date actually used) and their meaning.

Also the plain workbook of any table (:func:`write_table_workbook`), valid sheet names
(:func:`sheet_names`) and the guard that never lets a results file replace a data workbook
(:func:`refuse_data_workbook`). Text is always written as text, never as a formula.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd

from kamkit.core.atomic import atomic_path
from kamkit.core.errors import KamkitError
from kamkit.core.schema import SEGMENT_COLUMNS
from kamkit.presentation import catalogue, palette
from kamkit.presentation.names import sheet_names

__all__ = [
    "write_results_workbook",
    "write_table_workbook",
    "refuse_data_workbook",
    "sheet_names",
    "results_word",
    "RESULT_COLUMNS",
    "RESULTS_TITLE",
    "STAGE_COLOURS",
    "QUADRANT_COLOURS",
]

#: Columns of a territory sheet of the results workbook, in order.
RESULT_COLUMNS = (
    *(c for c in SEGMENT_COLUMNS if c not in ("territory", "first_purchase")),
    "cadence",
)
#: Fill colour of each lifecycle stage and quadrant in workbooks and visit cards: the palette's
#: colour, lightened for a cell.
STAGE_COLOURS = {code: palette.tint(colour) for code, colour in palette.STAGE.items()}
QUADRANT_COLOURS = {code: palette.tint(colour) for code, colour in palette.QUADRANT.items()}
#: The document title that marks a workbook as kamkit's results (it may be replaced).
RESULTS_TITLE = "kamkit results"

_MONEY = "#,##0"
_SHARE = "0.0%"
_TOP_PRIORITY = 10
_SHEETS = ("summary", "parameters")
_CADENCES = ("every 2 weeks", "monthly", "quarterly")


def results_word(key: str, language: str, **fields) -> str:
    """A word of the results workbook in ``language`` (catalogue: ``workbook.sheet.*`` for the
    sheet names, ``workbook.results.cadence.*`` for the cadences, else ``workbook.results.*``),
    its fields filled."""
    if key in _SHEETS:
        entry = f"workbook.sheet.{key}"
    elif key in _CADENCES:
        entry = f"workbook.results.cadence.{key}"
    else:
        entry = f"workbook.results.{key}"
    text = catalogue.word(entry, language)
    return text.format(**fields) if fields else text


_t = results_word


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


def write_table_workbook(table: pd.DataFrame, path: Path, *, market=None, sheet: str) -> None:
    """Any table as a plain workbook at ``path`` (not atomic: give a temporary path): one sheet
    with a bold header, filters, dates and amounts formatted; a Parameters sheet when the
    ``market`` it was computed from is given."""
    from kamkit.files.writing import workbook

    book = workbook(path, "kamkit table")
    try:
        header = book.add_format({"bold": True, "bg_color": palette.HEADER, "border": 1})
        formats = {
            "date": book.add_format({"num_format": "yyyy-mm-dd"}),
            "number": book.add_format({"num_format": "#,##0.00"}),
        }
        ws = book.add_worksheet(sheet_names([sheet])[sheet])
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
            _parameters_sheet(book, market, "en", header, name=_t("parameters", "en"))
    finally:
        book.close()


# -- sheet names ------------------------------------------------------------------------------

# -- the results workbook ---------------------------------------------------------------------


def refuse_data_workbook(path: Path) -> None:
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
    return f"<dc:title>{RESULTS_TITLE}</dc:title>" in core


class _ResultStyles:
    def __init__(self, book, language: str):
        from kamkit.files.writing import DATE_FORMATS

        self.header = book.add_format(
            {
                "bold": True,
                "bg_color": palette.HEADER,
                "border": 1,
                "text_wrap": True,
                "valign": "top",
            }
        )
        self.title = book.add_format({"bold": True, "font_size": 14})
        self.total = book.add_format({"bold": True, "top": 1})
        self.total_money = book.add_format({"bold": True, "top": 1, "num_format": _MONEY})
        self.money = book.add_format({"num_format": _MONEY})
        self.share = book.add_format({"num_format": _SHARE})
        self.date = book.add_format({"num_format": DATE_FORMATS[language]})
        self.top = book.add_format(
            {"bold": True, "font_color": palette.PRIORITY_TEXT, "bg_color": palette.PRIORITY_FILL}
        )
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


def _kam_sheets(book, results, language: str, styles: _ResultStyles, *, taken) -> None:
    """The sheets of the alerts and the whitespace (issue 14), when the results have them:
    every row the territory report's tables cut."""
    from kamkit.presentation.i18n import label

    word = catalogue.word
    taken = set(taken) | set(book.sheetnames)
    if results.alerts is not None:
        a = results.alerts
        shown = pd.DataFrame(
            {
                label("account_id", language): a["account_id"],
                label("name", language): a["name"],
                label("territory", language): a["territory"],
                word("kam.lesson.warning", language): [
                    word(f"kam.kind.{k}", language) for k in a["kind"]
                ],
                word("kam.lesson.detail", language): a["detail"],
            }
        )
        name = _free_name(word("kam.sheet.alerts", language), taken)
        _plain_sheet(book.add_worksheet(name), shown, styles, money=())
    if results.whitespace is not None:
        w = results.whitespace
        value = word("kam.label.whitespace_value", language)
        shown = pd.DataFrame(
            {
                label("account_id", language): w["account_id"],
                label("name", language): w["name"],
                label("territory", language): w["territory"],
                label("quadrant", language): [
                    None if _missing(q) else label(q, language) for q in w["quadrant"]
                ],
                word("kam.lesson.families", language): w["families"],
                value: w["whitespace_value"],
                word("kam.label.cross_sell_rank", language): w["cross_sell_rank"],
            }
        )
        name = _free_name(word("kam.sheet.whitespace", language), taken)
        _plain_sheet(book.add_worksheet(name), shown, styles, money=(value,))


def _plan_table(frame: pd.DataFrame, table: str, language: str) -> pd.DataFrame:
    """A plan table as the template writes it: headers and choice words in ``language``."""
    from kamkit.core.schema import TABLES

    spec = TABLES[table]
    out = {}
    for column in spec.columns:
        values = frame[column.name]
        if column.choices and language == "pt-BR":
            words = dict(zip(column.choices, column.choices_pt))
            values = pd.Series([words.get(v, v) for v in values.astype(object)], dtype=object)
        header = column.label_pt if language == "pt-BR" else column.name
        out[header] = values.reset_index(drop=True)
    return pd.DataFrame(out)


def _named(codes, kind: str, language: str) -> str:
    """Codes of gaps or problems as their sentences, each once, ``(n)`` when repeated."""
    counts: dict[str, int] = {}
    for code in codes:
        counts[code] = counts.get(code, 0) + 1
    return "; ".join(
        catalogue.word(f"plans.{kind}.{code}", language) + (f" ({n})" if n > 1 else "")
        for code, n in counts.items()
    )


def _plan_sheets(book, results, language: str, styles: _ResultStyles) -> None:
    """The account-plan sheets (contacts, plans, actions and their summary), when the results
    have them."""
    from kamkit.core.schema import TABLES
    from kamkit.presentation.i18n import label

    if results.account_plans is None:
        return
    word = catalogue.word
    taken = set(book.sheetnames)
    summary = results.account_plans
    target, gap = word("plans.sheet.total_target", language), label("gap", language)
    shown = pd.DataFrame(
        {
            label("account_id", language): summary["account_id"],
            label("name", language): summary["name"],
            label("territory", language): summary["territory"],
            word("plans.sheet.objectives", language): summary["objectives"],
            target: summary["total_target"],
            gap: summary["gap"],
            word("plans.sheet.open_actions", language): summary["open_actions"],
            word("plans.sheet.overdue_actions", language): summary["overdue_actions"],
            word("plans.sheet.gaps", language): [
                _named(c, "gap", language) for c in summary["gaps"]
            ],
            word("plans.sheet.problems", language): [
                _named(c, "problem", language) for c in summary["problems"]
            ],
        }
    )
    name = _free_name(word("plans.sheet.plans", language), taken)
    taken.add(name)
    _plain_sheet(book.add_worksheet(name), shown, styles, money=(target, gap))
    for table in ("contacts", "plans", "actions"):
        spec = TABLES[table]
        name = _free_name(spec.sheet_pt if language == "pt-BR" else spec.sheet, taken)
        taken.add(name)
        frame = _plan_table(getattr(results, table), table, language)
        money = tuple(
            (c.label_pt if language == "pt-BR" else c.name)
            for c in spec.columns
            if c.kind == "number"
        )
        ws = book.add_worksheet(name)
        _plain_sheet(ws, frame, styles, money=money, dates=styles.date)


def _free_name(name: str, taken: set) -> str:
    """``name``, or ``name (2)``... when a territory's sheet already has it."""
    return sheet_names([name], reserved=tuple(taken))[name]


def _plain_sheet(ws, table: pd.DataFrame, styles: _ResultStyles, *, money, dates=None) -> None:
    """A table as it is: a frozen header with filters, money columns formatted (and date
    columns, given their format)."""
    for j, col in enumerate(table.columns):
        values = table[col]
        kind = _kind(values)
        ws.write_string(0, j, str(col), styles.header)
        ws.set_column(j, j, _width(str(col), values, kind))
        fmt = styles.money if col in money else dates if kind == "date" else None
        _write_cells(ws, 1, j, values, kind, fmt)
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, max(len(table), 1), max(len(table.columns) - 1, 0))


def _column_format(name: str, styles: _ResultStyles):
    if name in ("revenue", "potential", "gap"):
        return styles.money
    if name == "share_of_wallet":
        return styles.share
    if name in ("last_purchase", "last_visit", "first_purchase"):
        return styles.date
    return None


def _shown(rows: pd.DataFrame, language: str) -> pd.DataFrame:
    """The territory-sheet columns of rows already in order, codes turned into labels."""
    from kamkit.presentation.i18n import label

    out = rows.copy()
    for col in ("stage", "quadrant"):
        out[col] = (
            out[col].astype(object).map(lambda v: None if _missing(v) else label(v, language))
        )
    out["cadence"] = (
        out["cadence"].astype(object).map(lambda v: None if _missing(v) else _t(v, language))
    )
    return out[[c for c in RESULT_COLUMNS if c in out.columns]]


def write_results_workbook(market, path, results, language: str) -> Path:
    """Write the results workbook of ``market`` to ``path``, atomically.

    Parameters
    ----------
    market : Market
        Its source, as-of date and parameters are recorded.
    path : path-like
        An ``.xlsx`` file; an existing data workbook is never replaced
        (:func:`refuse_data_workbook`), a results workbook is.
    results : kamkit.analysis.tables.Results
        The figures to show (:func:`kamkit.analysis.tables.results_tables`).
    language : {"en", "pt-BR"}
    """
    path = Path(path)
    refuse_data_workbook(path)
    with atomic_path(path) as tmp:
        _write_results(market, tmp, results, language)
    return path


def _write_results(market, tmp: Path, results, language: str) -> None:
    from kamkit.files.writing import workbook

    book = workbook(tmp, RESULTS_TITLE)
    try:
        styles = _ResultStyles(book, language)
        summary_name, parameters_name = _t("summary", language), _t("parameters", language)
        keys = list(results.territories)
        shown_names = {k: (_t("no_territory", language) if k is None else k) for k in keys}
        sheet_of = sheet_names(
            [shown_names[k] for k in keys], reserved=(summary_name, parameters_name)
        )
        summary = book.add_worksheet(summary_name)
        for k in keys:
            ws = book.add_worksheet(sheet_of[shown_names[k]])
            _territory_sheet(ws, results.territory_rows(k), language, styles)
        _kam_sheets(book, results, language, styles, taken={summary_name, parameters_name})
        _plan_sheets(book, results, language, styles)
        _summary_sheet(summary, market, results, shown_names, language, styles)
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


def _summary_sheet(ws, market, results, shown_names, language: str, styles: _ResultStyles) -> None:
    from kamkit.presentation.i18n import TOTAL, format_date, label

    frame = results.summary
    start, end = results.window
    ws.write_string(0, 0, _t("title", language), styles.title)
    ws.write_string(
        1,
        0,
        _t(
            "as_of",
            language,
            as_of=format_date(market.as_of, language),
            start=format_date(start, language),
            end=format_date(end, language),
            months=market.parameters.lookback_months,
            source=market.source or "-",
        ),
    )
    head = 3
    columns = ["territory", *frame.columns]
    for j, col in enumerate(columns):
        text = _t("pursuit", language) if col == "pursuit" else label(col, language)
        ws.write_string(head, j, text, styles.header_fills.get(col, styles.header))
    names = [shown_names[k] for k in results.territories] + [label(TOTAL, language)]
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
    from kamkit.presentation.i18n import format_date

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
                ws.write_string(i, 1, format_date(value, "en"))
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
