import math

import numpy as np
import pandas as pd
import pytest

from kamkit.analysis.segmentation import SEGMENT_COLUMNS
from kamkit.core.errors import KamkitError
from kamkit.presentation import i18n

# The vocabulary table of the KAM notes, copied by hand: labels must match it exactly.
VOCABULARY = {
    "untouched": ("not yet prospected", "não prospectado"),
    "approached": ("approached, never bought", "abordado, sem compra"),
    "occasional": ("occasional buyer", "comprador eventual"),
    "regular": ("regular buyer", "comprador regular"),
    "lapsed": ("lapsed customer", "cliente inativo"),
    "key": ("key account (high potential, high share)", "conta-chave"),
    "conquer": ("conquer (high potential, low share)", "conquistar"),
    "maintain": ("maintain (low potential, high share)", "manter"),
    "monitor": ("monitor (low potential, low share)", "monitorar"),
    "territory": ("territory", "território"),
    "potential": ("potential (wallet)", "potencial"),
    "share_of_wallet": ("share of wallet", "participação no potencial"),
}


@pytest.mark.parametrize("code", sorted(VOCABULARY))
def test_vocabulary_labels_exact(code):
    en, pt = VOCABULARY[code]
    assert i18n.label(code) == en
    assert i18n.label(code, "en") == en
    assert i18n.label(code, "pt-BR") == pt


def test_every_label_has_both_languages():
    for code, pair in i18n._labels().items():
        assert len(pair) == 2 and all(isinstance(x, str) and x for x in pair), code


def test_segment_columns_all_have_headers():
    for c in SEGMENT_COLUMNS:
        assert i18n.label(c, "pt-BR") != c or c == "name"


def test_strategy_one_sentence_per_quadrant():
    for q in ("key", "conquer", "maintain", "monitor"):
        for lang in ("en", "pt-BR"):
            text = i18n.strategy(q, lang)
            assert text.endswith(".") and len(text) > 30
    assert i18n.strategy("conquer", "pt-BR").startswith("Conquistar")
    with pytest.raises(KamkitError, match="not a quadrant"):
        i18n.strategy("gold")


def test_unknown_language_names_supported_ones():
    for call in (
        lambda: i18n.label("key", "fr"),
        lambda: i18n.format_money(1, "BRL", "de"),
        lambda: i18n.format_share(0.1, "es"),
        lambda: i18n.labels(pd.DataFrame(), "pt"),
        lambda: i18n.strategy("key", "pt_BR"),
    ):
        with pytest.raises(KamkitError, match="en, pt-BR"):
            call()


def test_unknown_code_is_an_error():
    with pytest.raises(KamkitError, match="no label"):
        i18n.label("nonsense")


def test_none_language_is_english():
    assert i18n.label("regular", None) == "regular buyer"
    assert i18n.check_language(None) == "en"
    assert i18n.check_language("pt-BR") == "pt-BR"


@pytest.mark.parametrize(
    "value, currency, language, expected",
    [
        (1234567.891, "BRL", "pt-BR", "R$ 1.234.567,89"),
        (1234567.891, "BRL", "en", "BRL 1,234,567.89"),
        (0, "BRL", "pt-BR", "R$ 0,00"),
        (999.999, "BRL", "en", "BRL 1,000.00"),
        (-1500.5, "BRL", "pt-BR", "-R$ 1.500,50"),
        (-1500.5, "USD", "en", "-USD 1,500.50"),
        (12.0, "EUR", "pt-BR", "EUR 12,00"),
        (-0.001, "BRL", "en", "BRL 0.00"),
        (100, "BRL", "en", "BRL 100.00"),
        (123456, "BRL", "en", "BRL 123,456.00"),
    ],
)
def test_format_money(value, currency, language, expected):
    assert i18n.format_money(value, currency, language) == expected


def test_format_money_independent_reference():
    rng = np.random.default_rng(0)
    for v in rng.uniform(-1e9, 1e9, 200):
        en = i18n.format_money(v, "BRL", "en")
        ref = f"{abs(v):,.2f}"
        assert en == ("-" if v < 0 else "") + "BRL " + ref
        pt = i18n.format_money(v, "BRL", "pt-BR")
        ref_pt = ref.replace(",", "_").replace(".", ",").replace("_", ".")
        assert pt == ("-" if v < 0 else "") + "R$ " + ref_pt


