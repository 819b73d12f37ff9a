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
PLANS_PT = [["conta", "objetivo", "meta", "data de revisão"], *PLANS_EN[1:]]
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
# the same actions; the status in Portuguese words, the contact named as in the contacts table
ACTIONS_PT = [
    ["conta", "ação", "responsável", "prazo", "situação", "contato"],
    *(
        [*row[:4], status, contact]
        for row, status, contact in zip(
            ACTIONS_EN[1:],
            ["Em andamento", "", "CONCLUÍDA", "cancelada"],
            ["Jorge Lima", None, None, None],
        )
    ),
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
    with pytest.warns(kk.DataWarning) as caught:  # as kk.load's: the CLI shows it as a sentence
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
    """The sample's segment table, by account code."""
    return kk.segment(sample).set_index("account_id")


@pytest.fixture(scope="module")
def planned(sample):
    """The sample cut down to its 36 accounts with contacts (their sales and visits too), so
    that workbooks are small to write and read back."""
    from kamkit.model.market import Market

    ids = set(sample.contacts["account_id"])
    keep = sample.accounts["account_id"].isin(ids)

    def lines(frame):
        out = frame[frame["account_id"].astype(object).isin(ids)].copy()
        out["account_id"] = out["account_id"].astype(object)
        return out

    return Market.from_frames(
        sales=lines(sample.sales),
        accounts=sample.accounts[keep],
        visits=lines(sample.visits),
        contacts=sample.contacts,
        plans=sample.plans,
        actions=sample.actions,
    )


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
    wanted = set(key.index) | set(pursuit["account_id"])
    per_account = sample.contacts.groupby("account_id").size()
    assert set(per_account.index) == wanted
    assert per_account.between(2, 5).all()
    assert not sample.contacts.duplicated(["account_id", "name"]).any()
    assert set(sample.contacts["influence"].dropna()) <= set(
        PLAN_TABLES["contacts"].column("influence").choices
    )


def test_sample_plans_and_actions_give_the_lessons_something_to_find(sample, segments):
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
    conquer = {a for a in with_contacts if segments.at[a, "quadrant"] == "conquer"}
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
    gap = segments.loc[plans["account_id"], "gap"].to_numpy()
    above = plans[plans["target"].to_numpy() > gap]
    assert len(above) == 1
    assert segments.at[above["account_id"].iloc[0], "quadrant"] == "key"
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


# -- 4. validation: every sentence names the place and the fix, in both languages ----------------


def _bad_workbook(tmp_path: Path) -> Path:
    contacts = [
        CONTACTS_PT[0],
        ["007", "Rita Prates", None, "chefe", "apoiador", None],  # row 2: not a word
        ["7", "Jorge Lima", None, "decisor", None, None],  # row 3: zeros dropped by Excel
        ["007", None, "Recepção", "porteiro", None, None],  # row 4: no name
        ["007", "RITA PRATES", None, None, None, None],  # row 5: named twice (warning)
    ]
    plans = [PLANS_PT[0], ["007", None, -10.0, None], ["C-2", "Renovar", "abc", "31/02/2026"]]
    actions = [
        ACTIONS_PT[0],
        ["007", None, "Ana", None, "talvez", None],  # row 2: no action, not a status
        ["C-2", "Ligar", "Bia", None, None, "Fulano"],  # row 3: a contact nobody knows
    ]
    sales = VENDAS + [["X9", dt.datetime(2026, 9, 3), 1.0]]  # the sales table's own error
    sheets = {
        "Contas": CONTAS,
        "Vendas": sales,
        "Contatos": contacts,
        "Planos": plans,
        "Ações": actions,
    }
    return write_xlsx(tmp_path / "plano.xlsx", sheets)


def test_validate_names_every_plan_problem_with_the_other_tables_problems(tmp_path):
    report = kk.validate(_bad_workbook(tmp_path))
    assert not report.ok
    en, pt = report.text("en"), report.text("pt-BR")
    expected_en = [
        "ERROR   plano.xlsx, sheet 'Contatos', row 2, column 'influência': 'chefe' is not one "
        "of the words of influence. Write one of: decision_maker, influencer, buyer, user, "
        "gatekeeper (the Portuguese words load too).",
        "ERROR   plano.xlsx, sheet 'Contatos', row 3, column 'conta': the account code '7' is "
        "not in the accounts table. Write the code of an account as the accounts table has it",
        "It matches the account '007' once leading zeros are ignored",
        "ERROR   plano.xlsx, sheet 'Contatos', row 4, column 'nome': the contact's name is empty.",
        "WARNING plano.xlsx, sheet 'Contatos', row 5, column 'nome': 'RITA PRATES' is listed "
        "twice as a contact of account '007' (also at row 2).",
        "ERROR   plano.xlsx, sheet 'Planos', row 2, column 'objetivo': the objective is empty.",
        "ERROR   plano.xlsx, sheet 'Planos', row 2, column 'meta': the target -10.0 is negative. "
        "The target is the revenue the plan aims to add in the period: 0 or more.",
        "ERROR   plano.xlsx, sheet 'Planos', row 3, column 'meta': 'abc' is not a number.",
        "ERROR   plano.xlsx, sheet 'Planos', row 3, column 'data de revisão': '31/02/2026' is "
        "not a valid date.",
        "ERROR   plano.xlsx, sheet 'Ações', row 2, column 'ação': the action is empty.",
        "ERROR   plano.xlsx, sheet 'Ações', row 2, column 'situação': 'talvez' is not one of "
        "the words of status. Write one of: open, in_progress, done, cancelled",
        "WARNING plano.xlsx, sheet 'Ações', row 3, column 'contato': 'Fulano' is not among the "
        "contacts of account 'C-2' (it has none in the contacts table).",
        # the sales table's problem, in the same run
        "1 account code(s) in the sales table are not in the accounts table",
        "NOT USABLE: 10 error(s) in plano.xlsx.",
    ]
    for sentence in expected_en:
        assert sentence in en, sentence
    expected_pt = [
        "ERRO    plano.xlsx, planilha 'Contatos', linha 2, coluna 'influência': 'chefe' não é "
        "uma das palavras de influência. Escreva uma destas: decisor, influenciador, "
        "comprador, usuário, porteiro (as palavras em inglês também valem).",
        "o código de conta '7' não está na tabela de contas",
        "Ele coincide com a conta '007' se ignorados os zeros à esquerda",
        "linha 4, coluna 'nome': o nome do contato está vazio.",
        "AVISO plano.xlsx, planilha 'Contatos', linha 5, coluna 'nome': 'RITA PRATES' aparece "
        "duas vezes como contato da conta '007' (também na linha 2).",
        "linha 2, coluna 'meta': a meta -10.0 é negativa.",
        "coluna 'situação': 'talvez' não é uma das palavras de situação. Escreva uma destas: "
        "aberta, em andamento, concluída, cancelada",
        "'Fulano' não está entre os contatos da conta 'C-2' (ela não tem nenhum na tabela de "
        "contatos).",
        "NÃO PODE SER USADO: 10 erro(s) em plano.xlsx.",
    ]
    for sentence in expected_pt:
        assert sentence in pt, sentence
    assert len(report.errors) == 10 and len(report.warnings) == 2


def test_load_refuses_bad_plan_tables_and_warns_of_doubtful_ones(tmp_path):
    with pytest.raises(kk.DataError, match="'chefe' is not one of the words of influence"):
        kk.load(_bad_workbook(tmp_path))
    sheets = dict(SHEETS["en"])
    sheets["Actions"] = ACTIONS_EN + [["C-2", "Lunch", "Bia", None, None, "Nobody"]]
    with pytest.warns(kk.DataWarning, match="'Nobody' is not among the contacts of account 'C-2'"):
        market = kk.load(write_xlsx(tmp_path / "w.xlsx", sheets))
    assert len(market.actions) == 5


def test_validate_summary_counts_the_plan_tables():
    report = kk.validate(SAMPLES / "csv")
    assert report.ok
    en, pt = report.text("en"), report.text("pt-BR")
    sample = kk.load_sample()
    counts = (len(sample.contacts), len(sample.plans), len(sample.actions))
    assert counts == (121, 18, 55)
    assert en.endswith("Account plans: contacts 121, objectives 18, actions 55.")
    assert pt.endswith("Planos de conta: contatos 121, objetivos 18, ações 55.")


def test_validate_summary_without_plan_tables_says_nothing_of_them(tmp_path):
    report = kk.validate(write_xlsx(tmp_path / "m.xlsx", {"Accounts": ACCOUNTS, "Sales": SALES}))
    assert report.ok and "plans" not in report.text("en").lower()


# -- 5. the template ---------------------------------------------------------------------------


def _template(tmp_path: Path, language: str, market=None):
    import openpyxl

    from kamkit.outputs.template import write_template

    path = write_template(tmp_path / f"t-{language}.xlsx", language=language, market=market)
    return path, openpyxl.load_workbook(path)


@pytest.mark.parametrize("language", ["en", "pt-BR"])
def test_template_has_the_plan_sheets_with_headers_formats_and_lists(tmp_path, language):
    from kamkit.outputs.template import SHEETS as TEMPLATE_SHEETS
    from kamkit.presentation.catalogue import word

    pt = language == "pt-BR"
    _, wb = _template(tmp_path, language)
    names = ["Contatos", "Planos", "Ações"] if pt else ["Contacts", "Plans", "Actions"]
    assert wb.sheetnames == list(TEMPLATE_SHEETS[language])
    assert wb.sheetnames[-3:] == names
    for name, table in zip(names, PLAN_TABLES.values()):
        ws = wb[name]
        headers = [c.value for c in ws[1]]
        assert headers == [c.label_pt if pt else c.name for c in table.columns]
        assert ws.max_row == 1 and ws.freeze_panes == "A2"
        rules = {str(dv.sqref).split(":")[0]: dv for dv in ws.data_validations.dataValidation}
        for j, column in enumerate(table.columns):
            letter = "ABCDEFG"[j]
            dims = [d for d in ws.column_dimensions.values() if d.min <= j + 1 <= d.max]
            fmt = dims[0].number_format  # openpyxl groups equal columns
            if column.kind in ("id", "text"):
                assert fmt == "@", (name, column.name)  # codes keep their zeros
            elif column.kind == "date":
                assert fmt == ("dd/mm/yyyy" if pt else "yyyy-mm-dd")
            rule = rules[f"{letter}2"]
            meaning = word(f"workbook.meaning.{table.name}.{column.name}", language)
            assert rule.prompt == meaning[:255]  # selecting a cell shows what the column means
            if column.choices:
                words = column.choices_pt if pt else column.choices
                assert rule.type == "list"
                assert rule.formula1 == '"' + ",".join(words) + '"'
                assert ", ".join(words) in rule.error
            elif column.kind == "date":
                assert rule.type == "date"
            elif column.name == "target":
                assert rule.type == "decimal" and rule.operator == "greaterThanOrEqual"


@pytest.mark.parametrize("language", ["en", "pt-BR"])
def test_template_instructions_explain_the_plan_sheets(tmp_path, language):
    from kamkit.presentation.catalogue import word

    pt = language == "pt-BR"
    _, wb = _template(tmp_path, language)
    ws = wb[wb.sheetnames[0]]
    texts = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    for table in PLAN_TABLES.values():
        for column in table.columns:
            header = column.label_pt if pt else column.name
            assert header in texts
            meaning = word(f"workbook.meaning.{table.name}.{column.name}", language)
            assert meaning in texts
    explained = word("workbook.template.plan_sheets", language)
    assert explained in texts
    words = ("decisor", "em andamento", "crítico") if pt else ("decision_maker", "in_progress")
    assert all(w in explained for w in words)
    # the example rows are in the template's words
    values = [c.value for row in ws.iter_rows() for c in row]
    assert ("decisor" if pt else "decision_maker") in values
    assert ("em andamento" if pt else "in_progress") in values


@pytest.mark.parametrize("language", ["en", "pt-BR"])
def test_template_filled_by_hand_round_trips_the_plan_tables(tmp_path, language):
    """Write the template, fill the three sheets as a person does (the drop-down words of the
    template's language), load: the market holds the rows with the English codes."""
    pt = language == "pt-BR"
    path, wb = _template(tmp_path, language)
    sheet = dict(
        zip(("accounts", "sales", "lists"), (wb.sheetnames[2], wb.sheetnames[3], wb.sheetnames[5]))
    )
    wb[sheet["lists"]]["A2"] = "Sul"
    wb[sheet["accounts"]].append(["007", "Alfa Ltda", "Sul"])
    wb[sheet["sales"]].append(["007", dt.datetime(2026, 9, 1), 100.0])
    contacts, plans, actions = (wb[n] for n in wb.sheetnames[-3:])
    word = {
        "decision_maker": "decisor",
        "critic": "crítico",
        "buyer": "comprador",
        "in_progress": "em andamento",
        "done": "concluída",
    }
    w = (lambda code: word[code]) if pt else (lambda code: code)
    contacts.append(
        [
            "007",
            "Rita Prates",
            "Diretora",
            w("decision_maker"),
            w("critic"),
            dt.datetime(2026, 9, 10),
        ]
    )
    contacts.append(["007", "Jorge Lima", "Compras", w("buyer"), None, None])
    plans.append(["007", "Primeiro pedido de EPI", 50000.0, dt.datetime(2026, 12, 15)])
    actions.append(
        [
            "007",
            "Visitar a diretora",
            "Ana",
            dt.datetime(2026, 10, 20),
            w("in_progress"),
            "Rita Prates",
        ]
    )
    actions.append(["007", "Enviar catálogo", "Ana", dt.datetime(2026, 9, 20), w("done"), None])
    actions.append(["007", "Ligar", "Ana", None, None, None])
    wb.save(path)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        market = kk.load(path)
    # the only word: the Visits sheet left with its header alone
    assert [w.message.problem.sheet for w in caught] == [wb.sheetnames[4]]
    assert _rows(market.contacts) == [
        ("007", "Rita Prates", "Diretora", "decision_maker", "critic", dt.date(2026, 9, 10)),
        ("007", "Jorge Lima", "Compras", "buyer", None, None),
    ]
    assert _rows(market.plans) == [
        ("007", "Primeiro pedido de EPI", 50000.0, dt.date(2026, 12, 15))
    ]
    assert _rows(market.actions) == [
        ("007", "Visitar a diretora", "Ana", dt.date(2026, 10, 20), "in_progress", "Rita Prates"),
        ("007", "Enviar catálogo", "Ana", dt.date(2026, 9, 20), "done", None),
        ("007", "Ligar", "Ana", None, "open", None),
    ]
    # ... and on through the commands a manager runs: validate, the results workbook, the plans
    _through_the_commands(path, tmp_path, language)


def _through_the_commands(path: Path, tmp_path: Path, language: str) -> None:
    """The filled template through `kamkit validate`, `segment --out results.xlsx` and `plans`:
    the counts said, the rows in the results' sheets and the plan document, in ``language``."""
    from click.testing import CliRunner

    from kamkit.cli import main
    from kamkit.presentation.catalogue import word

    def run(*args):
        done = CliRunner().invoke(main, [*map(str, args), "--lang", language])
        assert done.exit_code == 0, done.output
        return done.output

    said = run("validate", path)
    counts = word("loading.summary.plan_tables", language).format(contacts=2, plans=1, actions=3)
    assert counts.strip() in " ".join(said.split())
    results = tmp_path / "results.xlsx"
    run("segment", path, "--out", results)
    sheets = pd.read_excel(results, sheet_name=None, engine="calamine")
    pt = language == "pt-BR"
    contacts = sheets["Contatos" if pt else "Contacts"]
    assert list(contacts.iloc[:, 1]) == ["Rita Prates", "Jorge Lima"]
    actions = sheets["Ações" if pt else "Actions"]
    status = ["em andamento", "concluída", "aberta"] if pt else ["in_progress", "done", "open"]
    assert list(actions["situação" if pt else "status"]) == status
    plans = sheets["Planos" if pt else "Plans"]
    assert list(plans["meta" if pt else "target"]) == [50000.0]
    out = tmp_path / "plans"
    run("plans", path, "--out", out)
    document = (out / ("plano-007.html" if pt else "plan-007.html")).read_text(encoding="utf-8")
    for text in ("Rita Prates", "Jorge Lima", "Primeiro pedido de EPI", "Visitar a diretora"):
        assert text in document
    decider = word("plans.influence.decision_maker", language)
    assert decider in document


@pytest.mark.parametrize("language", ["en", "pt-BR"])
def test_template_from_a_market_carries_the_plan_tables_in_its_words(tmp_path, language, planned):
    sample = planned
    path, wb = _template(tmp_path, language, market=sample)
    contacts = wb[wb.sheetnames[-3]]
    influence = [contacts.cell(i, 4).value for i in range(2, 2 + len(sample.contacts))]
    spec = PLAN_TABLES["contacts"].column("influence")
    words = dict(zip(spec.choices, spec.choices_pt)) if language == "pt-BR" else None
    assert influence == [words[v] if words else v for v in sample.contacts["influence"].tolist()]
    assert all(contacts.cell(i, 1).data_type == "s" for i in range(2, 10))
    back = kk.load(path)
    for name in PLAN_TABLES:
        assert _rows(getattr(back, name)) == _rows(getattr(sample, name)), name


# -- 6. writing: load(write(market)) gives the plan tables back ---------------------------------


@pytest.mark.parametrize("fmt", ["xlsx", "csv", "parquet"])
@pytest.mark.parametrize("language", ["en", "pt-BR"])
def test_write_market_round_trips_the_plan_tables(tmp_path, language, fmt, planned):
    sample = planned
    target = tmp_path / ("m.xlsx" if fmt == "xlsx" else "m")
    written = kk.write_market(sample, target, language=language, fmt=fmt)
    if fmt != "xlsx":
        stems = [p.stem for p in written]
        plan = ["contatos", "planos", "acoes"] if language == "pt-BR" else list(PLAN_TABLES)
        assert stems[3:6] == plan
        header = (
            pd.read_csv(written[3], nrows=0).columns.tolist()
            if fmt == "csv"
            else pd.read_parquet(written[3]).columns.tolist()
        )
        columns = PLAN_TABLES["contacts"].columns
        assert header == [c.label_pt if language == "pt-BR" else c.name for c in columns]
    if fmt == "csv" and language == "pt-BR":  # the words of the reader's language
        text = written[5].read_text(encoding="utf-8")
        assert "em andamento" in text and "in_progress" not in text
    back = _quiet_load(target)
    for name in PLAN_TABLES:
        assert _rows(getattr(back, name)) == _rows(getattr(sample, name)), name


def test_write_market_leaves_out_empty_plan_tables(tmp_path):
    market = _quiet_load(write_xlsx(tmp_path / "m.xlsx", {"Accounts": ACCOUNTS, "Sales": SALES}))
    written = kk.write_market(market, tmp_path / "out")
    assert [p.name for p in written] == [
        "accounts.csv",
        "sales.csv",
        "visits.csv",
        "parameters.csv",
    ]


# -- 8. hostile inputs ------------------------------------------------------------------------------

HOSTILE = Path(__file__).parent / "hostile" / "plan_tables"


def test_hostile_plan_tables_are_sentences_not_tracebacks():
    report = kk.validate(HOSTILE)
    en, pt = report.text("en"), report.text("pt-BR")
    assert not report.ok and len(report.errors) == 3
    assert (
        "acoes.csv, row 2, column 'prazo': 31/12/9999 is outside the dates kamkit can hold"
    ) in en
    assert "acoes.csv, row 3, column 'prazo': 2262-05-01 is outside the dates" in en
    assert "acoes.csv, linha 3, coluna 'prazo': 2262-05-01 está fora das datas" in pt
    assert "contatos.csv, row 4, column 'influência': 'Chefe' is not one of the words" in en
    # a name with braces is quoted as it is, not taken for a placeholder
    assert "'Fulano {0} {value}' is not among the contacts of account '007'" in en


def test_hostile_names_load_as_text_and_stay_text_when_written(tmp_path):
    """Once the three bad cells are mended: HTML and formulas are names like any other, words
    with stray case and accents are read, and a workbook written from them holds strings."""
    import openpyxl

    folder = tmp_path / "mended"
    folder.mkdir()
    for file in HOSTILE.iterdir():
        text = file.read_text(encoding="utf-8")
        text = text.replace("31/12/9999", "").replace("2262-05-01", "").replace("Chefe", "usuária")
        (folder / file.name).write_text(text, encoding="utf-8")
    with pytest.warns(kk.DataWarning, match="Fulano"):
        market = kk.load(folder)
    contacts = market.contacts
    assert contacts["name"].tolist() == [
        "<script>alert(1)</script>",
        '=HYPERLINK("http://x","clique")',
        "@SUM(A1)",
        "Ana {value} Souza",
    ]
    assert contacts["influence"].tolist() == ["decision_maker", "influencer", "user", "buyer"]
    assert contacts["relationship"].tolist() == ["supporter", "critic", "neutral", "advocate"]
    assert market.actions["status"].tolist() == ["in_progress", "done", "open", "open"]
    assert market.actions["due_date"].isna().tolist() == [True, True, False, True]
    path = kk.write_market(market, tmp_path / "out.xlsx", language="pt-BR")[0]
    ws = openpyxl.load_workbook(path)["Contatos"]
    cells = [ws.cell(i, 2) for i in range(2, 6)]
    assert [c.value for c in cells] == contacts["name"].tolist()
    assert all(c.data_type == "s" for c in cells)  # never a formula
    assert ws.cell(3, 3).value == "=1+1" and ws.cell(3, 3).data_type == "s"


# -- 7. the sample's description ---------------------------------------------------------------------


def test_sample_readme_figures_are_the_sample_s(sample, segments):
    text = " ".join((SAMPLES / "README.md").read_text(encoding="utf-8").split())
    actions = sample.actions
    status = actions["status"].value_counts()
    overdue = actions["status"].isin(["open", "in_progress"]) & (actions["due_date"] < sample.as_of)
    assert f"**{len(sample.contacts)} contacts**" in text
    assert f"**{len(sample.plans)} plans**" in text
    assert f"**{len(actions)} actions**" in text
    assert (
        f"({status['open']} open, {status['in_progress']} in progress, {status['done']} done, "
        f"{status['cancelled']} cancelled; {overdue.sum()} open ones overdue at 2026-09-30)"
    ) in text
    gap = segments.at["C-04613", "gap"]
    target = sample.plans.set_index("account_id").at["C-04613", "target"]
    assert f"target R$ {target:,.0f}, gap R$ {gap:,.0f})" in text


def test_parquet_lines_kept_in_files_keep_the_plan_tables(tmp_path):
    """`kamkit segment` on a Parquet folder leaves the sales lines in their files: the plan
    tables are small and read whole."""
    sample = kk.load_sample()
    kk.write_market(sample, tmp_path / "pq", fmt="parquet", language="pt-BR")
    market = _quiet_load(tmp_path / "pq", lines="files")
    assert market.lines is not None
    for name in PLAN_TABLES:
        assert _rows(getattr(market, name)) == _rows(getattr(sample, name)), name


def test_a_column_map_names_the_plan_tables_headers(tmp_path):
    sheets = dict(SHEETS["en"])
    sheets["Contacts"] = [["Cliente", "Quem", "Poder"], ["007", "Rita Prates", "Decisor"]]
    del sheets["Actions"]  # (their contact is Jorge Lima)
    path = write_xlsx(tmp_path / "crm.xlsx", sheets)
    market = _quiet_load(path, columns={"contacts": {"name": "Quem", "influence": "Poder"}})
    assert _rows(market.contacts) == [("007", "Rita Prates", None, "decision_maker", None, None)]


def test_with_tables_refuses_a_date_past_2261_in_any_form(small):
    for due in (
        pd.Series([pd.Timestamp("9999-12-31")]),  # a datetime column (microseconds)
        pd.Series(["31/12/9999"], dtype=object),
        pd.Series([dt.datetime(9999, 12, 31)], dtype=object),
    ):
        actions = pd.DataFrame({"account_id": ["007"], "action": ["Ligar"], "due_date": due})
        with pytest.raises(KamkitError) as caught:
            small.with_tables(actions=actions)
        assert "row 0, column 'due_date'" in caught.value.text("en")
        assert "is outside the dates kamkit can hold (the years 1678 to 2261)" in str(caught.value)
        assert "está fora das datas que o kamkit consegue guardar" in caught.value.text("pt-BR")
