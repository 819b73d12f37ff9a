"""HTML comes from Jinja2 templates with autoescape, never from string building.

(a) An AST scan of the whole package fails on an f-string, a ``+`` or ``%`` between strings, or
a ``.format`` whose literal text holds an HTML tag; (b) hostile names from the data come out
escaped in the visit cards, the handout and the course site; (c) autoescape is on for every
template and cannot be switched off from a template.
"""

from __future__ import annotations

import ast
import html
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from pages import Page

PACKAGE = Path(__file__).resolve().parents[1] / "kamkit"

# -- (a) no string building of HTML -------------------------------------------------------------

#: The elements of HTML and inline SVG. A literal holding one of them, or ``<!DOCTYPE``/``<!--``,
#: is HTML; other text in angle brackets is not (a repr's ``<ExerciseSet ...>``, a regular
#: expression's ``(?<!``, an XML part's ``<dc:title>``, a code name ``'<kamkit warm-up>'``).
HTML_ELEMENTS = """
a abbr address area article aside audio b base bdi bdo blockquote body br button canvas caption
cite code col colgroup data datalist dd del details dfn dialog div dl dt em embed fieldset
figcaption figure footer form h1 h2 h3 h4 h5 h6 head header hgroup hr html i iframe img input
ins kbd label legend li link main map mark menu meta meter nav noscript object ol optgroup
option output p param picture pre progress q rp rt ruby s samp script section select slot
small source span strong style sub summary sup table tbody td template textarea tfoot th thead
time title tr track u ul var video wbr svg g rect line polyline polygon circle ellipse path
text tspan defs use image clippath lineargradient stop
""".split()
TAG = re.compile(
    r"<(?:!doctype|!--|/?(?:" + "|".join(HTML_ELEMENTS) + r")(?=[\s>/]|$))", re.IGNORECASE
)


def _literals(node: ast.AST):
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        yield node.value
    elif isinstance(node, ast.JoinedStr):
        for part in node.values:
            if isinstance(part, ast.Constant) and isinstance(part.value, str):
                yield part.value


def _has_tag(node: ast.AST) -> bool:
    return any(TAG.search(text) for text in _literals(node))


def html_building(source: str) -> list[tuple[int, str]]:
    """(line, how) of every place ``source`` builds HTML from strings."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.JoinedStr) and _has_tag(node):
            found.append((node.lineno, "f-string"))
        elif isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Mod)):
            if _has_tag(node.left) or _has_tag(node.right):
                how = "string concatenation" if isinstance(node.op, ast.Add) else "% formatting"
                found.append((node.lineno, how))
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "format"
            and _has_tag(node.func.value)
        ):
            found.append((node.lineno, ".format"))
    return sorted(set(found))


def test_the_scan_finds_each_way_of_building_html():
    planted = """
