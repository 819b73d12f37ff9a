"""Account plans: who is who at an account, what we want from it, and what we will do.

The account-plan tables (``market.contacts``, ``market.plans``, ``market.actions``; see
:mod:`kamkit.core.schema`) are typed by hand by the team. These functions read them against
the rest of the market: the relationship map and its gaps, the open actions, the problems of
the plans (lesson 9's exercises check a participant's plan with :func:`plan_problems`, so its
codes are a contract), and everything about one account in :func:`account_plan`.

Definitions (the only ones kamkit uses)
---------------------------------------
as of
    The analysis date, as for :func:`kamkit.analysis.segmentation.segment` (the ``as_of``
    parameter, else the latest sale or visit date; an ``as_of`` argument overrides it).
planned accounts
    The accounts with at least one row in contacts, plans or actions.
open action
    An action whose status is ``open`` or ``in_progress``; a blank status is ``open``.
    ``done`` and ``cancelled`` actions are closed.
names an action
    An open action *names* a contact when its ``contact`` is the contact's name, in the same
    account, ignoring case and extra spaces (``" ana  souza"`` names ``Ana Souza``).
days since contact
    Whole days from a contact's ``last_contact`` to as_of (negative when it lies after as_of);
    NaN when ``last_contact`` is blank.
overdue
    An open action is overdue when its ``due_date`` is before as_of (the day; a blank due date
    is never overdue). ``days_overdue``: whole days from the due date to as_of, 0 when not
    overdue.
relationship gaps (:data:`GAP_KINDS`), per planned account
    ``no_contacts``: it has no contacts (then no other gap is looked for).
    ``no_decision_maker``: it has contacts, none of them a ``decision_maker``.
    ``decision_maker_critic``: one per decision maker whose relationship is ``critic``.
    ``no_supporter``: it has contacts, none of them an ``advocate`` or a ``supporter``.
    ``single_contact``: exactly one contact (single-threaded).
    ``stale_decision_maker``: one per decision maker last contacted more than
    ``STALE_DAYS`` (90) days before as_of, or never (blank ``last_contact``).
plan problems (:data:`PROBLEM_KINDS`)
    ``target_above_gap``: one per objective whose target exceeds the account's ``gap`` in
    :func:`~kamkit.analysis.segmentation.segment` by more than ``NET_TOLERANCE`` (half a cent);
    an objective without a target, or an account without a gap (NaN: no potential), has none.
    ``decision_maker_without_action``: one per decision maker (of a planned account) that no
    open action names. ``action_without_owner``, ``action_without_due_date``: one per open
    action with a blank owner, or a blank due date. ``overdue_action``: one per overdue action.
    ``due_beyond_quarter``: one per open action due after as_of + 3 months (pandas'
    ``DateOffset(months=3)``: 30 November + 3 months = 28 February). ``review_overdue``: one per
    objective whose ``review_date`` is before as_of.

Everything is computed on the whole market; ``territory`` only keeps that territory's
accounts.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from kamkit.analysis.scope import documents, keep_accounts, takes_scope, territory_ids
from kamkit.analysis.segmentation import NET_TOLERANCE, _resolve_as_of, segment
from kamkit.core.errors import KamkitError, Text
from kamkit.core.schema import ACTION_STATUSES, ACTIONS, CONTACTS, INFLUENCES, RELATIONSHIPS
from kamkit.model.market import Market, analysis_market, takes_overrides

__all__ = [
    "GAP_KINDS",
    "PROBLEM_KINDS",
    "OPEN_STATUSES",
    "STALE_DAYS",
    "DUE_MONTHS",
    "STAGE_QUARTERS",
    "RELATIONSHIP_MAP_COLUMNS",
    "GAP_COLUMNS",
    "OPEN_ACTION_COLUMNS",
    "PROBLEM_COLUMNS",
    "STAGE_HISTORY_COLUMNS",
    "AccountPlan",
    "planned_accounts",
    "relationship_map",
    "relationship_gaps",
    "open_actions",
    "plan_problems",
    "account_plan",
    "account_plans",
    "check_account",
    "plan_summary",
    "PLAN_SUMMARY_COLUMNS",
]

#: The relationship gaps, in the order they are listed for an account.
GAP_KINDS = (
    "no_contacts",
    "no_decision_maker",
    "decision_maker_critic",
    "no_supporter",
    "single_contact",
    "stale_decision_maker",
)
#: The problems of the plans, in the order they are listed for an account (a contract:
#: lesson 9's exercises check these codes).
PROBLEM_KINDS = (
    "target_above_gap",
    "decision_maker_without_action",
    "action_without_owner",
    "action_without_due_date",
    "overdue_action",
    "due_beyond_quarter",
    "review_overdue",
)
#: The statuses of an open action (a blank status is open too).
OPEN_STATUSES = ("open", "in_progress")
#: A decision maker not contacted for more than this many days is stale.
STALE_DAYS = 90
#: An open action should be due within this many months after as_of (the quarter).
DUE_MONTHS = 3
#: Quarter ends before as_of in an account's stage history (as_of itself comes last).
STAGE_QUARTERS = 8

#: The relationship map: the contacts table's columns, then two figures per contact.
RELATIONSHIP_MAP_COLUMNS = (*CONTACTS.column_names, "days_since_contact", "open_actions")
GAP_COLUMNS = ("account_id", "gap", "detail")
PROBLEM_COLUMNS = ("account_id", "problem", "detail")
#: The open actions: the actions table's columns, then whether and how long each is overdue.
OPEN_ACTION_COLUMNS = (*ACTIONS.column_names, "overdue", "days_overdue")
STAGE_HISTORY_COLUMNS = ("as_of", "stage", "revenue", "purchase_months")
PLAN_SUMMARY_COLUMNS = (
    "account_id",
    "name",
    "territory",
    "objectives",
    "total_target",
    "gap",
    "open_actions",
    "overdue_actions",
    "gaps",
    "problems",
)


# --------------------------------------------------------------------------------------------
# small pieces


def _blank(value) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float) and value != value:
        return True
    return isinstance(value, str) and not value.strip()


def _fold(value) -> str:
    """A name as it is matched: no extra spaces, case folded ("" when blank)."""
    return "" if _blank(value) else " ".join(str(value).split()).casefold()


def _status(value) -> str:
    """An action's status code; blank is ``open``."""
    return "open" if _blank(value) else str(value).strip()


