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
``dd/mm/yyyy`` dates, cp1252 or UTF-8 with BOM.
"""

from __future__ import annotations

import difflib
import os
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from . import _convert
from ._readers import (
    EXCEL_SUFFIXES, PARQUET_SUFFIXES, TEXT_SUFFIXES, KnownCodes, RawTable, read_csv, read_excel,
    read_parquet, table_for_name,
)
from ._schema import (
    PARAMETER_NAME_SPELLINGS, PARAMETER_VALUE_SPELLINGS, PARAMETERS, TABLES, Table,
    normalise_header,
)
from .errors import DataError, KamkitError, Problem
from .market import Market, Parameters

__all__ = ["load", "validate", "ValidationReport", "DataWarning", "read_column_map"]

MAX_CELLS_LISTED = 10  # per column and kind of problem; the rest are counted


class DataWarning(UserWarning):
    """Something in the data worth a look that does not stop the analysis."""


@dataclass
class ValidationReport:
    """Everything ``validate`` found. ``ok`` is True when the data can be used."""

    source: str
    problems: list[Problem] = field(default_factory=list)
    market: Market | None = None

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def ok(self) -> bool:
        return not self.errors

    def __str__(self) -> str:
        lines = []
        for p in self.errors:
            lines.append(f"ERROR   {p}")
        for p in self.warnings:
            lines.append(f"WARNING {p}")
        if self.ok and self.market is not None:
            m = self.market
            lines.append(
                f"OK: {self.source} can be used: {len(m.accounts):,} accounts in "
                f"{len(m.territories)} territories, {len(m.sales):,} sales lines, "
                f"{len(m.visits):,} visits; analysis as of {m.as_of:%Y-%m-%d}."
            )
        else:
            lines.append(
                f"NOT USABLE: {len(self.errors)} error(s) in {self.source}. Fix them and run "
                "`kamkit validate` again."
            )
        return "\n".join(lines)


def load(path: str | os.PathLike, columns: str | os.PathLike | dict | None = None, *,
         usecols: dict[str, tuple[str, ...]] | None = None) -> Market:
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

    Returns
    -------
    Market

    Raises
    ------
    DataError
        When the data cannot be used; its message lists every problem with the place (file,
        sheet, row, column) and how to fix it. Warnings are issued as ``DataWarning``.
    """
    report = validate(path, columns, usecols=usecols)
    if not report.ok:
        raise DataError(report.problems, source=report.source)
    for p in report.warnings:
        warnings.warn(str(p), DataWarning, stacklevel=2)
    return report.market


def validate(path: str | os.PathLike, columns: str | os.PathLike | dict | None = None, *,
             usecols: dict[str, tuple[str, ...]] | None = None) -> ValidationReport:
    """Check the data and report *all* problems at once; never raises for bad data.

    The returned report's ``market`` is the loaded market when ``ok``.
    """
    path = Path(path)
    report = ValidationReport(source=path.name or str(path))
    try:
        mapping = read_column_map(columns)
    except KamkitError as exc:
        report.problems.append(Problem(str(exc)))
        return report
    raws = _read_all(path, mapping, report.problems, usecols or {})
    if raws is None:
        return report
    _Loader(raws, mapping, report).run()
    return report


# -- the column map ----------------------------------------------------------------------------

