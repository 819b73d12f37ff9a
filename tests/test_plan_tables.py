"""The account-plan tables (contacts, plans, actions): loaded from workbooks, CSV and Parquet in
both languages, replaced from a notebook's DataFrames (Market.with_tables), checked with
sentences that name the place, written back, carried by the template, and present in the
sample market with something for the lessons to find."""

from __future__ import annotations

import datetime as dt
import warnings
from pathlib import Path

import pandas as pd
import pytest
from write_inputs import write_csv, write_utf8_csv, write_xlsx

import kamkit as kk
from kamkit.core.errors import KamkitError
from kamkit.core.schema import PLAN_TABLES
from kamkit.model import convert

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples"

ACCOUNTS = [
    ["account_id", "name", "territory"],
    ["007", "Alfa Ltda", "Sul"],
    ["C-2", "Beta", "Sul"],
]
SALES = [
    ["account_id", "date", "amount"],
    ["007", dt.datetime(2026, 9, 1), 100.0],
    ["C-2", dt.datetime(2026, 9, 2), 50.0],
]
CONTAS = [["conta", "nome", "território"], ["007", "Alfa Ltda", "Sul"], ["C-2", "Beta", "Sul"]]
VENDAS = [
    ["conta", "data", "valor"],
    ["007", dt.datetime(2026, 9, 1), 100.0],
    ["C-2", dt.datetime(2026, 9, 2), 50.0],
]

# the same three tables, in English and in Portuguese (headers and words as people write them)
CONTACTS_EN = [
    ["account_id", "name", "role", "influence", "relationship", "last_contact"],
    ["007", "Rita Prates", "Buyer", "buyer", "supporter", dt.datetime(2026, 9, 10)],
    ["007", "Jorge Lima", "Plant manager", "Decision maker", "CRITIC", None],
    ["C-2", "Ana Souza", None, "gate-keeper", None, None],
]
CONTACTS_PT = [
    ["conta", "nome", "cargo", "influência", "relacionamento", "último contato"],
    ["007", "Rita Prates", "Buyer", "Comprador", "apoiador", dt.datetime(2026, 9, 10)],
    ["007", "Jorge Lima", "Plant manager", "DECISOR", "Critico", None],
    ["C-2", "Ana Souza", None, " porteiro ", None, None],
]
PLANS_EN = [
    ["account_id", "objective", "target", "review_date"],
    ["007", "First order of EPI", 150000.0, dt.datetime(2026, 12, 31)],
    ["C-2", "Renew the contract", None, None],
]
PLANS_PT = [
    ["conta", "objetivo", "meta", "data de revisão"],
    ["007", "First order of EPI", 150000.0, dt.datetime(2026, 12, 31)],
    ["C-2", "Renew the contract", None, None],
]
ACTIONS_EN = [
    ["account_id", "action", "owner", "due_date", "status", "contact"],
    [
        "007",
        "Visit the plant manager",
        "Ana",
        dt.datetime(2026, 10, 15),
        "in progress",
        "jorge lima",
    ],
    ["007", "Send the catalogue", "Ana", dt.datetime(2026, 9, 1), None, None],
    ["C-2", "Call", "Bia", None, "Done", None],
    ["C-2", "Lunch", "Bia", None, "cancelled", None],
]
ACTIONS_PT = [
    ["conta", "ação", "responsável", "prazo", "situação", "contato"],
    [
        "007",
        "Visit the plant manager",
        "Ana",
        dt.datetime(2026, 10, 15),
        "Em andamento",
        "Jorge Lima",
    ],
    ["007", "Send the catalogue", "Ana", dt.datetime(2026, 9, 1), "", None],
    ["C-2", "Call", "Bia", None, "CONCLUÍDA", None],
    ["C-2", "Lunch", "Bia", None, "cancelada", None],
]
SHEETS = {
    "en": {
        "Accounts": ACCOUNTS,
        "Sales": SALES,
        "Contacts": CONTACTS_EN,
        "Plans": PLANS_EN,
        "Actions": ACTIONS_EN,
    },
    "pt-BR": {
        "Contas": CONTAS,
        "Vendas": VENDAS,
        "Contatos": CONTACTS_PT,
        "PLANOS": PLANS_PT,
        "Acoes": ACTIONS_PT,  # accents and case of sheet names ignored
    },
}