def _is_open(statuses: pd.Series) -> np.ndarray:
    return np.array([_status(s) in OPEN_STATUSES for s in statuses], dtype=bool)


def _days(later: pd.Timestamp, dates: pd.Series) -> np.ndarray:
    """Whole days from each date to ``later`` (float, NaN for a blank date)."""
    values = pd.to_datetime(dates).dt.normalize()
    return ((later - values) / pd.Timedelta(days=1)).to_numpy(dtype="float64", na_value=np.nan)


def planned_accounts(market: Market) -> list[str]:
    """The planned accounts: the codes with a row in contacts, plans or actions, sorted."""
    codes = set()
    for frame in (market.contacts, market.plans, market.actions):
        codes.update(str(c) for c in frame["account_id"] if not _blank(c))
    return sorted(codes)


_INFLUENCE_ORDER = {code: k for k, code in enumerate(INFLUENCES)}
_RELATIONSHIP_ORDER = {code: k for k, code in enumerate(RELATIONSHIPS)}
_STATUS_ORDER = {code: k for k, code in enumerate(ACTION_STATUSES)}

_UNKNOWN_ACCOUNT = Text(
    "There is no account {account} in {source}.{hint} Check the code in the accounts table "
    "(codes are text: 0123 and 123 are different accounts).",
    "Não há a conta {account} em {source}.{hint} Confira o código na tabela de contas "
    "(códigos são texto: 0123 e 123 são contas diferentes).",
)
_DID_YOU_MEAN = Text(" Did you mean {close}?", " Você quis dizer {close}?")
_THE_DATA = Text("the data", "os dados")


