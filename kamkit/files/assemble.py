"""Turn raw tables into a market: match headers, convert types, check every cell, and put
the tables together (the second half of ``kamkit.load``; the readers are the first).

This module imports pandas; ``kamkit.files.loading`` imports it only once the files are being read.
"""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from kamkit.core.errors import KamkitError, Problem, Text
from kamkit.core.schema import (
    ACCOUNT_ATTRIBUTES,
    PARAMETER_NAME_SPELLINGS,
    PARAMETER_VALUE_SPELLINGS,
    PARAMETERS,
    TABLES,
    Table,
    normalise_header,
)
from kamkit.files.readers import MAX_CELLS_LISTED, RawTable
from kamkit.model import convert as _convert
from kamkit.model.market import Market, Parameters
from kamkit.model.plans import PLAN_TABLE_NAMES, check_plan_rows, plan_column, plan_frame
from kamkit.presentation.catalogue import word

if TYPE_CHECKING:
    from kamkit.files.report import ValidationReport


class Loader:
    """Raw tables -> a typed, checked Market (into ``report.market``), every problem into
    ``report.problems``."""

    def __init__(self, raws: list[RawTable], mapping, report: ValidationReport):
        self.raws = {r.table: r for r in raws}
        self.mapping = mapping
        self.report = report
        self.problems = report.problems
        # account attributes found in the sales table: name -> (header, text column)
        self.sales_attributes: dict[str, tuple[str, pd.Series]] = {}
        self._blank_territory = None  # accounts-table rows without a territory
        self._territories = None  # the accounts' territories once the tables are together
        # the account-plan tables read (typed), and the raw tables they came from
        self.plan_tables: dict[str, pd.DataFrame] = {}
        self.plan_sources: dict[str, RawTable] = {}

    def run(self) -> None:
        """Type every table, then check the tables against each other -- even when some cells
        are bad, so that one run reports every problem (a bad cell is reported once: an empty
        code is not also an unknown one)."""
        typed: dict[str, pd.DataFrame] = {}
        sources: dict[str, RawTable] = {}
        if "sales" not in self.raws:
            self.problems.append(
                Problem(
                    Text(
                        "there is no sales table: kamkit needs at least the invoice lines.",
                        "não há tabela de vendas: o kamkit precisa pelo menos das linhas de nota "
                        "fiscal.",
                    ),
                    fix=Text(
                        "Add a sheet (or file) named Sales or Vendas with the columns account_id "
                        "(or Conta/Cliente), date (Data) and amount (Valor).",
                        "Acrescente uma planilha (ou arquivo) chamada Vendas (ou Sales) com as "
                        "colunas Conta (ou Cliente), Data e Valor.",
                    ),
                    file=self.report.source,
                )
            )
        for name in ("accounts", "sales", "visits"):
            raw = self.raws.get(name)
            if raw is None:
                continue
            frame = self._table(raw, TABLES[name])
            if frame is not None:
                typed[name], sources[name] = frame, raw
        for name in PLAN_TABLE_NAMES:
            raw = self.raws.get(name)
            if raw is not None:
                frame = self._plan_table(raw, TABLES[name])
                if frame is not None:
                    self.plan_tables[name], self.plan_sources[name] = frame, raw
        parameters = self._parameters(self.raws.get("parameters"))
        market = None
        if "sales" in typed and ("accounts" not in self.raws or "accounts" in typed):
            # (a table without its columns: nothing to check the others against)
            market = self._assemble(typed, sources, parameters)
        if self._blank_territory is not None:
            raw, empty, values, where = self._blank_territory
            if self._territories is not None:  # some filled from the sales lines
                empty = empty & pd.isna(self._territories[: len(empty)])
            self._cells(
                raw,
                empty,
                values,
                where,
                Text("the territory is empty.", "o território está vazio."),
                Text(
                    "Every account belongs to a territory: fill it in.",
                    "Toda conta pertence a um território: preencha-o.",
                ),
                severity="warning",
            )
        if self.report.ok:
            self.report.market = market

    # one table ------------------------------------------------------------------------------
    def _table(self, raw: RawTable, spec: Table) -> pd.DataFrame | None:
        where = dict(file=raw.file, sheet=raw.sheet)
        if raw.frame.columns.empty:
            self.problems.append(
                Problem(
                    _fmt(
                        Text(
                            "the {table} table is empty (no header row, no data).",
                            "a tabela {table} está vazia (sem linha de cabeçalho, sem dados).",
                        ),
                        table=_table_name(spec.name),
                    ),
                    fix=Text(
                        "Fill it in with a header row ({columns} at least) and one row per line, "
                        "or remove it.",
                        "Preencha com uma linha de cabeçalho ({columns} pelo menos) e uma linha "
                        "por registro, ou remova-a.",
                    ).format(columns=", ".join(c.name for c in spec.columns if c.required)),
                    **where,
                )
            )
            return None
        columns = self._match_columns(raw, spec)
        if columns is None:
            return None
        if raw.frame.empty:
            severity = "warning" if spec.name == "visits" else "error"
            fix = Text(
                "Paste the data under the header row, or remove the sheet/file.",
                "Cole os dados abaixo da linha de cabeçalho, ou remova a planilha/arquivo.",
            )
            if spec.name == "visits":
                fix = fix + Text(
                    " Without visits every account that never bought counts as untouched.",
                    " Sem visitas, toda conta que nunca comprou conta como não trabalhada.",
                )
            self.problems.append(
                Problem(
                    _fmt(
                        Text(
                            "the {table} table has a header but no rows.",
                            "a tabela {table} tem cabeçalho mas nenhuma linha.",
                        ),
                        table=_table_name(spec.name),
                    ),
                    fix=fix,
                    severity=severity,
                    **where,
                )
            )
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
        if spec.name == "sales":  # account attributes: kept apart, for the accounts
            for name in ACCOUNT_ATTRIBUTES:
                header = columns.get(name)
                if header is not None:
                    values = raw.frame[header]
                    self.sales_attributes[name] = (
                        header,
                        values if header in raw.plain_text else _convert.to_text(values),
                    )
        if spec.name == "accounts":  # a small table: plain text, whatever the file format
            out = {
                k: v.astype(object).where(v.notna(), None)
                if isinstance(getattr(v, "dtype", None), pd.CategoricalDtype)
                else v
                for k, v in out.items()
            }
        n = len(raw.frame)
        for col in spec.columns:  # optional columns the file does not have: blank
            if out[col.name] is None:
                out[col.name] = _blank_column(col.kind, n)
                if spec.name == "accounts" and col.kind in ("id", "text"):
                    out[col.name] = np.full(n, None, dtype=object)
        # no copy of the (possibly very long) columns: they were made for this frame
        frame = pd.DataFrame({c.name: out[c.name] for c in spec.columns}, copy=False)
        if spec.name == "accounts":
            taken = set(columns.values())
            extras = [h for h in raw.frame.columns if h not in taken]
            for h in extras:
                frame[h] = (
                    raw.frame[h].to_numpy()
                    if h in raw.plain_text
                    else _convert.to_text(raw.frame[h]).to_numpy()
                )
        return frame

    def _match_columns(self, raw: RawTable, spec: Table) -> dict[str, str] | None:
        headers = list(raw.frame.columns)
        norm = {h: normalise_header(h) for h in headers}
        chosen: dict[str, str] = {}
        user = self.mapping.get(spec.name, {})
        missing_mapped = []
        for ours, theirs in user.items():
            hit = next((h for h in headers if h == theirs), None) or next(
                (h for h in headers if norm[h] == normalise_header(theirs)), None
            )
            if hit is None:
                missing_mapped.append((ours, theirs))
            else:
                chosen[ours] = hit
        for ours, theirs in missing_mapped:
            self.problems.append(
                Problem(
                    Text(
                        "the column map says {ours} is the column {theirs}, but there is no such "
                        "header. The headers are: {headers}.",
                        "o mapa de colunas diz que {ours} é a coluna {theirs}, mas não há esse "
                        "cabeçalho. Os cabeçalhos são: {headers}.",
                    ).format(ours=ours, theirs=repr(theirs), headers=", ".join(map(repr, headers))),
                    fix=Text(
                        "Correct the header name in the column map (spelling as in the file).",
                        "Corrija o nome do cabeçalho no mapa de colunas (escrito como no arquivo).",
                    ),
                    file=raw.file,
                    sheet=raw.sheet,
                )
            )
        taken = set(chosen.values())
        # one header, one column: the table's own columns first, then (sales) the account
        # attributes an ERP export repeats on every line, among the headers left over
        automatic = list(spec.columns)
        if spec.name == "sales":
            automatic += [TABLES["accounts"].column(a) for a in ACCOUNT_ATTRIBUTES]
        for col in automatic:
            if col.name in chosen:
                continue
            spellings = col.spellings()
            candidates = [
                (spellings.index(norm[h]), h)
                for h in headers
                if h not in taken and norm[h] in spellings
            ]
            if candidates:
                chosen[col.name] = min(candidates)[1]
                taken.add(chosen[col.name])
        missing = [c for c in spec.columns if c.required and c.name not in chosen]
        for col in missing:
            close = difflib.get_close_matches(
                col.name, [norm[h] for h in headers if h not in taken], n=1, cutoff=0.6
            )
            hint = (
                Text(
                    " Is {close} meant to be it? Rename that header.",
                    " {close} deveria ser ela? Renomeie esse cabeçalho.",
                ).format(close=repr(close[0]))
                if close
                else ""
            )
            self.problems.append(
                Problem(
                    _fmt(
                        Text(
                            "the {table} table has no {column} column ({meaning}).",
                            "a tabela {table} não tem a coluna {column} ({meaning}).",
                        ),
                        table=_table_name(spec.name),
                        column=col.name,
                        meaning=_column_meaning(spec.name, col),
                    )
                    + hint,
                    fix=Text(
                        "Add a column headed {name} (or {pt}); the headers found are {headers}. "
                        "For other header names, use a column map (--columns map.yml).",
                        "Acrescente uma coluna com o cabeçalho {pt} (ou {name}); os cabeçalhos "
                        "encontrados são {headers}. Para outros nomes de cabeçalho, use um mapa "
                        "de colunas (--columns mapa.yml).",
                    ).format(
                        name=repr(col.name),
                        pt=repr(col.label_pt),
                        headers=", ".join(map(repr, headers)),
                    ),
                    file=raw.file,
                    sheet=raw.sheet,
                    row=raw.header_row if raw.rows is not None else None,
                )
            )
        if missing_mapped or missing:
            return None
        return chosen

    def _convert(self, raw: RawTable, spec: Table, col, header: str, values: pd.Series):
        where = dict(file=raw.file, sheet=raw.sheet, column=header)
        if col.kind == "id":
            ids = (
                values if header in raw.plain_text else _convert.to_ids(values, trimmed=raw.trimmed)
            )
            if col.required and _any_missing(ids):
                self._cells(
                    raw,
                    ids.isna().to_numpy(),
                    values,
                    where,
                    Text("the account code is empty.", "o código da conta está vazio."),
                    Text(
                        "Fill in the account code, or delete the row if it is not a {line} line.",
                        "Preencha o código da conta, ou apague a linha se ela não for {line_pt}.",
                    ).format(
                        line=word(f"loading.row_kind.{spec.name}", "en"),
                        line_pt=word(f"loading.row_kind.{spec.name}", "pt-BR"),
                    ),
                )
            return ids
        if col.kind == "text":
            text = values if header in raw.plain_text else _convert.to_text(values)
            if col.required and spec.name == "accounts" and col.name == "territory":
                empty = text.isna().to_numpy()
                if empty.any():  # said once the sales lines had their say (they may fill it)
                    self._blank_territory = (raw, empty, values, where)
            return text
        if col.kind == "number":
            numbers, bad = _convert.to_numbers(values, decimal_comma=raw.decimal_comma)
            fix = Text(
                "Write a number such as 1234.56 or 1.234,56 (no letters).",
                "Escreva um número como 1234,56 ou 1.234,56 (sem letras).",
            )
            if col.name == "potential":
                fix = Text(
                    "Write a number such as 1234.56 or 1.234,56 (no letters); leave it "
                    "blank if unknown.",
                    "Escreva um número como 1234,56 ou 1.234,56 (sem letras); deixe em "
                    "branco se não souber.",
                )
            self._cells(
                raw,
                bad,
                values,
                where,
                Text("{value} is not a number.", "{value} não é um número."),
                fix,
            )
            if col.required and _any_nan(numbers):  # one pass, no mask, when none is
                self._cells(
                    raw,
                    np.isnan(numbers) & ~bad,
                    values,
                    where,
                    Text("the {column} is empty.", "o campo {column} está vazio.").format(
                        column=col.name
                    ),
                    Text(
                        "Fill in the net amount (0 if none).",
                        "Preencha o valor líquido (0 se não houver).",
                    ),
                )
            if col.name == "potential":
                self._cells(
                    raw,
                    numbers < 0,
                    values,
                    where,
                    Text("the potential {value} is negative.", "o potencial {value} é negativo."),
                    Text(
                        "Potential is what the account could buy in a year: 0 or more; "
                        "leave it blank if unknown.",
                        "Potencial é o que a conta poderia comprar em um ano: 0 ou mais; "
                        "deixe em branco se não souber.",
                    ),
                )
            return numbers
        if col.kind == "date":
            dates, bad, month_first = _convert.to_dates(values)
            if month_first:
                self.problems.append(
                    Problem(
                        Text(
                            "dates are written month first (mm/dd/yyyy); kamkit read them that way.",
                            "as datas estão escritas com o mês primeiro (mm/dd/aaaa); o kamkit as "
                            "leu assim.",
                        ),
                        fix=Text(
                            "Check a few dates; Brazilian files usually write dd/mm/yyyy.",
                            "Confira algumas datas; arquivos brasileiros costumam usar dd/mm/aaaa.",
                        ),
                        severity="warning",
                        **where,
                    )
                )
            self._cells(
                raw,
                bad,
                values,
                where,
                Text("{value} is not a valid date.", "{value} não é uma data válida."),
                Text(
                    "Write dates as dd/mm/yyyy (e.g. 31/01/2025) or yyyy-mm-dd, and "
                    "check the day exists in that month.",
                    "Escreva as datas como dd/mm/aaaa (por exemplo 31/01/2025) ou "
                    "aaaa-mm-dd, e confira se o dia existe naquele mês.",
                ),
            )
            if col.required and _any_nat(dates):
                empty = np.isnat(dates) & ~bad
                if header in raw.reported:
                    empty[raw.reported[header]] = False  # the reader said why already
                self._cells(
                    raw,
                    empty,
                    values,
                    where,
                    Text("the date is empty.", "a data está vazia."),
                    Text("Fill in the date.", "Preencha a data."),
                )
            return dates
        raise AssertionError(col.kind)

    def _cells(
        self,
        raw: RawTable,
        mask: np.ndarray,
        values: pd.Series,
        where: dict,
        message: Text,
        fix: Text,
        severity: str = "error",
    ) -> None:
        """One problem per bad cell (up to MAX_CELLS_LISTED), then one that counts the rest.
        ``message`` may hold ``{value}``, the cell as written."""
        if len(raw.reported.get(where["column"], ())):  # the reader said why already
            mask = mask.copy()
            mask[raw.reported[where["column"]]] = False
        positions = np.flatnonzero(mask)
        for pos in positions[:MAX_CELLS_LISTED]:
            value = values.iat[pos]
            self.problems.append(
                Problem(
                    message.format(value=repr(value)),
                    fix=fix,
                    row=raw.row_label(pos),
                    severity=severity,
                    **where,
                )
            )
        if len(positions) > MAX_CELLS_LISTED:
            rest = len(positions) - MAX_CELLS_LISTED
            what = Text(message.en.format(value="the value"), message.pt.format(value="o valor"))
            self.problems.append(
                Problem(
                    Text(
                        "{rest} more rows have the same problem ({what}), the last at row {row}.",
                        "mais {rest_pt} linhas têm o mesmo problema ({what_pt}), a última na linha "
                        "{row}.",
                    ).format(
                        rest=f"{rest:,}",
                        rest_pt=_count(rest, "pt-BR"),
                        what=what.en,
                        what_pt=what.pt,
                        row=raw.row_label(positions[-1]),
                    ),
                    fix=fix,
                    severity=severity,
                    **where,
                )
            )

    # parameters ---------------------------------------------------------------------------
    def _parameters(self, raw: RawTable | None) -> Parameters:
        if raw is None or raw.frame.columns.empty:
            return Parameters()
        where = dict(file=raw.file, sheet=raw.sheet)
        norm = {normalise_header(h): h for h in raw.frame.columns}
        name_h = next((norm[s] for s in PARAMETER_NAME_SPELLINGS if s in norm), None)
        value_h = next((norm[s] for s in PARAMETER_VALUE_SPELLINGS if s in norm), None)
        if name_h is None or value_h is None:
            self.problems.append(
                Problem(
                    Text(
                        "the parameters table needs two columns: name and value (parâmetro and "
                        "valor).",
                        "a tabela de parâmetros precisa de duas colunas: parâmetro e valor (name e "
                        "value).",
                    ),
                    fix=Text(
                        "Head the columns 'name' and 'value'; found {found}.",
                        "Dê às colunas os cabeçalhos 'parâmetro' e 'valor'; encontrados: {found}.",
                    ).format(found=", ".join(map(repr, raw.frame.columns))),
                    row=raw.header_row if raw.rows is not None else None,
                    **where,
                )
            )
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
                self.problems.append(
                    Problem(
                        Text(
                            "a value has no parameter name.",
                            "um valor está sem o nome do parâmetro.",
                        ),
                        fix=Text(
                            "Write the parameter's name in the name column.",
                            "Escreva o nome do parâmetro na coluna parâmetro.",
                        ),
                        row=row,
                        column=name_h,
                        **where,
                    )
                )
                continue
            spec = by_label.get(normalise_header(name))
            if spec is None:
                close = difflib.get_close_matches(normalise_header(name), list(by_label), n=1)
                hint = (
                    Text(" Did you mean {name}?", " Você quis dizer {name}?").format(
                        name=repr(by_label[close[0]].name)
                    )
                    if close
                    else ""
                )
                self.problems.append(
                    Problem(
                        Text(
                            "{name} is not a kamkit parameter.",
                            "{name} não é um parâmetro do kamkit.",
                        ).format(name=repr(name))
                        + hint,
                        fix=Text(
                            "The parameters are {names}.", "Os parâmetros são {names}."
                        ).format(names=", ".join(PARAMETERS)),
                        row=row,
                        column=name_h,
                        **where,
                    )
                )
                continue
            if spec.name in seen_rows:
                self.problems.append(
                    Problem(
                        Text(
                            "the parameter {name} is given twice (also at row {other}).",
                            "o parâmetro {name} aparece duas vezes (também na linha {other}).",
                        ).format(name=spec.name, other=seen_rows[spec.name]),
                        fix=Text("Keep one of the two rows.", "Mantenha uma das duas linhas."),
                        row=row,
                        column=name_h,
                        **where,
                    )
                )
                continue
            seen_rows[spec.name] = row
            parsed = self._parameter_value(spec, value, raw, row, value_h)
            if parsed is not _INVALID and parsed is not None:
                values[spec.name] = parsed
        # the data's language, even when the data fails: `kamkit validate` speaks it
        self.report.language = values.get("language")
        try:
            return Parameters(**values)
        except KamkitError as exc:
            self.problems.append(
                Problem(
                    exc.message,
                    fix=Text(
                        "Correct the values in the parameters table.",
                        "Corrija os valores na tabela de parâmetros.",
                    ),
                    **where,
                )
            )
            return Parameters(
                **{
                    k: v
                    for k, v in values.items()
                    if k in ("language", "currency", "unknown_visits")
                }
            )

    def _parameter_value(self, spec, value, raw: RawTable, row: int, column: str):
        where = dict(file=raw.file, sheet=raw.sheet, row=row, column=column)
        parsed, message = _convert.parameter_value(spec, value, decimal_comma=raw.decimal_comma)
        if message is not None:
            self.problems.append(Problem(message, fix=_must_be(spec), **where))
            return _INVALID
        return parsed

    # the whole market ----------------------------------------------------------------------
    def _assemble(self, typed, sources, parameters: Parameters) -> Market | None:
        """Put the tables together and check them against each other (duplicate accounts,
        codes missing from the accounts table). The market, or None when an error was found.

        Accounts come from the accounts table when there is one; else they are the codes of
        sales and visits. Account attributes carried by the sales lines (``ACCOUNT_ATTRIBUTES``)
        give, per account, the latest non-blank value by date: they describe the accounts made
        from sales, and with an accounts table they only fill its blank cells (the accounts
        table wins). Visits of codes missing from the accounts table follow the
        ``unknown_visits`` parameter (kept as accounts without a territory, or dropped), with a
        warning; sales of such codes are an error.
        """
        sales = typed["sales"]
        visits = typed.get("visits")
        if visits is None:
            visits = pd.DataFrame(
                {c.name: pd.Series(dtype=_EMPTY_DTYPES[c.kind]) for c in TABLES["visits"].columns}
            )
        accounts = typed.get("accounts")
        shared = None  # the events' categorical type, when it is exactly the accounts' codes
        visit_only = None  # codes of visits kept as accounts although not in the accounts table
        if accounts is None:
            found = np.concatenate(
                [_distinct_ids(sales["account_id"]), _distinct_ids(visits["account_id"])]
            )
            ids = pd.Index(pd.unique(found), dtype=object).sort_values()
            accounts = pd.DataFrame(
                {
                    c.name: pd.Series([None] * len(ids), dtype=object)
                    for c in TABLES["accounts"].columns
                }
            )
            accounts["account_id"] = ids.to_numpy(dtype=object)
            accounts["potential"] = np.nan
            self._zero_twins(ids, sources)
        else:
            ids = pd.Index(accounts["account_id"].to_numpy(dtype=object))
            shared = next(
                (
                    f["account_id"].dtype
                    for f in (sales, visits)
                    if isinstance(f["account_id"].dtype, pd.CategoricalDtype)
                ),
                None,
            )
            if shared is not None and shared.categories.equals(ids):
                ids = shared.categories  # the codes the events were read in: known unique
            dup = None if ids.is_unique else ids.duplicated(keep=False)
            if dup is not None and dup.any():
                raw = sources["accounts"]
                for account_id in pd.unique(ids[dup]):
                    where_rows = [raw.row_label(i) for i in np.flatnonzero(ids == account_id)]
                    self.problems.append(
                        Problem(
                            Text(
                                "the account {id} appears {n} times (rows {rows}).",
                                "a conta {id} aparece {n} vezes (linhas {rows}).",
                            ).format(
                                id=repr(account_id),
                                n=len(where_rows),
                                rows=", ".join(map(str, where_rows)),
                            ),
                            fix=Text(
                                "Each account must have one row: merge or delete the duplicates.",
                                "Cada conta deve ter uma só linha: junte ou apague as repetidas.",
                            ),
                            file=raw.file,
                            sheet=raw.sheet,
                            row=where_rows[1],
                            column=self._header(raw, "accounts", "account_id"),
                        )
                    )
            if ids.hasnans or dup is not None:
                ids = pd.Index(ids.dropna().unique(), dtype=object)
            table_ids = ids  # the accounts table's own codes
            if len(visits):
                visit_only = self._unknown_visits(visits, ids, sources, parameters)
                if visit_only is not None and parameters.unknown_visits == "keep":
                    ids = ids.append(pd.Index(visit_only, dtype=object))  # after the table's
        frames = {"sales": sales, "visits": visits}
        # unique (checked above): no second hashing; the events' own type when they agree
        id_dtype = (
            shared if ids is getattr(shared, "categories", None) else pd.CategoricalDtype(ids)
        )
        for name, frame in frames.items():
            codes_cat, unknown = _recode(frame["account_id"], id_dtype)
            if name == "sales" and visit_only is not None and parameters.unknown_visits == "keep":
                unknown = unknown | (codes_cat.codes >= len(table_ids))  # sold: not visit-only
            if name == "sales" and unknown.any() and "accounts" in typed:
                raw = sources[name]
                positions = np.flatnonzero(unknown)
                bad_ids = pd.unique(_as_object(frame["account_id"]).to_numpy()[positions])
                first = ", ".join(map(repr, bad_ids[:5]))
                self.problems.append(
                    Problem(
                        Text(
                            "{n} account code(s) in the sales table are not in the accounts table "
                            "({rows} rows), e.g. {first}; the first at row {row}.",
                            "{n_pt} código(s) de conta da tabela de vendas não estão na tabela de "
                            "contas ({rows_pt} linhas), por exemplo {first}; o primeiro na linha "
                            "{row}.",
                        ).format(
                            n=_count(len(bad_ids), "en"),
                            n_pt=_count(len(bad_ids), "pt-BR"),
                            rows=f"{unknown.sum():,}",
                            rows_pt=_count(int(unknown.sum()), "pt-BR"),
                            first=first,
                            row=raw.row_label(positions[0]),
                        ),
                        fix=Text(
                            "Add these accounts to the accounts table, or correct the codes.",
                            "Acrescente essas contas à tabela de contas, ou corrija os códigos.",
                        )
                        + _zeros_hint(bad_ids, table_ids),
                        file=raw.file,
                        sheet=raw.sheet,
                        column=self._header(raw, name, "account_id"),
                    )
                )
            if name == "visits" and unknown.any():  # unknown_visits = "drop"
                keep = ~unknown
                frame = frame[keep]
                codes_cat = codes_cat[keep]
            # a new frame around the same columns (assigning into the frame costs a copy)
            frames[name] = pd.DataFrame(
                {c: codes_cat if c == "account_id" else frame[c] for c in frame.columns}, copy=False
            )
        if visit_only is not None and parameters.unknown_visits == "keep":
            extra = pd.DataFrame(
                {c: pd.Series([None] * len(visit_only), dtype=object) for c in accounts.columns}
            )
            extra["account_id"] = pd.Series(np.asarray(visit_only, dtype=object), dtype=object)
            extra["potential"] = np.nan
            accounts = pd.concat([accounts, extra], ignore_index=True)
        if self.sales_attributes:
            accounts = self._sales_attributes(accounts, frames["sales"], id_dtype, sources["sales"])
            self._territories = accounts["territory"].to_numpy(dtype=object)
        self._check_plan_rows(ids)
        if not self.report.ok:
            return None
        accounts = accounts.reset_index(drop=True)
        market = Market(
            accounts=accounts,
            sales=frames["sales"].reset_index(drop=True),
            visits=frames["visits"].reset_index(drop=True),
            parameters=parameters,
            source=self.report.source,
            **self.plan_tables,
        )
        return market

    # the account-plan tables --------------------------------------------------------------
    def _plan_table(self, raw: RawTable, spec: Table) -> pd.DataFrame | None:
        """A contacts, plans or actions table typed (``kamkit.model.plans.plan_column``), each
        bad cell reported; None when its columns are unusable. An empty sheet, or a header
        without rows (as the template has them), is an empty table, without a word."""
        if raw.frame.columns.empty:
            return None
        columns = self._match_columns(raw, spec)
        if columns is None:
            return None
        n = len(raw.frame)
        typed = {}
        for col in spec.columns:
            header = columns.get(col.name)
            values = raw.frame[header] if header is not None else None
            typed[col.name], findings = plan_column(
                spec.name, col, values, n, decimal_comma=raw.decimal_comma
            )
            for finding in findings:
                self._finding(raw, finding, header or col.name, values)
        return plan_frame(spec.name, typed, n)

    def _finding(self, raw: RawTable, finding, header: str, values) -> None:
        """Report a :class:`kamkit.model.plans.Finding` of ``raw`` cell by cell."""
        if values is None:
            values = pd.Series([None] * len(raw.frame), dtype=object)
        mask = np.zeros(len(values), dtype=bool)
        mask[finding.positions] = True
        where = dict(file=raw.file, sheet=raw.sheet, column=header)
        self._cells(raw, mask, values, where, finding.message, finding.fix, finding.severity)

    def _check_plan_rows(self, ids: pd.Index) -> None:
        """The plan tables' rows against the accounts (``ids``) and each other."""
        if not self.plan_tables:
            return

        def label(table: str, pos: int) -> Text:
            row = self.plan_sources[table].row_label(pos)
            return Text(f"row {row}", f"linha {row}")

        found = check_plan_rows(self.plan_tables, ids, label)
        for name, findings in found.items():
            raw = self.plan_sources[name]
            for finding in findings:
                header = self._header(raw, name, finding.column)
                values = raw.frame[header] if header in raw.frame.columns else None
                self._finding(raw, finding, header, values)

    def _zero_twins(self, ids: pd.Index, sources) -> None:
        """Without an accounts table: warn about codes that are one once leading zeros are
        ignored (``123`` and ``00123``), most likely one account whose zeros Excel dropped."""
        if not len(ids):
            return
        stripped = pd.Series(ids.to_numpy(dtype=object), dtype=object).str.lstrip("0")
        twins = stripped.duplicated(keep=False).to_numpy() & (stripped != "").to_numpy()
        if not twins.any():
            return
        groups = pd.Series(ids.to_numpy(dtype=object)[twins]).groupby(
            stripped.to_numpy(dtype=object)[twins], sort=True
        )
        pairs = [" = ".join(map(repr, sorted(g, key=len, reverse=True))) for _, g in groups]
        raw = sources["sales"]
        self.problems.append(
            Problem(
                _fmt(
                    Text(
                        "{n} group(s) of account codes are the same once leading zeros are "
                        "ignored: {pairs}; kamkit counts them as different accounts.",
                        "{n} grupo(s) de códigos de conta são iguais se ignorados os zeros à "
                        "esquerda: {pairs}; o kamkit os conta como contas diferentes.",
                    ),
                    n=_in_both(_count, len(pairs)),
                    pairs=_in_both(_joined, pairs),
                ),
                fix=_ZEROS_FIX,
                file=raw.file,
                sheet=raw.sheet,
                column=self._header(raw, "sales", "account_id"),
                severity="warning",
            )
        )

    def _unknown_visits(
        self, visits: pd.DataFrame, ids: pd.Index, sources, parameters: Parameters
    ) -> np.ndarray | None:
        """The distinct visit codes missing from the accounts table (sorted), after a warning
        that names them; None when there are none."""
        values = visits["account_id"]
        if isinstance(values.dtype, pd.CategoricalDtype) and values.cat.categories.equals(ids):
            return None  # coded against the accounts by the reader: nothing else (no row pass)
        found = _distinct_ids(values)
        missing = found[ids.get_indexer(found) < 0]
        if not len(missing):
            return None
        missing = np.sort(missing.astype(object))
        raw = sources["visits"]
        rows = (
            pd.Index(missing).get_indexer(_as_object(visits["account_id"]).to_numpy(dtype=object))
            >= 0
        )
        n, count = len(missing), int(rows.sum())
        keep = parameters.unknown_visits == "keep"
        what = (
            Text(
                "kamkit kept them as accounts without a territory (parameter unknown_visits "
                "= keep).",
                "o kamkit as manteve como contas sem território (parâmetro "
                "visitas_sem_conta = manter).",
            )
            if keep
            else Text(
                "kamkit left these visits out (parameter unknown_visits = drop).",
                "o kamkit deixou essas visitas de fora (parâmetro visitas_sem_conta = ignorar).",
            )
        )
        self.problems.append(
            Problem(
                Text(
                    "{n} account code(s) in the visits table are not in the accounts table "
                    "({rows} visits): {names}; the first at row {row}; ",
                    "{n_pt} código(s) de conta da tabela de visitas não estão na tabela de contas "
                    "({rows_pt} visitas): {names_pt}; a primeira na linha {row}; ",
                ).format(
                    n=f"{n:,}",
                    n_pt=_count(n, "pt-BR"),
                    rows=f"{count:,}",
                    rows_pt=_count(count, "pt-BR"),
                    names=_names(missing, "en"),
                    names_pt=_names(missing, "pt-BR"),
                    row=raw.row_label(int(np.flatnonzero(rows)[0])),
                )
                + what,
                fix=Text(
                    "Add them to the accounts table (with their territory) if they are prospects "
                    "worth working, or set unknown_visits to {other} in the parameters.",
                    "Acrescente-as à tabela de contas (com o território) se forem prospects que "
                    "valem o trabalho, ou mude visitas_sem_conta para {other_pt} nos "
                    "parâmetros.",
                ).format(other="drop" if keep else "keep", other_pt="ignorar" if keep else "manter")
                + _zeros_hint(missing, ids),
                file=raw.file,
                sheet=raw.sheet,
                column=self._header(raw, "visits", "account_id"),
                severity="warning",
            )
        )
        return missing

    def _sales_attributes(
        self,
        accounts: pd.DataFrame,
        sales: pd.DataFrame,
        id_dtype: pd.CategoricalDtype,
        raw: RawTable,
    ) -> pd.DataFrame:
        """``accounts`` with the attributes the sales lines carry: the latest non-blank value
        per account (by date; file order breaks a tie), in the cells the accounts table left
        blank (all of them for accounts made from sales). One warning per column names the
        accounts whose lines disagree, for the accounts whose value came from sales."""
        codes = sales["account_id"].array.codes
        dates = sales["date"].to_numpy().view(np.int64)
        n = len(id_dtype.categories)
        rows = id_dtype.categories.get_indexer(accounts["account_id"].to_numpy(dtype=object))
        accounts = accounts.copy()
        for name, (header, values) in self.sales_attributes.items():
            latest, several = _latest_per_account(codes, dates, values, n)
            current = accounts[name].to_numpy(dtype=object)
            blank = pd.isna(current) | (current == "")  # the accounts' text is trimmed
            fill = blank & (rows >= 0)
            if not fill.any():
                continue
            current = current.copy()
            current[fill] = latest[rows[fill]]
            accounts[name] = pd.Series(current, index=accounts.index, dtype=object)
            filled = np.zeros(n, dtype=bool)
            filled[rows[fill]] = True
            disagree = several[filled[several]]
            if len(disagree):
                names = id_dtype.categories.to_numpy(dtype=object)[np.sort(disagree)]
                self.problems.append(
                    Problem(
                        _fmt(
                            Text(
                                "{n} account(s) have more than one {column} in the sales "
                                "lines: {names}; kamkit took each one's latest (by date).",
                                "{n} conta(s) têm mais de um valor de {column} nas linhas de "
                                "venda: {names}; o kamkit usou o mais recente de cada uma (pela "
                                "data).",
                            ),
                            n=_in_both(_count, len(names)),
                            column=repr(header),
                            names=_in_both(_names, names),
                        ),
                        fix=Text(
                            "If that is not the account's current {attribute}, correct the "
                            "lines, or give an accounts table (it wins over the sales lines).",
                            "Se esse não for o {attribute_pt} atual da conta, corrija as linhas, "
                            "ou forneça uma tabela de contas (ela prevalece sobre as linhas de "
                            "venda).",
                        ).format(
                            attribute=name, attribute_pt=TABLES["accounts"].column(name).label_pt
                        ),
                        file=raw.file,
                        sheet=raw.sheet,
                        column=header,
                        severity="warning",
                    )
                )
        return accounts

    def _header(self, raw: RawTable, table: str, column: str) -> str:
        spellings = TABLES[table].column(column).spellings()
        user = self.mapping.get(table, {}).get(column)
        return user or next(
            (h for h in raw.frame.columns if normalise_header(h) in spellings), column
        )


