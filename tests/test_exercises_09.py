"""The exercises of lesson 9 (kamkit.exercises.ex09): every expected answer recomputed here by
hand -- the window revenue from the sales lines, the gap, the quarter by month arithmetic, the
plan's checks (the objective at most the gap, every decision maker with an open action, due dates
within the quarter, owners) -- on the sample market in two territories; wrong plans caught by
both routes, kk.plan_problems and the hand checks; the no-code tables in both languages.

The potential of each account and the order of the pursuit list are kk.segment's and
kk.pursuit_list's, tested elsewhere; the rest is here.
"""

import datetime as dt
from collections import defaultdict
from pathlib import Path

import by_hand
import pandas as pd
import pytest
from participant import exercise_notebook_source

import kamkit as kk
from kamkit.exercises import ex09

ROOT = Path(__file__).resolve().parents[1]
OPEN = ("open", "in_progress")
CENT = 0.005


@pytest.fixture(scope="module")
def sample():
    return kk.load_sample()


# --------------------------------------------------------------------------------------------
# the independent calculation


_day, _month_index = by_hand.day, by_hand.month_index


def _plus_months(day: dt.date, months: int) -> dt.date:
    return by_hand.add_months(day, months)


def _window_revenue(market) -> dict:
    """Net revenue per account of the lookback_months calendar months ending with as_of's
    month, dates up to as_of, walked line by line."""
    as_of = _day(market.as_of)
    first = _month_index(as_of) - (market.parameters.lookback_months - 1)
    out = defaultdict(float)
    for account, date, amount in zip(
        market.sales["account_id"].astype(str), market.sales["date"], market.sales["amount"]
    ):
        if pd.isna(date):
            continue
        day = _day(date)
        if day <= as_of and _month_index(day) >= first:
            out[account] += float(amount)
    return out


def _gap(market, account: str) -> float:
    potential = kk.segment(market).set_index("account_id").at[account, "potential"]
    return max(float(potential) - _window_revenue(market)[account], 0.0)


def _blank(value) -> bool:
    return value is None or (isinstance(value, float) and value != value) or not str(value).strip()


def _faults(market, account: str) -> set:
    """The checks of a plan, by hand: target_above_gap, decision_maker_without_action,
    action_without_owner, action_without_due_date, overdue_action, due_beyond_quarter."""
    as_of = _day(market.as_of)
    quarter_end = _plus_months(as_of, 3)
    gap = _gap(market, account)
    found = set()
    for acc, target in zip(market.plans["account_id"].astype(str), market.plans["target"]):
        if acc == account and not _blank(target) and float(target) > gap + CENT:
            found.add("target_above_gap")
    named = set()
    for row in market.actions.itertuples(index=False):
        if str(row.account_id) != account:
            continue
        status = "open" if _blank(row.status) else str(row.status)
        if _blank(row.owner):
            found.add("action_without_owner")
        if _blank(row.due_date):
            found.add("action_without_due_date")
        if status not in OPEN:
            continue
        if not _blank(row.contact):
            named.add(str(row.contact).strip())
        if not _blank(row.due_date):
            due = _day(row.due_date)
            if due < as_of:
                found.add("overdue_action")
            if due > quarter_end:
                found.add("due_beyond_quarter")
    for acc, name, influence in zip(
        market.contacts["account_id"].astype(str),
        market.contacts["name"],
        market.contacts["influence"].astype(object),
    ):
        if acc == account and influence == "decision_maker" and str(name).strip() not in named:
            found.add("decision_maker_without_action")
    return found


def _kamkit_faults(market, account: str) -> set:
    problems = kk.plan_problems(market)
    checked = {
        "target_above_gap",
        "decision_maker_without_action",
        "action_without_owner",
        "action_without_due_date",
        "overdue_action",
        "due_beyond_quarter",
    }
    return set(problems.loc[problems["account_id"].astype(str) == account, "problem"]) & checked


# --------------------------------------------------------------------------------------------
# the expected answers, on the sample


@pytest.fixture(scope="module", params=["Sul", "Nordeste"])
def checked(request, sample):
    territory = request.param
    ex09.setup(sample, territory=territory, language="en")
    yield territory, {q.name: q for q in ex09.EXERCISES.questions}
    ex09.setup(sample, territory="Sul", language="en")


def test_the_first_gaps(sample, checked):
    territory, q = checked
    first = kk.pursuit_list(sample, territory=territory, top=5)
    want = {a: _gap(sample, a) for a in first["account_id"]}
    got = q["q1"].expected()
    assert list(got.index) == list(want)
    assert got.to_numpy() == pytest.approx(list(want.values()), abs=0.01)
    assert first["gap"].to_numpy() == pytest.approx(list(want.values()), abs=0.01)
    # the potential mistake is a real mistake: one of the five already buys something
    assert (first["potential"] - first["gap"]).abs().max() > 1