def check_account(market: Market, account_id) -> str:
    """``account_id`` as text if the market has that account, else a KamkitError with the
    closest code (did you mean ...?)."""
    code = "" if account_id is None else str(account_id)
    known = market.accounts["account_id"].astype(str)
    if code in set(known):
        return code
    import difflib

    close = difflib.get_close_matches(code, sorted(known), n=1)
    hint = _DID_YOU_MEAN.format(close=repr(close[0])) if close else Text("", "")
    source = Text(market.source, market.source) if market.source else _THE_DATA
    raise KamkitError(
        Text(
            _UNKNOWN_ACCOUNT.en.format(account=repr(code), source=source.en, hint=hint.en),
            _UNKNOWN_ACCOUNT.pt.format(account=repr(code), source=source.pt, hint=hint.pt),
        )
    )


# --------------------------------------------------------------------------------------------
# the relationship map and its gaps


def _open_count(actions: pd.DataFrame) -> dict[tuple[str, str], int]:
    """(account_id, folded contact name) -> open actions naming it."""
    counts: dict[tuple[str, str], int] = {}
    opened = _is_open(actions["status"])
    for account, contact, is_open in zip(actions["account_id"], actions["contact"], opened):
        name = _fold(contact)
        if is_open and name:
            key = (str(account), name)
            counts[key] = counts.get(key, 0) + 1
    return counts


def _contact_rows(market: Market, when: pd.Timestamp, ids: set[str] | None) -> pd.DataFrame:
    contacts = keep_accounts(market.contacts, ids)
    counts = _open_count(market.actions)
    out = pd.DataFrame(
        {
            "account_id": contacts["account_id"].astype(str).to_numpy(dtype=object),
            "name": contacts["name"].to_numpy(dtype=object),
            "role": contacts["role"].to_numpy(dtype=object),
            "influence": contacts["influence"].to_numpy(dtype=object),
            "relationship": contacts["relationship"].to_numpy(dtype=object),
            "last_contact": pd.to_datetime(contacts["last_contact"]).to_numpy(),
            "days_since_contact": _days(when, contacts["last_contact"]),
            "open_actions": np.array(
                [
                    counts.get((str(a), _fold(n)), 0)
                    for a, n in zip(contacts["account_id"], contacts["name"])
                ],
                dtype=np.int64,
            ),
        }
    )
    order = np.lexsort(
        (
            np.array([_fold(n) for n in out["name"]], dtype=object),
            np.array([_INFLUENCE_ORDER.get(i, len(INFLUENCES)) for i in out["influence"]]),
            out["account_id"].to_numpy(dtype=object),
        )
    )
    return out.iloc[order].reset_index(drop=True)


@takes_overrides
def relationship_map(
    market: Market,
    account_id: str | None = None,
    *,
    territory: str | None = None,
    as_of=None,
    **parameters,
) -> pd.DataFrame:
    """The people at an account (or at every account): their influence, attitude and contact.

    Parameters
    ----------
    market : Market
    account_id : str, optional
        Only this account's contacts (an unknown code is an error with the closest code).
    territory : str, optional
        Only the contacts of this territory's accounts.
    as_of : date-like, optional
        Analysis date; overrides the market's ``as_of`` parameter.

    Returns
    -------
    DataFrame
        One row per contact, default index, columns ``RELATIONSHIP_MAP_COLUMNS``:
        ``account_id``, ``name``, ``role``, ``influence`` and ``relationship`` (the English
        codes, as loaded), ``last_contact``, ``days_since_contact`` (float, NaN when
        ``last_contact`` is blank) and ``open_actions`` (int: the open actions that name the
        contact; see the module docstring). Sorted by ``account_id``, influence in the order of
        ``kamkit.core.schema.INFLUENCES`` (blank last), then name.

    Examples
    --------
    >>> kk.relationship_map(market, "C0042")               # doctest: +SKIP
    """
    market = analysis_market(market, "kk.relationship_map", parameters)
    when = _resolve_as_of(market, as_of)
    ids = territory_ids(market, territory)
    if account_id is not None:
        code = check_account(market, account_id)
        ids = {code} if ids is None else ids & {code}
    return _contact_rows(market, when, ids)


