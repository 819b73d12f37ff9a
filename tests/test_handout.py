"""The participant handout: one printable A4 HTML file made from the participant's workbook.

What a participant holds: the cover, one page per lesson with its chart, the numbers kamkit
computes (checked against the functions and against sums made here from the raw tables), the
Monday questions; both languages; names from the data escaped; no script; and a bad workbook
is a sentence with exit status 2, never a traceback.
"""

import base64
import math
import re
from html.parser import HTMLParser

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

import kamkit
from kamkit.cli import main
from kamkit.core.errors import KamkitError
from kamkit.course.handout import LESSONS, PURSUIT_ROWS, handout_html, write_handout
from kamkit.files.writing import write_market
from kamkit.model.market import Market
from kamkit.presentation.i18n import format_count, format_money_short, format_share

SCRIPT = '<script>alert("x")</script> & Filhos'
PNG = b"\x89PNG\r\n\x1a\n"


class _Handout(HTMLParser):
    """data-field -> (data-value, text shown); images; scripts; pages; the visible text."""

    def __init__(self):
        super().__init__()
        self.fields: dict[str, tuple[str, str]] = {}
        self.images: list[str] = []
        self.scripts = 0
        self.pages: list[str] = []
        self.pursuit: list[str] = []
        self.text: list[str] = []
        self.lang = None
        self._field = None
        self._buffer: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang")
        if tag == "script":
            self.scripts += 1
        if tag == "img":
            self.images.append(attrs.get("src", ""))
        if tag == "section":
            self.pages.append(attrs.get("data-lesson", "cover"))
        if tag == "tr" and "data-account" in attrs:
            self.pursuit.append(attrs["data-account"])
        if "data-field" in attrs:
            self._field = (attrs["data-field"], attrs["data-value"])
            self._buffer = []

    def handle_endtag(self, tag):
        if tag == "td" and self._field is not None:
            field, value = self._field
            self.fields.setdefault(field, (value, "".join(self._buffer)))
            self._field = None

    def handle_data(self, data):
        self.text.append(data)
        if self._field is not None:
            self._buffer.append(data)


def _parse(document: str) -> _Handout:
    parser = _Handout()
    parser.feed(document)
    return parser


@pytest.fixture(scope="module")
def sample():
    return kamkit.load_sample()


@pytest.fixture(scope="module", params=["en", "pt-BR"])
def sul(request, sample, tmp_path_factory):
    """The handout of the sample's territory Sul, in each language."""
    language = request.param
    path = tmp_path_factory.mktemp("handout") / f"handout-{language}.html"
    assert write_handout(sample, path, territory="Sul", language=language) == path
    document = path.read_text(encoding="utf-8")
    return language, document, _parse(document)


def _value(parsed, field):
    raw, shown = parsed.fields[field]
    return float(raw), shown.strip()


# -- what the page is -------------------------------------------------------------------------


def test_one_page_per_lesson_after_the_cover(sul):
    _, _, parsed = sul
    assert parsed.pages == ["cover"] + [str(n) for n, _, _ in LESSONS]
    assert [n for n, _, _ in LESSONS] == list(range(1, 11))


def test_print_ready_a4_without_script(sul):
    language, document, parsed = sul
    assert parsed.lang == language
    assert re.search(r"@page\s*{\s*size:\s*A4", document)
    assert "break-after: page" in document and "page-break-after: always" in document
    assert parsed.scripts == 0 and "<script" not in document.lower()
    assert not re.search(r"""(src|href)\s*=\s*["']?https?:""", document, re.I)


def test_charts_are_inline_pngs(sul):
    _, _, parsed = sul
    assert len(parsed.images) == 8  # lessons 1, 2, 3, 4, 6, 8, 9 and 10
    for src in parsed.images:
        assert src.startswith("data:image/png;base64,")
        data = base64.b64decode(src.split(",", 1)[1])
        assert data.startswith(PNG) and len(data) > 5000  # a real picture, not an empty one


def test_the_questions_of_every_lesson_are_there(sul):
    language, _, parsed = sul
    text = " ".join(" ".join(parsed.text).split())
    for _, title, questions in LESSONS:
        assert title(language) in text
        for question in questions:
            assert question(language) in text
    heading = {"en": "For Monday", "pt-BR": "Para segunda-feira"}[language]
    assert text.count(heading) == len(LESSONS)


