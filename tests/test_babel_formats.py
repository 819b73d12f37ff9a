"""Numbers, money and dates are written by Babel (CLDR) for pt_BR and en.

Each format is checked twice: against Babel called directly (so kamkit really is Babel's
output, with only the documented choices on top: a plain space after the money sign, the code
instead of the symbol in English, no minus sign on a zero), and against strings written by
hand, so a change of CLDR data that would change what a manager reads fails here too.
"""

from __future__ import annotations

import datetime
import subprocess
import sys

import pandas as pd
import pytest
from babel import dates, numbers

from kamkit.presentation import i18n

LOCALE = {"en": "en", "pt-BR": "pt_BR"}


@pytest.mark.parametrize(
    "value, language, expected",
    [
        (1234567.891, "pt-BR", "R$ 1.234.567,89"),
        (1234567.891, "en", "BRL 1,234,567.89"),
        (-10, "pt-BR", "-R$ 10,00"),
        (-10, "en", "-BRL 10.00"),
        (0.5, "pt-BR", "R$ 0,50"),
        (999.995, "en", "BRL 1,000.00"),
        (-0.001, "pt-BR", "R$ 0,00"),
    ],
)
def test_money_by_hand_and_by_babel(value, language, expected):
    shown = i18n.format_money(value, "BRL", language)
    assert shown == expected
    pattern = "¤ #,##0.00" if language == "pt-BR" else "¤¤ #,##0.00"
    babel = numbers.format_currency(
        value, "BRL", format=pattern, locale=LOCALE[language], currency_digits=False
    )
    if not -0.005 < value < 0:  # Babel writes -0.001 as "-R$ 0,00"; kamkit drops the sign of a zero
        assert shown == babel
    # Babel's own default differs only by the no-break space after the symbol
    if language == "pt-BR" and value >= 0:
        default = numbers.format_currency(value, "BRL", locale="pt_BR")
        assert shown == default.replace("\xa0", " ")


def test_money_in_another_currency_shows_its_code():
    assert i18n.format_money(1234.5, "USD", "pt-BR") == "USD 1.234,50"
    assert i18n.format_money(1234.5, "USD", "en") == "USD 1,234.50"
    assert i18n.format_money(1234.5, "BRL", "pt-BR", decimals=0) == "R$ 1.234"  # half to even
    assert i18n.format_money(1235.5, "BRL", "pt-BR", decimals=0) == "R$ 1.236"


#: what kamkit writes -> (its function, Babel's, the pattern's suffix)
BY_BABEL = {
    "share": (i18n.format_share, numbers.format_percent, "%"),
    "number": (i18n.format_number, numbers.format_decimal, ""),
}


@pytest.mark.parametrize(
    "kind, value, language, decimals, expected",
    [
        ("share", 0.1234, "pt-BR", 1, "12,3%"),
        ("share", 0.1234, "en", 1, "12.3%"),
        ("share", 0.5, "pt-BR", 0, "50%"),
        ("share", 12.3456, "pt-BR", 2, "1.234,56%"),
        ("share", -0.05, "en", 1, "-5.0%"),
        ("share", 1, "en", 0, "100%"),
        ("share", 12.5, "pt-BR", 1, "1.250,0%"),
        ("share", 0.0, "pt-BR", 2, "0,00%"),
        ("number", 36652, "pt-BR", 0, "36.652"),
        ("number", 36652, "en", 0, "36,652"),
        ("number", 1234.5, "pt-BR", 1, "1.234,5"),
        ("number", 1234.5, "en", 1, "1,234.5"),
        ("number", -1234567.25, "pt-BR", 2, "-1.234.567,25"),
        ("number", 0.75, "en", 2, "0.75"),
    ],
)
def test_shares_and_numbers_by_hand_and_by_babel(kind, value, language, decimals, expected):
    kamkit_format, babel_format, suffix = BY_BABEL[kind]
    shown = kamkit_format(value, language, decimals=decimals)
    assert shown == expected
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "") + suffix
    assert shown == babel_format(value, format=pattern, locale=LOCALE[language])


@pytest.mark.parametrize(
    "value, language, expected",
    [
        (1_234_567, "pt-BR", "R$ 1,2 mi"),
        (1_234_567, "en", "BRL 1.2 M"),
        (350_000, "pt-BR", "R$ 350 mil"),
        (350_000, "en", "BRL 350 k"),
        (4_500, "pt-BR", "R$ 4,5 mil"),
        (870, "pt-BR", "R$ 870"),
        (-1_234_567, "pt-BR", "-R$ 1,2 mi"),
    ],
)
def test_short_money(value, language, expected):
    assert i18n.format_money_short(value, "BRL", language) == expected


def test_dates_by_hand_and_by_babel():
    day = datetime.date(2025, 6, 30)
    assert i18n.format_date(day, "pt-BR") == "30/06/2025"
    assert i18n.format_date(day, "en") == "2025-06-30"
    assert i18n.format_date("2025-06-30 17:45", "pt-BR") == "30/06/2025"
    # pt-BR: CLDR's own short date pattern is day/month/year in full
    assert i18n.format_date(day, "pt-BR") == dates.format_date(day, "short", locale="pt_BR")
    assert i18n.format_date(day, "en") == dates.format_date(day, "yyyy-MM-dd", locale="en")
    assert i18n.format_date(None, "pt-BR") == "\u2014"
    assert i18n.format_date(pd.NaT, "en") == "\u2014"


def test_periods_take_cldr_month_names():
    by_hand = "jan fev mar abr mai jun jul ago set out nov dez".split()
    cldr = dates.get_month_names("abbreviated", locale="pt_BR")
    shown = [i18n.format_period(pd.Period(f"2026-{m:02d}", "M"), "pt-BR") for m in range(1, 13)]
    assert shown == [f"{name}/26" for name in by_hand]
    assert shown == [f"{cldr[m].rstrip('.')}/26" for m in range(1, 13)]
    assert i18n.format_period(pd.Period("2026Q3"), "pt-BR") == "3º tri/2026"
    assert i18n.format_period(pd.Period("2026Q3"), "en") == "2026Q3"
    assert i18n.format_period(pd.Period("2026-09-30", "D"), "pt-BR") == "30/09/2026"


def test_missing_and_endless_values():
    for fmt in (i18n.format_number, i18n.format_share, i18n.format_count):
        assert fmt(float("nan"), "pt-BR") == "\u2014"
        assert fmt(None, "en") == "\u2014"
    assert i18n.format_money(float("nan")) == "\u2014"
    # huge amounts keep every digit (no decimal-context error)
    assert i18n.format_money(1e30, "BRL", "pt-BR") == "R$ 1" + ".000" * 10 + ",00"


def test_rounding_is_babels_on_the_written_number():
    # 0.215 is 0.21499999... in binary; people and Babel read 0.215, half to even: 0.22
    assert i18n.format_money(0.215, "BRL", "en") == "BRL 0.22"
    assert i18n.format_money(0.215, "BRL", "en") == numbers.format_currency(
        0.215, "BRL", format="¤¤ #,##0.00", locale="en", currency_digits=False
    )
    assert i18n.format_number(0.125, "en", decimals=2) == "0.12"


def test_babel_is_imported_only_when_a_number_is_written():
    code = (
        "import sys, kamkit, kamkit.presentation.i18n as i\n"
        "assert 'babel' not in sys.modules, 'babel imported by import kamkit'\n"
        "print(i.format_count(1234, 'pt-BR'))\n"
        "assert 'babel.numbers' in sys.modules\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "1.234"
