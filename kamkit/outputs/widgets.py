"""Explorers for the course: move a slider, see kamkit's figures and picture change.

Each explorer takes the market first, then keyword-only options, and works in two modes:

``interactive=True`` (a person in JupyterLab)
    Returns an ipywidgets ``VBox``: the controls, then the *result* -- an ``HTML`` widget with
    the CSS class ``kamkit-result`` whose text holds the figures (a headline sentence and a
    table whose cells carry ``data-row``, ``data-figure`` and ``data-value`` attributes) --
    and the *picture* (an ``Image`` widget, class ``kamkit-picture``). Moving a control
    recomputes everything with kamkit and replaces both. The box (class ``kamkit-explorer``)
    also carries, as plain attributes, ``controls`` (a dict: setting name -> control widget),
    ``result``, ``picture`` and ``snapshot`` (the :class:`Snapshot` shown now).
``interactive=False`` (papermill, CI, a handout)
    Returns a :class:`Snapshot` of the same figures at the given settings (by default the
    market's parameters). In a notebook it shows as HTML with the picture; elsewhere as text.
    ipywidgets is not needed.

Every figure comes from kamkit's analysis functions: the summaries of
:mod:`kamkit.analysis.kpis` (tested against hand calculations) and
:func:`~kamkit.analysis.territory.scorecard`; this module only formats them, with the words of
the catalogue (``words/widgets.toml``) and the numbers of :mod:`kamkit.presentation.i18n`, and
writes HTML through the templates ``widgets_*.html.j2`` (:func:`kamkit.presentation.html.render`).
ipywidgets and matplotlib are imported only when an explorer is called, and pictures are drawn
on a matplotlib ``Figure`` that pyplot does not know about, so a notebook never shows a picture
twice and no global state changes.

>>> box = abc_explorer(market)                          # doctest: +SKIP
>>> box.controls["abc_a_share"].value = 0.6             # doctest: +SKIP
>>> box.snapshot.figures.loc["A", "accounts"]           # doctest: +SKIP
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from kamkit.core.errors import KamkitError

__all__ = [
    "Snapshot",
    "abc_explorer",
    "stage_explorer",
    "matrix_explorer",
    "territory_picker",
    "VIEWS",
    "RESULT_CLASS",
    "PICTURE_CLASS",
    "EXPLORER_CLASS",
]

#: CSS class of the widget that shows the figures (stable, for browser tests and styling).
RESULT_CLASS = "kamkit-result"
#: CSS class of the picture widget.
PICTURE_CLASS = "kamkit-picture"
#: CSS class of the whole explorer box.
EXPLORER_CLASS = "kamkit-explorer"
#: What :func:`territory_picker` can show for the chosen territory.
VIEWS = ("scorecard", "pursuit", "unvisited", "effort")

_DPI = 90
#: The columns of the pursuit list that the pursuit view leaves out.
_PURSUIT_HIDDEN = ("territory", "potential_estimated", "revenue", "visits_without_order", "score")

# The words people read are in the catalogue: kamkit/presentation/words/widgets.toml.


def _t(key: str, language: str, /, **fields) -> str:
    from kamkit.presentation.catalogue import word

    text = word(f"widget.{key}", language)
    return text.format(**fields) if fields else text


# --------------------------------------------------------------------------------------------
# what an explorer shows


@dataclass(frozen=True)
class Snapshot:
    """What an explorer shows at one setting: a headline, the figures and a picture.

    Attributes
    ----------
    title : str
    settings : str
        The settings in words ("A = the top accounts making 50% of revenue; ...").
    headline : str
        One sentence with the main figures.
    figures : DataFrame
        The raw numbers (counts, money, shares as fractions), one row per group (ABC class,
        stage, quadrant, figure, account); index and columns are kamkit codes.
    table : DataFrame
        ``figures`` as people read them (:func:`kamkit.outputs.reports.format_table`, labels
        translated).
    png : bytes or None
        The picture, a PNG image.
    language : str
    values : dict
        The settings it was computed with (e.g. ``{"abc_a_share": 0.6, "abc_b_share": 0.8}``;
        the matrix adds ``potential_cut``, the high-potential line in money).
    """

    title: str
    settings: str
    headline: str
    figures: pd.DataFrame
    table: pd.DataFrame
    png: bytes | None = None
    language: str = "en"
    values: dict = field(default_factory=dict)

    def to_html(self, *, picture: bool = True) -> str:
        """The snapshot as an HTML fragment (the figures table, and the picture if asked).

        Written by the template ``widgets_result.html.j2``, every value escaped.
        """
        from kamkit.presentation.html import render

        png = None
        if picture and self.png:
            import base64

            png = base64.b64encode(self.png).decode("ascii")
        return render(
            "widgets_result.html.j2",
            result_class=RESULT_CLASS,
            picture_class=PICTURE_CLASS,
            title=self.title,
            settings=self.settings,
            headline=self.headline,
            png=png,
            **_table_cells(self.figures, self.table),
        )

    def _repr_html_(self) -> str:
        return self.to_html()

    def __str__(self) -> str:
        return "\n".join([self.title, self.settings, self.headline, "", self.table.to_string()])

    def __repr__(self) -> str:
        return f"<Snapshot {self.title}: {self.headline}>"


def _table_cells(figures: pd.DataFrame, table: pd.DataFrame) -> dict:
    """``table`` (what people read) as the template's columns and rows, each cell with its
    row code, figure code and raw value (``None`` when blank)."""
    columns = [
        {"code": str(code), "text": str(text)} for code, text in zip(figures.columns, table.columns)
    ]
    rows = []
    for i, code in enumerate(figures.index):
        code = _plain(code)
        cells = []
        for j, figure in enumerate(figures.columns):
            value = figures.iat[i, j]
            cells.append(
                {
                    "figure": str(figure),
                    "value": None if _blank(value) else _plain(value),
                    "text": str(table.iat[i, j]),
                }
            )
        rows.append({"code": code, "text": str(table.index[i]), "cells": cells})
    return {"columns": columns, "rows": rows}


def _blank(value) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _plain(value) -> str:
    if isinstance(value, (float, np.floating)):
        return repr(float(value))
    if isinstance(value, (bool, np.bool_)):
        return str(bool(value)).lower()
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()  # a code for machines, not a date for people
    return str(value)


def _count(n, language: str) -> str:
    from kamkit.presentation.i18n import format_count

    return format_count(int(n), language)


def _date(value, language: str) -> str:
    from kamkit.presentation.i18n import format_date

    return format_date(value, language)


def _formatted(figures: pd.DataFrame, market) -> pd.DataFrame:
    from kamkit.presentation.tables import format_table

    p = market.parameters
    return format_table(figures, language=p.language, currency=p.currency)


def _png(draw, figsize=(7.5, 4.6)) -> bytes:
    """Draw on a fresh Figure (not registered with pyplot) and return it as PNG bytes."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=figsize, layout="constrained")
    draw(fig.subplots())
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=_DPI)
    return buf.getvalue()


