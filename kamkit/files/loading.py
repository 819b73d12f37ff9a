"""Load a market from the files sales teams keep, and check them with sentences people can act on.

``load(path)`` accepts:

- an Excel workbook with sheets Accounts, Sales, Visits, Parameters (or Contas, Vendas,
  Visitas, Parâmetros);
- a folder of ``accounts``, ``sales``, ``visits``, ``parameters`` files in CSV or Parquet
  (Portuguese names too: ``contas.csv``, ``vendas.csv``...);
- a single CSV or Parquet file, read as the sales table.

Headers may be written in English or in Portuguese as Brazilian teams write them (Cliente,
Território, Vendedor, Data, Valor, Potencial, Tipo...); for CRM exports with other headers, a
mapping file says which of their headers is which of our columns (see ``read_column_map``).
CSV files saved by Brazilian Excel load as they are: ``;`` separators, ``1.234,56``,
``dd/mm/yyyy`` dates, cp1252 or UTF-8 with BOM, and Excel's "Unicode text" (UTF-16, tabs).

What a plain reading would get wrong without a word is said instead, naming the cell: a date
past 2261 (an ERP's 31/12/9999), a number that reads two ways (``12.500`` beside ``3.75``), an
infinite amount, a row with more cells than the header, a quote never closed; a UTF-8 file
with a few Windows (cp1252) bytes is read as UTF-8 with a warning naming their rows. A file that
cannot be read (no permission, a folder, 0 bytes) gets a sentence too, never an ``OSError``.
"""

from __future__ import annotations

import difflib
import os
import warnings
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from kamkit.core.errors import DataError, DataWarning, KamkitError, Problem, Text
from kamkit.core.schema import ACCOUNT_ATTRIBUTES, PLAN_TABLES, TABLES, normalise_header
from kamkit.files.readers import (
    EXCEL_SUFFIXES,
    PARQUET_SUFFIXES,
    TEXT_SUFFIXES,
    KnownCodes,
    RawTable,
    read_csv,
    read_excel,
    read_parquet,
    table_for_name,
)
from kamkit.files.report import ValidationReport

if TYPE_CHECKING:
    from kamkit.model.market import Market

# This module does not import pandas: the files are read (Arrow and NumPy decode Parquet,
# releasing the GIL) while pandas is imported for the second half, kamkit.files.assemble.

__all__ = ["load", "validate", "ValidationReport", "DataWarning", "read_column_map"]


def load(
    path: str | os.PathLike,
    columns: str | os.PathLike | dict | None = None,
    *,
    usecols: dict[str, tuple[str, ...]] | None = None,
    warn: bool = True,
    lines: str = "frames",
) -> Market:
    """Load a market from a workbook, a folder of CSV/Parquet files, or one sales file.

    Parameters
    ----------
    path
        The workbook (``.xlsx``), folder, or file.
    columns
        Optional mapping of our column names to the file's headers, as a dict or a YAML file
        (see ``read_column_map``), for CRM exports with their own headers.
    usecols
        For very large Parquet files: the model columns to read per table, e.g.
        ``{"sales": ("account_id", "date", "amount")}``; the other optional columns of that
        table are left blank. (CSV and Excel files are always read whole.)
    warn
        True (default): issue each warning as a ``DataWarning``, in the data's language.
        False: keep them only in the market's ``notes`` (a report shows them as sentences, not
        as Python warnings).
    lines
        ``"frames"`` (default): every table in pandas. ``"files"``: a folder whose sales and
        visits are Parquet files keeps their lines in the files, checked by queries, for
        :func:`kamkit.segment` and :func:`kamkit.data_warnings` on markets too large for
        memory (``kamkit segment`` does this; see :mod:`kamkit.files.lines`).

    Returns
    -------
    Market

    Raises
    ------
    DataError
        When the data cannot be used; its message lists every problem with the place (file,
        sheet, row, column) and how to fix it. Warnings are issued as ``DataWarning`` (see
        ``warn``) and kept in ``market.notes``.
    """
    report = validate(path, columns, usecols=usecols, lines=lines)
    if not report.ok:
        raise DataError(report.problems, source=report.source)
    language = report.market.parameters.language  # warnings in the data's language
    for p in report.warnings if warn else ():
        warnings.warn(DataWarning(p.text(language), p), stacklevel=2)
    return report.market


