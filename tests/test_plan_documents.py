"""What people see of the account plans: the plan documents (kk.write_plans, `kamkit plans`),
the relationship-map chart, the results workbook's plan sheets and the visit cards' contacts
and open actions, in both languages, with names from the data escaped.

The figures shown are checked against the analysis functions (tests/test_account_plans.py
checks those against a plain-Python reference) and, where a number is simple, against a
count or a sum made here.
"""

from __future__ import annotations

import html
import re
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import openpyxl  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from click.testing import CliRunner  # noqa: E402

import kamkit as kk  # noqa: E402
from kamkit.cli import main  # noqa: E402
from kamkit.core.errors import KamkitError  # noqa: E402
from kamkit.model.market import Market  # noqa: E402
from kamkit.outputs.plans import write_plans  # noqa: E402
from kamkit.presentation.i18n import format_date, format_money  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pages import Page  # noqa: E402
from test_account_plans import hand_market  # noqa: E402
from test_pt_br_render import english_in, html_text  # noqa: E402

IMG = "<img src=x onerror=alert(1)>"
SCRIPT = "<script>alert(1)</script>"
STEM = {"en": "plan", "pt-BR": "plano"}  # an account's file: <stem>-<code>.html


def _page(path: Path) -> tuple[str, Page]:
    document = path.read_text(encoding="utf-8")
    return document, Page(document)


def _codes(page: Page, tag: str = "li") -> list[str]:
    return [a["data-code"] for t, a in page.tags if t == tag and "data-code" in a]


def _without_style(document: str) -> str:
    """The page without its style sheet (CSS words are not words a person reads)."""
    return re.sub(r"<style>.*?</style>", "", document, flags=re.S)


@pytest.fixture(scope="module")
def market() -> Market:
    return hand_market()


# --------------------------------------------------------------------------------------------
# the plan documents


@pytest.mark.parametrize("language", ["en", "pt-BR"])
def test_plan_document_shows_the_plan(market, tmp_path, language):
    paths = write_plans(market, tmp_path, language=language)
    stem = STEM[language]  # the file names are in the document's language
    assert [p.name for p in paths] == ["index.html", *(f"{stem}-k{i}.html" for i in (1, 2, 3))]
    document, page = _page(tmp_path / f"{stem}-k1.html")
    plan = kk.account_plan(market, "K1")
    # the facts: the gap and the target as the language writes money
    gap = float(kk.segment(market).set_index("account_id").at["K1", "gap"])
    assert gap == pytest.approx(12000 - 2000)  # potential 12,000 x 12/12 - revenue 2,000
    shown = html.unescape(document)
    assert format_money(gap, "BRL", language) in shown
    assert format_money(12000.0, "BRL", language) in shown
    assert f'data-field="gap" data-value="{gap!r}"' in document
    # the stage history: 9 rows, the dates as the language writes them
    dates = [a["data-date"] for t, a in page.tags if t == "tr" and "data-date" in a]
    assert dates == [d.date().isoformat() for d in plan.stages["as_of"]]
    assert format_date(pd.Timestamp("2025-12-31"), language) in shown
    # gaps and problems: the analysis's, in order, each as its sentence
    assert _codes(page) == plan.gaps["gap"].tolist() + plan.problems["problem"].tolist()
    words = {
        "en": ("a decision maker is a critic: Rita", "overdue by 20 days", "no: above the gap"),
        "pt-BR": ("um decisor é crítico: Rita", "atrasada há 20 dias", "não: acima do espaço"),
    }[language]
    for text in words:
        assert text in shown
    # the actions: overdue marked on the open one only; statuses in the language
    statuses = [a["data-status"] for t, a in page.tags if t == "tr" and "data-status" in a]
    assert statuses == ["done", "open", "open", "in_progress"]
    overdue = [a.get("data-overdue") for t, a in page.tags if t == "tr" and "data-status" in a]
    assert overdue == [None, "1", None, None]
    status_words = {"en": ["done", "open", "in progress"], "pt-BR": ["concluída", "aberta"]}
    assert all(w in html_text(document) for w in status_words[language])
    # the relationship grid: Rita in the decision maker x critic cell
    grid = re.search(r'<tr data-value="decision_maker".*?</tr>', document, re.S).group()
    cells = re.findall(r"<td>(.*?)</td>", grid)
    assert cells == ["", "", "", '<span class="person">Rita</span>']
    assert 'class="missing"' not in document


