import datetime as dt
import os

import numpy as np
import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner
from write_inputs import review_market, sales_frame

from kamkit.core.errors import KamkitError
from kamkit.files import results
from kamkit.files.writing import write_market
from kamkit.model.market import Market
from kamkit.outputs.export import (
    QUADRANT_COLOURS,
    RESULT_COLUMNS,
    STAGE_COLOURS,
    write_results,
    write_table,
)
from kamkit.presentation.i18n import label

# The hand-made market has an account without a territory on purpose.
pytestmark = pytest.mark.filterwarnings("ignore:.*the territory is empty")

HYPERLINK = '=HYPERLINK("http://x","y")'
RISKY = [HYPERLINK, "+1+2", "-3", "@SUM(A1)", "\tTab Ltda", "\rCR Ltda", "=1+1", "Plain"]
STAGES = ("untouched", "approached", "occasional", "regular", "lapsed")
QUADRANTS = ("key", "conquer", "maintain", "monitor")


def _segment(market, **kwargs):
    try:
        from kamkit.analysis.segmentation import segment
    except ModuleNotFoundError:
        from kamkit.analysis.segmentation import segment
    return segment(market, **kwargs)


def _market(**parameters) -> Market:
    """Eight accounts over three territories (one with a name Excel forbids) and none."""
    accounts = pd.DataFrame(
        {
            "account_id": [f"C-{i}" for i in range(1, 9)],
            "name": RISKY,
            "territory": [
                "Sul",
                "Sul",
                "Norte/Nordeste: [1]",
                "Norte/Nordeste: [1]",
                "=Sul",
                "Sul",
                None,
                "Summary",
            ],
            "salesperson": ["Ana", "@Ana", "Bia", "Bia", None, "Ana", None, "Ana"],
            "segment": ["X"] * 8,
            "potential": [1000.0, 900.0, 800.0, 50.0, 100.0, 0.0, np.nan, 700.0],
        }
    )
    sales = sales_frame(
        [
            ("C-1", "2026-01-10", 200.0),
            ("C-1", "2026-02-10", 200.0),
            ("C-1", "2026-03-10", 300.0),
            ("C-3", "2026-08-05", 100.0),
            ("C-4", "2026-07-05", 40.0),
            ("C-5", "2024-08-20", 50.0),
            ("C-6", "2026-06-01", 10.0),
            ("C-7", "2026-05-01", 70.0),
        ]
    )
    visits = pd.DataFrame(
        [("C-2", "2026-03-01"), ("C-8", "2026-09-01")], columns=["account_id", "date"]
    )
    return review_market("data.xlsx", sales, accounts, visits, **parameters)


@pytest.fixture
def market():
    return _market()


def _rows(ws, first: int = 1) -> list[list]:
    return [list(r) for r in ws.iter_rows(min_row=first, values_only=True)]


def _rules(ws) -> dict[str, list]:
    """Conditional-format range -> its rules."""
    return {str(cf.sqref): cf.rules for cf in ws.conditional_formatting}


def _assert_no_formula(wb) -> None:
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)


# ----------------------------------------------------------------------------- results workbook


def test_results_workbook_sheets(market, tmp_path):
    path = write_results(market, tmp_path / "results.xlsx")
    assert path == tmp_path / "results.xlsx"
    wb = openpyxl.load_workbook(path)
    # territories sorted; Excel-forbidden characters replaced; a clash with "Summary" numbered
    assert wb.sheetnames == [
        "Summary",
        "=Sul",
        "Norte-Nordeste- -1-",
        "Sul",
        "Summary (2)",
        "(no territory)",
        "Accounts at risk",  # issue 14: every alert and whitespace total of the report
        "Whitespace",
        "Parameters",
    ]
    assert wb.active.title == "Summary"
    assert wb.properties.title == "kamkit results"
    _assert_no_formula(wb)


def test_territory_sheet_has_every_account_with_the_segment_figures(market, tmp_path):
    wb = openpyxl.load_workbook(write_results(market, tmp_path / "r.xlsx"))
    table = _segment(market).set_index("account_id")
    ws = wb["Sul"]
    rows = _rows(ws)
    assert rows[0] == [label(c) for c in RESULT_COLUMNS]
    assert ws.freeze_panes == "C2" and ws.auto_filter.ref == "A1:S4"
    body = rows[1:]
    assert sorted(r[0] for r in body) == ["C-1", "C-2", "C-6"]
    col = {c: j for j, c in enumerate(RESULT_COLUMNS)}
    for r in body:
        expected = table.loc[r[0]]
        assert r[col["name"]].replace("_x000D_", "\r") == expected["name"]
        assert r[col["stage"]] == label(expected["stage"])
        assert r[col["quadrant"]] == label(expected["quadrant"])
        assert r[col["revenue"]] == pytest.approx(expected["revenue"])
        assert r[col["potential"]] == pytest.approx(expected["potential"])
        share = expected["share_of_wallet"]
        assert (
            (r[col["share_of_wallet"]] is None)
            if np.isnan(share)
            else (r[col["share_of_wallet"]] == pytest.approx(share))
        )
        priority = expected["priority"]
        assert r[col["priority"]] == (None if pd.isna(priority) else priority)
        assert r[col["visits"]] == expected["visits"]
    # the pursuit list first, then revenue high to low
    priorities = [r[col["priority"]] for r in body]
    ranked = [p for p in priorities if p is not None]
    assert ranked == sorted(ranked) and priorities[: len(ranked)] == ranked
    # formats
    assert ws.cell(2, col["revenue"] + 1).number_format == "#,##0"
    assert ws.cell(2, col["share_of_wallet"] + 1).number_format == "0.0%"
    assert ws.cell(1, 1).font.b


