"""One palette: every colour kamkit draws or fills is defined in kamkit/presentation/palette.py.

The test reads every module's string constants (AST, so comments and docstrings of other
modules are read too: a colour named in prose is still a colour someone will copy) and finds
hex colour literals (#RGB, #RRGGBB, #RRGGBBAA). Only palette.py may hold them.

Modules other helpers of issue 15 are still moving onto the palette are listed in KNOWN: the
test fails if a module *not* in KNOWN holds a colour, and also if a module in KNOWN no longer
does (then it must leave the list, so the list only shrinks).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from kamkit.presentation import palette

PACKAGE = Path(__file__).resolve().parents[1] / "kamkit"
HEX = re.compile(r"(?<![\w&])#(?:[0-9A-Fa-f]{8}|[0-9A-Fa-f]{6}|[0-9A-Fa-f]{3})(?![\w-])")

#: Modules still holding their own colours while issue 15 is in progress (owned by other
#: helpers: html -> cards, handout, site, exercises; reports -> export, reports, template).
KNOWN: set[str] = set()


def colours_in(source: str) -> list[tuple[int, str]]:
    """(line, literal) of every hex colour in the string constants of ``source``."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            found += [(node.lineno, m.group()) for m in HEX.finditer(node.value)]
    return found


def modules_with_colours() -> dict[str, list[tuple[int, str]]]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        name = path.relative_to(PACKAGE.parent).as_posix()
        if name == "kamkit/presentation/palette.py":
            continue
        found = colours_in(path.read_text(encoding="utf-8"))
        if found:
            out[name] = found
    return out


def test_colours_live_in_the_palette():
    found = modules_with_colours()
    stray = {name: hits for name, hits in found.items() if name not in KNOWN}
    assert stray == {}, "\n".join(
        f"{name}:{line}: {colour} -- use kamkit.presentation.palette"
        for name, hits in stray.items()
        for line, colour in hits
    )


def test_known_list_only_shrinks():
    cleaned = sorted(KNOWN - set(modules_with_colours()))
    assert cleaned == [], f"{cleaned} hold no colour any more: take them off KNOWN"


@pytest.mark.parametrize(
    "module", ["kamkit/charts/plots.py", "kamkit/outputs/widgets.py", "kamkit/presentation/i18n.py"]
)
def test_the_pictures_and_widgets_hold_no_colour(module):
    assert colours_in((PACKAGE.parent / module).read_text(encoding="utf-8")) == []


def test_a_planted_colour_is_found():
    planted = 'COLOURS = {"key": "#0072B2"}\nstyle = "th{background:#fff}"\nx = "see #thing"\n'
    assert sorted(colours_in(planted)) == [(1, "#0072B2"), (2, "#fff")]


def test_palette_colours_are_hex_and_the_charts_use_them():
    from kamkit.charts import plots

    for table in (palette.QUADRANT, palette.STAGE, palette.ABC, palette.COVERAGE):
        for colour in table.values():
            assert re.fullmatch(r"#[0-9A-F]{6}", colour), colour
    assert not hasattr(plots, "QUADRANT_COLORS")  # one palette: no second copy in the charts


def test_the_charts_draw_with_the_palette(review_market):
    import matplotlib
    from matplotlib.colors import to_hex

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from kamkit.charts import plots

    ax = plots.plot_stage_funnel(review_market)
    drawn = [to_hex(bar.get_facecolor()).upper() for bar in ax.patches]
    assert drawn == [palette.STAGE[s] for s in palette.STAGE]
    ax = plots.plot_coverage(review_market)
    colours = {to_hex(bar.get_facecolor()).upper() for bar in ax.patches}
    assert colours == set(palette.COVERAGE.values())
    plt.close("all")
