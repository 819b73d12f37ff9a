"""Exercises for lesson 8, territory review: the evolution of each territory."""

from __future__ import annotations

import kamkit as kk

from .core import ExerciseSet, Mistake, Question, ThinkingQuestion


def _stage_count(market, as_of, territory, stage: str) -> int:
    seg = kk.segment(market, as_of=as_of, territory=territory)
    return int((seg["stage"] == stage).sum())


class LapsedChange(Question):
    _title = "Lapsed customers since the previous review"
    _var = "lapsed_change"
    _prompt = """\
`kk.scorecard(market, territory=territory)` is your territory's review: stage counts now and
their change since the previous review (by default the end of the month three months before).
By how much did the number of **lapsed** customers of your territory change since the previous
review? Store the change (a negative number if it fell) in `lapsed_change`."""
    _hints = (
        "The scorecard has a column `lapsed_change`.",
        "The scorecard of one territory has one row: take the value with `.iloc[0]`.",
    )
    _solution = """\
card = kk.scorecard(market, territory=territory)
lapsed_change = card["lapsed_change"].iloc[0]"""
    _explanation = "Which accounts are they, and could their lapse have been seen coming?"
    _mistakes = (
        Mistake('card = kk.scorecard(market, territory=territory)\n'
                'lapsed_change = card["lapsed"].iloc[0]',
                "That is the number of lapsed customers now; the question asks for the change "
                "since the previous review."),
        Mistake('card = kk.scorecard(market)\n'
                'lapsed_change = card.loc[card["territory"] == "all", "lapsed_change"].iloc[0]',
                'That is the row "all", the whole market; take your territory\'s row.'),
    )

    def _expected(self):
        m = self.market
        before = kk.previous_review(m.as_of)
        return (_stage_count(m, m.as_of, self.territory, "lapsed")
                - _stage_count(m, before, self.territory, "lapsed"))


class ReviewConversions(Question):
    _title = "Conversions since the previous review"
    _var = "conversions"
    _prompt = """\
A *conversion* is an account that was not buying at the previous review (untouched, approached
or lapsed) and buys now (occasional or regular). How many conversions did your territory make
since the previous review? Store the number in `conversions`."""
    _hint = "The scorecard has a column `conversions`."
    _solution = """\
card = kk.scorecard(market, territory=territory)
conversions = card["conversions"].iloc[0]"""
    _mistakes = (
        Mistake('card = kk.scorecard(market)\n'
                'conversions = card.loc[card["territory"] == "all", "conversions"].iloc[0]',
                'That is the row "all", the whole market; take your territory\'s row.'),
        Mistake('card = kk.scorecard(market, territory=territory)\n'
                'conversions = card["regular_change"].iloc[0]',
                "The change in regular buyers mixes conversions, occasional buyers becoming "
                "regular, and regular buyers slipping back; use the conversions column."),
    )

    def _expected(self):
        m = self.market
        moves = kk.stage_transitions(m, kk.previous_review(m.as_of), m.as_of,
                                     territory=self.territory)
        return int(moves.loc[["untouched", "approached", "lapsed"],
                             ["occasional", "regular"]].to_numpy().sum())


class BestCoverage(Question):
    _title = "Which territory covers its high-potential accounts best?"
    _var = "best_coverage"
    _prompt = """\
`coverage` in the scorecard is the share of a territory's key and conquer accounts with at
least one contact in the last twelve months. Which territory has the **highest** coverage?
Store its name in `best_coverage` (a text). Leave the row `"all"` (the whole market) out."""
    _hint = ('`card = kk.scorecard(market)` has one row per territory plus "all"; keep '
             '`card[card["territory"] != "all"]` and find the row with the largest `coverage`.')
    _solution = """\
card = kk.scorecard(market)
card = card[card["territory"] != "all"]
best_coverage = card.loc[card["coverage"].idxmax(), "territory"]"""
    _explanation = "Ask that territory's team how they do it: the best practice is in the house."
    _mistakes = (
        Mistake('card = kk.scorecard(market)\n'
                'card = card[card["territory"] != "all"]\n'
                'best_coverage = card.loc[card["revenue"].idxmax(), "territory"]',
                "That is the territory with the most revenue; the question is about coverage."),
        Mistake('card = kk.scorecard(market)\n'
                'card = card[card["territory"] != "all"]\n'
                'best_coverage = card.loc[card["coverage"].idxmin(), "territory"]',
                "That is the lowest coverage; look for the highest."),
    )

    def _expected(self):
        seg = kk.segment(self.market)
        seg = seg[seg["quadrant"].isin(["key", "conquer"]) & seg["territory"].notna()]
        covered = (seg["visits"] > 0).groupby(seg["territory"]).mean()
        return covered.idxmax()


class CoverageTrend(Question):
    _title = "Your territory's coverage, quarter by quarter"
    _var = "coverage_trend"
    _prompt = """\
`kk.evolution(market, territory=territory)` repeats the scorecard at the end of each of the
last eight quarters. Make `coverage_trend`, a Series of your territory's `coverage` with one
entry per quarter (the `period` as its index). Is it going up?"""
    _hint = ('Keep your territory\'s rows of the evolution, then '
             '`.set_index("period")["coverage"]`.')
    _solution = """\
evolution = kk.evolution(market, territory=territory)
coverage_trend = evolution.set_index("period")["coverage"]"""
    _noun = "quarter"
    _mistakes = (
        Mistake('evolution = kk.evolution(market)\n'
                'mine = evolution[evolution["territory"] == "all"]\n'
                'coverage_trend = mine.set_index("period")["coverage"]',
                'That is the row "all", the whole market; keep your territory\'s rows.'),
        Mistake('evolution = kk.evolution(market, territory=territory)\n'
                'coverage_trend = evolution.set_index("period")["potential_captured"]',
                "That is the share of potential captured; the question asks for coverage."),
    )

    def _expected(self):
        m = self.market
        ends = {}
        for k in range(8):
            period = m.as_of.to_period("Q") - k
            ends[str(period)] = min(period.end_time.normalize(), m.as_of)
        values = {}
        for label, day in ends.items():
            card = kk.scorecard(m, as_of=day, territory=self.territory)
            values[label] = card["coverage"].iloc[-1]
        import pandas as pd

        return pd.Series(values).sort_index()


class RevenueUpProspectsFlat(ThinkingQuestion):
    _title = "Revenue up, prospects untouched"
    _prompt = """\
A territory's revenue grew 12% in a year, but its number of untouched accounts did not move.
The salesperson expects praise at the review. What do you say, and what do you ask?"""
    _hint = "Where did the growth come from: new accounts or the same ones?"
    _discussion = """\
Recognise the growth, then look at where it came from: if the untouched count did not move,
the growth came from the accounts already buying -- the comfort zone. That is fine for this
year and fragile for the next: a lapse or two among the top customers erases it, and the
competitors keep the prospects. Ask about the pursuit list (which high-potential prospects
were approached, with what result), agree on a cadence for the first accounts, and put the
untouched and approached counts and the conversions on the agenda of the next review -- so
the territory is judged on how it develops its whole market, not only on revenue."""


QUESTIONS = [LapsedChange, ReviewConversions, BestCoverage, CoverageTrend,
             RevenueUpProspectsFlat]

EXERCISES = ExerciseSet(
    QUESTIONS, number=8, title="Territory review", lesson="08_territory_review",
    module=__name__,
    intro="Read your territory's scorecard like a manager: what changed since the previous "
          "review, how it compares with the other territories, and where it is heading.",
)
__all__ = EXERCISES.bind(globals())
