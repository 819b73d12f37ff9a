"""The participant handout (apostila do participante): one printable A4 HTML file per person.

``write_handout`` makes it from the participant's own workbook: a cover page, then one page per
lesson with the lesson's key chart, a few key numbers and the questions to answer on Monday
(the lessons' "What this means for you on Monday" sections), with ruled lines to write on.
Like the visit cards (:mod:`kamkit.outputs.cards`) it is one self-contained file: ``@page`` A4, a page
break between lessons, no script, charts inline as PNG data URIs, every text from the data
escaped. Open it in a browser and print.

Every number is the one a kamkit function computes: :func:`kamkit.segment` (stages,
quadrants), :func:`kamkit.concentration_summary`, :func:`kamkit.pursuit_list` (the first 10),
:func:`kamkit.coverage`, :func:`kamkit.scorecard`; each is shown with the formatting
functions of :mod:`kamkit.presentation.i18n` and carried raw in a ``data-value`` attribute.
"""

from __future__ import annotations

import base64
import io
import os
from pathlib import Path
from typing import TYPE_CHECKING

from kamkit.core.atomic import atomic_path
from kamkit.core.errors import KamkitError, Text

if TYPE_CHECKING:  # annotations only
    from kamkit.model.market import Market

__all__ = [
    "write_handout",
    "handout_html",
    "handout_figures",
    "check_handout_out",
    "LESSONS",
    "PURSUIT_ROWS",
]

#: Accounts of the pursuit list shown (lesson 5).
PURSUIT_ROWS = 10

# -- words -------------------------------------------------------------------------------------
# In the catalogue: kamkit/presentation/words/handout.toml (keys handout.*); the lessons' titles
# and questions are handout.lessons.N.title and handout.lessons.N.q1, q2, ...

_LESSON_NUMBERS = range(1, 11)


def _w(key: str) -> Text:
    from kamkit.presentation.catalogue import text

    return text(f"handout.{key}")


def _lessons() -> tuple[tuple[int, Text, tuple[Text, ...]], ...]:
    from kamkit.presentation.catalogue import catalogue, text

    known = catalogue()
    out = []
    for n in _LESSON_NUMBERS:
        questions = []
        while f"handout.lessons.{n}.q{len(questions) + 1}" in known:
            questions.append(text(f"handout.lessons.{n}.q{len(questions) + 1}"))
        out.append((n, text(f"handout.lessons.{n}.title"), tuple(questions)))
    return tuple(out)


def __getattr__(name: str):
    # LESSONS is read from the catalogue on first use, not on import
    if name == "LESSONS":
        return _lessons()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


#: The lessons: number, title, the questions (from each lesson's Monday section); read from
#: the catalogue on first use (the module's ``__getattr__``).
LESSONS: tuple[tuple[int, Text, tuple[Text, ...]], ...]


def _error(key: str) -> Text:
    return _w(f"error.{key}")


# -- the numbers -------------------------------------------------------------------------------