def test_words_are_in_the_language(sul):
    language, _, parsed = sul
    text = " ".join(parsed.text)
    if language == "pt-BR":
        assert "Apostila do participante" in text and "Território" in text
        assert "conquistar" in text and "comprador regular" in text
        assert "R$" in text and "BRL" not in text
        assert "Participant handout" not in text
    else:
        assert "Participant handout" in text and "Territory" in text
        assert "Apostila" not in text and "R$" not in text


# -- every number is kamkit's ------------------------------------------------------------------


def test_the_stage_and_quadrant_counts_are_segments(sul, sample):
    language, _, parsed = sul
    seg = kamkit.segment(sample, territory="Sul")
    # independently: the accounts of the territory in the accounts table
    in_sul = int((sample.accounts["territory"].astype(object) == "Sul").sum())
    value, shown = _value(parsed, "accounts")
    assert value == len(seg) == in_sul and shown == format_count(in_sul, language)
    for stage in kamkit.STAGES:
        expected = int((seg["stage"] == stage).sum())
        value, shown = _value(parsed, f"stage.{stage}")
        assert value == expected and shown == format_count(expected, language)
    assert sum(_value(parsed, f"stage.{s}")[0] for s in kamkit.STAGES) == in_sul
    never = int(seg["stage"].isin(["untouched", "approached"]).sum())
    assert _value(parsed, "never_bought")[0] == never
    for quadrant in kamkit.QUADRANTS:
        value, _ = _value(parsed, f"quadrant.{quadrant}")
        assert value == int((seg["quadrant"] == quadrant).sum())
    assert sum(_value(parsed, f"quadrant.{q}")[0] for q in kamkit.QUADRANTS) == in_sul
    assert _value(parsed, "estimated")[0] == int(seg["potential_estimated"].sum())


def test_the_concentration_is_kamkits_and_adds_up(sul, sample):
    language, _, parsed = sul
    summary = kamkit.concentration_summary(sample, territory="Sul")
    for key in ("top_5pct_share", "top_10pct_share", "accounts_for_50pct"):
        value, shown = _value(parsed, key)
        assert value == summary[key] and shown == format_share(summary[key], language)
    value, shown = _value(parsed, "revenue")
    assert shown == format_money_short(summary["revenue"], "BRL", language)
    # independently, from the sales lines: the window's revenue per account of Sul
    start, end = kamkit.window(sample)
    sales = sample.sales
    ids = set(
        sample.accounts.loc[
            sample.accounts["territory"].astype(object) == "Sul", "account_id"
        ].astype(str)
    )
    inside = (
        (sales["date"] >= start)
        & (sales["date"] < end + pd.Timedelta(days=1))
        & sales["account_id"].astype(str).isin(ids)
    )
    revenue = sales[inside].groupby(sales["account_id"].astype(str), observed=True)["amount"].sum()
    revenue = np.sort(revenue[revenue > 0].to_numpy())[::-1]
    assert _value(parsed, "buying_accounts")[0] == len(revenue)
    assert value == pytest.approx(revenue.sum())
    top = math.ceil(0.1 * len(revenue))
    assert _value(parsed, "top_10pct_share")[0] == pytest.approx(
        revenue[:top].sum() / revenue.sum()
    )


def test_the_pursuit_list_is_the_first_ten(sul, sample):
    language, _, parsed = sul
    expected = kamkit.pursuit_list(sample, territory="Sul").head(PURSUIT_ROWS)
    assert parsed.pursuit == expected["account_id"].astype(str).tolist()
    assert len(parsed.pursuit) == PURSUIT_ROWS
    assert parsed.fields["pursuit.rank"][0] == "1"


def test_coverage_and_scorecard_are_kamkits(sul, sample):
    language, _, parsed = sul
    table = kamkit.coverage(sample, territory="Sul")
    for row in table[table["group"] == "quadrant"].itertuples():
        value, shown = _value(parsed, f"coverage.{row.value}.contacted_share")
        if math.isnan(row.contacted_share):
            assert math.isnan(value)
        else:
            assert value == row.contacted_share
            assert shown == format_share(row.contacted_share, language)
        assert _value(parsed, f"coverage.{row.value}.accounts")[0] == row.accounts
    card = kamkit.scorecard(sample, territory="Sul").iloc[0]
    for key in ("revenue", "potential_captured", "coverage", "conversions", "lapses"):
        assert _value(parsed, f"scorecard.{key}")[0] == pytest.approx(float(card[key]), abs=0)
    # the scorecard's revenue is the concentration's: one window, one figure
    assert _value(parsed, "scorecard.revenue")[0] == pytest.approx(_value(parsed, "revenue")[0])


