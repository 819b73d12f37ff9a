"""Exercises for lesson 6, CRM vs KAM: is the effort where the potential is?"""

from __future__ import annotations

import kamkit as kk

from .core import ExerciseSet, Mistake, Question, ThinkingQuestion


class KeyCoverage(Question):
    _title = "How well are your key accounts covered?"
    _var = "key_contacted"
    _prompt = """\
`kk.coverage(market, territory=territory, days=90)` puts the CRM next to KAM: for each quadrant
and stage, how many accounts there are, how much potential, how many interactions, and the share
of accounts contacted in the last 90 days (`contacted_share`). What share of your territory's
**key** accounts had a contact in the last 90 days? Store it in `key_contacted`."""
    _hint = ('Keep the row where `group == "quadrant"` and `value == "key"` and take its '
             "`contacted_share` (`.iloc[0]` gives the single value).")
    _solution = """\
cov = kk.coverage(market, territory=territory, days=90)
key = (cov["group"] == "quadrant") & (cov["value"] == "key")
key_contacted = cov.loc[key, "contacted_share"].iloc[0]"""
    _explanation = "Every key account not contacted is a risk: the next question lists them."
    _mistakes = (
        Mistake('cov = kk.coverage(market, territory=territory, days=90)\n'
                'key = (cov["group"] == "quadrant") & (cov["value"] == "key")\n'
                'key_contacted = cov.loc[key, "accounts_share"].iloc[0]',
                "That is the share of the territory's accounts that are key; the question asks "
                "how many of the key accounts were contacted."),
        Mistake('cov = kk.coverage(market, territory=territory, days=90)\n'
                'key = (cov["group"] == "quadrant") & (cov["value"] == "conquer")\n'
                'key_contacted = cov.loc[key, "contacted_share"].iloc[0]',
                "That is the conquer row; take the key accounts."),
    )

    def _expected(self):
        seg = kk.segment(self.market, territory=self.territory)
        key = seg[seg["quadrant"] == "key"]
        days = key["days_since_contact"].astype("float64")
        return (days <= 90).mean() if len(key) else float("nan")


class UnvisitedKey(Question):
    _title = "Key accounts left alone"
    _var = "unvisited_key"
    _prompt = """\
Which **key** accounts of your territory had no contact (visit, call, e-mail) in the last 90
days? Store them in `unvisited_key`, a table with one row per account."""
    _hints = (
        "`kk.unvisited(market, territory=territory, days=90)` lists the key *and* conquer "
        "accounts without contact.",
        '`quadrants="key"` keeps only the key accounts.',
    )
    _solution = """\
unvisited_key = kk.unvisited(market, territory=territory, days=90, quadrants="key")"""
    _explanation = "Each of these is a risk: a large customer nobody is looking after."
    _mistakes = (
        Mistake("unvisited_key = kk.unvisited(market, territory=territory, days=90)",
                "That also lists the conquer accounts; the question asks for the key accounts."),
        Mistake('unvisited_key = kk.unvisited(market, territory=territory, days=30, '
                'quadrants="key")',
                "Check the number of days: the question says 90."),
    )

    def _expected(self):
        seg = kk.segment(self.market, territory=self.territory)
        days = seg["days_since_contact"].astype("float64")
        alone = (seg["quadrant"] == "key") & ~(days <= 90)
        return seg.loc[alone, ["account_id"]]


class LowPotentialEffort(Question):
    _title = "Effort on low-potential accounts"
    _var = "low_potential_share"
    _prompt = """\
What share of your territory's interactions of the last twelve months went to **low-potential**
accounts (the quadrants `maintain` and `monitor`)? Store it in `low_potential_share` as a
fraction."""
    _hints = (
        "`kk.coverage(market, territory=territory)` has one row per quadrant with `visits_share`.",
        'Keep the rows where `group == "quadrant"` and `value` is maintain or monitor, and add '
        "up their `visits_share`.",
    )
    _solution = """\
cov = kk.coverage(market, territory=territory)
low = (cov["group"] == "quadrant") & cov["value"].isin(["maintain", "monitor"])
low_potential_share = cov.loc[low, "visits_share"].sum()"""
    _explanation = ("Compare it with the share of the territory's potential those accounts "
                    "hold (`potential_share`).")
    _mistakes = (
        Mistake('cov = kk.coverage(market, territory=territory)\n'
                'low = (cov["group"] == "quadrant") & cov["value"].isin(["maintain", "monitor"])\n'
                'low_potential_share = cov.loc[low, "accounts_share"].sum()',
                "That is the share of *accounts* in those quadrants; the question asks for "
                "the share of *interactions*."),
    )

    def _expected(self):
        seg = kk.segment(self.market, territory=self.territory)
        low = seg["quadrant"].isin(["maintain", "monitor"])
        return seg.loc[low, "visits"].sum() / seg["visits"].sum()


