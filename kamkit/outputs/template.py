"""The Excel template: a workbook a sales team fills in by hand, and kamkit reads back as it is.

KAM does not need big IT to start: a well-parameterised spreadsheet is enough. ``write_template``
writes that spreadsheet, in English or Brazilian Portuguese:

Instructions
    What each sheet is, how to fill it, every column with its meaning and an example row.
Parameters
    Every analysis setting with its default, meaning and allowed range; the value cells are
    validated (Excel refuses a share of 1.5 or a window of 0 months), the rest is protected
    against accidental edits (no password: Review > Unprotect Sheet).
Accounts, Sales, Visits
    The three tables of the data model (``kamkit.core.schema``) with frozen, bold, coloured
    headers (darker = required) in the chosen language; account codes formatted as text (so
    ``007`` keeps its zeros), amounts as numbers, dates as dates; number and date validation,
    unique account codes, and drop-down lists for the territory, the visit kind and the
    account plan's target stage. Selecting a cell shows what the column means.
Lists
    The drop-down lists: territories (the team writes its own), lifecycle stages, visit kinds.
    The drop-downs grow with the lists (dynamic named ranges ``kk_territories``,
    ``kk_stages``, ``kk_visit_kinds``).
Contacts, Plans, Actions
    The account-plan tables (optional): who is who at an account, the objectives with their
    targets, and the actions with owner, due date and status. Codes as text, dates as dates,
    a target of 0 or more, and drop-down lists of the words of influence, relationship and
    status in the template's language (``decisor``, ``em andamento``... in pt-BR; the loader
    reads the English codes too). The Instructions sheet explains them.

The Accounts sheet has one column beyond the data model, ``target_stage`` (Portuguese header
``estágio alvo``, optional): the stage the account plan aims for. kamkit always computes the
current stage itself; ``kamkit.load`` keeps the target as an extra account column, and the
visit cards show it.

Headers and sheet names are the data model's, so :func:`kamkit.load` reads a filled template in
either language. With ``market=`` the template is filled with that market's data (for example
to move CSV exports into a workbook the team keeps).
"""

from __future__ import annotations

import datetime as _dt
import os
from pathlib import Path
from typing import TYPE_CHECKING

from kamkit.core.atomic import atomic_path
from kamkit.core.errors import KamkitError
from kamkit.core.schema import (
    LANGUAGES,
    PARAMETERS,
    PLAN_TABLES,
    TABLES,
    TARGET_STAGE,
    Table,
    normalise_header,
)
from kamkit.presentation import catalogue, palette
from kamkit.presentation.i18n import VISIT_KINDS

if TYPE_CHECKING:  # annotations only: pandas loads when a file is written
    import pandas as pd

    from kamkit.model.market import Market

__all__ = [
    "write_template",
    "SHEETS",
    "DATA_TABLES",
    "PLAN_TABLE_KEYS",
    "choice_word",
    "choice_list",
    "TARGET_STAGE",
    "VISIT_KINDS",
    "MAX_ROW",
]

#: Sheet names of the template, per language, in workbook order.
SHEETS = catalogue.Words(
    *(
        f"workbook.sheet.{sheet}"
        for sheet in (
            "instructions",
            "parameters",
            "accounts",
            "sales",
            "visits",
            "lists",
            "contacts",
            "plans",
            "actions",
        )
    )
)
#: The data sheets of the template, by table, in workbook order (the account-plan sheets, which
#: are optional, after the Lists sheet).
DATA_TABLES = ("accounts", "sales", "visits", "contacts", "plans", "actions")
#: The keys of the account-plan sheets in ``SHEETS`` (after the Lists sheet).
PLAN_TABLE_KEYS = ("contacts", "plans", "actions")
#: Last row (1-based, as Excel shows it) that validations and formats cover.
MAX_ROW = 1_048_576

_NAMES = {"territory": "kk_territories", "stage": "kk_stages", "kind": "kk_visit_kinds"}
_DATE_RANGE = (_dt.date(1990, 1, 1), _dt.date(2100, 12, 31))
_AMOUNT_LIMIT = 1e12
_HEADER_COLOURS = {
    "required": palette.HEADER_REQUIRED,
    "optional": palette.HEADER,
}  # darker = required
_BLANK_WIDTHS = {
    "name": 36,
    "objective": 48,
    "action": 48,
    "role": 28,
    "influence": 16,
    "relationship": 16,
    "notes": 48,
    "outcome": 24,
    "id": 14,
    "text": 18,
    "number": 16,
    "date": 14,
}