def test_the_plans_numbers_are_counted_from_the_tables(sul, sample):
    """Lesson 9's numbers, recomputed from the three plan tables by hand."""
    language, _, parsed = sul
    accounts = sample.accounts
    in_sul = set(accounts.loc[accounts["territory"].astype(object) == "Sul", "account_id"])
    planned = set()
    for table in (sample.contacts, sample.plans, sample.actions):
        planned |= set(table["account_id"].astype(str)) & in_sul
    assert _value(parsed, "plans.planned")[0] == len(planned) > 0
    actions = sample.actions[sample.actions["account_id"].isin(in_sul)]
    status = actions["status"].fillna("open")
    is_open = status.isin(["open", "in_progress"])
    overdue = is_open & (actions["due_date"] < sample.as_of)
    assert _value(parsed, "plans.open_actions")[0] == int(is_open.sum()) > 0
    value, shown = _value(parsed, "plans.overdue")
    assert value == int(overdue.sum()) and shown == format_count(int(overdue.sum()), language)
    problems = kamkit.plan_problems(sample, territory="Sul")
    assert _value(parsed, "plans.with_problems")[0] == problems["account_id"].nunique()
    contacts = sample.contacts[sample.contacts["account_id"].isin(planned)]
    deciders = set(contacts.loc[contacts["influence"] == "decision_maker", "account_id"])
    assert _value(parsed, "plans.no_decision_maker")[0] == len(planned - deciders)


def test_the_warnings_and_whitespace_are_kamkits(sul, sample):
    language, _, parsed = sul
    warnings = kamkit.alerts(sample, territory="Sul")
    for kind in ("revenue_drop", "overdue"):
        assert _value(parsed, f"alerts.{kind}")[0] == int((warnings["kind"] == kind).sum())
    rows = kamkit.whitespace(sample, territory="Sul")  # one row per (account, family)
    per_account = rows.groupby("account_id")["value"].sum()
    per_account = per_account[per_account > 0]
    assert _value(parsed, "whitespace.accounts")[0] == len(per_account) > 0
    value, shown = _value(parsed, "whitespace.value")
    assert value == pytest.approx(per_account.sum())
    assert shown == format_money_short(per_account.sum(), "BRL", language)


def test_the_whole_market_pursuit_list_is_ordered_by_score(sample):
    parsed = _parse(handout_html(sample, language="en"))
    full = kamkit.pursuit_list(sample)
    expected = full.sort_values("score", ascending=False, kind="stable").head(PURSUIT_ROWS)
    assert parsed.pursuit == expected["account_id"].astype(str).tolist()
    assert _value(parsed, "accounts")[0] == len(sample.accounts)


# -- hostile data ------------------------------------------------------------------------------


def _hostile_market(**parameters) -> Market:
    accounts = pd.DataFrame(
        {
            "account_id": ["A1", "A2", "A3", "A4"],
            "name": [SCRIPT, '=HYPERLINK("http://x","y")', "<img src=x onerror=alert(1)>", "Plain"],
            "territory": ["<b>Sul</b>", "<b>Sul</b>", "<b>Sul</b>", "Norte"],
            "salesperson": ["Ana", "<i>Bia</i>", "Ana", "Caio"],
            "segment": ["X"] * 4,
            "potential": [100000.0, 90000.0, 80000.0, 5000.0],
        }
    )
    sales = pd.DataFrame(
        [
            ("A1", "2026-03-10", 3000.0),
            ("A1", "2026-06-10", 3000.0),
            ("A1", "2026-08-10", 3000.0),
            ("A4", "2026-07-10", 4000.0),
            ("A2", "2025-01-10", 100.0),
        ],
        columns=["account_id", "date", "amount"],
    )
    visits = pd.DataFrame(
        [("A3", "2026-09-01", "visit", "Ana", None, "<script>x</script>")],
        columns=["account_id", "date", "kind", "salesperson", "outcome", "notes"],
    )
    return Market.from_frames(
        sales=sales,
        accounts=accounts,
        visits=visits,
        source="<script>src</script>.xlsx",
        parameters={"as_of": "2026-09-30", **parameters},
    )


@pytest.mark.parametrize("language", ["en", "pt-BR"])
def test_hostile_names_are_escaped(tmp_path, language):
    market = _hostile_market()
    path = write_handout(market, tmp_path / "h.html", territory="<b>Sul</b>", language=language)
    document = path.read_text(encoding="utf-8")
    parsed = _parse(document)
    assert parsed.scripts == 0
    assert "<script" not in document.lower() and "<img src=x" not in document
    assert "<b>Sul</b>" not in document and "&lt;b&gt;Sul&lt;/b&gt;" in document
    assert "&lt;script&gt;src&lt;/script&gt;.xlsx" in document
    text = "".join(parsed.text)
    assert SCRIPT in text  # shown as written, never run
    assert parsed.images and all(s.startswith("data:image/png;base64,") for s in parsed.images)


