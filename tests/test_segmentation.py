"""kamkit.segment: every definition on small hand-made markets, plus a row-by-row reference."""

import importlib

import numpy as np
import pandas as pd
import pytest

from kamkit.analysis.segmentation import (
    ESTIMATE_QUANTILE,
    MIN_SEGMENT_BUYERS,
    QUADRANTS,
    SEGMENT_COLUMNS,
    STAGES,
    abc_classes,
    estimate_potential,
    segment,
    stage_flows,
    stage_transitions,
    window,
)
from kamkit.core.errors import KamkitError
from kamkit.model.market import Market, Parameters

seg = importlib.import_module("kamkit.analysis.segmentation")  # the module, for monkeypatching


def make_market(sales, accounts=None, visits=None, **parameters):
    """A market from tuples: sales (id, date, amount), visits (id, date), accounts dicts."""
    sales = pd.DataFrame(sales, columns=["account_id", "date", "amount"])
    sales["date"] = pd.to_datetime(sales["date"], format="ISO8601")
    if visits is not None:
        visits = pd.DataFrame(visits, columns=["account_id", "date"])
        visits["date"] = pd.to_datetime(visits["date"], format="ISO8601")
    if accounts is not None and not isinstance(accounts, pd.DataFrame):
        accounts = pd.DataFrame(accounts)
    return Market.from_frames(sales=sales, accounts=accounts, visits=visits, parameters=parameters)


def row(table, account_id):
    found = table[table["account_id"] == account_id]
    assert len(found) == 1
    return found.iloc[0]


# ---- shape and types ------------------------------------------------------------------------


def test_columns_types_and_order():
    m = make_market(
        [("b", "2026-09-01", 10.0)],
        accounts={"account_id": ["b", "a"], "name": ["B", "A"], "territory": ["T", "T"]},
        as_of="2026-09-15",
    )
    t = segment(m)
    assert tuple(t.columns) == SEGMENT_COLUMNS
    assert t["account_id"].tolist() == ["b", "a"]  # accounts order
    assert isinstance(t.index, pd.RangeIndex)
    assert list(t["stage"].cat.categories) == list(STAGES) and t["stage"].cat.ordered
    assert list(t["abc_class"].cat.categories) == ["A", "B", "C"]
    assert list(t["quadrant"].cat.categories) == list(QUADRANTS)
    assert t["purchase_months"].dtype == np.int64 and t["visits"].dtype == np.int64
    assert t["potential_estimated"].dtype == bool
    assert str(t["days_since_contact"].dtype) == "Int64" and str(t["priority"].dtype) == "Int64"
    for c in ("first_purchase", "last_purchase", "last_visit"):
        assert t[c].dtype == "datetime64[ns]"
    assert ESTIMATE_QUANTILE == 0.9 and MIN_SEGMENT_BUYERS == 5


def test_window_definition():
    m = make_market([("a", "2026-01-01", 1.0)], as_of="2026-09-15")
    assert window(m) == (pd.Timestamp("2025-10-01"), pd.Timestamp("2026-09-15"))
    assert window(m, as_of="2026-03-31") == (pd.Timestamp("2025-04-01"), pd.Timestamp("2026-03-31"))
    m1 = m.with_parameters(lookback_months=1, regular_min_months=1)
    assert window(m1) == (pd.Timestamp("2026-09-01"), pd.Timestamp("2026-09-15"))
    # without an as_of parameter: the latest sale or visit date, as a day
    m2 = make_market([("a", "2026-01-01", 1.0), ("a", "2026-02-10 15:00", 1.0)])
    assert window(m2)[1] == pd.Timestamp("2026-02-10")
    with pytest.raises(KamkitError, match="not a date"):
        window(m, as_of="someday")


# ---- the as_of date and the window ----------------------------------------------------------