def _money(value, market) -> str:
    from kamkit.presentation.i18n import format_money

    return format_money(value, market.parameters.currency, market.parameters.language, decimals=0)


def _share(value, market, decimals: int = 1) -> str:
    from kamkit.presentation.i18n import format_share

    return format_share(value, market.parameters.language, decimals=decimals)


def _check_market(market) -> None:
    from kamkit.model.market import Market

    if not isinstance(market, Market):
        raise KamkitError(
            f"The explorers need a Market (kk.load(...) or kk.load_sample()); got "
            f"{type(market).__name__}."
        )


# --------------------------------------------------------------------------------------------
# the snapshots (pure: settings in, figures out)


def _picture(picture: bool, plot: str, *args, figsize=(7.5, 4.6), **kwargs) -> bytes | None:
    """The PNG of ``kamkit.charts.plots.<plot>(*args, **kwargs)``; None when no picture is asked."""
    if not picture:
        return None
    from kamkit.charts import plots

    return _png(lambda ax: getattr(plots, plot)(*args, ax=ax, **kwargs), figsize)


def _parameter_snapshot(kind: str, m, territory, figures, png, values, settings, headline):
    """The snapshot of an explorer of market parameters (``kind``: abc, stage or matrix) at the
    settings ``values`` of market ``m``; ``settings`` and ``headline`` fill its sentences."""
    lang = m.parameters.language
    return Snapshot(
        title=_t(f"{kind}.title", lang) + (f" · {territory}" if territory else ""),
        settings=_t(f"{kind}.settings", lang, **settings),
        headline=_t(f"{kind}.headline", lang, **headline),
        figures=figures,
        table=_formatted(figures, m),
        png=png,
        language=lang,
        values=values,
    )


