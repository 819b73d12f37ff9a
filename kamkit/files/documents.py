"""Where a writer of printed documents (the visit cards, the plan documents) writes.

Every such writer starts with the same checks: it was given a market, a language it speaks,
and a folder (not a file) to write in. The sentences are the writer's own in the catalogue.
"""

from __future__ import annotations

import os
from pathlib import Path

from kamkit.core.errors import KamkitError

__all__ = ["document_folder"]


def document_folder(
    market, out_dir: str | os.PathLike, language: str | None, errors: str
) -> tuple[str, Path]:
    """``(language, folder)`` for a writer of documents, checked.

    ``market`` must be a Market (else the catalogue's ``<errors>.not_market``, with ``{kind}``);
    ``language`` defaults to the market's ``language`` parameter; ``out_dir`` may be missing
    (the writer creates it) but not a file (else ``<errors>.out_is_file``, with ``{out}``).
    ``errors`` is the writer's key prefix: ``cards.error``, ``plans.error``.
    """
    from kamkit.model.market import Market
    from kamkit.presentation.catalogue import text
    from kamkit.presentation.i18n import check_language

    if not isinstance(market, Market):
        raise KamkitError(text(f"{errors}.not_market").format(kind=type(market).__name__))
    language = check_language(language or market.parameters.language)
    folder = Path(out_dir)
    if folder.exists() and not folder.is_dir():
        raise KamkitError(text(f"{errors}.out_is_file").format(out=folder))
    return language, folder