def handout_figures(
    market: Market, *, territory: str | None = None, language: str | None = None
) -> dict:
    """The numbers the handout shows, straight from kamkit's functions.

    Returns a dict: ``segment`` (the :func:`kamkit.segment` table of the scope), ``stages``
    and ``quadrants`` (counts per code, every code), ``concentration``
    (:func:`kamkit.concentration_summary`), ``pursuit`` (the rows of
    :func:`kamkit.pursuit_list` shown), ``coverage`` (:func:`kamkit.coverage`), ``days``
    (its window), ``scorecard`` (the scope's row of :func:`kamkit.scorecard`), ``window``.
    """
    from kamkit.analysis.concentration import concentration_summary
    from kamkit.analysis.crm import coverage, window_days
    from kamkit.analysis.pursuit import pursuit_list
    from kamkit.analysis.segmentation import QUADRANTS, STAGES, segment, window
    from kamkit.analysis.territory import scorecard
    from kamkit.presentation.i18n import TOTAL, check_language

    language = check_language(language or market.parameters.language)
    if territory is not None:
        territory = market.check_territory(territory)
    seg = segment(market, territory=territory)
    stages = seg["stage"].astype(object).value_counts()
    quadrants = seg["quadrant"].astype(object).value_counts()
    pursuit = pursuit_list(market, territory=territory, language=language)
    if territory is None:
        pursuit = pursuit.sort_values("score", ascending=False, kind="stable")
    pursuit = pursuit.head(PURSUIT_ROWS).reset_index(drop=True)
    card = scorecard(market, territory=territory)
    from kamkit.analysis.alerts import alerts
    from kamkit.analysis.plans import open_actions, plan_problems, relationship_gaps
    from kamkit.analysis.whitespace import whitespace_totals

    actions = open_actions(market, territory=territory)
    row = card[card["territory"].astype(object) == (TOTAL if territory is None else territory)]
    return {
        "territory": territory,
        "language": language,
        "segment": seg,
        "stages": {s: int(stages.get(s, 0)) for s in STAGES},
        "quadrants": {q: int(quadrants.get(q, 0)) for q in QUADRANTS},
        "estimated": int(seg["potential_estimated"].fillna(False).astype(bool).sum()),
        "concentration": concentration_summary(market, territory=territory),
        "pursuit": pursuit,
        "coverage": coverage(market, territory=territory),
        "days": window_days(market),  # contacted = in the window (coverage's one definition)
        "scorecard": row.iloc[0] if len(row) else None,
        "previous": card.attrs.get("previous"),
        "window": window(market),
        "actions": actions,
        "plan_problems": plan_problems(market, territory=territory),
        "relationship_gaps": relationship_gaps(market, territory=territory),
        "planned": _planned(market, territory),
        "alerts": alerts(market, territory=territory),
        "whitespace": whitespace_totals(market, territory=territory),
    }


def _planned(market: Market, territory) -> list[str]:
    """The planned accounts of the scope (a row in contacts, plans or actions), sorted."""
    codes = set()
    for table in (market.contacts, market.plans, market.actions):
        codes.update(table["account_id"].astype(str))
    if territory is not None:
        accounts = market.accounts
        mine = accounts["territory"].astype(object) == territory
        codes &= set(accounts.loc[mine, "account_id"].astype(str))
    return sorted(codes)


# -- charts ------------------------------------------------------------------------------------


def _png(draw, figsize=(8.0, 4.4)) -> str | None:
    """A chart drawn by ``draw(ax)`` as a PNG data URI (a Figure of its own: no pyplot
    state, nothing shown); None when there is nothing to draw."""
    from matplotlib.figure import Figure

    figure = Figure(figsize=figsize, dpi=110, layout="constrained")
    ax = figure.add_subplot()
    try:
        draw(ax)
    except KamkitError:
        return None
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _charts(
    market: Market, territory, language: str, pursuit_first: str | None = None
) -> dict[int, str | None]:
    from kamkit.charts import kam, plots

    def evolution(ax):
        plots.plot_territory_evolution(market, metric="coverage", ax=ax, language=language)

    def transitions(ax):
        from kamkit.analysis.segmentation import stage_transitions
        from kamkit.analysis.territory import previous_review

        table = stage_transitions(
            market, previous_review(market.as_of), market.as_of, territory=territory
        )
        plots.plot_transitions(table, ax=ax, language=language)

    def relationship(ax):
        kam.plot_relationship_map(market, first, ax=ax, language=language)

    first = pursuit_first  # lesson 9 plans the first account of the pursuit list
    funnel = _png(
        lambda ax: plots.plot_stage_funnel(market, territory=territory, ax=ax, language=language),
        (8.0, 3.6),
    )
    charts = {
        1: funnel,
        2: _png(
            lambda ax: plots.plot_pareto(market, territory=territory, ax=ax, language=language),
            (8.0, 5.0),
        ),
        3: _png(transitions, (7.0, 4.4)),
        4: _png(
            lambda ax: plots.plot_matrix(market, territory=territory, ax=ax, language=language)
        ),
        6: _png(
            lambda ax: plots.plot_coverage(market, territory=territory, ax=ax, language=language),
            (8.0, 3.8),
        ),
        8: _png(evolution, (8.0, 3.8)),
        9: _png(relationship, (8.0, 4.4)) if first is not None else None,
        10: _png(
            lambda ax: kam.plot_alerts(market, territory=territory, ax=ax, language=language),
            (8.0, 4.4),
        ),
    }
    return charts


# -- HTML --------------------------------------------------------------------------------------
# The page is the template kamkit/presentation/templates/handout.html.j2 (autoescaped): this
# part only gathers plain values for it.


