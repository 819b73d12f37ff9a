import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402

from kamkit.analysis.concentration import pareto_table  # noqa: E402
from kamkit.analysis.segmentation import segment  # noqa: E402
from kamkit.analysis.territory import evolution  # noqa: E402
from kamkit.charts import plots  # noqa: E402
from kamkit.core.errors import KamkitError  # noqa: E402

REV = pd.Series({"b": 10.0, "a": 10.0, "c": 30.0, "d": 0.0, "e": -5.0, "f": 50.0})


pytestmark = pytest.mark.usefixtures("charts_draw_quietly")


def _hlines(ax):
    return sorted(
        round(float(line.get_ydata()[0]), 6)
        for line in ax.get_lines()
        if len(set(np.asarray(line.get_ydata(), dtype=float))) == 1 and len(line.get_ydata()) == 2
    )


def test_plot_pareto_bars_line_and_cutoffs():
    ax = plots.plot_pareto(REV)
    assert isinstance(ax, Axes)
    assert len(ax.patches) == 4  # only buying accounts get a bar
    heights = [p.get_height() for p in ax.patches]
    assert heights == [50, 30, 10, 10]
    right = ax.right_ax
    curve = [line for line in right.get_lines() if len(line.get_ydata()) == 4][0]
    assert list(curve.get_ydata()) == pytest.approx([0.5, 0.8, 0.9, 1.0])
    assert _hlines(right) == [0.5, 0.8]
    assert ax.get_xlabel() == "accounts, ranked by revenue"


def test_plot_pareto_market_cutoffs_and_language(review_market):
    m = review_market.with_parameters(abc_a_share=0.6, abc_b_share=0.9, language="pt-BR")
    ax = plots.plot_pareto(m)
    assert _hlines(ax.right_ax) == [0.6, 0.9]
    assert ax.get_xlabel() == "contas, ordenadas por faturamento"
    assert ax.get_title() == "Análise de Pareto / ABC"
    # the market's language is the default, an explicit one wins
    assert plots.plot_pareto(m, language="en").get_title() == "Pareto / ABC analysis"
    # buying accounts of the review market: A1, A5, A3, A7
    assert len(ax.patches) == 4


def test_plot_pareto_many_accounts_and_table_input():
    rng = np.random.default_rng(0)
    big = pd.Series(rng.lognormal(5, 1, 1000), index=[f"c{i:04d}" for i in range(1000)])
    ax = plots.plot_pareto(big)
    assert len(ax.patches) == 3  # one filled step outline per ABC class
    total = sum(p.get_path().vertices[:, 1].max() for p in ax.patches)
    assert total > 0
    table = pareto_table(big)
    ax2 = plots.plot_pareto(table, max_accounts=50)
    assert len(ax2.patches) == 50
    assert ax2.get_xlim() == (0.5, 50.5)


def test_plot_lorenz_gini_title_and_points():
    ax = plots.plot_lorenz(REV)
    assert ax.get_title() == "Lorenz curve (Gini = 0.35)"
    curve = ax.get_lines()[0]
    assert list(curve.get_xdata()) == pytest.approx([0, 0.25, 0.5, 0.75, 1])
    assert list(curve.get_ydata()) == pytest.approx([0, 0.1, 0.2, 0.5, 1])
    diagonal = ax.get_lines()[1]
    assert list(diagonal.get_ydata()) == [0, 1]
    pt = plots.plot_lorenz(REV, language="pt-BR")
    assert pt.get_title() == "Curva de Lorenz (Gini = 0,35)"
    assert pt.get_xlabel() == "participação acumulada nas contas"


def test_plot_lorenz_from_curve_table_and_equal_revenue():
    from kamkit.analysis.concentration import lorenz_curve

    equal = pd.Series({"a": 5.0, "b": 5.0, "c": 5.0})
    assert plots.plot_lorenz(lorenz_curve(equal)).get_title().endswith("(Gini = 0.00)")
    assert plots.plot_lorenz(pd.Series({"a": 0.0})).get_title().endswith("(Gini = \u2014)")


def test_plot_stage_funnel_counts(review_market):
    ax = plots.plot_stage_funnel(review_market)
    assert len(ax.patches) == 5
    # top to bottom: untouched 3, approached 1, occasional 2, regular 2, lapsed 1
    bars = sorted(ax.patches, key=lambda p: -p.get_y())
    assert [p.get_width() for p in bars] == [3, 1, 2, 2, 1]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == [
        "not yet prospected",
        "approached, never bought",
        "occasional buyer",
        "regular buyer",
        "lapsed customer",
    ]
    texts = [t.get_text() for t in ax.texts]
    assert "3 (33%)" in texts
    pt = plots.plot_stage_funnel(segment(review_market), language="pt-BR")
    assert [t.get_text() for t in pt.get_yticklabels()][0] == "não prospectado"


def test_plot_stage_funnel_territory_and_zero_stages(review_market):
    ax = plots.plot_stage_funnel(review_market, territory="Leste")
    widths = sorted((p.get_width() for p in ax.patches), reverse=True)
    assert widths == [1, 0, 0, 0, 0]


