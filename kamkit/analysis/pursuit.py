"""The pursuit list: high-potential accounts that never, or rarely, bought -- ranked to conquer.

KAM's hardest job is leaving the comfort of loyal customers to win the big account that has
never (or almost never) bought. ``pursuit_list`` turns :func:`kamkit.analysis.segmentation.segment` into a
ranked call list per territory.

How accounts are chosen and ranked (the whole rule, nothing hidden)
--------------------------------------------------------------------
Candidates
    Accounts in the ``conquer`` quadrant (high potential, low share of wallet) whose stage is
    one of ``CANDIDATE_STAGES``: untouched, approached, occasional or lapsed. Regular buyers
    are not on the list: they belong to account plans, not to pursuit. The ``key`` and
    ``maintain`` accounts are ranked for cross-sell by their whitespace value instead
    (:func:`kamkit.analysis.whitespace.whitespace_totals`).
Score (it rewards progress)
    ``score = gap * (1 + PROGRESS_BONUS * min(steps, PROGRESS_STEPS) / PROGRESS_STEPS)``.
    ``gap`` is the potential not yet captured in the window
    (``max(potential * lookback_months / 12 - revenue, 0)``, in the currency). ``steps`` are the
    account's interactions (visits, calls, e-mails...) in the window up to as_of whose outcome is
    not negative: an outcome is negative when, folded (lower case, no accents), it contains one
    of the phrases of ``NEGATIVE_OUTCOMES`` as whole words ("sem interesse no momento", "não
    atendeu", "no interest"...); any other outcome, a blank one included, is a step. So the
    first steps of a pursuit lift the account: 3 steps (``PROGRESS_STEPS``) or more weigh its gap
    1.5 times (``PROGRESS_BONUS`` 0.5), one step 1.17 times, none once. An interaction with a
    non-negative outcome never lowers an account's score; it changes no other account's score,
    nor the account's gap, potential or quadrant, and an untouched candidate it makes
    approached stays a candidate, so it never lowers the account's rank. An interaction with a
    negative outcome leaves the score as it is. (Until issue 14 an account nobody had contacted got x1.5 and a cold one x1.25, so
    the first visit dropped an account down the list.) Visits without an order are shown in the
    reason, for the salesperson to judge.
Rank
    Within each territory (accounts without a territory are ranked together), by score high to
    low, then potential high to low, then account_id. Rank 1 is the first account to pursue.
    ``segment()`` shows the same rank as ``priority``.
Cadence
    Suggested visit rhythm from the rank: ranks 1-10 every 2 weeks, 11-30 monthly, the rest
    quarterly (``CADENCES`` and ``CADENCE_RANKS``).
"""

from __future__ import annotations

import difflib

import numpy as np
import pandas as pd

from kamkit.analysis.priority import (
    CANDIDATE_STAGES,
    COLD_CONTACT_DAYS,
    PROGRESS_BONUS,
    PROGRESS_STEPS,
    scores,
)
from kamkit.analysis.segmentation import _only_territory, _segment_frame
from kamkit.core.errors import KamkitError
from kamkit.model.market import Market, analysis_market, takes_overrides
from kamkit.model.outcomes import NEGATIVE_OUTCOMES, negative_outcome
from kamkit.presentation.i18n import check_language, format_money_short

__all__ = [
    "CANDIDATE_STAGES",
    "PROGRESS_BONUS",
    "PROGRESS_STEPS",
    "NEGATIVE_OUTCOMES",
    "COLD_CONTACT_DAYS",
    "negative_outcome",
    "CADENCES",
    "CADENCE_RANKS",
    "PURSUIT_COLUMNS",
    "pursuit_list",
]

CADENCES = ("every 2 weeks", "monthly", "quarterly")
#: Last rank of each cadence but the last: 1-10 every 2 weeks, 11-30 monthly, rest quarterly.
CADENCE_RANKS = (10, 30)

PURSUIT_COLUMNS = (
    "territory",
    "rank",
    "account_id",
    "name",
    "salesperson",
    "stage",
    "potential",
    "potential_estimated",
    "revenue",
    "gap",
    "days_since_contact",
    "visits_without_order",
    "reason",
    "cadence",
    "score",
)

CADENCE_DTYPE = pd.CategoricalDtype(list(CADENCES), ordered=True)


def _money(value: float, currency: str, language: str = "en") -> str:
    """Short money: BRL 1.2 M, BRL 45 k (en); R$ 1,2 mi, R$ 45 mil (pt-BR)."""
    return format_money_short(value, currency, language)


#: The phrases of a pursuit reason, per language (``{}`` fields filled by ``_reason``).
_REASON_PHRASES = {
    "en": {
        "potential": "potential {money}",
        "estimated": " (estimated)",
        "never_bought": "never bought",
        "lapsed": "no purchase in the last {lookback} months",
        "bought": "bought in {months} of the last {lookback} months",
        "never_contacted": "never contacted",
        "cold": "no contact in {days} days",
        "contact": "last contact {days} days ago",
        "visit": "{k} visit without an order",
        "visits": "{k} visits without an order",
    },
    "pt-BR": {
        "potential": "potencial {money}",
        "estimated": " (estimado)",
        "never_bought": "nunca comprou",
        "lapsed": "sem compra nos últimos {lookback} meses",
        "bought": "comprou em {months} dos últimos {lookback} meses",
        "never_contacted": "nunca contatada",
        "cold": "sem contato há {days} dias",
        "contact": "último contato há {days} dias",
        "visit": "{k} visita sem pedido",
        "visits": "{k} visitas sem pedido",
    },
}


