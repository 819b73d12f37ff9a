"""What a reader sees on the charts: money, shares, numbers and periods in the language, share
axes from zero, legends clear of the points, and no English word on a pt-BR chart.

Every check draws the figure and reads the matplotlib objects (tick label texts, axis limits,
legend boxes in display coordinates), so it tests the picture, not the code that made it.
"""

import math
import re

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

import kamkit as kk  # noqa: E402
from kamkit.analysis.territory import evolution  # noqa: E402
from kamkit.charts import plots  # noqa: E402
from kamkit.presentation import i18n


@pytest.fixture(autouse=True)
def _no_global_changes():
    before = {k: str(v) for k, v in matplotlib.rcParams.items()}
    yield
    after = {k: str(v) for k, v in matplotlib.rcParams.items()}
    assert before == after, "a plot changed global matplotlib settings"


@pytest.fixture(scope="module")
def sample():
    return kk.load_sample()


@pytest.fixture(scope="module")
def sample_pt(sample):
    return sample.with_parameters(language="pt-BR")


@pytest.fixture(scope="module")
def sample_en(sample):
    return sample.with_parameters(language="en")


@pytest.fixture(scope="module")
def sample_evolution(sample):
    return evolution(sample, periods=3)


def _drawn(ax):
    ax.figure.canvas.draw()
    return ax


def _ticks(axis):
    """The texts of the tick labels the reader sees (inside the view, not blank)."""
    lo, hi = sorted(axis.get_view_interval())
    out = []
    for tick in axis.get_major_ticks():
        if lo - 1e-12 <= tick.get_loc() <= hi + 1e-12 and tick.label1.get_text():
            out.append(tick.label1.get_text())
    for tick in axis.get_major_ticks():  # a right-hand axis shows label2
        if lo - 1e-12 <= tick.get_loc() <= hi + 1e-12 and tick.label2.get_visible():
            out.append(tick.label2.get_text())
    return [t for t in out if t]


def _tick_pairs(axis):
    lo, hi = sorted(axis.get_view_interval())
    return [
        (t.get_loc(), t.label1.get_text() or t.label2.get_text())
        for t in axis.get_major_ticks()
        if lo - 1e-12 <= t.get_loc() <= hi + 1e-12
    ]


SCIENTIFIC = re.compile(r"\de[+-]?\d|\u00d7\s*10|10\^|\\times|mathdefault", re.IGNORECASE)


def _no_scientific(axis):
    texts = [t.get_text() for t in axis.get_ticklabels(minor=False)]
    texts += [t.get_text() for t in axis.get_ticklabels(minor=True)]
    texts.append(axis.get_offset_text().get_text())
    bad = [t for t in texts if SCIENTIFIC.search(t)]
    assert not bad, f"scientific notation on a money axis: {bad}"
    assert axis.get_offset_text().get_text() == ""


# --- 1. money axes ------------------------------------------------------------------------


def test_pareto_money_axis_reads_like_a_manager(sample_pt, sample_en):
    for market, pattern, currency in (
        (sample_pt, r"^R\$ \d{1,3}(,\d)?( mil| mi)?$", "R$"),
        (sample_en, r"^BRL \d{1,3}(\.\d)?( k| M)?$", "BRL"),
    ):
        ax = _drawn(plots.plot_pareto(market))
        _no_scientific(ax.yaxis)
        pairs = _tick_pairs(ax.yaxis)
        assert len(pairs) >= 3
        lang = market.parameters.language
        for loc, text in pairs:
            assert re.match(pattern, text), text
            # the label is the short money format of the tick value, without rounding
            assert text == i18n.format_money_short(loc, "BRL", lang)
        assert ax.get_ylabel().endswith(f"({currency})")


