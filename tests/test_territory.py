"""Scorecard and evolution on the hand-worked review market of conftest.

As of 2026-09-30 vs the previous review 2026-06-30 (windows Oct 2025 .. Sep 2026 and
Jul 2025 .. Jun 2026), stages worked by hand:

=======  =====  ==============  ==============  =====================================
account  terr.  at 2026-06-30   at 2026-09-30   why
=======  =====  ==============  ==============  =====================================
A1       Sul    regular         regular         bought Jan, Feb, Mar 2026
A2       Sul    approached      approached      visited Mar 2026, never bought
A3       Norte  untouched       occasional      first order Aug 2026  -> conversion
A4       Norte  occasional      lapsed          only order Aug 2025   -> lapse
A5       Sul    untouched       regular         bought Jul, Aug, Sep 2026 -> conversion
A6       Sul    untouched       untouched       its sale is after as_of
A7       Norte  approached      occasional      visited Oct 2025, bought Sep 2026 -> conversion
A8       Norte  untouched       untouched       sale fully returned
A9       Leste  untouched       untouched       nothing at all (an empty territory)
=======  =====  ==============  ==============  =====================================
"""

import numpy as np
import pandas as pd
import pytest
from write_inputs import one_account_market

from kamkit.analysis.segmentation import STAGES, stage_transitions
from kamkit.analysis.territory import evolution, previous_review, scorecard
from kamkit.core.errors import KamkitError
from kamkit.model.market import Market

COLUMNS = [
    "territory",
    "untouched",
    "approached",
    "occasional",
    "regular",
    "lapsed",
    "accounts",
    "revenue",
    "potential",
    "potential_captured",
    "coverage",
    "conversions",
    "lapses",
    "untouched_change",
    "approached_change",
    "occasional_change",
    "regular_change",
    "lapsed_change",
    "revenue_change",
    "potential_captured_change",
    "coverage_change",
]


def test_previous_review_default():
    assert previous_review("2026-09-30") == pd.Timestamp("2026-06-30")
    assert previous_review("2026-09-15") == pd.Timestamp("2026-06-30")
    assert previous_review("2026-05-31") == pd.Timestamp("2026-02-28")
    assert previous_review("2024-05-31 13:00") == pd.Timestamp("2024-02-29")
    assert previous_review("2026-01-10") == pd.Timestamp("2025-10-31")


def test_scorecard_hand_worked(review_market):
    card = scorecard(review_market)
    assert list(card.columns) == COLUMNS
    assert card["territory"].tolist() == ["Leste", "Norte", "Sul", "all"]
    assert card.attrs == {
        "as_of": pd.Timestamp("2026-09-30"),
        "previous": pd.Timestamp("2026-06-30"),
    }
    c = card.set_index("territory")
    stages_now = {
        "Leste": (1, 0, 0, 0, 0),
        "Norte": (1, 0, 2, 0, 1),
        "Sul": (1, 1, 0, 2, 0),
        "all": (3, 1, 2, 2, 1),
    }
    changes = {
        "Leste": (0, 0, 0, 0, 0),
        "Norte": (-1, -1, 1, 0, 1),
        "Sul": (-1, 0, 0, 1, 0),
        "all": (-2, -1, 1, 1, 1),
    }
    for t in stages_now:
        assert tuple(c.loc[t, list(STAGES)]) == stages_now[t]
        assert tuple(c.loc[t, [f"{s}_change" for s in STAGES]]) == changes[t]
    assert c["accounts"].tolist() == [1, 4, 4, 9]
    assert c["revenue"].tolist() == [0, 110, 720, 830]  # A3 100 + A7 10; A1 + A5
    assert c["potential"].tolist() == [120, 1630, 2090, 3840]
    assert c["potential_captured"].tolist() == pytest.approx(
        [0, 110 / 1630, 720 / 2090, 830 / 3840]
    )
    # key + conquer now: A9 (Leste, no contact), A3 (none), A4 (Aug 2026), A1, A2 (both)
    assert c["coverage"].tolist() == pytest.approx([0, 1 / 2, 1, 3 / 5])
    assert c["conversions"].tolist() == [0, 2, 1, 3]
    assert c["lapses"].tolist() == [0, 1, 0, 1]
    # previous window revenue: A4 500 (Aug 2025), A1 600
    assert c["revenue_change"].tolist() == [0, 110 - 500, 720 - 600, 830 - 1100]
    assert c["potential_captured_change"].tolist() == pytest.approx(
        [0, (110 - 500) / 1630, (720 - 600) / 2090, (830 - 1100) / 3840]
    )
    # previous: A4 was key (500/700 share) and not contacted in its window; A1 and A2 were
    assert c["coverage_change"].tolist() == pytest.approx([0, 0.5 - 0, 1 - 1, 3 / 5 - 2 / 5])
    ints = [*STAGES, "accounts", "conversions", "lapses", *[f"{s}_change" for s in STAGES]]
    assert all(pd.api.types.is_integer_dtype(card[k]) for k in ints)


def test_scorecard_totals_add_up(review_market):
    c = scorecard(review_market).set_index("territory")
    parts = c.drop(index="all")
    for col in [
        *STAGES,
        "accounts",
        "revenue",
        "potential",
        "conversions",
        "lapses",
        "revenue_change",
    ]:
        assert parts[col].sum() == pytest.approx(c.loc["all", col])


