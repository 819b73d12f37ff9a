"""Lessons 4 and 5 say what their data shows: the facts their prose claims, asserted.

The prose types no figures (tests/test_notebooks.py); it states comparisons ("every customer",
"mostly key accounts", "far more contact"), and the code cells print the figures. Each claim is
checked here on the market the lesson runs on, through the library functions the lesson calls,
against an independent count where a new function computes the number. The figures the issue
corrected (78 key, 13 conquer and 1 maintain account in class A; 8.5 against 1.8 interactions;
2.2 against 0.2 before a first purchase; all 4,372 UK customers) are asserted as well: the
sample is generated with a fixed seed, so they change only when the generator does.

The last tests execute both lessons, in English and in Brazilian Portuguese, as a participant
runs them (papermill, from the notebook's folder, INTERACTIVE=False) and read their outputs.
"""

import json
import re
from pathlib import Path

import nbformat
import numpy as np
import pandas as pd
import pytest

import kamkit as kk
from kamkit.model.market import Market

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
L04 = NOTEBOOKS / "04_potential_and_share_of_wallet.ipynb"
L05 = NOTEBOOKS / "05_prospect_pursuit.ipynb"


@pytest.fixture(scope="module")
def market():
    return kk.load_sample()


@pytest.fixture(scope="module")
def table(market):
    return kk.segment(market)


def _markdown(path: Path, cell_id: str, language: str = "en") -> str:
    if language == "en":
        nb = nbformat.read(str(path), as_version=4)
        return next(c.source for c in nb.cells if c.id == cell_id)
    entries = json.loads(path.with_suffix(f".{language}.json").read_text(encoding="utf-8"))
    return next(e["text"] for e in entries["cells"] if e["id"] == cell_id)


def _by_visits_in_window(market, table) -> pd.Series:
    """Interactions per account in the window, counted from the visit log with pandas."""
    start, end = kk.window(market)
    v = market.visits
    day = pd.to_datetime(v["date"]).dt.normalize()
    inside = v[(day >= start) & (day <= end.normalize())]
    counts = inside.groupby(inside["account_id"].astype(str)).size()
    return table["account_id"].astype(str).map(counts).fillna(0).astype(int)


# ---- lesson 4 ------------------------------------------------------------------------------


def test_l04_16_the_a_list_is_mostly_key_accounts_and_misses_the_conquer_box(market, table):
    """'reaches mostly key accounts, plus a handful of conquer accounts and hardly any to
    maintain; it misses almost the whole conquer box, the largest share of the potential;
    most conquer accounts are not on the A list, and many never bought from us'."""
    a_list = table["abc_class"] == "A"
    in_a = table.loc[a_list, "quadrant"].value_counts().reindex(kk.QUADRANTS)
    # the figures: the table shows 78 key, 13 conquer and 1 maintain
    assert in_a.to_dict() == {"key": 78, "conquer": 13, "maintain": 1, "monitor": 0}
    assert in_a["key"] > a_list.sum() / 2  # mostly key
    assert in_a["conquer"] < in_a["key"] / 4  # a handful of conquer
    assert in_a["maintain"] <= 0.05 * a_list.sum()  # hardly any to maintain
    conquer = table["quadrant"] == "conquer"
    assert (conquer & a_list).sum() < 0.1 * conquer.sum()  # misses almost the whole box
    never = table["stage"].isin(["untouched", "approached"])
    assert (conquer & never).sum() > conquer.sum() / 2  # many never bought
    potential = table.groupby("quadrant", observed=False)["potential"].sum()
    assert potential.idxmax() == "conquer"  # the largest share of the potential
    # independent: class A from the revenues alone (the largest customers up to a_share)
    revenue = table.set_index(table["account_id"].astype(str))["revenue"]
    ranked = revenue[revenue > 0.005].sort_index().sort_values(ascending=False, kind="stable")
    before = ranked.cumsum().shift(fill_value=0) / ranked.sum()
    assert set(ranked.index[before < market.parameters.abc_a_share]) == set(
        table.loc[a_list, "account_id"].astype(str)
    )


