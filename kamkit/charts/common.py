"""What every kamkit chart does before it draws: read the language and currency from the data,
name the money symbol, open the axes. Shared by :mod:`kamkit.charts.plots` and
:mod:`kamkit.charts.kam`, so one rule serves every picture.
"""

from __future__ import annotations

from kamkit.presentation import i18n

__all__ = ["is_market", "chart_language", "chart_currency", "settings", "money_symbol", "axes"]


def is_market(data) -> bool:
    """True when ``data`` is a :class:`kamkit.model.market.Market` (not a table)."""
    from kamkit.model.market import Market

    return isinstance(data, Market)


def chart_language(data, language) -> str:
    """``language``, checked; by default the market's ``language`` parameter, English for a
    table."""
    if language is None and is_market(data):
        language = data.parameters.language
    return i18n.check_language(language)


def chart_currency(data, currency) -> str:
    """``currency``; by default the market's ``currency`` parameter, BRL for a table."""
    if currency is None:
        currency = data.parameters.currency if is_market(data) else "BRL"
    return str(currency)


def settings(data, language, currency) -> tuple[str, str]:
    """The language and currency a chart of ``data`` is drawn in (see above)."""
    return chart_language(data, language), chart_currency(data, currency)


def money_symbol(currency: str, language: str) -> str:
    """The money symbol of :func:`kamkit.presentation.i18n.format_money_short`: ``R$`` in
    pt-BR, else the currency code."""
    return i18n.format_money_short(0, currency, language).rsplit(" ", 1)[0]


def axes(ax, figsize=(8, 5)):
    """``ax``, or the axes of a new figure of ``figsize`` with constrained layout."""
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=figsize, layout="constrained")
    return ax