def test_pareto_money_ticks_on_known_amounts():
    revenue = pd.Series({"a": 1_200_000.0, "b": 350_000.0, "c": 90_000.0, "d": 5_000.0})
    ax = _drawn(plots.plot_pareto(revenue, language="pt-BR"))
    ticks = _ticks(ax.yaxis)
    assert ticks[0] == "R$ 0"
    assert "R$ 400 mil" in ticks and "R$ 1,2 mi" in ticks
    assert ax.get_ylabel() == "faturamento (R$)"
    en = _drawn(plots.plot_pareto(revenue, language="en"))
    assert "BRL 400 k" in _ticks(en.yaxis) and "BRL 1.2 M" in _ticks(en.yaxis)
    assert en.get_ylabel() == "revenue (BRL)"
    # another currency is named by its code in both languages
    usd = _drawn(plots.plot_pareto(revenue, language="pt-BR", currency="USD"))
    assert "USD 1,2 mi" in _ticks(usd.yaxis) and usd.get_ylabel() == "faturamento (USD)"


def test_small_amounts_fall_back_to_the_full_money_format():
    revenue = pd.Series({"a": 3.0, "b": 2.0, "c": 1.0})
    ax = _drawn(plots.plot_pareto(revenue, language="pt-BR"))
    ticks = _ticks(ax.yaxis)
    assert len(set(ticks)) == len(ticks), ticks  # never two ticks with the same label
    assert all(t.startswith("R$ ") for t in ticks)
    assert ticks[:3] == ["R$ 0,00", "R$ 0,50", "R$ 1,00"]  # money has 0 or 2 decimals
    en = _drawn(plots.plot_pareto(revenue, language="en"))
    assert _ticks(en.yaxis)[:3] == ["BRL 0.00", "BRL 0.50", "BRL 1.00"]


def test_matrix_potential_axis_in_money_without_powers_of_ten(sample_pt, sample_en):
    ax = _drawn(plots.plot_matrix(sample_pt))
    _no_scientific(ax.xaxis)
    ticks = _ticks(ax.xaxis)
    assert {"R$ 10 mil", "R$ 100 mil", "R$ 1,0 mi"} <= set(ticks), ticks
    assert all(not t.get_text() for t in ax.xaxis.get_ticklabels(minor=True))
    assert ax.get_xlabel() == "potencial anual (R$)"
    en = _drawn(plots.plot_matrix(sample_en))
    assert {"BRL 10 k", "BRL 100 k", "BRL 1.0 M"} <= set(_ticks(en.xaxis))
    assert en.get_xlabel() == "potential (wallet), annual (BRL)"


def test_matrix_narrow_potential_range_gets_1_2_5_money_ticks(review_market):
    ax = _drawn(plots.plot_matrix(review_market, language="pt-BR"))
    _no_scientific(ax.xaxis)
    ticks = _ticks(ax.xaxis)
    assert ticks and all(t.startswith("R$ ") for t in ticks), ticks
    assert len(ticks) >= 2


def test_evolution_revenue_axis_in_money(sample_pt, sample_en):
    table = evolution(sample_pt, periods=4)
    ax = _drawn(plots.plot_territory_evolution(table, metric="revenue", language="pt-BR"))
    _no_scientific(ax.yaxis)
    ticks = _ticks(ax.yaxis)
    assert ticks[0] == "R$ 0"
    assert all(re.match(r"^R\$ \d{1,3}(,\d)?( mil| mi)?$", t) for t in ticks), ticks
    assert ax.get_ylabel() == "faturamento (R$)"
    en = _drawn(plots.plot_territory_evolution(table, metric="revenue", language="en"))
    assert all(re.match(r"^BRL \d{1,3}(\.\d)?( k| M)?$", t) for t in _ticks(en.yaxis))
    assert en.get_ylabel() == "revenue (BRL)"
    pot = _drawn(plots.plot_territory_evolution(table, metric="potential", language="pt-BR"))
    _no_scientific(pot.yaxis)
    assert pot.get_ylabel() == "potencial (R$)"


# --- 2. decimal comma, thousands, periods ---------------------------------------------------