def test_an_empty_decision_maker_row_is_marked(market, tmp_path):
    write_plans(market, tmp_path, language="pt-BR")
    document, page = _page(tmp_path / "plano-k2.html")
    assert '<tr data-value="decision_maker" class="missing"' in document
    assert "nenhum decisor mapeado" in document
    assert _codes(page) == ["no_decision_maker", "no_supporter", "single_contact"]
    # K3: no contacts at all: the sentence tells where to add them
    document, page = _page(tmp_path / "plano-k3.html")
    assert "Nenhum contato registrado: inclua as pessoas desta conta na aba Contatos." in document
    assert _codes(page) == ["no_contacts"]
    assert "Nenhuma ação ainda" in document


def test_index_lists_the_documents(market, tmp_path):
    paths = write_plans(market, tmp_path, territory="Sul", language="en")
    document, page = _page(paths[0])
    links = [a["href"] for t, a in page.tags if t == "a"]
    assert links == ["plan-k1.html", "plan-k2.html"]  # Sul's planned accounts
    assert all((tmp_path / link).is_file() for link in links)
    assert "Account plans \u2014 Sul" in document
    # problems per account: the analysis's count
    rows = re.findall(r'<tr data-account="(K\d)">.*?</tr>', document, re.S)
    assert rows == ["K1", "K2"]
    k1 = re.search(r'<tr data-account="K1">(.*?)</tr>', document, re.S).group(1)
    counts = re.findall(r'<td class="num">(\d+)</td>', k1)
    assert counts == [str(len(kk.relationship_gaps(market).query("account_id == 'K1'"))), "6"]


@pytest.mark.parametrize("language", ["en", "pt-BR"])
def test_print_layout_is_a4(market, tmp_path, language):
    paths = write_plans(market, tmp_path, accounts=["K1"], language=language)
    document = paths[1].read_text(encoding="utf-8")
    assert "@page { size: A4 portrait" in document
    assert f'<html lang="{language}">' in document
    assert document.count('<article class="plan"') == 1


def test_pt_br_documents_hold_no_english_word_of_the_catalogue(market, tmp_path):
    texts = {}
    for path in write_plans(market, tmp_path, language="pt-BR"):
        texts[path.name] = [
            t
            for t in html_text(_without_style(path.read_text(encoding="utf-8")))
            if t not in {"Rita", "Paulo", "Zé", "Alfa <b>", "Beta", "Gama"}
        ]
    assert sum(len(v) for v in texts.values()) > 50
    assert english_in(texts) == []


def _hostile_market() -> Market:
    m = hand_market()
    accounts = m.accounts.assign(name=[IMG, SCRIPT, "Gama", "Delta"])
    contacts = m.contacts.assign(name=[SCRIPT, IMG, "Zé"], role=[IMG, None, SCRIPT])
    plans = m.plans.assign(objective=[SCRIPT, IMG])
    actions = m.actions.assign(
        action=[IMG, SCRIPT, "x", "y"], owner=[None, IMG, SCRIPT, "Ana"], contact=[SCRIPT] * 4
    )
    return Market.from_frames(
        m.sales,
        accounts,
        contacts=contacts,
        plans=plans,
        actions=actions,
        parameters={"as_of": "2026-06-30"},
    )


@pytest.mark.parametrize("language", ["en", "pt-BR"])
def test_names_from_the_data_are_escaped(tmp_path, language):
    paths = write_plans(_hostile_market(), tmp_path, language=language)
    for path in paths:
        document, page = _page(path)
        for tag, attrs in page.tags:
            assert tag not in ("script", "img"), (path.name, tag)
            assert not any(name.startswith("on") for name in attrs), (path.name, attrs)
        assert "<script" not in document.lower() and "<img src=x" not in document
    document, page = _page(tmp_path / f"{STEM[language]}-k1.html")
    text = "".join(page.text)
    for value in (IMG, SCRIPT):
        assert value in text  # shown as the text it is
        assert html.escape(value) in document