def test_plot_matrix(review_market):
    ax = plots.plot_matrix(review_market)
    assert ax.get_xscale() == "log"
    points = sum(len(c.get_offsets()) for c in ax.collections)
    assert points == 9
    # median potential of the market is 120; share threshold 0.3
    vlines = [line for line in ax.get_lines() if len(set(line.get_xdata())) == 1]
    hlines = [line for line in ax.get_lines() if len(set(line.get_ydata())) == 1]
    assert [float(line.get_xdata()[0]) for line in vlines] == [120.0]
    assert [float(line.get_ydata()[0]) for line in hlines] == [0.3]
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend[:4] == [
        "key account (high potential, high share) (1)",
        "conquer (high potential, low share) (4)",
        "maintain (low potential, high share) (1)",
        "monitor (low potential, low share) (3)",
    ]
    # a territory keeps the market's thresholds
    sul = plots.plot_matrix(review_market, territory="Sul", language="pt-BR")
    assert sum(len(c.get_offsets()) for c in sul.collections) == 4
    assert [
        float(line.get_xdata()[0]) for line in sul.get_lines() if len(set(line.get_xdata())) == 1
    ] == [120.0]
    assert sul.get_xlabel() == "potencial anual (R$)"
    assert sul.get_legend().get_texts()[0].get_text().startswith("conta-chave")


def test_plot_matrix_leaves_out_zero_potential(review_market):
    seg = segment(review_market)
    seg.loc[0, "potential"] = 0.0
    ax = plots.plot_matrix(seg, potential_threshold=500, share_threshold=0.5)
    assert sum(len(c.get_offsets()) for c in ax.collections) == 8
    assert [
        float(line.get_ydata()[0]) for line in ax.get_lines() if len(set(line.get_ydata())) == 1
    ] == [0.5]


def test_plot_transitions(review_market):
    ax = plots.plot_transitions(review_market, language="pt-BR")
    # default: previous quarterly review (2026-06-30) -> as_of (2026-09-30)
    values = [t.get_text() for t in ax.texts]
    assert len(values) == 25
    grid = np.array([int(v) for v in values]).reshape(5, 5)
    # rows: stage at 2026-06-30, columns: now (see test_scorecard's table)
    expected = np.zeros((5, 5), dtype=int)
    s = {k: i for i, k in enumerate(["untouched", "approached", "occasional", "regular", "lapsed"])}
    for before, after in [
        ("untouched", "occasional"),
        ("untouched", "regular"),
        ("untouched", "untouched"),
        ("untouched", "untouched"),
        ("untouched", "untouched"),
        ("approached", "approached"),
        ("approached", "occasional"),
        ("occasional", "lapsed"),
        ("regular", "regular"),
    ]:
        expected[s[before], s[after]] += 1
    assert (grid == expected).all()
    assert [t.get_text() for t in ax.get_yticklabels()][0] == "não prospectado"
    assert ax.get_xlabel() == "estágio atual" and ax.get_ylabel() == "estágio anterior"


def test_plot_transitions_share_rows(review_market):
    from kamkit.analysis.segmentation import stage_transitions

    table = stage_transitions(review_market, "2026-06-30", "2026-09-30")
    ax = plots.plot_transitions(table, share=True)
    values = [t.get_text() for t in ax.texts]
    # untouched row: 5 accounts -> 3 stay (60%), 1 occasional (20%), 1 regular (20%)
    assert values[:5] == ["60%", "0%", "20%", "20%", "0%"]


def test_plot_territory_evolution(review_market):
    table = evolution(review_market, periods=3)
    ax = plots.plot_territory_evolution(table, metric="revenue")
    lines = ax.get_lines()
    assert len(lines) == 4  # Leste, Norte, Sul + all territories
    labels = [line.get_label() for line in lines]
    assert labels == ["Leste", "Norte", "Sul", "all territories"]
    norte = lines[1]
    assert list(norte.get_ydata()) == [500, 500, 110]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["2026Q1", "2026Q2", "2026Q3"]
    assert lines[3].get_linestyle() == "--"
    pt = plots.plot_territory_evolution(table, metric="coverage", total=False, language="pt-BR")
    assert len(pt.get_lines()) == 3
    assert pt.get_ylabel() == "cobertura das contas-chave e a conquistar"
    with pytest.raises(KamkitError, match="not a figure"):
        plots.plot_territory_evolution(table, metric="happiness")


def test_plot_territory_evolution_from_market(review_market):
    ax = plots.plot_territory_evolution(review_market, metric="conversions", periods=2)
    sul = [line for line in ax.get_lines() if line.get_label() == "Sul"][0]
    assert list(sul.get_ydata()) == [0, 1]


def test_draws_on_given_axes_and_rejects_bad_input(review_market):
    fig, axes = plt.subplots(1, 2)
    assert plots.plot_stage_funnel(review_market, ax=axes[1]) is axes[1]
    assert len(axes[0].patches) == 0
    with pytest.raises(KamkitError, match="en, pt-BR"):
        plots.plot_lorenz(REV, language="fr")
    with pytest.raises(KamkitError, match="Expected a Market"):
        plots.plot_stage_funnel([1, 2])