def test_as_of_mid_month_ignores_later_events_of_the_same_month():
    m = make_market(
        [
            ("a", "2026-09-10", 100.0),
            ("a", "2026-09-15 23:59", 7.0),
            ("a", "2026-09-16", 500.0),
            ("b", "2026-09-20", 50.0),
        ],
        visits=[("a", "2026-09-14"), ("b", "2026-09-16"), ("c", "2026-09-30")],
        accounts={"account_id": ["a", "b", "c"]},
        as_of="2026-09-15",
    )
    t = segment(m)
    a, b, c = (row(t, x) for x in "abc")
    assert a["revenue"] == 107.0  # the whole as_of day counts
    assert a["last_purchase"] == pd.Timestamp("2026-09-15 23:59")
    assert a["purchase_months"] == 1 and a["stage"] == "occasional"
    assert b["revenue"] == 0 and b["stage"] == "untouched"  # sale and visit after as_of
    assert pd.isna(b["last_visit"]) and pd.isna(b["first_purchase"])
    assert c["stage"] == "untouched"
    assert a["days_since_contact"] == 1 and pd.isna(b["days_since_contact"])
    # as_of= overrides the parameter
    later = segment(m, as_of="2026-09-30")
    assert row(later, "a")["revenue"] == 607.0 and row(later, "b")["stage"] == "occasional"
    assert row(later, "c")["stage"] == "approached"


def test_window_boundaries_first_month_in_month_before_out():
    m = make_market(
        [("in", "2025-10-01 00:00", 10.0), ("out", "2025-09-30 23:59", 10.0)],
        as_of="2026-09-15",
    )
    t = segment(m)
    assert row(t, "in")["stage"] == "occasional" and row(t, "in")["revenue"] == 10.0
    assert row(t, "out")["stage"] == "lapsed" and row(t, "out")["revenue"] == 0.0
    assert row(t, "out")["last_purchase"] == pd.Timestamp("2025-09-30 23:59")
    # one month later the first one is out too
    t2 = segment(m, as_of="2026-10-01")
    assert row(t2, "in")["stage"] == "lapsed"


def test_visits_counted_in_window_only_last_visit_any_time():
    m = make_market(
        [("a", "2024-01-05", 1.0)],
        visits=[
            ("a", "2025-09-30"),
            ("a", "2025-10-01"),
            ("a", "2026-09-15 18:00"),
            ("a", "2026-09-16"),
        ],
        as_of="2026-09-15",
    )
    a = row(segment(m), "a")
    assert a["visits"] == 2
    assert a["last_visit"] == pd.Timestamp("2026-09-15 18:00")
    assert a["days_since_contact"] == 0
    b = row(segment(m, as_of="2026-06-30"), "a")  # window Jul 2025 .. Jun 2026
    assert (
        b["visits"] == 2
        and b["days_since_contact"]
        == (pd.Timestamp("2026-06-30") - pd.Timestamp("2025-10-01")).days
    )


# ---- purchase months, returns, stages -------------------------------------------------------


def test_return_making_a_month_net_negative_is_not_a_purchase_month():
    m = make_market(
        [
            ("a", "2026-03-02", 100.0),
            ("a", "2026-03-20", -150.0),  # March net -50
            ("a", "2026-05-02", 80.0),  # May: a purchase month
            ("b", "2026-04-01", 100.0),
            ("b", "2026-04-02", -100.0),  # April net 0
            ("c", "2026-02-01", 0.1),
            ("c", "2026-02-02", 0.2),
            ("c", "2026-02-03", -0.3),
        ],
        visits=[("c", "2026-01-01")],
        as_of="2026-06-30",
    )
    t = segment(m)
    a, b, c = (row(t, x) for x in "abc")
    assert a["purchase_months"] == 1 and a["stage"] == "occasional"
    assert a["revenue"] == pytest.approx(30.0)
    assert a["first_purchase"] == pd.Timestamp("2026-03-02")  # a line with amount > 0
    assert b["purchase_months"] == 0 and b["stage"] == "untouched"  # never a purchase month
    assert b["first_purchase"] == pd.Timestamp("2026-04-01")
    assert pd.isna(b["abc_class"])
    # 0.1 + 0.2 - 0.3 leaves a float crumb (5.5e-17) that must not count as a purchase
    assert c["purchase_months"] == 0 and c["stage"] == "approached" and pd.isna(c["abc_class"])


