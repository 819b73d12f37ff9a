"""Files as real teams send them (issue 12, items 6 and 7): each is read correctly with a warning,
or refused with a sentence that names the cell and the fix -- never a silent misreading, never a
traceback. Small files live in ``tests/hostile/``; binary or large ones are made here."""

from __future__ import annotations

import datetime as dt
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from write_inputs import write_xlsx

import kamkit as kk
from kamkit.core.errors import DataError, KamkitError, Text
from kamkit.model import convert as _convert

HOSTILE = Path(__file__).parent / "hostile"


def texts(report) -> tuple[str, str]:
    return report.text("en"), report.text("pt-BR")


# -- 1. dates past 2261 ------------------------------------------------------------------------


def test_excel_dates_past_2261_are_errors_naming_each_cell(tmp_path):
    """An ERP's 9999-12-31 in an Excel date cell was wrapped into 1816 without a word."""
    rows = [["account_id", "date", "amount"], ["A1", dt.datetime(2025, 1, 2), 10.0]]
    rows += [["A1", dt.datetime(9999, 12, 31), 1.0]] * 12
    report = kk.validate(write_xlsx(tmp_path / "m.xlsx", {"Sales": rows}))
    en, pt = texts(report)
    assert not report.ok
    assert (
        "m.xlsx, sheet 'Sales', row 3, column 'date': 9999-12-31 is outside the dates "
        "kamkit can hold (the years 1678 to 2261)."
    ) in en
    assert "row 12, column 'date': 9999-12-31 is outside" in en  # ten listed (rows 3-12)...
    assert "row 13, column 'date'" not in en
    assert "2 more dates in this column are outside that range, the last at row 14." in en
    assert "1816" not in en
    assert "the date is empty" not in en  # said once, not again as a blank
    assert (
        "m.xlsx, planilha 'Sales', linha 3, coluna 'date': 9999-12-31 está fora das datas "
        "que o kamkit consegue guardar"
    ) in pt
    assert "deixe a célula vazia" in pt


def test_excel_serial_number_past_2261_is_refused_not_wrapped(tmp_path):
    """The same date as a plain number (a cell without a date format): 2958465 is 9999-12-31."""
    rows = [
        ["account_id", "date", "amount"],
        ["A1", 45658, 10.0],
        ["A1", 2958465, 1.0],
        ["A1", 150000, 1.0],
    ]
    report = kk.validate(write_xlsx(tmp_path / "m.xlsx", {"Sales": rows}))
    assert not report.ok
    en = report.text("en")
    assert "row 3, column 'date'" in en and "row 4, column 'date'" in en
    assert "row 2, column 'date'" not in en  # 2025-01-01 is fine
    dates, bad, _ = _convert.to_dates(pd.Series([45658.0, 2958465.0, 150000.0], dtype=object))
    assert bad.tolist() == [False, True, True]
    assert pd.Timestamp(dates[0]) == pd.Timestamp("2025-01-01")
    assert np.isnat(dates[1:]).all()


@pytest.mark.parametrize("text", ["31/12/9999", "9999-12-31"])
def test_text_dates_past_2261_in_csv_are_errors_naming_the_cell(tmp_path, text):
    """As text they gave a traceback (OutOfBoundsDatetime)."""
    (tmp_path / "sales.csv").write_text(
        f"account_id;date;amount\nA1;02/01/2025;10\nA1;{text};20\n", encoding="utf-8"
    )
    report = kk.validate(tmp_path / "sales.csv")
    en, pt = texts(report)
    assert not report.ok
    assert (
        f"sales.csv, row 3, column 'date': {text} is outside the dates kamkit can hold "
        "(the years 1678 to 2261)."
    ) in en
    assert f"sales.csv, linha 3, coluna 'date': {text} está fora das datas" in pt
    assert "is not a valid date" not in en and "the date is empty" not in en


def test_hostile_file_date_9999():
    report = kk.validate(HOSTILE / "date_9999.csv")
    assert "date_9999.csv, row 2, column 'date': 31/12/9999 is outside" in report.text("en")


def test_dates_past_2261_in_an_unused_column_do_not_block(tmp_path):
    """A column kamkit does not read (an ERP's 'Validade') may hold 9999-12-31."""
    rows = [
        ["account_id", "date", "amount", "Validade"],
        ["A1", dt.datetime(2025, 1, 2), 10.0, dt.datetime(9999, 12, 31)],
    ]
    market = kk.load(write_xlsx(tmp_path / "m.xlsx", {"Sales": rows}))
    assert market.sales["date"].tolist() == [pd.Timestamp("2025-01-02")]