def validate(
    path: str | os.PathLike,
    columns: str | os.PathLike | dict | None = None,
    *,
    usecols: dict[str, tuple[str, ...]] | None = None,
    lines: str = "frames",
) -> ValidationReport:
    """Check the data and report *all* problems at once; never raises for bad data.

    The returned report's ``market`` is the loaded market when ``ok``. ``lines="files"``
    (``kamkit segment``): a folder whose sales and visits are Parquet files keeps their lines
    in the files, checked by queries (see :mod:`kamkit.files.lines`); when those checks find
    anything, or the folder is not that plain, the data is loaded whole as with ``"frames"``.
    """
    path = Path(path)
    report = ValidationReport(source=path.name or str(path))
    try:
        mapping = read_column_map(columns)
    except KamkitError as exc:
        report.problems.append(Problem(exc.message))
        return report
    line_files = None
    try:
        if lines == "files" and not mapping:
            raws, line_files = _read_with_line_files(path, report.problems)
        if line_files is None:
            raws = _read_all(path, mapping, report.problems, usecols or {})
    except OSError as exc:  # no permission, a folder where a file was expected, a lost disk
        report.problems.append(_unreadable(exc, path))
        return report
    if raws is None:
        return report
    from kamkit.files.assemble import Loader

    Loader(raws, mapping, report).run()
    if line_files is not None and (line_files.problems() or not report.ok):
        # a bad line the checks on the files found, or an error in the accounts or parameters:
        # said as a whole load says it (the headers found, every table's problems together)
        return validate(path, columns, usecols=usecols)
    if report.market is not None and (report.warnings or line_files is not None):
        from dataclasses import replace

        report.market = replace(report.market, notes=tuple(report.warnings), lines=line_files)
    return report


def _table_files(folder: Path, table_of) -> tuple[dict[str, Path], list[tuple[str, Path, Path]]]:
    """The data files (CSV or Parquet) of a folder by the table their name says (``table_of``),
    the first of each table, and ``(table, first, other)`` for each file that repeats one."""
    found: dict[str, Path] = {}
    clashes: list[tuple[str, Path, Path]] = []
    for file in sorted(folder.iterdir()):
        if not file.is_file() or file.name.startswith((".", "~$")):
            continue
        if file.suffix.lower() not in TEXT_SUFFIXES | PARQUET_SUFFIXES:
            continue
        table = table_of(file.stem)
        if table is None:
            continue
        if table in found:
            clashes.append((table, found[table], file))
        else:
            found[table] = file
    return found, clashes


def _read_with_line_files(path: Path, problems: list[Problem]):
    """``(raws, LineFiles)`` for a folder whose sales and visits are clean Parquet files: the
    accounts and parameters read whole, the event tables as their latest line only (the
    lines stay in the files, see :mod:`kamkit.files.lines`); ``(None, None)`` otherwise."""
    if not path.is_dir():
        return None, None
    found, clashes = _table_files(path, table_for_name)
    if clashes:
        return None, None  # two files of one table: the ordinary reading says so
    if "accounts" not in found or "sales" not in found:
        return None, None
    if any(
        found[t].suffix.lower() not in PARQUET_SUFFIXES for t in ("sales", "visits") if t in found
    ):
        return None, None
    # the accounts' columns of the segment table only (cities, states and other columns are
    # not read: the lines stay in files for `kamkit segment`, which shows none of them)
    usecols = {"accounts": ("account_id", "name", "territory", "salesperson", "segment")}
    usecols["accounts"] += ("potential",)
    raws: list[RawTable] = []

    def account_codes():  # read while the engine scans the event files
        tables = [t for t in ("accounts", *PLAN_TABLES, "parameters") if t in found]
        for table in tables:
            got, probs = _read_file(found[table], table, {}, usecols)
            if probs:
                return None
            raws.extend(raw.finish() for raw in got)
        accounts = next((r for r in raws if r.table == "accounts"), None)
        codes = _account_codes(accounts, {}) if accounts is not None else None
        return None if codes is None else [str(c).strip() for c in codes]

    from kamkit.files.lines import latest_line, open_lines

    line_files = open_lines(found["sales"], found.get("visits"), account_codes)
    if line_files is None:
        return None, None
    import tempfile

    import pyarrow.parquet as pq

    with tempfile.TemporaryDirectory(prefix="kamkit-lines-") as folder:
        for table, columns, when in (
            ("sales", line_files.sales_columns, line_files.last_date),
            ("visits", line_files.visit_columns, line_files.latest_visit),
        ):
            if table not in found or when is None:
                continue
            copy = Path(folder) / found[table].name
            line = latest_line(found[table], columns, when)
            if line.num_rows != 1:  # a date finer than the engine's microseconds
                return None, None
            pq.write_table(line, copy)
            got, probs = _read_file(copy, table, {}, {})
            if probs:
                return None, None
            raws += [raw.finish() for raw in got]
    return raws, line_files