def test_every_stage_by_hand():
    sales = [
        # regular: 3 purchase months in the window (regular_min_months=3)
        ("reg", "2026-01-10", 10.0),
        ("reg", "2026-02-10", 10.0),
        ("reg", "2026-03-10", 10.0),
        # occasional: 2 purchase months, one of them twice
        ("occ", "2026-01-10", 10.0),
        ("occ", "2026-01-20", 10.0),
        ("occ", "2026-04-10", 10.0),
        # lapsed: bought only before the window
        ("lap", "2024-12-31", 10.0),
        # approached: sales that never made a purchase month, and a visit
        ("app", "2026-02-01", 10.0),
        ("app", "2026-02-03", -10.0),
    ]
    m = make_market(
        sales,
        visits=[("app", "2026-02-01"), ("vis", "2025-01-01"), ("lap", "2026-01-01")],
        accounts={"account_id": ["reg", "occ", "lap", "app", "vis", "untouched"]},
        as_of="2026-06-30",
        regular_min_months=3,
    )
    t = segment(m)
    assert t.set_index("account_id")["stage"].astype(str).to_dict() == {
        "reg": "regular",
        "occ": "occasional",
        "lap": "lapsed",
        "app": "approached",
        "vis": "approached",
        "untouched": "untouched",
    }
    assert row(t, "occ")["purchase_months"] == 2
    # regular_min_months counts exactly: 3 months with regular_min_months 4 is occasional
    t4 = segment(m.with_parameters(regular_min_months=4))
    assert row(t4, "reg")["stage"] == "occasional"


def test_lapsed_versus_untouched():
    m = make_market(
        [("old", "2020-05-05", 10.0), ("ret", "2020-05-05", -10.0)],
        accounts={"account_id": ["old", "ret", "new"]},
        as_of="2026-06-30",
    )
    t = segment(m)
    assert row(t, "old")["stage"] == "lapsed"
    assert row(t, "ret")["stage"] == "untouched"  # a return alone is not a purchase
    assert row(t, "new")["stage"] == "untouched"
    # at a date before any sale, nobody has bought yet
    t0 = segment(m, as_of="2019-01-01")
    assert set(t0["stage"].astype(str)) == {"untouched"}


def test_accounts_with_only_visits_are_approached():
    m = make_market(
        [("buyer", "2026-01-01", 10.0)],
        visits=[("p1", "2026-05-01"), ("p1", "2026-05-02"), ("p2", "2019-01-01")],
        accounts={"account_id": ["buyer", "p1", "p2", "p3"]},
        as_of="2026-06-30",
    )
    t = segment(m)
    assert [row(t, x)["stage"] for x in ("p1", "p2", "p3")] == [
        "approached",
        "approached",
        "untouched",
    ]
    assert row(t, "p1")["visits"] == 2 and row(t, "p2")["visits"] == 0


def test_single_account_market():
    m = make_market([("solo", "2026-06-01", 50.0)], as_of="2026-06-30")
    t = segment(m)
    assert len(t) == 1
    s = t.iloc[0]
    assert s["stage"] == "occasional" and s["abc_class"] == "A"
    # blank potential estimated from the only buyer: its own annualised revenue
    assert s["potential"] == 50.0 and s["potential_estimated"]
    assert s["share_of_wallet"] == 1.0 and s["gap"] == 0.0
    assert s["quadrant"] == "key"


def test_empty_sales_and_an_unknown_or_missing_code():
    accounts = {"account_id": ["a", "b"], "territory": ["T", "T"]}
    m = make_market([], accounts=accounts, visits=[("a", "2026-01-01")], as_of="2026-06-30")
    t = segment(m)
    assert t["stage"].astype(str).tolist() == ["approached", "untouched"]
    assert t["abc_class"].isna().all() and (t["revenue"] == 0).all()
    # a sales line whose account is not in the accounts table (missing category) is ignored,
    # and so is a line without a date
    sales = pd.DataFrame(
        {
            "account_id": ["a", "a", "b"],
            "date": pd.to_datetime(["2026-06-01", "2026-06-01", None]),
            "amount": [5.0, 1000.0, 7.0],
        }
    )
    m2 = Market.from_frames(
        sales=sales, accounts=pd.DataFrame(accounts), parameters={"as_of": "2026-06-30"}
    )
    codes = m2.sales["account_id"].cat.codes.to_numpy().copy()
    codes[1] = -1
    m2.sales["account_id"] = pd.Categorical.from_codes(codes, dtype=m2.sales["account_id"].dtype)
    assert m2.sales["account_id"].isna().sum() == 1
    t2 = segment(m2)
    assert t2["revenue"].tolist() == [5.0, 0.0]
    assert pd.isna(row(t2, "b")["first_purchase"])


def test_dates_in_other_units_give_the_same_result():
    m = make_market(
        [("a", "2026-06-01 10:00", 5.0), ("b", "2025-01-01", 3.0)],
        visits=[("a", "2026-06-02")],
        as_of="2026-06-30",
    )
    sales = m.sales.assign(date=m.sales["date"].astype("datetime64[s]"))
    visits = m.visits.assign(date=m.visits["date"].astype("datetime64[ms]"))
    other = Market(m.accounts, sales, visits, m.parameters)
    pd.testing.assert_frame_equal(segment(other), segment(m))


