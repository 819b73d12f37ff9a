"""The account-plan analytics (kamkit.analysis.plans) against an independent calculation.

The reference below walks the contacts, plans and actions row by row in plain Python (dates
as ``datetime.date``, names folded by hand); it uses none of the library's helpers. The
account's gap comes from ``kk.segment`` (checked against its own reference elsewhere).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

import kamkit as kk
from kamkit.core.errors import KamkitError
from kamkit.model.market import Market

HALF_CENT = 0.005

#: The tables the markets below type by hand: their columns, and those that hold dates.
TYPED = {
    "sales": (["account_id", "date", "amount"], []),
    "contacts": (["account_id", "name", "role", "influence", "relationship", "last_contact"], [5]),
    "plans": (["account_id", "objective", "target", "review_date"], [3]),
    "actions": (["account_id", "action", "owner", "due_date", "status", "contact"], [3]),
}


def typed(table: str, rows: list[tuple]) -> pd.DataFrame:
    """``rows`` of ``table`` as typed by hand (a date as text, a blank as None): its columns of
    ``TYPED``, the dates of the plan tables as dates."""
    columns, dates = TYPED[table]
    frame = pd.DataFrame(rows, columns=columns)
    for k in dates:
        frame[columns[k]] = pd.to_datetime(frame[columns[k]])
    return frame


# --------------------------------------------------------------------------------------------
# the independent calculation


def _blank(value) -> bool:
    if value is None or value is pd.NaT or value is pd.NA:
        return True
    if isinstance(value, float) and value != value:
        return True
    return isinstance(value, str) and value.strip() == ""


def _day(value):
    return None if _blank(value) or pd.isna(value) else pd.Timestamp(value).date()


def _name(value) -> str:
    return "" if _blank(value) else " ".join(str(value).split()).lower()


def _rows(frame: pd.DataFrame) -> list[dict]:
    return [dict(zip(frame.columns, values)) for values in frame.itertuples(index=False)]


def _is_open(status) -> bool:
    return _blank(status) or status in ("open", "in_progress")


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    next_first = dt.date(year + (month == 12), month % 12 + 1, 1)
    last = (next_first - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last))


def expected_map(market: Market, as_of: dt.date, account=None) -> list[tuple]:
    actions = _rows(market.actions)
    influence_rank = ["decision_maker", "influencer", "buyer", "user", "gatekeeper"]
    out = []
    for c in _rows(market.contacts):
        if account is not None and c["account_id"] != account:
            continue
        last = _day(c["last_contact"])
        days = float((as_of - last).days) if last else float("nan")
        naming = [
            a
            for a in actions
            if a["account_id"] == c["account_id"]
            and _is_open(a["status"])
            and _name(a["contact"]) == _name(c["name"])
            and _name(c["name"])
        ]
        rank = influence_rank.index(c["influence"]) if c["influence"] in influence_rank else 5
        out.append(
            (
                (c["account_id"], rank, _name(c["name"])),
                (c["account_id"], c["name"], c["influence"], c["relationship"], days, len(naming)),
            )
        )
    out.sort(key=lambda item: item[0])
    return [row for _, row in out]


def planned(market: Market) -> list[str]:
    codes = set()
    for frame in (market.contacts, market.plans, market.actions):
        codes |= {a for a in frame["account_id"] if not _blank(a)}
    return sorted(codes)


def expected_gaps(market: Market, as_of: dt.date) -> list[tuple]:
    contacts = _rows(market.contacts)
    rows = []
    for account in planned(market):
        mine = [c for c in contacts if c["account_id"] == account]
        # the map's order within the account: influence, then name
        mine = [c for c in expected_map(market, as_of, account)]
        if not mine:
            rows.append((account, "no_contacts", ""))
            continue
        deciders = [c for c in mine if c[2] == "decision_maker"]
        if not deciders:
            rows.append((account, "no_decision_maker", ""))
        rows += [(account, "decision_maker_critic", c[1]) for c in deciders if c[3] == "critic"]
        if not any(c[3] in ("advocate", "supporter") for c in mine):
            rows.append((account, "no_supporter", ""))
        if len(mine) == 1:
            rows.append((account, "single_contact", mine[0][1]))
        for c in deciders:
            if c[4] != c[4] or c[4] > 90:
                rows.append((account, "stale_decision_maker", c[1]))
    return rows


def expected_open(market: Market, as_of: dt.date) -> list[tuple]:
    rows = []
    for k, a in enumerate(_rows(market.actions)):
        if not _is_open(a["status"]):
            continue
        due = _day(a["due_date"])
        late = due is not None and due < as_of
        days = (as_of - due).days if late else 0
        status = "open" if _blank(a["status"]) else a["status"]
        key = (a["account_id"], due is None, due or dt.date.min, k)
        rows.append((key, (a["account_id"], a["action"], status, late, days)))
    rows.sort(key=lambda item: item[0])
    return [row for _, row in rows]


def expected_problems(market: Market, as_of: dt.date) -> list[tuple]:
    gap = {
        a: g
        for a, g in zip(
            kk.segment(market, as_of=as_of)["account_id"], kk.segment(market, as_of=as_of)["gap"]
        )
    }
    text = lambda v: "" if _blank(v) else str(v)  # noqa: E731
    above_gap, review_overdue = [], []
    for p in _rows(market.plans):
        g = gap[p["account_id"]]
        if not _blank(p["target"]) and g == g and p["target"] > g + HALF_CENT:
            above_gap.append((p["account_id"], "target_above_gap", text(p["objective"])))
        review = _day(p["review_date"])
        if review is not None and review < as_of:
            review_overdue.append((p["account_id"], "review_overdue", text(p["objective"])))
    actions = _rows(market.actions)
    no_action = []
    for c in _rows(market.contacts):
        if c["influence"] != "decision_maker":
            continue
        named = any(
            a["account_id"] == c["account_id"]
            and _is_open(a["status"])
            and _name(a["contact"]) == _name(c["name"])
            for a in actions
        )
        if not named:
            no_action.append((c["account_id"], "decision_maker_without_action", text(c["name"])))
    no_owner, no_due, overdue, beyond = [], [], [], []
    limit = _add_months(as_of, 3)
    for a in actions:
        if not _is_open(a["status"]):
            continue
        what = text(a["action"])
        if _blank(a["owner"]):
            no_owner.append((a["account_id"], "action_without_owner", what))
        due = _day(a["due_date"])
        if due is None:
            no_due.append((a["account_id"], "action_without_due_date", what))
            continue
        if due < as_of:
            overdue.append((a["account_id"], "overdue_action", what))
        if due > limit:
            beyond.append((a["account_id"], "due_beyond_quarter", what))
    # per account the problems in the order the lesson lists them, within one the loaded order
    found = above_gap + no_action + no_owner + no_due + overdue + beyond + review_overdue
    return sorted(found, key=lambda r: r[0])


# --------------------------------------------------------------------------------------------
# markets


def random_market(seed: int) -> Market:
    """Accounts in 2 territories with sales, and contacts, plans and actions typed by hand:
    blank influences, relationships, dates, owners and statuses, names in odd case and
    spacing, actions naming no one or someone unknown."""
    rng = np.random.default_rng(seed)
    n = int(rng.integers(8, 25))
    ids = [f"C{i:03d}" for i in range(n)]
    accounts = pd.DataFrame(
        {
            "account_id": ids,
            "name": [f"Conta {i}" for i in range(n)],
            "territory": rng.choice(["Sul", "Norte"], n),
            "segment": "X",
            "potential": rng.choice([np.nan, 6000.0, 30000.0, 90000.0], n),
        }
    )
    start = pd.Timestamp("2025-01-01")
    sales = typed(
        "sales",
        [
            (a, start + pd.Timedelta(days=int(rng.integers(0, 600))), float(rng.gamma(2, 900)))
            for a in ids
            for _ in range(int(rng.integers(0, 12)))
        ]
        or [(ids[0], start, 1.0)],
    )
    people = ["Ana Souza", "Bruno Lima", "Carla Dias", "Davi Rocha", "Eva Nunes"]
    influences = ["decision_maker", "influencer", "buyer", "user", "gatekeeper", None]
    relations = ["advocate", "supporter", "neutral", "critic", None]
    as_of = pd.Timestamp("2026-08-20")

    def date(p_blank=0.2):
        if rng.random() < p_blank:
            return None
        return as_of + pd.Timedelta(days=int(rng.integers(-400, 200)))

    contacts, plans, actions = [], [], []
    for a in rng.choice(ids, max(1, n // 2), replace=False):
        for person in rng.choice(people, int(rng.integers(0, 5)), replace=False):
            contacts.append(
                (a, person, "cargo", rng.choice(influences), rng.choice(relations), date())
            )
        for k in range(int(rng.integers(0, 3))):
            target = None if rng.random() < 0.2 else float(rng.choice([500, 5000, 50000, 2e5]))
            plans.append((a, f"objetivo {k}", target, date()))
        for k in range(int(rng.integers(0, 5))):
            who = rng.choice([*people, "Ninguém", None])
            if who and rng.random() < 0.3:
                who = "  " + who.upper() + " "
            actions.append(
                (
                    a,
                    f"ação {k}",
                    None if rng.random() < 0.2 else "Ana",
                    date(),
                    rng.choice(["open", "in_progress", "done", "cancelled", None]),
                    who,
                )
            )
    for extra in rng.choice(ids, 2):  # accounts with only actions or only plans
        actions.append((extra, "ligar", "Bia", date(0), None, None))
    return Market.from_frames(
        sales,
        accounts,
        contacts=typed("contacts", contacts),
        plans=typed("plans", plans),
        actions=typed("actions", actions),
        parameters={"as_of": as_of.date()},
    )


def hand_market() -> Market:
    """A market worked out by hand. as_of 2026-06-30, window Jul 2025 .. Jun 2026.

    - K1 potential 12,000, revenue 2,000: gap 10,000. Contacts: Rita (decision maker, critic,
      last contact 2026-01-15: 166 days: stale), Paulo (influencer, supporter, 2026-06-20).
      Plan: target 12,000 (above the gap), review 2026-06-01 (overdue). Actions: one open
      naming " rita " (case and spaces), due 2026-06-10 (overdue by 20 days), owner blank;
      one done, due 2026-01-01 (closed: not overdue); one blank status due 2026-10-15 (beyond
      2026-09-30); one in_progress without a due date.
    - K2: contacts only: one user, neutral, no last contact (single contact, no decision
      maker, no supporter).
    - K3: a plan without a target; no potential (no gap); no contacts.
    - K4: not planned (nothing in the plan tables); a cancelled action on K4? No: K4 has none.
    """
    accounts = pd.DataFrame(
        {
            "account_id": ["K1", "K2", "K3", "K4"],
            "name": ["Alfa <b>", "Beta", "Gama", "Delta"],
            "territory": ["Sul", "Sul", "Norte", "Norte"],
            "segment": "X",
            "potential": [12000.0, 5000.0, np.nan, 3000.0],
        }
    )
    sales = typed(
        "sales",
        [
            ("K1", "2026-03-10", 1500.0),
            ("K1", "2026-05-10", 500.0),
            ("K2", "2026-02-01", 100.0),
            ("K4", "2025-02-01", 100.0),
        ],
    )
    contacts = typed(
        "contacts",
        [
            ("K1", "Rita", "Diretora", "decision_maker", "critic", "2026-01-15"),
            ("K1", "Paulo", "Engenheiro", "influencer", "supporter", "2026-06-20"),
            ("K2", "Zé", None, "user", "neutral", None),
        ],
    )
    plans = typed(
        "plans",
        [
            ("K1", "Dobrar EPI", 12000.0, "2026-06-01"),
            ("K3", "Abrir conta", None, None),
        ],
    )
    actions = typed(
        "actions",
        [
            ("K1", "Apresentar proposta", None, "2026-06-10", "open", " rita "),
            ("K1", "Visita técnica", "Ana", "2026-01-01", "done", "Rita"),
            ("K1", "Workshop", "Ana", "2026-10-15", None, "Paulo"),
            ("K1", "Amostras", "Ana", None, "in_progress", None),
        ],
    )
    return Market.from_frames(
        sales,
        accounts,
        contacts=contacts,
        plans=plans,
        actions=actions,
        parameters={"as_of": "2026-06-30", "lookback_months": 12},
    )


# --------------------------------------------------------------------------------------------
# by hand


def test_relationship_map_by_hand():
    m = hand_market()
    got = kk.relationship_map(m)
    # the contacts table's columns, then the map's two figures
    assert list(got.columns) == [*TYPED["contacts"][0], "days_since_contact", "open_actions"]
    assert got["name"].tolist() == ["Rita", "Paulo", "Zé"]
    assert got["days_since_contact"].iloc[0] == 166  # 2026-01-15 .. 2026-06-30
    assert got["days_since_contact"].iloc[1] == 10
    assert np.isnan(got["days_since_contact"].iloc[2])
    # Rita: the open action naming " rita " counts, the done one does not
    assert got["open_actions"].tolist() == [1, 1, 0]
    one = kk.relationship_map(m, "K2")
    assert one["name"].tolist() == ["Zé"]


def test_relationship_gaps_by_hand():
    got = kk.relationship_gaps(hand_market())
    assert [tuple(r) for r in got.itertuples(index=False)] == [
        ("K1", "decision_maker_critic", "Rita"),
        ("K1", "stale_decision_maker", "Rita"),
        ("K2", "no_decision_maker", ""),
        ("K2", "no_supporter", ""),
        ("K2", "single_contact", "Zé"),
        ("K3", "no_contacts", ""),
    ]
    # K4 is not planned: no row; a territory keeps its own accounts
    assert kk.relationship_gaps(hand_market(), territory="Norte")["account_id"].tolist() == ["K3"]


def test_open_actions_by_hand():
    got = kk.open_actions(hand_market())
    assert got["action"].tolist() == ["Apresentar proposta", "Workshop", "Amostras"]
    assert got["status"].tolist() == ["open", "open", "in_progress"]  # blank is open
    assert got["overdue"].tolist() == [True, False, False]
    assert got["days_overdue"].tolist() == [20, 0, 0]  # 2026-06-10 .. 2026-06-30


def test_plan_problems_by_hand():
    got = kk.plan_problems(hand_market())
    assert [tuple(r) for r in got.itertuples(index=False)] == [
        ("K1", "target_above_gap", "Dobrar EPI"),  # 12,000 > gap 10,000
        ("K1", "action_without_owner", "Apresentar proposta"),
        ("K1", "action_without_due_date", "Amostras"),
        ("K1", "overdue_action", "Apresentar proposta"),
        ("K1", "due_beyond_quarter", "Workshop"),  # after 2026-09-30
        ("K1", "review_overdue", "Dobrar EPI"),
    ]
    # Rita is named by an open action (" rita "): no decision_maker_without_action.
    # A target equal to the gap, and one half a cent above it, are within the gap.
    m = hand_market()
    gap = float(kk.segment(m).set_index("account_id").loc["K1", "gap"])
    assert gap == pytest.approx(10000.0)
    for target, flagged in ((gap, False), (gap + 0.004, False), (gap + 0.01, True)):
        plans = m.plans.assign(target=[target, np.nan])
        m2 = Market.from_frames(
            m.sales,
            m.accounts,
            contacts=m.contacts,
            plans=plans,
            actions=m.actions,
            parameters={"as_of": "2026-06-30"},
        )
        problems = kk.plan_problems(m2)["problem"].tolist()
        assert ("target_above_gap" in problems) is flagged


def test_decision_maker_without_action_when_only_closed_actions_name_them():
    m = hand_market()
    actions = m.actions.assign(status=["done", "done", "cancelled", "done"])
    m2 = Market.from_frames(
        m.sales,
        m.accounts,
        contacts=m.contacts,
        plans=m.plans,
        actions=actions,
        parameters={"as_of": "2026-06-30"},
    )
    got = kk.plan_problems(m2)
    assert [tuple(r) for r in got.itertuples(index=False)] == [
        ("K1", "target_above_gap", "Dobrar EPI"),
        ("K1", "decision_maker_without_action", "Rita"),
        ("K1", "review_overdue", "Dobrar EPI"),
    ]
    assert kk.open_actions(m2).empty
    assert kk.relationship_map(m2)["open_actions"].tolist() == [0, 0, 0]


def test_account_plan_by_hand():
    plan = kk.account_plan(hand_market(), "K1")
    assert plan.account_id == "K1" and plan.name == "Alfa <b>"
    assert plan.account["gap"] == pytest.approx(10000.0)
    # stage history: the 8 quarter ends before 2026-06-30, then 2026-06-30 itself
    assert [d.date().isoformat() for d in plan.stages["as_of"]] == [
        "2024-06-30",
        "2024-09-30",
        "2024-12-31",
        "2025-03-31",
        "2025-06-30",
        "2025-09-30",
        "2025-12-31",
        "2026-03-31",
        "2026-06-30",
    ]
    assert plan.stages["stage"].astype(str).tolist()[-3:] == [
        "untouched",
        "occasional",
        "occasional",
    ]
    assert plan.stages["revenue"].tolist()[-2:] == [1500.0, 2000.0]
    assert plan.objectives["within_gap"].tolist() == [False]
    assert plan.objectives["gap"].tolist() == pytest.approx([10000.0])
    assert plan.actions["action"].tolist() == [
        "Visita técnica",
        "Apresentar proposta",
        "Workshop",
        "Amostras",
    ]
    assert plan.actions["overdue"].tolist() == [False, True, False, False]  # done: never
    assert plan.contacts["name"].tolist() == ["Rita", "Paulo"]
    assert plan.gaps["gap"].tolist() == ["decision_maker_critic", "stale_decision_maker"]
    assert len(plan.problems) == 6
    # an account without a gap and a target-less objective: within_gap is NA
    k3 = kk.account_plan(hand_market(), "K3")
    assert k3.objectives["within_gap"].isna().all()
    assert k3.gaps["gap"].tolist() == ["no_contacts"]
    # an account that is not planned: empty tables, its facts and history still there
    k4 = kk.account_plan(hand_market(), "K4")
    assert k4.contacts.empty and k4.gaps.empty and k4.objectives.empty and k4.actions.empty
    assert k4.stages["stage"].astype(str).iloc[-1] == "lapsed"


def test_stage_history_is_segment_at_each_date():
    m = random_market(3)
    code = m.accounts["account_id"].iloc[0]
    plan = kk.account_plan(m, code)
    for date, stage, revenue in zip(
        plan.stages["as_of"], plan.stages["stage"], plan.stages["revenue"]
    ):
        row = kk.segment(m, as_of=date).set_index("account_id").loc[code]
        assert (str(stage), revenue) == (str(row["stage"]), pytest.approx(row["revenue"]))
        assert date == pd.Timestamp(date).to_period("Q").end_time.normalize() or date == m.as_of


def test_unknown_account_has_a_did_you_mean():
    with pytest.raises(KamkitError) as caught:
        kk.account_plan(hand_market(), "K11")
    assert "'K11'" in caught.value.text("en") and "Did you mean 'K1'" in caught.value.text("en")
    assert "Você quis dizer 'K1'" in caught.value.text("pt-BR")
    with pytest.raises(KamkitError):
        kk.relationship_map(hand_market(), "nope")
    with pytest.raises(KamkitError):
        kk.relationship_gaps(hand_market(), territory="Sull")


def test_empty_plan_tables():
    m = hand_market()
    bare = Market.from_frames(m.sales, m.accounts, parameters={"as_of": "2026-06-30"})
    for function in (kk.relationship_map, kk.relationship_gaps, kk.open_actions, kk.plan_problems):
        got = function(bare)
        assert got.empty, function.__name__
    assert list(kk.relationship_gaps(bare).columns) == ["account_id", "gap", "detail"]
    assert list(kk.plan_problems(bare).columns) == ["account_id", "problem", "detail"]


# --------------------------------------------------------------------------------------------
# random markets against the reference


@pytest.mark.parametrize("seed", range(12))
def test_random_markets_against_reference(seed):
    m = random_market(seed)
    as_of = m.as_of.date()
    got = kk.relationship_map(m)
    want = expected_map(m, as_of)
    have = [
        (r.account_id, r.name, r.influence, r.relationship, r.days_since_contact, r.open_actions)
        for r in got.itertuples(index=False)
    ]
    assert len(have) == len(want)
    for h, w in zip(have, want):
        assert h[:4] == w[:4] and h[5] == w[5]
        assert (h[4] != h[4] and w[4] != w[4]) or h[4] == w[4]
    assert [tuple(r) for r in kk.relationship_gaps(m).itertuples(index=False)] == expected_gaps(
        m, as_of
    )
    opened = kk.open_actions(m)
    assert [
        (r.account_id, r.action, r.status, r.overdue, r.days_overdue)
        for r in opened.itertuples(index=False)
    ] == expected_open(m, as_of)
    assert [tuple(r) for r in kk.plan_problems(m).itertuples(index=False)] == expected_problems(
        m, as_of
    )


@pytest.mark.parametrize("seed", range(4))
def test_account_plans_agree_with_the_tables(seed):
    m = random_market(seed)
    codes = planned(m)
    plans = kk.account_plans(m, codes)
    gaps, problems, contacts = kk.relationship_gaps(m), kk.plan_problems(m), kk.relationship_map(m)
    spaces = kk.whitespace(m)
    for plan in plans:
        code = plan.account_id
        for part, table in (
            (plan.gaps, gaps),
            (plan.problems, problems),
            (plan.contacts, contacts),
            (plan.whitespace, spaces),
        ):
            pd.testing.assert_frame_equal(
                part, table[table["account_id"] == code].reset_index(drop=True)
            )
        mine = [a for a in _rows(m.actions) if a["account_id"] == code]
        assert len(plan.actions) == len(mine)
        targets = [p["target"] for p in _rows(m.plans) if p["account_id"] == code]
        gap = plan.account["gap"]
        for target, within in zip(targets, plan.objectives["within_gap"]):
            if _blank(target) or gap != gap:
                assert within is pd.NA
            else:
                assert bool(within) == (target <= gap + HALF_CENT)


def test_as_of_override_moves_every_date():
    m = hand_market()
    later = kk.open_actions(m, as_of="2026-07-10")
    assert later["days_overdue"].tolist()[0] == 30
    assert kk.relationship_map(m, as_of="2026-07-01")["days_since_contact"].iloc[1] == 11


@pytest.mark.parametrize("seed", range(6))
def test_plan_summary_against_reference(seed):
    m = random_market(seed)
    as_of = m.as_of.date()
    got = kk.plan_summary(m)
    assert got["account_id"].tolist() == planned(m)
    gaps, problems = expected_gaps(m, as_of), expected_problems(m, as_of)
    opened = expected_open(m, as_of)
    gap = dict(zip(kk.segment(m)["account_id"], kk.segment(m)["gap"]))
    for row in got.itertuples(index=False):
        a = row.account_id
        targets = [p["target"] for p in _rows(m.plans) if p["account_id"] == a]
        given = [t for t in targets if not _blank(t)]
        assert row.objectives == len(targets)
        assert (np.isnan(row.total_target) and not given) or row.total_target == pytest.approx(
            sum(given)
        )
        assert (np.isnan(row.gap) and gap[a] != gap[a]) or row.gap == gap[a]
        assert row.open_actions == sum(1 for o in opened if o[0] == a)
        assert row.overdue_actions == sum(1 for o in opened if o[0] == a and o[3])
        assert row.gaps == tuple(g[1] for g in gaps if g[0] == a)
        assert row.problems == tuple(p[1] for p in problems if p[0] == a)
    sul = kk.plan_summary(m, territory="Sul")
    in_sul = set(m.accounts.loc[m.accounts["territory"] == "Sul", "account_id"])
    assert sul["account_id"].tolist() == [a for a in planned(m) if a in in_sul]


def test_account_plan_repr_is_one_line_in_the_markets_language():
    m = hand_market()
    assert repr(kk.account_plan(m, "K1")) == (
        "<AccountPlan K1 Alfa <b> as of 2026-06-30: contacts 2, gaps 2, objectives 1, "
        "actions 4, problems 6>"
    )
    pt = kk.account_plan(m.with_parameters(language="pt-BR"), "K3")
    assert repr(pt) == (
        "<Plano de conta K3 Gama em 30/06/2026: contatos 0, lacunas 1, objetivos 1, ações 0, "
        "problemas 0>"
    )


def test_account_plan_in_a_notebook_shows_the_plan_in_short():
    m = hand_market().with_parameters(language="pt-BR")
    page = kk.account_plan(m, "K1")._repr_html_()
    assert "Plano de conta: Alfa &lt;b&gt; (K1)" in page  # the name escaped
    assert "espaço a conquistar: <b>R$ 10.000,00</b>" in page
    assert page.count("<li>") == 2 + 6  # the gaps and the problems, in words
    assert "um decisor é crítico: Rita" in page and "atrasada há 20 dias" in page
    k3 = kk.account_plan(m, "K3")._repr_html_()
    gap = kk.segment(m).set_index("account_id").at["K3", "gap"]  # an estimated potential's
    assert f"<b>{kk.format_money(gap, 'BRL', 'pt-BR')}</b>" in k3
    assert "Nenhum problema encontrado no plano." in k3
