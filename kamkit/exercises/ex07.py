"""Exercises for lesson 7, start with a spreadsheet: the workbook, its parameters, visit cards.

Two questions write files (a workbook, visit cards) into the notebook's folder; their checks
open the files instead of comparing values.
"""

from __future__ import annotations

import re

import kamkit as kk

from .compare import Wrong, describe
from .core import ExerciseSet, Mistake, Question, ThinkingQuestion, written_file


class PortugueseTemplate(Question):
    _title = "A workbook for a Brazilian team"
    _var = "template_file"
    _prompt = """\
The post says a well-parameterised spreadsheet is enough to start KAM. `kk.write_template`
writes the workbook a team fills in: instructions, parameters, accounts, sales and visits, with
drop-down lists. Write a **blank template in Brazilian Portuguese** named `modelo_kam.xlsx`
and store what the function returns in `template_file`. Then open it in Excel."""
    _hints = (
        "`kk.write_template(path, language=...)`; the Portuguese language code is `\"pt-BR\"`.",
        "Add `overwrite=True` so that running the cell again replaces the file.",
    )
    _solution = ('template_file = kk.write_template("modelo_kam.xlsx", language="pt-BR", '
                 'overwrite=True)')
    _explanation = "Sheets Contas, Vendas, Visitas: the same names kamkit reads back."
    _writes_files = True
    _mistakes = (
        Mistake('template_file = kk.write_template("modelo_kam.xlsx", overwrite=True)',
                "The template is in English: pass `language=\"pt-BR\"`."),
        Mistake('template_file = "modelo_kam.xlsx"',
                "Store what `kk.write_template` returns, after writing the file."),
    )

    def _check(self, template_file) -> None:
        import openpyxl

        from ..template import SHEETS

        path = written_file(template_file, "template_file", ".xlsx")
        sheets = openpyxl.load_workbook(path, read_only=True).sheetnames
        if path.name != "modelo_kam.xlsx":
            raise Wrong(f"`template_file` is {path.name!r}; name the file modelo_kam.xlsx.")
        if "Sales" in sheets:
            raise Wrong("`template_file` is a workbook in English (its sheets are "
                        f"{', '.join(sheets)}); the team works in Portuguese.")
        if list(sheets) != list(SHEETS["pt-BR"]):
            raise Wrong(f"`template_file` has the sheets {', '.join(sheets)}: it is not a "
                        "blank kamkit template.")


class BlankErrors(Question):
    _title = "Check a workbook before loading it"
    _var = "blank_errors"
    _prompt = """\
`kk.validate(path)` reads a workbook the way `kk.load` does and lists **every** problem at once
-- errors, which stop kamkit from using the data, and warnings, worth a look -- with the sheet,
row and column of each. Write a blank English template `em_branco.xlsx`, validate it, and
store the number of **errors** in `blank_errors`. Print the report to read the messages."""
    _hints = (
        "`report = kk.validate(kk.write_template(\"em_branco.xlsx\", overwrite=True))`",
        "`report.errors` is the list of errors (`report.warnings` the list of warnings).",
    )
    _solution = """\
report = kk.validate(kk.write_template("em_branco.xlsx", overwrite=True))
print(report)
blank_errors = len(report.errors)"""
    _explanation = ("A blank template cannot be used yet: kamkit says which sheets to fill. "
                    "Validate your own workbook the same way before a workshop.")
    _writes_files = True
    _mistakes = (
        Mistake('report = kk.validate(kk.write_template("em_branco.xlsx", overwrite=True))\n'
                'blank_errors = len(report.problems)',
                "That counts the warnings too; count only the errors."),
    )

    def _expected(self):
        import tempfile
        from pathlib import Path

        with tempfile.TemporaryDirectory() as folder:
            path = kk.write_template(Path(folder) / "em_branco.xlsx")
            return len(kk.validate(path).errors)


class RegularAtFour(Question):
    _title = "Your team's definition of a regular buyer"
    _var = "regular_4"
    _prompt = """\
The parameters sheet holds the team's definitions. By default an account is a *regular* buyer
when it bought in at least 6 of the last 12 months (`regular_min_months`). Your team sells
products bought every quarter, so it decides 4 months make a regular buyer. With that setting,
how many regular buyers does **your territory** have? Store the number in `regular_4`."""
    _hints = (
        "`market.with_parameters(regular_min_months=4)` is the same market with the new "
        "setting -- what changing the cell in the Parameters sheet does.",
        "Count the `regular` stages of `kk.segment(...)` of that market, for your territory.",
    )
    _solution = """\
team = market.with_parameters(regular_min_months=4)
stages = kk.segment(team, territory=territory)["stage"]
regular_4 = (stages == "regular").sum()"""
    _explanation = ("One cell in the parameters sheet changes the whole picture: agree on the "
                    "definitions before comparing territories.")
    _mistakes = (
        Mistake('stages = kk.segment(market, territory=territory)["stage"]\n'
                'regular_4 = (stages == "regular").sum()',
                "That uses the default of 6 months; change `regular_min_months` with "
                "`market.with_parameters`."),
    )

    def _expected(self):
        seg = kk.segment(self.market, territory=self.territory)
        return int((seg["purchase_months"] >= 4).sum())


