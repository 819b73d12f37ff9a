"""What the territory report and the index say and show (issue 12).

- Names from the data (territory, account, salesperson) are escaped wherever they reach
  Markdown or HTML (``markdown_text``); the browser half of this is in ``test_browser.py``.
- The report is a manager's document: ``territory_report.ipynb`` shares every code cell with
  lesson 8 but none of its course furniture, has its own current pt-BR translation and links
  back to the index.
- A cut table says so; the unvisited list counts the scorecard's window, and every figure that
  depends on a window shows it.
- A blank territory is the whole market (a sales file alone gives a report).
- pt-BR is complete: no English word and no ISO date in what a person sees.
- The index shows each territory's evolution as inline SVG sparklines of ``kk.evolution``.
"""

import html
import json
import re
from pathlib import Path

import nbformat
import numpy as np
import pandas as pd
import pytest

import kamkit as kk
from kamkit.analysis.crm import window_days
from kamkit.analysis.segmentation import window
from kamkit.model.market import Market
from kamkit.outputs import reports
from kamkit.outputs.reports import (
    cut_note,
    format_table,
    markdown_text,
    period_label,
    run_reports,
    sparkline_svg,
    window_note,
)
from kamkit.presentation import catalogue, i18n

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
REPORT = NOTEBOOKS / "territory_report.ipynb"
LESSON = NOTEBOOKS / "08_territory_review.ipynb"
SAMPLE_CSV = ROOT / "data" / "samples" / "csv"

#: Names that run script, make links or break Markdown if written raw into a page.
T_IMG = "<img src=x onerror=\"document.title='pwned'\">"
T_MIX = "<script>document.title='pwned'</script> *Sul* | [x](javascript:document.title='pwned')"
ACCOUNT_NAMES = [
    "<img src=x onerror=\"document.title='pwned'\">",
    "[clique](javascript:document.title='pwned')",
    "Conta <script>document.title='pwned'</script>",
    "**Forte** | _Ltda_ # 1",
]
SALESPERSON = "<img src=y onerror=\"document.title='pwned'\">Ana"


def hostile_review_market(language: str = "en") -> Market:
    """Two territories of the sample (Sul and Nordeste) renamed to hostile names, with hostile
    account and salesperson names on high-potential accounts (so they reach every table)."""
    market = kk.load(SAMPLE_CSV)
    accounts = market.accounts.copy()
    keep = accounts["territory"].isin(["Sul", "Nordeste"])
    accounts = accounts[keep].reset_index(drop=True)
    accounts["territory"] = accounts["territory"].map({"Sul": T_IMG, "Nordeste": T_MIX})
    top = accounts.sort_values("potential", ascending=False).index
    for territory in (T_IMG, T_MIX):
        rows = [i for i in top if accounts.at[i, "territory"] == territory][: len(ACCOUNT_NAMES)]
        accounts.loc[rows, "name"] = ACCOUNT_NAMES[: len(rows)]
    first = accounts["salesperson"].dropna().iloc[0]
    accounts["salesperson"] = accounts["salesperson"].replace(first, SALESPERSON)
    ids = set(accounts["account_id"])
    sales = market.sales[market.sales["account_id"].isin(ids)].reset_index(drop=True)
    visits = market.visits[market.visits["account_id"].isin(ids)].reset_index(drop=True)
    visits["salesperson"] = visits["salesperson"].replace(first, SALESPERSON)
    return Market.from_frames(
        sales=sales,
        accounts=accounts,
        visits=visits,
        parameters={"as_of": "2026-09-30", "language": language},
    )


def visible_text(page: str) -> str:
    """What a person reads on an HTML page: no scripts, styles, tags or attributes."""
    page = re.sub(r"<(script|style|title)\b[^>]*>.*?</\1\s*>", " ", page, flags=re.S | re.I)
    page = re.sub(r"<svg\b.*?</svg>", " ", page, flags=re.S | re.I)  # drawings (titles too)
    page = re.sub(r"<[^>]+>", " ", page)
    return " ".join(html.unescape(page).split())