def test_as_of_past_2261_in_the_parameters_sheet_names_the_cell(tmp_path):
    rows = [["account_id", "date", "amount"], ["A1", dt.datetime(2025, 1, 2), 10.0]]
    params = [["name", "value"], ["as_of", "9999-12-31"]]
    report = kk.validate(write_xlsx(tmp_path / "m.xlsx", {"Sales": rows, "Parameters": params}))
    assert not report.ok
    assert "sheet 'Parameters', row 2, column 'value'" in report.text("en")
    assert "1816" not in report.text("en")
    params = [["name", "value"], ["as_of", dt.datetime(9999, 12, 31)]]
    report = kk.validate(write_xlsx(tmp_path / "m.xlsx", {"Sales": rows, "Parameters": params}))
    assert not report.ok and "sheet 'Parameters', row 2, column 'value'" in report.text("en")


@pytest.fixture
def market(tmp_path):
    (tmp_path / "sales.csv").write_text("account_id;date;amount\nA1;02/01/2025;10\n")
    return kk.load(tmp_path / "sales.csv")


@pytest.mark.parametrize(
    "value, en, pt",
    [
        (
            "9999-12-31",
            "as_of) is '9999-12-31', outside the dates kamkit can hold",
            "a data-base (as_of) é '9999-12-31', fora das datas que o kamkit consegue guardar",
        ),
        (
            "31/12/9999",
            "is '31/12/9999', outside the dates kamkit can hold",
            "é '31/12/9999', fora das datas",
        ),
        (
            "banana",
            "The analysis date (as_of) is 'banana', which is not a date. Write it as dd/mm/yyyy",
            "A data-base (as_of) é 'banana', que não é uma data. Escreva no formato dd/mm/aaaa",
        ),
        ("31/02/2025", "is '31/02/2025', which is not a date", "que não é uma data"),
    ],
)
def test_with_parameters_as_of_bad_dates_are_sentences(market, value, en, pt):
    with pytest.raises(KamkitError) as caught:
        market.with_parameters(as_of=value)
    assert en.lower() in str(caught.value).lower()
    assert pt.lower() in caught.value.text("pt-BR").lower()


def test_with_parameters_as_of_good_dates(market):
    assert market.with_parameters(as_of="31/01/2025").as_of == pd.Timestamp("2025-01-31")
    assert market.with_parameters(as_of="2025-01-31").as_of == pd.Timestamp("2025-01-31")
    assert market.with_parameters(as_of=dt.date(2025, 1, 31)).as_of == pd.Timestamp("2025-01-31")


def test_parse_day_is_the_one_parser_for_a_date_a_person_gives():
    what = Text("--as-of", "--as-of")
    assert _convert.parse_day(" 31/01/2025 ", what) == pd.Timestamp("2025-01-31")
    assert _convert.parse_day("2025-01-31 15:20", what) == pd.Timestamp("2025-01-31")
    assert _convert.parse_day(
        pd.Timestamp("2025-01-31 23:00", tz="America/Sao_Paulo"), what
    ) == pd.Timestamp("2025-01-31")
    for bad in ("9999-12-31", dt.date(9999, 12, 31), dt.datetime(1500, 1, 1), "", "x", None):
        with pytest.raises(KamkitError) as caught:
            _convert.parse_day(bad, what)
        assert caught.value.text("en").startswith("--as-of is ")
        assert caught.value.text("pt-BR").startswith("--as-of é ")


# -- 2, 3. encodings ---------------------------------------------------------------------------


def test_utf8_with_one_stray_cp1252_byte_keeps_every_accent(recwarn):
    """Decoding the whole file as cp1252 garbled every accent ('SÃ£o')."""
    report = kk.validate(HOSTILE / "stray_byte.csv")
    assert report.ok, report.text("en")
    products = report.market.sales["product"].tolist()
    assert products == ["Metalúrgica São João", "Padaria José", "Açougue Irmãos"]
    en, pt = texts(report)
    assert (
        "stray_byte.csv: the file is UTF-8, but row(s) 3 hold characters that are not; "
        "kamkit read those as Windows (cp1252) characters."
    ) in en
    assert "save the file as 'CSV UTF-8'" in en
    assert "a(s) linha(s) 3 têm caracteres que não são" in pt
    assert [p.severity for p in report.problems if "UTF-8" in str(p)] == ["warning"]