# -- the column map ----------------------------------------------------------------------------


def read_column_map(columns: str | os.PathLike | dict | None) -> dict[str, dict[str, str]]:
    """Read a column mapping: ``{table: {our_column: their_header}}``.

    A YAML file looks like::

        sales:
          account_id: Cod. Cliente
          amount: Valor Total NF
          name: Razão Social  # account attributes an ERP export repeats on every line
          territory: Região
        visits:
          date: Data da Atividade
        tables:            # optional: the sheet or file name of a table, if not the usual one
          sales: Faturamento

    A flat mapping (``account_id: Cod. Cliente``) applies to every table that has the column.
    Under ``sales:`` the account attributes (``name``, ``territory``, ``salesperson``,
    ``segment``, ``city``, ``state``) may be mapped too: they go to the accounts (see
    ``kamkit.core.schema.ACCOUNT_ATTRIBUTES``).
    """
    if columns is None:
        return {}
    if isinstance(columns, dict):
        raw = columns
        named = Text("the column map", "o mapa de colunas")
    else:
        file = Path(columns)
        named = Text(file.name, file.name)
        if not file.is_file():
            raise KamkitError(
                Text(
                    "The column map {file} does not exist; check the path given to --columns.",
                    "O mapa de colunas {file} não existe; confira o caminho dado em --columns.",
                ).format(file=file)
            )
        raw = _load_yaml(file)
    if not isinstance(raw, dict):
        raise KamkitError(
            Text(
                f"{named.en} must map table names to columns, like `sales: {{amount: Valor}}`.",
                f"{named.pt} deve ligar nomes de tabelas a colunas, como `sales: {{amount: Valor}}`.",
            )
        )
    where = str(named)
    known_tables = set(TABLES) | {"tables"}
    out: dict[str, dict[str, str]] = {}
    flat = {k: v for k, v in raw.items() if not isinstance(v, dict)}
    for key, value in raw.items():
        if isinstance(value, dict):
            if key not in known_tables:
                raise KamkitError(
                    f"{where}: {key!r} is not a table; use one of {', '.join(sorted(known_tables))}."
                )
            out[key] = {str(k): str(v) for k, v in value.items()}
    for table in TABLES.values():
        for ours, theirs in flat.items():
            if ours in table.column_names:
                out.setdefault(table.name, {}).setdefault(ours, str(theirs))
    every = {c for t in TABLES.values() for c in t.column_names}
    for table, cols in out.items():
        if table == "tables":
            continue
        accepted = _mappable_columns(table)
        for ours in cols:
            if ours not in accepted:
                close = difflib.get_close_matches(ours, accepted, n=1)
                hint = (
                    Text(" Did you mean {close}?", " Você quis dizer {close}?").format(
                        close=repr(close[0])
                    )
                    if close
                    else ""
                )
                raise KamkitError(
                    Text(
                        "{where}: {table} has no column {ours}.",
                        "{where}: a tabela {table} não tem a coluna {ours}.",
                    ).format(where=where, table=table, ours=repr(ours))
                    + hint
                    + Text(" Its columns are {columns}.", " As colunas dela são {columns}.").format(
                        columns=", ".join(accepted)
                    )
                )
    unknown_flat = [k for k in flat if k not in every]
    if unknown_flat:
        raise KamkitError(f"{where}: {', '.join(map(repr, unknown_flat))} is not a kamkit column.")
    return out


class _AliasRefused(Exception):
    def __init__(self, line: int):
        self.line = line