def test_default_as_of_is_the_latest_sale_or_visit_whatever_the_unit_or_blanks():
    m = make_market(
        [("a", "2026-06-01 10:00", 5.0), ("b", "2025-01-01", 3.0)],
        visits=[("a", "2026-06-02 15:30")],
    )
    assert m.as_of == pd.Timestamp("2026-06-02")  # the day of the latest event
    sales = m.sales.assign(
        date=pd.Series([pd.NaT, pd.Timestamp("2026-07-09 08:00")], dtype="datetime64[s]")
    )
    visits = m.visits.assign(date=pd.Series([pd.NaT], dtype="datetime64[ms]"))
    assert Market(m.accounts, sales, visits, m.parameters).as_of == pd.Timestamp("2026-07-09")
    blank = sales.assign(date=pd.Series([pd.NaT, pd.NaT], dtype="datetime64[ns]"))
    with pytest.raises(KamkitError, match="no dated sales or visits"):
        _ = Market(m.accounts, blank, visits, m.parameters).as_of


# ---- ABC ------------------------------------------------------------------------------------


def test_abc_ties_broken_by_account_id():
    # accounts listed b, a, c so that row order cannot explain the result
    m = make_market(
        [
            ("b", "2026-06-01", 100.0),
            ("a", "2026-06-01", 100.0),
            ("c", "2026-06-01", 50.0),
            ("d", "2026-06-01", -5.0),
        ],
        accounts={"account_id": ["b", "a", "c", "d", "e"]},
        as_of="2026-06-30",
        abc_a_share=0.4,
        abc_b_share=0.8,
    )
    t = segment(m).set_index("account_id")["abc_class"]
    # ranked a, b, c (total 250); shares before: 0, 0.4, 0.8 -> A, B (0.4 is not < 0.4), C
    assert t.astype(object).where(t.notna(), None).to_dict() == {
        "b": "B",
        "a": "A",
        "c": "C",
        "d": None,
        "e": None,
    }


def test_abc_classes_public_function():
    revenue = pd.Series({"x": 50.0, "y": 30.0, "z": 10.0, "w": 10.0, "v": 0.0, "u": np.nan})
    cls = abc_classes(revenue)  # before-shares: x 0, y .5, w .8, z .9
    assert cls.index.tolist() == revenue.index.tolist()
    assert cls.astype(object).where(cls.notna(), None).tolist() == ["A", "B", "C", "C", None, None]
    cls2 = abc_classes(revenue, a_share=0.6, b_share=0.85)
    assert cls2.astype(object).where(cls2.notna(), None).tolist() == [
        "A",
        "A",
        "C",
        "B",
        None,
        None,
    ]
    with pytest.raises(KamkitError):
        abc_classes(revenue, a_share=0.9, b_share=0.5)


def test_abc_against_an_independent_pandas_calculation():
    rng = np.random.default_rng(3)
    ids = [f"{i:04d}" for i in rng.permutation(300)]
    revenue = pd.Series(rng.integers(-50, 400, 300).astype(float), index=ids)
    revenue[rng.random(300) < 0.2] = 100.0  # plenty of ties
    got = abc_classes(revenue, a_share=0.5, b_share=0.8)
    buyers = revenue[revenue > 0].rename("r").rename_axis("id").reset_index()
    buyers = buyers.sort_values(["r", "id"], ascending=[False, True])
    before = buyers["r"].cumsum().shift(fill_value=0) / buyers["r"].sum()
    want = np.select([before < 0.5, before < 0.8], ["A", "B"], "C")
    expected = pd.Series(want, index=buyers["id"].to_numpy()).reindex(revenue.index)
    assert (
        got.astype(object).where(got.notna(), None).tolist()
        == expected.astype(object).where(expected.notna(), None).tolist()
    )


# ---- potential, share of wallet, quadrant, gap ----------------------------------------------


