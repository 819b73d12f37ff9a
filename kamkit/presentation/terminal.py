"""Text for a terminal: what kamkit prints is shown, never obeyed.

Names and values from the data reach the terminal in messages (a territory, a file name, a
cell). :func:`clean` shows their control characters and escapes as text (``\\x1b``), so a
territory named ``"\\x1b[31mSul"`` cannot colour, move or hide what the terminal shows.
"""

from __future__ import annotations

import re

__all__ = ["clean"]

# C0 controls but newline and tab, DEL, C1 controls, and the bidirectional overrides that can
# make a terminal show text in another order than it is
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def clean(text) -> str:
    """``text`` safe for a terminal: control characters and escapes shown as ``\\x1b``.

    >>> clean("\\x1b[31mSul\\x07")
    '\\\\x1b[31mSul\\\\x07'
    """

    def escape(match: re.Match) -> str:
        code = ord(match.group())
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"

    return _CONTROLS.sub(escape, str(text))
