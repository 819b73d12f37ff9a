"""Coverage (CRM x KAM) on the hand-worked review market of conftest.

Worked by hand (as of 2026-09-30, window Oct 2025 .. Sep 2026, median potential 120):

======  =======  ==========  ========  =========  ======  ==========
account  terr.   stage       quadrant  potential  visits  days since
======  =======  ==========  ========  =========  ======  ==========
A1      Sul      regular     key       1000       2       29
A2      Sul      approached  conquer   900        1       213
A3      Norte    occasional  conquer   800        0       never (visit after as_of)
A4      Norte    lapsed      conquer   700        1       46
A5      Sul      regular     maintain  100        4       10
A6      Sul      untouched   monitor   90         0       never
A7      Norte    occasional  monitor   80         1       364
A8      Norte    untouched   monitor   50         0       never (sale returned)
A9      Leste    untouched   conquer   120        0       never
======  =======  ==========  ========  =========  ======  ==========

"Contacted" (issue 15: coverage means one thing) is by default an interaction in the window:
the ``visits`` column above > 0 -- A1, A2, A4, A5 and A7 (A7's visit is on the window's first
day, 364 days before as_of). ``days=90`` (the default before issue 15) asks about the last 90
days instead: A1, A4 and A5.
"""

import numpy as np
import pytest
from write_inputs import one_account_market

from kamkit.analysis.crm import coverage, effort_by_salesperson, unvisited
from kamkit.analysis.segmentation import segment
from kamkit.core.errors import KamkitError

POT_TOTAL = 3840.0
VISITS_TOTAL = 9


def test_coverage_by_quadrant_and_stage(review_market):
    t = coverage(review_market)
    assert list(t.columns) == [
        "group",
        "value",
        "accounts",
        "accounts_share",
        "potential",
        "potential_share",
        "visits",
        "visits_share",
        "contacted",
        "contacted_share",
    ]
    assert t["group"].astype(str).tolist() == ["quadrant"] * 4 + ["stage"] * 5
    assert t["value"].astype(str).tolist() == [
        "key",
        "conquer",
        "maintain",
        "monitor",
        "untouched",
        "approached",
        "occasional",
        "regular",
        "lapsed",
    ]
    expected = {  # accounts, potential, visits, contacted in the window (visits > 0)
        "key": (1, 1000, 2, 1),  # A1
        "conquer": (4, 2520, 2, 2),  # A2, A4 (not A3, A9)
        "maintain": (1, 100, 4, 1),  # A5
        "monitor": (3, 220, 1, 1),  # A7
        "untouched": (3, 260, 0, 0),
        "approached": (1, 900, 1, 1),  # A2
        "occasional": (2, 880, 1, 1),  # A7
        "regular": (2, 1100, 6, 2),  # A1, A5
        "lapsed": (1, 700, 1, 1),  # A4
    }
    for _, row in t.iterrows():
        a, p, v, c = expected[row["value"]]
        assert (row["accounts"], row["potential"], row["visits"], row["contacted"]) == (a, p, v, c)
        assert row["accounts_share"] == pytest.approx(a / 9)
        assert row["potential_share"] == pytest.approx(p / POT_TOTAL)
        assert row["visits_share"] == pytest.approx(v / VISITS_TOTAL)
        assert row["contacted_share"] == pytest.approx(c / a)
    # each group's shares add up to 1
    for g in ("quadrant", "stage"):
        part = t[t["group"] == g]
        assert part[
            ["accounts_share", "potential_share", "visits_share"]
        ].sum().tolist() == pytest.approx([1, 1, 1])


def test_coverage_in_the_last_90_days(review_market):
    # the definition before issue 15, still asked with days=90: A1 (29 days), A4 (46), A5 (10)
    t = coverage(review_market, days=90).set_index("value")
    assert t["contacted"].to_dict() == {
        "key": 1,
        "conquer": 1,
        "maintain": 1,
        "monitor": 0,
        "untouched": 0,
        "approached": 0,
        "occasional": 0,
        "regular": 2,
        "lapsed": 1,
    }


def test_key_and_conquer_contacted_is_the_scorecards_coverage(review_market):
    from kamkit.analysis.territory import scorecard

    t = coverage(review_market).set_index("value")
    high = t.loc[["key", "conquer"]]
    card = scorecard(review_market).set_index("territory")
    assert high["contacted"].sum() / high["accounts"].sum() == card.loc["all", "coverage"]
    assert card.loc["all", "coverage"] == pytest.approx(3 / 5)  # A1, A2, A4 of A1-A4, A9
    for territory in review_market.territories:
        part = coverage(review_market, territory=territory).set_index("value")
        part = part.loc[["key", "conquer"]]
        n = part["accounts"].sum()
        assert len(unvisited(review_market, territory=territory)) == n - part["contacted"].sum()
        if n:
            assert part["contacted"].sum() / n == pytest.approx(card.loc[territory, "coverage"])


def test_coverage_days_boundary(review_market):
    # A1 was contacted 29 days before as_of: within 29 days, not within 28
    t29 = coverage(review_market, days=29).set_index("value")
    t28 = coverage(review_market, days=28).set_index("value")
    assert t29.loc["key", "contacted"] == 1 and t28.loc["key", "contacted"] == 0


