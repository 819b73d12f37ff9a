"""The explorers' figures (kamkit.analysis.kpis) against hand calculations on the review market.

The review market of conftest, worked by hand (as of 2026-09-30, window Oct 2025 .. Sep 2026):

=======  =====  =========  ==========  ========  ==============  ======================
account  terr.  potential  window rev  quadrant  stage           interactions in window
=======  =====  =========  ==========  ========  ==============  ======================
A1       Sul    1000       600         key       regular         2
A2       Sul    900        0           conquer   approached      1
A3       Norte  800        100         conquer   occasional      0 (its visit is later)
A4       Norte  700        0           conquer   lapsed          1
A5       Sul    100        120         maintain  regular         4
A6       Sul    90         0           monitor   untouched       0
A7       Norte  80         10          monitor   occasional      1 (window's first day)
A8       Norte  50         0           monitor   untouched       0 (its sale was returned)
A9       Leste  120        0           conquer   untouched       0
=======  =====  =========  ==========  ========  ==============  ======================

Buyers: A1, A5, A3, A7 (830 in all). The high-potential line is the median potential, 120.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import kamkit as kk
from kamkit.analysis import kpis
from kamkit.core.errors import KamkitError


def test_abc_classes_by_hand(review_market):
    k = kpis.abc_kpis(review_market)
    # A: the smallest top group reaching 50% -- A1 alone (600 / 830 = 72%); B reaches 80%
    # with A5 (720 / 830 = 87%); C: A3 and A7
    assert k.table.index.tolist() == ["A", "B", "C"]
    assert k.table["accounts"].tolist() == [1, 1, 2]
    assert k.table["revenue"].tolist() == [600.0, 120.0, 110.0]
    assert k.table["accounts_share"].tolist() == [0.25, 0.25, 0.5]
    assert k.table["revenue_share"].to_numpy() == pytest.approx([600 / 830, 120 / 830, 110 / 830])
    assert k["buyers"] == 4 and k["revenue"] == pytest.approx(830)


def test_abc_cut_offs_are_parameters(review_market):
    # A reaching 90%: A1 + A5 = 87% is not enough, A3 joins (820 / 830 = 98.8%), which already
    # passes B's 95%: B is empty, and a class with no account is kept with zeros
    k = kpis.abc_kpis(review_market, abc_a_share=0.9, abc_b_share="95%")
    assert k.table["accounts"].tolist() == [3, 0, 1]
    assert k.table.loc["B", "revenue"] == 0
    with pytest.raises(KamkitError, match="abc_b_share"):
        kpis.abc_kpis(review_market, abc_a_share=0.9)


def test_stages_by_hand(review_market):
    k = kpis.stage_kpis(review_market)
    assert k.table["accounts"].to_dict() == {
        "untouched": 3,  # A6, A8, A9
        "approached": 1,  # A2
        "occasional": 2,  # A3, A7
        "regular": 2,  # A1, A5
        "lapsed": 1,  # A4
    }
    assert k.table["revenue"].to_dict() == {
        "untouched": 0.0,
        "approached": 0.0,
        "occasional": 110.0,
        "regular": 720.0,
        "lapsed": 0.0,
    }
    assert k.table["accounts_share"].sum() == pytest.approx(1)
    assert k["accounts"] == 9 and k["never_bought"] == 4
    assert (k["window_start"], k["window_end"]) == (
        pd.Timestamp("2025-10-01"),
        pd.Timestamp("2026-09-30"),
    )
    # one territory: Sul holds A1, A2, A5, A6
    sul = kpis.stage_kpis(review_market, territory="Sul").table["accounts"]
    assert sul.tolist() == [1, 1, 0, 2, 0]


def test_quadrants_by_hand(review_market):
    k = kpis.quadrant_kpis(review_market)
    t = k.table
    assert t["accounts"].to_dict() == {"key": 1, "conquer": 4, "maintain": 1, "monitor": 3}
    assert t["potential"].to_dict() == {
        "key": 1000.0,
        "conquer": 2520.0,  # 900 + 800 + 700 + 120
        "maintain": 100.0,
        "monitor": 220.0,  # 90 + 80 + 50
    }
    assert t["potential_share"].to_numpy() == pytest.approx(np.array([1000, 2520, 100, 220]) / 3840)
    assert t["revenue"].tolist() == [600.0, 100.0, 120.0, 10.0]
    # gap: potential a year minus window revenue, never below 0 (A5 sells above potential)
    assert t["gap"].tolist() == [400.0, 2420.0, 0.0, 210.0]
    assert k["potential_cut"] == 120.0 and k["accounts"] == 9


def test_quadrants_of_one_territory_keep_the_markets_line(review_market):
    k = kpis.quadrant_kpis(review_market, territory="Sul")
    assert k.table["accounts"].tolist() == [1, 1, 1, 1]  # A1, A2, A5, A6
    assert k.table["potential_share"].to_numpy() == pytest.approx(
        np.array([1000, 900, 100, 90]) / 2090
    )
    assert k["potential_cut"] == 120.0  # the median of the whole market
    assert len(k.accounts) == 4 and set(k.accounts["account_id"]) == {"A1", "A2", "A5", "A6"}


def test_effort_by_hand(review_market):
    k = kpis.effort_kpis(review_market)
    # 9 interactions: Ana 7 (A5's 4 are low potential), Bia 2 (A7's 1), Leste none
    assert k["visits"] == 9
    assert k["low_potential_share"] == pytest.approx(5 / 9)
    assert k["unvisited"] == 2  # A3, A9: key or conquer, no interaction in the window
    assert k["days"] == 364  # the window in days (2025-10-01 .. 2026-09-30)
    quarter = kpis.effort_kpis(review_market, days=90)
    assert quarter["unvisited"] == 3 and quarter["days"] == 90  # A2's 213 days join
    nothing = kpis.effort_kpis(review_market, territory="Leste")
    assert nothing["visits"] == 0 and np.isnan(nothing["low_potential_share"])


def test_unvisited_by_hand(review_market):
    k = kpis.unvisited_kpis(review_market)
    assert k.table["account_id"].tolist() == ["A9", "A3"]
    assert (k["accounts"], k["key"], k["days"]) == (2, 0, 364)
    k = kpis.unvisited_kpis(review_market, days=20)  # A4 (46 days), A1 (29), A2 (213) join
    assert (k["accounts"], k["key"], k["days"]) == (5, 1, 20)


def test_pursuit_by_hand(review_market):
    # the conquer accounts that never or rarely bought: A2 (gap 900), A3 (700), A4 (700), A9.
    # The score rewards progress: A4's interaction in the window (a step) puts it ahead of A3,
    # never contacted, with the same gap (700 x (1 + 0.5 / 3) against 700).
    k = kpis.pursuit_kpis(review_market, top=2)
    assert k["accounts"] == 4 and k["shown"] == 2
    assert k.table["account_id"].tolist() == ["A2", "A4"]
    assert k["gap"] == 1600.0
    norte = kpis.pursuit_kpis(review_market, top=2, territory="Norte")
    assert norte.table["account_id"].tolist() == ["A4", "A3"]
    assert (norte["accounts"], norte["gap"]) == (2, 1400.0)


def test_a_table_instead_of_a_market_is_a_sentence(review_market):
    with pytest.raises(KamkitError, match="kk.abc_kpis"):
        kpis.abc_kpis(kk.segment(review_market))


def test_totals_are_read_only(review_market):
    k = kpis.stage_kpis(review_market)
    with pytest.raises(TypeError):
        k.totals["accounts"] = 0


def test_the_explorers_show_these_numbers(review_market):
    from kamkit.outputs import widgets

    snap = widgets.abc_explorer(review_market, interactive=False)
    pd.testing.assert_frame_equal(snap.figures, kpis.abc_kpis(review_market).table)
    assert snap.headline.startswith("1 A accounts (25.0% of the 4 buying accounts) make 72.3%")
    snap = widgets.stage_explorer(review_market, interactive=False)
    assert "4 never bought" in snap.headline and "2025-10-01 to 2026-09-30" in snap.settings
    snap = widgets.matrix_explorer(review_market, interactive=False)
    assert "BRL 120" in snap.settings  # the high-potential line, the median potential
    assert snap.headline.endswith("the conquer accounts hold 65.6% of the potential.")
    snap = widgets.territory_picker(
        review_market, territory="all", view="effort", interactive=False
    )
    assert snap.headline.startswith("55.6% of the interactions")  # 5 of 9
    assert "2 key and conquer accounts had no contact in 364 days" in snap.headline
    snap = widgets.territory_picker(
        review_market, territory="all", view="unvisited", interactive=False
    )
    assert snap.headline.startswith("2 key and conquer accounts")
    assert snap.figures.index.tolist() == ["A9", "A3"]
    pt = widgets.territory_picker(
        review_market.with_parameters(language="pt-BR"),
        territory="all",
        view="effort",
        interactive=False,
    )
    assert pt.headline.startswith("55,6% das interações")


def test_the_explorers_html_escapes_the_datas_names(review_market):
    from kamkit.model.market import Market
    from kamkit.outputs import widgets

    accounts = review_market.accounts.copy()
    hostile = "<script>alert('x')</script>"
    accounts["territory"] = accounts["territory"].astype(object).replace({"Sul": hostile})
    m = Market.from_frames(
        sales=review_market.sales,
        accounts=accounts,
        visits=review_market.visits,
        parameters={"as_of": "2026-09-30", "regular_min_months": 3, "potential_quantile": 0.5},
    )
    page = widgets.territory_picker(m, territory=hostile, view="unvisited", interactive=False)
    markup = page.to_html()
    assert "<script>" not in markup and "&lt;script&gt;" in markup