def test_l04_16_no_longer_says_the_programme_reaches_maintain_accounts():
    text = _markdown(L04, "l04-16")
    assert "**key** and **maintain** accounts" not in text
    assert "mostly" in text and "conquer" in text
    pt = _markdown(L04, "l04-16", "pt-BR")
    assert "conta" in pt and "conquistar" in pt


def test_l04_18_every_uk_customer_is_above_the_potential_line():
    retail = kk.load_online_retail()
    table = kk.segment(retail)
    assert len(table) == 4372
    assert table["quadrant"].isin(["key", "conquer"]).all()
    # independent: the potential line is the potential_quantile of the potentials
    cut = np.quantile(table["potential"], retail.parameters.potential_quantile)
    assert (table["potential"] >= cut).all()
    assert "almost every customer" not in _markdown(L04, "l04-18")
    assert "every customer" in _markdown(L04, "l04-18")
    assert "todos os clientes" in _markdown(L04, "l04-18", "pt-BR")


@pytest.mark.parametrize("language", ["en", "pt-BR"])
def test_l04_says_both_high_potential_boxes_are_key_accounts(language):
    nb = nbformat.read(str(L04), as_version=4)
    ids = [c.id for c in nb.cells]
    # where the quadrants are introduced: right after the cell that lists them
    assert ids.index("l04-03a") == ids.index("l04-03") + 1
    text = " ".join(_markdown(L04, "l04-03a", language).split())
    assert "McDonald" in text
    words = {
        "en": ("protect and develop", "win", "covers both"),
        "pt-BR": ("proteger e desenvolver", "ganhar", "as duas"),
    }[language]
    assert all(w in text for w in words), text


# ---- lesson 5 ------------------------------------------------------------------------------


def test_l05_04_key_accounts_get_the_most_contact_the_comfort_zone_is_maintain(market, table):
    visits = _by_visits_in_window(market, table)
    assert (visits.to_numpy() == table["visits"].to_numpy()).all()
    per_account = visits.groupby(table["quadrant"], observed=False).mean()
    assert per_account.idxmax() == "key"
    # the figures: 8.5 against 1.8
    assert round(per_account["maintain"], 1) == 8.5
    assert round(per_account["conquer"], 1) == 1.8
    assert per_account["maintain"] > 3 * per_account["conquer"]
    potential = table.groupby("quadrant", observed=False)["potential"].mean()
    assert potential["maintain"] < potential["conquer"] / 3  # "far smaller"


def test_l05_04_frames_the_comfort_zone_as_maintain_against_conquer():
    code = _markdown(L05, "l05-04")
    assert "per_account['key'] / per_account['conquer']" not in code
    assert "per_account['maintain'] / per_account['conquer']" in code
    assert "maintain" in _markdown(L05, "l05-03") and "conquer" in _markdown(L05, "l05-03")


def _hand_market():
    """Window Oct 2025 .. Sep 2026 (as_of 2026-09-30); one case per account."""
    accounts = pd.DataFrame(
        {
            "account_id": ["N", "B", "S", "E", "L", "X"],
            "name": list("NBSELX"),
            "territory": ["T"] * 6,
            "potential": [100.0] * 6,
        }
    )
    sales = pd.DataFrame(
        [
            ("B", "2026-08-10 15:00", 50.0),  # first purchase on 10 Aug
            ("B", "2026-09-10", 50.0),
            ("S", "2026-05-05", 10.0),
            ("E", "2024-01-15", 10.0),  # first purchase before the window
            ("L", "2026-10-10", 10.0),  # after as_of: never bought as of
        ],
        columns=["account_id", "date", "amount"],
    )
    visits = pd.DataFrame(
        [
            ("N", "2025-09-30"),  # before the window
            ("N", "2025-10-01"),
            ("N", "2026-09-30"),  # never bought: both
            ("B", "2026-01-02"),
            ("B", "2026-08-09"),  # before the first order
            ("B", "2026-08-10 09:00"),  # the day of the first order: left out
            ("B", "2026-08-20"),  # after it: service, left out
            ("S", "2026-05-04"),
            ("S", "2026-06-01"),
            ("E", "2026-02-01"),  # bought long ago: after its first purchase
            ("L", "2026-09-01"),
            ("L", "2026-10-01"),  # the second after as_of
        ],
        columns=["account_id", "date"],
    )
    return Market.from_frames(
        sales=sales, accounts=accounts, visits=visits, parameters={"as_of": "2026-09-30"}
    )