class _Page:
    def __init__(self, market: Market, language: str):
        self.lang = language
        self.currency = market.parameters.currency

    def t(self, key: str, **fields) -> str:
        text = _w(key).format(**fields) if fields else _w(key)
        return text(self.lang)

    def money(self, value) -> str:
        from kamkit.presentation.i18n import format_money_short

        return format_money_short(value, self.currency, self.lang)

    def share(self, value) -> str:
        from kamkit.presentation.i18n import format_share

        return format_share(value, self.lang)

    def count(self, value) -> str:
        from kamkit.presentation.i18n import format_count

        return format_count(value, self.lang)

    def label(self, code) -> str:
        from kamkit.presentation.i18n import label

        try:
            return label(str(code), self.lang)
        except KamkitError:
            return str(code)

    def row(self, field: str, name: str, shown: str, raw) -> dict:
        return {"field": field, "name": name, "shown": shown, "raw": _raw(raw)}

    def figure(self, field: str, name: str, value, written=None) -> dict:
        """The row of a number, written by ``written`` (a method: count, money, share)."""
        return self.row(field, name, (written or self.count)(value), value)


def _numbers(rows: list[dict]) -> dict | None:
    return {"kind": "numbers", "rows": rows} if rows else None


def _lesson_numbers(n: int, figures: dict, market: Market, page: _Page) -> dict | None:
    """What the lesson's "Your numbers" shows: a table of numbers, a list, a sentence, or
    nothing (None)."""
    from kamkit.presentation.i18n import format_date, label

    lang = page.lang
    stages, quadrants = figures["stages"], figures["quadrants"]
    seg = figures["segment"]
    if n == 1:
        never = stages["untouched"] + stages["approached"]
        return _numbers(
            [
                page.figure("accounts", page.t("accounts"), len(seg)),
                page.figure("never_bought", page.t("never_bought"), never),
                page.figure("regular", page.t("regular"), stages["regular"]),
            ]
        )
    if n == 2:
        c = figures["concentration"]
        rows = [
            page.figure("buying_accounts", label("buying_accounts", lang), c["buying_accounts"]),
            page.figure("revenue", page.t("revenue"), c["revenue"], page.money),
        ]
        for key in ("top_5pct_share", "top_10pct_share", "accounts_for_50pct"):
            rows.append(page.figure(key, label(key, lang), c[key], page.share))
        rows.append(page.row("gini", label("gini", lang), _gini(c["gini"], lang), c["gini"]))
        return _numbers(rows)
    if n == 3:
        return _numbers([page.figure(f"stage.{s}", page.label(s), k) for s, k in stages.items()])
    if n == 4:
        rows = [page.figure(f"quadrant.{q}", page.label(q), k) for q, k in quadrants.items()]
        rows.append(page.figure("estimated", page.t("estimated"), figures["estimated"]))
        return _numbers(rows)
    if n == 5:
        return _pursuit(figures, page)
    if n == 6:
        return _coverage(figures, page)
    if n == 7:
        start, end = figures["window"]
        months = market.parameters.lookback_months
        shown = page.t(
            "window_value",
            months=months,
            start=format_date(start, lang),
            end=format_date(end, lang),
        )
        counts = (
            ("workbook.accounts", "accounts", len(market.accounts)),
            ("workbook.sales", "sales_lines", len(market.sales)),
            ("workbook.visits", "interactions", len(market.visits)),
            ("workbook.territories", "territories", len(market.territories)),
        )
        rows = [page.figure(field, page.t(key), k) for field, key, k in counts]
        rows.append(page.row("workbook.window", page.t("window"), shown, months))
        return _numbers(rows)
    if n == 8:
        row = figures["scorecard"]
        if row is None:
            return None
        written = {
            "revenue": page.money,
            "potential_captured": page.share,
            "coverage": page.share,
            "conversions": page.count,
            "lapses": page.count,
        }
        rows = [
            page.figure(f"scorecard.{key}", label(key, lang), row[key], how)
            for key, how in written.items()
        ]
        if figures["previous"] is not None:
            rows.append(
                page.row(
                    "scorecard.previous",
                    page.t("previous"),
                    format_date(figures["previous"], lang),
                    format_date(figures["previous"], "en"),
                )
            )
        return _numbers(rows)
    if n == 9:
        actions = figures["actions"]
        problems = figures["plan_problems"]
        gaps = figures["relationship_gaps"]
        no_decider = gaps["gap"].isin(["no_contacts", "no_decision_maker"])
        return _numbers(
            [
                page.figure("plans.planned", page.t("planned"), len(figures["planned"])),
                page.figure("plans.open_actions", page.t("open_actions"), len(actions)),
                page.figure("plans.overdue", page.t("overdue"), int(actions["overdue"].sum())),
                page.figure(
                    "plans.with_problems", page.t("with_problems"), problems["account_id"].nunique()
                ),
                page.figure(
                    "plans.no_decision_maker",
                    page.t("no_decision_maker"),
                    gaps.loc[no_decider, "account_id"].nunique(),
                ),
            ]
        )
    if n == 10:
        warnings = figures["alerts"]
        totals = figures["whitespace"]
        with_whitespace = totals[totals["whitespace_value"] > 0]
        return _numbers(
            [
                page.figure(
                    "alerts.revenue_drop",
                    page.t("revenue_drop"),
                    int((warnings["kind"] == "revenue_drop").sum()),
                ),
                page.figure(
                    "alerts.overdue",
                    page.t("overdue_buyers"),
                    int((warnings["kind"] == "overdue").sum()),
                ),
                page.figure(
                    "whitespace.accounts", page.t("whitespace_accounts"), len(with_whitespace)
                ),
                page.figure(
                    "whitespace.value",
                    page.t("whitespace_value"),
                    float(with_whitespace["whitespace_value"].sum()),
                    page.money,
                ),
            ]
        )
    return None