def english_words() -> list[str]:
    """Every English word kamkit's reports write: i18n's labels and strategies (where the
    Portuguese differs), the index's words, the report's prose and a few phrases."""
    words = {en for en, pt in i18n._labels().values() if en != pt}
    words |= {en for en, pt in i18n.STRATEGIES.values()}
    words |= {
        t.en
        for k, t in catalogue.area("reports").items()
        if k.startswith("reports.index.") and t.en != t.pt
    }
    for cell in nbformat.read(str(REPORT), as_version=4).cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                line = re.sub(r"[#*_`\-]", " ", line).strip()
                if len(line) > 20:
                    words.add(" ".join(line.split()[:4]))
    words |= {
        "Ask on Monday",
        "territory",
        "revenue",
        "coverage",
        "first 20 of",
        "whole market",
        "since",
        "months",
        "window",
        "as of",
        "previous review",
        "quarterly",
        "monthly",
        "every 2 weeks",
        "yes",
        "accounts",
        "potential",
        "Notes on the data",
        "never",
        "Q1",
        "Q2",
        "Q3",
        "Q4",
    }
    # placeholders of format strings are not words people read; "data" is Portuguese too
    words = {w.split("{")[0].strip() for w in words} - {"", "data"}
    return sorted(words)


def english_in(text: str) -> list[str]:
    found = []
    for word in english_words():
        if re.search(r"(?<![\w-])" + re.escape(word) + r"(?![\w-])", text, re.I):
            found.append(word)
    return found


ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


# --------------------------------------------------------------------------------------------
# library functions (fast)


@pytest.mark.parametrize(
    "name",
    [
        T_IMG,
        T_MIX,
        *ACCOUNT_NAMES,
        SALESPERSON,
        "R$ 1.234 $x^2$",
        "a_b_c",
        "# Norte\n## Sul",
        'A & B "q"',
    ],
)
def test_markdown_text_reads_as_itself(name):
    """Rendered as nbconvert renders a report's Markdown: no tag, link, emphasis, heading or
    formula is made, and the page shows the name as it was written (line breaks as spaces)."""
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    rendered = markdown2html_mistune(markdown_text(name))
    assert re.fullmatch(r"<p>[^<>]*</p>\s*", rendered), rendered
    assert html.unescape(rendered[3:].rstrip()[:-4]) == " ".join(name.split())


def test_markdown_text_escapes_html_and_markdown_specials():
    assert markdown_text("<b>") == "&lt;b&gt;"
    assert markdown_text("Sul *1* | x") == "Sul \\*1\\* \\| x"
    assert markdown_text(None) == "\u2014" and markdown_text(float("nan")) == "\u2014"
    assert markdown_text("São Paulo") == "São Paulo"


def test_cut_note_says_a_table_was_cut_in_both_languages():
    assert cut_note(20, 87, "en") == "first 20 of 87; all in the workbook"
    assert cut_note(20, 87, "pt-BR") == "primeiras 20 de 87; todas na planilha"
    assert cut_note(20, 1234, "pt-BR") == "primeiras 20 de 1.234; todas na planilha"
    assert cut_note(20, 20, "en") == "" and cut_note(5, 5, "pt-BR") == ""


def test_window_note_shows_the_months_and_the_start(review_market):
    assert window_note(review_market, "en") == "window: 12 months, since 2025-10-01"
    assert window_note(review_market, "pt-BR") == "janela: 12 meses, desde 01/10/2025"


def _high_potential(market) -> pd.Series:
    seg = kk.segment(market)
    return seg[seg["quadrant"].isin(["key", "conquer"])].groupby("territory").size()


@pytest.mark.parametrize("which", ["review", "sample"])
def test_unvisited_in_the_window_is_what_coverage_leaves_out(which, review_market):
    """One definition: with days=window_days(market), the unvisited key and conquer accounts
    are exactly those the scorecard's coverage counts as not contacted (the review market has
    a visit on the window's first day, A7)."""
    market = review_market if which == "review" else kk.load(SAMPLE_CSV)
    days = window_days(market)
    start, end = window(market)
    assert days == (end - start).days
    card = kk.scorecard(market).set_index("territory")
    high = _high_potential(market)
    checked = 0
    for territory in market.territories:
        missing = len(kk.unvisited(market, territory=territory, days=days))
        n_high = int(high.get(territory, 0))
        if n_high == 0:
            assert missing == 0
            continue
        assert missing == round((1 - card.loc[territory, "coverage"]) * n_high), territory
        checked += 1
    assert checked >= 2
    if which == "review":  # the default 90 days is another figure (it was on the same page)
        assert len(kk.unvisited(market, days=90)) != len(kk.unvisited(market, days=days))


