"""Exercises for lesson 5, prospect pursuit: the high-potential accounts to conquer."""

from __future__ import annotations

import kamkit as kk

from .core import ExerciseSet, Mistake, Question, ThinkingQuestion


class PursuitList(Question):
    _title = "The pursuit list of your territory"
    _var = "pursuit"
    _prompt = """\
The pursuit list holds the high-potential accounts with a low share (the conquer quadrant) that
never, or not regularly, bought from us, ranked by the revenue they could bring. Build the
pursuit list of **your territory** and store it in `pursuit` (one row per account)."""
    _hint = "`kk.pursuit_list(market, territory=territory)`"
    _solution = "pursuit = kk.pursuit_list(market, territory=territory)"
    _explanation = "Read the `reason` column: it says in words why each account is there."
    _mistakes = (
        Mistake('seg = kk.segment(market, territory=territory)\n'
                'pursuit = seg[seg["quadrant"] == "conquer"]',
                "Regular buyers in the conquer quadrant are not pursued: they belong to "
                "account plans. The pursuit list keeps the accounts that never, or not "
                "regularly, bought."),
        Mistake('top = kk.pursuit_list(market, territory=territory)\n'
                'pursuit = pd.concat([top, top.head(3)])',
                "An account must appear once: did you add rows twice?"),
    )

    def _expected(self):
        seg = kk.segment(self.market, territory=self.territory)
        return seg.loc[seg["priority"].notna(), ["account_id"]]


class TopFive(Question):
    _title = "The first five to pursue"
    _var = "top_five"
    _prompt = """\
Which five accounts should your territory pursue first? Store their account codes in
`top_five`, a list in pursuit order (rank 1 first)."""
    _hints = (
        "`kk.pursuit_list(..., top=5)` keeps the first five ranks.",
        '`table["account_id"].tolist()` turns a column into a list.',
    )
    _solution = """\
top = kk.pursuit_list(market, territory=territory, top=5)
top_five = top["account_id"].tolist()"""
    _ordered = True
    _noun = "account"
    _mistakes = (
        Mistake('seg = kk.segment(market, territory=territory)\n'
                'conquer = seg[seg["quadrant"] == "conquer"]\n'
                'top_five = conquer.nlargest(5, "potential")["account_id"].tolist()',
                "The largest potentials are not the first to pursue: the rank weighs the gap "
                "still to win and how long since the last contact, and leaves out regular "
                "buyers."),
    )

    def _expected(self):
        seg = kk.segment(self.market, territory=self.territory)
        ranked = seg[seg["priority"].notna() & (seg["priority"] <= 5)]
        return ranked.sort_values("priority")["account_id"].tolist()


class NeverContacted(Question):
    _title = "Pursuit accounts nobody ever contacted"
    _var = "never_contacted"
    _prompt = """\
How many accounts on your territory's pursuit list has nobody **ever** contacted (no visit, call
or e-mail in the visit log)? Store the number in `never_contacted`."""
    _hint = ("In the pursuit list, `days_since_contact` is missing (NA) for an account never "
             "contacted: `.isna().sum()` counts them.")
    _solution = """\
pursuit = kk.pursuit_list(market, territory=territory)
never_contacted = pursuit["days_since_contact"].isna().sum()"""
    _explanation = ("High potential and nobody ever called: the comfort zone in one number.")
    _mistakes = (
        Mistake('pursuit = kk.pursuit_list(market, territory=territory)\n'
                'never_contacted = (pursuit["visits_without_order"] == 0).sum()',
                "`visits_without_order` counts contacts since the last purchase; an account "
                "with 0 there may well have been contacted before it bought."),
        Mistake('pursuit = kk.pursuit_list(market, territory=territory)\n'
                'never_contacted = pursuit["days_since_contact"].isna().mean()',
                "That is a share of the list; the question asks for a number of accounts."),
    )

    def _expected(self):
        seg = kk.segment(self.market, territory=self.territory)
        return int((seg["priority"].notna() & seg["last_visit"].isna()).sum())


