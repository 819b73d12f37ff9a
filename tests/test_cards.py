import datetime as dt
import html
import os
from html.parser import HTMLParser

import numpy as np
import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner
from write_inputs import review_market, sales_frame

import kamkit
from kamkit.cli import cards_command
from kamkit.core.errors import KamkitError
from kamkit.files.writing import write_market
from kamkit.model.market import Market
from kamkit.outputs import cards as cards_module
from kamkit.outputs.cards import (
    CHART_MONTHS,
    LAST_PURCHASES,
    LAST_VISITS,
    write_cards,
)
from kamkit.presentation.i18n import format_money, format_share, label

# The hand-made market has an account without a territory on purpose.
pytestmark = pytest.mark.filterwarnings("ignore:.*the territory is empty")

HYPERLINK = '=HYPERLINK("http://x","y")'
SCRIPT = '<script>alert("x")</script> & Filhos'


def _segment(market, **kwargs):
    try:
        from kamkit.analysis.segmentation import segment
    except ModuleNotFoundError:
        from kamkit.analysis.segmentation import segment
    return segment(market, **kwargs)


class _Cards(HTMLParser):
    """Per card (data-account): the data-field -> data-value pairs, and the card's text."""

    def __init__(self):
        super().__init__()
        self.cards: dict[str, dict] = {}
        self.text: dict[str, list[str]] = {}
        self.current = None
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "section" and "data-account" in attrs:
            self.current = attrs["data-account"]
            self.cards[self.current] = {}
            self.text[self.current] = []
        if self.current is not None and "data-field" in attrs:
            self.cards[self.current][attrs["data-field"]] = attrs["data-value"]
        self.tags.append(tag)

    def handle_endtag(self, tag):
        if tag == "section":
            self.current = None

    def handle_data(self, data):
        if self.current is not None:
            self.text[self.current].append(data)


def _parse(path):
    parser = _Cards()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def _market(**parameters) -> Market:
    accounts = pd.DataFrame(
        {
            "account_id": ["A1", "A2", "A3", "A4", "A5"],
            "name": [HYPERLINK, SCRIPT, "-3 Ltda", "Plain", "\tTab"],
            "territory": ["Sul", "Sul", "Sul/Norte", "Sul", None],
            "salesperson": ["Ana", "@Ana", "Bia", "Ana", None],
            "segment": ["X"] * 5,
            "potential": [1000.0, 900.0, 800.0, np.nan, 50.0],
            "city": ["Curitiba", None, None, None, None],
            "state": ["PR", None, None, None, None],
            "target_stage": ["regular", None, None, None, None],
        }
    )
    sales = sales_frame(
        [
            ("A1", "2025-09-30", 999.0),  # before the chart's first month
            ("A1", "2025-10-01", 100.0),
            ("A1", "2026-01-10", 200.0),
            ("A1", "2026-01-20 10:00", -50.0),
            ("A1", "2026-03-10", 300.0),
            ("A1", "2026-09-30 17:45", 40.0),
            ("A1", "2026-10-01", 5000.0),  # after as_of
            ("A1", "2026-05-10", 1.0),
            ("A1", "2026-06-10", 2.0),
            ("A1", "2026-07-10", 3.0),
            ("A3", "2026-08-05", 100.0),
            ("A5", "2024-08-20", 50.0),
        ]
    )
    sales["product"] = ["=cmd|' /C calc'!A0"] + [f"P{i}" for i in range(1, len(sales))]
    visits = pd.DataFrame(
        [
            ("A1", "2026-05-01", "visit", "Ana", "pedido fechado", "<b>bold</b> note"),
            ("A1", "2026-09-01", "call", "Ana", "+1", "=2*3"),
            ("A2", "2026-03-01", "meeting", "Ana", None, "x" * 400),
            ("A2", "2026-10-05", "visit", "Ana", "after as_of", None),
        ],
        columns=["account_id", "date", "kind", "salesperson", "outcome", "notes"],
    )
    return review_market("cards.xlsx", sales, accounts, visits, **parameters)