def test_plain_cp1252_file_is_still_read_as_cp1252(tmp_path):
    (tmp_path / "sales.csv").write_bytes(
        "account_id;product;date;amount\nA1;Açougue São João;02/01/2025;10\n".encode("cp1252")
    )
    report = kk.validate(tmp_path / "sales.csv")
    assert report.ok and not report.warnings
    assert report.market.sales["product"].tolist() == ["Açougue São João"]


def test_many_stray_bytes_name_ten_rows_and_count_the_rest(tmp_path):
    lines = ["account_id;product;date;amount", "A0;São;02/01/2025;1"]
    lines += [f"A{i};Jos\udce9;02/01/2025;1" for i in range(1, 13)]
    data = "\n".join(lines).encode("utf-8", errors="surrogateescape")
    (tmp_path / "sales.csv").write_bytes(data)
    report = kk.validate(tmp_path / "sales.csv")
    assert report.ok
    assert "row(s) 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 and 2 more hold" in report.text("en")
    assert set(report.market.sales["product"]) == {"São", "José"}


def test_excel_unicode_text_export_loads():
    """UTF-16 LE with a BOM, tab-separated: was 'a binary file'."""
    market = kk.load(HOSTILE / "unicode_text.txt")
    assert market.sales["product"].tolist() == ["Metalúrgica São João", "Padaria"]
    assert market.sales["amount"].tolist() == [1234.56, 20.0]
    assert market.sales["date"].tolist() == [pd.Timestamp("2025-01-02"), pd.Timestamp("2025-01-03")]


# -- 4. numbers that read two ways -------------------------------------------------------------


def test_mixed_decimal_separators_are_an_error_naming_the_cell():
    """12.500 beside 3.75 in a ';' file was read as 12500 and 3.75 with no word."""
    report = kk.validate(HOSTILE / "mixed_decimals.csv")
    en, pt = texts(report)
    assert not report.ok
    assert (
        "mixed_decimals.csv, row 2, column 'amount': '12.500' can be read two ways: this "
        "column also has numbers with a decimal point (like '3.75')"
    ) in en
    assert "row 4, column 'amount': '1.000' can be read two ways" in en
    assert "row 3, column 'amount'" not in en  # 3.75 reads one way only
    assert "Write every number of the column the same way" in en
    assert "linha 2, coluna 'amount': '12.500' pode ser lido de dois jeitos" in pt
    assert "the amount is empty" not in en  # said once


def test_numbers_written_one_way_are_read_as_they_are(tmp_path):
    (tmp_path / "sales.csv").write_text(
        "account_id;date;amount\nA1;02/01/2025;12.500\nA1;03/01/2025;3,75\nA1;04/01/2025;1.234,50\n"
    )
    assert kk.load(tmp_path / "sales.csv").sales["amount"].tolist() == [12500.0, 3.75, 1234.5]
    (tmp_path / "sales.csv").write_text(
        "account_id,date,amount\nA1,02/01/2025,12.500\nA1,03/01/2025,3.75\n"
    )
    assert kk.load(tmp_path / "sales.csv").sales["amount"].tolist() == [12.5, 3.75]


def test_ambiguous_numbers_rule():
    def ambiguous(values, comma):
        return _convert.ambiguous_numbers(
            pd.Series(values, dtype=object), decimal_comma=comma
        ).tolist()

    assert ambiguous(["12.500", "3.75", "1"], True) == [True, False, False]
    assert ambiguous(["1,234", "3.75"], False) == [True, False]  # '1,234' beside '3.75'
    assert ambiguous(["12.500", "3"], True) == [False, False]
    assert ambiguous(["12.500", "3.75"], False) == [False, False]  # one way: dot decimal
    assert ambiguous(["R$ 12.500", "R$ 3.75"], True) == [True, False]


def test_mixed_decimals_in_an_excel_text_column(tmp_path):
    rows = [
        ["account_id", "date", "amount"],
        ["A1", dt.datetime(2025, 1, 2), "12.500"],
        ["A1", dt.datetime(2025, 1, 3), "3,75"],
        ["A1", dt.datetime(2025, 1, 3), "3.75"],
    ]
    report = kk.validate(write_xlsx(tmp_path / "m.xlsx", {"Sales": rows}))
    assert "sheet 'Sales', row 2, column 'amount': '12.500' can be read two ways" in str(report)