class VisitsPerMonth(Question):
    _title = "Plan the cadence"
    _var = "visits_per_month"
    _prompt = """\
The pursuit list suggests a visit rhythm for each account (`cadence`): every 2 weeks for ranks
1-10, monthly for ranks 11-30, quarterly for the rest. How many pursuit visits a month does that
make for each salesperson of your territory? Count *every 2 weeks* as 2 visits a month,
*monthly* as 1 and *quarterly* as 1/3. Store the result in `visits_per_month`, a Series with one
entry per salesperson."""
    _hints = (
        '`pursuit["cadence"].astype(str).map({"every 2 weeks": 2, "monthly": 1, '
        '"quarterly": 1 / 3})` gives each account its visits a month.',
        '`.groupby(pursuit["salesperson"]).sum()` adds them up per salesperson.',
    )
    _solution = """\
pursuit = kk.pursuit_list(market, territory=territory)
rhythm = {"every 2 weeks": 2, "monthly": 1, "quarterly": 1 / 3}
per_month = pursuit["cadence"].astype(str).map(rhythm)
visits_per_month = per_month.groupby(pursuit["salesperson"]).sum()"""
    _explanation = ("Put it next to the visits each salesperson makes today: the time has to "
                    "come from somewhere, often from low-potential accounts.")
    _noun = "salesperson"
    _mistakes = (
        Mistake('visits_per_month = kk.pursuit_list(market, territory=territory)["salesperson"]'
                '.value_counts()',
                "That counts the accounts; weigh each one by its cadence (every 2 weeks is 2 "
                "visits a month, monthly 1, quarterly 1/3)."),
        Mistake('pursuit = kk.pursuit_list(market)\n'
                'rhythm = {"every 2 weeks": 2, "monthly": 1, "quarterly": 1 / 3}\n'
                'per_month = pursuit["cadence"].astype(str).map(rhythm)\n'
                'visits_per_month = per_month.groupby(pursuit["salesperson"]).sum()',
                "That plans the whole market; pass `territory=territory`."),
    )

    def _expected(self):
        import numpy as np

        from ..pursuit import CADENCE_RANKS

        seg = kk.segment(self.market, territory=self.territory)
        listed = seg[seg["priority"].notna()]
        rank = listed["priority"].to_numpy(dtype="int64")
        per_month = np.select([rank <= CADENCE_RANKS[0], rank <= CADENCE_RANKS[1]], [2.0, 1.0],
                              1 / 3)
        return listed.assign(per_month=per_month).groupby("salesperson")["per_month"].sum()


class ComfortZone(ThinkingQuestion):
    _title = "Leaving the comfort zone"
    _prompt = """\
A reader of the blog post behind this course wrote that the real challenge is conquering the
high-potential account that never, or almost never, bought. Your best salesperson spends most
of her week with loyal regular customers. Why does that happen, and what would make the
accounts on her pursuit list get her time?"""
    _hint = "Think about what is easy, what is measured, and what is rewarded."
    _discussion = """\
Loyal customers are comfortable: they welcome the visit, they order, and the visit report looks
good. A prospect means rejection, a buyer to find, a competitor to displace and months before
an order -- and if the review only counts visits and sales, nothing rewards trying.

What helps: a short, ranked pursuit list with a reason per account (not "go prospect more"); a
visit cadence agreed for the first accounts; moving some loyal, low-potential accounts to
cheaper channels (calls, inside sales) to free time; and a territory review that asks about
conversions and the pursuit list, not only about revenue -- so the effort is seen before the
orders come."""


QUESTIONS = [PursuitList, TopFive, NeverContacted, VisitsPerMonth, ComfortZone]

EXERCISES = ExerciseSet(
    QUESTIONS, number=5, title="Prospect pursuit", lesson="05_prospect_pursuit",
    module=__name__,
    intro="Build your territory's pursuit list, pick the first accounts, find those nobody "
          "ever contacted, and plan the visits the cadence asks for.",
)
__all__ = EXERCISES.bind(globals())
