"""File names from names people chose (territories): safe, stable and unique.

One rule for every file kamkit names after a territory (reports, visit cards): accents and
case are folded for a readable name, and when that folding makes two names meet (``Sul`` and
``SUL``, ``São`` and ``Sao``) each gets a short fingerprint of its exact name, so no file ever
overwrites another.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from kamkit.core.errors import KamkitError, Text

__all__ = ["report_names", "sheet_names"]

_RESERVED = {
    "con",
    "prn",
    "aux",
    "nul",
    *(f"com{i}" for i in range(10)),
    *(f"lpt{i}" for i in range(10)),
}
_MAX_NAME = 60


def _slug(name: str) -> str:
    text = unicodedata.normalize("NFKD", str(name)).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def report_names(territories) -> dict[str, str]:
    """A safe, stable and unique file name (without extension) for each territory.

    Letters are stripped of accents and lower-cased, anything else becomes ``-``
    (``"São Paulo Capital"`` -> ``"sao-paulo-capital"``), so a name can never hold a path
    separator or ``..``. When that loses information -- two territories would get the same
    name, the name is empty, too long or reserved on Windows -- a short fingerprint of the
    exact territory name is appended (``"sao-paulo-1f3a9c2e"``). Pass *all* the market's
    territories so a territory keeps its file name whichever subset is run.

    >>> report_names(["Sul", "São Paulo", "../x", "<script>"])
    {'Sul': 'sul', 'São Paulo': 'sao-paulo', '../x': 'x', '<script>': 'script'}
    """
    territories = list(dict.fromkeys(territories))
    slugs = {t: _slug(t) for t in territories}
    seen: dict[str, int] = {}
    for s in slugs.values():
        seen[s] = seen.get(s, 0) + 1
    names = {}
    for t, s in slugs.items():
        if not s or seen[s] > 1 or len(s) > _MAX_NAME or s in _RESERVED:
            digest = hashlib.sha1(str(t).encode("utf-8")).hexdigest()[:8]
            s = f"{s[:_MAX_NAME].strip('-') or 'territory'}-{digest}"
        names[t] = s
    if len(set(names.values())) != len(names):  # pragma: no cover - needs a SHA-1 collision
        raise KamkitError(
            Text(
                "Two territories got the same file name; rename one of them.",
                "Dois territórios ficaram com o mesmo nome de arquivo; renomeie um deles.",
            )
        )
    return names


_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\\x00-\x1f]")


def sheet_names(names, reserved=()) -> dict[str, str]:
    """A valid, unique Excel sheet name for each name (at most 31 characters, no ``[]:*?/\\``).

    Names already valid are kept as they are; ``reserved`` names (compared without case, as
    Excel does) are avoided. Clashes get a numbered suffix: ``"Sul (2)"``.
    """
    taken = {r.casefold() for r in reserved} | {"history"}
    out: dict[str, str] = {}
    for name in dict.fromkeys(names):
        base = _BAD_SHEET_CHARS.sub("-", str(name)).strip().strip("'").strip() or "-"
        base = base[:31]
        candidate, k = base, 2
        while candidate.casefold() in taken:
            suffix = f" ({k})"
            candidate = base[: 31 - len(suffix)] + suffix
            k += 1
        taken.add(candidate.casefold())
        out[name] = candidate
    return out