def _gap_rows(market: Market, when: pd.Timestamp, ids: set[str] | None) -> pd.DataFrame:
    planned = planned_accounts(market)
    if ids is not None:
        planned = [a for a in planned if a in ids]
    contacts = _contact_rows(market, when, set(planned))
    by_account = {a: g for a, g in contacts.groupby("account_id", sort=False)}
    rows = []
    for account in planned:
        people = by_account.get(account)
        if people is None or people.empty:
            rows.append((account, "no_contacts", ""))
            continue
        influence = people["influence"].to_numpy(dtype=object)
        relation = people["relationship"].to_numpy(dtype=object)
        names = people["name"].to_numpy(dtype=object)
        days = people["days_since_contact"].to_numpy(dtype="float64")
        deciders = influence == "decision_maker"
        if not deciders.any():
            rows.append((account, "no_decision_maker", ""))
        for k in np.flatnonzero(deciders & (relation == "critic")):
            rows.append((account, "decision_maker_critic", names[k]))
        if not np.isin(relation, ["advocate", "supporter"]).any():
            rows.append((account, "no_supporter", ""))
        if len(people) == 1:
            rows.append((account, "single_contact", names[0]))
        stale = deciders & (np.isnan(days) | (days > STALE_DAYS))
        for k in np.flatnonzero(stale):
            rows.append((account, "stale_decision_maker", names[k]))
    return pd.DataFrame(rows, columns=list(GAP_COLUMNS), dtype=object)


@takes_overrides
@takes_scope
def relationship_gaps(
    market: Market, *, territory: str | None = None, as_of=None, **parameters
) -> pd.DataFrame:
    """The holes in the relationship maps of the planned accounts ("no decision maker" ...).

    The planned accounts and the gaps (``GAP_KINDS``) are defined in the module docstring.

    Returns
    -------
    DataFrame
        One row per gap, default index, columns ``GAP_COLUMNS``: ``account_id``, ``gap`` (a
        code of ``GAP_KINDS``) and ``detail`` (the contact's name for
        ``decision_maker_critic``, ``single_contact`` and ``stale_decision_maker``, else "").
        Sorted by ``account_id``, then gap in the order of ``GAP_KINDS``, then (within a gap)
        the contacts' order in :func:`relationship_map`.
    """
    market = analysis_market(market, "kk.relationship_gaps", parameters)
    when = _resolve_as_of(market, as_of)
    return _gap_rows(market, when, territory_ids(market, territory))


# --------------------------------------------------------------------------------------------
# actions and problems


def _action_rows(market: Market, when: pd.Timestamp, ids: set[str] | None) -> pd.DataFrame:
    """Every action (of ``ids``), in loaded order, with ``status`` filled, ``is_open``,
    ``overdue`` and ``days_overdue``."""
    actions = keep_accounts(market.actions, ids)
    status = np.array([_status(s) for s in actions["status"]], dtype=object)
    is_open = np.isin(status, OPEN_STATUSES)
    due = pd.to_datetime(actions["due_date"]).dt.normalize()
    late = _days(when, due)
    overdue = is_open & (late > 0)
    out = pd.DataFrame(
        {
            "account_id": actions["account_id"].astype(str).to_numpy(dtype=object),
            "action": actions["action"].to_numpy(dtype=object),
            "owner": actions["owner"].to_numpy(dtype=object),
            "due_date": actions["due_date"].to_numpy(),
            "status": status,
            "contact": actions["contact"].to_numpy(dtype=object),
            "overdue": overdue,
            "days_overdue": np.where(overdue, np.nan_to_num(late), 0).astype(np.int64),
            "is_open": is_open,
        }
    )
    return out.reset_index(drop=True)


def _sorted_actions(actions: pd.DataFrame) -> pd.DataFrame:
    due = actions["due_date"].to_numpy(dtype="datetime64[ns]")
    blank = np.isnat(due)
    order = np.lexsort(
        (
            np.arange(len(actions)),
            np.where(blank, 0, due.astype(np.int64)),
            blank,
            actions["account_id"].to_numpy(dtype=object),
        )
    )
    return actions.iloc[order].reset_index(drop=True)