# -- 5. amounts that overflow ------------------------------------------------------------------


def test_infinite_amounts_in_csv_are_errors_naming_the_cell(tmp_path):
    (tmp_path / "sales.csv").write_text(
        "account_id,date,amount\nA1,2025-01-02,10\nA1,2025-01-02,1e309\nA1,2025-01-02,inf\n"
        "A1,2025-01-02,-inf\nA1,2025-01-02,Infinity\nA1,2025-01-02,NaN\n"
    )
    report = kk.validate(tmp_path / "sales.csv")
    assert not report.ok
    en = report.text("en")
    for row, value in [(3, "1e309"), (4, "inf"), (5, "-inf"), (6, "Infinity")]:
        assert (
            f"row {row}, column 'amount': {value} is too large to be a number kamkit can "
            "add up. Write the real amount"
        ) in en
    assert "row 7, column 'amount': 'NaN' is not a number" in en
    assert "row 2, column 'amount'" not in en
    assert "the amount is empty" not in en  # said once
    assert "linha 3, coluna 'amount': 1e309 é grande demais" in report.text("pt-BR")
    with pytest.raises(DataError):
        kk.load(tmp_path / "sales.csv")


def test_infinite_amounts_in_parquet_are_errors_naming_the_row(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(
        pa.table(
            {
                "account_id": ["a", "b", "c"],
                "date": pa.array(pd.to_datetime(["2025-01-02"] * 3)),
                "amount": [1.0, float("inf"), -float("inf")],
            }
        ),
        tmp_path / "sales.parquet",
    )
    report = kk.validate(tmp_path / "sales.parquet")
    en, pt = texts(report)
    assert not report.ok
    assert (
        "sales.parquet, row 2, column 'amount': inf is too large to be a number kamkit can add up."
    ) in en
    assert "row 3, column 'amount': -inf is too large" in en
    assert "the amount is empty" not in en and "np.float64" not in en
    assert "linha 2, coluna 'amount': inf é grande demais" in pt


def test_numbers_convert_refuses_infinity():
    numbers, bad = _convert.to_numbers(pd.Series([1.0, np.inf, -np.inf, np.nan]))
    assert bad.tolist() == [False, True, True, False]
    assert np.isnan(numbers[1:]).all() and numbers[0] == 1.0


# -- 6. empty and unreadable files -------------------------------------------------------------


@pytest.mark.parametrize("name", ["m.xlsx", "sales.parquet"])
def test_a_0_byte_file_is_called_empty(tmp_path, name):
    (tmp_path / name).write_bytes(b"")
    report = kk.validate(tmp_path / name)
    en, pt = texts(report)
    assert f"{name}: the file is empty (0 bytes)." in en
    assert "text (CSV)" not in en
    assert "o arquivo está vazio (0 bytes)" in pt


def test_an_unreadable_input_gets_a_reading_sentence(tmp_path, monkeypatch):
    """Root ignores permissions, so the refusal is simulated where the file is read."""
    file = write_xlsx(tmp_path / "m.xlsx", {"Sales": [["account_id", "date", "amount"]]})

    def refuse(self):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", refuse)
    report = kk.validate(file)
    en, pt = texts(report)
    assert "kamkit cannot read m.xlsx: you do not have permission to read it." in en
    assert "o kamkit não consegue ler m.xlsx: você não tem permissão para lê-lo." in pt
    assert "write" not in en
    with pytest.raises(DataError, match="kamkit cannot read m.xlsx"):
        kk.load(file)


def test_an_unreadable_file_in_a_folder_gets_a_reading_sentence(tmp_path, monkeypatch):
    (tmp_path / "sales.csv").write_text("account_id,date,amount\nA1,2025-01-02,1\n")
    (tmp_path / "accounts.csv").write_text("account_id,name,territory\nA1,X,Sul\n")
    real = Path.read_bytes

    def refuse(self):
        if self.name == "sales.csv":
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", refuse)
    assert "kamkit cannot read sales.csv" in kk.validate(tmp_path).text("en")


def test_a_folder_named_like_a_file_is_a_sentence(tmp_path):
    (tmp_path / "x.csv").mkdir()
    report = kk.validate(tmp_path / "x.csv")
    assert not report.ok and "x.csv" in report.text("en")


# -- 7. rows and quotes ------------------------------------------------------------------------


def test_ragged_rows_name_the_row_and_the_fix():
    report = kk.validate(HOSTILE / "ragged_rows.csv")
    en, pt = texts(report)
    assert (
        "ragged_rows.csv, row 3: this row has 4 cells, but the header has 3 columns. A "
        "value probably holds the separator, the comma (,): put that value in quotes"
    ) in en
    assert "linha 3: esta linha tem 4 células, mas o cabeçalho tem 3 colunas" in pt
    assert "o separador, a vírgula (,): coloque esse valor entre aspas" in pt


def test_many_ragged_rows_are_listed_then_counted(tmp_path):
    lines = ["account_id;date;amount", "A1;02/01/2025;1"] + ["A1;02/01/2025;1;x"] * 13
    (tmp_path / "sales.csv").write_text("\n".join(lines) + "\n")
    en = kk.validate(tmp_path / "sales.csv").text("en")
    assert "row 12: this row has 4 cells" in en and "row 13: this row" not in en
    assert "3 more rows have more cells than the header, the last at row 15." in en
    assert "ponto e vírgula" in kk.validate(tmp_path / "sales.csv").text("pt-BR")


def test_one_extra_cell_in_every_row_is_not_shifted_silently():
    """pandas took the first column for an index: dates were read from the amount column."""
    report = kk.validate(HOSTILE / "extra_cell_every_row.csv")
    en = report.text("en")
    assert not report.ok
    assert "extra_cell_every_row.csv, row 2: this row has 4 cells, but the header has 3" in en
    assert "row 3: this row has 4 cells" in en
    assert "is not a valid date" not in en


def test_trailing_separators_are_read_as_they_are(tmp_path):
    market = kk.load(HOSTILE / "trailing_separators.csv")
    assert market.sales["amount"].tolist() == [10.0, 20.0]
    assert market.sales["account_id"].tolist() == ["A1", "A2"]
    (tmp_path / "sales.csv").write_text(  # only a later row has one: pandas refused it
        "account_id;date;amount\nA1;02/01/2025;10\nA2;03/01/2025;20;\n\nA3;04/01/2025;30\n"
    )
    report = kk.validate(tmp_path / "sales.csv")
    assert report.ok, report.text("en")
    assert report.market.sales["amount"].tolist() == [10.0, 20.0, 30.0]
    (tmp_path / "sales.csv").write_text(
        "account_id;date;amount\nA1;02/01/2025;10\nA2;03/01/2025;20;\n\nA3;04/01/2025;x\n"
    )
    assert "sales.csv, row 5, column 'amount': 'x' is not a number" in str(
        kk.validate(tmp_path / "sales.csv")
    )
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "account_id;date;amount\nA1;02/01/2025;10\nA2;03/01/2025;x\n\nA3;04/01/2025;\n"
        "A4;05/01/2025;1;2\n"
    )
    en = kk.validate(bad).text("en")
    assert "bad.csv, row 6: this row has 4 cells" in en


