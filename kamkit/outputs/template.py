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

import click

from kamkit.cli import friendly
from kamkit.core.atomic import atomic_path
from kamkit.core.errors import KamkitError, Text
from kamkit.core.schema import (
    LANGUAGES,
    PARAMETERS,
    TABLES,
    TARGET_STAGE,
    VISIT_KINDS,
    Table,
    normalise_header,
)

if TYPE_CHECKING:  # annotations only: pandas loads when a file is written
    import pandas as pd

    from kamkit.model.market import Market

__all__ = [
    "write_template",
    "template_command",
    "SHEETS",
    "TARGET_STAGE",
    "VISIT_KINDS",
    "MAX_ROW",
]

#: Sheet names of the template, per language, in workbook order.
SHEETS = {
    "en": ("Instructions", "Parameters", "Accounts", "Sales", "Visits", "Lists"),
    "pt-BR": ("Instruções", "Parâmetros", "Contas", "Vendas", "Visitas", "Listas"),
}
#: TARGET_STAGE (the account-plan column) and VISIT_KINDS (the kinds' drop-down) live in
#: kamkit.core.schema, beside the tables they describe.
#: Last row (1-based, as Excel shows it) that validations and formats cover.
MAX_ROW = 1_048_576

_NAMES = {"territory": "kk_territories", "stage": "kk_stages", "kind": "kk_visit_kinds"}
_DATE_RANGE = (_dt.date(1990, 1, 1), _dt.date(2100, 12, 31))
_AMOUNT_LIMIT = 1e12
_HEADER_COLOURS = {"required": "#9BC2E6", "optional": "#DDEBF7"}
_BLANK_WIDTHS = {
    "name": 36,
    "notes": 48,
    "outcome": 24,
    "id": 14,
    "text": 18,
    "number": 16,
    "date": 14,
}

# Texts people read, as (English, Brazilian Portuguese).
_TEXT = {
    "title": (
        "kamkit workbook: the whole market in one spreadsheet",
        "Planilha kamkit: o mercado inteiro em uma planilha",
    ),
    "intro": (
        "Fill in the sheets below, then run `kamkit validate THIS_FILE.xlsx` to check them and "
        "`kamkit segment THIS_FILE.xlsx --out results.xlsx` to see every account's stage, "
        "quadrant and pursuit priority. `kamkit cards THIS_FILE.xlsx --territory T --out DIR` "
        "prints the visit cards. Keep the sheet names and the header row as they are; the "
        "order of the columns does not matter.",
        "Preencha as abas abaixo e rode `kamkit validate ESTE_ARQUIVO.xlsx` para conferi-las e "
        "`kamkit segment ESTE_ARQUIVO.xlsx --out resultados.xlsx` para ver o estágio, o "
        "quadrante e a prioridade de cada conta. `kamkit cards ESTE_ARQUIVO.xlsx --territory T "
        "--out PASTA` imprime as fichas de visitação. Mantenha os nomes das abas e a linha de "
        "cabeçalho; a ordem das colunas não importa.",
    ),
    "steps": (
        "1. Lists: write your territories (one per row, no blank rows); add visit kinds if "
        "you use others. 2. Accounts: every account of the market, prospects that never "
        "bought included. 3. Sales: one row per invoice (or invoice line). 4. Visits: one row "
        "per visit, call, e-mail or meeting (the visit card). 5. Parameters: keep the "
        "defaults unless you have a reason.",
        "1. Listas: escreva seus territórios (um por linha, sem linhas em branco); acrescente "
        "tipos de contato se usar outros. 2. Contas: todas as contas do mercado, inclusive as "
        "que nunca compraram. 3. Vendas: uma linha por nota fiscal (ou item de nota). "
        "4. Visitas: uma linha por visita, ligação, e-mail ou reunião (a ficha de visitação). "
        "5. Parâmetros: mantenha os valores padrão, a menos que tenha um motivo.",
    ),
    "sheet": ("Sheet", "Aba"),
    "column": ("Column (header)", "Coluna (cabeçalho)"),
    "required": ("Required", "Obrigatória"),
    "kind": ("Type", "Tipo"),
    "meaning": ("Meaning", "Significado"),
    "example": ("Example", "Exemplo"),
    "yes": ("yes", "sim"),
    "no": ("no", "não"),
    "optional_sheet": ("optional", "opcional"),
    "required_sheet": ("required", "obrigatória"),
    "kind.id": ("text (code)", "texto (código)"),
    "kind.text": ("text", "texto"),
    "kind.number": ("number", "número"),
    "kind.date": ("date", "data"),
    "lists_sheet": (
        "The drop-down lists of the other sheets. Territories: write yours. Stages: kamkit's "
        "lifecycle stages, for the target_stage column. Visit kinds: add rows if you need.",
        "As listas suspensas das outras abas. Territórios: escreva os seus. Estágios: os "
        "estágios do ciclo de vida do kamkit, para a coluna estágio alvo. Tipos de contato: "
        "acrescente linhas se precisar.",
    ),
    "parameters_sheet": (
        "Analysis settings: change only the value column. Blank = the default.",
        "Configurações da análise: altere apenas a coluna valor. Em branco = o padrão.",
    ),
    "list.territory": ("territory", "território"),
    "list.stage": ("stage", "estágio"),
    "list.stage_label": ("stage (meaning)", "estágio (significado)"),
    "list.kind": ("visit kind", "tipo de contato"),
    "list.stage_code": ("kamkit code", "código no kamkit"),
    "param.default": ("default", "padrão"),
    "param.meaning": ("meaning", "significado"),
    "param.allowed": ("allowed", "valores aceitos"),
    "default.as_of": ("blank: the latest date in the data", "em branco: a data mais recente"),
    "target.meaning": (
        "Optional, for the account plan: the stage you aim to bring the account to. kamkit "
        "computes the current stage itself.",
        "Opcional, para o plano de conta: o estágio que se quer alcançar com a conta. O kamkit "
        "calcula o estágio atual sozinho.",
    ),
    "error.title": ("Value not accepted", "Valor não aceito"),
    "error.list": (
        "Choose a value from the list. To add one, write it on the {sheet} sheet.",
        "Escolha um valor da lista. Para incluir outro, escreva-o na aba {sheet}.",
    ),
    "error.date": ("Write a date, e.g. {example}.", "Escreva uma data, por exemplo {example}."),
    "error.amount": (
        "Write a number (negative for a return or credit note).",
        "Escreva um número (negativo para devolução ou nota de crédito).",
    ),
    "error.potential": (
        "Write a number of 0 or more, or leave it blank if unknown.",
        "Escreva um número maior ou igual a 0, ou deixe em branco se não souber.",
    ),
    "error.unique": (
        "This account code is already used: each account has one row.",
        "Este código de conta já foi usado: cada conta tem uma linha só.",
    ),
    "error.parameter": ("It must be {allowed}.", "Deve ser {allowed}."),
}

