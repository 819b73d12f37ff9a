"""Loading every kind of file teams keep, and a clear sentence for every kind of bad input."""

from __future__ import annotations

import datetime as dt
import hashlib
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from write_inputs import write_csv, write_utf8_csv, write_xlsx

import kamkit as kk
from kamkit.core.errors import DataError

# -- builders ------------------------------------------------------------------------------------

ACCOUNTS = [
    ["account_id", "name", "territory", "salesperson", "segment", "potential", "city", "state"],
    ["00123", "Metalúrgica Aurora", "Sul", "Ana", "Indústria", 120000, "Curitiba", "PR"],
    ["00124", "Padaria Estrela", "Sul", "Ana", "Varejo", None, "Joinville", "SC"],
    ["00999", "Hospital Boa Vista", "Nordeste", "Caio", "Saúde", 500000, "Recife", "PE"],
]
SALES = [
    ["account_id", "date", "amount", "product", "family"],
    ["00123", dt.datetime(2025, 1, 5, 10, 30), 1234.56, "P1", "Fixação"],
    ["00123", dt.datetime(2025, 2, 10), -100.0, "P1", "Fixação"],
    ["00124", dt.datetime(2025, 3, 1), 50.0, "P2", "Abrasivos"],
]
VISITS = [
    ["account_id", "date", "kind", "salesperson", "outcome", "notes"],
    ["00999", dt.datetime(2025, 2, 20), "visit", "Caio", "proposal", "Comprador pediu amostra"],
]
PARAMS = [["name", "value"], ["lookback_months", 6], ["language", "pt-BR"], ["as_of", None]]


def digest(path: Path) -> str:
    files = sorted(path.rglob("*")) if path.is_dir() else [path]
    h = hashlib.sha256()
    for f in files:
        if f.is_file():
            h.update(f.name.encode() + f.read_bytes())
    return h.hexdigest()


@pytest.fixture
def workbook(tmp_path) -> Path:
    return write_xlsx(
        tmp_path / "market.xlsx",
        {"Accounts": ACCOUNTS, "Sales": SALES, "Visits": VISITS, "Parameters": PARAMS},
    )


def check_standard(market: kk.Market) -> None:
    """The tables of ACCOUNTS/SALES/VISITS, whatever file they came from."""
    assert list(market.accounts["account_id"]) == ["00123", "00124", "00999"]
    assert market.accounts["potential"].tolist()[0] == 120000
    assert np.isnan(market.accounts["potential"].iloc[1])
    assert market.territories == ["Nordeste", "Sul"]
    assert list(market.sales["account_id"].astype(str)) == ["00123", "00123", "00124"]
    assert list(market.sales["account_id"].cat.categories) == ["00123", "00124", "00999"]
    assert market.sales["amount"].tolist() == pytest.approx([1234.56, -100.0, 50.0])
    assert market.sales["date"].iloc[0] == pd.Timestamp("2025-01-05 10:30")
    assert market.sales["date"].iloc[2] == pd.Timestamp("2025-03-01")
    assert market.visits["account_id"].astype(str).tolist() == ["00999"]
    assert market.visits["kind"].tolist() == ["visit"]
    assert market.accounts["name"].iloc[0] == "Metalúrgica Aurora"


# -- every loader path ---------------------------------------------------------------------------


def test_load_excel_workbook(workbook):
    market = kk.load(workbook)
    check_standard(market)
    assert market.parameters.lookback_months == 6
    assert market.parameters.language == "pt-BR"
    assert market.as_of == pd.Timestamp("2025-03-01")  # the latest sale or visit