def test_coverage_against_segment_recomputation(review_market):
    # an independent pandas recomputation from segment's columns
    seg = segment(review_market)
    t = coverage(review_market, days=50).set_index("value")
    for q, rows in seg.groupby("quadrant", observed=False):
        assert t.loc[q, "visits"] == rows["visits"].sum()
        assert t.loc[q, "contacted"] == (rows["days_since_contact"].fillna(10**6) <= 50).sum()


def test_coverage_single_territory_and_empty_groups(review_market):
    t = coverage(review_market, territory="Leste").set_index("value")
    assert t["accounts"].sum() == 2  # A9 counted once per group
    assert t.loc["conquer", "accounts"] == 1 and t.loc["conquer", "potential_share"] == 1.0
    assert t.loc["key", "accounts"] == 0 and np.isnan(t.loc["key", "contacted_share"])
    # no interaction at all in the territory: share of visits is undefined, not 0
    assert t["visits"].sum() == 0 and t["visits_share"].isna().all()
    with pytest.raises(KamkitError, match="Did you mean 'Leste'"):
        coverage(review_market, territory="Lest")


def test_unvisited_default(review_market):
    u = unvisited(review_market)
    assert list(u.columns) == [
        "account_id",
        "name",
        "territory",
        "salesperson",
        "quadrant",
        "stage",
        "potential",
        "potential_estimated",
        "revenue",
        "share_of_wallet",
        "last_visit",
        "days_since_contact",
    ]
    # no interaction in the window: never contacted counts; A3's only visit is after as_of;
    # A2 (213 days) was contacted in the window; sorted by territory
    assert u["account_id"].tolist() == ["A9", "A3"]
    assert u.index.tolist() == [0, 1]
    # the window in days says the same thing (A7's visit on its first day is 364 days old)
    from kamkit.analysis.crm import window_days

    assert window_days(review_market) == 364
    assert unvisited(review_market, days=364)["account_id"].tolist() == ["A9", "A3"]
    assert unvisited(review_market, days=90)["account_id"].tolist() == ["A9", "A3", "A2"]


def test_unvisited_days_and_quadrants(review_market):
    # 46 days > 30: A4 joins; within a territory the larger potential comes first
    assert unvisited(review_market, days=30)["account_id"].tolist() == ["A9", "A3", "A4", "A2"]
    # 29 days > 20: A1 (key) joins and comes before A2 (conquer) in Sul
    assert unvisited(review_market, days=20)["account_id"].tolist() == [
        "A9",
        "A3",
        "A4",
        "A1",
        "A2",
    ]
    # in the window A7 was contacted (its first day); A8 and A6 never
    assert unvisited(review_market, quadrants=["monitor"])["account_id"].tolist() == ["A8", "A6"]
    assert unvisited(review_market, quadrants=["monitor"], days=90)["account_id"].tolist() == [
        "A7",
        "A8",
        "A6",
    ]
    assert unvisited(review_market, quadrants="key").empty
    assert unvisited(review_market, territory="Sul").empty  # A1 and A2 both in the window
    assert unvisited(review_market, territory="Sul", days=90)["account_id"].tolist() == ["A2"]
    with pytest.raises(KamkitError, match="not a quadrant"):
        unvisited(review_market, quadrants=("gold",))
    with pytest.raises(KamkitError, match="days must be"):
        unvisited(review_market, days=-1)


def test_effort_by_salesperson(review_market):
    e = effort_by_salesperson(review_market)
    assert list(e.columns) == [
        "territory",
        "salesperson",
        "accounts",
        "visits",
        "low_potential_visits_share",
        "key_conquer_accounts",
        "unvisited",
    ]
    rows = {(r.territory, r.salesperson): r for r in e.itertuples()}
    assert list(rows) == [("Leste", ""), ("Norte", "Bia"), ("Sul", "Ana")]
    bia, ana, leste = rows[("Norte", "Bia")], rows[("Sul", "Ana")], rows[("Leste", "")]
    # unvisited in the window: Bia's A3 (A4 was seen); none of Ana's (A1, A2 seen); Leste's A9
    assert (bia.accounts, bia.visits, bia.key_conquer_accounts, bia.unvisited) == (4, 2, 2, 1)
    # Bia's 2 interactions: A4 (conquer) and A7 (monitor)
    assert bia.low_potential_visits_share == pytest.approx(1 / 2)
    assert (ana.accounts, ana.visits, ana.key_conquer_accounts, ana.unvisited) == (4, 7, 2, 0)
    quarter = {
        r.salesperson: r.unvisited
        for r in effort_by_salesperson(review_market, days=90).itertuples()
    }
    assert quarter == {"": 1, "Bia": 1, "Ana": 1}  # A2's 213 days count in the last 90 days
    assert ana.low_potential_visits_share == pytest.approx(4 / 7)  # A5's 4 of 7
    assert (leste.accounts, leste.visits, leste.unvisited) == (1, 0, 1)
    assert np.isnan(leste.low_potential_visits_share)
    assert e["accounts"].sum() == 9
    assert e["unvisited"].sum() == len(unvisited(review_market))


def test_single_account_market():
    m = one_account_market("X", potential=100.0)
    t = coverage(m).set_index("value")
    assert t["accounts"].sum() == 2
    # its potential is the quantile itself -> high; share 10/100 < 0.3 -> conquer
    assert t.loc["conquer", "accounts"] == 1 and t.loc["conquer", "potential_share"] == 1.0
    assert unvisited(m)["account_id"].tolist() == ["X"]