def _reason(row, lookback: int, currency: str, language: str = "en") -> str:
    say = _REASON_PHRASES[language]
    parts = [
        say["potential"].format(money=_money(row.potential, currency, language))
        + (say["estimated"] if row.potential_estimated else "")
    ]
    if row.stage in ("untouched", "approached"):
        parts.append(say["never_bought"])
    elif row.stage == "lapsed":
        parts.append(say["lapsed"].format(lookback=lookback))
    else:
        parts.append(say["bought"].format(months=row.purchase_months, lookback=lookback))
    if pd.isna(row.days_since_contact):
        parts.append(say["never_contacted"])
    elif row.days_since_contact >= COLD_CONTACT_DAYS:
        parts.append(say["cold"].format(days=row.days_since_contact))
    else:
        parts.append(say["contact"].format(days=row.days_since_contact))
    k = row.visits_without_order
    if k:
        parts.append(say["visit" if k == 1 else "visits"].format(k=k))
    return ", ".join(parts)


def _check_salesperson(market: Market, salesperson: str) -> str:
    people = market.accounts["salesperson"].dropna()
    known = sorted(set(people[people != ""].tolist()))
    if salesperson in known:
        return salesperson
    close = difflib.get_close_matches(str(salesperson), known, n=1)
    hint = f" Did you mean {close[0]!r}?" if close else ""
    shown = ", ".join(known[:30]) + (" ..." if len(known) > 30 else "")
    raise KamkitError(
        f"No account has the salesperson {salesperson!r}.{hint} Known salespeople: "
        f"{shown or '(none)'}."
    )


@takes_overrides
def pursuit_list(
    market: Market,
    *,
    as_of=None,
    territory: str | None = None,
    salesperson: str | None = None,
    top: int | None = None,
    language: str | None = None,
    **parameters,
) -> pd.DataFrame:
    """High-potential accounts to conquer, ranked within each territory.

    The rule (candidates, score, rank, cadence) is in the module docstring and its constants.

    Parameters
    ----------
    market : Market
    as_of : date-like, optional
        Analysis date; overrides the market's ``as_of`` parameter.
    territory : str, optional
        Only this territory.
    salesperson : str, optional
        Only this salesperson's accounts. Ranks stay the territory ranks, so a salesperson
        sees where each account stands in the whole territory.
    top : int, optional
        Keep ranks 1..top of each territory.
    language : {"en", "pt-BR"}, optional
        Language of the ``reason`` column; by default the market's ``language`` parameter.

    Returns
    -------
    DataFrame
        One row per candidate, sorted by territory then rank, columns ``PURSUIT_COLUMNS``:
        ``territory``, ``rank`` (int, 1 = first), ``account_id``, ``name``, ``salesperson``,
        ``stage``, ``potential`` (annual), ``potential_estimated``, ``revenue`` (window),
        ``gap``, ``days_since_contact`` (Int64, NA = never contacted),
        ``visits_without_order`` (interactions up to as_of after the day of the last sales
        line with amount > 0; all of them if the account never bought), ``reason`` (a short
        sentence, e.g. "potential R$ 1.2 M, never bought, never contacted", or in pt-BR
        "potencial R$ 1,2 mi, nunca comprou, nunca contatada"),
        ``cadence`` (ordered categorical over ``CADENCES``) and ``score``.
    """
    market = analysis_market(market, "kk.pursuit_list", parameters)
    if top is not None and (
        not isinstance(top, (int, np.integer)) or isinstance(top, bool) or top < 1
    ):
        raise KamkitError(f"top must be a whole number of at least 1; got {top!r}.")
    language = check_language(language or market.parameters.language)
    if territory is not None:
        territory = market.check_territory(territory)
    if salesperson is not None:
        salesperson = _check_salesperson(market, salesperson)
    frame, facts = _segment_frame(market, as_of)
    ranked = frame["priority"].notna().to_numpy()
    frame = frame.assign(
        rank=frame["priority"],
        score=scores(frame["gap"].to_numpy(), facts.steps, ranked),
        visits_without_order=facts.visits_without_order,
    )
    frame = frame[ranked]
    frame = _only_territory(market, frame, territory)
    if salesperson is not None:
        frame = frame[(frame["salesperson"] == salesperson).fillna(False)]
    if top is not None:
        frame = frame[frame["rank"] <= top]
    frame = frame.assign(rank=frame["rank"].astype(np.int64))
    frame = frame.sort_values(["territory", "rank"], kind="stable", na_position="last")
    frame = frame.reset_index(drop=True)
    params = market.parameters
    reasons = [
        _reason(row, params.lookback_months, params.currency, language)
        for row in frame.itertuples(index=False)
    ]
    cadence = np.searchsorted(np.asarray(CADENCE_RANKS), frame["rank"].to_numpy(), side="left")
    frame["reason"] = pd.Series(reasons, index=frame.index, dtype=str)
    frame["cadence"] = pd.Categorical.from_codes(cadence.astype(np.int8), dtype=CADENCE_DTYPE)
    return frame[list(PURSUIT_COLUMNS)]
