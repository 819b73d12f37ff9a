"""The exercises of lesson 10 (kamkit.exercises.ex10): every expected answer recomputed here,
walking the sales lines in plain Python (windows, peers, medians by hand), on the sample market
in two territories; the tables of the no-code questions in both languages; the set's shape.

The stage of each account (occasional, regular, lapsed) is kk.segment's, tested elsewhere; all
the rest -- the family revenue, the peers, adoption, whitespace, the revenue drops -- is here.
"""

import datetime as dt
import statistics
from collections import defaultdict
from pathlib import Path

import by_hand
import pandas as pd
import pytest
from participant import exercise_notebook_source

import kamkit as kk
from kamkit.exercises import ex10

ROOT = Path(__file__).resolve().parents[1]
HALF_CENT = 0.005
BUYING = ("occasional", "regular")


@pytest.fixture(scope="module")
def sample():
    return kk.load_sample()


# --------------------------------------------------------------------------------------------
# the independent calculation


_day, _month_index = by_hand.day, by_hand.month_index


def _minus_months(day: dt.date, months: int) -> dt.date:
    return by_hand.add_months(day, -months)


def _lines(market):
    for account, date, amount, family in zip(
        market.sales["account_id"].astype(str),
        market.sales["date"],
        market.sales["amount"],
        market.sales["family"].astype(object),
    ):
        if pd.isna(date):
            continue
        yield account, _day(date), float(amount), family


def _stages(market, as_of=None, territory=None) -> dict:
    seg = kk.segment(market, as_of=as_of, territory=territory)
    return dict(zip(seg["account_id"].astype(str), seg["stage"].astype(str)))


def _whitespace(market) -> dict:
    """{account: {family: (adoption, value, bought)}} for every buying account."""
    as_of = _day(market.as_of)
    first = _month_index(as_of) - (market.parameters.lookback_months - 1)
    spent = defaultdict(float)
    families = set()
    for account, day, amount, family in _lines(market):
        if family is None or (isinstance(family, float) and family != family):
            continue
        if not str(family).strip() or day > as_of or _month_index(day) < first:
            continue
        spent[account, str(family)] += amount
        families.add(str(family))
    stages = _stages(market)
    segments = dict(
        zip(market.accounts["account_id"].astype(str), market.accounts["segment"].astype(object))
    )
    buyers = [a for a, s in stages.items() if s in BUYING]
    by_segment = defaultdict(list)
    for a in buyers:
        name = segments.get(a)
        if isinstance(name, str) and name.strip():
            by_segment[name.strip()].append(a)
    out = {}
    for a in buyers:
        name = segments.get(a)
        name = name.strip() if isinstance(name, str) else ""
        peers = by_segment[name] if name and len(by_segment[name]) >= 5 else buyers
        out[a] = {}
        for f in families:
            bought = [p for p in peers if spent[p, f] > HALF_CENT]
            adoption = len(bought) / len(peers)
            value = statistics.median(spent[p, f] for p in bought) if bought else None
            out[a][f] = (adoption, value, spent[a, f] > HALF_CENT)
    return out


def _is_whitespace(entry, minimum) -> bool:
    adoption, value, bought = entry
    return adoption >= minimum and value is not None and not bought


def _revenue_between(market, after: dt.date, until: dt.date) -> dict:
    out = defaultdict(float)
    for account, day, amount, _ in _lines(market):
        if after < day <= until:
            out[account] += amount
    return out


def _drops(market, territory, as_of=None) -> dict:
    """{account: (recent, earlier)} of the buying accounts with a revenue drop."""
    when = _day(as_of if as_of is not None else market.as_of)
    recent = _revenue_between(market, _minus_months(when, 3), when)
    year = _minus_months(when, 12)
    earlier = _revenue_between(market, _minus_months(year, 3), year)
    keep = 1 - market.parameters.drop_threshold
    out = {}
    for a, stage in _stages(market, as_of=pd.Timestamp(when), territory=territory).items():
        if stage in BUYING and earlier[a] > HALF_CENT and recent[a] <= keep * earlier[a]:
            out[a] = (recent[a], earlier[a])
    return out


# --------------------------------------------------------------------------------------------
# the expected answers


@pytest.fixture(scope="module", params=["Sul", "Nordeste"])
def checked(request, sample):
    """The set on the sample for one territory, with the hand calculation."""
    territory = request.param
    ex10.setup(sample, territory=territory, language="en")
    return territory, {q.name: q for q in ex10.EXERCISES.questions}, _whitespace(sample)


def test_key_accounts_whitespace_counts(sample, checked):
    territory, q, grid = checked
    minimum = sample.parameters.whitespace_min_adoption
    seg = kk.segment(sample, territory=territory)
    keys = set(seg.loc[seg["quadrant"] == "key", "account_id"].astype(str))
    mine = {a: sum(_is_whitespace(e, minimum) for e in grid[a].values()) for a in keys if a in grid}
    mine = {a: n for a, n in mine.items() if n}
    expected = q["q1"].expected()
    assert dict(expected.astype(int)) == mine
    assert mine, "the question is about something: some key account has whitespace"


