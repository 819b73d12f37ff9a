"""What every kamkit chart does before it draws: read the language and currency from the data,
name the money symbol, open the axes. Shared by :mod:`kamkit.charts.plots` and
:mod:`kamkit.charts.kam`, so one rule serves every picture.
"""

from __future__ import annotations

from kamkit.presentation import i18n

__all__ = [
    "is_market",
    "chart_language",
    "chart_currency",
    "settings",
    "money_symbol",
    "axes",
    "chart_doc",
    "SHARED_DOCS",
]


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


#: The options every chart takes and what every chart returns, described once. A chart's
#: docstring names them on a line of their own, ``{ax_language}``, ``{currency}`` or
#: ``{returns}``, and :func:`chart_doc` writes them in (as matplotlib does for its shared
#: parameters), so ``help()`` shows the whole text.
SHARED_DOCS = {
    "ax_language": (
        "ax : matplotlib Axes, optional\n"
        "    Where to draw; a new figure when None.\n"
        'language : {"en", "pt-BR"}, optional\n'
        "    Default: the market's ``language`` parameter, English for a table."
    ),
    "currency": (
        "currency : str, optional\n"
        "    Currency code of the money axis. Default: the market's ``currency``, else BRL."
    ),
    "returns": "Returns\n-------\nmatplotlib Axes",
}


def chart_doc(function):
    """Write :data:`SHARED_DOCS` into the docstring of ``function`` where a line names one."""
    if not function.__doc__:  # python -OO
        return function
    lines = []
    for line in function.__doc__.splitlines():
        key = line.strip()
        if key.startswith("{") and key.endswith("}") and key[1:-1] in SHARED_DOCS:
            indent = line[: len(line) - len(line.lstrip())]
            lines += [indent + part for part in SHARED_DOCS[key[1:-1]].splitlines()]
        else:
            lines.append(line)
    function.__doc__ = "\n".join(lines)
    return function