def test_file_names_follow_the_unique_name_rule(tmp_path):
    accounts = pd.DataFrame(
        {"account_id": ["A 1", "a-1", "São/01", ".."], "name": list("wxyz"), "territory": "Sul"}
    )
    sales = pd.DataFrame({"account_id": ["A 1"], "date": ["2026-01-05"], "amount": [10.0]})
    plans = pd.DataFrame({"account_id": ["A 1", "a-1", "São/01", ".."], "objective": "o"})
    m = Market.from_frames(sales, accounts, plans=plans, parameters={"as_of": "2026-06-30"})
    paths = write_plans(m, tmp_path)
    names = [p.name for p in paths[1:]]
    assert len(set(names)) == 4 and all(p.parent == tmp_path for p in paths)
    assert all(re.fullmatch(r"plan-[a-z0-9-]+\.html", n) for n in names)
    assert "plan-sao-01.html" in names


def test_errors_are_sentences(market, tmp_path):
    bare = Market.from_frames(market.sales, market.accounts, parameters={"as_of": "2026-06-30"})
    with pytest.raises(KamkitError) as caught:
        write_plans(bare, tmp_path, territory="Sul")
    assert "No account of the territory Sul has a plan yet" in caught.value.text("en")
    assert "abas Planos, Contatos ou Ações" in caught.value.text("pt-BR")
    assert "--account" in caught.value.text("en")
    with pytest.raises(KamkitError, match="No account in the data has a plan yet"):
        write_plans(bare, tmp_path)
    # an unplanned account by name works
    paths = write_plans(bare, tmp_path / "k4", accounts=["K4"])
    assert [p.name for p in paths] == ["index.html", "plan-k4.html"]
    with pytest.raises(KamkitError, match="The account 'K3' is not in the territory Sul"):
        write_plans(market, tmp_path, territory="Sul", accounts=["K3"])
    with pytest.raises(KamkitError, match="Did you mean 'K1'"):
        write_plans(market, tmp_path, accounts=["K11"])
    afile = tmp_path / "afile"
    afile.write_text("x")
    with pytest.raises(KamkitError, match="is a file"):
        write_plans(market, afile)
    assert afile.read_text() == "x"
    with pytest.raises(KamkitError, match="need a Market"):
        write_plans(market.accounts, tmp_path)
    assert not list((tmp_path).glob("plan-*.html"))  # nothing written by a failed call


# --------------------------------------------------------------------------------------------
# the command


def _invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_command_errors_are_sentences_with_exit_2(tmp_path):
    sample = Path(__file__).resolve().parents[1] / "data" / "samples" / "kamkit_sample.xlsx"
    out = tmp_path / "out"
    bad = _invoke("plans", sample, "--out", out, "--territory", "Sull")
    assert bad.exit_code == 2 and "no territory 'Sull'" in bad.output
    assert "Did you mean 'Sul'?" in bad.output and "Traceback" not in bad.output
    bad = _invoke("plans", sample, "--out", out, "--account", "C-0001", "--lang", "pt-BR")
    assert bad.exit_code == 2 and "Não há a conta 'C-0001'" in bad.output
    assert "Você quis dizer" in bad.output
    bad = _invoke("plans", sample, "--out", out, "--as-of", "31/02/2026")
    assert bad.exit_code == 2 and "--as-of" in bad.output
    assert not out.exists()


def test_command_writes_the_documents_of_named_accounts(tmp_path):
    sample = Path(__file__).resolve().parents[1] / "data" / "samples" / "kamkit_sample.xlsx"
    out = tmp_path / "out"
    done = _invoke(
        "plans",
        sample,
        "--out",
        out,
        "--account",
        "C-00001",
        "--account",
        "C-00002",
        "--lang",
        "pt-BR",
        "--as-of",
        "30/06/2026",
    )
    assert done.exit_code == 0, done.output
    assert "2 planos de conta gravados" in done.output and str(out / "index.html") in done.output
    assert sorted(p.name for p in out.iterdir()) == [
        "index.html",
        "plano-c-00001.html",  # the files in the documents' language
        "plano-c-00002.html",
    ]
    assert "data-base 30/06/2026" in (out / "plano-c-00001.html").read_text(encoding="utf-8")


