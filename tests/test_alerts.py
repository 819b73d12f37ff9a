"""kk.alerts against an independent calculation.

The reference walks the sales lines in plain Python: calendar months by hand (a month is
subtracted with the day clipped to the month's length, as pandas' DateOffset does), medians
with ``statistics.median``; none of the library's helpers.
"""

import calendar
import datetime as dt
import statistics

import by_hand
import numpy as np
import pandas as pd
import pytest
from by_hand import HALF_CENT, sales_lines

import kamkit as kk
from kamkit.analysis.alerts import ALERT_COLUMNS
from kamkit.core.errors import KamkitError
from kamkit.model.market import Market

# --------------------------------------------------------------------------------------------
# the independent calculation


def _minus_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + (day.month - 1) - months
    year, month = index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _month(day: dt.date) -> int:
    return day.year * 12 + day.month - 1


def expected_alerts(market: Market, as_of=None, territory=None):
    """{(account_id, kind): numbers} of the warnings, by the issue's words."""
    p = market.parameters
    as_of = by_hand.day(as_of or market.as_of)
    window_from = _minus_months(as_of.replace(day=1), p.lookback_months - 1)
    recent_from, year_ago = _minus_months(as_of, 3), _minus_months(as_of, 12)
    earlier_from = _minus_months(as_of, 15)
    monthly: dict = {}
    recent: dict = {}
    earlier: dict = {}
    for account, day, amount in sales_lines(market):
        if day > as_of:
            continue
        key = (account, _month(day))
        monthly[key] = monthly.get(key, 0.0) + amount
        if recent_from < day <= as_of:
            recent[account] = recent.get(account, 0.0) + amount
        if earlier_from < day <= year_ago:
            earlier[account] = earlier.get(account, 0.0) + amount
    territory_of = dict(zip(market.accounts["account_id"], market.accounts["territory"]))
    out = {}
    for account in market.accounts["account_id"]:
        months = sorted(m for (a, m), net in monthly.items() if a == account and net > HALF_CENT)
        buying = any(m >= _month(window_from) for m in months)
        if not buying or (territory is not None and territory_of[account] != territory):
            continue
        r, e = recent.get(account, 0.0), earlier.get(account, 0.0)
        if e > HALF_CENT and r <= (1 - p.drop_threshold) * e:
            out[(account, "revenue_drop")] = dict(recent=r, earlier=e)
        last24 = [m for m in months if m > _month(as_of) - 24]
        if len(last24) >= 3:
            gaps = [b - a for a, b in zip(last24, last24[1:])]
            gap = statistics.median(gaps)
            since = _month(as_of) - last24[-1]
            if since > p.overdue_factor * gap and since >= 2:
                out[(account, "overdue")] = dict(count=len(last24), gap=gap, since=since)
    return out


def assert_same(got: pd.DataFrame, want: dict):
    assert tuple(got.columns[:3]) == ("account_id", "kind", "detail")
    keys = list(zip(got["account_id"], got["kind"]))
    assert keys == sorted(want, key=lambda k: (k[0], k[1] != "revenue_drop"))
    for row in got.itertuples():
        w = want[(row.account_id, row.kind)]
        if row.kind == "revenue_drop":
            assert row.recent_revenue == pytest.approx(w["recent"], abs=1e-6)
            assert row.earlier_revenue == pytest.approx(w["earlier"], abs=1e-6)
            assert row.change == pytest.approx(w["recent"] / w["earlier"] - 1, abs=1e-9)
            assert pd.isna(row.months_since_purchase)
        else:
            assert row.purchase_months == w["count"]
            assert row.median_gap == w["gap"]
            assert row.months_since_purchase == w["since"]
            assert np.isnan(row.recent_revenue)


# --------------------------------------------------------------------------------------------
# markets


def random_market(seed: int, **parameters) -> Market:
    """Accounts with every buying rhythm (monthly, quarterly, bursts, fading, stopped), returns
    and credit notes, dates with hours, in 2 territories."""
    rng = np.random.default_rng(seed)
    n = int(rng.integers(20, 50))
    accounts = pd.DataFrame(
        {
            "account_id": [f"A{i:03d}" for i in range(n)],
            "territory": rng.choice(["Sul", "Norte"], n),
            "potential": 10000.0,
        }
    )
    lines = []
    for i in range(n):
        every = int(rng.choice([1, 1, 2, 3, 4, 6]))
        stop = int(rng.integers(0, 36))  # months before the end where buying stops
        start = int(rng.integers(0, 20))
        fade = rng.uniform(0.2, 1.0)
        for month in range(start, 36 - stop, every):
            if rng.random() < 0.15:
                continue
            day = pd.Timestamp(2023, 10, 1) + pd.DateOffset(months=month)
            day += pd.Timedelta(days=int(rng.integers(0, 28)), hours=int(rng.integers(24)))
            amount = round(float(rng.gamma(2.0, 500.0)) * (fade if month > 28 else 1.0), 2)
            lines.append((f"A{i:03d}", day, amount))
            if rng.random() < 0.1:
                lines.append((f"A{i:03d}", day + pd.Timedelta(days=2), -amount))
        if rng.random() < 0.1:
            lines.append((f"A{i:03d}", pd.Timestamp(2026, 8, 3), -300.0))  # credit note
    sales = pd.DataFrame(lines, columns=["account_id", "date", "amount"])
    params = {"as_of": "2026-08-17", **parameters}
    return Market.from_frames(sales=sales, accounts=accounts, parameters=params)