def test_cadences_periods_and_dates_in_portuguese():
    table = kk.pursuit_list(kk.load(SAMPLE_CSV), top=40)
    pt = format_table(table, language="pt-BR")
    assert set(pt["frequência de visita"]) == {"a cada 2 semanas", "mensal", "trimestral"}
    en = format_table(table, language="en")
    assert set(en["visit cadence"]) == {"every 2 weeks", "monthly", "quarterly"}
    assert period_label(pd.Period("2026Q3"), "pt-BR") == "3º tri 2026"
    assert period_label(pd.Period("2026Q3"), "en") == "2026 Q3"
    assert period_label(pd.Period("2026-09", "M"), "pt-BR") == "09/2026"
    evo = pd.DataFrame(
        {"revenue": [1.0, 2.0]}, index=pd.PeriodIndex(["2026Q2", "2026Q3"], freq="Q", name="period")
    )
    shown = format_table(evo, language="pt-BR")
    assert shown.index.tolist() == ["2º tri 2026", "3º tri 2026"]
    assert shown.index.name == "período"


def test_sparkline_is_inline_svg_with_the_values_and_an_escaped_title():
    svg = sparkline_svg([1.0, 3.0, float("nan"), 2.0], title="<script>x</script> & y")
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert "<script>" not in svg and "&lt;script&gt;x&lt;/script&gt; &amp; y" in svg
    assert 'role="img"' in svg and "<title>" in svg
    assert 'data-values="1 3 nan 2"' in svg
    assert svg.count("<polyline") == 2  # the gap splits the line
    assert "href" not in svg and "http" not in svg.replace("http://www.w3.org/2000/svg", "")
    flat = sparkline_svg([5, 5, 5], title="t")
    assert "nan" not in flat and "<circle" in flat


def _heights(svg: str) -> list[float]:
    points = re.search(r'points="([^"]*)"', svg).group(1)
    return [float(p.split(",")[1]) for p in points.split()]


def test_a_small_change_of_a_share_looks_small_from_zero_to_100_percent():
    """0.483 -> 0.448 (-3.5 pp) drawn on 0..100% moves the line by 3.5% of the drawing's
    height, not from the top to the bottom."""
    stretched = _heights(sparkline_svg([0.483, 0.448], title="t"))
    honest = _heights(sparkline_svg([0.483, 0.448], title="t", low=0, high=1))
    assert abs(stretched[1] - stretched[0]) == pytest.approx(28 - 2 * 3)
    assert abs(honest[1] - honest[0]) == pytest.approx(0.035 * (28 - 2 * 3), abs=0.11)


# --------------------------------------------------------------------------------------------
# the report notebook: a manager's document


def _cells(path):
    return nbformat.read(str(path), as_version=4).cells


def test_kamkit_run_uses_the_report_notebook():
    assert reports.default_notebook() == REPORT


def test_the_report_has_no_course_furniture_and_links_back_to_the_index():
    cells = _cells(REPORT)
    prose = "\n".join(c.source for c in cells if c.cell_type == "markdown")
    code = "\n".join(c.source for c in cells if c.cell_type == "code")
    for furniture in (
        "Lesson",
        "change the values in the next cell",
        "Exercise",
        "Practice",
        "exercises/",
        "Run All Cells",
    ):
        assert furniture not in prose, furniture
    assert "kk.widgets" not in code and "interactive:" in cells[0].source
    first = [c for c in cells if c.cell_type == "code"][2]
    assert "report_header(" in first.source
    assert "[\u2190 " in reports.report_header(kk.load(SAMPLE_CSV), "Sul")
    assert "](../index.html)" in reports.report_header(kk.load(SAMPLE_CSV), "Sul", "pt-BR")


def test_the_report_and_the_lesson_share_every_code_cell():
    """They differ only in furniture: every code cell of the report but its header is a code
    cell of lesson 8, word for word (the parameters cell but the interactive default)."""
    lesson = {c.id: c.source for c in _cells(LESSON) if c.cell_type == "code"}
    report = [c for c in _cells(REPORT) if c.cell_type == "code"]
    for cell in report:
        if "parameters" in cell.metadata.get("tags", []):
            assert (
                cell.source.replace("interactive: bool = False", "").split("\n")[:4]
                == lesson[cell.id].split("\n")[:4]
            )
        elif "report_header(" not in cell.source:
            assert lesson.get(cell.id) == cell.source, cell.id
    only_lesson = set(lesson) - {c.id for c in report}
    assert all("kk.widgets" in lesson[i] for i in only_lesson), only_lesson