def test_the_reference_plan_passes_by_both_routes(sample, checked):
    territory, q = checked
    q2 = q["q2"]
    (plan,) = q2.run(q2._solution)
    account = str(kk.pursuit_list(sample, territory=territory)["account_id"].iloc[0])
    assert (plan.plans["account_id"] == account).sum() == 1
    assert (plan.actions["account_id"] == account).sum() >= 1
    assert _faults(plan, account) == set() == _kamkit_faults(plan, account)
    assert q2.outcome(my_plan=plan).kind == "correct"
    # every decision maker of the account has an action naming them
    deciders = plan.contacts.loc[
        (plan.contacts["account_id"] == account) & (plan.contacts["influence"] == "decision_maker"),
        "name",
    ]
    assert set(deciders) <= set(plan.actions["contact"].dropna())


def _plan(market, account, *, target, due, owner="Ana", decider="Dona Teresa", named=True):
    """A plan of ``account`` on ``market`` with one decision maker (Dona Teresa), one
    objective and two actions, written with the Portuguese words a participant may use."""
    contacts = pd.DataFrame(
        {
            "conta": [account, account],
            "nome": [decider, "Seu Jorge"],
            "cargo": ["Diretora Industrial", "Compras"],
            "influência": ["Decisor", "comprador"],
            "relacionamento": ["neutro", "apoiador"],
        }
    )
    plans = pd.DataFrame(
        {
            "conta": [account],
            "objetivo": ["Primeiro pedido"],
            "meta": [target],
            "data de revisão": [market.as_of + pd.DateOffset(months=1)],
        }
    )
    actions = pd.DataFrame(
        {
            "conta": [account, account],
            "ação": ["Reunião com a diretora", "Enviar orçamento"],
            "responsável": [owner, owner],
            "prazo": [due, market.as_of + pd.DateOffset(weeks=2)],
            "situação": ["aberta", "em andamento"],
            "contato": [decider if named else "", "Seu Jorge"],
        }
    )
    return market.with_tables(contacts=contacts, plans=plans, actions=actions)


@pytest.fixture(scope="module")
def first(sample):
    """The set on Sul; the first account of its pursuit list and its gap."""
    ex09.setup(sample, territory="Sul", language="en")
    account = str(kk.pursuit_list(sample, territory="Sul")["account_id"].iloc[0])
    return account, _gap(sample, account)


def test_a_good_hand_written_plan_passes(sample, first):
    account, gap = first
    plan = _plan(sample, account, target=gap, due=sample.as_of + pd.DateOffset(months=3))
    # the target equal to the gap and the last day of the quarter are still within
    assert _faults(plan, account) == set() == _kamkit_faults(plan, account)
    assert ex09.q2.outcome(my_plan=plan).kind == "correct"


@pytest.mark.parametrize(
    "wrong, fault, words",
    [
        ({"target": "gap+1"}, "target_above_gap", "above its gap"),
        ({"named": False}, "decision_maker_without_action", "decision maker"),
        ({"due": "quarter+1"}, "due_beyond_quarter", "after the quarter"),
        ({"due": "yesterday"}, "overdue_action", "due before today"),
        ({"owner": ""}, "action_without_owner", "without an owner"),
    ],
)
def test_a_wrong_plan_is_caught_by_both_routes(sample, first, wrong, fault, words):
    account, gap = first
    settings = {"target": round(gap / 10), "due": sample.as_of + pd.DateOffset(weeks=3)}
    settings.update(wrong)
    if settings["target"] == "gap+1":
        settings["target"] = gap + 1
    if settings["due"] == "quarter+1":
        settings["due"] = pd.Timestamp(_plus_months(_day(sample.as_of), 3)) + pd.Timedelta(days=1)
    if settings["due"] == "yesterday":
        settings["due"] = sample.as_of - pd.Timedelta(days=1)
    plan = _plan(sample, account, **settings)
    assert _faults(plan, account) == {fault} == _kamkit_faults(plan, account)
    feedback = ex09.q2.outcome(my_plan=plan)
    assert feedback.kind == "incorrect" and "`my_plan`" in feedback.text
    assert words in feedback.text and account in feedback.text


def test_what_is_not_a_plan_is_said_so(sample, first):
    account, _ = first
    q2 = ex09.q2
    assert "should be the market with your plan" in q2.outcome(my_plan=42).text
    empty = sample.with_tables(plans=pd.DataFrame({"account_id": [], "objective": []}))
    assert "has no objective for " + account in q2.outcome(my_plan=empty).text
    objective = pd.DataFrame({"account_id": [account], "objective": ["x"], "target": [1.0]})
    no_actions = sample.with_tables(
        plans=objective, actions=pd.DataFrame({"account_id": [], "action": []})
    )
    assert "has no action for " + account in q2.outcome(my_plan=no_actions).text
    with ex09.EXERCISES.using(sample, territory="Sul", language="pt-BR"):
        assert "não tem objetivo para " + account in ex09.q2.outcome(my_plan=empty).text