def test_command_help_in_both_languages(monkeypatch):
    for lang, words in (("en_US.UTF-8", "Printable account plans"), ("pt_BR.UTF-8", "Planos de")):
        monkeypatch.setenv("LANG", lang)
        monkeypatch.delenv("LC_ALL", raising=False)
        monkeypatch.delenv("LC_MESSAGES", raising=False)
        result = _invoke("plans", "--help")
        assert result.exit_code == 0 and words in result.output
        assert "--territory" in result.output and "--account" in result.output


# --------------------------------------------------------------------------------------------
# the chart


@pytest.mark.parametrize("language", ["en", "pt-BR"])
def test_relationship_map_chart_draws_the_contacts(market, language):
    ax = kk.plot_relationship_map(market, "K1", language=language)
    contacts = kk.relationship_map(market, "K1")
    influences = ["decision_maker", "influencer", "buyer", "user", "gatekeeper"]
    attitudes = ["advocate", "supporter", "neutral", "critic"]
    points = [c.get_offsets()[0] for c in ax.collections]
    assert len(points) == len(contacts) == 2
    for (x, y), row in zip(points, contacts.itertuples(index=False)):
        assert round(x) == attitudes.index(row.relationship)
        assert round(y) == influences.index(row.influence)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels[0] == {"en": "decision maker", "pt-BR": "decisor"}[language]
    caption = ax.texts[-1].get_text()
    assert caption.startswith({"en": "Gaps: ", "pt-BR": "Lacunas: "}[language])
    assert {"en": "a decision maker is a critic", "pt-BR": "um decisor é crítico"}[
        language
    ] in caption


def test_relationship_map_chart_marks_what_is_missing(market):
    ax = kk.plot_relationship_map(market, "K2", language="pt-BR")
    texts = [t.get_text() for t in ax.texts]
    assert "nenhum decisor mapeado" in texts
    assert "nenhum contato com o decisor" in texts[-1]
    assert len(ax.patches) == 1  # the shaded decision-maker row
    empty = kk.plot_relationship_map(market, "K3", language="en")
    assert "No contacts recorded at this account." in [t.get_text() for t in empty.texts]
    assert empty.collections == [] or len(empty.collections) == 0
    with pytest.raises(KamkitError, match="Did you mean"):
        kk.plot_relationship_map(market, "K11")


def test_relationship_map_chart_in_portuguese_has_no_english(market):
    ax = kk.plot_relationship_map(market, "K2", language="pt-BR")
    texts = [ax.get_title(), ax.get_xlabel(), ax.get_ylabel()]
    texts += [t.get_text() for t in ax.texts + ax.get_xticklabels() + ax.get_yticklabels()]
    texts = [t.replace("Beta", "").replace("Zé", "") for t in texts]
    assert english_in({"chart": texts}) == []


# --------------------------------------------------------------------------------------------
# the results workbook


@pytest.mark.parametrize("language", ["en", "pt-BR"])
def test_results_sheets_hold_the_plan_tables(market, tmp_path, language):
    path = kk.write_results(market, tmp_path / "results.xlsx", language=language)
    sheets = pd.read_excel(path, sheet_name=None, engine="openpyxl")
    names = {
        "en": ("Account plans", "Contacts", "Plans", "Actions"),
        "pt-BR": ("Planos de conta", "Contatos", "Planos", "Ações"),
    }[language]
    assert set(names) <= set(sheets)
    from kamkit.core.schema import TABLES

    for sheet, table in zip(names[1:], ("contacts", "plans", "actions")):
        read = sheets[sheet]
        spec = TABLES[table]
        headers = [c.label_pt if language == "pt-BR" else c.name for c in spec.columns]
        assert list(read.columns) == headers
        frame = getattr(market, table)
        assert len(read) == len(frame)
        for column, header in zip(spec.columns, headers):
            want = frame[column.name]
            got = read[header]
            if column.choices and language == "pt-BR":
                words = dict(zip(column.choices, column.choices_pt))
                want = want.map(lambda v, w=words: w.get(v, v))
            if column.kind == "date":
                assert pd.to_datetime(got).tolist() == pd.to_datetime(want).tolist(), header
            elif column.kind == "number":
                np.testing.assert_allclose(got.to_numpy(float), want.to_numpy(float))
            else:
                assert [None if pd.isna(v) else v for v in got] == [
                    None if pd.isna(v) else v for v in want
                ], header