def _coverage_table(values, periods=("2026Q1", "2026Q2", "2026Q3")):
    rows = []
    for p, v in zip(periods, values):
        rows.append(
            {
                "period": pd.Period(p),
                "territory": "Sul",
                "coverage": v,
                "coverage_change": np.nan,
                "regular": 1234 + 10 * len(rows),
            }
        )
    return pd.DataFrame(rows)


def test_pt_br_axes_use_the_decimal_comma():
    table = _coverage_table([0.41, 0.39, 0.375])
    pt = _drawn(
        plots.plot_territory_evolution(
            table, metric="coverage", language="pt-BR", start_at_zero=False
        )
    )
    ticks = _ticks(pt.yaxis)
    assert any("," in t for t in ticks), ticks  # 37,5% ... 41,0%
    assert all(re.match(r"^\d{1,3}(,\d+)?%$", t) for t in ticks), ticks
    assert not any("." in t for t in ticks)
    en = _drawn(
        plots.plot_territory_evolution(table, metric="coverage", language="en", start_at_zero=False)
    )
    assert any("." in t for t in _ticks(en.yaxis)) and not any("," in t for t in _ticks(en.yaxis))
    # counts with the thousands dot
    counts = _drawn(plots.plot_territory_evolution(table, metric="regular", language="pt-BR"))
    assert "1.000" in _ticks(counts.yaxis), _ticks(counts.yaxis)
    assert not any("," in t for t in _ticks(counts.yaxis))


def test_pt_br_numbers_on_the_funnel_and_matrix(sample_pt):
    seg = kk.segment(sample_pt)
    ax = _drawn(plots.plot_stage_funnel(sample_pt))
    assert "1.000" in _ticks(ax.xaxis)
    untouched = int((seg["stage"] == "untouched").sum())
    assert untouched >= 1000
    share = i18n.format_share(untouched / len(seg), "pt-BR", decimals=0)
    expected = f"{untouched // 1000}.{untouched % 1000:03d} ({share})"
    assert expected in [t.get_text() for t in ax.texts]
    matrix = plots.plot_matrix(sample_pt)
    monitor = int((seg["quadrant"] == "monitor").sum())
    texts = [t.get_text() for t in matrix.get_legend().get_texts()]
    assert f"monitorar ({monitor // 1000}.{monitor % 1000:03d})" in texts


def test_periods_in_portuguese(review_market):
    quarters = evolution(review_market, periods=3)
    pt = plots.plot_territory_evolution(quarters, metric="revenue", language="pt-BR")
    assert [t.get_text() for t in pt.get_xticklabels()] == [
        "1º tri/2026",
        "2º tri/2026",
        "3º tri/2026",
    ]
    months = evolution(review_market, periods=2, freq="month")
    ptm = plots.plot_territory_evolution(months, metric="revenue", language="pt-BR")
    assert [t.get_text() for t in ptm.get_xticklabels()] == ["ago/26", "set/26"]
    en = plots.plot_territory_evolution(months, metric="revenue", language="en")
    assert [t.get_text() for t in en.get_xticklabels()] == ["2026-08", "2026-09"]
    years = evolution(review_market, periods=2, freq="year")
    pty = plots.plot_territory_evolution(years, metric="revenue", language="pt-BR")
    assert [t.get_text() for t in pty.get_xticklabels()] == ["2025", "2026"]


def test_format_period():
    assert i18n.format_period(pd.Period("2026Q4"), "pt-BR") == "4º tri/2026"
    assert i18n.format_period(pd.Period("2026-01", "M"), "pt-BR") == "jan/26"
    assert i18n.format_period(pd.Period("2026Q4"), "en") == "2026Q4"
    assert i18n.format_period(None, "pt-BR") == "\u2014"
    assert i18n.format_period("Q4", "pt-BR") == "Q4"
    assert i18n.format_period(pd.Period("2026-09-30", "D"), "pt-BR") == "30/09/2026"
    assert i18n.format_period(pd.Period("2026", "Y"), "pt-BR") == "2026"


