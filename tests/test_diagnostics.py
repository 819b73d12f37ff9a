"""kk.data_warnings: what a manager should know about the data, checked by hand."""

import pandas as pd

import kamkit as kk
from kamkit.model.market import Market


def _market(potential, as_of="2026-09-30", sales=None):
    accounts = pd.DataFrame(
        {
            "account_id": ["A1", "A2", "A3"],
            "name": ["Um", "Dois", "Três"],
            "territory": ["Sul", "Sul", "Norte"],
            "potential": potential,
        }
    )
    sales = (
        sales
        if sales is not None
        else pd.DataFrame(
            [
                ("A1", "2026-03-10", 600.0),
                ("A1", "2026-04-10", 600.0),  # 1,200 a year
                ("A2", "2026-05-01", 50.0),
                ("A3", "2025-01-05", 70.0),  # before the window
            ],
            columns=["account_id", "date", "amount"],
        )
    )
    return Market.from_frames(
        sales=sales, accounts=accounts, parameters={"as_of": as_of, "language": "pt-BR"}
    )


def test_potential_below_revenue_names_the_accounts_in_both_languages():
    notes = kk.data_warnings(_market([1000.0, 5000.0, None]))
    below = [n for n in notes if n.kind == "potential_below_revenue"]
    assert len(below) == 1
    # A1 buys 1,200 in the 12-month window against a potential of 1,000: share 120%
    assert "1 account(s)" in str(below[0]) and "A1 (BRL 1,000 < BRL 1,200)" in str(below[0])
    assert "A2" not in str(below[0])
    pt = below[0].text("pt-BR")
    assert "1 conta(s)" in pt and "A1 (R$ 1.000 < R$ 1.200)" in pt
    assert below[0].severity == "warning"


def test_an_estimated_potential_is_never_below_revenue_and_all_estimated_is_said():
    notes = kk.data_warnings(_market([None, None, None]))
    assert [n.kind for n in notes] == ["all_estimated"]
    assert "matriz potencial x participação" in notes[0].text("pt-BR")
    assert not [
        n for n in kk.data_warnings(_market([1000.0, None, None])) if n.kind == "all_estimated"
    ]


def test_an_analysis_date_after_or_before_the_data_says_the_window_is_empty():
    after = [
        n
        for n in kk.data_warnings(_market([5000.0] * 3, as_of="2030-06-15"))
        if n.kind == "empty_window"
    ]
    assert len(after) == 1
    assert "after the data: the last sale is on 2026-05-01" in str(after[0])
    assert "(2029-07-01 to 2030-06-15)" in str(after[0])
    assert "posterior aos dados: a última venda é de 01/05/2026" in after[0].text("pt-BR")
    before = [
        n
        for n in kk.data_warnings(_market([5000.0] * 3, as_of="2020-01-31"))
        if n.kind == "empty_window"
    ]
    assert len(before) == 1 and "before the data: the first sale is on 2025-01-05" in str(before[0])
    # a window with one sale on its first day is not empty
    assert not [
        n
        for n in kk.data_warnings(_market([5000.0] * 3, as_of="2027-03-31"))
        if n.kind == "empty_window"
    ]


def test_the_sample_market_flags_exactly_the_accounts_whose_share_passes_100_percent():
    market = kk.load_sample()
    table = kk.segment(market)
    # independent: potential entered, annualised window revenue above it
    months = market.parameters.lookback_months
    expected = table[
        (~table["potential_estimated"])
        & (table["revenue"] * 12 / months > table["potential"] + 1e-6)
    ]
    notes = [
        n for n in kk.data_warnings(market, table=table) if n.kind == "potential_below_revenue"
    ]
    assert len(expected) > 0 and len(notes) == 1
    assert str(notes[0]).startswith(f"{len(expected)} account(s)")
    top = expected.sort_values("share_of_wallet", ascending=False)["account_id"].iloc[0]
    assert f": {top} (" in str(notes[0])
