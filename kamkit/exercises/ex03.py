"""Exercises for lesson 3, the whole market: the five lifecycle stages of every account."""

from __future__ import annotations

import kamkit as kk

from .core import ExerciseSet, Mistake, Question, ThinkingQuestion


class StageCounts(Question):
    _title = "The stages of your territory"
    _var = "stage_counts"
    _prompt = """\
How many accounts of **your territory** are in each lifecycle stage (untouched, approached,
occasional, regular, lapsed)? Store the counts in `stage_counts`, a Series with one entry per
stage."""
    _hints = (
        "`kk.segment(market, territory=territory)` has one row per account of your territory, "
        "with its `stage`.",
        "`.value_counts()` of the `stage` column counts the accounts per stage.",
    )
    _solution = 'stage_counts = kk.segment(market, territory=territory)["stage"].value_counts()'
    _explanation = ("Every account of the territory has exactly one stage, so the counts add "
                    "up to all its accounts, prospects included.")
    _fill_value = 0
    _noun = "stage"
    _mistakes = (
        Mistake('stage_counts = kk.segment(market)["stage"].value_counts()',
                "That counts the whole market; pass `territory=territory`."),
        Mistake('seg = kk.segment(market, territory=territory)\n'
                'stage_counts = seg[seg["revenue"] > 0]["stage"].value_counts()',
                "That keeps only the accounts with revenue, so the prospects disappear; count "
                "every account of the territory."),
    )

    def _expected(self):
        seg = kk.segment(self.market, territory=self.territory)
        return seg.groupby("stage", observed=False).size()


class NeverProspected(Question):
    _title = "The accounts nobody has prospected"
    _var = "untouched"
    _prompt = """\
Make a table `untouched` of the accounts of your territory that nobody has prospected yet
(stage `untouched`): one row per account, with at least the column `account_id`. These are
the accounts a salesperson would call first when opening new doors."""
    _hint = ('Filter `kk.segment(market, territory=territory)` on `seg["stage"] == '
             '"untouched"`.')
    _solution = """\
seg = kk.segment(market, territory=territory)
untouched = seg[seg["stage"] == "untouched"]"""
    _mistakes = (
        Mistake('seg = kk.segment(market, territory=territory)\n'
                'untouched = seg[seg["visits"] == 0]',
                "Accounts without a visit in the last twelve months include customers who buy "
                "without visits and accounts contacted earlier; untouched means no purchase "
                "and no contact ever."),
    )

    def _expected(self):
        seg = kk.segment(self.market, territory=self.territory)
        return seg.loc[seg["stage"] == "untouched", ["account_id"]]


class RegularRevenueShare(Question):
    _title = "How much revenue do the regular buyers make?"
    _var = "regular_share"
    _prompt = """\
What share of your territory's revenue (last twelve months) comes from its **regular** buyers?
Store it in `regular_share` as a fraction."""
    _hint = ("Add up the `revenue` of the regular accounts and divide by the `revenue` of all "
             "the accounts of the territory.")
    _solution = """\
seg = kk.segment(market, territory=territory)
regular_share = seg.loc[seg["stage"] == "regular", "revenue"].sum() / seg["revenue"].sum()"""
    _mistakes = (
        Mistake('seg = kk.segment(market, territory=territory)\n'
                'regular_share = (seg["stage"] == "regular").mean()',
                "That is the share of *accounts* that are regular; the question asks for their "
                "share of *revenue*."),
    )

    def _expected(self):
        seg = kk.segment(self.market, territory=self.territory)
        by_stage = seg.groupby("stage", observed=False)["revenue"].sum()
        return by_stage["regular"] / by_stage.sum()


class NewBuyers(Question):
    _title = "Prospects that became buyers in a year"
    _var = "new_buyers"
    _prompt = """\
`kk.stage_transitions(market, before, after, territory=territory)` counts how many accounts
moved from each stage (rows, at `before`) to each stage (columns, at `after`). How many accounts
of your territory that had **never bought** a year ago (untouched or approached) are buyers
now (occasional or regular)? Store the number in `new_buyers`; use
`market.as_of - pd.DateOffset(years=1)` as `before` and `market.as_of` as `after`."""
    _hints = (
        "Select the rows untouched and approached and the columns occasional and regular: "
        '`moves.loc[["untouched", "approached"], ["occasional", "regular"]]`.',
        "`.to_numpy().sum()` adds up every cell of a table.",
    )
    _solution = """\
moves = kk.stage_transitions(market, market.as_of - pd.DateOffset(years=1), market.as_of,
                             territory=territory)
new_buyers = moves.loc[["untouched", "approached"], ["occasional", "regular"]].to_numpy().sum()"""
    _explanation = "New buyers are the proof that prospecting work pays off."
    _mistakes = (
        Mistake('moves = kk.stage_transitions(market, market.as_of - pd.DateOffset(years=1),\n'
                '                             market.as_of, territory=territory)\n'
                'new_buyers = moves.loc[["untouched", "approached", "lapsed"],\n'
                '                      ["occasional", "regular"]].to_numpy().sum()',
                "Lapsed customers who came back had bought before: they are won back, not new "
                "buyers."),
        Mistake('moves = kk.stage_transitions(market, market.as_of - pd.DateOffset(years=1),\n'
                '                             market.as_of)\n'
                'new_buyers = moves.loc[["untouched", "approached"],\n'
                '                       ["occasional", "regular"]].to_numpy().sum()',
                "That counts the whole market; pass `territory=territory`."),
    )

    def _expected(self):
        import pandas as pd

        m = self.market
        flows = kk.stage_flows(m, m.as_of - pd.DateOffset(years=1), m.as_of,
                               territory=self.territory)
        was = flows["from_stage"].astype(str).isin(["untouched", "approached"])
        now = flows["to_stage"].astype(str).isin(["occasional", "regular"])
        return int(flows.loc[was & now, "accounts"].sum())


class WhyAllAccounts(ThinkingQuestion):
    _title = "Why start from all the accounts?"
    _prompt = """\
Most sales reports start from the invoices. Why does KAM start from **all** the accounts of the
market, including those nobody has ever prospected? What would a territory plan miss if it
started from the sales report?"""
    _hint = "Look at your `stage_counts`: which stages would a sales report never show?"
    _discussion = """\
A sales report only shows accounts that bought, so it shows regular and occasional buyers (and,
if you look back far enough, the lapsed ones). The untouched and approached accounts -- often
the largest groups -- are invisible, and a plan built on the report can only ask "how do we sell
more to the same customers?".

Starting from every account makes the whole market visible: where each account stands, how
many could still be won, and whether the territory moves accounts forward (prospects approached,
approached accounts converted, occasional buyers made regular, lapsed customers won back). Each
stage asks something different of the salesperson: open the door, convert, grow the frequency,
protect, win back."""


QUESTIONS = [StageCounts, NeverProspected, RegularRevenueShare, NewBuyers, WhyAllAccounts]

EXERCISES = ExerciseSet(
    QUESTIONS, number=3, title="The whole market", lesson="03_whole_market", module=__name__,
    intro="Where every account of your territory stands in the lifecycle, and what moved in a "
          "year.",
)
__all__ = EXERCISES.bind(globals())
