"""Lessons 6 (CRM and KAM), 7 (start with a spreadsheet) and 8 (territory review), in English
and Brazilian Portuguese (issue 13).

- What the prose claims is true on the sample market, checked against an independent
  calculation: the coverage chart's comfort zone (maintain against conquer), the unvisited
  high-potential accounts of lesson 6 (a quarter without contact), and lesson 8's one
  definition of "contacted" (the analysis window, shown under the headings).
- Key and conquer are both key accounts in McDonald's portfolio: the lessons say so, in both
  languages.
- The Portuguese lessons make the market speak pt-BR, read their files from
  ``notebooks/pt-BR/`` and point to ``exercises/pt-BR/``; run (slow), they show their charts,
  no English label, one money format, dd/mm/aaaa dates, and lesson 7 writes a Portuguese
  template, results workbook and visit cards.
"""

import ast
import io
import re
import tokenize
from pathlib import Path

import nbformat
import numpy as np
import pandas as pd
import pytest

import kamkit as kk
from kamkit.analysis.crm import window_days
from kamkit.analysis.segmentation import window

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
PT = NOTEBOOKS / "pt-BR"
STEMS = ["06_crm_vs_kam", "07_spreadsheet_first", "08_territory_review"]


def _cells(path: Path) -> dict:
    return {c.id: c for c in nbformat.read(str(path), as_version=4).cells}


def _prose(path: Path) -> str:
    return "\n".join(c.source for c in _cells(path).values() if c.cell_type == "markdown")


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def sample():
    return kk.load_sample()


# --------------------------------------------------------------------------------------------
# lesson 6: what the coverage chart and the unvisited list say


def test_the_coverage_chart_shows_the_comfort_zone_the_prose_names(sample):
    """l06-10: on the sample, maintain gets far more interactions than potential and conquer
    has the largest share of the potential and a small share of the interactions -- computed
    here from the accounts and the visit log, then compared with kk.coverage."""
    seg = kk.segment(sample)
    start, end = window(sample)
    log = sample.visits
    recent = log[(log["date"] >= start) & (log["date"] < end + pd.Timedelta(days=1))]
    quadrant = seg.set_index("account_id")["quadrant"].astype(object)
    visits = recent["account_id"].map(quadrant).value_counts()
    potential = seg.groupby(seg["quadrant"].astype(object))["potential"].sum()
    mine = pd.DataFrame(
        {"potential_share": potential / potential.sum(), "visits_share": visits / visits.sum()}
    ).reindex(list(kk.QUADRANTS))

    table = kk.coverage(sample)
    by_quadrant = table[table["group"] == "quadrant"].set_index("value")
    by_quadrant.index = by_quadrant.index.astype(object)
    for column in ("potential_share", "visits_share"):
        np.testing.assert_allclose(
            by_quadrant.loc[list(kk.QUADRANTS), column].astype(float), mine[column], rtol=1e-9
        )

    assert mine.at["maintain", "visits_share"] > 3 * mine.at["maintain", "potential_share"]
    assert mine["potential_share"].idxmax() == "conquer"
    assert mine.at["conquer", "visits_share"] < mine.at["conquer", "potential_share"] / 3
    prose = _flat(_cells(NOTEBOOKS / "06_crm_vs_kam.ipynb")["l06-10"].source)
    assert "the comfort zone is **maintain**" in prose and "against **conquer**" in prose
    pt = _flat(_cells(PT / "06_crm_vs_kam.ipynb")["l06-10"].source)
    assert "zona de conforto é **manter**" in pt and "diante de **conquistar**" in pt


def test_the_chart_the_prose_describes_is_the_coverage_chart():
    """Three bars per box: accounts (grey), potential (blue), interactions (orange)."""
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    source = _cells(NOTEBOOKS / "06_crm_vs_kam.ipynb")["l06-09"].source
    assert "kk.plot_coverage(coverage" in source
    ax = kk.plot_coverage(kk.load_sample().with_parameters(language="pt-BR"))
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == [
        "participação nas contas",
        "participação no potencial total",
        "participação nas interações",
    ]
    colours = [
        matplotlib.colors.to_hex(h.patches[0].get_facecolor())
        for h in ax.get_legend_handles_labels()[0]
    ]
    assert colours == ["#bbbbbb", "#0072b2", "#e69f00"]  # grey, blue, orange
    assert all("%" in t.get_text() for t in ax.get_xticklabels() if t.get_text())
    plt.close("all")