def _rows(frame: pd.DataFrame) -> list[tuple]:
    """A frame's rows with blanks as None and timestamps as dates (comparable across files)."""
    out = []
    for row in frame.astype(object).itertuples(index=False):
        cells = []
        for v in row:
            if v is None or (not isinstance(v, str) and pd.isna(v)):
                cells.append(None)
            elif isinstance(v, pd.Timestamp):
                cells.append(v.date())
            else:
                cells.append(v)
        out.append(tuple(cells))
    return out


EXPECTED = {
    "contacts": [
        ("007", "Rita Prates", "Buyer", "buyer", "supporter", dt.date(2026, 9, 10)),
        ("007", "Jorge Lima", "Plant manager", "decision_maker", "critic", None),
        ("C-2", "Ana Souza", None, "gatekeeper", None, None),
    ],
    "plans": [
        ("007", "First order of EPI", 150000.0, dt.date(2026, 12, 31)),
        ("C-2", "Renew the contract", None, None),
    ],
    "actions": [
        ("007", "Visit the plant manager", "Ana", dt.date(2026, 10, 15), "in_progress", None),
        ("007", "Send the catalogue", "Ana", dt.date(2026, 9, 1), "open", None),
        ("C-2", "Call", "Bia", None, "done", None),
        ("C-2", "Lunch", "Bia", None, "cancelled", None),
    ],
}


def check_plan_tables(market: kk.Market) -> None:
    """The tables of SHEETS, whatever file and language they came from."""
    for name, expected in EXPECTED.items():
        frame = getattr(market, name)
        assert list(frame.columns) == PLAN_TABLES[name].column_names
        got = _rows(frame)
        if name == "actions":  # the contact as written ("jorge lima" or "Jorge Lima")
            assert [g[5] for g in got][0].casefold() == "jorge lima"
            got = [g[:5] + (None,) for g in got]
        assert got == expected, name
        assert all(type(v) is str for v in frame["account_id"])


def _quiet_load(path, **kwargs) -> kk.Market:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the tables above are clean: no warning at all
        return kk.load(path, **kwargs)


# -- 1. loading ----------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "pt-BR"])
def test_workbook_sheets_load_in_both_languages(tmp_path, language):
    market = _quiet_load(write_xlsx(tmp_path / "m.xlsx", SHEETS[language]))
    check_plan_tables(market)
    assert len(market.accounts) == 2 and len(market.sales) == 2


def _folder(tmp_path: Path, language: str, fmt: str) -> Path:
    folder = tmp_path / f"{language}-{fmt}"
    folder.mkdir()
    names = {
        "en": ("accounts", "sales", "contacts", "plans", "actions"),
        "pt-BR": ("contas", "vendas", "contatos", "planos", "ações"),
    }[language]
    for stem, rows in zip(names, SHEETS[language].values()):
        cells = [
            [v.strftime("%d/%m/%Y") if isinstance(v, dt.datetime) else v for v in row]
            for row in rows
        ]
        if fmt == "csv":
            (write_csv if language == "pt-BR" else write_utf8_csv)(folder / f"{stem}.csv", cells)
        else:
            frame = pd.DataFrame(rows[1:], columns=rows[0])
            frame.to_parquet(folder / f"{stem}.parquet", index=False)
    return folder


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
@pytest.mark.parametrize("language", ["en", "pt-BR"])
def test_folder_files_load_in_both_languages(tmp_path, language, fmt):
    market = _quiet_load(_folder(tmp_path, language, fmt))
    check_plan_tables(market)


def test_a_market_without_plan_tables_has_empty_ones(tmp_path):
    market = _quiet_load(write_xlsx(tmp_path / "m.xlsx", {"Accounts": ACCOUNTS, "Sales": SALES}))
    for name, table in PLAN_TABLES.items():
        frame = getattr(market, name)
        assert frame.empty and list(frame.columns) == table.column_names


def test_a_header_without_rows_is_an_empty_table_without_a_word(tmp_path):
    """As the template leaves the sheets: headers only."""
    sheets = {"Accounts": ACCOUNTS, "Sales": SALES, "Contacts": CONTACTS_EN[:1], "Ações": [[]]}
    report = kk.validate(write_xlsx(tmp_path / "m.xlsx", sheets))
    assert report.ok and report.problems == []
    assert report.market.contacts.empty and report.market.actions.empty