def _potential_market(lookback=12):
    """Segment R has 5 buyers (its own reference); segment S has 2 (falls back to all)."""
    accounts = pd.DataFrame(
        {
            "account_id": ["r1", "r2", "r3", "r4", "r5", "r6", "s1", "s2", "s3", "z0", "blank"],
            "segment": ["R"] * 6 + ["S"] * 3 + ["R", "  "],
            "potential": [np.nan, 1000, np.nan, 50, 5000, np.nan, np.nan, 100, np.nan, 0.0, np.nan],
        }
    )
    sales = [
        ("r1", "2026-06-01", 100.0),
        ("r2", "2026-06-01", 200.0),
        ("r3", "2026-06-01", 300.0),
        ("r4", "2026-06-01", 400.0),
        ("r5", "2026-06-01", 5000.0),
        ("s1", "2026-06-01", 10.0),
        ("s2", "2026-06-01", 20.0),
        ("z0", "2026-05-01", 30.0),
    ]
    return make_market(sales, accounts=accounts, as_of="2026-06-30", lookback_months=lookback)


def test_potential_estimation_and_flag():
    m = _potential_market()
    t = segment(m).set_index("account_id")
    r_buyers = np.array([100, 200, 300, 400, 5000, 30], dtype=float)  # z0 is R too
    all_buyers = np.array([100, 200, 300, 400, 5000, 10, 20, 30], dtype=float)
    q_r = np.quantile(r_buyers, 0.9)
    q_all = np.quantile(all_buyers, 0.9)
    assert t.loc["r6", "potential"] == pytest.approx(q_r)  # no sales: segment quantile
    assert t.loc["r1", "potential"] == pytest.approx(q_r)
    assert t.loc["r3", "potential"] == pytest.approx(q_r)
    assert t.loc["s1", "potential"] == pytest.approx(q_all)  # < 5 buyers in S
    assert t.loc["s3", "potential"] == pytest.approx(q_all)
    assert t.loc["blank", "potential"] == pytest.approx(q_all)  # blank segment
    assert t.loc["r2", "potential"] == 1000 and t.loc["r4", "potential"] == 50  # given: kept
    assert t.loc["z0", "potential"] == 0.0  # 0 is given, not blank
    assert t["potential_estimated"].to_dict() == {
        "r1": True,
        "r2": False,
        "r3": True,
        "r4": False,
        "r5": False,
        "r6": True,
        "s1": True,
        "s2": False,
        "s3": True,
        "z0": False,
        "blank": True,
    }


def test_potential_never_below_own_annualised_revenue():
    accounts = pd.DataFrame(
        {
            "account_id": ["big", "a", "b", "c", "d", "e"],
            "segment": ["R"] * 6,
            "potential": [np.nan] + [1.0] * 5,
        }
    )
    sales = [("big", "2026-06-01", 9000.0)] + [(x, "2026-06-01", 10.0) for x in "abcde"]
    m = make_market(sales, accounts=accounts, as_of="2026-06-30", lookback_months=6)
    t = segment(m).set_index("account_id")
    annual = np.array([9000, 10, 10, 10, 10, 10]) * 12 / 6
    q = np.quantile(annual, 0.9)
    assert q < 18000
    assert t.loc["big", "potential"] == 18000.0  # own annualised revenue
    assert t.loc["big", "share_of_wallet"] == pytest.approx(9000 / (18000 * 6 / 12))


def test_estimate_potential_public_function_matches_segment():
    m = _potential_market(lookback=6)
    t = segment(m)
    est = estimate_potential(
        pd.DataFrame(
            {
                "potential": m.accounts["potential"],
                "segment": m.accounts["segment"],
                "revenue": t["revenue"],
            }
        ),
        lookback_months=6,
    )
    assert est["potential"].tolist() == pytest.approx(t["potential"].tolist())
    assert est["potential_estimated"].tolist() == t["potential_estimated"].tolist()
    # nothing to compare with: blanks stay blank, not flagged
    none = estimate_potential(
        pd.DataFrame({"potential": [np.nan, 5.0], "segment": ["R", "R"], "revenue": [0.0, 0.0]})
    )
    assert np.isnan(none["potential"][0]) and not none["potential_estimated"].any()
    with pytest.raises(KamkitError, match="revenue"):
        estimate_potential(pd.DataFrame({"potential": [1.0], "segment": ["R"]}))