def test_stage_quadrant_and_priority_are_coloured(market, tmp_path):
    wb = openpyxl.load_workbook(write_results(market, tmp_path / "r.xlsx"))
    ws = wb["Sul"]
    rules = _rules(ws)
    stage_col = openpyxl.utils.get_column_letter(RESULT_COLUMNS.index("stage") + 1)
    quadrant_col = openpyxl.utils.get_column_letter(RESULT_COLUMNS.index("quadrant") + 1)
    priority_col = openpyxl.utils.get_column_letter(RESULT_COLUMNS.index("priority") + 1)
    stage_rules = rules[f"{stage_col}2:{stage_col}4"]
    assert [r.formula[0] for r in stage_rules] == [f'"{label(s)}"' for s in STAGES]
    assert all(r.type == "cellIs" and r.operator == "equal" for r in stage_rules)
    fills = [r.dxf.fill.bgColor.rgb for r in stage_rules]
    assert fills == ["FF" + STAGE_COLOURS[s][1:] for s in STAGES]
    quadrant_rules = rules[f"{quadrant_col}2:{quadrant_col}4"]
    assert [r.formula[0] for r in quadrant_rules] == [f'"{label(q)}"' for q in QUADRANTS]
    assert [r.dxf.fill.bgColor.rgb for r in quadrant_rules] == [
        "FF" + QUADRANT_COLOURS[q][1:] for q in QUADRANTS
    ]
    top = rules[f"{priority_col}2:{priority_col}4"][0]
    assert top.operator == "between" and top.formula == ["1", "10"]


def test_summary_figures_equal_the_segment_table(market, tmp_path):
    wb = openpyxl.load_workbook(write_results(market, tmp_path / "r.xlsx"))
    ws = wb["Summary"]
    rows = _rows(ws)
    assert rows[0][0] == "KAM results"
    assert rows[1][0].startswith("As of 2026-09-30; window 2025-10-01 to 2026-09-30 (12 months)")
    head = rows[3]
    assert head == [
        "territory",
        "accounts",
        *[label(s) for s in STAGES],
        *[label(q) for q in QUADRANTS],
        "revenue",
        "potential (wallet)",
        "gap to potential",
        "on the pursuit list",
    ]
    assert ws.freeze_panes == "B5" and ws.auto_filter.ref == "A4:O9"
    table = _segment(market)
    territory = table["territory"].fillna("(no territory)")
    body = {r[0]: r for r in rows[4:]}
    assert list(body) == [
        "=Sul",
        "Norte/Nordeste: [1]",
        "Sul",
        "Summary",
        "(no territory)",
        "all territories",
    ]
    for name, r in body.items():
        part = table if name == "all territories" else table[territory == name]
        assert r[1] == len(part)
        stage_counts = part["stage"].astype(str).value_counts()
        assert r[2:7] == [stage_counts.get(s, 0) for s in STAGES]
        quadrant_counts = part["quadrant"].astype(str).value_counts()
        assert r[7:11] == [quadrant_counts.get(q, 0) for q in QUADRANTS]
        assert r[11] == pytest.approx(part["revenue"].sum())
        assert r[12] == pytest.approx(part["potential"].sum())
        assert r[13] == pytest.approx(part["gap"].sum())
        assert r[14] == part["priority"].notna().sum()
    assert ws.cell(10, 1).font.b  # the total row


def test_parameters_sheet_records_the_settings(market, tmp_path):
    wb = openpyxl.load_workbook(write_results(market, tmp_path / "r.xlsx"))
    rows = _rows(wb["Parameters"])
    assert rows[0] == ["name", "value", "meaning"]
    values = {r[0]: r[1] for r in rows[1:]}
    assert values["as_of"] == dt.datetime(2026, 9, 30)
    assert values["regular_min_months"] == 3 and values["potential_quantile"] == 0.5
    assert values["currency"] == "BRL" and values["language"] == "en"


