"""One value of the data as a printed document shows it (the visit cards, the plan documents).

A blank cell (None, NA, NaT, NaN) is missing: as text it is "", as a money amount, share or
count an em dash, as a date "". Figures are written in the reader's language
(:mod:`kamkit.presentation.i18n`).
"""

from __future__ import annotations

__all__ = ["missing", "cell_text", "Formats"]

_DASH = "\u2014"


def missing(value) -> bool:
    """Whether ``value`` is a blank cell: None, NA, NaT or NaN (a list or text never is)."""
    import pandas as pd

    if value is None or value is pd.NA or value is pd.NaT:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def cell_text(value) -> str:
    """``value`` as text, "" when it is missing."""
    return "" if missing(value) else str(value)


class Formats:
    """The figures of one document in ``language``: money in ``currency``; ``lookback`` (the
    market's ``lookback_months``) for the words that name the window."""

    def __init__(self, language: str, currency: str = "BRL", lookback: int | None = None):
        self.language = language
        self.currency = currency
        self.lookback = lookback

    @classmethod
    def of(cls, market, language: str) -> Formats:
        """The formats of a market's documents in ``language`` (its currency and window)."""
        parameters = market.parameters
        return cls(language, parameters.currency, parameters.lookback_months)

    def money(self, value) -> str:
        from kamkit.presentation.i18n import format_money

        return _DASH if missing(value) else format_money(value, self.currency, self.language)

    def share(self, value) -> str:
        from kamkit.presentation.i18n import format_share

        return _DASH if missing(value) else format_share(value, self.language)

    def date(self, value) -> str:
        from kamkit.presentation.i18n import format_date

        return "" if missing(value) else format_date(value, self.language)

    def count(self, value) -> str:
        from kamkit.presentation.i18n import format_count

        return _DASH if missing(value) else format_count(int(value), self.language)
