"""An HTML page as the tests read it: its tags (with their attributes) and its text."""

from __future__ import annotations

from html.parser import HTMLParser


class Page(HTMLParser):
    """``tags``: (tag, attributes) in document order; ``text``: the text pieces, in order."""

    def __init__(self, document: str = ""):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self.feed(document)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)