class VisitCards(Question):
    _title = "Visit cards for the first five to pursue"
    _var = "card_files"
    _prompt = """\
The visit card (*ficha de visitação*) is what a salesperson takes to a visit. Write the visit
cards of the **first five accounts of your territory's pursuit list** into a folder `cards`,
and store what `kk.write_cards` returns (the files written) in `card_files`. Open the HTML file
in a browser: one page per account, ready to print."""
    _hints = (
        "`kk.write_cards(market, \"cards\", territory=territory, accounts=codes)` writes "
        "the cards of the accounts whose codes are in the list `codes`.",
        "The codes: `kk.pursuit_list(market, territory=territory, top=5)[\"account_id\"]"
        ".tolist()`.",
    )
    _solution = """\
first = kk.pursuit_list(market, territory=territory, top=5)["account_id"].tolist()
card_files = kk.write_cards(market, "cards", territory=territory, accounts=first)"""
    _writes_files = True
    _mistakes = (
        Mistake('codes = kk.pursuit_list(market, territory=territory)["account_id"].tolist()\n'
                'card_files = kk.write_cards(market, "cards", territory=territory, '
                'accounts=codes)',
                "Those are the cards of the whole pursuit list; keep its first five accounts "
                "(`top=5`)."),
    )

    def _check(self, card_files) -> None:
        if not isinstance(card_files, (list, tuple)):
            raise Wrong(f"`card_files` should be the list `kk.write_cards` returns, but it is "
                        f"{describe(card_files)}.")
        html = [p for p in card_files if str(p).lower().endswith(".html")]
        if not html:
            raise Wrong("`card_files` has no HTML file: store what `kk.write_cards` returns.")
        text = written_file(html[0], "card_files", ".html").read_text(encoding="utf-8")
        ranked = kk.pursuit_list(self.market, territory=self.territory)["account_id"].tolist()
        on_cards = [a for a in ranked if re.search(rf"(?<![\w-]){re.escape(a)}(?![\w-])", text)]
        first = ranked[:5]
        missing = [a for a in first if a not in on_cards]
        extra = [a for a in on_cards if a not in first]
        if extra:
            raise Wrong(f"`card_files` holds cards for {len(extra):,} pursuit accounts beyond "
                        f"the first five, e.g. {extra[0]}.")
        if missing:
            raise Wrong(f"`card_files` has no card for {len(missing)} of the first five "
                        f"accounts, e.g. {missing[0]}.")


class NoBigIT(ThinkingQuestion):
    _title = "Where does the money go?"
    _prompt = """\
The post says KAM does not need a big IT budget: a spreadsheet with the account data and the
visit card are enough to start, and the big investment is elsewhere. Where, and why?"""
    _hint = "Who fills in the spreadsheet, and who acts on it?"
    _discussion = """\
In people: training and awareness of the sales team, and leadership time. The spreadsheet only
holds what salespeople record and review; if they do not understand why every account of the
market is listed, why potential matters more than last year's sales, or why a prospect deserves
a visit, the best system holds stale data and changes nothing. Software can come later, once
the team works by KAM and knows what it needs -- and a workbook the team already uses is a
good specification for it."""


class VisitCardFields(ThinkingQuestion):
    _title = "What the visit card must record"
    _prompt = """\
kamkit reads the visit log with just four things per contact: the account code, the date, the
kind (visit, call, e-mail) and the outcome. What goes wrong in the analysis when salespeople
skip visits in the log, or write the account's name instead of its code?"""
    _hint = "Think of the stages untouched and approached, and of the unvisited key accounts."
    _discussion = """\
An unrecorded visit makes an approached account look untouched, and a visited key account look
abandoned: the pursuit list and the coverage figures then send effort to the wrong places, and
the territory review blames the wrong salesperson. A name instead of a code does not match the
accounts sheet, so the contact is lost (kamkit's validation lists such rows with their sheet
and row number). Recording every contact, with the code, is cheap -- and it is what lets the
CRM feed KAM."""


QUESTIONS = [PortugueseTemplate, BlankErrors, RegularAtFour, VisitCards, NoBigIT,
             VisitCardFields]

EXERCISES = ExerciseSet(
    QUESTIONS, number=7, title="Start with a spreadsheet", lesson="07_spreadsheet_first",
    module=__name__,
    intro="Write the workbook your team fills in, check a workbook before loading it, set a "
          "parameter the team agrees on, and print the visit cards for the first accounts to "
          "pursue. The files are written next to this notebook.",
)
__all__ = EXERCISES.bind(globals())