def _stale_translation(notebook: Path) -> list[str]:
    """What is wrong with a notebook's pt-BR translation (empty when current)."""
    path = reports.translations_path(notebook, "pt-BR")
    if not path.is_file():
        return [f"no {path.name}"]
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    prose = {c.id: c.source for c in _cells(notebook) if c.cell_type == "markdown"}
    translated = {c["id"]: c for c in cells}
    problems = [f"cell {i} has no translation" for i in prose if i not in translated]
    problems += [
        f"the English of cell {i} changed"
        for i in prose
        if i in translated and translated[i]["en"] != prose[i]
    ]
    problems += [
        f"cell {c['id']} is not translated"
        for c in cells
        if not c["text"].strip() or c["text"] == c["en"]
    ]
    return problems


def test_the_report_prose_has_a_current_portuguese_translation():
    assert _stale_translation(REPORT) == []
    pt = reports.localised_notebook(REPORT, "pt-BR")
    assert not [
        c
        for c in pt.cells
        if c.cell_type == "markdown" and c.source in {x.source for x in _cells(REPORT)}
    ]


def test_the_translation_check_fails_on_changed_or_new_english(tmp_path):
    copy = tmp_path / REPORT.name
    nb = nbformat.read(str(REPORT), as_version=4)
    first_md = next(c for c in nb.cells if c.cell_type == "markdown")
    first_md.source += "\n\nA new sentence."
    nb.cells.append(nbformat.v4.new_markdown_cell("A new cell.", id="new00001"))
    nbformat.write(nb, str(copy))
    translation = reports.translations_path(REPORT, "pt-BR").read_text(encoding="utf-8")
    reports.translations_path(copy, "pt-BR").write_text(translation, encoding="utf-8")
    problems = _stale_translation(copy)
    assert f"the English of cell {first_md.id} changed" in problems
    assert "cell new00001 has no translation" in problems


# --------------------------------------------------------------------------------------------
# executed reports (papermill; few and small)


def _execute(tmp_path, parameters: dict, language: str) -> nbformat.NotebookNode:
    import papermill

    source = tmp_path / "report.ipynb"
    nbformat.write(reports.localised_notebook(REPORT, language), str(source))
    out = tmp_path / "executed.ipynb"
    papermill.execute_notebook(
        str(source),
        str(out),
        parameters=parameters,
        kernel_name="python3",
        cwd=str(NOTEBOOKS),
        progress_bar=False,
        log_output=False,
    )
    return nbformat.read(str(out), as_version=4)


def _markdown_outputs(nb) -> dict[str, str]:
    return {
        c.id: "\n".join(
            o["data"]["text/markdown"]
            for o in c.get("outputs", [])
            if "text/markdown" in o.get("data", {})
        )
        for c in nb.cells
        if c.cell_type == "code"
    }


def _html(nb, tmp_path) -> str:
    from nbconvert import HTMLExporter

    body, _ = HTMLExporter(exclude_input=True).from_notebook_node(nb)
    return body


@pytest.mark.parametrize("language,title", [("en", "whole market"), ("pt-BR", "mercado inteiro")])
def test_a_blank_territory_is_a_whole_market_report_from_a_sales_file(tmp_path, language, title):
    """The contract with kamkit run: territory "" is the whole market; a sales file alone
    (no accounts, no visits, no territory) gives a complete report."""
    sales = tmp_path / "sales.csv"
    sales.write_text((SAMPLE_CSV / "sales.csv").read_text(encoding="utf-8"), encoding="utf-8")
    nb = _execute(tmp_path, {"data": str(sales), "territory": "", "language": language}, language)
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.output_type == "error"]
    assert errors == []
    md = _markdown_outputs(nb)
    assert f": {title}" in md["5e1a7c01"] and f": {title}" in md["7f228c04"]
    market = kk.load(sales)
    pursuit = kk.pursuit_list(market)
    assert cut_note(20, len(pursuit), language) in md["3f85cd1a"]
    page = visible_text(_html(nb, tmp_path))
    all_accounts = i18n.format_count(len(market.accounts), language)
    assert all_accounts in page  # the scorecard counts every account
    if language == "pt-BR":
        assert english_in(page) == [] and ISO_DATE.findall(page) == []


@pytest.fixture(scope="module")
def pt_site(tmp_path_factory):
    """kamkit run, in pt-BR, on the hostile market's two territories."""
    base = tmp_path_factory.mktemp("pt-site")
    data = base / "data"
    kk.write_market(hostile_review_market("pt-BR"), data)
    result = run_reports(data, base / "site", progress="off", jobs=2)
    assert result.ok, result.summary()
    return base / "site", result, kk.load(data)


