import datetime as dt
import os

import numpy as np
import openpyxl
import pandas as pd
import pytest

from kamkit.core.errors import KamkitError
from kamkit.files import writing
from kamkit.files.writing import write_market
from kamkit.model.market import Market

HYPERLINK = '=HYPERLINK("http://x","y")'
RISKY = [HYPERLINK, "+1+2", "-3", "@SUM(A1)", "\tTab Ltda", "=1+1", "http://example.com"]


def _market(**parameters) -> Market:
    accounts = pd.DataFrame(
        {
            "account_id": ["007", "C-00042", "C-00043", "C-00044", "C-00045", "C-00046", "C-00047"],
            "name": RISKY,
            "territory": ["São Paulo Capital", "Sul", "Sul", "Nordeste", "Sul", "Sul", "Sul"],
            "salesperson": ["Ana Moreira", None, "Iara", "Iara", None, None, None],
            "segment": ["Indústria", "Saúde", None, "Varejo", None, None, None],
            "potential": [1234567.891, np.nan, 0.0, 50000.0, np.nan, np.nan, np.nan],
            "city": ["São Paulo", "Curitiba", None, "Recife", None, None, None],
            "state": ["SP", "PR", None, "PE", None, None, None],
        }
    )
    sales = pd.DataFrame(
        {
            "account_id": ["007", "007", "C-00042", "C-00044"],
            "date": pd.to_datetime(
                ["2026-01-05", "2026-02-10 14:30:15", "2025-12-31", "2026-09-30"], format="ISO8601"
            ),
            "amount": [1000.5, -200.25, 0.1, 12345.0],
            "product": ["Luva nitrílica", "Luva nitrílica", "=cmd|' /C calc'!A0", None],
            "family": ["EPI", "EPI", "Químicos", None],
        }
    )
    visits = pd.DataFrame(
        {
            "account_id": ["C-00043", "007"],
            "date": pd.to_datetime(["2026-03-03", "2026-04-04"]),
            "kind": ["visit", "call"],
            "salesperson": ["Iara", "Ana Moreira"],
            "outcome": ["primeiro contato", None],
            "notes": ["Comprador pediu catálogo, retornar", "-menos estoque\nsegunda linha"],
        }
    )
    return Market.from_frames(
        sales=sales, accounts=accounts, visits=visits, parameters=parameters or None
    )


@pytest.fixture
def market():
    return _market()


def _files(folder) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


# ------------------------------------------------------------------------------------ xlsx


def test_xlsx_sheets_headers_and_cells(market, tmp_path):
    out = write_market(market, tmp_path / "m.xlsx")
    assert out == [tmp_path / "m.xlsx"]
    wb = openpyxl.load_workbook(out[0])
    assert wb.sheetnames == ["Accounts", "Sales", "Visits", "Parameters"]
    acc = wb["Accounts"]
    assert [c.value for c in acc[1]] == [
        "account_id",
        "name",
        "territory",
        "salesperson",
        "segment",
        "potential",
        "city",
        "state",
    ]
    assert all(c.font.b for c in acc[1])
    assert acc.freeze_panes == "A2" and acc.auto_filter.ref == "A1:H8"
    assert acc["A2"].value == "007" and acc["A2"].data_type == "s"  # leading zeros kept
    assert acc["F2"].value == pytest.approx(1234567.891) and acc["F2"].number_format == "#,##0.00"
    assert acc["F3"].value is None  # blank potential stays blank
    assert acc["F4"].value == 0
    sales = wb["Sales"]
    assert sales["B2"].value == dt.datetime(2026, 1, 5)
    assert sales["B2"].number_format == "yyyy-mm-dd"
    assert sales["B3"].value == dt.datetime(2026, 2, 10, 14, 30, 15)
    assert sales["B3"].number_format == "yyyy-mm-dd hh:mm:ss"
    assert sales["C3"].value == -200.25
    assert acc.column_dimensions["B"].width > acc.column_dimensions["H"].width
    params = wb["Parameters"]
    rows = [tuple(c.value for c in r) for r in params.iter_rows()]
    assert rows[0] == ("name", "value")
    assert rows[1] == ("as_of", None)
    assert rows[2:] == [
        ("lookback_months", 12),
        ("regular_min_months", 6),
        ("abc_a_share", 0.5),
        ("abc_b_share", 0.8),
        ("potential_quantile", 0.75),
        ("share_threshold", 0.3),
        ("currency", "BRL"),
        ("language", "en"),
        ("unknown_visits", "keep"),
        ("whitespace_min_adoption", 0.5),
        ("drop_threshold", 0.4),
        ("overdue_factor", 2),
    ]