def _gini(value, language: str) -> str:
    from kamkit.presentation.i18n import format_number

    return format_number(value, language, decimals=2)


def _pursuit(figures: dict, page: _Page) -> dict:
    from kamkit.presentation.i18n import label

    lang = page.lang
    rows = figures["pursuit"]
    if rows.empty:
        return {"kind": "text", "text": page.t("no_pursuit")}
    whole = figures["territory"] is None
    note = page.t("pursuit_whole" if whole else "pursuit_territory", n=len(rows))
    columns = [
        "rank",
        "name",
        *(["territory"] if whole else []),
        "stage",
        "potential",
        "gap",
        "cadence",
    ]
    heads = [(label(c, lang), "n" if c in ("potential", "gap") else "") for c in columns]
    body = []
    for r in rows.itertuples(index=False):
        cells = []
        for c in columns:
            value = getattr(r, c)
            if c in ("potential", "gap"):
                shown, css = page.money(value), "n"
            elif c in ("stage", "cadence"):
                shown, css = page.label(value), ""
            elif c == "name":
                shown, css = str(value) if isinstance(value, str) else str(r.account_id), ""
            else:
                shown, css = str(value), ""
            raw = _raw(value) if c in ("rank", "potential", "gap") else _text(value)
            cells.append({"css": css, "field": f"pursuit.{c}", "raw": raw, "shown": shown})
        body.append({"account": _text(r.account_id), "cells": cells})
    return {"kind": "list", "note": note, "heads": heads, "rows": body}


def _coverage(figures: dict, page: _Page) -> dict:
    from kamkit.presentation.i18n import label

    lang = page.lang
    table = figures["coverage"]
    rows = table[table["group"].astype(object) == "quadrant"]
    columns = ("accounts", "potential_share", "visits_share", "contacted_share")
    names = [label(c, lang) for c in columns]
    names[-1] = page.t("contacted_days", days=figures["days"])
    heads = [(label("quadrant", lang), None)] + [(n, "n") for n in names]
    body = []
    for r in rows.itertuples(index=False):
        cells = [{"css": None, "field": "", "raw": "", "shown": page.label(r.value)}]
        for c in columns:
            value = getattr(r, c)
            shown = page.count(value) if c == "accounts" else page.share(value)
            cells.append(
                {"css": "n", "field": f"coverage.{r.value}.{c}", "raw": _raw(value), "shown": shown}
            )
        body.append({"cells": cells})
    return {"kind": "list", "note": "", "heads": heads, "rows": body}


def _text(value) -> str:
    return "" if value is None else str(value)


