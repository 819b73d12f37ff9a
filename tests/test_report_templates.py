"""The report site's HTML comes from Jinja2 templates with autoescape, its words from the
catalogue, and the results workbook's figures from the analysis layer (issue 15).

What a person sees is checked: the index and the sparklines escape every name, a Portuguese
index and workbook hold no English word of the catalogue, and the workbook's summary and rows
agree with a count by hand.
"""

from __future__ import annotations

import ast
import html
import math
import re
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

import kamkit as kk
from kamkit.analysis.pursuit import CADENCES
from kamkit.analysis.segmentation import QUADRANTS, STAGES
from kamkit.analysis.tables import (
    SUMMARY_FIGURES,
    cadence_codes,
    results_rows,
    results_tables,
    territory_summary,
)
from kamkit.analysis.territory import scorecard
from kamkit.files import writing
from kamkit.files.results import QUADRANT_COLOURS, STAGE_COLOURS
from kamkit.outputs import report_workers, reports, template
from kamkit.outputs.export import write_results
from kamkit.presentation import catalogue, palette, tables
from kamkit.presentation.i18n import label

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "kamkit"
SAMPLE_CSV = ROOT / "data" / "samples" / "csv"
HOSTILE = "<script>alert('x')</script> & \"Sul\""
#: HTML tags a module would have to write by hand to build a page.
_TAG = re.compile(
    r"<(/?)(html|head|body|table|thead|tbody|tr|td|th|span|a|svg|p|h[1-6]|ul|li|div|"
    r"polyline|circle|title|style|meta)\b",
    re.I,
)


@pytest.fixture(scope="module")
def sample():
    return kk.load(SAMPLE_CSV, warn=False)


def _index(market, reports_=None, workbook=None, out=Path("/site")) -> str:
    card = scorecard(market)
    if reports_ is None:
        reports_ = tuple(
            reports.TerritoryReport(t, t.lower(), True, out / "territories" / f"{t}.html")
            for t in market.territories
        )
    return reports._index_html(card, reports_, market, out, workbook=workbook)


def _visible_text(page: str) -> str:
    page = re.sub(r"<(style|title)\b[^>]*>.*?</\1\s*>", " ", page, flags=re.S | re.I)
    page = re.sub(r"<[^>]+>", " ", page)
    return " ".join(html.unescape(page).split())


# -- no HTML by hand --------------------------------------------------------------------------


@pytest.mark.parametrize("module", ["outputs/reports.py", "outputs/report_workers.py"])
def test_no_string_of_the_reports_builds_html(module):
    """Every tag the report site writes is in a template: no string constant, f-string part or
    format string of these modules holds an HTML tag (docstrings aside)."""
    tree = ast.parse((PACKAGE / module).read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef))
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    found = [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
        and _TAG.search(node.value)
    ]
    assert found == []


def test_the_index_is_the_template(sample):
    page = _index(sample)
    source = (PACKAGE / "presentation" / "templates" / "reports_index.html.j2").read_text()
    assert '<table id="scorecard">' in source and '<table id="scorecard">' in page
    assert page.startswith('<!DOCTYPE html>\n<html lang="en">')
    assert page.rstrip().endswith("</body></html>")
    # one row per territory and the total, in both tables
    assert page.count('<tr class="ok">') == len(sample.territories)
    assert page.count('<tr class="total">') == 1
    assert page.count("<svg ") == (len(sample.territories) + 1) * len(reports.EVOLUTION_FIGURES)


def test_hostile_names_are_escaped_everywhere_on_the_index(sample):
    sul = sample.territories[0]
    accounts = sample.accounts.copy()
    accounts["territory"] = accounts["territory"].astype(object).replace({sul: HOSTILE})
    market = kk.Market.from_frames(
        sales=sample.sales, accounts=accounts, visits=sample.visits, parameters={}
    )
    failed = reports.TerritoryReport(
        HOSTILE,
        "x",
        False,
        None,
        Path("/site/territories/x <b>.failed.ipynb"),
        "In [3]",
        "ValueError: <img src=x onerror=alert(1)>",
    )
    others = tuple(
        reports.TerritoryReport(t, t.lower(), True, Path("/site/territories") / f"{t}.html")
        for t in market.territories
        if t != HOSTILE
    )
    page = _index(market, (failed, *others))
    assert "<script>" not in page and "<img" not in page and "<b>" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &quot;Sul&quot;" in page
    # the name is kept whole in the attributes the tests and scripts read
    assert page.count('data-territory="&lt;script&gt;') == 1
    assert page.count('data-name="&lt;script&gt;') == 1
    assert 'href="territories/x%20%3Cb%3E.failed.ipynb"' in page
    assert "ValueError: &lt;img src=x onerror=alert(1)&gt; (In [3])" in page