@pytest.fixture
def market():
    return _market()


def _value(raw: str):
    return None if raw == "" else raw


def _check_card(fields: dict, row, language="en", currency="BRL") -> None:
    """A card's machine-readable figures equal the segment row."""
    for field in ("potential", "revenue", "share_of_wallet", "gap"):
        expected = row[field]
        if pd.isna(expected):
            assert fields[field] == ""
        else:
            assert float(fields[field]) == expected  # the same float, not a rounded one
    assert fields["stage"] == row["stage"] and fields["quadrant"] == row["quadrant"]
    priority = row["priority"]
    assert fields["priority"] == ("" if pd.isna(priority) else str(int(priority)))
    assert fields["visits"] == str(row["visits"])
    days = row["days_since_contact"]
    assert fields["days_since_contact"] == ("" if pd.isna(days) else str(int(days)))
    for field in ("last_purchase", "last_visit"):
        value = row[field]
        assert fields[field] == ("" if pd.isna(value) else f"{value:%Y-%m-%d}")


# ----------------------------------------------------------------------------- the sample


@pytest.fixture(scope="module")
def sample_cards(tmp_path_factory):
    market = kamkit.load_sample()
    out = tmp_path_factory.mktemp("cards")
    paths = write_cards(market, out, territory="Sul")
    return market, paths, _parse(paths[0])


def test_cards_for_a_territory_of_the_sample(sample_cards):
    market, (html_path, xlsx_path), parsed = sample_cards
    assert [p.name for p in (html_path, xlsx_path)] == ["cards-sul.html", "cards-sul.xlsx"]
    assert sorted(os.listdir(html_path.parent)) == ["cards-sul.html", "cards-sul.xlsx"]
    table = _segment(market, territory="Sul").set_index("account_id")
    assert sorted(parsed.cards) == sorted(table.index)
    for account_id, fields in parsed.cards.items():
        _check_card(fields, table.loc[account_id])
    # and what people read is the formatted figure
    some = table.sort_values("revenue").index[-1]
    text = "".join(parsed.text[some])
    row = table.loc[some]
    for value in (
        format_money(row["revenue"]),
        format_money(row["potential"]),
        format_money(row["gap"]),
        format_share(row["share_of_wallet"]),
        label(row["stage"]),
        label(row["quadrant"]),
        row["name"],
    ):
        assert value in text


def test_cards_are_ordered_by_salesperson_then_priority(sample_cards):
    market, _, parsed = sample_cards
    table = _segment(market, territory="Sul").set_index("account_id")
    order = list(parsed.cards)
    rows = table.loc[order]
    assert rows["salesperson"].tolist() == sorted(rows["salesperson"].tolist())
    for _, group in rows.groupby("salesperson", sort=False):
        ranks = group["priority"].dropna().tolist()
        assert ranks == sorted(ranks)
        assert group["priority"].notna().tolist() == sorted(group["priority"].notna(), reverse=True)


def test_sample_workbook_cards_hold_the_same_figures(sample_cards):
    market, (_, xlsx_path), _ = sample_cards
    table = _segment(market, territory="Sul").set_index("account_id")
    wb = openpyxl.load_workbook(xlsx_path, read_only=True)
    assert wb.sheetnames == ["Sul"]
    rows = wb["Sul"].iter_rows(max_row=2000, values_only=True)  # the first 40 cards or so
    cells = {
        (i, j): v
        for i, row in enumerate(rows, start=1)
        for j, v in enumerate(row, start=1)
        if v is not None
    }
    wb.close()
    starts = [r for (r, c), v in cells.items() if c == 1 and v == "account"][:-1]
    assert len(starts) > 30
    labels = {
        "potential (annual)": "potential",
        "revenue, last 12 months": "revenue",
        "share of wallet": "share_of_wallet",
        "gap to potential": "gap",
        "interactions, last 12 months": "visits",
    }
    for start in starts:
        account_id = cells[(start, 3)]
        row = table.loc[account_id]
        found = {}
        for (r, c), v in cells.items():
            if start <= r < start + 12 and v in labels:
                found[labels[v]] = cells.get((r, c + 3))
        # (Excel keeps 15 significant digits; the workbook stores 16)
        assert found["revenue"] == pytest.approx(row["revenue"], rel=1e-15, abs=1e-9)
        assert found["potential"] == pytest.approx(row["potential"], rel=1e-15, abs=1e-9)
        assert found["gap"] == pytest.approx(row["gap"], rel=1e-15, abs=1e-9)
        assert found["visits"] == row["visits"]
        # the 12 monthly amounts add up to the window revenue (12-month window)
        months = [
            r
            for (r, c), v in cells.items()
            if c == 1 and isinstance(v, str) and v.startswith("Purchases, last 12") and r > start
        ][0] + 2
        amounts = [cells.get((months, c), 0) for c in range(1, 13)]
        assert sum(amounts) == pytest.approx(row["revenue"], abs=1e-6)


