"""kk.matrix_summary: quadrant counts, floored estimates (share 100% by construction) and entered
potentials below revenue, against an independent calculation."""

import datetime as dt

import numpy as np
import pandas as pd
import pytest

import kamkit as kk
from kamkit.model.market import Market

HALF_CENT = 0.005


def hand_market(**parameters) -> Market:
    """Segment X: five buyers with entered potentials (annual revenue 100..500), plus
    b (blank potential, annual 2000: the largest, so its estimate is floored at it),
    c (blank, annual 10: estimated at the group's 90% quantile, not floored),
    d (blank, never bought: estimated, not floored) and
    e (entered potential 50 < annual 100: share 200%).
    lookback 12, as_of 2026-06-30: annual revenue = window revenue."""
    ids = ["x1", "x2", "x3", "x4", "x5", "b", "c", "d", "e"]
    accounts = pd.DataFrame(
        {
            "account_id": ids,
            "territory": ["Sul"] * 5 + ["Norte"] * 4,
            "segment": ["X"] * 9,
            "potential": [1000.0] * 5 + [np.nan, np.nan, np.nan, 50.0],
        }
    )
    revenue = [100.0, 200.0, 300.0, 400.0, 500.0, 2000.0, 10.0, 0.0, 100.0]
    sales = pd.DataFrame(
        {
            "account_id": [a for a, r in zip(ids, revenue) if r],
            "date": ["2026-03-01"] * 8,
            "amount": [r for r in revenue if r],
        }
    )
    params = {"as_of": "2026-06-30", **parameters}
    return Market.from_frames(sales=sales, accounts=accounts, parameters=params)


def test_hand_market():
    m = hand_market()
    s = kk.matrix_summary(m)
    assert (s.accounts, s.with_potential, s.estimated) == (9, 9, 3)
    assert s.floored == 1 and s.floored_accounts == ("b",)
    assert s.entered_below_revenue == 1
    table = kk.segment(m).set_index("account_id")
    assert table.loc["b", "share_of_wallet"] == pytest.approx(1.0)  # 100% by construction
    assert s.key + s.conquer + s.maintain + s.monitor == 9
    # the existing data warning already names the entered potential below revenue
    notes = [n for n in kk.data_warnings(m) if n.kind == "potential_below_revenue"]
    assert len(notes) == 1 and "e (" in str(notes[0])
    north = kk.matrix_summary(m, territory="Norte")
    assert (north.accounts, north.floored, north.entered_below_revenue) == (4, 1, 1)
    assert kk.matrix_summary(m, territory="Sul").floored == 0
    assert s.to_series()["floored"] == 1 and "floored_accounts" not in s.to_series()


def expected(market: Market, as_of=None):
    """Floored and entered-below counts by a plain walk over the sales lines."""
    p = market.parameters
    as_of = pd.Timestamp(as_of or market.as_of).date()
    index = as_of.year * 12 + as_of.month - 1 - (p.lookback_months - 1)
    start = dt.date(index // 12, index % 12 + 1, 1)
    revenue: dict = {}
    for account, date, amount in zip(
        market.sales["account_id"].astype(object), market.sales["date"], market.sales["amount"]
    ):
        if start <= pd.Timestamp(date).date() <= as_of:
            revenue[account] = revenue.get(account, 0.0) + amount
    rows = []
    for a, seg, pot in zip(
        market.accounts["account_id"], market.accounts["segment"], market.accounts["potential"]
    ):
        r = revenue.get(a, 0.0)
        seg = None if seg is None or not str(seg).strip() else seg
        rows.append((a, seg, pot, r, r * 12 / p.lookback_months))
    buyers = [row for row in rows if row[3] > HALF_CENT]
    everyone = np.quantile([row[4] for row in buyers], 0.9) if buyers else None
    floored, below = [], 0
    for a, seg, pot, r, annual in rows:
        if np.isnan(pot):
            group = [b[4] for b in buyers if seg is not None and b[1] == seg]
            q = np.quantile(group, 0.9) if len(group) >= 5 else everyone
            if q is not None and r > HALF_CENT and annual >= q:
                floored.append(a)
        elif pot > 0 and annual / pot > 1 + 1e-9:
            below += 1
    return floored, below


def random_market(seed: int) -> Market:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(20, 80))
    accounts = pd.DataFrame(
        {
            "account_id": [f"A{i:03d}" for i in range(n)],
            "territory": rng.choice(["Sul", "Norte"], n),
            "segment": rng.choice(["big", "small", "", None], n, p=[0.6, 0.15, 0.1, 0.15]),
            "potential": np.where(
                rng.random(n) < 0.4, np.nan, rng.choice([500.0, 3000.0, 20000.0], n)
            ),
        }
    )
    lines = []
    for i in range(n):
        for _ in range(int(rng.integers(0, 8))):
            when = pd.Timestamp("2025-01-01") + pd.Timedelta(days=int(rng.integers(0, 600)))
            lines.append((f"A{i:03d}", when, round(float(rng.gamma(1.5, 900.0)), 2)))
    sales = pd.DataFrame(lines, columns=["account_id", "date", "amount"])
    return Market.from_frames(sales=sales, accounts=accounts, parameters={"as_of": "2026-06-15"})


@pytest.mark.parametrize("seed", range(30))
def test_random_markets_match_the_independent_calculation(seed):
    m = random_market(seed)
    floored, below = expected(m)
    s = kk.matrix_summary(m)
    assert s.floored_accounts == tuple(floored)
    assert (s.floored, s.entered_below_revenue) == (len(floored), below)
    table = kk.segment(m)
    counts = table["quadrant"].value_counts()
    assert [s.key, s.conquer, s.maintain, s.monitor] == [
        int(counts.get(q, 0)) for q in ("key", "conquer", "maintain", "monitor")
    ]
    assert s.estimated == int(table["potential_estimated"].sum())
    share = table.set_index("account_id").loc[list(floored), "share_of_wallet"]
    assert np.allclose(share, 1.0)


def test_random_markets_have_floored_accounts():
    assert sum(kk.matrix_summary(random_market(seed)).floored for seed in range(30)) > 10


def test_sample_market():
    m = kk.load_sample()
    floored, below = expected(m)
    s = kk.matrix_summary(m)
    assert s.floored == len(floored) > 0
    assert s.floored_accounts == tuple(floored)
    assert s.entered_below_revenue == below
    assert s.accounts == len(m.accounts)
    six = kk.matrix_summary(m, lookback_months=6)
    assert six.floored_accounts == tuple(expected(m.with_parameters(lookback_months=6))[0])
