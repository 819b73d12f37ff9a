"""Exercises for lesson 1, start here: the market is every account, not only the customers."""

from __future__ import annotations

import kamkit as kk

from .core import ExerciseSet, Mistake, Question, ThinkingQuestion


class TerritorySize(Question):
    _title = "How many accounts does your territory have?"
    _var = "n_accounts"
    _prompt = """\
`kk.segment(market, territory=territory)` is the list of every account of your territory, one
row each: customers, former customers and prospects that never bought. How many accounts does
your territory have? Store the number in `n_accounts`."""
    _hint = "`len(table)` is the number of rows of a table."
    _solution = "n_accounts = len(kk.segment(market, territory=territory))"
    _explanation = ("That is your whole territory. The sales report would only show the accounts "
                    "that already bought.")
    _mistakes = (
        Mistake("n_accounts = len(market.accounts)",
                "That is every account of the market; count those of your territory "
                "(`territory=territory`)."),
        Mistake('seg = kk.segment(market, territory=territory)\n'
                'n_accounts = (seg["revenue"] > 0).sum()',
                "That counts the accounts that bought in the last twelve months; KAM counts "
                "every account of the territory, prospects included."),
    )

    def _expected(self):
        accounts = self.market.accounts
        if self.territory is None:
            return len(accounts)
        return int((accounts["territory"] == self.territory).sum())


class NeverBought(Question):
    _title = "Accounts that never bought"
    _var = "never_bought"
    _prompt = """\
Each account has a lifecycle `stage`. Accounts that never bought are in the stages `untouched`
(nobody has prospected them) and `approached` (contacted, but no purchase yet). How many
accounts of your territory never bought? Store the number in `never_bought`."""
    _hints = (
        "Take the `stage` column of `kk.segment(market, territory=territory)` and test it with "
        '`.isin(["untouched", "approached"])`.',
        "`.sum()` of a True/False column counts the True values.",
    )
    _solution = """\
stages = kk.segment(market, territory=territory)["stage"]
never_bought = stages.isin(["untouched", "approached"]).sum()"""
    _explanation = ("These are the accounts a sales report never shows, and where much of the "
                    "growth is.")
    _mistakes = (
        Mistake('seg = kk.segment(market, territory=territory)\n'
                'never_bought = (seg["revenue"] == 0).sum()',
                "Accounts with no revenue in the last twelve months include the lapsed "
                "customers, who did buy before; use the stages instead."),
        Mistake('stages = kk.segment(market, territory=territory)["stage"]\n'
                'never_bought = (stages == "untouched").sum()',
                "That counts only the accounts never prospected; the approached ones never "
                "bought either."),
    )

    def _expected(self):
        stage = kk.segment(self.market, territory=self.territory)["stage"].astype(str)
        return int(stage.isin(["untouched", "approached"]).sum())


class PortugueseLabel(Question):
    _title = "The same words for everybody"
    _var = "untouched_pt"
    _prompt = """\
kamkit keeps short English codes in its tables (`untouched`, `conquer`, ...) and shows labels in
English or Brazilian Portuguese, the same in every lesson, report and workbook. What is the
Brazilian Portuguese label of the stage `untouched`? Store it in `untouched_pt` (a text)."""
    _hint = '`kk.label(code, language)`; the language code of Brazilian Portuguese is `"pt-BR"`.'
    _solution = 'untouched_pt = kk.label("untouched", "pt-BR")'
    _explanation = ("`kk.labels(table, \"pt-BR\")` translates a whole table, and the language "
                    "parameter of a workbook switches every report.")
    _mistakes = (
        Mistake('untouched_pt = kk.label("untouched")',
                'That is the English label: pass the language `"pt-BR"`.'),
    )

    def _expected(self):
        from ..i18n import label

        return label("untouched", "pt-BR")


class LoyaltyProgramme(ThinkingQuestion):
    _title = "Is a loyalty programme KAM?"
    _prompt = """\
Your sales director says: "Ten percent of our customers make sixty percent of our revenue, so
from now on they get a points programme, a gift at Christmas and a dedicated phone line. That
is our key account management." What is right in this reasoning, and what is missing?"""
    _hint = ("Compare the accounts the programme covers with all the accounts you counted in "
             "the first two questions.")
    _discussion = """\
What is right: revenue *is* concentrated, so not every account deserves the same effort.

What is missing: a loyalty programme rewards what the best customers already buy. It says
nothing about the accounts with a large potential that buy little or nothing -- the prospects
never visited, the accounts approached that never bought, the occasional buyers, the customers
who stopped buying. Key Account Management covers the whole market: it decides, account by
account, where effort should go, starting from potential, not only from past sales. A
programme for the top customers can be one tool inside KAM (for the accounts to maintain), but
it is not KAM."""


QUESTIONS = [TerritorySize, NeverBought, PortugueseLabel, LoyaltyProgramme]

EXERCISES = ExerciseSet(
    QUESTIONS, number=1, title="Start here", lesson="01_start_here", module=__name__,
    intro="Short questions to get used to the exercises: count your territory's accounts, "
          "find those that never bought, switch the labels to Portuguese, and think about "
          "what KAM is not.",
)
__all__ = EXERCISES.bind(globals())