def test_load_excel_with_portuguese_sheets_and_headers(tmp_path):
    pt_accounts = [
        ["Código", "Cliente", "Território", "Vendedor", "Segmento", "Potencial", "Cidade", "UF"]
    ] + ACCOUNTS[1:]
    pt_sales = [["Cliente", "Data", "Valor", "Produto", "Família"]] + SALES[1:]
    pt_visits = [["Conta", "Data", "Tipo", "Vendedor", "Resultado", "Observações"]] + VISITS[1:]
    path = write_xlsx(
        tmp_path / "mercado.xlsx",
        {
            "Contas": pt_accounts,
            "Vendas": pt_sales,
            "Visitas": pt_visits,
            "Parâmetros": [["parâmetro", "valor"], ["meses_janela", 6], ["corte_a", "50%"]],
        },
    )
    market = kk.load(path)
    check_standard(market)
    assert market.parameters.lookback_months == 6
    assert market.parameters.abc_a_share == 0.5


def test_excel_numbers_as_ids_and_serial_dates(tmp_path):
    path = write_xlsx(
        tmp_path / "m.xlsx",
        {
            "Sales": [
                ["account_id", "date", "amount"],
                [123, 45658, 10],
                ["00123", "15/01/2025", "1.000,50"],
            ]
        },
    )
    market = kk.load(path)
    assert market.accounts["account_id"].tolist() == ["00123", "123"]
    assert market.sales["date"].tolist() == [pd.Timestamp("2025-01-01"), pd.Timestamp("2025-01-15")]
    assert market.sales["amount"].tolist() == [10.0, 1000.5]


@pytest.mark.parametrize("encoding", ["cp1252", "utf-8-sig"])
def test_load_brazilian_csv_folder(tmp_path, encoding):
    def br(rows):
        out = []
        for row in rows:
            cells = []
            for v in row:
                if isinstance(v, dt.datetime):
                    v = v.strftime("%d/%m/%Y %H:%M") if v.hour else v.strftime("%d/%m/%Y")
                elif isinstance(v, float):
                    v = f"{v:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")
                elif isinstance(v, int):
                    v = f"{v:,}".replace(",", ".")
                cells.append(v)
            out.append(cells)
        return out

    folder = tmp_path / "export"
    folder.mkdir()
    write_csv(
        folder / "contas.csv",
        br(
            [["Conta", "Nome", "Território", "Vendedor", "Segmento", "Potencial", "Cidade", "UF"]]
            + ACCOUNTS[1:]
        ),
        encoding=encoding,
    )
    write_csv(
        folder / "vendas.csv",
        br([["Conta", "Data", "Valor", "Produto", "Família"]] + SALES[1:]),
        encoding=encoding,
    )
    write_csv(
        folder / "visitas.csv",
        br([["Conta", "Data", "Tipo", "Vendedor", "Resultado", "Observações"]] + VISITS[1:]),
        encoding=encoding,
    )
    before = digest(folder)
    market = kk.load(folder)
    check_standard(market)
    assert digest(folder) == before


def test_load_parquet_folder(tmp_path):
    folder = tmp_path / "pq"
    folder.mkdir()
    for name, rows in (("accounts", ACCOUNTS), ("sales", SALES), ("visits", VISITS)):
        pd.DataFrame(rows[1:], columns=rows[0]).to_parquet(folder / f"{name}.parquet")
    check_standard(kk.load(folder))


def test_load_with_column_map_for_a_crm_export(tmp_path):
    crm = [["Cod. Cliente", "Dt Emissao NF", "Vl Total NF", "Item"]] + [r[:4] for r in SALES[1:]]
    path = write_xlsx(tmp_path / "crm.xlsx", {"Faturamento": crm, "Accounts": ACCOUNTS})
    mapping = tmp_path / "map.yml"
    mapping.write_text(
        "tables:\n  sales: Faturamento\n"
        "sales:\n  account_id: Cod. Cliente\n  date: Dt Emissao NF\n  amount: Vl Total NF\n"
        "  product: Item\n",
        encoding="utf-8",
    )
    market = kk.load(path, columns=mapping)
    assert market.sales["amount"].tolist() == pytest.approx([1234.56, -100.0, 50.0])
    assert market.sales["product"].tolist() == ["P1", "P1", "P2"]
    # the same map as a dict
    market2 = kk.load(
        path,
        columns={
            "tables": {"sales": "Faturamento"},
            "sales": {
                "account_id": "Cod. Cliente",
                "date": "Dt Emissao NF",
                "amount": "Vl Total NF",
            },
        },
    )
    assert len(market2.sales) == 3