def test_unvisited_in_lesson_6_are_key_and_conquer_accounts_without_contact_in_the_window(sample):
    # issue 15: "contacted" means one thing -- an interaction in the analysis window (it was 90
    # days here); recomputed from the visit log and the window by hand
    alone = kk.unvisited(sample)
    assert kk.crm.DEFAULT_DAYS is None
    seg = kk.segment(sample)
    high = set(seg.loc[seg["quadrant"].isin(["key", "conquer"]), "account_id"])
    start, end = window(sample)
    visits = sample.visits
    in_window = (visits["date"] >= start) & (visits["date"] < end + pd.Timedelta(days=1))
    expected = high - set(visits.loc[in_window, "account_id"])
    assert set(alone["account_id"]) == expected
    assert set(alone["quadrant"].astype(object)) == {"key", "conquer"}
    assert (alone["quadrant"] == "key").sum() > 0 and (alone["quadrant"] == "conquer").sum() > 0
    code = _cells(NOTEBOOKS / "06_crm_vs_kam.ipynb")["l06-11"].source
    assert "days = kk.window_days(market)" in code and "DEFAULT_DAYS" not in code
    prose = _flat(_cells(NOTEBOOKS / "06_crm_vs_kam.ipynb")["l06-10"].source)
    assert "a quarter" not in prose and "analysis window" in prose
    pt = _flat(_cells(PT / "06_crm_vs_kam.ipynb")["l06-10"].source)
    assert "um trimestre" not in pt and "janela de análise" in pt


# --------------------------------------------------------------------------------------------
# lesson 8: one definition of "contacted", with the window shown


def test_lesson_8_counts_unvisited_in_the_scorecards_window(sample):
    """The lesson's unvisited list (Sul, its default) uses days=window_days(market), so it is
    exactly what the scorecard's coverage leaves out; a quarter would give another figure."""
    code = {
        i: c.source
        for i, c in _cells(NOTEBOOKS / "08_territory_review.ipynb").items()
        if c.cell_type == "code"
    }
    assert "days = window_days(market)" in code["9a843b70"]
    assert "kk.unvisited(market, territory=territory, days=days)" in code["3bad2129"]
    assert "kk.effort_by_salesperson(market, territory=territory, days=days)" in code["f3065df4"]
    for cell in ("7f228c04", "3bad2129"):  # the headings of coverage and unvisited show it
        assert "window_note(market, language)" in code[cell]

    start, end = window(sample)
    days = window_days(sample)
    assert days == (end - start).days
    seg = kk.segment(sample)
    sul = seg[(seg["territory"] == "Sul") & seg["quadrant"].isin(["key", "conquer"])]
    visits = sample.visits
    seen = set(visits.loc[(visits["date"] >= start) & (visits["date"] <= end), "account_id"])
    expected = set(sul["account_id"]) - seen
    unvisited = kk.unvisited(sample, territory="Sul", days=days)
    assert set(unvisited["account_id"]) == expected
    card = kk.scorecard(sample).set_index("territory")
    assert len(expected) == round((1 - card.at["Sul", "coverage"]) * len(sul))
    # issue 15: the default is this window too (it was 90 days, another figure)
    assert set(kk.unvisited(sample, territory="Sul")["account_id"]) == expected
    assert len(kk.unvisited(sample, territory="Sul", days=90)) != len(expected)


def test_lesson_8_prose_gives_one_definition_of_contacted():
    en = _flat(_cells(NOTEBOOKS / "08_territory_review.ipynb")["217b92a1"].source)
    assert 'the one definition of "contacted" in this review' in en
    assert "the list of unvisited accounts below uses the same window" in en
    assert "90 days" not in en and "a quarter" not in en
    pt = _flat(_cells(PT / "08_territory_review.ipynb")["217b92a1"].source)
    assert 'a única definição de "contatada"' in pt and "usa a mesma janela" in pt
    unvisited = _flat(_cells(NOTEBOOKS / "08_territory_review.ipynb")["2773093c"].source)
    assert "the same window as the scorecard's coverage" in unvisited