class ComfortZoneSalesperson(Question):
    _title = "Who works in the comfort zone?"
    _var = "most_low_potential"
    _prompt = """\
`kk.effort_by_salesperson(market, territory=territory)` shows, for each salesperson, the share
of their interactions that go to low-potential accounts (`low_potential_visits_share`). Which
salesperson of your territory has the **highest** share? Store the name in
`most_low_potential` (a text)."""
    _hint = ('Sort the table by `low_potential_visits_share`, or use `table.loc[table['
             '"low_potential_visits_share"].idxmax(), "salesperson"]`.')
    _solution = """\
effort = kk.effort_by_salesperson(market, territory=territory)
top = effort["low_potential_visits_share"].idxmax()
most_low_potential = effort.loc[top, "salesperson"]"""
    _explanation = ("A conversation to have with numbers on the table, not a blame: what "
                    "would free their time for the high-potential accounts?")
    _mistakes = (
        Mistake('effort = kk.effort_by_salesperson(market, territory=territory)\n'
                'most_low_potential = effort["low_potential_visits_share"].max()',
                "That is the highest share itself; the question asks for the name of the "
                "salesperson who has it."),
        Mistake('effort = kk.effort_by_salesperson(market, territory=territory)\n'
                'most_low_potential = effort.loc[effort["low_potential_visits_share"].idxmin(),'
                ' "salesperson"]',
                "That is the lowest share; look for the highest."),
    )

    def _expected(self):
        seg = kk.segment(self.market, territory=self.territory)
        seg = seg.assign(low=seg["quadrant"].isin(["maintain", "monitor"]) * seg["visits"],
                         salesperson=seg["salesperson"].fillna(""))
        by = seg.groupby("salesperson")[["low", "visits"]].sum()
        return (by["low"] / by["visits"]).idxmax()


class CrmVsKam(ThinkingQuestion):
    _title = "CRM vs KAM"
    _prompt = """\
Give one question only the CRM (the visit log) can answer, one only KAM (the account strategy)
can answer, and one that needs both joined together."""
    _hint = "The CRM records what happened; KAM decides what should happen."
    _discussion = """\
- **CRM alone**: who visited which account, when, and what came out of it ("when did we last
  see this buyer, and what did they say?").
- **KAM alone**: which accounts deserve effort and what treatment each gets ("which accounts
  are key, which ones do we conquer, and which are served by phone?").
- **Both joined**: is the effort where the potential is? ("which key accounts had no visit in
  90 days?", "what share of visits goes to low-potential accounts?", "are pursuit accounts
  being called?").

CRM records the relationship; KAM decides where to put effort. One without the other is either
a diary nobody steers by, or a plan nobody checks -- they complement each other and must be
integrated."""


class MoreVisits(ThinkingQuestion):
    _title = "More visits: is KAM working?"
    _prompt = """\
The CRM report says the team made 20% more visits this quarter than last. The director is
pleased. What would you look at before concluding that KAM is working?"""
    _hint = "More effort is not the same as effort in the right places."
    _discussion = """\
Where the visits went, and what moved: the share of interactions on key and conquer accounts
against their share of the potential; how many key and conquer accounts are still without
contact; whether pursuit accounts were contacted; and, in the territory review, conversions
(prospects that started buying) and lapses. Twenty percent more visits to the same loyal,
low-potential customers is more cost, not more KAM."""


QUESTIONS = [KeyCoverage, UnvisitedKey, LowPotentialEffort, ComfortZoneSalesperson, CrmVsKam,
             MoreVisits]

EXERCISES = ExerciseSet(
    QUESTIONS, number=6, title="CRM vs KAM", lesson="06_crm_vs_kam", module=__name__,
    intro="Join the visit log with the account strategy: the coverage of your territory, key "
          "accounts left alone, effort on low-potential accounts, and what the CRM alone "
          "cannot tell.",
)
__all__ = EXERCISES.bind(globals())
