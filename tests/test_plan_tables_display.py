"""kk.format_table shows the account-plan tables as a salesperson reads them (lesson 9): the
codes of influence, relationship and status, the relationship gaps and the plans' problems in
the words of the plan documents (words/plans.toml), their headers translated, targets as money,
yes / no, dates as people write them; in pt-BR no English word of the catalogue is left. The
tables kamkit showed before keep their English."""

import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import kamkit as kk
from kamkit.presentation.catalogue import word

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_pt_br_render import english_in, table_text  # noqa: E402


@pytest.fixture(scope="module")
def sample():
    return kk.load_sample()


@pytest.fixture(scope="module")
def planned(sample):
    """A planned account of the sample with objectives and actions."""
    summary = kk.plan_summary(sample)
    rows = summary[(summary["objectives"] > 0) & (summary["open_actions"] > 0)]
    return rows["account_id"].iloc[0]


def _pt(table):
    return kk.format_table(table, language="pt-BR", currency="BRL")


def _en(table):
    return kk.format_table(table, language="en", currency="BRL")


def test_no_english_in_the_portuguese_plan_tables(sample, planned):
    tables = {
        "relationship_map": kk.relationship_map(sample),
        "relationship_gaps": kk.relationship_gaps(sample),
        "open_actions": kk.open_actions(sample),
        "plan_problems": kk.plan_problems(sample),
        "objectives": kk.account_plan(sample, planned).objectives,
        "actions": kk.account_plan(sample, planned).actions,
        "plan_summary": kk.plan_summary(sample),
    }
    texts = {name: table_text(_pt(t)) for name, t in tables.items()}
    assert all(len(t) > 5 for t in texts.values())
    assert english_in(texts) == []
    # the English rendering of the same tables holds English: the search can fail
    english = {name: table_text(_en(t)) for name, t in tables.items()}
    assert len(english_in(english)) > 10


#: The Portuguese headers of each plan table, as a Brazilian manager reads them.
HEADERS_PT = {
    "relationship_map": (
        "conta, nome, cargo, influência, relacionamento, último contato, dias sem contato, "
        "ações em aberto"
    ),
    "open_actions": "conta, ação, responsável, prazo, situação, contato, atrasada?, dias de atraso",
    "relationship_gaps": "conta, lacuna no relacionamento, detalhe",
    "plan_problems": "conta, problema do plano, detalhe",
}


@pytest.mark.parametrize("function", list(HEADERS_PT))
def test_portuguese_headers_of_the_plan_tables(sample, function):
    shown = _pt(getattr(kk, function)(sample))
    assert list(shown.columns) == HEADERS_PT[function].split(", ")


def test_relationship_map_headers_and_codes(sample):
    table = kk.relationship_map(sample)
    shown = _pt(table)
    influence = {
        "decision_maker": "decisor",
        "influencer": "influenciador",
        "buyer": "comprador",
        "user": "usuário",
        "gatekeeper": "porteiro",
    }
    relationship = {
        "advocate": "defensor",
        "supporter": "apoiador",
        "neutral": "neutro",
        "critic": "crítico",
    }
    for code, cell in zip(table["influence"], shown["influência"]):
        assert cell == (influence[code] if isinstance(code, str) else "\u2014")
    for code, cell in zip(table["relationship"], shown["relacionamento"]):
        assert cell == (relationship[code] if isinstance(code, str) else "\u2014")
    assert table["relationship"].isna().any()  # the blanks above were checked
    # dates dd/mm/aaaa, days as whole numbers, a blank as a dash
    for day, cell in zip(table["last_contact"], shown["último contato"]):
        assert cell == ("\u2014" if pd.isna(day) else day.strftime("%d/%m/%Y"))
    for days, cell in zip(table["days_since_contact"], shown["dias sem contato"]):
        assert cell == ("\u2014" if np.isnan(days) else f"{int(days):,}".replace(",", "."))
    # a blank role is a dash, not "nan"
    blank = table["role"].isna()
    if blank.any():
        assert set(shown.loc[blank.to_numpy(), "cargo"]) == {"\u2014"}
    # the same words through kk.labels (no formatting of numbers)
    assert list(kk.labels(table, "pt-BR")["influência"]) == list(shown["influência"])


def test_open_actions_status_and_overdue(sample):
    table = kk.open_actions(sample)
    shown = _pt(table)
    status = {"open": "aberta", "in_progress": "em andamento"}
    assert list(shown["situação"]) == [status[s] for s in table["status"]]
    assert list(shown["atrasada?"]) == ["sim" if o else "não" for o in table["overdue"]]
    assert list(shown["dias de atraso"]) == [str(int(d)) for d in table["days_overdue"]]
    assert table["overdue"].any() and not table["overdue"].all()
    english = _en(table)
    assert list(english.columns)[1:7] == [
        "action",
        "owner",
        "due date",
        "status",
        "contact",
        "overdue?",
    ]
    assert set(english["status"]) <= {"open", "in progress"}
    assert "in progress" in set(english["status"])


def test_every_status_and_an_unknown_one():
    table = pd.DataFrame(
        {
            "account_id": ["K1"] * 5,
            "action": ["a", "b", "c", "d", "e"],
            "status": ["open", "in_progress", "done", "cancelled", "postponed"],
        }
    )
    assert list(_pt(table)["situação"]) == [
        "aberta",
        "em andamento",
        "concluída",
        "cancelada",
        "postponed",  # not a status of kamkit: kept as typed
    ]