def test_xlsx_portuguese(tmp_path):
    m = _market(as_of="2026-09-30", language="pt-BR")
    path = write_market(m, tmp_path / "m.xlsx", language="pt-BR")[0]
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Contas", "Vendas", "Visitas", "Parâmetros"]
    assert [c.value for c in wb["Contas"][1]] == [
        "conta",
        "nome",
        "território",
        "vendedor",
        "segmento",
        "potencial",
        "cidade",
        "estado",
    ]
    assert [c.value for c in wb["Vendas"][1]] == ["conta", "data", "valor", "produto", "família"]
    assert wb["Vendas"]["B2"].number_format == "dd/mm/yyyy"
    p = wb["Parâmetros"]
    assert (p["A1"].value, p["B1"].value) == ("parâmetro", "valor")
    assert (p["A2"].value, p["B2"].value) == ("as_of", dt.datetime(2026, 9, 30))
    assert p["B2"].number_format == "dd/mm/yyyy"
    assert (p["A10"].value, p["B10"].value) == ("language", "pt-BR")


def test_xlsx_text_is_never_a_formula(market, tmp_path):
    path = write_market(market, tmp_path / "m.xlsx")[0]
    wb = openpyxl.load_workbook(path)
    names = [c.value for c in wb["Accounts"]["B"][1:]]
    assert names == RISKY
    for ws in wb:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
    assert wb["Accounts"]["B2"].data_type == "s"
    assert wb["Accounts"]["B2"].hyperlink is None and wb["Accounts"]["B8"].hyperlink is None
    assert wb["Sales"]["D4"].value == "=cmd|' /C calc'!A0"
    # a formula-looking text is also kept as text by a value-only reader
    frame = pd.read_excel(path, sheet_name="Accounts", engine="calamine", dtype=str)
    assert frame["name"].tolist() == RISKY


def test_xlsx_is_deterministic(market, tmp_path):
    a = write_market(market, tmp_path / "a.xlsx")[0].read_bytes()
    b = write_market(market, tmp_path / "b.xlsx")[0].read_bytes()
    assert a == b
    wb = openpyxl.load_workbook(tmp_path / "a.xlsx")
    assert wb.properties.created == dt.datetime(2000, 1, 1)


# ------------------------------------------------------------------------------------- csv