# Portuguese meanings of the data model's columns and parameters (English ones are the schema's).
_MEANING_PT = {
    ("accounts", "account_id"): "Código único da conta (texto; zeros à esquerda mantidos).",
    ("accounts", "name"): "Nome da conta (razão social ou nome fantasia).",
    ("accounts", "territory"): "Território de vendas a que a conta pertence.",
    ("accounts", "salesperson"): "Vendedor responsável pela conta.",
    ("accounts", "segment"): "Segmento de mercado, usado para estimar o potencial que faltar.",
    ("accounts", "potential"): "Potencial anual de compra estimado (na moeda); pode ficar em "
    "branco.",
    ("accounts", "city"): "Cidade.",
    ("accounts", "state"): "Estado (UF).",
    ("sales", "account_id"): "Código da conta compradora.",
    ("sales", "date"): "Data da nota fiscal (pode ter hora).",
    ("sales", "amount"): "Valor líquido na moeda; negativo para devolução ou nota de crédito.",
    ("sales", "product"): "Produto ou SKU.",
    ("sales", "family"): "Família de produtos.",
    ("visits", "account_id"): "Código da conta contatada.",
    ("visits", "date"): "Data do contato.",
    ("visits", "kind"): "visita, ligação, e-mail, reunião... (lista em Listas).",
    ("visits", "salesperson"): "Quem fez o contato.",
    ("visits", "outcome"): "O resultado do contato.",
    ("visits", "notes"): "Observações livres da ficha de visitação.",
    ("parameters", "as_of"): "Data-base da análise; vendas e visitas posteriores são ignoradas.",
    ("parameters", "lookback_months"): "Tamanho da janela de análise em meses, terminando no "
    "mês da data-base.",
    ("parameters", "regular_min_months"): "Meses com compra na janela que tornam a conta um "
    "comprador regular.",
    ("parameters", "abc_a_share"): "Participação no faturamento da janela feita pelas contas A.",
    ("parameters", "abc_b_share"): "Participação acumulada no faturamento feita pelas contas A "
    "e B.",
    ("parameters", "potential_quantile"): "Contas neste quantil de potencial ou acima são de "
    "alto potencial.",
    ("parameters", "share_threshold"): "Participação no potencial a partir da qual a conta tem "
    "alta participação.",
    ("parameters", "currency"): "Código da moeda usado nos rótulos.",
    ("parameters", "language"): "Idioma dos rótulos e relatórios.",
    ("parameters", "unknown_visits"): (
        "Visitas registradas para códigos que não estão na tabela de contas (prospects que "
        "ninguém cadastrou): manter como contas sem território, ou ignorar. Nos dois casos a "
        "validação dá um aviso com os códigos; vale na leitura dos dados."
    ),
    ("parameters", "whitespace_min_adoption"): "Parte dos pares da conta que comprou uma família "
    "de produtos na janela a partir da qual a família que a conta não comprou é espaço em branco.",
    ("parameters", "drop_threshold"): "Queda do faturamento líquido dos últimos 3 meses contra os "
    "mesmos meses do ano anterior a partir da qual um cliente comprador recebe o alerta de queda.",
    ("parameters", "overdue_factor"): "A conta está atrasada quando os meses desde o último mês "
    "com compra passam deste número de vezes o intervalo mediano entre os meses com compra (e "
    "são pelo menos 2).",
}
_ALLOWED_PT = {
    "as_of": "uma data; em branco = a data mais recente de vendas e visitas",
    "lookback_months": "um número inteiro de 1 a 120",
    "regular_min_months": "um número inteiro de 1 até meses_janela",
    "abc_a_share": "um número entre 0 e 1 (por exemplo 0,5 ou 50%)",
    "abc_b_share": "um número entre corte_a e 1",
    "potential_quantile": "um número entre 0 e 1",
    "share_threshold": "um número entre 0 e 1",
    "currency": "um código de moeda como BRL, USD, EUR, GBP",
    "language": "en ou pt-BR",
    "unknown_visits": "manter ou ignorar (keep ou drop)",
    "whitespace_min_adoption": "um número entre 0 e 1 (por exemplo 0,5 ou 50%)",
    "drop_threshold": "um número entre 0 e 1 (por exemplo 0,4 ou 40%)",
    "overdue_factor": "um número inteiro de 1 a 12",
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
}