@takes_overrides
@takes_scope
def open_actions(
    market: Market, *, territory: str | None = None, as_of=None, **parameters
) -> pd.DataFrame:
    """The actions still to do (status ``open`` or ``in_progress``; blank is ``open``).

    Returns
    -------
    DataFrame
        One row per open action, default index, columns ``OPEN_ACTION_COLUMNS``:
        ``account_id``, ``action``, ``owner``, ``due_date``, ``status`` (``open`` or
        ``in_progress``; a blank status shows as ``open``), ``contact``, ``overdue`` (bool: due
        before as_of) and ``days_overdue`` (int: days from the due date to as_of, 0 when not
        overdue). Sorted by ``account_id``, then due date (blank last), then loaded order.
    """
    market = analysis_market(market, "kk.open_actions", parameters)
    when = _resolve_as_of(market, as_of)
    rows = _action_rows(market, when, territory_ids(market, territory))
    rows = _sorted_actions(rows.loc[rows["is_open"].to_numpy(dtype=bool)])
    return rows[list(OPEN_ACTION_COLUMNS)]


def _problem_rows(
    market: Market, when: pd.Timestamp, ids: set[str] | None, gaps: pd.Series
) -> pd.DataFrame:
    """The plans' problems; ``gaps``: the segment gap by account_id."""
    found: list[tuple[str, str, str]] = []
    plans = keep_accounts(market.plans, ids)
    for account, objective, target, review in zip(
        plans["account_id"].astype(str), plans["objective"], plans["target"], plans["review_date"]
    ):
        gap = gaps.get(account, np.nan)
        if not _blank(target) and pd.notna(gap) and target > gap + NET_TOLERANCE:
            found.append((account, "target_above_gap", _detail(objective)))
        if pd.notna(review) and pd.Timestamp(review).normalize() < when:
            found.append((account, "review_overdue", _detail(objective)))
    contacts = keep_accounts(market.contacts, ids)
    counts = _open_count(market.actions)
    for account, name, influence in zip(
        contacts["account_id"].astype(str), contacts["name"], contacts["influence"]
    ):
        if influence == "decision_maker" and counts.get((account, _fold(name)), 0) == 0:
            found.append((account, "decision_maker_without_action", _detail(name)))
    actions = _action_rows(market, when, ids)
    limit = when + pd.DateOffset(months=DUE_MONTHS)
    for row in actions.loc[actions["is_open"].to_numpy(dtype=bool)].itertuples(index=False):
        what = _detail(row.action)
        if _blank(row.owner):
            found.append((row.account_id, "action_without_owner", what))
        if pd.isna(row.due_date):
            found.append((row.account_id, "action_without_due_date", what))
        else:
            if row.overdue:
                found.append((row.account_id, "overdue_action", what))
            if pd.Timestamp(row.due_date).normalize() > limit:
                found.append((row.account_id, "due_beyond_quarter", what))
    out = pd.DataFrame(found, columns=list(PROBLEM_COLUMNS), dtype=object)
    rank = {code: k for k, code in enumerate(PROBLEM_KINDS)}
    order = np.lexsort(
        (
            np.arange(len(out)),
            np.array([rank[p] for p in out["problem"]], dtype=np.int64),
            out["account_id"].to_numpy(dtype=object),
        )
    )
    return out.iloc[order].reset_index(drop=True)


def _detail(value) -> str:
    return "" if _blank(value) else str(value)


def _gap_by_account(table: pd.DataFrame) -> pd.Series:
    return pd.Series(
        table["gap"].to_numpy(dtype="float64"), index=table["account_id"].astype(str).to_numpy()
    )


@takes_overrides
@takes_scope
def plan_problems(
    market: Market, *, territory: str | None = None, as_of=None, **parameters
) -> pd.DataFrame:
    """What is wrong with the account plans: targets above the gap, overdue actions ...

    The problems (``PROBLEM_KINDS``) are defined in the module docstring. Lesson 9's exercises
    check a participant's plan with this function: its codes are a contract.

    Returns
    -------
    DataFrame
        One row per problem, default index, columns ``PROBLEM_COLUMNS``: ``account_id``,
        ``problem`` (a code of ``PROBLEM_KINDS``) and ``detail``: the objective
        (``target_above_gap``, ``review_overdue``), the contact's name
        (``decision_maker_without_action``) or the action (the others). Sorted by
        ``account_id``, then problem in the order of ``PROBLEM_KINDS``, then loaded order.

    Examples
    --------
    >>> kk.plan_problems(market, territory="Sul")          # doctest: +SKIP
    """
    market = analysis_market(market, "kk.plan_problems", parameters)
    when = _resolve_as_of(market, as_of)
    gaps = _gap_by_account(segment(market, as_of=when))
    return _problem_rows(market, when, territory_ids(market, territory), gaps)