def test_share_of_wallet_gap_and_quadrants_by_hand():
    accounts = pd.DataFrame(
        {
            "account_id": ["key", "conq", "keep", "mon", "zero", "prospect"],
            "segment": ["X"] * 6,
            "potential": [1000.0, 2000.0, 100.0, 10.0, 0.0, 3000.0],
        }
    )
    sales = [
        ("key", "2026-01-15", 250.0),
        ("key", "2026-04-15", 250.0),  # 500 in 6 months
        ("conq", "2026-03-01", 100.0),
        ("keep", "2026-02-01", 40.0),
        ("mon", "2026-02-01", 1.0),
        ("zero", "2026-02-01", 99.0),
    ]
    m = make_market(
        sales,
        accounts=accounts,
        as_of="2026-06-30",
        lookback_months=6,
        potential_quantile=0.5,
        share_threshold=0.3,
    )
    t = segment(m).set_index("account_id")
    wallet = accounts.set_index("account_id")["potential"] * 6 / 12
    revenue = pd.Series(
        {"key": 500.0, "conq": 100.0, "keep": 40.0, "mon": 1.0, "zero": 99.0, "prospect": 0.0}
    )
    assert t["revenue"].to_dict() == revenue.to_dict()
    share = (revenue / wallet).where(wallet > 0)
    pd.testing.assert_series_equal(t["share_of_wallet"], share, check_names=False)
    assert np.isnan(t.loc["zero", "share_of_wallet"])  # potential 0
    assert t["gap"].to_dict() == (wallet - revenue).clip(lower=0).to_dict()
    # median potential of (1000, 2000, 100, 10, 0, 3000) = 550: key/conq/prospect are high
    assert np.median(accounts["potential"]) == 550
    assert t["quadrant"].astype(str).to_dict() == {
        "key": "key",
        "conq": "conquer",
        "keep": "maintain",
        "mon": "monitor",
        "zero": "monitor",
        "prospect": "conquer",
    }


def test_potential_zero_is_never_high_potential():
    accounts = pd.DataFrame({"account_id": list("abcd"), "potential": [0.0, 0.0, 0.0, 10.0]})
    m = make_market(
        [("a", "2026-06-01", 5.0)], accounts=accounts, as_of="2026-06-30", potential_quantile=0.5
    )
    t = segment(m).set_index("account_id")
    # the median potential is 0, yet an account with potential 0 is low potential
    assert t.loc["a", "quadrant"] == "monitor" and t.loc["b", "quadrant"] == "monitor"
    assert t.loc["d", "quadrant"] == "conquer"


# ---- territory --------------------------------------------------------------------------------


def _territory_market():
    accounts = pd.DataFrame(
        {
            "account_id": ["n1", "n2", "s1", "s2", "e1"],
            "territory": ["Norte", "Norte", "Sul", "Sul", "Leste"],
            "potential": [100.0, 5000.0, 300.0, 50.0, 4000.0],
        }
    )
    sales = [("n1", "2026-06-01", 100.0), ("s1", "2026-06-01", 300.0), ("s2", "2026-01-01", 20.0)]
    return make_market(sales, accounts=accounts, visits=[("e1", "2026-06-01")], as_of="2026-06-30")


def test_territory_filters_rows_after_computing_on_the_whole_market():
    m = _territory_market()
    whole = segment(m)
    sul = segment(m, territory="Sul")
    expected = whole[whole["territory"] == "Sul"].reset_index(drop=True)
    pd.testing.assert_frame_equal(sul, expected)
    # ABC is over the whole market: s1 (300) is the top account, n1 (100) is B
    assert row(whole, "s1")["abc_class"] == "A"
    with pytest.raises(KamkitError, match="Did you mean 'Sul'"):
        segment(m, territory="Sull")


def test_a_territory_without_any_activity():
    m = _territory_market()
    leste = segment(m, territory="Leste")
    assert len(leste) == 1 and leste["stage"].tolist() == ["approached"]
    assert leste["abc_class"].isna().all() and leste["revenue"].tolist() == [0.0]


# ---- lifecycle flow ---------------------------------------------------------------------------


def _flow_market():
    return make_market(
        [
            ("a", "2025-01-10", 10.0),
            ("b", "2025-01-10", 20.0),
            ("b", "2026-06-01", 30.0),
            ("c", "2026-05-01", 40.0),
        ],
        visits=[("d", "2026-02-01")],
        accounts={"account_id": list("abcde"), "territory": ["N", "N", "S", "S", "S"]},
        as_of="2026-06-30",
    )


