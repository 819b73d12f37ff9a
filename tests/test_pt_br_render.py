"""Outputs rendered in Brazilian Portuguese hold no English word of the catalogue.

The catalogue (kamkit/presentation/words/*.toml) knows every word kamkit shows in both
languages. Its English side, where it differs from the Portuguese, is what must never reach a
pt-BR reader: the test renders in pt-BR the tables people read (scorecard, segment and
pursuit list through ``kk.labels``), the texts of every chart (titles, axes, ticks, legends,
notes), the widgets' HTML and controls, and the summaries of ``kamkit validate`` and
``kamkit segment --lang pt-BR`` (run as a person runs them, in a subprocess), and looks for
those English phrases as whole words.

Proper names and codes are not words of the catalogue: account names, territories and ids
are left out (data, not kamkit's words), and a code such as ``potential_captured`` never
matches because a phrase must stand as whole words. A single English word that is also a
Portuguese word of the catalogue ("regular", "total") cannot tell the languages apart and is
not searched; phrases are.
"""

from __future__ import annotations

import functools
import html.parser
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import kamkit as kk
from kamkit.presentation import catalogue

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_XLSX = ROOT / "data" / "samples" / "kamkit_sample.xlsx"
WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


@functools.cache
def english_phrases() -> dict[str, str]:
    """English phrase (lower case) -> the catalogue key it comes from.

    Each English entry that differs from its Portuguese is cut at placeholders and
    punctuation into phrases. A phrase is kept when one of its words is English only: 3
    letters or more (4 for a phrase of one word), not an all-capitals code (CRM, KAM), and not
    also a Portuguese word of the catalogue.
    """
    entries = catalogue.catalogue()
    portuguese = {
        w.lower()
        for _, pt in entries.values()
        for w in WORD.findall(re.sub(r"\{[^}]*\}", " ", pt))  # placeholders are not words
    }
    found: dict[str, str] = {}
    for key, (en, pt) in sorted(entries.items()):
        if en == pt:
            continue
        for chunk in re.split(r"\{[^}]*\}", en):
            for piece in re.split(r"[.;:!?()\[\]\"'`*=<>/+|]|\s--?\s|,\s|\s·\s", chunk):
                words = WORD.findall(piece)
                shortest = 4 if len(words) == 1 else 3
                if not any(
                    len(w) >= shortest and not w.isupper() and w.lower() not in portuguese
                    for w in words
                ):
                    continue
                phrase = " ".join(words).lower()
                found.setdefault(phrase, key)
    return found


@functools.cache
def _pattern() -> re.Pattern:
    phrases = sorted(english_phrases(), key=len, reverse=True)
    words = [r"[\s\W]+".join(map(re.escape, p.split())) for p in phrases]
    return re.compile(r"(?<![\w-])(?:" + "|".join(words) + r")(?![\w-])", re.IGNORECASE)


def english_in(texts: dict[str, list[str]]) -> list[str]:
    """Every English phrase of the catalogue found in ``texts`` (source -> visible strings),
    as "source: 'phrase' (catalogue key) in '...context...'"."""
    out = []
    phrases = english_phrases()
    for source, strings in texts.items():
        for text in strings:
            for m in _pattern().finditer(str(text)):
                phrase = " ".join(WORD.findall(m.group())).lower()
                context = str(text)[max(0, m.start() - 40) : m.end() + 40].replace("\n", " ")
                out.append(f"{source}: {m.group()!r} ({phrases.get(phrase, '?')}) in {context!r}")
    return out


class _Text(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data):
        if data.strip():
            self.parts.append(data.strip())


def html_text(markup: str) -> list[str]:
    """The text a person reads in ``markup`` (tags and attributes, e.g. codes, left out)."""
    parser = _Text()
    parser.feed(markup)
    return parser.parts


# --------------------------------------------------------------------------------------------
# the renderings


@pytest.fixture(scope="module")
def market():
    return kk.load_sample().with_parameters(language="pt-BR")


PEOPLE_DATA = {"account_id", "name", "territory", "salesperson", "segment", "city", "state"}