def test_interactions_before_first_purchase_by_hand():
    market = _hand_market()
    counted = kk.crm.interactions_before_first_purchase(market)
    table = kk.segment(market)
    assert counted.name == "interactions_before_first_purchase"
    assert counted.index.equals(table.index)
    got = dict(zip(table["account_id"].astype(str), counted.tolist()))
    assert got == {"N": 2, "B": 2, "S": 1, "E": 0, "L": 1, "X": 0}
    assert (counted <= table["visits"]).all()
    # as of 9 Aug: window Sep 2025 .. 9 Aug 2026; B has not bought yet, L's visit is later
    earlier = kk.crm.interactions_before_first_purchase(market, as_of="2026-08-09")
    assert earlier.tolist() == [2, 2, 1, 0, 0, 0]


def test_interactions_before_first_purchase_skips_unknown_accounts_and_blank_dates():
    market = _hand_market()
    visits = pd.concat(
        [
            market.visits.assign(account_id=market.visits["account_id"].astype(str)),
            pd.DataFrame({"account_id": ["Z", "N"], "date": [pd.Timestamp("2026-03-01"), pd.NaT]}),
        ]
    )
    messy = Market.from_frames(
        sales=market.sales.assign(account_id=market.sales["account_id"].astype(str)),
        accounts=market.accounts,
        visits=visits,
        parameters={"as_of": "2026-09-30"},
    )
    assert kk.crm.interactions_before_first_purchase(messy).tolist() == [2, 2, 1, 0, 1, 0]


def test_interactions_before_first_purchase_matches_a_pandas_count(market, table):
    counted = kk.crm.interactions_before_first_purchase(market)
    start, end = kk.window(market)
    v = market.visits.assign(
        account_id=market.visits["account_id"].astype(str),
        day=pd.to_datetime(market.visits["date"]).dt.normalize(),
    )
    first = (
        table.assign(account_id=table["account_id"].astype(str))
        .set_index("account_id")["first_purchase"]
        .dt.normalize()
    )
    v["first"] = v["account_id"].map(first)
    keep = (
        (v["day"] >= start)
        & (v["day"] <= end.normalize())
        & (v["first"].isna() | (v["day"] < v["first"]))
    )
    expected = v[keep].groupby("account_id").size()
    expected = table["account_id"].astype(str).map(expected).fillna(0).astype(int)
    assert counted.tolist() == expected.tolist()


def test_l05_18_new_buyers_had_far_more_contact_before_their_first_purchase(market, table):
    before = kk.previous_review(market.as_of)
    then = kk.segment(market, as_of=before)
    never_then = then["stage"].isin(["untouched", "approached"])
    converted = never_then & table["stage"].isin(["occasional", "regular"])
    still_never = never_then & ~converted
    courted = kk.crm.interactions_before_first_purchase(market)
    # the figures: 2.2 against 0.2 (the old count, 3.5, took in the service after)
    assert round(courted[converted].mean(), 1) == 2.2
    assert round(courted[still_never].mean(), 1) == 0.2
    assert table.loc[converted, "visits"].mean() > courted[converted].mean()
    assert courted[converted].mean() > 5 * courted[still_never].mean()  # "far more contact"
    # for accounts that never bought, every interaction in the window counts
    assert (courted[still_never] == table.loc[still_never, "visits"]).all()


@pytest.mark.parametrize("language", ["en", "pt-BR"])
def test_l05_19_says_the_sample_figures_reflect_its_generator(language):
    text = _markdown(L05, "l05-19", language)
    words = {"en": ("fictional", "generator"), "pt-BR": ("fictício", "gerador")}[language]
    assert all(w in text for w in words)
    code = _markdown(L05, "l05-18", language)
    assert "interactions_before_first_purchase" in code