def test_column_map_with_a_typo_names_the_column(tmp_path, workbook):
    mapping = tmp_path / "map.yml"
    mapping.write_text("sales:\n  ammount: Valor\n", encoding="utf-8")
    report = kk.validate(workbook, columns=mapping)
    assert not report.ok
    assert "no column 'ammount'" in str(report) and "Did you mean 'amount'" in str(report)


def test_single_sales_file_gives_accounts_from_ids(tmp_path):
    path = write_utf8_csv(
        tmp_path / "export.csv",
        [["cliente", "data", "valor"], ["B-2", "2025-01-02", "10.5"], ["A-1", "2025-01-03", "7"]],
    )
    market = kk.load(path)
    assert market.accounts["account_id"].tolist() == ["A-1", "B-2"]
    assert market.accounts["territory"].isna().all()
    assert market.sales["amount"].tolist() == [10.5, 7.0]


def test_month_first_dates_are_read_and_flagged(tmp_path):
    path = write_utf8_csv(
        tmp_path / "sales.csv",
        [["account_id", "date", "amount"], ["A", "12/31/2024", "1"], ["A", "1/2/2025", "2"]],
    )
    report = kk.validate(path)
    assert report.ok
    assert report.market.sales["date"].tolist() == [
        pd.Timestamp("2024-12-31"),
        pd.Timestamp("2025-01-02"),
    ]
    assert any("month first" in str(w) for w in report.warnings)


# -- bad input: a sentence naming the place and the fix, and the file untouched ------------------


def problems_of(path, **kwargs) -> str:
    before = digest(path)
    report = kk.validate(path, **kwargs)
    assert not report.ok
    assert digest(path) == before, "validation must never change the user's files"
    with pytest.raises(DataError) as err:
        kk.load(path, **kwargs)
    assert digest(path) == before
    assert str(err.value).startswith(f"{len(report.errors)} problem(s)")
    return str(report)


def test_missing_sales_sheet(tmp_path):
    path = write_xlsx(tmp_path / "m.xlsx", {"Accounts": ACCOUNTS})
    text = problems_of(path)
    assert "m.xlsx" in text and "no sales table" in text and "Vendas" in text


def test_missing_column_names_the_headers_found(tmp_path):
    path = write_xlsx(
        tmp_path / "m.xlsx", {"Sales": [["account_id", "date", "valr"], ["A", "2025-01-01", 1]]}
    )
    text = problems_of(path)
    assert "m.xlsx, sheet 'Sales', row 1" in text
    assert "no amount column" in text and "'valr'" in text and "'valor'" in text


def test_duplicate_account_ids(tmp_path):
    rows = ACCOUNTS + [["00123", "Duplicada", "Sul", "Ana", "Varejo", 1, "X", "PR"]]
    path = write_xlsx(tmp_path / "m.xlsx", {"Accounts": rows, "Sales": SALES})
    text = problems_of(path)
    assert "sheet 'Accounts', row 5, column 'account_id'" in text
    assert "'00123' appears 2 times (rows 2, 5)" in text


def test_text_in_a_number_column(tmp_path):
    path = write_xlsx(
        tmp_path / "m.xlsx",
        {"Sales": [["account_id", "date", "amount"], ["A", "2025-01-01", "mil reais"]]},
    )
    text = problems_of(path)
    assert "sheet 'Sales', row 2, column 'amount': 'mil reais' is not a number" in text