def test_a_flat_change_of_a_share_keeps_a_sensible_axis():
    table = _coverage_table([0.4, 0.4, 0.4])
    table["coverage_change"] = 0.0
    ax = _drawn(plots.plot_territory_evolution(table, metric="coverage_change", language="pt-BR"))
    lo, hi = ax.get_ylim()
    assert lo == 0 and 0 < hi <= 0.02  # up to 2 p.p., not 100 p.p.
    assert all(t.endswith(" p.p.") for t in _ticks(ax.yaxis))


def test_lorenz_and_transitions_in_the_language(sample_pt):
    ax = _drawn(plots.plot_lorenz(sample_pt))
    assert _ticks(ax.xaxis)[:3] == ["0%", "20%", "40%"]
    g = kk.gini(sample_pt)
    assert ax.get_title() == f"Curva de Lorenz (Gini = {f'{g:.2f}'.replace('.', ',')})"
    heat = plots.plot_transitions(sample_pt)
    values = [t.get_text() for t in heat.texts]
    big = [v for v in values if len(v.replace(".", "")) >= 4]
    assert big and all(re.match(r"^\d{1,3}(\.\d{3})+$", v) for v in big), big


# --- 3. share axes from zero ----------------------------------------------------------------


def test_a_small_change_is_drawn_on_an_axis_from_zero():
    table = _coverage_table([0.41, 0.395, 0.375])
    ax = _drawn(plots.plot_territory_evolution(table, metric="coverage", language="pt-BR"))
    assert ax.get_ylim()[0] == 0
    assert _ticks(ax.yaxis)[0] == "0%"
    # the 3.5 pp drop takes less than a tenth of the axis height
    lo, hi = ax.get_ylim()
    assert (0.41 - 0.375) / (hi - lo) < 0.1
    assert "eixo" not in ax.get_ylabel()


def test_an_axis_that_does_not_start_at_zero_says_where_it_starts():
    table = _coverage_table([0.41, 0.395, 0.375])
    for lang, words in (("pt-BR", "eixo começa em"), ("en", "axis starts at")):
        ax = _drawn(
            plots.plot_territory_evolution(
                table, metric="coverage", language=lang, start_at_zero=False
            )
        )
        lo = ax.get_ylim()[0]
        assert lo > 0.3
        start = i18n.format_share(lo, lang)
        assert ax.get_ylabel().endswith(f"({words} {start})"), ax.get_ylabel()


def test_every_share_axis_starts_at_zero(sample_pt, sample_evolution):
    matrix = _drawn(plots.plot_matrix(sample_pt))
    lo, hi = matrix.get_ylim()
    assert -0.05 * hi <= lo <= 0
    assert _ticks(matrix.yaxis)[0] == "0%"
    pareto = plots.plot_pareto(sample_pt)
    assert pareto.right_ax.get_ylim()[0] == 0 and pareto.get_ylim()[0] == 0
    cov = _drawn(plots.plot_coverage(sample_pt))
    assert cov.get_xlim()[0] == 0 and _ticks(cov.xaxis)[0] == "0%"
    for metric in ("potential_captured", "coverage", "regular", "revenue"):
        ev = plots.plot_territory_evolution(sample_evolution, metric=metric, language="pt-BR")
        assert ev.get_ylim()[0] == 0, metric


def test_changes_of_a_share_are_in_percentage_points(review_market):
    table = evolution(review_market, periods=3)
    ax = _drawn(plots.plot_territory_evolution(table, metric="coverage_change", language="pt-BR"))
    ticks = _ticks(ax.yaxis)
    assert ticks and all(t.endswith(" p.p.") for t in ticks), ticks
    assert ax.get_ylabel() == "variação da cobertura (p.p.)"
    lo, hi = ax.get_ylim()
    assert lo <= 0 <= hi


# --- 4. legends never cover a point ---------------------------------------------------------


