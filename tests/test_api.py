"""One consistent API for analysts (issue 15, item 6), tried as an analyst would."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest
from expected import CONCENTRATION_FIELDS

import kamkit as kk
from kamkit.core.errors import KamkitError


@pytest.fixture(scope="module")
def market():
    return kk.load_sample()


# 1. the market first, then territory, as_of and parameter overrides -------------------------

# function, extra positional arguments
ANALYSES = [
    (kk.segment, ()),
    (kk.pursuit_list, ()),
    (kk.pareto_table, ()),
    (kk.lorenz_curve, ()),
    (kk.gini, ()),
    (kk.top_share, ()),
    (kk.accounts_share_for, ()),
    (kk.concentration_summary, ()),
    (kk.coverage, ()),
    (kk.unvisited, ()),
    (kk.effort_by_salesperson, ()),
    (kk.scorecard, ()),
    (kk.evolution, ()),
    (kk.data_warnings, ()),
    (kk.window_sales, ()),
]


def _same(a, b):
    if isinstance(a, pd.DataFrame):
        pd.testing.assert_frame_equal(a, b)
    elif isinstance(a, list):
        assert [str(x) for x in a] == [str(x) for x in b]
    elif isinstance(a, float) and np.isnan(a):
        assert np.isnan(b)
    else:
        assert a == b


@pytest.mark.parametrize("function, args", ANALYSES, ids=lambda f: getattr(f, "__name__", ""))
def test_every_analysis_takes_parameter_overrides(market, function, args):
    by_call = function(market, *args, lookback_months=6)
    by_market = function(market.with_parameters(lookback_months=6), *args)
    _same(by_call, by_market)
    assert market.parameters.lookback_months == 12  # the market itself is unchanged
    assert "**parameters" in function.__doc__ and "lookback_months=6" in function.__doc__


def test_overrides_change_the_numbers(market):
    twelve = kk.segment(market)
    six = kk.segment(market, lookback_months="6", abc_a_share="60%")
    assert six["revenue"].sum() < twelve["revenue"].sum()
    start, end = kk.window(market, lookback_months=6)
    lines = market.sales[(market.sales["date"] >= start) & (market.sales["date"] <= end)]
    assert six["revenue"].sum() == pytest.approx(lines["amount"].sum())
    # an A class over 60% of the revenue, not 50%
    a_share = six.loc[six["abc_class"] == "A", "revenue"].sum() / six["revenue"].sum()
    assert 0.6 <= a_share < 0.7
    pd.testing.assert_frame_equal(
        kk.segment(market, meses_janela=6), kk.segment(market, lookback_months=6)
    )


def test_territory_and_as_of_are_the_same_keywords(market):
    territory = market.territories[0]
    for function in (
        kk.segment,
        kk.pursuit_list,
        kk.pareto_table,
        kk.coverage,
        kk.unvisited,
        kk.effort_by_salesperson,
        kk.scorecard,
        kk.window_sales,
    ):
        result = function(market, territory=territory, as_of="30/06/2026")
        assert isinstance(result, pd.DataFrame) and len(result)
        if "territory" in result:
            assert set(result["territory"]) <= {territory}
        with pytest.raises(KamkitError, match="There is no territory"):
            function(market, territory=territory + "x")


def test_as_of_is_read_day_first_as_the_parameters_sheet_reads_it(market):
    # "01/06/2026" is June 1st in a Brazilian workbook (pandas alone reads January 6th)
    pd.testing.assert_frame_equal(
        kk.segment(market, as_of="01/06/2026"), kk.segment(market, as_of="2026-06-01")
    )
    assert kk.window(market, as_of="01/06/2026")[1] == pd.Timestamp("2026-06-01")
    card = kk.scorecard(market, as_of="30/06/2026", previous="31/03/2026")
    assert card.attrs["previous"] == pd.Timestamp("2026-03-31")


# 2. with_parameters reads values as the parameters sheet does ---------------------------------


@pytest.mark.parametrize("value", ["50%", "0,5", "0.5", 0.5, " 50 % "])
def test_shares_as_a_sheet_gives_them(market, value):
    assert market.with_parameters(abc_a_share=value).parameters.abc_a_share == 0.5


@pytest.mark.parametrize("value", ["6", 6, 6.0, " 6 "])
def test_months_as_a_sheet_gives_them(market, value):
    p = market.with_parameters(lookback_months=value, regular_min_months=value).parameters
    assert p.lookback_months == 6 and isinstance(p.lookback_months, int)


@pytest.mark.parametrize(
    "value",
    ["30/06/2025", "2025-06-30", pd.Timestamp("2025-06-30 14:00"), np.datetime64("2025-06-30")],
)
def test_as_of_as_a_sheet_gives_it(market, value):
    assert market.with_parameters(as_of=value).parameters.as_of == pd.Timestamp("2025-06-30")


def test_choices_and_portuguese_names(market):
    assert market.with_parameters(unknown_visits="manter").parameters.unknown_visits == "keep"
    assert market.with_parameters(visitas_sem_conta="ignorar").parameters.unknown_visits == "drop"
    assert market.with_parameters(language="português").parameters.language == "pt-BR"
    p = market.with_parameters(meses_janela="6", corte_a="40%", data_base="30/06/2025").parameters
    assert (p.lookback_months, p.abc_a_share, p.as_of) == (6, 0.4, pd.Timestamp("2025-06-30"))
    assert (
        market.with_parameters(as_of="2025-06-30").with_parameters(as_of=None).as_of == market.as_of
    )


@pytest.mark.parametrize(
    "changes, en, pt",
    [
        (
            dict(lookback_months="seis"),
            "'seis' is not a valid value for lookback_months. It must be "
            "a whole number from 1 to 120",
            "Deve ser um número inteiro de 1 a 120",
        ),
        (
            dict(lookback_months=6.5),
            "6.5 is not a valid value for lookback_months",
            "6.5 não é um valor válido para lookback_months",
        ),
        (
            dict(lookback_months=[6]),
            "is not a valid value for lookback_months",
            "não é um valor válido para lookback_months",
        ),
        (
            dict(abc_a_share="metade"),
            "'metade' is not a valid value for abc_a_share. It must be",
            "'metade' não é um valor válido para abc_a_share. Deve ser",
        ),
        (
            dict(abc_a_share="150%"),
            "abc_a_share is '150%', out of range",
            "abc_a_share é '150%', fora do intervalo aceito",
        ),
        (dict(as_of="31/02/2025"), "'31/02/2025', which is not a date", "não é uma data"),
        (dict(as_of=12.5), "which is not a date", "não é uma data"),
        (
            dict(share_threshold=True),
            "True is not a valid value for share_threshold",
            "True não é um valor válido para share_threshold",
        ),
        (dict(meses=6), "Unknown parameter(s) meses", "Parâmetro(s) desconhecido(s) meses"),
    ],
)
def test_a_bad_value_is_a_sentence_in_both_languages(market, changes, en, pt):
    with pytest.raises(KamkitError) as caught:
        market.with_parameters(**changes)
    assert en in str(caught.value)
    assert pt in caught.value.text("pt-BR")
    with pytest.raises(KamkitError) as caught:  # the same through any analysis function
        kk.segment(market, **changes)
    assert en in str(caught.value)


def test_the_loader_and_with_parameters_share_one_parser():
    from kamkit.files import assemble as _assemble
    from kamkit.model import convert as _convert

    assert _assemble._must_be is _convert.must_be
    import inspect

    assert "parameter_value(" in inspect.getsource(_assemble)


# 3. a table where a market is needed ----------------------------------------------------------

MARKET_ONLY = [
    kk.segment,
    kk.pursuit_list,
    kk.coverage,
    kk.unvisited,
    kk.effort_by_salesperson,
    kk.scorecard,
    kk.evolution,
    kk.data_warnings,
    kk.window_sales,
    kk.window,
]


@pytest.mark.parametrize("function", MARKET_ONLY, ids=lambda f: f.__name__)
def test_a_table_instead_of_a_market_is_a_sentence(market, function):
    table = kk.segment(market)
    with pytest.raises(KamkitError) as caught:
        function(table)
    en, pt = str(caught.value), caught.value.text("pt-BR")
    assert f"kk.{function.__name__} needs a Market, e.g. kk.load(" in en
    assert "you passed a DataFrame" in en and "A table (DataFrame) is a result" in en
    assert f"kk.{function.__name__} precisa de um Market" in pt
    assert "você passou um(a) DataFrame" in pt and "Uma tabela (DataFrame)" in pt
    with pytest.raises(KamkitError, match="you passed a str"):
        function("minha_planilha.xlsx")


def test_concentration_still_takes_tables_but_not_overrides_on_them(market):
    table = kk.segment(market)
    assert kk.gini(table) == pytest.approx(kk.gini(market))
    with pytest.raises(KamkitError) as caught:
        kk.gini(table, lookback_months=6)
    assert "only apply when you pass a Market" in str(caught.value)
    assert "só valem quando você passa o mercado" in caught.value.text("pt-BR")
    with pytest.raises(KamkitError) as caught:
        kk.concentration_summary([1.0, 2.0])
    assert "or a Market, e.g. kk.load(" in str(caught.value) and "you passed a list" in str(
        caught.value
    )
    assert "você passou um(a) list" in caught.value.text("pt-BR")
    with pytest.raises(KamkitError) as caught:
        kk.gini(pd.DataFrame({"account_id": ["a"], "amount": [1.0]}))
    assert "A tabela não tem a coluna revenue" in caught.value.text("pt-BR")


# 4. concentration_summary is typed ------------------------------------------------------------


def test_concentration_summary_is_a_typed_result(market):
    summary = kk.concentration_summary(market)
    assert isinstance(summary, kk.ConcentrationSummary)
    assert [f.name for f in dataclasses.fields(summary)] == CONCENTRATION_FIELDS
    assert isinstance(summary.buying_accounts, int) and isinstance(summary.gini, float)
    with pytest.raises(dataclasses.FrozenInstanceError):
        summary.gini = 0.0
    with pytest.raises(TypeError):
        summary["gini"] = 0.0
    for name in CONCENTRATION_FIELDS:
        assert name in kk.ConcentrationSummary.__doc__
        assert summary[name] == getattr(summary, name)
    # against an independent calculation
    revenue = kk.segment(market)["revenue"].to_numpy()
    r = np.sort(revenue[revenue > 0.005])[::-1]
    assert summary.buying_accounts == len(r)
    assert summary.revenue == pytest.approx(r.sum())
    top = int(np.ceil(0.10 * len(r) - 1e-9))
    assert summary.top_10pct_share == pytest.approx(r[:top].sum() / r.sum())
    k50 = int(np.searchsorted(np.cumsum(r) / r.sum(), 0.5 - 1e-9)) + 1
    assert summary.accounts_for_50pct == pytest.approx(k50 / len(r))


def test_concentration_summary_displays(market):
    summary = kk.concentration_summary(market)
    series = summary.to_series()
    assert list(series.index) == CONCENTRATION_FIELDS and series["gini"] == summary.gini
    frame = summary.to_frame()
    assert (
        list(frame.index) == CONCENTRATION_FIELDS
        and frame.loc["revenue"].iloc[0] == summary.revenue
    )
    side = pd.DataFrame({"a": summary, "b": kk.concentration_summary(market, lookback_months=6)}).T
    assert list(side.columns) == CONCENTRATION_FIELDS and side.loc["a", "gini"] == summary.gini
    assert side.loc["b", "revenue"] < side.loc["a", "revenue"]


# 5. the window's sales of a territory ---------------------------------------------------------


def test_window_sales_against_an_independent_filter(market):
    as_of = pd.Timestamp("2026-06-30")
    territory = market.territories[1]
    lines = kk.window_sales(market, territory=territory, as_of="30/06/2026")
    # by hand: first day of the month 11 months before as_of, up to the end of as_of's day
    sales = market.sales.assign(account_id=market.sales["account_id"].astype(object))
    accounts = market.accounts[["account_id", "territory"]]
    joined = sales.merge(accounts, on="account_id", how="left")
    start = pd.Timestamp("2025-07-01")
    mine = joined[
        (joined["date"] >= start)
        & (joined["date"] < as_of + pd.Timedelta(days=1))
        & (joined["territory"] == territory)
    ]
    assert len(lines) == len(mine) > 0
    assert lines["amount"].sum() == pytest.approx(mine["amount"].sum())
    assert set(lines["territory"]) == {territory}
    assert list(lines.columns) == [*market.sales.columns, "territory"]
    assert lines["date"].max() <= as_of + pd.Timedelta(days=1) and lines["date"].min() >= start
    # the lines behind segment's revenue
    seg = kk.segment(market, territory=territory, as_of=as_of)
    per_account = lines.groupby(lines["account_id"].astype(object))["amount"].sum()
    assert per_account.sum() == pytest.approx(seg["revenue"].sum())


def test_window_sales_whole_market_and_overrides(market):
    everything = kk.window_sales(market)
    start, end = kk.window(market)
    by_hand = market.sales[
        (market.sales["date"] >= start) & (market.sales["date"] < end + pd.Timedelta(days=1))
    ]
    assert len(everything) == len(by_hand)
    assert len(kk.window_sales(market, lookback_months=3, regular_min_months=2)) < len(everything)
    with pytest.raises(KamkitError, match="There is no territory"):
        kk.window_sales(market, territory="Sull")


def test_new_names_are_exported():
    for name in ("window_sales", "ConcentrationSummary"):
        assert name in kk.__all__ and getattr(kk, name) is not None
