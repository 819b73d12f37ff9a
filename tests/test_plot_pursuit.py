"""kk.plot_pursuit (lesson 9's chart): one bar per account of the pursuit list, rank 1 at the
top, the revenue in the window and the gap to potential drawn exactly as kk.pursuit_list gives
them (checked against a hand-worked market and against the sample's list), the gap labelled in
short money, the planned account in the accent colour, every word Portuguese in pt-BR."""

import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import to_rgba  # noqa: E402

import kamkit as kk  # noqa: E402
from kamkit.charts import kam  # noqa: E402
from kamkit.core.errors import KamkitError  # noqa: E402
from kamkit.presentation import palette  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_pt_br_render import english_in  # noqa: E402

pytestmark = pytest.mark.usefixtures("charts_draw_quietly")


@pytest.fixture(scope="module")
def sample():
    return kk.load_sample()


def _ticks(ax) -> list[str]:
    return [t.get_text() for t in ax.get_yticklabels()]


def _bars(ax):
    revenue, gap = ax.containers
    return list(revenue), list(gap)


def _texts(ax) -> list[str]:
    ax.figure.canvas.draw()
    out = [ax.get_title(), ax.get_xlabel()]
    out += [t.get_text() for t in ax.get_xticklabels() + ax.get_yticklabels() + ax.texts]
    out += [t.get_text() for t in ax.get_legend().get_texts()]
    return [t for t in out if t]


def test_the_facade_exports_it():
    assert kk.plot_pursuit is kam.plot_pursuit
    assert "plot_pursuit" in kam.__all__


def test_a_hand_worked_territory(review_market):
    # Norte (conftest's review market): A3 potential 800, bought 100 in the window; A4
    # potential 700, nothing in the window (its sale of 2025-08-20 is before it). Gaps: 700
    # and 700; A4 ranks first (pursuit_list: progress lifts A4's score), A3 second.
    ax = kk.plot_pursuit(review_market, territory="Norte")
    assert _ticks(ax) == ["1. A4", "2. A3"]
    revenue, gap = _bars(ax)
    assert [b.get_width() for b in revenue] == [0.0, 100.0]
    assert [b.get_width() for b in gap] == [700.0, 700.0]
    assert [b.get_x() for b in gap] == [0.0, 100.0]  # the gap starts where the revenue ends
    # revenue + gap is the potential of each account
    assert [r.get_width() + g.get_width() for r, g in zip(revenue, gap)] == [700.0, 800.0]
    assert [t.get_text() for t in ax.texts] == ["BRL 700", "BRL 700"]


def test_the_whole_market_shows_the_highest_scores(review_market):
    # whole market: the 3 highest scores of the list, A2 (Sul) 1050, A4 816.67, A3 700; the
    # rank shown is the one in the account's territory, the territory beside it
    ax = kk.plot_pursuit(review_market, top=3)
    assert _ticks(ax) == ["1. A2 (Sul)", "1. A4 (Norte)", "2. A3 (Norte)"]
    table = kk.pursuit_list(review_market)
    by_score = table.sort_values("score", ascending=False).head(3)
    assert _ticks(ax) == [
        f"{r}. {a} ({t})"
        for r, a, t in zip(by_score["rank"], by_score["account_id"], by_score["territory"])
    ]


def test_bars_are_the_pursuit_list_of_the_sample(sample):
    territory = sample.territories[0]
    table = kk.pursuit_list(sample, territory=territory, top=10)
    ax = kk.plot_pursuit(sample, territory=territory, top=10)
    revenue, gap = _bars(ax)
    assert len(revenue) == len(gap) == len(table) == 10
    assert _ticks(ax) == [f"{r}. {a}" for r, a in zip(table["rank"], table["account_id"])]
    assert list(table["rank"]) == list(range(1, 11))
    assert [b.get_width() for b in revenue] == pytest.approx(list(table["revenue"]), rel=1e-12)
    assert [b.get_width() for b in gap] == pytest.approx(list(table["gap"]), rel=1e-12)
    # rank 1 at the top: the first bar sits highest on the inverted axis
    centres = [b.get_y() + b.get_height() / 2 for b in gap]
    assert ax.yaxis_inverted() and centres == sorted(centres)
    # each gap labelled in short money; the first by hand: millions with one decimal
    labels = [t.get_text() for t in ax.texts]
    assert labels == [kk.i18n.format_money_short(v, "BRL", "en") for v in table["gap"]]
    first = float(table["gap"].iloc[0])
    if first >= 1e6:
        assert labels[0] == f"BRL {first / 1e6:.1f} M"


