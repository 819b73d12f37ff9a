"""Errors for people: each says what is wrong, where, and how to fix it."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["KamkitError", "DataError", "Problem"]


class KamkitError(Exception):
    """An error caused by input or a setting; its message is a sentence for the user.

    The command line prints the message alone (no traceback) and exits with status 2.
    """


@dataclass(frozen=True)
class Problem:
    """One problem found in the user's data.

    ``where`` names the place as the user sees it: file, sheet, row (the number Excel or a text
    editor shows), column. ``severity`` is ``"error"`` (the data cannot be used) or
    ``"warning"`` (usable, but worth a look).
    """

    message: str
    fix: str = ""
    file: str = ""
    sheet: str = ""
    row: int | None = None
    column: str = ""
    severity: str = "error"

    @property
    def where(self) -> str:
        parts = []
        if self.file:
            parts.append(self.file)
        if self.sheet:
            parts.append(f"sheet {self.sheet!r}")
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"column {self.column!r}")
        return ", ".join(parts)

    def __str__(self) -> str:
        text = f"{self.where}: {self.message}" if self.where else self.message
        if self.fix:
            text += f" {self.fix}"
        return text


class DataError(KamkitError):
    """The data cannot be used; ``problems`` lists every problem found, not only the first."""

    def __init__(self, problems: list[Problem], source: str = ""):
        self.problems = list(problems)
        self.source = source
        errors = [p for p in self.problems if p.severity == "error"]
        head = f"{len(errors)} problem(s) stop kamkit from using {source or 'the data'}:"
        lines = [head] + [f"- {p}" for p in errors[:20]]
        if len(errors) > 20:
            lines.append(f"- ... and {len(errors) - 20} more; run `kamkit validate` to see them all.")
        super().__init__("\n".join(lines))
