"""kamkit.analysis.pursuit: candidates, the score, ranks per territory, reasons and cadence, by hand."""

import numpy as np
import pandas as pd
import pytest

from kamkit.analysis.pursuit import (
    CADENCES,
    PROGRESS_BONUS,
    PROGRESS_STEPS,
    PURSUIT_COLUMNS,
    pursuit_list,
)
from kamkit.analysis.segmentation import segment
from kamkit.core.errors import KamkitError
from kamkit.model.market import Market

AS_OF = "2026-06-30"


def make_market(accounts, sales, visits=(), **parameters):
    sales = pd.DataFrame(list(sales), columns=["account_id", "date", "amount"])
    sales["date"] = pd.to_datetime(sales["date"], format="ISO8601")
    visits = pd.DataFrame(list(visits), columns=["account_id", "date"])
    visits["date"] = pd.to_datetime(visits["date"], format="ISO8601")
    params = {"as_of": AS_OF, "potential_quantile": 0.0, "share_threshold": 0.3, **parameters}
    return Market.from_frames(
        sales=sales, accounts=pd.DataFrame(accounts), visits=visits, parameters=params
    )


def _market():
    """Territory T: five candidates and two non-candidates; territory U: a tie.

    potential_quantile 0 makes every positive potential high, so low share = conquer.
    """
    accounts = {
        "account_id": ["p1", "p2", "p3", "p4", "p5", "r1", "k1", "tie_b", "tie_a", "u_hi"],
        "name": [f"Company {i}" for i in range(10)],
        "territory": ["T"] * 7 + ["U"] * 3,
        "salesperson": ["Ana", "Bia", "Ana", "Bia", "Ana", "Ana", "Ana", "Caio", "Caio", "Caio"],
        "potential": [1000.0, 1200.0, 1100.0, 2000.0, 1000.0, 10000.0, 100.0, 500.0, 500.0, 750.0],
    }
    sales = [
        ("p4", "2024-01-10", 500.0),  # lapsed
        ("p5", "2026-02-01", 100.0),  # occasional, share 0.1
        *[("r1", f"2026-0{m}-05", 10.0) for m in range(1, 7)],  # regular, share 0.006
        ("k1", "2026-03-01", 90.0),  # key (share 0.9)
    ]
    visits = [
        ("p2", "2026-06-20"),  # 10 days ago
        ("p3", "2025-12-01"),  # 211 days ago
        ("p4", "2024-06-01"),
        ("p4", "2026-01-15"),  # 166 days ago
        ("u_hi", "2026-06-01"),
    ]
    return make_market(accounts, sales, visits)


def test_columns_candidates_and_order():
    p = pursuit_list(_market())
    assert tuple(p.columns) == PURSUIT_COLUMNS
    # T scores, gap x (1 + 0.5 x steps / 3), a step = an interaction in the window (from
    # 2025-07-01) whose outcome is not negative (blank here): p4 2000 (1 step: 2026-01-15),
    # p2 1200 (1 step), p3 1100 (1 step), p1 1000 (none), p5 900 (none)
    one = 1 + PROGRESS_BONUS * 1 / PROGRESS_STEPS
    assert p["account_id"].tolist() == ["p4", "p2", "p3", "p1", "p5", "u_hi", "tie_a", "tie_b"]
    assert p["territory"].tolist() == ["T"] * 5 + ["U"] * 3
    assert p["rank"].tolist() == [1, 2, 3, 4, 5, 1, 2, 3]
    assert p["score"].tolist() == pytest.approx(
        [2000 * one, 1200 * one, 1100 * one, 1000, 900, 750 * one, 500, 500]
    )
    assert p["stage"].astype(str).tolist() == [
        "lapsed",
        "approached",
        "approached",
        "untouched",
        "occasional",
        "approached",
        "untouched",
        "untouched",
    ]
    assert p["gap"].tolist() == [2000, 1200, 1100, 1000, 900, 750, 500, 500]
    assert p["days_since_contact"].astype(object).where(
        p["days_since_contact"].notna(), None
    ).tolist() == [166, 10, 211, None, None, 29, None, None]
    assert p["rank"].dtype == np.int64


def test_priority_in_segment_is_the_pursuit_rank():
    m = _market()
    t = segment(m).set_index("account_id")["priority"]
    p = pursuit_list(m).set_index("account_id")["rank"]
    assert t.dropna().astype(int).to_dict() == p.to_dict()
    assert pd.isna(t["r1"]) and pd.isna(t["k1"])  # regular and key: not pursued


def test_reasons_and_visits_without_order():
    p = pursuit_list(_market()).set_index("account_id")
    assert p.loc["p4", "visits_without_order"] == 2
    assert p.loc["p4", "reason"] == (
        "potential BRL 2.0 k, no purchase in the last 12 months, "
        "last contact 166 days ago, 2 visits without an order"
    )
    assert p.loc["p1", "reason"] == "potential BRL 1.0 k, never bought, never contacted"
    assert p.loc["p3", "reason"] == (
        "potential BRL 1.1 k, never bought, no contact in 211 days, 1 visit without an order"
    )
    assert p.loc["p5", "reason"] == (
        "potential BRL 1.0 k, bought in 1 of the last 12 months, never contacted"
    )