def test_impossible_date_in_brazilian_csv(tmp_path):
    path = write_csv(
        tmp_path / "vendas.csv",
        [["Conta", "Data", "Valor"], ["A", "31/02/2025", "1,5"], ["A", "28/02/2025", "2,5"]],
    )
    text = problems_of(path)
    assert "vendas.csv, row 2, column 'Data': '31/02/2025' is not a valid date" in text
    assert "dd/mm/yyyy" in text


def test_negative_potential(tmp_path):
    rows = [ACCOUNTS[0], ["A", "Loja", "Sul", None, None, -10, None, None]]
    path = write_xlsx(
        tmp_path / "m.xlsx", {"Accounts": rows, "Sales": [SALES[0], ["A", "2025-01-01", 1]]}
    )
    text = problems_of(path)
    assert "sheet 'Accounts', row 2, column 'potential'" in text and "negative" in text


def test_unknown_account_ids_are_counted_and_listed(tmp_path):
    sales = SALES + [[f"X{i}", "2025-01-01", 1] for i in range(7)]
    path = write_xlsx(tmp_path / "m.xlsx", {"Accounts": ACCOUNTS, "Sales": sales})
    text = problems_of(path)
    assert "7 account code(s) in the sales table are not in the accounts table" in text
    assert "'X0', 'X1', 'X2', 'X3', 'X4'" in text and "'X5'" not in text
    assert "first at row 5" in text


def test_empty_sales_table(tmp_path):
    path = write_xlsx(tmp_path / "m.xlsx", {"Sales": [SALES[0]]})
    text = problems_of(path)
    assert "sheet 'Sales'" in text and "header but no rows" in text


def test_empty_visits_is_only_a_warning(tmp_path):
    path = write_xlsx(tmp_path / "m.xlsx", {"Sales": SALES, "Visits": [VISITS[0]]})
    report = kk.validate(path)
    assert report.ok and len(report.warnings) == 1
    with pytest.warns(kk.DataWarning, match="visits table has a header but no rows"):
        kk.load(path)


@pytest.mark.parametrize(
    "name,content,expected",
    [
        ("m.xlsx", b"account_id;date;amount\nA;01/01/2025;1\n", "its content is a text (CSV) file"),
        ("sales.csv", None, "its content is an Excel workbook"),
        ("sales.parquet", b"account_id,date,amount\n", "its content is a text (CSV) file"),
    ],
)
def test_file_that_is_not_what_its_extension_says(tmp_path, name, content, expected):
    path = tmp_path / name
    if content is None:
        write_xlsx(tmp_path / "real.xlsx", {"Sales": SALES})
        path.write_bytes((tmp_path / "real.xlsx").read_bytes())
    else:
        path.write_bytes(content)
    text = problems_of(path)
    assert name in text and expected in text and "Save As" in text


def test_bad_parameters(tmp_path):
    path = write_xlsx(
        tmp_path / "m.xlsx",
        {
            "Sales": SALES,
            "Parameters": [
                ["name", "value"],
                ["lookback_month", 12],
                ["abc_a_share", 1.5],
                ["language", "fr"],
            ],
        },
    )
    text = problems_of(path)
    assert (
        "row 2, column 'name': 'lookback_month' is not a kamkit parameter. Did you mean 'lookback_months'?"
        in text
    )
    assert "row 3" in text and "abc_a_share is 1.5, out of range" in text
    assert "row 4" in text and "'fr' is not a valid value for language" in text


def test_all_problems_are_reported_at_once(tmp_path):
    path = write_xlsx(
        tmp_path / "m.xlsx",
        {
            "Sales": [
                ["account_id", "date", "amount"],
                ["A", "99/99/2025", "x"],
                [None, "2025-01-01", 1],
            ]
        },
    )
    report = kk.validate(path)
    assert len(report.errors) == 3


def test_many_bad_cells_are_summarised(tmp_path):
    rows = [["account_id", "date", "amount"]] + [["A", "2025-01-01", "x"]] * 25
    path = write_xlsx(tmp_path / "m.xlsx", {"Sales": rows})
    report = kk.validate(path)
    assert len(report.errors) == 11
    assert "15 more rows have the same problem" in str(report) and "the last at row 26" in str(
        report
    )