def test_gaps_and_problems_as_sentences(sample):
    gaps = kk.relationship_gaps(sample)
    shown = _pt(gaps)
    assert list(shown.columns) == ["conta", "lacuna no relacionamento", "detalhe"]
    for code, cell in zip(gaps["gap"], shown["lacuna no relacionamento"]):
        assert cell == word(f"plans.gap.{code}", "pt-BR")
    assert "um decisor é crítico" in set(shown["lacuna no relacionamento"])
    assert list(_en(gaps).columns) == ["account", "gap in the relationship", "detail"]
    problems = kk.plan_problems(sample)
    shown = _pt(problems)
    assert list(shown.columns) == ["conta", "problema do plano", "detalhe"]
    assert "a meta do objetivo é maior que o espaço a conquistar" in set(shown["problema do plano"])
    for code, cell in zip(problems["problem"], shown["problema do plano"]):
        assert cell == word(f"plans.problem.{code}", "pt-BR")
    assert list(shown["detalhe"]) == list(problems["detail"])  # data, as typed


def test_a_gap_of_money_stays_the_gap_to_potential(sample):
    seg = kk.segment(sample).head(5)
    assert _pt(seg).columns[list(seg.columns).index("gap")] == "espaço a conquistar"
    assert _en(seg).columns[list(seg.columns).index("gap")] == "gap to potential"


def test_objectives_target_money_and_within_gap():
    objectives = pd.DataFrame(
        {
            "account_id": ["K1", "K1", "K1"],
            "objective": ["Primeiro pedido", "Contrato anual", "Sem meta"],
            "target": [12000.0, 250000.0, np.nan],
            "review_date": pd.to_datetime(["2026-12-05", "2027-01-31", None]),
            "gap": [100000.0, 100000.0, 100000.0],
            "within_gap": pd.array([True, False, pd.NA], dtype="boolean"),
        }
    )
    shown = _pt(objectives)
    assert list(shown.columns) == [
        "conta",
        "objetivo",
        "meta",
        "data de revisão",
        "espaço a conquistar",
        "dentro do espaço?",
    ]
    assert list(shown["meta"]) == ["R$ 12.000", "R$ 250.000", "\u2014"]
    assert list(shown["data de revisão"]) == ["05/12/2026", "31/01/2027", "\u2014"]
    assert list(shown["dentro do espaço?"]) == ["sim", "não", "\u2014"]
    english = _en(objectives)
    assert list(english["target"]) == ["BRL 12,000", "BRL 250,000", "\u2014"]
    assert list(english["within the gap?"]) == ["yes", "no", "\u2014"]


def test_the_sample_plan_objectives(sample, planned):
    plan = kk.account_plan(sample, planned)
    shown = _pt(plan.objectives)
    for target, cell in zip(plan.objectives["target"], shown["meta"]):
        assert cell == "R$ " + f"{round(target):,}".replace(",", ".")
    for ok, cell in zip(plan.objectives["within_gap"], shown["dentro do espaço?"]):
        assert cell == ("\u2014" if pd.isna(ok) else "sim" if ok else "não")


def test_plan_summary_codes_as_sentences(sample):
    summary = kk.plan_summary(sample)
    shown = _pt(summary)
    assert {"objetivos", "meta total", "ações atrasadas", "lacunas no relacionamento"} <= set(
        shown.columns
    )
    for codes, cell in zip(summary["gaps"], shown["lacunas no relacionamento"]):
        assert cell == "; ".join(word(f"plans.gap.{c}", "pt-BR") for c in codes)
    for codes, cell in zip(summary["problems"], shown["problemas do plano"]):
        assert cell == "; ".join(word(f"plans.problem.{c}", "pt-BR") for c in codes)
    assert any(len(c) > 1 for c in summary["gaps"])  # a joined cell was checked


def test_english_of_the_other_tables_is_unchanged(sample):
    # the headers people saw before: the pursuit list and the segment
    pursuit = kk.pursuit_list(sample, top=3)
    assert list(_en(pursuit).columns) == [
        "territory",
        "rank",
        "account",
        "name",
        "salesperson",
        "stage",
        "potential (wallet)",
        "potential estimated",
        "revenue",
        "gap to potential",
        "days since contact",
        "interactions without an order",
        "reason",
        "visit cadence",
        "score",
    ]
    alerts = kk.alerts(sample)
    shown = _en(alerts)
    assert list(shown.columns)[:3] == ["account", "kind", "detail"]
    assert list(shown["kind"]) == list(alerts["kind"])  # alert kinds are not plan codes


def test_label_knows_the_plan_headers():
    assert kk.label("status", "pt-BR") == "situação"
    assert kk.label("due_date", "pt-BR") == "prazo"
    assert kk.label("owner") == "owner"


def test_a_plan_written_with_portuguese_headers_formats_as_the_model_says():
    """Lesson 9 in Portuguese writes its plan with the data model's Portuguese headers: the
    target is money and the review date a date there too."""
    plan = pd.DataFrame(
        {
            "conta": ["C-1"],
            "objetivo": ["Primeiro pedido"],
            "Meta": [364000.0],
            "data de revisão": [pd.Timestamp("2026-10-30")],
        }
    )
    shown = _pt(plan).iloc[0].to_dict()
    assert shown == {
        "conta": "C-1",
        "objetivo": "Primeiro pedido",
        "Meta": "R$ 364.000",
        "data de revisão": "30/10/2026",
    }
    # an English table is as before: its own names decide
    assert _en(pd.DataFrame({"target": [364000.0]})).iloc[0, 0] == "BRL 364,000"