_EXAMPLES = {
    "accounts": {
        "account_id": "C-00001",
        "name": "Ferragens Exemplo Ltda",
        "territory": "Sul",
        "salesperson": "Ana Souza",
        "segment": "Indústria",
        "potential": 120000.0,
        "city": "Curitiba",
        "state": "PR",
        "target_stage": "regular",
    },
    "sales": {
        "account_id": "C-00001",
        "date": _dt.datetime(2026, 3, 15),
        "amount": 1250.5,
        "product": "Luva nitrílica",
        "family": "EPI",
    },
    "visits": {
        "account_id": "C-00001",
        "date": _dt.datetime(2026, 3, 10),
        "kind": "visit",
        "salesperson": "Ana Souza",
        "outcome": "orçamento enviado",
        "notes": "Comprador pediu catálogo; retornar em abril",
    },
    "contacts": {
        "account_id": "C-00001",
        "name": "Rita Prates",
        "role": "Diretora Industrial",
        "influence": "decision_maker",
        "relationship": "supporter",
        "last_contact": _dt.datetime(2026, 3, 10),
    },
    "plans": {
        "account_id": "C-00001",
        "objective": "Primeiro pedido de EPI até dezembro",
        "target": 60000.0,
        "review_date": _dt.datetime(2026, 6, 30),
    },
    "actions": {
        "account_id": "C-00001",
        "action": "Apresentar o catálogo de EPI",
        "owner": "Ana Souza",
        "due_date": _dt.datetime(2026, 4, 15),
        "status": "in_progress",
        "contact": "Rita Prates",
    },
}


def _example(table: str, name: str, language: str):
    """The example value of a column, in the language where it is a word (visit kind, stage)."""
    value = _EXAMPLES[table][name]
    if (table, name) == ("visits", "kind"):
        return VISIT_KINDS[language][0]
    if (table, name) == ("accounts", TARGET_STAGE[0]):
        return stage_value(value, language)
    if table in PLAN_TABLES and PLAN_TABLES[table].column(name).choices:
        return choice_word(PLAN_TABLES[table].column(name), value, language)
    return value


def choice_word(column, code: str, language: str) -> str:
    """A choice (influence, relationship, status) as the template of ``language`` offers it:
    the English code in en, the Portuguese word in pt-BR."""
    if language == "pt-BR" and code in column.choices:
        return column.choices_pt[column.choices.index(code)]
    return code


def choice_list(column, language: str) -> list[str]:
    """The words of a choice column's drop-down list in ``language``."""
    return list(column.choices_pt if language == "pt-BR" else column.choices)


def _t(key: str, language: str, **fields) -> str:
    """The template's word ``key`` (catalogue entry ``workbook.template.<key>``, a dot in
    ``key`` written ``_``) in ``language``, its fields filled."""
    text = catalogue.word("workbook.template." + key.replace(".", "_"), language)
    return text.format(**fields) if fields else text


def _meaning_pt(table: str, name: str) -> str:
    """The Portuguese meaning of a column (``table``) or a parameter (``"parameters"``)."""
    return catalogue.word(f"workbook.meaning.{table}.{name}", "pt-BR")


def _allowed_pt(name: str) -> str:
    """What the parameter ``name`` accepts, in Portuguese."""
    return catalogue.word(f"workbook.allowed.{name}", "pt-BR")