def test_csv_folder_exact_text(market, tmp_path):
    out = write_market(market, tmp_path / "csv")
    assert [p.name for p in out] == ["accounts.csv", "sales.csv", "visits.csv", "parameters.csv"]
    assert _files(tmp_path) == [
        "csv",
        "csv/accounts.csv",
        "csv/parameters.csv",
        "csv/sales.csv",
        "csv/visits.csv",
    ]
    sales = (tmp_path / "csv" / "sales.csv").read_bytes().decode("utf-8")
    assert sales == (
        "account_id,date,amount,product,family\n"
        "007,2026-01-05,1000.5,Luva nitrílica,EPI\n"
        "007,2026-02-10 14:30:15,-200.25,Luva nitrílica,EPI\n"
        "C-00042,2025-12-31,0.1,=cmd|' /C calc'!A0,Químicos\n"
        "C-00044,2026-09-30,12345.0,,\n"
    )
    accounts = (tmp_path / "csv" / "accounts.csv").read_text(encoding="utf-8").splitlines()
    assert accounts[1] == (
        '007,"=HYPERLINK(""http://x"",""y"")",São Paulo Capital,Ana Moreira,'
        "Indústria,1234567.891,São Paulo,SP"
    )
    assert accounts[2] == "C-00042,+1+2,Sul,,Saúde,,Curitiba,PR"
    params = (tmp_path / "csv" / "parameters.csv").read_text(encoding="utf-8")
    assert params.startswith("name,value\nas_of,\nlookback_months,12\n")
    assert params.endswith(
        "currency,BRL\nlanguage,en\nunknown_visits,keep\n"
        "whitespace_min_adoption,0.5\ndrop_threshold,0.4\noverdue_factor,2\n"
    )


def test_csv_reads_back_as_the_same_text(market, tmp_path):
    folder = write_market(market, tmp_path / "out")[0].parent
    acc = pd.read_csv(folder / "accounts.csv", dtype=str, keep_default_na=False)
    assert acc["name"].tolist() == RISKY
    assert acc["account_id"].tolist()[0] == "007"
    visits = pd.read_csv(folder / "visits.csv", dtype=str, keep_default_na=False)
    assert visits["notes"].tolist() == market.visits["notes"].tolist()


def test_csv_portuguese_and_as_of(tmp_path):
    m = _market(as_of="2026-06-30")
    out = write_market(m, tmp_path / "pt", language="pt-BR")
    assert [p.name for p in out] == ["contas.csv", "vendas.csv", "visitas.csv", "parametros.csv"]
    assert out[1].read_text(encoding="utf-8").startswith("conta,data,valor,produto,família\n")
    assert out[3].read_text(encoding="utf-8").startswith("parâmetro,valor\nas_of,2026-06-30\n")


def test_csv_is_byte_deterministic(market, tmp_path):
    a = write_market(market, tmp_path / "a")
    b = write_market(market, tmp_path / "b")
    assert [p.read_bytes() for p in a] == [p.read_bytes() for p in b]


def test_parquet_folder(market, tmp_path):
    out = write_market(market, tmp_path / "pq", fmt="parquet")
    assert [p.name for p in out] == [
        "accounts.parquet",
        "sales.parquet",
        "visits.parquet",
        "parameters.parquet",
    ]
    sales = pd.read_parquet(out[1])
    assert sales["account_id"].tolist() == ["007", "007", "C-00042", "C-00044"]
    assert sales["date"].tolist() == market.sales["date"].tolist()
    assert sales["amount"].tolist() == [1000.5, -200.25, 0.1, 12345.0]
    acc = pd.read_parquet(out[0])
    assert acc["name"].tolist() == RISKY
    params = pd.read_parquet(out[3])
    assert params["name"].tolist()[:2] == ["as_of", "lookback_months"]


def _values(column: pd.Series) -> list:
    # the loader trims blanks around text (the tab of "\tTab Ltda"), nothing else
    return [
        None if pd.isna(v) else v.strip() if isinstance(v, str) else v
        for v in column.astype(object).tolist()
    ]


@pytest.mark.parametrize(
    "target, kwargs",
    [
        ("m.xlsx", {}),
        ("m_pt.xlsx", {"language": "pt-BR"}),
        ("folder", {}),
        ("pasta", {"language": "pt-BR"}),
        ("pq", {"fmt": "parquet"}),
    ],
)
def test_round_trip_through_load(market, tmp_path, target, kwargs):
    from kamkit.files.loading import load

    path = write_market(market, tmp_path / target, **kwargs)[0]
    back = load(path if path.suffix == ".xlsx" else path.parent)
    for name in ("accounts", "sales", "visits"):
        got, want = getattr(back, name), getattr(market, name)
        assert list(got.columns) == list(want.columns)
        for col in want.columns:
            assert _values(got[col]) == _values(want[col]), (name, col)
    assert back.parameters == market.parameters