def test_an_unknown_territory_is_a_sentence(sample, tmp_path):
    with pytest.raises(KamkitError, match="Sul"):
        write_handout(sample, tmp_path / "h.html", territory="Oeste")
    assert not (tmp_path / "h.html").exists()


def test_the_output_is_written_atomically(sample, tmp_path, monkeypatch):
    path = tmp_path / "h.html"
    path.write_text("previous handout", encoding="utf-8")
    import kamkit.course.handout as module

    def broken(*args, **kwargs):
        raise RuntimeError("disk trouble")

    monkeypatch.setattr(module, "handout_html", broken)
    with pytest.raises(RuntimeError):
        write_handout(sample, path)
    assert path.read_text(encoding="utf-8") == "previous handout"
    assert [p.name for p in tmp_path.iterdir()] == ["h.html"]  # no temporary file left


# -- the command -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def workbooks(tmp_path_factory):
    folder = tmp_path_factory.mktemp("workbooks")
    english = folder / "market.xlsx"
    write_market(_hostile_market(), english)
    portuguese = folder / "mercado.xlsx"
    write_market(_hostile_market(language="pt-BR"), portuguese)
    return english, portuguese


def _run(args, monkeypatch):
    monkeypatch.setenv("LANG", "C")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    return CliRunner().invoke(main, ["handout", *map(str, args)])


def test_the_command_writes_the_handout_in_the_data_language(workbooks, tmp_path, monkeypatch):
    english, portuguese = workbooks
    out = tmp_path / "apostila.html"
    result = _run([portuguese, "--out", out], monkeypatch)
    assert result.exit_code == 0, result.output
    assert "Apostila do participante gravada em" in result.output
    assert _parse(out.read_text(encoding="utf-8")).lang == "pt-BR"
    out = tmp_path / "handout.html"
    result = _run([english, "--out", out, "--territory", "Norte"], monkeypatch)
    assert result.exit_code == 0, result.output
    assert "Wrote the participant handout to" in result.output
    parsed = _parse(out.read_text(encoding="utf-8"))
    assert parsed.lang == "en" and _value(parsed, "accounts")[0] == 1
    result = _run([english, "--out", out, "--lang", "pt-BR"], monkeypatch)
    assert result.exit_code == 0 and "Apostila" in result.output
    assert _parse(out.read_text(encoding="utf-8")).lang == "pt-BR"


def test_a_bad_workbook_is_a_sentence_with_exit_2(tmp_path, monkeypatch):
    bad = tmp_path / "not_a_workbook.xlsx"
    bad.write_text("this is not Excel", encoding="utf-8")
    out = tmp_path / "h.html"
    for language, word in (("en", "not_a_workbook.xlsx"), ("pt-BR", "not_a_workbook.xlsx")):
        result = _run([bad, "--out", out, "--lang", language], monkeypatch)
        assert result.exit_code == 2
        assert "Traceback" not in result.output and word in result.output
        assert not out.exists()
    result = _run([tmp_path / "missing.xlsx", "--out", out, "--lang", "pt-BR"], monkeypatch)
    assert result.exit_code == 2 and "missing.xlsx" in result.output
    assert "Traceback" not in result.output


def test_bad_options_are_sentences_with_exit_2(workbooks, tmp_path, monkeypatch):
    english, _ = workbooks
    result = _run([english, "--out", tmp_path / "handout.pdf"], monkeypatch)
    assert result.exit_code == 2 and ".html" in result.output
    result = _run([english, "--out", tmp_path], monkeypatch)
    assert result.exit_code == 2 and "folder" in result.output
    result = _run([english, "--out", tmp_path / "h.html", "--territory", "Oeste"], monkeypatch)
    assert result.exit_code == 2 and "Norte" in result.output
    assert "Traceback" not in result.output and not (tmp_path / "h.html").exists()
    result = _run(
        [english, "--out", tmp_path / "h.html", "--territory", "Oeste", "--lang", "pt-BR"],
        monkeypatch,
    )
    assert result.exit_code == 2 and "território" in result.output.lower()


def test_the_command_is_listed():
    result = CliRunner().invoke(main, ["--help"])
    assert "handout" in result.output
    result = CliRunner().invoke(main, ["handout", "--help"])
    assert result.exit_code == 0 and "--territory" in result.output and "--lang" in result.output