def write_template(
    path: str | os.PathLike,
    *,
    language: str | None = None,
    market: Market | None = None,
    overwrite: bool = False,
) -> Path:
    """Write the Excel template a team fills in, blank or filled with a market's data.

    Parameters
    ----------
    path : str or path-like
        The workbook to write; its name must end ``.xlsx``.
    language : {"en", "pt-BR"}, optional, keyword-only
        Language of sheet names, headers, lists, instructions and messages, and the language
        parameter the template holds. Default: the market's language parameter, else
        English. Both load with :func:`kamkit.load`.
    market : Market, optional, keyword-only
        Fill the sheets with this market's accounts, sales, visits and parameters, and the
        territory and visit-kind lists with its values. Without it the template is blank
        (the parameters hold their defaults). Either way the language parameter is
        ``language``.
    overwrite : bool, keyword-only
        Replace ``path`` if it exists. By default an existing file is never replaced, so a
        filled workbook cannot be lost to a blank template.

    Returns
    -------
    Path
        ``path``.

    Notes
    -----
    The sheets are described in the module docstring. Written atomically: the file appears
    only when complete. Text from the data is always written as text, never as a formula.

    Examples
    --------
    >>> kk.template.write_template("kam.xlsx", language="pt-BR")           # doctest: +SKIP
    >>> kk.template.write_template("kam.xlsx", market=kk.load("crm_csv/"))  # doctest: +SKIP
    """
    from kamkit.model.market import Market

    if language is None:
        language = market.parameters.language if isinstance(market, Market) else "en"
    if language not in LANGUAGES:
        raise KamkitError(
            catalogue.text("workbook.bad_language").format(
                language=language, allowed=", ".join(LANGUAGES)
            )
        )
    if market is not None and not isinstance(market, Market):
        raise KamkitError(
            catalogue.text("workbook.template.not_a_market").format(kind=type(market).__name__)
        )
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise KamkitError(catalogue.text("workbook.template.not_xlsx").format(name=path.name))
    if path.is_dir():
        raise KamkitError(catalogue.text("workbook.template.folder").format(path=path))
    if path.exists() and not overwrite:
        raise KamkitError(catalogue.text("workbook.template.exists").format(path=path))
    with atomic_path(path) as tmp:
        _write(tmp, language, market)
    return path


def _write(tmp: Path, language: str, market: Market | None) -> None:
    from kamkit.files import writing

    book = writing.workbook(tmp, "kamkit template")
    try:
        styles = _Styles(book, language)
        keys = ("instructions", "parameters", "accounts", "sales", "visits", "lists")
        names = dict(zip(keys + PLAN_TABLE_KEYS, SHEETS[language]))
        sheets = {key: book.add_worksheet(name) for key, name in names.items()}
        lists_sheet = names["lists"]
        _instructions(sheets["instructions"], language, styles, names)
        _parameters(sheets["parameters"], language, styles, market)
        for table in DATA_TABLES:
            _data_sheet(sheets[table], TABLES[table], language, styles, market, lists_sheet)
        _lists(book, sheets["lists"], language, styles, market)
        sheets["instructions"].activate()
    finally:
        book.close()


class _Styles:
    def __init__(self, book, language: str):
        from kamkit.files.writing import DATE_FORMATS
        from kamkit.files.writing import Styles as _Plain

        plain = _Plain(book, language)
        self.date, self.datetime, self.number = plain.date, plain.datetime, plain.number
        self.plain = plain
        date = DATE_FORMATS[language]
        base = {"bold": True, "bottom": 1, "text_wrap": False, "valign": "top"}
        self.required = book.add_format({**base, "bg_color": _HEADER_COLOURS["required"]})
        self.optional = book.add_format({**base, "bg_color": _HEADER_COLOURS["optional"]})
        self.title = book.add_format({"bold": True, "font_size": 14})
        self.bold = book.add_format({"bold": True})
        self.wrap = book.add_format({"text_wrap": True, "valign": "top"})
        self.text = book.add_format({"num_format": "@"})
        self.text_column = book.add_format({"num_format": "@"})
        self.date_column = book.add_format({"num_format": date})
        self.number_column = book.add_format({"num_format": "#,##0.00"})
        self.share = book.add_format({"num_format": "0.0%", "locked": False})
        self.int = book.add_format({"num_format": "0", "locked": False})
        self.input_date = book.add_format({"num_format": date, "locked": False})
        self.input_text = book.add_format({"num_format": "@", "locked": False})
        self.date_example = DATE_FORMATS[language]


def _column_meaning(table: str, name: str, meaning: str, language: str) -> str:
    return meaning if language == "en" else _meaning_pt(table, name)


# -- Instructions -------------------------------------------------------------------------------