def test_as_of_used_is_recorded_when_the_parameter_is_blank(tmp_path):
    m = Market.from_frames(
        sales=pd.DataFrame({"account_id": ["a"], "date": ["2026-05-17"], "amount": [1.0]})
    )
    wb = openpyxl.load_workbook(write_results(m, tmp_path / "r.xlsx"))
    assert _rows(wb["Parameters"])[1] == ["as_of", dt.datetime(2026, 5, 17), _meaning("as_of")]


def _meaning(name):
    from kamkit.core.schema import PARAMETERS

    return PARAMETERS[name].meaning


def test_portuguese_results(market, tmp_path):
    m = market.with_parameters(language="pt-BR")
    wb = openpyxl.load_workbook(write_results(m, tmp_path / "r.xlsx"))
    assert wb.sheetnames[0] == "Resumo" and wb.sheetnames[-1] == "Parâmetros"
    assert "(sem território)" in wb.sheetnames
    sul = _rows(wb["Sul"])
    assert sul[0][:5] == ["conta", "nome", "vendedor", "segmento", "estágio"]
    assert {r[4] for r in sul[1:]} <= {label(s, "pt-BR") for s in STAGES}
    summary = _rows(wb["Resumo"])
    assert summary[1][0].startswith("Data-base 30/09/2026; janela de 01/10/2025 a 30/09/2026")
    assert summary[-1][0] == "todos os territórios"
    params = _rows(wb["Parâmetros"])
    assert params[0] == ["parâmetro", "valor", "significado"]
    assert params[1][0] == "data_base"
    dates = [d for d in wb["Sul"].column_dimensions.values() if d.min <= 14 <= d.max]
    assert dates[0].number_format == "dd/mm/yyyy"  # last purchase
    # the language argument wins over the parameter
    wb = openpyxl.load_workbook(write_results(m, tmp_path / "en.xlsx", language="en"))
    assert wb.sheetnames[0] == "Summary"


def test_text_from_data_is_never_a_formula(market, tmp_path):
    wb = openpyxl.load_workbook(write_results(market, tmp_path / "r.xlsx"))
    _assert_no_formula(wb)
    names = {}
    for ws in wb.worksheets[1:-1]:
        for r in _rows(ws, first=2):
            names[r[0]] = r[1]
    assert [names[f"C-{i}"] for i in (1, 2, 3, 4, 5, 7)] == [
        HYPERLINK,
        "+1+2",
        "-3",
        "@SUM(A1)",
        "\tTab Ltda",
        "=1+1",
    ]
    assert names["C-6"].replace("_x000D_", "\r") == "\rCR Ltda"
    assert wb["Sul"]["B2"].data_type == "s"


def test_one_territory_table(market, tmp_path):
    table = _segment(market, territory="Sul")
    wb = openpyxl.load_workbook(write_results(market, tmp_path / "r.xlsx", table=table))
    assert wb.sheetnames == ["Summary", "Sul", "Accounts at risk", "Whitespace", "Parameters"]
    assert [r[0] for r in _rows(wb["Summary"])[4:]] == ["Sul", "all territories"]


# ----------------------------------------------------------------------------- never the input


def test_never_writes_over_the_data_workbook(market, tmp_path):
    data = write_market(market, tmp_path / "data.xlsx")[0]
    before = data.read_bytes()
    with pytest.raises(KamkitError, match="never writes over its input"):
        write_results(market, data)
    with pytest.raises(KamkitError, match="never writes over its input"):
        write_table(_segment(market), data, market=market)
    with pytest.raises(KamkitError, match="never writes over its input"):
        write_table(pd.DataFrame({"a": [1]}), data)
    assert data.read_bytes() == before
    out = write_results(market, tmp_path / "results.xlsx")
    write_results(market, out)  # a results workbook may be replaced
    assert data.read_bytes() == before
    assert sorted(os.listdir(tmp_path)) == ["data.xlsx", "results.xlsx"]


def test_failed_write_keeps_the_old_file(market, tmp_path, monkeypatch):
    path = tmp_path / "r.xlsx"
    path.write_bytes(b"old")

    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(results, "_summary_sheet", boom)  # moved from outputs.export
    with pytest.raises(RuntimeError, match="disk full"):
        write_results(market, path)
    assert path.read_bytes() == b"old" and os.listdir(tmp_path) == ["r.xlsx"]


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"path": "r.csv"}, "ending .xlsx"),
        ({"language": "fr"}, "'fr' is not supported"),
        ({"table": pd.DataFrame({"account_id": []})}, "not a segment table"),
    ],
)
def test_bad_arguments(market, tmp_path, kwargs, message):
    path = tmp_path / kwargs.pop("path", "r.xlsx")
    with pytest.raises(KamkitError, match=message):
        write_results(market, path, **kwargs)
    assert os.listdir(tmp_path) == []
    with pytest.raises(KamkitError, match="needs a Market"):
        write_results(pd.DataFrame(), path)