def table_text(table: pd.DataFrame) -> list[str]:
    """Headers, index names and the values of categorical or text columns kamkit wrote;
    the columns holding people's data (names, ids, territories) are left out."""
    out = [str(c) for c in table.columns] + [str(n) for n in table.index.names if n]
    for column in table.columns:
        values = table[column]
        if isinstance(values.dtype, pd.CategoricalDtype):
            out += [str(v) for v in values.cat.categories]
        elif values.dtype == object and column not in PEOPLE_DATA:
            out += [str(v) for v in values.dropna().unique()[:200]]
    if isinstance(table.index, pd.CategoricalIndex):
        out += [str(v) for v in table.index]
    return out


def test_tables_in_portuguese(market):
    texts = {}
    card = kk.scorecard(market)
    texts["scorecard"] = table_text(kk.labels(card, "pt-BR"))
    seg = kk.segment(market)
    shown = kk.labels(seg, "pt-BR")
    texts["segment"] = table_text(shown.drop(columns=[c for c in shown if c in PEOPLE_DATA]))
    pursuit = kk.pursuit_list(market, language="pt-BR")
    texts["pursuit_list"] = table_text(
        kk.labels(pursuit.drop(columns=[c for c in pursuit if c in PEOPLE_DATA]), "pt-BR")
    )
    texts["coverage"] = table_text(kk.labels(kk.coverage(market), "pt-BR"))
    assert sum(map(len, texts.values())) > 50
    assert english_in(texts) == []


def _axes_text(ax) -> list[str]:
    ax.figure.canvas.draw()  # tick labels are written on drawing
    out = [ax.get_title(), ax.get_xlabel(), ax.get_ylabel()]
    out += [t.get_text() for t in ax.get_xticklabels() + ax.get_yticklabels()]
    out += [t.get_text() for t in ax.texts]
    legend = ax.get_legend()
    if legend is not None:
        out += [t.get_text() for t in legend.get_texts()]
    right = getattr(ax, "right_ax", None)
    if right is not None:
        out += _axes_text(right)
    return [t for t in out if t]


def test_charts_in_portuguese(market):
    import matplotlib

    matplotlib.use("Agg")
    from kamkit.charts import plots

    drawn = {
        "plot_pareto": plots.plot_pareto(market),
        "plot_lorenz": plots.plot_lorenz(market),
        "plot_stage_funnel": plots.plot_stage_funnel(market),
        "plot_matrix": plots.plot_matrix(market),
        "plot_transitions": plots.plot_transitions(market),
        "plot_transitions(share)": plots.plot_transitions(market, share=True),
        "plot_coverage": plots.plot_coverage(market),
        "plot_coverage(stage)": plots.plot_coverage(market, group="stage"),
    }
    evolution = kk.evolution(market, periods=3)
    for metric in ("coverage", "revenue", "coverage_change", "regular"):
        drawn[f"plot_territory_evolution({metric})"] = plots.plot_territory_evolution(
            evolution, metric=metric, language="pt-BR"
        )
    missing = set(plots.__all__) - {name.split("(")[0] for name in drawn} - {"MAX_BARS"}
    assert missing == set(), f"draw {missing} here too"
    texts = {name: _axes_text(ax) for name, ax in drawn.items()}
    assert all(texts.values())
    assert english_in(texts) == []


def test_widgets_in_portuguese(market):
    from kamkit.outputs import widgets

    snaps = {
        "abc_explorer": widgets.abc_explorer(market, interactive=False),
        "stage_explorer": widgets.stage_explorer(market, interactive=False),
        "matrix_explorer": widgets.matrix_explorer(market, interactive=False),
    }
    for view in widgets.VIEWS:
        snaps[f"territory_picker({view})"] = widgets.territory_picker(
            market, view=view, interactive=False
        )
    texts = {name: html_text(snap.to_html(picture=False)) for name, snap in snaps.items()}
    texts.update({f"{name} as text": [str(snap)] for name, snap in snaps.items()})
    boxes = [
        widgets.abc_explorer(market),
        widgets.stage_explorer(market),
        widgets.matrix_explorer(market),
        widgets.territory_picker(market),
    ]
    controls = []
    for box in boxes:
        for control in box.controls.values():
            controls.append(control.description)
            controls += [str(label) for label, _ in getattr(control, "options", ())]
    texts["controls"] = [c for c in controls if c not in market.territories]
    assert english_in(texts) == []