def _points_in_display(axes):
    """Every data point in display coordinates: scatter offsets, line vertices and the corners
    of bars."""
    pts = []
    for ax in axes:
        for coll in ax.collections:
            offsets = np.asarray(coll.get_offsets(), dtype=float)
            if len(offsets):
                pts.append(coll.get_offset_transform().transform(offsets))
        for line in ax.get_lines():
            xy = np.asarray(line.get_xydata(), dtype=float)
            if len(xy):
                pts.append(line.get_transform().transform(xy))
        for patch in ax.patches:
            box = patch.get_window_extent()
            if box.width > 0 and box.height > 0:
                pts.append(
                    np.array(
                        [[box.x0, box.y0], [box.x1, box.y1], [box.x0, box.y1], [box.x1, box.y0]]
                    )
                )
    return np.vstack(pts) if pts else np.zeros((0, 2))


def _assert_legend_clear(ax, legend_ax=None):
    fig = ax.figure
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    legend_ax = legend_ax or ax
    legend = legend_ax.get_legend()
    box = legend.get_window_extent(renderer)
    points = _points_in_display({ax, legend_ax})
    points = points[np.isfinite(points).all(axis=1)]
    assert len(points) > 0
    inside = (
        (points[:, 0] >= box.x0)
        & (points[:, 0] <= box.x1)
        & (points[:, 1] >= box.y0)
        & (points[:, 1] <= box.y1)
    )
    assert not inside.any(), f"{int(inside.sum())} points under the legend"
    # and the legend is within the figure, so it is seen
    fig_box = fig.bbox
    assert box.x0 >= fig_box.x0 - 1 and box.x1 <= fig_box.x1 + 1
    assert box.y0 >= fig_box.y0 - 1 and box.y1 <= fig_box.y1 + 1
    # nor does it cover any part of the plotting area
    assert not box.overlaps(ax.get_window_extent(renderer))


def test_matrix_legend_covers_no_bubble(sample_pt, sample_en):
    _assert_legend_clear(plots.plot_matrix(sample_pt))
    _assert_legend_clear(plots.plot_matrix(sample_en, territory="Sul"))


def test_evolution_legend_covers_no_point(sample_pt):
    for metric in ("coverage", "revenue"):
        _assert_legend_clear(plots.plot_territory_evolution(sample_pt, metric=metric, periods=4))


def test_lorenz_legend_sits_where_the_curve_never_goes(sample_pt):
    ax = plots.plot_lorenz(sample_pt)
    ax.figure.canvas.draw()
    box = ax.get_legend().get_window_extent(ax.figure.canvas.get_renderer())
    curve = ax.get_lines()[0]
    xy = curve.get_transform().transform(np.asarray(curve.get_xydata(), dtype=float))
    assert len(xy) > 100
    inside = (
        (xy[:, 0] >= box.x0) & (xy[:, 0] <= box.x1) & (xy[:, 1] >= box.y0) & (xy[:, 1] <= box.y1)
    )
    assert not inside.any()


def test_pareto_and_coverage_legends_stay_off_the_plot(sample_pt):
    ax = plots.plot_pareto(sample_pt)
    _assert_legend_clear(ax, ax.right_ax)
    _assert_legend_clear(plots.plot_coverage(sample_pt))


def test_legend_outside_on_axes_the_caller_gave(sample_pt):
    fig, axes = plt.subplots(1, 2, figsize=(16, 6), layout="constrained")
    ax = plots.plot_matrix(sample_pt, ax=axes[0])
    assert ax is axes[0]
    _assert_legend_clear(ax)


# --- 5. no fractions on share axes, no bare codes as axis titles ------------------------------

CODE = re.compile(r"^[a-z]+(_[a-z0-9]+)+$")