def test_stage_transitions_crosstab():
    m = _flow_market()
    x = stage_transitions(m, "2025-06-30", "2026-06-30")
    assert list(x.index) == list(STAGES) and list(x.columns) == list(STAGES)
    assert x.index.name == "before" and x.columns.name == "after"
    assert int(x.to_numpy().sum()) == 5
    assert x.loc["occasional", "lapsed"] == 1  # a
    assert x.loc["occasional", "occasional"] == 1  # b
    assert x.loc["untouched", "occasional"] == 1  # c
    assert x.loc["untouched", "approached"] == 1  # d
    assert x.loc["untouched", "untouched"] == 1  # e
    # the same as a crosstab of two segment tables
    before = segment(m, as_of="2025-06-30")["stage"]
    after = segment(m, as_of="2026-06-30")["stage"]
    ref = pd.crosstab(before, after, dropna=False).reindex(
        index=list(STAGES), columns=list(STAGES), fill_value=0
    )
    assert (x.to_numpy() == ref.to_numpy()).all()
    s = stage_transitions(m, "2025-06-30", "2026-06-30", territory="S")
    assert int(s.to_numpy().sum()) == 3
    with pytest.raises(KamkitError, match="earlier"):
        stage_transitions(m, "2026-06-30", "2025-06-30")


def test_stage_flows_long_table():
    m = _flow_market()
    f = stage_flows(m, "2025-06-30", "2026-06-30")
    assert list(f.columns) == ["from_stage", "to_stage", "accounts", "revenue_after"]
    assert len(f) == 25
    x = stage_transitions(m, "2025-06-30", "2026-06-30")
    assert f["accounts"].tolist() == x.to_numpy().ravel().tolist()
    flows = f[f["accounts"] > 0].set_index(["from_stage", "to_stage"])["revenue_after"]
    assert flows[("occasional", "occasional")] == 30.0
    assert flows[("untouched", "occasional")] == 40.0
    assert flows[("occasional", "lapsed")] == 0.0
    assert f["revenue_after"].sum() == segment(m)["revenue"].sum()


# ---- the engine against a slow row-by-row reference -------------------------------------------


def _random_market(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 40))
    ids = [f"c{i:03d}" for i in rng.permutation(n)]
    base = pd.Timestamp("2023-01-01")
    k = int(rng.integers(0, 400))
    who = rng.integers(0, n, k)
    sales = pd.DataFrame(
        {
            "account_id": [ids[i] for i in who],
            "date": base
            + pd.to_timedelta(rng.integers(0, 1300, k), "D")
            + pd.to_timedelta(rng.integers(0, 86400, k) * (rng.random(k) < 0.3), "s"),
            "amount": np.where(rng.random(k) < 0.15, -1, 1) * rng.integers(1, 50, k).astype(float),
        }
    )
    kv = int(rng.integers(0, 80))
    visits = pd.DataFrame(
        {
            "account_id": [ids[i] for i in rng.integers(0, n, kv)],
            "date": base + pd.to_timedelta(rng.integers(0, 1300, kv), "D"),
        }
    )
    lookback = int(rng.integers(1, 25))
    params = Parameters(
        as_of=base + pd.Timedelta(days=int(rng.integers(-30, 1350))),
        lookback_months=lookback,
        regular_min_months=int(rng.integers(1, lookback + 1)),
        abc_a_share=0.5,
        abc_b_share=0.8,
    )
    accounts = pd.DataFrame({"account_id": ids, "potential": rng.integers(0, 500, n) * 1.0})
    return Market.from_frames(sales=sales, accounts=accounts, visits=visits, parameters=params)


def _reference(market):
    """Stage, ABC and aggregates computed one row at a time, straight from the definitions."""
    p = market.parameters
    as_of = p.as_of
    end = as_of + pd.Timedelta(days=1)
    start_period = as_of.to_period("M") - (p.lookback_months - 1)
    ids = market.accounts["account_id"].tolist()
    monthly = {a: {} for a in ids}
    first, last = {}, {}
    for a, d, amt in market.sales[["account_id", "date", "amount"]].itertuples(index=False):
        if d >= end:
            continue
        m = d.to_period("M")
        monthly[a][m] = monthly[a].get(m, 0.0) + amt
        if amt > 0:
            first[a] = min(first.get(a, d), d)
            last[a] = max(last.get(a, d), d)
    visits = {a: [] for a in ids}
    for a, d in market.visits[["account_id", "date"]].itertuples(index=False):
        if d < end:
            visits[a].append(d)
    out = {}
    for a in ids:
        in_window = [m for m, v in monthly[a].items() if v > 0.005 and m >= start_period]
        before = [m for m, v in monthly[a].items() if v > 0.005 and m < start_period]
        revenue = sum(v for m, v in monthly[a].items() if m >= start_period)
        if len(in_window) >= p.regular_min_months:
            stage = "regular"
        elif in_window:
            stage = "occasional"
        elif before:
            stage = "lapsed"
        elif visits[a]:
            stage = "approached"
        else:
            stage = "untouched"
        lp = last.get(a)
        out[a] = {
            "stage": stage,
            "revenue": revenue,
            "purchase_months": len(in_window),
            "first_purchase": first.get(a, pd.NaT),
            "last_purchase": last.get(a, pd.NaT),
            "last_visit": max(visits[a]) if visits[a] else pd.NaT,
            "visits": sum(1 for d in visits[a] if d >= start_period.to_timestamp()),
            "without_order": sum(
                1 for d in visits[a] if lp is None or d.normalize() > lp.normalize()
            ),
        }
    ranked = sorted(
        (a for a in ids if out[a]["revenue"] > 0.005), key=lambda a: (-out[a]["revenue"], a)
    )
    total = sum(out[a]["revenue"] for a in ranked)
    running = 0.0
    for a in ids:
        out[a]["abc"] = None
    for a in ranked:
        share = running / total
        out[a]["abc"] = "A" if share < p.abc_a_share else "B" if share < p.abc_b_share else "C"
        running += out[a]["revenue"]
    return out