def test_the_overdue_actions(sample, checked):
    territory, q = checked
    mine = set(kk.segment(sample, territory=territory)["account_id"].astype(str))
    as_of = _day(sample.as_of)
    late = 0
    for row in sample.actions.itertuples(index=False):
        status = "open" if _blank(row.status) else row.status
        if str(row.account_id) in mine and status in OPEN and not _blank(row.due_date):
            late += _day(row.due_date) < as_of
    assert q["q3"].expected() == late
    actions = kk.open_actions(sample)
    assert int(actions.loc[actions["account_id"].isin(mine), "overdue"].sum()) == late


def test_the_largest_target(sample, checked):
    territory, q = checked
    pursuit = kk.pursuit_list(sample, territory=territory)
    revenue = _window_revenue(sample)
    buying = [a for a in pursuit["account_id"] if revenue[a] > CENT]
    account = buying[0]
    assert q["q4"].expected() == pytest.approx(_gap(sample, account), abs=0.01)
    shown = q["q4"].table()
    assert shown.iloc[0]["account"] == account
    assert shown.iloc[0]["revenue in the window"] == kk.format_money(
        revenue[account], "BRL", "en", decimals=0
    )


def test_the_draft_plan_sorted(sample, checked):
    territory, q = checked
    q5 = q["q5"]
    draft = q5.draft()
    as_of = _day(sample.as_of)
    quarter_end = _plus_months(as_of, 3)
    want = []
    for owner, due in zip(draft["owner"], draft["due_date"]):
        day = _day(due)
        if _blank(owner):
            want.append("no owner")
        elif day < as_of:
            want.append("overdue")
        elif day > quarter_end:
            want.append("after the quarter")
        else:
            want.append("ok")
    assert q5.expected() == want
    assert set(want) == {"ok", "no owner", "after the quarter", "overdue"}
    shown = q5.table()
    assert list(shown["row"]) == list(range(1, len(want) + 1))
    assert any("quarter:" in c for c in shown.columns)


def test_the_relationship_map_read(sample, checked):
    territory, q = checked
    q6 = q["q6"]
    shown = q6.table()
    account = shown["account"].iloc[0]
    contacts = sample.contacts[sample.contacts["account_id"] == account]
    assert len(shown) == len(contacts) > 0
    deciders = contacts[contacts["influence"] == "decision_maker"]
    if deciders.empty:
        want = "a"
    elif (deciders["relationship"] == "critic").any():
        want = "b"
    elif not contacts["relationship"].isin(["advocate", "supporter"]).any():
        want = "c"
    elif len(contacts) == 1:
        want = "d"
    else:
        want = "e"
    assert q6.expected() == want
    assert want in ("a", "b", "c"), "the sample shows a map with a gap"


# --------------------------------------------------------------------------------------------
# the set, in both languages


def test_the_set_has_both_tracks_and_speaks_portuguese(sample):
    s = ex09.EXERCISES
    assert s.number == 9 and s.lesson == "09_account_plan"
    tracks = [q.track for q in s.questions]
    assert tracks.count("analyst") >= 3
    checked = [q for q in s.questions if q.track == "salesperson" and q.variables]
    assert len(checked) >= 3 and {q.kind for q in s.questions} >= {"code", "no_code", "thinking"}
    assert not s.missing_portuguese()
    with s.using(sample.with_parameters(language="pt-BR"), territory="Sul"):
        q4, q5, q6 = ex09.q4.table(), ex09.q5.table(), ex09.q6.table()
        assert list(q4.columns) == [
            "posição",
            "conta",
            "nome",
            "estágio",
            "potencial",
            "faturamento na janela",
        ]
        assert all(v.startswith("R$ ") for v in q4["potencial"])
        assert list(q5.columns)[:3] == ["linha", "conta", "ação"]
        assert any(c.startswith("prazo (trimestre: ") for c in q5.columns)
        assert "Reunião com o decisor" in set(q5["ação"])
        assert set(q6.columns) == {"conta", "nome", "cargo", "influência", "relacionamento"}
        assert set(q6["influência"]) <= {
            "decisor",
            "influenciador",
            "comprador",
            "usuário",
            "porteiro",
            "—",  # not given: a blank, as kk.format_table shows one
        }
        assert set(q6["relacionamento"]) <= {
            "defensor",
            "apoiador",
            "neutro",
            "crítico",
            "—",
        }
        owners = ex09.q5.draft()["owner"]
        blank = [o for o, a in zip(q5["responsável"], owners) if not isinstance(a, str)]
        assert blank == ["—"]


@pytest.mark.parametrize("folder", ["exercises", "exercises/pt-BR"])
def test_the_notebooks_exist_with_every_question(folder):
    source = exercise_notebook_source(folder, "09_account_plan", ex09)
    if folder.endswith("pt-BR"):
        assert 'language="pt-BR"' in source and "O plano de conta" in source