_INVALID = object()


_must_be = _convert.must_be


def _fmt(text: Text, **fields) -> Text:
    """``text.format(**fields)`` where a field may itself be a Text (each language its own)."""

    def side(language: str) -> str:
        template = text(language)
        return template.format(
            **{k: v(language) if isinstance(v, Text) else v for k, v in fields.items()}
        )

    return Text(side("en"), side("pt-BR"))


def _in_both(say, *args) -> Text:
    """``say(*args, language)`` in both languages (a field of :func:`_fmt`)."""
    return Text(say(*args, "en"), say(*args, "pt-BR"))


def _table_name(table: str) -> Text:
    """``the {table} table`` in both languages: "the sales table", "a tabela de vendas"."""
    from kamkit.presentation.catalogue import catalogue, text

    key = f"loading.table.{table}"
    return text(key) if key in catalogue() else Text(table, table)


def _column_meaning(table: str, col) -> Text:
    from kamkit.presentation.catalogue import catalogue, text

    key = f"workbook.meaning.{table}.{col.name}"
    meaning = text(key) if key in catalogue() else Text(col.meaning, col.meaning)
    return Text(meaning.en.rstrip("."), meaning.pt.rstrip("."))


def _count(n: int, language: str) -> str:
    from kamkit.presentation.i18n import format_count

    return format_count(n, language)


