"""Putting the tables together: account attributes from ERP invoice lines, every problem in one
run, visits of accounts nobody added, codes Excel stripped of their zeros -- in both languages."""

from __future__ import annotations

import datetime as dt
import warnings

import numpy as np
import pandas as pd
import pytest
from write_inputs import write_csv, write_xlsx

import kamkit as kk
from kamkit.core.errors import DataError, KamkitError
from kamkit.core.schema import PARAMETERS
from kamkit.files.loading import DataWarning


def load_quietly(path, columns=None) -> tuple[kk.Market, list[str]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        market = kk.load(path, columns)
    return market, [str(w.message) for w in caught if issubclass(w.category, DataWarning)]


# An ERP invoice export: the account's attributes repeated on every line; 002 moved from
# Norte to Sul in March (its latest region is Sul), 003's name and state are blank on its
# latest line (the latest non-blank value is kept).
FATURAMENTO = [
    [
        "Código Cliente",
        "Razão Social",
        "Região",
        "Vendedor",
        "Segmento",
        "Cidade",
        "UF",
        "Data Emissão",
        "Valor Total",
    ],
    ["001", "Aurora Ltda", "Sul", "Ana", "Indústria", "Curitiba", "PR", "05/01/2025", "100,00"],
    ["002", "Estrela", "Norte", "Caio", "Varejo", "Belém", "PA", "10/01/2025", "20,00"],
    ["002", "Estrela", "Sul", "Ana", "Varejo", "Belém", "PA", "10/03/2025", "30,00"],
    ["001", "Aurora Ltda", "Sul", "Ana", "Indústria", "Curitiba", "PR", "05/02/2025", "50,00"],
    ["003", "Boa Vista", "Nordeste", "Caio", "Saúde", "Recife", "PE", "01/01/2025", "10,00"],
    ["003", "", "Nordeste", "Caio", "Saúde", "Recife", "", "01/02/2025", "10,00"],
    # an older line of 002 listed last: the date decides, not the order of the lines
    ["002", "Estrela", "Norte", "Caio", "Varejo", "Belém", "PA", "01/01/2025", "5,00"],
]


def test_erp_export_gives_accounts_their_attributes(tmp_path):
    path = write_csv(tmp_path / "faturamento.csv", FATURAMENTO)
    market, warned = load_quietly(path)
    accounts = market.accounts.set_index("account_id")
    assert accounts.loc["001", "name"] == "Aurora Ltda"
    assert accounts.loc["002", "territory"] == "Sul" and accounts.loc["002", "salesperson"] == "Ana"
    assert accounts.loc["003", "name"] == "Boa Vista" and accounts.loc["003", "state"] == "PE"
    assert accounts.loc["001", "segment"] == "Indústria" and accounts.loc["002", "city"] == "Belém"
    assert market.territories == ["Nordeste", "Sul"]
    # the sales keep the model's columns only; the amounts are all there
    assert list(market.sales.columns) == ["account_id", "date", "amount", "product", "family"]
    assert market.sales["amount"].sum() == pytest.approx(225.0)
    # one warning per column whose lines disagree, naming the accounts
    region = [w for w in warned if "'Região'" in w]
    assert len(region) == 1 and "1 account(s) have more than one 'Região'" in region[0]
    assert "'002'" in region[0] and "'001'" not in region[0]
    seller = [w for w in warned if "'Vendedor'" in w]
    assert len(seller) == 1 and "'002'" in seller[0]
    assert not [w for w in warned if "'Razão Social'" in w or "'UF'" in w]  # blanks don't count


def test_disagreeing_accounts_warning_names_ten_and_counts_the_rest_in_both_languages(tmp_path):
    rows = [["conta", "data", "valor", "território"]]
    for i in range(13):
        rows += [[f"C{i:02d}", "2025-01-01", 1, "Sul"], [f"C{i:02d}", "2025-02-01", 1, "Norte"]]
    rows += [["C99", "2025-01-01", 1, "Sul"]]
    report = kk.validate(write_csv(tmp_path / "vendas.csv", rows))
    assert report.ok
    (warning,) = [p for p in report.warnings if "territ" in p.column]
    en, pt = warning.text("en"), warning.text("pt-BR")
    assert "13 account(s) have more than one 'território'" in en
    assert "'C09' and 3 more" in en and "'C10'" not in en and "'C99'" not in en
    assert "13 conta(s) têm mais de um valor de 'território'" in pt and "e mais 3" in pt
    assert "vendas.csv, coluna 'território'" in pt
    assert report.market.accounts.set_index("account_id")["territory"].tolist() == [
        "Norte"
    ] * 13 + ["Sul"]


def test_column_map_takes_account_attributes_from_sales(tmp_path):
    rows = [
        ["Cod", "Nome Fantasia Cliente", "Zona Comercial", "Dt", "Vlr"],
        ["1", "Aurora", "Sul", "2025-01-05", "10"],
        ["2", "Estrela", "Norte", "2025-01-06", "20"],
    ]
    path = write_csv(tmp_path / "faturamento.csv", rows, sep=",")
    spec = tmp_path / "map.yml"
    spec.write_text(
        "sales:\n  account_id: Cod\n  date: Dt\n  amount: Vlr\n"
        "  name: Nome Fantasia Cliente\n  territory: Zona Comercial\n",
        encoding="utf-8",
    )
    market, _ = load_quietly(path, spec)
    assert market.territories == ["Norte", "Sul"]
    assert market.accounts.set_index("account_id")["name"].to_dict() == {
        "1": "Aurora",
        "2": "Estrela",
    }
    # a dict works the same, and a column the sales table cannot take is still refused
    assert kk.load(
        path,
        {
            "sales": {
                "account_id": "Cod",
                "date": "Dt",
                "amount": "Vlr",
                "territory": "Zona Comercial",
            }
        },
    ).territories == ["Norte", "Sul"]
    with pytest.raises(KamkitError) as caught:
        kk.read_column_map({"sales": {"potential": "Pot"}})
    assert "sales has no column 'potential'" in str(caught.value)
    assert "territory" in str(caught.value)  # the columns it can take are listed
    assert "não tem a coluna 'potential'" in caught.value.text("pt-BR")


def test_one_header_one_column_with_cliente(tmp_path):
    # "Cliente" is a spelling of both account_id and name: with a code column beside it, it is
    # the name; alone, it is the code (and no name is made up from it)
    both = write_csv(
        tmp_path / "a.csv",
        [["Cód. Cliente", "Cliente", "Data", "Valor"], ["7", "Padaria Sol", "2025-01-01", "1"]],
    )
    market, _ = load_quietly(both)
    assert market.accounts["account_id"].tolist() == ["7"]
    assert market.accounts["name"].tolist() == ["Padaria Sol"]
    alone = write_csv(tmp_path / "b.csv", [["Cliente", "Data", "Valor"], ["7", "2025-01-01", "1"]])
    market, _ = load_quietly(alone)
    assert market.accounts["account_id"].tolist() == ["7"]
    assert market.accounts["name"].tolist() == [None]


def test_accounts_table_wins_and_sales_fill_its_blanks(tmp_path):
    path = write_xlsx(
        tmp_path / "m.xlsx",
        {
            "Contas": [
                ["conta", "nome", "território", "vendedor"],
                ["001", "Aurora (cadastro)", "Sul", None],
                ["002", None, None, "Bia"],
                ["004", "Prospect", "Leste", "Bia"],
            ],
            "Vendas": [
                ["conta", "data", "valor", "razão social", "região", "vendedor"],
                ["001", dt.datetime(2025, 1, 1), 1, "Aurora (ERP)", "Norte", "Ana"],
                ["002", dt.datetime(2025, 1, 1), 1, "Estrela", "Oeste", "Caio"],
            ],
        },
    )
    market, warned = load_quietly(path)
    a = market.accounts.set_index("account_id")
    assert a.loc["001", "name"] == "Aurora (cadastro)" and a.loc["001", "territory"] == "Sul"
    assert a.loc["001", "salesperson"] == "Ana"  # blank in the accounts table: from sales
    assert a.loc["002", "name"] == "Estrela" and a.loc["002", "territory"] == "Oeste"
    assert a.loc["002", "salesperson"] == "Bia"
    assert a.loc["004", "name"] == "Prospect"  # no sales: as the table says
    assert market.territories == ["Leste", "Oeste", "Sul"]
    assert list(a.index) == ["001", "002", "004"]


def test_parquet_sales_with_attributes(tmp_path):
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    pq.write_table(
        pa.table(
            {
                "account_id": ["a", "b", "a", "b"],
                "date": pa.array(["2025-01-02", "2025-01-03", "2025-02-01", "2025-01-01"]).cast(
                    pa.timestamp("us")
                ),
                "amount": [1.0, 2.0, 3.0, 4.0],
                "regiao": pa.array(["Sul", "Norte", "Leste", None]).dictionary_encode(),
                "vendedor": ["Ana", "Bia", "Ana", "Bia"],
            }
        ),
        tmp_path / "vendas.parquet",
    )
    market, warned = load_quietly(tmp_path / "vendas.parquet")
    assert market.accounts.set_index("account_id")["territory"].to_dict() == {
        "a": "Leste",
        "b": "Norte",
    }
    assert market.sales["account_id"].astype(str).tolist() == ["a", "b", "a", "b"]
    assert len([w for w in warned if "'regiao'" in w]) == 1
    # the segment command reads a few columns of big files, and still the accounts' attributes
    market = kk.load(
        tmp_path / "vendas.parquet", usecols={"sales": ("account_id", "date", "amount")}
    )
    assert market.territories == ["Leste", "Norte"]


# -- every problem in one run --------------------------------------------------------------------

ACCOUNTS = [
    ["account_id", "name", "territory"],
    ["00123", "Aurora", "Sul"],
    ["00124", "Estrela", "Sul"],
    ["00124", "Estrela bis", "Sul"],
]


def _workbook(path, sales, visits=None, parameters=None):
    """Contas: the accounts 00123 and 00124; Vendas: these lines (conta, data, valor); Visitas:
    these rows, with their header, and Parâmetros: these (parâmetro, valor), if any."""
    sheets = {"Contas": ACCOUNTS[:3], "Vendas": [["conta", "data", "valor"], *sales]}
    if visits:
        sheets["Visitas"] = visits
    if parameters:
        sheets["Parâmetros"] = [["parâmetro", "valor"], *parameters]
    return write_xlsx(path, sheets)


def test_cell_and_cross_table_problems_in_one_run(tmp_path):
    path = write_xlsx(
        tmp_path / "m.xlsx",
        {
            "Accounts": ACCOUNTS,
            "Sales": [
                ["account_id", "date", "amount"],
                ["00123", "2025-01-01", "mil reais"],  # a bad cell
                ["X9", "2025-01-02", 10],  # an unknown code
                [None, "2025-01-03", 10],
            ],  # an empty code: a cell problem only
        },
    )
    report = kk.validate(path)
    text = str(report)
    assert "row 2, column 'amount': 'mil reais' is not a number" in text
    assert "'00124' appears 2 times (rows 3, 4)" in text
    assert (
        "1 account code(s) in the sales table are not in the accounts table (1 rows), "
        "e.g. 'X9'; the first at row 3" in text
    )
    assert "row 4, column 'account_id': the account code is empty" in text
    assert len(report.errors) == 4  # each cell once
    assert report.market is None


def test_a_table_missing_its_columns_stops_the_cross_checks_cleanly(tmp_path):
    path = write_xlsx(
        tmp_path / "m.xlsx",
        {
            "Accounts": [["account_id", "name"], ["A", "x"]],
            "Sales": [["account_id", "date", "amount"], ["B", "2025-01-01", "abc"]],
        },
    )
    report = kk.validate(path)
    messages = [str(p) for p in report.errors]
    assert any("no territory column" in m for m in messages)
    assert any("'abc' is not a number" in m for m in messages)
    assert len(messages) == 2


# -- visits of accounts missing from the accounts table -------------------------------------------


def _crm_workbook(tmp_path, parameter=None, n_unknown=12):
    visits = [["conta", "data", "tipo"], ["00123", dt.datetime(2025, 2, 1), "visita"]]
    visits += [[f"P{i:02d}", dt.datetime(2025, 2, 2), "ligação"] for i in range(n_unknown)]
    visits += [["P00", dt.datetime(2025, 2, 3), "visita"]]
    return _workbook(
        tmp_path / "crm.xlsx",
        [["00123", dt.datetime(2025, 1, 1), 10]],
        visits,
        None if parameter is None else [["visitas_sem_conta", parameter]],
    )


def test_unknown_visit_accounts_are_kept_without_territory_by_default(tmp_path):
    report = kk.validate(_crm_workbook(tmp_path))
    assert report.ok
    (warning,) = report.warnings
    en, pt = warning.text("en"), warning.text("pt-BR")
    assert "12 account code(s) in the visits table are not in the accounts table (13 visits)" in en
    assert "'P00', 'P01'" in en and "'P09' and 2 more" in en and "'P10'" not in en
    assert "the first at row 3" in en and "without a territory" in en
    assert "column 'conta'" in en
    assert "12 código(s) de conta da tabela de visitas" in pt and "e mais 2" in pt
    assert "sem território" in pt and "visitas_sem_conta" in pt
    market = report.market
    assert len(market.visits) == 14 and market.visits["account_id"].notna().all()
    a = market.accounts.set_index("account_id")
    assert list(a.index) == ["00123", "00124"] + [f"P{i:02d}" for i in range(12)]
    assert a.loc["P00"].drop("potential").isna().all()
    assert market.territories == ["Sul"]
    assert market.parameters.unknown_visits == "keep"
    # the sales still point at the same accounts
    assert market.sales["account_id"].astype(str).tolist() == ["00123"]


@pytest.mark.parametrize("word", ["ignorar", "drop", "Drop"])
def test_unknown_visit_accounts_can_be_left_out(tmp_path, word):
    report = kk.validate(_crm_workbook(tmp_path, word, n_unknown=2))
    assert report.ok
    (warning,) = report.warnings
    assert "left these visits out" in str(warning) and "ignorar" in warning.text("pt-BR")
    market = report.market
    assert market.parameters.unknown_visits == "drop"
    assert market.visits["account_id"].astype(str).tolist() == ["00123"]
    assert market.accounts["account_id"].tolist() == ["00123", "00124"]


def test_unknown_visits_parameter_is_checked_and_documented(tmp_path):
    report = kk.validate(_crm_workbook(tmp_path, "talvez"))
    (error,) = report.errors
    assert "'talvez' is not a valid value for unknown_visits" in str(error)
    assert "keep or drop" in str(error)
    assert "manter ou ignorar" in error.text("pt-BR")
    spec = PARAMETERS["unknown_visits"]
    assert spec.label_pt == "visitas_sem_conta" and spec.default == "keep"
    assert spec.choices == ("keep", "drop") and spec.choices_pt == ("manter", "ignorar")
    market = kk.load(_crm_workbook(tmp_path, "manter", n_unknown=0))
    assert market.with_parameters(unknown_visits="drop").parameters.unknown_visits == "drop"
    with pytest.raises(KamkitError) as caught:
        market.with_parameters(unknown_visits="maybe")
    assert "unknown_visits is 'maybe'; it must be one of keep, drop" in str(caught.value)
    assert "deve ser um de keep, drop" in caught.value.text("pt-BR")


def test_unknown_codes_in_sales_stay_an_error(tmp_path):
    path = _workbook(tmp_path / "m.xlsx", [["ZZ", dt.datetime(2025, 1, 1), 10]])
    with pytest.raises(DataError) as caught:
        kk.load(path)
    assert "not in the accounts table" in str(caught.value)
    assert "não estão na tabela de contas" in caught.value.text("pt-BR")


# -- leading zeros -------------------------------------------------------------------------------


def test_codes_that_lost_their_leading_zeros_get_a_hint(tmp_path):
    path = _workbook(
        tmp_path / "m.xlsx",
        [[123, dt.datetime(2025, 1, 1), 10], ["XY", dt.datetime(2025, 1, 1), 10]],
        [["conta", "data"], [124, dt.datetime(2025, 1, 2)]],
    )
    report = kk.validate(path)
    (error,) = report.errors
    en, pt = error.text("en"), error.text("pt-BR")
    assert "1 of them match an account once leading zeros are ignored ('123' / '00123')" in en
    assert "Excel drops the zeros" in en and "Format the code columns as text" in en
    assert "zeros à esquerda" in pt and "Formate as colunas de código como texto" in pt
    (warning,) = report.warnings
    assert "('124' / '00124')" in str(warning)


def test_no_zeros_hint_for_codes_that_differ_otherwise(tmp_path):
    path = _workbook(
        tmp_path / "m.xlsx",
        [["0", dt.datetime(2025, 1, 1), 10], ["125", dt.datetime(2025, 1, 1), 10]],
    )
    (error,) = kk.validate(path).errors
    assert "leading zeros" not in str(error)


# -- the data's language, even when the data fails ----------------------------------------------


def test_report_keeps_the_data_language_when_the_data_fails(tmp_path):
    path = write_xlsx(
        tmp_path / "m.xlsx",
        {
            "Vendas": [["conta", "data", "valor"], ["A", "ontem", 10]],
            "Parâmetros": [["parâmetro", "valor"], ["idioma", "pt-BR"], ["meses_janela", 999]],
        },
    )
    report = kk.validate(path)
    assert not report.ok and report.language == "pt-BR"
    text = report.text(report.language)
    assert "'ontem' não é uma data válida" in text
    assert "meses_janela" in text or "lookback_months" in text
    assert "NÃO PODE SER USADO" in text
    plain = write_xlsx(tmp_path / "n.xlsx", {"Vendas": [["conta", "data", "valor"], ["A", "x", 1]]})
    assert kk.validate(plain).language is None


# -- messages in both languages ------------------------------------------------------------------


def test_loader_messages_speak_portuguese(tmp_path):
    path = write_xlsx(
        tmp_path / "m.xlsx",
        {
            "Vendas": [["conta", "data", "valr"], ["A", "2025-01-01", 1]],
            "Visitas": [["conta", "data"]],
            "Parâmetros": [
                ["parâmetro", "valor"],
                ["meses_janla", 3],
                ["moeda", "BRL"],
                ["moeda", "USD"],
            ],
        },
    )
    report = kk.validate(path)
    pt = report.text("pt-BR")
    assert "a tabela de vendas não tem a coluna amount" in pt
    assert "Acrescente uma coluna com o cabeçalho 'valor'" in pt
    assert "a tabela de visitas tem cabeçalho mas nenhuma linha" in pt
    assert "'meses_janla' não é um parâmetro do kamkit. Você quis dizer 'lookback_months'?" in pt
    assert "o parâmetro currency aparece duas vezes (também na linha 3)" in pt
    en = report.text("en")
    assert "the sales table has no amount column" in en and "given twice" in en
    for english in ("the sales table", "header but no rows", "is not a kamkit parameter"):
        assert english not in pt


def test_many_bad_cells_are_counted_in_both_languages(tmp_path):
    rows = [["conta", "data", "valor"]] + [["A", "2025-01-01", "x"] for _ in range(1230)]
    report = kk.validate(write_csv(tmp_path / "vendas.csv", rows))
    last = report.errors[-1]
    from kamkit.files.readers import MAX_CELLS_LISTED

    rest = 1230 - MAX_CELLS_LISTED
    assert f"{rest:,} more rows have the same problem (the value is not a number.)" in str(last)
    assert f"mais {rest:,} linhas".replace(",", ".") in last.text("pt-BR")
    assert "(o valor não é um número.)" in last.text("pt-BR")
    assert "a última na linha 1231" in last.text("pt-BR")


def test_market_errors_speak_portuguese():
    market = kk.Market.from_frames(
        pd.DataFrame({"account_id": ["a"], "date": ["2025-01-01"], "amount": [1.0]}),
        accounts=pd.DataFrame({"account_id": ["a"], "territory": ["Sul"]}),
    )
    with pytest.raises(KamkitError) as caught:
        market.check_territory("Sull")
    assert "There is no territory 'Sull'" in str(caught.value)
    assert "Não há território 'Sull' em os dados. Você quis dizer 'Sul'?" in caught.value.text(
        "pt-BR"
    )
    with pytest.raises(KamkitError) as caught:
        market.with_parameters(lookback_months=3, regular_min_months=5)
    assert "regular_min_months (5) is larger than lookback_months (3)" in str(caught.value)
    assert caught.value.text("pt-BR").startswith("Parâmetros inválidos: meses_minimos_regular (5)")
    with pytest.raises(KamkitError) as caught:
        market.with_parameters(lookback=3)
    assert "Parâmetro(s) desconhecido(s) lookback" in caught.value.text("pt-BR")
    assert np.isfinite(market.sales["amount"]).all()


def test_a_code_both_sold_and_visited_is_still_an_error_in_sales(tmp_path):
    path = _workbook(
        tmp_path / "m.xlsx",
        [["NEW", dt.datetime(2025, 1, 1), 10]],
        [["conta", "data"], ["NEW", dt.datetime(2025, 1, 2)]],
    )
    report = kk.validate(path)
    assert [str(p.message) for p in report.errors] == [
        "1 account code(s) in the sales table are not in the accounts table (1 rows), e.g. "
        "'NEW'; the first at row 2."
    ]
    assert "'NEW'" in str(report.warnings[0]) and report.market is None


@pytest.mark.slow
def test_run_on_an_erp_export_writes_one_report_per_region(tmp_path):
    from click.testing import CliRunner

    from kamkit.cli import run_command

    rows = [
        ["Código Cliente", "Nome Fantasia Cliente", "Zona", "Data", "Valor", "Produto", "Família"],
        ["001", "Aurora", "Sul", "05/01/2025", "100,00", "P1", "F1"],
        ["001", "Aurora Ltda", "Sul", "05/02/2025", "50,00", "P1", "F1"],
        ["002", "Estrela", "Norte", "05/01/2025", "10,00", "P2", "F2"],
    ]
    data = write_csv(tmp_path / "faturamento.csv", rows)
    spec = tmp_path / "map.yml"
    spec.write_text("sales:\n  name: Nome Fantasia Cliente\n  territory: Zona\n", encoding="utf-8")
    before = data.read_bytes()
    out = tmp_path / "site"
    result = CliRunner().invoke(
        run_command, [str(data), "--columns", str(spec), "--out", str(out), "--jobs", "2"]
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (out / "territories").glob("*.html")) == [
        "norte.html",
        "sul.html",
    ]
    assert "Aurora Ltda" in (out / "territories" / "sul.html").read_text(encoding="utf-8")
    assert data.read_bytes() == before


def test_blank_territory_warning_only_for_accounts_sales_left_blank(tmp_path):
    path = write_xlsx(
        tmp_path / "m.xlsx",
        {
            "Contas": [
                ["conta", "nome", "território"],
                ["001", "A", None],
                ["002", "B", None],
                ["003", "C", "Sul"],
            ],
            "Vendas": [
                ["conta", "data", "valor", "região"],
                ["001", dt.datetime(2025, 1, 1), 1, "Norte"],
                ["002", dt.datetime(2025, 1, 1), 1, None],
            ],
        },
    )
    report = kk.validate(path)
    blank = [p for p in report.warnings if "territory is empty" in str(p)]
    assert [p.row for p in blank] == [3]  # 002: blank in both; 001 got Norte from sales
    assert report.market.territories == ["Norte", "Sul"]


def test_codes_equal_but_for_leading_zeros_without_an_accounts_table(tmp_path):
    rows = [
        ["conta", "data", "valor"],
        ["00123", "2025-01-01", "1"],
        ["123", "2025-01-02", "1"],
        ["0123", "2025-01-03", "1"],
        ["200", "2025-01-01", "1"],
        ["0", "2025-01-01", "1"],
        ["000", "2025-01-01", "1"],
    ]
    report = kk.validate(write_csv(tmp_path / "vendas.csv", rows))
    assert report.ok
    (warning,) = report.warnings
    en, pt = warning.text("en"), warning.text("pt-BR")
    assert (
        "1 group(s) of account codes are the same once leading zeros are ignored: "
        "'00123' = '0123' = '123'" in en
    )
    assert "Excel drops the zeros" in en and "column 'conta'" in en
    assert "iguais se ignorados os zeros à esquerda" in pt and "Formate as colunas" in pt
    assert len(report.market.accounts) == 6  # told, not merged