def test_reasons_in_portuguese_follow_the_market_language():
    m = _market()
    english = pursuit_list(m).set_index("account_id")["reason"]
    p = pursuit_list(m, language="pt-BR").set_index("account_id")["reason"]
    assert p["p4"] == (
        "potencial R$ 2,0 mil, sem compra nos últimos 12 meses, "
        "último contato há 166 dias, 2 visitas sem pedido"
    )
    assert p["p1"] == "potencial R$ 1,0 mil, nunca comprou, nunca contatada"
    assert p["p3"] == (
        "potencial R$ 1,1 mil, nunca comprou, sem contato há 211 dias, 1 visita sem pedido"
    )
    assert p["p5"] == ("potencial R$ 1,0 mil, comprou em 1 dos últimos 12 meses, nunca contatada")
    by_parameter = pursuit_list(m.with_parameters(language="pt-BR"))
    assert by_parameter.set_index("account_id")["reason"].equals(p)
    assert (
        pursuit_list(m.with_parameters(language="pt-BR"), language="en")
        .set_index("account_id")["reason"]
        .equals(english)
    )
    with pytest.raises(KamkitError, match="not supported"):
        pursuit_list(m, language="es")


def test_visits_without_order_counts_after_the_day_of_the_last_purchase():
    accounts = {"account_id": ["a", "b"], "territory": ["T", "T"], "potential": [5000.0, 0.0]}
    sales = [("a", "2026-03-10 15:00", 100.0), ("a", "2026-04-10", -20.0)]  # a return
    visits = [
        ("a", "2026-03-01"),
        ("a", "2026-03-10 09:00"),  # before / same day: no
        ("a", "2026-04-01"),
        ("a", "2026-05-01"),  # after: yes
        ("a", "2026-07-05"),
    ]  # after as_of: ignored
    p = pursuit_list(make_market(accounts, sales, visits))
    assert p["account_id"].tolist() == ["a"]
    assert p["visits_without_order"].tolist() == [2]
    assert p["reason"].iloc[0].endswith("2 visits without an order")


def test_estimated_potential_in_the_reason_and_big_money():
    accounts = {
        "account_id": ["big", "est"] + [f"b{i}" for i in range(5)],
        "territory": ["T"] * 7,
        "segment": ["S"] * 7,
        "potential": [2_500_000.0, np.nan] + [10.0] * 5,
    }
    sales = [(f"b{i}", "2026-06-01", 9.0) for i in range(5)]
    p = pursuit_list(make_market(accounts, sales)).set_index("account_id")
    assert p.loc["big", "reason"].startswith("potential BRL 2.5 M, never bought")
    assert p.loc["est", "potential_estimated"]
    assert "(estimated)" in p.loc["est", "reason"]
    m = make_market(accounts, sales, currency="USD")
    assert pursuit_list(m)["reason"].iloc[0].startswith("potential USD 2.5 M")
    big = pursuit_list(m, language="pt-BR").set_index("account_id")["reason"]
    assert big["big"].startswith("potencial USD 2,5 mi, nunca comprou")
    assert "(estimado)" in big["est"]


def test_cadence_by_rank():
    n = 35
    accounts = {
        "account_id": [f"a{i:02d}" for i in range(n)],
        "territory": ["T"] * n,
        "potential": [1000.0 + i for i in range(n)],
    }
    p = pursuit_list(make_market(accounts, []))
    assert p["rank"].tolist() == list(range(1, n + 1))
    assert p["account_id"].iloc[0] == "a34"  # the largest gap first
    want = [CADENCES[0]] * 10 + [CADENCES[1]] * 20 + [CADENCES[2]] * 5
    assert p["cadence"].astype(str).tolist() == want
    assert list(p["cadence"].cat.categories) == list(CADENCES)


def test_filters_keep_territory_ranks():
    m = _market()
    ana = pursuit_list(m, salesperson="Ana")
    assert ana["account_id"].tolist() == ["p3", "p1", "p5"]
    assert ana["rank"].tolist() == [3, 4, 5]
    u = pursuit_list(m, territory="U")
    assert u["account_id"].tolist() == ["u_hi", "tie_a", "tie_b"]
    top = pursuit_list(m, top=2)
    assert top["account_id"].tolist() == ["p4", "p2", "u_hi", "tie_a"]
    with pytest.raises(KamkitError, match="Did you mean 'Ana'"):
        pursuit_list(m, salesperson="Anna")
    with pytest.raises(KamkitError, match="territory"):
        pursuit_list(m, territory="V")
    for bad in (0, -1, 2.5, True):
        with pytest.raises(KamkitError, match="top"):
            pursuit_list(m, top=bad)


def test_no_candidates_gives_an_empty_table_with_the_columns():
    accounts = {"account_id": ["a"], "territory": ["T"], "potential": [100.0]}
    p = pursuit_list(make_market(accounts, [("a", "2026-06-01", 90.0)]))
    assert len(p) == 0 and tuple(p.columns) == PURSUIT_COLUMNS


def test_as_of_moves_the_list():
    m = _market()
    early = pursuit_list(m, as_of="2024-02-01")
    # on 2024-02-01 p4 had just bought: occasional, share 500 / 2000 = 0.25 < 0.3, still a target
    row = early.set_index("account_id").loc["p4"]
    assert row["stage"] == "occasional" and row["gap"] == 1500
