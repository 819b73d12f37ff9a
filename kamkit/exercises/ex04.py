"""Exercises for lesson 4, potential and share of wallet: the portfolio matrix."""

from __future__ import annotations

import kamkit as kk

from .core import ExerciseSet, Mistake, Question, ThinkingQuestion


class QuadrantCounts(Question):
    _title = "The quadrants of your territory"
    _var = "quadrant_counts"
    _prompt = """\
Each account sits in one box of the portfolio matrix: `key` (high potential, high share),
`conquer` (high potential, low share), `maintain` (low potential, high share) or `monitor`
(low, low). How many accounts of **your territory** are in each quadrant? Store the counts in
`quadrant_counts`, a Series with one entry per quadrant."""
    _hint = ("Count the values of the `quadrant` column of "
             "`kk.segment(market, territory=territory)`.")
    _solution = ('quadrant_counts = kk.segment(market, territory=territory)["quadrant"]'
                 '.value_counts()')
    _fill_value = 0
    _noun = "quadrant"
    _mistakes = (
        Mistake('quadrant_counts = kk.segment(market)["quadrant"].value_counts()',
                "That counts the whole market; pass `territory=territory`."),
    )

    def _expected(self):
        seg = kk.segment(self.market, territory=self.territory)
        return seg.groupby("quadrant", observed=False).size()


class AccountShareOfWallet(Question):
    _title = "The share of wallet of one account"
    _var = "top_account_share"
    _prompt = """\
Take the **regular buyer** of your territory with the largest potential. Its *share of wallet*
is what
it bought from us in the window (`revenue`, the last `lookback_months` months) divided by
what it could buy in the same period: its yearly `potential` times `lookback_months / 12`.
Compute it yourself from `revenue` and `potential` and store it in `top_account_share`."""
    _hints = (
        'Keep the regular buyers, `regular = seg[seg["stage"] == "regular"]`; then '
        '`regular.loc[regular["potential"].idxmax()]` is the row with the largest potential.',
        "`market.parameters.lookback_months` is the length of the window in months.",
    )
    _solution = """\
seg = kk.segment(market, territory=territory)
regular = seg[seg["stage"] == "regular"]
top = regular.loc[regular["potential"].idxmax()]
months = market.parameters.lookback_months
top_account_share = top["revenue"] / (top["potential"] * months / 12)"""
    _explanation = ("kamkit's `share_of_wallet` column holds the same number for every "
                    "account; a low share on a large wallet is where the growth is.")
    _mistakes = (
        Mistake('seg = kk.segment(market, territory=territory)\n'
                'top = seg.loc[seg["potential"].idxmax()]\n'
                'months = market.parameters.lookback_months\n'
                'top_account_share = top["revenue"] / (top["potential"] * months / 12)',
                "That is the largest potential of all the accounts; keep the regular buyers "
                "first."),
        Mistake('seg = kk.segment(market, territory=territory)\n'
                'regular = seg[seg["stage"] == "regular"]\n'
                'top = regular.loc[regular["potential"].idxmax()]\n'
                'top_account_share = top["potential"] / top["revenue"]',
                "The share of wallet is revenue divided by potential, not the other way round."),
    )

    def _expected(self):
        seg = kk.segment(self.market, territory=self.territory)
        regular = seg[seg["stage"] == "regular"]
        return regular.loc[regular["potential"].idxmax(), "share_of_wallet"]


class HighPotentialCut(Question):
    _title = "Where does high potential start?"
    _var = "potential_cut"
    _prompt = """\
An account has *high potential* when its potential is at or above a quantile of the potential
of **all the accounts of the market** (estimated potentials included); the quantile is the
parameter `market.parameters.potential_quantile` (0.75 by default: the top quarter). Compute
that cut and store it in `potential_cut`."""
    _hints = (
        "The `potential` column of `kk.segment(market)` holds every account's potential, given "
        "or estimated.",
        "`series.quantile(q)` gives the quantile `q` of a column.",
    )
    _solution = """\
q = market.parameters.potential_quantile
potential_cut = kk.segment(market)["potential"].quantile(q)"""
    _explanation = ("The same cut applies to every territory, so a high-potential account "
                    "means the same thing everywhere.")
    _mistakes = (
        Mistake('q = market.parameters.potential_quantile\n'
                'potential_cut = kk.segment(market, territory=territory)["potential"].quantile(q)',
                "That is the cut within your territory; the cut is computed over all the "
                "accounts of the market."),
        Mistake('potential_cut = kk.segment(market)["potential"].median()',
                "The median is the 0.5 quantile; use the potential_quantile parameter."),
    )

    def _expected(self):
        import numpy as np

        seg = kk.segment(self.market)
        potential = seg["potential"].dropna().to_numpy(dtype="float64")
        return float(np.quantile(potential, self.market.parameters.potential_quantile))


