"""HTML from Jinja2 templates with autoescape: the only way kamkit writes a page.

Templates live in ``templates/`` beside this module (``*.html.j2``). Every value is escaped
unless a template marks it safe on purpose (``|safe`` only for markup kamkit made itself, such
as an inline SVG or a chart's data URI). Build pages with :func:`render`; never with f-strings.

>>> render_string("<p>{{ name }}</p>", name="<script>")
'<p>&lt;script&gt;</p>'
"""

from __future__ import annotations

import functools
from pathlib import Path

__all__ = ["TEMPLATES", "environment", "render", "render_string"]

#: The folder of the templates.
TEMPLATES = Path(__file__).resolve().parent / "templates"


def _escaper():
    """A value as a page shows it: escaped as Python's ``html.escape`` does (``&quot;``,
    ``&#x27;``), so pages read the same as before the templates; markup already made safe
    (``|safe``, a macro's output) passes as it is."""
    from html import escape

    from markupsafe import Markup

    def finalize(value):
        if hasattr(value, "__html__"):
            return value
        return Markup(escape(str(value), quote=True))

    return finalize


@functools.cache
def environment():
    """The Jinja2 environment: autoescape on for every template, undefined names are errors."""
    import jinja2

    return jinja2.Environment(
        finalize=_escaper(),
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render(name: str, /, **context) -> str:
    """The template ``templates/<name>`` filled with ``context``, escaped."""
    return environment().get_template(name).render(**context)


def render_string(source: str, /, **context) -> str:
    """A template given as a string (for small fragments), escaped like the files."""
    return environment().from_string(source).render(**context)