def test_a_portuguese_report_and_index_show_no_english_and_no_iso_date(pt_site):
    out, result, _ = pt_site
    pages = [result.index, *(r.html for r in result.reports)]
    assert len(pages) == 3
    for page in pages:
        text = visible_text(page.read_text(encoding="utf-8"))
        assert len(text) > 500
        assert english_in(text) == [], page.name
        assert ISO_DATE.findall(text) == [], page.name
    report = visible_text(result.reports[0].html.read_text(encoding="utf-8"))
    assert "Observações sobre os dados" in report or not kk.data_warnings(pt_site[2])
    assert re.search(r"primeiras 20 de \d+; todas na planilha", report)
    assert "a cada 2 semanas" in report and "desde 01/10/2025" in report


def test_the_english_word_check_catches_english(pt_site):
    assert english_in("Faturamento e Ask on Monday") == ["Ask on Monday"]
    assert "coverage" in english_in("a coverage de 12%")
    assert ISO_DATE.findall("desde 2025-10-01") == ["2025-10-01"]


def test_reports_escape_every_name_from_the_data(pt_site):
    out, result, market = pt_site
    for r in result.reports:
        page = r.html.read_text(encoding="utf-8")
        for raw in (
            "<img src=x",
            "<img src=y",
            "<script>document",
            'href="javascript',
            "href='javascript",
            "<em>Sul</em>",
            "<strong>Forte</strong>",
        ):
            assert raw not in page, (r.territory, raw)
        assert not re.search(r"<a\b[^>]*href\s*=\s*[\"']?\s*javascript", page, flags=re.I)
        text = visible_text(page)
        assert r.territory in text  # shown as written
    shown = visible_text(result.reports[0].html.read_text(encoding="utf-8")) + " ".join(
        visible_text(r.html.read_text(encoding="utf-8")) for r in result.reports[1:]
    )
    assert sum(name in shown for name in ACCOUNT_NAMES) >= 2
    assert SALESPERSON in shown


def test_the_report_counts_unvisited_in_the_scorecards_window(pt_site):
    """The executed report's unvisited count equals (1 - coverage) x high-potential accounts,
    and every heading of a figure that depends on the window shows it."""
    _, result, market = pt_site
    card = kk.scorecard(market).set_index("territory")
    high = _high_potential(market)
    note = window_note(market, "pt-BR")
    for r in result.reports:
        md = _markdown_outputs(nbformat.read(str(r.notebook), as_version=4))
        shown = int(re.match(r"\*\*([\d.]+)\*\*", md["a9de473e"]).group(1).replace(".", ""))
        expected = round((1 - card.loc[r.territory, "coverage"]) * high[r.territory])
        assert shown == expected, r.territory
        for cell in ("7f228c04", "41de5c77", "3f85cd1a", "3bad2129", "2bd55bee"):
            assert note in md[cell], cell
        assert markdown_text(r.territory) in md["7f228c04"]


def test_the_index_draws_each_territorys_evolution_from_kk_evolution(pt_site):
    out, result, market = pt_site
    page = result.index.read_text(encoding="utf-8")
    evo = kk.evolution(market, periods=reports.EVOLUTION_PERIODS)
    card = kk.scorecard(market).set_index("territory")
    table = page[page.index('<table id="evolution"') :]
    table = table[: table.index("</table>")]
    rows = re.findall(
        r'<tr><th scope="row" class="name" data-name="([^"]*)">(.*?)</tr>', table, flags=re.S
    )
    assert [html.unescape(t) for t, _ in rows] == [*sorted(market.territories), "all"]
    for territory, cells in rows:
        territory = html.unescape(territory)
        svgs = re.findall(r'<td data-series="(\w+)"><svg [^>]*data-values="([^"]*)"', cells)
        assert [f for f, _ in svgs] == list(reports.EVOLUTION_FIGURES)
        part = evo[evo["territory"] == territory]
        for figure, values in svgs:
            numbers = [float(v) for v in values.split()]
            assert np.allclose(
                numbers, part[figure].to_numpy(dtype=float), equal_nan=True, rtol=0, atol=0
            ), (territory, figure)
            # the last point is the review date: the scorecard's figure
            assert numbers[-1] == pytest.approx(float(card.loc[territory, figure]), nan_ok=True)
    assert "<script" not in page.lower()
    assert "Evolução de cada território" in page and "3º tri 2026" in page