def test_an_unclosed_quote_names_the_row():
    report = kk.validate(HOSTILE / "unclosed_quote.csv")
    en, pt = texts(report)
    assert ('unclosed_quote.csv, row 3: a quote (") opened in this row is never closed') in en
    assert "Close the quote, or remove it" in en
    assert 'linha 3: uma aspa (") aberta nesta linha nunca é fechada' in pt


# -- 8. YAML alias bombs -----------------------------------------------------------------------


def test_a_column_map_with_aliases_is_refused():
    with pytest.raises(KamkitError) as caught:
        kk.read_column_map(HOSTILE / "alias_map.yml")
    assert "alias_map.yml uses YAML anchors or aliases (& or *, line 2)" in str(caught.value)
    assert "usa âncoras ou apelidos do YAML" in caught.value.text("pt-BR")


def test_a_billion_laughs_column_map_is_refused_at_once(tmp_path):
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 9):
        prev, name = chr(96 + i), chr(97 + i)
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    lines.append("sales: {amount: *i}")
    bomb = tmp_path / "bomb.yml"
    bomb.write_text("\n".join(lines) + "\n")
    report = kk.validate(HOSTILE / "date_9999.csv", bomb)
    assert "bomb.yml uses YAML anchors or aliases" in report.text("en")
    assert "âncoras ou apelidos" in report.text("pt-BR")