def _abc_snapshot(m, values: dict, *, territory, as_of, picture: bool) -> Snapshot:
    from kamkit.analysis.kpis import abc_kpis

    lang = m.parameters.language
    kpis = abc_kpis(m, as_of=as_of, territory=territory)
    a = kpis.table.loc["A"]
    png = _picture(picture, "plot_pareto", m, as_of=as_of, territory=territory)
    settings = {"a": _share(values["abc_a_share"], m, 0), "b": _share(values["abc_b_share"], m, 0)}
    headline = {
        "n": _count(a["accounts"], lang),
        "acc": _share(a["accounts_share"], m),
        "buyers": _count(kpis["buyers"], lang),
        "rev": _share(a["revenue_share"], m),
    }
    return _parameter_snapshot("abc", m, territory, kpis.table, png, values, settings, headline)


def _stage_snapshot(m, values: dict, *, territory, as_of, picture: bool) -> Snapshot:
    from kamkit.analysis.kpis import stage_kpis

    lang = m.parameters.language
    kpis = stage_kpis(m, as_of=as_of, territory=territory)
    png = _picture(picture, "plot_stage_funnel", kpis.accounts, language=lang, figsize=(7.5, 4))
    counts = kpis.table["accounts"]
    settings = {
        "start": _date(kpis["window_start"], lang),
        "end": _date(kpis["window_end"], lang),
        "months": values["lookback_months"],
        "regular": values["regular_min_months"],
    }
    headline = {
        "n": _count(kpis["accounts"], lang),
        "regular": _count(counts["regular"], lang),
        "occasional": _count(counts["occasional"], lang),
        "never": _count(kpis["never_bought"], lang),
        "lapsed": _count(counts["lapsed"], lang),
    }
    return _parameter_snapshot("stage", m, territory, kpis.table, png, values, settings, headline)


def _matrix_snapshot(m, values: dict, *, territory, as_of, picture: bool) -> Snapshot:
    from kamkit.analysis.kpis import quadrant_kpis

    lang = m.parameters.language
    kpis = quadrant_kpis(m, as_of=as_of, territory=territory)
    cut = kpis["potential_cut"]  # the line between high and low potential (whole market)
    png = _picture(picture, "plot_matrix", m, as_of=as_of, territory=territory, figsize=(7.5, 5.2))
    settings = {
        "cut": _money(cut, m),
        "q": _share(values["potential_quantile"], m, 0),
        "s": _share(values["share_threshold"], m, 0),
    }
    quadrants = kpis.table
    headline = {
        "key": _count(quadrants.loc["key", "accounts"], lang),
        "conquer": _count(quadrants.loc["conquer", "accounts"], lang),
        "pot": _share(quadrants.loc["conquer", "potential_share"], m),
    }
    values = {**values, "potential_cut": cut}
    return _parameter_snapshot("matrix", m, territory, quadrants, png, values, settings, headline)


def _territory_name(territory, market) -> str:
    return territory if territory is not None else _t("territory.all", market.parameters.language)


