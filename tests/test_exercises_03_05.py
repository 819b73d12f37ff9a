"""The salesperson's questions of exercise sets 3, 4 and 5 can be answered from what
``qN.show()`` displays: the right answer, worked out by hand from the table a learner reads (in
English and in Portuguese), is the answer the check expects."""

from __future__ import annotations

import re
from contextlib import contextmanager

import pandas as pd
import pytest

import kamkit as kk
from kamkit.exercises import ex03, ex04, ex05
from kamkit.presentation.i18n import format_share

LANGUAGES = ("en", "pt-BR")


@pytest.fixture(scope="module")
def sample():
    return kk.load_sample()


@pytest.fixture
def shown(sample):
    """``with shown(ex03, "q6", language) as (q, table)``: a question of a set, set up on the
    sample's Sul in ``language``, and the table its ``qN.show()`` displays."""

    @contextmanager
    def question(module, name: str, language: str):
        with module.EXERCISES.using(sample, territory="Sul", language=language):
            q = getattr(module, name)
            yield q, q.table()

    return question


def _number(text: str, language: str) -> float:
    """A number as the table shows it: "BRL 1,012,000", "R$ 1.012.000", "34,1%", "1.677"."""
    digits = re.sub(r"[^\d.,-]", "", text)
    if language == "pt-BR":
        digits = digits.replace(".", "").replace(",", ".")
    else:
        digits = digits.replace(",", "")
    return float(digits)


def _column(table, start: str):
    return next(c for c in table.columns if str(c).startswith(start))


@pytest.mark.parametrize("language", LANGUAGES)
def test_stages_follow_from_the_facts_shown(sample, shown, language):
    pt = language == "pt-BR"
    with shown(ex03, "q6", language) as (q, table):
        months = _column(table, "meses com compra" if pt else "months with a purchase")
        n = int(re.search(r"(\d+)\)$", months).group(1))
        before = table["comprou antes?" if pt else "bought before?"]
        contact = table["último contato" if pt else "last contact"]
        by_hand = []
        for m, b, c in zip(table[months], before, contact):
            if m >= n:
                by_hand.append("regular")
            elif m > 0:
                by_hand.append("occasional")
            elif b == ("sim" if pt else "yes"):
                by_hand.append("lapsed")
            elif c != ("nunca" if pt else "never"):
                by_hand.append("approached")
            else:
                by_hand.append("untouched")
        assert by_hand == q.expected()
        assert len(set(by_hand)) == 5  # the sample's Sul shows every stage
        assert q.outcome(stages=[kk.label(s, language) for s in by_hand]).kind == "correct"


@pytest.mark.parametrize("language", LANGUAGES)
def test_slipped_regulars_are_read_from_the_regular_row(sample, shown, language):
    with shown(ex03, "q7", language) as (q, table):
        row = table.loc[kk.label("regular", language)]
        read = sum(_number(row[kk.label(s, language)], language) for s in ("occasional", "lapsed"))
        assert read == q.expected() > 0
        # by hand: the regular buyers of a year ago that are occasional or lapsed today
        import pandas as pd

        seg = kk.segment(sample, territory="Sul")
        before = kk.segment(sample, territory="Sul", as_of=sample.as_of - pd.DateOffset(years=1))
        regular_then = set(before.loc[before["stage"] == "regular", "account_id"])
        now = seg.set_index("account_id")["stage"].astype(str)
        assert sum(now[a] in ("occasional", "lapsed") for a in regular_then) == read


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_stage_with_the_most_to_win_is_read_from_the_table(sample, language):
    with ex03.EXERCISES.using(sample, territory="Sul", language=language):
        q = ex03.q8
        by, table = q._stage_table()
        assert list(table.iloc[:, 0]) == [kk.label(s, language) for s in kk.STAGES]
        letter = q.expected()
        assert letter == "a" and table.iloc[q.letters.index(letter), 0] == kk.label(
            "untouched", language
        )
        assert by["gap"].idxmax() == "untouched" and by["revenue"].idxmax() == "regular"


@pytest.mark.parametrize("language", LANGUAGES)
def test_quadrants_follow_from_the_cuts_in_the_header(sample, shown, language):
    pt = language == "pt-BR"
    with shown(ex04, "q7", language) as (q, table):
        pot = _column(table, "potencial anual" if pt else "yearly potential")
        share = _column(table, "participação" if pt else "share of potential")
        cut = _number(
            re.search(r"\((?:alto a partir de|high from) (.+)\)$", pot).group(1), language
        )
        threshold = _number(
            re.search(r"\((?:alta a partir de|high from) (.+)\)$", share).group(1), language
        )
        by_hand = []
        for p, s in zip(table[pot], table[share]):
            high_p, high_s = _number(p, language) >= cut, _number(s, language) >= threshold
            by_hand.append(
                {
                    (True, True): "key",
                    (True, False): "conquer",
                    (False, True): "maintain",
                    (False, False): "monitor",
                }[(high_p, high_s)]
            )
        assert by_hand == q.expected()
        assert set(by_hand) == set(kk.QUADRANTS)
        assert cut == pytest.approx(
            kk.segment(sample)["potential"].quantile(sample.parameters.potential_quantile), abs=0.5
        )


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_conquer_share_of_the_gap_is_in_the_table(sample, shown, language):
    with shown(ex04, "q8", language) as (q, table):
        row = table[table.iloc[:, 0] == kk.label("conquer", language)].iloc[0]
        shown = row.iloc[-1]
        assert shown == format_share(q.expected(), language)
        assert q.outcome(conquer_share=_number(shown, language)).kind == "correct"
        seg = kk.segment(sample, territory="Sul")
        assert q.expected() == pytest.approx(
            seg.loc[seg["quadrant"] == "conquer", "gap"].sum() / seg["gap"].sum()
        )


