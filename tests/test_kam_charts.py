"""The pictures of lesson 10 (kamkit.charts.kam): the whitespace heat map and the revenue-drop
chart draw exactly the numbers of kk.whitespace and kk.alerts, with their words in English and
Brazilian Portuguese, and change no global matplotlib setting."""

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

import kamkit as kk  # noqa: E402
from kamkit.charts import kam  # noqa: E402
from kamkit.core.errors import KamkitError  # noqa: E402


@pytest.fixture(scope="module")
def sample():
    return kk.load_sample()


pytestmark = pytest.mark.usefixtures("charts_draw_quietly")


def _ticks(labels) -> list[str]:
    return [t.get_text() for t in labels]


def test_the_facade_exports_the_two_charts():
    assert kk.plot_whitespace is kam.plot_whitespace
    assert kk.plot_alerts is kam.plot_alerts


def test_whitespace_heat_map_draws_the_values_of_kk_whitespace(sample):
    territory = sample.territories[0]
    table = kk.whitespace(sample, territory=territory)
    ax = kk.plot_whitespace(sample, territory=territory, top=5)
    rows = _ticks(ax.get_yticklabels())
    families = _ticks(ax.get_xticklabels())
    # the rows: the five accounts with the largest sum of values, computed here
    totals = table.groupby("account_id")["value"].sum()
    expected_rows = sorted(totals.index, key=lambda a: (-totals[a], a))[:5]
    assert rows == expected_rows
    assert families == sorted(set(table.loc[table["account_id"].isin(rows), "family"]))
    drawn = np.ma.filled(ax.images[0].get_array(), np.nan)
    assert drawn.shape == (len(rows), len(families))
    for r, account in enumerate(rows):
        for c, family in enumerate(families):
            hit = table[(table["account_id"] == account) & (table["family"] == family)]
            if len(hit):
                assert drawn[r, c] == pytest.approx(hit["value"].iloc[0], rel=1e-12)
            else:
                assert np.isnan(drawn[r, c])  # not whitespace: a blank cell
    # every whitespace cell is labelled with its money, short
    texts = {t.get_text() for t in ax.texts}
    first = table[table["account_id"] == rows[0]].iloc[0]
    assert kk.i18n.format_money_short(first["value"], "BRL", "en") in texts


def test_whitespace_heat_map_of_chosen_accounts_shows_adoption(sample):
    table = kk.whitespace(sample)
    accounts = list(table["account_id"].drop_duplicates().iloc[[3, 0]])
    ax = kk.plot_whitespace(table, accounts=accounts, show="adoption")
    assert _ticks(ax.get_yticklabels()) == accounts  # in the order given
    drawn = np.ma.filled(ax.images[0].get_array(), np.nan)
    families = _ticks(ax.get_xticklabels())
    mine = table[table["account_id"].isin(accounts)]
    assert np.isfinite(drawn).sum() == len(mine)
    for _, row in mine.iterrows():
        value = drawn[accounts.index(row["account_id"]), families.index(row["family"])]
        assert value == pytest.approx(row["adoption"])
        assert 0.5 <= value <= 1.0  # the default whitespace_min_adoption
    assert ax.images[0].get_clim() == (0.0, 1.0)


def test_whitespace_words_in_both_languages(sample):
    ax = kk.plot_whitespace(sample, top=3)
    assert ax.get_xlabel() == "product family"
    assert ax.get_ylabel() == "account"
    assert ax.get_title().startswith("Whitespace:")
    bar = ax.figure.axes[-1]
    assert bar.get_ylabel() == "value (peers' median in the window) (BRL)"

    pt = sample.with_parameters(language="pt-BR")
    ax = kk.plot_whitespace(pt, top=3)
    assert ax.get_xlabel() == "família de produtos"
    assert ax.get_ylabel() == "conta"
    assert ax.get_title().startswith("Oportunidades de mix:")
    assert ax.figure.axes[-1].get_ylabel() == "valor (mediana dos pares na janela) (R$)"
    assert any(t.get_text().startswith("R$ ") and "mil" in t.get_text() for t in ax.texts)
    ax = kk.plot_whitespace(pt, top=3, show="adoption")
    assert ax.figure.axes[-1].get_ylabel() == "adoção entre os pares"
    assert all(t.get_text().endswith("%") for t in ax.texts)


def test_an_account_without_whitespace_says_so(sample):
    table = kk.whitespace(sample)
    ax = kk.plot_whitespace(table.iloc[0:0], language="pt-BR")
    assert not ax.images
    assert "Sem oportunidades de mix" in ax.texts[0].get_text()