# --------------------------------------------------------------------------------------------
# key and conquer


@pytest.mark.parametrize(
    "stem, cell", [("06_crm_vs_kam", "l06-10"), ("08_territory_review", "aba17bf5")]
)
def test_key_and_conquer_are_both_key_accounts_in_mcdonalds_portfolio(stem, cell):
    en = _flat(_cells(NOTEBOOKS / f"{stem}.ipynb")[cell].source)
    assert "McDonald" in en and ("covers both" in en or "covers the two" in en)
    assert "protect and develop" in en and "win" in en
    pt = _flat(_cells(PT / f"{stem}.ipynb")[cell].source)
    assert "McDonald" in pt and "programa de KAM cobre os dois" in pt
    assert "proteger e desenvolver" in pt and "ganhar" in pt


# --------------------------------------------------------------------------------------------
# the Portuguese notebooks


def _code(path: Path) -> list[str]:
    return [c.source for c in _cells(path).values() if c.cell_type == "code"]


@pytest.mark.parametrize("stem", STEMS)
def test_the_portuguese_lesson_makes_the_market_speak_portuguese(stem):
    code = "\n".join(_code(PT / f"{stem}.ipynb"))
    if stem == "08_territory_review":
        assert 'language: str = "pt-BR"' in code
    else:
        assert 'with_parameters(language="pt-BR")' in code
    for source in _code(PT / f"{stem}.ipynb"):
        tree = ast.parse(source)  # still Python, and no helpers pasted in
        assert not [
            n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.ClassDef, ast.Lambda))
        ], source
        tokens = tokenize.generate_tokens(io.StringIO(source).readline)
        for comment in (t.string for t in tokens if t.type == tokenize.COMMENT):
            assert not re.search(r"\b(the|for|or|of|show|whole|blank|its)\b", comment), comment
        for sentence in re.findall(r'print\(f?"([^"]*)', source):
            words = re.sub(r"\{[^}]*\}", " ", sentence)  # the figures put in
            assert not re.search(r"\b(the|accounts|interactions|with|written)\b", words), words


@pytest.mark.parametrize("stem", STEMS)
def test_the_portuguese_lesson_reads_its_files_from_its_folder(stem):
    code = "\n".join(_code(PT / f"{stem}.ipynb"))
    paths = re.findall(r'"(\.\./[^"]+\.xlsx)"', code)
    assert paths and all(p.startswith("../../") for p in paths), paths  # from notebooks/pt-BR/
    for path in (p for p in paths if "samples" in p):
        assert (PT / path).resolve().is_file(), path
    prose = _prose(PT / f"{stem}.ipynb")
    assert f"`exercises/pt-BR/{stem}.ipynb`" in prose
    assert f"`exercises/{stem}.ipynb`" not in prose


def test_the_review_lessons_code_is_the_reports_but_for_comments_and_parameters():
    """Lesson 8 in Portuguese runs the same code as the report: only comments and the
    parameters (paths from notebooks/pt-BR/, language pt-BR) differ."""
    strip = re.compile(r"\s*#.*$", re.M)
    en = _cells(NOTEBOOKS / "08_territory_review.ipynb")
    pt = _cells(PT / "08_territory_review.ipynb")
    for i, cell in en.items():
        if cell.cell_type != "code" or "parameters" in cell.metadata.get("tags", []):
            continue
        assert strip.sub("", pt[i].source) == strip.sub("", cell.source), i


# --------------------------------------------------------------------------------------------
# run them (slow): charts, Portuguese outputs, one money format, lesson 7's files


RUN = [folder / f"{stem}.ipynb" for stem in STEMS for folder in (NOTEBOOKS, PT)]


def start_notebook_runs(request):
    """Start the runs of the three lessons in both languages in the session's workers
    (tests/conftest.py calls this as the session begins: they run beside the tests before
    those that read them)."""
    request.getfixturevalue("notebook_runs").start(*RUN)