def test_missing_path_and_unknown_suffix(tmp_path):
    assert "does not exist" in str(kk.validate(tmp_path / "nope.xlsx"))
    odd = tmp_path / "data.json"
    odd.write_text("{}")
    assert "cannot read .json files" in str(kk.validate(odd))


# -- the command line -----------------------------------------------------------------------------


def run_cli(*args):
    return subprocess.run(
        [sys.executable, "-m", "kamkit", *map(str, args)], capture_output=True, text=True
    )


def test_cli_validate_exit_status(workbook, tmp_path):
    ok = run_cli("validate", workbook)
    assert ok.returncode == 0 and "OK:" in ok.stdout
    bad = write_xlsx(
        tmp_path / "bad.xlsx", {"Sales": [["account_id", "date", "amount"], ["A", "x", 1]]}
    )
    before = digest(bad)
    result = run_cli("validate", bad)
    assert result.returncode == 2
    assert "bad.xlsx, sheet 'Sales', row 2, column 'date'" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr
    assert digest(bad) == before


@pytest.mark.parametrize("out", ["sales.csv", "folder/vendas.parquet"])
def test_cli_segment_never_writes_over_its_input(tmp_path, out):
    folder = tmp_path / "folder"
    folder.mkdir()
    write_utf8_csv(
        folder / "sales.csv",
        [["account_id", "date", "amount"], ["A", "2025-01-01", "1"]],
    )
    data = folder / "sales.csv" if out == "sales.csv" else folder
    target = folder / "sales.csv" if out == "sales.csv" else tmp_path / out
    before = digest(folder)
    result = run_cli("segment", data, "--out", target)
    assert result.returncode == 2
    assert "would overwrite your data" in result.stderr and "Traceback" not in result.stderr
    assert digest(folder) == before and not (folder / "vendas.parquet").exists()


@pytest.mark.parametrize("split", [False, True])
def test_parquet_files_in_many_row_groups_load_as_in_one(tmp_path, monkeypatch, split):
    """Row groups are decoded in turn and copied in order: a file written in many small row
    groups (each with its own dictionary) gives the market one group gives; also when the
    lines stay in the files and are read by queries (``lines="files"``, ``split``)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from kamkit.files.loading import validate

    rng = np.random.default_rng(3)
    n = 101
    accounts = pa.table(
        {"account_id": ["a", "b", "c", "d"], "name": ["A", "B", "C", "D"], "territory": ["Sul"] * 4}
    )
    for dirty in (True, False):
        pool = ["a", " b", "c ", "d"] + (["zz-unknown", None] if dirty else [])
        ids = np.array(pool, dtype=object)[rng.integers(0, len(pool), n)]
        sales = pa.table(
            {
                "account_id": pa.array(ids, pa.string()),
                "date": pa.array(
                    np.datetime64("2025-01-01") + rng.integers(0, 300, n), pa.timestamp("s")
                ),
                "amount": pa.array(rng.integers(-5, 100, n).astype(float)),
                "product": pa.array([f"P{i % 7}" for i in range(n)], pa.string()),
            }
        )
        reports = []
        for rows_per_group in (n, 6):
            folder = tmp_path / f"dirty-{dirty}-groups-{rows_per_group}"
            folder.mkdir()
            pq.write_table(sales, folder / "sales.parquet", row_group_size=rows_per_group)
            pq.write_table(accounts, folder / "accounts.parquet")
            groups = pq.ParquetFile(folder / "sales.parquet").num_row_groups
            assert groups == -(-n // rows_per_group)
            reports.append(validate(folder, lines="files" if split else "frames"))
        one, many = reports
        assert [str(p) for p in many.problems] == [str(p) for p in one.problems]
        assert one.ok is not dirty
        if not dirty:
            if split:
                # " b" and "c ": codes the loader trims, not the queries: loaded whole
                assert many.market.lines is None
                pd.testing.assert_frame_equal(kk.segment(many.market), kk.segment(one.market))
            else:
                pd.testing.assert_frame_equal(many.market.sales, one.market.sales)
            pd.testing.assert_frame_equal(many.market.accounts, one.market.accounts)


@pytest.mark.parametrize("text", ["string", "large_string"])
def test_parquet_accounts_in_large_strings_and_dirty_sales_codes(tmp_path, text):
    """Accounts written with large_string (Polars does) and sales codes that are blank or not
    among the accounts: the sales are read, and each bad code is reported as such."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    kind = getattr(pa, text)()
    pq.write_table(
        pa.table(
            {
                "account_id": pa.array(["a", "b"], kind),
                "name": pa.array(["A", "B"], kind),
                "territory": pa.array(["Sul", "Sul"], kind),
            }
        ),
        tmp_path / "accounts.parquet",
    )
    for codes, expected in (
        (["a", "zz", "b"], "'zz'"),
        (["a", " ", "b"], "row 2, column 'account_id': the account code is empty"),
    ):
        pq.write_table(
            pa.table(
                {
                    "account_id": codes,
                    "date": pa.array(pd.to_datetime(["2025-01-02"] * 3)),
                    "amount": [1.0, 2.0, 3.0],
                }
            ),
            tmp_path / "sales.parquet",
        )
        text = str(kk.validate(tmp_path))
        assert "cannot be read" not in text and "no sales table" not in text
        assert expected in text