def _all_steps_by_hand(market) -> dict:
    """Each account's steps counted without kamkit's code: its interactions from the first day
    of the 12th calendar month before as_of's month up to the whole as_of day whose outcome, in
    lower case without accents, holds no negative phrase as whole words (a blank one counts)."""
    import unicodedata

    from kamkit.analysis.pursuit import NEGATIVE_OUTCOMES

    as_of = market.as_of
    start = (as_of.to_period("M") - (market.parameters.lookback_months - 1)).to_timestamp()
    end = as_of.normalize() + pd.Timedelta(days=1)
    steps: dict = {}
    visits = market.visits
    for account, date, outcome in zip(
        visits["account_id"].astype(object), visits["date"], visits["outcome"]
    ):
        if not isinstance(account, str) or not (start <= date < end):
            continue
        text = outcome if isinstance(outcome, str) else ""
        plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
        words = f" {' '.join(re.findall(r'[a-z0-9]+', plain))} "
        step = not any(f" {phrase} " in words for phrase in NEGATIVE_OUTCOMES)
        steps[account] = steps.get(account, 0) + step
    return steps


def test_the_pursuit_ranks_of_the_lesson_5_questions_follow_the_score_by_hand(sample):
    """The ranks q2 (the first five) and q4 (the cadence) expect, recomputed: the conquer
    accounts in a candidate stage, by gap x (1 + 0.5 x min(steps, 3) / 3), then potential,
    then code; steps counted by hand."""
    steps = _all_steps_by_hand(sample)
    seg = kk.segment(sample, territory="Sul")
    stages = ("untouched", "approached", "occasional", "lapsed")
    candidates = seg[(seg["quadrant"] == "conquer") & seg["stage"].isin(stages)]
    scored = sorted(
        (
            -gap * (1 + 0.5 * min(steps.get(account, 0), 3) / 3),
            -potential,
            account,
        )
        for account, gap, potential in zip(
            candidates["account_id"], candidates["gap"], candidates["potential"]
        )
    )
    by_hand = [account for _, _, account in scored]
    listed = seg[seg["priority"].notna()].sort_values("priority")
    assert listed["account_id"].tolist() == by_hand
    with ex05.EXERCISES.using(sample, territory="Sul"):
        assert ex05.q2.expected() == by_hand[:5]
        per_month = ex05.q4.expected()
        rhythm = [2.0 if r <= 10 else 1.0 if r <= 30 else 1 / 3 for r in range(1, len(by_hand) + 1)]
        people = dict(zip(seg["account_id"], seg["salesperson"]))
        totals: dict = {}
        for account, visits in zip(by_hand, rhythm):
            totals[people[account]] = totals.get(people[account], 0) + visits
        assert per_month.to_dict() == pytest.approx(totals)


@pytest.mark.parametrize("language", LANGUAGES)
def test_pursuit_order_follows_from_the_weighted_gaps_shown(sample, shown, language):
    """The score rewards progress (issue 14): gap x (1 + 0.5 x min(steps, 3) / 3), the steps
    being the interactions of the window whose outcome is not negative."""
    pt = language == "pt-BR"
    with shown(ex05, "q6", language) as (q, table):
        steps_column = _column(table, "avanços" if pt else "steps")
        by_hand_steps = _all_steps_by_hand(sample)
        assert not any("contact" in str(c) or "contato" in str(c) for c in table.columns)
        weighted = {}
        for _, row in table.iterrows():
            gap = _number(
                row["potencial ainda não ganho" if pt else "potential not yet won"], language
            )
            steps = int(row[steps_column])
            assert steps == by_hand_steps.get(row["conta" if pt else "account"], 0)
            weighted[row["letra" if pt else "letter"]] = gap * (1 + 0.5 * min(steps, 3) / 3)
        by_hand = sorted(weighted, key=weighted.get, reverse=True)
        assert by_hand == q.expected()
        # the five shown are not in the order of their gaps: the steps decide
        gaps = {
            row["letra" if pt else "letter"]: _number(
                row["potencial ainda não ganho" if pt else "potential not yet won"], language
            )
            for _, row in table.iterrows()
        }
        assert sorted(gaps, key=gaps.get, reverse=True) != by_hand
        # the two plausible mistakes give two different wrong orders
        wrong = [q.run(m.code)[0] for m in q._mistakes]
        assert len({tuple(w) for w in wrong}) == 2 and by_hand not in wrong


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_share_of_visits_to_the_pursuit_list_is_on_the_total_row(sample, shown, language):
    with shown(ex05, "q7", language) as (q, table):
        total = table.iloc[-1]
        assert total.iloc[0] == (
            "total do território" if language == "pt-BR" else "territory total"
        )
        assert total.iloc[-1] == format_share(q.expected(), language)
        assert _number(total.iloc[4], language) / _number(total.iloc[3], language) == (
            pytest.approx(q.expected())
        )
        pursuit = kk.pursuit_list(sample, territory="Sul")
        seg = kk.segment(sample, territory="Sul").set_index("account_id")
        assert q.expected() == pytest.approx(
            seg.loc[pursuit["account_id"], "visits"].sum() / seg["visits"].sum()
        )