def test_results_account_plans_sheet(market, tmp_path):
    path = kk.write_results(market, tmp_path / "results.xlsx", language="en")
    read = pd.read_excel(path, sheet_name="Account plans", engine="openpyxl")
    assert read["account"].tolist() == ["K1", "K2", "K3"]
    # counted here from the tables
    assert read["objectives"].tolist() == [1, 0, 1]
    assert read["total target"].iloc[0] == 12000.0 and pd.isna(read["total target"].iloc[2])
    assert read["open actions"].tolist() == [3, 0, 0]  # K1: open, blank, in_progress
    assert read["overdue actions"].tolist() == [1, 0, 0]
    assert read["gap to potential"].iloc[0] == pytest.approx(10000.0)
    problems = read["problems of the plan"].iloc[0]
    assert problems.startswith("the objective's target is larger than the gap to potential")
    assert "an action past its due date" in problems
    assert read["gaps in the relationship"].iloc[2] == "no contacts recorded at the account"
    summary = kk.plan_summary(market)
    assert read["gap to potential"].tolist()[:2] == pytest.approx(summary["gap"].tolist()[:2])


def test_results_without_plans_have_no_plan_sheets(market, tmp_path):
    bare = Market.from_frames(market.sales, market.accounts, parameters={"as_of": "2026-06-30"})
    path = kk.write_results(bare, tmp_path / "results.xlsx", language="en")
    names = openpyxl.load_workbook(path).sheetnames
    assert not {"Account plans", "Contacts", "Plans", "Actions"} & set(names)


# --------------------------------------------------------------------------------------------
# the visit cards


@pytest.mark.parametrize("language", ["en", "pt-BR"])
def test_cards_show_contacts_and_open_actions(market, tmp_path, language):
    html_path, xlsx_path = kk.write_cards(market, tmp_path, language=language)
    document = html_path.read_text(encoding="utf-8")
    sections = dict(
        re.findall(r'<section class="card" data-account="(K\d)">(.*?)</section>', document, re.S)
    )
    heads = {"en": ("Contacts", "Open actions"), "pt-BR": ("Contatos", "Ações em aberto")}[language]
    k1 = sections["K1"]
    assert all(f"<h2>{h}</h2>" in k1 for h in heads)
    # the open actions of kk.open_actions, the overdue one marked
    for action in kk.open_actions(market)["action"]:
        assert action in k1
    assert "Visita técnica" not in k1.split(f"<h2>{heads[1]}</h2>")[1]  # done: not listed
    late = {"en": "overdue by 20 days", "pt-BR": "atrasada há 20 dias"}[language]
    assert re.search(r'<td class="overdue">[^<]*' + late, k1)
    assert {"en": "decision maker", "pt-BR": "decisor"}[language] in k1
    # K2: contacts only; K4: nothing of a plan, so neither heading
    assert f"<h2>{heads[0]}</h2>" in sections["K2"] and f"<h2>{heads[1]}</h2>" not in sections["K2"]
    assert not any(f"<h2>{h}</h2>" in sections["K4"] for h in heads)
    ws = openpyxl.load_workbook(xlsx_path)["Sul"]
    values = [c.value for row in ws.iter_rows() for c in row if c.value is not None]
    assert heads[0] in values and heads[1] in values and late in values
    assert "Rita" in values and "Apresentar proposta" in values


def test_cards_escape_plan_names(tmp_path):
    html_path, _ = kk.write_cards(_hostile_market(), tmp_path, language="pt-BR")
    document, page = _page(html_path)
    assert all(tag not in ("script", "img") for tag, _ in page.tags)
    assert html.escape(SCRIPT) in document and html.escape(IMG) in document


