"""One palette for every picture and every coloured cell.

The strong colours are the Okabe-Ito and Paul Tol colour-blind-safe hues the charts use; a cell
in a workbook, a card or a page takes the same hue lightened by :func:`tint`, so a stage or a
quadrant has one colour everywhere a person sees it.

>>> QUADRANT["conquer"]
'#D55E00'
>>> tint("#D55E00")
'#F4D7BF'
"""

from __future__ import annotations

from types import MappingProxyType

__all__ = [
    "QUADRANT",
    "STAGE",
    "ABC",
    "ACCENT",
    "NEUTRAL",
    "PRIMARY",
    "MARKER",
    "COVERAGE",
    "HEADER",
    "tint",
]

#: Quadrants of the potential x share-of-wallet matrix.
QUADRANT = MappingProxyType(
    {"key": "#0072B2", "conquer": "#D55E00", "maintain": "#009E73", "monitor": "#999999"}
)
#: Lifecycle stages, from the untouched grey to the regular green; lapsed in rose.
STAGE = MappingProxyType(
    {
        "untouched": "#BBBBBB",
        "approached": "#88CCEE",
        "occasional": "#44AA99",
        "regular": "#117733",
        "lapsed": "#CC6677",
    }
)
#: ABC classes.
ABC = MappingProxyType({"A": "#0072B2", "B": "#56B4E9", "C": "#BBBBBB"})
#: A highlight (a marker, a cut-off line) and the colour of "the rest".
ACCENT = "#D55E00"
NEUTRAL = "#BBBBBB"
#: The one colour of a single-series chart (the Lorenz curve): the key accounts' blue.
PRIMARY = "#0072B2"
#: Markers on a line (the top 5% and 10% of accounts on the Pareto curve).
MARKER = "#CC79A7"
#: The three shares of the CRM x KAM coverage chart: accounts, potential and interactions.
COVERAGE = MappingProxyType(
    {"accounts_share": NEUTRAL, "potential_share": PRIMARY, "visits_share": "#E69F00"}
)
#: Header cells of tables in workbooks and pages.
HEADER = "#DDEBF7"


def tint(colour: str, strength: float = 0.25) -> str:
    """``colour`` blended with white: ``strength`` 1 is the colour itself, 0 is white."""
    value = colour.lstrip("#")
    if len(value) != 6:
        raise ValueError(f"{colour!r} is not a #RRGGBB colour")
    channels = (int(value[i : i + 2], 16) for i in (0, 2, 4))
    return "#" + "".join(f"{round(255 - (255 - c) * strength):02X}" for c in channels)


#: Header cells of the columns a table requires (darker than :data:`HEADER`).
HEADER_REQUIRED = "#9BC2E6"
#: Labels and small headings printed in grey on cards.
MUTED = "#555555"
#: A sparkline of a territory's evolution on the reports' index.
SPARKLINE = "#1f5f8b"
#: The first priorities of the pursuit list in the results workbook: dark red on light red.
PRIORITY_TEXT = "#9C0006"
PRIORITY_FILL = "#FFC7CE"
#: The bar and heading of each kind of feedback an exercise gives.
FEEDBACK = MappingProxyType(
    {
        "correct": "#1a7f37",
        "incorrect": "#cf222e",
        "not_attempted": "#0969da",
        "discussion": "#8250df",
        "hint": "#9a6700",
        "solution": "#8250df",
        "info": "#57606a",
    }
)
#: The background of a cell or badge that has no colour of its own.
WHITE = "#FFFFFF"
#: Dark text on a light cell of a chart (a heat map's label).
INK = "#222222"