# ----------------------------------------------------------------------------- write_table


def test_write_table_makes_the_results_workbook_from_a_segment_table(market, tmp_path):
    path = write_table(_segment(market), tmp_path / "r.xlsx", market=market, sheet="Segment")
    assert openpyxl.load_workbook(path).sheetnames[0] == "Summary"


def test_write_table_plain_xlsx(market, tmp_path):
    table = pd.DataFrame(
        {
            "name": RISKY,
            "value": np.arange(8) / 3,
            "when": pd.date_range("2026-01-01", periods=8),
            "flag": [True, False] * 4,
            "count": pd.array([1, None] * 4, dtype="Int64"),
        }
    )
    wb = openpyxl.load_workbook(
        write_table(
            table, tmp_path / "t.xlsx", market=market, sheet="A:very/long*name that Excel refuses?"
        )
    )
    assert wb.sheetnames == ["A-very-long-name that Excel ref", "Parameters"]
    ws = wb.worksheets[0]
    _assert_no_formula(wb)
    rows = _rows(ws)
    assert rows[0] == ["name", "value", "when", "flag", "count"]
    assert [r[0].replace("_x000D_", "\r") for r in rows[1:]] == RISKY
    assert rows[2][1:] == [pytest.approx(1 / 3), dt.datetime(2026, 1, 2), False, None]
    assert rows[1][4] == 1
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == "A1:E9"
    assert ws["C2"].number_format == "yyyy-mm-dd" and ws["B2"].number_format == "#,##0.00"


def test_write_table_csv_defuses_formulas(tmp_path):
    table = pd.DataFrame({"name": RISKY, "n": range(8)})
    path = write_table(table, tmp_path / "t.csv")
    back = pd.read_csv(path, keep_default_na=False)
    assert back["name"].tolist()[:4] == ["'" + HYPERLINK, "'+1+2", "'-3", "'@SUM(A1)"]
    assert back["name"].tolist()[4:] == ["'\tTab Ltda", "'\rCR Ltda", "'=1+1", "Plain"]
    assert back["n"].tolist() == list(range(8))


def test_write_table_parquet_and_bad_suffix(tmp_path):
    table = pd.DataFrame({"name": RISKY})
    path = write_table(table, tmp_path / "t.parquet")
    assert pd.read_parquet(path)["name"].tolist() == RISKY  # data, not for a spreadsheet
    with pytest.raises(KamkitError, match="use a name ending in"):
        write_table(table, tmp_path / "t.txt")


# ----------------------------------------------------------------------------- the command


def test_segment_command_writes_the_results_workbook(market, tmp_path):
    from kamkit.cli import main

    data = write_market(market, tmp_path / "data.xlsx")[0]
    before = data.read_bytes()
    runner = CliRunner()
    out = tmp_path / "results.xlsx"
    result = runner.invoke(main, ["segment", str(data), "--out", str(out), "--lang", "pt-BR"])
    assert result.exit_code == 0, result.output
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[0] == "Resumo" and "Sul" in wb.sheetnames
    assert data.read_bytes() == before
    same = runner.invoke(main, ["segment", str(data), "--out", str(data)])
    assert same.exit_code == 2 and "would overwrite your data" in same.output
    assert data.read_bytes() == before


def test_segment_command_summary_in_both_languages(market, tmp_path):
    """Without --out, kamkit segment prints counts by stage and quadrant, equal to segment()'s,
    in English (the codes) or Brazilian Portuguese (the labels)."""
    from kamkit.analysis.segmentation import QUADRANTS, STAGES, segment
    from kamkit.cli import main

    data = write_market(market, tmp_path / "data.xlsx")[0]
    table = segment(market)
    english = CliRunner().invoke(main, ["segment", str(data), "--lang", "en"])
    assert english.exit_code == 0, english.output
    stage, quadrant = table["stage"].value_counts(), table["quadrant"].value_counts()
    for code in STAGES:
        assert f"{code} {stage.get(code, 0):,}" in english.output
    for code in QUADRANTS:
        assert f"{code} {quadrant.get(code, 0):,}" in english.output
    ranked = int(table["priority"].notna().sum())
    assert f"Pursuit list: {ranked:,} accounts" in english.output
    pt = CliRunner().invoke(main, ["segment", str(data), "--lang", "pt-BR"])
    assert pt.exit_code == 0, pt.output
    assert f"{len(table)} contas em {market.as_of:%d/%m/%Y}" in pt.output
    for code in STAGES:
        assert f"{label(code, 'pt-BR')} {stage.get(code, 0)}" in pt.output
    assert f"Lista de conquista: {ranked} contas" in pt.output
    assert "untouched" not in pt.output and "Pursuit" not in pt.output