def test_extra_account_columns_are_written(tmp_path):
    m = _market()
    accounts = m.accounts.assign(
        cnpj=["00.000.000/0001-00"] + [None] * 6, employees=[12, np.nan, 3, 4, 5, 6, 7]
    )
    m = Market(accounts, m.sales, m.visits, m.parameters)
    wb = openpyxl.load_workbook(write_market(m, tmp_path / "x.xlsx")[0])
    header = [c.value for c in wb["Accounts"][1]]
    assert header[-2:] == ["cnpj", "employees"]
    assert wb["Accounts"]["I2"].value == "00.000.000/0001-00"
    assert wb["Accounts"]["J2"].value == 12 and wb["Accounts"]["J3"].value is None
    text = write_market(m, tmp_path / "c")[0].read_text(encoding="utf-8").splitlines()
    assert text[0].endswith(",cnpj,employees") and text[1].endswith(",00.000.000/0001-00,12.0")


# ---------------------------------------------------------------------- atomic, only outputs


def test_writes_nothing_but_the_named_outputs(market, tmp_path):
    write_market(market, tmp_path / "m.xlsx")
    write_market(market, tmp_path / "c")
    write_market(market, tmp_path / "p", fmt="parquet")
    assert _files(tmp_path) == [
        "c",
        "c/accounts.csv",
        "c/parameters.csv",
        "c/sales.csv",
        "c/visits.csv",
        "m.xlsx",
        "p",
        "p/accounts.parquet",
        "p/parameters.parquet",
        "p/sales.parquet",
        "p/visits.parquet",
    ]


def test_failed_xlsx_write_keeps_the_old_file(market, tmp_path, monkeypatch):
    path = tmp_path / "m.xlsx"
    path.write_bytes(b"old workbook")

    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(writing, "_write_parameter_sheet", boom)
    with pytest.raises(RuntimeError, match="disk full"):
        write_market(market, path)
    assert path.read_bytes() == b"old workbook"
    assert os.listdir(tmp_path) == ["m.xlsx"]


def test_failed_csv_write_leaves_no_partial_file(market, tmp_path, monkeypatch):
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "accounts.csv").write_text("old", encoding="utf-8")
    real = pd.DataFrame.to_csv

    def half_then_fail(self, path, *args, **kwargs):
        real(self.head(1), path, *args, **kwargs)
        raise OSError("disk full")

    monkeypatch.setattr(pd.DataFrame, "to_csv", half_then_fail)
    with pytest.raises(OSError, match="disk full"):
        write_market(market, folder)
    assert os.listdir(folder) == ["accounts.csv"]
    assert (folder / "accounts.csv").read_text(encoding="utf-8") == "old"


# ---------------------------------------------------------------------------------- errors


@pytest.mark.parametrize(
    "target, kwargs, message",
    [
        ("m.xlsx", {"language": "fr"}, "language is 'fr'"),
        ("m", {"fmt": "xls"}, "fmt is 'xls'"),
        ("m.csv", {}, "looks like a file"),
        ("m.parquet", {"fmt": "parquet"}, "looks like a file"),
    ],
)
def test_bad_arguments(market, tmp_path, target, kwargs, message):
    with pytest.raises(KamkitError, match=message):
        write_market(market, tmp_path / target, **kwargs)
    assert os.listdir(tmp_path) == []


def test_not_a_market(tmp_path):
    with pytest.raises(KamkitError, match="needs a Market"):
        write_market(pd.DataFrame(), tmp_path / "m.xlsx")


def test_xlsx_path_that_is_a_folder(market, tmp_path):
    (tmp_path / "book.xlsx").mkdir()
    with pytest.raises(KamkitError, match="is a folder"):
        write_market(market, tmp_path / "book.xlsx")