@pytest.mark.parametrize("seed", range(40))
def test_engine_matches_row_by_row_reference(seed):
    market = _random_market(seed)
    ref = _reference(market)
    table, facts = seg._segment_frame(market, None)
    for i, a in enumerate(table["account_id"]):
        r = ref[a]
        got = table.iloc[i]
        assert got["stage"] == r["stage"], a
        assert (None if pd.isna(got["abc_class"]) else got["abc_class"]) == r["abc"], a
        assert got["revenue"] == pytest.approx(r["revenue"]), a
        assert got["purchase_months"] == r["purchase_months"], a
        for c in ("first_purchase", "last_purchase", "last_visit"):
            assert (pd.isna(got[c]) and pd.isna(r[c])) or got[c] == r[c], (a, c)
        assert got["visits"] == r["visits"], a
        assert facts.visits_without_order[i] == r["without_order"], a


@pytest.fixture
def one_thread():
    """The facts engine on one thread, then back to its settings (the old engine's knobs,
    grid blocks and row steps, went with it: threads are the new engine's)."""
    from kamkit.analysis import facts

    before = facts.settings()
    facts.settings(threads=1)
    yield
    facts.settings(threads=before.threads)


@pytest.mark.parametrize("seed", range(6))
def test_grid_in_blocks_equals_one_grid(seed, one_thread):
    from kamkit.analysis import facts

    market = _random_market(seed + 100)
    whole = segment(market)
    facts.settings(threads=4)  # more threads than cores: the work split many ways
    pd.testing.assert_frame_equal(segment(market), whole)


@pytest.mark.parametrize("seed", range(8))
def test_first_and_last_purchase_found_in_many_small_steps(seed, one_thread):
    """The first/last purchase pass skips lines that cannot beat the bound so far; in steps of
    a few lines, in date order or not, with unknown accounts and undated lines, it must find
    what one step finds."""
    market = _random_market(seed + 200)
    sales = market.sales
    if seed % 2:  # date order, the usual export: the case where pruning skips the most
        sales = sales.sort_values("date", kind="stable").reset_index(drop=True)
    if len(sales) > 3:
        codes = sales["account_id"].array.codes.copy()
        codes[1] = -1  # an account not in the accounts table
        dates = sales["date"].copy()
        dates.iloc[2] = pd.NaT  # a line without a date
        sales = sales.assign(
            account_id=pd.Categorical.from_codes(codes, dtype=sales["account_id"].dtype), date=dates
        )
    market = Market(market.accounts, sales, market.visits, market.parameters)
    whole = segment(market)
    from kamkit.analysis import facts

    facts.settings(threads=4)
    pd.testing.assert_frame_equal(segment(market), whole)


def test_id_rank_is_pythons_order_of_the_codes():
    """Ties in ABC are broken by account_id in Python's order, whatever sorts them."""
    from kamkit.analysis.segmentation import _id_rank

    ids = ["b", "B", "á", "a10", "a9", "Z", "ção", "C-0002", "C-0010", "😀", "a"]
    expected = {v: i for i, v in enumerate(sorted(ids))}
    for index in (pd.Index(ids, dtype=object), pd.Index(ids, dtype="str")):
        assert _id_rank(index).tolist() == [expected[v] for v in ids]
    numbers = pd.Index([30, 4, 100])
    assert _id_rank(numbers).tolist() == [1, 0, 2]