def _example(table: str, name: str, language: str):
    """The example value of a column, in the language where it is a word (visit kind, stage)."""
    value = _EXAMPLES[table][name]
    if (table, name) == ("visits", "kind"):
        return VISIT_KINDS[language][0]
    if (table, name) == ("accounts", TARGET_STAGE[0]):
        return stage_value(value, language)
    return value


def _t(key: str, language: str, **fields) -> str:
    text = _TEXT[key][LANGUAGES.index(language)]
    return text.format(**fields) if fields else text


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
            Text(
                "language is {language!r}; it must be one of {allowed}.",
                "o idioma é {language!r}; deve ser um de {allowed}.",
            ).format(language=language, allowed=", ".join(LANGUAGES))
        )
    if market is not None and not isinstance(market, Market):
        raise KamkitError(
            Text(
                "market must be a Market (for example from kamkit.load), not {kind}.",
                "market precisa ser um Market (por exemplo de kamkit.load), não {kind}.",
            ).format(kind=type(market).__name__)
        )
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise KamkitError(
            Text(
                "{name}: the template is an Excel workbook; give a name ending .xlsx.",
                "{name}: o modelo é uma planilha do Excel; dê um nome terminado em .xlsx.",
            ).format(name=path.name)
        )
    if path.is_dir():
        raise KamkitError(
            Text(
                "{path} is a folder; give a file name ending .xlsx.",
                "{path} é uma pasta; dê um nome de arquivo terminado em .xlsx.",
            ).format(path=path)
        )
    if path.exists() and not overwrite:
        raise KamkitError(
            Text(
                "{path} already exists and kamkit will not replace it (it may hold your data). "
                "Choose another name, or delete the file first (or use --force).",
                "{path} já existe e o kamkit não vai substituí-lo (pode conter seus dados). "
                "Escolha outro nome, ou apague o arquivo antes (ou use --force).",
            ).format(path=path)
        )
    with atomic_path(path) as tmp:
        _write(tmp, language, market)
    return path


def _write(tmp: Path, language: str, market: Market | None) -> None:
    from kamkit.files import writing

    book = writing._workbook(tmp, "kamkit template")
    try:
        styles = _Styles(book, language)
        names = dict(
            zip(
                ("instructions", "parameters", "accounts", "sales", "visits", "lists"),
                SHEETS[language],
            )
        )
        sheets = {key: book.add_worksheet(name) for key, name in names.items()}
        lists_sheet = names["lists"]
        _instructions(sheets["instructions"], language, styles, names)
        _parameters(sheets["parameters"], language, styles, market)
        for table in ("accounts", "sales", "visits"):
            _data_sheet(sheets[table], TABLES[table], language, styles, market, lists_sheet)
        _lists(book, sheets["lists"], language, styles, market)
        sheets["instructions"].activate()
    finally:
        book.close()