def _instructions(ws, language: str, styles: _Styles, names: dict[str, str]) -> None:
    ws.set_column(0, 0, 22)
    ws.set_column(1, 1, 12)
    ws.set_column(2, 2, 16)
    ws.set_column(3, 3, 70, styles.wrap)
    ws.set_column(4, 4, 28)
    ws.write_string(0, 0, _t("title", language), styles.title)
    ws.merge_range(1, 0, 1, 4, _t("intro", language), styles.wrap)
    ws.set_row(1, 75)
    ws.merge_range(2, 0, 2, 4, _t("steps", language), styles.wrap)
    ws.set_row(2, 75)
    row = 4
    heads = [_t(k, language) for k in ("column", "required", "kind", "meaning", "example")]
    for key in DATA_TABLES:
        table = TABLES[key]
        need = _t("required_sheet" if table.required else "optional_sheet", language)
        meaning = (
            table.meaning
            if language == "en"
            else catalogue.word(f"workbook.sheet_meaning.{key}", "pt-BR")
        )
        ws.write_string(row, 0, f"{_t('sheet', language)} {names[key]} ({need})", styles.bold)
        ws.write_string(row, 3, meaning, styles.wrap)
        row += 1
        for j, head in enumerate(heads):
            ws.write_string(row, j, head, styles.optional)
        row += 1
        columns = [
            (c.name, c.kind, c.required, c.meaning, c.label_pt if language == "pt-BR" else c.name)
            for c in table.columns
        ]
        if key == "accounts":
            columns.append(
                (
                    TARGET_STAGE[0],
                    "text",
                    False,
                    _t("target.meaning", "en"),
                    _target_header(language),
                )
            )
        for name, kind, required, meaning, header in columns:
            ws.write_string(row, 0, header)
            ws.write_string(row, 1, _t("yes" if required else "no", language))
            ws.write_string(row, 2, _t(f"kind.{kind}", language))
            if name == TARGET_STAGE[0]:
                text = _t("target.meaning", language)
            else:
                text = _column_meaning(key, name, meaning, language)
            ws.write_string(row, 3, text, styles.wrap)
            _write_example(ws, row, 4, _example(key, name, language), styles)
            row += 1
        row += 1
    ws.write_string(row, 0, f"{_t('sheet', language)} {names['parameters']}", styles.bold)
    ws.write_string(row, 3, _t("parameters_sheet", language), styles.wrap)
    row += 2
    ws.write_string(row, 0, f"{_t('sheet', language)} {names['lists']}", styles.bold)
    ws.write_string(row, 3, _t("lists_sheet", language), styles.wrap)
    row += 2
    plan_sheets = ", ".join(names[key] for key in PLAN_TABLE_KEYS)
    ws.write_string(row, 0, f"{_t('sheet', language)} {plan_sheets}", styles.bold)
    ws.write_string(row, 3, _t("plan_sheets", language), styles.wrap)
    ws.hide_gridlines(2)


def _write_example(ws, row: int, col: int, value, styles: _Styles) -> None:
    if isinstance(value, _dt.datetime):
        ws.write_datetime(row, col, value, styles.date)
    elif isinstance(value, float):
        ws.write_number(row, col, value, styles.number)
    else:
        ws.write_string(row, col, str(value))


def _target_header(language: str) -> str:
    return TARGET_STAGE[1] if language == "pt-BR" else TARGET_STAGE[0]


# -- Parameters ---------------------------------------------------------------------------------


def _parameter_values(market: Market | None, language: str) -> dict[str, object]:
    """The parameters the template holds: the market's (or the defaults), in the template's
    language (a Portuguese template of English data says idioma = pt-BR)."""
    if market is not None:
        values = dict(market.parameters.as_dict())
    else:
        values = {name: p.default for name, p in PARAMETERS.items()}
    values["language"] = language
    return values