def test_missing_optional_columns_are_blank(tmp_path):
    sheets = {
        "Accounts": ACCOUNTS,
        "Sales": SALES,
        "Contacts": [["account_id", "name"], ["007", "Rita"]],
        "Actions": [["conta", "ação"], ["007", "Ligar"]],
    }
    market = _quiet_load(write_xlsx(tmp_path / "m.xlsx", sheets))
    assert _rows(market.contacts) == [("007", "Rita", None, None, None, None)]
    assert _rows(market.actions) == [("007", "Ligar", None, None, "open", None)]  # blank = open


# -- choice words ---------------------------------------------------------------------------------

WORDS = [
    (
        "contacts",
        "influence",
        ["decision_maker", "Decision maker", "decisor", "DECISOR"],
        "decision_maker",
    ),
    ("contacts", "influence", ["usuário", "Usuario", "user", " USER "], "user"),
    ("contacts", "influence", ["porteiro", "gatekeeper", "gate-keeper"], "gatekeeper"),
    ("contacts", "relationship", ["crítico", "Critico", "critic"], "critic"),
    ("contacts", "relationship", ["defensor", "Advocate"], "advocate"),
    (
        "actions",
        "status",
        ["in_progress", "in progress", "In-Progress", "em andamento", "Em Andamento"],
        "in_progress",
    ),
    ("actions", "status", ["concluída", "CONCLUIDA", "done"], "done"),
    ("actions", "status", ["aberta", "open", "", None, "   "], "open"),
    ("actions", "status", ["cancelada", "cancelled", "canceled"], "cancelled"),
]


@pytest.mark.parametrize("table, column, words, code", WORDS)
def test_choice_words_in_both_languages_give_the_english_code(table, column, words, code):
    spec = PLAN_TABLES[table].column(column)
    for word in words:
        assert convert.choice_code(spec, word) == code, word
    codes, bad = convert.to_choices(pd.Series(words, dtype=object), spec)
    assert codes.tolist() == [code] * len(words) and not bad.any()


def test_every_choice_loads_from_its_english_and_portuguese_word():
    """An independent route: the schema's two lists, word by word."""
    for table in PLAN_TABLES.values():
        for column in table.columns:
            for code, word in zip(column.choices, column.choices_pt):
                assert convert.choice_code(column, word.upper()) == code
                assert convert.choice_code(column, code.replace("_", " ").title()) == code


def test_a_blank_influence_is_blank_not_a_word():
    spec = PLAN_TABLES["contacts"].column("influence")
    assert convert.choice_code(spec, "") is None


def test_a_word_not_in_the_list_names_the_words_in_each_language():
    spec = PLAN_TABLES["contacts"].column("influence")
    with pytest.raises(KamkitError) as caught:
        convert.choice_code(spec, "chefe")
    en, pt = caught.value.text("en"), caught.value.text("pt-BR")
    assert "'chefe' is not one of the words of influence" in en
    assert "decision_maker, influencer, buyer, user, gatekeeper" in en
    assert "'chefe' não é uma das palavras de influência" in pt
    assert "decisor, influenciador, comprador, usuário, porteiro" in pt


# -- 2. Market.with_tables ---------------------------------------------------------------------


@pytest.fixture
def small(tmp_path) -> kk.Market:
    return _quiet_load(write_xlsx(tmp_path / "small.xlsx", SHEETS["en"]))


