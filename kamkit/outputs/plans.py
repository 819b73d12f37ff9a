"""Account plan documents: one print-ready A4 HTML page per account, and an index.

``write_plans(market, out_dir, territory=...)`` writes, for each account chosen (by default the
territory's *planned accounts*: those with a row in the contacts, plans or actions tables),
``plan-<code>.html`` (``plano-<code>.html`` in Portuguese), and ``index.html`` listing them.
Each document shows what
:func:`kamkit.analysis.plans.account_plan` knows about the account:

- its facts (code, territory, salesperson, segment), stage, quadrant and ABC class, potential,
  revenue in the window, share of wallet, gap to potential, last purchase and interaction;
- its stage history: the stage and window revenue at each of the last 8 quarter ends and
  at the as-of date;
- its whitespace families with their value (the peers' median) and adoption;
- the relationship map: an influence x relationship grid with each contact's name, an empty
  decision-maker row marked, the list of contacts and the gaps named;
- the objectives (target against the gap), the actions with owner, due date, status and
  contact (overdue ones marked), and the problems of the plan.

Every word is from the catalogue (``words/plans.toml``) in the document's language; numbers,
money and dates are formatted by :mod:`kamkit.presentation.i18n`. The page is the template
``plans.html.j2`` (autoescaped: a contact named ``<script>`` is shown, never run); files are
named by :func:`kamkit.presentation.names.report_names` (``plan-sao-paulo-01.html``) and
written atomically.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from kamkit.core.atomic import atomic_path
from kamkit.core.errors import KamkitError, Text
from kamkit.presentation import palette
from kamkit.presentation.cells import Formats, cell_text, missing

if TYPE_CHECKING:  # annotations only
    from kamkit.analysis.plans import AccountPlan
    from kamkit.model.market import Market

__all__ = ["write_plans", "plan_html", "INDEX_NAME", "describe_gap", "describe_problem"]

#: The file listing the plan documents.
INDEX_NAME = "index.html"


def _w(key: str, language: str, **fields) -> str:
    from kamkit.presentation.catalogue import word

    text = word(f"plans.{key}", language)
    return text.format(**fields) if fields else text


def describe_gap(gap: str, detail, language: str) -> str:
    """A relationship gap as a person reads it: ``"a decision maker is a critic: Rita"``."""
    sentence = _w(f"gap.{gap}", language)
    return f"{sentence}: {detail}" if cell_text(detail) else sentence


def describe_problem(problem: str, detail, language: str) -> str:
    """A problem of a plan as a person reads it: ``"an action without an owner: Visita"``."""
    sentence = _w(f"problem.{problem}", language)
    return f"{sentence}: {detail}" if cell_text(detail) else sentence


def _code_word(kind: str, code, language: str) -> str:
    """The label of an influence, relationship or status code ("" when blank; an unknown
    word as it was typed)."""
    from kamkit.presentation.catalogue import catalogue

    if missing(code) or not str(code).strip():
        return ""
    key = f"plans.{kind}.{code}"
    return _w(f"{kind}.{code}", language) if key in catalogue() else str(code)


def _label(code, language: str) -> str:
    from kamkit.presentation.i18n import label

    if missing(code):
        return ""
    try:
        return label(str(code), language)
    except KamkitError:
        return str(code)


# -- one document ----------------------------------------------------------------------------


def _grid(plan: AccountPlan, language: str) -> dict:
    from kamkit.charts.kam import RELATIONSHIP_COLOURS, relationship_cells

    rows, columns, points = relationship_cells(plan.contacts)
    cells = [[[] for _ in columns] for _ in rows]
    for r, c, name in points:
        cells[r][c].append(name)
    return {
        "columns": [
            {
                "code": c or "",
                "label": _code_word("relationship", c, language)
                or _w("relationship.blank", language),
                "colour": palette.tint(RELATIONSHIP_COLOURS.get(c, palette.NEUTRAL)),
            }
            for c in columns
        ],
        "rows": [
            {
                "code": r or "",
                "label": _code_word("influence", r, language) or _w("influence.blank", language),
                "missing": r == "decision_maker" and not any(cells[k]),
                "cells": cells[k],
            }
            for k, r in enumerate(rows)
        ],
        "missing_text": _w("doc.missing_decision_maker", language),
        "missing_colour": palette.tint(palette.ACCENT, 0.2),
    }


def _facts(plan: AccountPlan, fmt: Formats) -> tuple[list, list, list]:
    r, lang = plan.account, fmt.language
    facts = [
        (_w("doc.account", lang), plan.account_id),
        (
            _w("doc.territory", lang),
            cell_text(r.get("territory")) or _w("doc.no_territory", lang),
        ),
        (_w("doc.salesperson", lang), cell_text(r.get("salesperson"))),
        (_w("doc.segment", lang), cell_text(r.get("segment"))),
    ]
    badges = []
    for field, colours in (("stage", palette.STAGE), ("quadrant", palette.QUADRANT)):
        code = cell_text(r.get(field))
        if code:
            badges.append(
                {
                    "field": field,
                    "code": code,
                    "text": _label(code, lang),
                    "colour": palette.tint(colours[code]) if code in colours else palette.WHITE,
                }
            )
    if cell_text(r.get("abc_class")):
        badges.append(
            {"field": "abc_class", "code": "", "text": f"ABC {r['abc_class']}", "colour": ""}
        )
    potential = fmt.money(r.get("potential"))
    if bool(r.get("potential_estimated")) and not missing(r.get("potential")):
        potential += f" ({_w('doc.estimated', lang)})"
    never = _w("doc.never", lang)
    numbers = [
        ("potential", _w("doc.potential", lang), potential, _raw(r.get("potential"))),
        (
            "revenue",
            _w("doc.revenue", lang, months=fmt.lookback),
            fmt.money(r.get("revenue")),
            _raw(r.get("revenue")),
        ),
        (
            "share_of_wallet",
            _w("doc.share_of_wallet", lang),
            fmt.share(r.get("share_of_wallet")),
            _raw(r.get("share_of_wallet")),
        ),
        ("gap", _w("doc.gap", lang), fmt.money(r.get("gap")), _raw(r.get("gap"))),
        (
            "last_purchase",
            _w("doc.last_purchase", lang),
            fmt.date(r.get("last_purchase")) or never,
            _raw(r.get("last_purchase")),
        ),
        (
            "last_visit",
            _w("doc.last_visit", lang),
            fmt.date(r.get("last_visit")) or never,
            _raw(r.get("last_visit")),
        ),
    ]
    return facts, badges, numbers


def _raw(value) -> str:
    """A value as it goes in ``data-value``: exact, for tests and tools."""
    import numpy as np
    import pandas as pd

    if missing(value):
        return ""
    if isinstance(value, (float, np.floating)):
        return repr(float(value))
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    return str(value)


def _plan_context(plan: AccountPlan, fmt: Formats) -> dict:
    from kamkit.presentation.i18n import format_share

    lang = fmt.language
    facts, badges, numbers = _facts(plan, fmt)
    stages = [
        {
            "date": fmt.date(row.as_of),
            "raw": _raw(row.as_of),
            "stage": _label(str(row.stage), lang),
            "code": str(row.stage),
            "colour": palette.tint(palette.STAGE.get(str(row.stage), palette.NEUTRAL)),
            "revenue": fmt.money(row.revenue),
            "revenue_raw": _raw(row.revenue),
        }
        for row in plan.stages.itertuples(index=False)
    ]
    whitespace = [
        {
            "family": cell_text(row.family),
            "adoption": format_share(row.adoption, lang, decimals=0),
            "value": fmt.money(row.value),
            "raw": _raw(row.value),
        }
        for row in plan.whitespace.itertuples(index=False)
    ]
    contacts = [
        {
            "name": cell_text(row.name),
            "role": cell_text(row.role),
            "influence": _code_word("influence", row.influence, lang),
            "relationship": _code_word("relationship", row.relationship, lang),
            "last_contact": fmt.date(row.last_contact),
            "days": "" if missing(row.days_since_contact) else fmt.count(row.days_since_contact),
            "open_actions": fmt.count(row.open_actions),
        }
        for row in plan.contacts.itertuples(index=False)
    ]
    gaps = [
        {"code": row.gap, "text": describe_gap(row.gap, row.detail, lang)}
        for row in plan.gaps.itertuples(index=False)
    ]
    objectives = []
    for row in plan.objectives.itertuples(index=False):
        within = row.within_gap
        objectives.append(
            {
                "objective": cell_text(row.objective),
                "target": "" if missing(row.target) else fmt.money(row.target),
                "target_raw": _raw(row.target),
                "gap": fmt.money(row.gap),
                "within": ""
                if missing(within)
                else _w("doc.yes", lang)
                if bool(within)
                else _w("doc.no", lang),
                "above": (not missing(within)) and not bool(within),
                "review": fmt.date(row.review_date),
            }
        )
    actions = []
    for row in plan.actions.itertuples(index=False):
        days = int(row.days_overdue)
        late = ""
        if bool(row.overdue):
            late = _w("doc.overdue_one", lang) if days == 1 else _w("doc.overdue", lang, days=days)
        actions.append(
            {
                "action": cell_text(row.action),
                "owner": cell_text(row.owner),
                "due": fmt.date(row.due_date),
                "status": _code_word("status", row.status, lang),
                "status_code": cell_text(row.status),
                "contact": cell_text(row.contact),
                "overdue": bool(row.overdue),
                "late": late,
            }
        )
    problems = [
        {"code": row.problem, "text": describe_problem(row.problem, row.detail, lang)}
        for row in plan.problems.itertuples(index=False)
    ]
    return {
        "account": plan.account_id,
        "heading": plan.name,
        "facts": [(name, value) for name, value in facts if value],
        "badges": badges,
        "numbers": [
            {"field": field, "name": name, "shown": shown, "raw": raw}
            for field, name, shown, raw in numbers
        ],
        "stages": stages,
        "whitespace": whitespace,
        "grid": _grid(plan, lang),
        "contacts": contacts,
        "gaps": gaps,
        "objectives": objectives,
        "actions": actions,
        "problems": problems,
    }


def _t(language: str):
    return lambda key, **fields: _w(f"doc.{key}", language, **fields)


def plan_html(plan: AccountPlan, market: Market, language: str | None = None) -> str:
    """The plan document of ``plan`` (:func:`kamkit.analysis.plans.account_plan`) as an HTML
    page, in ``language`` (default: the market's)."""
    from kamkit.presentation.html import render
    from kamkit.presentation.i18n import check_language, format_date

    language = check_language(language or market.parameters.language)
    fmt = Formats.of(market, language)
    return render(
        "plans.html.j2",
        lang=language,
        title=f"{_w('doc.title', language)} \u2014 {plan.name}",
        plan=_plan_context(plan, fmt),
        t=_t(language),
        months=fmt.lookback,
        footer=_w("doc.footer", language, as_of=format_date(plan.as_of, language)),
    )


# -- choosing the accounts -------------------------------------------------------------------


def _choose(market: Market, territory, accounts) -> list[str]:
    from kamkit.analysis.plans import check_account, planned_accounts

    ids = market.accounts["account_id"].astype(str)
    territory_of = dict(zip(ids, market.accounts["territory"]))
    if territory is not None:
        territory = market.check_territory(territory)
    if accounts:
        wanted = [accounts] if isinstance(accounts, str) else [str(a) for a in accounts]
        codes = list(dict.fromkeys(check_account(market, a) for a in wanted))
        if territory is not None:
            outside = [c for c in codes if territory_of.get(c) != territory]
            if outside:
                raise KamkitError(
                    _error("not_in_territory").format(
                        account=repr(outside[0]), territory=territory, option="--territory"
                    )
                )
        return codes
    codes = planned_accounts(market)
    if territory is not None:
        codes = [c for c in codes if territory_of.get(c) == territory]
    if not codes:
        if territory is None:
            raise KamkitError(_error("no_planned").format(option="--account"))
        raise KamkitError(
            _error("no_planned_territory").format(territory=territory, option="--account")
        )
    return codes


def _error(key: str) -> Text:
    from kamkit.presentation.catalogue import text

    return text(f"plans.error.{key}")


def _file_names(market: Market, codes: list[str], language: str) -> dict[str, str]:
    """``plan-<name>.html`` per account (``plano-<name>.html`` in Portuguese): the reports'
    unique-name rule over every code of the market, so ``A-1`` and ``a 1`` never share a
    file."""
    from kamkit.presentation.catalogue import text
    from kamkit.presentation.names import report_names

    stem = text("plans.file")(language)
    names = report_names([*market.accounts["account_id"].astype(str), *codes])
    return {c: f"{stem}-{names[c]}.html" for c in codes}


def write_plans(
    market: Market,
    out_dir: str | os.PathLike,
    *,
    territory: str | None = None,
    accounts=None,
    language: str | None = None,
    as_of=None,
) -> list[Path]:
    """Write the account plan documents: one A4 HTML page per account and an index.

    Parameters
    ----------
    market : Market
    out_dir : str or path-like
        Folder for the documents (created if needed); nothing else in it is touched.
    territory : str, optional, keyword-only
        Only this territory's accounts (an unknown territory is an error listing the known
        ones). By default the documents are of its planned accounts.
    accounts : list of str, optional, keyword-only
        These accounts (planned or not; with ``territory``, each must be of it).
    language : {"en", "pt-BR"}, optional, keyword-only
        Default: the market's ``language`` parameter.
    as_of : date-like, optional, keyword-only
        Analysis date; overrides the market's ``as_of`` parameter.

    Returns
    -------
    list of Path
        ``index.html`` first, then ``plan-<code>.html`` (``plano-<code>.html`` in Portuguese) of
        each account, in account order.

    Raises
    ------
    KamkitError
        No planned account (and no ``accounts``): the sentence says how to add plans (the
        template's Plans, Contacts and Actions sheets) or to name accounts.

    Examples
    --------
    >>> kk.write_plans(market, "plans/", territory="Sul", language="pt-BR")  # doctest: +SKIP
    """
    from kamkit.analysis.plans import account_plans
    from kamkit.files.documents import document_folder
    from kamkit.presentation.html import render
    from kamkit.presentation.i18n import format_count, format_date

    language, out_dir = document_folder(market, out_dir, language, "plans.error")
    codes = _choose(market, territory, accounts)
    plans = account_plans(market, codes, as_of=as_of)
    files = _file_names(market, codes, language)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    rows = []
    for plan in plans:
        path = out_dir / files[plan.account_id]
        with atomic_path(path) as tmp:
            tmp.write_text(plan_html(plan, market, language), encoding="utf-8")
        written.append(path)
        rows.append(
            {
                "href": path.name,
                "account": plan.account_id,
                "name": plan.name,
                "stage": _label(cell_text(plan.account.get("stage")), language),
                "gaps": format_count(len(plan.gaps), language),
                "problems": format_count(len(plan.problems), language),
            }
        )
    title = _w("doc.titles", language) + ("" if territory is None else f" \u2014 {territory}")
    as_of_day = plans[0].as_of
    index = render(
        "plans_index.html.j2",
        lang=language,
        title=title,
        meta=_w("doc.as_of", language, as_of=format_date(as_of_day, language)),
        intro=_w("doc.index_intro", language, count=format_count(len(rows), language)),
        rows=rows,
        t=_t(language),
    )
    index_path = out_dir / INDEX_NAME
    with atomic_path(index_path) as tmp:
        tmp.write_text(index, encoding="utf-8")
    return [index_path, *written]
