"""Turn raw tables into a market: match headers, convert types, check every cell, and put
the tables together (the second half of ``kamkit.load``; the readers are the first).

This module imports pandas; ``kamkit.loading`` imports it only once the files are being read.
"""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from . import _convert
from ._readers import MAX_CELLS_LISTED, RawTable
from ._schema import (
    PARAMETER_NAME_SPELLINGS, PARAMETER_VALUE_SPELLINGS, PARAMETERS, TABLES, Table,
    normalise_header,
)
from .errors import KamkitError, Problem
from .market import Market, Parameters

if TYPE_CHECKING:
    from .loading import ValidationReport


class Loader:
    """Raw tables -> a typed, checked Market (into ``report.market``), every problem into
    ``report.problems``."""

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
                frame[h] = raw.frame[h].to_numpy() if h in raw.plain_text else \
                    _convert.to_text(raw.frame[h]).to_numpy()
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
            ids = values if header in raw.plain_text else \
                _convert.to_ids(values, trimmed=raw.trimmed)
            if col.required and _any_missing(ids):
                self._cells(raw, ids.isna().to_numpy(), values, where,
                            "the account code is empty.",
                            f"Fill in the account code, or delete the row if it is not a {spec.name[:-1]} line.")
            return ids
        if col.kind == "text":
            text = values if header in raw.plain_text else _convert.to_text(values)
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
                empty = np.isnat(dates) & ~bad
                if header in raw.reported:
                    empty[raw.reported[header]] = False  # the reader said why already
                self._cells(raw, empty, values, where,
                            f"the {col.name} is empty.", "Fill in the date.")
            return dates
        raise AssertionError(col.kind)

    def _cells(self, raw: RawTable, mask: np.ndarray, values: pd.Series, where: dict,
               message: str, fix: str, severity: str = "error") -> None:
        """One problem per bad cell (up to MAX_CELLS_LISTED), then one that counts the rest."""
        if len(raw.reported.get(where["column"], ())):  # the reader said why already
            mask = mask.copy()
            mask[raw.reported[where["column"]]] = False
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


def _any_missing(values: pd.Series) -> bool:
    """Whether a column has a missing value; a Categorical's codes say it in one pass."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        codes = values.array.codes
        return bool(codes.size) and int(codes.min()) < 0
    return bool(values.isna().any())


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
    return pd.Categorical.from_codes(np.full(n, -1, dtype=np.int8), validate=False,
                                     dtype=pd.CategoricalDtype(pd.Index([], dtype=object)))


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