def test_a_plain_column_map_still_reads():
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        file = Path(folder) / "map.yml"
        file.write_text("sales:\n  amount: Valor Total\n")
        assert kk.read_column_map(file) == {"sales": {"amount": "Valor Total"}}


# -- 9. all-blank optional columns -------------------------------------------------------------


def _null_market(folder: Path, n: int) -> Path:
    """Accounts, sales and visits with their optional columns all blank, written as pandas
    writes them: Arrow's ``null`` type."""
    ids = [f"C{i:04d}" for i in range(n)]
    accounts = pd.DataFrame(
        {
            "account_id": ids,
            "name": [f"Cliente {i}" for i in range(n)],
            "territory": ["Sul", "Norte"] * (n // 2),
            "salesperson": None,
            "segment": None,
            "potential": None,
            "city": None,
            "state": None,
        }
    )
    sales = pd.DataFrame(
        {
            "account_id": ids * 2,
            "date": pd.to_datetime(["2025-01-02"] * 2 * n),
            "amount": 10.0,
            "product": None,
            "family": None,
        }
    )
    visits = pd.DataFrame(
        {
            "account_id": ids,
            "date": pd.to_datetime(["2025-01-03"] * n),
            "kind": None,
            "salesperson": None,
            "outcome": None,
            "notes": None,
        }
    )
    folder.mkdir(exist_ok=True)
    for name, frame in (("accounts", accounts), ("sales", sales), ("visits", visits)):
        frame.to_parquet(folder / f"{name}.parquet", index=False)
    return folder


@pytest.mark.parametrize("n", [4, 2000])
def test_parquet_null_type_columns_read_as_blank(tmp_path, n):
    import pyarrow.parquet as pq

    folder = _null_market(tmp_path / "m", n)
    assert str(pq.read_schema(folder / "sales.parquet").field("product").type) == "null"
    market = kk.load(folder)
    assert len(market.accounts) == n and len(market.sales) == 2 * n
    assert market.accounts["city"].isna().all() and market.accounts["potential"].isna().all()
    assert market.sales["product"].isna().all() and market.sales["family"].isna().all()
    assert market.visits["outcome"].isna().all() and market.visits["kind"].isna().all()
    assert market.sales["amount"].sum() == 20.0 * n
    assert market.territories == ["Norte", "Sul"]


def test_a_null_type_required_column_is_a_sentence(tmp_path):
    pd.DataFrame(
        {"account_id": ["a", "b"], "date": pd.to_datetime(["2025-01-02"] * 2), "amount": None}
    ).to_parquet(tmp_path / "sales.parquet", index=False)
    report = kk.validate(tmp_path / "sales.parquet")
    assert not report.ok
    assert "row 1, column 'amount': the amount is empty" in report.text("en")


@pytest.mark.parametrize("kind", ["text", "number", "date", "id"])
def test_every_converter_reads_an_all_blank_column(kind):
    """An all-blank column (None, '' or a categorical with no category), short or long."""
    for n in (3, 2000):
        for values in (
            pd.Series([None] * n, dtype=object),
            pd.Series([""] * n, dtype=object),
            pd.Series(pd.Categorical.from_codes(np.full(n, -1), categories=[])),
        ):
            if kind == "text":
                assert _convert.to_text(values).isna().all()
            elif kind == "id":
                assert _convert.to_ids(values).isna().all()
            elif kind == "number":
                numbers, bad = _convert.to_numbers(values)
                assert np.isnan(numbers).all() and not bad.any()
            else:
                dates, bad, _ = _convert.to_dates(values)
                assert np.isnat(dates).all() and not bad.any()


def test_csv_and_xlsx_with_blank_optional_columns(tmp_path):
    n = 1500  # past the point where the converters parse distinct values only
    lines = ["account_id;date;amount;product;family"]
    lines += [f"C{i};02/01/2025;10;;" for i in range(n)]
    (tmp_path / "sales.csv").write_text("\n".join(lines) + "\n")
    (tmp_path / "accounts.csv").write_text(
        "account_id;name;territory;salesperson;segment;potential;city;state\n"
        + "".join(f"C{i};Cliente {i};Sul;;;;;\n" for i in range(n))
    )
    (tmp_path / "visits.csv").write_text(
        "account_id;date;kind;salesperson;outcome;notes\nC1;03/01/2025;;;;\n"
    )
    market = kk.load(tmp_path)
    assert market.sales["product"].isna().all() and market.accounts["city"].isna().all()
    assert market.accounts["potential"].isna().all() and market.visits["outcome"].isna().all()
    book = write_xlsx(
        tmp_path / "m.xlsx",
        {
            "Accounts": [
                ["account_id", "name", "territory", "city", "potential"],
                ["C1", "X", "Sul", None, None],
                ["C2", "Y", "Sul", None, None],
            ],
            "Sales": [
                ["account_id", "date", "amount", "product"],
                ["C1", dt.datetime(2025, 1, 2), 5.0, None],
            ],
            "Visits": [["account_id", "date", "outcome"], ["C2", dt.datetime(2025, 1, 3), None]],
        },
    )
    market = kk.load(book)
    assert market.accounts["city"].isna().all() and market.sales["product"].isna().all()
    assert market.visits["outcome"].isna().all()


# -- 10. words in both languages ---------------------------------------------------------------


def test_reading_sentences_come_in_portuguese(tmp_path):
    (tmp_path / "m.xlsx").write_bytes(b"account_id;date;amount\nA;01/01/2025;1\n")
    pt = kk.validate(tmp_path / "m.xlsx").text("pt-BR")
    assert (
        "o nome do arquivo diz que ele é uma pasta de trabalho do Excel, mas o conteúdo é "
        "um arquivo de texto (CSV)."
    ) in pt
    assert "Salvar como" in pt
    assert "não existe" in kk.validate(tmp_path / "nada.xlsx").text("pt-BR")
    odd = tmp_path / "x.json"
    odd.write_text("{}")
    assert "o kamkit não lê arquivos .json" in kk.validate(odd).text("pt-BR")
    (tmp_path / "vazia").mkdir()
    assert "a pasta não tem arquivo de contas" in kk.validate(tmp_path / "vazia").text("pt-BR")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        missing = kk.validate(HOSTILE / "date_9999.csv", tmp_path / "no.yml")
    assert "O mapa de colunas" in missing.text("pt-BR") and "não existe" in missing.text("pt-BR")


@pytest.mark.parametrize("n", [2, 1500])
def test_a_market_with_only_required_columns_survives_the_runs_parquet_copy(tmp_path, n):
    """Issue 12, item 1: ``kamkit run`` writes the market to Parquet for its workers, where
    all-blank columns get Arrow's null type; reading it back failed in ``_expand``."""
    from kamkit.files.writing import write_market

    lines = ["account_id;name;territory"] + [
        f"C{i};Cliente {i};{'Sul' if i % 2 else 'Norte'}" for i in range(n)
    ]
    (tmp_path / "contas.csv").write_text("\n".join(lines) + "\n")
    (tmp_path / "vendas.csv").write_text(
        "account_id;date;amount\n" + "".join(f"C{i};02/01/2025;10,5\n" for i in range(n))
    )
    (tmp_path / "visitas.csv").write_text("account_id;date\nC0;03/01/2025\n")
    market = kk.load(tmp_path)
    write_market(market, tmp_path / "copy", fmt="parquet")
    again = kk.load(tmp_path / "copy")
    assert again.territories == ["Norte", "Sul"][: 1 if n == 1 else 2]
    assert again.sales["amount"].sum() == pytest.approx(10.5 * n)
    for table, column in (
        ("accounts", "city"),
        ("accounts", "potential"),
        ("sales", "product"),
        ("visits", "outcome"),
    ):
        assert getattr(again, table)[column].isna().all()


@pytest.mark.parametrize("command", ["validate", "segment"])
def test_the_cli_says_an_unreadable_input_cannot_be_read_not_written(
    tmp_path, monkeypatch, command
):
    """It said "kamkit cannot write m.xlsx ... choose another --out" for an input it could
    not read."""
    from click.testing import CliRunner

    from kamkit.cli import main

    file = write_xlsx(tmp_path / "m.xlsx", {"Sales": [["account_id", "date", "amount"]]})

    def refuse(self):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", refuse)
    result = CliRunner().invoke(main, [command, str(file)])
    assert result.exit_code == 2
    assert "kamkit cannot read m.xlsx: you do not have permission to read it." in result.output
    assert "cannot write" not in result.output and "Traceback" not in result.output