# ----------------------------------------------------------------------------- hand-made


def test_card_contents(market, tmp_path):
    html_path, _ = write_cards(market, tmp_path)
    assert html_path.name == "cards.html"
    parsed = _parse(html_path)
    table = _segment(market).set_index("account_id")
    # by territory (none last), salesperson ("@Ana" sorts first), priority, revenue
    assert list(parsed.cards) == ["A2", "A1", "A4", "A3", "A5"]
    for account_id, fields in parsed.cards.items():
        _check_card(fields, table.loc[account_id])
    text = "".join(parsed.text["A1"])
    assert "Curitiba / PR" in text
    assert "regular buyer" in text  # the target stage of the account plan
    assert parsed.cards["A1"]["target_stage"] == "regular"
    assert "target_stage" not in parsed.cards["A2"]
    # last purchases: latest first, up to LAST_PURCHASES, none after as_of
    assert "2026-10-01" not in text and format_money(5000.0) not in text
    dates = [t for t in parsed.text["A1"] if t[:2] == "20" and len(t) == 10]
    assert dates[:2] == ["2026-09-30", "2026-09-01"]  # last purchase, last interaction
    assert dates[2 : 2 + LAST_PURCHASES] == [
        "2026-09-30",
        "2026-07-10",
        "2026-06-10",
        "2026-05-10",
        "2026-03-10",
    ]
    # last interactions with their outcomes
    assert dates[2 + LAST_PURCHASES :] == ["2026-09-01", "2026-05-01"]
    assert "pedido fechado" in text and "+1" in text
    a2 = "".join(parsed.text["A2"])
    assert "after as_of" not in a2
    assert "x" * 200 not in a2 and "\u2026" in a2  # long notes are cut
    assert LAST_VISITS == 5
    # blank lines for the next visit
    page = html_path.read_text(encoding="utf-8")
    assert page.count('<div class="line"></div>') == 5 * (
        cards_module._OBJECTIVE_LINES + cards_module._NOTE_LINES
    )
    assert "Next visit" in text and "objective" in text


def test_chart_of_the_last_12_months(market, tmp_path):
    html_path, xlsx_path = write_cards(market, tmp_path, accounts=["A1"])
    page = html_path.read_text(encoding="utf-8")
    assert page.count("<svg") == 1
    titles = [html.unescape(t.split("</title>")[0]) for t in page.split("<title>")[2:]]
    # one bar per month with purchases (Oct 25, Jan 26 net 150, Mar, May, Jun, Jul, Sep)
    assert titles == [
        f"Oct/25: {format_money(100.0)}",
        f"Jan/26: {format_money(150.0)}",
        f"Mar/26: {format_money(300.0)}",
        f"May/26: {format_money(1.0)}",
        f"Jun/26: {format_money(2.0)}",
        f"Jul/26: {format_money(3.0)}",
        f"Sep/26: {format_money(40.0)}",
    ]
    assert f"Purchases, last 12 months: {format_money(596.0)}" in page
    ws = openpyxl.load_workbook(xlsx_path)["Sul"]
    cells = {(c.row, c.column): c.value for row in ws.iter_rows() for c in row}
    head = next(r for (r, c), v in cells.items() if v == "Oct/25")
    assert [cells[(head, c)] for c in range(1, 13)] == [
        "Oct/25",
        "Nov/25",
        "Dec/25",
        "Jan/26",
        "Feb/26",
        "Mar/26",
        "Apr/26",
        "May/26",
        "Jun/26",
        "Jul/26",
        "Aug/26",
        "Sep/26",
    ]
    assert [cells[(head + 1, c)] for c in range(1, 13)] == [
        100,
        0,
        0,
        150,
        0,
        300,
        0,
        1,
        2,
        3,
        0,
        40,
    ]
    rule = [cf for cf in ws.conditional_formatting][0]
    assert rule.rules[0].type == "dataBar"
    assert CHART_MONTHS == 12