def _territory_snapshot(
    market,
    *,
    territory,
    view: str = "scorecard",
    top: int = 10,
    days: int | None = None,
    as_of=None,
    picture: bool = True,
) -> Snapshot:
    from kamkit.presentation.i18n import TOTAL, label

    if view not in VIEWS:
        raise KamkitError(f"view is {view!r}; use one of {', '.join(VIEWS)}.")
    territory = None if territory in (None, TOTAL) else market.check_territory(territory)
    lang = market.parameters.language
    name = _territory_name(territory, market)
    when = market.as_of if as_of is None else pd.Timestamp(as_of)
    settings = _t("territory.settings", lang, territory=name, as_of=_date(when, lang))
    png = table = None  # only the scorecard has a picture, and a table of its own format
    if view == "scorecard":
        from kamkit.analysis.territory import scorecard
        from kamkit.presentation.tables import SCORECARD_FIGURES, format_scorecard

        card = scorecard(market, as_of=as_of).set_index("territory")
        rows = [TOTAL] if territory is None else [territory, TOTAL]
        figures = card.loc[rows, list(SCORECARD_FIGURES)].T
        figures.columns.name = "territory"
        figures.index.name = "figure"
        row = card.loc[territory if territory is not None else TOTAL]
        words = {
            "accounts": _count(row["accounts"], lang),
            "regular": _count(row["regular"], lang),
            "captured": _share(row["potential_captured"], market),
            "coverage": _share(row["coverage"], market),
        }
        table = format_scorecard(
            card.loc[rows].reset_index(), language=lang, currency=market.parameters.currency
        )
        png = _picture(
            picture, "plot_stage_funnel", market, as_of=as_of, territory=territory, figsize=(7.5, 4)
        )
    elif view == "pursuit":
        from kamkit.analysis.kpis import pursuit_kpis
        from kamkit.analysis.pursuit import PURSUIT_COLUMNS

        kpis = pursuit_kpis(market, top=top, as_of=as_of, territory=territory, language=lang)
        shown = [c for c in PURSUIT_COLUMNS if c not in _PURSUIT_HIDDEN]
        figures = kpis.table[shown].set_index("account_id")
        words = {
            "n": _count(kpis["accounts"], lang),
            "top": _count(kpis["shown"], lang),
            "gap": _money(kpis["gap"], market),
        }
    elif view == "unvisited":
        from kamkit.analysis.kpis import unvisited_kpis

        kpis = unvisited_kpis(market, days=days, as_of=as_of, territory=territory)
        figures = (
            kpis.table[
                [
                    "account_id",
                    "name",
                    "salesperson",
                    "quadrant",
                    "stage",
                    "potential",
                    "revenue",
                    "days_since_contact",
                ]
            ]
            .head(top)
            .set_index("account_id")
        )
        words = {
            "n": _count(kpis["accounts"], lang),
            "days": _count(kpis["days"], lang),
            "key": _count(kpis["key"], lang),
        }
    else:
        from kamkit.analysis.kpis import effort_kpis

        kpis = effort_kpis(market, days=days, as_of=as_of, territory=territory)
        effort = kpis.table
        figures = (
            effort.drop(columns="territory").set_index("salesperson")
            if territory is not None
            else effort.set_index(["territory", "salesperson"])
        )
        words = {
            "share": _share(kpis["low_potential_share"], market),
            "unvisited": _count(kpis["unvisited"], lang),
            "days": _count(kpis["days"], lang),
        }
    headline = _t(f"{view}.headline", lang, territory=name, **words)
    if table is None:
        table = _formatted(figures, market)
    title = f"{_t('territory.title', lang)}: {name} · {label('heading.' + view, lang)}"
    return Snapshot(
        title=title,
        settings=settings,
        headline=headline,
        figures=figures,
        table=table,
        png=png,
        language=lang,
        values={"territory": territory, "view": view},
    )


# --------------------------------------------------------------------------------------------
# the widgets


def _explorer(controls: dict, compute):
    """The box: controls, result (HTML) and picture (Image), recomputed on every change."""
    import ipywidgets as widgets

    from kamkit.presentation.html import render

    result = widgets.HTML()
    result.add_class(RESULT_CLASS)
    picture = widgets.Image(format="png")
    picture.add_class(PICTURE_CLASS)
    box = widgets.VBox([widgets.HBox(list(controls.values())), result, picture])
    box.add_class(EXPLORER_CLASS)
    shown = {}

    def refresh(change=None):
        values = {name: _setting(c.value) for name, c in controls.items()}
        if shown.get("values") == values:  # a linked control moved twice: nothing new
            return
        try:
            snap = compute(**values)
        except KamkitError as exc:
            shown.clear()
            result.value = render(
                "widgets_error.html.j2", result_class=RESULT_CLASS, message=str(exc)
            )
            return
        shown["values"] = values
        box.snapshot = snap
        result.value = snap.to_html(picture=False)
        if snap.png:
            picture.value = snap.png
            picture.layout.display = None
        else:
            picture.layout.display = "none"

    for control in controls.values():
        control.observe(refresh, names="value")
    box.controls, box.result, box.picture = controls, result, picture
    refresh()
    return box


def _setting(value):
    """A control's value as a setting: floats rounded (a browser sends 0.6000000000000001)."""
    if isinstance(value, float):
        return round(value, 6)
    return value


@dataclass(frozen=True)
class _Slider:
    """The slider of a market parameter: its words (``widget.<words>``) and range."""

    words: str
    low: float
    high: float | str  # a number, or the parameter whose starting value is the maximum
    step: float
    whole: bool = False  # whole numbers; else a fraction shown as a percentage


#: The parameters the explorers move, and their sliders.
_SLIDERS = {
    "abc_a_share": _Slider("abc.a", 0.05, 0.95, 0.05),
    "abc_b_share": _Slider("abc.b", 0.05, 1.0, 0.05),
    "lookback_months": _Slider("stage.lookback", 1, 36, 1, whole=True),
    "regular_min_months": _Slider("stage.regular", 1, "lookback_months", 1, whole=True),
    "potential_quantile": _Slider("matrix.quantile", 0.5, 0.95, 0.05),
    "share_threshold": _Slider("matrix.share", 0.05, 0.9, 0.05),
}