def test_conversions_and_lapses_agree_with_stage_transitions(review_market):
    card = scorecard(review_market, previous="2026-03-31").set_index("territory")
    for t in ("Leste", "Norte", "Sul"):
        tr = stage_transitions(review_market, "2026-03-31", "2026-09-30", territory=t)
        conv = tr.loc[["untouched", "approached", "lapsed"], ["occasional", "regular"]].to_numpy()
        lapse = tr.loc[["occasional", "regular"], ["lapsed"]].to_numpy()
        assert card.loc[t, "conversions"] == conv.sum()
        assert card.loc[t, "lapses"] == lapse.sum()


def test_scorecard_explicit_previous_and_territory(review_market):
    card = scorecard(review_market, previous="2025-12-31", territory="Sul")
    assert card["territory"].tolist() == ["Sul"]
    # at 2025-12-31 A1, A2, A5, A6 were all untouched; now A1, A5 regular -> 2 conversions
    assert card.loc[0, "conversions"] == 2 and card.loc[0, "untouched_change"] == -3
    assert card.attrs["previous"] == pd.Timestamp("2025-12-31")


def test_scorecard_errors(review_market):
    with pytest.raises(KamkitError, match="must be before"):
        scorecard(review_market, previous="2026-09-30")
    with pytest.raises(KamkitError, match="no territory 'Oeste'"):
        scorecard(review_market, territory="Oeste")
    with pytest.raises(KamkitError, match="not a date"):
        scorecard(review_market, previous="last quarter")


def test_accounts_without_territory_count_in_all_only():
    m = Market.from_frames(
        sales=pd.DataFrame(
            {"account_id": ["a", "b"], "date": ["2026-01-05", "2026-02-05"], "amount": [10.0, 30.0]}
        ),
        accounts=pd.DataFrame(
            {
                "account_id": ["a", "b"],
                "name": ["a", "b"],
                "territory": ["T", None],
                "potential": [100.0, 100.0],
            }
        ),
        parameters={"as_of": "2026-03-31"},
    )
    c = scorecard(m).set_index("territory")
    assert c.index.tolist() == ["T", "all"]
    assert c.loc["T", "revenue"] == 10 and c.loc["all", "revenue"] == 40
    assert c.loc["all", "occasional"] == 2 and c.loc["all", "conversions"] == 2
    # both are high potential (key b, conquer a) and neither was contacted
    assert c.loc["all", "coverage"] == 0


def test_zero_potential_gives_nan_share_captured():
    m = one_account_market("a", potential=0.0)
    c = scorecard(m).set_index("territory")
    assert np.isnan(c.loc["T", "potential_captured"])
    # potential 0 is never high potential: no key/conquer account, coverage undefined
    assert np.isnan(c.loc["T", "coverage"])


def test_evolution_quarters(review_market):
    e = evolution(review_market, periods=3)
    assert list(e.columns) == ["period", "as_of", *COLUMNS]
    assert isinstance(e["period"].dtype, pd.PeriodDtype)
    assert [str(p) for p in dict.fromkeys(e["period"])] == ["2026Q1", "2026Q2", "2026Q3"]
    assert e["as_of"].drop_duplicates().tolist() == [
        pd.Timestamp("2026-03-31"),
        pd.Timestamp("2026-06-30"),
        pd.Timestamp("2026-09-30"),
    ]
    assert len(e) == 3 * 4
    # the last period is exactly the scorecard of today against the previous quarter end
    last = e[e["period"] == e["period"].max()].drop(columns=["period", "as_of"])
    pd.testing.assert_frame_equal(last.reset_index(drop=True), scorecard(review_market))
    q1 = e[(e["period"].astype(str) == "2026Q1")].set_index("territory")
    # Q1: A1 bought Jan-Mar 2026 after no contact -> a Sul conversion; coverage A2 only of A1, A2
    assert q1.loc["Sul", "conversions"] == 1 and q1.loc["Sul", "regular"] == 1
    assert q1.loc["Sul", "coverage"] == pytest.approx(0.5)
    assert q1.loc["Norte", "revenue"] == 500


def test_evolution_running_period_and_months(review_market):
    mid = review_market.with_parameters(as_of="2026-08-20")
    e = evolution(mid, periods=2, freq="month", territory="Norte")
    assert e["territory"].tolist() == ["Norte", "Norte"]
    assert [str(p) for p in e["period"]] == ["2026-07", "2026-08"]
    assert e["as_of"].tolist() == [pd.Timestamp("2026-07-31"), pd.Timestamp("2026-08-20")]
    # A3 ordered on 2026-08-05: converted during August
    assert e["conversions"].tolist() == [0, 1]
    y = evolution(review_market, periods=1, freq="year")
    assert str(y["period"].iloc[0]) == "2026"
    assert (
        y.set_index("territory").loc["all", "conversions"]
        == scorecard(review_market, previous="2025-12-31")
        .set_index("territory")
        .loc["all", "conversions"]
    )


def test_evolution_errors(review_market):
    with pytest.raises(KamkitError, match="freq"):
        evolution(review_market, freq="week")
    with pytest.raises(KamkitError, match="periods"):
        evolution(review_market, periods=0)


def test_a_previous_review_after_the_review_is_a_sentence_in_both_languages(review_market):
    import kamkit as kk
    from kamkit.core.errors import KamkitError

    with pytest.raises(KamkitError) as caught:
        kk.scorecard(review_market, as_of="2026-06-30", previous="2026-09-30")
    assert str(caught.value) == (
        "The previous review (2026-09-30) must be before the review date (2026-06-30)."
    )
    assert caught.value.text("pt-BR") == (
        "A revisão anterior (30/09/2026) precisa ser antes da data da revisão (30/06/2026)."
    )