a = f"<p>{name}</p>"
b = "<td>" + name
c = "<b>{}</b>".format(name)
d = "<svg width='%d'>" % 3
e = f"<!DOCTYPE html><title>{t}</title>"
ok1 = f"<ExerciseSet {name}>"
ok2 = rf"(?<![\\w-]){name}"
ok3 = f"<dc:title>{name}</dc:title>"
ok4 = "<p>a constant is a template's business, not string building</p>"
ok5 = "x" + name
"""
    assert [line for line, _ in html_building(planted)] == [2, 3, 4, 5, 6]
    assert {how for _, how in html_building(planted)} == {
        "f-string",
        "string concatenation",
        ".format",
        "% formatting",
    }


def test_no_module_builds_html_from_strings():
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        name = path.relative_to(PACKAGE.parent).as_posix()
        for line, how in html_building(path.read_text(encoding="utf-8")):
            found.append(f"{name}:{line}: HTML built by {how}")
    assert not found, "HTML built from strings (use kamkit.presentation.html.render):\n" + (
        "\n".join(found)
    )


# -- (b) hostile names are escaped --------------------------------------------------------------

IMG = "<img src=x onerror=alert(1)>"
BREAK = '"><script>alert(1)</script>'
JS = "javascript:alert(1)"


def _check_page(document: str, hostile: list[str]) -> None:
    page = Page(document)
    for tag, attrs in page.tags:
        assert tag != "script", document
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, attrs)
            if name in ("href", "src"):
                assert not (value or "").strip().lower().startswith("javascript:"), (tag, attrs)
        if tag == "img":
            assert attrs["src"].startswith("data:image/png;base64,"), attrs
    text = "".join(page.text)
    for value in hostile:  # shown as the text it is, escaped in the source
        assert value in text
        assert html.escape(value) in document
    assert "<script" not in document.lower() and "<img src=x" not in document


def _hostile_market():
    from kamkit.model.market import Market

    accounts = pd.DataFrame(
        {
            "account_id": ["A1", BREAK, "A3", "A4"],
            "name": [IMG, "Plain", JS, IMG],  # A4, never bought: on the pursuit list
            "territory": [BREAK, BREAK, "Sul", BREAK],
            "salesperson": [JS, IMG, "Ana", "Ana"],
            "segment": [IMG, "X", "X", "X"],
            "potential": [1000.0, 900.0, np.nan, 5000.0],
            "city": [IMG, None, None, None],
            "state": [BREAK, None, None, None],
        }
    )
    sales = pd.DataFrame(
        [
            ("A1", "2026-01-10", 200.0, IMG),
            ("A1", "2026-03-10", 300.0, JS),
            (BREAK, "2026-08-05", 100.0, BREAK),
            ("A3", "2026-05-05", 50.0, "P"),
        ],
        columns=["account_id", "date", "amount", "product"],
    )
    visits = pd.DataFrame(
        [
            ("A1", "2026-05-01", IMG, JS, BREAK, IMG),
            (BREAK, "2026-09-01", "call", "Ana", JS, BREAK),
        ],
        columns=["account_id", "date", "kind", "salesperson", "outcome", "notes"],
    )
    return Market.from_frames(
        sales=sales,
        accounts=accounts,
        visits=visits,
        source=f"{BREAK}.xlsx",
        parameters={"as_of": "2026-09-30", "regular_min_months": 2},
    )


@pytest.fixture(scope="module")
def hostile():
    return _hostile_market()


@pytest.mark.parametrize("language", ["en", "pt-BR"])
def test_hostile_names_are_escaped_in_the_cards(hostile, tmp_path, language):
    from kamkit.outputs.cards import write_cards

    html_path, _ = write_cards(hostile, tmp_path, language=language)
    document = html_path.read_text(encoding="utf-8")
    _check_page(document, [IMG, BREAK, JS])
    assert f'data-account="{html.escape(BREAK)}"' in document


@pytest.mark.parametrize("language", ["en", "pt-BR"])
def test_hostile_names_are_escaped_in_the_handout(hostile, language):
    from kamkit.course.handout import handout_html

    whole = handout_html(hostile, language=language)
    _check_page(whole, [BREAK, f"{BREAK}.xlsx", IMG])  # a territory, the source, a name
    one = handout_html(hostile, territory=BREAK, language=language)
    _check_page(one, [BREAK, IMG])
    assert f"<title>{html.escape(BREAK)}" not in one  # the title is the handout's, then the scope


def test_hostile_names_are_escaped_in_the_course_site(tmp_path):
    from kamkit.course.site import build_site

    kit = tmp_path / "kit"
    kit.mkdir()
    (kit / "agenda.md").write_text(
        f"# {IMG} {BREAK}\n\nA [link]({JS}) and {BREAK} <b>raw</b>.\n", encoding="utf-8"
    )
    (tmp_path / "notebooks").mkdir()
    index = build_site(tmp_path / "site", notebooks=tmp_path / "notebooks", handout=False, kit=kit)
    document = index.read_text(encoding="utf-8")
    _check_page(document, [f"{IMG} {BREAK}"])  # the kit document's title, in the index
    page = (tmp_path / "site" / "facilitator" / "agenda.html").read_text(encoding="utf-8")
    _check_page(page, [f"{IMG} {BREAK}"])
    assert "&lt;b&gt;raw&lt;/b&gt;" in page  # raw HTML in the kit's Markdown is text


def test_a_lesson_page_keeps_its_own_html_and_gets_an_escaped_bar():
    from kamkit.course import site

    page = "<html><head><title>t</title></head><body class='x'><p>lesson</p></body></html>"
    dressed = site._dress(page, "en", other=BREAK)
    assert '<nav class="kamkit-nav"><a href="../index.html">' in dressed
    assert f'href="{html.escape(BREAK)}"' in dressed and "<script" not in dressed
    assert dressed.index("<style>") < dressed.index("</head>") < dressed.index("<nav")


def test_hostile_text_is_escaped_in_the_exercises_feedback():
    from kamkit.exercises.core import Feedback, markdown_html

    box = Feedback("incorrect", f"**{IMG}** and `{BREAK}`", question=JS, code=BREAK)._repr_html_()
    _check_page(box, [IMG, BREAK, JS])
    assert f"<strong>{html.escape(IMG)}</strong>" in box
    assert f"<code>{html.escape(BREAK)}</code>" in box  # the inline code and the code block
    assert box.count(html.escape(BREAK)) == 2
    # the little Markdown nests as before: bold around code, italics, a list
    assert markdown_html("**a `b` c** and *d*\n\n- e") == (
        "<p style='margin:4px 0'><strong>a <code>b</code> c</strong> and <em>d</em></p>"
        "<ul style='margin:4px 0'><li>e</li></ul>"
    )
    assert markdown_html("\ue003 `x` \ue002") == "<p style='margin:4px 0'> <code>x</code> </p>"


# -- (c) autoescape cannot be switched off -----------------------------------------------------


def _templates() -> list[Path]:
    from kamkit.presentation.html import TEMPLATES

    return sorted(TEMPLATES.glob("*.j2"))


def test_autoescape_is_on_for_every_template_name():
    from kamkit.presentation.html import environment, render_string

    env = environment()
    names = [p.name for p in _templates()] + ["x.txt", "x.svg", "x", None]
    if callable(env.autoescape):
        assert all(env.autoescape(name) for name in names)
    else:
        assert env.autoescape is True
    assert render_string("{{ x }}", x=BREAK) == html.escape(BREAK)
    assert render_string("<a title='{{ x }}'>", x="'") == "<a title='&#x27;'>"


def test_no_template_switches_escaping_off_and_every_safe_says_why():
    assert len(_templates()) >= 10  # cards, handout, site, exercises
    for path in _templates():
        source = path.read_text(encoding="utf-8")
        assert not re.search(r"{%-?\s*autoescape", source), path.name
        assert "|e(" not in source and "markup(" not in source.lower(), path.name
        lines = source.splitlines()
        for k, line in enumerate(lines):
            if re.search(r"\|\s*safe\b", line):
                before = "\n".join(lines[max(0, k - 6) : k + 1])
                assert re.search(r"{#.*(escape|safe|built)", before, re.S), (path.name, k + 1)


def test_a_template_cannot_switch_autoescape_off():
    """Even a template that asks (``{% autoescape false %}``) gets values escaped by the
    environment's finalize step."""
    from kamkit.presentation.html import render_string

    out = render_string("{% autoescape false %}{{ x }}{% endautoescape %}", x=IMG)
    assert out == html.escape(IMG)


def test_kamkit_makes_no_other_jinja_environment():
    for path in sorted(PACKAGE.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        if "Environment(" in source:
            assert path.name == "html.py" and path.parent.name == "presentation", path
        assert "autoescape=False" not in source.replace(" ", ""), path