def _load_yaml(file: Path):
    """A column map file as data. YAML anchors and aliases (``&a``, ``*a``) are refused: a map
    needs none, and a few lines of them ("billion laughs") expand into gigabytes."""
    import yaml

    class NoAliasLoader(yaml.SafeLoader):
        def compose_node(self, parent, index):
            event = self.peek_event()
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise _AliasRefused(event.start_mark.line + 1)
            return super().compose_node(parent, index)

    try:
        text = file.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise KamkitError(
            Text(
                "{name} is not a UTF-8 text file. Save the column map as plain text (UTF-8), one "
                "line per column, like `amount: Valor Total` under a `sales:` heading.",
                "{name} não é um arquivo de texto UTF-8. Salve o mapa de colunas como texto simples "
                "(UTF-8), uma linha por coluna, como `amount: Valor Total` abaixo de `sales:`.",
            ).format(name=file.name)
        ) from None
    except OSError as exc:
        raise KamkitError(_unreadable(exc, file).message) from None
    try:
        return yaml.load(text, Loader=NoAliasLoader) or {}
    except _AliasRefused as exc:
        raise KamkitError(
            Text(
                "{name} uses YAML anchors or aliases (& or *, line {line}); a column map needs "
                "none, and kamkit does not read them. Write each column on its own line, like "
                "`amount: Valor Total` under a `sales:` heading.",
                "{name} usa âncoras ou apelidos do YAML (& ou *, linha {line}); um mapa de colunas "
                "não precisa deles, e o kamkit não os lê. Escreva cada coluna na sua linha, como "
                "`amount: Valor Total` abaixo de `sales:`.",
            ).format(name=file.name, line=exc.line)
        ) from None
    except yaml.YAMLError as exc:
        raise KamkitError(
            Text(
                "{name} is not a valid YAML mapping ({exc}). Write one line per column, like "
                "`amount: Valor Total` under a `sales:` heading.",
                "{name} não é um mapeamento YAML válido ({exc}). Escreva uma linha por coluna, "
                "como `amount: Valor Total` abaixo de `sales:`.",
            ).format(name=file.name, exc=exc)
        ) from None


def _unreadable(exc: OSError, path: Path) -> Problem:
    """The sentence for a file or folder that cannot be read (never a bare OSError)."""
    name = Path(exc.filename).name if getattr(exc, "filename", None) else path.name
    if isinstance(exc, PermissionError):
        why = Text("you do not have permission to read it", "você não tem permissão para lê-lo")
    elif isinstance(exc, IsADirectoryError):
        why = Text("it is a folder, not a file", "é uma pasta, não um arquivo")
    elif isinstance(exc, FileNotFoundError):
        why = Text("it does not exist (any more)", "ele não existe (mais)")
    else:
        reason = exc.strerror or type(exc).__name__
        why = Text(reason, reason)
    return Problem(
        Text(
            "kamkit cannot read {name}: " + why.en + ".",
            "o kamkit não consegue ler {name}: " + why.pt + ".",
        ).format(name=name),
        fix=Text(
            "Check the path, that the file is yours to read (or copy it to your own "
            "folder), and that no other program holds it locked; then try again.",
            "Confira o caminho, se você pode ler o arquivo (ou copie-o para uma pasta sua) "
            "e se nenhum outro programa o mantém bloqueado; depois tente de novo.",
        ),
    )


def _column_kinds(table: str, mapping) -> dict[str, str]:
    """``{normalised header: "date" or "number"}`` for the headers that may hold a date or
    number column of ``table`` (its spellings, and the column map's headers), for the readers'
    checks of the cells as read."""
    if table not in TABLES:
        return {}
    kinds = {}
    spec = TABLES[table]
    for col in spec.columns:
        if col.kind in ("date", "number"):
            for spelling in col.spellings():
                kinds[spelling] = col.kind
    for ours, theirs in mapping.get(table, {}).items():
        kind = next((c.kind for c in spec.columns if c.name == ours), None)
        if kind in ("date", "number"):
            kinds[normalise_header(theirs)] = kind
    return kinds


# -- reading the files ---------------------------------------------------------------------------


def _mappable_columns(table: str) -> list[str]:
    """The columns a column map may name under ``table``: the table's own and, for sales, the
    account attributes an ERP export repeats on every invoice line (they go to the accounts)."""
    names = TABLES[table].column_names
    if table == "sales":
        names = names + [a for a in ACCOUNT_ATTRIBUTES if a not in names]
    return names