def _names(values, language: str, limit: int = 10) -> str:
    """Up to ``limit`` values (repr), then how many more: "'a', 'b' and 3 more"."""
    values = list(values)
    shown = ", ".join(map(repr, values[:limit]))
    if len(values) <= limit:
        return shown
    more = _count(len(values) - limit, language)
    return shown + (f" e mais {more}" if language == "pt-BR" else f" and {more} more")


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
    return pd.Categorical.from_codes(
        np.full(n, -1, dtype=np.int8),
        validate=False,
        dtype=pd.CategoricalDtype(pd.Index([], dtype=object)),
    )


_EMPTY_DTYPES = {"id": object, "text": object, "number": "float64", "date": "datetime64[ns]"}


def _distinct_ids(values: pd.Series) -> np.ndarray:
    """The distinct account codes of an event table (object array), without a row-sized copy."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        codes = values.cat.codes.to_numpy()
        used = np.bincount(codes[codes >= 0], minlength=len(values.cat.categories)) > 0
        return values.cat.categories.to_numpy(dtype=object)[used]
    return pd.unique(values.dropna().to_numpy(dtype=object))


def _latest_per_account(
    codes: np.ndarray, dates: np.ndarray, values: pd.Series, n: int
) -> tuple[np.ndarray, np.ndarray]:
    """Per account (row ``codes`` 0..n-1; -1 is no account): the latest non-blank value of
    ``values`` by ``dates`` (int64; file order breaks a tie) as an object array (None where
    the account has none), and the codes of the accounts with more than one distinct value."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        vcodes = values.array.codes
        words = values.cat.categories.to_numpy(dtype=object)
    else:
        vcodes, words = pd.factorize(values.to_numpy(dtype=object), use_na_sentinel=True)
        words = np.asarray(words, dtype=object)
    latest = np.full(n, None, dtype=object)
    where = np.flatnonzero((vcodes >= 0) & (codes >= 0))
    if not where.size:
        return latest, np.empty(0, dtype=np.int64)
    account = codes[where].astype(np.int64)
    value = vcodes[where].astype(np.int64)
    order = np.lexsort((dates[where], account))  # by account, then date; stable
    sorted_accounts = account[order]
    last = np.r_[sorted_accounts[1:] != sorted_accounts[:-1], True]
    latest[sorted_accounts[last]] = words[value[order][last]]
    pairs = np.unique(account * (len(words) + 1) + value)
    per_account = np.bincount(pairs // (len(words) + 1), minlength=n)
    return latest, np.flatnonzero(per_account > 1)


def _zeros_hint(codes, known: pd.Index) -> Text | str:
    """A hint when some ``codes`` match a ``known`` code once leading zeros are stripped
    (``123`` against ``00123``): Excel drops them from codes it stores as numbers."""
    twins = {}
    for code in known.to_numpy(dtype=object):
        text = str(code)
        twins.setdefault(text.lstrip("0"), text)
    pairs = []
    for code in list(codes)[:1000]:
        text = str(code)
        twin = twins.get(text.lstrip("0"))
        if text.lstrip("0") and twin is not None and twin != text:
            pairs.append((text, twin))
    if not pairs:
        return ""
    example = f"{pairs[0][0]!r} / {pairs[0][1]!r}"
    return (
        Text(
            " {n} of them match an account once leading zeros are ignored ({example}): ",
            " Desses códigos, {n_pt} coincide(m) com uma conta se ignorados os zeros à esquerda "
            "({example}): ",
        ).format(n=_count(len(pairs), "en"), n_pt=_count(len(pairs), "pt-BR"), example=example)
        + _ZEROS_FIX
    )


_ZEROS_FIX = Text(
    "Excel drops the zeros of codes it takes for numbers. Format the code columns as text "
    "(select the column, Format Cells, Text; the `kamkit template` workbook already does) and "
    "type the codes again with their zeros.",
    "o Excel apaga os zeros de códigos que toma por números. Formate as colunas de código como "
    "texto (selecione a coluna, Formatar Células, Texto; a planilha do `kamkit template` já vem "
    "assim) e digite os códigos de novo com os zeros.",
)


def _joined(items: list[str], language: str, limit: int = 10) -> str:
    """Up to ``limit`` items as they are, then how many more."""
    shown = "; ".join(items[:limit])
    if len(items) <= limit:
        return shown
    more = _count(len(items) - limit, language)
    return shown + (f"; e mais {more}" if language == "pt-BR" else f"; and {more} more")


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
            return (
                pd.Categorical.from_codes(codes, dtype=ids, validate=False),
                np.zeros(len(codes), dtype=bool),
            )
        n = len(ids.categories)
        if len(categories) < n and ids.categories[: len(categories)].equals(categories):
            # the accounts' codes, and then visit-only accounts kept: the same codes
            return (
                pd.Categorical.from_codes(codes, dtype=ids, validate=False),
                np.zeros(len(codes), dtype=bool),
            )
        if len(categories) > n and categories[:n].equals(ids.categories):
            # the accounts' codes, then codes not among them: how the Parquet reader codes
            unknown = codes >= n
            new = np.where(unknown, codes.dtype.type(-1), codes)
            return pd.Categorical.from_codes(new, dtype=ids, validate=False), unknown
        mapping = ids.categories.get_indexer(categories.to_numpy(dtype=object))
        mapping = np.append(mapping, -1).astype(np.int32)  # code -1 (missing) stays missing
        new = mapping[codes]
        unknown = (
            (new < 0) & (codes >= 0)
            if (mapping[:-1] < 0).any()
            else np.zeros(len(codes), dtype=bool)
        )
        return pd.Categorical.from_codes(new, dtype=ids, validate=False), unknown
    codes = ids.categories.get_indexer(values.to_numpy(dtype=object))
    unknown = (codes < 0) & values.notna().to_numpy()
    return pd.Categorical.from_codes(codes, dtype=ids, validate=False), unknown