def test_with_tables_takes_portuguese_columns_and_words(small):
    contacts = pd.DataFrame(
        {
            "conta": ["C-2", "C-2"],
            "nome": ["Rita Prates", "Jorge Lima"],
            "Influência": ["Decisor", "comprador"],
            "relacionamento": ["crítico", None],
            "último contato": ["30/09/2026", None],
        }
    )
    actions = pd.DataFrame(
        {
            "account_id": ["C-2", "C-2"],
            "action": ["Visit", "Call"],
            "due_date": [pd.Timestamp("2026-10-15"), "2026-11-01"],
            "status": ["em andamento", None],
            "contact": ["Jorge Lima", None],
        }
    )
    plans = pd.DataFrame(
        {"conta": ["C-2"], "objetivo": ["Primeiro pedido"], "meta": ["150.000,00"]}
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        new = small.with_tables(contacts=contacts, plans=plans, actions=actions)
    assert _rows(new.contacts) == [
        ("C-2", "Rita Prates", None, "decision_maker", "critic", dt.date(2026, 9, 30)),
        ("C-2", "Jorge Lima", None, "buyer", None, None),
    ]
    assert _rows(new.plans) == [("C-2", "Primeiro pedido", 150000.0, None)]
    assert _rows(new.actions) == [
        ("C-2", "Visit", None, dt.date(2026, 10, 15), "in_progress", "Jorge Lima"),
        ("C-2", "Call", None, dt.date(2026, 11, 1), "open", None),
    ]
    assert new.contacts["last_contact"].dtype == "datetime64[ns]"
    assert new.plans["target"].dtype == "float64"
    # the market itself is unchanged, and the tables not given are kept
    assert _rows(small.contacts) == EXPECTED["contacts"]
    only = small.with_tables(plans=plans)
    assert _rows(only.contacts) == EXPECTED["contacts"] and len(only.plans) == 1
    assert only.sales is small.sales


def test_with_tables_refuses_bad_cells_naming_table_row_and_column(small):
    contacts = pd.DataFrame(
        {
            "conta": ["007", "7", "007"],
            "nome": ["Rita", "Jorge", ""],
            "influência": ["chefe", "decisor", "usuário"],
            "último contato": ["2026-01-01", "31/02/2026", None],
        },
        index=[10, 11, 12],
    )
    with pytest.raises(KamkitError) as caught:
        small.with_tables(contacts=contacts)
    en, pt = caught.value.text("en"), caught.value.text("pt-BR")
    assert (
        "the contacts table, row 10, column 'influência': 'chefe' is not one of the words of "
        "influence. Write one of: decision_maker, influencer, buyer, user, gatekeeper"
    ) in en
    assert "a tabela contacts, linha 10, coluna 'influência': 'chefe' não é uma das palavras" in pt
    assert "Escreva uma destas: decisor, influenciador, comprador, usuário, porteiro" in pt
    assert "row 11, column 'último contato': '31/02/2026' is not a valid date" in en
    assert "row 12, column 'nome': the contact's name is empty" in en
    assert "row 11, column 'conta': the account code '7' is not in the accounts table" in en
    assert "matches the account '007' once leading zeros are ignored" in en
    assert "coincide com a conta '007' se ignorados os zeros à esquerda" in pt


def test_with_tables_refuses_unknown_and_missing_columns(small):
    with pytest.raises(KamkitError, match="has column\\(s\\) kamkit does not know: 'cor'"):
        small.with_tables(contacts=pd.DataFrame({"conta": ["007"], "nome": ["A"], "cor": [1]}))
    with pytest.raises(KamkitError) as caught:
        small.with_tables(plans=pd.DataFrame({"conta": ["007"], "meta": [1.0]}))
    assert "the plans table has no objective column (objetivo)" in caught.value.text("en")
    assert "a tabela plans não tem a coluna objetivo (objective)" in caught.value.text("pt-BR")
    with pytest.raises(KamkitError, match="must be a table"):
        small.with_tables(actions=[("007", "Ligar")])


def test_with_tables_refuses_a_negative_target_and_an_empty_objective(small):
    plans = pd.DataFrame(
        {"account_id": ["007", "007"], "objective": ["A", None], "target": [-1, 5]}
    )
    with pytest.raises(KamkitError) as caught:
        small.with_tables(plans=plans)
    en = caught.value.text("en")
    assert "row 0, column 'target': the target -1 is negative" in en
    assert "row 1, column 'objective': the objective is empty" in en


def test_with_tables_warns_of_a_contact_named_twice_and_an_action_aimed_at_nobody(small):
    contacts = pd.DataFrame({"account_id": ["007", "007"], "name": ["Rita Prates", "RITA  prates"]})
    actions = pd.DataFrame({"account_id": ["007"], "action": ["Call"], "contact": ["Fulano"]})
    with pytest.warns(UserWarning) as caught:
        new = small.with_tables(contacts=contacts, actions=actions)
    said = [str(w.message) for w in caught]
    assert any(
        "row 1, column 'name': 'RITA  prates' is listed twice as a contact of account '007' "
        "(also at row 0)" in s
        for s in said
    )
    assert any(
        "'Fulano' is not among the contacts of account '007' ('Rita Prates')" in s for s in said
    )
    assert len(new.contacts) == 2  # warnings: the rows are kept


# -- 3. the sample market ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample():
    return kk.load_sample()


@pytest.fixture(scope="module")
def segments(sample):
    return kk.segment(sample)


def test_sample_contacts_are_the_top_key_accounts_and_pursuit_list(sample, segments):
    """Independent route: the key quadrant by window revenue, and the pursuit list's top 3."""
    key = (
        segments[segments["quadrant"] == "key"]
        .sort_values(["territory", "revenue"], ascending=[True, False])
        .groupby("territory")
        .head(3)
    )
    pursuit = kk.pursuit_list(sample, top=3)
    assert len(key) == 18 and len(pursuit) == 18  # 6 territories
    wanted = set(key["account_id"]) | set(pursuit["account_id"])
    per_account = sample.contacts.groupby("account_id").size()
    assert set(per_account.index) == wanted
    assert per_account.between(2, 5).all()
    assert not sample.contacts.duplicated(["account_id", "name"]).any()
    assert set(sample.contacts["influence"].dropna()) <= set(
        PLAN_TABLES["contacts"].column("influence").choices
    )


def test_sample_plans_and_actions_give_the_lessons_something_to_find(sample, segments):
    seg = segments.set_index("account_id")
    as_of = sample.as_of
    planned = set(sample.plans["account_id"])
    with_contacts = set(sample.contacts["account_id"])
    assert planned <= with_contacts and 15 <= len(planned) <= 21  # about half of 36
    actions = sample.actions
    assert set(actions["account_id"]) == planned
    assert actions.groupby("account_id").size().between(2, 4).all()
    open_ = actions["status"].isin(["open", "in_progress"])
    overdue = open_ & (actions["due_date"] < as_of)
    assert overdue.sum() >= 3 and (actions["status"] == "done").sum() >= 3
    # every action's contact is one of its account's contacts
    people = set(zip(sample.contacts["account_id"], sample.contacts["name"]))
    aimed = actions.dropna(subset=["contact"])
    assert len(aimed) and all(pair in people for pair in zip(aimed["account_id"], aimed["contact"]))
    # a conquer account with contacts but no decision maker; one whose decision maker is a critic
    conquer = {a for a in with_contacts if seg.at[a, "quadrant"] == "conquer"}
    by_account = sample.contacts.groupby("account_id")
    no_dm = [
        a for a in conquer if "decision_maker" not in set(by_account.get_group(a)["influence"])
    ]
    assert no_dm
    c = sample.contacts
    critic_dm = c[(c["influence"] == "decision_maker") & (c["relationship"] == "critic")]
    assert set(critic_dm["account_id"]) & conquer
    # targets: at most the gap, but for one planned key account above it
    plans = sample.plans.dropna(subset=["target"])
    gap = seg.loc[plans["account_id"], "gap"].to_numpy()
    above = plans[plans["target"].to_numpy() > gap]
    assert len(above) == 1
    assert seg.at[above["account_id"].iloc[0], "quadrant"] == "key"
    assert (plans["target"] > 0).all()


def test_committed_sample_files_hold_the_plan_tables(sample):
    for path in (SAMPLES / "kamkit_sample.xlsx", SAMPLES / "csv"):
        market = _quiet_load(path)
        for name in PLAN_TABLES:
            assert _rows(getattr(market, name)) == _rows(getattr(sample, name)), (path, name)


def test_load_sample_returns_independent_plan_tables():
    a = kk.load_sample()
    a.contacts.loc[0, "name"] = "changed"
    assert kk.load_sample().contacts.loc[0, "name"] != "changed"


def test_other_seeds_have_no_plan_tables():
    from kamkit.files.sample import generate_sample

    other = generate_sample(seed=7)
    assert other.contacts.empty and other.plans.empty and other.actions.empty