@pytest.mark.filterwarnings("ignore:.*visits table has a header but no rows")
@pytest.mark.parametrize("language", ["en", "pt-BR"])
def test_round_trip_from_the_data_workbook_to_the_documents(market, tmp_path, language):
    """The plan tables written as a data workbook (Portuguese sheets and words in pt-BR), read
    by `kamkit plans`, make the same documents as the market they came from."""
    from kamkit.files.writing import write_market

    data = write_market(market, tmp_path / "data.xlsx", language=language)[0]
    loaded = kk.load(data)
    for table in ("contacts", "plans", "actions"):
        assert len(getattr(loaded, table)) == len(getattr(market, table)), table
    out = tmp_path / "out"
    done = _invoke("plans", data, "--out", out, "--territory", "Sul", "--lang", language)
    assert done.exit_code == 0, done.output
    # the loader trims the spaces around a text (" rita " is read "rita")
    trimmed = Market.from_frames(
        market.sales,
        market.accounts,
        contacts=market.contacts,
        plans=market.plans,
        actions=market.actions.assign(contact=market.actions["contact"].str.strip()),
        parameters={"as_of": "2026-06-30"},
    )
    direct = write_plans(trimmed, tmp_path / "direct", territory="Sul", language=language)
    for path in direct:
        assert (out / path.name).read_text(encoding="utf-8") == path.read_text(encoding="utf-8")
    # and the results workbook of the loaded market holds the same plan rows
    results = kk.write_results(loaded, tmp_path / "results.xlsx", language=language)
    sheet = {"en": "Actions", "pt-BR": "Ações"}[language]
    read = pd.read_excel(results, sheet_name=sheet, engine="openpyxl")
    assert len(read) == len(market.actions)
    status = {"en": "status", "pt-BR": "situação"}[language]
    words = {
        "en": {},
        "pt-BR": {"open": "aberta", "done": "concluída", "in_progress": "em andamento"},
    }
    want = [words[language].get(v, v) for v in loaded.actions["status"]]
    assert [None if pd.isna(v) else v for v in read[status]] == want


def test_command_on_the_sample_writes_the_territorys_planned_accounts(tmp_path):
    sample = Path(__file__).resolve().parents[1] / "data" / "samples" / "kamkit_sample.xlsx"
    m = kk.load(sample)
    territory = "Sul"
    planned = sorted(
        set(kk.relationship_map(m, territory=territory)["account_id"])
        | set(m.plans["account_id"]) & set(kk.segment(m, territory=territory)["account_id"])
        | set(m.actions["account_id"]) & set(kk.segment(m, territory=territory)["account_id"])
    )
    assert planned  # the sample has plans in every territory
    out = tmp_path / "out"
    done = _invoke("plans", sample, "--out", out, "--territory", territory, "--lang", "pt-BR")
    assert done.exit_code == 0, done.output
    documents = sorted(p for p in out.iterdir() if p.name != "index.html")
    assert len(documents) == len(planned)
    problems = kk.plan_problems(m, territory=territory)
    gaps = kk.relationship_gaps(m, territory=territory)
    for path in documents:
        document, page = _page(path)
        account = re.search(r'<article class="plan" data-account="([^"]+)"', document).group(1)
        assert account in planned
        want = gaps.loc[gaps["account_id"] == account, "gap"].tolist()
        want += problems.loc[problems["account_id"] == account, "problem"].tolist()
        assert _codes(page) == want


def test_pt_br_cards_and_results_plan_sheets_hold_no_english(market, tmp_path):
    data = {"Rita", "Paulo", "Zé", "Alfa <b>", "Beta", "Gama", "Delta", "Ana", "Diretora"}
    html_path, _ = kk.write_cards(market, tmp_path, language="pt-BR")
    card_text = [
        t for t in html_text(_without_style(html_path.read_text(encoding="utf-8"))) if t not in data
    ]
    path = kk.write_results(market, tmp_path / "resultados.xlsx", language="pt-BR")
    book = openpyxl.load_workbook(path)
    sheets = {}
    for name in ("Planos de conta", "Contatos", "Planos", "Ações"):
        sheets[name] = [
            c.value
            for row in book[name].iter_rows()
            for c in row
            if isinstance(c.value, str) and c.value not in data
        ]
    assert "Contatos" in card_text and "Ações em aberto" in card_text
    assert english_in({"cards": card_text, **sheets}) == []


def test_a_dollar_in_a_name_is_drawn_as_it_is(market):
    contacts = market.contacts.assign(name=[r"Dona $\notacommand$", "Paulo", "Zé"])
    m = Market.from_frames(
        market.sales,
        market.accounts,
        contacts=contacts,
        plans=market.plans,
        actions=market.actions,
        parameters={"as_of": "2026-06-30"},
    )
    ax = kk.plot_relationship_map(m, "K1")
    ax.figure.canvas.draw()  # mathematics would fail or change the text
    assert r"Dona $\notacommand$" in [t.get_text() for t in ax.texts]