def test_alerts_chart_draws_the_revenue_of_kk_alerts(sample):
    territory = sample.territories[0]
    table = kk.alerts(sample, territory=territory)
    drops = table[table["kind"] == "revenue_drop"]
    ax = kk.plot_alerts(sample, territory=territory, top=6)
    earlier, recent = ax.containers
    shown = _ticks(ax.get_yticklabels())
    assert len(shown) == min(6, len(drops))
    # the largest falls in money, computed here
    fall = (drops["earlier_revenue"] - drops["recent_revenue"]).to_numpy()
    order = sorted(range(len(drops)), key=lambda i: (-fall[i], drops["account_id"].iloc[i]))
    assert shown == [drops["account_id"].iloc[i] for i in order[:6]]
    by_id = drops.set_index("account_id")
    assert [p.get_width() for p in recent] == pytest.approx(
        list(by_id.loc[shown, "recent_revenue"]), rel=1e-12
    )
    assert [p.get_width() for p in earlier] == pytest.approx(
        list(by_id.loc[shown, "earlier_revenue"]), rel=1e-12
    )
    # every drawn account fell by at least drop_threshold
    threshold = sample.parameters.drop_threshold
    assert all(
        r <= (1 - threshold) * e + 1e-9
        for r, e in zip([p.get_width() for p in recent], [p.get_width() for p in earlier])
    )


def test_alerts_words_in_both_languages(sample):
    ax = kk.plot_alerts(sample, top=4)
    assert ax.get_xlabel() == "net revenue (BRL)"
    assert ax.get_ylabel() == "account"
    legend = _ticks(ax.get_legend().get_texts())
    assert legend == ["same 3 months a year earlier", "last 3 months"]
    ax = kk.plot_alerts(sample.with_parameters(language="pt-BR"), top=4)
    assert ax.get_xlabel() == "faturamento líquido (R$)"
    assert ax.get_ylabel() == "conta"
    assert _ticks(ax.get_legend().get_texts()) == [
        "mesmos 3 meses, um ano antes",
        "últimos 3 meses",
    ]
    ax.figure.canvas.draw()
    ticks = [t for t in _ticks(ax.get_xticklabels()) if t]
    assert ticks and all("e+" not in t and "." not in t for t in ticks)  # "50 mil", never 5e4


def test_no_drop_is_a_sentence_and_a_wrong_table_a_kamkit_error(sample):
    table = kk.alerts(sample)
    ax = kk.plot_alerts(table[table["kind"] == "overdue"], language="pt-BR")
    assert "Nenhuma queda" in ax.texts[0].get_text()
    with pytest.raises(KamkitError, match="kk.plot_alerts needs a market or the table"):
        kk.plot_alerts(pd.DataFrame({"x": [1]}))
    with pytest.raises(KamkitError, match="kk.plot_whitespace needs a market or the table"):
        kk.plot_whitespace(kk.segment(sample))
    with pytest.raises(KamkitError, match="show must be one of value, adoption"):
        kk.plot_whitespace(sample, show="money")


def _english_words() -> set:
    """Words of kamkit's English labels that are not Portuguese as well."""
    import re

    from kamkit.presentation import catalogue

    english, portuguese = set(), set()
    for en, pt in catalogue.catalogue().values():
        english |= {w.lower() for w in re.findall(r"[A-Za-z]{3,}", re.sub(r"\{\w+\}", "", en))}
        portuguese |= {w.lower() for w in re.findall(r"[^\W\d_]{3,}", re.sub(r"\{\w+\}", "", pt))}
    return english - portuguese


@pytest.mark.parametrize("name", ["plot_whitespace", "plot_alerts"])
@pytest.mark.parametrize("show", ["value", "adoption"])
def test_every_text_on_a_pt_br_chart_is_portuguese(sample, name, show):
    import re

    english = _english_words()
    assert {"revenue", "account", "family", "peers", "whitespace"} <= english
    options = {"show": show} if name == "plot_whitespace" else {}
    ax = getattr(kk, name)(sample.with_parameters(language="pt-BR"), **options)
    ax.figure.canvas.draw()
    texts = [ax.get_title(), ax.get_xlabel(), ax.get_ylabel()]
    texts += [t.get_text() for t in ax.texts + ax.get_xticklabels() + ax.get_yticklabels()]
    if ax.get_legend():
        texts += [t.get_text() for t in ax.get_legend().get_texts()]
    for other in ax.figure.axes[1:]:  # the colour bar
        texts += [other.get_ylabel()] + [t.get_text() for t in other.get_yticklabels()]
    texts = [t for t in texts if t]
    assert len(texts) > 5
    for text in texts:
        words = set(re.findall(r"[a-z]{3,}", text.lower()))
        assert not (words & english), f"English on a pt-BR chart: {text!r}"