def read_column_map(columns: str | os.PathLike | dict | None) -> dict[str, dict[str, str]]:
    """Read a column mapping: ``{table: {our_column: their_header}}``.

    A YAML file looks like::

        sales:
          account_id: Cod. Cliente
          amount: Valor Total NF
        visits:
          date: Data da Atividade
        tables:            # optional: the sheet or file name of a table, if not the usual one
          sales: Faturamento

    A flat mapping (``account_id: Cod. Cliente``) applies to every table that has the column.
    """
    if columns is None:
        return {}
    if isinstance(columns, dict):
        raw = columns
        where = "the column map"
    else:
        file = Path(columns)
        where = file.name
        if not file.is_file():
            raise KamkitError(f"The column map {file} does not exist; check the path given to --columns.")
        import yaml

        try:
            raw = yaml.safe_load(file.read_text(encoding="utf-8-sig")) or {}
        except (yaml.YAMLError, UnicodeDecodeError) as exc:
            raise KamkitError(
                f"{where} is not a valid YAML mapping ({exc}). Write one line per column, "
                "like `amount: Valor Total` under a `sales:` heading."
            ) from None
    if not isinstance(raw, dict):
        raise KamkitError(f"{where} must map table names to columns, like `sales: {{amount: Valor}}`.")
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
        for ours in cols:
            if ours not in TABLES[table].column_names:
                close = difflib.get_close_matches(ours, TABLES[table].column_names, n=1)
                hint = f" Did you mean {close[0]!r}?" if close else ""
                raise KamkitError(
                    f"{where}: {table} has no column {ours!r}.{hint} Its columns are "
                    f"{', '.join(TABLES[table].column_names)}."
                )
    unknown_flat = [k for k in flat if k not in every]
    if unknown_flat:
        raise KamkitError(f"{where}: {', '.join(map(repr, unknown_flat))} is not a kamkit column.")
    return out


# -- reading the files ---------------------------------------------------------------------------

def _read_all(path: Path, mapping, problems: list[Problem], usecols) -> list[RawTable] | None:
    if not path.exists():
        problems.append(Problem(
            f"{path} does not exist.",
            fix="Check the path: give the workbook (.xlsx), the folder of CSV/Parquet files, or "
            "a sales CSV file.",
        ))
        return None
    table_names = {normalise_header(v): k for k, v in mapping.get("tables", {}).items()}

    def table_of(name: str) -> str | None:
        return table_names.get(normalise_header(name)) or table_for_name(name)

    if path.is_dir():
        found: dict[str, Path] = {}
        for file in sorted(path.iterdir()):
            if not file.is_file() or file.name.startswith((".", "~$")):
                continue
            if file.suffix.lower() not in TEXT_SUFFIXES | PARQUET_SUFFIXES:
                continue
            table = table_of(file.stem)
            if table is None:
                continue
            if table in found:
                problems.append(Problem(
                    f"two files hold the {table} table: {found[table].name} and {file.name}.",
                    fix="Keep one of them in the folder.", file=path.name,
                ))
                continue
            found[table] = file
        if not found:
            problems.append(Problem(
                "the folder has no accounts, sales, visits or parameters file (.csv or .parquet).",
                fix="Name the files sales.csv (or vendas.csv), accounts.csv (contas.csv), "
                "visits.csv (visitas.csv), parameters.csv (parametros.csv).",
                file=path.name,
            ))
            return None
        from concurrent.futures import ThreadPoolExecutor

        known = None  # the accounts' codes, so large event files are coded against them once
        results = []
        others = [t for t in ("sales", "visits", "parameters") if t in found]
        # the files are read side by side (Arrow and pandas' parsers release the GIL), the
        # largest first
        with ThreadPoolExecutor(max_workers=2) as pool:
            if "accounts" in found:
                accounts = found["accounts"]
                if accounts.suffix.lower() in PARQUET_SUFFIXES:
                    # its code column alone is enough for the others, and is needed only when
                    # they are decoded: it is read beside them, then the whole table
                    known = pool.submit(
                        lambda: _known_codes(_parquet_account_codes(accounts, mapping)))
                    others.insert(1, "accounts")
                else:
                    results.append(_read_file(accounts, "accounts", mapping, usecols))
                    if results[0][0]:
                        known = _known_codes(_account_codes(results[0][0][0], mapping))
            results += list(pool.map(
                lambda t: _read_file(found[t], t, mapping, usecols, known), others))
        raws = []
        for got, probs in results:
            raws += got
            problems += probs
        return raws
    suffix = path.suffix.lower()
    if suffix in EXCEL_SUFFIXES:
        raws, probs = read_excel(path, path.read_bytes(), table_of)
        problems += probs
        if not raws and not probs:
            problems.append(Problem(
                "the workbook has no sheet named Sales (or Vendas), Accounts (Contas), Visits "
                "(Visitas) or Parameters (Parâmetros).",
                fix="Rename the sheets, or start from `kamkit template` and paste your data in.",
                file=path.name,
            ))
        return raws
    if suffix in TEXT_SUFFIXES | PARQUET_SUFFIXES:
        table = table_of(path.stem) or "sales"
        raws, probs = _read_file(path, table, mapping, usecols)
        problems += probs
        return raws
    problems.append(Problem(
        f"kamkit cannot read {suffix or 'files without an extension'} files.",
        fix="Give an Excel workbook (.xlsx), a CSV or Parquet file, or a folder of them.",
        file=path.name,
    ))
    return None


