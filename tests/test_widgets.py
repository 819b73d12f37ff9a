"""The course's explorers: moving a control shows what kamkit computes with that setting."""

import os
import re
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

import kamkit as kk
from kamkit.core.errors import KamkitError
from kamkit.outputs import widgets
from kamkit.presentation.i18n import TOTAL


def _cell(box, row, figure) -> str:
    """The data-value of one cell of the result the explorer shows."""
    match = re.search(
        rf"data-row='{re.escape(row)}' data-figure='{figure}' data-value='([^']*)'",
        box.result.value,
    )
    assert match, f"no cell {row}/{figure} in the result"
    return match.group(1)


def _headline(box) -> str:
    return re.search(r"class='kamkit-headline'><b>(.*?)</b>", box.result.value).group(1)


@pytest.fixture(scope="module")
def sample():
    return kk.load_sample()


# --------------------------------------------------------------------------------------------
# ABC


def test_abc_slider_shows_the_classes_kamkit_computes(sample):
    box = widgets.abc_explorer(sample)
    assert "kamkit-result" in box.result._dom_classes
    assert "kamkit-explorer" in box._dom_classes
    assert set(box.controls) == {"abc_a_share", "abc_b_share"}
    assert box.controls["abc_a_share"].value == sample.parameters.abc_a_share
    before = box.result.value
    picture = box.picture.value

    box.controls["abc_a_share"].value = 0.6
    seg = kk.segment(sample.with_parameters(abc_a_share=0.6))
    counts = seg["abc_class"].value_counts()
    revenue = seg.groupby("abc_class", observed=False)["revenue"].sum()
    assert box.result.value != before and box.picture.value != picture
    for cls in "ABC":
        assert int(_cell(box, cls, "accounts")) == counts[cls]
        assert float(_cell(box, cls, "revenue")) == pytest.approx(revenue[cls])
        assert box.snapshot.figures.loc[cls, "accounts"] == counts[cls]
    share = revenue["A"] / seg["revenue"][seg["revenue"] > 0].sum()
    assert float(_cell(box, "A", "revenue_share")) == pytest.approx(share)
    # the text people read holds the figures
    assert _headline(box).startswith(f"{counts['A']} A accounts")
    assert kk.format_share(share) in _headline(box)


def test_abc_b_never_below_a(review_market):
    box = widgets.abc_explorer(review_market)
    box.controls["abc_a_share"].value = 0.9
    assert box.controls["abc_b_share"].value == 0.9
    assert box.snapshot.values == {"abc_a_share": 0.9, "abc_b_share": 0.9}
    assert "kamkit-error" not in box.result.value


def test_abc_browser_float_noise_is_a_clean_setting(review_market):
    box = widgets.abc_explorer(review_market)
    box.controls["abc_b_share"].value = 0.7000000000000001
    assert box.snapshot.values["abc_b_share"] == 0.7


def test_abc_static_equals_the_widget_at_default_settings(review_market):
    snap = widgets.abc_explorer(review_market, interactive=False)
    assert isinstance(snap, widgets.Snapshot)
    box = widgets.abc_explorer(review_market)
    pd.testing.assert_frame_equal(snap.figures, box.snapshot.figures)
    page = snap._repr_html_()
    assert "data:image/png;base64," in page and "kamkit-result" in page
    assert snap.headline in str(snap)


def test_abc_for_one_territory(review_market):
    snap = widgets.abc_explorer(review_market, territory="Sul", interactive=False)
    table = kk.pareto_table(review_market, territory="Sul")
    assert snap.figures["accounts"].sum() == len(table)
    assert snap.figures["revenue"].sum() == pytest.approx(table["revenue"].sum())


# --------------------------------------------------------------------------------------------
# stages


def test_stage_sliders_show_the_stages_kamkit_computes(sample):
    box = widgets.stage_explorer(sample)
    box.controls["lookback_months"].value = 6
    box.controls["regular_min_months"].value = 3
    seg = kk.segment(sample.with_parameters(lookback_months=6, regular_min_months=3))
    counts = seg["stage"].value_counts()
    for stage in kk.STAGES:
        assert int(_cell(box, stage, "accounts")) == counts[stage]
    assert f"{counts['regular']:,} are regular buyers" in _headline(box)
    assert "(6 months)" in box.result.value


def test_stage_regular_follows_the_window(review_market):
    box = widgets.stage_explorer(review_market)
    box.controls["lookback_months"].value = 2
    assert box.controls["regular_min_months"].value == 2
    assert box.controls["regular_min_months"].max == 2
    box.controls["lookback_months"].value = 24
    assert box.controls["regular_min_months"].max == 24
    seg = kk.segment(review_market.with_parameters(lookback_months=24, regular_min_months=2))
    assert (
        box.snapshot.figures["accounts"].to_dict()
        == seg["stage"].value_counts().reindex(list(kk.STAGES)).to_dict()
    )


