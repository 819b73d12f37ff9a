import datetime as dt
import os

import numpy as np
import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner

import kamkit
from kamkit.cli import template_command
from kamkit.core.errors import KamkitError
from kamkit.core.schema import PARAMETERS, TABLES
from kamkit.model.market import Market
from kamkit.outputs import template
from kamkit.outputs.template import (
    SHEETS,
    TARGET_STAGE,
    VISIT_KINDS,
    write_template,
)
from kamkit.presentation.catalogue import catalogue, word

# The hand-made market has an account without a territory on purpose.
pytestmark = pytest.mark.filterwarnings("ignore:.*the territory is empty")

HYPERLINK = '=HYPERLINK("http://x","y")'
RISKY = [HYPERLINK, "+1+2", "-3", "@SUM(A1)", "\tTab Ltda", "\rCR Ltda", "=1+1"]
STAGES = ("untouched", "approached", "occasional", "regular", "lapsed")


def _segment(market):
    try:
        from kamkit.analysis.segmentation import segment
    except ModuleNotFoundError:
        from kamkit.analysis.segmentation import segment
    return segment(market)


def _market(**parameters) -> Market:
    accounts = pd.DataFrame(
        {
            "account_id": ["007", "C-2", "C-3", "C-4", "C-5", "C-6", "C-7"],
            "name": RISKY,
            "territory": ["São Paulo Capital", "Sul", "Sul", "Nordeste", "=Sul", "Sul", None],
            "salesperson": ["Ana Moreira", None, "Iara", "Iara", None, None, None],
            "segment": ["Indústria", "Saúde", None, "Varejo", None, None, None],
            "potential": [1234567.891, np.nan, 0.0, 50000.0, np.nan, 10.0, np.nan],
            "city": ["São Paulo", "Curitiba", None, "Recife", None, None, None],
            "state": ["SP", "PR", None, "PE", None, None, None],
        }
    )
    sales = pd.DataFrame(
        {
            "account_id": ["007", "007", "C-2", "C-4", "C-5"],
            "date": pd.to_datetime(
                ["2026-01-05", "2026-02-10 14:30:15", "2025-12-31", "2026-09-30", "2024-03-01"],
                format="ISO8601",
            ),
            "amount": [1000.5, -200.25, 0.1, 12345.0, 99.0],
            "product": ["Luva nitrílica", "Luva nitrílica", "=cmd|' /C calc'!A0", None, "-x"],
            "family": ["EPI", "EPI", "Químicos", None, None],
        }
    )
    visits = pd.DataFrame(
        {
            "account_id": ["C-3", "007", "C-6"],
            "date": pd.to_datetime(["2026-03-03", "2026-04-04", "2026-05-05"]),
            "kind": ["visit", "call", "whatsapp"],
            "salesperson": ["Iara", "Ana Moreira", "@Iara"],
            "outcome": ["primeiro contato", None, "+1"],
            "notes": ["Comprador pediu catálogo", "-menos estoque\nsegunda linha", "=2*3"],
        }
    )
    return Market.from_frames(
        sales=sales,
        accounts=accounts,
        visits=visits,
        parameters=parameters or None,
        source="risky.xlsx",
    )


@pytest.fixture
def market():
    return _market()


def _open(path):
    return openpyxl.load_workbook(path)


def _headers(ws) -> list:
    return [c.value for c in ws[1] if c.value is not None]


def _validations(ws) -> dict[str, object]:
    """First cell of each validated range -> the validation."""
    out = {}
    for dv in ws.data_validations.dataValidation:
        for rng in dv.sqref.ranges:
            out[rng.coord.split(":")[0]] = dv
    return out


def _column_format(ws, j: int) -> str:
    """The number format of the whole column ``j`` (1-based); openpyxl groups equal columns."""
    found = [d for d in ws.column_dimensions.values() if d.min <= j <= d.max]
    assert len(found) == 1
    return found[0].number_format


def _plain(frame: pd.DataFrame) -> pd.DataFrame:
    """Values only: every column as objects, None for missing (dtypes differ by source)."""
    out = frame.astype(object)
    return out.where(frame.notna(), None)


def _assert_no_formula(wb) -> None:
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)


# ----------------------------------------------------------------------------- blank template


