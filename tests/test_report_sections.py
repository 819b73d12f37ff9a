"""The territory report's "accounts at risk", "largest whitespace" and "account plans" sections
(issue 14).

The report of one territory (Sul, on the sample market) in each language, from the session's
runs of ``kamkit run`` on the sample (tests/conftest.py). The tables must show the numbers of
``kk.alerts`` and ``kk.whitespace`` computed here, the headings come from the catalogue, a cut
table says so, and the Portuguese page has no English.
"""

from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace

import nbformat
import numpy as np
import pytest
from test_report_content import english_in, visible_text

import kamkit as kk
from kamkit.outputs.reports import TABLE_ROWS, cut_note, report_names, window_note
from kamkit.presentation import i18n
from kamkit.presentation.catalogue import word

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_CSV = ROOT / "data" / "samples" / "csv"
TERRITORY = "Sul"


class _Table(HTMLParser):
    """The rows of the first HTML table of a page: [header, cells...] as text."""

    def __init__(self):
        super().__init__()
        self.rows, self._cell = [], None

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = ""

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append(" ".join(self._cell.split()))
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell += data


def _outputs(nb, cell_id: str, kind: str) -> str:
    cell = next(c for c in nb.cells if c.id == cell_id)
    return "\n".join(o["data"][kind] for o in cell.outputs if kind in o.get("data", {}))


def _table(nb, cell_id: str) -> tuple[list[str], list[list[str]]]:
    """The header and the body rows of the table a cell shows (index name row dropped)."""
    parser = _Table()
    parser.feed(_outputs(nb, cell_id, "text/html"))
    rows = [r for r in parser.rows if r]
    header, body = rows[0], [r for r in rows[1:] if any(r[1:])]
    return header, body


@pytest.fixture(
    scope="module", params=[pytest.param(lang, marks=pytest.mark.slow) for lang in ("en", "pt-BR")]
)
def run(request):
    """The report of Sul on the sample in each language, from the session's runs of kamkit run
    (tests/conftest.py): English, the data's language, through ``run_reports``; Portuguese,
    every territory through ``kamkit run --lang pt-BR``."""
    language = request.param
    if language == "en":
        _, result = request.getfixturevalue("sample_reports")
        assert result.ok, result.summary()
        report = next(r for r in result.reports if r.territory == TERRITORY)
    else:
        out, result = request.getfixturevalue("sample_reports_pt")
        assert result.exit_code == 0, result.output
        name = report_names(kk.load(SAMPLE_CSV, warn=False).territories)[TERRITORY]
        html = out / "territories" / f"{name}.html"
        report = SimpleNamespace(html=html, notebook=html.with_suffix(".ipynb"))
    market = kk.load(SAMPLE_CSV, warn=False).with_parameters(language=language)
    nb = nbformat.read(str(report.notebook), as_version=4)
    assert nb.metadata.papermill.parameters["territory"] == TERRITORY
    assert nb.metadata.papermill.parameters["language"] == language
    return language, market, nb, report


def test_accounts_at_risk_shows_kk_alerts(run):
    language, market, nb, _ = run
    expected = kk.alerts(market, territory=TERRITORY, language=language)
    assert len(expected) > 0
    heading = _outputs(nb, "rs14a001", "text/markdown")
    assert f"## {word('kam.report.alerts_heading', language)}" in heading
    assert cut_note(min(len(expected), TABLE_ROWS), len(expected), language) in heading
    header, body = _table(nb, "rs14a003")
    assert word("kam.lesson.warning", language) in header
    assert word("kam.lesson.detail", language) in header
    assert len(body) == min(len(expected), TABLE_ROWS)
    shown = expected.head(TABLE_ROWS)
    assert [r[0] for r in body] == list(shown["account_id"])
    stages = kk.segment(market, territory=TERRITORY).set_index("account_id")["stage"]
    for row, (_, alert) in zip(body, shown.iterrows()):
        assert word(f"kam.kind.{alert['kind']}", language) in row
        assert " ".join(alert["detail"].split()) in row
        assert i18n.label(str(stages[alert["account_id"]]), language) in row
    # the chart: the largest revenue drops, a year earlier against the last 3 months
    assert "image/png" in "".join(
        "".join(o.get("data", {})) for o in next(c for c in nb.cells if c.id == "rs14a004").outputs
    )


def test_largest_whitespace_shows_kk_whitespace(run):
    language, market, nb, _ = run
    currency = market.parameters.currency
    rows = kk.whitespace(market, territory=TERRITORY)
    # the per-account totals, recomputed from kk.whitespace's rows
    totals = rows.groupby("account_id").agg(families=("family", "size"), value=("value", "sum"))
    totals = totals.reset_index().sort_values(["value", "account_id"], ascending=[False, True])
    heading = _outputs(nb, "rs14w001", "text/markdown")
    assert f"## {word('kam.report.whitespace_heading', language)}" in heading
    assert window_note(market, language) in heading
    assert len(totals) > TABLE_ROWS  # the sample's Sul has more: the table is cut and says so
    assert cut_note(TABLE_ROWS, len(totals), language) in heading
    header, body = _table(nb, "rs14w003")
    value_at = header.index(word("kam.label.whitespace_value", language))
    families_at = header.index(word("kam.lesson.families", language))
    assert len(body) == min(len(totals), TABLE_ROWS) > 0
    for row, (_, total) in zip(body, totals.head(TABLE_ROWS).iterrows()):
        assert row[0] == total["account_id"]
        assert row[families_at] == i18n.format_count(total["families"], language)
        assert row[value_at] == i18n.format_money(total["value"], currency, language, decimals=0)
    ranked = kk.whitespace_totals(market, territory=TERRITORY)
    rank_at = header.index(word("kam.label.cross_sell_rank", language))
    first_key = ranked.loc[ranked["cross_sell_rank"] == 1, "account_id"].iloc[0]
    assert next(r for r in body if r[0] == first_key)[rank_at] == "1"
    chart = next(c for c in nb.cells if c.id == "rs14w004")
    assert any("image/png" in o.get("data", {}) for o in chart.outputs)


