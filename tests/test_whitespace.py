"""kk.whitespace and kk.whitespace_totals against an independent calculation.

The reference below walks the sales lines one by one in plain Python (dates, months and
medians by hand); it uses none of the library's helpers, only the market's tables.
"""

import datetime as dt
import statistics

import by_hand
import numpy as np
import pandas as pd
import pytest
from by_hand import HALF_CENT, sales_lines

import kamkit as kk
from kamkit.core.errors import KamkitError
from kamkit.model.market import Market

# --------------------------------------------------------------------------------------------
# the independent calculation


def _blank(value) -> bool:
    return value is None or (isinstance(value, float) and value != value) or not str(value).strip()


def _window_start(as_of: dt.date, months: int) -> dt.date:
    index = as_of.year * 12 + (as_of.month - 1) - (months - 1)
    return dt.date(index // 12, index % 12 + 1, 1)


def _buyers(market: Market, as_of: dt.date) -> set:
    """Accounts with a purchase month (net > half a cent) in the window: occasional or regular."""
    start = _window_start(as_of, market.parameters.lookback_months)
    per_month: dict = {}
    for account, day, amount in sales_lines(market):
        if start <= day <= as_of:
            key = (account, day.year, day.month)
            per_month[key] = per_month.get(key, 0.0) + amount
    return {key[0] for key, net in per_month.items() if net > HALF_CENT}


def expected_whitespace(market: Market, as_of=None, territory=None, min_adoption=None):
    as_of = by_hand.day(as_of or market.as_of)
    minimum = market.parameters.whitespace_min_adoption if min_adoption is None else min_adoption
    start = _window_start(as_of, market.parameters.lookback_months)
    buyers = _buyers(market, as_of)
    net: dict = {}
    families = set()
    for account, day, amount, family in sales_lines(market, "family"):
        if _blank(family):
            continue
        if start <= day <= as_of:
            net[(account, family)] = net.get((account, family), 0.0) + amount
            families.add(family)
    segment_of = {}
    for account, segment in zip(market.accounts["account_id"], market.accounts["segment"]):
        segment_of[account] = None if _blank(segment) else segment
    size: dict = {}
    for account in buyers:
        if segment_of[account] is not None:
            size[segment_of[account]] = size.get(segment_of[account], 0) + 1
    territory_of = dict(zip(market.accounts["account_id"], market.accounts["territory"]))
    rows = []
    for account in sorted(buyers):
        segment = segment_of[account]
        if segment is not None and size[segment] >= 5:
            peers = [b for b in buyers if segment_of[b] == segment]
        else:
            peers = list(buyers)
        for family in sorted(families):
            spent = [net.get((p, family), 0.0) for p in peers]
            bought = [s for s in spent if s > HALF_CENT]
            adoption = len(bought) / len(peers)
            mine = net.get((account, family), 0.0) > HALF_CENT
            if bought and adoption >= minimum and not mine:
                if territory is None or territory_of[account] == territory:
                    rows.append((account, family, adoption, statistics.median(bought)))
    rows.sort(key=lambda r: (-r[3], r[0], r[1]))
    return rows


def _rows(table: pd.DataFrame):
    return list(table[["account_id", "family", "adoption", "value"]].itertuples(index=False))


def assert_same(got: pd.DataFrame, want: list):
    assert tuple(got.columns) == ("account_id", "family", "adoption", "value")
    got = _rows(got)
    assert len(got) == len(want)
    for g, w in zip(got, want):
        assert (g[0], g[1]) == (w[0], w[1])
        assert g[2] == pytest.approx(w[2], abs=1e-12)
        assert g[3] == pytest.approx(w[3], rel=1e-9)


# --------------------------------------------------------------------------------------------
# markets


def random_market(seed: int, **parameters) -> Market:
    """Accounts in 3 territories and segments of every size (blank ones too), sales over 30
    months with returns, credit notes, half-cent crumbs and blank families."""
    rng = np.random.default_rng(seed)
    n = int(rng.integers(15, 45))
    segments = rng.choice(["big", "mid", "tiny", "", None], n, p=[0.4, 0.25, 0.1, 0.1, 0.15])
    accounts = pd.DataFrame(
        {
            "account_id": [f"A{i:03d}" for i in range(n)],
            "name": [f"Conta {i}" for i in range(n)],
            "territory": rng.choice(["Sul", "Norte", "Leste"], n),
            "segment": segments,
            "potential": rng.choice([np.nan, 5000.0, 20000.0, 80000.0], n),
        }
    )
    families = ["EPI", "Químicos", "Ferramentas", "Hidráulica", "Elétrica", None, " "]
    lines = []
    first = pd.Timestamp("2024-03-01")
    for i in range(n):
        if rng.random() < 0.15:
            continue  # never bought
        taste = rng.random(len(families)) < rng.uniform(0.2, 0.9)
        for _ in range(int(rng.integers(1, 40))):
            fam = families[int(rng.choice(np.flatnonzero(taste)))] if taste.any() else None
            when = first + pd.Timedelta(days=int(rng.integers(0, 940)), hours=int(rng.integers(24)))
            amount = round(float(rng.gamma(2.0, 800.0)), 2)
            lines.append((f"A{i:03d}", when, amount, fam))
            if rng.random() < 0.15:  # a return of that sale, whole or partial
                back = amount if rng.random() < 0.5 else round(amount * rng.uniform(0.1, 1), 2)
                lines.append((f"A{i:03d}", when + pd.Timedelta(days=3), -back, fam))
            if rng.random() < 0.03:  # a crumb: net within half a cent of zero
                lines.append((f"A{i:03d}", when, -amount + 0.004, fam))
        if rng.random() < 0.2:  # a family bought only through a credit note
            when = first + pd.Timedelta(days=int(rng.integers(600, 940)))
            lines.append((f"A{i:03d}", when, -float(rng.integers(10, 500)), "Elétrica"))
    sales = pd.DataFrame(lines, columns=["account_id", "date", "amount", "family"])
    params = {"as_of": "2026-08-17", "lookback_months": 12, **parameters}
    return Market.from_frames(sales=sales, accounts=accounts, parameters=params)


def edge_market(**parameters) -> Market:
    """Hand-made: segment S has 5 buying accounts (s1..s5), segment T only 2 (t1, t2: their
    peers are all 8 buying accounts), b1 has a blank segment; p1 never bought.

    as_of 2026-06-15 (mid-month), window 2025-07-01 .. 2026-06-15.

    In the window, net per family:
    - EPI: s1 100, s2 200, s3 300, s4 400; s5 sale 50 returned in full (net 0); t1 1000;
      t2 credit note only (-80); b1 0.004 (a crumb: not bought);
    - Químicos: s1 10, t1 20, t2 30, b1 40;
    - lines with a blank family (s5 500, t2 500) are left out;
    - before the window: s5 EPI 999 (not counted), after as_of: t2 EPI 999 (not counted).
    """
    accounts = pd.DataFrame(
        {
            "account_id": ["s1", "s2", "s3", "s4", "s5", "t1", "t2", "b1", "p1"],
            "territory": ["Sul"] * 4 + ["Norte"] * 5,
            "segment": ["S"] * 5 + ["T", "T", "  ", "S"],
            "potential": [1000.0] * 9,
        }
    )
    sales = pd.DataFrame(
        [
            ("s1", "2026-01-10", 100.0, "EPI"),
            ("s1", "2026-01-10", 10.0, "Químicos"),
            ("s2", "2025-07-01", 200.0, "EPI"),
            ("s3", "2026-06-15 18:30", 300.0, "EPI"),
            ("s4", "2026-03-03", 450.0, "EPI"),
            ("s4", "2026-03-20", -50.0, "EPI"),
            ("s5", "2026-02-01", 50.0, "EPI"),
            ("s5", "2026-02-09", -50.0, "EPI"),
            ("s5", "2026-02-09", 500.0, None),
            ("s5", "2025-06-30", 999.0, "EPI"),
            ("t1", "2026-05-05", 1000.0, "EPI"),
            ("t1", "2026-05-05", 20.0, "Químicos"),
            ("t2", "2026-04-04", -80.0, "EPI"),
            ("t2", "2026-04-04", 30.0, "Químicos"),
            ("t2", "2026-04-04", 500.0, ""),
            ("t2", "2026-06-16", 999.0, "EPI"),
            ("b1", "2026-02-02", 100.0, "EPI"),
            ("b1", "2026-02-03", -99.996, "EPI"),
            ("b1", "2026-02-02", 40.0, "Químicos"),
        ],
        columns=["account_id", "date", "amount", "family"],
    )
    params = {"as_of": "2026-06-15", **parameters}
    return Market.from_frames(sales=sales, accounts=accounts, parameters=params)


# --------------------------------------------------------------------------------------------
# tests


def test_edge_market_by_hand():
    m = edge_market()
    got = kk.whitespace(m)
    # S (5 buyers, s5 counts though it bought EPI net 0): EPI bought by s1..s4 -> 4/5 = 0.8,
    # value median(100, 200, 300, 400) = 250; whitespace for s5. Químicos 1/5: not whitespace.
    # t1, t2 (T has 2 buyers) and b1 (blank segment): peers are all 8 buyers.
    # EPI: s1..s4, t1 bought -> 5/8 = 0.625, median(100, 200, 300, 400, 1000) = 300:
    # whitespace for t2 (credit note only) and b1 (a crumb). Químicos: s1, t1, t2, b1 -> 4/8
    # = 0.5 >= 0.5, median(10, 20, 30, 40) = 25: whitespace for none of t1, t2, b1 (t2 and
    # b1 bought it, t1 too).
    assert _rows(got) == [
        ("b1", "EPI", 0.625, 300.0),
        ("t2", "EPI", 0.625, 300.0),
        ("s5", "EPI", 0.8, 250.0),
    ]
    assert_same(got, expected_whitespace(m))


def test_edge_market_min_adoption_and_territory():
    m = edge_market()
    assert kk.whitespace(m, whitespace_min_adoption="70%")["account_id"].tolist() == ["s5"]
    low = kk.whitespace(m, whitespace_min_adoption=0.2)
    # Químicos (1/5 in S) joins for s2..s5 at value 10
    assert sorted(low.loc[low["family"] == "Químicos", "account_id"]) == ["s2", "s3", "s4", "s5"]
    assert_same(low, expected_whitespace(m, min_adoption=0.2))
    assert len(kk.whitespace(m, territory="Sul")) == 0  # s1..s4 buy both families
    norte = kk.whitespace(m, territory="Norte")
    # s5's peers are still its segment S, whose buyers s1..s4 sit in Sul
    assert norte["account_id"].tolist() == ["b1", "t2", "s5"]
    assert norte["value"].tolist() == [300.0, 300.0, 250.0]
    assert_same(norte, expected_whitespace(m, territory="Norte"))
    with pytest.raises(KamkitError, match="Sul"):
        kk.whitespace(m, territory="Sl")


def test_as_of_moves_the_window():
    m = edge_market()
    # on 2026-06-14, s3 has not bought yet: the S segment has 4 buyers, so everyone's peers
    # are all buyers
    got = kk.whitespace(m, as_of="2026-06-14")
    assert "s3" not in got["account_id"].tolist()
    assert_same(got, expected_whitespace(m, as_of="2026-06-14"))


@pytest.mark.parametrize("seed", range(40))
def test_random_markets_match_the_independent_calculation(seed):
    m = random_market(seed)
    assert_same(kk.whitespace(m), expected_whitespace(m))
    assert_same(
        kk.whitespace(m, whitespace_min_adoption=0.3, as_of="2026-03-31"),
        expected_whitespace(m, as_of="2026-03-31", min_adoption=0.3),
    )
    assert_same(kk.whitespace(m, territory="Norte"), expected_whitespace(m, territory="Norte"))


def test_sample_market_matches_the_independent_calculation():
    m = kk.load_sample()
    got = kk.whitespace(m)
    assert len(got) > 100  # the sample has whitespace to show
    assert_same(got, expected_whitespace(m))
    sul = kk.whitespace(m, territory="Sul", as_of="2026-04-15")
    assert_same(sul, expected_whitespace(m, territory="Sul", as_of="2026-04-15"))


def test_totals_and_cross_sell_rank():
    m = random_market(3)
    rows = expected_whitespace(m)
    totals = kk.whitespace_totals(m)
    want: dict = {}
    for account, _, _, value in rows:
        count, total = want.get(account, (0, 0.0))
        want[account] = (count + 1, total + value)
    assert sorted(totals["account_id"]) == sorted(want)
    for row in totals.itertuples():
        assert row.families == want[row.account_id][0]
        assert row.whitespace_value == pytest.approx(want[row.account_id][1])
    assert totals["whitespace_value"].is_monotonic_decreasing
    table = kk.segment(m).set_index("account_id")
    assert totals["cross_sell_rank"].notna().any()
    for _, group in totals.groupby(totals["territory"].fillna("")):
        cross = group[group["quadrant"].isin(["key", "maintain"])]
        cross = cross.sort_values(["whitespace_value", "account_id"], ascending=[False, True])
        assert cross["cross_sell_rank"].tolist() == list(range(1, len(cross) + 1))
        others = group[~group["quadrant"].isin(["key", "maintain"])]
        assert others["cross_sell_rank"].isna().all()
    for row in totals.itertuples():
        assert row.quadrant == table.loc[row.account_id, "quadrant"]
    sul = kk.whitespace_totals(m, territory="Sul")
    assert set(sul["territory"]) <= {"Sul"}
    assert sul.set_index("account_id")["cross_sell_rank"].equals(
        totals.set_index("account_id").loc[sul["account_id"], "cross_sell_rank"]
    )


def test_overrides_and_bad_input_give_sentences():
    m = edge_market()
    with pytest.raises(KamkitError, match="whitespace_min_adoption"):
        kk.whitespace(m, whitespace_min_adoption="150%")
    with pytest.raises(KamkitError, match="needs a Market"):
        kk.whitespace(kk.segment(m))
    # Portuguese parameter names work as on the parameters sheet
    same = kk.whitespace(m, adocao_minima_mix="70%")
    assert same["account_id"].tolist() == ["s5"]
    assert m.parameters.whitespace_min_adoption == 0.5  # the market itself is unchanged


def test_no_families_gives_an_empty_table_with_the_columns():
    sales = pd.DataFrame({"account_id": ["a"], "date": ["2026-01-05"], "amount": [10.0]})
    m = Market.from_frames(sales=sales, parameters={"as_of": "2026-02-01"})
    got = kk.whitespace(m)
    assert len(got) == 0 and tuple(got.columns) == ("account_id", "family", "adoption", "value")
    assert len(kk.whitespace_totals(m)) == 0


def test_the_random_markets_hold_the_edge_cases():
    """The random markets are worth their name: whitespace, small segments, blank segments,
    blank families, returns and credit-note-only families all occur."""
    found = dict(rows=0, small=0, blank_segment=0, blank_family=0, returns=0, credit_only=0)
    for seed in range(40):
        m = random_market(seed)
        found["rows"] += len(kk.whitespace(m))
        table = kk.segment(m)
        buying = table[table["stage"].isin(["occasional", "regular"])]
        sizes = buying["segment"].dropna().loc[lambda s: s.str.strip() != ""].value_counts()
        found["small"] += int((sizes < 5).any())
        found["blank_segment"] += int(buying["segment"].isna().any())
        sales = m.sales
        found["blank_family"] += int(sales["family"].isna().any())
        found["returns"] += int((sales["amount"] < 0).any())
        net = sales.groupby(["account_id", "family"], observed=True)["amount"]
        found["credit_only"] += int((net.max() < 0).any())
    assert all(count > 0 for count in found.values()), found
