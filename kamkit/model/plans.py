"""The account-plan tables (contacts, plans, actions): their cells typed and checked, once for
the loader (:mod:`kamkit.files.assemble`) and for :meth:`kamkit.model.market.Market.with_tables`.

Both read a table column by column with :func:`plan_column` and check the rows against the
accounts (and the actions against the contacts) with :func:`check_plan_rows`. Each returns
:class:`Finding` objects -- which rows, what is wrong, how to fix it, in both languages -- and
the caller names the place as its reader sees it (file, sheet and row of a workbook; the index
of a notebook's DataFrame).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from kamkit.core.errors import Text
from kamkit.core.schema import PLAN_TABLES, Column
from kamkit.model import convert

__all__ = [
    "Finding",
    "PLAN_TABLE_NAMES",
    "plan_column",
    "plan_frame",
    "check_plan_rows",
    "zeros_hint",
]

#: The account-plan tables, in the order of the data model.
PLAN_TABLE_NAMES = tuple(PLAN_TABLES)


@dataclass(frozen=True)
class Finding:
    """Rows of one column of a plan table with one problem.

    ``positions`` are row positions (0-based) in the table; ``message`` may hold ``{value}``,
    the cell as written, filled by whoever shows it.
    """

    column: str
    positions: np.ndarray
    message: Text
    fix: Text
    severity: str = "error"


# what a row of each table is, for "fill it in, or delete the row if it is not ..."
_ROW_KIND = {
    "contacts": Text("a contact", "um contato"),
    "plans": Text("an objective", "um objetivo"),
    "actions": Text("an action", "uma ação"),
}
_EMPTY_CODE = Text("the account code is empty.", "o código da conta está vazio.")
_EMPTY_CODE_FIX = Text(
    "Fill in the account code, or delete the row if it is not {kind}.",
    "Preencha o código da conta, ou apague a linha se ela não for {kind}.",
)
_EMPTY_TEXT = {
    "name": Text("the contact's name is empty.", "o nome do contato está vazio."),
    "objective": Text("the objective is empty.", "o objetivo está vazio."),
    "action": Text("the action is empty.", "a ação está vazia."),
}
_EMPTY_TEXT_FIX = {
    "name": Text(
        "Write the person's name (a role alone is not a contact), or delete the row.",
        "Escreva o nome da pessoa (só o cargo não é um contato), ou apague a linha.",
    ),
    "objective": Text(
        "Write what you want from the account, e.g. 'first order of EPI by December', or "
        "delete the row.",
        "Escreva o que se quer da conta, por exemplo 'primeiro pedido de EPI até dezembro', "
        "ou apague a linha.",
    ),
    "action": Text(
        "Write what will be done, e.g. 'present the catalogue to the plant manager', or "
        "delete the row.",
        "Escreva o que será feito, por exemplo 'apresentar o catálogo ao diretor industrial', "
        "ou apague a linha.",
    ),
}
_NOT_A_NUMBER = Text("{value} is not a number.", "{value} não é um número.")
_NOT_A_NUMBER_FIX = Text(
    "Write the target as a number such as 150000 or 150.000,00 (no letters); leave it blank "
    "if there is none.",
    "Escreva a meta como um número, por exemplo 150000 ou 150.000,00 (sem letras); deixe em "
    "branco se não houver.",
)
_NEGATIVE = Text("the target {value} is negative.", "a meta {value} é negativa.")
_NEGATIVE_FIX = Text(
    "The target is the revenue the plan aims to add in the period: 0 or more.",
    "A meta é a receita que o plano quer acrescentar no período: 0 ou mais.",
)
_NOT_A_DATE = Text("{value} is not a valid date.", "{value} não é uma data válida.")
_NOT_A_DATE_FIX = Text(
    "Write dates as dd/mm/yyyy (e.g. 31/01/2025) or yyyy-mm-dd, and check the day exists in "
    "that month.",
    "Escreva as datas como dd/mm/aaaa (por exemplo 31/01/2025) ou aaaa-mm-dd, e confira se o "
    "dia existe naquele mês.",
)
_OUTSIDE = Text(
    "{value} is outside the dates kamkit can hold (the years 1678 to 2261).",
    "{value} está fora das datas que o kamkit consegue guardar (anos de 1678 a 2261).",
)
_OUTSIDE_FIX = Text(
    "Write the real date (a placeholder such as 31/12/9999 means no date: leave the cell empty).",
    "Escreva a data real (uma data fictícia como 31/12/9999 quer dizer 'sem data': deixe a "
    "célula vazia).",
)


def plan_column(
    table: str, column: Column, values: pd.Series | None, n: int, *, decimal_comma: bool = False
) -> tuple[np.ndarray, list[Finding]]:
    """One column of a plan table as the data model types it, and what is wrong in it.

    ``values`` are the cells as written (``None``: the table has no such column, so it is
    blank, ``n`` rows). Codes and text become ``str`` (``None`` where blank), the choice
    columns their English code (``choice_code``), ``target`` a float, dates
    ``datetime64[ns]``. Findings: an empty account code or required text (contact name,
    objective, action), a word not in a choice list, a number or date that cannot be read, a
    date outside the years 1678-2261, a negative target.
    """
    if values is None:
        values = pd.Series([None] * n, dtype=object)
    values = values.reset_index(drop=True)
    if isinstance(values.dtype, pd.CategoricalDtype):
        values = values.astype(object).where(values.notna(), None)
    findings: list[Finding] = []

    def found(mask, message, fix, severity="error"):
        mask = np.asarray(mask, dtype=bool)
        if mask.any():
            findings.append(Finding(column.name, np.flatnonzero(mask), message, fix, severity))

    if column.kind in ("id", "text") and not column.choices:
        read = convert.to_ids(values) if column.kind == "id" else convert.to_text(values)
        typed = np.array(
            [v if isinstance(v, str) else None for v in read.astype(object)], dtype=object
        )
        empty = np.array([v is None for v in typed], dtype=bool)
        if column.name == "account_id":
            found(empty, _EMPTY_CODE, _EMPTY_CODE_FIX.format(kind=_ROW_KIND[table]))
        elif column.required:
            found(empty, _EMPTY_TEXT[column.name], _EMPTY_TEXT_FIX[column.name])
        return typed, findings
    if column.choices:
        typed, bad = convert.to_choices(values, column)
        found(bad, convert.choice_message(column), convert.choice_fix(column))
        return typed, findings
    if column.kind == "number":
        typed, bad = convert.to_numbers(values, decimal_comma=decimal_comma)
        found(bad, _NOT_A_NUMBER, _NOT_A_NUMBER_FIX)
        found(typed < 0, _NEGATIVE, _NEGATIVE_FIX)
        return typed.astype("float64"), findings
    if column.kind == "date" and pd.api.types.is_datetime64_any_dtype(values):
        if getattr(values.dt, "tz", None) is not None:
            values = values.dt.tz_localize(None)
        typed, outside = convert._in_range(values.to_numpy())  # any unit: 9999-12-31 too
        found(outside, _OUTSIDE, _OUTSIDE_FIX)
        return typed, findings
    if column.kind == "date":
        outside = (
            convert.outside_dates(values)
            if values.dtype == object
            else np.zeros(len(values), dtype=bool)
        )
        typed, bad, _ = convert.to_dates(values)
        found(outside, _OUTSIDE, _OUTSIDE_FIX)
        found(bad & ~outside, _NOT_A_DATE, _NOT_A_DATE_FIX)
        return np.asarray(typed, dtype="datetime64[ns]"), findings
    raise AssertionError(column.kind)


def plan_frame(table: str, columns: dict[str, np.ndarray], n: int) -> pd.DataFrame:
    """The plan table ``table`` from its typed columns (as :func:`plan_column` returns them),
    in model order; a column missing from ``columns`` is blank."""
    out = {}
    for column in PLAN_TABLES[table].columns:
        values = columns.get(column.name)
        if values is None:
            values = pd.Series([None] * n, dtype=object)
        out[column.name] = values
    return _typed_frame(table, out, n)


def _typed_frame(table: str, out: dict, n: int) -> pd.DataFrame:
    frame = {}
    for column in PLAN_TABLES[table].columns:
        values = np.asarray(
            out[column.name], dtype=object if column.kind in ("id", "text") else None
        )
        if column.kind == "number":
            values = np.asarray(pd.to_numeric(pd.Series(values)), dtype="float64")
        elif column.kind == "date":
            values = pd.to_datetime(pd.Series(values)).to_numpy(dtype="datetime64[ns]")
        frame[column.name] = values
    return pd.DataFrame(frame, index=pd.RangeIndex(n))


# -- the rows against the accounts, and the actions against the contacts ------------------------

_UNKNOWN_ACCOUNT = Text(
    "the account code {value} is not in the accounts table.",
    "o código de conta {value} não está na tabela de contas.",
)
_UNKNOWN_ACCOUNT_FIX = Text(
    "Write the code of an account as the accounts table has it, or add the account to the "
    "accounts table (with its territory).",
    "Escreva o código de uma conta como está na tabela de contas, ou acrescente a conta à "
    "tabela de contas (com o território).",
)
_TWICE = Text(
    "{value} is listed twice as a contact of account {account} (also at {other}).",
    "{value} aparece duas vezes como contato da conta {account} (também na {other}).",
)
_TWICE_FIX = Text(
    "Keep one row per person (merge the two rows); the relationship map shows each person once.",
    "Mantenha uma linha por pessoa (junte as duas linhas); o mapa de relacionamento mostra "
    "cada pessoa uma vez.",
)
_NOBODY = Text(
    "{value} is not among the contacts of account {account}{names}.",
    "{value} não está entre os contatos da conta {account}{names}.",
)
_NOBODY_FIX = Text(
    "Write the name as the contacts table has it, or add the person to the contacts table.",
    "Escreva o nome como está na tabela de contatos, ou acrescente a pessoa à tabela de contatos.",
)
_ZEROS = Text(
    " It matches the account {twin} once leading zeros are ignored: Excel drops the zeros of "
    "codes it takes for numbers. Format the code column as text (the `kamkit template` "
    "workbook already does) and type the code again with its zeros.",
    " Ele coincide com a conta {twin} se ignorados os zeros à esquerda: o Excel apaga os zeros "
    "de códigos que toma por números. Formate a coluna de código como texto (a planilha do "
    "`kamkit template` já vem assim) e digite o código de novo com os zeros.",
)


def zeros_hint(code: str, known: pd.Index) -> Text | str:
    """The hint for a code that matches a ``known`` code once leading zeros are stripped
    (``123`` against ``00123``), else ``""``."""
    bare = str(code).lstrip("0")
    if not bare:
        return ""
    for other in known.to_numpy(dtype=object):
        if str(other).lstrip("0") == bare and str(other) != str(code):
            return _ZEROS.format(twin=repr(other))
    return ""


def check_plan_rows(
    tables: dict[str, pd.DataFrame],
    accounts: pd.Index,
    label: Callable[[str, int], Text | str],
) -> dict[str, list[Finding]]:
    """The rows of the typed plan ``tables`` checked against the ``accounts`` (their codes)
    and each other: an account code not among them (error, with the leading-zeros hint), a
    contact named twice for one account (warning), an action whose ``contact`` names nobody
    among its account's contacts (warning). ``label(table, position)`` names a row as the
    reader sees it ("row 5", "linha 5"), for the sentences that point at another row.
    Names are compared folded (case, accents and spaces ignored)."""
    out: dict[str, list[Finding]] = {}
    known = pd.Index(pd.unique(accounts.to_numpy(dtype=object)))
    for name, frame in tables.items():
        if frame is None or not len(frame):
            continue
        codes = frame["account_id"].to_numpy(dtype=object)
        filled = np.array([isinstance(c, str) for c in codes], dtype=bool)
        unknown = filled & (known.get_indexer(np.where(filled, codes, "")) < 0)
        for code in pd.unique(codes[unknown]):
            out.setdefault(name, []).append(
                Finding(
                    "account_id",
                    np.flatnonzero(codes == code),
                    _UNKNOWN_ACCOUNT,
                    _UNKNOWN_ACCOUNT_FIX + zeros_hint(code, known),
                )
            )
    people: dict[str, dict[str, str]] = {}  # account -> {folded name: name as written}
    first: dict[tuple[str, str], int] = {}
    for pos, account, person in _named(tables.get("contacts"), "name"):
        key = (account, convert.fold_word(person))
        people.setdefault(account, {}).setdefault(key[1], person)
        if key in first:
            other = label("contacts", first[key])
            said = _fill(_TWICE, account=repr(account), other=other)
            out.setdefault("contacts", []).append(_warning("name", pos, said, _TWICE_FIX))
        else:
            first[key] = pos
    for pos, account, person in _named(tables.get("actions"), "contact"):
        theirs = people.get(account, {})
        if convert.fold_word(person) in theirs:
            continue
        names = ", ".join(repr(n) for n in list(theirs.values())[:8])
        listed = (
            Text(f" ({names})", f" ({names})")
            if theirs
            else Text(
                " (it has none in the contacts table)",
                " (ela não tem nenhum na tabela de contatos)",
            )
        )
        said = _fill(_NOBODY, account=repr(account), names=listed)
        out.setdefault("actions", []).append(_warning("contact", pos, said, _NOBODY_FIX))
    return out


def _named(frame, column: str):
    """``(row position, account, name)`` for each row of ``frame`` (None: no table) whose
    ``account_id`` and ``column`` both hold a name."""
    if frame is None:
        return
    accounts, names = frame["account_id"].tolist(), frame[column].tolist()
    for pos, (account, person) in enumerate(zip(accounts, names)):
        if isinstance(account, str) and isinstance(person, str):
            yield pos, account, person


def _warning(column: str, pos: int, sentence: Text, fix: Text) -> Finding:
    """A warning about one row (position ``pos``) in ``column``: the row is kept."""
    return Finding(column, np.array([pos]), sentence, fix, "warning")


def _fill(template: Text, **fields) -> Text:
    """``template`` with some fields filled (a Text field goes in its own language) and
    ``{value}`` kept for the caller."""

    def side(language: str) -> str:
        values = {
            k: _escaped(v(language) if isinstance(v, Text) else str(v)) for k, v in fields.items()
        }
        return template(language).replace("{value}", "\0").format(**values).replace("\0", "{value}")

    return Text(side("en"), side("pt-BR"))


def _escaped(text: str) -> str:
    """Text from the data as it goes into a sentence still to be formatted: braces doubled."""
    return text.replace("{", "{{").replace("}", "}}")


# -- Market.with_tables ---------------------------------------------------------------------------

_WHERE = Text(
    "the {table} table, row {row}, column {column}",
    "a tabela {table}, linha {row}, coluna {column}",
)
_NOT_A_FRAME = Text(
    "{table} must be a table (a pandas DataFrame), not {kind}.",
    "{table} deve ser uma tabela (um DataFrame do pandas), não {kind}.",
)
_UNKNOWN_COLUMNS = Text(
    "the {table} table has column(s) kamkit does not know: {unknown}.",
    "a tabela {table} tem coluna(s) que o kamkit não conhece: {unknown}.",
)
_MISSING_COLUMN = Text(
    "the {table} table has no {column} column ({pt}).",
    "a tabela {table} não tem a coluna {pt} ({column}).",
)
_COLUMNS_FIX = Text(
    "Its columns are {columns} (or the Portuguese headers {pt}).",
    "As colunas dela são {pt} (ou em inglês {columns}).",
)
_TWO_HEADERS = Text(
    "the {table} table has two columns for {column}: {headers}.",
    "a tabela {table} tem duas colunas para {column}: {headers}.",
)
_MORE = Text("... and {n} more problem(s).", "... e mais {n} problema(s).")


def with_tables(market, *, contacts=None, plans=None, actions=None):
    """:meth:`Market.with_tables` (the rule is there)."""
    import dataclasses
    import warnings

    from kamkit.core.errors import DataWarning, KamkitError

    given = {"contacts": contacts, "plans": plans, "actions": actions}
    errors: list[Text] = []
    warned: list[Text] = []
    typed: dict[str, pd.DataFrame] = {}
    index_of: dict[str, pd.Index] = {}
    headers_of: dict[str, dict[str, str]] = {}
    for name, frame in given.items():
        if frame is None:
            continue
        if not isinstance(frame, pd.DataFrame):
            errors.append(_NOT_A_FRAME.format(table=name, kind=type(frame).__name__))
            continue
        headers, problems = _frame_columns(name, frame)
        errors += problems
        if problems:
            continue
        n = len(frame)
        columns = {}
        for column in PLAN_TABLES[name].columns:
            header = headers.get(column.name)
            values = frame[header] if header is not None else None
            columns[column.name], findings = plan_column(name, column, values, n)
            for finding in findings:
                raw = frame[header] if header is not None else None
                bucket = errors if finding.severity == "error" else warned
                bucket += _finding_texts(name, finding, frame.index, header or column.name, raw)
        typed[name] = plan_frame(name, columns, n)
        index_of[name] = frame.index
        headers_of[name] = headers
    tables = {name: typed.get(name, getattr(market, name)) for name in PLAN_TABLE_NAMES}

    def label(table: str, pos: int) -> Text:
        index = index_of.get(table)
        row = index[pos] if index is not None else pos
        return Text(f"row {row}", f"linha {row}")

    found = check_plan_rows(tables, pd.Index(market.accounts["account_id"]), label)
    for name, findings in found.items():
        if name not in typed:
            continue  # a table kept as it was: checked when it came in
        frame = given[name]
        for finding in findings:
            header = headers_of[name].get(finding.column, finding.column)
            raw = frame[header] if header in frame.columns else tables[name][finding.column]
            bucket = errors if finding.severity == "error" else warned
            bucket += _finding_texts(name, finding, index_of[name], header, raw)
    if errors:
        shown = errors[:10]
        if len(errors) > 10:
            shown.append(_MORE.format(n=len(errors) - 10))
        message = shown[0]
        for text in shown[1:]:
            message = message + "\n" + text
        raise KamkitError(message)
    language = market.parameters.language
    for text in warned:
        warnings.warn(DataWarning(text(language)), stacklevel=3)
    return dataclasses.replace(market, **typed)


def _frame_columns(table: str, frame: pd.DataFrame) -> tuple[dict[str, str], list[Text]]:
    """``{model column: the frame's header}`` (English names, Portuguese headers and the
    schema's other spellings), and the sentences for unknown, doubled or missing columns."""
    from kamkit.core.schema import normalise_header

    spec = PLAN_TABLES[table]
    chosen: dict[str, str] = {}
    unknown, problems = [], []
    for header in frame.columns:
        norm = normalise_header(header)
        column = next((c for c in spec.columns if norm in c.spellings()), None)
        if column is None:
            unknown.append(repr(header))
        elif column.name in chosen:
            problems.append(
                _TWO_HEADERS.format(
                    table=table,
                    column=column.name,
                    headers=f"{chosen[column.name]!r}, {header!r}",
                )
            )
        else:
            chosen[column.name] = header
    fix = _COLUMNS_FIX.format(
        columns=", ".join(spec.column_names), pt=", ".join(c.label_pt for c in spec.columns)
    )
    if unknown:
        problems.append(
            _UNKNOWN_COLUMNS.format(table=table, unknown=", ".join(unknown)) + " " + fix
        )
    for column in spec.columns:
        if column.required and column.name not in chosen:
            problems.append(
                _MISSING_COLUMN.format(table=table, column=column.name, pt=column.label_pt)
                + " "
                + fix
            )
    return chosen, problems


def _finding_texts(table, finding: Finding, index, header, raw) -> list[Text]:
    """The sentences of a finding, one per row (ten at most, then how many more)."""
    out = []
    for pos in finding.positions[:10]:
        value = raw.iloc[pos] if raw is not None else None
        where = _WHERE.format(table=table, row=index[pos], column=repr(header))
        message = finding.message.format(value=_shown(value))
        out.append(where + ": " + message + " " + finding.fix)
    if len(finding.positions) > 10:
        out.append(_MORE.format(n=len(finding.positions) - 10))
    return out


def _shown(value) -> str:
    """A cell as a sentence quotes it: text in quotes, a number or date as written."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, pd.Timestamp):
        return repr(value.strftime("%Y-%m-%d") if value == value.normalize() else str(value))
    return repr(value)