def _parameters(settings: dict) -> dict:
    """The sliders' settings as market parameters: whole numbers or fractions; B never below A
    and "regular from" never beyond the window."""
    values = {p: int(v) if _SLIDERS[p].whole else float(v) for p, v in settings.items()}
    if "abc_b_share" in values:
        values["abc_b_share"] = max(values["abc_a_share"], values["abc_b_share"])
    if "regular_min_months" in values:
        values["regular_min_months"] = min(values["regular_min_months"], values["lookback_months"])
    return values


def _slider(parameter: str, start: dict, language: str):
    import ipywidgets as widgets

    spec, value = _SLIDERS[parameter], start[parameter]
    high = start[spec.high] if isinstance(spec.high, str) else spec.high
    options = dict(
        value=value,
        min=min(spec.low, value),
        max=max(high, value),
        step=spec.step,
        description=_t(spec.words, language),
        continuous_update=False,
        style={"description_width": "initial"},
        layout=widgets.Layout(width="380px"),
    )
    if spec.whole:
        return widgets.IntSlider(**options)
    return widgets.FloatSlider(readout_format=".0%", **options)


def _parameter_explorer(market, snapshot, given: dict, *, territory, as_of, interactive, link=None):
    """An explorer of market parameters: a slider for each parameter of ``given`` (its starting
    value, ``None`` for the market's), ``snapshot`` computing what it shows, ``link`` (if any)
    tying the sliders together."""
    _check_market(market)
    p = market.parameters
    start = {}
    for parameter, value in given.items():
        value = getattr(p, parameter) if value is None else value
        start[parameter] = int(value) if _SLIDERS[parameter].whole else value

    def compute(picture=True, **settings):
        values = _parameters(settings)
        m = market.with_parameters(**values)
        return snapshot(m, values, territory=territory, as_of=as_of, picture=picture)

    if not interactive:
        return compute(**start)
    controls = {parameter: _slider(parameter, start, p.language) for parameter in start}
    if link is not None:
        link(*controls.values())
    return _explorer(controls, compute)


def _b_follows_a(sa, sb) -> None:
    def keep_order(change):  # registered before the update, so B moves first
        if sb.value < sa.value:
            sb.value = sa.value

    sa.observe(keep_order, names="value")


def _regular_within_window(sl, sr) -> None:
    def follow(change):  # "regular from" can never exceed the window
        if sr.value > sl.value:
            sr.value = sl.value
        sr.max = sl.value

    sl.observe(follow, names="value")


def abc_explorer(
    market,
    *,
    abc_a_share: float | None = None,
    abc_b_share: float | None = None,
    territory: str | None = None,
    as_of=None,
    interactive: bool = True,
):
    """ABC classes at cut-offs you choose: accounts and revenue per class, and the Pareto chart.

    Parameters
    ----------
    market : Market
    abc_a_share, abc_b_share : float, optional
        Starting cut-offs (default: the market's ``abc_a_share`` and ``abc_b_share``). The
        sliders move them in steps of 5%; B never goes below A.
    territory : str, optional
        Only this territory's buying accounts (classes within the territory).
    as_of : date-like, optional
    interactive : bool
        ``False`` returns a :class:`Snapshot` instead of widgets (see the module docstring).

    Returns
    -------
    ipywidgets.VBox or Snapshot
        Figures (index ``A``, ``B``, ``C``): ``accounts``, ``accounts_share`` (of buying
        accounts), ``revenue``, ``revenue_share`` -- from :func:`kamkit.analysis.concentration.pareto_table`
        with those cut-offs.
    """
    return _parameter_explorer(
        market,
        _abc_snapshot,
        {"abc_a_share": abc_a_share, "abc_b_share": abc_b_share},
        territory=territory,
        as_of=as_of,
        interactive=interactive,
        link=_b_follows_a,
    )


def stage_explorer(
    market,
    *,
    lookback_months: int | None = None,
    regular_min_months: int | None = None,
    territory: str | None = None,
    as_of=None,
    interactive: bool = True,
):
    """Lifecycle stages with the window and the "regular" rule you choose.

    Parameters
    ----------
    market : Market
    lookback_months, regular_min_months : int, optional
        Starting values (default: the market's parameters). The window slider goes from 1 to
        36 months; "regular from" from 1 to the window.
    territory, as_of, interactive
        As for :func:`abc_explorer` (only this territory's accounts).

    Returns
    -------
    ipywidgets.VBox or Snapshot
        Figures (index: the five ``STAGES``): ``accounts``, ``accounts_share`` (of all accounts
        in scope), ``revenue`` (window revenue) -- from :func:`kamkit.analysis.segmentation.segment`
        with those parameters. Picture: the stage funnel.
    """
    return _parameter_explorer(
        market,
        _stage_snapshot,
        {"lookback_months": lookback_months, "regular_min_months": regular_min_months},
        territory=territory,
        as_of=as_of,
        interactive=interactive,
        link=_regular_within_window,
    )