def test_names_are_escaped_in_html_and_text_in_excel(market, tmp_path):
    html_path, xlsx_path = write_cards(market, tmp_path)
    page = html_path.read_text(encoding="utf-8")
    assert "<script>" not in page and "<b>bold</b>" not in page
    assert html.escape(SCRIPT) in page and "&lt;b&gt;bold&lt;/b&gt; note" in page
    parsed = _parse(html_path)
    assert set(parsed.tags) <= {
        "html",
        "head",
        "meta",
        "title",
        "style",
        "body",
        "section",
        "header",
        "h1",
        "h2",
        "p",
        "b",
        "div",
        "span",
        "table",
        "tr",
        "td",
        "th",
        "svg",
        "line",
        "rect",
        "text",
        "footer",
    }
    wb = openpyxl.load_workbook(xlsx_path)
    assert wb.sheetnames == ["Sul", "Sul-Norte", "(no territory)"]
    values = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                values.append(cell.value)
    assert HYPERLINK in values and SCRIPT in values and "-3 Ltda" in values
    assert "=cmd|' /C calc'!A0" not in values  # before the chart: not among the last five
    assert "=2*3" in values and "@Ana" in values


def test_portuguese_cards(market, tmp_path):
    m = market.with_parameters(language="pt-BR")
    html_path, xlsx_path = write_cards(m, tmp_path, territory="Sul")
    assert [html_path.name, xlsx_path.name] == ["fichas-sul.html", "fichas-sul.xlsx"]  # pt-BR names
    page = html_path.read_text(encoding="utf-8")
    assert '<html lang="pt-BR">' in page
    table = _segment(m, territory="Sul").set_index("account_id")
    parsed = _parse(html_path)
    assert sorted(parsed.cards) == ["A1", "A2", "A4"]
    text = "".join(parsed.text["A1"])
    row = table.loc["A1"]
    for value in (
        format_money(row["revenue"], "BRL", "pt-BR"),
        label(row["stage"], "pt-BR"),
        label(row["quadrant"], "pt-BR"),
        "Próxima visita",
        "Últimas compras",
        "30/09/2026",
        "out/25",
        "comprador regular",
    ):
        assert value in text
    ws = openpyxl.load_workbook(xlsx_path)["Sul"]
    values = {c.value for row in ws.iter_rows() for c in row}
    assert {"potencial (anual)", "Próxima visita", "objetivo"} <= values
    # the language argument wins over the parameter
    html_en, _ = write_cards(m, tmp_path / "en", territory="Sul", language="en")
    assert '<html lang="en">' in html_en.read_text(encoding="utf-8")


def test_print_layout(market, tmp_path):
    html_path, xlsx_path = write_cards(market, tmp_path, territory="Sul")
    page = html_path.read_text(encoding="utf-8")
    assert "@page { size: A4 portrait" in page
    assert "break-after: page" in page and "page-break-after: always" in page
    assert page.count('<section class="card"') == 3
    ws = openpyxl.load_workbook(xlsx_path)["Sul"]
    assert ws.page_setup.paperSize == 9 and ws.page_setup.orientation == "portrait"
    assert len(ws.row_breaks.brk) == 2
    assert ws.print_area.startswith("'Sul'!$A$1:$L$")
    date_rule = [dv for dv in ws.data_validations.dataValidation if dv.type == "date"]
    kind_rule = [dv for dv in ws.data_validations.dataValidation if dv.type == "list"]
    assert len(date_rule) == len(kind_rule) == 3
    assert kind_rule[0].formula1 == '"visit,call,email,meeting"'