def _parameters(ws, language: str, styles: _Styles, market: Market | None) -> None:
    from kamkit.files.writing import PARAMETER_HEADERS

    name_h, value_h = PARAMETER_HEADERS[language]
    heads = [name_h, value_h] + [
        _t(k, language) for k in ("param.default", "param.meaning", "param.allowed")
    ]
    for j, head in enumerate(heads):
        ws.write_string(0, j, head, styles.required if j < 2 else styles.optional)
    values = _parameter_values(market, language)
    for i, (name, spec) in enumerate(PARAMETERS.items(), start=1):
        shown_name = spec.label_pt if language == "pt-BR" else name
        ws.write_string(i, 0, shown_name)
        _parameter_cell(ws, i, spec, values[name], styles, language)
        _parameter_validation(ws, i, spec, language)
        default = _t("default.as_of", language) if spec.default is None else spec.default
        if isinstance(default, float) and spec.kind == "share":
            ws.write_number(i, 2, default, styles.share)
        elif isinstance(default, (int, float)):
            ws.write_number(i, 2, default)
        else:
            ws.write_string(i, 2, str(default))
        ws.write_string(i, 3, _column_meaning("parameters", name, spec.meaning, language))
        ws.write_string(i, 4, spec.allowed if language == "en" else _allowed_pt(name))
    ws.set_column(0, 0, 24)
    ws.set_column(1, 1, 14)
    ws.set_column(2, 2, 18)
    ws.set_column(3, 3, 80)
    ws.set_column(4, 4, 48)
    ws.freeze_panes(1, 0)
    ws.protect(
        "", {"format_columns": True, "select_locked_cells": True, "select_unlocked_cells": True}
    )


def _parameter_cell(ws, row: int, spec, value, styles: _Styles, language: str = "en") -> None:
    import pandas as pd

    if spec.kind == "date":
        if value is None or pd.isna(value):
            ws.write_blank(row, 1, None, styles.input_date)
        else:
            ws.write_datetime(row, 1, pd.Timestamp(value).to_pydatetime(), styles.input_date)
    elif spec.kind == "int":
        ws.write_number(row, 1, int(value), styles.int)
    elif spec.kind == "share":
        ws.write_number(row, 1, float(value), styles.share)
    elif spec.kind == "choice" and language == "pt-BR" and value in spec.choices:
        ws.write_string(row, 1, spec.choices_pt[spec.choices.index(value)], styles.input_text)
    else:
        ws.write_string(row, 1, str(value), styles.input_text)


# Excel's validation of a number parameter, by its kind: the rule's name and the number type
_NUMBER_RULES = {"int": ("integer", int), "share": ("decimal", float)}


def _between(validate: str, minimum, maximum) -> dict:
    """An Excel validation rule: a value of the kind ``validate`` from minimum to maximum."""
    return {"validate": validate, "criteria": "between", "minimum": minimum, "maximum": maximum}


def _parameter_validation(ws, row: int, spec, language: str) -> None:
    allowed = spec.allowed if language == "en" else _allowed_pt(spec.name)
    message = {
        "error_title": _t("error.title", language),
        "error_message": _t("error.parameter", language, allowed=allowed)[:255],
        "input_title": (spec.label_pt if language == "pt-BR" else spec.name)[:32],
        "input_message": _column_meaning("parameters", spec.name, spec.meaning, language)[:255],
    }
    if spec.kind == "date":
        rule = _between("date", *_DATE_RANGE)
    elif spec.kind in _NUMBER_RULES:
        validate, number = _NUMBER_RULES[spec.kind]
        rule = _between(validate, number(spec.minimum), number(spec.maximum))
    elif spec.kind == "language":
        rule = {"validate": "list", "source": list(spec.choices)}
    elif spec.kind == "choice":
        rule = {
            "validate": "list",
            "source": list(spec.choices_pt if language == "pt-BR" else spec.choices),
        }
    else:  # currency: a three-letter code
        rule = {"validate": "length", "criteria": "==", "value": 3}
    ws.data_validation(row, 1, row, 1, {**rule, **message, "ignore_blank": True})


# -- Accounts, Sales, Visits --------------------------------------------------------------------


def _empty(table: Table) -> pd.DataFrame:
    import pandas as pd

    dtypes = {"id": object, "text": object, "number": "float64", "date": "datetime64[ns]"}
    return pd.DataFrame({c.name: pd.Series(dtype=dtypes[c.kind]) for c in table.columns})


def _target_column(accounts: pd.DataFrame) -> str | None:
    spellings = {normalise_header(s) for s in TARGET_STAGE}
    return next((c for c in accounts.columns if normalise_header(c) in spellings), None)