def _read_all(path: Path, mapping, problems: list[Problem], usecols) -> list[RawTable] | None:
    if not path.exists():
        problems.append(
            Problem(
                Text("{path} does not exist.", "{path} não existe.").format(path=path),
                fix=Text(
                    "Check the path: give the workbook (.xlsx), the folder of CSV/Parquet "
                    "files, or a sales CSV file.",
                    "Confira o caminho: indique a pasta de trabalho (.xlsx), a pasta com os "
                    "arquivos CSV/Parquet, ou um arquivo CSV de vendas.",
                ),
            )
        )
        return None
    table_names = {normalise_header(v): k for k, v in mapping.get("tables", {}).items()}

    def table_of(name: str) -> str | None:
        return table_names.get(normalise_header(name)) or table_for_name(name)

    if path.is_dir():
        found, clashes = _table_files(path, table_of)
        for table, first, file in clashes:
            problems.append(
                Problem(
                    Text(
                        "two files hold the {table} table: {a} and {b}.",
                        "dois arquivos têm a tabela {table}: {a} e {b}.",
                    ).format(table=table, a=first.name, b=file.name),
                    fix=Text("Keep one of them in the folder.", "Deixe só um deles na pasta."),
                    file=path.name,
                )
            )
        if not found:
            problems.append(
                Problem(
                    Text(
                        "the folder has no accounts, sales, visits or parameters file (.csv or "
                        ".parquet).",
                        "a pasta não tem arquivo de contas, vendas, visitas ou parâmetros (.csv ou "
                        ".parquet).",
                    ),
                    fix=Text(
                        "Name the files sales.csv (or vendas.csv), accounts.csv (contas.csv), "
                        "visits.csv (visitas.csv), parameters.csv (parametros.csv).",
                        "Dê aos arquivos os nomes vendas.csv (ou sales.csv), contas.csv "
                        "(accounts.csv), visitas.csv (visits.csv), parametros.csv "
                        "(parameters.csv).",
                    ),
                    file=path.name,
                )
            )
            return None
        # the accounts' codes first, so that large event files are coded against them once;
        # problems are listed in the order the files were always read: a CSV accounts table
        # first, a Parquet one after the sales
        known = None
        results = {}
        order = [t for t in ("sales", "visits", *PLAN_TABLES, "parameters") if t in found]
        if "accounts" in found:
            accounts = found["accounts"]
            if accounts.suffix.lower() in PARQUET_SUFFIXES:
                known = _known_codes(_parquet_account_codes(accounts, mapping))
                order.insert(1, "accounts")
            else:
                order.insert(0, "accounts")
                results["accounts"] = _read_file(accounts, "accounts", mapping, usecols)
                if results["accounts"][0]:
                    raw = results["accounts"][0][0].finish()
                    known = _known_codes(_account_codes(raw, mapping))
        for table in order:
            if table not in results:
                results[table] = _read_file(found[table], table, mapping, usecols, known)
        results = [results[t] for t in order]
        for got, _ in results:
            for raw in got:
                raw.finish()
        raws = []
        for got, probs in results:
            raws += got
            problems += probs
        return raws
    suffix = path.suffix.lower()
    if suffix in EXCEL_SUFFIXES:
        raws, probs = read_excel(
            path, path.read_bytes(), table_of, lambda table: _column_kinds(table, mapping)
        )
        problems += probs
        if not raws and not probs:
            problems.append(
                Problem(
                    Text(
                        "the workbook has no sheet named Sales (or Vendas), Accounts (Contas), "
                        "Visits (Visitas) or Parameters (Parâmetros).",
                        "a pasta de trabalho não tem planilha chamada Vendas (ou Sales), Contas "
                        "(Accounts), Visitas (Visits) ou Parâmetros (Parameters).",
                    ),
                    fix=Text(
                        "Rename the sheets, or start from `kamkit template` and paste your "
                        "data in.",
                        "Renomeie as planilhas, ou comece por `kamkit template --lang pt-BR` e "
                        "cole seus dados nele.",
                    ),
                    file=path.name,
                )
            )
        return raws
    if suffix in TEXT_SUFFIXES | PARQUET_SUFFIXES:
        table = table_of(path.stem) or "sales"
        raws, probs = _read_file(path, table, mapping, usecols)
        problems += probs
        return [raw.finish() for raw in raws]
    problems.append(
        Problem(
            Text(f"kamkit cannot read {suffix} files.", f"o kamkit não lê arquivos {suffix}.")
            if suffix
            else Text(
                "kamkit cannot read files without an extension.",
                "o kamkit não lê arquivos sem extensão.",
            ),
            fix=Text(
                "Give an Excel workbook (.xlsx), a CSV or Parquet file, or a folder of them.",
                "Indique uma pasta de trabalho do Excel (.xlsx), um arquivo CSV ou Parquet, ou "
                "uma pasta com eles.",
            ),
            file=path.name,
        )
    )
    return None