def matrix_explorer(
    market,
    *,
    potential_quantile: float | None = None,
    share_threshold: float | None = None,
    territory: str | None = None,
    as_of=None,
    interactive: bool = True,
):
    """The potential x share-of-wallet matrix with the thresholds you choose.

    Parameters
    ----------
    market : Market
    potential_quantile, share_threshold : float, optional
        Starting thresholds (default: the market's parameters). Sliders: quantile 50% to 95%,
        share 5% to 90%, in steps of 5%.
    territory, as_of, interactive
        As for :func:`abc_explorer` (only this territory's accounts; the thresholds stay those
        of the whole market).

    Returns
    -------
    ipywidgets.VBox or Snapshot
        Figures (index: the four ``QUADRANTS``): ``accounts``, ``accounts_share``,
        ``potential``, ``potential_share``, ``revenue``, ``gap`` -- sums over
        :func:`kamkit.analysis.segmentation.segment` with those thresholds. The potential line in
        money is in ``snapshot.values["potential_cut"]``. Picture: the matrix.
    """
    return _parameter_explorer(
        market,
        _matrix_snapshot,
        {"potential_quantile": potential_quantile, "share_threshold": share_threshold},
        territory=territory,
        as_of=as_of,
        interactive=interactive,
    )


def territory_picker(
    market,
    *,
    territory: str | None = None,
    view: str = "scorecard",
    top: int = 10,
    days: int | None = None,
    as_of=None,
    interactive: bool = True,
):
    """One territory at a time: its scorecard, pursuit list, unvisited accounts or effort.

    Parameters
    ----------
    market : Market
    territory : str, optional
        The territory shown first (default: the first territory in name order). ``"all"``
        (``kamkit.presentation.i18n.TOTAL``) means the whole market, as does the default on a market
        without territories. The drop-down offers every territory and "all territories".
    view : {"scorecard", "pursuit", "unvisited", "effort"}
        What to show (``VIEWS``):

        - ``scorecard``: the territory's figures next to the whole market
          (:func:`kamkit.analysis.territory.scorecard`; index: figures, columns: territory and
          ``"all"``) and its stage funnel;
        - ``pursuit``: the first ``top`` accounts of its pursuit list
          (:func:`kamkit.analysis.pursuit.pursuit_list`; for all territories the ``top`` highest scores);
        - ``unvisited``: the first ``top`` key and conquer accounts without contact in the
          analysis window (:func:`kamkit.analysis.kpis.unvisited_kpis`);
        - ``effort``: per salesperson, where the interactions go
          (:func:`kamkit.analysis.kpis.effort_kpis`).
    top : int
        Rows shown by ``pursuit`` and ``unvisited``.
    days : int, optional
        Default ``None``: "contacted" means an interaction in the analysis window, as the
        scorecard's coverage counts it; a number of days asks about the last ``days`` days.
    as_of : date-like, optional
    interactive : bool
        ``False`` returns a :class:`Snapshot` instead of widgets.

    Returns
    -------
    ipywidgets.VBox or Snapshot
    """
    from kamkit.presentation.i18n import TOTAL

    _check_market(market)
    if view not in VIEWS:
        raise KamkitError(f"view is {view!r}; use one of {', '.join(VIEWS)}.")
    if territory is None:
        territory = market.territories[0] if market.territories else TOTAL
    elif territory != TOTAL:
        territory = market.check_territory(territory)

    def compute(territory, view=view, picture=True):
        return _territory_snapshot(
            market, territory=territory, view=view, top=top, days=days, as_of=as_of, picture=picture
        )

    if not interactive:
        return compute(territory)
    import ipywidgets as widgets

    lang = market.parameters.language
    options = [(t, t) for t in market.territories] + [(_t("territory.all", lang), TOTAL)]
    picker = widgets.Dropdown(
        options=options,
        value=territory,
        description=_t("territory.title", lang),
        style={"description_width": "initial"},
    )
    return _explorer({"territory": picker}, compute)