def _id_header(headers, mapping) -> str | None:
    """Which of the accounts table's ``headers`` holds the account code (None: none does)."""
    column = TABLES["accounts"].column("account_id")
    mapped = mapping.get("accounts", {}).get("account_id")
    spellings = (normalise_header(mapped),) if mapped else column.spellings()
    return next((h for s in spellings for h in headers if normalise_header(h) == s), None)


def _parquet_account_codes(file: Path, mapping) -> np.ndarray | None:
    """The account codes of an accounts Parquet file, from its code column alone (text,
    trimmed, distinct, in file order), or None when that is unclear or unreadable."""
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
    codes = pc.unique(pc.utf8_trim_whitespace(codes).drop_null())
    return codes.to_numpy(zero_copy_only=False)


def _known_codes(known: np.ndarray | None) -> KnownCodes | None:
    """The accounts' codes, trimmed, as the categorical type both event tables are coded in
    (one type object: later checks that they agree cost nothing); None if they repeat."""
    if known is None:
        return None
    import pyarrow as pa
    import pyarrow.compute as pc

    try:
        trimmed = pc.utf8_trim_whitespace(pa.array(known, pa.string()))
        dtype = pd.CategoricalDtype(pd.Index(trimmed.to_numpy(zero_copy_only=False),
                                             dtype=object))
    except (ValueError, pa.ArrowException):  # repeated codes: the accounts checks say so
        return None
    return KnownCodes(dtype, trimmed)


def _account_codes(raw: RawTable, mapping) -> np.ndarray | None:
    """The raw account codes of the accounts table (text), or None if the column is unclear."""
    header = _id_header(raw.frame.columns, mapping)
    if header is None:
        return None
    values = raw.frame[header].dropna()  # in row order: the order of the accounts table
    if not all(isinstance(v, str) for v in values.iloc[:100]):
        return None
    return pd.unique(values.to_numpy(dtype=object))


def _read_file(file: Path, table: str, mapping, usecols, known=None
               ) -> tuple[list[RawTable], list[Problem]]:
    if file.suffix.lower() in PARQUET_SUFFIXES:
        keep = None
        if table in usecols:  # headers that may hold a wanted column (or a mapped one)
            spec = TABLES[table]
            wanted = set(usecols[table]) | {c.name for c in spec.columns if c.required}
            keep = {s for c in spec.columns if c.name in wanted for s in c.spellings()}
            keep |= {normalise_header(h) for c, h in mapping.get(table, {}).items() if c in wanted}
        ids = None
        if known is not None and table in ("sales", "visits"):
            column = TABLES[table].column("account_id")
            mapped = mapping.get(table, {}).get("account_id")
            ids = ({normalise_header(mapped)} if mapped else set(column.spellings()), known)
        return read_parquet(file, table, keep=keep, ids=ids)
    return read_csv(file, file.read_bytes(), table)


# -- turning raw tables into a market ------------------------------------------------------------