@pytest.fixture(scope="module")
def lesson_runs(notebook_runs, started_jobs):
    """The session's runs, with the three lessons in both languages executed together (two at
    a time) when no other test has started them yet (``started_jobs``: the session starts
    them as it begins)."""
    notebook_runs.get(*RUN)
    return notebook_runs


def _run(path: Path, notebook_runs) -> tuple[nbformat.NotebookNode, Path | None]:
    """The lesson as a participant runs it (INTERACTIVE = False, its files in a temporary
    folder, charts inline): the session's run (tests/conftest.py), which tests/test_notebooks.py
    and the course site's test read as well; and the folder of its files (None without OUT)."""
    run = notebook_runs.get(path)[path.resolve()]
    out = run.parameters.get("OUT")
    return run.notebook(), Path(out) if out else None


def _shown(nb) -> tuple[str, int]:
    """What a person reads in the outputs (HTML without tags), and the number of charts."""
    texts, charts = [], 0
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            if output.output_type == "stream":
                texts.append(output.text)
            data = output.get("data", {})
            charts += "image/png" in data
            if "text/html" in data:
                page = re.sub(r"<style\b.*?</style>", " ", data["text/html"], flags=re.S)
                texts.append(re.sub(r"<[^>]+>", " ", page))
            elif "text/markdown" in data:
                texts.append(data["text/markdown"])
            elif "text/plain" in data and "image/png" not in data:
                texts.append(data["text/plain"])
    return "\n".join(texts), charts


ENGLISH = (
    "accounts",
    "interactions",
    "potential (wallet)",
    "key account",
    "regular buyer",
    "not yet prospected",
    "salesperson",
    "revenue",
    "share of",
    "Written",
    "Reading",
    "Results workbook",
    "Visit cards for",
    "Template:",
    "window:",
    "as of",
)


@pytest.mark.slow
@pytest.mark.parametrize("stem", STEMS)
def test_the_portuguese_lesson_runs_and_speaks_portuguese(stem, lesson_runs):
    nb, files = _run(PT / f"{stem}.ipynb", lesson_runs)
    text, charts = _shown(nb)
    if stem != "07_spreadsheet_first":
        assert charts >= (1 if stem.startswith("06") else 5)
    shown = re.sub(
        r"\S*/\S*", lambda m: m[0] if re.fullmatch(r"[\d/]+[.,:;]?", m[0]) else " ", text
    )  # paths are not words (dates stay)
    shown = re.sub(r"Parameters\(.*?\)", " ", shown, flags=re.S)  # the settings, as code
    for word in ENGLISH:
        assert word not in shown, word
    assert "BRL" not in shown and "R$" in shown
    assert not re.search(r"\b\d{4}-\d{2}-\d{2}\b", shown)
    assert re.search(r"\b\d{2}/\d{2}/\d{4}\b", shown)
    if stem == "07_spreadsheet_first":
        import openpyxl

        sheets = {
            name: openpyxl.load_workbook(files / name, read_only=True).sheetnames
            for name in ("kam_modelo.xlsx", "mercado.xlsx", "resultados.xlsx")
        }
        assert {"Instruções", "Contas", "Vendas", "Visitas", "Parâmetros"} <= set(
            sheets["kam_modelo.xlsx"]
        )
        assert sheets["mercado.xlsx"] == [  # the sample's account plans go along
            "Contas",
            "Vendas",
            "Visitas",
            "Contatos",
            "Planos",
            "Ações",
            "Parâmetros",
        ]
        assert (
            sheets["resultados.xlsx"][0] == "Resumo" and "Parâmetros" in sheets["resultados.xlsx"]
        )
        cards = list((files / "fichas").glob("*.html"))
        assert cards and '<html lang="pt-BR">' in cards[0].read_text(encoding="utf-8")
        assert "Mesmo estágio para todas as contas: sim." in text


@pytest.mark.slow
@pytest.mark.parametrize("stem", STEMS)
def test_the_english_lesson_shows_one_money_format(stem, lesson_runs):
    nb, _ = _run(NOTEBOOKS / f"{stem}.ipynb", lesson_runs)
    text, _ = _shown(nb)
    assert "R$" not in text
    if stem != "07_spreadsheet_first":
        assert re.search(r"BRL \d{1,3}(,\d{3})+", text)