def _data_sheet(
    ws, table: Table, language: str, styles: _Styles, market: Market | None, lists_sheet: str
) -> None:
    from kamkit.files.writing import write_sheet

    frame = _empty(table) if market is None else getattr(market, table.name)
    if market is not None and table.name in PLAN_TABLES:
        from kamkit.files.writing import with_choice_words

        frame = with_choice_words(table, frame, language)  # the words of the drop-down lists
    target = None
    if table.name == "accounts" and market is not None:
        found = _target_column(frame)
        if found is not None:
            target = frame[found]
            frame = frame.drop(columns=found)
    header_formats = {
        c.name: styles.required if c.required else styles.optional for c in table.columns
    }
    column_formats = {
        "id": styles.text_column,
        "text": styles.text_column,
        "number": styles.number_column,
        "date": styles.date_column,
    }
    columns = write_sheet(
        ws,
        table,
        frame,
        language,
        styles.plain,
        header_format=styles.optional,
        column_formats=column_formats,
    )
    for j, (name, _kind) in enumerate(columns):  # darker headers for required columns
        if name in header_formats:
            header = table.column(name).label_pt if language == "pt-BR" else name
            ws.write_string(0, j, header, header_formats[name])
    if frame.empty:  # room to type in: widths by kind, not by the (absent) content
        for j, (name, kind) in enumerate(columns):
            width = _BLANK_WIDTHS.get(name, _BLANK_WIDTHS.get(kind, 16))
            ws.set_column(j, j, width, column_formats.get(kind))
    if table.name == "accounts":
        j = len(columns)
        ws.write_string(0, j, _target_header(language), styles.optional)
        ws.set_column(j, j, 16, styles.text_column)
        if target is not None:
            for i, value in enumerate(target.astype(object).tolist(), start=1):
                if isinstance(value, str) and value:
                    ws.write_string(i, j, stage_value(value, language))
        columns = columns + [(TARGET_STAGE[0], "text")]
    ws.autofilter(0, 0, len(frame), len(columns) - 1)
    for j, (name, kind) in enumerate(columns):
        _column_validation(ws, table, j, name, kind, language, lists_sheet, styles)


def _column_validation(
    ws, table: Table, j: int, name: str, kind: str, language: str, lists_sheet: str, styles: _Styles
) -> None:
    if name == TARGET_STAGE[0]:
        meaning = _t("target.meaning", language)
        header = _target_header(language)
    elif name in table.column_names:
        column = table.column(name)
        meaning = _column_meaning(table.name, name, column.meaning, language)
        header = column.label_pt if language == "pt-BR" else name
    else:
        return  # an extra column of the user's: no rule
    base = {
        "input_title": header[:32],
        "input_message": meaning[:255],
        "error_title": _t("error.title", language),
        "ignore_blank": True,
    }
    rule = None
    key = (table.name, name)
    if key == ("accounts", "account_id"):
        col = _column_letter(j)
        rule = {
            "validate": "custom",
            "value": f"=COUNTIF(${col}:${col},{col}2)=1",
            "error_message": _t("error.unique", language),
        }
    elif key == ("accounts", "territory"):
        rule = _list_rule("territory", language, lists_sheet)
    elif key == ("visits", "kind"):
        rule = _list_rule("kind", language, lists_sheet)
    elif name == TARGET_STAGE[0]:
        rule = _list_rule("stage", language, lists_sheet)
    elif name in table.column_names and table.column(name).choices:
        words = choice_list(table.column(name), language)
        rule = {
            "validate": "list",
            "source": words,
            "error_message": _t("error.choice", language, words=", ".join(words))[:255],
        }
    elif key == ("plans", "target"):
        rule = {
            "validate": "decimal",
            "criteria": ">=",
            "value": 0,
            "error_message": _t("error.target", language),
        }
    elif key == ("accounts", "potential"):
        rule = {
            "validate": "decimal",
            "criteria": ">=",
            "value": 0,
            "error_message": _t("error.potential", language),
        }
    elif kind == "number":
        rule = {
            "validate": "decimal",
            "criteria": "between",
            "minimum": -_AMOUNT_LIMIT,
            "maximum": _AMOUNT_LIMIT,
            "error_message": _t("error.amount", language),
        }
    elif kind == "date":
        from kamkit.presentation.i18n import format_date

        example = format_date(_dt.date(2026, 1, 31), language)
        rule = {
            "validate": "date",
            "criteria": "between",
            "minimum": _DATE_RANGE[0],
            "maximum": _DATE_RANGE[1],
            "error_message": _t("error.date", language, example=example),
        }
    if rule is None:  # free text: only the explanation
        rule = {"validate": "any"}
        base = {k: v for k, v in base.items() if k.startswith("input")}
    ws.data_validation(1, j, MAX_ROW - 1, j, {**rule, **base})


