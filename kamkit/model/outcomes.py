"""What an interaction's outcome says: the outcomes that are a step back.

The visit log's ``outcome`` is free text ("orçamento enviado", "sem interesse no momento").
The pursuit score counts an interaction as a *step* unless its outcome is negative; the
loaders' fast path counts steps with the same rule in SQL (:func:`step_sql`).
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # numpy and pandas load when outcomes are read, not for the SQL rule
    import numpy as np

__all__ = ["NEGATIVE_OUTCOMES", "negative_outcome", "step_sql"]

#: Outcomes that are a step back, folded (lower case, no accents); matched as whole words
#: anywhere in the outcome ("sem interesse no momento" is negative).
NEGATIVE_OUTCOMES = (
    "sem interesse",
    "nao tem interesse",
    "nao atendeu",
    "recusou",
    "recusado",
    "perdido",
    "perdida",
    "desistiu",
    "cancelou",
    "no interest",
    "not interested",
    "did not answer",
    "no answer",
    "declined",
    "refused",
    "lost",
    "cancelled",
    "canceled",
)


def _fold(text: str) -> str:
    """Lower case, no accents, single spaces."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(plain.lower().split())


_NEGATIVE = re.compile(r"\b(?:" + "|".join(re.escape(p) for p in NEGATIVE_OUTCOMES) + r")\b")


def step_sql(outcome: str | None) -> str:
    """The SQL test that an interaction is a *step* (its outcome, the SQL expression
    ``outcome``, is blank or not negative): :func:`negative_outcome` for the engine, folded
    the same way (lower case, no accents, single spaces). Without an outcome column every
    interaction is a step."""
    if outcome is None:
        return "true"
    pattern = _NEGATIVE.pattern.replace("'", "''")
    folded = f"regexp_replace(strip_accents(lower({outcome})), '\\s+', ' ', 'g')"
    return f"({outcome} IS NULL OR NOT regexp_matches({folded}, '{pattern}'))"


def negative_outcome(outcomes) -> np.ndarray:
    """True where an interaction's outcome is negative (``NEGATIVE_OUTCOMES``, see the module
    docstring); a blank outcome is not negative.

    >>> negative_outcome(["Sem interesse no momento", "orçamento enviado", None])
    array([ True, False, False])
    """
    import numpy as np

    if isinstance(outcomes, (list, tuple)) and len(outcomes) <= _FEW:  # e.g. distinct ones
        return np.array([_negative(v) for v in outcomes], dtype=bool)
    import pandas as pd

    codes, uniques = pd.factorize(pd.Series(outcomes, dtype=object), use_na_sentinel=True)
    flags = np.array([_negative(v) for v in uniques] + [False], dtype=bool)
    return flags[codes]  # code -1 (a blank cell) reads the last slot: not negative


#: A list of at most this many outcomes is read one by one; a longer one once per distinct.
_FEW = 256


def _negative(value) -> bool:
    return isinstance(value, str) and bool(_NEGATIVE.search(_fold(value)))