@pytest.mark.parametrize(
    "metric",
    [
        "coverage",
        "potential_captured",
        "coverage_change",
        "potential_captured_change",
        "regular",
        "conversions",
        "revenue_change",
        "accounts",
    ],
)
def test_evolution_axes_show_percent_and_names(sample_evolution, metric):
    ax = _drawn(plots.plot_territory_evolution(sample_evolution, metric=metric, language="en"))
    ticks = _ticks(ax.yaxis)
    if metric in ("coverage", "potential_captured"):
        assert all(t.endswith("%") for t in ticks), ticks
    if metric.endswith("_change") and metric != "revenue_change":
        assert all(t.endswith(" pp") for t in ticks), ticks
    assert not CODE.match(ax.get_ylabel()) and ax.get_ylabel() not in ("value", "valor")
    assert "_" not in ax.get_ylabel() and "_" not in ax.get_title()


def test_figure_without_a_label_is_named_in_words():
    table = _coverage_table([0.41, 0.39, 0.375]).rename(columns={"regular": "new_figure"})
    ax = plots.plot_territory_evolution(table, metric="new_figure")
    assert ax.get_ylabel() == "new figure"


def test_coverage_chart_shows_shares_in_percent(sample_pt, sample):
    table = kk.coverage(sample)
    ax = _drawn(plots.plot_coverage(table, language="pt-BR"))
    ticks = _ticks(ax.xaxis)
    assert all(re.match(r"^\d{1,3}%$", t) for t in ticks), ticks
    assert ax.get_xlabel() == "participação no total"
    assert ax.get_xlabel() not in ("value", "valor") and ax.get_ylabel() == ""
    assert [t.get_text() for t in ax.get_yticklabels()] == [
        "conta-chave",
        "conquistar",
        "manter",
        "monitorar",
    ]
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == [
        "participação nas contas",
        "participação no potencial total",
        "participação nas interações",
    ]
    # the bars are the coverage table's shares
    quadrants = table[table["group"] == "quadrant"]
    widths = sorted(round(p.get_width(), 9) for p in ax.patches)
    expected = sorted(round(float(v), 9) for c in plots.COVERAGE_SHARES for v in quadrants[c])
    assert widths == expected
    stages = plots.plot_coverage(sample_pt, group="stage")
    assert [t.get_text() for t in stages.get_yticklabels()][0] == "não prospectado"
    with pytest.raises(kk.errors.KamkitError, match="quadrant or stage"):
        plots.plot_coverage(sample_pt, group="city")


# --- 6. Pareto: currency, A/B/C legend, the 5% and 10% markers -------------------------------


def test_pareto_abc_legend_and_top_markers(sample_pt):
    ax = plots.plot_pareto(sample_pt)
    legend = [t.get_text() for t in ax.right_ax.get_legend().get_texts()]
    assert legend[:3] == ["classe A", "classe B", "classe C"]
    # independent calculation: revenue of the top ceil(x * n) buying accounts / total
    seg = kk.segment(sample_pt)
    revenue = np.sort(seg["revenue"].to_numpy(dtype=float))[::-1]
    revenue = revenue[revenue > 0.005]
    n = len(revenue)
    markers = [line for line in ax.right_ax.get_lines() if line.get_linestyle() == "None"]
    assert len(markers) == 2
    for line, top in zip(markers, (0.05, 0.10)):
        k = math.ceil(top * n)
        share = revenue[:k].sum() / revenue.sum()
        assert line.get_xdata()[0] == k
        assert line.get_ydata()[0] == pytest.approx(share)
        pct = f"{round(top * 100)}%"
        text = f"{pct} maiores clientes: {round(share * 100)}% do faturamento ({k})"
        assert text in legend, (text, legend)
    en = plots.plot_pareto(sample_pt, language="en")
    en_legend = [t.get_text() for t in en.right_ax.get_legend().get_texts()]
    assert en_legend[:3] == ["class A", "class B", "class C"]
    assert any(t.startswith("top 5% of accounts: ") for t in en_legend)
    assert plots.plot_pareto(sample_pt, tops=()).right_ax.get_lines()[-1].get_linestyle() != "None"


# --- hostile data: nothing to draw is said, never a traceback -----------------------------