@pytest.mark.parametrize("language", ["en", "pt-BR"])
def test_blank_template_sheets_and_headers(tmp_path, language):
    path = write_template(tmp_path / "t.xlsx", language=language)
    assert path == tmp_path / "t.xlsx"
    wb = _open(path)
    assert wb.sheetnames == list(SHEETS[language])
    assert wb.active.title == SHEETS[language][0]
    pt = language == "pt-BR"
    for key, sheet in zip(("accounts", "sales", "visits"), SHEETS[language][2:5]):
        ws = wb[sheet]
        table = TABLES[key]
        expected = [c.label_pt if pt else c.name for c in table.columns]
        if key == "accounts":
            expected.append(TARGET_STAGE[1] if pt else TARGET_STAGE[0])
        assert _headers(ws) == expected
        assert ws.max_row == 1  # blank
        assert ws.freeze_panes == "A2"
        for j, column in enumerate(table.columns, start=1):
            cell = ws.cell(1, j)
            assert cell.font.b
            colour = template._HEADER_COLOURS["required" if column.required else "optional"]
            assert cell.fill.fgColor.rgb == "FF" + colour[1:]
            number_format = _column_format(ws, j)
            assert (
                number_format
                == {
                    "id": "@",
                    "text": "@",
                    "number": "#,##0.00",
                    "date": "dd/mm/yyyy" if pt else "yyyy-mm-dd",
                }[column.kind]
            )
    _assert_no_formula(wb)