def edge_market(**parameters) -> Market:
    """as_of 2026-05-31: the last 3 months are 1 Mar .. 31 May (after 28 Feb), a year earlier
    1 Mar .. 31 May 2025 (after 28 Feb 2025, up to 31 May 2025).

    - drop: 1000 a year earlier, 600 now (exactly 1 - 0.4): a revenue_drop;
    - keep: 1000 a year earlier, 600.01 now: no alert;
    - edge: a sale on 28 Feb 2026 (not in the last 3 months) and on 28 Feb 2025 (not a year
      earlier): earlier 500 (1 Mar 2025), now 100 (31 May 2026): a revenue_drop;
    - gone: bought in Jan, Mar, May 2025, none in the window Jun 2025 .. May 2026: lapsed, not
      a buying account, so no alert although 12 months > 2 x its median gap of 2;
    - slow: bought Jun, Jul, Aug 2025 (median gap 1), nothing since: 9 months > 2: overdue;
    - two: bought in only 2 months: never overdue;
    - back: bought Jun, Jul 2025 and a sale returned in full in Dec 2025 (not a purchase
      month) and Sep 2025: months Jun, Jul, Sep -> gaps 1, 2, median 1.5, 8 months since:
      overdue (8 > 3);
    - new: no earlier revenue (0): no revenue_drop, however small its recent revenue.
    """
    accounts = pd.DataFrame(
        {
            "account_id": ["drop", "keep", "edge", "gone", "slow", "two", "back", "new"],
            "territory": ["Sul", "Sul", "Sul", "Sul", "Norte", "Norte", "Norte", "Norte"],
        }
    )
    sales = pd.DataFrame(
        [
            ("drop", "2025-04-10", 1000.0),
            ("drop", "2026-04-10", 600.0),
            ("keep", "2025-04-10", 1000.0),
            ("keep", "2026-04-10", 600.01),
            ("edge", "2025-02-28 23:00", 9000.0),
            ("edge", "2025-03-01", 500.0),
            ("edge", "2026-02-28", 9000.0),
            ("edge", "2026-05-31 20:00", 100.0),
            ("gone", "2025-01-05", 10.0),
            ("gone", "2025-03-05", 10.0),
            ("gone", "2025-05-05", 10.0),
            ("slow", "2025-06-05", 10.0),
            ("slow", "2025-07-05", 10.0),
            ("slow", "2025-08-05", 10.0),
            ("two", "2025-06-05", 10.0),
            ("two", "2025-07-05", 10.0),
            ("back", "2025-06-05", 10.0),
            ("back", "2025-07-05", 10.0),
            ("back", "2025-09-05", 10.0),
            ("back", "2025-12-05", 10.0),
            ("back", "2025-12-06", -10.0),
            ("new", "2026-05-05", 1.0),
            ("new", "2026-06-01", 5000.0),  # after as_of: ignored
        ],
        columns=["account_id", "date", "amount"],
    )
    params = {"as_of": "2026-05-31", **parameters}
    return Market.from_frames(sales=sales, accounts=accounts, parameters=params)


# --------------------------------------------------------------------------------------------
# tests


def test_edge_market_by_hand():
    m = edge_market()
    got = kk.alerts(m)
    assert list(zip(got["account_id"], got["kind"])) == [
        ("back", "overdue"),
        ("drop", "revenue_drop"),
        ("edge", "revenue_drop"),
        ("slow", "overdue"),
    ]
    rows = got.set_index("account_id")
    assert rows.loc["drop", "change"] == pytest.approx(-0.4)
    assert (rows.loc["edge", "recent_revenue"], rows.loc["edge", "earlier_revenue"]) == (100, 500)
    assert rows.loc["back", "median_gap"] == 1.5
    assert rows.loc["back", "months_since_purchase"] == 8
    assert rows.loc["slow", "purchase_months"] == 3
    assert rows.loc["slow", "detail"] == (
        "No purchase for 9 months; it usually buys every month (the median gap between "
        "its 3 purchase months of the last 24)."
    )
    assert rows.loc["drop", "detail"] == (
        "Net revenue of the last 3 months (BRL 600) is 40% below the same months a year "
        "earlier (BRL 1.0 k)."
    )
    assert_same(got, expected_alerts(m))