# ---- the lessons, executed -----------------------------------------------------------------


def _outputs(nb, cell_id: str) -> str:
    cell = next(c for c in nb.cells if c.id == cell_id)
    parts = []
    for o in cell.get("outputs", []):
        parts.append(o.get("text", ""))
        data = o.get("data", {})
        parts.append(data.get("text/html", "") or data.get("text/plain", ""))
    return "\n".join(parts)


RUN = [L04, L05, NOTEBOOKS / "pt-BR" / L04.name, NOTEBOOKS / "pt-BR" / L05.name]


def start_notebook_runs(request):
    """Start the four runs in the session's workers (tests/conftest.py calls this as the
    session begins: they run beside the tests before those that read them)."""
    request.getfixturevalue("notebook_runs").start(*RUN)


@pytest.fixture(scope="module")
def executed(notebook_runs, started_jobs):
    """The four notebooks, run as a participant runs them (from their folder, INTERACTIVE =
    False, the kernel's own inline backend as in JupyterLab, so charts are shown): the
    session's runs (tests/conftest.py), which tests/test_notebooks.py reads as well; started
    as the session begins (``started_jobs``)."""
    paths = RUN
    runs = notebook_runs.get(*paths)
    assert all(run.parameters == {"INTERACTIVE": False} for run in runs.values())
    return {
        ("en" if p.parent == NOTEBOOKS else "pt-BR", p.name[:2]): runs[p.resolve()].notebook()
        for p in paths
    }


@pytest.mark.parametrize("language", ["en", "pt-BR"])
def test_l05_shows_the_reason_column_whole(executed, market, language):
    nb = executed[(language, "05")]
    shown = _outputs(nb, "l05-10")
    top = kk.pursuit_list(market, territory=market.territories[0], top=10, language=language)
    for reason in top["reason"]:
        assert reason in shown
    assert "..." not in shown


@pytest.mark.parametrize("number", ["04", "05"])
def test_the_portuguese_lessons_speak_portuguese(executed, number):
    nb = executed[("pt-BR", number)]
    printed = "\n".join(
        o.get("text", "")
        for c in nb.cells
        if c.cell_type == "code"
        for o in c.get("outputs", [])
        if o.get("output_type") == "stream"
    )
    html = "\n".join(
        o.get("data", {}).get("text/html", "")
        for c in nb.cells
        if c.cell_type == "code"
        for o in c.get("outputs", [])
    )
    # what the participant reads: the tables' text, not their tags and data-* codes
    html = re.sub(r"<[^>]*>", " ", re.sub(r"(?s)<style.*?</style>", " ", html))
    english = re.compile(r"\b(accounts|interactions|customers|the|of|for|and|with)\b")
    assert printed.strip() and not english.findall(printed), printed
    assert "R$" in printed + html and "BRL" not in printed + html
    assert not re.search(r"\b(key account|conquer|maintain|monitor|stage|revenue)\b", html)


@pytest.mark.parametrize("language", ["en", "pt-BR"])
def test_lesson_4_shows_its_matrix_chart(executed, language):
    matrix = next(c for c in executed[(language, "04")].cells if c.id == "l04-10")
    assert any("image/png" in o.get("data", {}) for o in matrix.outputs), "no chart shown"


def test_the_portuguese_lesson_5_states_the_corrected_comparisons(executed):
    nb = executed[("pt-BR", "05")]
    assert "2,2" in _outputs(nb, "l05-18") and "0,2" in _outputs(nb, "l05-18")
    comfort = _outputs(nb, "l05-04")
    assert "8,5" in comfort and "1,8" in comfort and "conta-chave" in comfort
    nb4 = executed[("pt-BR", "04")]
    a_list = _outputs(nb4, "l04-15")
    assert all(n in a_list for n in ("78", "13", "1"))
    assert "4.372 de 4.372" in _outputs(nb4, "l04-19")
