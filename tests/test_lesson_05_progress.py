"""Lesson 5 teaches the pursuit score that rewards progress (issue 14): its cells compute the
first-visit case and the outcomes that count as steps, in English and in Portuguese, and the
figures they show match an independent calculation.

The cells are run as code (no kernel): the parameters, the loading cell and the cells under
test, in the order of the lesson, so these checks stay fast.
"""

from __future__ import annotations

import ast
import contextlib
import dataclasses
import io
from pathlib import Path

import nbformat
import pandas as pd
import pytest

import kamkit as kk
from kamkit.analysis.pursuit import PROGRESS_BONUS, PROGRESS_STEPS

ROOT = Path(__file__).resolve().parents[1]
LESSONS = {
    "en": ROOT / "notebooks" / "05_prospect_pursuit.ipynb",
    "pt-BR": ROOT / "notebooks" / "pt-BR" / "05_prospect_pursuit.ipynb",
}
CASE = ("C-03896", "Minas e Centro-Oeste")


def _cells(language: str) -> dict:
    nb = nbformat.read(LESSONS[language], as_version=4)
    return {c.id: c.source for c in nb.cells}


def _run(language: str, *ids: str) -> tuple[dict, str, object]:
    """Run the parameters and loading cells, then ``ids``; returns the names, the printout and
    the value of the last cell's last expression (what the notebook displays under it)."""
    cells = _cells(language)
    names: dict = {"display": print}
    out = io.StringIO()
    shown = None
    with contextlib.redirect_stdout(out):
        for cell in ("l05-01", "l05-02", *ids):
            tree = ast.parse(cells[cell])
            last = tree.body[-1] if isinstance(tree.body[-1], ast.Expr) else None
            body = tree.body[:-1] if last is not None else tree.body
            exec(compile(ast.Module(body, []), cell, "exec"), names)  # the lesson's own cells
            if last is not None:
                shown = eval(compile(ast.Expression(last.value), cell, "eval"), names)
    return names, out.getvalue(), shown


@pytest.fixture(scope="module")
def sample():
    return kk.load_sample()


def _old_rank(table: pd.DataFrame, account: str) -> int:
    """The rule before issue 14, written out here (not in the lesson's words)."""
    rows = []
    for _, row in table.iterrows():
        days = row["days_since_contact"]
        weight = 1.5 if pd.isna(days) else (1.25 if days >= 180 else 1.0)
        rows.append((-row["gap"] * weight, -row["potential"], row["account_id"]))
    return [a for _, _, a in sorted(rows)].index(account) + 1


@pytest.mark.parametrize("language", ["en", "pt-BR"])
def test_the_first_visit_case_is_computed_and_matches_the_issue(sample, language):
    names, printed, shown = _run(language, "l05-06", "l05-21")
    account, territory = CASE
    assert names["account"] == account and names["where"] == territory
    assert account in printed and territory in printed
    before_col, day_col = shown.columns
    # the independent route: the market without the account's visit (the test of the issue),
    # rather than the day before it
    m = sample.with_parameters(as_of=sample.as_of)
    visits = m.visits[m.visits["account_id"] == account]
    assert len(visits) == 1 and visits["date"].iloc[0] == names["day"]
    before = dataclasses.replace(m, visits=m.visits[m.visits["account_id"] != account])
    list_before = kk.pursuit_list(before, territory=territory)
    list_after = kk.pursuit_list(m, territory=territory)
    old_row, today_row, gap_row = shown.index[1], shown.index[2], shown.index[0]
    assert shown.loc[old_row, before_col] == _old_rank(list_before, account) == 3
    assert shown.loc[old_row, day_col] == _old_rank(list_after, account) == 11
    rank = dict(zip(list_before["account_id"], list_before["rank"]))[account]
    assert shown.loc[today_row, before_col] == rank == 6
    assert shown.loc[today_row, day_col] == 3
    by_gap = list_after.sort_values("gap", ascending=False)["account_id"].tolist()
    assert (
        shown.loc[gap_row, before_col] == shown.loc[gap_row, day_col] == 1 + by_gap.index(account)
    )
    # today's score never drops the account on its first visit
    assert shown.loc[today_row, day_col] <= shown.loc[today_row, before_col]


@pytest.mark.parametrize("language", ["en", "pt-BR"])
def test_the_rule_is_printed_from_kamkit_constants(language):
    _, printed, _ = _run(language, "l05-06")
    pt = language == "pt-BR"
    for steps in range(PROGRESS_STEPS + 1):
        weight = 1 + PROGRESS_BONUS * min(steps, PROGRESS_STEPS) / PROGRESS_STEPS
        figure = f"{weight:.2f}"
        assert (figure.replace(".", ",") if pt else figure) in printed
    assert "sem interesse" in printed and "nao atendeu" in printed
    cells = _cells(language)
    for removed in ("NEVER_CONTACTED_BONUS", "COLD_CONTACT_BONUS"):
        assert not any(removed in source for source in cells.values())


@pytest.mark.parametrize("language", ["en", "pt-BR"])
def test_the_outcomes_table_says_which_are_steps(sample, language):
    _, _, frame = _run(language, "l05-06", "l05-21", "l05-23")
    yes, no = ("sim", "não") if language == "pt-BR" else ("yes", "no")
    counts, flags = frame.columns
    as_of = sample.as_of
    start = (as_of.to_period("M") - (sample.parameters.lookback_months - 1)).to_timestamp()
    v = sample.visits
    recent = v[(v["date"] >= start) & (v["date"] <= as_of)]
    assert frame[counts].sum() == len(recent)
    for outcome, flag in frame[flags].items():
        negative = any(p in outcome.lower() for p in ("sem interesse", "não atendeu"))
        assert flag == (no if negative else yes), outcome
        assert frame.loc[outcome, counts] == (recent["outcome"] == outcome).sum()
    assert set(frame[flags]) == {yes, no}