class _Styles:
    def __init__(self, book, language: str):
        from kamkit.files.writing import _DATE_FORMATS
        from kamkit.files.writing import _Styles as _Plain

        plain = _Plain(book, language)
        self.date, self.datetime, self.number = plain.date, plain.datetime, plain.number
        self.plain = plain
        date = _DATE_FORMATS[language]
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
        self.date_example = _DATE_FORMATS[language]


def _column_meaning(table: str, name: str, meaning: str, language: str) -> str:
    return meaning if language == "en" else _MEANING_PT[(table, name)]


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
    for key in ("accounts", "sales", "visits"):
        table = TABLES[key]
        need = _t("required_sheet" if table.required else "optional_sheet", language)
        meaning = table.meaning if language == "en" else _SHEET_MEANING_PT[key]
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
                    _TEXT["target.meaning"][0],
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
    ws.hide_gridlines(2)


_SHEET_MEANING_PT = {
    "accounts": "Todas as contas do mercado, inclusive as que nunca compraram.",
    "sales": "Notas fiscais: uma linha por nota (ou item de nota).",
    "visits": "A ficha de visitação / registro do CRM: uma linha por visita, ligação, e-mail "
    "ou reunião.",
}


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
    from kamkit.files.writing import _PARAMETER_HEADERS

    name_h, value_h = _PARAMETER_HEADERS[language]
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
        ws.write_string(i, 4, spec.allowed if language == "en" else _ALLOWED_PT[name])
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


def _parameter_validation(ws, row: int, spec, language: str) -> None:
    allowed = spec.allowed if language == "en" else _ALLOWED_PT[spec.name]
    message = {
        "error_title": _t("error.title", language),
        "error_message": _t("error.parameter", language, allowed=allowed)[:255],
        "input_title": (spec.label_pt if language == "pt-BR" else spec.name)[:32],
        "input_message": _column_meaning("parameters", spec.name, spec.meaning, language)[:255],
    }
    if spec.kind == "date":
        rule = {
            "validate": "date",
            "criteria": "between",
            "minimum": _DATE_RANGE[0],
            "maximum": _DATE_RANGE[1],
        }
    elif spec.kind == "int":
        rule = {
            "validate": "integer",
            "criteria": "between",
            "minimum": int(spec.minimum),
            "maximum": int(spec.maximum),
        }
    elif spec.kind == "share":
        rule = {
            "validate": "decimal",
            "criteria": "between",
            "minimum": float(spec.minimum),
            "maximum": float(spec.maximum),
        }
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
    from kamkit.files.writing import _write_sheet

    frame = _empty(table) if market is None else getattr(market, table.name)
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
    columns = _write_sheet(
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
        example = "31/01/2026" if language == "pt-BR" else "2026-01-31"
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
    from kamkit.files.readers import _excel_column

    return _excel_column(j)


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
    from kamkit.outputs.export import _segmentation
    from kamkit.presentation.i18n import label

    stages = _segmentation().STAGES
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


# -- The command --------------------------------------------------------------------------------

_WROTE = Text("Wrote the template to {path}", "Modelo gravado em {path}")
_WROTE_FILLED = Text(
    "Wrote the template with {n} accounts to {path}", "Modelo com {n} contas gravado em {path}"
)


@click.command("template")
@click.argument("file", type=click.Path(path_type=Path))
@click.option(
    "--lang",
    "language",
    type=click.Choice(list(LANGUAGES)),
    default=None,
    help="Language of sheet names, headers, lists and instructions (default: the "
    "language parameter of --from DATA, else the system's, else en).",
)
@click.option(
    "--from",
    "data",
    type=click.Path(path_type=Path),
    default=None,
    metavar="DATA",
    help="Fill the template with this data (workbook, folder of CSV files...).",
)
@click.option(
    "--columns",
    type=click.Path(path_type=Path),
    default=None,
    help="With --from: YAML file mapping kamkit's column names to your headers.",
)
@click.option("--force", is_flag=True, help="Replace FILE if it already exists.")
@friendly
def template_command(
    file: Path, language: str, data: Path | None, columns: Path | None, force: bool
):
    """Write FILE.xlsx, a workbook to fill in: Instructions, Parameters, Accounts, Sales,
    Visits and Lists, with drop-down lists and validation.

    kamkit reads the filled workbook directly (`kamkit validate FILE.xlsx`). An existing FILE
    is never replaced unless --force is given.
    """
    from kamkit.cli import load_market, voice

    market = None
    if data is not None:
        market = load_market(data, columns)
    speaker = voice()
    language = speaker.lang  # --lang, else the data's language, else the system's
    path = write_template(file, language=language, market=market, overwrite=force)
    if market is None:
        speaker.echo(_WROTE.format(path=path))
    else:
        from kamkit.presentation.i18n import format_count

        speaker.echo(
            _WROTE_FILLED.format(n=format_count(len(market.accounts), language), path=path)
        )