# --------------------------------------------------------------------------------------------
# one account's plan


@dataclass(frozen=True)
class AccountPlan:
    """Everything kamkit knows about one account's plan (what the plan document shows).

    Attributes
    ----------
    account_id : str
        The account's code (text, as in every table of the market).
    as_of : Timestamp
        The analysis date of every figure.
    account : Series
        The account's row of :func:`~kamkit.analysis.segmentation.segment` (stage, quadrant,
        revenue, potential, gap...).
    stages : DataFrame
        The stage history: ``as_of`` (each of the last ``STAGE_QUARTERS`` (8) quarter ends
        before as_of, oldest first, then as_of itself), ``stage``, ``revenue`` and
        ``purchase_months``: the account's ``segment`` row at that as_of date.
    whitespace : DataFrame
        The account's rows of :func:`~kamkit.analysis.whitespace.whitespace` (``family``,
        ``adoption``, ``value``...), highest value first.
    contacts : DataFrame
        The account's rows of :func:`relationship_map`.
    gaps : DataFrame
        The account's rows of :func:`relationship_gaps` (none when it is not planned).
    objectives : DataFrame
        The account's rows of ``market.plans`` (``objective``, ``target``, ``review_date``)
        with ``gap`` (the account's gap) and ``within_gap`` (boolean: the target is at most the
        gap, half a cent allowed; NA when the target or the gap is blank).
    actions : DataFrame
        Every action of the account (closed ones too), columns ``OPEN_ACTION_COLUMNS``
        (``status`` filled: blank is ``open``; ``overdue`` only for open actions), sorted by
        due date (blank last).
    problems : DataFrame
        The account's rows of :func:`plan_problems`.
    language, currency : str
        The market's ``language`` and ``currency``: those of what a notebook shows of the plan.
    """

    account_id: str
    as_of: pd.Timestamp
    account: pd.Series
    stages: pd.DataFrame
    whitespace: pd.DataFrame
    contacts: pd.DataFrame
    gaps: pd.DataFrame
    objectives: pd.DataFrame
    actions: pd.DataFrame
    problems: pd.DataFrame
    language: str = "en"
    currency: str = "BRL"

    def __repr__(self) -> str:
        """One line in the market's language: the account and how much its plan holds."""
        from kamkit.presentation.catalogue import word
        from kamkit.presentation.i18n import format_date

        return word("plans.repr", self.language).format(
            account=self.account_id,
            name=self.name,
            as_of=format_date(self.as_of, self.language),
            contacts=len(self.contacts),
            gaps=len(self.gaps),
            objectives=len(self.objectives),
            actions=len(self.actions),
            problems=len(self.problems),
        )

    def _repr_html_(self) -> str:
        """A notebook shows the plan in short (template ``plans_repr.html.j2``): the account,
        its gaps and problems in words, its objectives and its actions; ``kk.write_plans``
        prints the whole document."""
        from kamkit.presentation.catalogue import word
        from kamkit.presentation.html import render
        from kamkit.presentation.i18n import format_date, format_money

        lang, currency = self.language, self.currency

        def w(key: str, **fields) -> str:
            text = word(f"plans.{key}", lang)
            return text.format(**fields) if fields else text

        def said(kind: str, code: str, detail) -> str:
            sentence = w(f"{kind}.{code}")
            return f"{sentence}: {detail}" if not _blank(detail) else sentence

        def money(value) -> str:
            return "" if pd.isna(value) else format_money(value, currency, lang)

        def late(days: int) -> str:
            return w("doc.overdue_one") if days == 1 else w("doc.overdue", days=days)

        def day(value) -> str:
            return "" if pd.isna(value) else format_date(value, lang)

        def status(code) -> str:
            return w(f"status.{code}") if code in ACTION_STATUSES else _detail(code)

        return render(
            "plans_repr.html.j2",
            title=f"{w('doc.title')}: {self.name} ({self.account_id})",
            as_of=w("doc.as_of", as_of=format_date(self.as_of, lang)),
            gap=(w("doc.gap"), money(self.account.get("gap")) or "\u2014"),
            headings={k: w(f"doc.{k}") for k in ("gaps", "problems", "objectives", "actions")},
            gaps=[said("gap", g.gap, g.detail) for g in self.gaps.itertuples(index=False)],
            problems=[
                said("problem", p.problem, p.detail) for p in self.problems.itertuples(index=False)
            ],
            objectives=[
                (_detail(o.objective), money(o.target), day(o.review_date))
                for o in self.objectives.itertuples(index=False)
            ],
            objective_heads=(w("doc.objective"), w("doc.target"), w("doc.review_date")),
            actions=[
                (
                    _detail(a.action),
                    _detail(a.owner),
                    day(a.due_date),
                    status(a.status),
                    late(int(a.days_overdue)) if a.overdue else "",
                )
                for a in self.actions.itertuples(index=False)
            ],
            action_heads=(w("doc.action"), w("doc.owner"), w("doc.due_date"), w("doc.status")),
            empty=(w("doc.no_gaps"), w("doc.no_problems")),
        )

    @property
    def name(self) -> str:
        value = self.account.get("name")
        return self.account_id if _blank(value) else str(value)