def _kamkit(*args) -> subprocess.CompletedProcess:
    exe = shutil.which("kamkit", path=str(Path(sys.executable).parent)) or "kamkit"
    return subprocess.run(
        [exe, *args],
        capture_output=True,
        text=True,
        env={**os.environ, "MPLBACKEND": "Agg"},
        timeout=300,
    )


def _without_data(text: str, market) -> str:
    """The CLI's output with the data's proper names (territories, ids) taken out."""
    for name in sorted(market.territories, key=len, reverse=True):
        text = text.replace(name, " ")
    return re.sub(r"\bC-\d+\b", " ", text)


def test_the_command_line_in_portuguese(market):
    validate = _kamkit("validate", str(SAMPLE_XLSX), "--lang", "pt-BR")
    assert validate.returncode == 0, validate.stderr
    segment = _kamkit("segment", str(SAMPLE_XLSX), "--lang", "pt-BR")
    assert segment.returncode == 0, segment.stderr
    texts = {
        "kamkit validate": [_without_data(validate.stdout + validate.stderr, market)],
        "kamkit segment": [_without_data(segment.stdout + segment.stderr, market)],
    }
    assert "pode ser usado" in texts["kamkit validate"][0]
    assert english_in(texts) == []


# --------------------------------------------------------------------------------------------
# the test finds what it is meant to find


def test_the_english_side_of_the_catalogue_is_searched():
    phrases = english_phrases()
    assert len(phrases) > 100
    # a label, a widget's words and a chart's axis, as whole phrases
    assert "revenue" in phrases and "regular buyer" in phrases
    assert "buying accounts" in phrases
    assert "crm x kam" not in phrases  # codes and a letter: the same in both languages
    assert "regular" not in phrases  # a Portuguese word too: says nothing about the language
    assert "comprador regular" not in phrases


@pytest.mark.parametrize(
    "planted, phrase",
    [
        ("De 9 contas, 2 compram; o revenue da janela subiu.", "revenue"),
        ("Placar dos territórios · Regular buyer", "regular buyer"),
        (
            "<p class='kamkit-headline'><b>3 contas; share of potential captured</b></p>",
            "share of potential captured",
        ),
    ],
)
def test_a_planted_english_word_fails(planted, phrase):
    texts = {"planted": html_text(planted) if planted.startswith("<") else [planted]}
    found = english_in(texts)
    assert len(found) == 1 and repr(phrase).lower() in found[0].lower(), found


def test_a_chart_with_an_english_title_fails(market):
    import matplotlib

    matplotlib.use("Agg")
    from kamkit.charts import plots

    ax = plots.plot_stage_funnel(market)
    assert english_in({"funnel": _axes_text(ax)}) == []
    ax.set_title(kk.label("heading.funnel", "en"))  # the English title, planted
    found = english_in({"funnel": _axes_text(ax)})
    assert found and "heading.funnel" in " ".join(found)


def test_codes_and_portuguese_are_not_english():
    texts = {
        "codes": ["potential_captured_change", "share_of_wallet", "kk.coverage"],
        "pt": ["participação no potencial", "comprador regular", "R$ 1,2 mi", "3º tri/2026"],
    }
    assert english_in(texts) == []


def test_the_same_renderings_in_english_are_caught():
    from kamkit.outputs import widgets

    english = kk.load_sample().with_parameters(language="en")
    snap = widgets.territory_picker(english, view="scorecard", interactive=False)
    found = english_in({"scorecard widget": html_text(snap.to_html(picture=False))})
    assert len(found) >= 5, found
    card = kk.labels(kk.scorecard(english), "en")
    assert len(english_in({"scorecard": table_text(card)})) >= 10