def test_many_cards_spill_to_numbered_sheets(market, tmp_path, monkeypatch):
    monkeypatch.setattr(cards_module, "CARDS_PER_SHEET", 2)
    _, xlsx_path = write_cards(market, tmp_path, territory="Sul")
    assert openpyxl.load_workbook(xlsx_path).sheetnames == ["Sul", "Sul (2)"]


# ----------------------------------------------------------------------------- choosing, errors


def test_choose_accounts(market, tmp_path):
    html_path, _ = write_cards(market, tmp_path, accounts=["A3", "A1"])
    assert sorted(_parse(html_path).cards) == ["A1", "A3"]
    html_path, _ = write_cards(market, tmp_path / "one", accounts="A2")
    assert list(_parse(html_path).cards) == ["A2"]
    html_path, _ = write_cards(market, tmp_path / "both", territory="Sul", accounts=["A1", "A3"])
    assert list(_parse(html_path).cards) == ["A1"]


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"territory": "Sull"}, "Did you mean 'Sul'"),
        ({"accounts": ["A9"]}, "There is no account 'A9'"),
        ({"accounts": []}, "accounts is empty"),
        ({"territory": "Sul", "accounts": ["A3"]}, "None of the accounts"),
        ({"language": "fr"}, "'fr' is not supported"),
    ],
)
def test_bad_choices(market, tmp_path, kwargs, message):
    with pytest.raises(KamkitError, match=message):
        write_cards(market, tmp_path / "out", **kwargs)
    assert not (tmp_path / "out").exists()


def test_not_a_market_or_a_file_as_folder(market, tmp_path):
    with pytest.raises(KamkitError, match="needs a Market"):
        write_cards(pd.DataFrame(), tmp_path)
    (tmp_path / "f").write_text("x")
    with pytest.raises(KamkitError, match="is a file"):
        write_cards(market, tmp_path / "f")


def test_failed_write_leaves_no_partial_file(market, tmp_path, monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(cards_module, "_write_xlsx", boom)
    with pytest.raises(RuntimeError, match="disk full"):
        write_cards(market, tmp_path)
    assert os.listdir(tmp_path) == ["cards.html"]  # complete; the workbook never appeared


# ----------------------------------------------------------------------------- the command


def test_command(market, tmp_path):
    data = write_market(market, tmp_path / "data.xlsx")[0]
    runner = CliRunner()
    out = tmp_path / "out"
    result = runner.invoke(
        cards_command,
        [
            str(data),
            "--out",
            str(out),
            "--territory",
            "Sul",
            "--lang",
            "pt-BR",
            "--as-of",
            "31/08/2026",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "fichas-sul.html" in result.output  # the files in the cards' language
    page = (out / "fichas-sul.html").read_text(encoding="utf-8")
    assert "data-base 31/08/2026" in page
    m = kamkit.load(data).with_parameters(as_of=dt.datetime(2026, 8, 31))
    table = _segment(m, territory="Sul").set_index("account_id")
    for account_id, fields in _parse(out / "fichas-sul.html").cards.items():
        _check_card(fields, table.loc[account_id])
    result = runner.invoke(
        cards_command, [str(data), "--out", str(out), "--account", "A1", "--account", "A3"]
    )
    assert result.exit_code == 0, result.output
    assert sorted(_parse(out / "cards.html").cards) == ["A1", "A3"]
    bad = runner.invoke(cards_command, [str(data), "--out", str(out), "--territory", "Oeste"])
    assert bad.exit_code == 2 and "no territory 'Oeste'" in bad.output
    bad = runner.invoke(cards_command, [str(data), "--out", str(out), "--as-of", "soon"])
    assert bad.exit_code == 2 and "is not a date" in bad.output