def test_first_on_the_cross_sell_list(sample, checked):
    territory, q, grid = checked
    minimum = sample.parameters.whitespace_min_adoption
    seg = kk.segment(sample, territory=territory)
    cross = set(seg.loc[seg["quadrant"].isin(["key", "maintain"]), "account_id"].astype(str))
    totals = {
        a: round(sum(e[1] for e in grid[a].values() if _is_whitespace(e, minimum)), 6)
        for a in cross
        if a in grid and any(_is_whitespace(e, minimum) for e in grid[a].values())
    }
    first = sorted(totals, key=lambda a: (-totals[a], a))[0]
    assert q["q2"].expected() == first
    table = kk.whitespace_totals(sample, territory=territory)
    assert table.loc[table["cross_sell_rank"] == 1, "account_id"].iloc[0] == first


def test_revenue_drops_count(sample, checked):
    territory, q, _ = checked
    drops = _drops(sample, territory)
    assert q["q3"].expected() == len(drops) > 0
    warnings = kk.alerts(sample, territory=territory)
    assert set(warnings.loc[warnings["kind"] == "revenue_drop", "account_id"]) == set(drops)


def test_whitespace_or_not(sample, checked):
    territory, q, grid = checked
    minimum = sample.parameters.whitespace_min_adoption
    q4 = q["q4"]
    rows = q4.rows()
    account = q4.table().iloc[0, 1]
    assert set(rows["family"]) == set(grid[account])  # every family (there are fewer than 9)
    for family, adoption, bought in zip(rows["family"], rows["adoption"], rows["bought"]):
        assert adoption == pytest.approx(grid[account][family][0])
        assert bool(bought) is grid[account][family][2]
    want = [
        "whitespace" if _is_whitespace(grid[account][f], minimum) else "not" for f in rows["family"]
    ]
    assert q4.expected() == want
    assert "whitespace" in want and "not" in want  # a real choice on the sample
    # the account shown: a key account of the territory with whitespace, the most families
    seg = kk.segment(sample, territory=territory).set_index("account_id")
    counts = {
        a: sum(_is_whitespace(e, minimum) for e in grid[a].values())
        for a in seg.index[seg["quadrant"] == "key"]
        if a in grid
    }
    assert seg.at[account, "quadrant"] == "key"
    assert counts[account] == max(counts.values())


def test_biggest_fall(sample, checked):
    territory, q, _ = checked
    drops = _drops(sample, territory)
    biggest = max(drops, key=lambda a: (drops[a][1] - drops[a][0], [-ord(c) for c in a]))
    recent, earlier = drops[biggest]
    assert q["q5"].expected() == pytest.approx(earlier - recent, rel=1e-9)
    shown = q["q5"].table()
    assert shown.iloc[0, 0] == biggest
    assert shown.iloc[0, 1] == kk.format_money(recent, "BRL", "en", decimals=0)
    assert shown.iloc[0, 2] == kk.format_money(earlier, "BRL", "en", decimals=0)


def test_who_lapsed_more(sample, checked):
    territory, q, _ = checked
    year_ago = _minus_months(_day(sample.as_of), 12)
    then = _stages(sample, as_of=pd.Timestamp(year_ago), territory=territory)
    buyers = [a for a, s in then.items() if s in BUYING]
    warned = set(_drops(sample, territory, as_of=pd.Timestamp(year_ago)))
    overdue = kk.alerts(sample, as_of=pd.Timestamp(year_ago), territory=territory)
    warned |= set(overdue.loc[overdue["kind"] == "overdue", "account_id"])  # tested elsewhere
    now = _stages(sample, territory=territory)
    yes = [a for a in buyers if a in warned]
    no = [a for a in buyers if a not in warned]
    share_yes = sum(now[a] == "lapsed" for a in yes) / len(yes)
    share_no = sum(now[a] == "lapsed" for a in no) / len(no)
    want = "c" if abs(share_yes - share_no) < 0.01 else ("a" if share_yes > share_no else "b")
    assert q["q6"].expected() == want
    assert q["q6"].shares() == pytest.approx((share_yes, share_no, len(yes), len(no)))


# --------------------------------------------------------------------------------------------
# the set, in both languages


def test_the_set_has_both_tracks_and_speaks_portuguese(sample):
    s = ex10.EXERCISES
    assert s.number == 10 and s.lesson == "10_whitespace_and_early_warning"
    tracks = [q.track for q in s.questions]
    assert tracks.count("analyst") >= 3
    checked = [q for q in s.questions if q.track == "salesperson" and q.variables]
    assert len(checked) >= 3 and {q.kind for q in s.questions} >= {"code", "no_code", "thinking"}
    assert not s.missing_portuguese()
    ex10.setup(sample.with_parameters(language="pt-BR"), territory="Sul")
    try:
        q4, q5, q6 = ex10.q4.table(), ex10.q5.table(), ex10.q6.table()
        assert list(q4.columns) == [
            "linha",
            "conta",
            "família",
            "adoção entre os pares",
            "a conta comprou?",
        ]
        assert set(q4["a conta comprou?"]) <= {"sim", "não"}
        assert all(v.endswith("%") for v in q4["adoção entre os pares"])
        assert all(v.startswith("R$ ") for v in q5["últimos 3 meses"])
        assert list(q6["um ano atrás"]) == ["com alerta", "sem alerta"]
        assert "," in q6["inativas hoje"].iloc[0]  # 11,9%
    finally:
        ex10.setup(sample, territory="Sul", language="en")


@pytest.mark.parametrize("folder", ["exercises", "exercises/pt-BR"])
def test_the_notebooks_exist_with_every_question(folder):
    source = exercise_notebook_source(folder, "10_whitespace_and_early_warning", ex10)
    if folder.endswith("pt-BR"):
        assert 'language="pt-BR"' in source and "Oportunidades de mix" in source