def _id_header(headers, mapping) -> str | None:
    """Which of the accounts table's ``headers`` holds the account code (None: none does)."""
    column = TABLES["accounts"].column("account_id")
    mapped = mapping.get("accounts", {}).get("account_id")
    spellings = (normalise_header(mapped),) if mapped else column.spellings()
    return next((h for s in spellings for h in headers if normalise_header(h) == s), None)


def _parquet_account_codes(file: Path, mapping):
    """The account codes of an accounts Parquet file, from its code column alone (Arrow
    text, trimmed, distinct, in file order), or None when that is unclear or unreadable."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    try:
        pf = pq.ParquetFile(file)
        header = _id_header(pf.schema_arrow.names, mapping)
        if header is None:
            return None
        codes = pf.read(columns=[header]).column(0)
    except (OSError, pa.ArrowException):
        return None  # the accounts reader says what is wrong with the file
    if pa.types.is_dictionary(codes.type):
        codes = codes.cast(codes.type.value_type)
    if not (pa.types.is_string(codes.type) or pa.types.is_large_string(codes.type)):
        return None
    return pc.unique(pc.utf8_trim_whitespace(codes).drop_null())


def _known_codes(known) -> KnownCodes | None:
    """The accounts' codes (an array of text), trimmed, which both event tables are coded
    against (one categorical type: later checks that they agree cost nothing); None if they
    repeat."""
    if known is None:
        return None
    import pyarrow as pa
    import pyarrow.compute as pc

    try:
        # always plain string: event files' dictionaries are cast to it (large_string from
        # Polars and others would not concatenate with them)
        trimmed = pc.utf8_trim_whitespace(
            known.cast(pa.string()) if isinstance(known, pa.Array) else pa.array(known, pa.string())
        )
    except pa.ArrowException:
        return None
    if trimmed.null_count or len(pc.unique(trimmed)) != len(trimmed):
        return None  # repeated codes: the accounts checks say so
    return KnownCodes(trimmed)


def _account_codes(raw: RawTable, mapping) -> np.ndarray | None:
    """The raw account codes of the accounts table (text), or None if the column is unclear."""
    header = _id_header(raw.frame.columns, mapping)
    if header is None:
        return None
    values = raw.frame[header].dropna()  # in row order: the order of the accounts table
    if not all(isinstance(v, str) for v in values.iloc[:100]):
        return None
    import pandas as pd

    return pd.unique(values.to_numpy(dtype=object))


def _read_file(
    file: Path, table: str, mapping, usecols, known=None
) -> tuple[list[RawTable], list[Problem]]:
    if file.suffix.lower() in PARQUET_SUFFIXES:
        keep = None
        if table in usecols:  # headers that may hold a wanted column (or a mapped one)
            spec = TABLES[table]
            wanted = set(usecols[table]) | {c.name for c in spec.columns if c.required}
            keep = {s for c in spec.columns if c.name in wanted for s in c.spellings()}
            keep |= {normalise_header(h) for c, h in mapping.get(table, {}).items() if c in wanted}
            if table == "sales":  # account attributes an ERP export carries: the accounts' own
                accounts = TABLES["accounts"]
                keep |= {s for a in ACCOUNT_ATTRIBUTES for s in accounts.column(a).spellings()}
                keep |= {
                    normalise_header(h)
                    for c, h in mapping.get(table, {}).items()
                    if c in ACCOUNT_ATTRIBUTES
                }
        ids = None
        if known is not None and table in ("sales", "visits"):
            column = TABLES[table].column("account_id")
            mapped = mapping.get(table, {}).get("account_id")
            ids = ({normalise_header(mapped)} if mapped else set(column.spellings()), known)
        return read_parquet(file, table, keep=keep, ids=ids)
    return read_csv(file, file.read_bytes(), table, _column_kinds(table, mapping))