def test_parquet_numbers_blank_only_in_a_later_row_group(tmp_path):
    """Whole numbers in the first row group, a blank in a later one: the blank is reported, not
    turned into a huge negative number."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(
        pa.table(
            {
                "account_id": ["a", "b", "a", "b"],
                "date": pa.array(pd.to_datetime(["2025-01-02"] * 4)),
                "amount": pa.array([1, 2, None, 4], pa.int64()),
            }
        ),
        tmp_path / "sales.parquet",
        row_group_size=2,
    )
    report = kk.validate(tmp_path / "sales.parquet")
    assert "row 3, column 'amount': the amount is empty" in str(report)
    pq.write_table(
        pa.table(
            {
                "account_id": ["a", "b", "a", "b"],
                "date": pa.array(pd.to_datetime(["2025-01-02"] * 4)),
                "amount": pa.array([1, 2, 3, 4], pa.int64()),
            }
        ),
        tmp_path / "sales.parquet",
        row_group_size=2,
    )
    assert kk.load(tmp_path / "sales.parquet").sales["amount"].tolist() == [1.0, 2.0, 3.0, 4.0]


def test_parquet_dates_beyond_what_pandas_holds_are_reported(tmp_path):
    """An ERP's 9999-12-31 in microseconds would wrap to 1816 as nanoseconds: it is an error
    naming the row, never a silent wrong date."""
    import datetime as dt

    import pyarrow as pa
    import pyarrow.parquet as pq

    dates = [dt.datetime(2025, 1, 2)] + [dt.datetime(9999, 12, 31)] * 12
    pq.write_table(
        pa.table(
            {
                "account_id": ["a"] * 13,
                "amount": [1.0] * 13,
                "date": pa.array(dates, pa.timestamp("us")),
            }
        ),
        tmp_path / "sales.parquet",
        row_group_size=5,
    )
    text = str(kk.validate(tmp_path / "sales.parquet"))
    assert "row 2, column 'date': 9999-12-31 is outside the dates kamkit can hold" in text
    assert "row 11, column 'date': 9999-12-31 is outside" in text
    assert "row 12, column 'date': 9999-12-31 is outside" not in text  # ten listed...
    assert "2 more dates in this column are outside that range" in text  # ...the rest counted
    assert "1816" not in text
    assert "the date is empty" not in text  # said once, not again as a blank


def test_parquet_file_with_a_repeated_column_name(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(
        pa.Table.from_arrays(
            [pa.array(["a"]), pa.array(["b"]), pa.array(["Sul"])],
            names=["account_id", "account_id", "territory"],
        ),
        tmp_path / "accounts.parquet",
    )
    pq.write_table(
        pa.table(
            {"account_id": ["a"], "amount": [1.0], "date": pa.array(pd.to_datetime(["2025-01-02"]))}
        ),
        tmp_path / "sales.parquet",
    )
    text = str(kk.validate(tmp_path))
    assert "accounts.parquet: the Parquet file has more than one column named 'account_id'" in text


def test_parquet_accounts_from_pandas_categoricals_become_plain_text(tmp_path):
    """An accounts file written from pandas with categorical columns (Arrow dictionaries),
    blanks and spaces reads as plain text, as from CSV."""
    accounts = pd.DataFrame(
        {
            "account_id": ["a", "b ", "c"],
            "name": pd.Categorical(["Alpha", "  ", None]),
            "territory": pd.Categorical(["Sul", " Sul", "Norte"]),
            "potential": [10.0, None, 5.0],
        }
    )
    accounts.to_parquet(tmp_path / "accounts.parquet", index=False)
    pd.DataFrame(
        {"account_id": ["a", "c"], "date": pd.to_datetime(["2025-01-02"] * 2), "amount": [1.0, 2.0]}
    ).to_parquet(tmp_path / "sales.parquet", index=False)
    market = kk.load(tmp_path)
    got = market.accounts
    assert got["account_id"].tolist() == ["a", "b", "c"]
    assert got["name"].tolist() == ["Alpha", None, None]
    assert got["territory"].tolist() == ["Sul", "Sul", "Norte"]
    assert all(got[c].dtype == object for c in ("account_id", "name", "territory"))
    assert got["potential"].isna().tolist() == [False, True, False]
    assert market.territories == ["Norte", "Sul"]


def test_parquet_accounts_with_spaces_repeats_and_blanks(tmp_path):
    """The Parquet fast paths (codes read ahead, one shared categorical type) keep every rule:
    spaces trimmed, repeated accounts reported with their rows, blank texts missing."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    def accounts(ids, names):
        pq.write_table(
            pa.table(
                {
                    "account_id": pa.array(ids, pa.string()),
                    "name": pa.array(names, pa.string()),
                    "territory": ["Sul"] * len(ids),
                }
            ),
            tmp_path / "accounts.parquet",
        )

    pq.write_table(
        pa.table(
            {
                "account_id": ["a", "b", "c", "a"],
                "date": pa.array(["2025-01-02"] * 4).cast(pa.timestamp("us")),
                "amount": [1.0, 2.0, 3.0, 4.0],
            }
        ),
        tmp_path / "sales.parquet",
    )
    pq.write_table(
        pa.table(
            {
                "account_id": [" c", "a"],
                "date": pa.array(["2025-01-03"] * 2).cast(pa.timestamp("us")),
            }
        ),
        tmp_path / "visits.parquet",
    )
    accounts([" a", "b ", "c", "b "], ["A", " B ", None, "B2"])
    report = kk.validate(tmp_path)
    assert not report.ok
    assert "the account 'b' appears 2 times" in str(report)
    accounts([" a", "b ", "c"], ["A", " B ", ""])
    market = kk.load(tmp_path)
    assert market.accounts["account_id"].tolist() == ["a", "b", "c"]
    assert market.accounts["name"].tolist() == ["A", "B", None]
    assert market.sales["account_id"].astype(str).tolist() == ["a", "b", "c", "a"]
    assert market.visits["account_id"].astype(str).tolist() == ["c", "a"]
    assert list(market.sales["account_id"].cat.categories) == ["a", "b", "c"]
    assert list(market.visits["account_id"].cat.categories) == ["a", "b", "c"]