def test_the_highlighted_account_in_the_accent_colour(sample):
    territory = sample.territories[0]
    table = kk.pursuit_list(sample, territory=territory, top=5)
    chosen = table["account_id"].iloc[2]
    ax = kk.plot_pursuit(sample, territory=territory, top=5, highlight=chosen)
    revenue, gap = _bars(ax)
    colours = [b.get_facecolor() for b in gap]
    assert colours[2] == to_rgba(palette.ACCENT)
    assert all(c == to_rgba(palette.NEUTRAL) for k, c in enumerate(colours) if k != 2)
    assert {b.get_facecolor() for b in revenue} == {to_rgba(palette.QUADRANT["maintain"])}
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["revenue", "gap to potential", f"gap to potential: {chosen}"]
    # an account not among the bars: nothing in the accent colour, no legend entry for it
    ax = kk.plot_pursuit(sample, territory=territory, top=5, highlight="NOT-AN-ACCOUNT")
    assert to_rgba(palette.ACCENT) not in {b.get_facecolor() for b in _bars(ax)[1]}
    assert len(ax.get_legend().get_texts()) == 2


def test_words_in_portuguese(sample):
    market = sample.with_parameters(language="pt-BR")
    territory = market.territories[0]
    table = kk.pursuit_list(market, territory=territory, top=10)
    ax = kk.plot_pursuit(market, territory=territory, highlight=table["account_id"].iloc[0])
    assert ax.get_title().startswith("O topo da lista de conquista")
    assert ax.get_xlabel() == "faturamento + espaço a conquistar (R$)"
    labels = [t.get_text() for t in ax.texts]
    assert all(t.startswith("R$ ") and t.split()[-1] in ("mil", "mi") for t in labels)
    first = float(table["gap"].iloc[0])
    if first >= 1e6:
        assert labels[0] == "R$ " + f"{first / 1e6:.1f}".replace(".", ",") + " mi"
    texts = _texts(ax)
    assert len(texts) > 20
    assert english_in({"plot_pursuit": texts}) == []
    # the English chart does hold English: the check can fail
    assert english_in({"plot_pursuit": _texts(kk.plot_pursuit(sample, territory=territory))})


def test_an_empty_list_says_so(review_market):
    from write_inputs import REVIEW_PARAMETERS

    from kamkit.model.market import Market

    # two regular buyers that bought their whole potential: nothing to conquer
    sales = pd.DataFrame(
        [(a, f"2026-0{m}-10", 5.0) for a in ("A1", "A2") for m in (4, 5, 6)],
        columns=["account_id", "date", "amount"],
    )
    bare = Market.from_frames(
        sales=sales,
        accounts=pd.DataFrame(
            {"account_id": ["A1", "A2"], "territory": ["Sul", "Sul"], "potential": 15.0}
        ),
        parameters={**REVIEW_PARAMETERS, "language": "pt-BR"},
    )
    assert kk.pursuit_list(bare).empty
    ax = kk.plot_pursuit(bare)
    assert not ax.containers
    assert ax.texts[0].get_text() == "Nenhuma conta está na lista de conquista."


@pytest.mark.parametrize("top", [0, -1, 2.5, True, "10"])
def test_top_must_be_a_whole_number(review_market, top):
    with pytest.raises(KamkitError, match="top must be a whole number") as raised:
        kk.plot_pursuit(review_market, top=top)
    assert "número inteiro" in raised.value.text("pt-BR")