def test_account_plans_show_kk_plan_summary(run):
    language, market, nb, _ = run
    currency = market.parameters.currency
    expected = kk.plan_summary(market, territory=TERRITORY)
    # independently: the planned accounts of Sul are those with a row in the three tables
    accounts = market.accounts
    in_sul = set(accounts.loc[accounts["territory"].astype(object) == TERRITORY, "account_id"])
    planned = set()
    for table in (market.contacts, market.plans, market.actions):
        planned |= set(table["account_id"].astype(str)) & in_sul
    assert planned and set(expected["account_id"]) == planned
    heading = _outputs(nb, "rs14p001", "text/markdown")
    assert f"## {word('kam.report.plans_heading', language)}" in heading
    assert cut_note(min(len(expected), TABLE_ROWS), len(expected), language) in heading
    shown = kk.format_table(expected.head(TABLE_ROWS), language=language, currency=currency)
    header, body = _table(nb, "rs14p003")
    body = body[: min(len(expected), TABLE_ROWS)]  # the overdue actions' table comes next
    assert [r[0] for r in body] == list(expected["account_id"].head(TABLE_ROWS))
    named = dict(zip(expected.columns, shown.columns))  # code name -> the header shown
    at = {c: header.index(named[c]) for c in ("objectives", "total_target", "open_actions")}
    at |= {c: header.index(named[c]) for c in ("overdue_actions", "problems")}
    plans, actions = market.plans, market.actions
    status = actions["status"].fillna("open")
    is_open = status.isin(["open", "in_progress"])
    late = is_open & (actions["due_date"] < market.as_of)
    for row in body:
        code = row[0]
        mine = plans[plans["account_id"] == code]
        assert row[at["objectives"]] == i18n.format_count(len(mine), language)
        if mine["target"].notna().any():
            total = i18n.format_money(mine["target"].sum(), currency, language, decimals=0)
            assert row[at["total_target"]] == total
        ours = actions["account_id"] == code
        assert row[at["open_actions"]] == i18n.format_count(int((is_open & ours).sum()), language)
        assert row[at["overdue_actions"]] == i18n.format_count(int((late & ours).sum()), language)
    problems = kk.plan_problems(market, territory=TERRITORY)
    for code, kind in zip(problems["account_id"], problems["problem"]):
        row = next((r for r in body if r[0] == code), None)
        if row is not None:
            assert word(f"plans.problem.{kind}", language) in row[at["problems"]]
    # the overdue actions below the table: counted by hand, each one shown
    overdue = actions[late & actions["account_id"].isin(in_sul)]
    assert len(overdue) > 0
    text = _outputs(nb, "rs14p003", "text/markdown")
    count = i18n.format_count(len(overdue), language)
    assert word("kam.report.overdue_count", language).format(n=count) in text
    page = _outputs(nb, "rs14p003", "text/html")
    for action in overdue["action"].head(TABLE_ROWS):
        assert action in page


def test_the_sections_speak_the_reports_language(run):
    language, _, _, report = run
    text = visible_text(report.html.read_text(encoding="utf-8"))
    headings = ("alerts_heading", "whitespace_heading", "plans_heading")
    for key in (f"kam.report.{h}" for h in headings):
        assert word(key, language) in text
    if language == "pt-BR":
        assert english_in(text) == []
        for key in (f"kam.report.{h}" for h in headings):
            assert word(key, "en") not in text
        assert "em cada conta em risco" in text


# --------------------------------------------------------------------------------------------
# the results workbook holds every row the report's tables cut (fast)


@pytest.mark.parametrize("language", ["en", "pt-BR"])
def test_the_results_workbook_has_every_alert_and_whitespace_total(tmp_path, language):
    import pandas as pd

    from kamkit.outputs.export import write_results

    market = kk.load(SAMPLE_CSV, warn=False)
    path = write_results(market, tmp_path / "results.xlsx", language=language)
    sheets = pd.read_excel(path, sheet_name=None, engine="calamine")
    alerts = sheets[word("kam.sheet.alerts", language)]
    expected = kk.alerts(market, language=language)
    assert list(alerts[i18n.label("account_id", language)]) == list(expected["account_id"])
    assert list(alerts[word("kam.lesson.detail", language)]) == list(expected["detail"])
    kinds = [word(f"kam.kind.{k}", language) for k in expected["kind"]]
    assert list(alerts[word("kam.lesson.warning", language)]) == kinds
    mix = sheets[word("kam.sheet.whitespace", language)]
    rows = kk.whitespace(market)
    totals = rows.groupby("account_id")["value"].sum()
    shown = mix.set_index(i18n.label("account_id", language))
    assert set(shown.index) == set(totals.index)
    value = shown[word("kam.label.whitespace_value", language)]
    assert np.allclose(value.to_numpy(float), totals.reindex(value.index).to_numpy(float))
    families = shown[word("kam.lesson.families", language)]
    assert list(families) == list(rows.groupby("account_id").size().reindex(families.index))