def test_detail_in_portuguese_follows_the_market_language():
    got = kk.alerts(edge_market(language="pt-BR")).set_index("account_id")
    assert got.loc["back", "detail"] == (
        "Sem compra há 8 meses; costuma comprar a cada 1,5 meses (o intervalo mediano entre os "
        "seus 3 meses com compra dos últimos 24)."
    )
    assert got.loc["drop", "detail"].startswith(
        "O faturamento líquido dos últimos 3 meses (R$ 600) está 40% abaixo"
    )
    english = kk.alerts(edge_market(language="pt-BR"), language="en")
    assert english["detail"].str.startswith(("No purchase", "Net revenue")).all()


def test_thresholds_are_parameters():
    m = edge_market()
    # a fall of 40% is not a fall of 50% or more
    got = kk.alerts(m, drop_threshold="50%")
    assert ("drop", "revenue_drop") not in set(zip(got["account_id"], got["kind"]))
    assert_same(got, expected_alerts(m.with_parameters(drop_threshold=0.5)))
    # factor 5: back (8 months, median 1.5: 8 > 7.5) stays, slow (9 > 5) stays; factor 6: only
    # slow (9 > 6; back 8 <= 9)
    six = kk.alerts(m, fator_atraso=6)
    assert six.loc[six["kind"] == "overdue", "account_id"].tolist() == ["slow"]
    assert_same(six, expected_alerts(m.with_parameters(overdue_factor=6)))
    with pytest.raises(KamkitError, match="overdue_factor") as error:
        kk.alerts(m, overdue_factor="1,5")
    assert error.value.text("pt-BR").endswith("Deve ser um número inteiro de 1 a 12.")


def test_territory_and_as_of_mid_month():
    m = edge_market()
    norte = kk.alerts(m, territory="Norte")
    assert set(norte["account_id"]) == {"back", "slow"}
    assert_same(norte, expected_alerts(m, territory="Norte"))
    mid = kk.alerts(m, as_of="2026-04-15")
    assert_same(mid, expected_alerts(m, as_of="2026-04-15"))
    with pytest.raises(KamkitError, match="Norte"):
        kk.alerts(m, territory="Nort")


@pytest.mark.parametrize("seed", range(40))
def test_random_markets_match_the_independent_calculation(seed):
    m = random_market(seed)
    assert_same(kk.alerts(m), expected_alerts(m))
    mid = "2026-05-31" if seed % 2 else "2026-03-14"
    assert_same(kk.alerts(m, as_of=mid), expected_alerts(m, as_of=mid))
    assert_same(kk.alerts(m, territory="Sul"), expected_alerts(m, territory="Sul"))


def test_the_random_markets_raise_both_kinds():
    kinds = pd.concat([kk.alerts(random_market(seed)) for seed in range(40)])["kind"]
    assert (kinds == "revenue_drop").sum() > 20 and (kinds == "overdue").sum() > 20


def test_sample_market_matches_the_independent_calculation():
    m = kk.load_sample()
    got = kk.alerts(m)
    assert (got["kind"] == "revenue_drop").sum() > 20
    assert_same(got, expected_alerts(m))
    earlier = kk.alerts(m, as_of="2026-05-20", territory="Sul")
    assert (earlier["kind"] == "overdue").any()
    assert_same(earlier, expected_alerts(m, as_of="2026-05-20", territory="Sul"))


def test_no_buying_account_gives_an_empty_table_with_the_columns():
    sales = pd.DataFrame({"account_id": ["a"], "date": ["2020-01-05"], "amount": [10.0]})
    m = Market.from_frames(sales=sales, parameters={"as_of": "2026-02-01"})
    got = kk.alerts(m)
    assert len(got) == 0 and tuple(got.columns) == ALERT_COLUMNS


@pytest.mark.filterwarnings("ignore:.*the visits table has a header but no rows")
@pytest.mark.parametrize("language", ["en", "pt-BR"])
def test_the_new_parameters_round_trip_through_files(tmp_path, language):
    """Written with the market and loaded back, from a workbook and from a CSV folder; a
    parameters sheet may name them in Portuguese and write shares as percentages."""
    from kamkit.files.writing import write_market

    m = edge_market(drop_threshold=0.5, overdue_factor=3, whitespace_min_adoption=0.6)
    for target in (tmp_path / f"m-{language}.xlsx", tmp_path / f"csv-{language}"):
        write_market(m, target, language=language)
        back = kk.load(target)
        assert back.parameters.drop_threshold == 0.5
        assert back.parameters.overdue_factor == 3
        assert back.parameters.whitespace_min_adoption == 0.6
    folder = tmp_path / "by-hand"
    write_market(edge_market(), folder)
    (folder / "parameters.csv").write_text(
        "parâmetro,valor\ndata_base,31/05/2026\nqueda_alerta,50%\nfator_atraso,3\n"
        "adocao_minima_mix,60%\n",
        encoding="utf-8",
    )
    back = kk.load(folder)
    p = back.parameters
    assert (p.drop_threshold, p.overdue_factor, p.whitespace_min_adoption) == (0.5, 3, 0.6)
    (folder / "parameters.csv").write_text(
        'parâmetro,valor\nfator_atraso,"1,5"\n', encoding="utf-8"
    )
    with pytest.raises(KamkitError, match="overdue_factor"):
        kk.load(folder)