def test_format_missing_and_decimals():
    for v in (None, math.nan, pd.NA, np.nan):
        assert i18n.format_money(v, "BRL", "en") == "\u2014"
        assert i18n.format_share(v, "pt-BR") == "\u2014"
    assert i18n.format_money(1234.5, "BRL", "en", decimals=0) == "BRL 1,234"  # Python rounding
    assert i18n.format_money(np.float32(2.5), "BRL", "pt-BR") == "R$ 2,50"


def test_labels_translates_categories_total_and_headers():
    table = pd.DataFrame(
        {
            "territory": ["Sul", "all"],
            "stage": pd.Categorical(
                ["regular", "lapsed"], categories=["untouched", "regular", "lapsed"], ordered=True
            ),
            "quadrant": pd.Categorical(["conquer", None], categories=["key", "conquer"]),
            "revenue": [1.0, 2.0],
            "my_column": ["key", "x"],
        }
    )
    out = i18n.labels(table, "pt-BR")
    assert list(out.columns) == ["território", "estágio", "quadrante", "faturamento", "my_column"]
    assert out["território"].tolist() == ["Sul", "todos os territórios"]
    assert out["estágio"].tolist() == ["comprador regular", "cliente inativo"]
    assert list(out["estágio"].cat.categories) == [
        "não prospectado",
        "comprador regular",
        "cliente inativo",
    ]
    assert out["estágio"].cat.ordered
    assert out["quadrante"].iloc[0] == "conquistar" and pd.isna(out["quadrante"].iloc[1])
    # plain text columns are not translated; the input is not modified
    assert out["my_column"].tolist() == ["key", "x"]
    assert list(table.columns)[0] == "territory" and table["territory"].iloc[1] == "all"
    en = i18n.labels(table, "en")
    assert en["stage"].tolist() == ["regular buyer", "lapsed customer"]


def test_labels_translates_crosstab_index_and_columns():
    stages = ["untouched", "regular"]
    idx = pd.CategoricalIndex(stages, categories=stages, name="from_stage")
    cols = pd.CategoricalIndex(stages, categories=stages, name="to_stage")
    ct = pd.DataFrame([[1, 2], [3, 4]], index=idx, columns=cols)
    out = i18n.labels(ct, "pt-BR")
    assert list(out.index) == ["não prospectado", "comprador regular"]
    assert list(out.columns) == ["não prospectado", "comprador regular"]
    assert out.index.name == "estágio anterior" and out.columns.name == "estágio atual"
    assert out.to_numpy().tolist() == [[1, 2], [3, 4]]


def test_labels_plain_string_column_headers_of_scorecard_shape():
    table = pd.DataFrame({"untouched": [1], "regular": [2], "coverage": [0.5]}).set_index(
        pd.Index(["Sul"], name="territory")
    )
    out = i18n.labels(table, "pt-BR")
    assert list(out.columns) == [
        "não prospectado",
        "comprador regular",
        "cobertura das contas-chave e a conquistar",
    ]
    assert out.index.name == "território" and out.index[0] == "Sul"


def test_every_header_users_see_has_a_label(review_market):
    # import the functions from their modules: the package may re-export functions named
    # like the modules (kamkit.coverage, kamkit.scorecard)
    from kamkit.analysis import concentration
    from kamkit.analysis.crm import coverage, effort_by_salesperson, unvisited
    from kamkit.analysis.segmentation import segment
    from kamkit.analysis.territory import evolution, scorecard

    tables = [
        segment(review_market),
        concentration.pareto_table(review_market),
        concentration.lorenz_curve(review_market),
        concentration.concentration_summary(review_market).to_frame().T,
        coverage(review_market),
        unvisited(review_market),
        effort_by_salesperson(review_market),
        scorecard(review_market),
        evolution(review_market, periods=1),
    ]
    missing = set()
    for table in tables:
        for col in table.columns:
            try:
                i18n.label(col, "pt-BR")
            except KamkitError:
                missing.add(col)
    assert not missing
    translated = i18n.labels(coverage(review_market), "pt-BR")
    assert translated["valor"].astype(str).tolist()[:2] == ["conta-chave", "conquistar"]
    assert translated["grupo"].astype(str).tolist()[-1] == "estágio"


def test_a_market_sums_itself_up_in_its_language(review_market):
    en = repr(review_market)
    assert en.startswith("<Market") and "9 accounts" in en and "3 territories>" in en
    pt = repr(review_market.with_parameters(language="pt-BR"))
    assert pt.startswith("<Mercado") and "9 contas" in pt and "linhas de venda" in pt