def test_matrix_without_any_potential_says_so(sample):
    seg = kk.segment(sample).head(5).copy()
    seg["potential"] = 0.0
    for lang, start in (("pt-BR", "Nenhuma conta tem potencial"), ("en", "No account has")):
        ax = _drawn(plots.plot_matrix(seg, language=lang))
        assert [t.get_text() for t in ax.texts][0].startswith(start)
    seg["potential"] = np.nan
    seg.loc[seg.index[0], "potential"] = 100.0  # one account, threshold 100
    ax = _drawn(plots.plot_matrix(seg, language="pt-BR"))
    assert sum(len(c.get_offsets()) for c in ax.collections) == 1
    _no_scientific(ax.xaxis)
    assert "R$ 100" in _ticks(ax.xaxis)


def test_no_buying_account_and_blank_figures_draw_plain_axes():
    ax = _drawn(plots.plot_pareto(pd.Series({"a": 0.0, "b": -3.0}), language="pt-BR"))
    assert ax.get_ylim() == (0, 1) and _ticks(ax.yaxis)[0] == "R$ 0,00"
    table = _coverage_table([np.nan, np.nan, np.nan])
    ev = _drawn(plots.plot_territory_evolution(table, metric="coverage", language="pt-BR"))
    assert ev.get_ylim() == (0, 1) and _ticks(ev.yaxis)[-1] == "100%"


# --- 7. every text on a pt-BR chart is Portuguese ---------------------------------------------


def _english_words():
    """Words of kamkit's English labels that never appear in its Portuguese ones."""
    en, pt = set(), set()
    for en_text, pt_text in i18n._labels().values():
        en |= set(re.findall(r"[a-z]{3,}", re.sub(r"\{\w+\}", "", en_text).lower()))
        pt |= set(re.findall(r"[a-zà-ú]{3,}", re.sub(r"\{\w+\}", "", pt_text).lower()))
    return en - pt


def _visible_texts(ax):
    fig = ax.figure
    fig.canvas.draw()
    texts = []
    for a in fig.axes:
        texts += [
            a.get_title(),
            a.get_title("left"),
            a.get_title("right"),
            a.get_xlabel(),
            a.get_ylabel(),
        ]
        for axis in (a.xaxis, a.yaxis):
            texts += _ticks(axis)
            texts.append(axis.get_offset_text().get_text())
        texts += [t.get_text() for t in a.texts]
        if a.get_legend() is not None:
            texts += [t.get_text() for t in a.get_legend().get_texts()]
            texts.append(a.get_legend().get_title().get_text())
    texts += [t.get_text() for t in fig.texts]
    return [t for t in texts if t]


PLOT_FUNCTIONS = [name for name in plots.__all__ if name.startswith("plot_")]


@pytest.mark.parametrize("name", PLOT_FUNCTIONS)
def test_every_text_on_a_pt_br_chart_is_portuguese(sample_pt, name):
    english = _english_words()
    assert {"revenue", "accounts", "share", "potential", "territories"} <= english
    ax = getattr(plots, name)(sample_pt)
    texts = _visible_texts(ax)
    assert texts
    for text in texts:
        words = set(re.findall(r"[a-z]{3,}", text.lower()))
        assert not (words & english), f"English on a pt-BR chart: {text!r}"
        assert not re.search(r"\d{4}-\d{2}(-\d{2})?|\d{4}Q\d", text), f"ISO date: {text!r}"
        assert not re.search(r"\d,\d{3}(?!\d)|\d\.\d+%", text), f"English number: {text!r}"
        assert not SCIENTIFIC.search(text), text


def test_the_english_charts_stay_english(sample_en):
    for name in PLOT_FUNCTIONS:
        texts = " ".join(_visible_texts(getattr(plots, name)(sample_en)))
        assert not re.search(r"\d\.\d{3}(?!\d)|\d,\d+%", texts), (name, texts)
        plt.close("all")