def test_the_sparkline_is_a_template_with_escaped_title_and_exact_values():
    svg = reports.sparkline_svg([1.0, 2.5, float("nan"), 4.0, 3.0], title='<b>"Sul"</b> & co')
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg"') and svg.endswith("</svg>")
    assert "<b>" not in svg and "&lt;b&gt;&quot;Sul&quot;&lt;/b&gt; &amp; co" in svg
    assert 'data-values="1 2.5 nan 4 3"' in svg
    assert svg.count("<polyline") == 2  # the blank value leaves a gap
    # the last point: x = 3 + 4 * (110 - 6) / 4, y at 3.0 between 1 and 4 on a height of 28
    y = 28 - 3 - (3.0 - 1.0) / 3.0 * (28 - 6)
    assert f'<circle cx="107.0" cy="{y:.1f}"' in svg


# -- words ------------------------------------------------------------------------------------


def _english_only(area: str, prefix: str = "") -> set[str]:
    """The English words of a catalogue area that differ from their Portuguese (longer than
    one short word, which Portuguese may share: "notebook")."""
    return {
        t.en
        for k, t in catalogue.area(area).items()
        if k.startswith(prefix) and t.en != t.pt and len(t.en) > 3 and "{" not in t.en
    }


def test_a_portuguese_index_holds_no_english_word_of_the_catalogue(sample):
    market = sample.with_parameters(language="pt-BR")
    page = _visible_text(_index(market, workbook=Path("/site/resultados.xlsx")))
    english = _english_only("reports", "reports.index.") | _english_only("labels")
    found = sorted(w for w in english if re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", page))
    assert found == []
    for key in ("title", "as_of", "previous", "changes", "workbook"):
        assert catalogue.word(f"reports.index.{key}", "pt-BR") in page
    assert label("heading.evolution", "pt-BR") in page


def test_the_index_words_come_from_the_catalogue(sample):
    english = _visible_text(_index(sample, workbook=Path("/site/results.xlsx")))
    for key in ("title", "changes", "workbook"):
        assert catalogue.word(f"reports.index.{key}", "en") in english
    note = catalogue.word("reports.index.evolution_note", "en").split("{")[0]
    assert note in english


def test_the_words_are_those_of_before():
    """The move into the catalogue kept every word (a sample of each table that moved)."""
    assert writing.PARAMETER_HEADERS["pt-BR"] == ("parâmetro", "valor")
    assert writing.PARAMETER_HEADERS["en"] == ("name", "value")
    assert template.SHEETS["pt-BR"] == (
        "Instruções",
        "Parâmetros",
        "Contas",
        "Vendas",
        "Visitas",
        "Listas",
        "Contatos",
        "Planos",
        "Ações",
    )
    assert template.VISIT_KINDS["pt-BR"] == ("visita", "ligação", "e-mail", "reunião")
    assert catalogue.word("workbook.allowed.lookback_months", "pt-BR") == (
        "um número inteiro de 1 a 120"
    )
    assert catalogue.word("loading.table.sales", "pt-BR") == "de vendas"
    assert catalogue.word("reports.file.workbook", "pt-BR") == "resultados.xlsx"
    assert tables.period_label(pd.Period("2026Q3"), "pt-BR") == "3º tri 2026"
    assert tables.period_label(pd.Period("2026-09", "M"), "en") == "2026-09"
    run = catalogue.text("reports.run.done")
    assert run.pt.startswith("{done} de {total} relatórios de território gerados")


def test_the_english_meanings_are_the_schema_s():
    from kamkit.core.schema import PARAMETERS, TABLES

    for table in TABLES.values():
        for column in table.columns:
            key = f"workbook.meaning.{table.name}.{column.name}"
            assert catalogue.text(key).en == column.meaning
    for name, spec in PARAMETERS.items():
        assert catalogue.text(f"workbook.meaning.parameters.{name}").en == spec.meaning
        assert catalogue.text(f"workbook.allowed.{name}").en == spec.allowed


def test_a_portuguese_results_workbook_holds_no_english_word(sample, tmp_path):
    path = write_results(sample, tmp_path / "resultados.xlsx", language="pt-BR")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames[0] == "Resumo" and book.sheetnames[-1] == "Parâmetros"
    texts = {
        c.value
        for ws in book.worksheets
        for row in ws.iter_rows()
        for c in row
        if isinstance(c.value, str)
    }
    english = (_english_only("workbook", "workbook.results.") | _english_only("labels")) - {
        "territory"  # a territory's name in the data may be anything
    }
    assert sorted(english & texts) == []
    assert "Resultados de KAM" in texts and "na lista de conquista" in texts


# -- layers -----------------------------------------------------------------------------------


def test_the_reports_find_their_notebook_without_the_facade():
    assert reports.default_notebook() == ROOT / "notebooks" / "territory_report.ipynb"
    tree = ast.parse((PACKAGE / "outputs" / "reports.py").read_text(encoding="utf-8"))
    imported = {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    } | {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert "kamkit" not in imported and "kamkit.outputs.export" not in imported
    assert reports.localised_notebook is report_workers.localised_notebook


def test_format_table_is_public_in_one_place():
    assert kk.format_table is tables.format_table is reports.format_table
    assert kk.format_scorecard is tables.format_scorecard
    assert "format_table" in kk.__all__
    shown = kk.format_table(
        pd.DataFrame({"revenue": [1234.4], "share": [0.125], "lost": [True]}), language="pt-BR"
    )
    assert shown.iloc[0].tolist() == ["R$ 1.234", "12,5%", "sim"]


# -- the workbook's figures come from the analysis layer ---------------------------------------


def test_territory_summary_against_a_hand_count(review_market):
    seg = kk.segment(review_market)
    summary = territory_summary(seg)
    rows = seg.to_dict("records")
    territories = sorted({r["territory"] for r in rows})
    assert list(summary.index) == [*territories, "all"]
    assert list(summary.columns) == list(SUMMARY_FIGURES)
    for t in [*territories, "all"]:
        mine = [r for r in rows if t == "all" or r["territory"] == t]
        assert summary.loc[t, "accounts"] == len(mine)
        for s in STAGES:
            assert summary.loc[t, s] == sum(1 for r in mine if r["stage"] == s)
        for q in QUADRANTS:
            assert summary.loc[t, q] == sum(1 for r in mine if r["quadrant"] == q)
        for col in ("revenue", "potential", "gap"):
            by_hand = sum(r[col] for r in mine if not pd.isna(r[col]))
            assert summary.loc[t, col] == pytest.approx(by_hand)
        assert summary.loc[t, "pursuit"] == sum(1 for r in mine if not pd.isna(r["priority"]))
    # hand-worked: Sul holds A1, A2, A5, A6; revenue 600 (A1) + 120 (A5) in the window
    assert summary.loc["Sul", "accounts"] == 4
    assert summary.loc["Sul", "revenue"] == pytest.approx(720.0)
    assert summary.loc["all", "accounts"] == 9


def test_results_rows_are_in_a_managers_order_with_their_cadence(review_market):
    seg = kk.segment(review_market)
    rows = results_rows(seg)
    expected = sorted(
        seg.to_dict("records"),
        key=lambda r: (
            math.inf if pd.isna(r["priority"]) else r["priority"],
            -r["revenue"],
            str(r["account_id"]),
        ),
    )
    assert rows["account_id"].tolist() == [r["account_id"] for r in expected]
    for r, cadence in zip(expected, rows["cadence"].tolist()):
        p = r["priority"]
        by_hand = (
            None
            if pd.isna(p)
            else CADENCES[0]
            if p <= 10
            else CADENCES[1]
            if p <= 30
            else CADENCES[2]
        )
        assert (None if pd.isna(cadence) else cadence) == by_hand


def test_cadence_of_ranks():
    ranks = pd.Series([1, 10, 11, 30, 31, None], dtype="Float64")
    assert cadence_codes(ranks).astype(object).where(lambda s: s.notna(), None).tolist() == [
        "every 2 weeks",
        "every 2 weeks",
        "monthly",
        "monthly",
        "quarterly",
        None,
    ]


def test_the_workbook_shows_the_analysis_figures(review_market, tmp_path):
    path = write_results(review_market, tmp_path / "r.xlsx", language="en")
    results = results_tables(review_market)
    ws = openpyxl.load_workbook(path)["Summary"]
    header = [c.value for c in ws[4]]
    assert header[0] == label("territory", "en")
    for row in ws.iter_rows(min_row=5, values_only=True):
        key = "all" if row[0] == label("all", "en") else row[0]
        for figure, value in zip(SUMMARY_FIGURES, row[1:]):
            expected = results.summary.loc[key, figure]
            assert value == pytest.approx(float(expected))


def test_stage_and_quadrant_fills_are_the_palette_tinted():
    assert STAGE_COLOURS == {s: palette.tint(c) for s, c in palette.STAGE.items()}
    assert QUADRANT_COLOURS == {q: palette.tint(c) for q, c in palette.QUADRANT.items()}
    assert set(STAGE_COLOURS) == set(STAGES) and set(QUADRANT_COLOURS) == set(QUADRANTS)