def _list_rule(which: str, language: str, lists_sheet: str) -> dict:
    return {
        "validate": "list",
        "source": f"={_NAMES[which]}",
        "error_message": _t("error.list", language, sheet=lists_sheet),
    }


def _column_letter(j: int) -> str:
    from kamkit.files.readers import excel_column

    return excel_column(j)


# -- Lists --------------------------------------------------------------------------------------


def _list_values(market: Market | None, language: str) -> tuple[list[str], list[str]]:
    offered = list(VISIT_KINDS[language])
    if market is None:
        return [], offered
    kinds = market.visits["kind"].dropna().astype(str)
    kinds = [k for k in kinds.unique().tolist() if k.strip()]
    extra = sorted(set(kinds) - set(offered))
    return list(market.territories), offered + extra


def stage_value(text: str, language: str) -> str:
    """A target stage as the template of ``language`` offers it: ``regular`` in English,
    ``comprador regular`` in pt-BR (from the code or the name in either language); text that
    is no stage stays as it is."""
    from kamkit.analysis.segmentation import STAGES
    from kamkit.presentation.i18n import label

    names = {label(s, lang).casefold(): s for s in STAGES for lang in ("en", "pt-BR")}
    names.update({s: s for s in STAGES})
    code = names.get(text.strip().casefold())
    if code is None:
        return text
    return label(code, "pt-BR") if language == "pt-BR" else code


def stage_choices(language: str) -> list[tuple[str, str]]:
    """The target stages a template offers, as (what the cell holds, beside it on Lists): in
    English the code and its meaning, in pt-BR the Portuguese name and kamkit's code (kamkit
    reads both back)."""
    from kamkit.analysis.segmentation import STAGES as stages
    from kamkit.presentation.i18n import label

    if language == "pt-BR":
        return [(label(s, "pt-BR"), s) for s in stages]
    return [(s, label(s, language)) for s in stages]


def _lists(book, ws, language: str, styles: _Styles, market: Market | None) -> None:
    stages = stage_choices(language)
    territories, kinds = _list_values(market, language)
    beside = "list.stage_code" if language == "pt-BR" else "list.stage_label"
    heads = [_t(k, language) for k in ("list.territory", "list.stage", beside, "list.kind")]
    for j, head in enumerate(heads):
        ws.write_string(0, j, head, styles.required)
    for i, name in enumerate(territories, start=1):
        ws.write_string(i, 0, name)
    for i, (stage, meaning) in enumerate(stages, start=1):
        ws.write_string(i, 1, stage)
        ws.write_string(i, 2, meaning)
    for i, kind in enumerate(kinds, start=1):
        ws.write_string(i, 3, kind)
    ws.set_column(
        0, 0, max(24, *(len(t) + 2 for t in territories)) if territories else 24, styles.text_column
    )
    ws.set_column(1, 1, 14 if language == "en" else 24)
    ws.set_column(2, 2, 30)
    ws.set_column(3, 3, 18, styles.text_column)
    ws.freeze_panes(1, 0)
    ws.write_string(0, 5, _t("lists_sheet", language), styles.wrap)
    ws.set_column(5, 5, 60, styles.wrap)
    sheet = "'" + ws.get_name().replace("'", "''") + "'"
    for which, col in (("territory", "A"), ("stage", "B"), ("kind", "D")):
        if which == "stage":
            ref = f"={sheet}!$B$2:$B${len(stages) + 1}"
        else:
            ref = f"=OFFSET({sheet}!${col}$2,0,0,MAX(1,COUNTA({sheet}!${col}:${col})-1),1)"
        book.define_name(_NAMES[which], ref)