def _history_dates(when: pd.Timestamp) -> list[pd.Timestamp]:
    quarter = when.to_period("Q")
    ends = [(quarter - k).end_time.normalize() for k in range(STAGE_QUARTERS, 0, -1)]
    return [*ends, when]


def _of(frame: pd.DataFrame, account: str) -> pd.DataFrame:
    keep = (frame["account_id"].astype(str) == account).to_numpy(dtype=bool)
    return frame.loc[keep].reset_index(drop=True)


@takes_overrides
def account_plans(market: Market, account_ids, *, as_of=None, **parameters) -> list[AccountPlan]:
    """:func:`account_plan` for several accounts at once (the tables are computed once).

    Parameters
    ----------
    market : Market
    account_ids : list of str
        Account codes (each checked: an unknown code is an error with the closest code).
    as_of : date-like, optional
        Analysis date; overrides the market's ``as_of`` parameter.

    Returns
    -------
    list of AccountPlan
        In the order of ``account_ids``.
    """
    from kamkit.analysis.whitespace import whitespace

    market = analysis_market(market, "kk.account_plans", parameters)
    codes = [
        check_account(market, a)
        for a in ([account_ids] if isinstance(account_ids, str) else account_ids)
    ]
    when = _resolve_as_of(market, as_of)
    table = segment(market, as_of=when)
    position = pd.Index(table["account_id"].astype(str))
    wanted = set(codes)
    history = []
    for date in _history_dates(when):
        past = table if date == when else segment(market, as_of=date)
        history.append((date, past))
    spaces = whitespace(market, as_of=when)
    contacts = _contact_rows(market, when, wanted)
    gaps = _gap_rows(market, when, wanted)
    gap_of = _gap_by_account(table)
    problems = _problem_rows(market, when, wanted, gap_of)
    actions = _sorted_actions(_action_rows(market, when, wanted))[list(OPEN_ACTION_COLUMNS)]
    plans = keep_accounts(market.plans, wanted)
    out = []
    for code in codes:
        k = position.get_loc(code)
        objectives = _of(plans, code)
        gap = float(gap_of.get(code, np.nan))
        objectives["gap"] = gap
        target = objectives["target"].to_numpy(dtype="float64")
        known = ~np.isnan(target) & (not np.isnan(gap))
        objectives["within_gap"] = pd.array(
            [bool(t <= gap + NET_TOLERANCE) if ok else pd.NA for t, ok in zip(target, known)],
            dtype="boolean",
        )
        stages = pd.DataFrame(
            {
                "as_of": [d for d, _ in history],
                "stage": pd.Categorical(
                    [past["stage"].iat[k] for _, past in history],
                    dtype=table["stage"].dtype,
                ),
                "revenue": [float(past["revenue"].iat[k]) for _, past in history],
                "purchase_months": [int(past["purchase_months"].iat[k]) for _, past in history],
            }
        )
        out.append(
            AccountPlan(
                account_id=code,
                as_of=when,
                account=table.iloc[k],
                stages=stages,
                whitespace=_of(spaces, code),
                contacts=_of(contacts, code),
                gaps=_of(gaps, code),
                objectives=objectives,
                actions=_of(actions, code),
                problems=_of(problems, code),
                language=market.parameters.language,
                currency=market.parameters.currency,
            )
        )
    return out