# --------------------------------------------------------------------------------------------
# matrix


def test_matrix_sliders_show_the_quadrants_kamkit_computes(sample):
    box = widgets.matrix_explorer(sample)
    box.controls["potential_quantile"].value = 0.9
    box.controls["share_threshold"].value = 0.5
    m = sample.with_parameters(potential_quantile=0.9, share_threshold=0.5)
    seg = kk.segment(m)
    counts = seg["quadrant"].value_counts()
    potential = seg.groupby("quadrant", observed=False)["potential"].sum()
    for q in kk.QUADRANTS:
        assert int(_cell(box, q, "accounts")) == counts[q]
        assert float(_cell(box, q, "potential")) == pytest.approx(potential[q])
    cut = np.nanquantile(seg["potential"].to_numpy(dtype=float), 0.9)
    assert box.snapshot.values["potential_cut"] == pytest.approx(cut)
    # the cut is the smallest potential that counts as high
    high = seg["quadrant"].isin(["key", "conquer"])
    assert seg.loc[high, "potential"].min() >= cut > seg.loc[~high, "potential"].max()
    assert kk.format_money(cut, "BRL", decimals=0) in box.result.value


# --------------------------------------------------------------------------------------------
# territory picker


def test_territory_picker_scorecard(review_market):
    box = widgets.territory_picker(review_market)
    picker = box.controls["territory"]
    assert picker.value == "Leste"  # the first territory by name
    picker.value = "Sul"
    card = kk.scorecard(review_market).set_index("territory")
    for figure in ("accounts", "regular", "untouched", "revenue"):
        assert float(_cell(box, figure, "Sul")) == pytest.approx(card.loc["Sul", figure])
        assert float(_cell(box, figure, TOTAL)) == pytest.approx(card.loc[TOTAL, figure])
    assert _headline(box).startswith("Sul: 4 accounts")
    picker.value = TOTAL
    assert list(box.snapshot.figures.columns) == [TOTAL]


def test_territory_picker_pursuit_and_unvisited(sample):
    territory = sample.territories[-1]
    box = widgets.territory_picker(sample, view="pursuit", top=5)
    box.controls["territory"].value = territory
    expected = kk.pursuit_list(sample, territory=territory, top=5)
    assert box.snapshot.figures.index.tolist() == expected["account_id"].tolist()
    assert (
        f"{len(kk.pursuit_list(sample, territory=territory))} accounts on the pursuit"
        in _headline(box)
    )
    snap = widgets.territory_picker(
        sample, territory=territory, view="unvisited", interactive=False
    )
    assert f"{len(kk.unvisited(sample, territory=territory))} key and conquer" in snap.headline
    assert snap.png is None


def test_territory_picker_effort(review_market):
    snap = widgets.territory_picker(
        review_market, territory="Sul", view="effort", interactive=False
    )
    effort = kk.effort_by_salesperson(review_market, territory="Sul")
    assert snap.figures["visits"].tolist() == effort["visits"].tolist()


# --------------------------------------------------------------------------------------------
# language, errors, lightness


def test_portuguese_labels_and_numbers(review_market):
    m = review_market.with_parameters(language="pt-BR")
    snap = widgets.stage_explorer(m, interactive=False)
    assert snap.headline.startswith("De 9 contas")
    assert "comprador regular" in snap.to_html(picture=False)
    box = widgets.territory_picker(m)
    assert box.controls["territory"].options[-1] == ("todos os territórios", TOTAL)


def test_errors_are_sentences(review_market):
    with pytest.raises(KamkitError, match="need a Market"):
        widgets.abc_explorer(pd.DataFrame())
    with pytest.raises(KamkitError, match="view is 'map'"):
        widgets.territory_picker(review_market, view="map")
    with pytest.raises(KamkitError, match="Did you mean 'Sul'"):
        widgets.territory_picker(review_market, territory="Sull")


def test_pictures_stay_out_of_pyplot(review_market):
    import matplotlib.pyplot as plt

    widgets.matrix_explorer(review_market, interactive=False)
    widgets.abc_explorer(review_market)
    assert plt.get_fignums() == []


def test_static_mode_needs_no_ipywidgets():
    code = (
        "import sys, kamkit as kk\n"
        "from kamkit import widgets\n"
        "m = kk.Market.from_frames(sales=__import__('pandas').DataFrame({"
        "'account_id': ['a', 'b'], 'date': ['2026-01-05', '2026-02-05'], "
        "'amount': [10.0, 5.0]}))\n"
        "s = widgets.abc_explorer(m, interactive=False)\n"
        "assert 'ipywidgets' not in sys.modules\n"
        "print(s.headline)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "MPLBACKEND": "Agg"},
    ).stdout
    assert out.startswith("1 A accounts")