class _Loader:
    def __init__(self, raws: list[RawTable], mapping, report: ValidationReport):
        self.raws = {r.table: r for r in raws}
        self.mapping = mapping
        self.report = report
        self.problems = report.problems

    def run(self) -> None:
        typed: dict[str, pd.DataFrame] = {}
        sources: dict[str, RawTable] = {}
        if "sales" not in self.raws:
            self.problems.append(Problem(
                "there is no sales table: kamkit needs at least the invoice lines.",
                fix="Add a sheet (or file) named Sales or Vendas with the columns account_id "
                "(or Conta/Cliente), date (Data) and amount (Valor).",
                file=self.report.source,
            ))
        for name in ("accounts", "sales", "visits"):
            raw = self.raws.get(name)
            if raw is None:
                continue
            frame = self._table(raw, TABLES[name])
            if frame is not None:
                typed[name], sources[name] = frame, raw
        parameters = self._parameters(self.raws.get("parameters"))
        if not self.report.ok or "sales" not in typed:
            return
        self.report.market = self._assemble(typed, sources, parameters)

    # one table ------------------------------------------------------------------------------
    def _table(self, raw: RawTable, spec: Table) -> pd.DataFrame | None:
        where = dict(file=raw.file, sheet=raw.sheet)
        if raw.frame.columns.empty:
            self.problems.append(Problem(
                f"the {spec.name} table is empty (no header row, no data).",
                fix=f"Fill it in with a header row ({', '.join(c.name for c in spec.columns if c.required)}"
                " at least) and one row per line, or remove it.",
                **where,
            ))
            return None
        columns = self._match_columns(raw, spec)
        if columns is None:
            return None
        if raw.frame.empty:
            severity = "warning" if spec.name == "visits" else "error"
            self.problems.append(Problem(
                f"the {spec.name} table has a header but no rows.",
                fix="Paste the data under the header row, or remove the sheet/file."
                + (" Without visits every account that never bought counts as untouched."
                   if spec.name == "visits" else ""),
                severity=severity, **where,
            ))
            if severity == "error":
                return None
        out = {}
        for col in spec.columns:
            header = columns.get(col.name)
            if header is None:
                out[col.name] = None
                continue
            values = raw.frame[header]
            out[col.name] = self._convert(raw, spec, col, header, values)
        if spec.name == "accounts":  # a small table: plain text, whatever the file format
            out = {k: v.astype(object).where(v.notna(), None)
                   if isinstance(getattr(v, "dtype", None), pd.CategoricalDtype) else v
                   for k, v in out.items()}
        n = len(raw.frame)
        for col in spec.columns:  # optional columns the file does not have: blank
            if out[col.name] is None:
                out[col.name] = _blank_column(col.kind, n)
                if spec.name == "accounts" and col.kind in ("id", "text"):
                    out[col.name] = np.full(n, None, dtype=object)
        # no copy of the (possibly very long) columns: they were made for this frame
        frame = pd.DataFrame({c.name: out[c.name] for c in spec.columns}, copy=False)
        if spec.name == "accounts":
            extras = [h for h in raw.frame.columns if h not in columns.values()]
            for h in extras:
                frame[h] = _convert.to_text(raw.frame[h]).to_numpy()
        return frame

    def _match_columns(self, raw: RawTable, spec: Table) -> dict[str, str] | None:
        headers = list(raw.frame.columns)
        norm = {h: normalise_header(h) for h in headers}
        chosen: dict[str, str] = {}
        user = self.mapping.get(spec.name, {})
        missing_mapped = []
        for ours, theirs in user.items():
            hit = next((h for h in headers if h == theirs), None) or next(
                (h for h in headers if norm[h] == normalise_header(theirs)), None)
            if hit is None:
                missing_mapped.append((ours, theirs))
            else:
                chosen[ours] = hit
        for ours, theirs in missing_mapped:
            self.problems.append(Problem(
                f"the column map says {ours} is the column {theirs!r}, but there is no such "
                f"header. The headers are: {', '.join(map(repr, headers))}.",
                fix="Correct the header name in the column map (spelling as in the file).",
                file=raw.file, sheet=raw.sheet,
            ))
        taken = set(chosen.values())
        for col in spec.columns:
            if col.name in chosen:
                continue
            spellings = col.spellings()
            candidates = [(spellings.index(norm[h]), h) for h in headers
                          if h not in taken and norm[h] in spellings]
            if candidates:
                chosen[col.name] = min(candidates)[1]
                taken.add(chosen[col.name])
        missing = [c for c in spec.columns if c.required and c.name not in chosen]
        for col in missing:
            close = difflib.get_close_matches(
                col.name, [norm[h] for h in headers if h not in taken], n=1, cutoff=0.6)
            hint = f" Is {close[0]!r} meant to be it? Rename that header." if close else ""
            self.problems.append(Problem(
                f"the {spec.name} table has no {col.name} column ({col.meaning.rstrip('.')}).{hint}",
                fix=f"Add a column headed {col.name!r} (or {col.label_pt!r}); the headers found are "
                f"{', '.join(map(repr, headers))}. For other header names, use a column map "
                "(--columns map.yml).",
                file=raw.file, sheet=raw.sheet, row=raw.header_row if raw.rows is not None else None,
            ))
        if missing_mapped or missing:
            return None
        return chosen

    def _convert(self, raw: RawTable, spec: Table, col, header: str, values: pd.Series):
        where = dict(file=raw.file, sheet=raw.sheet, column=header)
        if col.kind == "id":
            ids = _convert.to_ids(values, trimmed=raw.trimmed)
            if col.required:
                self._cells(raw, ids.isna().to_numpy(), values, where,
                            "the account code is empty.",
                            f"Fill in the account code, or delete the row if it is not a {spec.name[:-1]} line.")
            return ids
        if col.kind == "text":
            text = _convert.to_text(values)
            if col.required and spec.name == "accounts" and col.name == "territory":
                empty = text.isna().to_numpy()
                if empty.any():
                    self._cells(raw, empty, values, where, "the territory is empty.",
                                "Every account belongs to a territory: fill it in.", severity="warning")
            return text
        if col.kind == "number":
            numbers, bad = _convert.to_numbers(values, decimal_comma=raw.decimal_comma)
            self._cells(raw, bad, values, where, "{value} is not a number.",
                        "Write a number such as 1234.56 or 1.234,56 (no letters); leave it blank "
                        "if unknown." if col.name == "potential" else
                        "Write a number such as 1234.56 or 1.234,56 (no letters).")
            if col.required and _any_nan(numbers):  # one pass, no mask, when none is
                self._cells(raw, np.isnan(numbers) & ~bad, values, where,
                            f"the {col.name} is empty.", "Fill in the net amount (0 if none).")
            if col.name == "potential":
                self._cells(raw, numbers < 0, values, where, "the potential {value} is negative.",
                            "Potential is what the account could buy in a year: 0 or more; leave "
                            "it blank if unknown.")
            return numbers
        if col.kind == "date":
            dates, bad, month_first = _convert.to_dates(values)
            if month_first:
                self.problems.append(Problem(
                    "dates are written month first (mm/dd/yyyy); kamkit read them that way.",
                    fix="Check a few dates; Brazilian files usually write dd/mm/yyyy.",
                    severity="warning", **where,
                ))
            self._cells(raw, bad, values, where, "{value} is not a valid date.",
                        "Write dates as dd/mm/yyyy (e.g. 31/01/2025) or yyyy-mm-dd, and check the "
                        "day exists in that month.")
            if col.required and _any_nat(dates):
                self._cells(raw, np.isnat(dates) & ~bad, values, where,
                            f"the {col.name} is empty.", "Fill in the date.")
            return dates
        raise AssertionError(col.kind)

    def _cells(self, raw: RawTable, mask: np.ndarray, values: pd.Series, where: dict,
               message: str, fix: str, severity: str = "error") -> None:
        """One problem per bad cell (up to MAX_CELLS_LISTED), then one that counts the rest."""
        positions = np.flatnonzero(mask)
        for pos in positions[:MAX_CELLS_LISTED]:
            value = values.iat[pos]
            self.problems.append(Problem(
                message.format(value=repr(value)), fix=fix, row=raw.row_label(pos),
                severity=severity, **where,
            ))
        if len(positions) > MAX_CELLS_LISTED:
            rest = len(positions) - MAX_CELLS_LISTED
            self.problems.append(Problem(
                f"{rest:,} more rows have the same problem ({message.format(value='the value')}), "
                f"the last at row {raw.row_label(positions[-1])}.",
                fix=fix, severity=severity, **where,
            ))

    # parameters ---------------------------------------------------------------------------
    def _parameters(self, raw: RawTable | None) -> Parameters:
        if raw is None or raw.frame.columns.empty:
            return Parameters()
        where = dict(file=raw.file, sheet=raw.sheet)
        norm = {normalise_header(h): h for h in raw.frame.columns}
        name_h = next((norm[s] for s in PARAMETER_NAME_SPELLINGS if s in norm), None)
        value_h = next((norm[s] for s in PARAMETER_VALUE_SPELLINGS if s in norm), None)
        if name_h is None or value_h is None:
            self.problems.append(Problem(
                "the parameters table needs two columns: name and value (parâmetro and valor).",
                fix=f"Head the columns 'name' and 'value'; found {', '.join(map(repr, raw.frame.columns))}.",
                row=raw.header_row if raw.rows is not None else None, **where,
            ))
            return Parameters()
        by_label = {normalise_header(p.label_pt): p for p in PARAMETERS.values()}
        by_label.update({normalise_header(p.name): p for p in PARAMETERS.values()})
        values: dict[str, object] = {}
        seen_rows: dict[str, int] = {}
        for pos in range(len(raw.frame)):
            row = raw.row_label(pos)
            name = raw.frame[name_h].iat[pos]
            value = raw.frame[value_h].iat[pos]
            if name is None or (isinstance(name, str) and not name.strip()):
                if _convert.blank_mask(pd.Series([value], dtype=object))[0]:
                    continue
                self.problems.append(Problem("a value has no parameter name.",
                                             fix="Write the parameter's name in the name column.",
                                             row=row, column=name_h, **where))
                continue
            spec = by_label.get(normalise_header(name))
            if spec is None:
                close = difflib.get_close_matches(normalise_header(name), list(by_label), n=1)
                hint = f" Did you mean {by_label[close[0]].name!r}?" if close else ""
                self.problems.append(Problem(
                    f"{name!r} is not a kamkit parameter.{hint}",
                    fix=f"The parameters are {', '.join(PARAMETERS)}.",
                    row=row, column=name_h, **where))
                continue
            if spec.name in seen_rows:
                self.problems.append(Problem(
                    f"the parameter {spec.name} is given twice (also at row {seen_rows[spec.name]}).",
                    fix="Keep one of the two rows.", row=row, column=name_h, **where))
                continue
            seen_rows[spec.name] = row
            parsed = self._parameter_value(spec, value, raw, row, value_h)
            if parsed is not _INVALID and parsed is not None:
                values[spec.name] = parsed
        try:
            return Parameters(**values)
        except KamkitError as exc:
            self.problems.append(Problem(str(exc), fix="Correct the values in the parameters table.",
                                         **where))
            return Parameters()

    def _parameter_value(self, spec, value, raw: RawTable, row: int, column: str):
        where = dict(file=raw.file, sheet=raw.sheet, row=row, column=column)
        cell = pd.Series([value], dtype=object)
        if _convert.blank_mask(cell)[0]:
            return None
        problem = Problem(f"{value!r} is not a valid value for {spec.name}.",
                          fix=f"It must be {spec.allowed}.", **where)
        if spec.kind == "date":
            dates, bad, _ = _convert.to_dates(cell)
            if bad[0]:
                self.problems.append(problem)
                return _INVALID
            return pd.Timestamp(dates[0])
        if spec.kind in ("int", "share"):
            numbers, bad = _convert.to_numbers(cell, decimal_comma=raw.decimal_comma)
            number = numbers[0]
            if bad[0] or np.isnan(number) or (spec.kind == "int" and not float(number).is_integer()):
                self.problems.append(problem)
                return _INVALID
            if not spec.minimum <= number <= spec.maximum:
                self.problems.append(Problem(f"{spec.name} is {value!r}, out of range.",
                                             fix=f"It must be {spec.allowed}.", **where))
                return _INVALID
            return int(number) if spec.kind == "int" else float(number)
        text = str(value).strip()
        if spec.kind == "language":
            choices = {c.lower(): c for c in spec.choices}
            choices.update({"pt": "pt-BR", "pt_br": "pt-BR", "portugues": "pt-BR", "português": "pt-BR",
                            "english": "en", "ingles": "en", "inglês": "en"})
            if text.lower() not in choices:
                self.problems.append(problem)
                return _INVALID
            return choices[text.lower()]
        return text.upper() if spec.name == "currency" else text

    # the whole market ----------------------------------------------------------------------
    def _assemble(self, typed, sources, parameters: Parameters) -> Market:
        sales = typed["sales"]
        visits = typed.get("visits")
        if visits is None:
            visits = pd.DataFrame({c.name: pd.Series(dtype=_EMPTY_DTYPES[c.kind])
                                   for c in TABLES["visits"].columns})
        accounts = typed.get("accounts")
        shared = None  # the events' categorical type, when it is exactly the accounts' codes
        if accounts is None:
            found = np.concatenate([_distinct_ids(sales["account_id"]),
                                    _distinct_ids(visits["account_id"])])
            ids = pd.Index(pd.unique(found), dtype=object).sort_values()
            accounts = pd.DataFrame({c.name: pd.Series([None] * len(ids), dtype=object)
                                     for c in TABLES["accounts"].columns})
            accounts["account_id"] = ids.to_numpy(dtype=object)
            accounts["potential"] = np.nan
        else:
            ids = pd.Index(accounts["account_id"].to_numpy(dtype=object))
            shared = next((f["account_id"].dtype for f in (sales, visits)
                           if isinstance(f["account_id"].dtype, pd.CategoricalDtype)), None)
            if shared is not None and shared.categories.equals(ids):
                ids = shared.categories  # the codes the events were read in: known unique
            dup = None if ids.is_unique else ids.duplicated(keep=False)
            if dup is not None and dup.any():
                raw = sources["accounts"]
                for account_id in pd.unique(ids[dup]):
                    where_rows = [raw.row_label(i) for i in np.flatnonzero(ids == account_id)]
                    self.problems.append(Problem(
                        f"the account {account_id!r} appears {len(where_rows)} times (rows "
                        f"{', '.join(map(str, where_rows))}).",
                        fix="Each account must have one row: merge or delete the duplicates.",
                        file=raw.file, sheet=raw.sheet, row=where_rows[1],
                        column=self._header(raw, "accounts", "account_id"),
                    ))
            if ids.hasnans or dup is not None:
                ids = pd.Index(ids.dropna().unique(), dtype=object)
        frames = {"sales": sales, "visits": visits}
        # unique (checked above): no second hashing; the events' own type when they agree
        id_dtype = shared if ids is getattr(shared, "categories", None) else \
            pd.CategoricalDtype(ids)
        for name, frame in frames.items():
            codes_cat, unknown = _recode(frame["account_id"], id_dtype)
            if unknown.any() and "accounts" in typed:
                raw = sources[name]
                positions = np.flatnonzero(unknown)
                bad_ids = pd.unique(_as_object(frame["account_id"]).to_numpy()[positions])
                first = ", ".join(map(repr, bad_ids[:5]))
                self.problems.append(Problem(
                    f"{len(bad_ids):,} account code(s) in the {name} table are not in the accounts "
                    f"table ({unknown.sum():,} rows), e.g. {first}; the first at row "
                    f"{raw.row_label(positions[0])}.",
                    fix="Add these accounts to the accounts table, or correct the codes.",
                    file=raw.file, sheet=raw.sheet, column=self._header(raw, name, "account_id"),
                ))
            # a new frame around the same columns (assigning into the frame costs a copy)
            frames[name] = pd.DataFrame({c: codes_cat if c == "account_id" else frame[c]
                                         for c in frame.columns}, copy=False)
        if not self.report.ok:
            return None
        accounts = accounts.reset_index(drop=True)
        market = Market(accounts=accounts, sales=frames["sales"].reset_index(drop=True),
                        visits=frames["visits"].reset_index(drop=True), parameters=parameters,
                        source=self.report.source)
        return market

    def _header(self, raw: RawTable, table: str, column: str) -> str:
        spellings = TABLES[table].column(column).spellings()
        user = self.mapping.get(table, {}).get(column)
        return user or next((h for h in raw.frame.columns if normalise_header(h) in spellings), column)


