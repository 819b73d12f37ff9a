"""Exercises for lesson 2, concentration: Pareto, ABC classes, Lorenz and Gini."""

from __future__ import annotations

import kamkit as kk

from .core import ExerciseSet, Mistake, Question, ThinkingQuestion


class TopTenShare(Question):
    # what the notebook shows
    _title = "The share of revenue of the top 10%"
    _prompt = """\
What share of your territory's revenue of the last twelve months do the top 10% of its buying
accounts make? Store it in `top10_share` as a fraction (0.25 means 25%)."""
    # the learner's variable: the notebook's answer cell starts as `top10_share = ____`
    _var = "top10_share"
    # q1.hint() and q1.solution(); the solution may use kk, pd, np, market and territory
    _hint = ("`kk.top_share(market, 0.1, territory=territory)` ranks the buying accounts of "
             "your territory and adds up the top 10%.")
    _solution = "top10_share = kk.top_share(market, 0.1, territory=territory)"
    # shown with "Correct"
    _explanation = "Compare it with the 50-60% of the blog post's claim."
    # plausible wrong answers, each with what to tell the learner who gives it
    _mistakes = (
        Mistake("top10_share = 100 * kk.top_share(market, 0.1, territory=territory)",
                "Write shares as fractions between 0 and 1 (0.6 is 60%)."),
        Mistake("top10_share = kk.top_share(market, 0.1)",
                "That is the whole market; pass `territory=territory`."),
        Mistake('table = kk.pareto_table(market, territory=territory)\n'
                'top10_share = table.head(10)["share"].sum()',
                "That is the share of the top 10 accounts, not of the top 10% of accounts."),
    )

    # the right answer, computed on the learner's market at the first check
    def _expected(self):
        table = kk.pareto_table(self.market, territory=self.territory)
        top = -(-len(table) // 10)  # ceil(10% of the buying accounts)
        return table["share"].head(top).sum()


class AAccounts(Question):
    _title = "The A accounts"
    _var = "a_accounts"
    _prompt = """\
The ABC classes rank the buying accounts of the whole market by revenue: the A accounts are the
smallest top group that makes half of the revenue (with the default parameters). Make a table
`a_accounts` with one row per A account of the whole market (it needs at least the column
`account_id`)."""
    _hint = ('`kk.segment(market)` has a column `abc_class`; keep the rows where it is "A": '
             '`seg[seg["abc_class"] == "A"]`.')
    _solution = """\
seg = kk.segment(market)
a_accounts = seg[seg["abc_class"] == "A"]"""
    _explanation = "Count them: a small group of accounts carries half of the revenue."
    _mistakes = (
        Mistake('a_accounts = kk.pareto_table(market).head(10)',
                "That is the top 10 accounts; the A class is as many accounts as it takes to "
                "reach half of the revenue."),
        Mistake('seg = kk.segment(market, territory=territory)\n'
                'a_accounts = seg[seg["abc_class"] == "A"]',
                "That keeps only your territory; the question asks for the whole market."),
    )

    def _expected(self):
        table = kk.pareto_table(self.market)
        return table.loc[table["abc_class"] == "A", ["account_id"]]


class RealDataHalf(Question):
    _title = "Real data: how few customers make half the revenue?"
    _var = "uk_half"
    _prompt = """\
Does the 5-10% claim hold on real data? `kk.load_online_retail()` loads the invoices of a UK
gift-ware wholesaler (the UCI Online Retail data set). What share of its buying customers makes
half of its revenue? Store it in `uk_half` as a fraction."""
    _hint = "`kk.accounts_share_for(data, 0.5)` answers \"what share of accounts makes 50%?\"."
    _solution = """\
retail = kk.load_online_retail()
uk_half = kk.accounts_share_for(retail, 0.5)"""
    _explanation = "Between 5% and 10%: the post's rule of thumb holds for this wholesaler."
    _mistakes = (
        Mistake("uk_half = kk.accounts_share_for(market, 0.5)",
                "That is your market; the question is about the UK wholesaler "
                "(`kk.load_online_retail()`)."),
        Mistake("uk_half = kk.top_share(kk.load_online_retail(), 0.5)",
                "That is the share of revenue of the top half of the customers; the question "
                "asks for the share of customers that makes half of the revenue."),
    )

    def _expected(self):
        table = kk.pareto_table(kk.load_online_retail())
        reach = table["cumulative_share"].searchsorted(0.5 - 1e-9) + 1
        return reach / len(table)


class TerritoryGini(Question):
    _title = "How unequal is your territory?"
    _var = "gini_territory"
    _prompt = """\
The Gini coefficient sums up the Lorenz curve in one number: 0 when every buying account buys
the same, close to 1 when one account makes everything. Compute it for the buying accounts of
**your territory** and store it in `gini_territory`."""
    _hint = "`kk.gini` takes the market and `territory=territory`."
    _solution = "gini_territory = kk.gini(market, territory=territory)"
    _mistakes = (
        Mistake("gini_territory = kk.gini(market)",
                "That is the whole market; pass `territory=territory`."),
    )

    def _expected(self):
        return kk.gini(kk.segment(self.market, territory=self.territory))


class WhatConcentrationJustifies(ThinkingQuestion):
    _title = "What does concentration justify?"
    _prompt = """\
Your numbers show revenue is concentrated. Name one decision this evidence justifies, and one
it does **not** justify. Think of the accounts that do not appear in the Pareto table at all."""
    _hint = "The Pareto table only lists accounts that bought in the last twelve months."
    _discussion = """\
It justifies treating accounts differently: the A accounts deserve named owners and account
plans, and losing one of them hurts far more than losing a C account.

It does not justify concluding that *only* the A accounts matter. The Pareto table ranks past
revenue of accounts that already buy; it is blind to potential. An account that buys little
today may have a large wallet spent with competitors, and the prospects never visited are not
in the table at all. Concentration tells you who carries the revenue today; potential and share
of wallet (lesson 4) tell you where tomorrow's revenue is."""


class WhichMarketIsYours(ThinkingQuestion):
    _title = "Which real market does yours resemble?"
    _var = "resembles"
    _choices = ("UK wholesaler", "Portuguese distributor")
    _prompt = """\
Lesson 2 compared two real wholesalers: the UK gift-ware wholesaler (`kk.load_online_retail()`),
where a tenth of the customers make most of the revenue, and the Portuguese food distributor
(`kk.load_uci_wholesale()`), whose many cafés, restaurants and shops spread it. Compare the share
of revenue of the top 10% of buying accounts in **your whole market** with theirs, and write
the closer one in `resembles`: `"UK wholesaler"` or `"Portuguese distributor"`. Then read the
discussion with `solution()`: why does your business look like that?"""
    _hint = ("`kk.concentration_summary(data)[\"top_10pct_share\"]` gives the share for a market; "
             "compute it for `market`, `kk.load_online_retail()` and `kk.load_uci_wholesale()` "
             "and see which of the two is nearer to yours.")
    _solution = """\
top10 = {name: kk.concentration_summary(data)["top_10pct_share"]
         for name, data in [("mine", market), ("UK wholesaler", kk.load_online_retail()),
                            ("Portuguese distributor", kk.load_uci_wholesale())]}
resembles = min(["UK wholesaler", "Portuguese distributor"],
                key=lambda name: abs(top10[name] - top10["mine"]))"""
    _discussion = """\
Concentration follows the shape of the customer base, not a law of sales. A business that sells
to a few large buyers -- industrial groups, chains, big distributors -- looks like the UK
wholesaler: a short A list carries the revenue, and losing one account hurts. A business that
sells to many similar, mid-sized buyers -- cafés, shops, workshops, clinics -- looks like the
Portuguese distributor: no short list carries it, and the revenue is in covering the whole
market well.

Either way the KAM conclusion is the same: look at the whole market, prospects included, and
decide the treatment account by account from potential and share of wallet. In a concentrated
market the risk is to pamper the A list and ignore the accounts to conquer; in a spread market
the risk is to treat everyone the same and never name the few accounts with the most potential."""
    _mistakes = (
        Mistake('resembles = "Portuguese distributor"',
                "Compare the three top-10% shares again: yours is nearer to the UK "
                "wholesaler's. A few accounts carry your revenue."),
    )

    def _expected(self):
        mine = kk.concentration_summary(self.market)["top_10pct_share"]
        uk = kk.concentration_summary(kk.load_online_retail())["top_10pct_share"]
        pt = kk.concentration_summary(kk.load_uci_wholesale())["top_10pct_share"]
        return "UK wholesaler" if abs(uk - mine) <= abs(pt - mine) else "Portuguese distributor"


QUESTIONS = [TopTenShare, AAccounts, RealDataHalf, TerritoryGini, WhatConcentrationJustifies,
             WhichMarketIsYours]

EXERCISES = ExerciseSet(
    QUESTIONS, number=2, title="Concentration", lesson="02_concentration", module=__name__,
    intro="Check the \"5-10% of customers make 50-60% of revenue\" claim on your market and on "
          "real data, find the A accounts, measure how unequal your territory is, and see which "
          "real market yours resembles.",
)
__all__ = EXERCISES.bind(globals())