class ConquerGap(Question):
    _title = "The revenue waiting in the conquer accounts"
    _var = "conquer_gap"
    _prompt = """\
The `gap` of an account is the part of its potential we do not win yet (potential over the
last twelve months minus what it bought from us). How much is the total gap of the **conquer**
accounts of your territory? Store it in `conquer_gap`."""
    _hint = 'Add up the `gap` column of the rows where `seg["quadrant"] == "conquer"`.'
    _solution = """\
seg = kk.segment(market, territory=territory)
conquer_gap = seg.loc[seg["quadrant"] == "conquer", "gap"].sum()"""
    _explanation = "This is the money on the table: the size of the prize for pursuing them."
    _mistakes = (
        Mistake('seg = kk.segment(market, territory=territory)\n'
                'conquer_gap = seg.loc[seg["quadrant"] == "conquer", "potential"].sum()',
                "That adds up the whole potential; the gap leaves out what these accounts "
                "already buy from us."),
    )

    def _expected(self):
        seg = kk.segment(self.market, territory=self.territory)
        conquer = seg[seg["quadrant"] == "conquer"]
        wallet = conquer["potential"] * self.market.parameters.lookback_months / 12
        return (wallet - conquer["revenue"]).clip(lower=0).sum()


class LoyaltyQuadrant(ThinkingQuestion):
    _title = "Which quadrant calls for a loyalty programme?"
    _var = "loyalty_quadrant"
    _choices = ("key", "conquer", "maintain", "monitor")
    _prompt = """\
A loyalty programme (points, discounts for volume, a gift at the end of the year) rewards what
customers already buy. In which quadrant does that treatment fit best? Write the quadrant's
code in `loyalty_quadrant` (`"key"`, `"conquer"`, `"maintain"` or `"monitor"`), check it, then
read the discussion with `solution()`: why is a loyalty programme not KAM?"""
    _hint = ("Which accounts already give you a large part of what they buy, but cannot buy "
             "much more? `kk.strategy(quadrant)` describes each treatment.")
    _solution = 'loyalty_quadrant = "maintain"'
    _discussion = """\
**maintain** (low potential, high share): these accounts already give us most of their wallet
and cannot grow much; the job is to keep them at a low cost to serve, and rewarding loyalty
through cheap channels fits that.

It is not KAM because it only looks backwards, at what accounts already buy. **Key** accounts
need an account plan, a named owner and senior contact, not points; **conquer** accounts have
most of their wallet with competitors, so a programme rewarding purchases they do not make
never reaches them; **monitor** accounts are served through low-cost channels. KAM decides
the treatment account by account from potential and share -- a loyalty programme is one tool
for one box of the matrix."""
    _mistakes = (
        Mistake('loyalty_quadrant = "key"',
                "Key accounts have a high potential: they need an account plan and senior "
                "contact, more than rewards for what they already buy."),
        Mistake('loyalty_quadrant = "conquer"',
                "Conquer accounts buy most of their needs elsewhere: rewards on purchases "
                "they do not make will not reach them."),
    )


class EstimatedPotential(ThinkingQuestion):
    _title = "Trusting an estimated potential"
    _prompt = """\
Some accounts have no potential on file, so kamkit estimates it from what comparable accounts
of the same segment spend (a high quantile of their yearly purchases). Look at the conquer
accounts of your territory whose `potential_estimated` is True. Before a salesperson spends a
month of visits on one of them, what would you check, and with whom?"""
    _hint = ("An estimate assumes the account is like the big buyers of its segment. What could "
             "make it smaller -- or larger?")
    _discussion = """\
The estimate says "accounts like this one buy about this much": it is a starting point, not a
fact. Before investing visits, check it with the salesperson and, ideally, with the account:
its size (employees, sites, production), whether it buys the product families we sell, who
supplies it today and how much, and whether it is really in the segment it is filed under.
Then write the checked potential into the accounts sheet: the next review uses a number
somebody stands behind, and the estimate stops being needed."""


QUESTIONS = [QuadrantCounts, AccountShareOfWallet, HighPotentialCut, ConquerGap, LoyaltyQuadrant,
             EstimatedPotential]

EXERCISES = ExerciseSet(
    QUESTIONS, number=4, title="Potential and share of wallet",
    lesson="04_potential_and_share_of_wallet", module=__name__,
    intro="Place your territory in the portfolio matrix, compute a share of wallet by hand, "
          "find where high potential starts, size the prize in the conquer box, and decide "
          "what a loyalty programme is for.",
)
__all__ = EXERCISES.bind(globals())