def _lesson(n: int, title: Text, questions, figures: dict, charts: dict, market, page) -> dict:
    lang = page.lang
    return {
        "n": n,
        "number_text": _w("lesson").format(n=n)(lang),
        "title": title(lang),
        "has_chart": n in charts,
        "chart": charts.get(n),
        "numbers": _lesson_numbers(n, figures, market, page),
        "questions": [q(lang) for q in questions],
        "lines": 3 if len(questions) <= 2 else 2,
    }


def _cover(market: Market, figures: dict, page: _Page) -> dict:
    from kamkit.presentation.i18n import format_date

    lang = page.lang
    territory = figures["territory"]
    scope = _text(territory) if territory is not None else page.t("whole")
    source = _text(getattr(market, "source", "") or "")
    return {
        "facts": [
            (page.t("market"), source),
            (page.t("scope"), scope),
            (page.t("as_of"), format_date(market.as_of, lang)),
            (page.t("participant"), ""),
            (page.t("date"), ""),
        ]
    }


def _raw(value) -> str:
    """A number as it goes in ``data-value``: exact, for tests and tools."""
    import math

    import numpy as np

    if value is None:
        return ""
    if isinstance(value, (bool, np.bool_)):
        return str(bool(value))
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    try:
        number = float(value)
    except (TypeError, ValueError):
        return str(value)
    return "" if math.isnan(number) else repr(number)


def handout_html(
    market: Market, *, territory: str | None = None, language: str | None = None
) -> str:
    """The handout as one HTML document (see :func:`write_handout`)."""
    from kamkit.model.market import Market
    from kamkit.presentation.html import render
    from kamkit.presentation.i18n import check_language

    if not isinstance(market, Market):
        raise KamkitError(_error("not_market").format(kind=type(market).__name__))
    language = check_language(language or market.parameters.language)
    if market.parameters.language != language:  # labels, money and dates of the charts
        market = market.with_parameters(language=language)
    figures = handout_figures(market, territory=territory, language=language)
    if figures["segment"].empty:
        scope = figures["territory"] if figures["territory"] is not None else _w("whole")(language)
        raise KamkitError(_error("empty").format(scope=scope))
    pursuit = figures["pursuit"]
    first = str(pursuit["account_id"].iloc[0]) if len(pursuit) else None
    charts = _charts(market, figures["territory"], language, first)
    page = _Page(market, language)
    title = page.t("title") + (
        "" if figures["territory"] is None else f" \u2014 {figures['territory']}"
    )
    words = ("title", "subtitle", "how", "contents", "footer", "no_chart", "numbers", "questions")
    return render(
        "handout.html.j2",
        lang=language,
        title=title,
        w={key: page.t(key) for key in words},
        cover=_cover(market, figures, page),
        lessons=[_lesson(n, t, q, figures, charts, market, page) for n, t, q in _lessons()],
    )


def write_handout(
    market: Market,
    out: str | os.PathLike,
    *,
    territory: str | None = None,
    language: str | None = None,
) -> Path:
    """Write the printable participant handout of ``market`` to ``out`` (an .html file).

    Parameters
    ----------
    market : Market
        The participant's own data (``kk.load``), or the sample market.
    out : str or path-like
        The HTML file to write (atomically: a previous file stays whole until the new one is
        complete). Its folder is created if needed.
    territory : str, optional, keyword-only
        Only this territory (an unknown one is an error naming the known ones).
    language : {"en", "pt-BR"}, optional, keyword-only
        Default: the market's ``language`` parameter.

    Returns
    -------
    Path
        ``out``.

    Examples
    --------
    >>> kk.handout.write_handout(market, "apostila.html", territory="Sul")  # doctest: +SKIP
    """
    out = check_handout_out(out)
    document = handout_html(market, territory=territory, language=language)
    with atomic_path(out) as tmp:
        tmp.write_text(document, encoding="utf-8")
    return out


def check_handout_out(out: str | os.PathLike) -> Path:
    """``out`` as a Path if the handout can be written there, else a KamkitError: a folder, or
    a file that is not .html (the command checks it before reading the data)."""
    out = Path(out)
    if out.is_dir():
        raise KamkitError(_error("out_is_folder").format(out=out))
    if out.suffix.lower() not in (".html", ".htm"):
        raise KamkitError(_error("not_html").format(out=out))
    return out