@pytest.mark.parametrize("language", ["en", "pt-BR"])
def test_the_index_of_a_whole_market_run_links_the_all_row_to_its_report(tmp_path, language):
    """The runner's contract: a market without territories gets one report, for territory "";
    the index's "all territories" row links to it and the evolution shows the whole market."""
    from kamkit.outputs.reports import TerritoryReport, _index_html

    market = kk.load(SAMPLE_CSV / "sales.csv").with_parameters(language=language)
    assert market.territories == []
    card = kk.scorecard(market)
    page_path = tmp_path / "territories" / "mercado.html"
    report = TerritoryReport(
        territory="",
        name="mercado",
        ok=True,
        html=page_path,
        notebook=page_path.with_suffix(".ipynb"),
    )
    page = _index_html(card, (report,), market, tmp_path)
    assert re.search(
        r'<tr class="total"><td class="name" data-territory="all">'
        r'<a href="territories/mercado.html">',
        page,
    )
    assert page.count("<svg") == len(reports.EVOLUTION_FIGURES)
    text = visible_text(page)
    assert i18n.label(i18n.TOTAL, language) in text
    assert i18n.format_count(len(market.accounts), language) in text
    if language == "pt-BR":
        assert english_in(text) == [] and ISO_DATE.findall(text) == []


def test_notes_on_the_data_name_the_reports_accounts_only():
    market = kk.load(SAMPLE_CSV)
    seg = kk.segment(market)
    over = seg[~seg["potential_estimated"] & (seg["share_of_wallet"] > 1)]
    assert over["territory"].nunique() > 1
    sul = reports.notes_on_the_data(market, "pt-BR", territory="Sul")
    assert sul.startswith("## Observações sobre os dados\n\n- ")
    named = set(re.findall(r"C\\-(\d{5})", sul))
    assert named and named <= {i[2:] for i in over.loc[over["territory"] == "Sul", "account_id"]}
    n_sul = int((over["territory"] == "Sul").sum())
    assert re.search(rf"\b{n_sul} conta", sul)
    whole = reports.notes_on_the_data(market, "en")
    assert re.search(rf"\b{len(over)} account", whole)
    clean = Market.from_frames(
        sales=pd.DataFrame({"account_id": ["A"], "date": ["2026-01-05"], "amount": [10.0]}),
        accounts=pd.DataFrame(
            {"account_id": ["A"], "name": ["a"], "territory": ["Sul"], "potential": [100.0]}
        ),
    )
    assert reports.notes_on_the_data(clean, "en") == ""


@pytest.mark.slow
def test_kamkit_run_on_a_sales_file_alone_writes_the_whole_market_report(tmp_path):
    """The README's 'a sales file is enough to start', end to end with the default report
    notebook: one whole-market report in Portuguese, linked from the index's total row."""
    from click.testing import CliRunner

    from kamkit.cli import run_command

    sales = tmp_path / "vendas.csv"
    sales.write_bytes((SAMPLE_CSV / "sales.csv").read_bytes())
    out = tmp_path / "site"
    result = CliRunner().invoke(
        run_command, [str(sales), "--out", str(out), "--lang", "pt-BR", "--jobs", "1"]
    )
    assert result.exit_code == 0, result.output
    page = out / "territories" / "mercado.html"
    html = page.read_text(encoding="utf-8")
    assert '<html lang="pt-BR"' in html
    text = visible_text(html)
    assert "mercado inteiro" in text.lower() and english_in(text) == []
    assert ISO_DATE.findall(text) == []
    index = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="territories/mercado.html"' in index


def test_the_index_notes_say_what_loading_found_too(tmp_path):
    """An ERP export whose lines disagree on an account's name: the warning kamkit validate
    prints also reaches the index's notes on the data (and every report's)."""
    from kamkit.outputs.reports import _notes_html

    sales = tmp_path / "vendas.csv"
    sales.write_text(
        "Conta;Data;Valor;Razão Social;Região\n"
        "001;31/12/2025;100,00;Padaria <b>Sol</b>;Sul\n"
        "001;05/03/2025;100,00;Padaria Sol Ltda;Sul\n"
        "002;01/02/2025;3,75;Bar X;Norte\n",
        encoding="utf-8",
    )
    market = kk.load(sales, warn=False)
    assert [n for n in market.notes if "Razão Social" in str(n)]
    page = _notes_html(market, "pt-BR")
    assert "mais de um valor de &#x27;Razão Social&#x27;" in page  # escaped by the template
    assert "<b>" not in page
    assert "mais de um valor" in reports.notes_on_the_data(market, "pt-BR", territory="Sul")