@takes_overrides
@documents("market", "account_id", "as_of")
def account_plan(market: Market, account_id: str, *, as_of=None, **parameters) -> AccountPlan:
    """Everything about one account's plan: facts, stage history, whitespace, contacts, gaps,
    objectives, actions and problems (see :class:`AccountPlan`).

    Returns
    -------
    AccountPlan

    Examples
    --------
    >>> plan = kk.account_plan(market, "C0042")             # doctest: +SKIP
    >>> plan.gaps                                           # doctest: +SKIP
    """
    market = analysis_market(market, "kk.account_plan", parameters)
    return account_plans(market, [account_id], as_of=as_of)[0]


@takes_overrides
def plan_summary(
    market: Market,
    *,
    territory: str | None = None,
    as_of=None,
    table: pd.DataFrame | None = None,
    **parameters,
) -> pd.DataFrame:
    """The planned accounts in one table: objectives, targets, actions, gaps and problems.

    Parameters
    ----------
    market : Market
    territory : str, optional
        Only this territory's planned accounts.
    as_of : date-like, optional
        Analysis date; overrides the market's ``as_of`` parameter.
    table : DataFrame, optional
        The market's segment table at that date (:func:`~kamkit.analysis.segmentation.segment`),
        when the caller has it already; its ``gap`` is used.

    Returns
    -------
    DataFrame
        One row per planned account, sorted by ``account_id``, default index, columns
        ``PLAN_SUMMARY_COLUMNS``: ``account_id``, ``name``, ``territory``; ``objectives``
        (int: rows in plans); ``total_target`` (the sum of the targets given; NaN when none
        is); ``gap`` (as in ``segment``); ``open_actions`` and ``overdue_actions`` (int, see
        the module docstring); ``gaps`` and ``problems``: tuples of the codes of the account's
        rows of :func:`relationship_gaps` and :func:`plan_problems`, in their order.
    """
    market = analysis_market(market, "kk.plan_summary", parameters)
    when = _resolve_as_of(market, as_of)
    ids = territory_ids(market, territory)
    if table is None:
        table = segment(market, as_of=when)
    codes = [a for a in planned_accounts(market) if ids is None or a in ids]
    wanted = set(codes)
    gap_of = _gap_by_account(table)
    where = table.assign(account_id=table["account_id"].astype(str)).drop_duplicates("account_id")
    where = where.set_index("account_id")
    plans = keep_accounts(market.plans, wanted)
    actions = _action_rows(market, when, wanted)
    gaps = _gap_rows(market, when, wanted)
    problems = _problem_rows(market, when, wanted, gap_of)

    def per_account(frame, column):
        out: dict[str, list] = {}
        for account, value in zip(frame["account_id"].astype(str), frame[column]):
            out.setdefault(account, []).append(value)
        return out

    targets = per_account(plans, "target")
    opened = per_account(actions.loc[actions["is_open"].to_numpy(dtype=bool)], "overdue")
    gap_codes, problem_codes = per_account(gaps, "gap"), per_account(problems, "problem")
    rows = []
    for code in codes:
        given = [t for t in targets.get(code, []) if not _blank(t)]
        flags = opened.get(code, [])
        known = code in where.index
        rows.append(
            {
                "account_id": code,
                "name": where.at[code, "name"] if known else None,
                "territory": where.at[code, "territory"] if known else None,
                "objectives": len(targets.get(code, [])),
                "total_target": float(np.sum(given)) if given else np.nan,
                "gap": float(gap_of.get(code, np.nan)),
                "open_actions": len(flags),
                "overdue_actions": int(np.sum(flags, dtype=np.int64)),
                "gaps": tuple(gap_codes.get(code, ())),
                "problems": tuple(problem_codes.get(code, ())),
            }
        )
    out = pd.DataFrame(rows, columns=list(PLAN_SUMMARY_COLUMNS))
    return out.astype(
        {
            "objectives": np.int64,
            "total_target": "float64",
            "gap": "float64",
            "open_actions": np.int64,
            "overdue_actions": np.int64,
        }
    )