def test_instructions_explain_every_column_with_an_example(tmp_path):
    wb = _open(write_template(tmp_path / "t.xlsx", language="pt-BR"))
    ws = wb["Instruções"]
    texts = {c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
    for table in TABLES.values():
        for column in table.columns:
            assert column.label_pt in texts
            assert word(f"workbook.meaning.{table.name}.{column.name}", "pt-BR") in texts
    assert any("kamkit validate" in t for t in texts)
    assert any(t.startswith("Aba Contas") for t in texts)
    values = [c.value for row in ws.iter_rows() for c in row]
    assert "Ferragens Exemplo Ltda" in values and dt.datetime(2026, 3, 15) in values
    assert 1250.5 in values


def test_every_column_and_parameter_has_a_portuguese_meaning():
    for table in TABLES.values():
        for column in table.columns:
            assert f"workbook.meaning.{table.name}.{column.name}" in catalogue()
    for name in PARAMETERS:
        assert f"workbook.meaning.parameters.{name}" in catalogue()
        assert f"workbook.allowed.{name}" in catalogue()


def test_drop_down_lists_come_from_the_lists_sheet(tmp_path):
    wb = _open(write_template(tmp_path / "t.xlsx"))
    lists = wb["Lists"]
    assert [c.value for c in lists[1]][:4] == [
        "territory",
        "stage",
        "stage (meaning)",
        "visit kind",
    ]
    assert [lists.cell(i, 2).value for i in range(2, 7)] == list(STAGES)
    assert [lists.cell(i, 3).value for i in range(2, 7)] == [
        "not yet prospected",
        "approached, never bought",
        "occasional buyer",
        "regular buyer",
        "lapsed customer",
    ]
    assert [lists.cell(i, 4).value for i in range(2, 6)] == list(VISIT_KINDS["en"])
    assert lists.cell(2, 1).value is None  # territories: the team writes its own
    names = wb.defined_names
    assert names["kk_territories"].attr_text == (
        "OFFSET('Lists'!$A$2,0,0,MAX(1,COUNTA('Lists'!$A:$A)-1),1)"
    )
    assert names["kk_visit_kinds"].attr_text.startswith("OFFSET('Lists'!$D$2")
    assert names["kk_stages"].attr_text == "'Lists'!$B$2:$B$6"
    for sheet, cell, name in (
        ("Accounts", "C2", "kk_territories"),
        ("Accounts", "I2", "kk_stages"),
        ("Visits", "C2", "kk_visit_kinds"),
    ):
        dv = _validations(wb[sheet])[cell]
        assert dv.type == "list" and dv.formula1 == name
        assert dv.showErrorMessage and dv.errorStyle in (None, "stop")  # Excel refuses others
        assert str(dv.sqref) == f"{cell}:{cell[0]}1048576"
        assert "Lists" in dv.error


def test_number_and_date_validation(tmp_path):
    wb = _open(write_template(tmp_path / "t.xlsx", language="pt-BR"))
    accounts = _validations(wb["Contas"])
    assert accounts["A2"].type == "custom" and accounts["A2"].formula1 == "COUNTIF($A:$A,A2)=1"
    assert accounts["F2"].type == "decimal"
    assert accounts["F2"].operator == "greaterThanOrEqual" and accounts["F2"].formula1 == "0"
    assert accounts["B2"].type is None and accounts["B2"].prompt  # free text: help only
    sales = _validations(wb["Vendas"])
    between = (None, "between")  # Excel's default operator is "between"
    assert sales["B2"].type == "date" and sales["B2"].operator in between
    first = dt.date(1990, 1, 1) - dt.date(1899, 12, 30)
    last = dt.date(2100, 12, 31) - dt.date(1899, 12, 30)
    assert (sales["B2"].formula1, sales["B2"].formula2) == (str(first.days), str(last.days))
    assert sales["C2"].type == "decimal" and sales["C2"].operator in between
    assert float(sales["C2"].formula1) < 0 < float(sales["C2"].formula2)
    assert "devolução" in sales["C2"].error
    assert _validations(wb["Visitas"])["B2"].type == "date"
    for dv in [*accounts.values(), *sales.values()]:
        assert dv.allow_blank
        if dv.type is not None:
            assert dv.showErrorMessage


def test_parameters_sheet_is_validated_and_protected(tmp_path):
    wb = _open(write_template(tmp_path / "t.xlsx", language="pt-BR"))
    ws = wb["Parâmetros"]
    assert _headers(ws) == ["parâmetro", "valor", "padrão", "significado", "valores aceitos"]
    rows = {ws.cell(i, 1).value: i for i in range(2, ws.max_row + 1)}
    assert list(rows) == [p.label_pt for p in PARAMETERS.values()]
    dvs = _validations(ws)
    for spec in PARAMETERS.values():
        i = rows[spec.label_pt]
        cell = ws.cell(i, 2)
        dv = dvs[f"B{i}"]
        assert not cell.protection.locked and ws.cell(i, 1).protection.locked
        if spec.kind == "int":
            # each whole-number parameter's own range (lookback 1-120, overdue factor 1-12, ...)
            expected = (f"{spec.minimum:g}", f"{spec.maximum:g}")
            assert dv.type == "whole" and (dv.formula1, dv.formula2) == expected
            assert cell.value == spec.default
        elif spec.kind == "share":
            assert dv.type == "decimal" and float(dv.formula1) == 0 and float(dv.formula2) == 1
            assert cell.value == spec.default and cell.number_format == "0.0%"
        elif spec.kind == "date":
            assert dv.type == "date" and cell.value is None
        elif spec.kind == "language":
            assert dv.type == "list" and dv.formula1 == '"en,pt-BR"'
            assert cell.value == "pt-BR"  # a Portuguese template analyses in Portuguese
        elif spec.kind == "choice":  # unknown_visits, in Portuguese words
            assert dv.type == "list" and dv.formula1 == '"manter,ignorar"'
            assert cell.value == "manter"
        else:
            assert dv.type == "textLength" and cell.value == "BRL"
        assert ws.cell(i, 4).value == word(f"workbook.meaning.parameters.{spec.name}", "pt-BR")
    assert ws.protection.sheet


@pytest.mark.parametrize("language", ["en", "pt-BR"])
def test_a_blank_template_filled_by_hand_loads(tmp_path, language):
    """What a user does: open the template, type rows under the headers, save, load."""
    path = write_template(tmp_path / "t.xlsx", language=language)
    wb = _open(path)
    accounts, sales, visits, lists = (wb[s] for s in SHEETS[language][2:6])
    lists["A2"] = "Sul"
    accounts.append(
        ["007", "Ferragens Exemplo", "Sul", "Ana", "Indústria", 1000.0, "Curitiba", "PR", "regular"]
    )
    accounts.append(["008", "Outra Conta", "Sul", None, None, None, None, None, None])
    sales.append(["007", dt.datetime(2026, 3, 15), 250.0, "Luva", "EPI"])
    visits.append(["008", dt.datetime(2026, 3, 10), "visit", "Ana", "orçamento", "ok"])
    wb.save(path)
    market = kamkit.load(path)
    assert market.accounts["account_id"].tolist() == ["007", "008"]
    assert market.parameters.language == language
    target = market.accounts[template._target_column(market.accounts)]
    assert target.iloc[0] == "regular" and pd.isna(target.iloc[1])
    table = _segment(market)
    assert table["stage"].astype(str).tolist() == ["occasional", "approached"]
    assert table["revenue"].tolist() == [250.0, 0.0]


# ----------------------------------------------------------------------------- filled template


@pytest.mark.parametrize("language", ["en", "pt-BR"])
def test_filled_template_round_trips_and_holds_no_formula(market, tmp_path, language):
    path = write_template(tmp_path / "t.xlsx", language=language, market=market)
    wb = _open(path)
    _assert_no_formula(wb)
    accounts = wb[SHEETS[language][2]]
    names = [accounts.cell(i, 2).value.replace("_x000D_", "\r") for i in range(2, 9)]
    assert names == RISKY  # (openpyxl shows a carriage return as Excel stores it, _x000D_)
    assert all(accounts.cell(i, 2).data_type == "s" for i in range(2, 9))
    assert accounts["A2"].value == "007" and accounts["A2"].data_type == "s"
    lists = wb[SHEETS[language][5]]
    assert [lists.cell(i, 1).value for i in range(2, 6)] == market.territories
    assert "=Sul" in market.territories
    assert lists.cell(2, 1).data_type == "s"
    kinds = sorted(set(market.visits["kind"].dropna()))
    if language == "en":
        assert [lists.cell(i, 4).value for i in range(2, 7)] == [*VISIT_KINDS["en"], "whatsapp"]
    else:  # the Portuguese kinds, then those of the data that are not among them
        expected = [*VISIT_KINDS["pt-BR"], *(k for k in kinds if k not in VISIT_KINDS["pt-BR"])]
        assert [lists.cell(i, 4).value for i in range(2, 2 + len(expected))] == expected
        assert expected[:4] == ["visita", "ligação", "e-mail", "reunião"]
    back = kamkit.load(path)
    expected = _segment(market)
    expected["name"] = expected["name"].map(str.strip)  # the loader trims blanks around text
    pd.testing.assert_frame_equal(_segment(back), expected)
    # the parameters come back, the language being the template's (idioma = pt-BR)
    assert back.parameters == market.with_parameters(language=language).parameters
    assert back.parameters.language == language
    pd.testing.assert_frame_equal(_plain(back.visits), _plain(market.visits))


def test_template_of_the_sample_gives_the_same_analysis_as_the_sample_files(tmp_path):
    sample = kamkit.load("data/samples/csv")
    path = write_template(tmp_path / "sample.xlsx", market=sample)
    back = kamkit.load(path)
    pd.testing.assert_frame_equal(_segment(back), _segment(sample))
    assert back.parameters == sample.parameters and back.as_of == sample.as_of
    assert len(back.sales) == len(sample.sales) and len(back.visits) == len(sample.visits)


def test_parameters_of_a_market_are_written(tmp_path):
    m = _market(
        as_of="2026-06-30",
        lookback_months=6,
        regular_min_months=2,
        abc_a_share=0.6,
        currency="USD",
        language="pt-BR",
    )
    path = write_template(tmp_path / "t.xlsx", market=m)  # in the market's language
    ws = _open(path)[SHEETS["pt-BR"][1]]
    assert ws["B2"].value == dt.datetime(2026, 6, 30) and ws["B3"].value == 6
    assert kamkit.load(path).parameters == m.parameters


# ----------------------------------------------------------------------------- safety, errors


def test_never_replaces_an_existing_file(tmp_path):
    path = tmp_path / "mine.xlsx"
    path.write_bytes(b"my filled workbook")
    with pytest.raises(KamkitError, match="already exists"):
        write_template(path)
    assert path.read_bytes() == b"my filled workbook"
    write_template(path, overwrite=True)
    assert _open(path).sheetnames[0] == "Instructions"


def test_failed_write_leaves_nothing(tmp_path, monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(template, "_lists", boom)
    with pytest.raises(RuntimeError, match="disk full"):
        write_template(tmp_path / "t.xlsx")
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize(
    "target, kwargs, message",
    [
        ("t.xlsx", {"language": "fr"}, "language is 'fr'"),
        ("t.csv", {}, "ending .xlsx"),
        ("t.xlsx", {"market": pd.DataFrame()}, "must be a Market"),
    ],
)
def test_bad_arguments(tmp_path, target, kwargs, message):
    with pytest.raises(KamkitError, match=message):
        write_template(tmp_path / target, **kwargs)
    assert os.listdir(tmp_path) == []


def test_deterministic(market, tmp_path):
    a = write_template(tmp_path / "a.xlsx", market=market).read_bytes()
    b = write_template(tmp_path / "b.xlsx", market=market).read_bytes()
    assert a == b


# ----------------------------------------------------------------------------- command


def test_command(market, tmp_path):
    from kamkit.files.writing import write_market

    runner = CliRunner()
    out = tmp_path / "modelo.xlsx"
    result = runner.invoke(template_command, [str(out), "--lang", "pt-BR"])
    assert result.exit_code == 0, result.output
    assert "modelo.xlsx" in result.output
    assert _open(out).sheetnames == list(SHEETS["pt-BR"])
    again = runner.invoke(template_command, [str(out)])
    assert again.exit_code == 2 and "already exists" in again.output
    data = write_market(market, tmp_path / "data_csv")[0].parent
    filled = runner.invoke(template_command, [str(out), "--from", str(data), "--force"])
    assert filled.exit_code == 0, filled.output
    assert "7 accounts" in filled.output
    # (the loader trims blanks around text, so the tab goes)
    assert kamkit.load(out).accounts["name"].tolist() == [n.strip() for n in RISKY]
    missing = runner.invoke(
        template_command, [str(tmp_path / "x.xlsx"), "--from", str(tmp_path / "nothing")]
    )
    assert missing.exit_code == 2 and "does not exist" in missing.output