_INVALID = object()


def _any_nan(numbers: np.ndarray) -> bool:
    return bool(numbers.size) and bool(np.isnan(np.min(numbers)))


def _any_nat(dates: np.ndarray) -> bool:
    return bool(dates.size) and int(dates.view(np.int64).min()) == np.iinfo(np.int64).min


def _blank_column(kind: str, n: int) -> np.ndarray:
    if kind == "number":
        return np.full(n, np.nan)
    if kind == "date":
        return np.full(n, np.datetime64("NaT"), dtype="datetime64[ns]")
    # text: a Categorical with no categories costs one byte a row (an object array, eight)
    return pd.Categorical.from_codes(np.full(n, -1, dtype=np.int8),
                                     categories=pd.Index([], dtype=object))
_EMPTY_DTYPES = {"id": object, "text": object, "number": "float64", "date": "datetime64[ns]"}


def _distinct_ids(values: pd.Series) -> np.ndarray:
    """The distinct account codes of an event table (object array), without a row-sized copy."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        codes = values.cat.codes.to_numpy()
        used = np.bincount(codes[codes >= 0], minlength=len(values.cat.categories)) > 0
        return values.cat.categories.to_numpy(dtype=object)[used]
    return pd.unique(values.dropna().to_numpy(dtype=object))


def _as_object(values: pd.Series) -> pd.Series:
    return values.astype(object) if isinstance(values.dtype, pd.CategoricalDtype) else values


def _recode(values: pd.Series, ids: pd.CategoricalDtype) -> tuple[pd.Categorical, np.ndarray]:
    """Account codes as a Categorical over the accounts, and the mask of rows whose code is
    not among them (they become missing).

    Large event tables arrive as Categoricals over their own distinct codes: their categories
    are matched to the accounts once, and the row codes remapped with one take (no pass over
    the rows at all when the reader already coded them against the accounts).
    """
    if isinstance(values.dtype, pd.CategoricalDtype):
        codes = values.array.codes  # no copy
        categories = values.cat.categories
        if categories.equals(ids.categories):
            return (pd.Categorical.from_codes(codes, dtype=ids, validate=False),
                    np.zeros(len(codes), dtype=bool))
        n = len(ids.categories)
        if len(categories) > n and categories[:n].equals(ids.categories):
            # the accounts' codes, then codes not among them: how the Parquet reader codes
            unknown = codes >= n
            new = np.where(unknown, codes.dtype.type(-1), codes)
            return pd.Categorical.from_codes(new, dtype=ids, validate=False), unknown
        mapping = ids.categories.get_indexer(categories.to_numpy(dtype=object))
        mapping = np.append(mapping, -1).astype(np.int32)  # code -1 (missing) stays missing
        new = mapping[codes]
        unknown = (new < 0) & (codes >= 0) if (mapping[:-1] < 0).any() else \
            np.zeros(len(codes), dtype=bool)
        return pd.Categorical.from_codes(new, dtype=ids, validate=False), unknown
    codes = ids.categories.get_indexer(values.to_numpy(dtype=object))
    unknown = (codes < 0) & values.notna().to_numpy()
    return pd.Categorical.from_codes(codes, dtype=ids, validate=False), unknown
