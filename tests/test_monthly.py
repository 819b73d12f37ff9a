"""kamkit.analysis.visits.monthly_purchases: the visit cards' monthly grid, checked against a
hand calculation."""

import numpy as np
import pandas as pd
import pytest

from kamkit.analysis.segmentation import segment
from kamkit.analysis.visits import chart_months, monthly_purchases
from kamkit.core.errors import KamkitError
from kamkit.model.market import Market

pytestmark = pytest.mark.filterwarnings("ignore:.*the territory is empty")


@pytest.fixture
def market():
    accounts = pd.DataFrame(
        {
            "account_id": ["A1", "A2", "A3"],
            "name": ["One", "Two", "Three"],
            "territory": ["Sul", "Sul", "Norte"],
            "potential": [1000.0, 900.0, 800.0],
        }
    )
    sales = pd.DataFrame(
        [
            ("A1", "2025-09-30", 999.0),  # the month before the first
            ("A1", "2025-10-01", 100.0),  # the first day of the first month
            ("A1", "2026-01-10", 200.0),
            ("A1", "2026-01-20 10:00", -50.0),  # a return, netted in its month
            ("A1", "2026-03-10", 300.0),
            ("A1", "2026-09-30 17:45", 40.0),  # the as-of day, late in the day
            ("A1", "2026-10-01", 5000.0),  # after the as-of date
            ("A3", "2026-08-05", 100.0),
            ("A3", "2026-08-31", 25.5),
        ],
        columns=["account_id", "date", "amount"],
    )
    return Market.from_frames(
        sales=sales, accounts=accounts, parameters={"as_of": "2026-09-30"}, source="m.xlsx"
    )


def test_the_months_end_with_the_month_of_the_as_of_date():
    months = chart_months(pd.Timestamp("2026-09-30"), 12)
    assert [str(m) for m in months] == [
        "2025-10", "2025-11", "2025-12", "2026-01", "2026-02", "2026-03",
        "2026-04", "2026-05", "2026-06", "2026-07", "2026-08", "2026-09",
    ]  # fmt: skip
    assert [str(m) for m in chart_months("2026-01-15", 2)] == ["2025-12", "2026-01"]


def test_the_grid_is_the_hand_calculation(market):
    grid = monthly_purchases(market)
    assert list(grid.index) == ["A1", "A2", "A3"] and grid.index.name == "account_id"
    assert list(grid.columns) == list(chart_months(market.as_of, 12))
    # by hand: Oct 100; Jan 200 - 50; Mar 300; Sep 40 (the 999 before, the 5000 after: out)
    a1 = dict.fromkeys(range(12), 0.0) | {0: 100.0, 3: 150.0, 5: 300.0, 11: 40.0}
    assert grid.loc["A1"].tolist() == [a1[k] for k in range(12)]
    assert grid.loc["A2"].tolist() == [0.0] * 12
    assert grid.loc["A3"].tolist() == [0.0] * 10 + [125.5, 0.0]


def test_with_the_12_month_window_a_row_adds_up_to_the_revenue(market):
    grid = monthly_purchases(market)
    revenue = segment(market).set_index("account_id")["revenue"]
    for account in ("A1", "A2", "A3"):
        assert grid.loc[account].sum() == pytest.approx(revenue[account])
    assert grid.loc["A1"].sum() == pytest.approx(100 + 150 + 300 + 40)


def test_accounts_in_the_order_asked_and_fewer_months(market):
    grid = monthly_purchases(market, ["A3", "A1", "A3"], months=3)
    assert list(grid.index) == ["A3", "A1", "A3"]
    assert [str(m) for m in grid.columns] == ["2026-07", "2026-08", "2026-09"]
    assert grid.to_numpy().tolist() == [[0.0, 125.5, 0.0], [0.0, 0.0, 40.0], [0.0, 125.5, 0.0]]
    assert monthly_purchases(market, "A1", months=1).to_numpy().tolist() == [[40.0]]


def test_an_earlier_as_of_date_cuts_the_later_sales(market):
    grid = monthly_purchases(market, ["A1", "A3"], months=2, as_of="2026-08-05")
    # July and August up to the 5th: A3's 100 on the 5th counts, the 25.5 on the 31st not
    assert grid.to_numpy().tolist() == [[0.0, 0.0], [0.0, 100.0]]


def test_bad_input_is_a_sentence(market):
    with pytest.raises(KamkitError, match="no account 'ZZ'"):
        monthly_purchases(market, ["A1", "ZZ"])
    with pytest.raises(KamkitError, match="needs a Market"):
        monthly_purchases(market.sales)
    for months in (0, -1, 1.5, "12", True):
        with pytest.raises(KamkitError, match="months must be a whole number"):
            monthly_purchases(market, months=months)


def test_the_sample_market_matches_a_groupby(sample_market=None):
    from kamkit.files.sample import load_sample

    market = load_sample()
    grid = monthly_purchases(market)
    sales = market.sales
    start = chart_months(market.as_of, 12)[0].to_timestamp()
    end = market.as_of + pd.Timedelta(days=1)
    window = sales[(sales["date"] >= start) & (sales["date"] < end)]
    expected = (
        window.assign(month=window["date"].dt.to_period("M"))
        .groupby([window["account_id"].astype(str), "month"])["amount"]
        .sum()
        .unstack(fill_value=0.0)
        .reindex(index=grid.index, columns=grid.columns, fill_value=0.0)
    )
    np.testing.assert_allclose(grid.to_numpy(), expected.to_numpy(), rtol=1e-9, atol=1e-6)
